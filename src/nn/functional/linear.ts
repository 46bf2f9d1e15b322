// torch.nn.functional's linear functions: linear, bilinear.
import { RuntimeError } from "../../errors.js";
import { addmm, einsum } from "../../ops/linalg.js";
import type { Tensor } from "../../tensor.js";

/** y = x W^T + b (PyTorch: addmm for 2-D input, matmul otherwise). */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (input.dim() === 2 && bias) return addmm(bias, input, weight.t());
  if (input.dim() > 2 && bias) {
    // As PyTorch: fold the leading dims into rows, one addmm, view back.
    const rows = input.reshape(-1, input.shape[input.dim() - 1]);
    return addmm(bias, rows, weight.t()).view([...input.shape.slice(0, -1), weight.shape[0]]);
  }
  const out = input.matmul(weight.t());
  return bias ? out.add(bias) : out;
}

/** bilinear(input1, input2, weight, bias=None): x1^T A_o x2 + b_o for each output o (PyTorch's: over the inputs flattened to rows, then reshaped). */
export function bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  if (input1.dim() !== input2.dim()) throw new RuntimeError(`bilinear(): input dimensions do not match: got ${input1.dim()} and ${input2.dim()}`);
  const rows = einsum("bi,oij,bj->bo", input1.reshape(-1, input1.shape[input1.dim() - 1]), weight, input2.reshape(-1, input2.shape[input2.dim() - 1]));
  const out = rows.reshape([...input1.shape.slice(0, -1), weight.shape[0]]);
  return bias === null ? out : out.add(bias);
}
