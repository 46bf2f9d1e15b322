// torch.distributions.HalfNormal(scale) and HalfCauchy(scale): |X| for X ~ Normal(0, scale)
// or Cauchy(0, scale), a symmetric base folded at 0 by AbsTransform.
import { bindArgs } from "../args.js";
import { where } from "../ops/elementwise.js";
import { Tensor } from "../tensor.js";
import { Cauchy } from "./cauchy.js";
import * as constraints from "./constraints.js";
import type { Distribution } from "./distribution.js";
import { Normal } from "./normal.js";
import { TransformedDistribution } from "./transformed_distribution.js";
import { AbsTransform } from "./transforms.js";

/** A base symmetric about 0 with a `scale`, folded: twice its density on [0, inf), its cdf and icdf rescaled. */
abstract class Folded extends TransformedDistribution {
  constructor(base: Distribution & { scale: Tensor }, validate_args: unknown) {
    super(base, new AbsTransform(), { validate_args });
  }
  get scale(): Tensor {
    return (this.base_dist as Distribution & { scale: Tensor }).scale;
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { scale: constraints.positive };
  }
  protected override _validatedParams(): [string, Tensor][] {
    return [["scale", this.scale]];
  }
  override get support(): constraints.Constraint {
    return constraints.nonnegative;
  }
  protected filled(value: number): Tensor {
    return Tensor._full(this.scale.shape, value, this.scale.dtype, this.scale.device);
  }
  override get mode(): Tensor {
    return this.filled(0);
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return where(value.ge(0), this.base_dist.log_prob(value).add(Math.LN2), -Infinity);
  }
  override cdf(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return this.base_dist.cdf(value).mul(2).sub(1);
  }
  override icdf(prob: Tensor): Tensor {
    return this.base_dist.icdf(prob.add(1).div(2));
  }
  override entropy(): Tensor {
    return this.base_dist.entropy().sub(Math.LN2);
  }
}

export class HalfNormal extends Folded {
  /** HalfNormal(scale, validate_args?). */
  constructor(...args: unknown[]) {
    const o = bindArgs("HalfNormal.__init__", args, ["scale", "validate_args"], [], 1);
    super(new Normal(0, o.scale, { validate_args: false }), o.validate_args);
  }
  override get mean(): Tensor {
    return this.scale.mul(Math.sqrt(2 / Math.PI));
  }
  override get variance(): Tensor {
    return this.scale.pow(2).mul(1 - 2 / Math.PI);
  }
}

export class HalfCauchy extends Folded {
  /** HalfCauchy(scale, validate_args?). */
  constructor(...args: unknown[]) {
    const o = bindArgs("HalfCauchy.__init__", args, ["scale", "validate_args"], [], 1);
    super(new Cauchy(0, o.scale, { validate_args: false }), o.validate_args);
  }
  override get mean(): Tensor {
    return this.filled(Infinity);
  }
  override get variance(): Tensor {
    return this.filled(Infinity);
  }
}
