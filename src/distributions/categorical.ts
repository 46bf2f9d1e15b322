// torch.distributions.Categorical(probs | logits): one of K categories, over the last dim.
import { enable_grad } from "../autograd/grad_mode.js";
import { bindArgs } from "../args.js";
import { ValueError } from "../errors.js";
import { finfo } from "../dtype.js";
import { arange, full, multinomial } from "../ops/creation.js";
import { broadcast_tensors } from "../ops/compose.js";
import { int64 } from "../dtype.js";
import { softmax } from "../nn/functional.js";
import type { Tensor } from "../tensor.js";
import * as constraints from "./constraints.js";
import { Distribution, sampleShape } from "./distribution.js";

/** Probabilities kept inside [eps, 1 - eps], so that their logarithms stay finite (PyTorch's clamp_probs). */
export function clampProbs(probs: Tensor): Tensor {
  const eps = finfo(probs.dtype).eps;
  return probs.clamp(eps, 1 - eps);
}

/**
 * The probs / logits pair of Categorical and Bernoulli: one is given, the other is derived on
 * first use and kept (PyTorch's lazy_property, computed with grad enabled even inside no_grad,
 * so that a sample() before rsample() leaves it differentiable); validation and printing see only the given one.
 */
export abstract class ProbsOrLogits extends Distribution {
  protected _probs?: Tensor;
  protected _logits?: Tensor;
  protected abstract probsFromLogits(logits: Tensor): Tensor;
  protected abstract logitsFromProbs(probs: Tensor): Tensor;
  get probs(): Tensor {
    return (this._probs ??= enable_grad(() => this.probsFromLogits(this._logits as Tensor)));
  }
  get logits(): Tensor {
    return (this._logits ??= enable_grad(() => this.logitsFromProbs(this._probs as Tensor)));
  }
  /** The parameters computed so far, the given one first known (PyTorch prints what its __dict__ holds). */
  protected override _params(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    if (this._probs !== undefined) out.push(["probs", this._probs]);
    if (this._logits !== undefined) out.push(["logits", this._logits]);
    return out;
  }
  protected _given: "probs" | "logits" = "probs";
  /** The given parameter (PyTorch's _param). */
  protected get _param(): Tensor {
    return this._given === "probs" ? this.probs : this.logits;
  }
  get param_shape(): number[] {
    return this._param.size();
  }
  /** How many trailing dims of the parameters one event spans: 0 for Bernoulli, 1 for Categorical. */
  protected abstract readonly paramEventDims: number;
  protected override _expandParams(batch: number[]): void {
    const shape = [...batch, ...this.param_shape.slice(this.param_shape.length - this.paramEventDims)];
    if (this._probs !== undefined) this._probs = this._probs.expand(shape);
    if (this._logits !== undefined) this._logits = this._logits.expand(shape);
  }
}

export class Categorical extends ProbsOrLogits {
  override readonly has_enumerate_support = true;
  protected readonly paramEventDims = 1;
  protected readonly _num_events: number;
  /** Categorical(probs?, logits?, validate_args?): exactly one of probs (normalized over the last dim) and logits. */
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs("Categorical.__init__", args, ["probs", "logits", "validate_args"]);
    const probs = o.probs as Tensor | undefined, logits = o.logits as Tensor | undefined;
    if ((probs === undefined) === (logits === undefined)) throw new ValueError("Either `probs` or `logits` must be specified, but not both.");
    if (probs !== undefined) {
      if (probs.dim() < 1) throw new ValueError("`probs` parameter must be at least one-dimensional.");
      this._probs = probs.div(probs.sum(-1, true));
    } else {
      const l = logits as Tensor;
      if (l.dim() < 1) throw new ValueError("`logits` parameter must be at least one-dimensional.");
      this._logits = l.sub(l.logsumexp(-1, true));
      this._given = "logits";
    }
    const param = this._param;
    this._num_events = param.shape[param.dim() - 1];
    this._init(param.dim() > 1 ? param.shape.slice(0, -1) : [], [], o.validate_args);
  }
  protected probsFromLogits(logits: Tensor): Tensor {
    return softmax(logits, -1);
  }
  protected logitsFromProbs(probs: Tensor): Tensor {
    return clampProbs(probs).log();
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.simplex, logits: constraints.independent(constraints.real, 1) };
  }
  override get support(): constraints.Constraint {
    return constraints.integer_interval(0, this._num_events - 1);
  }
  override get mean(): Tensor {
    return full(this._extended_shape(), NaN, { dtype: this.probs.dtype, device: this.probs.device });
  }
  override get mode(): Tensor {
    return this.probs.argmax(-1);
  }
  override get variance(): Tensor {
    return full(this._extended_shape(), NaN, { dtype: this.probs.dtype, device: this.probs.device });
  }
  /** Category indices (int64) by torch.multinomial with replacement: PyTorch's draws from the same seed. */
  override sample(sample_shape?: readonly number[]): Tensor {
    const shape = sampleShape(sample_shape);
    const probs2d = this.probs.reshape(-1, this._num_events);
    const samples2d = multinomial(probs2d, shape.reduce((a, b) => a * b, 1), true).t();
    return samples2d.reshape(this._extended_shape(shape));
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const [index, logPmf] = broadcast_tensors(value.long().unsqueeze(-1), this.logits);
    return logPmf.gather(-1, index.narrow(-1, 0, 1)).squeeze(-1);
  }
  override entropy(): Tensor {
    const logits = this.logits.clamp(finfo(this.logits.dtype).min);
    return logits.mul(this.probs).sum(-1).neg();
  }
  override enumerate_support(expand = true): Tensor {
    const values = arange(this._num_events, { dtype: int64, device: this._param.device }).view([-1, ...this._batch_shape.map(() => 1)]);
    return expand ? values.expand([-1, ...this._batch_shape]) : values;
  }
}
