// torch.nn.functional's normalization functions: batch_norm, instance_norm, layer_norm, group_norm, local_response_norm.
import { bindArgs, type ArgsOf } from "../../args.js";
import { no_grad } from "../../autograd/grad_mode.js";
import { RuntimeError, ValueError } from "../../errors.js";
import { needsGrad, record, type OpDef } from "../../ops/registry.js";
import type { Tensor } from "../../tensor.js";
import { avg_pool2d } from "../pooling.js";
import type { T } from "./common.js";
import { pad } from "./vision.js";

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
export function group_norm(input: Tensor, num_groups: number, ...args: ArgsOf<["weight", "bias", "eps"]>): Tensor {
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

export function layer_norm(input: Tensor, normalized_shape: number[], ...args: ArgsOf<["weight", "bias", "eps"]>): Tensor {
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
export function instance_norm(input: Tensor, ...args: ArgsOf<["running_mean", "running_var", "weight", "bias", "use_input_stats", "momentum", "eps"]>): Tensor {
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

export function batch_norm(input: Tensor, running_mean: Tensor | null, running_var: Tensor | null, ...args: ArgsOf<["weight", "bias", "training", "momentum", "eps"]>): Tensor {
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

/**
 * local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0): each element over
 * (k + alpha * mean of squares over `size` neighbouring channels)^beta (PyTorch's composition).
 */
export function local_response_norm(input: Tensor, size: number, ...args: ArgsOf<["alpha", "beta", "k"]>): Tensor {
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
