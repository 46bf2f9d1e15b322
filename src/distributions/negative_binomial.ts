// torch.distributions.NegativeBinomial(total_count, probs | logits): the failures before
// total_count successes, drawn as PyTorch draws them: Poisson(Gamma(total_count, e^-logits)).
import { no_grad } from "../autograd/grad_mode.js";
import { poisson } from "../ops/gamma.js";
import { logsigmoid } from "../nn/functional.js";
import type { Tensor } from "../tensor.js";
import { CountedTrials } from "./binomial.js";
import * as constraints from "./constraints.js";
import { Gamma } from "./gamma.js";

export class NegativeBinomial extends CountedTrials {
  /** NegativeBinomial(total_count, probs?, logits?, validate_args?): exactly one of probs and logits. */
  constructor(...args: unknown[]) {
    super();
    this._bindCounted("NegativeBinomial", args, undefined);
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { total_count: constraints.greater_than_eq(0), probs: constraints.half_open_interval(0, 1), logits: constraints.real };
  }
  override get support(): constraints.Constraint {
    return constraints.nonnegative_integer;
  }
  override get mean(): Tensor {
    return this.total_count.mul(this.logits.exp());
  }
  override get mode(): Tensor {
    return this.total_count.sub(1).mul(this.logits.exp()).floor().clamp({ min: 0 });
  }
  override get variance(): Tensor {
    return this.mean.div(this.logits.neg().sigmoid());
  }
  override sample(sample_shape?: readonly number[]): Tensor {
    return no_grad(() => poisson(new Gamma(this.total_count, this.logits.neg().exp(), { validate_args: false }).sample(sample_shape)));
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const n = this.total_count;
    const unnormalized = n.mul(logsigmoid(this.logits.neg())).add(value.mul(logsigmoid(this.logits)));
    // n = value = 0 has probability 1 (lgamma(0) is infinite there).
    const normalization = n.add(value).lgamma().neg().add(value.add(1).lgamma()).add(n.lgamma()).masked_fill(n.add(value).eq(0), 0);
    return unnormalized.sub(normalization);
  }
}
