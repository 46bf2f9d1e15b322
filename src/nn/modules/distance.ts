// torch.nn's CosineSimilarity and PairwiseDistance (torch/nn/modules/distance.py).
import type { Tensor } from "../../tensor.js";
import * as F from "../functional.js";
import { Module } from "../module.js";
import { initArgs } from "./_args.js";

export class CosineSimilarity extends Module {
  readonly dim: number;
  readonly eps: number;
  /** CosineSimilarity(dim=1, eps=1e-08). */
  constructor(...args: (number | { dim?: number; eps?: number } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("CosineSimilarity", args, ["dim", "eps"], { dim: 1, eps: 1e-8 });
    this.dim = o.dim;
    this.eps = o.eps;
  }
  override forward(x1: Tensor, x2: Tensor): Tensor {
    return F.cosine_similarity(x1, x2, this.dim, this.eps);
  }
}
export class PairwiseDistance extends Module {
  readonly norm: number;
  readonly eps: number;
  readonly keepdim: boolean;
  /** PairwiseDistance(p=2.0, eps=1e-06, keepdim=False). */
  constructor(...args: (number | boolean | { p?: number; eps?: number; keepdim?: boolean } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("PairwiseDistance", args, ["p", "eps", "keepdim"], { p: 2, eps: 1e-6, keepdim: false });
    this.norm = o.p;
    this.eps = o.eps;
    this.keepdim = o.keepdim;
  }
  override forward(x1: Tensor, x2: Tensor): Tensor {
    return F.pairwise_distance(x1, x2, this.norm, this.eps, this.keepdim);
  }
}
