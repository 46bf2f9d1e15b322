// The standing differential test's runner: random programs generated and run by
// PyTorch (tests/golden/programs.py) replayed here on a device —
// broadcast arithmetic, views and in-place ops on them, indexing, reductions,
// the matmul family, conv/pool, losses and optimizer steps, a fifth of them on
// tensors above the native kernels' size thresholds.
import { expect } from "expect";
import * as torch from "../src/index.js";
import type { Tensor } from "../src/index.js";
import { decode, loadGolden, upstream, type Json } from "./helpers.js";

export const golden = loadGolden("programs.json");

/** The generator's input formula: u_i = ((i * 7919 + seed * 104729) mod 1000) / 1000, exact in float64. */
function input(spec: Json, device: string): Tensor {
  const n = spec.shape.reduce((a: number, b: number) => a * b, 1);
  const raw = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const r = (i * 7919 + spec.seed * 104729) % (spec.kind === "int" ? spec.high : 1000);
    if (spec.kind === "int") raw[i] = r;
    else if (spec.kind === "bool") raw[i] = r % 3 === 0 ? 1 : 0;
    else {
      const u = r / 1000;
      raw[i] = spec.kind === "pos" ? u * 2 + 0.5 : spec.kind === "unit" ? u * 0.9 + 0.05 : u * 4 - 2;
    }
  }
  const dtype = (torch as Json)[spec.dtype];
  const t = (spec.kind === "bool" ? torch.tensor(raw.map((v) => v === 1)).reshape(spec.shape) : torch.tensor(raw, { dtype }).reshape(spec.shape)).to(device);
  if (spec.rg && t.dtype.is_floating_point) t.requires_grad_(true);
  return t;
}

function resolve(a: Json, vs: Json[]): Json {
  if (a !== null && typeof a === "object" && !Array.isArray(a) && "v" in a) return vs[a.v];
  if (Array.isArray(a)) return a.map((x) => resolve(x, vs));
  return a;
}

function spec(s: Json, vs: Json[]): Json {
  if (Array.isArray(s) && s[0] === "slice") return s.slice(1);
  return resolve(s, vs);
}

function withOptions(args: Json[], kw: Record<string, Json>, vs: Json[]): Json[] {
  const a = resolve(args, vs);
  if (Object.keys(kw).length > 0) {
    const o: Record<string, Json> = {};
    for (const [k, v] of Object.entries(kw)) o[k] = resolve(v, vs);
    a.push(o);
  }
  return a;
}

function runStep(step: Json[], vs: Json[], ins: Tensor[]): Json {
  switch (step[0]) {
    case "input":
      return ins[step[1]];
    case "m":
      return vs[step[1]][step[2]](...withOptions(step[3], step[4], vs));
    case "f":
      return (step[1] as string).split(".").reduce((o: Json, k: string) => o[k], torch)(...withOptions(step[2], step[3], vs));
    case "index":
      return vs[step[1]].index(...step[2].map((s: Json) => spec(s, vs)));
    case "setindex":
      return vs[step[1]].index_put_(step[2].map((s: Json) => spec(s, vs)), resolve(step[3], vs));
    case "item":
      return Array.from(vs[step[1]] as Iterable<Tensor>)[step[2]];
    default:
      throw new Error(`unknown step ${step[0]}`);
  }
}

/** Compares t with a recorded summary (all values for small tensors; sum, sum of |x| and samples for large ones). */
/** Tolerances of the comparison: float32's, and a looser pair for a GPU's other summation order. */
export interface Tolerance {
  rtol: number;
  /** Relative to the largest recorded magnitude. */
  atol: number;
}
/** Float32 summed in PyTorch's order (the same OpenBLAS) or in float64. */
const CPU_TOLERANCE: Tolerance = { rtol: 2e-3, atol: 2e-4 };
/**
 * Float32 summed in another order than PyTorch's (wasm's and the GPU's own matrix
 * products, tree reductions): a value that cancels to near zero can land on the
 * other side of a kink (relu), which a 3-step optimizer run then carries on.
 */
export const OTHER_ORDER_TOLERANCE: Tolerance = { rtol: 5e-3, atol: 1e-3 };

async function expectSummary(t: Tensor, want: Json, what: string, tol: Tolerance): Promise<void> {
  expect(`${what} shape ${t.shape}`).toBe(`${what} shape ${want.shape}`);
  expect(`${what} dtype ${t.dtype.name}`).toBe(`${what} dtype ${want.dtype}`);
  const flat = (await t.detach().cpu()).reshape(-1).double();
  const got = (flat.tolist() as (number | boolean)[]).map(Number);
  const values: number[] = want.values ? want.values.map(decode) : want.sample.values.map(decode);
  const index: number[] = want.values ? values.map((_, i) => i) : want.sample.index;
  const scale = Math.max(1, ...values.map(Math.abs));
  const close = (a: number, b: number, rtol: number, atol: number) => Math.abs(a - b) <= atol + rtol * Math.abs(b);
  index.forEach((k, j) => {
    if (!close(got[k], values[j], tol.rtol, tol.atol * scale)) throw new Error(`${what}[${k}]: got ${got[k]}, want ${values[j]}`);
  });
  if (want.sum !== undefined) {
    const sum = got.reduce((a, b) => a + b, 0);
    const abssum = got.reduce((a, b) => a + Math.abs(b), 0);
    const want_abs = decode(want.abssum);
    if (!close(sum, decode(want.sum), 0, 2e-3 * want_abs + 1e-3)) throw new Error(`${what} sum: got ${sum}, want ${want.sum}`);
    if (!close(abssum, want_abs, 2e-3, 1e-3)) throw new Error(`${what} sum of |x|: got ${abssum}, want ${want_abs}`);
  }
}

/** Runs a recorded program with its inputs on `device` and checks PyTorch's outputs and gradients. */
/**
 * Runs one program and compares it with PyTorch's results. With `scoped`, each
 * forward, backward and training step runs in a torch.scope, so every tensor it
 * made and dropped is freed when it ends (Note [ownership]).
 */
export async function runProgram(p: Json, device = "cpu", tol = CPU_TOLERANCE, scoped = false): Promise<void> {
  const inScope = <T>(fn: () => T): T => (scoped ? torch.scope(fn) : fn());
  const ins = p.inputs.map((s: Json) => input(s, device));
  if (p.train) {
    const tr = p.train;
    const params = tr.params.map((i: number) => ins[i]);
    const opt = new (torch.optim as Json)[tr.optimizer](params, tr.options);
    const losses: number[] = [];
    for (let s = 0; s < tr.steps; s++) {
      const loss = inScope(() => {
        opt.zero_grad();
        const vs: Json[] = [];
        for (const step of p.steps) vs.push(runStep(step, vs, ins));
        const loss = vs[vs.length - 1] as Tensor;
        loss.backward();
        opt.step();
        return loss;
      });
      losses.push((await loss.cpu()).item());
    }
    losses.forEach((l, i) => expect(Math.abs(l - p.expected.losses[i])).toBeLessThanOrEqual(1e-3 * Math.abs(p.expected.losses[i]) + 1e-4));
    for (const [i, t] of params.entries()) await expectSummary(t, p.expected.params[i], `param ${i}`, tol);
    return;
  }
  const outs: Tensor[] = inScope(() => {
    const vs: Json[] = [];
    for (const step of p.steps) vs.push(runStep(step, vs, ins));
    return p.outputs.map((i: number) => vs[i]);
  });
  for (const [k, o] of outs.entries()) {
    await expectSummary(o, p.expected.outputs[k], `output ${k}`, tol);
    expect(o.grad_fn === null ? null : o.grad_fn.name()).toBe(p.expected.outputs[k].grad_fn);
  }
  const diff = outs.filter((o) => o.requires_grad);
  if (diff.length === 0) return;
  inScope(() => {
    let loss = diff[0].mul(upstream(diff[0]).to(device)).sum();
    for (const o of diff.slice(1)) loss = loss.add(o.mul(upstream(o).to(device)).sum());
    loss.backward();
  });
  for (const [i, t] of (ins as Tensor[]).entries()) {
    const want = p.expected.grads[i];
    if (want === null) expect(t.requires_grad ? t.grad : null).toBeNull();
    else await expectSummary(t.grad!, want, `grad of input ${i}`, tol);
  }
}

/** The programs by kind (the name after the number), so a test per kind names its failures. */
export function programsByKind(): [string, Json[]][] {
  const kinds = new Map<string, Json[]>();
  for (const p of golden.programs) {
    const kind = p.name.split(" ").slice(1).join(" ");
    kinds.set(kind, [...(kinds.get(kind) ?? []), p]);
  }
  return [...kinds].sort();
}
