// PyTorch's print(t), character for character (torch/_tensor_str.py):
// the formatter picks integer, fixed (4 decimals) or scientific mode from the
// nonzero finite values; vectors wrap at 80 columns; tensors of more than
// 1000 elements are summarised with "..." (3 items at each edge).
import { bool, defaultFloat, int64, intText } from "./dtype.js";
import type { Tensor } from "./tensor.js";

export const printOptions = { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sci_mode: null as boolean | null };

export function set_printoptions(opts: Partial<typeof printOptions> & { profile?: "default" | "short" | "full" }): void {
  if (opts.profile === "default") Object.assign(printOptions, { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 });
  if (opts.profile === "short") Object.assign(printOptions, { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 });
  if (opts.profile === "full") Object.assign(printOptions, { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 });
  for (const k of ["precision", "threshold", "edgeitems", "linewidth", "sci_mode"] as const) {
    if (opts[k] !== undefined) (printOptions as Record<string, unknown>)[k] = opts[k];
  }
}

/**
 * Python's '{:.Nf}'.format(x): the exact binary value rounded half to even.
 * JS's toFixed rounds exact ties away from zero; a tie is exactly
 * representable, so it shows as a 5 in place N+1 of toFixed(N+1) with nothing after.
 */
export function pyFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  let s = Math.abs(x) < 1e21 ? x.toFixed(digits) : bigFixed(x, digits);
  if (Math.abs(x) < 1e21) {
    const longer = x.toFixed(digits + 1);
    if (longer.endsWith("5") && Number(longer) === x) {
      // Exact tie: round half to even on the last kept digit.
      const kept = longer.slice(0, -1);
      const lastDigit = Number(kept.replace(/\.$/, "").slice(-1));
      if (lastDigit % 2 === 0) s = kept.replace(/\.$/, "");
    }
  }
  if (Object.is(x, -0) || (x < 0 && !s.startsWith("-"))) s = "-" + s;
  return s;
}

function bigFixed(x: number, digits: number): string {
  const int = BigInt(x).toString();
  return digits > 0 ? `${int}.${"0".repeat(digits)}` : int;
}

/** Python's '{:.Ne}'.format(x): mantissa rounded half to even on exact ties, exponent of at least two digits. */
export function pyExp(x: number, digits: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  let s = x.toExponential(digits);
  const longer = x.toExponential(digits + 1);
  const [lm, le] = longer.split("e");
  if (lm.endsWith("5") && Number(longer) === x) {
    const keptMantissa = lm.slice(0, -1).replace(/\.$/, "");
    const last = Number(keptMantissa.slice(-1));
    if (last % 2 === 0) s = `${keptMantissa}e${le}`;
  }
  const [m, e] = s.split("e");
  const exp = Number(e);
  const sign = exp < 0 ? "-" : "+";
  const mag = String(Math.abs(exp)).padStart(2, "0");
  return `${Object.is(x, -0) ? "-" : ""}${m}e${sign}${mag}`;
}

class Formatter {
  floating: boolean;
  intMode = true;
  sciMode = false;
  maxWidth = 1;

  constructor(values: ArrayLike<number>, floating: boolean, isBool: boolean) {
    this.floating = floating;
    const p = printOptions.precision;
    if (!floating) {
      for (let i = 0; i < values.length; i++) this.maxWidth = Math.max(this.maxWidth, elementText(values[i], isBool).length);
      return;
    }
    const nz: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (Number.isFinite(v) && v !== 0) nz.push(v);
    }
    if (nz.length === 0) return;
    let min = Infinity, max = 0;
    for (const v of nz) {
      const a = Math.abs(v);
      if (a < min) min = a;
      if (a > max) max = a;
    }
    for (const v of nz) {
      if (v !== Math.ceil(v)) {
        this.intMode = false;
        break;
      }
    }
    if (this.intMode) {
      if (max / min > 1000 || max > 1e8) {
        this.sciMode = true;
        for (const v of nz) this.maxWidth = Math.max(this.maxWidth, pyExp(v, p).length);
      } else {
        for (const v of nz) this.maxWidth = Math.max(this.maxWidth, pyFixed(v, 0).length + 1);
      }
    } else if (max / min > 1000 || max > 1e8 || min < 1e-4) {
      this.sciMode = true;
      for (const v of nz) this.maxWidth = Math.max(this.maxWidth, pyExp(v, p).length);
    } else {
      for (const v of nz) this.maxWidth = Math.max(this.maxWidth, pyFixed(v, p).length);
    }
    if (printOptions.sci_mode !== null) this.sciMode = printOptions.sci_mode;
  }

  format(v: number, isBool: boolean): string {
    let s: string;
    if (this.floating) {
      if (this.sciMode) s = pyExp(v, printOptions.precision);
      else if (this.intMode) {
        s = pyFixed(v, 0);
        if (Number.isFinite(v)) s += ".";
      } else s = pyFixed(v, printOptions.precision);
    } else s = elementText(v, isBool);
    return s.padStart(this.maxWidth, " ");
  }
}

function elementText(v: number, isBool: boolean): string {
  return isBool ? (v ? "True" : "False") : intText(v);
}

/** The values the formatter sees: all of them, or the edges when summarising. */
function summarized(data: ArrayLike<number>, shape: readonly number[], summarize: boolean): number[] {
  const e = printOptions.edgeitems;
  const out: number[] = [];
  const walk = (d: number, base: number, stride: number[]) => {
    if (d === shape.length) {
      out.push(data[base]);
      return;
    }
    const n = shape[d];
    const idx = summarize && n > 2 * e ? [...Array(e).keys(), ...Array.from({ length: e }, (_, i) => n - e + i)] : [...Array(n).keys()];
    for (const i of idx) walk(d + 1, base + i * stride[d], stride);
  };
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  walk(0, 0, strides);
  return out;
}

function tensorBody(data: ArrayLike<number>, shape: readonly number[], fmt: Formatter, isBool: boolean, summarize: boolean, indent: number): string {
  const e = printOptions.edgeitems;
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const rec = (d: number, base: number, ind: number): string => {
    const n = shape[d];
    if (d === shape.length - 1) {
      const elementLength = fmt.maxWidth + 2;
      const perLine = Math.max(1, Math.floor((printOptions.linewidth - ind) / elementLength));
      const items: string[] = [];
      if (summarize && n > 2 * e) {
        for (let i = 0; i < e; i++) items.push(fmt.format(data[base + i], isBool));
        items.push(" ...");
        for (let i = n - e; i < n; i++) items.push(fmt.format(data[base + i], isBool));
      } else for (let i = 0; i < n; i++) items.push(fmt.format(data[base + i], isBool));
      const lines: string[] = [];
      for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(", "));
      return "[" + lines.join(",\n" + " ".repeat(ind + 1)) + "]";
    }
    const parts: string[] = [];
    const dimsLeft = shape.length - d;
    if (summarize && n > 2 * e) {
      for (let i = 0; i < e; i++) parts.push(rec(d + 1, base + i * strides[d], ind + 1));
      parts.push("...");
      for (let i = n - e; i < n; i++) parts.push(rec(d + 1, base + i * strides[d], ind + 1));
    } else for (let i = 0; i < n; i++) parts.push(rec(d + 1, base + i * strides[d], ind + 1));
    return "[" + parts.join("," + "\n".repeat(dimsLeft - 1) + " ".repeat(ind + 1)) + "]";
  };
  return rec(0, 0, indent);
}

/** The text between "tensor(" and the suffixes. */
export function tensorText(t: Tensor, indent: number): string {
  const data = t._contiguousData();
  const shape = t.shape;
  const isBool = t.dtype === bool;
  if (data.length === 0) return "[]";
  const summarize = data.length > printOptions.threshold;
  const values = summarize ? summarized(data, shape, true) : data;
  const fmt = new Formatter(values, t.dtype.is_floating_point, isBool);
  if (shape.length === 0) return fmt.format(data[0], isBool);
  return tensorBody(data, shape, fmt, isBool, summarize, indent);
}

function addSuffixes(text: string, suffixes: string[], indent: number): string {
  const parts = [text];
  let lastLineLen = text.length - text.lastIndexOf("\n") + 1;
  for (const s of suffixes) {
    if (lastLineLen + s.length + 2 > printOptions.linewidth) {
      parts.push(",\n" + " ".repeat(indent) + s);
      lastLineLen = indent + s.length;
    } else {
      parts.push(", " + s);
      lastLineLen += s.length + 2;
    }
  }
  parts.push(")");
  return parts.join("");
}

/** A node's name as PyTorch prints it: C++ nodes ("torch::autograd::CopyBackwards") lose the namespace. */
export function shortName(name: string): string {
  const i = name.lastIndexOf("::");
  return i < 0 ? name : name.slice(i + 2);
}

export function formatTensor(t: Tensor): string {
  const prefix = "tensor(";
  const indent = prefix.length;
  const suffixes: string[] = [];
  const defaultDtype = t.dtype === defaultFloat || t.dtype === int64 || t.dtype === bool;
  let body: string;
  if (t.numel() === 0) {
    if (t.dim() !== 1) suffixes.push(`size=(${t.shape.join(", ")}${t.dim() === 1 ? "," : ""})`);
    if (t.dtype !== defaultFloat) suffixes.push(`dtype=${t.dtype}`);
    body = "[]";
  } else {
    if (!defaultDtype) suffixes.push(`dtype=${t.dtype}`);
    body = tensorText(t, indent);
  }
  if (t.grad_fn !== null) suffixes.push(`grad_fn=<${shortName(t.grad_fn.name())}>`);
  else if (t.requires_grad) suffixes.push("requires_grad=True");
  return addSuffixes(prefix + body, suffixes, indent);
}

/** Python's repr of a float: "0.1", "1e-05", "1.0". */
export function pyFloat(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.0`;
  const [mantissa, expText] = v.toExponential().split("e");
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) return `${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return String(v);
}
