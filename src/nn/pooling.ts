// torch.nn.functional's pooling functions (adaptive_avg_pool1d/2d are in interpolate.ts),
// and the geometry of max and average pooling as PyTorch computes it (Pool.h):
// output sizes with and without ceil_mode, and the padding that realises them.
import { bindArgs, type ArgsOf } from "../args.js";
import { backend } from "../backend/index.js";
import { is_grad_enabled, no_grad } from "../autograd/grad_mode.js";
import { int64, type DType } from "../dtype.js";
import { RuntimeError, ValueError } from "../errors.js";
import { needsGrad, record, type OpDef } from "../ops/registry.js";
import * as P from "../ops/nn.js";
import { alongDimOffsets, gatherDef, putAdd, stack, take } from "../ops/shape.js";
import { where } from "../ops/elementwise.js";
import { Tensor, type Device } from "../tensor.js";
import { pair, single, type Pair, type T } from "./functional/common.js";

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

export interface MaxPool2dOptions {
  stride?: Pair | null;
  padding?: Pair;
  dilation?: Pair;
}

const MAX_POOL2D: OpDef = {
  name: "max_pool2d",
  node: "MaxPool2DWithIndicesBackward0",
  // Each output's gradient goes to the input element its window picked (offsets into the padded input).
  backward: (g: T, s) => {
    // An unbatched input is pooled as a batch of one (and its node records the 3-d shapes).
    if (!s.batched) g = g.unsqueeze(0);
    // One kernel where no graph of the gradient is wanted; putAdd (differentiable) otherwise.
    const fused = !is_grad_enabled() && s.picked instanceof Int32Array ? backend.maxPool2dBackward?.(g, s.picked, s.paddedShape, g.dtype) : null;
    let gx = fused ? Tensor._make(fused, s.paddedShape, g.dtype) : putAdd(Tensor._full(s.paddedShape, 0, g.dtype, g.device), s.picked, g);
    if (s.paddedShape[2] !== s.shape[2] || s.paddedShape[3] !== s.shape[3]) gx = gx.narrow(2, s.padding[0], s.shape[2]).narrow(3, s.padding[1], s.shape[3]);
    return [s.batched ? gx : gx.squeeze(0)];
  },
};

/** 2-D max pooling: windows gathered by im2col, then a max over each window. */
export function max_pool2d(input: Tensor, kernel_size: Pair, ...args: unknown[]): Tensor {
  const [values, indices] = maxPool2dWithIndices("max_pool2d", input, kernel_size, args);
  // With return_indices, PyTorch's pair (typed here as the common case's Tensor).
  return indices === null ? values : ([values, indices] as unknown as Tensor);
}
/** max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=True): [values, indices]. */
export function max_pool2d_with_indices(input: Tensor, kernel_size: Pair, ...args: unknown[]): [Tensor, Tensor] {
  return maxPool2dWithIndices("max_pool2d_with_indices", input, kernel_size, args, true) as [Tensor, Tensor];
}

/**
 * The max pool, with (when asked) PyTorch's indices: each pick's position in its input
 * plane, h * W + w of the unpadded input (from the pick's offset in the padded one).
 */
function maxPool2dWithIndices(fn: string, input: Tensor, kernel_size: Pair, args: readonly unknown[], withIndices = false): [Tensor, Tensor | null] {
  const o = bindArgs(fn, args, ["stride", "padding", "dilation", "ceil_mode", "return_indices"]);
  const wantIndices = withIndices || o.return_indices === true;
  const [kh, kw] = pair(kernel_size);
  const [sh, sw] = pair((o.stride as Pair | null) ?? kernel_size);
  const padding = pair((o.padding as Pair) ?? 0);
  const [dh, dw] = pair((o.dilation as Pair) ?? 1);
  const batched = input.dim() === 4;
  const x4 = batched ? input : input.unsqueeze(0);
  const [pooledH, pooledW] = checkPool(x4, [kh, kw], [sh, sw], padding, [dh, dw], Boolean(o.ceil_mode));
  const pads = poolPadding(x4.shape, [kh, kw], [sh, sw], padding, [dh, dw], [pooledH, pooledW]);
  const x = pads.some((p) => p > 0) ? no_grad(() => P.pad(x4, pads, -Infinity)) : x4.detach();
  const [n, c] = x.shape;
  let out: Tensor, picked: Int32Array | Tensor | null = null;
  // One kernel where the backend has it; else the max over unfolded windows.
  const pooled = x.dtype.is_floating_point ? backend.maxPool2d?.(x, [kh, kw], [sh, sw], [dh, dw], x.dtype) : null;
  if (pooled) {
    out = Tensor._make(pooled.values, [n, c, pooledH, pooledW], x.dtype);
    picked = pooled.indices;
  } else {
    const { offsets, ho, wo } = P.windowOffsets(x.shape, kh, kw, sh, sw, dh, dw);
    const kk = kh * kw, l = ho * wo;
    const windows = no_grad(() => P.unfoldWindows(x, kh, kw, sh, sw, dh, dw).cols.reshape(n, c, kk, l));
    const [values, indices] = windows.max(2);
    out = values.reshape(n, c, ho, wo);
    if (needsGrad(input) || wantIndices) {
      // For output (b, ch, j): window element indices[b, ch, j] sits at offsets[((b c + ch) kk + idx) l + j].
      if (indices.is_cpu) {
        const idx = indices._contiguousData();
        const p = new Int32Array(idx.length);
        for (let bc = 0, q = 0; bc < n * c; bc++) for (let j = 0; j < l; j++, q++) p[q] = offsets[(bc * kk + idx[q]) * l + j];
        picked = p;
      } else {
        // On a device: the same lookup as tensor ops, so the window indices stay there.
        const base = new Float64Array(n * c * l);
        for (let bc = 0, q = 0; bc < n * c; bc++) for (let j = 0; j < l; j++, q++) base[q] = bc * kk * l + j;
        const at = indices.reshape(-1).mul(l).add(Tensor._make(base, [base.length], int64).to(indices.device));
        picked = Tensor._make(Float64Array.from(offsets), [offsets.length], int64).to(indices.device).index_select(0, at);
      }
    }
  }
  const values = batched ? out : no_grad(() => out.squeeze(0));
  if (needsGrad(input)) record(MAX_POOL2D, [input], values, { paddedShape: x.shape, picked, shape: x4.shape, padding, batched });
  let indices: Tensor | null = null;
  if (wantIndices) {
    const [hp, wp] = x.shape.slice(2), w = x4.shape[3];
    const flatPicks = picked instanceof Tensor ? picked : Tensor._make(Float64Array.from(picked!), [picked!.length], int64);
    indices = no_grad(() => {
      const inPlane = flatPicks.remainder(hp * wp);
      const row = inPlane.div(wp, { rounding_mode: "floor" }).sub(padding[0]), col = inPlane.remainder(wp).sub(padding[1]);
      return row.mul(w).add(col).reshape(out.shape).to(out.device);
    });
  }
  return [values, batched ? indices : indices?.squeeze(0) ?? null];
}

// ---- average pooling ------------------------------------------------------------------

const AVG_POOL2D: OpDef = {
  name: "avg_pool2d",
  node: "AvgPool2DBackward0",
  // Each window's gradient, divided by its divisor, spread back over the window (offsets into the padded input).
  backward: (g: T, s) => {
    const [n, c, kh, kw, ho, wo] = s.windows as number[];
    const spread = g.div(s.divisor).reshape(n, c, 1, 1, ho, wo).expand(n, c, kh, kw, ho, wo);
    let gx = putAdd(Tensor._full(s.paddedShape, 0, g.dtype, g.device), s.offsets, spread);
    if (s.paddedShape[2] !== s.shape[2] || s.paddedShape[3] !== s.shape[3]) gx = gx.narrow(2, s.padding[0], s.shape[2]).narrow(3, s.padding[1], s.shape[3]);
    return [gx];
  },
};

/** avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None). */
export function avg_pool2d(input: Tensor, kernel_size: Pair, ...args: ArgsOf<["stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"]>): Tensor {
  const o = bindArgs("avg_pool2d", args, ["stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"]);
  const [kh, kw] = pair(kernel_size);
  const [sh, sw] = pair((o.stride as Pair | null | undefined) ?? kernel_size);
  const padding = pair((o.padding as Pair | undefined) ?? 0);
  const countPad = (o.count_include_pad as boolean | undefined) ?? true;
  const divisorOverride = (o.divisor_override as number | null | undefined) ?? null;
  if (divisorOverride === 0) throw new RuntimeError("divisor must be not zero");
  const batched = input.dim() === 4;
  const x4 = batched ? input : input.unsqueeze(0);
  const [n, c] = x4.shape;
  const [ho, wo] = checkPool(x4, [kh, kw], [sh, sw], padding, [1, 1], Boolean(o.ceil_mode));
  const pads = poolPadding(x4.shape, [kh, kw], [sh, sw], padding, [1, 1], [ho, wo]);
  const divisor = divisorOverride ?? avgPoolDivisor(x4.shape, [kh, kw], [sh, sw], padding, pads, countPad, x4.dtype, x4.device);
  const x = pads.some((p) => p > 0) ? no_grad(() => P.pad(x4, pads)) : x4.detach();
  const out = no_grad(() => P.unfoldWindows(x, kh, kw, sh, sw).cols.sum([2, 3]).div(divisor));
  if (needsGrad(x4)) {
    const { offsets } = P.windowOffsets(x.shape, kh, kw, sh, sw, 1, 1);
    record(AVG_POOL2D, [x4], out, { offsets, windows: [n, c, kh, kw, ho, wo], divisor, paddedShape: x.shape, shape: x4.shape, padding });
  }
  return batched ? out : out.squeeze(0);
}

// ---- 1-d pooling: PyTorch's own composition, the 2-d op over a height of 1 (its node is the squeeze) ----------

/** max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False). */
export function max_pool1d(input: Tensor, kernel_size: number | number[], ...args: ArgsOf<["stride", "padding", "dilation", "ceil_mode", "return_indices"]>): Tensor {
  const o = bindArgs("max_pool1d", args, ["stride", "padding", "dilation", "ceil_mode", "return_indices"]);
  if (input.dim() !== 2 && input.dim() !== 3) throw new RuntimeError(`max_pool1d() Expected 2D or 3D input tensor, but got [${input.shape.join(", ")}]`);
  const k = single(kernel_size), stride = single((o.stride as number | number[] | null | undefined) ?? k);
  const options = { stride: [1, stride] as [number, number], padding: [0, single((o.padding as number | number[] | undefined) ?? 0)] as [number, number], dilation: [1, single((o.dilation as number | number[] | undefined) ?? 1)] as [number, number], ceil_mode: o.ceil_mode, return_indices: o.return_indices };
  if (o.return_indices) {
    const [values, indices] = max_pool2d_with_indices(input.unsqueeze(-2), [1, k], options);
    return [values.squeeze(-2), indices.squeeze(-2)] as unknown as Tensor;
  }
  // Where no indices are needed (no gradient wanted, on the CPU): max_pool1d's own checks and empty result, as PyTorch's 1-d kernel path.
  if (input.is_cpu && !(input.requires_grad && is_grad_enabled())) {
    const length = checkMaxPool1d(input.shape[input.dim() - 1], k, stride, options.padding[1], options.dilation[1], Boolean(o.ceil_mode));
    if (length === 0) return Tensor._full([...input.shape.slice(0, -1), 0], 0, input.dtype);
  }
  return max_pool2d(input.unsqueeze(-2), [1, k], options).squeeze(-2);
}

/** avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True). */
export function avg_pool1d(input: Tensor, kernel_size: number | number[], ...args: ArgsOf<["stride", "padding", "ceil_mode", "count_include_pad"]>): Tensor {
  const o = bindArgs("avg_pool1d", args, ["stride", "padding", "ceil_mode", "count_include_pad"]);
  if (input.dim() !== 2 && input.dim() !== 3) throw new RuntimeError(`avg_pool1d() Expected 2D or 3D input tensor, but got [${input.shape.join(", ")}]`);
  const k = single(kernel_size), stride = single((o.stride as number | number[] | null | undefined) ?? k);
  const options = { stride: [1, stride] as [number, number], padding: [0, single((o.padding as number | number[] | undefined) ?? 0)] as [number, number], ceil_mode: o.ceil_mode, count_include_pad: o.count_include_pad };
  return avg_pool2d(input.unsqueeze(-2), [1, k], options).squeeze(-2);
}

const ADAPTIVE_MAX_POOL2D = gatherDef("AdaptiveMaxPool2DBackward0");
/**
 * adaptive_max_pool2d(input, output_size, return_indices=False): the maximum of each
 * adaptive window (rows floor(i H / Ho) to ceil((i + 1) H / Ho), columns alike; the
 * first of equal maxima, NaN wins), with each plane's flat index of it.
 */
export function adaptive_max_pool2d(input: Tensor, output_size: number | readonly (number | null)[], ...args: unknown[]): Tensor | [Tensor, Tensor] {
  const returnIndices = (bindArgs("adaptive_max_pool2d", args, ["return_indices"]).return_indices as boolean | undefined) ?? false;
  if (input.dim() !== 3 && input.dim() !== 4) throw new RuntimeError(`adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: [${input.shape.join(", ")}]`);
  const x = input.dim() === 3 ? input.unsqueeze(0) : input;
  const [n, c, h, w] = x.shape;
  const [oh, ow] = (typeof output_size === "number" ? [output_size, output_size] : output_size.map((v, i) => v ?? [h, w][i])) as number[];
  const window = (i: number, size: number, out: number) => [Math.floor((i * size) / out), Math.ceil(((i + 1) * size) / out)];
  // Per output cell: the window's local argmax (a NaN counts as the maximum), as an index into the plane.
  const indices = no_grad(() => {
    const cells: Tensor[] = [];
    for (let i = 0; i < oh; i++) {
      const [h0, h1] = window(i, h, oh);
      for (let j = 0; j < ow; j++) {
        const [w0, w1] = window(j, w, ow);
        const win = x.detach().narrow(2, h0, h1 - h0).narrow(3, w0, w1 - w0).reshape(n, c, -1);
        const local = where(win.isnan(), Infinity, win).argmax(-1);
        cells.push(local.div(w1 - w0, { rounding_mode: "floor" }).add(h0).mul(w).add(local.remainder(w1 - w0).add(w0)));
      }
    }
    return stack(cells, -1).reshape(n, c, oh, ow);
  });
  const offsets = alongDimOffsets(x.reshape(n, c, h * w), 2, indices.reshape(n, c, oh * ow), "gather");
  const values = take(input, offsets, input.dim() === 3 ? [c, oh, ow] : [n, c, oh, ow], ADAPTIVE_MAX_POOL2D);
  const idx = input.dim() === 3 ? indices.squeeze(0) : indices;
  return returnIndices ? [values, idx] : values;
}

/** adaptive_max_pool1d(input, output_size, return_indices=False): adaptive_max_pool2d over a height of 1. */
export function adaptive_max_pool1d(input: Tensor, output_size: number | number[], ...args: unknown[]): Tensor | [Tensor, Tensor] {
  const returnIndices = (bindArgs("adaptive_max_pool1d", args, ["return_indices"]).return_indices as boolean | undefined) ?? false;
  if (input.dim() !== 2 && input.dim() !== 3) throw new RuntimeError(`adaptive_max_pool1d() argument 'input' must be a 2D or 3D tensor, but got [${input.shape.join(", ")}]`);
  const [values, indices] = adaptive_max_pool2d(input.unsqueeze(-2), [1, single(output_size)], true) as [Tensor, Tensor];
  return returnIndices ? [values.squeeze(-2), indices.squeeze(-2)] : values.squeeze(-2);
}

/** lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False): the power-mean pool, (sum of x^p over the window)^(1/p). */
export function lp_pool1d(input: Tensor, norm_type: number, kernel_size: number, ...args: ArgsOf<["stride", "ceil_mode"]>): Tensor {
  const o = bindArgs("lp_pool1d", args, ["stride", "ceil_mode"]);
  const out = avg_pool1d(input.pow(norm_type), kernel_size, { stride: o.stride ?? null, padding: 0, ceil_mode: o.ceil_mode ?? false });
  return out.sign().mul(out.abs().relu()).mul(kernel_size).pow(1 / norm_type);
}
/** lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False). */
export function lp_pool2d(input: Tensor, norm_type: number, kernel_size: number | [number, number], ...args: ArgsOf<["stride", "ceil_mode"]>): Tensor {
  const o = bindArgs("lp_pool2d", args, ["stride", "ceil_mode"]);
  const [kh, kw] = typeof kernel_size === "number" ? [kernel_size, kernel_size] : kernel_size;
  const out = avg_pool2d(input.pow(norm_type), kernel_size, { stride: o.stride ?? null, padding: 0, ceil_mode: o.ceil_mode ?? false });
  return out.sign().mul(out.abs().relu()).mul(kw * kh).pow(1 / norm_type);
}

const MAX_UNPOOL2D: OpDef = {
  name: "max_unpool2d",
  node: "MaxUnpool2DBackward0",
  backward: (g: T, { indices, inputShape }) => {
    const [n, c] = [inputShape[0], inputShape[1]];
    return [g.reshape(n, c, -1).gather(2, indices.reshape(n, c, -1)).reshape(inputShape)];
  },
};
/** PyTorch's _unpool_output_size: (in - 1) stride + kernel - 2 padding per spatial dim, or output_size checked against it. */
function unpoolOutputSize(input: Tensor, kernel: number[], stride: number[], padding: number[], outputSize: number[] | null): number[] {
  const spatial = input.shape.slice(-kernel.length);
  const defaults = spatial.map((s, d) => (s - 1) * stride[d] + kernel[d] - 2 * padding[d]);
  if (outputSize === null) return defaults;
  const size = outputSize.length === kernel.length + 2 ? outputSize.slice(2) : outputSize;
  if (size.length !== kernel.length) throw new ValueError(`output_size should be a sequence containing ${kernel.length} or ${kernel.length + 2} elements, but it has a length of '${size.length}'`);
  size.forEach((s, d) => {
    const lo = defaults[d] - stride[d], hi = defaults[d] + stride[d];
    if (!(lo < s && s < hi)) throw new ValueError(`invalid output_size "[${size.join(", ")}]" (dim ${d} must be between ${lo} and ${hi})`);
  });
  return size;
}
function maxUnpool(fn: string, input: Tensor, indices: Tensor, kernel: number[], args: readonly unknown[]): Tensor {
  const o = bindArgs(fn, args, ["stride", "padding", "output_size"]);
  const n = kernel.length;
  const tuple = (v: unknown, d: number[]) => (v === undefined || v === null ? d : typeof v === "number" ? new Array<number>(n).fill(v) : (v as number[]));
  const stride = tuple(o.stride, kernel), padding = tuple(o.padding, new Array<number>(n).fill(0));
  const outSpatial = unpoolOutputSize(input, kernel, stride, padding, (o.output_size as number[] | undefined) ?? null);
  const batched = input.dim() === n + 2;
  const x = batched ? input : input.unsqueeze(0), idx = batched ? indices : indices.unsqueeze(0);
  const [bn, c] = x.shape;
  const planeOut = outSpatial.reduce((a, b) => a * b, 1);
  const out = no_grad(() => Tensor._full([bn, c, planeOut], 0, x.dtype, x.device).scatter(2, idx.reshape(bn, c, -1), x.reshape(bn, c, -1)).reshape([bn, c, ...outSpatial]));
  if (needsGrad(x)) record(MAX_UNPOOL2D, [x], out, { indices: idx, inputShape: x.shape });
  return batched ? out : out.squeeze(0);
}
/** max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None): max_pool1d's values put back at their indices, zeros elsewhere. */
export const max_unpool1d = (input: Tensor, indices: Tensor, kernel_size: number | number[], ...args: unknown[]): Tensor =>
  maxUnpool("max_unpool1d", input, indices, typeof kernel_size === "number" ? [kernel_size] : kernel_size, args);
/** max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None). */
export const max_unpool2d = (input: Tensor, indices: Tensor, kernel_size: number | number[], ...args: unknown[]): Tensor =>
  maxUnpool("max_unpool2d", input, indices, typeof kernel_size === "number" ? [kernel_size, kernel_size] : kernel_size, args);
