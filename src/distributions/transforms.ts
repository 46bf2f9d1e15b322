// torch.distributions.transforms: invertible maps with the log-determinant of their
// Jacobian, for TransformedDistribution (LogNormal is a Normal through ExpTransform).
import { ValueError } from "../errors.js";
import { finfo } from "../dtype.js";
import { softplus } from "../nn/functional.js";
import { Tensor } from "../tensor.js";
import * as constraints from "./constraints.js";
import { sumRightmost } from "./distribution.js";
import { className } from "../names.js";

export abstract class Transform {
  /** How many rightmost dims one input (output) event spans. */
  get domainEventDim(): number {
    return 0;
  }
  get codomainEventDim(): number {
    return 0;
  }
  readonly bijective: boolean = true;
  private cached: [Tensor, Tensor] | null = null;
  /** cache_size 1 keeps the last (x, y) pair, so inverting a sample gives back its x exactly (TanhTransform's use). */
  constructor(readonly cache_size: 0 | 1 = 0) {
    if (cache_size !== 0 && cache_size !== 1) throw new ValueError("cache_size must be 0 or 1");
  }
  abstract get domain(): constraints.Constraint;
  abstract get codomain(): constraints.Constraint;
  protected abstract _call(x: Tensor): Tensor;
  protected abstract _inverse(y: Tensor): Tensor;
  /** log |dy/dx| of y = this(x), elementwise over the domain's event dims. */
  abstract log_abs_det_jacobian(x: Tensor, y: Tensor): Tensor;
  /** y = this(x) (PyTorch's __call__). */
  call(x: Tensor): Tensor {
    if (this.cached !== null && this.cached[0] === x) return this.cached[1];
    const y = this._call(x);
    if (this.cache_size === 1) this.cached = [x, y];
    return y;
  }
  /** x with this(x) = y. */
  inv(y: Tensor): Tensor {
    if (this.cached !== null && this.cached[1] === y) return this.cached[0];
    const x = this._inverse(y);
    if (this.cache_size === 1) this.cached = [x, y];
    return x;
  }
  /**
   * The inverse as a Transform of its own (PyTorch's `t.inv` object; `inv` here is the
   * method that inverts a value), e.g. `new ExpTransform().inverse` for a log.
   */
  get inverse(): Transform {
    return new _InverseTransform(this);
  }
  /** PyTorch's __eq__: by default the same object; parameter-free transforms equal any of their class. */
  equals(other: Transform): boolean {
    return this === other;
  }
  forward_shape(shape: readonly number[]): number[] {
    return [...shape];
  }
  inverse_shape(shape: readonly number[]): number[] {
    return [...shape];
  }
  toString(): string {
    return `${className(this)}()`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** Python's list equality over transforms: the same object, or equal by equals(). */
export function transformsEqual(a: readonly Transform[], b: readonly Transform[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i] || t.equals(b[i]));
}

/** PyTorch's test of two parameters: numbers by value, else every element equal. */
function sameParameter(a: Tensor | number, b: Tensor | number): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b;
  return Boolean((a instanceof Tensor ? a.eq(b) : (b as Tensor).eq(a)).all().item());
}

/** The inverse of a transform: its inverse as the call, its call as the inverse. */
export class _InverseTransform extends Transform {
  constructor(readonly _inv: Transform) {
    super(0);
  }
  override equals(other: Transform): boolean {
    return other instanceof _InverseTransform && this._inv.equals(other._inv);
  }
  override get domainEventDim(): number {
    return this._inv.codomainEventDim;
  }
  override get codomainEventDim(): number {
    return this._inv.domainEventDim;
  }
  override get inverse(): Transform {
    return this._inv;
  }
  get domain(): constraints.Constraint {
    return this._inv.codomain;
  }
  get codomain(): constraints.Constraint {
    return this._inv.domain;
  }
  protected _call(x: Tensor): Tensor {
    return this._inv.inv(x);
  }
  protected _inverse(y: Tensor): Tensor {
    return this._inv.call(y);
  }
  log_abs_det_jacobian(x: Tensor, y: Tensor): Tensor {
    return this._inv.log_abs_det_jacobian(y, x).neg();
  }
  override toString(): string {
    return `_InverseTransform(${this._inv})`;
  }
}

/** y = exp(x). */
export class ExpTransform extends Transform {
  override equals(other: Transform): boolean {
    return other instanceof ExpTransform;
  }
  get domain(): constraints.Constraint {
    return constraints.real;
  }
  get codomain(): constraints.Constraint {
    return constraints.positive;
  }
  protected _call(x: Tensor): Tensor {
    return x.exp();
  }
  protected _inverse(y: Tensor): Tensor {
    return y.log();
  }
  log_abs_det_jacobian(x: Tensor): Tensor {
    return x;
  }
}

/** y = |x| (not bijective: its inverse is the identity, as PyTorch's). */
export class AbsTransform extends Transform {
  override readonly bijective = false;
  override equals(other: Transform): boolean {
    return other instanceof AbsTransform;
  }
  get domain(): constraints.Constraint {
    return constraints.real;
  }
  get codomain(): constraints.Constraint {
    return constraints.positive;
  }
  protected _call(x: Tensor): Tensor {
    return x.abs();
  }
  protected _inverse(y: Tensor): Tensor {
    return y;
  }
  log_abs_det_jacobian(x: Tensor): Tensor {
    return Tensor._full(x.shape, 0, x.dtype, x.device);
  }
}

/** y = x^exponent on the positive reals. */
export class PowerTransform extends Transform {
  constructor(readonly exponent: Tensor | number, cache_size: 0 | 1 = 0) {
    super(cache_size);
  }
  override equals(other: Transform): boolean {
    return other instanceof PowerTransform && sameParameter(this.exponent, other.exponent);
  }
  get domain(): constraints.Constraint {
    return constraints.positive;
  }
  get codomain(): constraints.Constraint {
    return constraints.positive;
  }
  protected _call(x: Tensor): Tensor {
    return x.pow(this.exponent);
  }
  protected _inverse(y: Tensor): Tensor {
    return y.pow(this.exponent instanceof Tensor ? this.exponent.reciprocal() : 1 / this.exponent);
  }
  log_abs_det_jacobian(x: Tensor, y: Tensor): Tensor {
    return y.mul(this.exponent).div(x).abs().log();
  }
}

/** y = sigmoid(x), kept inside (0, 1) by the dtype's tiny and eps. */
export class SigmoidTransform extends Transform {
  override equals(other: Transform): boolean {
    return other instanceof SigmoidTransform;
  }
  get domain(): constraints.Constraint {
    return constraints.real;
  }
  get codomain(): constraints.Constraint {
    return constraints.unit_interval;
  }
  protected _call(x: Tensor): Tensor {
    const f = finfo(x.dtype);
    return x.sigmoid().clamp(f.tiny, 1 - f.eps);
  }
  protected _inverse(y: Tensor): Tensor {
    const f = finfo(y.dtype);
    const c = y.clamp(f.tiny, 1 - f.eps);
    return c.log().sub(c.neg().log1p());
  }
  log_abs_det_jacobian(x: Tensor): Tensor {
    return softplus(x.neg()).neg().sub(softplus(x));
  }
}

/** y = tanh(x); its Jacobian in the stable form 2 (log 2 - x - softplus(-2x)). */
export class TanhTransform extends Transform {
  override equals(other: Transform): boolean {
    return other instanceof TanhTransform;
  }
  get domain(): constraints.Constraint {
    return constraints.real;
  }
  get codomain(): constraints.Constraint {
    return constraints.interval(-1, 1);
  }
  protected _call(x: Tensor): Tensor {
    return x.tanh();
  }
  protected _inverse(y: Tensor): Tensor {
    return y.atanh();
  }
  log_abs_det_jacobian(x: Tensor): Tensor {
    return x.neg().sub(softplus(x.mul(-2))).add(Math.LN2).mul(2);
  }
}

/** y = loc + scale x, over event_dim rightmost dims. */
export class AffineTransform extends Transform {
  constructor(readonly loc: Tensor | number, readonly scale: Tensor | number, readonly event_dim = 0, cache_size: 0 | 1 = 0) {
    super(cache_size);
  }
  override equals(other: Transform): boolean {
    return other instanceof AffineTransform && sameParameter(this.loc, other.loc) && sameParameter(this.scale, other.scale);
  }
  override get domainEventDim(): number {
    return this.event_dim;
  }
  override get codomainEventDim(): number {
    return this.event_dim;
  }
  get domain(): constraints.Constraint {
    return this.event_dim === 0 ? constraints.real : constraints.independent(constraints.real, this.event_dim);
  }
  get codomain(): constraints.Constraint {
    return this.domain;
  }
  protected _call(x: Tensor): Tensor {
    return x.mul(this.scale).add(this.loc);
  }
  protected _inverse(y: Tensor): Tensor {
    return y.sub(this.loc).div(this.scale);
  }
  log_abs_det_jacobian(x: Tensor): Tensor {
    const shape = x.shape;
    let result = this.scale instanceof Tensor ? this.scale.abs().log() : Tensor._full(x.shape, Math.log(Math.abs(this.scale)), x.dtype, x.device);
    if (this.event_dim > 0) {
      result = sumRightmost(result, this.event_dim);
      return result.expand(shape.slice(0, shape.length - this.event_dim));
    }
    return result.expand(shape);
  }
}

/** The transforms applied in order (the first one first). */
export class ComposeTransform extends Transform {
  constructor(readonly parts: readonly Transform[]) {
    super(0);
  }
  override equals(other: Transform): boolean {
    return other instanceof ComposeTransform && transformsEqual(this.parts, other.parts);
  }
  override get domainEventDim(): number {
    return this.parts.length === 0 ? 0 : this.parts[0].domainEventDim;
  }
  override get codomainEventDim(): number {
    return this.parts.length === 0 ? 0 : this.parts[this.parts.length - 1].codomainEventDim;
  }
  get domain(): constraints.Constraint {
    return this.parts.length === 0 ? constraints.real : this.parts[0].domain;
  }
  get codomain(): constraints.Constraint {
    return this.parts.length === 0 ? constraints.real : this.parts[this.parts.length - 1].codomain;
  }
  protected _call(x: Tensor): Tensor {
    return this.parts.reduce((v, t) => t.call(v), x);
  }
  protected _inverse(y: Tensor): Tensor {
    return [...this.parts].reverse().reduce((v, t) => t.inv(v), y);
  }
  /** The parts' terms at their intermediate values (x, its images, then y), each summed over the dims it adds to the event. */
  log_abs_det_jacobian(x: Tensor, y: Tensor): Tensor {
    if (this.parts.length === 0) return Tensor._full(x.shape, 0, x.dtype, x.device);
    const xs = [x];
    for (const part of this.parts.slice(0, -1)) xs.push(part.call(xs[xs.length - 1]));
    xs.push(y);
    let eventDim = this.domainEventDim;
    let result: Tensor | null = null;
    this.parts.forEach((part, i) => {
      const term = sumRightmost(part.log_abs_det_jacobian(xs[i], xs[i + 1]), eventDim - part.domainEventDim);
      result = result === null ? term : result.add(term);
      eventDim += part.codomainEventDim - part.domainEventDim;
    });
    return result!;
  }
}
