// torch.distributions.Binomial(total_count, probs | logits) and Multinomial(total_count,
// probs | logits): counts of successes in total_count trials (of each category).
import { bindArgs } from "../args.js";
import { no_grad } from "../autograd/grad_mode.js";
import { NotImplementedError, ValueError } from "../errors.js";
import { arange, ones_like, tensor } from "../ops/creation.js";
import { where } from "../ops/elementwise.js";
import { binomial } from "../ops/gamma.js";
import { Tensor } from "../tensor.js";
import { int64 } from "../dtype.js";
import { BinaryProbsOrLogits } from "./bernoulli.js";
import { Categorical } from "./categorical.js";
import * as constraints from "./constraints.js";
import { broadcast_all, Distribution } from "./distribution.js";

/** PyTorch's _clamp_by_zero: max(x, 0) with a gradient of 1/2 at 0. */
const clampByZero = (x: Tensor) => x.clamp({ min: 0 }).add(x).sub(x.clamp({ max: 0 })).div(2);

/** A count of trials and a success probability, (total_count, probs | logits) broadcast together: Binomial's and NegativeBinomial's. */
export abstract class CountedTrials extends BinaryProbsOrLogits {
  total_count!: Tensor;
  /** Binds the arguments for `cls` (total_count required when it has no default) and sets the shapes. */
  protected _bindCounted(cls: string, args: readonly unknown[], defaultCount: number | undefined): void {
    const o = bindArgs(`${cls}.__init__`, args, ["total_count", "probs", "logits", "validate_args"], [], defaultCount === undefined ? 1 : 0) as { total_count?: number | Tensor; probs?: number | Tensor; logits?: number | Tensor; validate_args?: unknown };
    if ((o.probs === undefined) === (o.logits === undefined)) throw new ValueError("Either `probs` or `logits` must be specified, but not both.");
    const [count, param] = broadcast_all((o.total_count ?? defaultCount) as number | Tensor, (o.probs ?? o.logits) as number | Tensor);
    this.total_count = count.type_as(param);
    if (o.probs !== undefined) this._probs = param;
    else {
      this._logits = param;
      this._given = "logits";
    }
    this._init(param.shape, [], o.validate_args);
  }
  protected override _params(): [string, Tensor][] {
    return [["total_count", this.total_count], ...super._params()];
  }
  protected override _expandParams(batch: number[]): void {
    super._expandParams(batch);
    this.total_count = this.total_count.expand(batch);
  }
}

export class Binomial extends CountedTrials {
  override readonly has_enumerate_support = true;
  /** Binomial(total_count=1, probs?, logits?, validate_args?): exactly one of probs and logits. */
  constructor(...args: unknown[]) {
    super();
    this._bindCounted("Binomial", args, 1);
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { total_count: constraints.nonnegative_integer, probs: constraints.unit_interval, logits: constraints.real };
  }
  override get support(): constraints.Constraint {
    return constraints.integer_interval(0, this.total_count);
  }
  override get mean(): Tensor {
    return this.total_count.mul(this.probs);
  }
  override get mode(): Tensor {
    return this.total_count.add(1).mul(this.probs).floor().clamp({ max: this.total_count });
  }
  override get variance(): Tensor {
    return this.total_count.mul(this.probs).mul(this.probs.neg().add(1));
  }
  override sample(sample_shape?: readonly number[]): Tensor {
    const shape = this._extended_shape(sample_shape);
    return no_grad(() => binomial(this.total_count.expand(shape), this.probs.expand(shape)));
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const n = this.total_count;
    const logFactorialN = n.add(1).lgamma(), logFactorialK = value.add(1).lgamma(), logFactorialNmk = n.sub(value).add(1).lgamma();
    // k log p + (n - k) log(1 - p) = k logit - n max(logit, 0) - n log1p(e^-|logit|), both signs of the logit in one
    const normalizer = n.mul(clampByZero(this.logits)).add(n.mul(this.logits.abs().neg().exp().log1p())).sub(logFactorialN);
    return value.mul(this.logits).sub(logFactorialK).sub(logFactorialNmk).sub(normalizer);
  }
  private homogeneousCount(what: string): number {
    const total = this.total_count.max().item() as number;
    if ((this.total_count.min().item() as number) !== total) throw new NotImplementedError(`Inhomogeneous total count not supported by \`${what}\`.`);
    return total;
  }
  override entropy(): Tensor {
    this.homogeneousCount("entropy");
    const logProb = this.log_prob(this.enumerate_support(false));
    return logProb.exp().mul(logProb).sum(0).neg();
  }
  override enumerate_support(expand = true): Tensor {
    const total = this.homogeneousCount("enumerate_support");
    const values = arange(1 + total, { dtype: this._param.dtype, device: this._param.device }).view([-1, ...this._batch_shape.map(() => 1)]);
    return expand ? values.expand([-1, ...this._batch_shape]) : values;
  }
}

export class Multinomial extends Distribution {
  readonly total_count: number;
  private _categorical: Categorical;
  /** Multinomial(total_count=1, probs?, logits?, validate_args?): probs over the last dim (normalized), one total_count for all. */
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs("Multinomial.__init__", args, ["total_count", "probs", "logits", "validate_args"]) as { total_count?: number; probs?: Tensor; logits?: Tensor; validate_args?: unknown };
    if (typeof (o.total_count ?? 1) !== "number") throw new NotImplementedError("inhomogeneous total_count is not supported");
    this.total_count = o.total_count ?? 1;
    this._categorical = new Categorical({ probs: o.probs, logits: o.logits });
    const param = o.probs ?? o.logits;
    this._init(this._categorical.batch_shape, param === undefined ? [] : [param.shape[param.dim() - 1]], o.validate_args);
  }
  // The parameters are the categorical's (normalized as it normalizes them).
  get probs(): Tensor {
    return this._categorical.probs;
  }
  get logits(): Tensor {
    return this._categorical.logits;
  }
  protected override _params(): [string, Tensor][] {
    return [];
  }
  protected override _validatedParams(): [string, Tensor][] {
    return [];
  }
  protected override _expandParams(batch: number[]): void {
    this._categorical = this._categorical.expand(batch);
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.simplex, logits: constraints.independent(constraints.real, 1) };
  }
  override get support(): constraints.Constraint {
    return constraints.multinomial(this.total_count);
  }
  override get mean(): Tensor {
    return this.probs.mul(this.total_count);
  }
  override get variance(): Tensor {
    return this.probs.mul(this.probs.neg().add(1)).mul(this.total_count);
  }
  /** total_count categorical draws per sample, counted (PyTorch's scatter_add of ones). */
  override sample(sample_shape?: readonly number[]): Tensor {
    const shape = this._extended_shape(sample_shape);
    return no_grad(() => {
      const draws = this._categorical.sample([this.total_count, ...shape.slice(0, shape.length - this._batch_shape.length - 1)]);
      const order = [...Array(draws.dim()).keys()];
      order.push(order.shift()!);
      const samples = draws.permute(order);
      return Tensor._full(shape, 0, samples.dtype, samples.device).scatter_add(-1, samples, ones_like(samples)).type_as(this.probs);
    });
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const [logits, v] = broadcast_all(this.logits, value);
    const logFactorialN = v.sum(-1).add(1).lgamma(), logFactorialXs = v.add(1).lgamma().sum(-1);
    const logPowers = where(v.eq(0).logical_and(logits.eq(-Infinity)), 0, logits).mul(v).sum(-1);
    return logFactorialN.sub(logFactorialXs).add(logPowers);
  }
  override entropy(): Tensor {
    // An int64 n, as PyTorch's torch.tensor(total_count): its lgamma comes out in the default dtype (float32).
    const n = tensor(this.total_count, { dtype: int64, device: this.probs.device });
    const term1 = n.mul(this._categorical.entropy()).sub(n.add(1).lgamma());
    const binomial = new Binomial({ total_count: this.total_count, probs: this.probs, validate_args: false });
    const support = binomial.enumerate_support(false).narrow(0, 1, this.total_count);
    const term2 = binomial.log_prob(support).exp().mul(support.add(1).lgamma()).sum([0, -1]);
    return term1.add(term2);
  }
}
