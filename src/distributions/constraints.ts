// torch.distributions.constraints: the sets a distribution's parameters and samples live in.
// check(value) gives a bool tensor (one element per event); toString gives PyTorch's repr.
import { ValueError } from "../errors.js";
import { pyFloat } from "../format.js";
import { bool } from "../dtype.js";
import { cholesky_ex } from "../ops/solve.js";
import { Tensor } from "../tensor.js";
import { className } from "../names.js";

/** A bound as Python's '{}'.format prints it: a float, or a tensor (a 0-dim tensor prints as its item). */
export function formatValue(v: number | Tensor): string {
  if (!(v instanceof Tensor)) return pyFloat(v);
  if (v.dim() > 0) return String(v);
  const item = v.item();
  return typeof item === "boolean" ? (item ? "True" : "False") : v.dtype.is_floating_point ? pyFloat(item as number) : String(item);
}

export abstract class Constraint {
  /** Whether the set is countable (integers, booleans). */
  readonly is_discrete: boolean = false;
  /** How many rightmost dims one event of the set spans. */
  readonly event_dim: number = 0;
  abstract check(value: Tensor): Tensor;
  toString(): string {
    return `${className(this).replace(/^_/, "")}()`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** A constraint that depends on other variables (Uniform's support is interval(low, high)); it cannot check by itself. */
export class _Dependent extends Constraint {
  check(): Tensor {
    throw new ValueError("Cannot determine validity of dependent constraint");
  }
}

export class _Real extends Constraint {
  check(value: Tensor): Tensor {
    return value.eq(value); // false only for NaN
  }
}

export class _Boolean extends Constraint {
  override readonly is_discrete = true;
  check(value: Tensor): Tensor {
    return value.eq(0).logical_or(value.eq(1));
  }
}

export class _GreaterThan extends Constraint {
  constructor(readonly lower_bound: number | Tensor) {
    super();
  }
  check(value: Tensor): Tensor {
    return value.gt(this.lower_bound);
  }
  override toString(): string {
    return `GreaterThan(lower_bound=${formatValue(this.lower_bound)})`;
  }
}

export class _GreaterThanEq extends Constraint {
  constructor(readonly lower_bound: number | Tensor) {
    super();
  }
  check(value: Tensor): Tensor {
    return value.ge(this.lower_bound);
  }
  override toString(): string {
    return `GreaterThanEq(lower_bound=${formatValue(this.lower_bound)})`;
  }
}

export class _Interval extends Constraint {
  constructor(readonly lower_bound: number | Tensor, readonly upper_bound: number | Tensor) {
    super();
  }
  check(value: Tensor): Tensor {
    return value.ge(this.lower_bound).logical_and(value.le(this.upper_bound));
  }
  override toString(): string {
    return `Interval(lower_bound=${formatValue(this.lower_bound)}, upper_bound=${formatValue(this.upper_bound)})`;
  }
}

/** [lower_bound, upper_bound): NegativeBinomial's probs. */
export class _HalfOpenInterval extends _Interval {
  override check(value: Tensor): Tensor {
    return value.ge(this.lower_bound).logical_and(value.lt(this.upper_bound));
  }
  override toString(): string {
    return `HalfOpenInterval(lower_bound=${formatValue(this.lower_bound)}, upper_bound=${formatValue(this.upper_bound)})`;
  }
}

export class _IntegerInterval extends Constraint {
  override readonly is_discrete = true;
  constructor(readonly lower_bound: number | Tensor, readonly upper_bound: number | Tensor) {
    super();
  }
  check(value: Tensor): Tensor {
    return value.remainder(1).eq(0).logical_and(value.ge(this.lower_bound)).logical_and(value.le(this.upper_bound));
  }
  override toString(): string {
    // Python ints print without a point here (the bounds are ints unless tensors).
    const bound = (b: number | Tensor) => (typeof b === "number" ? String(b) : formatValue(b));
    return `IntegerInterval(lower_bound=${bound(this.lower_bound)}, upper_bound=${bound(this.upper_bound)})`;
  }
}

/** Nonnegative count vectors along the last dim summing to at most upper_bound (Multinomial's support). */
export class _Multinomial extends Constraint {
  override readonly is_discrete = true;
  override readonly event_dim = 1;
  constructor(readonly upper_bound: number) {
    super();
  }
  check(value: Tensor): Tensor {
    return value.ge(0).all(-1).logical_and(value.sum(-1).le(this.upper_bound));
  }
}

/** Integers from lower_bound up. */
export class _IntegerGreaterThan extends Constraint {
  override readonly is_discrete = true;
  constructor(readonly lower_bound: number) {
    super();
  }
  check(value: Tensor): Tensor {
    return value.remainder(1).eq(0).logical_and(value.ge(this.lower_bound));
  }
  override toString(): string {
    return `IntegerGreaterThan(lower_bound=${this.lower_bound})`;
  }
}

/** Vectors of zeros with a single 1 along the last dim. */
export class _OneHot extends Constraint {
  override readonly is_discrete = true;
  override readonly event_dim = 1;
  check(value: Tensor): Tensor {
    return value.eq(0).logical_or(value.eq(1)).all(-1).logical_and(value.sum(-1).eq(1));
  }
}

/** Nonnegative vectors along the last dim that sum to 1 (within 1e-6). */
export class _Simplex extends Constraint {
  override readonly event_dim = 1;
  check(value: Tensor): Tensor {
    return value.ge(0).all(-1).logical_and(value.sum(-1).sub(1).abs().lt(1e-6));
  }
}

/** A base constraint over the `reinterpreted_batch_ndims` rightmost dims together: an event is valid when all its elements are. */
export class _IndependentConstraint extends Constraint {
  override readonly is_discrete: boolean;
  override readonly event_dim: number;
  constructor(readonly base_constraint: Constraint, readonly reinterpreted_batch_ndims: number) {
    super();
    this.is_discrete = base_constraint.is_discrete;
    this.event_dim = base_constraint.event_dim + reinterpreted_batch_ndims;
  }
  check(value: Tensor): Tensor {
    const result = this.base_constraint.check(value);
    const n = this.reinterpreted_batch_ndims;
    if (result.dim() < n) {
      const expected = this.base_constraint.event_dim + n;
      throw new ValueError(`Expected value.dim() >= ${expected} but got ${value.dim()}`);
    }
    return n === 0 ? result : result.reshape([...result.shape.slice(0, result.dim() - n), -1]).all(-1);
  }
  override toString(): string {
    return `IndependentConstraint(${this.base_constraint}, ${this.reinterpreted_batch_ndims})`;
  }
}

export const dependent = new _Dependent();
export const real = new _Real();
export const boolean = new _Boolean();
export const positive = new _GreaterThan(0);
export const nonnegative = new _GreaterThanEq(0);
export const nonnegative_integer = new _IntegerGreaterThan(0);
export const greater_than_eq = (lower_bound: number | Tensor): Constraint => new _GreaterThanEq(lower_bound);
export const unit_interval = new _Interval(0, 1);
export const simplex = new _Simplex();
export const one_hot = new _OneHot();
export const greater_than = (lower_bound: number | Tensor): Constraint => new _GreaterThan(lower_bound);
export const interval = (lower_bound: number | Tensor, upper_bound: number | Tensor): Constraint => new _Interval(lower_bound, upper_bound);
export const half_open_interval = (lower_bound: number | Tensor, upper_bound: number | Tensor): Constraint => new _HalfOpenInterval(lower_bound, upper_bound);
export const integer_interval = (lower_bound: number | Tensor, upper_bound: number | Tensor): Constraint => new _IntegerInterval(lower_bound, upper_bound);
export const multinomial = (upper_bound: number): Constraint => new _Multinomial(upper_bound);
export const independent = (base_constraint: Constraint, reinterpreted_batch_ndims: number): Constraint => new _IndependentConstraint(base_constraint, reinterpreted_batch_ndims);

/** Square matrices in the last two dims, symmetric within 1e-6. */
export class _Symmetric extends Constraint {
  override readonly event_dim = 2;
  check(value: Tensor): Tensor {
    const [m, n] = value.shape.slice(-2);
    if (m !== n) return Tensor._full(value.shape.slice(0, -2), 0, bool, value.device);
    return value.isclose(value.transpose(-2, -1), { atol: 1e-6 }).all(-2).all(-1);
  }
}
/** Symmetric positive-definite matrices: those a Cholesky factorization completes on. */
export class _PositiveDefinite extends _Symmetric {
  override check(value: Tensor): Tensor {
    const symmetric = super.check(value);
    if (!(symmetric.all().item() as boolean)) return symmetric;
    return cholesky_ex(value).info.eq(0);
  }
}
/** Lower-triangular matrices with a positive diagonal (a Cholesky factor). */
export class _LowerCholesky extends Constraint {
  override readonly event_dim = 2;
  check(value: Tensor): Tensor {
    const lower = value.tril().eq(value).reshape([...value.shape.slice(0, -2), -1]).all(-1);
    return lower.logical_and(value.diagonal(0, -2, -1).gt(0).all(-1));
  }
}
export const real_vector = independent(real, 1);
export const symmetric = new _Symmetric();
export const positive_definite = new _PositiveDefinite();
export const lower_cholesky = new _LowerCholesky();
