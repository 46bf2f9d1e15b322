// torch.distributions.kl_divergence(p, q) and register_kl: KL(p || q) by the pair of
// types, PyTorch 1.13's table (torch/distributions/kl.py) in its order, each formula in
// its operations. ContinuousBernoulli's pairs have no counterpart here (no such class), nor
// the ExponentialFamily pair's Bregman divergence (no such base class), but its error is kept.
import { NotImplementedError, TorchTypeError, ValueError } from "../errors.js";
import { solve_triangular } from "../ops/solve.js";
import { broadcastShapes } from "../shape.js";
import { full_like } from "../ops/creation.js";
import { where } from "../ops/elementwise.js";
import { erf } from "../ops/nn.js";
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
import { batchLowrankLogdet, batchLowrankMahalanobis, LowRankMultivariateNormal } from "./lowrank_multivariate_normal.js";
import { Normal } from "./normal.js";
import { Uniform } from "./uniform.js";
import { EULER_GAMMA, Gumbel, Pareto } from "./gumbel.js";
import { Binomial } from "./binomial.js";
import { Cauchy } from "./cauchy.js";
import { Geometric } from "./geometric.js";
import { HalfNormal } from "./half_normal.js";
import { TransformedDistribution } from "./transformed_distribution.js";
import { transformsEqual } from "./transforms.js";
import { warn } from "../warnings.js";
import { className } from "../names.js";

type DistributionClass = abstract new (...args: never[]) => Distribution;
type KL = (p: never, q: never) => Tensor;
/** The registered pairs in registration order (a pair registered again keeps its place, as in Python's dict). */
const registry: [DistributionClass, DistributionClass, KL][] = [];

/** register_kl(TypeP, TypeQ)(fn): fn(p, q) computes KL(p || q) for those types and their subclasses. */
export function register_kl(type_p: DistributionClass, type_q: DistributionClass): <F extends KL>(fn: F) => F {
  const isDistribution = (t: unknown) => typeof t === "function" && (t === Distribution || t.prototype instanceof Distribution);
  if (!isDistribution(type_p)) throw new TorchTypeError(`Expected type_p to be a Distribution subclass but got ${String(type_p)}`);
  if (!isDistribution(type_q)) throw new TorchTypeError(`Expected type_q to be a Distribution subclass but got ${String(type_q)}`);
  return (fn) => {
    const entry = registry.find(([P, Q]) => P === type_p && Q === type_q);
    if (entry) entry[2] = fn;
    else registry.push([type_p, type_q, fn]);
    return fn;
  };
}

const isSubclass = (x: DistributionClass, y: DistributionClass): boolean => x === y || x.prototype instanceof y;

/** PyTorch's _Match order: the first type more specific decides, then the second. */
function lessOrEqual(a: readonly DistributionClass[], b: readonly DistributionClass[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (!isSubclass(a[i], b[i])) return false;
    if (a[i] !== b[i]) break;
  }
  return true;
}

/** Python's min() under that partial order: the first of the least, replaced only by one strictly below. */
function most<T>(items: T[], types: (item: T) => DistributionClass[]): T {
  return items.reduce((best, item) => {
    const [x, y] = [types(item), types(best)];
    return lessOrEqual(x, y) && !(x[0] === y[0] && x[1] === y[1]) ? item : best;
  });
}

/** The most specific registered pair over p's and q's types (PyTorch's _dispatch_kl), with its warning where the orders disagree. */
function dispatch(P: DistributionClass, Q: DistributionClass): KL | null {
  const matches = registry.filter(([SP, SQ]) => isSubclass(P, SP) && isSubclass(Q, SQ));
  if (matches.length === 0) return null;
  const left = most(matches, ([SP, SQ]) => [SP, SQ]);
  const right = most(matches, ([SP, SQ]) => [SQ, SP]);
  if (left[2] !== right[2]) {
    warn(`Ambiguous kl_divergence(${P.name}, ${Q.name}). Please register_kl(${left[0].name}, ${right[1].name})`, "RuntimeWarning");
  }
  return left[2];
}

/** PyTorch's ExponentialFamily subclasses among these: a pair of them with no formula is that class's pair's error. */
const exponentialFamilies: DistributionClass[] = [Bernoulli, Beta, Dirichlet, Exponential, Gamma, Normal, Poisson];
const isExponentialFamily = (d: Distribution): boolean => exponentialFamilies.some((F) => d instanceof F);

export function kl_divergence(p: Distribution, q: Distribution): Tensor {
  const fn = dispatch(p.constructor as DistributionClass, q.constructor as DistributionClass);
  if (fn === null && isExponentialFamily(p) && isExponentialFamily(q)) {
    // The indentation is PyTorch's: its message continues a source line inside the string.
    throw new NotImplementedError(`The cross KL-divergence between different exponential families cannot${" ".repeat(29)}be computed using Bregman divergences`);
  }
  if (fn === null) throw new NotImplementedError(`No KL(p || q) is implemented for p type ${className(p)} and q type ${className(q)}`);
  return (fn as (p: Distribution, q: Distribution) => Tensor)(p, q);
}

const infiniteLike = (t: Tensor): Tensor => full_like(t, Infinity);
const xLogX = (t: Tensor): Tensor => t.mul(t.log());
/** The trace of X X^T over the last two dims. */
const batchTraceXXT = (m: Tensor): Tensor => m.reshape(-1, m.shape[m.dim() - 2] * m.shape[m.dim() - 1]).pow(2).sum(-1).reshape(m.shape.slice(0, -2));
const lowerBound = (d: Distribution): number | Tensor => (d.support as unknown as { lower_bound: number | Tensor }).lower_bound;
const upperBound = (d: Distribution): number | Tensor => (d.support as unknown as { upper_bound: number | Tensor }).upper_bound;
/** Python's `result[mask] = inf`. */
const infWhere = (mask: Tensor, result: Tensor): Tensor => where(mask, Infinity, result);

// ---- same distributions -------------------------------------------------------------------

register_kl(Bernoulli, Bernoulli)((p: Bernoulli, q: Bernoulli) => {
  let t1 = p.probs.mul(softplus(q.logits.neg()).sub(softplus(p.logits.neg())));
  t1 = where(p.probs.eq(0), 0, where(q.probs.eq(0), Infinity, t1));
  let t2 = p.probs.neg().add(1).mul(softplus(q.logits).sub(softplus(p.logits)));
  t2 = where(p.probs.eq(1), 0, where(q.probs.eq(1), Infinity, t2));
  return t1.add(t2);
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

register_kl(Binomial, Binomial)((p: Binomial, q: Binomial) => {
  if (p.total_count.lt(q.total_count).any().item()) throw new NotImplementedError("KL between Binomials where q.total_count > p.total_count is not implemented");
  const kl = p.total_count.mul(p.probs.mul(p.logits.sub(q.logits)).add(p.probs.neg().log1p()).sub(q.probs.neg().log1p()));
  return where(p.total_count.gt(q.total_count), Infinity, kl);
});

register_kl(Categorical, Categorical)((p: Categorical, q: Categorical) => {
  let t = p.probs.mul(p.logits.sub(q.logits));
  t = where(q.probs.eq(0).expand_as(t), Infinity, t);
  t = where(p.probs.eq(0).expand_as(t), 0, t);
  return t.sum(-1);
});

register_kl(Dirichlet, Dirichlet)((p: Dirichlet, q: Dirichlet) => {
  const sumP = p.concentration.sum(-1), sumQ = q.concentration.sum(-1);
  const t1 = lgamma(sumP).sub(lgamma(sumQ));
  const t2 = lgamma(p.concentration).sub(lgamma(q.concentration)).sum(-1);
  const t3 = p.concentration.sub(q.concentration);
  const t4 = digamma(p.concentration).sub(digamma(sumP).unsqueeze(-1));
  return t1.sub(t2).add(t3.mul(t4).sum(-1));
});

register_kl(Exponential, Exponential)((p: Exponential, q: Exponential) => {
  const rateRatio = q.rate.div(p.rate);
  return rateRatio.log().neg().add(rateRatio).sub(1);
});

register_kl(Gamma, Gamma)((p: Gamma, q: Gamma) => {
  const t1 = q.concentration.mul(p.rate.div(q.rate).log());
  const t2 = lgamma(q.concentration).sub(lgamma(p.concentration));
  const t3 = p.concentration.sub(q.concentration).mul(digamma(p.concentration));
  const t4 = q.rate.sub(p.rate).mul(p.concentration.div(p.rate));
  return t1.add(t2).add(t3).add(t4);
});

register_kl(Gumbel, Gumbel)((p: Gumbel, q: Gumbel) => {
  const ct1 = p.scale.div(q.scale), ct2 = q.loc.div(q.scale), ct3 = p.loc.div(q.scale);
  const t1 = ct1.log().neg().sub(ct2).add(ct3);
  const t2 = ct1.mul(EULER_GAMMA);
  const t3 = ct2.add(ct1.add(1).lgamma()).sub(ct3).exp();
  return t1.add(t2).add(t3).sub(1 + EULER_GAMMA);
});

register_kl(Geometric, Geometric)((p: Geometric, q: Geometric) => p.entropy().neg().sub(q.probs.neg().log1p().div(p.probs)).sub(q.logits));

register_kl(HalfNormal, HalfNormal)((p: HalfNormal, q: HalfNormal) => klNormalNormal(p.base_dist as Normal, q.base_dist as Normal));

register_kl(Laplace, Laplace)((p: Laplace, q: Laplace) => {
  const scaleRatio = p.scale.div(q.scale);
  const locAbsDiff = p.loc.sub(q.loc).abs();
  const t3 = scaleRatio.mul(locAbsDiff.neg().div(p.scale).exp());
  return scaleRatio.log().neg().add(locAbsDiff.div(q.scale)).add(t3).sub(1);
});

/** The shared event size of two (low-rank) multivariate normals, or PyTorch's error (its indentation included, as above). */
function eventSize(p: Distribution, q: Distribution, what: string): number {
  if (p.event_shape[0] !== q.event_shape[0]) throw new ValueError(`KL-divergence between two ${what} with${" ".repeat(26)}different event shapes cannot be computed`);
  return p.event_shape[0];
}

/** inv(qD) - A^T A = inv(q's covariance), with A = L^-1 qW^T qD^-1 (the Woodbury terms of the low-rank pairs). */
function woodburyFactor(q: LowRankMultivariateNormal): Tensor {
  const qWtqDinv = q._unbroadcasted_cov_factor.transpose(-2, -1).div(q._unbroadcasted_cov_diag.unsqueeze(-2));
  return solve_triangular(q._capacitance_tril, qWtqDinv, { upper: false });
}

const lowrankLogdet = (d: LowRankMultivariateNormal): Tensor => batchLowrankLogdet(d._unbroadcasted_cov_diag, d._capacitance_tril);
const lowrankMahalanobis = (q: LowRankMultivariateNormal, x: Tensor): Tensor => batchLowrankMahalanobis(q._unbroadcasted_cov_factor, q._unbroadcasted_cov_diag, x, q._capacitance_tril);
const logDiagSum = (L: Tensor): Tensor => L.diagonal(0, -2, -1).log().sum(-1);

register_kl(LowRankMultivariateNormal, LowRankMultivariateNormal)((p: LowRankMultivariateNormal, q: LowRankMultivariateNormal) => {
  const n = eventSize(p, q, "Low Rank Multivariate Normals");
  const term1 = lowrankLogdet(q).sub(lowrankLogdet(p));
  const term3 = lowrankMahalanobis(q, q.loc.sub(p.loc));
  const A = woodburyFactor(q);
  const term21 = p._unbroadcasted_cov_diag.div(q._unbroadcasted_cov_diag).sum(-1);
  const term22 = batchTraceXXT(p._unbroadcasted_cov_factor.mul(q._unbroadcasted_cov_diag.rsqrt().unsqueeze(-1)));
  const term23 = batchTraceXXT(A.mul(p._unbroadcasted_cov_diag.sqrt().unsqueeze(-2)));
  const term24 = batchTraceXXT(A.matmul(p._unbroadcasted_cov_factor));
  const term2 = term21.add(term22).sub(term23).sub(term24);
  return term1.add(term2).add(term3).sub(n).mul(0.5);
});

register_kl(MultivariateNormal, LowRankMultivariateNormal)((p: MultivariateNormal, q: LowRankMultivariateNormal) => {
  const n = eventSize(p, q, "(Low Rank) Multivariate Normals");
  const term1 = lowrankLogdet(q).sub(logDiagSum(p._unbroadcasted_scale_tril).mul(2));
  const term3 = lowrankMahalanobis(q, q.loc.sub(p.loc));
  const A = woodburyFactor(q);
  const term21 = batchTraceXXT(p._unbroadcasted_scale_tril.mul(q._unbroadcasted_cov_diag.rsqrt().unsqueeze(-1)));
  const term22 = batchTraceXXT(A.matmul(p._unbroadcasted_scale_tril));
  return term1.add(term21.sub(term22)).add(term3).sub(n).mul(0.5);
});

register_kl(LowRankMultivariateNormal, MultivariateNormal)((p: LowRankMultivariateNormal, q: MultivariateNormal) => {
  const n = eventSize(p, q, "(Low Rank) Multivariate Normals");
  const term1 = logDiagSum(q._unbroadcasted_scale_tril).mul(2).sub(lowrankLogdet(p));
  const term3 = batchMahalanobis(q._unbroadcasted_scale_tril, q.loc.sub(p.loc));
  const batch = broadcastShapes(q._unbroadcasted_scale_tril.shape.slice(0, -2), p._unbroadcasted_cov_factor.shape.slice(0, -2));
  const qL = q._unbroadcasted_scale_tril.expand([...batch, n, n]);
  const pW = p._unbroadcasted_cov_factor.expand([...batch, n, p.cov_factor.shape[p.cov_factor.dim() - 1]]);
  const pD = p._unbroadcasted_cov_diag.sqrt().diag_embed().expand([...batch, n, n]);
  const term21 = batchTraceXXT(solve_triangular(qL, pW, { upper: false }));
  const term22 = batchTraceXXT(solve_triangular(qL, pD, { upper: false }));
  return term1.add(term21.add(term22)).add(term3).sub(n).mul(0.5);
});

register_kl(MultivariateNormal, MultivariateNormal)((p: MultivariateNormal, q: MultivariateNormal) => {
  const n = eventSize(p, q, "Multivariate Normals");
  const [pL, qL] = [p._unbroadcasted_scale_tril, q._unbroadcasted_scale_tril];
  const halfTerm1 = logDiagSum(qL).sub(logDiagSum(pL));
  const batch = broadcastShapes(qL.shape.slice(0, -2), pL.shape.slice(0, -2));
  const term2 = batchTraceXXT(solve_triangular(qL.expand([...batch, n, n]), pL.expand([...batch, n, n]), { upper: false }));
  const term3 = batchMahalanobis(qL, q.loc.sub(p.loc));
  return halfTerm1.add(term2.add(term3).sub(n).mul(0.5));
});

function klNormalNormal(p: Normal, q: Normal): Tensor {
  const varRatio = p.scale.div(q.scale).pow(2);
  const t1 = p.loc.sub(q.loc).div(q.scale).pow(2);
  return varRatio.add(t1).sub(1).sub(varRatio.log()).mul(0.5);
}
register_kl(Normal, Normal)(klNormalNormal);

register_kl(OneHotCategorical, OneHotCategorical)((p: OneHotCategorical, q: OneHotCategorical) => kl_divergence(p._categorical, q._categorical));

register_kl(Pareto, Pareto)((p: Pareto, q: Pareto) => {
  const scaleRatio = p.scale.div(q.scale);
  const alphaRatio = q.alpha.div(p.alpha);
  const t1 = q.alpha.mul(scaleRatio.log());
  const t2 = alphaRatio.log().neg();
  return infWhere(p.scale.lt(lowerBound(q)), t1.add(t2).add(alphaRatio).sub(1));
});

register_kl(Poisson, Poisson)((p: Poisson, q: Poisson) => p.rate.mul(p.rate.log().sub(q.rate.log())).sub(p.rate.sub(q.rate)));

register_kl(TransformedDistribution, TransformedDistribution)((p: TransformedDistribution, q: TransformedDistribution) => {
  if (!transformsEqual(p.transforms, q.transforms)) throw new NotImplementedError("");
  if (p.event_shape.join() !== q.event_shape.join()) throw new NotImplementedError("");
  return kl_divergence(p.base_dist, q.base_dist);
});

register_kl(Uniform, Uniform)((p: Uniform, q: Uniform) => {
  const result = q.high.sub(q.low).div(p.high.sub(p.low)).log();
  return infWhere(q.low.gt(p.low).logical_or(q.high.lt(p.high)), result);
});

// ---- different distributions ----------------------------------------------------------------

register_kl(Bernoulli, Poisson)((p: Bernoulli, q: Poisson) => p.entropy().neg().sub(p.probs.mul(q.rate.log()).sub(q.rate)));

register_kl(Beta, Pareto)((p: Beta) => infiniteLike(p.concentration1));

register_kl(Beta, Exponential)((p: Beta, q: Exponential) =>
  p.entropy().neg().sub(q.rate.log()).add(q.rate.mul(p.concentration1.div(p.concentration1.add(p.concentration0)))),
);

register_kl(Beta, Gamma)((p: Beta, q: Gamma) => {
  const total = p.concentration1.add(p.concentration0);
  const t1 = p.entropy().neg();
  const t2 = q.concentration.lgamma().sub(q.concentration.mul(q.rate.log()));
  const t3 = q.concentration.sub(1).mul(p.concentration1.digamma().sub(total.digamma()));
  const t4 = q.rate.mul(p.concentration1).div(total);
  return t1.add(t2).sub(t3).add(t4);
});

register_kl(Beta, Normal)((p: Beta, q: Normal) => {
  const total = p.concentration1.add(p.concentration0);
  const eBeta = p.concentration1.div(total);
  const varNormal = q.scale.pow(2);
  const t1 = p.entropy().neg();
  const t2 = varNormal.mul(2).mul(Math.PI).log().mul(0.5);
  const t3 = eBeta.mul(eBeta.neg().add(1)).div(total.add(1)).add(eBeta.pow(2)).mul(0.5);
  const t4 = q.loc.mul(eBeta);
  const t5 = q.loc.pow(2).mul(0.5);
  return t1.add(t2).add(t3.sub(t4).add(t5).div(varNormal));
});

register_kl(Beta, Uniform)((p: Beta, q: Uniform) => {
  const result = p.entropy().neg().add(q.high.sub(q.low).log());
  return infWhere(q.low.gt(lowerBound(p)).logical_or(q.high.lt(upperBound(p))), result);
});

for (const Q of [Beta, Pareto, Uniform]) register_kl(Exponential, Q)((p: Exponential) => infiniteLike(p.rate));

register_kl(Exponential, Gamma)((p: Exponential, q: Gamma) => {
  const ratio = q.rate.div(p.rate);
  const t1 = q.concentration.neg().mul(ratio.log());
  return t1.add(ratio).add(q.concentration.lgamma()).add(q.concentration.mul(EULER_GAMMA)).sub(1 + EULER_GAMMA);
});

register_kl(Exponential, Gumbel)((p: Exponential, q: Gumbel) => {
  const scaleRateProd = p.rate.mul(q.scale);
  const locScaleRatio = q.loc.div(q.scale);
  const t1 = scaleRateProd.log().sub(1);
  const t2 = locScaleRatio.exp().mul(scaleRateProd).div(scaleRateProd.add(1));
  const t3 = scaleRateProd.reciprocal();
  return t1.sub(locScaleRatio).add(t2).add(t3);
});

register_kl(Exponential, Normal)((p: Exponential, q: Normal) => {
  const varNormal = q.scale.pow(2);
  const rateSqr = p.rate.pow(2);
  const t1 = rateSqr.mul(varNormal).mul(2).mul(Math.PI).log().mul(0.5);
  const t2 = rateSqr.reciprocal();
  const t3 = q.loc.div(p.rate);
  const t4 = q.loc.pow(2).mul(0.5);
  return t1.sub(1).add(t2.sub(t3).add(t4).div(varNormal));
});

for (const Q of [Beta, Pareto, Uniform]) register_kl(Gamma, Q)((p: Gamma) => infiniteLike(p.concentration));

register_kl(Gamma, Exponential)((p: Gamma, q: Exponential) => p.entropy().neg().sub(q.rate.log()).add(q.rate.mul(p.concentration).div(p.rate)));

register_kl(Gamma, Gumbel)((p: Gamma, q: Gumbel) => {
  const betaScaleProd = p.rate.mul(q.scale);
  const locScaleRatio = q.loc.div(q.scale);
  const t1 = p.concentration.sub(1).mul(p.concentration.digamma()).sub(p.concentration.lgamma()).sub(p.concentration);
  const t2 = betaScaleProd.log().add(p.concentration.div(betaScaleProd));
  const t3 = locScaleRatio.exp().mul(betaScaleProd.reciprocal().add(1).pow(p.concentration.neg())).sub(locScaleRatio);
  return t1.add(t2).add(t3);
});

register_kl(Gamma, Normal)((p: Gamma, q: Normal) => {
  const varNormal = q.scale.pow(2);
  const betaSqr = p.rate.pow(2);
  const t1 = betaSqr.mul(varNormal).mul(2).mul(Math.PI).log().mul(0.5).sub(p.concentration).sub(p.concentration.lgamma());
  const t2 = p.concentration.pow(2).add(p.concentration).mul(0.5).div(betaSqr);
  const t3 = q.loc.mul(p.concentration).div(p.rate);
  const t4 = q.loc.pow(2).mul(0.5);
  return t1.add(p.concentration.sub(1).mul(p.concentration.digamma())).add(t2.sub(t3).add(t4).div(varNormal));
});

for (const Q of [Beta, Exponential, Gamma, Pareto, Uniform]) register_kl(Gumbel, Q)((p: Gumbel) => infiniteLike(p.loc));

register_kl(Gumbel, Normal)((p: Gumbel, q: Normal) => {
  const paramRatio = p.scale.div(q.scale);
  const t1 = paramRatio.div(Math.sqrt(2 * Math.PI)).log();
  const t2 = paramRatio.mul(Math.PI).mul(0.5).pow(2).div(3);
  const t3 = p.loc.add(p.scale.mul(EULER_GAMMA)).sub(q.loc).div(q.scale).pow(2).mul(0.5);
  return t1.neg().add(t2).add(t3).sub(EULER_GAMMA + 1);
});

for (const Q of [Beta, Exponential, Gamma, Pareto, Uniform]) register_kl(Laplace, Q)((p: Laplace) => infiniteLike(p.loc));

register_kl(Laplace, Normal)((p: Laplace, q: Normal) => {
  const varNormal = q.scale.pow(2);
  const scaleSqrVarRatio = p.scale.pow(2).div(varNormal);
  const t1 = scaleSqrVarRatio.mul(2).div(Math.PI).log().mul(0.5);
  const t2 = p.loc.pow(2).mul(0.5);
  const t3 = p.loc.mul(q.loc);
  const t4 = q.loc.pow(2).mul(0.5);
  return t1.neg().add(scaleSqrVarRatio).add(t2.sub(t3).add(t4).div(varNormal)).sub(1);
});

for (const Q of [Beta, Exponential, Gamma, Pareto, Uniform]) register_kl(Normal, Q)((p: Normal) => infiniteLike(p.loc));

register_kl(Normal, Gumbel)((p: Normal, q: Gumbel) => {
  const meanScaleRatio = p.loc.div(q.scale);
  const varScaleSqrRatio = p.scale.div(q.scale).pow(2);
  const locScaleRatio = q.loc.div(q.scale);
  const t1 = varScaleSqrRatio.log().mul(0.5);
  const t2 = meanScaleRatio.sub(locScaleRatio);
  const t3 = meanScaleRatio.neg().add(varScaleSqrRatio.mul(0.5)).add(locScaleRatio).exp();
  return t1.neg().add(t2).add(t3).sub(0.5 * (1 + Math.log(2 * Math.PI)));
});

register_kl(Normal, Laplace)((p: Normal, q: Laplace) => {
  const locDiff = p.loc.sub(q.loc);
  const scaleRatio = p.scale.div(q.scale);
  const locDiffScaleRatio = locDiff.div(p.scale);
  const t1 = scaleRatio.log();
  const t2 = p.scale.mul(Math.sqrt(2 / Math.PI)).mul(locDiffScaleRatio.pow(2).mul(-0.5).exp());
  const t3 = locDiff.mul(erf(locDiffScaleRatio.mul(Math.sqrt(0.5))));
  return t1.neg().add(t2.add(t3).div(q.scale)).sub(0.5 * (1 + Math.log(0.5 * Math.PI)));
});

for (const Q of [Beta, Uniform]) register_kl(Pareto, Q)((p: Pareto) => infiniteLike(p.scale));

register_kl(Pareto, Exponential)((p: Pareto, q: Exponential) => {
  const scaleRateProd = p.scale.mul(q.rate);
  const t1 = p.alpha.div(scaleRateProd).log();
  const t2 = p.alpha.reciprocal();
  const t3 = p.alpha.mul(scaleRateProd).div(p.alpha.sub(1));
  return infWhere(p.alpha.le(1), t1.sub(t2).add(t3).sub(1));
});

register_kl(Pareto, Gamma)((p: Pareto, q: Gamma) => {
  const commonTerm = p.scale.log().add(p.alpha.reciprocal());
  const t1 = p.alpha.log().sub(commonTerm);
  const t2 = q.concentration.lgamma().sub(q.concentration.mul(q.rate.log()));
  const t3 = q.concentration.neg().add(1).mul(commonTerm);
  const t4 = q.rate.mul(p.alpha).mul(p.scale).div(p.alpha.sub(1));
  return infWhere(p.alpha.le(1), t1.add(t2).add(t3).add(t4).sub(1));
});

register_kl(Pareto, Normal)((p: Pareto, q: Normal) => {
  const varNormal = q.scale.pow(2).mul(2);
  const commonTerm = p.scale.div(p.alpha.sub(1));
  const t1 = q.scale.mul(Math.sqrt(2 * Math.PI)).mul(p.alpha).div(p.scale).log();
  const t2 = p.alpha.reciprocal();
  const t3 = p.alpha.mul(commonTerm.pow(2)).div(p.alpha.sub(2));
  const t4 = p.alpha.mul(commonTerm).sub(q.loc).pow(2);
  return infWhere(p.alpha.le(2), t1.sub(t2).add(t3.add(t4).div(varNormal)).sub(1));
});

for (const Q of [Bernoulli, Binomial]) register_kl(Poisson, Q)((p: Poisson) => infiniteLike(p.rate));

register_kl(Uniform, Beta)((p: Uniform, q: Beta) => {
  const commonTerm = p.high.sub(p.low);
  const t1 = commonTerm.log();
  const t2 = q.concentration1.sub(1).mul(xLogX(p.high).sub(xLogX(p.low)).sub(commonTerm)).div(commonTerm);
  const t3 = q.concentration0.sub(1).mul(xLogX(p.high.neg().add(1)).sub(xLogX(p.low.neg().add(1))).add(commonTerm)).div(commonTerm);
  const t4 = q.concentration1.lgamma().add(q.concentration0.lgamma()).sub(q.concentration1.add(q.concentration0).lgamma());
  return infWhere(p.high.gt(upperBound(q)).logical_or(p.low.lt(lowerBound(q))), t3.add(t4).sub(t1).sub(t2));
});

register_kl(Uniform, Exponential)((p: Uniform, q: Exponential) => {
  const result = q.rate.mul(p.high.add(p.low)).div(2).sub(p.high.sub(p.low).mul(q.rate).log());
  return infWhere(p.low.lt(lowerBound(q)), result);
});

register_kl(Uniform, Gamma)((p: Uniform, q: Gamma) => {
  const commonTerm = p.high.sub(p.low);
  const t1 = commonTerm.log();
  const t2 = q.concentration.lgamma().sub(q.concentration.mul(q.rate.log()));
  const t3 = q.concentration.neg().add(1).mul(xLogX(p.high).sub(xLogX(p.low)).sub(commonTerm)).div(commonTerm);
  const t4 = q.rate.mul(p.high.add(p.low)).div(2);
  return infWhere(p.low.lt(lowerBound(q)), t1.neg().add(t2).add(t3).add(t4));
});

register_kl(Uniform, Gumbel)((p: Uniform, q: Gumbel) => {
  const commonTerm = q.scale.div(p.high.sub(p.low));
  const highLocDiff = p.high.sub(q.loc).div(q.scale);
  const lowLocDiff = p.low.sub(q.loc).div(q.scale);
  const t1 = commonTerm.log().add(highLocDiff.add(lowLocDiff).mul(0.5));
  const t2 = commonTerm.mul(highLocDiff.neg().exp().sub(lowLocDiff.neg().exp()));
  return t1.sub(t2);
});

register_kl(Uniform, Normal)((p: Uniform, q: Normal) => {
  const commonTerm = p.high.sub(p.low);
  const t1 = q.scale.mul(Math.sqrt(Math.PI * 2)).div(commonTerm).log();
  const t2 = commonTerm.pow(2).div(12);
  const t3 = p.high.add(p.low).sub(q.loc.mul(2)).div(2).pow(2);
  return t1.add(t2.add(t3).mul(0.5).div(q.scale.pow(2)));
});

register_kl(Uniform, Pareto)((p: Uniform, q: Pareto) => {
  const supportUniform = p.high.sub(p.low);
  const t1 = q.alpha.mul(q.scale.pow(q.alpha)).mul(supportUniform).log();
  const t2 = xLogX(p.high).sub(xLogX(p.low)).sub(supportUniform).div(supportUniform);
  return infWhere(p.low.lt(lowerBound(q)), t2.mul(q.alpha.add(1)).sub(t1));
});

register_kl(Independent, Independent)((p: Independent, q: Independent) => {
  if (p.reinterpreted_batch_ndims !== q.reinterpreted_batch_ndims) throw new NotImplementedError("");
  return sumRightmost(kl_divergence(p.base_dist, q.base_dist), p.reinterpreted_batch_ndims);
});

register_kl(Cauchy, Cauchy)((p: Cauchy, q: Cauchy) => {
  const t1 = p.scale.add(q.scale).pow(2).add(p.loc.sub(q.loc).pow(2)).log();
  const t2 = p.scale.mul(4).mul(q.scale).log();
  return t1.sub(t2);
});
