// torch.special: PyTorch's names for functions that live elsewhere here too, and a few of its own.
import type { Tensor } from "./tensor.js";
import { no_grad } from "./autograd/grad_mode.js";
import { needsGrad, record, type OpDef } from "./ops/registry.js";
import * as P from "./ops/nn.js";

export { erfinv, logit, xlogy, exp2, sinc, entr, xlog1py } from "./ops/math.js";
export const expit = (x: Tensor): Tensor => x.sigmoid();
export const erf = P.erf;
export const expm1 = (x: Tensor): Tensor => x.expm1();
export const log1p = (x: Tensor): Tensor => x.log1p();
export const round = (x: Tensor, ...args: unknown[]): Tensor => (x.round as (...a: unknown[]) => Tensor)(...args);
export const logsumexp = (x: Tensor, ...args: unknown[]): Tensor => x.logsumexp(...args);
export { softmax, log_softmax } from "./nn/functional.js";
/** PyTorch's C++ mul by a Scalar (mul.Scalar): its node is MulBackward1. */
const MUL_SCALAR: OpDef = { name: "mul", node: "MulBackward1", backward: (g: Tensor, { other }) => [g.mul(other)] };

/** special.ndtr(x): the standard normal CDF, (1 + erf(x / sqrt 2)) * 0.5, as PyTorch composes it. */
export function ndtr(x: Tensor): Tensor {
  const shifted = P.erf(x.mul(Math.SQRT1_2)).add(1);
  const out = no_grad(() => shifted.mul(0.5));
  if (needsGrad(shifted)) record(MUL_SCALAR, [shifted], out, { other: 0.5 });
  return out;
}
