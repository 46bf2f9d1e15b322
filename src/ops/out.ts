// PyTorch's `out=` argument: the result is written into a given tensor, which
// is resized when its shape differs and returned.
import { RuntimeError, TorchTypeError, typeName } from "../errors.js";
import { canCast } from "../dtype.js";
import { no_grad } from "../autograd/grad_mode.js";
import { Tensor } from "../tensor.js";
import { warn } from "../warnings.js";

/**
 * Writes `result` into `out`, as an op called with out= does: no autograd
 * through it (PyTorch's error when an argument requires grad), the result's
 * dtype cast to out's when PyTorch allows it, out resized (with PyTorch's
 * warning unless out was empty) when the shapes differ.
 */
export function writeOut(fn: string, result: Tensor, out: unknown, inputs: readonly unknown[] = []): Tensor {
  if (!(out instanceof Tensor)) throw new TorchTypeError(`${fn}(): argument 'out' must be Tensor, not ${typeName(out)}`);
  if (result.requires_grad || out.requires_grad || inputs.some((t) => t instanceof Tensor && t.requires_grad)) {
    throw new RuntimeError(`${fn}(): functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad.`);
  }
  if (!canCast(result.dtype, out.dtype)) throw new RuntimeError(`result type ${result.dtype.scalarName} can't be cast to the desired output type ${out.dtype.scalarName}`);
  if (result.device.type !== out.device.type) throw new RuntimeError(`Expected out tensor to have device ${result.device.type}, but got ${out.device.type} instead`);
  const same = out.shape.length === result.shape.length && out.shape.every((s, i) => s === result.shape[i]);
  if (!same) {
    if (out.numel() !== 0) {
      warn(
        `An output with one or more elements was resized since it had shape [${out.shape.join(", ")}], which does not match the required output shape [${result.shape.join(", ")}]. ` +
          "This behavior is deprecated, and in a future PyTorch release outputs will not be resized unless they have zero elements. You can explicitly reuse an out tensor t by resizing it, inplace, to zero elements with t.resize_(0).",
      );
    }
    out.data = Tensor._full(result.shape, 0, out.dtype, out.device);
  }
  no_grad(() => out.copy_(result));
  return out;
}
