// Shared test helpers: reading the golden JSON and comparing tensors with it.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
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
      cur = Array.from(cur as Iterable<Tensor>)[step[1]];
    } else throw new Error(`unknown step ${kind}`);
  }
  return cur;
}

export function asOutputs(out: Json): Tensor[] {
  if (out instanceof torch.Tensor) return [out];
  return Array.from(out as Iterable<Tensor>);
}
