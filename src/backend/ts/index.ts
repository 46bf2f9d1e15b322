// The reference backend: plain loops over typed arrays. It is the correctness
// oracle that faster backends are tested against.
import { allocate, type DType, type TypedArray } from "../../dtype.js";
import { broadcastStrides, elementOffsets, isContiguous, numelOf, rowOffsets } from "../../shape.js";
import type { Backend, BinaryOp, ReduceOp, UnaryOp, HostView } from "../backend.js";
import { float32Unary } from "./float32.js";
import { matmulKernel } from "./matmul.js";

type Fn1 = (x: number) => number;
type Fn2 = (x: number, y: number) => number;

/**
 * erf to double precision: its Maclaurin series below 2.5 (terms shrink fast enough that
 * cancellation costs under three digits), a continued fraction for erfc above.
 */
export function erf(x: number): number {
  if (x !== x) return x;
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let term = x, sum = x;
    const x2 = x * x;
    for (let n = 1; n < 60; n++) {
      term *= -x2 / n;
      const t = term / (2 * n + 1);
      sum += t;
      if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  if (ax > 6) return Math.sign(x);
  // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))), evaluated bottom-up.
  let f = ax;
  for (let k = 60; k >= 1; k--) f = ax + k / 2 / f;
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

/** Round half to even, as torch.round (nearbyint) does. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const unaryFns: Record<UnaryOp, Fn1> = {
  neg: (x) => -x,
  abs: Math.abs,
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  expm1: Math.expm1,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  reciprocal: (x) => 1 / x,
  square: (x) => x * x,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  relu: (x) => (x > 0 ? x : x !== x ? x : 0),
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0),
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  trunc: Math.trunc,
  isnan: (x) => (x !== x ? 1 : 0),
  isfinite: (x) => (Number.isFinite(x) ? 1 : 0),
  logical_not: (x) => (x ? 0 : 1),
  identity: (x) => x,
  erf,
};

/** Python's modulo: the result takes the divisor's sign. */
function remainder(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

const binaryFns: Record<BinaryOp, Fn2> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  maximum: (a, b) => (a !== a || b !== b ? NaN : a > b ? a : b),
  minimum: (a, b) => (a !== a || b !== b ? NaN : a < b ? a : b),
  remainder,
  atan2: Math.atan2,
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  logical_and: (a, b) => (a && b ? 1 : 0),
  logical_or: (a, b) => (a || b ? 1 : 0),
};

/** Integer results are truncated toward zero (int32 also wraps to 32 bits) when stored in a float64-backed integer tensor. */
function fixInt(out: TypedArray, dtype: DType): TypedArray {
  const cast = caster(dtype);
  if (cast !== null && dtype.name !== "bool") for (let i = 0; i < out.length; i++) out[i] = cast(out[i]);
  return out;
}

function isInt(dtype: DType): boolean {
  return dtype.name === "int64" || dtype.name === "int32";
}

function scalarView(v: number): HostView {
  return { _data: Float64Array.of(v), _shape: [], _strides: [], _offset: 0 };
}

function unary(op: UnaryOp, x: HostView, dtype: DType): TypedArray {
  const n = numelOf(x._shape);
  const out = allocate(dtype, n);
  // Float32 transcendentals as PyTorch's CPU computes them (./float32.ts), not double's rounded.
  const f = (dtype.name === "float32" ? float32Unary[op] : undefined) ?? unaryFns[op];
  const d = x._data;
  if (isContiguous(x._shape, x._strides)) {
    const o = x._offset;
    if (op === "neg") for (let i = 0; i < n; i++) out[i] = -d[o + i];
    else if (f === Math.exp) for (let i = 0; i < n; i++) out[i] = Math.exp(d[o + i]);
    else for (let i = 0; i < n; i++) out[i] = f(d[o + i]);
  } else {
    const offs = elementOffsets(x);
    for (let i = 0; i < n; i++) out[i] = f(d[offs[i]]);
  }
  return isInt(dtype) ? fixInt(out, dtype) : out;
}

function binary(op: BinaryOp, a: HostView | number, b: HostView | number, shape: readonly number[], dtype: DType): TypedArray {
  const n = numelOf(shape);
  const out = allocate(dtype, n);
  const f = binaryFns[op];
  // Fast paths: contiguous operands of the output's shape, or a scalar on one side.
  const av = typeof a === "number" ? null : a;
  const bv = typeof b === "number" ? null : b;
  const aFlat = av !== null && numelOf(av._shape) === n && isContiguous(av._shape, av._strides) && av._shape.length === shape.length;
  const bFlat = bv !== null && numelOf(bv._shape) === n && isContiguous(bv._shape, bv._strides) && bv._shape.length === shape.length;
  const aScalar = av === null ? (a as number) : numelOf(av._shape) === 1 ? av._data[av._offset] : undefined;
  const bScalar = bv === null ? (b as number) : numelOf(bv._shape) === 1 ? bv._data[bv._offset] : undefined;
  if (aFlat && (bFlat || bScalar !== undefined)) {
    const ad = av!._data, ao = av!._offset;
    if (bFlat) {
      const bd = bv!._data, bo = bv!._offset;
      switch (op) {
        case "add": for (let i = 0; i < n; i++) out[i] = ad[ao + i] + bd[bo + i]; break;
        case "sub": for (let i = 0; i < n; i++) out[i] = ad[ao + i] - bd[bo + i]; break;
        case "mul": for (let i = 0; i < n; i++) out[i] = ad[ao + i] * bd[bo + i]; break;
        case "div": for (let i = 0; i < n; i++) out[i] = ad[ao + i] / bd[bo + i]; break;
        default: for (let i = 0; i < n; i++) out[i] = f(ad[ao + i], bd[bo + i]);
      }
    } else {
      const s = bScalar!;
      switch (op) {
        case "add": for (let i = 0; i < n; i++) out[i] = ad[ao + i] + s; break;
        case "sub": for (let i = 0; i < n; i++) out[i] = ad[ao + i] - s; break;
        case "mul": for (let i = 0; i < n; i++) out[i] = ad[ao + i] * s; break;
        case "div": for (let i = 0; i < n; i++) out[i] = ad[ao + i] / s; break;
        // Comparisons with a number: relu's backward and masks, on every training step.
        case "le": for (let i = 0; i < n; i++) out[i] = ad[ao + i] <= s ? 1 : 0; break;
        case "lt": for (let i = 0; i < n; i++) out[i] = ad[ao + i] < s ? 1 : 0; break;
        case "ge": for (let i = 0; i < n; i++) out[i] = ad[ao + i] >= s ? 1 : 0; break;
        case "gt": for (let i = 0; i < n; i++) out[i] = ad[ao + i] > s ? 1 : 0; break;
        case "eq": for (let i = 0; i < n; i++) out[i] = ad[ao + i] === s ? 1 : 0; break;
        case "ne": for (let i = 0; i < n; i++) out[i] = ad[ao + i] !== s ? 1 : 0; break;
        default: for (let i = 0; i < n; i++) out[i] = f(ad[ao + i], s);
      }
    }
    return isInt(dtype) ? fixInt(out, dtype) : out;
  }
  if (bFlat && aScalar !== undefined) {
    const bd = bv!._data, bo = bv!._offset, s = aScalar;
    for (let i = 0; i < n; i++) out[i] = f(s, bd[bo + i]);
    return isInt(dtype) ? fixInt(out, dtype) : out;
  }
  // General strided broadcast.
  const A = av ?? scalarView(a as number);
  const B = bv ?? scalarView(b as number);
  if (n === 0) return out;
  const as = broadcastStrides(A._shape, A._strides, shape);
  const bs = broadcastStrides(B._shape, B._strides, shape);
  const nd = shape.length;
  if (nd === 0) {
    out[0] = f(A._data[A._offset], B._data[B._offset]);
    return isInt(dtype) ? fixInt(out, dtype) : out;
  }
  const inner = shape[nd - 1];
  const ai = as[nd - 1], bi = bs[nd - 1];
  const [ra, rb] = rowOffsets(shape, [as, bs], [A._offset, B._offset]);
  const ad = A._data, bd = B._data;
  const row = rowKernels[op] ?? rowWith(f);
  for (let r = 0, o = 0; r < ra.length; r++, o += inner) row(out, o, ad, ra[r], ai, bd, rb[r], bi, inner);
  return isInt(dtype) ? fixInt(out, dtype) : out;
}

type RowKernel = (out: TypedArray, o: number, a: TypedArray, pa: number, sa: number, b: TypedArray, pb: number, sb: number, n: number) => void;

/** One output row of a broadcast binary op; the common ops get their own loop (no call per element). */
const rowKernels: Partial<Record<BinaryOp, RowKernel>> = {
  add: (out, o, a, pa, sa, b, pb, sb, n) => { for (let j = 0; j < n; j++, pa += sa, pb += sb) out[o + j] = a[pa] + b[pb]; },
  sub: (out, o, a, pa, sa, b, pb, sb, n) => { for (let j = 0; j < n; j++, pa += sa, pb += sb) out[o + j] = a[pa] - b[pb]; },
  mul: (out, o, a, pa, sa, b, pb, sb, n) => { for (let j = 0; j < n; j++, pa += sa, pb += sb) out[o + j] = a[pa] * b[pb]; },
  div: (out, o, a, pa, sa, b, pb, sb, n) => { for (let j = 0; j < n; j++, pa += sa, pb += sb) out[o + j] = a[pa] / b[pb]; },
};

function rowWith(f: Fn2): RowKernel {
  return (out, o, a, pa, sa, b, pb, sb, n) => {
    for (let j = 0; j < n; j++, pa += sa, pb += sb) out[o + j] = f(a[pa], b[pb]);
  };
}

function clamp(x: HostView, lo: number, hi: number, dtype: DType): TypedArray {
  const offs = elementOffsets(x);
  const out = allocate(dtype, offs.length);
  const d = x._data;
  for (let i = 0; i < offs.length; i++) {
    const v = d[offs[i]];
    out[i] = v !== v ? v : v < lo ? lo : v > hi ? hi : v;
  }
  return out;
}

/**
 * Reduces a contiguous block of dims [first, last] of a contiguous x that keeps some
 * trailing dims: combines whole rows of the trailing size, so the inner loop runs
 * over contiguous memory (pooling windows, sums over a batch dim).
 */
function reduceMiddle(op: ReduceOp, x: HostView, first: number, last: number, dtype: DType): TypedArray | null {
  const shape = x._shape;
  const outer = numelOf(shape.slice(0, first));
  const red = numelOf(shape.slice(first, last + 1));
  const inner = numelOf(shape.slice(last + 1));
  if (inner < 8 || (op !== "sum" && op !== "max" && op !== "min" && op !== "argmax" && op !== "argmin")) return null;
  const d = x._data, base = x._offset;
  const out = allocate(dtype, outer * inner);
  const acc = new Float64Array(inner);
  const arg = op === "argmax" || op === "argmin";
  const best = arg ? new Float64Array(inner) : acc;
  const isMax = op === "max" || op === "argmax";
  for (let o = 0; o < outer; o++) {
    const start = base + o * red * inner;
    for (let j = 0; j < inner; j++) {
      best[j] = d[start + j];
      if (arg) acc[j] = 0;
    }
    for (let r = 1; r < red; r++) {
      const row = start + r * inner;
      if (op === "sum") for (let j = 0; j < inner; j++) acc[j] += d[row + j];
      else {
        for (let j = 0; j < inner; j++) {
          const v = d[row + j], b = best[j];
          if (b !== b) continue;
          if (v !== v || (isMax ? v > b : v < b)) {
            best[j] = v;
            if (arg) acc[j] = r;
          }
        }
      }
    }
    const o0 = o * inner;
    for (let j = 0; j < inner; j++) out[o0 + j] = arg ? acc[j] : best[j];
  }
  return out;
}

function reduce(op: ReduceOp, x: HostView, dims: readonly number[], dtype: DType): TypedArray {
  const nd = x._shape.length;
  if (dims.length > 0 && dims[dims.length - 1] < nd - 1 && dims.every((dd, i) => i === 0 || dd === dims[i - 1] + 1) && isContiguous(x._shape, x._strides)) {
    const fast = reduceMiddle(op, x, dims[0], dims[dims.length - 1], dtype);
    if (fast !== null) return fast;
  }
  const reduced = new Set(dims);
  const kept: number[] = [];
  for (let d = 0; d < nd; d++) if (!reduced.has(d)) kept.push(d);
  const keptShape = kept.map((d) => x._shape[d]);
  const redDims = [...dims];
  const redShape = redDims.map((d) => x._shape[d]);
  const outer = numelOf(keptShape);
  const inner = numelOf(redShape);
  const out = allocate(dtype, outer);
  const outerOffsets = keptShape.length === 0 ? Int32Array.of(x._offset) : elementOffsets({ _shape: keptShape, _strides: kept.map((d) => x._strides[d]), _offset: x._offset });
  const innerOffsets = elementOffsets({ _shape: redShape, _strides: redDims.map((d) => x._strides[d]), _offset: 0 });
  const d = x._data;
  for (let o = 0; o < outer; o++) {
    const base = outerOffsets[o];
    let acc: number;
    switch (op) {
      case "sum":
        acc = 0;
        for (let i = 0; i < inner; i++) acc += d[base + innerOffsets[i]];
        break;
      case "prod":
        acc = 1;
        for (let i = 0; i < inner; i++) acc *= d[base + innerOffsets[i]];
        break;
      case "max":
      case "min": {
        const isMax = op === "max";
        acc = isMax ? -Infinity : Infinity;
        for (let i = 0; i < inner; i++) {
          const v = d[base + innerOffsets[i]];
          if (v !== v) { acc = v; break; }
          if (isMax ? v > acc : v < acc) acc = v;
        }
        break;
      }
      case "argmax":
      case "argmin": {
        const isMax = op === "argmax";
        let best = isMax ? -Infinity : Infinity;
        acc = 0;
        for (let i = 0; i < inner; i++) {
          const v = d[base + innerOffsets[i]];
          if (v !== v) { acc = i; break; }
          if (isMax ? v > best : v < best) { best = v; acc = i; }
        }
        break;
      }
      case "all":
        acc = 1;
        for (let i = 0; i < inner; i++) if (!d[base + innerOffsets[i]]) { acc = 0; break; }
        break;
      case "any":
        acc = 0;
        for (let i = 0; i < inner; i++) if (d[base + innerOffsets[i]]) { acc = 1; break; }
        break;
    }
    out[o] = acc;
  }
  return out;
}

/** The store conversion of each dtype: bool is x != 0, int64 truncates toward zero, int32 also wraps. */
function caster(dtype: DType): Fn1 | null {
  return dtype.name === "bool" ? (v) => (v ? 1 : 0) : dtype.name === "int64" ? Math.trunc : dtype.name === "int32" ? (v) => v | 0 : null;
}

function copy(x: HostView, shape: readonly number[], dtype: DType): TypedArray {
  const n = numelOf(shape);
  const src = x._data;
  const out = allocate(dtype, n);
  const cast = caster(dtype);
  if (cast === null && numelOf(x._shape) === n && isContiguous(x._shape, x._strides)) {
    if (n > 0) out.set(src.subarray(x._offset, x._offset + n) as never);
    return out;
  }
  if (n === 0) return out;
  // Strided (transposed, broadcast) source: walk it row by row, without a per-element offset table.
  const strides = broadcastStrides(x._shape, x._strides, shape);
  const nd = shape.length;
  if (nd === 0) {
    out[0] = cast === null ? src[x._offset] : cast(src[x._offset]);
    return out;
  }
  const inner = shape[nd - 1];
  const st = strides[nd - 1];
  const [rows] = rowOffsets(shape, [strides], [x._offset]);
  let o = 0;
  for (let r = 0; r < rows.length; r++) {
    let p = rows[r];
    if (cast === null) for (let j = 0; j < inner; j++, p += st) out[o++] = src[p];
    else for (let j = 0; j < inner; j++, p += st) out[o++] = cast(src[p]);
  }
  return out;
}

function copyInto(dst: HostView, src: HostView | number, dtype: DType): void {
  const cast = caster(dtype);
  const dd = dst._data;
  const n = numelOf(dst._shape);
  const dstFlat = isContiguous(dst._shape, dst._strides);
  if (typeof src === "number") {
    const v = cast === null ? src : cast(src);
    if (dstFlat) dd.fill(v, dst._offset, dst._offset + n);
    else {
      const dOffs = elementOffsets(dst);
      for (let i = 0; i < dOffs.length; i++) dd[dOffs[i]] = v;
    }
    return;
  }
  // Fast path (every in-place op on a contiguous tensor): same element count, both contiguous.
  if (dstFlat && cast === null && numelOf(src._shape) === n && isContiguous(src._shape, src._strides)) {
    dd.set(src._data.subarray(src._offset, src._offset + n) as never, dst._offset);
    return;
  }
  const dOffs = elementOffsets(dst);
  const sOffs = elementOffsets({ _shape: dst._shape, _strides: broadcastStrides(src._shape, src._strides, dst._shape), _offset: src._offset });
  const sd = src._data;
  const c = cast ?? ((v: number) => v);
  for (let i = 0; i < dOffs.length; i++) dd[dOffs[i]] = c(sd[sOffs[i]]);
}

function where(cond: HostView, a: HostView | number, b: HostView | number, shape: readonly number[], dtype: DType): TypedArray {
  const n = numelOf(shape);
  const out = allocate(dtype, n);
  // Fast path: every operand contiguous of the output's shape, or a number.
  const flatOf = (v: HostView | number) => typeof v === "number" || (numelOf(v._shape) === n && v._shape.length === shape.length && isContiguous(v._shape, v._strides));
  if (flatOf(cond) && flatOf(a) && flatOf(b)) {
    const cd = cond._data, co = cond._offset;
    if (typeof a === "number" && typeof b !== "number") {
      const bd = b._data, bo = b._offset;
      for (let i = 0; i < n; i++) out[i] = cd[co + i] ? a : bd[bo + i];
      return out;
    }
    if (typeof a !== "number" && typeof b === "number") {
      const ad = a._data, ao = a._offset;
      for (let i = 0; i < n; i++) out[i] = cd[co + i] ? ad[ao + i] : b;
      return out;
    }
    if (typeof a !== "number" && typeof b !== "number") {
      const ad = a._data, ao = a._offset, bd = b._data, bo = b._offset;
      for (let i = 0; i < n; i++) out[i] = cd[co + i] ? ad[ao + i] : bd[bo + i];
      return out;
    }
  }
  const rd = (v: HostView | number) => {
    if (typeof v === "number") return (_i: number) => v;
    const offs = elementOffsets({ _shape: shape, _strides: broadcastStrides(v._shape, v._strides, shape), _offset: v._offset });
    const d = v._data;
    return (i: number) => d[offs[i]];
  };
  const c = rd(cond), ra = rd(a), rb = rd(b);
  for (let i = 0; i < n; i++) out[i] = c(i) ? ra(i) : rb(i);
  return out;
}

function cumsum(x: HostView, dim: number, dtype: DType): TypedArray {
  const shape = x._shape;
  const n = numelOf(shape);
  const out = allocate(dtype, n);
  const offs = elementOffsets(x);
  const len = shape[dim];
  const inner = numelOf(shape.slice(dim + 1));
  const outer = n / Math.max(len * inner, 1);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let acc = 0;
      for (let k = 0; k < len; k++) {
        const p = (o * len + k) * inner + i;
        acc += x._data[offs[p]];
        out[p] = acc;
      }
    }
  }
  return out;
}

function argsort(x: HostView, dim: number, descending: boolean, dtype: DType): TypedArray {
  const shape = x._shape;
  const total = numelOf(shape);
  const out = allocate(dtype, total);
  const offs = elementOffsets(x);
  const len = shape[dim];
  const inner = numelOf(shape.slice(dim + 1));
  const outer = total / Math.max(len * inner, 1);
  const idx = new Array<number>(len);
  const sign = descending ? -1 : 1;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (j: number) => x._data[offs[(o * len + j) * inner + i]] as number;
      for (let j = 0; j < len; j++) idx[j] = j;
      // Array.prototype.sort is stable: ties keep their order. NaN sorts above every number.
      idx.sort((a, b) => {
        const va = at(a), vb = at(b);
        const na = Number.isNaN(va), nb = Number.isNaN(vb);
        if (na || nb) return na === nb ? 0 : (na ? 1 : -1) * sign;
        return va === vb ? 0 : (va < vb ? -1 : 1) * sign;
      });
      for (let j = 0; j < len; j++) out[(o * len + j) * inner + i] = idx[j];
    }
  }
  return out;
}

function full(n: number, value: number, dtype: DType): TypedArray {
  const out = allocate(dtype, n);
  if (value !== 0) out.fill(value);
  return out;
}

function take(x: HostView, index: ArrayLike<number>, dtype: DType): TypedArray {
  const out = allocate(dtype, index.length);
  const d = x._data;
  if (isContiguous(x._shape, x._strides)) {
    const o = x._offset;
    for (let i = 0; i < index.length; i++) out[i] = d[o + index[i]];
    return out;
  }
  const offs = elementOffsets(x);
  for (let i = 0; i < index.length; i++) out[i] = d[offs[index[i]]];
  return out;
}

function putAdd(base: HostView, index: ArrayLike<number>, src: HostView, dtype: DType): TypedArray {
  const out = copy(base, base._shape, dtype);
  const sd = src._data;
  // A negative offset is skipped (an embedding's padding row takes no gradient).
  if (isContiguous(src._shape, src._strides)) {
    const o = src._offset;
    for (let i = 0; i < index.length; i++) if (index[i] >= 0) out[index[i]] += sd[o + i];
    return out;
  }
  const sOffs = elementOffsets(src);
  for (let i = 0; i < index.length; i++) if (index[i] >= 0) out[index[i]] += sd[sOffs[i]];
  return out;
}

export const tsBackend: Backend<TypedArray> = {
  name: "ts",
  device: "cpu",
  full,
  unary,
  binary,
  clamp,
  reduce,
  copy,
  copyInto,
  where,
  matmul: matmulKernel,
  cumsum,
  argsort,
  take,
  putAdd,
};

