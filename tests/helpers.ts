// Shared test helpers: reading the golden JSON, comparing tensors with it, replaying its op cases, and catching errors.
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { expect } from "expect";
import * as torch from "../src/index.js";
import type { Tensor } from "../src/index.js";

export type Json = any;

export function loadGolden(name = "ops.json"): Json {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`./golden/${name}`, import.meta.url)), "utf8"));
}

export function decode(v: number | string | boolean): number {
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  return Number(v);
}

export interface TensorJson {
  shape: number[];
  dtype: string;
  values: (number | string | boolean)[];
}

export function fromJson(spec: TensorJson, dtypeOverride?: string): Tensor {
  const dtype = (torch as Json)[dtypeOverride ?? spec.dtype];
  const values = spec.values.map(decode);
  return torch.tensor(values, { dtype }).reshape(spec.shape);
}

/** Asserts that t matches the golden tensor: shape, dtype and values within float tolerance. */
export function expectTensor(t: Tensor, spec: TensorJson, tol = { rtol: 1e-4, atol: 1e-5 }): void {
  if (JSON.stringify(t.shape) !== JSON.stringify(spec.shape)) throw new Error(`shape ${JSON.stringify(t.shape)} != ${JSON.stringify(spec.shape)}`);
  if (t.dtype.name !== spec.dtype) throw new Error(`dtype ${t.dtype.name} != ${spec.dtype}`);
  const got = Array.from(t.detach().reshape(-1).tolist() as (number | boolean)[]).map(Number);
  const want = spec.values.map(decode);
  for (let i = 0; i < want.length; i++) {
    const a = got[i], b = want[i];
    if (Number.isNaN(b) ? Number.isNaN(a) : a === b || Math.abs(a - b) <= tol.atol + tol.rtol * Math.abs(b)) continue;
    throw new Error(`value ${i}: got ${a}, want ${b}\n got  ${JSON.stringify(got.slice(0, 24))}\n want ${JSON.stringify(want.slice(0, 24))}`);
  }
}

/** The error fn throws (or null). */
export function thrown(fn: () => unknown): Error | null {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  return null;
}

/** Runs fn, expecting PyTorch's exception: its class name and whole message (want null: no error). */
export function expectError(fn: () => unknown, want: { type: string; message: string } | null): void {
  const err = thrown(fn);
  if (want === null) return void expect(err).toBeNull();
  if (err === null) throw new Error(`no error; want ${want.type}: ${want.message}`);
  expect({ type: err.name, message: err.message }).toEqual({ type: want.type, message: want.message });
}

/** cos(0.7 i): the upstream gradient the generator uses. */
export function upstream(out: Tensor): Tensor {
  const n = out.numel();
  const v = Array.from({ length: n }, (_, i) => Math.cos(i * 0.7));
  return torch.tensor(v, { dtype: torch.float64 }).reshape(out.shape).to(out.dtype);
}

let prev: Json = null;

function resolve(a: Json, inputs: Tensor[]): Json {
  if (a !== null && typeof a === "object" && !Array.isArray(a)) {
    if ("prev" in a) return prev;
    if ("num" in a) return decode(a.num);
    if ("t" in a) return inputs[a.t];
    if ("ts" in a) return a.ts.map((i: number) => inputs[i]);
  }
  if (Array.isArray(a)) return a.map((x) => resolve(x, inputs));
  return a;
}

function resolveKw(kw: Record<string, Json>, inputs: Tensor[]): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(kw)) out[k] = k === "dtype" ? (torch as Json)[v] : resolve(v, inputs);
  return out;
}

/** Replays a golden call chain (see tests/golden/generate.py). */
export function runChain(chain: Json[], inputs: Tensor[]): Json {
  let cur: Json = inputs[0];
  for (const step of chain) {
    prev = cur;
    const kind = step[0];
    if (kind === "m" || kind === "f") {
      const [, name, args, kw] = step;
      const a = resolve(args, inputs);
      if (Object.keys(kw).length > 0) a.push(resolveKw(kw, inputs));
      cur = kind === "m" ? cur[name](...a) : (name as string).split(".").reduce((o: Json, k: string) => o[k], torch)(...a);
    } else if (kind === "index") {
      const specs = step[1].map((s: Json) => (Array.isArray(s) && s[0] === "slice" ? s.slice(1) : resolve(s, inputs)));
      cur = cur.index(...specs);
    } else if (kind === "attr") {
      cur = cur[step[1]];
    } else if (kind === "item") {
      // Python's self[k]: tuple results (max(dim), sort, linalg's) index by position.
      cur = cur[step[1]];
    } else throw new Error(`unknown step ${kind}`);
  }
  return cur;
}

export function asOutputs(out: Json): Tensor[] {
  if (out instanceof torch.Tensor) return [out];
  return Array.from(out as Iterable<Tensor>);
}

/** A case's inputs as tensors (floating ones requiring grad unless `rg` is false), with dtypes mapped by dtypeFor. */
export function makeInputs(c: Json, dtypeFor?: (spec: Json) => string | undefined): Tensor[] {
  return c.inputs.map((spec: Json) => {
    const t = fromJson(spec, dtypeFor?.(spec));
    if (spec.rg !== false && t.dtype.is_floating_point) t.requires_grad_(true);
    return t;
  });
}

/**
 * Replays golden op cases (generate.py's format) as tests: values, dtypes, grad_fn names,
 * printed text, error messages and gradients against PyTorch's; then gradcheck in float64 for
 * every differentiable case but those marked no_gradcheck or named in `noGradcheck`.
 */
export function replayCases(cases: Json[], noGradcheck: ReadonlySet<string> = new Set()): void {
  describe("ops against PyTorch", () => {
    for (const c of cases) {
      it(c.name, () => {
        const inputs = makeInputs(c);
        if (c.error) {
          let thrown: Error | null = null;
          try {
            runChain(c.chain, inputs);
          } catch (e) {
            thrown = e as Error;
          }
          expect(thrown).not.toBeNull();
          expect(thrown!.message).toBe(c.error.message);
          expect(thrown!.name).toBe(c.error.type);
          return;
        }
        const outs = asOutputs(runChain(c.chain, inputs));
        expect(outs.length).toBe(c.outputs.length);
        outs.forEach((o, k) => {
          const want = c.outputs[k];
          expectTensor(o, want);
          expect(o.grad_fn === null ? null : o.grad_fn.name()).toBe(want.grad_fn);
          expect(o.requires_grad).toBe(want.requires_grad);
          if (want.str !== undefined) expect(String(o)).toBe(want.str);
        });
        if (c.grads) {
          const diff = outs.filter((o) => o.requires_grad);
          let loss = diff[0].mul(upstream(diff[0])).sum();
          for (const o of diff.slice(1)) loss = loss.add(o.mul(upstream(o)).sum());
          loss.backward();
          inputs.forEach((t, i) => {
            const g = c.grads[i];
            if (g === null) expect(t.grad).toBeNull();
            else expectTensor(t.grad!, g);
          });
        }
      });
    }
  });

  describe("gradcheck in float64", () => {
    for (const c of cases) {
      if (!c.grads || c.no_gradcheck || noGradcheck.has(c.name)) continue;
      it(c.name, () => {
        const inputs = makeInputs(c, (spec) => (spec.dtype === "float32" ? "float64" : undefined));
        const fn = (...xs: Tensor[]) => asOutputs(runChain(c.chain, xs)).filter((o) => o.requires_grad);
        expect(torch.autograd.gradcheck(fn, inputs)).toBe(true);
      });
    }
  });
}
