// torch._standard_gamma: Gamma(alpha, 1) draws as PyTorch's CPU kernel makes them
// (Marsaglia and Tsang's method over the generator's double uniforms and normals,
// so the same seed gives the same samples), and their reparameterized gradient
// d sample / d alpha = -(d/dalpha cdf(x; alpha)) / pdf(x; alpha), by the three
// approximations PyTorch uses (a Taylor series for small x, Rice's saddle point for
// large alpha, a rational fit elsewhere). Both run on the host, in double.
import { float32, float64, finfo } from "../dtype.js";
import { RuntimeError } from "../errors.js";
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
