// torch.distributions.Bernoulli(probs | logits): 1 with probability probs, else 0.
import { bindArgs } from "../args.js";
import { ValueError } from "../errors.js";
import { arange, bernoulli } from "../ops/creation.js";
import { where } from "../ops/elementwise.js";
import { no_grad } from "../autograd/grad_mode.js";
import { binary_cross_entropy_with_logits } from "../nn/functional.js";
import { Tensor } from "../tensor.js";
import * as constraints from "./constraints.js";
import { broadcast_all } from "./distribution.js";
import { clampProbs, ProbsOrLogits } from "./categorical.js";

/**
 * The probs / logits pair of one binary event (Bernoulli, Geometric): numbers or tensors
 * broadcast as given, the other derived by sigmoid or its inverse (PyTorch's is_binary).
 */
export abstract class BinaryProbsOrLogits extends ProbsOrLogits {
  protected readonly paramEventDims = 0;
  /** Binds (probs?, logits?, validate_args?) for `cls` and keeps whichever was given. */
  protected _bindParams(cls: string, args: readonly unknown[]): { probs?: number | Tensor; logits?: number | Tensor; validate_args?: unknown } {
    const o = bindArgs(`${cls}.__init__`, args, ["probs", "logits", "validate_args"]) as { probs?: number | Tensor; logits?: number | Tensor; validate_args?: unknown };
    if ((o.probs === undefined) === (o.logits === undefined)) throw new ValueError("Either `probs` or `logits` must be specified, but not both.");
    if (o.probs !== undefined) [this._probs] = broadcast_all(o.probs);
    else {
      [this._logits] = broadcast_all(o.logits as number | Tensor);
      this._given = "logits";
    }
    return o;
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
}

export class Bernoulli extends BinaryProbsOrLogits {
  override readonly has_enumerate_support = true;
  /** Bernoulli(probs?, logits?, validate_args?): exactly one of probs and logits, numbers or tensors. */
  constructor(...args: unknown[]) {
    super();
    const o = this._bindParams("Bernoulli", args);
    this._init(this._param.shape, [], o.validate_args);
  }
  override get support(): constraints.Constraint {
    return constraints.boolean;
  }
  override get mean(): Tensor {
    return this.probs;
  }
  /** 1 where probs > 0.5, 0 below, NaN at exactly 0.5. */
  override get mode(): Tensor {
    const p = this.probs;
    return where(p.eq(0.5), NaN, p.ge(0.5).to(p.dtype));
  }
  override get variance(): Tensor {
    return this.probs.mul(this.probs.neg().add(1));
  }
  override sample(sample_shape?: readonly number[]): Tensor {
    const shape = this._extended_shape(sample_shape);
    return no_grad(() => bernoulli(this.probs.expand(shape)));
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const [logits, v] = broadcast_all(this.logits, value);
    return binary_cross_entropy_with_logits(logits, v, { reduction: "none" }).neg();
  }
  override entropy(): Tensor {
    return binary_cross_entropy_with_logits(this.logits, this.probs, { reduction: "none" });
  }
  override enumerate_support(expand = true): Tensor {
    const values = arange(2, { dtype: this._param.dtype, device: this._param.device }).view([-1, ...this._batch_shape.map(() => 1)]);
    return expand ? values.expand([-1, ...this._batch_shape]) : values;
  }
}
