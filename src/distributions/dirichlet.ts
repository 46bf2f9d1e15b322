// torch.distributions.Dirichlet(concentration) and Beta(concentration1, concentration0),
// which PyTorch builds on a Dirichlet over [concentration1, concentration0].
import { bindArgs } from "../args.js";
import { ValueError } from "../errors.js";
import { _dirichlet_grad, _sample_dirichlet } from "../ops/gamma.js";
import { digamma, lgamma } from "../ops/math.js";
import { needsGrad, record, type OpDef } from "../ops/registry.js";
import { stack } from "../ops/shape.js";
import { tensor } from "../ops/creation.js";
import { where } from "../ops/elementwise.js";
import { one_hot } from "../nn/functional.js";
import { Tensor } from "../tensor.js";
import * as constraints from "./constraints.js";
import { broadcast_all, Distribution } from "./distribution.js";

/** _Dirichlet's backward (a custom Function in PyTorch, its node DirichletBackward): the implicit reparameterization gradient. */
const DIRICHLET_SAMPLE: OpDef = {
  name: "_Dirichlet",
  node: "DirichletBackward",
  backward: (g: Tensor, { x, concentration }) => {
    const total = concentration.sum(-1, true).expand_as(concentration);
    const grad = _dirichlet_grad(x, concentration, total);
    return [grad.mul(g.sub(x.mul(g).sum(-1, true)))];
  },
};

export class Dirichlet extends Distribution {
  override readonly has_rsample = true;
  concentration: Tensor;
  /** Dirichlet(concentration, validate_args?): concentration's last dim is the event. */
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs("Dirichlet.__init__", args, ["concentration", "validate_args"], [], 1);
    const c = o.concentration as Tensor;
    if (c.dim() < 1) throw new ValueError("`concentration` parameter must be at least one-dimensional.");
    this.concentration = c;
    this._init(c.shape.slice(0, -1), c.shape.slice(-1), o.validate_args);
  }
  protected override _expandParams(batch: number[]): void {
    this.concentration = this.concentration.expand([...batch, ...this._event_shape]);
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { concentration: constraints.independent(constraints.positive, 1) };
  }
  override get support(): constraints.Constraint {
    return constraints.simplex;
  }
  override get mean(): Tensor {
    return this.concentration.div(this.concentration.sum(-1, true));
  }
  /** The mode; where every concentration is below 1, the vertex of the largest. */
  override get mode(): Tensor {
    const cm1 = this.concentration.sub(1).clamp_min(0);
    const mode = cm1.div(cm1.sum(-1, true));
    const allBelow = this.concentration.lt(1).all(-1, true);
    const vertex = one_hot(mode.argmax(-1), cm1.shape[cm1.dim() - 1]).to(mode.dtype);
    return where(allBelow, vertex, mode);
  }
  override get variance(): Tensor {
    const c0 = this.concentration.sum(-1, true);
    return this.concentration.mul(c0.sub(this.concentration)).div(c0.pow(2).mul(c0.add(1)));
  }
  /** _sample_dirichlet's draws (PyTorch's from the same seed), with the implicit reparameterization gradient. */
  override rsample(sample_shape?: readonly number[]): Tensor {
    const concentration = this.concentration.expand(this._extended_shape(sample_shape));
    const x = _sample_dirichlet(concentration);
    if (needsGrad(concentration)) record(DIRICHLET_SAMPLE, [concentration], x, { x: x.detach(), concentration: concentration.detach() });
    return x;
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const c = this.concentration;
    return value.log().mul(c.sub(1)).sum(-1).add(lgamma(c.sum(-1))).sub(lgamma(c).sum(-1));
  }
  override entropy(): Tensor {
    const c = this.concentration, k = c.shape[c.dim() - 1], a0 = c.sum(-1);
    return lgamma(c).sum(-1).sub(lgamma(a0)).sub(a0.neg().add(k).mul(digamma(a0))).sub(c.sub(1).mul(digamma(c)).sum(-1));
  }
}

export class Beta extends Distribution {
  override readonly has_rsample = true;
  _dirichlet: Dirichlet;
  /** Beta(concentration1, concentration0, validate_args?). */
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs("Beta.__init__", args, ["concentration1", "concentration0", "validate_args"], [], 2);
    const [c1, c0] = [o.concentration1 as number | Tensor, o.concentration0 as number | Tensor];
    const pair = typeof c1 === "number" && typeof c0 === "number" ? tensor([c1, c0]) : stack(broadcast_all(c1, c0), -1);
    this._dirichlet = new Dirichlet(pair, { validate_args: o.validate_args });
    this._init(this._dirichlet.batch_shape, [], o.validate_args);
  }
  /** PyTorch prints no parameters here (they are properties over the inner Dirichlet), but checks them. */
  protected override _params(): [string, Tensor][] {
    return [];
  }
  protected override _validatedParams(): [string, Tensor][] {
    return [["concentration1", this.concentration1], ["concentration0", this.concentration0]];
  }
  protected override _expandParams(batch: number[]): void {
    this._dirichlet = this._dirichlet.expand(batch);
  }
  get concentration1(): Tensor {
    return this._dirichlet.concentration.select(-1, 0);
  }
  get concentration0(): Tensor {
    return this._dirichlet.concentration.select(-1, 1);
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { concentration1: constraints.positive, concentration0: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.unit_interval;
  }
  override get mean(): Tensor {
    return this.concentration1.div(this.concentration1.add(this.concentration0));
  }
  override get mode(): Tensor {
    return this._dirichlet.mode.select(-1, 0);
  }
  override get variance(): Tensor {
    const total = this.concentration1.add(this.concentration0);
    return this.concentration1.mul(this.concentration0).div(total.pow(2).mul(total.add(1)));
  }
  override rsample(sample_shape?: readonly number[]): Tensor {
    return this._dirichlet.rsample(sample_shape).select(-1, 0);
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return this._dirichlet.log_prob(stack([value, value.neg().add(1)], -1));
  }
  override entropy(): Tensor {
    return this._dirichlet.entropy();
  }
}
