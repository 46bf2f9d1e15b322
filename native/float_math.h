// float32 exp, sigmoid, tanh, log1p and expm1 as PyTorch's CPU computes them.
//
// Note [float32 transcendentals]: PyTorch 1.13's CPU kernels for float32 exp,
// tanh, log1p and expm1 are Sleef's vectorized functions (Sleef_expf8_u10,
// tanhf8_u10, log1pf8_u10, expm1f8_u10 on AVX2, which fuse their multiply-adds)
// on every element, and sigmoid is 1 / (1 + exp(-x)) in float32 over that exp.
// These are the same algorithms, operation for operation, so results match
// PyTorch's bit for bit: within 1 ulp would not be enough, since sigmoid turns
// a 1-ulp difference in exp into 4 ulps near x = -16.7 (1 + exp(-x) rounds to
// a neighbouring even float there). What keeps them exact:
// - `mla` is a fused multiply-add: the FMA instruction where the target has
//   one, else the product (exact in double) plus the addend in double, rounded
//   once more to float, which differs from a fused result only where that sum
//   lands on a float tie (none found over all 2^32 inputs). The TypeScript
//   backend does the same (src/backend/ts/float32.ts); WGSL, which has no
//   double and may not fuse fma(), builds it from f32 operations
//   (src/backend/webgpu/math.ts, where the rest of PyTorch's Sleef functions are).
// - nothing else may be contracted into a multiply-add: binding.gyp and
//   scripts/build-wasm.sh compile with -ffp-contract=off.
// - the functions are branch-free, over a lane type V: float on native, where
//   GCC vectorises the loops over them (selects become blends), and on wasm
//   SIMD128's f32x4, written out, since clang keeps the double multiply-adds'
//   conversions scalar in loops it vectorises itself. Where the engine's relaxed
//   SIMD madd is fused (probed: madd_is_fused), the -relaxed modules use it
//   instead, 2.5 times as fast, with the same results.
// Double-float ("df") pairs carry the extra precision of tanh, log1p and
// expm1; the df_* helpers are Sleef's (its df.h, FMA variants), by its names.
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

// The loops over these functions vectorise only where they are inlined (clang would call exp_df, used twice).
#define TG_MATH inline __attribute__((always_inline))

namespace tg {

template <typename V>
struct lane_types;
template <>
struct lane_types<float> {
  using bits = uint32_t;
  using ints = int32_t;
};
#ifdef __wasm_simd128__
typedef float f32x4 __attribute__((vector_size(16)));
typedef uint32_t u32x4 __attribute__((vector_size(16)));
typedef int32_t i32x4 __attribute__((vector_size(16)));
template <>
struct lane_types<f32x4> {
  using bits = u32x4;
  using ints = i32x4;
};
#endif
#ifdef __wasm_relaxed_simd__
// The same four lanes as a distinct type whose mla is relaxed SIMD's madd, for engines where it is fused.
typedef float f32x4_fused __attribute__((ext_vector_type(4)));
typedef uint32_t u32x4_fused __attribute__((ext_vector_type(4)));
typedef int32_t i32x4_fused __attribute__((ext_vector_type(4)));
template <>
struct lane_types<f32x4_fused> {
  using bits = u32x4_fused;
  using ints = i32x4_fused;
};
#endif
template <typename V>
using bits_t = typename lane_types<V>::bits;
template <typename V>
using ints_t = typename lane_types<V>::ints;

template <typename V>
TG_MATH V splat(float c) {
  if constexpr (std::is_same<V, float>::value) return c;
  else return V{c, c, c, c};
}
template <typename V>
TG_MATH bits_t<V> bits_of(V f) { return __builtin_bit_cast(bits_t<V>, f); }
template <typename V>
TG_MATH V float_of(bits_t<V> b) { return __builtin_bit_cast(V, b); }
template <typename V>
TG_MATH V to_float(ints_t<V> i) {
  if constexpr (std::is_same<V, float>::value) return static_cast<float>(i);
  else return __builtin_convertvector(i, V);
}

TG_MATH float mla(float a, float b, float c) {
#if defined(__FMA__) || defined(__ARM_FEATURE_FMA)
  return __builtin_fmaf(a, b, c);
#else
  return static_cast<float>(static_cast<double>(a) * b + c);
#endif
}
#ifdef __wasm_simd128__
TG_MATH f32x4 mla(f32x4 a, f32x4 b, f32x4 c) {
  const v128_t A = (v128_t)a, B = (v128_t)b, C = (v128_t)c;
  const auto low = [](v128_t x) { return wasm_f64x2_promote_low_f32x4(x); };
  const auto high = [](v128_t x) { return wasm_f64x2_promote_low_f32x4(wasm_i64x2_shuffle(x, x, 1, 0)); };
  const v128_t lo = wasm_f64x2_add(wasm_f64x2_mul(low(A), low(B)), low(C));
  const v128_t hi = wasm_f64x2_add(wasm_f64x2_mul(high(A), high(B)), high(C));
  return (f32x4)wasm_i64x2_shuffle(wasm_f32x4_demote_f64x2_zero(lo), wasm_f32x4_demote_f64x2_zero(hi), 0, 2);
}
TG_MATH f32x4 mla(f32x4 a, float b, f32x4 c) { return mla(a, splat<f32x4>(b), c); }
TG_MATH f32x4 mla(f32x4 a, f32x4 b, float c) { return mla(a, b, splat<f32x4>(c)); }
#endif
#ifdef __wasm_relaxed_simd__
TG_MATH f32x4_fused mla(f32x4_fused a, f32x4_fused b, f32x4_fused c) {
  return (f32x4_fused)__builtin_wasm_relaxed_madd_f32x4((f32x4)a, (f32x4)b, (f32x4)c);
}
TG_MATH f32x4_fused mla(f32x4_fused a, float b, f32x4_fused c) { return mla(a, splat<f32x4_fused>(b), c); }
TG_MATH f32x4_fused mla(f32x4_fused a, f32x4_fused b, float c) { return mla(a, b, splat<f32x4_fused>(c)); }

// Whether the engine fuses relaxed_madd (V8 does where the CPU has FMA): (1 + 2^-12)^2 - (1 + 2^-11) is
// 2^-24 fused and 0 not. Volatile, so that the compiler cannot fold it either way.
inline bool madd_is_fused() {
  static volatile float a = 1.0f + 0x1p-12f, c = -(1.0f + 0x1p-11f);
  return __builtin_wasm_relaxed_madd_f32x4(splat<f32x4>(a), splat<f32x4>(a), splat<f32x4>(c))[0] != 0.0f;
}
#endif

// v rounded to the nearest integer, ties to even, as Sleef's vrint_vi2_vf (cvtps2dq) does for |v| < 2^22:
// v + 1.5 * 2^23 rounds to an integer in its low mantissa bits. As a float and as those bits, so that no
// argument, NaN or huge, reaches a float-to-int conversion.
template <typename V>
struct rounded {
  V f;
  ints_t<V> i;
};
template <typename V>
TG_MATH rounded<V> round_half_even(V v) {
  const V t = v + 12582912.0f;
  return {t - 12582912.0f, __builtin_bit_cast(ints_t<V>, bits_of(t) - 0x4B400000u)};
}

// 2^q for -126 <= q <= 127, and d * 2^e by two such factors (Sleef's vpow2i, vldexp2); unsigned
// arithmetic, since out-of-range arguments compute garbage that a select then replaces.
template <typename V>
TG_MATH V pow2i(bits_t<V> q) { return float_of<V>((q + 0x7fu) << 23); }
template <typename V>
TG_MATH V ldexp2(V d, ints_t<V> e) {
  const ints_t<V> h = e >> 1;
  return d * pow2i<V>(__builtin_bit_cast(bits_t<V>, h)) * pow2i<V>(__builtin_bit_cast(bits_t<V>, e - h));
}

template <typename V>
TG_MATH auto is_negative_zero(V x) { return bits_of(x) == 0x80000000u; }
template <typename V>
TG_MATH V abs_of(V x) { return float_of<V>(bits_of(x) & 0x7fffffffu); }
// y with the sign bit of x flipped in (Sleef's vmulsign).
template <typename V>
TG_MATH V mulsign(V y, V x) { return float_of<V>(bits_of(y) ^ (bits_of(x) & 0x80000000u)); }

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kLog2e = 1.442695040888963407359924681001892137426645954152985934135449406931f;
// ln 2 split so that q * kLn2Hi is exact for the q of float arguments.
constexpr float kLn2Hi = 0.693145751953125f, kLn2Lo = 1.428606765330187045e-06f;

template <typename V>
struct df {
  V x, y;
};

template <typename V>
TG_MATH df<V> df_neg(df<V> a) { return {-a.x, -a.y}; }
template <typename V>
TG_MATH df<V> df_scale(df<V> a, float s) { return {a.x * s, a.y * s}; }
// dfadd: |x| >= |y|.
template <typename V>
TG_MATH df<V> df_add(V x, V y) {
  const V s = x + y;
  return {s, (x - s) + y};
}
template <typename V>
TG_MATH df<V> df_add(V x, df<V> y) {
  const V s = x + y.x;
  return {s, ((x - s) + y.x) + y.y};
}
template <typename V>
TG_MATH df<V> df_add(df<V> x, V y) {
  const V s = x.x + y;
  return {s, ((x.x - s) + y) + x.y};
}
template <typename V>
TG_MATH df<V> df_add(df<V> x, df<V> y) {
  const V s = x.x + y.x;
  return {s, (((x.x - s) + y.x) + x.y) + y.y};
}
// dfadd2: any magnitudes.
template <typename V>
TG_MATH df<V> df_add2(df<V> x, V y) {
  const V s = x.x + y, v = s - x.x;
  const V t = (x.x - (s - v)) + (y - v);
  return {s, t + x.y};
}
template <typename V>
TG_MATH df<V> df_add2(df<V> x, df<V> y) {
  const V s = x.x + y.x, v = s - x.x;
  const V t = (x.x - (s - v)) + (y.x - v);
  return {s, t + (x.y + y.y)};
}
template <typename V>
TG_MATH df<V> df_mul(df<V> x, V y) {
  const V s = x.x * y;
  return {s, mla(x.y, y, mla(x.x, y, -s))};
}
template <typename V>
TG_MATH df<V> df_mul(df<V> x, df<V> y) {
  const V s = x.x * y.x;
  return {s, mla(x.x, y.y, mla(x.y, y.x, mla(x.x, y.x, -s)))};
}
template <typename V>
TG_MATH df<V> df_square(df<V> x) {
  const V s = x.x * x.x;
  return {s, mla(x.x + x.x, x.y, mla(x.x, x.x, -s))};
}
template <typename V>
TG_MATH df<V> df_reciprocal(df<V> d) {
  const V s = 1.0f / d.x;
  return {s, s * mla(-d.y, s, mla(-d.x, s, 1.0f))};
}
template <typename V>
TG_MATH df<V> df_div(df<V> n, df<V> d) {
  const V t = 1.0f / d.x, s = n.x * t;
  const V u = mla(t, n.x, -s);
  const V v = mla(-d.y, t, mla(-d.x, t, 1.0f));
  return {s, mla(s, v, mla(n.y, t, u))};
}

// Sleef's xexpf. NaN and out-of-range arguments take their results from the selects at the end
// (no clamp before: GCC threads a clamp's branches into the selects' and then cannot vectorise).
template <typename V>
TG_MATH V exp_f32(V d) {
  const rounded<V> q = round_half_even(d * kLog2e);
  V s = mla(q.f, -kLn2Hi, d);
  s = mla(q.f, -kLn2Lo, s);
  V u = splat<V>(0.000198527617612853646278381f);
  u = mla(u, s, 0.00139304355252534151077271f);
  u = mla(u, s, 0.00833336077630519866943359f);
  u = mla(u, s, 0.0416664853692054748535156f);
  u = mla(u, s, 0.166666671633720397949219f);
  u = mla(u, s, 0.5f);
  u = ldexp2(1.0f + mla(s * s, u, s), q.i);
  u = d < -104.0f ? splat<V>(0.0f) : u;
  u = d > 100.0f ? splat<V>(kInf) : u;
  return d != d ? d : u;
}

// PyTorch's vectorized sigmoid: (0 - x), exp, + 1, reciprocal, each in float32.
template <typename V>
TG_MATH V sigmoid_f32(V x) { return 1.0f / (exp_f32(0.0f - x) + 1.0f); }

// Sleef's expk2f: e^d as a df, for -104 <= d.x + d.y <= 89 (its callers select the results outside).
template <typename V>
TG_MATH df<V> exp_df(df<V> d) {
  const rounded<V> q = round_half_even((d.x + d.y) * kLog2e);
  df<V> s = df_add2(d, q.f * -kLn2Hi);
  s = df_add2(s, q.f * -kLn2Lo);
  V u = splat<V>(0.1980960224e-3f);
  u = mla(u, s.x, 0.1394256484e-2f);
  u = mla(u, s.x, 0.8333456703e-2f);
  u = mla(u, s.x, 0.4166637361e-1f);
  df<V> t = df_add2(df_mul(s, u), splat<V>(0.166666659414234244790680580464e+0f));
  t = df_add2(df_mul(s, t), splat<V>(0.5f));
  t = df_add2(s, df_mul(df_square(s), t));
  t = df_add(splat<V>(1.0f), t);
  return {ldexp2(t.x, q.i), ldexp2(t.y, q.i)};
}

// Sleef's xtanhf (u10): (e^y - e^-y) / (e^y + e^-y) in df, 1 beyond 8.66.
template <typename V>
TG_MATH V tanh_f32(V x) {
  const V a = abs_of(x);
  df<V> d = exp_df(df<V>{a, splat<V>(0.0f)});
  const df<V> e = df_reciprocal(d);
  d = df_div(df_add(d, df_neg(e)), df_add(d, e));
  const V y = a > 8.664339742f ? splat<V>(1.0f) : d.x + d.y;
  return x != x ? x : mulsign(y, x);
}

// Sleef's xexpm1f: e^a - 1 in df.
template <typename V>
TG_MATH V expm1_f32(V a) {
  const df<V> d = df_add2(exp_df(df<V>{a, splat<V>(0.0f)}), splat<V>(-1.0f));
  V x = d.x + d.y;
  x = a > 88.72283172607421875f ? splat<V>(kInf) : x;
  x = a < -16.635532333438687426013570f ? splat<V>(-1.0f) : x;
  x = is_negative_zero(a) ? splat<V>(-0.0f) : x;
  return a != a ? a : x;
}

// Sleef's xlog1pf: log(1 + d) = e ln 2 + log(m) for 1 + d = m 2^e, log(m) by atanh's series in df.
// Its d > 1e38 gives inf (PyTorch's log1p(2e38) is inf), kept; its scaling of a subnormal 1 + d is
// left out, since 1 + d >= 2^-24 wherever the result is not replaced.
template <typename V>
TG_MATH V log1p_f32(V d) {
  const ints_t<V> e = __builtin_bit_cast(ints_t<V>, (bits_of((d + 1.0f) * (1.0f / 0.75f)) >> 23) & 0xffu) - 0x7f;
  const V t = float_of<V>(bits_of(1.0f) + (__builtin_bit_cast(bits_t<V>, -e) << 23));
  const V m = mla(d, t, t - 1.0f);
  df<V> s = df_mul(df<V>{splat<V>(0.69314718246459960938f), splat<V>(-1.904654323148236017e-09f)}, to_float<V>(e));
  const df<V> x = df_div(df<V>{m, splat<V>(0.0f)}, df_add(splat<V>(2.0f), m));
  const V x2 = x.x * x.x;
  V p = splat<V>(0.3027294874e+0f);
  p = mla(p, x2, 0.3996108174e+0f);
  p = mla(p, x2, 0.6666694880e+0f);
  s = df_add(s, df_scale(x, 2.0f));
  s = df_add(s, x2 * x.x * p);
  V r = s.x + s.y;
  r = d > 1e+38f ? splat<V>(kInf) : r;
  r = d < -1.0f ? splat<V>(kNaN) : r;
  r = d == -1.0f ? splat<V>(-kInf) : r;
  r = is_negative_zero(d) ? splat<V>(-0.0f) : r;
  return d != d ? d : r;
}

#ifdef __wasm_simd128__
// f over n floats in lanes of V; a last partial vector is padded with zeros.
template <typename V, typename F>
inline void map_vectors(const float* x, float* o, int64_t n, F f) {
  constexpr int64_t W = sizeof(V) / sizeof(float);
  int64_t i = 0;
  for (; i + W <= n; i += W) {
    V v;
    std::memcpy(&v, x + i, sizeof v);
    v = f(v);
    std::memcpy(o + i, &v, sizeof v);
  }
  if (i < n) {
    V v{};
    std::memcpy(&v, x + i, sizeof(float) * (n - i));
    v = f(v);
    std::memcpy(o + i, &v, sizeof(float) * (n - i));
  }
}
#endif

// o[i] = f(x[i]) for i < n (o may be x), f a generic lambda over one of the functions above.
template <typename F>
inline void map_lanes(const float* x, float* o, int64_t n, F f) {
#if defined(__wasm_relaxed_simd__)
  if (madd_is_fused()) map_vectors<f32x4_fused>(x, o, n, f);
  else map_vectors<f32x4>(x, o, n, f);
#elif defined(__wasm_simd128__)
  map_vectors<f32x4>(x, o, n, f);
#else
  for (int64_t i = 0; i < n; i++) o[i] = f(x[i]);
#endif
}

}  // namespace tg
