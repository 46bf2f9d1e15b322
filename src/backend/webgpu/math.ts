// WGSL of the float32 transcendentals, computed as PyTorch's CPU computes them
// (Note [float32 transcendentals] in native/float_math.h): Sleef's u10
// algorithms, the ones native/float_math.h and src/backend/ts/float32.ts follow
// for exp, sigmoid, tanh, log1p and expm1, and the rest of Sleef's float
// functions that PyTorch calls for the other ops, operation for operation.
// WGSL's own exp, log, sin, ... have implementation-defined accuracy.
//
// What the f32 arithmetic of WebGPU implementations needs (probed on
// SwiftShader): fma() may be unfused (SwiftShader's is), so `mla` is a fused
// multiply-add from f32 operations alone (Boldo and Melquiond's emulation:
// Dekker's exact product, 2Sum, and a sum rounded to odd), which keeps Sleef's
// double-float arithmetic exact; SPIR-V optimizers merge arithmetic on
// constants as if it were exact, so every constant is one they cannot see (c
// below), rounding is round() and NaN tests read the bits (x != x may be folded
// too). Subnormals may be flushed (SwiftShader flushes inputs and results):
// where an input or a result is subnormal, the result is that of zero.
//
// The code is included in wgsl.ts's elementwise kernels, after its helpers (isnan_, NAN_BITS, sqrt_ there).

/** An f32 value as an exact hexadecimal literal (a decimal one would be rounded by the compiler). */
function hex(x: number): string {
  const v = Math.fround(x);
  if (v === 0) return Object.is(v, -0) ? "-0.0f" : "0.0f";
  const a = Math.abs(v);
  const e = Math.floor(Math.log2(a));
  const m = a / 2 ** e; // in [1, 2), exact
  return `${v < 0 ? "-" : ""}0x1.${((m - 1) * 2 ** 24).toString(16).padStart(6, "0")}p${e}f`;
}

/**
 * An f32 constant of the arithmetic: hex(x) times one_(), a 1 the compiler cannot see.
 * SwiftShader's SPIR-V optimizer merges float arithmetic on constants as if it were exact
 * ((c + x) - c to x, c - (c + x) to -x), which would cancel the error terms of the double-float
 * arithmetic; a constant it cannot see, it cannot merge.
 */
const c = (x: number): string => (Math.fround(x) === 0 ? hex(x).slice(0, -1) : `(${hex(x)} * one_())`);

/**
 * Sleef's table for Payne and Hanek's reduction (rempif): for each float exponent from 2, the
 * fraction of 2^(e - 23) / (2 pi) over 2^(e - 23) (times 2^64 above 2^67), as four floats, the first
 * three with their last two bits cleared, as Sleef's mkrempitab.c makes it; 1 / (2 pi) from Machin's
 * formula in 400-bit fixed point.
 */
function rempiTable(): number[] {
  const BITS = 400n;
  const atanInv = (n: bigint): bigint => {
    let sum = 0n, term = (1n << BITS) / n, sign = 1n;
    for (let k = 1n; term !== 0n; k += 2n, term /= n * n, sign = -sign) sum += (sign * term) / k;
    return sum;
  };
  const rpi = (1n << (2n * BITS)) / (2n * (16n * atanInv(5n) - 4n * atanInv(239n)));
  const f32 = new Float32Array(1), u32 = new Uint32Array(f32.buffer);
  const table: number[] = [];
  for (let i = 25; i < 128; i++) {
    // rest / 2^scale is what is left to split.
    let rest = (rpi << BigInt(i - 23)) & ((1n << BITS) - 1n);
    const scale = Number(BITS) + i - 23 - (i > 90 ? 64 : 0);
    for (let k = 0; k < 4; k++) {
      f32[0] = Number(rest) / 2 ** scale;
      if (k < 3) u32[0] &= 0xfffffffc;
      const f = f32[0];
      table.push(f);
      if (f !== 0) {
        const e = Math.floor(Math.log2(Math.abs(f))) - 23;
        rest -= BigInt(Math.round(f / 2 ** e)) << BigInt(scale + e);
      }
    }
  }
  return table;
}

/** A double constant as a df: its float and the float of what is left (Sleef's vcast_vf2_d). */
const d2 = (x: number): string => `df(${c(x)}, ${c(x - Math.fround(x))})`;

// WGSL rejects non-finite constants, so NaN and infinity come from wgsl.ts's private variables.
export const NAN = "bitcast<f32>(NAN_BITS)";
export const INF = "bitcast<f32>(INF_BITS)";
const LOG2E = c(1.442695040888963407359924681001892137426645954152985934135449406931);
const LN2_HI = 0.693145751953125, LN2_LO = 1.428606765330187045e-6;
const LN2_DF = `df(${c(0.69314718246459960938)}, ${c(-1.904654323148236017e-9)})`;
const FLT_MIN = c(1.1754943508222875e-38);
const PI_A2 = 3.1414794921875, PI_B2 = 0.00011315941810607910156, PI_C2 = 1.9841872589410058936e-9;
const M_1_PI = c(1 / Math.PI);
const HALF_PI = c(Math.PI / 2);

/** Horner's steps u = mla(u, x, k) over the coefficients after the first. */
const horner = (u: string, x: string, ks: number[]): string => `var ${u} = ${c(ks[0])};\n${ks.slice(1).map((k) => `  ${u} = mla(${u}, ${x}, ${c(k)});`).join("\n")}`;

const SOURCE = /* wgsl */ `
alias df = vec2<f32>;
// 1, from the element count P[0] of the elementwise kernels, which is never negative (see c above).
fn one_() -> f32 { return f32(P[0] >= 0); }
fn isinf_(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
fn signbit_(x: f32) -> bool { return (bitcast<u32>(x) & 0x80000000u) != 0u; }
fn is_negative_zero_(x: f32) -> bool { return bitcast<u32>(x) == 0x80000000u; }
// y with x's sign bit flipped in (Sleef's vmulsign).
fn mulsign_(y: f32, x: f32) -> f32 { return bitcast<f32>(bitcast<u32>(y) ^ (bitcast<u32>(x) & 0x80000000u)); }

// a * b + c rounded once: a * b = p + e exactly (Dekker), c + p = t.x + t.y exactly (2Sum), then
// t.x + RO(t.y + e), RO rounding to odd (Boldo and Melquiond, IEEE TC 57(4), 2008).
fn split_(a: f32) -> df {
  let t = ${c(4097)} * a;
  let h = t - (t - a);
  return df(h, a - h);
}
fn two_sum_(a: f32, b: f32) -> df {
  let s = a + b;
  let v = s - a;
  return df(s, (a - (s - v)) + (b - v));
}
fn mla(a0: f32, b0: f32, c: f32) -> f32 {
  // Dekker's split needs 4097 a in range: the larger factor, if huge, is scaled down and the other up.
  let swap = abs(b0) > abs(a0);
  let big = max(abs(a0), abs(b0)) > ${c(2 ** 100)};
  let a = select(a0, b0, swap) * select(1.0, ${c(2 ** -28)}, big);
  let b = select(b0, a0, swap) * select(1.0, ${c(2 ** 28)}, big);
  let p = a * b;
  let x = split_(a);
  let y = split_(b);
  let e = ((x.x * y.x - p) + x.x * y.y + x.y * y.x) + x.y * y.y;
  let t = two_sum_(c, p);
  let v = two_sum_(t.y, e);
  let bits = bitcast<u32>(v.x);
  let odd = bitcast<f32>(select(bits - 1u, bits + 1u, (v.x > 0.0) == (v.y > 0.0)));
  return t.x + select(v.x, odd, v.y != 0.0 && (bits & 1u) == 0u);
}

// 2^q for -126 <= q <= 127, d * 2^e by two such factors, and Sleef's vldexp for any e.
fn pow2i_(q: i32) -> f32 { return bitcast<f32>(u32(q + 0x7f) << 23u); }
fn ldexp2_(d: f32, e: i32) -> f32 { return d * pow2i_(e >> 1u) * pow2i_(e - (e >> 1u)); }
fn ldexp_(x: f32, e: i32) -> f32 {
  var m = e >> 31u;
  m = (((m + e) >> 6u) - m) << 4u;
  let q = e - (m << 2u);
  m = clamp(m + 0x7f, 0, 0xff);
  let u = bitcast<f32>(u32(m) << 23u);
  return x * u * u * u * u * pow2i_(q);
}
fn ldexp3_(d: f32, q: i32) -> f32 { return bitcast<f32>(bitcast<u32>(d) + (u32(q) << 23u)); }
fn ilogb2k_(d: f32) -> i32 { return i32((bitcast<u32>(d) >> 23u) & 0xffu) - 0x7f; }
fn ilogbk_(d: f32) -> i32 {
  let o = d < ${c(5.421010862427522e-20)};
  let e = i32((bitcast<u32>(select(d, ${c(1.8446744073709552e19)} * d, o)) >> 23u) & 0xffu);
  return e - select(0x7f, 64 + 0x7f, o);
}

// Sleef's double-float arithmetic (df.h, FMA forms): add assumes |x| >= |y|, add2 does not; f and d
// in a name are the f32 and df operands.
fn df_normalize(t: df) -> df {
  let s = t.x + t.y;
  return df(s, (t.x - s) + t.y);
}
fn add_ff(x: f32, y: f32) -> df {
  let s = x + y;
  return df(s, (x - s) + y);
}
fn add_fd(x: f32, y: df) -> df {
  let s = x + y.x;
  return df(s, ((x - s) + y.x) + y.y);
}
fn add_df(x: df, y: f32) -> df {
  let s = x.x + y;
  return df(s, ((x.x - s) + y) + x.y);
}
fn add_dd(x: df, y: df) -> df {
  let s = x.x + y.x;
  return df(s, (((x.x - s) + y.x) + x.y) + y.y);
}
fn add2_ff(x: f32, y: f32) -> df {
  let s = x + y;
  let v = s - x;
  return df(s, (x - (s - v)) + (y - v));
}
fn add2_fd(x: f32, y: df) -> df {
  let s = x + y.x;
  let v = s - x;
  return df(s, ((x - (s - v)) + (y.x - v)) + y.y);
}
fn add2_df(x: df, y: f32) -> df {
  let s = x.x + y;
  let v = s - x.x;
  return df(s, ((x.x - (s - v)) + (y - v)) + x.y);
}
fn add2_dd(x: df, y: df) -> df {
  let s = x.x + y.x;
  let v = s - x.x;
  return df(s, ((x.x - (s - v)) + (y.x - v)) + (x.y + y.y));
}
fn sub_df(x: df, y: f32) -> df {
  let s = x.x - y;
  return df(s, ((x.x - s) - y) + x.y);
}
fn sub_dd(x: df, y: df) -> df {
  let s = x.x - y.x;
  return df(s, (((x.x - s) - y.x) + x.y) - y.y);
}
fn mul_ff(x: f32, y: f32) -> df {
  let s = x * y;
  return df(s, mla(x, y, -s));
}
fn mul_df(x: df, y: f32) -> df {
  let s = x.x * y;
  return df(s, mla(x.y, y, mla(x.x, y, -s)));
}
fn mul_dd(x: df, y: df) -> df {
  let s = x.x * y.x;
  return df(s, mla(x.x, y.y, mla(x.y, y.x, mla(x.x, y.x, -s))));
}
fn mul_dd_f(x: df, y: df) -> f32 { return mla(x.x, y.x, mla(x.y, y.x, x.x * y.y)); }
fn square_d(x: df) -> df {
  let s = x.x * x.x;
  return df(s, mla(x.x + x.x, x.y, mla(x.x, x.x, -s)));
}
fn rec_f(d: f32) -> df {
  let s = 1.0 / d;
  return df(s, s * mla(-d, s, 1.0));
}
fn rec_d(d: df) -> df {
  let s = 1.0 / d.x;
  return df(s, s * mla(-d.y, s, mla(-d.x, s, 1.0)));
}
fn div_dd(n: df, d: df) -> df {
  let t = 1.0 / d.x;
  let s = n.x * t;
  let u = mla(t, n.x, -s);
  let v = mla(-d.y, t, mla(-d.x, t, 1.0));
  return df(s, mla(s, v, mla(n.y, t, u)));
}
fn sqrt_d(d: df) -> df {
  let t = sqrt(d.x + d.y);
  return mul_dd(add2_dd(d, mul_ff(t, t)), rec_f(t)) * 0.5;
}
fn sqrt_f(d: f32) -> df {
  let t = sqrt(d);
  return mul_dd(add2_fd(d, mul_ff(t, t)), rec_f(t)) * 0.5;
}

// Sleef's xexpf.
fn exp_(d: f32) -> f32 {
  let q = round(d * ${LOG2E});
  var s = mla(q, ${c(-LN2_HI)}, d);
  s = mla(q, ${c(-LN2_LO)}, s);
  ${horner("u", "s", [0.000198527617612853646278381, 0.00139304355252534151077271, 0.00833336077630519866943359, 0.0416664853692054748535156, 0.166666671633720397949219, 0.5])}
  u = ldexp2_(1.0 + mla(s * s, u, s), i32(q));
  u = select(u, 0.0, d < -104.0);
  u = select(u, ${INF}, d > 100.0);
  return select(u, d, isnan_(d));
}

// PyTorch's vectorized sigmoid: (0 - x), exp, + 1, reciprocal, each in f32.
fn sigmoid_(x: f32) -> f32 { return 1.0 / (exp_(0.0 - x) + 1.0); }

// Sleef's expk2f: e^d as a df.
fn exp_df(d: df) -> df {
  let q = round((d.x + d.y) * ${LOG2E});
  var s = add2_df(d, q * ${c(-LN2_HI)});
  s = add2_df(s, q * ${c(-LN2_LO)});
  ${horner("u", "s.x", [0.1980960224e-3, 0.1394256484e-2, 0.8333456703e-2, 0.4166637361e-1])}
  var t = add2_df(mul_df(s, u), ${c(0.166666659414234244790680580464)});
  t = add2_df(mul_dd(s, t), 0.5);
  t = add2_dd(s, mul_dd(square_d(s), t));
  t = add_fd(1.0, t);
  t = df(ldexp2_(t.x, i32(q)), ldexp2_(t.y, i32(q)));
  return select(t, df(0.0), d.x < -104.0);
}

// Sleef's expkf and logkf: pow's e^d and log(d) in df.
fn expk_(d: df) -> f32 {
  let q = round((d.x + d.y) * ${LOG2E});
  var s = add2_df(d, q * ${c(-LN2_HI)});
  s = df_normalize(add2_df(s, q * ${c(-LN2_LO)}));
  ${horner("u", "s.x", [0.00136324646882712841033936, 0.00836596917361021041870117, 0.0416710823774337768554688, 0.166665524244308471679688, 0.499999850988388061523438])}
  let t = add_fd(1.0, add_dd(s, mul_df(square_d(s), u)));
  return select(ldexp_(t.x + t.y, i32(q)), 0.0, d.x < -104.0);
}
fn logk_(d0: f32) -> df {
  let o = d0 < ${FLT_MIN};
  let d = select(d0, d0 * ${c(2 ** 64)}, o);
  let e = ilogb2k_(d * ${c(1 / 0.75)});
  let m = ldexp3_(d, -e);
  let x = div_dd(add2_ff(-1.0, m), add2_ff(1.0, m));
  let x2 = square_d(x);
  ${horner("t", "x2.x", [0.240320354700088500976562, 0.285112679004669189453125, 0.400007992982864379882812])}
  var s = mul_df(${LN2_DF}, f32(select(e, e - 64, o)));
  s = add_dd(s, x * 2.0);
  return add_dd(s, mul_dd(mul_dd(x2, x), add2_dd(mul_df(x2, t), df(${c(0.66666662693023681640625)}, ${c(3.69183861259614332084311e-9)}))));
}

// Sleef's logk2f: log(d) of a df.
fn log_df(d: df) -> df {
  let e = ilogbk_(d.x * ${c(1 / 0.75)});
  let m = d * pow2i_(-e);
  let x = div_dd(add2_df(m, -1.0), add2_df(m, 1.0));
  let x2 = square_d(x);
  ${horner("t", "x2.x", [0.2392828464508056640625, 0.28518211841583251953125, 0.400005877017974853515625, 0.666666686534881591796875])}
  let s = add_dd(mul_df(${LN2_DF}, f32(e)), x * 2.0);
  return add_dd(s, mul_df(mul_dd(x2, x), t));
}

// Sleef's xlogf_u1.
fn log_(d0: f32) -> f32 {
  let o = d0 < ${FLT_MIN};
  let d = select(d0, d0 * ${c(2 ** 64)}, o);
  let e = ilogb2k_(d * ${c(1 / 0.75)});
  let m = ldexp3_(d, -e);
  var s = mul_df(${LN2_DF}, f32(select(e, e - 64, o)));
  let x = div_dd(add2_ff(-1.0, m), add2_ff(1.0, m));
  let x2 = x.x * x.x;
  ${horner("t", "x2", [0.3027294874, 0.3996108174, 0.666669488])}
  s = add_dd(s, x * 2.0);
  s = add_df(s, x2 * x.x * t);
  var r = s.x + s.y;
  r = select(r, ${INF}, isinf_(d0) && d0 > 0.0);
  r = select(r, ${NAN}, d0 < 0.0 || isnan_(d0));
  return select(r, -${INF}, d0 == 0.0);
}

// Sleef's xlog1pf, with its log1p(d > 1e38) = inf (PyTorch's too).
fn log1p_(d: f32) -> f32 {
  let e = ilogb2k_((d + 1.0) * ${c(1 / 0.75)});
  let t = ldexp3_(1.0, -e);
  let m = mla(d, t, t - 1.0);
  var s = mul_df(${LN2_DF}, f32(e));
  let x = div_dd(df(m, 0.0), add_ff(2.0, m));
  let x2 = x.x * x.x;
  ${horner("p", "x2", [0.3027294874, 0.3996108174, 0.666669488])}
  s = add_dd(s, x * 2.0);
  s = add_df(s, x2 * x.x * p);
  var r = s.x + s.y;
  r = select(r, ${INF}, d > ${c(1e38)});
  r = select(r, ${NAN}, d < -1.0);
  r = select(r, -${INF}, d == -1.0);
  // Sleef's log1p(d) is d itself for |d| < 2^-25 (-0 included), where its intermediates of the
  // smallest d would be subnormal, which a GPU may flush.
  return select(r, d, abs(d) < ${c(2 ** -25)} || isnan_(d));
}

// Sleef's xexpm1f.
fn expm1_(a: f32) -> f32 {
  let d = add2_df(exp_df(df(clamp(a, -17.0, 89.0), 0.0)), -1.0);
  var x = d.x + d.y;
  x = select(x, ${INF}, a > ${c(88.72283172607421875)});
  x = select(x, -1.0, a < ${c(-16.635532333438687426013570)});
  return select(x, a, is_negative_zero_(a) || isnan_(a));
}

// Sleef's xtanhf, xsinhf, xcoshf (u10).
fn tanh_(x: f32) -> f32 {
  let a = abs(x);
  var d = exp_df(df(min(a, 9.0), 0.0));
  let e = rec_d(d);
  d = div_dd(add_dd(d, -e), add_dd(d, e));
  let y = select(d.x + d.y, 1.0, a > ${c(8.664339742)});
  return select(mulsign_(y, x), x, isnan_(x));
}
fn sinh_(x: f32) -> f32 {
  let a = abs(x);
  var d = exp_df(df(min(a, 90.0), 0.0));
  d = sub_dd(d, rec_d(d));
  let v = (d.x + d.y) * 0.5;
  let y = select(v, ${INF}, a > 89.0 || isnan_(v));
  return select(mulsign_(y, x), x, isnan_(x));
}
fn cosh_(x: f32) -> f32 {
  let a = abs(x);
  var d = exp_df(df(min(a, 90.0), 0.0));
  d = add_dd(d, rec_d(d));
  let v = (d.x + d.y) * 0.5;
  return select(select(v, ${INF}, a > 89.0 || isnan_(v)), x, isnan_(x));
}

// Sleef's xasinhf, xacoshf, xatanhf.
// Beyond sqrt(FLT_MAX), where Sleef's squares overflow (it gives inf), PyTorch's asinh and acosh
// (glibc's) are log(2 |x|), here log(|x| / 4) + 3 log 2 (log_df's 4 |x| / 3 must not overflow).
fn log_twice_(a: f32) -> f32 {
  let d = add_dd(log_df(df(a * 0.25, 0.0)), mul_df(${LN2_DF}, 3.0));
  return select(d.x + d.y, ${INF}, isinf_(a));
}
// asinh on |x|, then x's sign (glibc's is odd too): for x < 0 Sleef's log(sqrt(x^2 + 1) + x) cancels into
// low parts near 1 / x^2, subnormal from |x| = 2^63.
fn asinh_(x: f32) -> f32 {
  let a = abs(x);
  let o = a > 1.0;
  var d = select(df(a, 0.0), rec_f(a), o);
  d = sqrt_d(add2_df(square_d(d), 1.0));
  d = select(d, mul_df(d, a), o);
  d = log_df(df_normalize(add2_df(d, a)));
  let y = select(d.x + d.y, log_twice_(a), a > ${c(18446743523953729536.0)});
  // x itself below 2^-12 (x^3 / 6 is under half an ulp), where the smallest x's intermediates would be subnormal.
  return select(mulsign_(y, x), x, a < ${c(2 ** -12)} || isnan_(x));
}
fn acosh_(x: f32) -> f32 {
  let d = log_df(add2_df(mul_dd(sqrt_d(add2_ff(x, 1.0)), sqrt_d(add2_ff(x, -1.0))), x));
  var y = select(d.x + d.y, log_twice_(x), x > ${c(18446743523953729536.0)});
  y = select(y, 0.0, x == 1.0);
  return select(y, ${NAN}, x < 1.0 || isnan_(x));
}
fn atanh_(x: f32) -> f32 {
  let a = abs(x);
  let d = log_df(div_dd(add2_ff(1.0, a), add2_ff(1.0, -a)));
  var y = select((d.x + d.y) * 0.5, ${INF}, a == 1.0);
  y = select(y, ${NAN}, a > 1.0 || isinf_(x) || isnan_(y));
  return select(mulsign_(y, x), x, isnan_(x));
}

// Sleef's rempisubf and rempif: d = (q + r) pi / 2, r a df, for |d| >= 125, by Payne and Hanek's
// reduction over REMPI.
const REMPI = array<f32, 412>(${rempiTable().map(hex).join(", ")});
struct fi_ {
  d: f32,
  i: i32,
}
struct dfi_ {
  d: df,
  i: i32,
}
fn rempisub_(x: f32) -> fi_ {
  let y = round(x * 4.0);
  return fi_(x - y * 0.25, i32(y - round(x) * 4.0));
}
fn rempi_(d: f32) -> dfi_ {
  let ex = ilogb2k_(d) - 25;
  let a = ldexp3_(d, select(0, -64, ex > 65));
  let k = u32(max(ex, 0)) * 4u;
  var x = mul_ff(a, REMPI[k]);
  var di = rempisub_(x.x);
  var q = di.i;
  x = df_normalize(df(di.d, x.y));
  x = add2_dd(x, mul_ff(a, REMPI[k + 1u]));
  di = rempisub_(x.x);
  q = q + di.i;
  x = df_normalize(df(di.d, x.y));
  x = df_normalize(add2_dd(x, mul_df(df(REMPI[k + 2u], REMPI[k + 3u]), a)));
  x = mul_dd(x, df(${c(3.1415927410125732422 * 2)}, ${c(-8.7422776573475857731e-8 * 2)}));
  return dfi_(select(x, df(a, 0.0), abs(a) < 0.7), q);
}
// +-pi/2 as a df, the sign of s.
fn half_pi_like_(s: f32) -> df { return df(mulsign_(${c(3.1415927410125732422 * -0.5)}, s), mulsign_(${c(-8.7422776573475857731e-8 * -0.5)}, s)); }

// Sleef's xsinf_u1, xcosf_u1, xtanf_u1: Cody and Waite's reduction in three parts below 125, else rempi_.
fn trig_poly_(t: df) -> f32 {
  let s = square_d(t);
  ${horner("u", "s.x", [2.6083159809786593541503e-6, -0.0001981069071916863322258, 0.00833307858556509017944336])}
  return mul_dd_f(t, add_fd(1.0, mul_dd(add_ff(${c(-0.166666597127914428710938)}, u * s.x), s)));
}
fn sin_(d: f32) -> f32 {
  let u = round(d * ${M_1_PI});
  var q = i32(u);
  var s = add2_ff(mla(u, ${c(-PI_A2)}, d), u * ${c(-PI_B2)});
  s = add_df(s, u * ${c(-PI_C2)});
  if (!(abs(d) < 125.0)) {
    let r = rempi_(d);
    q = ((r.i & 3) * 2 + select(1, 2, r.d.x > 0.0)) >> 2u;
    s = df_normalize(select(r.d, add2_dd(r.d, half_pi_like_(r.d.x)), (r.i & 1) == 1));
  }
  let p = trig_poly_(s);
  var y = select(p, -p, (q & 1) == 1);
  y = select(y, d, is_negative_zero_(d));
  return select(y, ${NAN}, isinf_(d) || isnan_(d));
}
fn cos_(d: f32) -> f32 {
  let u = mla(round(mla(d, ${M_1_PI}, -0.5)), 2.0, 1.0);
  var q = i32(u);
  var s = add2_ff(d, u * ${c(-PI_A2 * 0.5)});
  s = add2_df(s, u * ${c(-PI_B2 * 0.5)});
  s = add2_df(s, u * ${c(-PI_C2 * 0.5)});
  if (!(abs(d) < 125.0)) {
    let r = rempi_(d);
    q = ((r.i & 3) * 2 + select(7, 8, r.d.x > 0.0)) >> 1u;
    s = df_normalize(select(r.d, add2_dd(r.d, half_pi_like_(select(-1.0, 0.0, r.d.x > 0.0))), (r.i & 1) == 0));
  }
  let p = trig_poly_(s);
  let y = select(p, -p, (q & 2) == 0);
  return select(y, ${NAN}, isinf_(d) || isnan_(d));
}
fn tan_(d: f32) -> f32 {
  let u = round(d * ${c(2 / Math.PI)});
  var q = i32(u);
  var s = add2_ff(mla(u, ${c(-PI_A2 * 0.5)}, d), u * ${c(-PI_B2 * 0.5)});
  s = add_df(s, u * ${c(-PI_C2 * 0.5)});
  if (!(abs(d) < 125.0)) {
    let r = rempi_(d);
    q = r.i;
    s = r.d;
  }
  let o = (q & 1) == 1;
  s = select(s, -s, o);
  let t = s;
  s = df_normalize(square_d(s));
  ${horner("v", "s.x", [0.00446636462584137916564941, -8.3920182078145444393158e-5, 0.0109639242291450500488281, 0.0212360303848981857299805, 0.0540687143802642822265625])}
  var x = add_ff(${c(0.133325666189193725585938)}, v * s.x);
  x = add_fd(1.0, mul_dd(add_fd(${c(0.33333361148834228515625)}, mul_dd(s, x)), s));
  x = mul_dd(t, x);
  x = select(x, rec_d(x), o);
  let y = select(x.x + x.y, d, is_negative_zero_(d));
  return select(y, ${NAN}, isinf_(d) || isnan_(d));
}

// Sleef's atan2kf_u1, xatanf_u1, xatan2f_u1, xasinf_u1, xacosf_u1.
fn atan2k_(y: df, x0: df) -> df {
  let negative = x0.x < 0.0;
  let x = select(x0, -x0, negative);
  let p = x.x < y.x;
  let q = select(0, -2, negative) + select(0, 1, p);
  let s = div_dd(select(y, -x, p), select(x, y, p));
  var t = df_normalize(square_d(s));
  ${horner("u", "t.x", [-0.00176397908944636583328247, 0.0107900900766253471374512, -0.0309564601629972457885742, 0.0577365085482597351074219, -0.0838950723409652709960938, 0.109463557600975036621094, -0.142626821994781494140625, 0.199983194470405578613281])}
  t = mul_dd(t, add_ff(${c(-0.333332866430282592773438)}, u * t.x));
  t = mul_dd(s, add_fd(1.0, t));
  return add_dd(mul_df(df(${c(1.5707963705062866211)}, ${c(-4.3711388286737928865e-8)}), f32(q)), t);
}
fn atan_(d: f32) -> f32 {
  let t = atan2k_(df(abs(d), 0.0), df(1.0, 0.0));
  let r = select(t.x + t.y, ${c(1.570796326794896557998982)}, isinf_(d));
  return select(mulsign_(r, d), d, isnan_(d));
}
// Sleef's visinf2: d's sign on m where d is infinite, else 0.
fn isinf2_(d: f32, m: f32) -> f32 { return select(0.0, bitcast<f32>((bitcast<u32>(d) & 0x80000000u) | bitcast<u32>(m)), isinf_(d)); }
fn atan2_(y0: f32, x0: f32) -> f32 {
  let o = abs(x0) < ${c(2.9387372783541830947e-39)};
  let x = select(x0, x0 * ${c(2 ** 24)}, o);
  let y = select(y0, y0 * ${c(2 ** 24)}, o);
  let d = atan2k_(df(abs(y), 0.0), df(x, 0.0));
  var r = mulsign_(d.x + d.y, x);
  r = select(r, ${HALF_PI} - isinf2_(x, mulsign_(${HALF_PI}, x)), isinf_(x) || x == 0.0);
  r = select(r, ${HALF_PI} - isinf2_(x, mulsign_(${c(Math.PI / 4)}, x)), isinf_(y));
  r = select(r, select(0.0, ${c(Math.PI)}, signbit_(x)), y == 0.0);
  return select(mulsign_(r, y), ${NAN}, isnan_(x) || isnan_(y));
}
fn asin_(d: f32) -> f32 {
  let a = abs(d);
  let o = a < 0.5;
  let x2 = select((1.0 - a) * 0.5, d * d, o);
  let x = select(select(sqrt_f(x2), df(a, 0.0), o), df(0.0), a == 1.0);
  ${horner("u", "x2", [0.4197454825e-1, 0.2424046025e-1, 0.4547423869e-1, 0.7495029271e-1, 0.1666677296])}
  u = u * (x2 * x.x);
  let y = sub_df(sub_dd(df(${c(3.1415927410125732422 / 4)}, ${c(-8.7422776573475857731e-8 / 4)}), x), u);
  let r = select((y.x + y.y) * 2.0, u + x.x, o);
  return select(mulsign_(r, d), ${NAN}, a > 1.0 || isnan_(d));
}
fn acos_(d: f32) -> f32 {
  let a = abs(d);
  let o = a < 0.5;
  let x2 = select((1.0 - a) * 0.5, d * d, o);
  var x = select(select(sqrt_f(x2), df(a, 0.0), o), df(0.0), a == 1.0);
  ${horner("u", "x2", [0.4197454825e-1, 0.2424046025e-1, 0.4547423869e-1, 0.7495029271e-1, 0.1666677296])}
  u = u * (x2 * x.x);
  var y = sub_dd(df(${c(3.1415927410125732422 / 2)}, ${c(-8.7422776573475857731e-8 / 2)}), add_ff(mulsign_(x.x, d), mulsign_(u, d)));
  x = add_df(x, u);
  y = select(x * 2.0, y, o);
  y = select(y, sub_dd(df(${c(3.1415927410125732422)}, ${c(-8.7422776573475857731e-8)}), y), !o && d < 0.0);
  return select(y.x + y.y, ${NAN}, a > 1.0 || isnan_(d));
}

// Sleef's xerff_u1: a polynomial in a^2 below 1.1, 1 - e^(polynomial in a) to 4, 1 beyond.
fn erf_(s: f32) -> f32 {
  let a = abs(s);
  let o0 = a < 1.1;
  let o1 = a < 2.4;
  let u = select(a, a * a, o0);
  var t = select(select(${c(-0.9495757695e-5)}, ${c(-0.1792667899e-4)}, o1), ${c(0.7089292194e-4)}, o0);
  t = mla(t, u, select(select(${c(0.2481465926e-3)}, ${c(0.3937633010e-3)}, o1), ${c(-0.7768311189e-3)}, o0));
  t = mla(t, u, select(select(${c(-0.2918176819e-2)}, ${c(-0.3949181177e-2)}, o1), ${c(0.5159463733e-2)}, o0));
  t = mla(t, u, select(select(${c(0.2059706673e-1)}, ${c(0.2445474640e-1)}, o1), ${c(-0.2683781274e-1)}, o0));
  t = mla(t, u, select(select(${c(-0.9901899844e-1)}, ${c(-0.1070996150)}, o1), ${c(0.1128318012)}, o0));
  var d = mul_ff(t, u);
  d = add2_dd(d, select(select(${d2(-0.643598050547891613081201721633)}, ${d2(-0.634588905908410389971210809210)}, o1), ${d2(-0.376125876000657465175213237214)}, o0));
  d = mul_df(d, u);
  d = add2_dd(d, select(select(${d2(-1.12461487742845562801052956293)}, ${d2(-1.12879855826694507209862753992)}, o1), ${d2(1.12837916021059138255978217023)}, o0));
  d = mul_df(d, a);
  d = select(add_fd(1.0, -exp_df(d)), d, o0);
  var r = select(1.0, d.x + d.y, a < 4.0);
  // Below 2^-60 the result is 2 a / sqrt(pi) rounded, whose last terms would be subnormal (which a GPU
  // may flush) but for a scaled up by 2^64 and the result back down.
  let k = ${d2(1.12837916021059138255978217023)};
  let A = a * ${c(2 ** 64)};
  r = select(r, mla(k.x, A, k.y * A) * ${c(2 ** -64)}, a < ${c(2 ** -60)});
  return select(mulsign_(r, s), ${NAN}, isnan_(a));
}

// Sleef's xpowf; the exponents that PyTorch's pow_tensor_scalar_optimized_kernel computes as
// products, roots and reciprocals are computed so (native/kernels.h's Bin::Pow does the same).
fn powf_(x: f32, y: f32) -> f32 {
  let big = abs(y) > ${c(2 ** 24)};
  let yisint = trunc(y) == y || big;
  let yisodd = (i32(y) & 1) == 1 && yisint && !big;
  var r = expk_(mul_df(logk_(abs(x)), y));
  r = select(r, ${INF}, isnan_(r));
  r = r * select(select(${NAN}, select(1.0, -1.0, yisodd), yisint), 1.0, x > 0.0);
  let efx = mulsign_(abs(x) - 1.0, y);
  r = select(r, select(select(${INF}, 1.0, efx == 0.0), 0.0, efx < 0.0), isinf_(y));
  r = select(r, select(1.0, mulsign_(1.0, x), yisodd) * select(${INF}, 0.0, select(y, -y, x == 0.0) < 0.0), isinf_(x) || x == 0.0);
  r = select(r, ${NAN}, isnan_(x) || isnan_(y));
  return select(r, 1.0, y == 0.0 || x == 1.0);
}
fn pow_(a: f32, b: f32) -> f32 {
  if (b == 1.0) { return a; }
  if (b == 2.0) { return a * a; }
  if (b == 3.0) { return a * a * a; }
  if (b == 0.5) { return sqrt_(a); }
  if (b == -0.5) { return 1.0 / sqrt_(a); }
  if (b == -1.0) { return 1.0 / a; }
  if (b == -2.0) { return 1.0 / (a * a); }
  return powf_(a, b);
}
`;

/** The WGSL, its decimal literals made constants as c makes them. */
export const MATH = SOURCE.replace(/(?<![\w.])(\d+\.\d+)(?![\w.])/g, (m) => c(Number(m)));
