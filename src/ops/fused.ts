// Fused optimizer updates (Note [fused optimizer steps] in native/kernels.h):
// one in-place kernel per parameter where the backend has one. Each returns
// false where it did not run, and torch.optim composes tensor ops instead.
import { backend, type AdadeltaStep, type AdamStep, type SgdStep } from "../backend/index.js";
import type { Tensor } from "../tensor.js";

/** Adam / AdamW on one parameter: param, exp_avg, exp_avg_sq (and max_exp_avg_sq with amsgrad) in place. */
export function _fused_adam_(param: Tensor, grad: Tensor, expAvg: Tensor, expAvgSq: Tensor, maxExpAvgSq: Tensor | null, step: AdamStep): boolean {
  if (!backend.adamStep!(param, grad, expAvg, expAvgSq, maxExpAvgSq, step)) return false;
  for (const t of [param, expAvg, expAvgSq, maxExpAvgSq]) if (t !== null) t._version.v++;
  return true;
}

/** SGD on one parameter: param (and the momentum buffer) in place. */
export function _fused_sgd_(param: Tensor, grad: Tensor, momentumBuffer: Tensor | null, step: SgdStep): boolean {
  if (!backend.sgdStep!(param, grad, momentumBuffer, step)) return false;
  param._version.v++;
  if (momentumBuffer !== null) momentumBuffer._version.v++;
  return true;
}

/** Adadelta on one parameter: param, square_avg and acc_delta in place. */
export function _fused_adadelta_(param: Tensor, grad: Tensor, squareAvg: Tensor, accDelta: Tensor, step: AdadeltaStep): boolean {
  if (!backend.adadeltaStep!(param, grad, squareAvg, accDelta, step)) return false;
  for (const t of [param, squareAvg, accDelta]) t._version.v++;
  return true;
}
