// torch.distributions.Exponential(rate).
import { bindArgs } from "../args.js";
import { fillExponential } from "../ops/creation.js";
import { Tensor } from "../tensor.js";
import * as constraints from "./constraints.js";
import { broadcast_all, Distribution } from "./distribution.js";

export class Exponential extends Distribution {
  override readonly has_rsample = true;
  rate: Tensor;
  /** Exponential(rate, validate_args?). */
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs("Exponential.__init__", args, ["rate", "validate_args"], [], 1);
    [this.rate] = broadcast_all(o.rate as number | Tensor);
    this._init(this.rate.shape, [], o.validate_args);
  }
  protected override _expandParams(batch: number[]): void {
    this.rate = this.rate.expand(batch);
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { rate: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.nonnegative;
  }
  override get mean(): Tensor {
    return this.rate.reciprocal();
  }
  override get mode(): Tensor {
    return Tensor._full(this.rate.shape, 0, this.rate.dtype, this.rate.device);
  }
  override get stddev(): Tensor {
    return this.rate.reciprocal();
  }
  override get variance(): Tensor {
    return this.rate.pow(-2);
  }
  /** exponential_() draws (PyTorch's: -log(1 - u) with a double uniform) over the rate. */
  override rsample(sample_shape?: readonly number[]): Tensor {
    const e = Tensor._full(this._extended_shape(sample_shape), 0, this.rate.dtype, this.rate.device);
    fillExponential(e, 1);
    return e.div(this.rate);
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return this.rate.log().sub(this.rate.mul(value));
  }
  override cdf(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return this.rate.neg().mul(value).exp().neg().add(1);
  }
  override icdf(value: Tensor): Tensor {
    return value.neg().add(1).log().neg().div(this.rate);
  }
  override entropy(): Tensor {
    return this.rate.log().neg().add(1);
  }
}
