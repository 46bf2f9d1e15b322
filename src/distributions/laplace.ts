// torch.distributions.Laplace(loc, scale).
import { bindArgs } from "../args.js";
import { finfo } from "../dtype.js";
import { Tensor } from "../tensor.js";
import * as constraints from "./constraints.js";
import { broadcast_all, Distribution } from "./distribution.js";

export class Laplace extends Distribution {
  override readonly has_rsample = true;
  loc: Tensor;
  scale: Tensor;
  /** Laplace(loc, scale, validate_args?). */
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs("Laplace.__init__", args, ["loc", "scale", "validate_args"], [], 2);
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
    return this.loc;
  }
  override get mode(): Tensor {
    return this.loc;
  }
  override get stddev(): Tensor {
    return this.scale.mul(Math.SQRT2);
  }
  override get variance(): Tensor {
    return this.scale.pow(2).mul(2);
  }
  /** u uniform in [eps - 1, 1), then loc - scale sign(u) log1p(-|u|), as PyTorch draws it. */
  override rsample(sample_shape?: readonly number[]): Tensor {
    const u = Tensor._full(this._extended_shape(sample_shape), 0, this.loc.dtype, this.loc.device).uniform_(finfo(this.loc.dtype).eps - 1, 1);
    return this.loc.sub(this.scale.mul(u.sign()).mul(u.abs().neg().log1p()));
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return this.scale.mul(2).log().neg().sub(value.sub(this.loc).abs().div(this.scale));
  }
  override cdf(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const d = value.sub(this.loc);
    return d.sign().mul(0.5).mul(d.abs().neg().div(this.scale).expm1()).neg().add(0.5);
  }
  override icdf(value: Tensor): Tensor {
    const term = value.sub(0.5);
    return this.loc.sub(this.scale.mul(term.sign()).mul(term.abs().mul(-2).log1p()));
  }
  override entropy(): Tensor {
    return this.scale.mul(2).log().add(1);
  }
}
