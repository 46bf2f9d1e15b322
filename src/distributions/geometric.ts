// torch.distributions.Geometric(probs | logits): the number of failures before the first success.
import { ValueError } from "../errors.js";
import { finfo } from "../dtype.js";
import { no_grad } from "../autograd/grad_mode.js";
import { where } from "../ops/elementwise.js";
import { binary_cross_entropy_with_logits } from "../nn/functional.js";
import { Tensor } from "../tensor.js";
import * as constraints from "./constraints.js";
import { broadcast_all, shapeText } from "./distribution.js";
import { BinaryProbsOrLogits } from "./bernoulli.js";

export class Geometric extends BinaryProbsOrLogits {
  /** Geometric(probs?, logits?, validate_args?): exactly one of probs (in (0, 1]) and logits. */
  constructor(...args: unknown[]) {
    super();
    const o = this._bindParams("Geometric", args);
    this._init(this._param.shape, [], o.validate_args);
    // Beyond unit_interval, PyTorch requires probs > 0.
    if (this._validate_args && o.probs !== undefined && !(this.probs.gt(0).all().item() as boolean)) {
      const value = this.probs;
      throw new ValueError(
        `Expected parameter probs (Tensor of shape ${shapeText(value)}) of distribution ${this} ` +
          `to be positive but found invalid values:\n${value.masked_select(value.gt(0).logical_not())}`,
      );
    }
  }
  override get support(): constraints.Constraint {
    return constraints.nonnegative_integer;
  }
  override get mean(): Tensor {
    return this.probs.reciprocal().sub(1);
  }
  override get mode(): Tensor {
    return Tensor._full(this.probs.shape, 0, this.probs.dtype, this.probs.device);
  }
  override get variance(): Tensor {
    return this.probs.reciprocal().sub(1).div(this.probs);
  }
  /** floor(log u / log1p(-probs)) with u uniform in [tiny, 1), as PyTorch draws it. */
  override sample(sample_shape?: readonly number[]): Tensor {
    const shape = this._extended_shape(sample_shape);
    return no_grad(() => {
      const u = Tensor._full(shape, 0, this.probs.dtype, this.probs.device).uniform_(finfo(this.probs.dtype).tiny, 1);
      return u.log().div(this.probs.neg().log1p()).floor();
    });
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const [v, p] = broadcast_all(value, this.probs);
    const probs = where(p.eq(1).logical_and(v.eq(0)), 0, p);
    return v.mul(probs.neg().log1p()).add(this.probs.log());
  }
  override entropy(): Tensor {
    return binary_cross_entropy_with_logits(this.logits, this.probs, { reduction: "none" }).div(this.probs);
  }
}
