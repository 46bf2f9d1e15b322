// torch.distributions.Cauchy(loc, scale) and StudentT(df, loc=0, scale=1).
import { bindArgs } from "../args.js";
import { full, randn } from "../ops/creation.js";
import { where } from "../ops/elementwise.js";
import { digamma, lgamma } from "../ops/math.js";
import { Tensor } from "../tensor.js";
import * as constraints from "./constraints.js";
import { broadcast_all, Distribution } from "./distribution.js";
import { Chi2 } from "./gamma.js";

const LOG_PI = Math.log(Math.PI);

export class Cauchy extends Distribution {
  override readonly has_rsample = true;
  loc: Tensor;
  scale: Tensor;
  /** Cauchy(loc, scale, validate_args?). */
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs("Cauchy.__init__", args, ["loc", "scale", "validate_args"], [], 2);
    [this.loc, this.scale] = broadcast_all(o.loc as number | Tensor, o.scale as number | Tensor);
    this._init(this.loc.shape, [], o.validate_args);
  }
  protected override _expandParams(batch: number[]): void {
    [this.loc, this.scale] = [this.loc.expand(batch), this.scale.expand(batch)];
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.real, scale: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.real;
  }
  override get mean(): Tensor {
    return full(this._extended_shape(), NaN, { dtype: this.loc.dtype, device: this.loc.device });
  }
  override get mode(): Tensor {
    return this.loc;
  }
  override get variance(): Tensor {
    return full(this._extended_shape(), Infinity, { dtype: this.loc.dtype, device: this.loc.device });
  }
  /** loc + eps scale with eps from cauchy_() (PyTorch's draws). */
  override rsample(sample_shape?: readonly number[]): Tensor {
    const eps = Tensor._full(this._extended_shape(sample_shape), 0, this.loc.dtype, this.loc.device).cauchy_();
    return this.loc.add(eps.mul(this.scale));
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return this.scale.log().neg().sub(LOG_PI).sub(value.sub(this.loc).div(this.scale).pow(2).add(1).log());
  }
  override cdf(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return value.sub(this.loc).div(this.scale).atan().div(Math.PI).add(0.5);
  }
  override icdf(value: Tensor): Tensor {
    return value.sub(0.5).mul(Math.PI).tan().mul(this.scale).add(this.loc);
  }
  override entropy(): Tensor {
    return this.scale.log().add(Math.log(4 * Math.PI));
  }
}

export class StudentT extends Distribution {
  override readonly has_rsample = true;
  df: Tensor;
  loc: Tensor;
  scale: Tensor;
  _chi2: Chi2;
  /** StudentT(df, loc=0, scale=1, validate_args?). */
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs("StudentT.__init__", args, ["df", "loc", "scale", "validate_args"], [], 1);
    [this.df, this.loc, this.scale] = broadcast_all(o.df as number | Tensor, (o.loc as number | Tensor | undefined) ?? 0, (o.scale as number | Tensor | undefined) ?? 1);
    this._chi2 = new Chi2(this.df);
    this._init(this.df.shape, [], o.validate_args);
  }
  protected override _expandParams(batch: number[]): void {
    [this.df, this.loc, this.scale] = [this.df.expand(batch), this.loc.expand(batch), this.scale.expand(batch)];
    this._chi2 = this._chi2.expand(batch);
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { df: constraints.positive, loc: constraints.real, scale: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.real;
  }
  /** loc, NaN where df <= 1. */
  override get mean(): Tensor {
    return where(this.df.le(1), NaN, this.loc);
  }
  override get mode(): Tensor {
    return this.loc;
  }
  /** scale^2 df / (df - 2) for df > 2, inf for 1 < df <= 2, NaN below. */
  override get variance(): Tensor {
    const finite = this.scale.pow(2).mul(this.df).div(this.df.sub(2));
    return where(this.df.gt(2), finite, where(this.df.gt(1), Infinity, NaN));
  }
  /** X / sqrt(Z / df) with X from normal_() and then Z from Chi2(df), in PyTorch's order of draws. */
  override rsample(sample_shape?: readonly number[]): Tensor {
    const X = randn(this._extended_shape(sample_shape), { dtype: this.df.dtype, device: this.df.device });
    const Z = this._chi2.rsample(sample_shape);
    return this.loc.add(this.scale.mul(X.mul(Z.div(this.df).rsqrt())));
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const y = value.sub(this.loc).div(this.scale);
    const Z = this.scale.log().add(this.df.log().mul(0.5)).add(0.5 * LOG_PI).add(lgamma(this.df.mul(0.5))).sub(lgamma(this.df.add(1).mul(0.5)));
    return this.df.add(1).mul(-0.5).mul(y.pow(2).div(this.df).log1p()).sub(Z);
  }
  override entropy(): Tensor {
    const half = this.df.mul(0.5), halfPlus = this.df.add(1).mul(0.5);
    const lbeta = lgamma(half).add(0.5 * LOG_PI).sub(lgamma(halfPlus)); // lgamma(1/2) = ln sqrt(pi)
    return this.scale.log().add(this.df.add(1).mul(0.5).mul(digamma(halfPlus).sub(digamma(half)))).add(this.df.log().mul(0.5)).add(lbeta);
  }
}
