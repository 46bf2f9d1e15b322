// torch.nn.Module. Parameters and submodules are the module's own properties,
// found in assignment order (PyTorch's registration order); buffers are
// registered with register_buffer. Printing follows Module.__repr__.
import { no_grad } from "../autograd/grad_mode.js";
import { dtypeFromName, float32, float64, type DType } from "../dtype.js";
import { NotImplementedError, RuntimeError } from "../errors.js";
import { Tensor } from "../tensor.js";
import { Parameter } from "./parameter.js";

export type StateDict = Record<string, Tensor>;

/** Python's repr of a float: "0.1", "1e-05", "1.0". */
export function pyFloat(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.0`;
  const [mantissa, expText] = v.toExponential().split("e");
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) return `${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return String(v);
}

function addIndent(s: string, spaces: number): string {
  const lines = s.split("\n");
  if (lines.length === 1) return s;
  return [lines[0], ...lines.slice(1).map((l) => " ".repeat(spaces) + l)].join("\n");
}

export class Module {
  /** Train or eval mode (train() / eval()). */
  training = true;
  private readonly _buffers = new Map<string, Tensor | null>();
  private readonly _nonPersistent = new Set<string>();

  /** Subclasses compute their output here; call module.forward(x). */
  forward(..._args: any[]): any {
    throw new NotImplementedError(`Module [${this.constructor.name}] is missing the required "forward" function`);
  }

  /** Registers a tensor that is state but not a parameter (running statistics), saved in state_dict. */
  register_buffer(name: string, tensor: Tensor | null, persistent = true): void {
    this._buffers.set(name, tensor);
    if (!persistent) this._nonPersistent.add(name);
    Object.defineProperty(this, name, {
      get: () => this._buffers.get(name) ?? null,
      set: (v: Tensor | null) => this._buffers.set(name, v),
      enumerable: false,
      configurable: true,
    });
  }

  register_parameter(name: string, param: Parameter | null): void {
    (this as unknown as Record<string, unknown>)[name] = param;
  }

  add_module(name: string, module: Module | null): void {
    (this as unknown as Record<string, unknown>)[name] = module;
  }

  /** This module's own parameters, in assignment order. */
  private ownParameters(): [string, Parameter][] {
    return Object.entries(this).filter((e): e is [string, Parameter] => e[1] instanceof Parameter);
  }

  named_children(): [string, Module][] {
    return Object.entries(this).filter((e): e is [string, Module] => e[1] instanceof Module);
  }
  children(): Module[] {
    return this.named_children().map((e) => e[1]);
  }

  named_modules(prefix = ""): [string, Module][] {
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, child] of this.named_children()) out.push(...child.named_modules(prefix ? `${prefix}.${name}` : name));
    return out;
  }
  modules(): Module[] {
    return this.named_modules().map((e) => e[1]);
  }

  named_parameters(prefix = "", recurse = true): [string, Parameter][] {
    const seen = new Set<Parameter>();
    const out: [string, Parameter][] = [];
    for (const [mprefix, m] of recurse ? this.named_modules(prefix) : [[prefix, this] as [string, Module]]) {
      for (const [name, p] of m.ownParameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([mprefix ? `${mprefix}.${name}` : name, p]);
      }
    }
    return out;
  }
  parameters(recurse = true): Parameter[] {
    return this.named_parameters("", recurse).map((e) => e[1]);
  }

  named_buffers(prefix = "", recurse = true): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [mprefix, m] of recurse ? this.named_modules(prefix) : [[prefix, this] as [string, Module]]) {
      for (const [name, b] of m._buffers) if (b !== null) out.push([mprefix ? `${mprefix}.${name}` : name, b]);
    }
    return out;
  }
  buffers(recurse = true): Tensor[] {
    return this.named_buffers("", recurse).map((e) => e[1]);
  }

  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }
  eval(): this {
    return this.train(false);
  }

  /** Clears the gradients of every parameter: to null by default (PyTorch 2), or to zeros. */
  zero_grad(set_to_none = true): void {
    for (const p of this.parameters()) {
      if (p.grad === null) continue;
      if (set_to_none) p.grad = null;
      else no_grad(() => p.grad!.zero_());
    }
  }

  apply(fn: (m: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /** Parameters and persistent buffers by dotted name, detached (sharing storage), as PyTorch's. */
  state_dict(prefix = ""): StateDict {
    const out: StateDict = {};
    for (const [mprefix, m] of this.named_modules(prefix)) {
      const p = mprefix ? `${mprefix}.` : "";
      for (const [name, param] of m.ownParameters()) out[p + name] = param.detach();
      for (const [name, b] of m._buffers) if (b !== null && !m._nonPersistent.has(name)) out[p + name] = b.detach();
    }
    return out;
  }

  /** Copies values in; PyTorch's errors for missing, unexpected and mis-sized keys when strict. */
  load_state_dict(state: StateDict, strict = true): { missing_keys: string[]; unexpected_keys: string[] } {
    const own = this.state_dict();
    const missing = Object.keys(own).filter((k) => !(k in state));
    const unexpected = Object.keys(state).filter((k) => !(k in own));
    const errors: string[] = [];
    for (const [k, t] of Object.entries(own)) {
      const src = state[k];
      if (src === undefined) continue;
      if (src.shape.join() !== t.shape.join()) {
        errors.push(`size mismatch for ${k}: copying a param with shape torch.Size([${src.shape.join(", ")}]) from checkpoint, the shape in current model is torch.Size([${t.shape.join(", ")}]).`);
      }
    }
    if (strict) {
      if (unexpected.length) errors.unshift(`Unexpected key(s) in state_dict: ${unexpected.map((k) => `"${k}"`).join(", ")}. `);
      if (missing.length) errors.unshift(`Missing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(", ")}. `);
    }
    if (errors.length) {
      throw new RuntimeError(`Error(s) in loading state_dict for ${this.constructor.name}:\n\t${errors.join("\n\t")}`);
    }
    no_grad(() => {
      for (const [k, t] of Object.entries(own)) if (state[k] !== undefined) t.copy_(state[k]);
    });
    return { missing_keys: missing, unexpected_keys: unexpected };
  }

  /** Converts floating parameters and buffers to `dtype`, in place (the module is returned). */
  to(dtype: DType | string): this {
    const d = dtypeFromName(dtype);
    for (const m of this.modules()) {
      for (const [name, p] of m.ownParameters()) {
        if (!p.dtype.is_floating_point) continue;
        const np = new Parameter(p.detach().to(d), p.requires_grad);
        (m as unknown as Record<string, unknown>)[name] = np;
      }
      for (const [name, b] of m._buffers) if (b !== null && b.dtype.is_floating_point) m._buffers.set(name, b.to(d));
    }
    return this;
  }
  float(): this {
    return this.to(float32);
  }
  double(): this {
    return this.to(float64);
  }

  /** The text inside the parentheses of this module's line in toString(). */
  extra_repr(): string {
    return "";
  }

  toString(): string {
    const extra = this.extra_repr();
    const extraLines = extra ? extra.split("\n") : [];
    const childLines = this.named_children().map(([k, m]) => `(${k}): ${addIndent(m.toString(), 2)}`);
    const lines = [...extraLines, ...childLines];
    let s = `${this.constructor.name}(`;
    if (lines.length) {
      if (extraLines.length === 1 && childLines.length === 0) s += extraLines[0];
      else s += "\n  " + lines.join("\n  ") + "\n";
    }
    return s + ")";
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
