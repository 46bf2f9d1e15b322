// torch.distributions.FisherSnedecor(df1, df2): the ratio of two scaled chi-squares,
// reparameterized through two Gamma draws as PyTorch's.
import { bindArgs } from "../args.js";
import { finfo } from "../dtype.js";
import { where } from "../ops/elementwise.js";
import type { Tensor } from "../tensor.js";
import * as constraints from "./constraints.js";
import { broadcast_all, Distribution } from "./distribution.js";
import { Gamma } from "./gamma.js";

export class FisherSnedecor extends Distribution {
  override readonly has_rsample = true;
  df1: Tensor;
  df2: Tensor;
  private _gamma1: Gamma;
  private _gamma2: Gamma;
  /** FisherSnedecor(df1, df2, validate_args?). */
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs("FisherSnedecor.__init__", args, ["df1", "df2", "validate_args"], [], 2);
    [this.df1, this.df2] = broadcast_all(o.df1 as number | Tensor, o.df2 as number | Tensor);
    this._gamma1 = new Gamma(this.df1.mul(0.5), this.df1);
    this._gamma2 = new Gamma(this.df2.mul(0.5), this.df2);
    this._init(this.df1.shape, [], o.validate_args);
  }
  protected override _expandParams(batch: number[]): void {
    [this.df1, this.df2] = [this.df1.expand(batch), this.df2.expand(batch)];
    [this._gamma1, this._gamma2] = [this._gamma1.expand(batch), this._gamma2.expand(batch)];
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { df1: constraints.positive, df2: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.positive;
  }
  override get mean(): Tensor {
    const df2 = where(this.df2.le(2), NaN, this.df2);
    return df2.div(df2.sub(2));
  }
  override get mode(): Tensor {
    const m = this.df1.sub(2).div(this.df1);
    return where(m.le(0), NaN, m).mul(this.df2).div(this.df2.add(2));
  }
  override get variance(): Tensor {
    const df2 = where(this.df2.le(4), NaN, this.df2);
    return df2.pow(2).mul(2).mul(this.df1.add(df2).sub(2)).div(this.df1.mul(df2.sub(2).pow(2)).mul(df2.sub(4)));
  }
  override rsample(sample_shape?: readonly number[]): Tensor {
    const shape = this._extended_shape(sample_shape);
    const x1 = this._gamma1.rsample(sample_shape).view(shape);
    const tiny = finfo(x1.dtype).tiny;
    const x2 = this._gamma2.rsample(sample_shape).view(shape).clamp({ min: tiny });
    return x1.div(x2).clamp({ min: tiny });
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const ct1 = this.df1.mul(0.5), ct2 = this.df2.mul(0.5), ct3 = this.df1.div(this.df2);
    const t1 = ct1.add(ct2).lgamma().sub(ct1.lgamma()).sub(ct2.lgamma());
    const t2 = ct1.mul(ct3.log()).add(ct1.sub(1).mul(value.log()));
    const t3 = ct1.add(ct2).mul(ct3.mul(value).log1p());
    return t1.add(t2).sub(t3);
  }
}
