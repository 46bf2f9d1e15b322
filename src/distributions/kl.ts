// torch.distributions.kl_divergence(p, q) and register_kl: KL(p || q) by the pair of types.
import { NotImplementedError, TorchTypeError, ValueError } from "../errors.js";
import { solve_triangular } from "../ops/solve.js";
import { broadcastShapes } from "../shape.js";
import { full_like } from "../ops/creation.js";
import { where } from "../ops/elementwise.js";
import { softplus } from "../nn/functional.js";
import type { Tensor } from "../tensor.js";
import { Bernoulli } from "./bernoulli.js";
import { Categorical } from "./categorical.js";
import { Distribution, sumRightmost } from "./distribution.js";
import { Independent } from "./independent.js";
import { Exponential } from "./exponential.js";
import { Gamma } from "./gamma.js";
import { Beta, Dirichlet } from "./dirichlet.js";
import { Poisson } from "./poisson.js";
import { digamma, lgamma } from "../ops/math.js";
import { Laplace } from "./laplace.js";
import { OneHotCategorical } from "./one_hot_categorical.js";
import { batchMahalanobis, MultivariateNormal } from "./multivariate_normal.js";
import { Normal } from "./normal.js";
import { Uniform } from "./uniform.js";
import { EULER_GAMMA, Gumbel } from "./gumbel.js";
import { Binomial } from "./binomial.js";

type DistributionClass = abstract new (...args: never[]) => Distribution;
type KL = (p: never, q: never) => Tensor;
const registry: [DistributionClass, DistributionClass, KL][] = [];

/** register_kl(TypeP, TypeQ)(fn): fn(p, q) computes KL(p || q) for those types (an exact pair wins over a subclass match). */
export function register_kl(type_p: DistributionClass, type_q: DistributionClass): <F extends KL>(fn: F) => F {
  const isDistribution = (t: unknown) => typeof t === "function" && (t === Distribution || t.prototype instanceof Distribution);
  if (!isDistribution(type_p)) throw new TorchTypeError(`Expected type_p to be a Distribution subclass but got ${String(type_p)}`);
  if (!isDistribution(type_q)) throw new TorchTypeError(`Expected type_q to be a Distribution subclass but got ${String(type_q)}`);
  return (fn) => {
    registry.unshift([type_p, type_q, fn]);
    return fn;
  };
}

export function kl_divergence(p: Distribution, q: Distribution): Tensor {
  const exact = registry.find(([P, Q]) => p.constructor === P && q.constructor === Q);
  const entry = exact ?? registry.find(([P, Q]) => p instanceof P && q instanceof Q);
  if (entry === undefined) throw new NotImplementedError(`No KL(p || q) is implemented for p type ${p.constructor.name} and q type ${q.constructor.name}`);
  return (entry[2] as (p: Distribution, q: Distribution) => Tensor)(p, q);
}

register_kl(Normal, Normal)((p: Normal, q: Normal) => {
  const varRatio = p.scale.div(q.scale).pow(2);
  const t1 = p.loc.sub(q.loc).div(q.scale).pow(2);
  return varRatio.add(t1).sub(1).sub(varRatio.log()).mul(0.5);
});

register_kl(Categorical, Categorical)((p: Categorical, q: Categorical) => {
  let t = p.probs.mul(p.logits.sub(q.logits));
  t = where(q.probs.eq(0).expand_as(t), Infinity, t);
  t = where(p.probs.eq(0).expand_as(t), 0, t);
  return t.sum(-1);
});

register_kl(Bernoulli, Bernoulli)((p: Bernoulli, q: Bernoulli) => {
  let t1 = p.probs.mul(softplus(q.logits.neg()).sub(softplus(p.logits.neg())));
  t1 = where(p.probs.eq(0), 0, where(q.probs.eq(0), Infinity, t1));
  let t2 = p.probs.neg().add(1).mul(softplus(q.logits).sub(softplus(p.logits)));
  t2 = where(p.probs.eq(1), 0, where(q.probs.eq(1), Infinity, t2));
  return t1.add(t2);
});

register_kl(Uniform, Uniform)((p: Uniform, q: Uniform) => {
  const result = q.high.sub(q.low).div(p.high.sub(p.low)).log();
  return where(q.low.gt(p.low).logical_or(q.high.lt(p.high)), Infinity, result);
});

register_kl(Uniform, Normal)((p: Uniform, q: Normal) => {
  const common = p.high.sub(p.low);
  const t1 = q.scale.mul(Math.sqrt(Math.PI * 2)).div(common).log();
  const t2 = common.pow(2).div(12);
  const t3 = p.high.add(p.low).sub(q.loc.mul(2)).div(2).pow(2);
  return t1.add(t2.add(t3).mul(0.5).div(q.scale.pow(2)));
});

register_kl(Normal, Uniform)((p: Normal) => full_like(p.loc, Infinity));

register_kl(Independent, Independent)((p: Independent, q: Independent) => {
  if (p.reinterpreted_batch_ndims !== q.reinterpreted_batch_ndims) throw new NotImplementedError("");
  return sumRightmost(kl_divergence(p.base_dist, q.base_dist), p.reinterpreted_batch_ndims);
});

register_kl(MultivariateNormal, MultivariateNormal)((p: MultivariateNormal, q: MultivariateNormal) => {
  if (p.event_shape[0] !== q.event_shape[0]) throw new ValueError("KL-divergence between two Multivariate Normals with different event shapes cannot be computed");
  const logDiag = (L: Tensor) => L.diagonal(0, -2, -1).log().sum(-1);
  const [pL, qL] = [p._unbroadcasted_scale_tril, q._unbroadcasted_scale_tril];
  const halfTerm1 = logDiag(qL).sub(logDiag(pL));
  const n = p.event_shape[0];
  const batch = broadcastShapes(qL.shape.slice(0, -2), pL.shape.slice(0, -2));
  const term2 = solve_triangular(qL.expand([...batch, n, n]), pL.expand([...batch, n, n]), { upper: false }).pow(2).sum([-2, -1]);
  const term3 = batchMahalanobis(qL, q.loc.sub(p.loc));
  return halfTerm1.add(term2.add(term3).sub(n).mul(0.5));
});

register_kl(Gumbel, Gumbel)((p: Gumbel, q: Gumbel) => {
  const ct1 = p.scale.div(q.scale), ct2 = q.loc.div(q.scale), ct3 = p.loc.div(q.scale);
  const t1 = ct1.log().neg().sub(ct2).add(ct3);
  const t2 = ct1.mul(EULER_GAMMA);
  const t3 = ct2.add(ct1.add(1).lgamma()).sub(ct3).exp();
  return t1.add(t2).add(t3).sub(1 + EULER_GAMMA);
});

register_kl(Binomial, Binomial)((p: Binomial, q: Binomial) => {
  if (p.total_count.lt(q.total_count).any().item()) throw new NotImplementedError("KL between Binomials where q.total_count > p.total_count is not implemented");
  const kl = p.total_count.mul(p.probs.mul(p.logits.sub(q.logits)).add(p.probs.neg().log1p()).sub(q.probs.neg().log1p()));
  return where(p.total_count.gt(q.total_count), Infinity, kl);
});

register_kl(Exponential, Exponential)((p: Exponential, q: Exponential) => {
  const rateRatio = q.rate.div(p.rate);
  return rateRatio.log().neg().add(rateRatio).sub(1);
});

register_kl(Laplace, Laplace)((p: Laplace, q: Laplace) => {
  const scaleRatio = p.scale.div(q.scale);
  const locAbsDiff = p.loc.sub(q.loc).abs();
  const t3 = scaleRatio.mul(locAbsDiff.neg().div(p.scale).exp());
  return scaleRatio.log().neg().add(locAbsDiff.div(q.scale)).add(t3).sub(1);
});

register_kl(OneHotCategorical, OneHotCategorical)((p: OneHotCategorical, q: OneHotCategorical) => kl_divergence(p._categorical, q._categorical));

register_kl(Gamma, Gamma)((p: Gamma, q: Gamma) => {
  const t1 = q.concentration.mul(p.rate.div(q.rate).log());
  const t2 = lgamma(q.concentration).sub(lgamma(p.concentration));
  const t3 = p.concentration.sub(q.concentration).mul(digamma(p.concentration));
  const t4 = q.rate.sub(p.rate).mul(p.concentration.div(p.rate));
  return t1.add(t2).add(t3).add(t4);
});

register_kl(Beta, Beta)((p: Beta, q: Beta) => {
  const sumP = p.concentration1.add(p.concentration0), sumQ = q.concentration1.add(q.concentration0);
  const t1 = lgamma(q.concentration1).add(lgamma(q.concentration0)).add(lgamma(sumP));
  const t2 = lgamma(p.concentration1).add(lgamma(p.concentration0)).add(lgamma(sumQ));
  const t3 = p.concentration1.sub(q.concentration1).mul(digamma(p.concentration1));
  const t4 = p.concentration0.sub(q.concentration0).mul(digamma(p.concentration0));
  const t5 = sumQ.sub(sumP).mul(digamma(sumP));
  return t1.sub(t2).add(t3).add(t4).add(t5);
});

register_kl(Dirichlet, Dirichlet)((p: Dirichlet, q: Dirichlet) => {
  const sumP = p.concentration.sum(-1), sumQ = q.concentration.sum(-1);
  const t1 = lgamma(sumP).sub(lgamma(sumQ));
  const t2 = lgamma(p.concentration).sub(lgamma(q.concentration)).sum(-1);
  const t3 = p.concentration.sub(q.concentration);
  const t4 = digamma(p.concentration).sub(digamma(sumP).unsqueeze(-1));
  return t1.sub(t2).add(t3.mul(t4).sum(-1));
});

register_kl(Poisson, Poisson)((p: Poisson, q: Poisson) => p.rate.mul(p.rate.log().sub(q.rate.log())).sub(p.rate.sub(q.rate)));
