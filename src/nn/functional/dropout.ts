// torch.nn.functional's dropout functions.
import { bindArgs, type ArgsOf } from "../../args.js";
import { applyInplace } from "../../ops/inplace.js";
import { no_grad } from "../../autograd/grad_mode.js";
import { RuntimeError, ValueError } from "../../errors.js";
import { bernoulliScalar } from "../../ops/creation.js";
import { Tensor } from "../../tensor.js";
import * as A from "../activations.js";

export function dropout(input: Tensor, ...args: ArgsOf<["p", "training", "inplace"]>): Tensor {
  const o = bindArgs("dropout", args, ["p", "training", "inplace"]);
  const p = (o.p as number) ?? 0.5;
  const training = (o.training as boolean) ?? true;
  if (p < 0 || p > 1) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
  if (!training || p === 0) return input;
  if (o.inplace === true) return applyInplace(input, () => dropout(input, p, training));
  if (p === 1) return input.mul(0);
  // As PyTorch's _dropout_impl: the mask, scaled in place, times the input.
  const keep = bernoulliScalar(input.shape, 1 - p, input.dtype, input.device);
  no_grad(() => keep.div_(1 - p));
  return input.mul(keep);
}

/**
 * dropout2d(input, p=0.5, training=True, inplace=False): whole channels zeroed, as PyTorch's
 * feature_dropout draws them: one mask value per (dim 0, dim 1) pair, scaled by 1 / (1 - p).
 * A 3-D input is (N, C, L), as PyTorch 1.13 reads it (it warns that this will change).
 */
export function dropout2d(input: Tensor, ...args: ArgsOf<["p", "training", "inplace"]>): Tensor {
  const o = bindArgs("dropout2d", args, ["p", "training", "inplace"]);
  const p = (o.p as number | undefined) ?? 0.5;
  const training = (o.training as boolean | undefined) ?? true;
  if (p < 0 || p > 1) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
  if (!training || p === 0 || input.numel() === 0) return input;
  if (o.inplace === true) return applyInplace(input, () => dropout2d(input, p, training));
  if (p === 1) return input.mul(Tensor._full([], 0, input.dtype, input.device));
  const keep = bernoulliScalar(input.shape.map((s, d) => (d < 2 ? s : 1)), 1 - p, input.dtype, input.device);
  no_grad(() => keep.div_(1 - p));
  return input.mul(keep);
}

/** Channel dropout (PyTorch's feature_dropout): one keep-or-drop per channel, kept ones scaled by 1 / (1 - p). */
function featureDropout(fn: string, input: Tensor, args: readonly unknown[], dims: [number, number], spatial: string): Tensor {
  const o = bindArgs(fn, args, ["p", "training", "inplace"]);
  const p = (o.p as number | undefined) ?? 0.5, training = (o.training as boolean | undefined) ?? true;
  if (p < 0 || p > 1) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
  if (input.dim() !== dims[0] && input.dim() !== dims[1]) {
    throw new RuntimeError(`${fn}: Expected ${dims[0]}D or ${dims[1]}D input, but received a ${input.dim()}D input. Note that ${fn} exists to provide channel-wise dropout on inputs with ${spatial} spatial dimension${spatial === "1" ? "" : "s"}, a channel dimension, and an optional batch dimension (i.e. ${dims[0]}D or ${dims[1]}D inputs).`);
  }
  if (o.inplace === true && training && p !== 0) return applyInplace(input, () => featureDropout(fn, input, [p, training], dims, spatial));
  const batched = input.dim() === dims[1];
  const x = batched ? input : input.unsqueeze(0);
  let out: Tensor;
  if (!training || p === 0 || x.numel() === 0) out = x;
  else if (p === 1) out = x.mul(Tensor._full([], 0, x.dtype, x.device));
  else {
    const keep = bernoulliScalar(x.shape.map((s, d) => (d < 2 ? s : 1)), 1 - p, x.dtype, x.device);
    no_grad(() => keep.div_(1 - p));
    out = x.mul(keep);
  }
  return batched ? out : out.squeeze(0);
}
/** dropout1d(input, p=0.5, training=True, inplace=False): whole channels of (N, C, L) or (C, L) zeroed. */
export const dropout1d = (input: Tensor, ...args: unknown[]): Tensor => featureDropout("dropout1d", input, args, [2, 3], "1");
/** dropout3d(input, p=0.5, training=True, inplace=False): whole channels of (N, C, D, H, W) or (C, D, H, W) zeroed. */
export const dropout3d = (input: Tensor, ...args: unknown[]): Tensor => featureDropout("dropout3d", input, args, [4, 5], "3");

/** Alpha dropout (PyTorch's _dropout_impl with alpha): dropped units set to SELU's negative saturation, then an affine map keeping mean and variance. */
function alphaDropout(fn: string, input: Tensor, args: readonly unknown[], feature: boolean): Tensor {
  const o = bindArgs(fn, args, ["p", "training", "inplace"]);
  const p = (o.p as number | undefined) ?? 0.5, training = (o.training as boolean | undefined) ?? false;
  if (p < 0 || p > 1) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
  if (p === 0 || !training || input.numel() === 0) return input;
  if (o.inplace === true) return applyInplace(input, () => alphaDropout(fn, input, [p, training], feature));
  if (p === 1) return input.mul(Tensor._full([], 0, input.dtype, input.device));
  const alpha = A.SELU_ALPHA * A.SELU_SCALE;
  const a = 1 / Math.sqrt((alpha * alpha * p + 1) * (1 - p));
  const noise = bernoulliScalar(feature ? input.shape.map((s, d) => (d < 2 ? s : 1)) : input.shape, 1 - p, input.dtype, input.device);
  const b = no_grad(() => noise.add(-1).mul_(alpha * a).add_(alpha * a * p));
  no_grad(() => noise.mul_(a));
  return input.mul(noise).add(b);
}
/** alpha_dropout(input, p=0.5, training=False, inplace=False): dropout that keeps SELU's self-normalization. */
export const alpha_dropout = (input: Tensor, ...args: unknown[]): Tensor => alphaDropout("alpha_dropout", input, args, false);
/** feature_alpha_dropout(input, p=0.5, training=False, inplace=False): alpha dropout of whole channels. */
export const feature_alpha_dropout = (input: Tensor, ...args: unknown[]): Tensor => alphaDropout("feature_alpha_dropout", input, args, true);
