// torch.distributions.Gumbel(loc, scale), Weibull(scale, concentration) and Pareto(scale, alpha):
// transformed distributions, built from the same base and transforms as PyTorch's so that
// samples match after manual_seed.
import { bindArgs } from "../args.js";
import { finfo } from "../dtype.js";
import { full_like, ones_like } from "../ops/creation.js";
import { Tensor } from "../tensor.js";
import * as constraints from "./constraints.js";
import { broadcast_all } from "./distribution.js";
import { Exponential } from "./exponential.js";
import { TransformedDistribution } from "./transformed_distribution.js";
import { AffineTransform, ExpTransform, PowerTransform, type Transform } from "./transforms.js";
import { Uniform } from "./uniform.js";

/** The Euler-Mascheroni constant (PyTorch's euler_constant). */
export const EULER_GAMMA = 0.57721566490153286060;
const lgammaOf = (t: Tensor) => t.lgamma();

export class Gumbel extends TransformedDistribution {
  loc: Tensor;
  scale: Tensor;
  /** Gumbel(loc, scale, validate_args?): loc - scale log(-log U), U uniform on (tiny, 1 - eps). */
  constructor(...args: unknown[]) {
    const o = bindArgs("Gumbel.__init__", args, ["loc", "scale", "validate_args"], [], 2);
    const [loc, scale] = broadcast_all(o.loc as number | Tensor, o.scale as number | Tensor);
    const f = finfo(loc.dtype);
    const numbers = typeof o.loc === "number" && typeof o.scale === "number";
    const base = numbers ? new Uniform(f.tiny, 1 - f.eps, { validate_args: o.validate_args }) : new Uniform(full_like(loc, f.tiny), full_like(loc, 1 - f.eps), { validate_args: o.validate_args });
    const transforms = [new ExpTransform().inverse, new AffineTransform(0, ones_like(scale).neg()), new ExpTransform().inverse, new AffineTransform(o.loc as number | Tensor, scale.neg())];
    super(base, transforms, { validate_args: o.validate_args });
    this.loc = loc;
    this.scale = scale;
    this._checkParams();
  }
  protected override _params(): [string, Tensor][] {
    return [["loc", this.loc], ["scale", this.scale]];
  }
  protected override _expandParams(batch: number[]): void {
    [this.loc, this.scale] = [this.loc.expand(batch), this.scale.expand(batch)];
    super._expandParams(batch);
  }
  protected override _validatedParams(): [string, Tensor][] {
    return this._params();
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.real, scale: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.real;
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const y = this.loc.sub(value).div(this.scale);
    return y.sub(y.exp()).sub(this.scale.log());
  }
  override get mean(): Tensor {
    return this.loc.add(this.scale.mul(EULER_GAMMA));
  }
  override get mode(): Tensor {
    return this.loc;
  }
  override get stddev(): Tensor {
    return this.scale.mul(Math.PI / Math.sqrt(6));
  }
  override get variance(): Tensor {
    return this.stddev.pow(2);
  }
  override entropy(): Tensor {
    return this.scale.log().add(1 + EULER_GAMMA);
  }
}

export class Weibull extends TransformedDistribution {
  scale: Tensor;
  concentration: Tensor;
  concentration_reciprocal: Tensor;
  /** Weibull(scale, concentration, validate_args?): scale E^(1/concentration), E ~ Exponential(1). */
  constructor(...args: unknown[]) {
    const o = bindArgs("Weibull.__init__", args, ["scale", "concentration", "validate_args"], [], 2);
    const [scale, concentration] = broadcast_all(o.scale as number | Tensor, o.concentration as number | Tensor);
    const reciprocal = concentration.reciprocal();
    super(new Exponential(ones_like(scale), { validate_args: o.validate_args }), [new PowerTransform(reciprocal), new AffineTransform(0, scale)], { validate_args: o.validate_args });
    this.scale = scale;
    this.concentration = concentration;
    this.concentration_reciprocal = reciprocal;
    this._checkParams();
  }
  protected override _params(): [string, Tensor][] {
    return [["scale", this.scale], ["concentration", this.concentration]];
  }
  /** PyTorch's Weibull.expand: the parameters expanded, the base and transforms made anew from them. */
  protected override _expandParams(batch: number[]): void {
    [this.scale, this.concentration] = [this.scale.expand(batch), this.concentration.expand(batch)];
    this.concentration_reciprocal = this.concentration.reciprocal();
    this.base_dist = this.base_dist.expand(batch);
    (this as { transforms: Transform[] }).transforms = [new PowerTransform(this.concentration_reciprocal), new AffineTransform(0, this.scale)];
  }
  protected override _validatedParams(): [string, Tensor][] {
    return this._params();
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { scale: constraints.positive, concentration: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.positive;
  }
  override get mean(): Tensor {
    return this.scale.mul(lgammaOf(this.concentration_reciprocal.add(1)).exp());
  }
  override get mode(): Tensor {
    return this.scale.mul(this.concentration.sub(1).div(this.concentration).pow(this.concentration_reciprocal));
  }
  override get variance(): Tensor {
    return this.scale.pow(2).mul(lgammaOf(this.concentration_reciprocal.mul(2).add(1)).exp().sub(lgammaOf(this.concentration_reciprocal.add(1)).mul(2).exp()));
  }
  override entropy(): Tensor {
    return this.concentration_reciprocal.neg().add(1).mul(EULER_GAMMA).add(this.scale.div(this.concentration).log()).add(1);
  }
}

export class Pareto extends TransformedDistribution {
  scale: Tensor;
  alpha: Tensor;
  /** Pareto(scale, alpha, validate_args?): scale e^E, E ~ Exponential(alpha). */
  constructor(...args: unknown[]) {
    const o = bindArgs("Pareto.__init__", args, ["scale", "alpha", "validate_args"], [], 2);
    const [scale, alpha] = broadcast_all(o.scale as number | Tensor, o.alpha as number | Tensor);
    super(new Exponential(alpha, { validate_args: o.validate_args }), [new ExpTransform(), new AffineTransform(0, scale)], { validate_args: o.validate_args });
    this.scale = scale;
    this.alpha = alpha;
    this._checkParams();
  }
  protected override _params(): [string, Tensor][] {
    return [["alpha", this.alpha], ["scale", this.scale]];
  }
  protected override _expandParams(batch: number[]): void {
    [this.scale, this.alpha] = [this.scale.expand(batch), this.alpha.expand(batch)];
    super._expandParams(batch);
  }
  protected override _validatedParams(): [string, Tensor][] {
    return this._params();
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { alpha: constraints.positive, scale: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.greater_than_eq(this.scale);
  }
  override get mean(): Tensor {
    const a = this.alpha.clamp({ min: 1 });
    return a.mul(this.scale).div(a.sub(1));
  }
  override get mode(): Tensor {
    return this.scale;
  }
  override get variance(): Tensor {
    const a = this.alpha.clamp({ min: 2 });
    return this.scale.pow(2).mul(a).div(a.sub(1).pow(2).mul(a.sub(2)));
  }
  override entropy(): Tensor {
    return this.scale.div(this.alpha).log().add(this.alpha.reciprocal().add(1));
  }
}
