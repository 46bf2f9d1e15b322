// torch.distributions.Kumaraswamy(concentration1, concentration0): (1 - U^(1/b))^(1/a) for
// U uniform on (0, 1), as PyTorch's transforms of a Uniform.
import { bindArgs } from "../args.js";
import { full_like } from "../ops/creation.js";
import { where } from "../ops/elementwise.js";
import type { Tensor } from "../tensor.js";
import * as constraints from "./constraints.js";
import { broadcast_all } from "./distribution.js";
import { EULER_GAMMA } from "./gumbel.js";
import { TransformedDistribution } from "./transformed_distribution.js";
import { AffineTransform, PowerTransform } from "./transforms.js";
import { Uniform } from "./uniform.js";

/** The n-th moment b B(1 + n/a, b). */
function moments(a: Tensor, b: Tensor, n: number): Tensor {
  const arg1 = a.reciprocal().mul(n).add(1);
  return b.mul(arg1.lgamma().add(b.lgamma()).sub(arg1.add(b).lgamma()).exp());
}

export class Kumaraswamy extends TransformedDistribution {
  concentration1: Tensor;
  concentration0: Tensor;
  /** Kumaraswamy(concentration1, concentration0, validate_args?). */
  constructor(...args: unknown[]) {
    const o = bindArgs("Kumaraswamy.__init__", args, ["concentration1", "concentration0", "validate_args"], [], 2);
    const [c1, c0] = broadcast_all(o.concentration1 as number | Tensor, o.concentration0 as number | Tensor);
    const base = new Uniform(full_like(c0, 0), full_like(c0, 1), { validate_args: o.validate_args });
    super(base, [new PowerTransform(c0.reciprocal()), new AffineTransform(1, -1), new PowerTransform(c1.reciprocal())], { validate_args: o.validate_args });
    [this.concentration1, this.concentration0] = [c1, c0];
    this._checkParams();
  }
  protected override _params(): [string, Tensor][] {
    return [["concentration1", this.concentration1], ["concentration0", this.concentration0]];
  }
  protected override _validatedParams(): [string, Tensor][] {
    return this._params();
  }
  protected override _expandParams(batch: number[]): void {
    [this.concentration1, this.concentration0] = [this.concentration1.expand(batch), this.concentration0.expand(batch)];
    super._expandParams(batch);
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { concentration1: constraints.positive, concentration0: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.unit_interval;
  }
  override get mean(): Tensor {
    return moments(this.concentration1, this.concentration0, 1);
  }
  /** PyTorch 1.13's formula, as it is (it gives NaN for most parameters). */
  override get mode(): Tensor {
    const [c1, c0] = [this.concentration1, this.concentration0];
    const logMode = c0.reciprocal().mul(c0.neg().log1p()).sub(c0.neg().mul(c1).log1p());
    return where(c0.lt(1).logical_or(c1.lt(1)), NaN, logMode).exp();
  }
  override get variance(): Tensor {
    return moments(this.concentration1, this.concentration0, 2).sub(this.mean.pow(2));
  }
  override entropy(): Tensor {
    const t1 = this.concentration1.reciprocal().rsub(1), t0 = this.concentration0.reciprocal().rsub(1);
    const H0 = this.concentration0.add(1).digamma().add(EULER_GAMMA);
    return t0.add(t1.mul(H0)).sub(this.concentration1.log()).sub(this.concentration0.log());
  }
}
