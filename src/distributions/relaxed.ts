// torch.distributions.RelaxedBernoulli and RelaxedOneHotCategorical (the Concrete /
// Gumbel-softmax distributions): LogitRelaxedBernoulli through a sigmoid and
// ExpRelaxedCategorical through exp, reparameterized, drawn as PyTorch draws them.
import { bindArgs } from "../args.js";
import { float64 } from "../dtype.js";
import { ValueError } from "../errors.js";
import { full_like, rand, tensor } from "../ops/creation.js";
import { Tensor } from "../tensor.js";
import { BinaryProbsOrLogits } from "./bernoulli.js";
import { Categorical, clampProbs } from "./categorical.js";
import * as constraints from "./constraints.js";
import { broadcast_all, Distribution } from "./distribution.js";
import { TransformedDistribution } from "./transformed_distribution.js";
import { ExpTransform, SigmoidTransform } from "./transforms.js";

/** A temperature as given: a tensor, or a number made a tensor (its log is taken). */
const temperatureOf = (t: unknown, like: Tensor): Tensor => (t instanceof Tensor ? t : tensor(t as number, { dtype: like.dtype === float64 ? float64 : like.dtype, device: like.device }));

export class LogitRelaxedBernoulli extends BinaryProbsOrLogits {
  override readonly has_rsample = true;
  readonly temperature: Tensor;
  /** LogitRelaxedBernoulli(temperature, probs?, logits?, validate_args?): the logit of a RelaxedBernoulli draw. */
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs("LogitRelaxedBernoulli.__init__", args, ["temperature", "probs", "logits", "validate_args"], [], 1);
    if ((o.probs === undefined) === (o.logits === undefined)) throw new ValueError("Either `probs` or `logits` must be specified, but not both.");
    const given = (o.probs ?? o.logits) as number | Tensor;
    const [param] = broadcast_all(given);
    if (o.probs !== undefined) this._probs = param;
    else {
      this._logits = param;
      this._given = "logits";
    }
    this.temperature = temperatureOf(o.temperature, param);
    this._init(typeof given === "number" ? [] : param.shape, [], o.validate_args);
  }
  override get support(): constraints.Constraint {
    return constraints.real;
  }
  override rsample(sample_shape?: readonly number[]): Tensor {
    const shape = this._extended_shape(sample_shape);
    const probs = clampProbs(this.probs.expand(shape));
    const uniforms = clampProbs(rand(shape, { dtype: probs.dtype, device: probs.device }));
    return uniforms.log().sub(uniforms.neg().log1p()).add(probs.log()).sub(probs.neg().log1p()).div(this.temperature);
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const [logits, v] = broadcast_all(this.logits, value);
    const diff = logits.sub(v.mul(this.temperature));
    return this.temperature.log().add(diff).sub(diff.exp().log1p().mul(2));
  }
}

/** A relaxed distribution: its temperature, probs and logits are its base's (the logit / log form). */
abstract class Relaxed extends TransformedDistribution {
  override readonly has_rsample = true;
  private get base(): Distribution & { temperature: Tensor; probs: Tensor; logits: Tensor } {
    return this.base_dist as Distribution & { temperature: Tensor; probs: Tensor; logits: Tensor };
  }
  get temperature(): Tensor {
    return this.base.temperature;
  }
  get probs(): Tensor {
    return this.base.probs;
  }
  get logits(): Tensor {
    return this.base.logits;
  }
}

export class RelaxedBernoulli extends Relaxed {
  /** RelaxedBernoulli(temperature, probs?, logits?, validate_args?): sigmoid of LogitRelaxedBernoulli, in (0, 1). */
  constructor(...args: unknown[]) {
    const o = bindArgs("RelaxedBernoulli.__init__", args, ["temperature", "probs", "logits", "validate_args"], [], 1);
    super(new LogitRelaxedBernoulli(o.temperature, { probs: o.probs, logits: o.logits, validate_args: o.validate_args }), new SigmoidTransform(), { validate_args: o.validate_args });
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.unit_interval, logits: constraints.real };
  }
  override get support(): constraints.Constraint {
    return constraints.unit_interval;
  }
}

export class ExpRelaxedCategorical extends Distribution {
  override readonly has_rsample = true;
  readonly temperature: Tensor;
  _categorical: Categorical;
  /** ExpRelaxedCategorical(temperature, probs?, logits?, validate_args?): the log of a RelaxedOneHotCategorical draw. */
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs("ExpRelaxedCategorical.__init__", args, ["temperature", "probs", "logits", "validate_args"], [], 1);
    this._categorical = new Categorical({ probs: o.probs, logits: o.logits });
    this.temperature = temperatureOf(o.temperature, this._categorical.logits);
    const param = this._categorical.param_shape;
    this._init(this._categorical.batch_shape, param.slice(-1), o.validate_args);
  }
  get probs(): Tensor {
    return this._categorical.probs;
  }
  get logits(): Tensor {
    return this._categorical.logits;
  }
  get param_shape(): number[] {
    return this._categorical.param_shape;
  }
  protected override _params(): [string, Tensor][] {
    return [];
  }
  protected override _expandParams(batch: number[]): void {
    this._categorical = this._categorical.expand(batch);
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.simplex, logits: constraints.real_vector };
  }
  override get support(): constraints.Constraint {
    return constraints.real_vector;
  }
  override rsample(sample_shape?: readonly number[]): Tensor {
    const shape = this._extended_shape(sample_shape);
    const uniforms = clampProbs(rand(shape, { dtype: this.logits.dtype, device: this.logits.device }));
    const gumbels = uniforms.log().neg().log().neg();
    const scores = this.logits.add(gumbels).div(this.temperature);
    return scores.sub(scores.logsumexp(-1, true));
  }
  override log_prob(value: Tensor): Tensor {
    const K = this._categorical.param_shape[this._categorical.param_shape.length - 1];
    if (this._validate_args) this._validate_sample(value);
    const [logits, v] = broadcast_all(this.logits, value);
    const logScale = full_like(this.temperature, K).lgamma().sub(this.temperature.log().mul(-(K - 1)));
    let score = logits.sub(v.mul(this.temperature));
    score = score.sub(score.logsumexp(-1, true)).sum(-1);
    return score.add(logScale);
  }
}

export class RelaxedOneHotCategorical extends Relaxed {
  /** RelaxedOneHotCategorical(temperature, probs?, logits?, validate_args?): exp of ExpRelaxedCategorical, on the simplex. */
  constructor(...args: unknown[]) {
    const o = bindArgs("RelaxedOneHotCategorical.__init__", args, ["temperature", "probs", "logits", "validate_args"], [], 1);
    super(new ExpRelaxedCategorical(o.temperature, { probs: o.probs, logits: o.logits, validate_args: o.validate_args }), new ExpTransform(), { validate_args: o.validate_args });
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.simplex, logits: constraints.real_vector };
  }
  override get support(): constraints.Constraint {
    return constraints.simplex;
  }
}
