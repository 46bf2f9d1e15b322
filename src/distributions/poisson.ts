// torch.distributions.Poisson(rate).
import { bindArgs } from "../args.js";
import { no_grad } from "../autograd/grad_mode.js";
import { lgamma } from "../ops/math.js";
import { poisson } from "../ops/gamma.js";
import type { Tensor } from "../tensor.js";
import * as constraints from "./constraints.js";
import { broadcast_all, Distribution } from "./distribution.js";

export class Poisson extends Distribution {
  rate: Tensor;
  /** Poisson(rate, validate_args?). */
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs("Poisson.__init__", args, ["rate", "validate_args"], [], 1);
    [this.rate] = broadcast_all(o.rate as number | Tensor);
    this._init(this.rate.shape, [], o.validate_args);
  }
  protected override _expandParams(batch: number[]): void {
    this.rate = this.rate.expand(batch);
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { rate: constraints.nonnegative };
  }
  override get support(): constraints.Constraint {
    return constraints.nonnegative_integer;
  }
  override get mean(): Tensor {
    return this.rate;
  }
  override get mode(): Tensor {
    return this.rate.floor();
  }
  override get variance(): Tensor {
    return this.rate;
  }
  /** torch.poisson's draws (PyTorch's from the same seed). */
  override sample(sample_shape?: readonly number[]): Tensor {
    const shape = this._extended_shape(sample_shape);
    return no_grad(() => poisson(this.rate.expand(shape)));
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const [rate, v] = broadcast_all(this.rate, value);
    return v.xlogy(rate).sub(rate).sub(lgamma(v.add(1)));
  }
}
