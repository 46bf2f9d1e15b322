// torch.distributions.Geometric(probs | logits): the number of failures before the first success.
import { bindArgs } from "../args.js";
import { ValueError } from "../errors.js";
import { finfo } from "../dtype.js";
import { no_grad } from "../autograd/grad_mode.js";
import { where } from "../ops/elementwise.js";
import { binary_cross_entropy_with_logits } from "../nn/functional.js";
import { Tensor } from "../tensor.js";
import * as constraints from "./constraints.js";
import { broadcast_all } from "./distribution.js";
import { clampProbs, ProbsOrLogits } from "./categorical.js";

export class Geometric extends ProbsOrLogits {
  protected readonly paramEventDims = 0;
  /** Geometric(probs?, logits?, validate_args?): exactly one of probs (in (0, 1]) and logits. */
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs("Geometric.__init__", args, ["probs", "logits", "validate_args"]);
    const probs = o.probs as number | Tensor | undefined, logits = o.logits as number | Tensor | undefined;
    if ((probs === undefined) === (logits === undefined)) throw new ValueError("Either `probs` or `logits` must be specified, but not both.");
    if (probs !== undefined) [this._probs] = broadcast_all(probs);
    else {
      [this._logits] = broadcast_all(logits as number | Tensor);
      this._given = "logits";
    }
    this._init(this._param.shape, [], o.validate_args);
    // Beyond unit_interval, PyTorch requires probs > 0.
    if (this._validate_args && probs !== undefined && !(this.probs.gt(0).all().item() as boolean)) {
      const value = this.probs;
      throw new ValueError(
        `Expected parameter probs (Tensor of shape (${value.shape.join(", ")}${value.dim() === 1 ? "," : ""})) of distribution ${this} ` +
          `to be positive but found invalid values:\n${value.masked_select(value.gt(0).logical_not())}`,
      );
    }
  }
  protected probsFromLogits(logits: Tensor): Tensor {
    return logits.sigmoid();
  }
  protected logitsFromProbs(probs: Tensor): Tensor {
    const p = clampProbs(probs);
    return p.log().sub(p.neg().log1p());
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.unit_interval, logits: constraints.real };
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
