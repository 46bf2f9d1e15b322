// torch.nn.functional's convolution functions: conv1d, conv2d, conv_transpose1d/2d, unfold, fold.
import { bindArgs, type ArgsOf } from "../../args.js";
import { backend } from "../../backend/index.js";
import { is_grad_enabled, no_grad } from "../../autograd/grad_mode.js";
import { windowCount } from "../../shape.js";
import { NotImplementedError, RuntimeError, ValueError } from "../../errors.js";
import { needsGrad, record, type OpDef } from "../../ops/registry.js";
import * as P from "../../ops/nn.js";
import { cat, gatherDef, putAdd, take } from "../../ops/shape.js";
import { Tensor } from "../../tensor.js";
import { pair, single, type Pair, type T } from "./common.js";

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
export function conv2d(input: Tensor, weight: Tensor, ...args: ArgsOf<["bias", "stride", "padding", "dilation", "groups"]>): Tensor {
  const o = bindArgs("conv2d", args, ["bias", "stride", "padding", "dilation", "groups"]);
  const bias = (o.bias as Tensor | null | undefined) ?? null;
  const stride = pair((o.stride as Pair) ?? 1);
  const dilation = pair((o.dilation as Pair) ?? 1);
  const groups = (o.groups as number | undefined) ?? 1;
  if (input.dim() === 3) return conv2d(input.unsqueeze(0), weight, bias, { stride, padding: (o.padding as Pair | "same" | "valid" | undefined) ?? 0, dilation, groups }).squeeze(0);
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

/**
 * conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
 * conv2d over a height of 1, with PyTorch's one ConvolutionBackward0 node;
 * padding may be "valid" or "same" (the extra element on the right).
 */
export function conv1d(input: Tensor, weight: Tensor, ...args: ArgsOf<["bias", "stride", "padding", "dilation", "groups"]>): Tensor {
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
export function conv_transpose2d(input: Tensor, weight: Tensor, ...args: ArgsOf<["bias", "stride", "padding", "output_padding", "groups", "dilation"]>): Tensor {
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
export function conv_transpose1d(input: Tensor, weight: Tensor, ...args: ArgsOf<["bias", "stride", "padding", "output_padding", "groups", "dilation"]>): Tensor {
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

/** unfold(input, kernel_size, dilation=1, padding=0, stride=1): im2col, [N, C * kh * kw, L]. */
export function unfold(input: Tensor, kernel_size: Pair, ...args: ArgsOf<["dilation", "padding", "stride"]>): Tensor {
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
export function fold(input: Tensor, output_size: Pair, kernel_size: Pair, ...args: ArgsOf<["dilation", "padding", "stride"]>): Tensor {
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
