// torch.nn.functional. Activations and softmax are op-table primitives
// (ops/nn.ts); layers and losses are composites of tensor ops, so their
// gradients (and gradients of gradients) come from the op table.
import { bindArgs, castTo, checkKeywords } from "../args.js";
import { applyInplace } from "../ops/inplace.js";
import { defaultGenerator } from "../random.js";
import { one_hot } from "../ops/sort.js";
import { backend } from "../backend/index.js";
import { is_grad_enabled, no_grad } from "../autograd/grad_mode.js";
import { float64, int64 } from "../dtype.js";
import { contiguousStrides, windowCount } from "../shape.js";
import { IndexError, NotImplementedError, RuntimeError, TorchTypeError, typeName, ValueError } from "../errors.js";
import { bernoulliScalar, tensor, zeros } from "../ops/creation.js";
import { composite, needsGrad, record, type OpDef } from "../ops/registry.js";
import * as P from "../ops/nn.js";
import { alongDimOffsets, cat, gatherDef, putAdd, stack, take } from "../ops/shape.js";
import { addmm, einsum } from "../ops/linalg.js";
import { where } from "../ops/elementwise.js";
import { Tensor } from "../tensor.js";
import * as A from "./activations.js";
import { avgPoolDivisor, checkMaxPool1d, checkPool, poolPadding } from "./pooling.js";
import { embedding_renorm_ } from "./embedding.js";
import { warn } from "../warnings.js";

export { embedding } from "./embedding.js";
export { adaptive_avg_pool1d, adaptive_avg_pool2d, interpolate } from "./interpolate.js";
export {
  elu, selu, celu, hardswish, hardsigmoid, logsigmoid, softsign, mish, tanhshrink, hardshrink, softshrink, threshold, glu, softmin,
  prelu, normalize, cosine_similarity, pairwise_distance,
} from "./activations.js";
export { one_hot } from "../ops/sort.js";
export { grid_sample, affine_grid } from "./grid_sample.js";
export { ctc_loss } from "./ctc_loss.js";

export type Reduction = "mean" | "sum" | "none";
type T = Tensor;

/** softmax(input, dim) or softmax(input, { dim }). */
export function softmax(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("softmax", args, ["dim", "_stacklevel", "dtype"]);
  return P.softmax(castTo(input, o.dtype), o.dim as number);
}
export function log_softmax(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("log_softmax", args, ["dim", "_stacklevel", "dtype"]);
  return P.log_softmax(castTo(input, o.dtype), o.dim as number);
}
/** gelu(input, { approximate: "none" | "tanh" }). */
export function gelu(input: Tensor, options: { approximate?: "none" | "tanh" } | "none" | "tanh" = {}): Tensor {
  return P.gelu(input, typeof options === "string" ? options : options.approximate ?? "none");
}

/** relu(input, inplace=False). */
export function relu(input: Tensor, ...args: unknown[]): Tensor {
  return bindArgs("relu", args, ["inplace"]).inplace === true ? input.relu_() : input.relu();
}
export const sigmoid = (x: Tensor): Tensor => x.sigmoid();
export const tanh = (x: Tensor): Tensor => x.tanh();
export const erf = P.erf;

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

type Pair = number | [number, number];
const pair = (v: Pair): [number, number] => (typeof v === "number" ? [v, v] : v);

export interface Conv2dOptions {
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  groups?: number;
}

/** The gradients of a groups=1 convolution (im2col again, then matrix products). */
function convGrads(g: T, input: T, weight: T, stride: [number, number], padding: [number, number], dilation: [number, number], needs: readonly unknown[]): (T | null)[] {
  const [n, c] = input.shape;
  const [o, , kh, kw] = weight.shape;
  const xp = padding[0] || padding[1] ? P.pad(input, [padding[1], padding[1], padding[0], padding[0]]) : input;
  const { cols, ho, wo } = P.unfoldWindows(xp, kh, kw, stride[0], stride[1], dilation[0], dilation[1]);
  const k = c * kh * kw;
  const gf = g.reshape(n, o, ho * wo);
  let gradInput: T | null = null;
  if (needs[0]) {
    const gradCols = weight.reshape(o, k).t().matmul(gf).reshape(n, c, kh, kw, ho, wo);
    const { offsets } = P.windowOffsets(xp.shape, kh, kw, stride[0], stride[1], dilation[0], dilation[1]);
    let gx = putAdd(Tensor._full(xp.shape, 0, g.dtype, g.device), offsets, gradCols);
    if (padding[0] || padding[1]) gx = gx.narrow(2, padding[0], input.shape[2]).narrow(3, padding[1], input.shape[3]);
    gradInput = gx;
  }
  const gradWeight = needs[1] ? gf.matmul(cols.reshape(n, k, ho * wo).transpose(1, 2)).sum(0).reshape(weight.shape) : null;
  return [gradInput, gradWeight];
}

const CONVOLUTION: OpDef = {
  name: "convolution",
  node: "ConvolutionBackward0",
  backward: (g: T, s, needs) => {
    const { input, weight, stride, padding, dilation, groups } = s as { input: T; weight: T; stride: [number, number]; padding: [number, number]; dilation: [number, number]; groups: number };
    const gradBias = needs[2] ? g.sum([0, 2, 3]) : null;
    // The backend's kernel where no graph of the gradients is wanted (no create_graph); the composed
    // formula, in tensor ops, is what double backward differentiates.
    const fused = groups === 1 && !is_grad_enabled() && input.dtype === weight.dtype && g.dtype === weight.dtype
      ? backend.conv2dBackward?.(g, input, weight, stride, padding, dilation, [Boolean(needs[0]), Boolean(needs[1])], weight.dtype)
      : null;
    if (fused) {
      const { input: gradInput, weight: gradWeight } = fused;
      return [gradInput && Tensor._make(gradInput, input.shape, weight.dtype), gradWeight && Tensor._make(gradWeight, weight.shape, weight.dtype), gradBias];
    }
    if (groups === 1) return [...convGrads(g, input, weight, stride, padding, dilation, needs), gradBias];
    // Groups: each group of channels is its own convolution.
    const parts = [g.chunk(groups, 1), input.chunk(groups, 1), weight.chunk(groups, 0)];
    const grads = parts[0].map((gi, i) => convGrads(gi, parts[1][i], parts[2][i], stride, padding, dilation, needs));
    return [needs[0] ? cat(grads.map((r) => r[0]!), 1) : null, needs[1] ? cat(grads.map((r) => r[1]!), 0) : null, gradBias];
  },
};

/** The forward of a groups=1 convolution, bias included: the backend's kernel, or im2col and one batched product. */
function convForward(input: T, weight: T, bias: T | null, stride: [number, number], padding: [number, number], dilation: [number, number]): T {
  const [n, c] = input.shape;
  const [out, , kh, kw] = weight.shape;
  const fused = input.dtype === weight.dtype && (bias === null || bias.dtype === weight.dtype) ? backend.conv2d?.(input, weight, bias, stride, padding, dilation, weight.dtype) : null;
  if (fused) {
    const [ho, wo] = [0, 1].map((d) => windowCount(input.shape[2 + d] + 2 * padding[d], weight.shape[2 + d], stride[d], dilation[d]));
    return Tensor._make(fused, [n, out, ho, wo], weight.dtype);
  }
  const x = padding[0] || padding[1] ? P.pad(input, [padding[1], padding[1], padding[0], padding[0]]) : input;
  const { cols, ho, wo } = P.unfoldWindows(x, kh, kw, stride[0], stride[1], dilation[0], dilation[1]);
  const y = weight.reshape(out, c * kh * kw).matmul(cols.reshape(n, c * kh * kw, ho * wo)).reshape(n, out, ho, wo);
  return bias ? y.add(bias.reshape(1, out, 1, 1)) : y;
}

/**
 * 2-D convolution (cross-correlation) as im2col + one batched matrix product.
 * conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1);
 * padding may be "valid" or "same" (extra padding on the right and bottom when
 * the total is odd, as PyTorch pads it); groups split the channels.
 */
export function conv2d(input: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("conv2d", args, ["bias", "stride", "padding", "dilation", "groups"]);
  const bias = (o.bias as Tensor | null | undefined) ?? null;
  const stride = pair((o.stride as Pair) ?? 1);
  const dilation = pair((o.dilation as Pair) ?? 1);
  const groups = (o.groups as number | undefined) ?? 1;
  if (input.dim() === 3) return conv2d(input.unsqueeze(0), weight, bias, { stride, padding: o.padding ?? 0, dilation, groups }).squeeze(0);
  if (input.dim() !== 4) throw new RuntimeError(`Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [${input.shape.join(", ")}]`);
  let padArg = (o.padding as Pair | "same" | "valid" | undefined) ?? 0;
  if (padArg === "valid") padArg = 0;
  if (padArg === "same") {
    if (stride[0] !== 1 || stride[1] !== 1) throw new RuntimeError("padding='same' is not supported for strided convolutions");
    const [th, tw] = [dilation[0] * (weight.shape[2] - 1), dilation[1] * (weight.shape[3] - 1)];
    const [top, left] = [Math.floor(th / 2), Math.floor(tw / 2)];
    if (th % 2 === 0 && tw % 2 === 0) padArg = [top, left];
    else return conv2d(P.pad(input, [left, tw - left, top, th - top]), weight, bias, { stride, padding: 0, dilation, groups });
  }
  if (typeof padArg === "string") throw new ValueError(`Invalid padding string '${padArg}', should be one of {'valid', 'same'}`);
  const padding = pair(padArg);
  if (!Number.isInteger(groups) || groups < 1) throw new RuntimeError("non-positive groups is not supported");
  const c = input.shape[1];
  const [out, cw, kh, kw] = weight.shape;
  if (kh <= 0 || kw <= 0) throw new RuntimeError(`kernel size should be greater than zero, but got kernel_height: ${kh} kernel_width: ${kw}`);
  if (stride.some((v) => !(v > 0))) throw new RuntimeError("non-positive stride is not supported");
  if (padding.some((v) => v < 0)) throw new RuntimeError("negative padding is not supported");
  if (dilation.some((v) => !(v > 0))) throw new RuntimeError("dilation should be greater than zero");
  if (cw * groups !== c || out % groups !== 0) {
    throw new RuntimeError(`Given groups=${groups}, weight of size [${weight.shape.join(", ")}], expected input[${input.shape.join(", ")}] to have ${cw * groups} channels, but got ${c} channels instead`);
  }
  const result = no_grad(() => {
    if (groups === 1) return convForward(input, weight, bias, stride, padding, dilation);
    const y = cat(input.chunk(groups, 1).map((x, i) => convForward(x, weight.chunk(groups, 0)[i], null, stride, padding, dilation)), 1);
    return bias ? y.add(bias.reshape(1, out, 1, 1)) : y;
  });
  if (needsGrad(input, weight, bias)) record(CONVOLUTION, [input, weight, bias], result, { input, weight, stride, padding, dilation, groups });
  return result;
}

const CONVOLUTION_1D: OpDef = {
  name: "convolution",
  node: "ConvolutionBackward0",
  // conv1d runs as a convolution of height 1: its gradients are conv2d's, squeezed back.
  backward: (g: T, s, needs) => {
    const [gi, gw, gb] = CONVOLUTION.backward(g.unsqueeze(2), { ...s, input: s.input.unsqueeze(2), weight: s.weight.unsqueeze(2) }, needs);
    return [gi ? gi.squeeze(2) : null, gw ? gw.squeeze(2) : null, gb ?? null];
  },
};

/** One number of a 1-d layer's setting, given as a number or a one-element list. */
const single = (v: number | readonly number[]): number => (typeof v === "number" ? v : v[0]);

/**
 * conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
 * conv2d over a height of 1, with PyTorch's one ConvolutionBackward0 node;
 * padding may be "valid" or "same" (the extra element on the right).
 */
export function conv1d(input: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("conv1d", args, ["bias", "stride", "padding", "dilation", "groups"]);
  const bias = (o.bias as Tensor | null | undefined) ?? null;
  const stride = single((o.stride as number | number[] | undefined) ?? 1), dilation = single((o.dilation as number | number[] | undefined) ?? 1);
  const groups = (o.groups as number | undefined) ?? 1;
  let padArg = (o.padding as number | number[] | "same" | "valid" | undefined) ?? 0;
  if (input.dim() === 2) return conv1d(input.unsqueeze(0), weight, bias, { stride, padding: padArg, dilation, groups }).squeeze(0);
  if (input.dim() !== 3) throw new RuntimeError(`Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: [${input.shape.join(", ")}]`);
  if (weight.dim() !== 3) throw new RuntimeError(`Expected 3-dimensional weight for conv1d, but got weight of size [${weight.shape.join(", ")}]`);
  if (padArg === "valid") padArg = 0;
  if (padArg === "same") {
    if (stride !== 1) throw new RuntimeError("padding='same' is not supported for strided convolutions");
    const total = dilation * (weight.shape[2] - 1), left = Math.floor(total / 2);
    if (total % 2 === 0) padArg = left;
    else return conv1d(P.pad(input, [left, total - left]), weight, bias, { stride, padding: 0, dilation, groups });
  }
  if (typeof padArg === "string") throw new ValueError(`Invalid padding string '${padArg}', should be one of {'valid', 'same'}`);
  const padding = single(padArg);
  if (Number.isInteger(groups) && groups >= 1 && (weight.shape[1] * groups !== input.shape[1] || weight.shape[0] % groups !== 0)) {
    throw new RuntimeError(`Given groups=${groups}, weight of size [${weight.shape.join(", ")}], expected input[${input.shape.join(", ")}] to have ${weight.shape[1] * groups} channels, but got ${input.shape[1]} channels instead`);
  }
  const s = { input, weight, stride: [1, stride], padding: [0, padding], dilation: [1, dilation], groups };
  const out = no_grad(() => conv2d(input.unsqueeze(2), weight.unsqueeze(2), bias, { stride: s.stride, padding: s.padding, dilation: s.dilation, groups }).squeeze(2));
  if (needsGrad(input, weight, bias)) record(CONVOLUTION_1D, [input, weight, bias], out, s);
  return out;
}

const CONV_TRANSPOSE: OpDef = {
  name: "convolution",
  node: "ConvolutionBackward0",
  // A transposed convolution is conv2d's input gradient: its own gradients are conv2d of g (for the
  // input) and conv2d's weight gradient with g as the image (for the weight).
  backward: (g: T, s, needs) => {
    const { input, weight, stride, padding, dilation, groups } = s as { input: T; weight: T; stride: [number, number]; padding: [number, number]; dilation: [number, number]; groups: number };
    const gradInput = needs[0] ? conv2d(g, weight, null, { stride, padding, dilation, groups }) : null;
    const gradWeight = needs[1] ? CONVOLUTION.backward(input, { input: g, weight, stride, padding, dilation, groups }, [false, true, false])[1] : null;
    return [gradInput, gradWeight, needs[2] ? g.sum([0, 2, 3]) : null];
  },
};

/**
 * conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
 * the gradient of conv2d with respect to its input, as a layer; weight is [in, out / groups, kh, kw].
 */
export function conv_transpose2d(input: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("conv_transpose2d", args, ["bias", "stride", "padding", "output_padding", "groups", "dilation"]);
  const bias = (o.bias as Tensor | null | undefined) ?? null;
  const stride = pair((o.stride as Pair) ?? 1), padding = pair((o.padding as Pair) ?? 0), outputPadding = pair((o.output_padding as Pair) ?? 0);
  const dilation = pair((o.dilation as Pair) ?? 1), groups = (o.groups as number | undefined) ?? 1;
  if (input.dim() === 3) return conv_transpose2d(input.unsqueeze(0), weight, bias, stride, padding, outputPadding, groups, dilation).squeeze(0);
  if (input.dim() !== 4) throw new RuntimeError(`Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d, but got input of size: [${input.shape.join(", ")}]`);
  if (weight.dim() !== 4) throw new RuntimeError(`weight should have 4 dimensions for conv_transpose2d, but got weight of size [${weight.shape.join(", ")}]`);
  if (outputPadding[0] >= Math.max(stride[0], dilation[0]) || outputPadding[1] >= Math.max(stride[1], dilation[1])) {
    throw new RuntimeError(`output padding must be smaller than either stride or dilation, but got output_padding_height: ${outputPadding[0]} output_padding_width: ${outputPadding[1]} stride_height: ${stride[0]} stride_width: ${stride[1]} dilation_height: ${dilation[0]} dilation_width: ${dilation[1]}`);
  }
  const [n, cin, h, w] = input.shape;
  const [wc, coutPerGroup, kh, kw] = weight.shape;
  if (wc !== cin) throw new RuntimeError(`Given transposed=1, weight of size [${weight.shape.join(", ")}], expected input[${input.shape.join(", ")}] to have ${wc} channels, but got ${cin} channels instead`);
  const cout = coutPerGroup * groups;
  const ho = (h - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kh - 1) + outputPadding[0] + 1;
  const wo = (w - 1) * stride[1] - 2 * padding[1] + dilation[1] * (kw - 1) + outputPadding[1] + 1;
  if (ho <= 0 || wo <= 0) throw new RuntimeError(`Given input size per channel: (${h} x ${w}). Calculated output size per channel: (${ho} x ${wo}). Output size is too small`);
  const s = { input, weight, stride, padding, dilation, groups };
  const out = no_grad(() => {
    const image = Tensor._full([n, cout, ho, wo], 0, weight.dtype, weight.device);
    const y = CONVOLUTION.backward(input, { ...s, input: image }, [true, false, false])[0]!;
    return bias ? y.add(bias.reshape(1, cout, 1, 1)) : y;
  });
  if (needsGrad(input, weight, bias)) record(CONV_TRANSPOSE, [input, weight, bias], out, s);
  return out;
}

const CONV_TRANSPOSE_1D: OpDef = {
  name: "convolution",
  node: "ConvolutionBackward0",
  // conv_transpose1d runs as a transposed convolution of height 1: its gradients are conv_transpose2d's, squeezed back.
  backward: (g: T, s, needs) => {
    const [gi, gw, gb] = CONV_TRANSPOSE.backward(g.unsqueeze(2), { ...s, input: s.input.unsqueeze(2), weight: s.weight.unsqueeze(2) }, needs);
    return [gi ? gi.squeeze(2) : null, gw ? gw.squeeze(2) : null, gb ?? null];
  },
};

/**
 * conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
 * conv_transpose2d over a height of 1, one ConvolutionBackward0 node; weight is [in, out / groups, k].
 */
export function conv_transpose1d(input: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("conv_transpose1d", args, ["bias", "stride", "padding", "output_padding", "groups", "dilation"]);
  const bias = (o.bias as Tensor | null | undefined) ?? null;
  const setting = (v: unknown, d: number) => single((v as number | number[] | undefined) ?? d);
  const stride = setting(o.stride, 1), padding = setting(o.padding, 0), outputPadding = setting(o.output_padding, 0), dilation = setting(o.dilation, 1);
  const groups = (o.groups as number | undefined) ?? 1;
  if (input.dim() === 2) return conv_transpose1d(input.unsqueeze(0), weight, bias, stride, padding, outputPadding, groups, dilation).squeeze(0);
  if (input.dim() !== 3) throw new RuntimeError(`Expected 2D (unbatched) or 3D (batched) input to conv_transpose1d, but got input of size: [${input.shape.join(", ")}]`);
  if (weight.dim() !== 3) throw new RuntimeError(`weight should have 3 dimensions for conv_transpose1d, but got weight of size [${weight.shape.join(", ")}]`);
  const s = { input, weight, stride: [1, stride], padding: [0, padding], dilation: [1, dilation], groups };
  const out = no_grad(() => conv_transpose2d(input.unsqueeze(2), weight.unsqueeze(2), bias, s.stride, s.padding, [0, outputPadding], groups, s.dilation).squeeze(2));
  if (needsGrad(input, weight, bias)) record(CONV_TRANSPOSE_1D, [input, weight, bias], out, s);
  return out;
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

// ---- more activations: PyTorch's nodes, formulas from derivatives.yaml --------------

const LEAKY_RELU: OpDef = {
  name: "leaky_relu",
  node: "LeakyReluBackward0",
  backward: (g: T, s) => [where(s.self.gt(0), g, g.mul(s.slope))],
};

const LEAKY_RELU_RESULT: OpDef = { name: "leaky_relu_", node: "LeakyReluBackward1", backward: (g: T, s) => [where(s.result.gt(0), g, g.mul(s.slope))] };
/** leaky_relu_(input, negative_slope=0.01): in place, its node saving the result. */
export function leaky_relu_(input: Tensor, ...args: unknown[]): Tensor {
  const slope = (bindArgs("leaky_relu_", args, ["negative_slope"]).negative_slope as number | undefined) ?? 0.01;
  return applyInplace(input, () => {
    const out = no_grad(() => where(input.gt(0), input, input.mul(slope)));
    if (needsGrad(input)) record(LEAKY_RELU_RESULT, [input], out, { result: out, slope });
    return out;
  });
}

/** leaky_relu(input, negative_slope=0.01). */
export function leaky_relu(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("leaky_relu", args, ["negative_slope", "inplace"]);
  const slope = (o.negative_slope as number | undefined) ?? 0.01;
  if (o.inplace === true) return leaky_relu_(input, slope);
  const out = no_grad(() => where(input.gt(0), input, input.mul(slope)));
  if (needsGrad(input)) record(LEAKY_RELU, [input], out, { self: input, slope });
  return out;
}

const SILU: OpDef = {
  name: "silu",
  node: "SiluBackward0",
  backward: (g: T, s) => {
    const sig = s.self.sigmoid();
    return [g.mul(sig.mul(s.self.mul(sig.rsub(1)).add(1)))];
  },
};

/** silu(input, inplace=False) = input * sigmoid(input). */
export function silu(input: Tensor, ...args: unknown[]): Tensor {
  if (bindArgs("silu", args, ["inplace"]).inplace === true) return applyInplace(input, () => silu(input));
  const out = no_grad(() => input.mul(input.sigmoid()));
  if (needsGrad(input)) record(SILU, [input], out, { self: input });
  return out;
}

const SOFTPLUS: OpDef = {
  name: "softplus",
  node: "SoftplusBackward0",
  backward: (g: T, s) => {
    const bx = s.self.mul(s.beta);
    return [where(bx.gt(s.threshold), g, g.mul(bx.sigmoid()))];
  },
};

/** softplus(input, beta=1, threshold=20): log(1 + exp(beta x)) / beta, linear above the threshold. */
export function softplus(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("softplus", args, ["beta", "threshold"]);
  const beta = (o.beta as number | undefined) ?? 1;
  const threshold = (o.threshold as number | undefined) ?? 20;
  const out = no_grad(() => {
    const bx = input.mul(beta);
    return where(bx.gt(threshold), input, bx.exp().log1p().div(beta));
  });
  if (needsGrad(input)) record(SOFTPLUS, [input], out, { self: input, beta, threshold });
  return out;
}

const HARDTANH: OpDef = {
  name: "hardtanh",
  node: "HardtanhBackward0",
  backward: (g: T, s) => [where(s.self.le(s.min).logical_or(s.self.ge(s.max)), 0, g)],
};

/** hardtanh(input, min_val=-1.0, max_val=1.0). */
export function hardtanh(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("hardtanh", args, ["min_val", "max_val", "inplace"]);
  const min = (o.min_val as number | undefined) ?? -1;
  const max = (o.max_val as number | undefined) ?? 1;
  if (o.inplace === true) return applyInplace(input, () => hardtanh(input, min, max));
  const out = no_grad(() => input.clamp(min, max));
  if (needsGrad(input)) record(HARDTANH, [input], out, { self: input, min, max });
  return out;
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
export function avg_pool2d(input: Tensor, kernel_size: Pair, ...args: unknown[]): Tensor {
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

// ---- group normalisation -------------------------------------------------------------

const GROUP_NORM: OpDef = {
  name: "native_group_norm",
  node: "NativeGroupNormBackward0",
  backward: (g: T, s, needs) => {
    const { input, weight, groups, eps, affine } = s as { input: T; weight: T | null; groups: number; eps: number; affine: number[] };
    const n = input.shape[0];
    const grouped = input.reshape(n, groups, -1);
    const dxhat = weight ? g.mul(weight.reshape(affine)) : g;
    const [gx] = normGrad(dxhat.reshape(n, groups, -1), grouped, null, [2], eps, [needs[0]], [1, 1, grouped.shape[2]]);
    const outer = input.shape.map((_, i) => i).filter((i) => i !== 1);
    let gw: T | null = null;
    if (needs[1]) {
      const mean = grouped.mean(2, true);
      const xhat = grouped.sub(mean).mul(grouped.sub(mean).square().mean(2, true).add(eps).rsqrt()).reshape(input.shape);
      gw = g.mul(xhat).sum(outer);
    }
    return [gx === null ? null : gx.reshape(input.shape), gw, needs[2] ? g.sum(outer) : null];
  },
};

/** group_norm(input, num_groups, weight=None, bias=None, eps=1e-05): statistics over each group of channels. */
export function group_norm(input: Tensor, num_groups: number, ...args: unknown[]): Tensor {
  const o = bindArgs("group_norm", args, ["weight", "bias", "eps"]);
  const weight = (o.weight as Tensor | null | undefined) ?? null;
  const bias = (o.bias as Tensor | null | undefined) ?? null;
  const eps = (o.eps as number | undefined) ?? 1e-5;
  const [n, c] = input.shape;
  if (c % num_groups !== 0) {
    throw new RuntimeError(`Expected number of channels in input to be divisible by num_groups, but got input of shape [${input.shape.join(", ")}] and num_groups=${num_groups}`);
  }
  const affine = input.shape.map((s, i) => (i === 1 ? s : 1));
  const out = no_grad(() => {
    const grouped = input.reshape(n, num_groups, -1);
    const centered = grouped.sub(grouped.mean(2, true));
    let y = centered.mul(centered.square().mean(2, true).add(eps).rsqrt()).reshape(input.shape);
    if (weight) y = y.mul(weight.reshape(affine));
    if (bias) y = y.add(bias.reshape(affine));
    return y;
  });
  if (needsGrad(input, weight, bias)) record(GROUP_NORM, [input, weight, bias], out, { input, weight, groups: num_groups, eps, affine });
  return out;
}

/**
 * pad(input, pad, mode='constant', value=None): pad lists (left, right) pairs from the
 * last dim back. Constant padding may be negative (it crops); reflect, replicate and
 * circular gather indices along each padded dim.
 */
export function pad(input: Tensor, padding: readonly number[], ...args: unknown[]): Tensor {
  const o = bindArgs("pad", args, ["mode", "value"]);
  const mode = (o.mode as string | undefined) ?? "constant";
  if (padding.length % 2 !== 0) throw new RuntimeError("Padding length must be divisible by 2");
  if (padding.length / 2 > input.dim()) throw new RuntimeError("Padding length too large");
  if (mode === "constant") {
    let x = input;
    // Negative pads crop first, then the positive ones pad.
    for (let i = 0; i < padding.length / 2; i++) {
      const d = input.dim() - 1 - i;
      const [l, r] = [padding[2 * i], padding[2 * i + 1]];
      if (l < 0 || r < 0) x = x.narrow(d, Math.max(0, -l), x.shape[d] - Math.max(0, -l) - Math.max(0, -r));
    }
    const positive = padding.map((p) => Math.max(0, p));
    return positive.some((p) => p > 0) ? P.pad(x, positive, (o.value as number | null | undefined) ?? 0) : x;
  }
  if (mode !== "reflect" && mode !== "replicate" && mode !== "circular") throw new NotImplementedError(`Unrecognised padding mode ${mode}`);
  if (o.value !== undefined && o.value !== null && o.value !== 0) throw new ValueError(`Padding mode "${mode}"" doesn't take in value argument.`);
  const dims = padding.length / 2;
  const outShape = [...input.shape];
  const maps: (Int32Array | null)[] = input.shape.map(() => null);
  for (let i = 0; i < dims; i++) {
    const d = input.dim() - 1 - i;
    const [l, r] = [padding[2 * i], padding[2 * i + 1]];
    const n = input.shape[d];
    if (mode === "reflect" && (l >= n || r >= n)) {
      throw new RuntimeError(`Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (${l}, ${r}) at dimension ${d} of input [${input.shape.join(", ")}]`);
    }
    if (mode === "circular" && (l > n || r > n)) throw new RuntimeError("Padding value causes wrapping around more than once.");
    if (mode === "circular") continue;
    const idx = new Int32Array(n + l + r);
    for (let k = 0; k < idx.length; k++) {
      const j = k - l;
      idx[k] = mode === "replicate" ? Math.min(Math.max(j, 0), n - 1) : j < 0 ? -j : j >= n ? 2 * (n - 1) - j : j;
    }
    maps[d] = idx;
    outShape[d] = idx.length;
  }
  if (mode === "circular") return padCircular(input, padding);
  // One gather: each output element reads the input element its index maps name.
  const strides = contiguousStrides(input.shape);
  const offsets = new Int32Array(outShape.reduce((a, b) => a * b, 1));
  const coord = new Array<number>(outShape.length).fill(0);
  for (let p = 0; p < offsets.length; p++) {
    let at = 0;
    for (let d = 0; d < outShape.length; d++) at += (maps[d] === null ? coord[d] : maps[d]![coord[d]]) * strides[d];
    offsets[p] = at;
    for (let d = outShape.length - 1; d >= 0; d--) {
      if (++coord[d] < outShape[d]) break;
      coord[d] = 0;
    }
  }
  return take(input, offsets, outShape, gatherDef(`${mode === "reflect" ? "Reflection" : "Replication"}Pad${dims}DBackward0`));
}

/**
 * Circular padding as PyTorch 1.13's _pad_circular writes it: the input copied
 * into the middle of a new tensor, then each dim's wrapped borders copied from
 * that tensor's own slices (in-place copies on views: its history is CopySlices).
 */
function padCircular(input: Tensor, padding: readonly number[]): Tensor {
  const dims = padding.length / 2;
  const outShape = [...input.shape];
  for (let i = 0; i < dims; i++) outShape[input.dim() - 1 - i] += padding[2 * i] + padding[2 * i + 1];
  const out = Tensor._full(outShape, 0, input.dtype, input.device);
  let middle = out;
  for (let i = 0; i < dims; i++) middle = middle.narrow(input.dim() - 1 - i, padding[2 * i], input.shape[input.dim() - 1 - i]);
  middle.copy_(input);
  // From the first padded dim to the last, as PyTorch.
  for (let i = dims - 1; i >= 0; i--) {
    const d = input.dim() - 1 - i;
    const [l, r] = [padding[2 * i], padding[2 * i + 1]];
    const size = outShape[d];
    if (l > 0) out.narrow(d, 0, l).copy_(out.narrow(d, size - l - r, l));
    if (r > 0) out.narrow(d, size - r, r).copy_(out.narrow(d, l, r));
  }
  return out;
}

// ---- attention, resampling, sliding windows -------------------------------------------

/**
 * scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0,
 * is_causal=False, *, scale=None): softmax(q k^T * scale + mask) v, PyTorch 2's
 * reference math (a bool mask is true where attention is allowed; a float mask is added).
 */
export function scaled_dot_product_attention(query: Tensor, key: Tensor, value: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("scaled_dot_product_attention", args, ["attn_mask", "dropout_p", "is_causal"], ["scale"]);
  const mask = (o.attn_mask as Tensor | null | undefined) ?? null;
  const dropoutP = (o.dropout_p as number | undefined) ?? 0;
  const causal = (o.is_causal as boolean | undefined) ?? false;
  const l = query.shape[query.dim() - 2], s = key.shape[key.dim() - 2];
  const scale = (o.scale as number | null | undefined) ?? 1 / Math.sqrt(query.shape[query.dim() - 1]);
  let bias: Tensor | null = null;
  if (causal) {
    if (mask !== null) throw new RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True");
    bias = Tensor._full([l, s], 0, query.dtype, query.device).masked_fill(Tensor._full([l, s], 1, query.dtype, query.device).tril().eq(0), -Infinity);
  }
  if (mask !== null) bias = mask.dtype.name === "bool" ? Tensor._full(mask.shape, 0, query.dtype, query.device).masked_fill(mask.logical_not(), -Infinity) : mask;
  let w = query.matmul(key.transpose(-2, -1)).mul(scale);
  if (bias !== null) w = w.add(bias);
  w = w.softmax(-1);
  if (dropoutP > 0) w = dropout(w, dropoutP, true);
  return w.matmul(value);
}

/** unfold(input, kernel_size, dilation=1, padding=0, stride=1): im2col, [N, C * kh * kw, L]. */
export function unfold(input: Tensor, kernel_size: Pair, ...args: unknown[]): Tensor {
  const o = bindArgs("unfold", args, ["dilation", "padding", "stride"]);
  const [kh, kw] = pair(kernel_size);
  const [dh, dw] = pair((o.dilation as Pair | undefined) ?? 1);
  const [ph, pw] = pair((o.padding as Pair | undefined) ?? 0);
  const [sh, sw] = pair((o.stride as Pair | undefined) ?? 1);
  if (input.dim() !== 4) throw new NotImplementedError(`Input Error: Only 4D input Tensors are supported (got ${input.dim()}D)`);
  const x = ph || pw ? P.pad(input, [pw, pw, ph, ph]) : input;
  const { offsets, ho, wo } = P.windowOffsets(x.shape, kh, kw, sh, sw, dh, dw);
  return take(x, offsets, [input.shape[0], input.shape[1] * kh * kw, ho * wo], IM2COL);
}

const IM2COL = gatherDef("Im2ColBackward0");

/** fold's node: its gradient is unfold of the gradient (the padded windows gathered again). */
const COL2IM: OpDef = {
  name: "col2im",
  node: "Col2ImBackward0",
  backward: (g: T, s) => {
    const [ph, pw] = s.padding;
    const gp = ph || pw ? P.pad(g, [pw, pw, ph, ph]) : g;
    return [take(gp, s.offsets, s.inputShape, IM2COL)];
  },
};

/** fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1): col2im, the sum of overlapping windows. */
export function fold(input: Tensor, output_size: Pair, kernel_size: Pair, ...args: unknown[]): Tensor {
  const o = bindArgs("fold", args, ["dilation", "padding", "stride"]);
  const [oh, ow] = pair(output_size);
  const [kh, kw] = pair(kernel_size);
  const [dh, dw] = pair((o.dilation as Pair | undefined) ?? 1);
  const [ph, pw] = pair((o.padding as Pair | undefined) ?? 0);
  const [sh, sw] = pair((o.stride as Pair | undefined) ?? 1);
  if (input.dim() !== 3) throw new NotImplementedError(`Input Error: Only unbatched (2D) or batched (3D) input Tensors are supported (got ${input.dim()}D)`);
  const [n, ckk, l] = input.shape;
  const c = ckk / (kh * kw);
  if (!Number.isInteger(c)) throw new RuntimeError(`Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=${ckk} and kernel_size=(${kh}, ${kw})`);
  const padded = [n, c, oh + 2 * ph, ow + 2 * pw];
  const { offsets, ho, wo } = P.windowOffsets(padded, kh, kw, sh, sw, dh, dw);
  if (ho * wo !== l) throw new RuntimeError(`Given output_size=(${oh}, ${ow}), kernel_size=(${kh}, ${kw}), dilation=(${dh}, ${dw}), padding=(${ph}, ${pw}), stride=(${sh}, ${sw}), expected size of input's dimension 2 to match the calculated number of sliding blocks ${ho} * ${wo} = ${ho * wo}, but got input.size(2)=${l}.`);
  const out = no_grad(() => {
    const full = putAdd(Tensor._full(padded, 0, input.dtype, input.device), offsets, input.reshape(n, c, kh, kw, ho, wo));
    return ph || pw ? full.narrow(2, ph, oh).narrow(3, pw, ow).contiguous() : full;
  });
  if (needsGrad(input)) record(COL2IM, [input], out, { offsets, padding: [ph, pw], inputShape: input.shape });
  return out;
}

export function flatten(input: Tensor, start_dim = 0, end_dim = -1): Tensor {
  return input.flatten(start_dim, end_dim);
}

export function dropout(input: Tensor, ...args: unknown[]): Tensor {
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
export function dropout2d(input: Tensor, ...args: unknown[]): Tensor {
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

/** pixel_shuffle(input, upscale_factor): [.., C r^2, H, W] to [.., C, H r, W r]. */
export function pixel_shuffle(input: Tensor, upscale_factor: number): Tensor {
  const r = upscale_factor;
  if (input.dim() < 3) throw new RuntimeError(`pixel_shuffle expects input to have at least 3 dimensions, but got input with ${input.dim()} dimension(s)`);
  const [c, h, w] = input.shape.slice(-3), lead = input.shape.slice(0, -3);
  if (c % (r * r) !== 0) throw new RuntimeError(`pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=${c} is not divisible by ${r * r}`);
  return composite(PIXEL_SHUFFLE, [input], () =>
    input.reshape([...lead, c / (r * r), r, r, h, w]).permute([...lead.map((_, i) => i), lead.length, lead.length + 3, lead.length + 1, lead.length + 4, lead.length + 2]).reshape([...lead, c / (r * r), h * r, w * r]), { r });
}
/** pixel_unshuffle(input, downscale_factor): [.., C, H r, W r] to [.., C r^2, H, W]. */
export function pixel_unshuffle(input: Tensor, downscale_factor: number): Tensor {
  const r = downscale_factor;
  if (input.dim() < 3) throw new RuntimeError(`pixel_unshuffle expects input to have at least 3 dimensions, but got input with ${input.dim()} dimension(s)`);
  const [c, h, w] = input.shape.slice(-3), lead = input.shape.slice(0, -3);
  if (h % r !== 0) throw new RuntimeError(`pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=${h} is not divisible by ${r}`);
  if (w % r !== 0) throw new RuntimeError(`pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=${w} is not divisible by ${r}`);
  return composite(PIXEL_UNSHUFFLE, [input], () =>
    input.reshape([...lead, c, h / r, r, w / r, r]).permute([...lead.map((_, i) => i), lead.length, lead.length + 2, lead.length + 4, lead.length + 1, lead.length + 3]).reshape([...lead, c * r * r, h / r, w / r]), { r });
}
const PIXEL_SHUFFLE: OpDef = { name: "pixel_shuffle", node: "PixelShuffleBackward0", backward: (g: T, { r }) => [pixel_unshuffle(g, r)] };
const PIXEL_UNSHUFFLE: OpDef = { name: "pixel_unshuffle", node: "PixelUnshuffleBackward0", backward: (g: T, { r }) => [pixel_shuffle(g, r)] };

/**
 * The gradient of a normalisation y = xhat * w + b, xhat = (x - mean) * rstd, over `dims`:
 * dx = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)), with mean and rstd
 * recomputed from x in tensor ops, so that double backward sees them depend on x.
 */
function normGrad(g: T, x: T, weight: T | null, dims: number[], eps: number, needs: readonly unknown[], affineShape: number[]): (T | null)[] {
  const mean = x.mean(dims, true);
  const centered = x.sub(mean);
  const rstd = centered.square().mean(dims, true).add(eps).rsqrt();
  const xhat = centered.mul(rstd);
  const dxhat = weight ? g.mul(weight.reshape(affineShape)) : g;
  const gx = needs[0] ? rstd.mul(dxhat.sub(dxhat.mean(dims, true)).sub(xhat.mul(dxhat.mul(xhat).mean(dims, true)))) : null;
  const outer = x.shape.map((_, i) => i).filter((i) => affineShape[i] === 1);
  const gw = needs[1] ? g.mul(xhat).sum(outer).reshape(weight!.shape) : null;
  const gb = needs[2] ? g.sum(outer).reshape(weight ? weight.shape : [-1]) : null;
  return [gx, gw, gb];
}

const LAYER_NORM: OpDef = {
  name: "native_layer_norm",
  node: "NativeLayerNormBackward0",
  backward: (g: T, s, needs) => normGrad(g, s.input, s.weight, s.dims, s.eps, needs, s.affineShape),
};

export function layer_norm(input: Tensor, normalized_shape: number[], ...args: unknown[]): Tensor {
  const o = bindArgs("layer_norm", args, ["weight", "bias", "eps"]);
  const weight = (o.weight as Tensor | null | undefined) ?? null;
  const bias = (o.bias as Tensor | null | undefined) ?? null;
  const eps = (o.eps as number) ?? 1e-5;
  const lead = input.dim() - normalized_shape.length;
  const dims = normalized_shape.map((_, i) => lead + i);
  const affineShape = input.shape.map((s, i) => (i >= lead ? s : 1));
  const out = no_grad(() => {
    const centered = input.sub(input.mean(dims, true));
    let y = centered.mul(centered.square().mean(dims, true).add(eps).rsqrt());
    if (weight) y = y.mul(weight);
    if (bias) y = y.add(bias);
    return y;
  });
  if (needsGrad(input, weight, bias)) record(LAYER_NORM, [input, weight, bias], out, { input, weight, dims, eps, affineShape });
  return out;
}

const BATCH_NORM: OpDef = {
  name: "native_batch_norm",
  node: "NativeBatchNormBackward0",
  backward: (g: T, s, needs) => {
    if (s.training) return normGrad(g, s.input, s.weight, s.dims, s.eps, needs, s.affineShape);
    // Eval: fixed statistics, so the input gradient is a plain scale.
    const scale = s.running_var.add(s.eps).rsqrt().reshape(s.affineShape);
    const gx = needs[0] ? g.mul(s.weight ? scale.mul(s.weight.reshape(s.affineShape)) : scale) : null;
    const xhat = s.input.sub(s.running_mean.reshape(s.affineShape)).mul(scale);
    const gw = needs[1] ? g.mul(xhat).sum(s.dims).reshape(s.weight.shape) : null;
    const gb = needs[2] ? g.sum(s.dims).reshape(-1) : null;
    return [gx, gw, gb];
  },
};

/**
 * Batch normalisation over dim 0 (and the spatial dims beyond 1). In training,
 * batch statistics normalise, and the running statistics (if given) move by
 * `momentum`, with the unbiased variance, as PyTorch's.
 */
/**
 * instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True,
 * momentum=0.1, eps=1e-05): each (item, channel) normalised over its own elements, as PyTorch composes it:
 * batch_norm over a batch of one with N * C channels, the per-channel tensors repeated N times and the
 * running statistics averaged back over the items.
 */
export function instance_norm(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("instance_norm", args, ["running_mean", "running_var", "weight", "bias", "use_input_stats", "momentum", "eps"]);
  const runningMean = (o.running_mean as Tensor | null | undefined) ?? null, runningVar = (o.running_var as Tensor | null | undefined) ?? null;
  const useInputStats = (o.use_input_stats as boolean | undefined) ?? true;
  if (!useInputStats && (runningMean === null || runningVar === null)) throw new RuntimeError("Expected running_mean and running_var to be defined when use_input_stats is false");
  const [b, c] = input.shape;
  const repeated = (t: unknown) => (t === undefined || t === null ? null : (t as Tensor).repeat(b));
  const meanRep = repeated(runningMean), varRep = repeated(runningVar);
  const flat = input.contiguous().view([1, b * c, ...input.shape.slice(2)]);
  const out = batch_norm(flat, meanRep, varRep, repeated(o.weight), repeated(o.bias), useInputStats, (o.momentum as number | undefined) ?? 0.1, (o.eps as number | undefined) ?? 1e-5);
  no_grad(() => {
    if (runningMean !== null) runningMean.copy_(meanRep!.view(b, c).mean(0));
    if (runningVar !== null) runningVar.copy_(varRep!.view(b, c).mean(0));
  });
  return out.view(input.shape);
}

export function batch_norm(input: Tensor, running_mean: Tensor | null, running_var: Tensor | null, ...args: unknown[]): Tensor {
  const o = bindArgs("batch_norm", args, ["weight", "bias", "training", "momentum", "eps"]);
  const weight = (o.weight as Tensor | null | undefined) ?? null;
  const bias = (o.bias as Tensor | null | undefined) ?? null;
  const training = (o.training as boolean) ?? false;
  const momentum = (o.momentum as number) ?? 0.1;
  const eps = (o.eps as number) ?? 1e-5;
  const dims = input.shape.map((_, i) => i).filter((i) => i !== 1);
  const affineShape = input.shape.map((s, i) => (i === 1 ? s : 1));
  if (!training && (!running_mean || !running_var)) throw new RuntimeError("running_mean and running_var must be defined in evaluation mode");
  const out = no_grad(() => {
    let mean: Tensor, variance: Tensor;
    if (training) {
      const count = input.numel() / input.shape[1];
      if (count <= 1) throw new ValueError(`Expected more than 1 value per channel when training, got input size [${input.shape.join(", ")}]`);
      mean = input.mean(dims, true);
      variance = input.sub(mean).square().mean(dims, true);
      if (running_mean && running_var) {
        running_mean.mul_(1 - momentum).add_(mean.reshape(-1).mul(momentum));
        running_var.mul_(1 - momentum).add_(variance.reshape(-1).mul((momentum * count) / (count - 1)));
      }
    } else {
      mean = running_mean!.reshape(affineShape);
      variance = running_var!.reshape(affineShape);
    }
    let y = input.sub(mean).mul(variance.add(eps).rsqrt());
    if (weight) y = y.mul(weight.reshape(affineShape));
    if (bias) y = y.add(bias.reshape(affineShape));
    return y;
  });
  if (needsGrad(input, weight, bias)) {
    const saved = training ? { input, weight, dims, eps, affineShape, training } : { input, weight, dims, eps, affineShape, training, running_mean: running_mean!.clone(), running_var: running_var!.clone() };
    record(BATCH_NORM, [input, weight, bias], out, saved);
  }
  return out;
}

// ---- losses -------------------------------------------------------------------

function reduce(loss: Tensor, reduction: Reduction = "mean"): Tensor {
  if (reduction === "mean") return loss.mean();
  if (reduction === "sum") return loss.sum();
  if (reduction === "none") return loss;
  throw new ValueError(`${reduction} is not a valid value for reduction`);
}

function sameSize(input: Tensor, target: Tensor): void {
  if (input.shape.join() !== target.shape.join()) {
    throw new ValueError(`Using a target size (torch.Size([${target.shape.join(", ")}])) that is different to the input size (torch.Size([${input.shape.join(", ")}])) is deprecated. Please ensure they have the same size.`);
  }
}

export interface LossOptions {
  reduction?: Reduction;
}

/** The factor of an elementwise loss's gradient: 1/N for "mean", 1 otherwise. */
function scaleOf(reduction: Reduction, n: number): number {
  return reduction === "mean" ? 1 / n : 1;
}

const MSE_LOSS: OpDef = {
  name: "mse_loss",
  node: "MseLossBackward0",
  backward: (g: T, s, needs) => {
    const grad = g.mul(s.input.sub(s.target).mul(2 * scaleOf(s.reduction, s.input.numel())));
    return [needs[0] ? grad : null, needs[1] ? grad.neg() : null];
  },
};

export function mse_loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const options = lossArgs<LossOptions>("mse_loss", args, REDUCTION_ARGS);
  const reduction = options.reduction ?? "mean";
  const out = no_grad(() => reduce(input.sub(target).square(), reduction));
  if (needsGrad(input, target)) record(MSE_LOSS, [input, target], out, { input, target, reduction });
  return out;
}

/** l1_loss is a composite in PyTorch too (its node is the reduction's). */
export function l1_loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const options = lossArgs<LossOptions>("l1_loss", args, REDUCTION_ARGS);
  return reduce(input.sub(target).abs(), options.reduction);
}

const BCE: OpDef = {
  name: "binary_cross_entropy",
  node: "BinaryCrossEntropyBackward0",
  backward: (g: T, s, needs) => {
    const { input: x, target: t, weight: w } = s as { input: T; target: T; weight: T | null };
    const scale = scaleOf(s.reduction, x.numel());
    let gi: T | null = null, gt: T | null = null;
    if (needs[0]) {
      // PyTorch: grad * (x - t) / max((1 - x) x, 1e-12)
      gi = g.mul(x.sub(t)).div(x.rsub(1).mul(x).clamp(1e-12)).mul(scale);
      if (w) gi = gi.mul(w);
    }
    if (needs[1]) {
      gt = g.mul(x.rsub(1).log().clamp(-100).sub(x.log().clamp(-100))).mul(scale);
      if (w) gt = gt.mul(w);
    }
    return [gi, gt];
  },
};

/** Binary cross-entropy on probabilities; PyTorch clamps each log at -100. */
export function binary_cross_entropy(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const options = lossArgs<LossOptions & { weight?: Tensor | null }>("binary_cross_entropy", args, ["weight", ...REDUCTION_ARGS]);
  sameSize(input, target);
  // On a device the range is not checked: reading it back would wait for the GPU (CUDA checks it with a device assert).
  if (input.is_cpu && !(input.ge(0).logical_and(input.le(1)).all().item() as boolean)) throw new RuntimeError("all elements of input should be between 0 and 1");
  const reduction = options.reduction ?? "mean";
  const weight = options.weight ?? null;
  const out = no_grad(() => {
    let loss = target.mul(input.log().clamp(-100)).add(target.rsub(1).mul(input.rsub(1).log().clamp(-100))).neg();
    if (weight) loss = loss.mul(weight);
    return reduce(loss, reduction);
  });
  if (needsGrad(input, target)) record(BCE, [input, target], out, { input, target, weight, reduction });
  return out;
}

const BCE_LOGITS: OpDef = {
  name: "binary_cross_entropy_with_logits",
  node: "BinaryCrossEntropyWithLogitsBackward0",
  backward: (g: T, s, needs) => {
    const { input: x, target: t, weight: w, pos_weight: pw } = s as { input: T; target: T; weight: T | null; pos_weight: T | null };
    const scale = scaleOf(s.reduction, x.numel());
    let gi: T | null = null, gt: T | null = null;
    if (needs[0]) {
      // d/dx = lw * sigmoid(x) - pw * t, with lw = 1 + (pw - 1) t (pw = 1 without pos_weight).
      const core = pw ? pw.sub(1).mul(t).add(1).mul(x.sigmoid()).sub(pw.mul(t)) : x.sigmoid().sub(t);
      gi = g.mul(core).mul(scale);
      if (w) gi = gi.mul(w);
    }
    if (needs[1]) {
      // d/dt = -x + (pw - 1) log(1 + exp(-x))
      const core = pw ? x.neg().add(pw.sub(1).mul(softplusNeg(x))) : x.neg();
      gt = g.mul(core).mul(scale);
      if (w) gt = gt.mul(w);
    }
    return [gi, gt];
  },
};

/** log(1 + exp(-x)), stable for either sign of x. */
function softplusNeg(x: T): T {
  return x.abs().neg().exp().log1p().add(x.neg().clamp(0));
}

/** Binary cross-entropy on logits, in the stable form (1 - t) x + (1 + (pw - 1) t) log(1 + exp(-x)). */
export function binary_cross_entropy_with_logits(
  input: Tensor,
  target: Tensor,
  ...args: unknown[]
): Tensor {
  const options = lossArgs<LossOptions & { weight?: Tensor | null; pos_weight?: Tensor | null }>("binary_cross_entropy_with_logits", args, ["weight", ...REDUCTION_ARGS, "pos_weight"]);
  sameSize(input, target);
  const reduction = options.reduction ?? "mean";
  const weight = options.weight ?? null;
  const pos_weight = options.pos_weight ?? null;
  const out = no_grad(() => {
    const sp = softplusNeg(input);
    let loss = pos_weight ? target.rsub(1).mul(input).add(pos_weight.sub(1).mul(target).add(1).mul(sp)) : target.rsub(1).mul(input).add(sp);
    if (weight) loss = loss.mul(weight);
    return reduce(loss, reduction);
  });
  if (needsGrad(input, target)) record(BCE_LOGITS, [input, target], out, { input, target, weight, pos_weight, reduction });
  return out;
}

export interface NllOptions extends LossOptions {
  weight?: Tensor | null;
  ignore_index?: number;
}

const nllDef = (node: string): OpDef => ({
  name: "nll_loss",
  node,
  backward: (g: T, s) => {
    const { shape, safeTarget, w, valid, denom, reduction } = s as { shape: number[]; safeTarget: T; w: T | null; valid: T | null; denom: T | number | null; reduction: Reduction };
    let coef = reduction === "none" ? g : g.expand(safeTarget.shape);
    if (w !== null) coef = coef.mul(w);
    coef = denom === null ? coef.neg() : coef.div(typeof denom === "number" ? -denom : denom.neg());
    // PyTorch skips ignored targets: no 0 * inf where the mean's total weight is 0 (every target ignored).
    if (valid !== null) coef = where(valid, coef, 0);
    return [Tensor._full(shape, 0, g.dtype, g.device).scatter_add(1, safeTarget.unsqueeze(1), coef.unsqueeze(1))];
  },
});
const NLL_LOSS = nllDef("NllLossBackward0");
const NLL_LOSS_2D = nllDef("NllLoss2DBackward0");

/**
 * A loss's arguments after (input, target), bound to PyTorch's signature `names`
 * (the deprecated size_average/reduce pair folded into a reduction, as PyTorch's
 * _Reduction.legacy_get_string does).
 */
function lossArgs<O extends LossOptions>(fn: string, args: readonly unknown[], names: readonly string[]): O {
  const o = bindArgs(fn, args, names) as O & { size_average?: boolean | null; reduce?: boolean | null };
  const w = (o as { weight?: unknown }).weight;
  if (w !== undefined && w !== null && !(w instanceof Tensor)) {
    throw new TorchTypeError(`${fn}(): argument 'weight' (position 3) must be Tensor, not ${typeName(w)}`);
  }
  if ((o.size_average ?? null) !== null || (o.reduce ?? null) !== null) {
    o.reduction = !(o.reduce ?? true) ? "none" : o.size_average ?? true ? "mean" : "sum";
  }
  if (o.reduction !== undefined && o.reduction !== "mean" && o.reduction !== "sum" && o.reduction !== "none") {
    throw new ValueError(`${String(o.reduction)} is not a valid value for reduction`);
  }
  return o;
}
const REDUCTION_ARGS = ["size_average", "reduce", "reduction"];

/**
 * Negative log-likelihood of class indices: input [N, C] (or [C]) of
 * log-probabilities, or [N, C, d1, ...] with target [N, d1, ...] (PyTorch's
 * nll_loss_nd; 4-D input is NllLoss2D, and other K-d input is viewed as 4-D first).
 */
export function nll_loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const options = lossArgs<NllOptions>("nll_loss", args, ["weight", "size_average", "ignore_index", "reduce", "reduction"]);
  const reduction = options.reduction ?? "mean";
  if (reduction !== "mean" && reduction !== "sum" && reduction !== "none") throw new ValueError(`${reduction as string} is not a valid value for reduction`);
  const ignore = options.ignore_index ?? -100;
  const dim = input.dim();
  if (dim < 1) throw new ValueError(`Expected 1 or more dimensions (got ${dim})`);
  // PyTorch's order: the batch sizes, then the target's shape, the weight, and last (in the kernel) the target's dtype.
  if (dim !== 1 && input.shape[0] !== (target.shape[0] ?? 0)) throw new ValueError(`Expected input batch_size (${input.shape[0]}) to match target batch_size (${target.shape[0] ?? 0}).`);
  const sizes = (t: Tensor) => `[${t.shape.join(", ")}]`;
  if (dim === 1 || dim === 2) {
    if (target.dim() > 1) throw new RuntimeError(`0D or 1D target tensor expected, multi-target not supported`);
    if (!(dim === 1 && target.dim() === 0) && input.shape[0] !== target.shape[0]) throw new RuntimeError(`size mismatch (got input: ${sizes(input)}, target: ${sizes(target)})`);
    // A 1-d input is one sample: PyTorch's kernel reads the first target.
    const t = dim === 1 ? target.reshape(-1).narrow(0, 0, 1) : target;
    const out = nllCore(dim === 1 ? input.unsqueeze(0) : input, t, options.weight ?? null, ignore, reduction, NLL_LOSS);
    return dim === 1 && reduction === "none" ? out.squeeze(0) : out;
  }
  const expected = [input.shape[0], ...input.shape.slice(2)];
  if (dim === 4) {
    if (target.dim() !== 3) throw new RuntimeError(`only batches of spatial targets supported (3D tensors) but got targets of dimension: ${target.dim()}`);
    if (target.shape.join() !== expected.join()) throw new RuntimeError(`size mismatch (got input: ${sizes(input)} , target: ${sizes(target)}`);
    return nllCore(input, target, options.weight ?? null, ignore, reduction, NLL_LOSS_2D);
  }
  if (target.shape.join() !== expected.join()) throw new RuntimeError(`Expected target size [${expected.join(", ")}], got ${sizes(target)}`);
  const n = input.shape[0], c = input.shape[1];
  const out = nllCore(input.contiguous().view(n, c, 1, -1), target.contiguous().view(n, 1, -1), options.weight ?? null, ignore, reduction, NLL_LOSS_2D);
  return reduction === "none" ? out.view(expected) : out;
}

/** nll_loss over class dim 1 of x ([N, C, ...]) with target t ([N, ...]). */
function nllCore(x: Tensor, t: Tensor, weight: Tensor | null, ignore: number, reduction: Reduction, def: OpDef): Tensor {
  const c = x.shape[1];
  if (weight !== null && (def === NLL_LOSS_2D ? weight.numel() !== c : weight.dim() !== 1 || weight.numel() !== c)) {
    throw new RuntimeError(def === NLL_LOSS_2D ? "weight tensor should be defined either for all or no classes" : `weight tensor should be defined either for all ${c} classes or no classes but got weight tensor of shape: [${weight.shape.join(", ")}]`);
  }
  if (t.dtype !== int64) throw new RuntimeError(`expected scalar type Long but found ${t.dtype.scalarName}`);
  // On a device the targets stay there, unchecked (as CUDA's device-side assert cannot report
  // synchronously). On the CPU they are read here: checked, and where none is ignored and no
  // class is weighted, every target weighs 1, so no mask or weight tensor is made.
  let ignored = -1;
  if (t.is_cpu) {
    const tv = t._contiguousData();
    ignored = 0;
    for (let i = 0; i < tv.length; i++) {
      if (tv[i] === ignore) ignored++;
      else if (tv[i] < 0 || tv[i] >= c) throw new IndexError(`Target ${tv[i]} is out of bounds.`);
    }
  }
  let safeTarget = t, w: Tensor | null = null, valid: Tensor | null = null, denom: Tensor | number | null = reduction === "mean" ? t.numel() : null;
  if (ignored !== 0 || weight !== null) {
    valid = t.ne(ignore);
    safeTarget = t.masked_fill(valid.logical_not(), 0);
    w = valid.to(x.dtype);
    if (weight !== null) w = w.mul(weight.detach().index_select(0, safeTarget.flatten()).view(safeTarget.shape));
    // The weighted mean divides by the sum of the targets' weights (NaN when every target is ignored).
    denom = reduction === "mean" ? w.sum() : null;
  }
  const out = no_grad(() => {
    let picked = x.gather(1, safeTarget.unsqueeze(1)).squeeze(1);
    if (w !== null) picked = picked.mul(w);
    if (reduction === "none") return picked.neg();
    // -(a / d) and a / -d are the same number: the sign flips exactly.
    return denom === null ? picked.sum().neg() : picked.sum().div(typeof denom === "number" ? -denom : denom.neg());
  });
  if (needsGrad(x)) record(def, [x], out, { shape: x.shape, safeTarget, w, valid, denom, reduction });
  return out;
}

/** PyTorch's C++ div by a Scalar (div.Scalar): its node is DivBackward1. */
const DIV_SCALAR: OpDef = { name: "div", node: "DivBackward1", backward: (g: T, s) => [g.div(s.other)] };

function divScalar(x: Tensor, other: number): Tensor {
  const out = no_grad(() => x.div(other));
  if (needsGrad(x)) record(DIV_SCALAR, [x], out, { other });
  return out;
}

export interface CrossEntropyOptions extends NllOptions {
  label_smoothing?: number;
}

/**
 * log_softmax over the class dim, then nll_loss; or soft targets when target is
 * floating. Label smoothing and class weights follow PyTorch's
 * cross_entropy_loss_label_smoothing: the smoothing term is weighted by class
 * and, for "mean", divided by the same sum of target weights as nll_loss.
 */
export function cross_entropy(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const options = lossArgs<CrossEntropyOptions>("cross_entropy", args, ["weight", "size_average", "ignore_index", "reduce", "reduction", "label_smoothing"]);
  const classDim = input.dim() === 1 ? 0 : 1;
  const c = input.shape[classDim];
  const smoothing = options.label_smoothing ?? 0;
  if (typeof smoothing !== "number" || !(smoothing >= 0 && smoothing <= 1)) {
    throw new RuntimeError(`label_smoothing must be between 0.0 and 1.0. Got: ${String(smoothing)}`);
  }
  const reduction = options.reduction ?? "mean";
  const weight = options.weight ?? null;
  const weightView = weight === null ? null : weight.view(input.shape.map((s, i) => (i === classDim ? s : 1)));
  const logp = P.log_softmax(input, classDim);
  // As PyTorch: a target of the input's shape holds class probabilities, any other holds class indices.
  if (target.shape.join() === input.shape.join()) {
    if (!target.dtype.is_floating_point) throw new RuntimeError(`Expected floating point type for target with class probabilities, got ${target.dtype.scalarName}`);
    let t = target;
    if (smoothing > 0) t = t.mul(1 - smoothing).add(smoothing / c);
    let loss = logp.mul(t);
    if (weightView !== null) loss = loss.mul(weightView);
    if (reduction === "mean") return divScalar(loss.sum().neg(), input.numel() / c);
    return reduce(loss.sum(classDim).neg(), reduction);
  }
  const nll = nll_loss(logp, target, { weight, ignore_index: options.ignore_index ?? -100, reduction });
  if (smoothing === 0) return nll;
  const ignoreMask = target.eq(options.ignore_index ?? -100);
  const smooth = (weightView === null ? logp : logp.mul(weightView)).sum(classDim).neg().masked_fill(ignoreMask, 0);
  let ret: Tensor;
  if (reduction === "mean") {
    const kept = ignoreMask.logical_not();
    // The kept targets' weights, summed without selecting them (a value-dependent shape, which a GPU cannot take).
    const keptWeights = () => weight!.index_select(0, target.masked_fill(ignoreMask, 0).flatten()).mul(kept.flatten()).sum();
    ret = smooth.sum().div(weight === null ? kept.sum() : keptWeights());
  } else ret = reduce(smooth, reduction);
  return nll.mul(1 - smoothing).add(ret.mul(smoothing / c));
}

// ---- more losses: PyTorch's nodes where it has one, its compositions where it composes ---------

/** An elementwise loss of (input - target) with one node: `slope(d)` is its derivative in d. */
function differenceLoss(def: OpDef, input: Tensor, target: Tensor, reduction: Reduction, value: (d: T) => T, saved: Record<string, unknown>): Tensor {
  const out = no_grad(() => reduce(value(input.sub(target)), reduction));
  if (needsGrad(input, target)) record(def, [input, target], out, { input, target, reduction, ...saved });
  return out;
}
const differenceGradient = (slope: (d: T, s: Record<string, number>) => T) => (g: T, s: { input: T; target: T; reduction: Reduction } & Record<string, never>, needs: readonly boolean[]) => {
  const grad = g.mul(slope(s.input.sub(s.target), s)).mul(scaleOf(s.reduction, s.input.numel()));
  return [needs[0] ? grad : null, needs[1] ? grad.neg() : null];
};

const SMOOTH_L1_LOSS: OpDef = {
  name: "smooth_l1_loss",
  node: "SmoothL1LossBackward0",
  backward: differenceGradient((d, { beta }) => where(d.lt(-beta), -1, where(d.gt(beta), 1, d.div(beta)))),
};
/** smooth_l1_loss(input, target, reduction="mean", beta=1.0): 0.5 d^2 / beta where |d| < beta, else |d| - beta / 2. */
export function smooth_l1_loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const options = lossArgs<LossOptions & { beta?: number }>("smooth_l1_loss", args, [...REDUCTION_ARGS, "beta"]);
  const reduction = options.reduction ?? "mean", beta = options.beta ?? 1;
  if (beta < 0) throw new RuntimeError("smooth_l1_loss does not support negative values for beta.");
  const value = (d: T) => where(d.abs().lt(beta), d.square().mul(0.5 / beta), d.abs().sub(0.5 * beta));
  return differenceLoss(SMOOTH_L1_LOSS, input, target, reduction, value, { beta });
}

const HUBER_LOSS: OpDef = {
  name: "huber_loss",
  node: "HuberLossBackward0",
  backward: differenceGradient((d, { delta }) => where(d.lt(-delta), -delta, where(d.gt(delta), delta, d))),
};
/** huber_loss(input, target, reduction="mean", delta=1.0): 0.5 d^2 where |d| < delta, else delta (|d| - delta / 2). */
export function huber_loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const options = lossArgs<LossOptions & { delta?: number }>("huber_loss", args, ["reduction", "delta"]);
  const reduction = options.reduction ?? "mean", delta = options.delta ?? 1;
  if (delta <= 0) throw new RuntimeError("huber_loss does not support non-positive values for delta.");
  const value = (d: T) => where(d.abs().lt(delta), d.square().mul(0.5), d.abs().sub(0.5 * delta).mul(delta));
  return differenceLoss(HUBER_LOSS, input, target, reduction, value, { delta });
}

const SOFT_MARGIN_LOSS: OpDef = {
  name: "soft_margin_loss",
  node: "SoftMarginLossBackward0",
  backward: (g: T, s, needs) => {
    const z = s.input.mul(s.target).neg().exp();
    const grad = g.mul(s.target.neg().mul(z).div(z.add(1))).mul(scaleOf(s.reduction, s.input.numel()));
    return [needs[0] ? grad : null, null];
  },
};
/** soft_margin_loss(input, target, reduction="mean"): log(1 + exp(-y x)). */
export function soft_margin_loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const reduction = lossArgs<LossOptions>("soft_margin_loss", args, REDUCTION_ARGS).reduction ?? "mean";
  const out = no_grad(() => reduce(input.mul(target).neg().exp().log1p(), reduction));
  if (needsGrad(input, target)) record(SOFT_MARGIN_LOSS, [input, target], out, { input, target, reduction });
  return out;
}

/** kl_div(input, target, reduction="mean", log_target=False): target (log target - input), summed per batch item for "batchmean". */
export function kl_div(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  // "batchmean" is kl_div's own reduction, so the arguments are bound here rather than by lossArgs.
  const o = bindArgs("kl_div", args, [...REDUCTION_ARGS, "log_target"]) as { reduction?: string; log_target?: boolean; size_average?: boolean | null; reduce?: boolean | null };
  let reduction = o.reduction ?? "mean";
  if ((o.size_average ?? null) !== null || (o.reduce ?? null) !== null) reduction = !(o.reduce ?? true) ? "none" : o.size_average ?? true ? "mean" : "sum";
  if (!["mean", "sum", "none", "batchmean"].includes(reduction)) throw new ValueError(`${reduction} is not a valid value for reduction`);
  const pointwise = o.log_target === true ? target.exp().mul(target.sub(input)) : target.xlogy(target).sub(target.mul(input));
  if (reduction === "batchmean") {
    const total = pointwise.sum();
    return input.dim() === 0 ? total : total.div(input.shape[0]);
  }
  return reduce(pointwise, reduction as Reduction);
}

/** margin_ranking_loss(input1, input2, target, margin=0, reduction="mean"): max(0, -y (x1 - x2) + margin). */
export function margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const o = lossArgs<LossOptions & { margin?: number }>("margin_ranking_loss", args, ["margin", ...REDUCTION_ARGS]);
  if (input1.dim() !== input2.dim() || input1.dim() !== target.dim()) {
    throw new RuntimeError(`margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: torch.Size([${input1.shape.join(", ")}]), input2: torch.Size([${input2.shape.join(", ")}]), target: torch.Size([${target.shape.join(", ")}]) `);
  }
  return reduce(target.neg().mul(input1.sub(input2)).add(o.margin ?? 0).clamp_min(0), o.reduction);
}

/** hinge_embedding_loss(input, target, margin=1.0, reduction="mean"): x where y is 1, max(0, margin - x) where y is -1. */
export function hinge_embedding_loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const o = lossArgs<LossOptions & { margin?: number }>("hinge_embedding_loss", args, ["margin", ...REDUCTION_ARGS]);
  const zeros = input.detach().mul(0);
  const marginClamp = input.rsub(o.margin ?? 1).clamp_min(0);
  const output = where(target.ne(1), marginClamp, zeros).add(where(target.ne(-1), input, zeros));
  return reduce(output, o.reduction);
}

/** poisson_nll_loss(input, target, log_input=True, full=False, eps=1e-8, reduction="mean"). */
export function poisson_nll_loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const o = lossArgs<LossOptions & { log_input?: boolean; full?: boolean; eps?: number }>("poisson_nll_loss", args, ["log_input", "full", "size_average", "eps", "reduce", "reduction"]);
  let loss = o.log_input ?? true ? input.exp().sub(target.mul(input)) : input.sub(target.mul(input.add(o.eps ?? 1e-8).log()));
  if (o.full === true) {
    const stirling = target.mul(target.log()).sub(target).add(target.mul(2 * Math.PI).log().mul(0.5));
    loss = loss.add(stirling.masked_fill(target.le(1), 0));
  }
  return reduce(loss, o.reduction);
}

/** gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"): 0.5 (log var + (x - y)^2 / var), var clamped to eps without a gradient. */
export function gaussian_nll_loss(input: Tensor, target: Tensor, variance: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("gaussian_nll_loss", args, ["full", "eps", "reduction"]) as { full?: boolean; eps?: number; reduction?: Reduction };
  let v = variance;
  if (v.shape.join() !== input.shape.join()) {
    const lead = input.shape.slice(0, -1).join();
    if (v.shape.join() === lead) v = v.unsqueeze(-1);
    else if (!(v.shape.slice(0, -1).join() === lead && v.shape[v.dim() - 1] === 1)) throw new ValueError("var is of incorrect size");
  }
  const reduction = o.reduction ?? "mean";
  if (reduction !== "none" && reduction !== "mean" && reduction !== "sum") throw new ValueError(`${String(reduction)} is not valid`);
  if (v.lt(0).any().item()) throw new ValueError("var has negative entry/entries");
  v = v.clone();
  no_grad(() => v.clamp_(o.eps ?? 1e-6));
  let loss = v.log().add(input.sub(target).pow(2).div(v)).mul(0.5);
  if (o.full === true) loss = loss.add(0.5 * Math.log(2 * Math.PI));
  return reduce(loss, reduction);
}

/** triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, reduction="mean"). */
export function triplet_margin_loss(anchor: Tensor, positive: Tensor, negative: Tensor, ...args: unknown[]): Tensor {
  const o = lossArgs<LossOptions & { margin?: number; p?: number; eps?: number; swap?: boolean }>("triplet_margin_loss", args, ["margin", "p", "eps", "swap", ...REDUCTION_ARGS]);
  const p = o.p ?? 2, eps = o.eps ?? 1e-6;
  if (anchor.dim() !== positive.dim() || anchor.dim() !== negative.dim()) {
    throw new RuntimeError(`The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: anchor ${anchor.dim()}D, positive ${positive.dim()}D, and negative ${negative.dim()}D inputs`);
  }
  const positiveDistance = A.pairwise_distance(anchor, positive, p, eps);
  let negativeDistance = A.pairwise_distance(anchor, negative, p, eps);
  if (o.swap === true) negativeDistance = negativeDistance.minimum(A.pairwise_distance(positive, negative, p, eps));
  return reduce(positiveDistance.add(o.margin ?? 1).sub(negativeDistance).clamp_min(0), o.reduction);
}

/** relu6(input, inplace=False): hardtanh(x, 0, 6), as PyTorch computes it. */
export function relu6(input: Tensor, ...args: unknown[]): Tensor {
  return hardtanh(input, 0, 6, bindArgs("relu6", args, ["inplace"]).inplace);
}

// ---- 1-d pooling: PyTorch's own composition, the 2-d op over a height of 1 (its node is the squeeze) ----------

/** max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False). */
export function max_pool1d(input: Tensor, kernel_size: number | number[], ...args: unknown[]): Tensor {
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
export function avg_pool1d(input: Tensor, kernel_size: number | number[], ...args: unknown[]): Tensor {
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

/**
 * gumbel_softmax(logits, tau=1, hard=False, eps=1e-10, dim=-1): softmax((logits + g) / tau)
 * with g ~ Gumbel(0, 1) drawn as PyTorch draws it (-log of exponential_); with hard, the
 * one-hot of its argmax, with the soft sample's gradient (straight through).
 */
export function gumbel_softmax(logits: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("gumbel_softmax", args, ["tau", "hard", "eps", "dim"]);
  const tau = (o.tau as number | undefined) ?? 1, dim = (o.dim as number | undefined) ?? -1;
  if (o.eps !== undefined && o.eps !== 1e-10) warn("`eps` parameter is deprecated and has no effect.");
  const gumbels = no_grad(() => Tensor._full(logits.shape, 0, logits.dtype, logits.device).exponential_().log().neg());
  const ySoft = logits.add(gumbels).div(tau).softmax(dim);
  if (!o.hard) return ySoft;
  const index = ySoft.max(dim, true).indices;
  const yHard = Tensor._full(logits.shape, 0, logits.dtype, logits.device).scatter_(dim, index, 1.0);
  return yHard.sub(ySoft.detach()).add(ySoft);
}

// ---- more of torch.nn.functional -------------------------------------------------

/** The in-place activations (relu_, elu_, ...): the activation written back into its input. */
const inplace = (fn: (x: Tensor, ...a: unknown[]) => Tensor) => (input: Tensor, ...args: unknown[]): Tensor => applyInplace(input, () => fn(input, ...args));
export const relu_ = inplace((x) => x.relu());
export { elu_, selu_, celu_, threshold_ } from "./activations.js";
export const hardtanh_ = inplace(hardtanh);

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

const RRELU_WITH_NOISE: OpDef = {
  name: "rrelu_with_noise",
  node: "RreluWithNoiseBackward0",
  backward: (g: T, { noise }) => [g.mul(noise)],
};
// rrelu_with_noise_ saves its result; the gradient is the same noise (or slope), as derivatives.yaml's is_result form.
const RRELU_WITH_NOISE_RESULT: OpDef = { ...RRELU_WITH_NOISE, name: "rrelu_with_noise_", node: "RreluWithNoiseBackward1" };
/**
 * rrelu(input, lower=1/8, upper=1/3, training=False, inplace=False): in training each
 * non-positive element scaled by its own uniform draw in [lower, upper] (drawn in order,
 * only for those elements, as PyTorch's CPU kernel); in eval leaky_relu with their mean.
 */
export function rrelu(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("rrelu", args, ["lower", "upper", "training", "inplace"]);
  const lower = (o.lower as number | undefined) ?? 1 / 8, upper = (o.upper as number | undefined) ?? 1 / 3;
  const training = o.training === true;
  if (o.inplace !== true) return rreluWithNoise(RRELU_WITH_NOISE, input, lower, upper, training);
  return applyInplace(input, () => rreluWithNoise(RRELU_WITH_NOISE_RESULT, input, lower, upper, training));
}
/** rrelu_(input, lower=1/8, upper=1/3, training=False). */
export function rrelu_(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("rrelu_", args, ["lower", "upper", "training"]);
  return rrelu(input, o.lower, o.upper, o.training, true);
}
function rreluWithNoise(def: OpDef, input: Tensor, lower: number, upper: number, training: boolean): Tensor {
  if (!training || upper - lower <= 1e-6) {
    // PyTorch's rrelu_with_noise in eval: leaky_relu's values and gradient, under its own node.
    const slope = (lower + upper) / 2;
    const out = no_grad(() => where(input.gt(0), input, input.mul(slope)));
    if (needsGrad(input)) record(def, [input], out, { noise: no_grad(() => where(input.gt(0), 1, slope).to(input.dtype)) });
    return out;
  }
  const values = input.detach().contiguous()._contiguousData();
  const noise = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) noise[i] = values[i] <= 0 ? defaultGenerator.uniform53() * (upper - lower) + lower : 1;
  const noiseT = Tensor._make(noise, input.shape, float64).to(input.dtype).to(input.device);
  const out = no_grad(() => input.mul(noiseT));
  if (needsGrad(input)) record(def, [input], out, { noise: noiseT });
  return out;
}

/**
 * local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0): each element over
 * (k + alpha * mean of squares over `size` neighbouring channels)^beta (PyTorch's composition).
 */
export function local_response_norm(input: Tensor, size: number, ...args: unknown[]): Tensor {
  const o = bindArgs("local_response_norm", args, ["alpha", "beta", "k"]);
  const alpha = (o.alpha as number | undefined) ?? 1e-4, beta = (o.beta as number | undefined) ?? 0.75, k = (o.k as number | undefined) ?? 1;
  const dim = input.dim();
  // PyTorch's message carries its source's line continuation.
  if (dim < 3) throw new ValueError(`Expected 3D or higher dimensionality${" ".repeat(26)}input (got ${dim} dimensions)`);
  if (input.numel() === 0) return input;
  const sizes = input.shape;
  // The channel window as a (size, 1) average over [N, 1, C, rest] (PyTorch pools 4-D and up with avg_pool3d, the same window).
  let div = input.mul(input).reshape([sizes[0], 1, sizes[1], -1]);
  div = pad(div, [0, 0, Math.floor(size / 2), Math.floor((size - 1) / 2)]);
  div = avg_pool2d(div, [size, 1], 1).squeeze(1).reshape(sizes);
  return input.div(div.mul(alpha).add(k).pow(beta));
}

/** lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False): the power-mean pool, (sum of x^p over the window)^(1/p). */
export function lp_pool1d(input: Tensor, norm_type: number, kernel_size: number, ...args: unknown[]): Tensor {
  const o = bindArgs("lp_pool1d", args, ["stride", "ceil_mode"]);
  const out = avg_pool1d(input.pow(norm_type), kernel_size, { stride: o.stride ?? null, padding: 0, ceil_mode: o.ceil_mode ?? false });
  return out.sign().mul(out.abs().relu()).mul(kernel_size).pow(1 / norm_type);
}
/** lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False). */
export function lp_pool2d(input: Tensor, norm_type: number, kernel_size: number | [number, number], ...args: unknown[]): Tensor {
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

/** bilinear(input1, input2, weight, bias=None): x1^T A_o x2 + b_o for each output o (PyTorch's: over the inputs flattened to rows, then reshaped). */
export function bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  if (input1.dim() !== input2.dim()) throw new RuntimeError(`bilinear(): input dimensions do not match: got ${input1.dim()} and ${input2.dim()}`);
  const rows = einsum("bi,oij,bj->bo", input1.reshape(-1, input1.shape[input1.dim() - 1]), weight, input2.reshape(-1, input2.shape[input2.dim() - 1]));
  const out = rows.reshape([...input1.shape.slice(0, -1), weight.shape[0]]);
  return bias === null ? out : out.add(bias);
}

/**
 * cosine_embedding_loss(input1, input2, target, margin=0, reduction='mean'): 1 - cos where
 * target is 1, max(0, cos - margin) where it is -1 (PyTorch's composition, 1e-12 in the norms).
 */
export function cosine_embedding_loss(input1: Tensor, input2: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const o = lossArgs<LossOptions & { margin?: number }>("cosine_embedding_loss", args, ["margin", ...REDUCTION_ARGS]);
  const td = target.dim();
  if (td !== 0 && td !== 1) throw new RuntimeError("0D or 1D target tensor expected, multi-target not supported");
  if (td === 1 && (input1.dim() !== 2 || input2.dim() !== 2)) throw new RuntimeError(`1D target tensor expects 2D input tensors, but found inputs with sizes [${input1.shape.join(", ")}] and [${input2.shape.join(", ")}].`);
  if (td === 0 && (input1.dim() !== 1 || input2.dim() !== 1)) throw new RuntimeError(`0D target tensor expects 1D input tensors, but found inputs with sizes [${input1.shape.join(", ")}] and [${input2.shape.join(", ")}].`);
  const prodSum = input1.mul(input2).sum(td);
  const mag1 = input1.mul(input1).sum(td).add(1e-12), mag2 = input2.mul(input2).sum(td).add(1e-12);
  const cos = prodSum.div(mag1.mul(mag2).sqrt());
  const zeros = cos.detach().mul(0);
  const out = where(target.eq(1), cos.rsub(1), zeros).add(where(target.eq(-1), cos.sub(o.margin ?? 0).clamp_min(0), zeros));
  return reduce(out, o.reduction);
}

/** multilabel_soft_margin_loss(input, target, weight=None, reduction='mean'): per-class logistic loss averaged over the classes. */
export function multilabel_soft_margin_loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const o = lossArgs<LossOptions & { weight?: Tensor | null }>("multilabel_soft_margin_loss", args, ["weight", ...REDUCTION_ARGS]);
  let loss = target.mul(A.logsigmoid(input)).add(target.rsub(1).mul(A.logsigmoid(input.neg()))).neg();
  if (o.weight) loss = loss.mul(o.weight);
  const classDim = input.dim() - 1;
  return reduce(loss.sum(classDim).div(input.shape[classDim]), o.reduction);
}

/** The per-sample loss scaled back by the reduction's gradient: g for each of N samples. */
const perSample = (g: T, reduction: Reduction, n: number, batched: boolean): T => (reduction === "none" ? (batched ? g.unsqueeze(1) : g) : reduction === "mean" ? g.div(n) : g);

const MULTI_MARGIN: OpDef = {
  name: "multi_margin_loss",
  node: "MultiMarginLossBackward0",
  backward: (g: T, { x, onehot, p, margin, weightY, reduction, batched }) => {
    const C = x.shape[x.dim() - 1], n = batched ? x.shape[0] : 1;
    const z = x.sub(x.mul(onehot).sum(-1, true)).add(margin);
    let d = z.gt(0).to(x.dtype).mul(onehot.rsub(1));
    if (p === 2) d = d.mul(z).mul(2);
    if (weightY !== null) d = d.mul(weightY.unsqueeze(-1));
    d = d.div(C);
    const gx = d.sub(onehot.mul(d.sum(-1, true)));
    return [gx.mul(perSample(g, reduction, n, batched))];
  },
};
/**
 * multi_margin_loss(input, target, p=1, margin=1, weight=None, reduction='mean'): the
 * multi-class hinge, sum over j != y of max(0, margin - x_y + x_j)^p (times weight[y]) over C.
 */
export function multi_margin_loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const o = lossArgs<LossOptions & { p?: number; margin?: number; weight?: Tensor | null }>("multi_margin_loss", args, ["p", "margin", "weight", ...REDUCTION_ARGS]);
  const p = o.p ?? 1, margin = o.margin ?? 1, reduction = o.reduction ?? "mean";
  if (p !== 1 && p !== 2) throw new ValueError("only p == 1 and p == 2 supported");
  const batched = input.dim() === 2;
  if (input.dim() > 2 || (batched && target.dim() !== 1) || (!batched && target.dim() > 1)) {
    throw new RuntimeError(`Expected non-empty vector or matrix with optional 0-dim batch size, but got: [${input.shape.join(", ")}]`);
  }
  const onehot = no_grad(() => one_hot(target.reshape(-1), input.shape[input.dim() - 1]).to(input.dtype).reshape(input.shape));
  const weightY = o.weight ? o.weight.index_select(0, target.reshape(-1)).reshape(target.shape) : null;
  const out = no_grad(() => {
    const z = input.sub(input.mul(onehot).sum(-1, true)).add(margin).clamp_min(0).mul(onehot.rsub(1));
    let l = p === 2 ? z.mul(z) : z;
    if (weightY !== null) l = l.mul(weightY.unsqueeze(-1));
    return reduce(l.sum(-1).div(input.shape[input.dim() - 1]), reduction);
  });
  if (needsGrad(input)) record(MULTI_MARGIN, [input], out, { x: input, onehot, p, margin, weightY, reduction, batched });
  return out;
}

const MULTILABEL_MARGIN: OpDef = {
  name: "multilabel_margin_loss",
  node: "MultilabelMarginLossBackward0",
  backward: (g: T, { x, counts, isTarget, reduction, batched }) => {
    const C = x.shape[x.dim() - 1], n = batched ? x.shape[0] : 1;
    const active = x.unsqueeze(-1).rsub(1).add(x.unsqueeze(-2)).gt(0).to(x.dtype);
    const a = counts.unsqueeze(-1).mul(isTarget.rsub(1).unsqueeze(-2)).mul(active).div(C);
    return [a.sum(-2).sub(a.sum(-1)).mul(perSample(g, reduction, n, batched))];
  },
};
/**
 * multilabel_margin_loss(input, target, reduction='mean'): target lists each sample's classes
 * (ending at the first -1); the hinge 1 - (x_j - x_k) over its classes j and the others k, over C.
 */
export function multilabel_margin_loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const o = lossArgs<LossOptions>("multilabel_margin_loss", args, REDUCTION_ARGS);
  const reduction = o.reduction ?? "mean";
  const batched = input.dim() === 2;
  if (input.dim() > 2 || target.shape.join() !== input.shape.join()) throw new RuntimeError(`inconsistent target size: [${target.shape.join(", ")}] for input of size: [${input.shape.join(", ")}]`);
  const C = input.shape[input.dim() - 1], rows = batched ? input.shape[0] : 1;
  const t = target.reshape(rows, C).tolist() as number[][];
  const counts = new Float64Array(rows * C), isTarget = new Float64Array(rows * C);
  t.forEach((row, i) => {
    for (const c of row) {
      if (c < 0) break;
      if (c >= C) throw new RuntimeError(`target index out of range: ${c}`);
      counts[i * C + c] += 1;
      isTarget[i * C + c] = 1;
    }
  });
  const asTensor = (a: Float64Array) => Tensor._make(a, input.shape, float64).to(input.dtype).to(input.device);
  const [countsT, isTargetT] = [asTensor(counts), asTensor(isTarget)];
  const out = no_grad(() => {
    const hinge = input.unsqueeze(-1).rsub(1).add(input.unsqueeze(-2)).clamp_min(0);
    const pairs = countsT.unsqueeze(-1).mul(isTargetT.rsub(1).unsqueeze(-2)).mul(hinge);
    return reduce(pairs.sum([-2, -1]).div(C), reduction);
  });
  if (needsGrad(input)) record(MULTILABEL_MARGIN, [input], out, { x: input, counts: countsT, isTarget: isTargetT, reduction, batched });
  return out;
}

/**
 * triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None,
 * margin=1.0, swap=False, reduction='mean'): the triplet loss with any distance (pairwise_distance by default).
 */
export function triplet_margin_with_distance_loss(anchor: Tensor, positive: Tensor, negative: Tensor, opts: { distance_function?: ((a: Tensor, b: Tensor) => Tensor) | null; margin?: number; swap?: boolean; reduction?: Reduction } = {}): Tensor {
  checkKeywords("triplet_margin_with_distance_loss", opts, ["distance_function", "margin", "swap", "reduction"]);
  const margin = opts.margin ?? 1;
  if (anchor.dim() !== positive.dim() || anchor.dim() !== negative.dim()) {
    throw new RuntimeError(`The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: anchor ${anchor.dim()}D, positive ${positive.dim()}D, and negative ${negative.dim()}D inputs`);
  }
  const distance = opts.distance_function ?? ((a: Tensor, b: Tensor) => A.pairwise_distance(a, b));
  const distPos = distance(anchor, positive);
  let distNeg = distance(anchor, negative);
  if (opts.swap) distNeg = distNeg.minimum(distance(positive, negative));
  return reduce(distPos.add(margin).sub(distNeg).clamp_min(0), opts.reduction ?? "mean");
}

export { pdist } from "../ops/numeric.js";

const EMBEDDING_BAG: OpDef = {
  name: "embedding_bag",
  node: "EmbeddingBagBackward0",
  // Each bag's gradient row back to the rows it read, scaled by 1/count (mean) or its sample weight;
  // in max mode each (bag, column) to the row that held the maximum (flat positions in the weight).
  backward: (g: T, { weightShape, rows, bags, positions, scale, weights, psw, maxAt }, needs) => {
    if (maxAt !== null) {
      const flat = zeros([weightShape[0] * weightShape[1]], { dtype: g.dtype, device: g.device });
      return [flat.index_add(0, maxAt.positions, g.reshape(-1).index_select(0, maxAt.from)).reshape(weightShape), null];
    }
    const perRow = g.index_select(0, bags);
    const gW = needs[0] ? zeros(weightShape, { dtype: g.dtype, device: g.device }).index_add(0, rows, scale === null ? perRow : perRow.mul(scale.unsqueeze(-1))) : null;
    // A sample weight's gradient is its row's dot with the bag's gradient (zero at padding positions).
    const gPsw = needs[1] && psw !== null ? zeros([psw.numel()], { dtype: g.dtype, device: g.device }).index_add(0, positions, perRow.mul(weights).sum(-1)).reshape(psw.shape) : null;
    return [gW, gPsw];
  },
};
/**
 * embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False,
 * mode='mean', sparse=False, per_sample_weights=None, include_last_offset=False, padding_idx=None):
 * the sum, mean or max of each bag's embeddings (bags are input's rows, or 1-d input cut at
 * offsets; padding_idx entries left out; an empty bag gives zeros).
 */
export function embedding_bag(input: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("embedding_bag", args, ["offsets", "max_norm", "norm_type", "scale_grad_by_freq", "mode", "sparse", "per_sample_weights", "include_last_offset", "padding_idx"]);
  const mode = (o.mode as string | undefined) ?? "mean";
  const offsets = (o.offsets as Tensor | null | undefined) ?? null, psw = (o.per_sample_weights as Tensor | null | undefined) ?? null;
  if (!["sum", "mean", "max"].includes(mode)) throw new ValueError("mode has to be one of sum, mean or max");
  if (psw !== null && mode !== "sum") throw new NotImplementedError(`embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='${mode}'). Please open a feature request on GitHub.`);
  if (input.dim() === 2 && offsets !== null) throw new ValueError("if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. However, found offsets of type <class 'torch.Tensor'>");
  if (input.dim() === 1 && offsets === null) throw new ValueError("offsets has to be a 1D Tensor but got None");
  if (input.dim() === 1 && offsets!.dim() !== 1) throw new ValueError("offsets has to be a 1D Tensor");
  if (mode === "max" && o.scale_grad_by_freq) throw new ValueError("max mode does not support scaling the gradient by the frequency");
  if (mode === "max" && o.sparse) throw new ValueError("max mode does not support sparse weights");
  // tensorgrad has no sparse tensors, so no sparse gradient.
  if (o.sparse) throw new NotImplementedError("tensorgrad: embedding_bag sparse=True is not supported (no sparse tensors)");
  const ids = input.reshape(-1).tolist() as number[];
  let starts = input.dim() === 2 ? Array.from({ length: input.shape[0] }, (_, b) => b * input.shape[1]) : (offsets!.tolist() as number[]);
  if (input.dim() === 1 && starts.length > 0) {
    // PyTorch's message prints offsets[0] as a tensor.
    if (starts[0] !== 0) throw new RuntimeError(`offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0. However, got ${starts[0]}\n[ ${offsets!.dtype.legacyName}{} ]`);
    const last = starts[starts.length - 1];
    if (last > ids.length) throw new RuntimeError(`offsets[-1] can not be greater than input's length ${ids.length} but got offsets[-1] of ${last}`);
  }
  if (o.max_norm !== undefined && o.max_norm !== null) embedding_renorm_(weight, input, o.max_norm as number, (o.norm_type as number | undefined) ?? 2);
  if (input.dim() === 1 && o.include_last_offset) starts = starts.slice(0, -1);
  const padding = (o.padding_idx as number | null | undefined) ?? null;
  const pad = padding === null ? null : padding < 0 ? padding + weight.shape[0] : padding;
  const pswValues = psw === null ? null : (psw.reshape(-1).tolist() as number[]);
  // The rows each bag reads (in order), and for each the bag and the input position.
  const rows: number[] = [], bags: number[] = [], positions: number[] = [];
  const counts = new Array<number>(starts.length).fill(0);
  starts.forEach((start, b) => {
    const end = b + 1 < starts.length ? starts[b + 1] : input.dim() === 2 ? start + input.shape[1] : ids.length;
    for (let i = start; i < end; i++) {
      if (ids[i] === pad) continue;
      rows.push(ids[i]);
      bags.push(b);
      positions.push(i);
      counts[b]++;
    }
  });
  const [nBags, dim, device] = [starts.length, weight.shape[1], weight.device];
  const rowsT = tensor(rows, { dtype: int64, device }), bagsT = tensor(bags, { dtype: int64, device });
  const gathered = no_grad(() => weight.index_select(0, rowsT));
  const pswRows = pswValues === null ? null : tensor(positions.map((i) => pswValues[i]), { dtype: weight.dtype, device });
  let out: Tensor, scale: Tensor | null = pswRows;
  let maxAt: { positions: Tensor; from: Tensor } | null = null;
  if (mode === "max") {
    // Each (bag, column)'s maximum and the first row that holds it, found on the host.
    const values = gathered.contiguous()._contiguousData();
    const best = new Float64Array(nBags * dim), at = new Array<number>(nBags * dim).fill(-1);
    bags.forEach((b, k) => {
      for (let c = 0; c < dim; c++) {
        const v = values[k * dim + c];
        if (at[b * dim + c] < 0 || v > best[b * dim + c]) [best[b * dim + c], at[b * dim + c]] = [v, rows[k]];
      }
    });
    out = Tensor._make(best, [nBags, dim], float64).to(weight.dtype).to(device);
    const held = at.map((r, f) => [r, f] as const).filter(([r]) => r >= 0);
    maxAt = { positions: tensor(held.map(([r, f]) => r * dim + (f % dim)), { dtype: int64, device }), from: tensor(held.map(([, f]) => f), { dtype: int64, device }) };
  } else {
    const summed = no_grad(() => Tensor._full([nBags, dim], 0, weight.dtype, device).index_add(0, bagsT, pswRows === null ? gathered : gathered.mul(pswRows.unsqueeze(-1))));
    out = summed;
    if (mode === "mean") {
      scale = tensor(bags.map((b) => 1 / counts[b]), { dtype: weight.dtype, device });
      out = no_grad(() => summed.div(tensor(counts.map((c) => Math.max(c, 1)), { dtype: weight.dtype, device }).unsqueeze(-1)));
    }
    if (o.scale_grad_by_freq) {
      // Each row's gradient over how often its index occurs in the whole input.
      const freq = new Map<number, number>();
      for (const id of ids) freq.set(id, (freq.get(id) ?? 0) + 1);
      const byFreq = tensor(rows.map((r) => 1 / freq.get(r)!), { dtype: weight.dtype, device });
      scale = scale === null ? byFreq : scale.mul(byFreq);
    }
  }
  const positionsT = tensor(positions, { dtype: int64, device });
  if (needsGrad(weight, psw)) record(EMBEDDING_BAG, [weight, psw], out, { weightShape: weight.shape, rows: rowsT, bags: bagsT, positions: positionsT, scale, weights: gathered, psw, maxAt });
  return out;
}
