// torch.nn's losses (torch/nn/modules/loss.py).
import { bindArgs } from "../../args.js";
import { ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor.js";
import * as F from "../functional.js";
import { callModule, Module } from "../module.js";
import { initArgs } from "./_args.js";
import { PairwiseDistance } from "./distance.js";

abstract class Loss extends Module {
  readonly reduction: F.Reduction;
  /** PyTorch's deprecated size_average / reduce pair, folded into a reduction as its _Reduction.legacy_get_string does. */
  static reductionOf(o: Record<string, any>): F.Reduction {
    if (o.size_average !== undefined && o.size_average !== null || o.reduce !== undefined && o.reduce !== null) {
      const sizeAverage = o.size_average ?? true;
      const reduce = o.reduce ?? true;
      return !reduce ? "none" : sizeAverage ? "mean" : "sum";
    }
    const r = o.reduction ?? "mean";
    if (r !== "mean" && r !== "sum" && r !== "none") throw new ValueError(`${String(r)} is not a valid value for reduction`);
    return r;
  }
  constructor(reduction: F.Reduction) {
    super();
    this.reduction = reduction;
  }
  abstract override forward(input: Tensor, target: Tensor): Tensor;
}

type LossArgs = (Tensor | number | boolean | string | null | Record<string, unknown> | undefined)[];

export class MSELoss extends Loss {
  /** MSELoss(size_average=None, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    super(Loss.reductionOf(initArgs("MSELoss", args, ["size_average", "reduce", "reduction"], {})));
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.mse_loss(input, target, { reduction: this.reduction });
  }
}
export class L1Loss extends Loss {
  /** L1Loss(size_average=None, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    super(Loss.reductionOf(initArgs("L1Loss", args, ["size_average", "reduce", "reduction"], {})));
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.l1_loss(input, target, { reduction: this.reduction });
  }
}
export class BCELoss extends Loss {
  readonly weight: Tensor | null;
  /** BCELoss(weight=None, size_average=None, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    const o = initArgs("BCELoss", args, ["weight", "size_average", "reduce", "reduction"], { weight: null });
    super(Loss.reductionOf(o));
    this.weight = o.weight;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binary_cross_entropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}
export class BCEWithLogitsLoss extends Loss {
  readonly weight: Tensor | null;
  readonly pos_weight: Tensor | null;
  /** BCEWithLogitsLoss(weight=None, size_average=None, reduce=None, reduction='mean', pos_weight=None). */
  constructor(...args: LossArgs) {
    const o = initArgs("BCEWithLogitsLoss", args, ["weight", "size_average", "reduce", "reduction", "pos_weight"], { weight: null, pos_weight: null });
    super(Loss.reductionOf(o));
    this.weight = o.weight;
    this.pos_weight = o.pos_weight;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binary_cross_entropy_with_logits(input, target, { weight: this.weight, pos_weight: this.pos_weight, reduction: this.reduction });
  }
}
export class NLLLoss extends Loss {
  readonly weight: Tensor | null;
  readonly ignore_index: number;
  /** NLLLoss(weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    const o = initArgs("NLLLoss", args, ["weight", "size_average", "ignore_index", "reduce", "reduction"], { weight: null, ignore_index: -100 });
    super(Loss.reductionOf(o));
    this.weight = o.weight;
    this.ignore_index = o.ignore_index;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.nll_loss(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction });
  }
}
export class CrossEntropyLoss extends Loss {
  readonly weight: Tensor | null;
  readonly ignore_index: number;
  readonly label_smoothing: number;
  /** CrossEntropyLoss(weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0). */
  constructor(...args: LossArgs) {
    const o = initArgs("CrossEntropyLoss", args, ["weight", "size_average", "ignore_index", "reduce", "reduction", "label_smoothing"], { weight: null, ignore_index: -100, label_smoothing: 0 });
    super(Loss.reductionOf(o));
    this.weight = o.weight;
    this.ignore_index = o.ignore_index;
    this.label_smoothing = o.label_smoothing;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.cross_entropy(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction, label_smoothing: this.label_smoothing });
  }
}

export class SmoothL1Loss extends Loss {
  readonly beta: number;
  /** SmoothL1Loss(size_average=None, reduce=None, reduction='mean', beta=1.0). */
  constructor(...args: LossArgs) {
    const o = initArgs("SmoothL1Loss", args, ["size_average", "reduce", "reduction", "beta"], { beta: 1 });
    super(Loss.reductionOf(o));
    this.beta = o.beta;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.smooth_l1_loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}
export class HuberLoss extends Loss {
  readonly delta: number;
  /** HuberLoss(reduction='mean', delta=1.0). */
  constructor(...args: LossArgs) {
    const o = initArgs("HuberLoss", args, ["reduction", "delta"], { delta: 1 });
    super(Loss.reductionOf(o));
    this.delta = o.delta;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.huber_loss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}
export class SoftMarginLoss extends Loss {
  /** SoftMarginLoss(size_average=None, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    super(Loss.reductionOf(initArgs("SoftMarginLoss", args, ["size_average", "reduce", "reduction"], {})));
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.soft_margin_loss(input, target, { reduction: this.reduction });
  }
}
export class KLDivLoss extends Module {
  readonly reduction: F.Reduction | "batchmean";
  readonly log_target: boolean;
  /** KLDivLoss(size_average=None, reduce=None, reduction='mean', log_target=False). */
  constructor(...args: LossArgs) {
    super();
    const o = initArgs("KLDivLoss", args, ["size_average", "reduce", "reduction", "log_target"], { log_target: false });
    this.reduction = o.reduction === "batchmean" && o.size_average == null && o.reduce == null ? "batchmean" : Loss.reductionOf(o);
    this.log_target = o.log_target;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.kl_div(input, target, { reduction: this.reduction, log_target: this.log_target });
  }
}
export class HingeEmbeddingLoss extends Loss {
  readonly margin: number;
  /** HingeEmbeddingLoss(margin=1.0, size_average=None, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    const o = initArgs("HingeEmbeddingLoss", args, ["margin", "size_average", "reduce", "reduction"], { margin: 1 });
    super(Loss.reductionOf(o));
    this.margin = o.margin;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.hinge_embedding_loss(input, target, { margin: this.margin, reduction: this.reduction });
  }
}
export class PoissonNLLLoss extends Loss {
  readonly log_input: boolean;
  readonly full: boolean;
  readonly eps: number;
  /** PoissonNLLLoss(log_input=True, full=False, size_average=None, eps=1e-08, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    const o = initArgs("PoissonNLLLoss", args, ["log_input", "full", "size_average", "eps", "reduce", "reduction"], { log_input: true, full: false, eps: 1e-8 });
    super(Loss.reductionOf(o));
    this.log_input = o.log_input;
    this.full = o.full;
    this.eps = o.eps;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.poisson_nll_loss(input, target, { log_input: this.log_input, full: this.full, eps: this.eps, reduction: this.reduction });
  }
}
/** A loss of three tensors (PyTorch's forward takes them all). */
abstract class Loss3 extends Module {
  readonly reduction: F.Reduction;
  constructor(o: Record<string, any>) {
    super();
    this.reduction = Loss.reductionOf(o);
  }
}
export class MarginRankingLoss extends Loss3 {
  readonly margin: number;
  /** MarginRankingLoss(margin=0.0, size_average=None, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    const o = initArgs("MarginRankingLoss", args, ["margin", "size_average", "reduce", "reduction"], { margin: 0 });
    super(o);
    this.margin = o.margin;
  }
  override forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.margin_ranking_loss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}
export class GaussianNLLLoss extends Loss3 {
  readonly full: boolean;
  readonly eps: number;
  /** GaussianNLLLoss(full=False, eps=1e-06, reduction='mean'). */
  constructor(...args: LossArgs) {
    const o = initArgs("GaussianNLLLoss", args, ["full", "eps", "reduction"], { full: false, eps: 1e-6 });
    super(o);
    this.full = o.full;
    this.eps = o.eps;
  }
  override forward(input: Tensor, target: Tensor, variance: Tensor): Tensor {
    return F.gaussian_nll_loss(input, target, variance, { full: this.full, eps: this.eps, reduction: this.reduction });
  }
}
export class TripletMarginLoss extends Loss3 {
  readonly margin: number;
  readonly p: number;
  readonly eps: number;
  readonly swap: boolean;
  /** TripletMarginLoss(margin=1.0, p=2.0, eps=1e-06, swap=False, size_average=None, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    const o = initArgs("TripletMarginLoss", args, ["margin", "p", "eps", "swap", "size_average", "reduce", "reduction"], { margin: 1, p: 2, eps: 1e-6, swap: false });
    super(o);
    this.margin = o.margin;
    this.p = o.p;
    this.eps = o.eps;
    this.swap = o.swap;
  }
  override forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return F.triplet_margin_loss(anchor, positive, negative, { margin: this.margin, p: this.p, eps: this.eps, swap: this.swap, reduction: this.reduction });
  }
}
export class CosineEmbeddingLoss extends Loss3 {
  readonly margin: number;
  /** CosineEmbeddingLoss(margin=0.0, size_average=None, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    const o = initArgs("CosineEmbeddingLoss", args, ["margin", "size_average", "reduce", "reduction"], { margin: 0 });
    super(o);
    this.margin = o.margin;
  }
  override forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.cosine_embedding_loss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}
export class MultiMarginLoss extends Loss {
  readonly p: number;
  readonly margin: number;
  readonly weight: Tensor | null;
  /** MultiMarginLoss(p=1, margin=1.0, weight=None, size_average=None, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    const o = initArgs("MultiMarginLoss", args, ["p", "margin", "weight", "size_average", "reduce", "reduction"], { p: 1, margin: 1, weight: null });
    if (o.p !== 1 && o.p !== 2) throw new ValueError("only p == 1 and p == 2 supported");
    super(Loss.reductionOf(o));
    [this.p, this.margin, this.weight] = [o.p, o.margin, o.weight];
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.multi_margin_loss(input, target, { p: this.p, margin: this.margin, weight: this.weight, reduction: this.reduction });
  }
}
export class MultiLabelMarginLoss extends Loss {
  /** MultiLabelMarginLoss(size_average=None, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    super(Loss.reductionOf(initArgs("MultiLabelMarginLoss", args, ["size_average", "reduce", "reduction"], {})));
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.multilabel_margin_loss(input, target, { reduction: this.reduction });
  }
}
export class MultiLabelSoftMarginLoss extends Loss {
  readonly weight: Tensor | null;
  /** MultiLabelSoftMarginLoss(weight=None, size_average=None, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    const o = initArgs("MultiLabelSoftMarginLoss", args, ["weight", "size_average", "reduce", "reduction"], { weight: null });
    super(Loss.reductionOf(o));
    this.weight = o.weight;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.multilabel_soft_margin_loss(input, target, { weight: this.weight, reduction: this.reduction });
  }
}
export class TripletMarginWithDistanceLoss extends Loss3 {
  readonly distance_function: ((a: Tensor, b: Tensor) => Tensor) | Module;
  readonly margin: number;
  readonly swap: boolean;
  /** TripletMarginWithDistanceLoss(*, distance_function=None, margin=1.0, swap=False, reduction='mean'); the default distance is a PairwiseDistance child. */
  constructor(opts: { distance_function?: ((a: Tensor, b: Tensor) => Tensor) | null; margin?: number; swap?: boolean; reduction?: F.Reduction } = {}) {
    const o = { distance_function: null, margin: 1, swap: false, reduction: "mean", ...bindArgs("TripletMarginWithDistanceLoss.__init__", [opts], [], ["distance_function", "margin", "swap", "reduction"]) } as Record<string, any>;
    super(o);
    this.distance_function = o.distance_function ?? new PairwiseDistance();
    this.margin = o.margin;
    this.swap = o.swap;
  }
  override forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    const fn = this.distance_function instanceof Module ? (a: Tensor, b: Tensor) => callModule(this.distance_function as Module, a, b) as Tensor : this.distance_function;
    return F.triplet_margin_with_distance_loss(anchor, positive, negative, { distance_function: fn, margin: this.margin, swap: this.swap, reduction: this.reduction });
  }
}
