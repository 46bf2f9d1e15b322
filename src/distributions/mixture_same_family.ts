// torch.distributions.MixtureSameFamily(mixture_distribution, component_distribution):
// a Categorical choosing among the components along the component's rightmost batch dim.
import { bindArgs } from "../args.js";
import { no_grad } from "../autograd/grad_mode.js";
import { ValueError } from "../errors.js";
import { log_softmax } from "../nn/functional.js";
import { numelOf } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { Categorical } from "./categorical.js";
import type * as constraints from "./constraints.js";
import { Distribution, sampleShape } from "./distribution.js";

export class MixtureSameFamily extends Distribution {
  private _mixture_distribution: Categorical;
  private _component_distribution: Distribution;
  private readonly _num_component: number;
  private readonly _event_ndims: number;
  /** MixtureSameFamily(mixture_distribution, component_distribution, validate_args?): component batch [..B, k], mixture batch [..B] over k. */
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs("MixtureSameFamily.__init__", args, ["mixture_distribution", "component_distribution", "validate_args"], [], 2);
    const mixture = o.mixture_distribution, component = o.component_distribution;
    if (!(mixture instanceof Categorical)) throw new ValueError(" The Mixture distribution needs to be an  instance of torch.distribtutions.Categorical");
    if (!(component instanceof Distribution)) throw new ValueError("The Component distribution need to be an instance of torch.distributions.Distribution");
    const mdbs = mixture.batch_shape, cdbs = component.batch_shape.slice(0, -1);
    for (let i = 1; i <= Math.min(mdbs.length, cdbs.length); i++) {
      const a = mdbs[mdbs.length - i], b = cdbs[cdbs.length - i];
      if (a !== 1 && b !== 1 && a !== b) throw new ValueError(`\`mixture_distribution.batch_shape\` (${mdbs}) is not compatible with \`component_distribution.batch_shape\`(torch.Size([${cdbs.join(", ")}]))`);
    }
    const km = mixture.logits.shape[mixture.logits.dim() - 1], kc = component.batch_shape[component.batch_shape.length - 1];
    if (km !== kc) throw new ValueError(`\`mixture_distribution component\` (${km}) does not equal \`component_distribution.batch_shape[-1]\` (${kc})`);
    this._mixture_distribution = mixture;
    this._component_distribution = component;
    this._num_component = km;
    this._event_ndims = component.event_shape.length;
    this._init(cdbs, component.event_shape, o.validate_args);
  }
  get mixture_distribution(): Categorical {
    return this._mixture_distribution;
  }
  get component_distribution(): Distribution {
    return this._component_distribution;
  }
  protected override _params(): [string, Tensor][] {
    return [];
  }
  protected override _expandParams(batch: number[]): void {
    this._component_distribution = this._component_distribution.expand([...batch, this._num_component]);
    this._mixture_distribution = this._mixture_distribution.expand(batch);
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return {};
  }
  override get support(): constraints.Constraint {
    return this._component_distribution.support;
  }
  /** x with a dim for the components before its event dims. */
  private _pad(x: Tensor): Tensor {
    return x.unsqueeze(-1 - this._event_ndims);
  }
  /** The mixture's probs shaped to broadcast against the components (PyTorch's, counting batch dims by numel as it does). */
  private _pad_mixture_dimensions(x: Tensor): Tensor {
    const distBatchNdims = numelOf(this._batch_shape), catBatchNdims = numelOf(this._mixture_distribution.batch_shape);
    const padNdims = catBatchNdims === 1 ? 0 : distBatchNdims - catBatchNdims;
    const xs = x.shape;
    return x.reshape([...xs.slice(0, -1), ...new Array<number>(padNdims).fill(1), xs[xs.length - 1], ...new Array<number>(this._event_ndims).fill(1)]);
  }
  override get mean(): Tensor {
    const probs = this._pad_mixture_dimensions(this._mixture_distribution.probs);
    return probs.mul(this._component_distribution.mean).sum(-1 - this._event_ndims);
  }
  override get variance(): Tensor {
    const probs = this._pad_mixture_dimensions(this._mixture_distribution.probs);
    const meanCondVar = probs.mul(this._component_distribution.variance).sum(-1 - this._event_ndims);
    const varCondMean = probs.mul(this._component_distribution.mean.sub(this._pad(this.mean)).pow(2)).sum(-1 - this._event_ndims);
    return meanCondVar.add(varCondMean);
  }
  override cdf(x: Tensor): Tensor {
    const cdfX = this._component_distribution.cdf(this._pad(x));
    return cdfX.mul(this._mixture_distribution.probs).sum(-1);
  }
  override log_prob(x: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(x);
    const logProbX = this._component_distribution.log_prob(this._pad(x));
    const logMixProb = log_softmax(this._mixture_distribution.logits, -1);
    return logProbX.add(logMixProb).logsumexp(-1);
  }
  /** A component index per sample from the mixture, then that component's draw (both drawn in full, as PyTorch). */
  override sample(sample_shape?: readonly number[]): Tensor {
    const shape = sampleShape(sample_shape);
    return no_grad(() => {
      const gatherDim = shape.length + this._batch_shape.length;
      const es = [...this._event_shape];
      const mix = this._mixture_distribution.sample(shape);
      const comp = this._component_distribution.sample(shape);
      const index = mix.reshape([...mix.shape, ...new Array<number>(es.length + 1).fill(1)]).repeat([...mix.shape.map(() => 1), 1, ...es]);
      return comp.gather(gatherDim, index).squeeze(gatherDim);
    });
  }
  override toString(): string {
    return `MixtureSameFamily(\n  ${this._mixture_distribution},\n  ${this._component_distribution})`;
  }
}
