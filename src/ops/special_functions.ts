// erfc, erfcx, log_ndtr and the modified Bessel functions i0, i0e, i1, i1e, in tensor
// ops (so on any device) with Cephes' rational and Chebyshev approximations, the ones
// PyTorch's kernels use; on the CPU float32 is computed in double and rounded once
// (inDouble, as lgamma). Each is one node with derivatives.yaml's gradient.
import { no_grad } from "../autograd/grad_mode.js";
import { where } from "./elementwise.js";
import { floatOf, inDouble } from "./math.js";
import * as P from "./nn.js";
import { composite, type OpDef } from "./registry.js";
import type { Tensor } from "../tensor.js";

type T = Tensor;
const TWO_OVER_SQRT_PI = 1.1283791670955125738961589031215452;

/** Σ c_i x^(n-i), Horner's rule (Cephes' polevl; p1evl with a leading 1). */
function polevl(x: T, coefficients: readonly number[], leadingOne = false): T {
  let acc = leadingOne ? x.add(coefficients[0]) : x.mul(0).add(coefficients[0]);
  for (const c of coefficients.slice(1)) acc = acc.mul(x).add(c);
  return acc;
}
/** Cephes' chbevl: the Chebyshev series Σ' c_i T_i(x / 2) by Clenshaw's recurrence. */
function chbevl(x: T, coefficients: readonly number[]): T {
  let b0 = x.mul(0).add(coefficients[0]), b1 = x.mul(0), b2 = b1;
  for (const c of coefficients.slice(1)) {
    b2 = b1;
    b1 = b0;
    b0 = x.mul(b1).sub(b2).add(c);
  }
  return b0.sub(b2).mul(0.5);
}

// ---- erfc -------------------------------------------------------------------------

const ERFC_P = [2.46196981473530512524e-10, 5.64189564831068821977e-1, 7.46321056442269912687e0, 4.86371970985681366614e1, 1.96520832956077098242e2, 5.26445194995477358631e2, 9.34528527171957607540e2, 1.02755188689515710272e3, 5.57535335369399327526e2];
const ERFC_Q = [1.32281951154744992508e1, 8.67072140885989742329e1, 3.54937778887819891062e2, 9.75708501743205489753e2, 1.82390916687909736289e3, 2.24633760818710981792e3, 1.65666309194161350182e3, 5.57535340817727675546e2];
const ERFC_R = [5.64189583547755073984e-1, 1.27536670759978104416e0, 5.01905042251180477414e0, 6.16021097993053585195e0, 7.40974269950448939160e0, 2.97886665372100240670e0];
const ERFC_S = [2.26052863220117276590e0, 9.39603524938001434673e0, 1.20489539808096656605e1, 1.70814450747565897222e1, 9.60896809063285878198e0, 3.36907645100081516050e0];

/** exp(x^2) erfc(x) for x >= 1 (Cephes' erfce): the rational part of erfc without its Gaussian. */
function erfce(x: T): T {
  const small = x.lt(8);
  const near = polevl(x, ERFC_P).div(polevl(x, ERFC_Q, true));
  const far = polevl(x, ERFC_R).div(polevl(x, ERFC_S, true));
  return where(small, near, far);
}
function erfcForward(x: T): T {
  const a = x.abs();
  const big = a.ge(1);
  const safe = where(big, a, 1);
  const tail = safe.mul(safe).neg().exp().mul(erfce(safe));
  const positive = where(big, tail, P.erf(a).rsub(1));
  return where(x.lt(0), positive.rsub(2), positive);
}
function erfcxForward(x: T): T {
  const a = x.abs();
  const big = a.ge(1);
  const scaledTail = erfce(where(big, a, 1));
  const inner = x.mul(x).exp().mul(P.erf(a).rsub(1));
  const positive = where(big, scaledTail, inner);
  // erfcx(-a) = 2 exp(a^2) - erfcx(a).
  return where(x.lt(0), x.mul(x).exp().mul(2).sub(positive), positive);
}

const ERFC: OpDef = { name: "erfc", node: "ErfcBackward0", backward: (g: T, { self }) => [g.mul(self.mul(self).neg().exp().mul(-TWO_OVER_SQRT_PI))] };
const ERFCX: OpDef = {
  name: "special_erfcx",
  node: "SpecialErfcxBackward0",
  backward: (g: T, { self, result }) => [g.mul(self.mul(result).mul(2).sub(TWO_OVER_SQRT_PI))],
};
/** erfc(x): 1 - erf(x), without the cancellation for large x. */
export function erfc(x: T): T {
  const xf = floatOf(x);
  return composite(ERFC, [x], () => inDouble(xf, erfcForward), { self: x });
}
/** special.erfcx(x): exp(x^2) erfc(x), the scaled complementary error function. */
export function erfcx(x: T): T {
  const xf = floatOf(x);
  const out = no_grad(() => inDouble(xf, erfcxForward));
  return composite(ERFCX, [x], () => out, { self: x, result: out });
}

const LOG_NDTR: OpDef = {
  name: "special_log_ndtr",
  node: "SpecialLogNdtrBackward0",
  // d/dx log Φ(x) = φ(x) / Φ(x) = exp(-x^2/2 - log Φ(x)) / sqrt(2π).
  backward: (g: T, { self, result }) => [g.mul(self.mul(self).mul(-0.5).sub(result).exp().div(Math.sqrt(2 * Math.PI)))],
};
/** special.log_ndtr(x): log of the standard normal CDF, by erfcx below -1 (PyTorch's split). */
export function log_ndtr(x: T): T {
  const xf = floatOf(x);
  const out = no_grad(() => inDouble(xf, (v) => {
    const t = v.mul(Math.SQRT1_2);
    const low = erfcxForward(t.neg()).div(2).log().sub(t.mul(t));
    const high = erfcForward(t).div(2).neg().log1p();
    return where(v.lt(-1), low, high);
  }));
  return composite(LOG_NDTR, [x], () => out, { self: x, result: out });
}

// ---- modified Bessel functions of the first kind -------------------------------------

const I0E_A = [-4.41534164647933937950e-18, 3.33079451882223809783e-17, -2.43127984654795469359e-16, 1.71539128555513303061e-15, -1.16853328779934516808e-14, 7.67618549860493561688e-14, -4.85644678311192946090e-13, 2.95505266312963983461e-12, -1.72682629144155570723e-11, 9.67580903537323691224e-11, -5.18979560163526290666e-10, 2.65982372468238665035e-9, -1.30002500998624804212e-8, 6.04699502254191894932e-8, -2.67079385394061173391e-7, 1.11738753912010371815e-6, -4.41673835845875056359e-6, 1.64484480707288970893e-5, -5.75419501008210370398e-5, 1.88502885095841655729e-4, -5.76375574538582365885e-4, 1.63947561694133579842e-3, -4.32430999505057594430e-3, 1.05464603945949983183e-2, -2.37374148058994688156e-2, 4.93052842396707084878e-2, -9.49010970480476444210e-2, 1.71620901522208775349e-1, -3.04682672343198398683e-1, 6.76795274409476084995e-1];
const I0E_B = [-7.23318048787475395456e-18, -4.83050448594418207126e-18, 4.46562142029675999901e-17, 3.46122286769746109310e-17, -2.82762398051658348494e-16, -3.42548561967721913462e-16, 1.77256013305652638360e-15, 3.81168066935262242075e-15, -9.55484669882830764870e-15, -4.15056934728722208663e-14, 1.54008621752140982691e-14, 3.85277838274214270114e-13, 7.18012445138366623367e-13, -1.79417853150680611778e-12, -1.32158118404477131188e-11, -3.14991652796324136454e-11, 1.18891471078464383424e-11, 4.94060238822496958910e-10, 3.39623202570838634515e-9, 2.26666899049817806459e-8, 2.04891858946906374183e-7, 2.89137052083475648297e-6, 6.88975834691682398426e-5, 3.36911647825569408990e-3, 8.04490411014108831608e-1];
const I1E_A = [2.77791411276104639959e-18, -2.11142121435816608115e-17, 1.55363195773620046921e-16, -1.10559694773538630805e-15, 7.60068429473540693410e-15, -5.04218550472791168711e-14, 3.22379336594557470981e-13, -1.98397439776494371520e-12, 1.17361862988909016308e-11, -6.66348972350202774223e-11, 3.62559028155211703701e-10, -1.88724975172282928790e-9, 9.38153738649577178388e-9, -4.44505912879632808065e-8, 2.00329475355213526229e-7, -8.56872026469545474066e-7, 3.47025130813767847674e-6, -1.32731636560394358279e-5, 4.78156510755005422638e-5, -1.61760815825896745588e-4, 5.12285956168575772895e-4, -1.51357245063125314899e-3, 4.15642294431288815669e-3, -1.05640848946261981558e-2, 2.47264490306265168283e-2, -5.29459812080949914269e-2, 1.02643658689847095384e-1, -1.76416518357834055153e-1, 2.52587186443633654823e-1];
const I1E_B = [7.51729631084210481353e-18, 4.41434832307170791151e-18, -4.65030536848935832153e-17, -3.20952592199342395980e-17, 2.96262899764595013876e-16, 3.30820231092092828324e-16, -1.88035477551078244854e-15, -3.81440307243700780478e-15, 1.04202769841288027642e-14, 4.27244001671195135429e-14, -2.10154184277266431302e-14, -4.08355111109219731823e-13, -7.19855177624590851209e-13, 2.03562854414708950722e-12, 1.41258074366137813316e-11, 3.25260358301548823856e-11, -1.89749581235054123450e-11, -5.58974346219658380687e-10, -3.83538038596423702205e-9, -2.63146884688951950684e-8, -2.51223623787020892529e-7, -3.88256480887769039346e-6, -1.10588938762623716291e-4, -9.76109749136146840777e-3, 7.78576235018280120474e-1];

/** exp(-|x|) I_k(|x|) over its two ranges (|x| <= 8 and beyond), as calc_i0e / calc_i1e; odd in x for k = 1. */
function besselScaled(x: T, order: 0 | 1): T {
  const a = x.abs();
  const inner = a.le(8);
  const aIn = where(inner, a, 8), aOut = where(inner, 8, a);
  const [A, B] = order === 0 ? [I0E_A, I0E_B] : [I1E_A, I1E_B];
  let near = chbevl(aIn.div(2).sub(2), A);
  if (order === 1) near = near.mul(aIn);
  const far = chbevl(aOut.reciprocal().mul(32).sub(2), B).div(aOut.sqrt());
  const value = where(inner, near, far);
  return order === 1 ? where(x.lt(0), value.neg(), value) : value;
}
const i0Forward = (x: T) => besselScaled(x, 0).mul(x.abs().exp());
const i1Forward = (x: T) => besselScaled(x, 1).mul(x.abs().exp());

const I0: OpDef = { name: "i0", node: "I0Backward0", backward: (g: T, { self }) => [g.mul(i1(self))] };
const I0E: OpDef = { name: "special_i0e", node: "SpecialI0EBackward0", backward: (g: T, { self, result }) => [g.mul(i1e(self).sub(self.sign().mul(result)))] };
const I1: OpDef = {
  name: "special_i1",
  node: "SpecialI1Backward0",
  // I1'(x) = I0(x) - I1(x) / x, 1/2 at 0.
  backward: (g: T, { self, result }) => [g.mul(where(self.eq(0), 0.5, i0(self).sub(result.div(self))))],
};
const I1E: OpDef = {
  name: "special_i1e",
  node: "SpecialI1EBackward0",
  backward: (g: T, { self, result }) => [g.mul(where(self.eq(0), 0.5, i0e(self).sub(result.mul(self.sign().add(self.reciprocal())))))],
};
/** i0(x) (special.i0): the modified Bessel function of the first kind, order 0. */
export function i0(x: T): T {
  const xf = floatOf(x);
  return composite(I0, [x], () => inDouble(xf, i0Forward), { self: x });
}
/** special.i0e(x): exp(-|x|) i0(x). */
export function i0e(x: T): T {
  const xf = floatOf(x);
  const out = no_grad(() => inDouble(xf, (v) => besselScaled(v, 0)));
  return composite(I0E, [x], () => out, { self: x, result: out });
}
/** special.i1(x): order 1. */
export function i1(x: T): T {
  const xf = floatOf(x);
  const out = no_grad(() => inDouble(xf, i1Forward));
  return composite(I1, [x], () => out, { self: x, result: out });
}
/** special.i1e(x): exp(-|x|) i1(x). */
export function i1e(x: T): T {
  const xf = floatOf(x);
  const out = no_grad(() => inDouble(xf, (v) => besselScaled(v, 1)));
  return composite(I1E, [x], () => out, { self: x, result: out });
}
