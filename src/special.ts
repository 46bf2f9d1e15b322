// torch.special: PyTorch's names for functions that live elsewhere here too, and a few of its own.
import type { Tensor } from "./tensor.js";
import { mulScalar, mvlgamma } from "./ops/math.js";
import * as P from "./ops/nn.js";

export { erfinv, logit, xlogy, exp2, sinc, entr, xlog1py, digamma, digamma as psi, polygamma, lgamma as gammaln } from "./ops/math.js";
export { erfc, erfcx, log_ndtr, i0, i0e, i1, i1e } from "./ops/special_functions.js";
export const multigammaln = (x: Tensor, p: number): Tensor => mvlgamma(x, p);
export const expit = (x: Tensor): Tensor => x.sigmoid();
export const erf = P.erf;
export const expm1 = (x: Tensor): Tensor => x.expm1();
export const log1p = (x: Tensor): Tensor => x.log1p();
export const round = (x: Tensor, ...args: unknown[]): Tensor => (x.round as (...a: unknown[]) => Tensor)(...args);
export const logsumexp = (x: Tensor, ...args: Parameters<Tensor["logsumexp"]>): Tensor => x.logsumexp(...args);
export { softmax, log_softmax } from "./nn/functional.js";

/** special.ndtr(x): the standard normal CDF, (1 + erf(x / sqrt 2)) * 0.5, as PyTorch composes it. */
export function ndtr(x: Tensor): Tensor {
  return mulScalar(P.erf(x.mul(Math.SQRT1_2)).add(1), 0.5);
}
