// torch.distributions.HalfNormal(scale): |X| for X ~ Normal(0, scale).
import { bindArgs } from "../args.js";
import { where } from "../ops/elementwise.js";
import { Tensor } from "../tensor.js";
import * as constraints from "./constraints.js";
import { Normal } from "./normal.js";
import { TransformedDistribution } from "./transformed_distribution.js";
import { AbsTransform } from "./transforms.js";

export class HalfNormal extends TransformedDistribution {
  /** HalfNormal(scale, validate_args?). */
  constructor(...args: unknown[]) {
    const o = bindArgs("HalfNormal.__init__", args, ["scale", "validate_args"], [], 1);
    super(new Normal(0, o.scale, { validate_args: false }), new AbsTransform(), { validate_args: o.validate_args });
  }
  get scale(): Tensor {
    return (this.base_dist as Normal).scale;
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
  override get mean(): Tensor {
    return this.scale.mul(Math.sqrt(2 / Math.PI));
  }
  override get mode(): Tensor {
    return Tensor._full(this.scale.shape, 0, this.scale.dtype, this.scale.device);
  }
  override get variance(): Tensor {
    return this.scale.pow(2).mul(1 - 2 / Math.PI);
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
