// Covariance and correlation of the variables in a matrix's rows (PyTorch's Correlation.cpp),
// composed of tensor ops, so the gradients (input and aweights) come from theirs.
import { bindArgs } from "../args.js";
import { bool } from "../dtype.js";
import { RuntimeError } from "../errors.js";
import type { Tensor } from "../tensor.js";
import { warn } from "../warnings.js";

/** A weights argument's checks, as cov() words them. */
function checkWeights(name: "fweights" | "aweights", w: Tensor, observations: number): void {
  if (w.dim() > 1) throw new RuntimeError(`cov(): expected ${name} to have one or fewer dimensions but got ${name} with ${w.dim()} dimensions`);
  const integral = !w.dtype.is_floating_point && w.dtype !== bool;
  if (name === "fweights" ? !integral : !w.dtype.is_floating_point) {
    throw new RuntimeError(`cov(): expected ${name} to have ${name === "fweights" ? "integral" : "floating point"} dtype but got ${name} with ${w.dtype.scalarName} dtype`);
  }
  if (w.numel() !== observations) throw new RuntimeError(`cov(): expected ${name} to have the same numel as there are observations in the input but got ${w.numel()} != ${observations}`);
  if (observations > 0 && w.min().lt(0).item()) throw new RuntimeError(`cov(): ${name} cannot be negative`);
}

/**
 * cov(input, *, correction=1, fweights=None, aweights=None): the covariance of the variables in
 * input's rows (a 1-d input is one variable), observations weighted by the product of the
 * frequency weights and the observation weights, normalised as PyTorch does.
 */
export function cov(x: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("cov", args, [], ["correction", "fweights", "aweights"]);
  const correction = (o.correction as number | undefined) ?? 1;
  if (x.dim() > 2) throw new RuntimeError(`cov(): expected input to have two or fewer dimensions but got an input with ${x.dim()} dimensions`);
  if (x.dtype === bool) throw new RuntimeError("cov(): bool dtype is not supported for input");
  const input = x.dim() < 2 ? x.reshape(1, -1) : x;
  const observations = input.shape[1];
  const fweights = (o.fweights ?? null) as Tensor | null, aweights = (o.aweights ?? null) as Tensor | null;
  if (fweights !== null) checkWeights("fweights", fweights, observations);
  if (aweights !== null) checkWeights("aweights", aweights, observations);
  const w = fweights !== null && aweights !== null ? fweights.mul(aweights) : (fweights ?? aweights);
  if (w === null) {
    const centered = input.sub(input.sum(1).div(observations).unsqueeze(1));
    return centered.mm(centered.t()).div(degreesOfFreedom(observations - correction)).squeeze();
  }
  const wSum = w.sum();
  if (wSum.eq(0).item()) throw new RuntimeError("cov(): weights sum to zero, can't be normalized");
  const centered = input.sub(input.mul(w).sum(1).div(wSum).unsqueeze(1));
  // With observation weights, the correction is scaled by sum(w * aweights) / sum(w).
  const norm = aweights !== null && correction !== 0 ? wSum.sub(w.mul(aweights).sum().mul(correction).div(wSum)) : wSum.sub(correction);
  return centered.mm(centered.mul(w).t()).div(norm.le(0).item() ? degreesOfFreedom(0) : norm).squeeze();
}

/** The normalisation factor, PyTorch's warning and 0 where there are no degrees of freedom left. */
function degreesOfFreedom(n: number): number {
  if (n > 0) return n;
  warn("cov(): degrees of freedom is <= 0");
  return 0;
}

/** corrcoef(input): Pearson's correlation coefficients of input's rows, clipped to [-1, 1]. */
export function corrcoef(x: Tensor): Tensor {
  const c = cov(x);
  if (c.dim() === 0) return c.div(c);
  const stddev = c.diag().sqrt();
  return c.div(stddev.view(-1, 1)).div(stddev.view(1, -1)).clip(-1, 1);
}
