// torch.distributions.Independent(base, n): the base's n rightmost batch dims read as one event
// (a diagonal Normal over a vector: Independent(Normal(loc, scale), 1)).
import { bindArgs } from "../args.js";
import { ValueError } from "../errors.js";
import type { Tensor } from "../tensor.js";
import * as constraints from "./constraints.js";
import { Distribution, sumRightmost } from "./distribution.js";

export class Independent extends Distribution {
  override readonly has_rsample: boolean;
  base_dist: Distribution;
  readonly reinterpreted_batch_ndims: number;
  /** Independent(base_distribution, reinterpreted_batch_ndims, validate_args?). */
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs("Independent.__init__", args, ["base_distribution", "reinterpreted_batch_ndims", "validate_args"], [], 2);
    const base = o.base_distribution as Distribution, n = o.reinterpreted_batch_ndims as number;
    if (n > base.batch_shape.length) {
      throw new ValueError(`Expected reinterpreted_batch_ndims <= len(base_distribution.batch_shape), actual ${n} vs ${base.batch_shape.length}`);
    }
    const shape = [...base.batch_shape, ...base.event_shape];
    const eventDim = n + base.event_shape.length;
    this.base_dist = base;
    this.reinterpreted_batch_ndims = n;
    this.has_rsample = base.has_rsample;
    this._init(shape.slice(0, shape.length - eventDim), shape.slice(shape.length - eventDim), o.validate_args);
  }
  protected override _expandParams(batch: number[]): void {
    this.base_dist = this.base_dist.expand([...batch, ...this._event_shape.slice(0, this.reinterpreted_batch_ndims)]);
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return {};
  }
  override get support(): constraints.Constraint {
    const s = this.base_dist.support;
    return this.reinterpreted_batch_ndims === 0 ? s : constraints.independent(s, this.reinterpreted_batch_ndims);
  }
  override get mean(): Tensor {
    return this.base_dist.mean;
  }
  override get mode(): Tensor {
    return this.base_dist.mode;
  }
  override get variance(): Tensor {
    return this.base_dist.variance;
  }
  override sample(sample_shape?: readonly number[]): Tensor {
    return this.base_dist.sample(sample_shape);
  }
  override rsample(sample_shape?: readonly number[]): Tensor {
    return this.base_dist.rsample(sample_shape);
  }
  override log_prob(value: Tensor): Tensor {
    return sumRightmost(this.base_dist.log_prob(value), this.reinterpreted_batch_ndims);
  }
  override entropy(): Tensor {
    return sumRightmost(this.base_dist.entropy(), this.reinterpreted_batch_ndims);
  }
  override toString(): string {
    return `Independent(${this.base_dist}, ${this.reinterpreted_batch_ndims})`;
  }
}
