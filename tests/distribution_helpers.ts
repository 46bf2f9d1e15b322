// Building a distribution from a golden case's spec (tests/golden/distributions.py's
// build) and checking gradients against the golden ones, for the distribution tests.
import { expect } from "expect";
import * as torch from "../src/index.js";
import type { Tensor } from "../src/index.js";
import { expectTensor, type Json, type TensorJson } from "./helpers.js";

const D = torch.distributions;
type Dist = InstanceType<typeof D.Distribution>;

export function tensorOf(spec: Json): Tensor {
  return torch.tensor(spec.values, { dtype: (torch as Json)[spec.dtype ?? "float64"] }).reshape(spec.shape);
}

/** The case's distribution, with its floating tensor arguments as leaves that require grad. */
export function build(spec: Json): { d: Dist; leaves: Record<string, Tensor> } {
  const kwargs: Record<string, unknown> = {}, leaves: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(spec.args as Record<string, Json>)) {
    if (typeof v === "number") {
      kwargs[k] = v;
      continue;
    }
    const t = tensorOf(v);
    if (t.dtype.is_floating_point) leaves[k] = t.requires_grad_(true);
    kwargs[k] = t;
  }
  let d = new (D as Json)[spec.type](kwargs) as Dist;
  if (spec.independent) d = new D.Independent(d, spec.independent);
  if (spec.transforms) {
    const T = D.transforms;
    const made: Record<string, (...a: number[]) => InstanceType<typeof T.Transform>> = {
      Exp: () => new T.ExpTransform(), Tanh: () => new T.TanhTransform(1), Sigmoid: () => new T.SigmoidTransform(), Affine: (loc, scale) => new T.AffineTransform(loc, scale),
    };
    d = new D.TransformedDistribution(d, spec.transforms.map(([name, ...a]: [string, ...number[]]) => made[name](...a)));
  }
  return { d, leaves };
}

export function expectGrads(out: Tensor, leaves: Record<string, Tensor>, want: Record<string, TensorJson | null>): void {
  const names = Object.keys(leaves);
  if (names.length === 0) return;
  const gs = torch.autograd.grad(out, names.map((k) => leaves[k]), null, { allow_unused: true, retain_graph: true });
  names.forEach((k, i) => {
    if (want[k] === null) expect(gs[i]).toBeNull();
    // float32 gradients: within float32 cancellation of differences like digamma(n + 1) - digamma(n - k + 1).
    else expectTensor(gs[i] as Tensor, want[k] as TensorJson, tolFor(want[k] as TensorJson, true));
  });
}

export const tight = { rtol: 1e-9, atol: 1e-12 };
/**
 * float32 cases (numbers as parameters) are compared at float32's precision; their normal
 * draws within 2e-5, as PyTorch's AVX2 normal_fill rounds its log and cos its own way.
 */
export const tolFor = (spec: TensorJson, loose = false) => (spec.dtype === "float32" ? (loose ? { rtol: 2e-5, atol: 2e-6 } : { rtol: 1e-6, atol: 1e-7 }) : tight);

/** A golden kl_divergence(p, q) (p and q named cases, the same case when p === q): its value, and the gradient of its finite part. */
export function expectKl(k: Json, specOf: (name: string) => Json): void {
  const p = build(specOf(k.p)), q = k.p === k.q ? p : build(specOf(k.q));
  const value = D.kl_divergence(p.d, q.d);
  expectTensor(value, k.value, tolFor(k.value));
  const leaves = Object.fromEntries([...Object.entries(p.leaves).map(([n, t]) => [`p.${n}`, t]), ...(k.p === k.q ? [] : Object.entries(q.leaves).map(([n, t]) => [`q.${n}`, t]))]);
  if (value.requires_grad) expectGrads(torch.where(value.isfinite(), value, 0).sum(), leaves, k.grad);
}
