// torch.distributions.Uniform(low, high): the half-open interval [low, high).
import { bindArgs } from "../args.js";
import { ValueError } from "../errors.js";
import { rand } from "../ops/creation.js";
import type { Tensor } from "../tensor.js";
import * as constraints from "./constraints.js";
import { broadcast_all, Distribution } from "./distribution.js";

export class Uniform extends Distribution {
  override readonly has_rsample = true;
  low: Tensor;
  high: Tensor;
  /** Uniform(low, high, validate_args?). */
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs("Uniform.__init__", args, ["low", "high", "validate_args"], [], 2);
    [this.low, this.high] = broadcast_all(o.low as number | Tensor, o.high as number | Tensor);
    this._init(this.low.shape, [], o.validate_args);
    if (this._validate_args && !(this.low.lt(this.high).all().item() as boolean)) throw new ValueError("Uniform is not defined when low>= high");
  }
  protected override _expandParams(batch: number[]): void {
    [this.low, this.high] = [this.low.expand(batch), this.high.expand(batch)];
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { low: constraints.dependent, high: constraints.dependent };
  }
  override get support(): constraints.Constraint {
    return constraints.interval(this.low, this.high);
  }
  override get mean(): Tensor {
    return this.high.add(this.low).div(2);
  }
  override get mode(): Tensor {
    return this.high.mul(NaN);
  }
  override get stddev(): Tensor {
    return this.high.sub(this.low).div(12 ** 0.5);
  }
  override get variance(): Tensor {
    return this.high.sub(this.low).pow(2).div(12);
  }
  override rsample(sample_shape?: readonly number[]): Tensor {
    const u = rand(this._extended_shape(sample_shape), { dtype: this.low.dtype, device: this.low.device });
    return this.low.add(u.mul(this.high.sub(this.low)));
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const lb = this.low.le(value).to(this.low.dtype), ub = this.high.gt(value).to(this.low.dtype);
    return lb.mul(ub).log().sub(this.high.sub(this.low).log());
  }
  override cdf(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return value.sub(this.low).div(this.high.sub(this.low)).clamp(0, 1);
  }
  override icdf(value: Tensor): Tensor {
    return value.mul(this.high.sub(this.low)).add(this.low);
  }
  override entropy(): Tensor {
    return this.high.sub(this.low).log();
  }
}
