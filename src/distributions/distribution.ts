// torch.distributions.Distribution: shapes, sampling and argument validation shared by every distribution.
import { no_grad } from "../autograd/grad_mode.js";
import { NotImplementedError, TorchTypeError, ValueError } from "../errors.js";
import { defaultFloat } from "../dtype.js";
import { tensor } from "../ops/creation.js";
import { broadcast_tensors } from "../ops/compose.js";
import { Size, Tensor } from "../tensor.js";
import { _Dependent, formatValue, type Constraint } from "./constraints.js";
import { className } from "../names.js";

let validateByDefault = true;

/** A sample_shape argument: a sequence of sizes (Python rejects a bare int: it is not iterable). */
export function sampleShape(v: unknown): number[] {
  if (v === undefined || v === null) return [];
  if (typeof v === "number") throw new TorchTypeError("'int' object is not iterable");
  if (!Array.isArray(v) || !v.every((d) => Number.isInteger(d) && d >= 0)) throw new TorchTypeError(`sample_shape must be a sequence of sizes, got ${String(v)}`);
  return [...(v as number[])];
}

/**
 * broadcast_all: numbers become tensors (of the first tensor argument's dtype, else the
 * default float) and all are broadcast together, as views.
 */
export function broadcast_all(...values: (number | Tensor)[]): Tensor[] {
  for (const v of values) {
    if (!(v instanceof Tensor) && typeof v !== "number") throw new ValueError("Input arguments must all be instances of numbers.Number, torch.Tensor or objects implementing __torch_function__.");
  }
  const like = values.find((v): v is Tensor => v instanceof Tensor);
  const tensors = values.map((v) => (v instanceof Tensor ? v : tensor(v, { dtype: like?.dtype ?? defaultFloat, device: like?.device })));
  return broadcast_tensors(...tensors);
}

/** A tensor's shape as Python prints a tuple: (), (2,), (2, 3). */
export function shapeText(t: Tensor): string {
  return `(${t.shape.join(", ")}${t.dim() === 1 ? "," : ""})`;
}

/** Sums the `dim` rightmost dims of value (Independent's reinterpreted batch dims). */
export function sumRightmost(value: Tensor, dim: number): Tensor {
  return dim === 0 ? value : value.reshape([...value.shape.slice(0, value.dim() - dim), -1]).sum(-1);
}

export class Distribution {
  /** Whether rsample (a sample that gradients flow through) is implemented. */
  readonly has_rsample: boolean = false;
  readonly has_enumerate_support: boolean = false;
  protected _batch_shape = new Size();
  protected _event_shape = new Size();
  _validate_args = validateByDefault;

  /** Distribution.set_default_validate_args(value): whether new distributions check their arguments (on by default, as in PyTorch). */
  static set_default_validate_args(value: boolean): void {
    if (typeof value !== "boolean") throw new ValueError("Expected a boolean");
    validateByDefault = value;
  }

  /**
   * Sets the shapes and, where validation is on, checks each given parameter against its
   * constraint (PyTorch's Distribution.__init__; a subclass calls it once its parameters are set).
   */
  protected _init(batch_shape: readonly number[], event_shape: readonly number[] = [], validate_args?: unknown): void {
    this._batch_shape = new Size(batch_shape);
    this._event_shape = new Size(event_shape);
    if (validate_args !== undefined && validate_args !== null) this._validate_args = Boolean(validate_args);
    this._checkParams();
  }

  /**
   * Where validation is on, each parameter set so far against its constraint. A subclass whose
   * parameters are set only after its base's constructor (Python sets them before super().__init__)
   * calls it again once they are.
   */
  protected _checkParams(): void {
    if (!this._validate_args) return;
    const constraints = this.arg_constraints;
    for (const [param, value] of this._validatedParams()) {
      const constraint = constraints[param];
      if (!(value instanceof Tensor) || constraint === undefined || constraint instanceof _Dependent) continue;
      if (!(constraint.check(value).all().item() as boolean)) {
        throw new ValueError(
          `Expected parameter ${param} (Tensor of shape ${shapeText(value)}) of distribution ${this} ` +
            `to satisfy the constraint ${constraint}, but found invalid values:\n${formatValue(value)}`,
        );
      }
    }
  }

  /** The parameters checked against arg_constraints at construction: the printed ones unless a subclass says otherwise. */
  protected _validatedParams(): [string, Tensor][] {
    return this._params();
  }

  /** The parameters this distribution was given (not the ones it derives lazily), in arg_constraints' order. */
  protected _params(): [string, Tensor][] {
    return Object.keys(this.arg_constraints)
      .map((k) => [k, (this as unknown as Record<string, unknown>)[k]] as [string, unknown])
      .filter((e): e is [string, Tensor] => e[1] instanceof Tensor);
  }

  get batch_shape(): Size {
    return this._batch_shape;
  }
  get event_shape(): Size {
    return this._event_shape;
  }
  get arg_constraints(): Record<string, Constraint> {
    throw new NotImplementedError("");
  }
  get support(): Constraint {
    throw new NotImplementedError("");
  }
  get mean(): Tensor {
    throw new NotImplementedError("");
  }
  get mode(): Tensor {
    throw new NotImplementedError(`${className(this)} does not implement mode`);
  }
  get variance(): Tensor {
    throw new NotImplementedError("");
  }
  get stddev(): Tensor {
    return this.variance.sqrt();
  }

  /** A sample of shape sample_shape + batch_shape + event_shape, outside the graph. */
  sample(sample_shape?: readonly number[]): Tensor {
    return no_grad(() => this.rsample(sample_shape));
  }
  /** A reparameterized sample: gradients flow to the parameters. */
  rsample(_sample_shape?: readonly number[]): Tensor {
    throw new NotImplementedError("");
  }
  log_prob(_value: Tensor): Tensor {
    throw new NotImplementedError("");
  }
  cdf(_value: Tensor): Tensor {
    throw new NotImplementedError("");
  }
  icdf(_value: Tensor): Tensor {
    throw new NotImplementedError("");
  }
  entropy(): Tensor {
    throw new NotImplementedError("");
  }
  enumerate_support(_expand = true): Tensor {
    throw new NotImplementedError("");
  }
  perplexity(): Tensor {
    return this.entropy().exp();
  }

  /**
   * expand(batch_shape): the same distribution over a larger batch, its parameters
   * expanded as views (no new memory); the new one does not validate again.
   */
  expand(batch_shape: readonly number[]): this {
    const copy = Object.create(Object.getPrototypeOf(this) as object) as this;
    Object.assign(copy, this);
    copy._expandParams([...batch_shape]);
    copy._batch_shape = new Size(batch_shape);
    return copy;
  }
  /** expand's part for each distribution: its parameter tensors expanded to batch_shape (and their event dims). */
  protected _expandParams(_batch_shape: number[]): void {
    throw new NotImplementedError("");
  }

  /** sample_shape + batch_shape + event_shape. */
  protected _extended_shape(sample_shape: readonly number[] = []): number[] {
    return [...sampleShape(sample_shape), ...this._batch_shape, ...this._event_shape];
  }

  /** PyTorch's _validate_sample: a tensor, broadcastable with batch_shape + event_shape, inside the support. */
  protected _validate_sample(value: unknown): void {
    if (!(value instanceof Tensor)) throw new ValueError("The value argument to log_prob must be a Tensor");
    const eventStart = value.dim() - this._event_shape.length;
    const tail = value.shape.slice(eventStart);
    if (eventStart < 0 || tail.some((d, i) => d !== this._event_shape[i])) {
      throw new ValueError(`The right-most size of value must match event_shape: ${new Size(value.shape)} vs ${this._event_shape}.`);
    }
    const actual = value.shape, expected = [...this._batch_shape, ...this._event_shape];
    for (let i = 1; i <= Math.min(actual.length, expected.length); i++) {
      const a = actual[actual.length - i], e = expected[expected.length - i];
      if (a !== 1 && e !== 1 && a !== e) throw new ValueError(`Value is not broadcastable with batch_shape+event_shape: ${new Size(actual)} vs ${new Size(expected)}.`);
    }
    const support = this.support;
    if (!(support.check(value).all().item() as boolean)) {
      throw new ValueError(
        `Expected value argument (Tensor of shape ${shapeText(value)}) to be within the support (${support}) ` +
          `of the distribution ${this}, but found invalid values:\n${formatValue(value)}`,
      );
    }
  }

  /** Name(param: value or size, ...), as PyTorch prints a distribution. */
  toString(): string {
    const args = this._params().map(([k, v]) => `${k}: ${v.numel() === 1 ? formatValue(v) : v.size()}`);
    return `${className(this)}(${args.join(", ")})`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
