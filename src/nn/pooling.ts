// The geometry of max and average pooling as PyTorch computes it (Pool.h):
// output sizes with and without ceil_mode, and the padding that realises them.
import { no_grad } from "../autograd/grad_mode.js";
import type { DType } from "../dtype.js";
import { RuntimeError } from "../errors.js";
import * as P from "../ops/nn.js";
import { Tensor, type Device } from "../tensor.js";

/**
 * PyTorch's pooling_output_shape: the windows that fit; with ceil_mode one more
 * for a partial window, unless it would start past the input and its left padding.
 */
function poolOutputSize(size: number, kernel: number, pad: number, stride: number, dilation: number, ceil: boolean): number {
  let out = Math.floor((size + 2 * pad - dilation * (kernel - 1) - 1 + (ceil ? stride - 1 : 0)) / stride) + 1;
  if (ceil && (out - 1) * stride >= size + pad) out--;
  return out;
}

/**
 * The output size [Ho, Wo] of 2-d max and average pooling, with PyTorch's errors in its order:
 * pooling_output_shape's for the height then the width, then pool2d_shape_check's.
 */
export function checkPool(x4: Tensor, kernel: number[], stride: number[], padding: number[], dilation: number[], ceil: boolean): [number, number] {
  for (let d = 0; d < 2; d++) {
    if (stride[d] === 0) throw new RuntimeError("stride should not be zero");
    if (padding[d] < 0) throw new RuntimeError(`pad must be non-negative, but got pad: ${padding[d]}`);
    if (padding[d] > kernel[d] / 2) throw new RuntimeError(`pad should be at most half of kernel size, but got pad=${padding[d]} and kernel_size=${kernel[d]}`);
  }
  const [[kh, kw], [sh, sw], [dh, dw]] = [kernel, stride, dilation];
  if (!(kh > 0 && kw > 0)) throw new RuntimeError(`kernel size should be greater than zero, but got kH: ${kh} kW: ${kw}`);
  if (!(sh > 0 && sw > 0)) throw new RuntimeError(`stride should be greater than zero, but got dH: ${sh} dW: ${sw}`);
  if (!(dh > 0 && dw > 0)) throw new RuntimeError(`dilation should be greater than zero, but got dilationH: ${dh} dilationW: ${dw}`);
  if (x4.dim() !== 4) throw new RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input");
  const [, c, h, w] = x4.shape;
  const ho = poolOutputSize(h, kh, padding[0], sh, dh, ceil), wo = poolOutputSize(w, kw, padding[1], sw, dw, ceil);
  if (ho < 1 || wo < 1) throw new RuntimeError(`Given input size: (${c}x${h}x${w}). Calculated output size: (${c}x${ho}x${wo}). Output size is too small`);
  return [ho, wo];
}

/**
 * check_max_pool1d: max_pool1d's own errors where it runs without indices (on the CPU, no
 * gradient wanted), and its output length, which may be 0 there.
 */
export function checkMaxPool1d(length: number, kernel: number, stride: number, padding: number, dilation: number, ceil: boolean): number {
  if (!(kernel > 0)) throw new RuntimeError(`max_pool1d() kernel_size must be greater than zero, but got ${kernel}`);
  if (!(stride > 0)) throw new RuntimeError(`max_pool1d() stride must be greater than zero, but got ${stride}`);
  if (padding < 0) throw new RuntimeError(`max_pool1d() padding must be non-negative, but got ${padding}`);
  if (padding > kernel / 2) throw new RuntimeError(`max_pool1d() padding should be at most half of kernel size, but got padding=${padding} and kernel_size=${kernel}`);
  if (!(dilation > 0)) throw new RuntimeError(`max_pool1d() dilation must be greater than zero, but got ${dilation}`);
  const out = poolOutputSize(length, kernel, padding, stride, dilation, ceil);
  if (out < 0) throw new RuntimeError(`max_pool1d() Invalid computed output size: ${out}`);
  return out;
}

/**
 * F.pad's (left, right, top, bottom) that makes exactly [ho, wo] windows fit: the
 * padding on both sides, and on the right and bottom whatever ceil_mode's last
 * partial windows reach past it.
 */
export function poolPadding(shape: readonly number[], kernel: number[], stride: number[], padding: number[], dilation: number[], [ho, wo]: number[]): number[] {
  const reach = (d: number, out: number) => Math.max(0, (out - 1) * stride[d] + dilation[d] * (kernel[d] - 1) + 1 - shape[2 + d] - 2 * padding[d]);
  return [padding[1], padding[1] + reach(1, wo), padding[0], padding[0] + reach(0, ho)];
}

/**
 * avg_pool2d's divisor for each output (PyTorch's pool_size): its window clipped to the
 * padded input (count_include_pad) or to the input itself; a number where every window
 * counts kh * kw.
 */
export function avgPoolDivisor(shape: readonly number[], kernel: number[], stride: number[], padding: number[], pads: number[], countPad: boolean, dtype: DType, device: Device): Tensor | number {
  const [h, w] = shape.slice(2);
  const ceilReach = pads[1] > padding[1] || pads[3] > padding[0];
  if (!ceilReach && (countPad || (padding[0] === 0 && padding[1] === 0))) return kernel[0] * kernel[1];
  return no_grad(() => {
    // Ones where an element counts, zeros where it does not, windowed as the input is.
    const counted = countPad ? [1, 1, h + 2 * padding[0], w + 2 * padding[1]] : [1, 1, h, w];
    const rest = countPad ? [0, pads[1] - padding[1], 0, pads[3] - padding[0]] : pads;
    const ones = P.pad(Tensor._full(counted, 1, dtype, device), rest);
    const { cols, ho, wo } = P.unfoldWindows(ones, kernel[0], kernel[1], stride[0], stride[1]);
    return cols.sum([2, 3]).reshape(1, 1, ho, wo);
  });
}
