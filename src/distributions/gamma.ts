// torch.distributions.Gamma(concentration, rate) and Chi2(df) = Gamma(df / 2, 1 / 2).
import { bindArgs } from "../args.js";
import { finfo } from "../dtype.js";
import { no_grad } from "../autograd/grad_mode.js";
import { _standard_gamma } from "../ops/gamma.js";
import { digamma, lgamma } from "../ops/math.js";
import { tensor } from "../ops/creation.js";
import { Tensor } from "../tensor.js";
import * as constraints from "./constraints.js";
import { broadcast_all, Distribution } from "./distribution.js";

export class Gamma extends Distribution {
  override readonly has_rsample = true;
  concentration: Tensor;
  rate: Tensor;
  /** Gamma(concentration, rate, validate_args?). */
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(`${new.target.name}.__init__`, args, ["concentration", "rate", "validate_args"], [], 2);
    [this.concentration, this.rate] = broadcast_all(o.concentration as number | Tensor, o.rate as number | Tensor);
    this._init(this.concentration.shape, [], o.validate_args);
  }
  protected override _expandParams(batch: number[]): void {
    [this.concentration, this.rate] = [this.concentration.expand(batch), this.rate.expand(batch)];
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { concentration: constraints.positive, rate: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.nonnegative;
  }
  override get mean(): Tensor {
    return this.concentration.div(this.rate);
  }
  override get mode(): Tensor {
    return this.concentration.sub(1).div(this.rate).clamp_min(0);
  }
  override get variance(): Tensor {
    return this.concentration.div(this.rate.pow(2));
  }
  /** _standard_gamma(concentration) / rate: PyTorch's draws, with the reparameterized gradient. */
  override rsample(sample_shape?: readonly number[]): Tensor {
    const shape = this._extended_shape(sample_shape);
    const value = _standard_gamma(this.concentration.expand(shape)).div(this.rate.expand(shape));
    const tiny = finfo(value.dtype).tiny;
    no_grad(() => value.detach().clamp_min_(tiny));
    return value;
  }
  override log_prob(value: Tensor | number): Tensor {
    const v = value instanceof Tensor ? value : tensor(value, { dtype: this.rate.dtype, device: this.rate.device });
    if (this._validate_args) this._validate_sample(v);
    const c = this.concentration;
    return c.xlogy(this.rate).add(c.sub(1).xlogy(v)).sub(this.rate.mul(v)).sub(lgamma(c));
  }
  override entropy(): Tensor {
    const c = this.concentration;
    return c.sub(this.rate.log()).add(lgamma(c)).add(c.neg().add(1).mul(digamma(c)));
  }
}

export class Chi2 extends Gamma {
  /** Chi2(df, validate_args?): Gamma(df / 2, 1 / 2). */
  constructor(...args: unknown[]) {
    const o = bindArgs("Chi2.__init__", args, ["df", "validate_args"], [], 1);
    const df = o.df as number | Tensor;
    super(typeof df === "number" ? 0.5 * df : df.mul(0.5), 0.5, { validate_args: o.validate_args });
  }
  get df(): Tensor {
    return this.concentration.mul(2);
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { df: constraints.positive };
  }
  /** PyTorch prints no parameters here (df is a property, not in its __dict__), but checks df. */
  protected override _params(): [string, Tensor][] {
    return [];
  }
  protected override _validatedParams(): [string, Tensor][] {
    return [["df", this.df]];
  }
}
