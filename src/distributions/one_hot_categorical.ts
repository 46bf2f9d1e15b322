// torch.distributions.OneHotCategorical(probs | logits): Categorical's draws as one-hot vectors.
import { bindArgs } from "../args.js";
import { one_hot } from "../nn/functional.js";
import { eye } from "../ops/creation.js";
import type { Tensor } from "../tensor.js";
import { Categorical } from "./categorical.js";
import * as constraints from "./constraints.js";
import { Distribution } from "./distribution.js";

export class OneHotCategorical extends Distribution {
  override readonly has_enumerate_support = true;
  _categorical: Categorical;
  /** OneHotCategorical(probs?, logits?, validate_args?): exactly one of probs and logits, as Categorical. */
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs("OneHotCategorical.__init__", args, ["probs", "logits", "validate_args"]);
    this._categorical = new Categorical({ probs: o.probs, logits: o.logits, validate_args: o.validate_args });
    const param = this._categorical.param_shape;
    this._init(this._categorical.batch_shape, param.slice(-1), o.validate_args);
  }
  /** PyTorch prints no parameters here: they live on the inner Categorical. */
  protected override _params(): [string, Tensor][] {
    return [];
  }
  protected override _expandParams(batch: number[]): void {
    this._categorical = this._categorical.expand(batch);
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.simplex, logits: constraints.independent(constraints.real, 1) };
  }
  override get support(): constraints.Constraint {
    return constraints.one_hot;
  }
  get probs(): Tensor {
    return this._categorical.probs;
  }
  get logits(): Tensor {
    return this._categorical.logits;
  }
  get param_shape(): number[] {
    return this._categorical.param_shape;
  }
  override get mean(): Tensor {
    return this.probs;
  }
  override get mode(): Tensor {
    return one_hot(this.probs.argmax(-1), this.probs.shape[this.probs.dim() - 1]).to(this.probs.dtype);
  }
  override get variance(): Tensor {
    return this.probs.mul(this.probs.neg().add(1));
  }
  override sample(sample_shape?: readonly number[]): Tensor {
    const n = this.probs.shape[this.probs.dim() - 1];
    return one_hot(this._categorical.sample(sample_shape), n).to(this.probs.dtype);
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return this._categorical.log_prob(value.max(-1).indices);
  }
  override entropy(): Tensor {
    return this._categorical.entropy();
  }
  override enumerate_support(expand = true): Tensor {
    const n = this.probs.shape[this.probs.dim() - 1];
    const values = eye(n, { dtype: this.probs.dtype, device: this.probs.device }).view([n, ...this._batch_shape.map(() => 1), n]);
    return expand ? values.expand([n, ...this._batch_shape, n]) : values;
  }
}
