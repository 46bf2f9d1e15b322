// torch.distributions.TransformedDistribution(base, transforms) and LogNormal(loc, scale),
// a Normal through ExpTransform.
import { bindArgs } from "../args.js";
import { no_grad } from "../autograd/grad_mode.js";
import { TorchTypeError } from "../errors.js";
import type { Tensor } from "../tensor.js";
import * as constraints from "./constraints.js";
import { Distribution, sumRightmost } from "./distribution.js";
import { Independent } from "./independent.js";
import { Normal } from "./normal.js";
import { ComposeTransform, ExpTransform, Transform } from "./transforms.js";

export class TransformedDistribution extends Distribution {
  override readonly has_rsample: boolean;
  base_dist: Distribution;
  readonly transforms: Transform[];
  /** TransformedDistribution(base_distribution, transforms, validate_args?): transforms is one Transform or a list, applied in order. */
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs("TransformedDistribution.__init__", args, ["base_distribution", "transforms", "validate_args"], [], 2);
    const given = o.transforms;
    if (given instanceof Transform) this.transforms = [given];
    else if (Array.isArray(given) && given.every((t) => t instanceof Transform)) this.transforms = [...(given as Transform[])];
    else throw new TorchTypeError(`transforms must be a Transform or a list of Transforms, but was ${String(given)}`);
    let base = o.base_distribution as Distribution;
    const transform = new ComposeTransform(this.transforms);
    const baseShape = [...base.batch_shape, ...base.event_shape];
    const baseEventDim = base.event_shape.length;
    const forward = transform.forward_shape(baseShape);
    const reinterpreted = transform.domainEventDim - baseEventDim;
    if (reinterpreted > 0) base = new Independent(base, reinterpreted);
    this.base_dist = base;
    this.has_rsample = base.has_rsample;
    const eventDim = Math.max(transform.codomainEventDim, baseEventDim + transform.codomainEventDim - transform.domainEventDim);
    const cut = forward.length - eventDim;
    this._init(forward.slice(0, cut), forward.slice(cut), o.validate_args);
  }
  protected override _params(): [string, Tensor][] {
    return [];
  }
  protected override _expandParams(batch: number[]): void {
    const shape = this.transforms.reduceRight((s, t) => t.inverse_shape(s), [...batch, ...this._event_shape]);
    this.base_dist = this.base_dist.expand(shape.slice(0, shape.length - this.base_dist.event_shape.length));
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return {};
  }
  override get support(): constraints.Constraint {
    return this.transforms.length === 0 ? this.base_dist.support : this.transforms[this.transforms.length - 1].codomain;
  }
  /** The base's draws through the transforms, outside the graph. */
  override sample(sample_shape?: readonly number[]): Tensor {
    return no_grad(() => this.transforms.reduce((x, t) => t.call(x), this.base_dist.sample(sample_shape)));
  }
  override rsample(sample_shape?: readonly number[]): Tensor {
    return this.transforms.reduce((x, t) => t.call(x), this.base_dist.rsample(sample_shape));
  }
  /** The base's log_prob at the inverse image, less each transform's log |Jacobian| (PyTorch's order of terms). */
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    let eventDim = this._event_shape.length;
    let logProb: Tensor | null = null;
    let y = value;
    for (const t of [...this.transforms].reverse()) {
      const x = t.inv(y);
      eventDim += t.domainEventDim - t.codomainEventDim;
      const term = sumRightmost(t.log_abs_det_jacobian(x, y), eventDim - t.domainEventDim);
      logProb = logProb === null ? term.neg() : logProb.sub(term);
      y = x;
    }
    const base = sumRightmost(this.base_dist.log_prob(y), eventDim - this.base_dist.event_shape.length);
    return logProb === null ? base : logProb.add(base);
  }
}

export class LogNormal extends TransformedDistribution {
  /** LogNormal(loc, scale, validate_args?): exp of Normal(loc, scale). */
  constructor(...args: unknown[]) {
    const o = bindArgs("LogNormal.__init__", args, ["loc", "scale", "validate_args"], [], 2);
    super(new Normal(o.loc, o.scale, { validate_args: o.validate_args }), new ExpTransform(), { validate_args: o.validate_args });
  }
  get loc(): Tensor {
    return (this.base_dist as Normal).loc;
  }
  get scale(): Tensor {
    return (this.base_dist as Normal).scale;
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.real, scale: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.positive;
  }
  override get mean(): Tensor {
    return this.loc.add(this.scale.pow(2).div(2)).exp();
  }
  override get mode(): Tensor {
    return this.loc.sub(this.scale.square()).exp();
  }
  override get variance(): Tensor {
    const s2 = this.scale.pow(2);
    return s2.exp().sub(1).mul(this.loc.mul(2).add(s2).exp());
  }
  override entropy(): Tensor {
    return this.base_dist.entropy().add(this.loc);
  }
}
