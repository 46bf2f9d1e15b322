// torch.distributions.Normal(loc, scale).
import { bindArgs } from "../args.js";
import { erf } from "../ops/nn.js";
import { erfinv } from "../ops/math.js";
import { randn } from "../ops/creation.js";
import { Tensor } from "../tensor.js";
import * as constraints from "./constraints.js";
import { broadcast_all, Distribution } from "./distribution.js";

const LOG_SQRT_2PI = Math.log(Math.sqrt(2 * Math.PI));

export class Normal extends Distribution {
  override readonly has_rsample = true;
  loc: Tensor;
  scale: Tensor;
  /** Normal(loc, scale, validate_args?): loc and scale are numbers or tensors, broadcast together. */
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs("Normal.__init__", args, ["loc", "scale", "validate_args"], [], 2);
    [this.loc, this.scale] = broadcast_all(o.loc as number | Tensor, o.scale as number | Tensor);
    this._init(this.loc.shape, [], o.validate_args);
  }
  protected override _expandParams(batch: number[]): void {
    [this.loc, this.scale] = [this.loc.expand(batch), this.scale.expand(batch)];
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.real, scale: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.real;
  }
  override get mean(): Tensor {
    return this.loc;
  }
  override get mode(): Tensor {
    return this.loc;
  }
  override get stddev(): Tensor {
    return this.scale;
  }
  override get variance(): Tensor {
    return this.scale.pow(2);
  }
  /** loc + eps * scale with eps from normal_(): the same draws as torch.normal(loc, scale). */
  override rsample(sample_shape?: readonly number[]): Tensor {
    const eps = randn(this._extended_shape(sample_shape), { dtype: this.loc.dtype, device: this.loc.device });
    return this.loc.add(eps.mul(this.scale));
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const variance = this.scale.pow(2);
    return value.sub(this.loc).pow(2).neg().div(variance.mul(2)).sub(this.scale.log()).sub(LOG_SQRT_2PI);
  }
  override cdf(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return erf(value.sub(this.loc).mul(this.scale.reciprocal()).div(Math.SQRT2)).add(1).mul(0.5);
  }
  override icdf(value: Tensor): Tensor {
    return this.loc.add(this.scale.mul(erfinv(value.mul(2).sub(1))).mul(Math.SQRT2));
  }
  override entropy(): Tensor {
    return this.scale.log().add(0.5 + 0.5 * Math.log(2 * Math.PI));
  }
}
