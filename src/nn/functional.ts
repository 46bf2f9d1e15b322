// torch.nn.functional. Activations and softmax are op-table primitives
// (ops/nn.ts); layers and losses are composites of tensor ops, so their
// gradients (and gradients of gradients) come from the op table.
import { gradState } from "../autograd/grad_mode.js";
import { int64 } from "../dtype.js";
import { IndexError, RuntimeError, ValueError } from "../errors.js";
import { fillBernoulli } from "../ops/creation.js";
import { needsGrad, record, type OpDef } from "../ops/registry.js";
import * as P from "../ops/nn.js";
import { Tensor } from "../tensor.js";

export { softmax, log_softmax, gelu, pad, embedding } from "../ops/nn.js";

export type Reduction = "mean" | "sum" | "none";
type T = Tensor;

export const relu = (x: Tensor): Tensor => x.relu();
export const sigmoid = (x: Tensor): Tensor => x.sigmoid();
export const tanh = (x: Tensor): Tensor => x.tanh();
export const erf = P.erf;

const ADDMM: OpDef = {
  name: "addmm",
  node: "AddmmBackward0",
  backward: (g: T, s, needs) => [needs[0] ? g : null, needs[1] ? g.mm(s.mat2.t()) : null, needs[2] ? s.mat1.t().mm(g) : null],
};

/** bias + mat1 @ mat2 in one kernel pass: torch.addmm. */
export function addmm(bias: Tensor, mat1: Tensor, mat2: Tensor): Tensor {
  const out = mat1.detach().mm(mat2.detach()).add(bias.detach());
  if (needsGrad(bias, mat1, mat2)) record(ADDMM, [bias, mat1, mat2], out, { mat1, mat2 });
  return out;
}

/** y = x W^T + b (PyTorch: addmm for 2-D input, matmul otherwise). */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (input.dim() === 2 && bias) return addmm(bias, input, weight.t());
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

/** 2-D convolution (cross-correlation) as im2col + one batched matrix product. */
export function conv2d(input: Tensor, weight: Tensor, bias?: Tensor | null, options: Conv2dOptions = {}): Tensor {
  if (input.dim() !== 4) throw new RuntimeError(`Expected 4D (batched) input to conv2d, but got input of size: [${input.shape.join(", ")}]`);
  const [sh, sw] = pair(options.stride ?? 1);
  const [ph, pw] = pair(options.padding ?? 0);
  const [dh, dw] = pair(options.dilation ?? 1);
  if ((options.groups ?? 1) !== 1) throw new RuntimeError("tensorgrad: conv2d supports groups=1 only");
  const [n, c] = input.shape;
  const [o, cw, kh, kw] = weight.shape;
  if (cw !== c) {
    throw new RuntimeError(`Given groups=1, weight of size [${weight.shape.join(", ")}], expected input[${input.shape.join(", ")}] to have ${cw} channels, but got ${c} channels instead`);
  }
  const x = ph || pw ? P.pad(input, [pw, pw, ph, ph]) : input;
  const { cols, ho, wo } = P.unfoldWindows(x, kh, kw, sh, sw, dh, dw);
  const out = weight.reshape(o, c * kh * kw).matmul(cols.reshape(n, c * kh * kw, ho * wo));
  const withBias = bias ? out.add(bias.reshape(1, o, 1)) : out;
  return withBias.reshape(n, o, ho, wo);
}

export interface MaxPool2dOptions {
  stride?: Pair | null;
  padding?: Pair;
  dilation?: Pair;
}

/** 2-D max pooling: windows gathered by im2col, then a max over each window. */
export function max_pool2d(input: Tensor, kernel_size: Pair, options: MaxPool2dOptions = {}): Tensor {
  const [kh, kw] = pair(kernel_size);
  const [sh, sw] = pair(options.stride ?? kernel_size);
  const [ph, pw] = pair(options.padding ?? 0);
  const [dh, dw] = pair(options.dilation ?? 1);
  const batched = input.dim() === 4;
  const x4 = batched ? input : input.unsqueeze(0);
  const x = ph || pw ? P.pad(x4, [pw, pw, ph, ph], -Infinity) : x4;
  const { cols, ho, wo } = P.unfoldWindows(x, kh, kw, sh, sw, dh, dw);
  const [n, c] = x.shape;
  const windows = cols.reshape(n, c, kh * kw, ho * wo);
  const out = windows.amax(2).reshape(n, c, ho, wo);
  return batched ? out : out.squeeze(0);
}

export function flatten(input: Tensor, start_dim = 0, end_dim = -1): Tensor {
  return input.flatten(start_dim, end_dim);
}

export function dropout(input: Tensor, p = 0.5, training = true): Tensor {
  if (p < 0 || p > 1) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
  if (!training || p === 0) return input;
  if (p === 1) return input.mul(0);
  const keep = Tensor._full(input.shape, 0, input.dtype);
  fillBernoulli(keep, 1 - p);
  return input.mul(keep.div(1 - p));
}

export function layer_norm(input: Tensor, normalized_shape: number[], weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  const dims = normalized_shape.map((_, i) => input.dim() - normalized_shape.length + i);
  const mean = input.mean(dims, true);
  const centered = input.sub(mean);
  const variance = centered.square().mean(dims, true);
  let out = centered.mul(variance.add(eps).rsqrt());
  if (weight) out = out.mul(weight);
  if (bias) out = out.add(bias);
  return out;
}

/**
 * Batch normalisation over dim 0 (and the spatial dims beyond 1). In training,
 * batch statistics normalise, and the running statistics (if given) move by
 * `momentum`, with the unbiased variance, as PyTorch's.
 */
export function batch_norm(
  input: Tensor,
  running_mean: Tensor | null,
  running_var: Tensor | null,
  weight?: Tensor | null,
  bias?: Tensor | null,
  training = false,
  momentum = 0.1,
  eps = 1e-5,
): Tensor {
  const dims = input.shape.map((_, i) => i).filter((i) => i !== 1);
  const shape = input.shape.map((s, i) => (i === 1 ? s : 1));
  let mean: Tensor, variance: Tensor;
  if (training) {
    const count = input.numel() / input.shape[1];
    if (count <= 1) throw new ValueError(`Expected more than 1 value per channel when training, got input size [${input.shape.join(", ")}]`);
    mean = input.mean(dims, true);
    variance = input.sub(mean).square().mean(dims, true);
    if (running_mean && running_var) {
      const prev = gradState.enabled;
      gradState.enabled = false;
      try {
        running_mean.mul_(1 - momentum).add_(mean.detach().reshape(-1).mul(momentum));
        running_var.mul_(1 - momentum).add_(variance.detach().reshape(-1).mul((momentum * count) / (count - 1)));
      } finally {
        gradState.enabled = prev;
      }
    }
  } else {
    if (!running_mean || !running_var) throw new RuntimeError("running_mean and running_var must be defined in evaluation mode");
    mean = running_mean.reshape(shape);
    variance = running_var.reshape(shape);
  }
  let out = input.sub(mean).mul(variance.add(eps).rsqrt());
  if (weight) out = out.mul(weight.reshape(shape));
  if (bias) out = out.add(bias.reshape(shape));
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

export function mse_loss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  return reduce(input.sub(target).square(), options.reduction);
}

export function l1_loss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  return reduce(input.sub(target).abs(), options.reduction);
}

/** Binary cross-entropy on probabilities; PyTorch clamps each log at -100. */
export function binary_cross_entropy(input: Tensor, target: Tensor, options: LossOptions & { weight?: Tensor | null } = {}): Tensor {
  sameSize(input, target);
  const logP = input.log().clamp(-100);
  const log1mP = input.rsub(1).log().clamp(-100);
  let loss = target.mul(logP).add(target.rsub(1).mul(log1mP)).neg();
  if (options.weight) loss = loss.mul(options.weight);
  return reduce(loss, options.reduction);
}

/** Binary cross-entropy on logits, in the stable form max(x, 0) - x t + log(1 + exp(-|x|)). */
export function binary_cross_entropy_with_logits(
  input: Tensor,
  target: Tensor,
  options: LossOptions & { weight?: Tensor | null; pos_weight?: Tensor | null } = {},
): Tensor {
  sameSize(input, target);
  const softplusNeg = input.abs().neg().exp().log1p().add(input.neg().clamp(0)); // log(1 + exp(-x))
  let loss: Tensor;
  if (options.pos_weight) {
    const logWeight = options.pos_weight.sub(1).mul(target).add(1);
    loss = target.rsub(1).mul(input).add(logWeight.mul(softplusNeg));
  } else {
    loss = target.rsub(1).mul(input).add(softplusNeg);
  }
  if (options.weight) loss = loss.mul(options.weight);
  return reduce(loss, options.reduction);
}

export interface NllOptions extends LossOptions {
  weight?: Tensor | null;
  ignore_index?: number;
}

/** Negative log-likelihood of class indices: input [N, C] (or [N, C, ...]) of log-probabilities. */
export function nll_loss(input: Tensor, target: Tensor, options: NllOptions = {}): Tensor {
  if (target.dtype !== int64) throw new RuntimeError(`expected scalar type Long but found ${target.dtype.scalarName}`);
  const ignore = options.ignore_index ?? -100;
  const c = input.dim() === 1 ? input.shape[0] : input.shape[1];
  const x = input.dim() === 1 ? input.unsqueeze(0) : input;
  const t = input.dim() === 1 ? target.unsqueeze(0) : target;
  if (x.shape[0] !== t.shape[0]) throw new ValueError(`Expected input batch_size (${x.shape[0]}) to match target batch_size (${t.shape[0]}).`);
  const valid = t.ne(ignore);
  const safeTarget = t.masked_fill(valid.logical_not(), 0);
  const tv = safeTarget._contiguousData();
  for (let i = 0; i < tv.length; i++) {
    if (tv[i] < 0 || tv[i] >= c) throw new IndexError(`Target ${tv[i]} is out of bounds.`);
  }
  const picked = x.gather(1, safeTarget.unsqueeze(1)).squeeze(1).neg();
  let w = valid.to(x.dtype);
  if (options.weight) w = w.mul(options.weight.index_select(0, safeTarget.reshape(-1)).reshape(safeTarget.shape));
  const loss = picked.mul(w);
  const reduction = options.reduction ?? "mean";
  if (reduction === "mean") return loss.sum().div(w.sum());
  return reduce(loss, reduction);
}

export interface CrossEntropyOptions extends NllOptions {
  label_smoothing?: number;
}

/** log_softmax over the class dim, then nll_loss; or soft targets when target is floating. */
export function cross_entropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const classDim = input.dim() === 1 ? 0 : 1;
  const logp = P.log_softmax(input, classDim);
  const smoothing = options.label_smoothing ?? 0;
  if (target.dtype.is_floating_point) {
    const c = input.shape[classDim];
    let t = target;
    if (smoothing > 0) t = t.mul(1 - smoothing).add(smoothing / c);
    let loss = logp.mul(t);
    if (options.weight) loss = loss.mul(options.weight.reshape(...input.shape.map((s, i) => (i === classDim ? s : 1))));
    const perSample = loss.sum(classDim).neg();
    const reduction = options.reduction ?? "mean";
    return reduction === "mean" ? perSample.sum().div(input.dim() === 1 ? 1 : input.shape[0]) : reduce(perSample, reduction);
  }
  const nll = nll_loss(logp, target, options);
  if (smoothing === 0) return nll;
  const c = input.shape[classDim];
  const smooth = reduce(logp.sum(classDim).neg().div(c), options.reduction);
  return nll.mul(1 - smoothing).add(smooth.mul(smoothing));
}
