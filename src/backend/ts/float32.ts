// float32 exp, sigmoid, tanh, log1p and expm1 as PyTorch's CPU computes them:
// the algorithms of native/float_math.h (Sleef's), operation for operation in
// float32, each result rounded by Math.fround, the multiply-adds fused as that
// file's double form fuses them (Note [float32 transcendentals] there). So the
// TypeScript backend gives the kernels' bits, and a tensor's values do not
// depend on which backend its size sends it to.
import type { UnaryOp } from "../backend.js";

const f = Math.fround;
/** a * b + c rounded once to double, then to float: a * b of two floats is exact in double. */
const mla = (a: number, b: number, c: number): number => f(a * b + c);

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);
const bitsOf = (x: number): number => ((F32[0] = x), U32[0]);
const floatOf = (bits: number): number => ((U32[0] = bits), F32[0]);

const LOG2E = f(1.442695040888963407359924681001892137426645954152985934135449406931);
const LN2_HI = 0.693145751953125, LN2_LO = f(1.428606765330187045e-6);
const ROUNDER = 12582912; // 1.5 * 2^23: v + ROUNDER rounds v to an integer, ties to even

/** 2^k for -150 <= k <= 150, at POW2[k + 150] (2 ** k is a call to Math.pow). */
const POW2 = Float64Array.from({ length: 301 }, (_, i) => 2 ** (i - 150));

/** d * 2^e by two exact factors, as Sleef's vldexp2 (each product rounded to float). */
function ldexp2(d: number, e: number): number {
  const h = e >> 1;
  return f(f(d * POW2[h + 150]) * POW2[e - h + 150]);
}

/** y with x's sign bit flipped in (Sleef's vmulsign). */
const mulsign = (y: number, x: number): number => (x < 0 || Object.is(x, -0) ? -y : y);

interface DF {
  x: number;
  y: number;
}
// Sleef's df.h (FMA forms): dfadd assumes |x| >= |y|, dfadd2 does not.
const addFF = (x: number, y: number): DF => {
  const s = f(x + y);
  return { x: s, y: f(f(x - s) + y) };
};
const addFD = (x: number, y: DF): DF => {
  const s = f(x + y.x);
  return { x: s, y: f(f(f(x - s) + y.x) + y.y) };
};
const addDF = (x: DF, y: number): DF => {
  const s = f(x.x + y);
  return { x: s, y: f(f(f(x.x - s) + y) + x.y) };
};
const addDD = (x: DF, y: DF): DF => {
  const s = f(x.x + y.x);
  return { x: s, y: f(f(f(f(x.x - s) + y.x) + x.y) + y.y) };
};
const add2DF = (x: DF, y: number): DF => {
  const s = f(x.x + y), v = f(s - x.x);
  const t = f(f(x.x - f(s - v)) + f(y - v));
  return { x: s, y: f(t + x.y) };
};
const add2DD = (x: DF, y: DF): DF => {
  const s = f(x.x + y.x), v = f(s - x.x);
  const t = f(f(x.x - f(s - v)) + f(y.x - v));
  return { x: s, y: f(t + f(x.y + y.y)) };
};
const mulDF = (x: DF, y: number): DF => {
  const s = f(x.x * y);
  return { x: s, y: mla(x.y, y, mla(x.x, y, -s)) };
};
const mulDD = (x: DF, y: DF): DF => {
  const s = f(x.x * y.x);
  return { x: s, y: mla(x.x, y.y, mla(x.y, y.x, mla(x.x, y.x, -s))) };
};
const square = (x: DF): DF => {
  const s = f(x.x * x.x);
  return { x: s, y: mla(f(x.x + x.x), x.y, mla(x.x, x.x, -s)) };
};
const reciprocal = (d: DF): DF => {
  const s = f(1 / d.x);
  return { x: s, y: f(s * mla(-d.y, s, mla(-d.x, s, 1))) };
};
const div = (n: DF, d: DF): DF => {
  const t = f(1 / d.x), s = f(n.x * t);
  const u = mla(t, n.x, -s);
  const v = mla(-d.y, t, mla(-d.x, t, 1));
  return { x: s, y: mla(s, v, mla(n.y, t, u)) };
};

const E0 = f(0.000198527617612853646278381), E1 = f(0.00139304355252534151077271), E2 = f(0.00833336077630519866943359);
const E3 = f(0.0416664853692054748535156), E4 = f(0.166666671633720397949219);

/** Sleef's xexpf. */
export function exp32(x: number): number {
  const d = f(x);
  if (d !== d) return d;
  if (d < -104) return 0;
  if (d > 100) return Infinity;
  const qf = f(f(f(d * LOG2E) + ROUNDER) - ROUNDER);
  let s = mla(qf, -LN2_HI, d);
  s = mla(qf, -LN2_LO, s);
  let u = E0;
  u = mla(u, s, E1);
  u = mla(u, s, E2);
  u = mla(u, s, E3);
  u = mla(u, s, E4);
  u = mla(u, s, 0.5);
  return ldexp2(f(1 + mla(f(s * s), u, s)), qf);
}

/** PyTorch's vectorized sigmoid: (0 - x), exp, + 1, reciprocal, each in float32. */
export const sigmoid32 = (x: number): number => f(1 / f(exp32(f(0 - f(x))) + 1));

const K0 = f(0.1980960224e-3), K1 = f(0.1394256484e-2), K2 = f(0.8333456703e-2), K3 = f(0.4166637361e-1);
const K4 = f(0.166666659414234244790680580464);

/** Sleef's expk2f: e^d as a df, for -104 <= d.x + d.y <= 89. */
function expDF(d: DF): DF {
  const qf = f(f(f(f(d.x + d.y) * LOG2E) + ROUNDER) - ROUNDER);
  let s = add2DF(d, f(qf * -LN2_HI));
  s = add2DF(s, f(qf * -LN2_LO));
  let u = K0;
  u = mla(u, s.x, K1);
  u = mla(u, s.x, K2);
  u = mla(u, s.x, K3);
  let t = add2DF(mulDF(s, u), K4);
  t = add2DF(mulDD(s, t), 0.5);
  t = add2DD(s, mulDD(square(s), t));
  t = addFD(1, t);
  return { x: ldexp2(t.x, qf), y: ldexp2(t.y, qf) };
}

/** Sleef's xtanhf (u10). */
export function tanh32(x: number): number {
  const v = f(x);
  if (v !== v) return v;
  const a = Math.abs(v);
  if (a > f(8.664339742)) return mulsign(1, v);
  let d = expDF({ x: a, y: 0 });
  const e = reciprocal(d);
  d = div(addDD(d, { x: -e.x, y: -e.y }), addDD(d, e));
  return mulsign(f(d.x + d.y), v);
}

/** Sleef's xexpm1f. */
export function expm1_32(x: number): number {
  const a = f(x);
  if (a !== a || Object.is(a, -0)) return a;
  if (a > f(88.72283172607421875)) return Infinity;
  if (a < f(-16.635532333438687426013570)) return -1;
  const d = add2DF(expDF({ x: a, y: 0 }), -1);
  return f(d.x + d.y);
}

const L0 = f(0.3027294874), L1 = f(0.3996108174), L2 = f(0.666669488);
const LN2_DF: DF = { x: f(0.69314718246459960938), y: f(-1.904654323148236017e-9) };

/** Sleef's xlog1pf, with its log1p(d > 1e38) = inf (PyTorch's too). */
export function log1p32(x: number): number {
  const d = f(x);
  if (d !== d || Object.is(d, -0)) return d;
  if (d > f(1e38)) return Infinity;
  if (d < -1) return NaN;
  if (d === -1) return -Infinity;
  const e = ((bitsOf(f(f(d + 1) * f(1 / 0.75))) >>> 23) & 0xff) - 0x7f;
  const t = floatOf(bitsOf(1) + (-e << 23));
  const m = mla(d, t, f(t - 1));
  let s = mulDF(LN2_DF, e);
  const r = div({ x: m, y: 0 }, addFF(2, m));
  const x2 = f(r.x * r.x);
  let p = L0;
  p = mla(p, x2, L1);
  p = mla(p, x2, L2);
  s = addDD(s, { x: f(r.x * 2), y: f(r.y * 2) });
  s = addDF(s, f(f(x2 * r.x) * p));
  return f(s.x + s.y);
}

/** The float32 forms of these ops, for the TypeScript backend's float32 tensors. */
export const float32Unary: Partial<Record<UnaryOp, (x: number) => number>> = { exp: exp32, sigmoid: sigmoid32, tanh: tanh32, log1p: log1p32, expm1: expm1_32 };
