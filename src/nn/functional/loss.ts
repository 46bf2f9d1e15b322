// torch.nn.functional's loss functions (ctc_loss is in ../ctc_loss.ts).
import { bindArgs, checkKeywords, type ArgsOf } from "../../args.js";
import { one_hot } from "../../ops/sort.js";
import { no_grad } from "../../autograd/grad_mode.js";
import { float64, int64 } from "../../dtype.js";
import { IndexError, RuntimeError, TorchTypeError, typeName, ValueError } from "../../errors.js";
import { needsGrad, record, type OpDef } from "../../ops/registry.js";
import * as P from "../../ops/nn.js";
import { where } from "../../ops/elementwise.js";
import { Tensor } from "../../tensor.js";
import { userCode } from "../../memory.js";
import * as A from "../activations.js";
import type { T } from "./common.js";

export type Reduction = "mean" | "sum" | "none";

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

export function mse_loss(input: Tensor, target: Tensor, ...args: ArgsOf<typeof REDUCTION_ARGS>): Tensor {
  const options = lossArgs<LossOptions>("mse_loss", args, REDUCTION_ARGS);
  const reduction = options.reduction ?? "mean";
  const out = no_grad(() => reduce(input.sub(target).square(), reduction));
  if (needsGrad(input, target)) record(MSE_LOSS, [input, target], out, { input, target, reduction });
  return out;
}

/** l1_loss is a composite in PyTorch too (its node is the reduction's). */
export function l1_loss(input: Tensor, target: Tensor, ...args: ArgsOf<typeof REDUCTION_ARGS>): Tensor {
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
export function binary_cross_entropy(input: Tensor, target: Tensor, ...args: ArgsOf<["weight", ...typeof REDUCTION_ARGS]>): Tensor {
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
const REDUCTION_ARGS = ["size_average", "reduce", "reduction"] as const;

/**
 * Negative log-likelihood of class indices: input [N, C] (or [C]) of
 * log-probabilities, or [N, C, d1, ...] with target [N, d1, ...] (PyTorch's
 * nll_loss_nd; 4-D input is NllLoss2D, and other K-d input is viewed as 4-D first).
 */
export function nll_loss(input: Tensor, target: Tensor, ...args: ArgsOf<["weight", "size_average", "ignore_index", "reduce", "reduction"]>): Tensor {
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
export function cross_entropy(input: Tensor, target: Tensor, ...args: ArgsOf<["weight", "size_average", "ignore_index", "reduce", "reduction", "label_smoothing"]>): Tensor {
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
export function smooth_l1_loss(input: Tensor, target: Tensor, ...args: ArgsOf<[...typeof REDUCTION_ARGS, "beta"]>): Tensor {
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
export function huber_loss(input: Tensor, target: Tensor, ...args: ArgsOf<["reduction", "delta"]>): Tensor {
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
export function soft_margin_loss(input: Tensor, target: Tensor, ...args: ArgsOf<typeof REDUCTION_ARGS>): Tensor {
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
export function margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor, ...args: ArgsOf<["margin", ...typeof REDUCTION_ARGS]>): Tensor {
  const o = lossArgs<LossOptions & { margin?: number }>("margin_ranking_loss", args, ["margin", ...REDUCTION_ARGS]);
  if (input1.dim() !== input2.dim() || input1.dim() !== target.dim()) {
    throw new RuntimeError(`margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: torch.Size([${input1.shape.join(", ")}]), input2: torch.Size([${input2.shape.join(", ")}]), target: torch.Size([${target.shape.join(", ")}]) `);
  }
  return reduce(target.neg().mul(input1.sub(input2)).add(o.margin ?? 0).clamp_min(0), o.reduction);
}

/** hinge_embedding_loss(input, target, margin=1.0, reduction="mean"): x where y is 1, max(0, margin - x) where y is -1. */
export function hinge_embedding_loss(input: Tensor, target: Tensor, ...args: ArgsOf<["margin", ...typeof REDUCTION_ARGS]>): Tensor {
  const o = lossArgs<LossOptions & { margin?: number }>("hinge_embedding_loss", args, ["margin", ...REDUCTION_ARGS]);
  const zeros = input.detach().mul(0);
  const marginClamp = input.rsub(o.margin ?? 1).clamp_min(0);
  const output = where(target.ne(1), marginClamp, zeros).add(where(target.ne(-1), input, zeros));
  return reduce(output, o.reduction);
}

/** poisson_nll_loss(input, target, log_input=True, full=False, eps=1e-8, reduction="mean"). */
export function poisson_nll_loss(input: Tensor, target: Tensor, ...args: ArgsOf<["log_input", "full", "size_average", "eps", "reduce", "reduction"]>): Tensor {
  const o = lossArgs<LossOptions & { log_input?: boolean; full?: boolean; eps?: number }>("poisson_nll_loss", args, ["log_input", "full", "size_average", "eps", "reduce", "reduction"]);
  let loss = o.log_input ?? true ? input.exp().sub(target.mul(input)) : input.sub(target.mul(input.add(o.eps ?? 1e-8).log()));
  if (o.full === true) {
    const stirling = target.mul(target.log()).sub(target).add(target.mul(2 * Math.PI).log().mul(0.5));
    loss = loss.add(stirling.masked_fill(target.le(1), 0));
  }
  return reduce(loss, o.reduction);
}

/** gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"): 0.5 (log var + (x - y)^2 / var), var clamped to eps without a gradient. */
export function gaussian_nll_loss(input: Tensor, target: Tensor, variance: Tensor, ...args: ArgsOf<["full", "eps", "reduction"]>): Tensor {
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
export function triplet_margin_loss(anchor: Tensor, positive: Tensor, negative: Tensor, ...args: ArgsOf<["margin", "p", "eps", "swap", ...typeof REDUCTION_ARGS]>): Tensor {
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

/**
 * cosine_embedding_loss(input1, input2, target, margin=0, reduction='mean'): 1 - cos where
 * target is 1, max(0, cos - margin) where it is -1 (PyTorch's composition, 1e-12 in the norms).
 */
export function cosine_embedding_loss(input1: Tensor, input2: Tensor, target: Tensor, ...args: ArgsOf<["margin", ...typeof REDUCTION_ARGS]>): Tensor {
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
export function multilabel_soft_margin_loss(input: Tensor, target: Tensor, ...args: ArgsOf<["weight", ...typeof REDUCTION_ARGS]>): Tensor {
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
export function multi_margin_loss(input: Tensor, target: Tensor, ...args: ArgsOf<["p", "margin", "weight", ...typeof REDUCTION_ARGS]>): Tensor {
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
export function multilabel_margin_loss(input: Tensor, target: Tensor, ...args: ArgsOf<typeof REDUCTION_ARGS>): Tensor {
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
  const userDistance = opts.distance_function;
  const distance = userDistance ? (a: Tensor, b: Tensor) => userCode(() => userDistance(a, b), [a, b]) : (a: Tensor, b: Tensor) => A.pairwise_distance(a, b);
  const distPos = distance(anchor, positive);
  let distNeg = distance(anchor, negative);
  if (opts.swap) distNeg = distNeg.minimum(distance(positive, negative));
  return reduce(distPos.add(margin).sub(distNeg).clamp_min(0), opts.reduction ?? "mean");
}
