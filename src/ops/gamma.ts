// torch._standard_gamma: Gamma(alpha, 1) draws as PyTorch's CPU kernel makes them
// (Marsaglia and Tsang's method over the generator's double uniforms and normals,
// so the same seed gives the same samples), and their reparameterized gradient
// d sample / d alpha = -(d/dalpha cdf(x; alpha)) / pdf(x; alpha), by the three
// approximations PyTorch uses (a Taylor series for small x, Rice's saddle point for
// large alpha, a rational fit elsewhere). Both run on the host, in double.
import { bindArgs, type ArgsOf } from "../args.js";
import { no_grad } from "../autograd/grad_mode.js";
import { float32, float64, finfo, type DType } from "../dtype.js";
import { RuntimeError, TorchTypeError } from "../errors.js";
import { broadcastShapes } from "../shape.js";
import { empty } from "./creation.js";
import { defaultGenerator, type Generator } from "../random.js";
import { Tensor } from "../tensor.js";
import { digamma } from "./math.js";
import { needsGrad, record, type OpDef } from "./registry.js";

/** One Gamma(alpha, 1) draw (Marsaglia and Tsang 2000; alpha < 1 boosted by u^(1/alpha)). */
function sampleGamma(alpha: number, gen: Generator): number {
  let scale = 1;
  if (alpha < 1) {
    if (alpha === 0) return 0;
    scale *= Math.pow(1 - gen.uniform53(), 1 / alpha);
    alpha += 1;
  }
  // The kernel's float literals (1.0f / 3.0f, 0.0331f) are kept as floats, so the draws match to the bit.
  const d = alpha - Math.fround(1 / 3), c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, y: number;
    do {
      x = gen.normalDouble(0, 1);
      y = 1 + c * x;
    } while (y <= 0);
    const v = y * y * y, u = 1 - gen.uniform53(), xx = x * x;
    if (u < 1 - Math.fround(0.0331) * xx * xx) return scale * d * v;
    if (Math.log(u) < 0.5 * xx + d * (1 - v + Math.log(v))) return scale * d * v;
  }
}

// The rational fit's coefficients in u = log(x / alpha) (rows: u^0, u^1, u^2) and v = log(alpha).
const GRAD_COEF = [
  [0.16009398, -0.094634809, 0.025146376, -0.0030648343, 1, 0.32668115, 0.10406089, 0.0014179084],
  [0.53487893, 0.1298071, 0.065735949, -0.0015649758, 0.16639465, 0.020070113, -0.0035938915, -0.00058392623],
  [0.040121004, -0.0065914022, -0.0026286047, -0.0013441777, 0.017050642, -0.0021309326, 0.00085092367, -1.5247877e-7],
];

/** -(d/dalpha cdf(x; alpha)) / pdf(x; alpha) for one draw x of Gamma(alpha, 1); psi is digamma(alpha). */
function gammaGradOne(alpha: number, x: number, psi: number): number {
  if (x < 0.8) {
    // Taylor series of the incomplete gamma function and its derivative in alpha.
    let numer = 1, denom = alpha, series1 = numer / denom, series2 = numer / (denom * denom);
    for (let i = 1; i <= 5; i++) {
      numer *= -x / i;
      denom += 1;
      series1 += numer / denom;
      series2 += numer / (denom * denom);
    }
    const powXAlpha = Math.pow(x, alpha);
    const pdf = Math.pow(x, alpha - 1) * Math.exp(-x);
    const cdf = powXAlpha * series1;
    const cdfAlpha = (Math.log(x) - psi) * cdf - powXAlpha * series2;
    const result = -cdfAlpha / pdf;
    return Number.isNaN(result) ? 0 : result;
  }
  if (alpha > 8) {
    // Rice's saddle point expansion, with a polynomial near x = alpha where it is singular.
    if (0.9 * alpha <= x && x <= 1.1 * alpha) {
      const numer1 = 1 + 24 * alpha * (1 + 12 * alpha);
      const numer2 = 1440 * (alpha * alpha) + 6 * x * (53 - 120 * x) - (65 * x * x) / alpha + alpha * (107 + 3600 * x);
      return (numer1 * numer2) / (1244160 * (alpha * alpha) * (alpha * alpha));
    }
    const denom = Math.sqrt(8 * alpha);
    const term2 = denom / (alpha - x);
    const term3 = Math.pow(x - alpha - alpha * Math.log(x / alpha), -1.5);
    const term23 = x < alpha ? term2 - term3 : term2 + term3;
    const term1 = Math.log(x / alpha) * term23 - (Math.sqrt(2 / alpha) * (alpha + x)) / ((alpha - x) * (alpha - x));
    const stirling = 1 + (1 / (12 * alpha)) * (1 + 1 / (24 * alpha));
    return (-stirling * x * term1) / denom;
  }
  const u = Math.log(x / alpha), v = Math.log(alpha);
  const k = GRAD_COEF[0].map((c0, i) => c0 + u * (GRAD_COEF[1][i] + u * GRAD_COEF[2][i]));
  const p = k[0] + v * (k[1] + v * (k[2] + v * k[3]));
  const q = k[4] + v * (k[5] + v * (k[6] + v * k[7]));
  return Math.exp(p / q);
}

/** _standard_gamma_grad(alpha, x): the reparameterized gradient of each draw, in alpha's dtype. */
function standardGammaGrad(alpha: Tensor, x: Tensor): Tensor {
  const a = alpha.detach().to(float64).contiguous(), s = x.detach().to(float64).contiguous();
  const av = a._contiguousData(), sv = s._contiguousData(), psi = digamma(a)._contiguousData();
  const out = new Float64Array(av.length);
  for (let i = 0; i < av.length; i++) out[i] = gammaGradOne(av[i], sv[i], psi[i]);
  return Tensor._make(out, alpha.shape, float64).to(alpha.dtype).to(alpha.device);
}

const STANDARD_GAMMA: OpDef = { name: "_standard_gamma", node: "StandardGammaBackward0", backward: (g: Tensor, { self, result }) => [g.mul(standardGammaGrad(self, result))] };

/** torch._standard_gamma(alpha): one Gamma(alpha, 1) draw per element (at least the dtype's smallest normal). */
export function _standard_gamma(alpha: Tensor, gen: Generator = defaultGenerator): Tensor {
  if (!alpha.dtype.is_floating_point) throw new RuntimeError(`"gamma_cpu" not implemented for '${alpha.dtype.scalarName}'`);
  const av = alpha.detach().contiguous()._contiguousData();
  const round = alpha.dtype === float32 ? Math.fround : (v: number) => v;
  const tiny = finfo(alpha.dtype).tiny;
  const out = new Float64Array(av.length);
  for (let i = 0; i < av.length; i++) out[i] = Math.max(tiny, round(sampleGamma(av[i], gen)));
  const result = Tensor._make(out, alpha.shape, float64).to(alpha.dtype).to(alpha.device);
  if (needsGrad(alpha)) record(STANDARD_GAMMA, [alpha], result, { self: alpha.detach(), result: result.detach() });
  return result;
}

/**
 * torch._sample_dirichlet(alpha): Gamma(alpha_i, 1) draws in double (PyTorch's, from the same
 * seed), normalized along the last dim and kept inside [smallest normal, 1) of the dtype.
 */
export function _sample_dirichlet(alpha: Tensor, gen: Generator = defaultGenerator): Tensor {
  if (!alpha.dtype.is_floating_point) throw new RuntimeError(`"dirichlet" not implemented for '${alpha.dtype.scalarName}'`);
  const av = alpha.detach().contiguous()._contiguousData();
  const k = alpha.shape[alpha.dim() - 1];
  const draws = new Float64Array(av.length);
  for (let i = 0; i < av.length; i++) draws[i] = Math.max(2 ** -1022, sampleGamma(av[i], gen));
  const single = alpha.dtype === float32;
  const round = single ? Math.fround : (v: number) => v;
  const below1 = single ? 1 - 2 ** -24 : 1 - 2 ** -53;
  const tiny = finfo(alpha.dtype).tiny;
  const out = new Float64Array(av.length);
  for (let row = 0; row < av.length; row += k) {
    let sum = 0;
    for (let j = 0; j < k; j++) sum += draws[row + j];
    for (let j = 0; j < k; j++) out[row + j] = Math.min(below1, Math.max(tiny, round(draws[row + j] / sum)));
  }
  return Tensor._make(out, alpha.shape, float64).to(alpha.dtype).to(alpha.device);
}

// ---- the reparameterized gradient of a Beta draw, for Dirichlet's ----------------------

/** d x / d alpha for x near 0: a Taylor expansion (psi: digamma of alpha and of alpha + beta). */
function betaGradAlphaSmall(x: number, alpha: number, beta: number, psiAlpha: number, psiTotal: number): number {
  const factor = psiAlpha - psiTotal - Math.log(x);
  let numer = 1, series = (numer / alpha) * (factor + 1 / alpha);
  for (let i = 1; i <= 10; i++) {
    numer *= ((i - beta) * x) / i;
    const denom = alpha + i;
    series += (numer / denom) * (factor + 1 / denom);
  }
  const result = x * Math.pow(1 - x, -beta) * series;
  return Number.isNaN(result) ? 0 : result;
}

/** d x / d beta for x near 0: a Taylor expansion (psi: digamma of alpha + beta and of beta). */
function betaGradBetaSmall(x: number, alpha: number, beta: number, psiTotal: number, psiBeta: number): number {
  const factor = psiTotal - psiBeta;
  let numer = 1, betas = 1, dbetas = 0, series = factor / alpha;
  for (let i = 1; i <= 8; i++) {
    numer *= -x / i;
    dbetas = dbetas * (beta - i) + betas;
    betas *= beta - i;
    series += (numer / (alpha + i)) * (dbetas + factor * betas);
  }
  const result = -Math.pow(1 - x, 1 - beta) * series;
  return Number.isNaN(result) ? 0 : result;
}

/** d x / d alpha for large alpha and beta: Rice's saddle point expansion (a polynomial near the mean). */
function betaGradAlphaMid(x: number, alpha: number, beta: number): number {
  const total = alpha + beta, mean = alpha / total, std = Math.sqrt((alpha * beta) / (total + 1)) / total;
  if (mean - 0.1 * std <= x && x <= mean + 0.1 * std) {
    const b2 = beta * beta;
    const poly = 47 * x * b2 * b2 + alpha * ((43 + 20 * (16 + 27 * beta) * x) * b2 * beta + alpha * (3 * (59 + 180 * beta - 90 * x) * b2 + alpha * ((453 + 1620 * beta * (1 - x) - 455 * x) * beta + alpha * (8 * (1 - x) * (135 * beta - 11)))));
    const prefactorNum = ((1 + 12 * alpha) * (1 + 12 * beta)) / (total * total);
    const prefactorDen = 12960 * alpha * alpha * alpha * beta * beta * (1 + 12 * total);
    return ((prefactorNum / (1 - x)) * poly) / prefactorDen;
  }
  const prefactor = -x / Math.sqrt((2 * alpha * beta) / total);
  const stirling = ((1 + 1 / (12 * alpha) + 1 / (288 * alpha * alpha)) * (1 + 1 / (12 * beta) + 1 / (288 * beta * beta))) / (1 + 1 / (12 * total) + 1 / (288 * total * total));
  const term1Num = 2 * (alpha * alpha) * (x - 1) + alpha * beta * (x - 1) - x * (beta * beta);
  const axbx = alpha * (x - 1) + beta * x;
  const term1 = term1Num / (Math.sqrt((2 * alpha) / beta) * Math.pow(total, 1.5) * axbx * axbx);
  const term2 = 0.5 * Math.log(alpha / (total * x));
  const term3 = Math.sqrt((8 * alpha * beta) / total) / (beta * x + alpha * (x - 1));
  const term4 = Math.pow(beta * Math.log(beta / (total * (1 - x))) + alpha * Math.log(alpha / (total * x)), -1.5);
  return stirling * prefactor * (term1 + term2 * (term3 + (x < mean ? term4 : -term4)));
}

// The rational correction's coefficients: [numerator, denominator][u power][a power][b power].
const DIRICHLET_COEF = [
  [
    [[1.003668233, -0.01061107488, -0.0657888334, 0.01201642863], [0.6336835991, -0.3557432599, 0.05486251648, -0.001465281033], [-0.03276231906, 0.004474107445, 0.002429354597, -0.0001557569013]],
    [[0.221950385, -0.3187676331, 0.01799915743, 0.01074823814], [-0.2951249643, 0.06219954479, 0.01535556598, 0.001550077057], [0.02155310298, 0.004170831599, 0.001292462449, 6.976601077e-5]],
    [[-0.05980841433, 0.008441916499, 0.01085618172, 0.002319392565], [0.02911413504, 0.01400243777, -0.002721828457, 0.000751041181], [0.005900514878, -0.001936558688, -9.495446725e-6, 5.385558597e-5]],
  ],
  [
    [[1, -0.02924021934, -0.04438342661, 0.007285809825], [0.6357567472, -0.3473456711, 0.05454656494, -0.002407477521], [-0.03301322327, 0.004845219414, 0.00231480583, -0.0002307248149]],
    [[0.5925320577, -0.1757678135, 0.01505928619, 0.000564515273], [0.1014815858, -0.06589186703, 0.01272886114, -0.0007316646956], [-0.007258481865, 0.001096195486, 0.0003934994223, -4.12701925e-5]],
    [[0.06469649321, -0.0236701437, 0.002902096474, -5.896963079e-5], [0.001925008108, -0.002869809258, 0.0008000589141, -6.063713228e-5], [-0.0003477407336, 6.959756487e-5, 1.097287507e-5, -1.650964693e-6]],
  ],
];

/**
 * -(d/dalpha cdf(x; alpha, beta)) / pdf(x; alpha, beta) / (1 - x) for a Beta draw x, with
 * beta = total - alpha (PyTorch's dirichlet_grad_one), given digamma of alpha and of total.
 */
function dirichletGradOne(x: number, alpha: number, total: number, psiAlpha: number, psiTotal: number): number {
  const beta = total - alpha, boundary = total * x * (1 - x);
  if (x <= 0.5 && boundary < 2.5) return betaGradAlphaSmall(x, alpha, beta, psiAlpha, psiTotal);
  if (x >= 0.5 && boundary < 0.75) return -betaGradBetaSmall(1 - x, beta, alpha, psiTotal, psiAlpha);
  if (alpha > 6 && beta > 6) return betaGradAlphaMid(x, alpha, beta);
  const u = Math.log(x), a = Math.log(alpha) - u, b = Math.log(total) - a;
  const powU = [1, u, u * u], powA = [1, a, a * a];
  let p = 0, q = 0;
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      const ua = powU[i] * powA[j], [cp, cq] = [DIRICHLET_COEF[0][i][j], DIRICHLET_COEF[1][i][j]];
      p += ua * (cp[0] + b * (cp[1] + b * (cp[2] + b * cp[3])));
      q += ua * (cq[0] + b * (cq[1] + b * (cq[2] + b * cq[3])));
    }
  }
  return (p / q) * ((x * (psiTotal - psiAlpha)) / beta);
}

/** torch._dirichlet_grad(x, alpha, total): dirichletGradOne per element, in alpha's dtype. */
export function _dirichlet_grad(x: Tensor, alpha: Tensor, total: Tensor): Tensor {
  const double = (t: Tensor) => t.detach().to(float64).contiguous();
  const [a, t] = [double(alpha), double(total)];
  const [xv, av, tv] = [double(x)._contiguousData(), a._contiguousData(), t._contiguousData()];
  const [psiA, psiT] = [digamma(a)._contiguousData(), digamma(t)._contiguousData()];
  const out = new Float64Array(xv.length);
  for (let i = 0; i < xv.length; i++) out[i] = dirichletGradOne(xv[i], av[i], tv[i], psiA[i], psiT[i]);
  return Tensor._make(out, x.shape, float64).to(x.dtype).to(x.device);
}

/** ln k! for an integer k >= 0 (the PTRS acceptance test's lgamma(k + 1)). */
function logFactorial(k: number): number {
  let s = 0;
  for (let i = 2; i <= k; i++) s += Math.log(i);
  return s;
}

/** One Poisson(lambda) draw as PyTorch's CPU kernel makes it: Hörmann's PTRS from 10 up, a product of uniforms below. */
function samplePoisson(lambda: number, gen: Generator): number {
  if (lambda >= 10) {
    const slam = Math.sqrt(lambda), loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const U = gen.uniform53() - 0.5, V = gen.uniform53();
      const us = 0.5 - Math.abs(U);
      const k = Math.floor(((2 * a) / us + b) * U + lambda + 0.43);
      if (us >= 0.07 && V <= vr) return k;
      if (k < 0 || (us < 0.013 && V > us)) continue;
      if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logFactorial(k)) return k;
    }
  }
  if (lambda === 0) return 0;
  const enlam = Math.exp(-lambda);
  let x = 0, prod = 1;
  for (;;) {
    prod *= gen.uniform53();
    if (prod > enlam) x += 1;
    else return x;
  }
}

/** torch.poisson(rates, generator=None): one Poisson draw per rate (PyTorch's from the same seed); no gradient. */
export function poisson(rates: Tensor, gen: Generator = defaultGenerator): Tensor {
  if (!rates.dtype.is_floating_point) throw new RuntimeError(`"poisson_cpu" not implemented for '${rates.dtype.scalarName}'`);
  const rv = rates.detach().contiguous()._contiguousData();
  const out = new Float64Array(rv.length);
  for (let i = 0; i < rv.length; i++) {
    if (!(rv[i] >= 0)) throw new RuntimeError("invalid Poisson rate, expected rate to be non-negative");
    out[i] = samplePoisson(rv[i], gen);
  }
  return Tensor._make(out, rates.shape, float64).to(rates.dtype).to(rates.device);
}

// torch.binomial: PyTorch's CPU sampler (aten's sample_binomial) over the generator's
// double uniforms: inversion of geometric waiting times below count * p = 10, Hormann's
// BTRS above; the arithmetic PyTorch does in the tensor's type (float32) is rounded so here.
const STIRLING_TAIL = [0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509, 0.0166446911898211, 0.0138761288230707, 0.0118967099458917, 0.010411265261972, 0.00925546218271273, 0.00833056343336287];
function stirlingTail(k: number): number {
  if (k <= 9) return STIRLING_TAIL[k];
  const kp1sq = (k + 1) * (k + 1);
  return (1 / 12 - (1 / 360 - 1 / 1260 / kp1sq) / kp1sq) / (k + 1);
}
function binomialInversion(count: number, prob: number, gen: Generator): number {
  let geomSum = 0, numGeom = 0;
  const logprob = Math.log1p(-prob);
  for (;;) {
    const geom = Math.ceil(Math.log(gen.uniform53()) / logprob);
    geomSum += geom;
    if (geomSum > count) return numGeom;
    numGeom += 1;
  }
}
function btrs(count: number, prob: number, gen: Generator, f: (x: number) => number): number {
  const stddev = Math.sqrt(f(f(count * prob) * f(1 - prob)));
  const b = 1.15 + 2.53 * stddev;
  const a = -0.0873 + 0.0248 * b + 0.01 * prob;
  const c = f(count * prob) + 0.5;
  const vR = 0.92 - 4.2 / b;
  const r = f(prob / f(1 - prob));
  const alpha = (2.83 + 5.1 / b) * stddev;
  const m = Math.floor(f(f(count + 1) * prob));
  for (;;) {
    const U = gen.uniform53() - 0.5;
    let V = gen.uniform53();
    const us = 0.5 - Math.abs(U);
    const k = f(Math.floor(((2 * a) / us + b) * U + c));
    if (k < 0 || k > count) continue;
    if (us >= 0.07 && V <= vR) return k;
    V = Math.log((V * alpha) / (a / (us * us) + b));
    const upperbound = (m + 0.5) * Math.log((m + 1) / (r * (count - m + 1))) + f(count + 1) * Math.log((count - m + 1) / (count - k + 1)) +
      (k + 0.5) * Math.log((r * (count - k + 1)) / (k + 1)) + stirlingTail(m) + stirlingTail(count - m) - stirlingTail(k) - stirlingTail(count - k);
    if (V <= upperbound) return k;
  }
}
function sampleBinomial(count: number, prob: number, gen: Generator, f: (x: number) => number): number {
  if (count <= 0 || prob <= 0) return 0;
  if (prob >= 1) return count;
  if (prob <= 0.5) return f(count * prob) >= 10 ? btrs(count, prob, gen, f) : binomialInversion(count, prob, gen);
  if (prob > 0.5) {
    const q = f(1 - prob);
    return count - (f(count * q) >= 10 ? btrs(count, q, gen, f) : binomialInversion(count, q, gen));
  }
  return NaN;
}

/** torch.binomial(count, prob, generator=None): one Binomial(count, prob) draw per element (PyTorch's from the same seed); no gradient. */
export function binomial(count: Tensor, prob: Tensor, ...args: ArgsOf<["generator"]>): Tensor {
  const o = bindArgs("binomial", args, ["generator"]);
  const gen = (o.generator as Generator | undefined) ?? defaultGenerator;
  if (!count.dtype.is_floating_point) throw new RuntimeError(`"binomial_cpu" not implemented for '${count.dtype.scalarName}'`);
  const shape = broadcastShapes(count.shape, prob.shape);
  const cv = count.detach().expand(shape).contiguous()._contiguousData(), pv = prob.detach().to(count.dtype).expand(shape).contiguous()._contiguousData();
  const f = count.dtype === float32 ? Math.fround : (x: number) => x;
  const out = new Float64Array(cv.length);
  for (let i = 0; i < cv.length; i++) out[i] = sampleBinomial(cv[i], pv[i], gen, f);
  return Tensor._make(out, shape, float64).to(count.dtype).to(count.device);
}

// torch.normal's three tensor forms: the draws do not depend on mean and std
// differentiably, so their nodes (derivatives.yaml) pass zeros.
const zeroGrads = (g: Tensor, { meanShape, stdShape }: { meanShape: number[] | null; stdShape: number[] | null }) =>
  [meanShape && Tensor._full(meanShape, 0, g.dtype, g.device), stdShape && Tensor._full(stdShape, 0, g.dtype, g.device)];
const NORMAL_TENSOR_FLOAT: OpDef = { name: "normal", node: "NormalBackward1", backward: zeroGrads };
const NORMAL_FLOAT_TENSOR: OpDef = { name: "normal", node: "NormalBackward2", backward: (g, s) => [zeroGrads(g, s)[1]] };
const NORMAL_TENSOR_TENSOR: OpDef = { name: "normal", node: "NormalBackward3", backward: zeroGrads };

/**
 * torch.normal(mean, std, size?, *, generator): with a tensor for mean or std, standard
 * normals in the broadcast shape scaled and shifted as PyTorch's normal_out_impl does
 * (normal_(0, 1), then mul_(std), add_(mean)); with numbers for both, `size` draws.
 */
export function normal(mean: Tensor | number, std: Tensor | number = 1, ...args: unknown[]): Tensor {
  const o = bindArgs("normal", args, ["size"], ["generator", "dtype", "device", "requires_grad"]);
  const gen = o.generator as Generator | undefined;
  if (typeof std === "number" && std < 0) throw new RuntimeError(`normal expects std >= 0.0, but found std ${std}`);
  if (std instanceof Tensor && std.numel() > 0 && std.detach().lt(0).any().item()) throw new RuntimeError("normal expects all elements of std >= 0.0");
  if (!(mean instanceof Tensor) && !(std instanceof Tensor)) {
    if (o.size === undefined) throw new TorchTypeError("normal() received an invalid combination of arguments: (float, float) needs a size");
    const out = empty(o.size as number[], { dtype: o.dtype as DType | undefined, device: o.device as string | undefined }).normal_(mean, std, { generator: gen });
    return o.requires_grad ? out.requires_grad_() : out;
  }
  const like = (mean instanceof Tensor ? mean : std) as Tensor;
  const shape = mean instanceof Tensor && std instanceof Tensor ? broadcastShapes(mean.shape, std.shape) : like.shape;
  const out = no_grad(() => {
    const z = Tensor._full(shape, 0, like.dtype, like.device).normal_(0, typeof std === "number" && mean instanceof Tensor ? std : 1, { generator: gen });
    return (std instanceof Tensor ? z.mul_(std) : z).add_(mean);
  });
  const saved = { meanShape: mean instanceof Tensor ? mean.shape : null, stdShape: std instanceof Tensor ? std.shape : null };
  if (mean instanceof Tensor && std instanceof Tensor) { if (needsGrad(mean, std)) record(NORMAL_TENSOR_TENSOR, [mean, std], out, saved); }
  else if (mean instanceof Tensor) { if (needsGrad(mean)) record(NORMAL_TENSOR_FLOAT, [mean], out, saved); }
  else if (needsGrad(std as Tensor)) record(NORMAL_FLOAT_TENSOR, [std as Tensor], out, saved);
  return out;
}
