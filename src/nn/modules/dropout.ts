// torch.nn's dropout modules (torch/nn/modules/dropout.py).
import { ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor.js";
import * as F from "../functional.js";
import { Module } from "../module.js";
import { pyFloat } from "../../format.js";
import { initArgs, pyBool } from "./_args.js";
import { className } from "../../names.js";

export class Dropout extends Module {
  readonly p: number;
  readonly inplace: boolean;
  /** Dropout(p=0.5, inplace=False). */
  constructor(...args: (number | boolean | { p?: number; inplace?: boolean } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs(className(this), args, ["p", "inplace"], { p: 0.5, inplace: false });
    if (typeof o.p !== "number" || o.p < 0 || o.p > 1) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${o.p}`);
    this.p = o.p;
    this.inplace = o.inplace;
  }
  override forward(input: Tensor): Tensor {
    return F.dropout(input, this.p, this.training, this.inplace);
  }
  override extra_repr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}

export class Dropout2d extends Dropout {
  /** Dropout2d(p=0.5, inplace=False): whole channels zeroed. */
  override forward(input: Tensor): Tensor {
    return F.dropout2d(input, this.p, this.training, this.inplace);
  }
}
export class Dropout1d extends Dropout {
  /** Dropout1d(p=0.5, inplace=False): whole channels of (N, C, L) zeroed. */
  override forward(input: Tensor): Tensor {
    return F.dropout1d(input, this.p, this.training, this.inplace);
  }
}
export class Dropout3d extends Dropout {
  /** Dropout3d(p=0.5, inplace=False): whole channels of (N, C, D, H, W) zeroed. */
  override forward(input: Tensor): Tensor {
    return F.dropout3d(input, this.p, this.training, this.inplace);
  }
}
export class AlphaDropout extends Dropout {
  /** AlphaDropout(p=0.5, inplace=False): dropout that keeps SELU's self-normalization. */
  override forward(input: Tensor): Tensor {
    return F.alpha_dropout(input, this.p, this.training, this.inplace);
  }
}
export class FeatureAlphaDropout extends Dropout {
  /** FeatureAlphaDropout(p=0.5, inplace=False): alpha dropout of whole channels. */
  override forward(input: Tensor): Tensor {
    return F.feature_alpha_dropout(input, this.p, this.training, this.inplace);
  }
}
