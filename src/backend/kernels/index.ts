// The kernel backends: the kernels of native/kernels.h, reached through the
// N-API addon in Node (native/addon.cc, built by `npm install`) or through
// WebAssembly (native/wasm.cc, see ../wasm). They take the large, contiguous
// floating-point work (matrix products, elementwise ops, comparisons and where,
// reductions, gathers and scatters) and leave everything else, small tensors
// included, to the TypeScript backend: for tiny tensors the call into the
// kernels costs more than the work.
import { bool, float32, float64, int64, type DType, type TypedArray, allocate } from "../../dtype.js";
import { broadcastStrides, contiguousStrides, isContiguous, numelOf, sameShape, windowCount } from "../../shape.js";
import type { Backend, BinaryOp, ReduceOp, UnaryOp, HostView } from "../backend.js";
import { tsBackend } from "../ts/index.js";

/** The kernels of native/kernels.h over typed arrays plus element offsets, as the addon exports them. */
export interface Kernels {
  /** bias: a row of n added to every output row (addmm's), or null. */
  matmul(a: TypedArray, aOff: number, abs: number, ars: number, acs: number, b: TypedArray, bOff: number, bbs: number, brs: number, bcs: number, batch: number, m: number, k: number, n: number, out: TypedArray, bias: TypedArray | null, biasOff: number): void;
  binary(op: number, a: TypedArray, aOff: number, b: TypedArray, bOff: number, out: TypedArray, n: number, mode: number, mid: number, inner: number): void;
  unary(op: number, x: TypedArray, xOff: number, out: TypedArray, n: number): void;
  reduceMiddle(op: number, x: TypedArray, xOff: number, outer: number, red: number, inner: number, out: TypedArray): void;
  /** Note [fused softmax]: rows x size, contiguous; log: 1 for log_softmax. */
  softmax(x: TypedArray, xOff: number, out: TypedArray, rows: number, size: number, log: number): void;
  softmaxBackward(g: TypedArray, gOff: number, y: TypedArray, yOff: number, out: TypedArray, rows: number, size: number, log: number): void;
  take(x: TypedArray, xOff: number, index: Int32Array, out: TypedArray): void;
  /** geometry: n, c, h, w, o, kh, kw, sh, sw, dh, dw, ho, wo, ph, pw (convGeometry). */
  conv2d(x: TypedArray, xOff: number, weight: TypedArray, weightOff: number, bias: TypedArray | null, biasOff: number, out: TypedArray, geometry: Float64Array): void;
  conv2dBackward(g: TypedArray, gOff: number, x: TypedArray, xOff: number, weight: TypedArray, weightOff: number, gradInput: TypedArray | null, gradWeight: TypedArray | null, geometry: Float64Array): void;
  /** geometry: planes, h, w, kh, kw, sh, sw, dh, dw, ho, wo. */
  maxPool2d(x: TypedArray, xOff: number, out: TypedArray, indices: Int32Array, geometry: Float64Array): void;
  maxPool2dBackward(g: TypedArray, gOff: number, indices: Int32Array, out: TypedArray, planes: number, planeIn: number): void;
  /** Fills out by bernoulli53 on the generator state mt from index; returns the next index. */
  bernoulli(mt: Uint32Array, index: number, out: TypedArray, p: number): number;
  putAdd(out: TypedArray, index: Int32Array, src: TypedArray, srcOff: number, parallel: boolean): void;
  disjointChunks(index: Int32Array): boolean;
  compareScalar(op: number, x: TypedArray, xOff: number, scalar: number, out: Uint8Array, n: number): void;
  where(cond: TypedArray, cOff: number, a: TypedArray, aOff: number, aScalar: number | null, b: TypedArray, bOff: number, bScalar: number | null, out: TypedArray, n: number): void;
  thresholdBackward(g: TypedArray, gOff: number, x: TypedArray, xOff: number, threshold: number, out: TypedArray, n: number): void;
  copyStrided(src: TypedArray, offset: number, shape: Float64Array, strides: Float64Array, out: TypedArray): void;
  /** h: lr, beta1, beta2, eps, weight_decay, decoupled, maximize, lr / bias_correction1, sqrt(bias_correction2). */
  adam(p: TypedArray, pOff: number, g: TypedArray, gOff: number, m: TypedArray, mOff: number, v: TypedArray, vOff: number, vmax: TypedArray | null, vmaxOff: number, n: number, h: Float64Array): void;
  /** h: lr, momentum, dampening, weight_decay, nesterov, maximize, first. */
  sgd(p: TypedArray, pOff: number, g: TypedArray, gOff: number, buf: TypedArray | null, bufOff: number, n: number, h: Float64Array): void;
  /** h: lr, rho, eps, weight_decay, maximize. */
  adadelta(p: TypedArray, pOff: number, g: TypedArray, gOff: number, squareAvg: TypedArray, squareAvgOff: number, accDelta: TypedArray, accDeltaOff: number, n: number, h: Float64Array): void;
  setNumThreads(n: number): void;
  getNumThreads(): number;
  blas(): string;
}

// Note [native thresholds]: below these sizes a call into the addon (about 1-2 us)
// costs more than the TypeScript loop. Measured per op (n elements, TS / native
// microseconds, float32): add 1024: 3.95 / 2.41; exp 512: 9.1 / 1.3; sigmoid 256:
// 9.7 / 0.9; relu 256: 5.6 / 0.9; erf 512: 30 / 5.7. Unary ops pay from a few
// hundred elements (their TS loop costs 10-70 ns per element); the rest from about 1024.
// Matrix products: from this many multiply-adds.
const MIN_ELEMENTS = 1024;
const MIN_UNARY_ELEMENTS = 256;
// float32's exp, tanh, sigmoid, log1p and expm1 in TypeScript are Sleef's algorithms in fround
// arithmetic (Note [float32 transcendentals] in native/float_math.h), 30-130 ns an element against
// a kernel call of about 0.3 us (8 elements: TS 0.27-1.05 us; 16: 0.5-2.0 us, native 0.3).
const MIN_MATH_ELEMENTS = 8;
const FLOAT32_MATH = new Set<UnaryOp>(["exp", "tanh", "sigmoid", "log1p", "expm1"]);
const MIN_MATMUL_WORK = 32768;

// The ops with a kernel in native/kernels.h, to their numbers in its enums (Bin, Un, Cmp, reduce_middle's op).
const numbered = <T extends string>(ops: readonly T[]) => new Map(ops.map((op, i) => [op, i]));
const BINARY_OPS = numbered<BinaryOp>(["add", "sub", "mul", "div", "maximum", "minimum", "pow"]);
const UNARY_OPS = numbered<UnaryOp>(["exp", "log", "tanh", "sigmoid", "relu", "neg", "sqrt", "rsqrt", "abs", "square", "reciprocal", "sin", "cos", "erf", "log1p", "expm1"]);
const COMPARE_OPS = numbered<BinaryOp>(["le", "lt", "ge", "gt", "eq", "ne"]);
const REDUCE_OPS = numbered<ReduceOp>(["sum", "max", "min", "argmax", "argmin"]);
const EMPTY_F32 = new Float32Array(0);

const isFloat = (d: DType) => d === float32 || d === float64;

/** A view that reads one element everywhere (a broadcast scalar, e.g. the gradient of sum()). */
const isScalarView = (v: HostView) => v._strides.every((s) => s === 0) || numelOf(v._shape) === 1;
/** The addon reads a view's storage directly, so it needs the storage to be of the computing dtype. */
const storageIs = (v: HostView, d: DType) => (d === float32 ? v._data instanceof Float32Array : v._data instanceof Float64Array);

/**
 * When b (right-aligned to `shape`) is 1 everywhere but one run of dims equal to
 * shape's there (a bias row [F] on [N, F], a channel bias [C, 1, 1] on [N, C, H, W]):
 * that run's size and the size of the dims after it.
 */
function broadcastBlock(bShape: readonly number[], shape: readonly number[]): { mid: number; inner: number } | null {
  const lead = shape.length - bShape.length;
  let first = -1, last = -1;
  for (let d = 0; d < bShape.length; d++) {
    if (bShape[d] === 1) continue;
    if (bShape[d] !== shape[d + lead] || (last >= 0 && last !== d - 1)) return null;
    if (first < 0) first = d;
    last = d;
  }
  if (first < 0) return null;
  return { mid: numelOf(bShape.slice(first, last + 1)), inner: numelOf(shape.slice(last + 1 + lead)) };
}

/** How binary_kernel reads a contiguous b against the output (its modes 0, 1, 3), or null where it cannot. */
function readOfB(bShape: readonly number[], shape: readonly number[]): { mode: number; mid: number; inner: number } | null {
  const bn = numelOf(bShape), n = numelOf(shape);
  if (bn === n) return sameShape(bShape, shape) ? { mode: 0, mid: 1, inner: 1 } : null;
  if (bn === 1) return { mode: 1, mid: 1, inner: 1 };
  const block = broadcastBlock(bShape, shape);
  return block === null ? null : { mode: 3, ...block };
}

/** Whether an in-place update of p reading `others` can run as one kernel: all contiguous, of p's shape and float storage type. */
function fusible(p: HostView, others: readonly HostView[]): boolean {
  const type = p._data.constructor;
  if (type !== Float32Array && type !== Float64Array) return false;
  return [p, ...others].every((v) => v._data.constructor === type && sameShape(v._shape, p._shape) && isContiguous(v._shape, v._strides));
}

/** A one-element array of dtype holding v (a number operand of binary_kernel). */
function oneElement(dtype: DType, v: number): TypedArray {
  const array = allocate(dtype, 1);
  array[0] = v;
  return array;
}

/** dims (sorted) as runs of consecutive dims, last run first. */
function dimRuns(dims: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const d of dims) {
    const cur = runs[runs.length - 1];
    if (cur && cur[1] === d - 1) cur[1] = d;
    else runs.push([d, d]);
  }
  return runs.reverse();
}

/**
 * A convolution's geometry as the kernels read it (native/kernels.h): n, c, h, w, o, kh, kw, sh, sw,
 * dh, dw, ho, wo, ph, pw; null for an empty one, which the composed path takes.
 */
function convGeometry(x: readonly number[], weight: readonly number[], [sh, sw]: readonly number[], [ph, pw]: readonly number[], [dh, dw]: readonly number[]): Float64Array | null {
  const [n, c, h, w] = x, [o, , kh, kw] = weight;
  const ho = windowCount(h + 2 * ph, kh, sh, dh), wo = windowCount(w + 2 * pw, kw, sw, dw);
  if (ho <= 0 || wo <= 0 || n * o * c === 0) return null;
  return Float64Array.of(n, c, h, w, o, kh, kw, sh, sw, dh, dw, ho, wo, ph, pw);
}

/**
 * A CPU backend over a set of kernels: "native" (the addon) or "wasm". `output`
 * allocates the storage a kernel writes in full.
 */
export function kernelBackend(name: string, addon: Kernels, output: (dtype: DType, n: number) => TypedArray = allocate): Backend<TypedArray> {
  // Whether an index array may be scattered in parallel: checked once per array (convolution and
  // pooling reuse theirs every step, see windowOffsets).
  const disjoint = new WeakMap<Int32Array, { threads: number; parallel: boolean }>();
  const flat = (v: HostView) => isContiguous(v._shape, v._strides);
  /** v read contiguously at `shape` (a strided or broadcast view is copied natively first: two native passes beat one TS walk). */
  const dense = (v: HostView, shape: readonly number[], dtype: DType): HostView =>
    flat(v) && sameShape(v._shape, shape) ? v : { _data: backend.copy(v, shape, dtype), _shape: shape, _strides: contiguousStrides(shape), _offset: 0 };
  /** How binary_kernel reads b against an output of `shape`: a number as one element, in place where it can (the same shape, a bias row or channel), else densely. */
  const readB = (b: HostView | number, shape: readonly number[], dtype: DType): { data: TypedArray; offset: number; mode: number; mid: number; inner: number } => {
    if (typeof b === "number") return { data: oneElement(dtype, b), offset: 0, mode: 1, mid: 1, inner: 1 };
    const plan = flat(b) ? readOfB(b._shape, shape) : null;
    if (plan !== null) return { data: b._data, offset: b._offset, ...plan };
    const bv = dense(b, shape, dtype);
    return { data: bv._data, offset: bv._offset, mode: 0, mid: 1, inner: 1 };
  };
  /** a @ b (+ bias on every row) by the kernels; null where the TypeScript kernel should take it. */
  const product = (a: HostView, b: HostView, batch: number, m: number, k: number, n: number, dtype: DType, bias: HostView | null): TypedArray | null => {
    if (!isFloat(dtype) || !storageIs(a, dtype) || !storageIs(b, dtype) || batch * m * k * n < MIN_MATMUL_WORK) return null;
    const out = output(dtype, batch * m * n);
    const [abs, ars, acs] = a._strides;
    const [bbs, brs, bcs] = b._strides;
    addon.matmul(a._data, a._offset, abs, ars, acs, b._data, b._offset, bbs, brs, bcs, batch, m, k, n, out, bias?._data ?? null, bias?._offset ?? 0);
    return out;
  };
  const backend: Backend<TypedArray> = {
    ...tsBackend,
    name,
    set_num_threads: (n: number) => addon.setNumThreads(n),
    get_num_threads: () => addon.getNumThreads(),
    blas: addon.blas(),

    // Zeros and constants (where parameters and optimizer state start) come from the kernels' own
    // allocator, so that on wasm they are resident and later kernels read them in place (Note [wasm storage]).
    full(n, value, dtype) {
      if (n < MIN_ELEMENTS || !isFloat(dtype)) return tsBackend.full(n, value, dtype);
      const out = output(dtype, n);
      out.fill(value);
      return out;
    },

    matmul(a, b, batch, m, k, n, dtype) {
      return product(a, b, batch, m, k, n, dtype, null) ?? tsBackend.matmul(a, b, batch, m, k, n, dtype);
    },

    addmm(bias, a, b, batch, m, k, n, dtype) {
      return storageIs(bias, dtype) ? product(a, b, batch, m, k, n, dtype, dense(bias, [n], dtype)) : null;
    },

    binary(op, a, b, shape, dtype) {
      const n = numelOf(shape);
      // Comparison with a number (relu's backward, masks): bool output from a float tensor.
      if (COMPARE_OPS.has(op) && dtype === bool && n >= MIN_ELEMENTS && typeof b === "number" && typeof a !== "number" && flat(a) && sameShape(a._shape, shape) && (a._data instanceof Float32Array || a._data instanceof Float64Array)) {
        const out = new Uint8Array(n);
        addon.compareScalar(COMPARE_OPS.get(op)!, a._data, a._offset, b, out, n);
        return out;
      }
      // A broadcast scalar on the left: swap to the scalar-on-the-right form where the op allows.
      if (n >= MIN_ELEMENTS && typeof a !== "number" && isScalarView(a) && (op === "add" || op === "mul") && typeof b !== "number" && sameShape(b._shape, shape)) {
        return this.binary(op, b, a._data[a._offset], shape, dtype);
      }
      if (n >= MIN_ELEMENTS && typeof b !== "number" && isScalarView(b) && sameShape(shape, typeof a === "number" ? [] : a._shape)) {
        b = b._data[b._offset];
      }
      if (n >= MIN_ELEMENTS && BINARY_OPS.has(op) && isFloat(dtype)) {
        const code = BINARY_OPS.get(op)!;
        if (typeof a === "number" && typeof b !== "number" && storageIs(b, dtype)) {
          // A number on the left (1 - y in a backward formula): binary_kernel's mode 2.
          const bv = dense(b, shape, dtype), out = output(dtype, n);
          addon.binary(code, oneElement(dtype, a), 0, bv._data, bv._offset, out, n, 2, 1, 1);
          return out;
        }
        if (typeof a !== "number" && storageIs(a, dtype) && (typeof b === "number" || storageIs(b, dtype))) {
          const av = dense(a, shape, dtype), rb = readB(b, shape, dtype), out = output(dtype, n);
          addon.binary(code, av._data, av._offset, rb.data, rb.offset, out, n, rb.mode, rb.mid, rb.inner);
          return out;
        }
      }
      return tsBackend.binary(op, a, b, shape, dtype);
    },

    binaryInPlace(op, dst, b, dtype) {
      const n = numelOf(dst._shape);
      if (n < MIN_ELEMENTS || !BINARY_OPS.has(op) || !isFloat(dtype) || !storageIs(dst, dtype) || !flat(dst)) return false;
      if (typeof b !== "number") {
        if (!storageIs(b, dtype)) return false;
        // b may share dst's storage only as dst itself (x.add_(x)): elementwise, each element is read before it is written.
        const same = b._offset === dst._offset && sameShape(b._shape, dst._shape) && b._strides.every((s, d) => s === dst._strides[d]);
        if (b._data === dst._data && !same) return false;
      }
      const rb = readB(b, dst._shape, dtype);
      addon.binary(BINARY_OPS.get(op)!, dst._data, dst._offset, rb.data, rb.offset, dst._data.subarray(dst._offset, dst._offset + n), n, rb.mode, rb.mid, rb.inner);
      return true;
    },

    unary(op, x, dtype) {
      const n = numelOf(x._shape);
      const min = dtype === float32 && FLOAT32_MATH.has(op) ? MIN_MATH_ELEMENTS : MIN_UNARY_ELEMENTS;
      if (n >= min && UNARY_OPS.has(op) && isFloat(dtype) && storageIs(x, dtype)) {
        const src = n < MIN_ELEMENTS ? x : dense(x, x._shape, dtype);
        if (flat(src)) {
          const out = output(dtype, n);
          addon.unary(UNARY_OPS.get(op)!, src._data, src._offset, out, n);
          return out;
        }
      }
      return tsBackend.unary(op, x, dtype);
    },


    where(cond, a, b, shape, dtype) {
      const n = numelOf(shape);
      const ok = (v: HostView | number) => typeof v === "number" || (flat(v) && storageIs(v, dtype) && sameShape(v._shape, shape));
      if (n >= MIN_ELEMENTS && isFloat(dtype) && cond._data instanceof Uint8Array && flat(cond) && sameShape(cond._shape, shape) && ok(a) && ok(b)) {
        const out = output(dtype, n);
        const arr = (v: HostView | number) => (typeof v === "number" ? EMPTY_F32 : v._data);
        const off = (v: HostView | number) => (typeof v === "number" ? 0 : v._offset);
        const sc = (v: HostView | number) => (typeof v === "number" ? v : null);
        addon.where(cond._data, cond._offset, arr(a), off(a), sc(a), arr(b), off(b), sc(b), out, n);
        return out;
      }
      return tsBackend.where(cond, a, b, shape, dtype);
    },

    thresholdBackward(g, x, threshold, dtype) {
      const n = numelOf(x._shape);
      if (n < MIN_ELEMENTS || !isFloat(dtype) || !storageIs(g, dtype) || !storageIs(x, dtype) || !sameShape(g._shape, x._shape) || !flat(g) || !flat(x)) return null;
      const out = output(dtype, n);
      addon.thresholdBackward(g._data, g._offset, x._data, x._offset, threshold, out, n);
      return out;
    },

    // Strided reads (transposes, permutes, flips, broadcasts) into a contiguous copy.
    copy(x, shape, dtype) {
      const n = numelOf(shape);
      const plain = numelOf(x._shape) === n && isContiguous(x._shape, x._strides);
      if (n >= MIN_ELEMENTS && shape.length > 0 && !plain && isFloat(dtype) && storageIs(x, dtype)) {
        const out = output(dtype, n);
        addon.copyStrided(x._data, x._offset, Float64Array.from(shape), Float64Array.from(broadcastStrides(x._shape, x._strides, shape)), out);
        return out;
      }
      return tsBackend.copy(x, shape, dtype);
    },

    // Gathers and scatters (im2col / col2im of convolution and pooling, index backward).
    take(x, index, dtype) {
      if (index instanceof Int32Array && index.length >= MIN_ELEMENTS && isFloat(dtype) && storageIs(x, dtype) && flat(x)) {
        const out = output(dtype, index.length);
        addon.take(x._data, x._offset, index, out);
        return out;
      }
      return tsBackend.take(x, index, dtype);
    },

    putAdd(base, index, src, dtype) {
      if (index instanceof Int32Array && index.length >= MIN_ELEMENTS && isFloat(dtype) && storageIs(src, dtype) && flat(src)) {
        const n = numelOf(base._shape);
        let out: TypedArray;
        if (flat(base) && storageIs(base, dtype)) {
          out = output(dtype, n);
          out.set(base._data.subarray(base._offset, base._offset + n));
        } else out = tsBackend.copy(base, base._shape, dtype);
        // The answer depends on how many chunks the pool splits the index into: keyed by the thread count.
        const threads = addon.getNumThreads();
        const cached = disjoint.get(index);
        let parallel: boolean;
        if (cached !== undefined && cached.threads === threads) parallel = cached.parallel;
        else disjoint.set(index, { threads, parallel: (parallel = addon.disjointChunks(index)) });
        addon.putAdd(out, index, src._data, src._offset, parallel);
        return out;
      }
      return tsBackend.putAdd(base, index, src, dtype);
    },

    // Note [fused optimizer steps]: at any size (a bias of ten too), so that every parameter's update is the same arithmetic.
    adamStep(p, g, m, v, vmax, s) {
      if (!fusible(p, vmax === null ? [g, m, v] : [g, m, v, vmax])) return false;
      const h = Float64Array.of(s.lr, s.beta1, s.beta2, s.eps, s.weight_decay, +s.decoupled, +s.maximize, s.lr / (1 - s.beta1 ** s.step), Math.sqrt(1 - s.beta2 ** s.step));
      addon.adam(p._data, p._offset, g._data, g._offset, m._data, m._offset, v._data, v._offset, vmax?._data ?? null, vmax?._offset ?? 0, numelOf(p._shape), h);
      return true;
    },

    sgdStep(p, g, buf, s) {
      if (!fusible(p, buf === null ? [g] : [g, buf])) return false;
      const h = Float64Array.of(s.lr, s.momentum, s.dampening, s.weight_decay, +s.nesterov, +s.maximize, +s.first);
      addon.sgd(p._data, p._offset, g._data, g._offset, buf?._data ?? null, buf?._offset ?? 0, numelOf(p._shape), h);
      return true;
    },

    adadeltaStep(p, g, sq, acc, s) {
      if (!fusible(p, [g, sq, acc])) return false;
      const h = Float64Array.of(s.lr, s.rho, s.eps, s.weight_decay, +s.maximize);
      addon.adadelta(p._data, p._offset, g._data, g._offset, sq._data, sq._offset, acc._data, acc._offset, numelOf(p._shape), h);
      return true;
    },

    // Note [fused softmax]: at any size, so that a row's arithmetic does not depend on its length.
    softmax(x, log, dtype) {
      if (!isFloat(dtype) || !storageIs(x, dtype) || x._shape.length === 0) return null;
      const xv = dense(x, x._shape, dtype), n = numelOf(x._shape), size = x._shape[x._shape.length - 1];
      const out = output(dtype, n);
      if (n > 0) addon.softmax(xv._data, xv._offset, out, n / size, size, +log);
      return out;
    },

    softmaxBackward(g, y, log, dtype) {
      if (!isFloat(dtype) || !storageIs(g, dtype) || !storageIs(y, dtype) || y._shape.length === 0) return null;
      const gv = dense(g, y._shape, dtype), yv = dense(y, y._shape, dtype), n = numelOf(y._shape), size = y._shape[y._shape.length - 1];
      const out = output(dtype, n);
      if (n > 0) addon.softmaxBackward(gv._data, gv._offset, yv._data, yv._offset, out, n / size, size, +log);
      return out;
    },

    conv2d(x, weight, bias, stride, padding, dilation, dtype) {
      if (!isFloat(dtype) || !storageIs(x, dtype) || !storageIs(weight, dtype) || (bias !== null && !storageIs(bias, dtype)) || x._shape.length !== 4) return null;
      const geometry = convGeometry(x._shape, weight._shape, stride, padding, dilation);
      if (geometry === null) return null;
      const [n, , , , o, , , , , , , ho, wo] = geometry;
      const xv = dense(x, x._shape, dtype), wv = dense(weight, weight._shape, dtype), bv = bias === null ? null : dense(bias, [o], dtype);
      const out = output(dtype, n * o * ho * wo);
      addon.conv2d(xv._data, xv._offset, wv._data, wv._offset, bv?._data ?? null, bv?._offset ?? 0, out, geometry);
      return out;
    },

    conv2dBackward(g, x, weight, stride, padding, dilation, needs, dtype) {
      if (!isFloat(dtype) || ![g, x, weight].every((v) => storageIs(v, dtype)) || x._shape.length !== 4) return null;
      const geometry = convGeometry(x._shape, weight._shape, stride, padding, dilation);
      if (geometry === null || !needs.some(Boolean)) return null;
      const gv = dense(g, g._shape, dtype), xv = dense(x, x._shape, dtype), wv = dense(weight, weight._shape, dtype);
      const input = needs[0] ? output(dtype, numelOf(x._shape)) : null, grad = needs[1] ? output(dtype, numelOf(weight._shape)) : null;
      addon.conv2dBackward(gv._data, gv._offset, xv._data, xv._offset, wv._data, wv._offset, input, grad, geometry);
      return { input, weight: grad };
    },

    maxPool2d(x, [kh, kw], [sh, sw], [dh, dw], dtype) {
      if (!isFloat(dtype) || !storageIs(x, dtype) || x._shape.length !== 4) return null;
      const [n, c, h, w] = x._shape;
      const ho = windowCount(h, kh, sh, dh), wo = windowCount(w, kw, sw, dw);
      if (ho <= 0 || wo <= 0 || n * c === 0) return null;
      const xv = dense(x, x._shape, dtype), values = output(dtype, n * c * ho * wo), indices = new Int32Array(n * c * ho * wo);
      addon.maxPool2d(xv._data, xv._offset, values, indices, Float64Array.of(n * c, h, w, kh, kw, sh, sw, dh, dw, ho, wo));
      return { values, indices };
    },

    bernoulli(generator, p, n, dtype) {
      if (!isFloat(dtype)) return null;
      const out = output(dtype, n);
      generator._index = addon.bernoulli(generator._mt, generator._index, out, p);
      return out;
    },

    maxPool2dBackward(g, indices, shape, dtype) {
      if (!isFloat(dtype) || !storageIs(g, dtype) || shape.length !== 4 || numelOf(g._shape) !== indices.length) return null;
      const gv = dense(g, g._shape, dtype), out = output(dtype, numelOf(shape));
      addon.maxPool2dBackward(gv._data, gv._offset, indices, out, shape[0] * shape[1], shape[2] * shape[3]);
      return out;
    },

    reduce(op: ReduceOp, x, dims, dtype) {
      const n = numelOf(x._shape);
      const runs = dimRuns(dims);
      const arg = op === "argmax" || op === "argmin";
      const outOk = arg ? dtype === int64 : storageIs(x, dtype);
      // A contiguous float tensor reduced over runs of dims, one run per pass (argmax/argmin: one run only).
      if (REDUCE_OPS.has(op) && n >= MIN_ELEMENTS && runs.length > 0 && (runs.length === 1 || !arg) && flat(x) && (x._data instanceof Float32Array || x._data instanceof Float64Array) && outOk) {
        let data: TypedArray = x._data, offset = x._offset;
        const shape = [...x._shape];
        for (const [first, last] of runs) {
          const outer = numelOf(shape.slice(0, first)), red = numelOf(shape.slice(first, last + 1)), inner = numelOf(shape.slice(last + 1));
          const out = output(arg ? float64 : dtype, outer * inner);
          addon.reduceMiddle(REDUCE_OPS.get(op)!, data, offset, outer, red, inner, out);
          for (let d = first; d <= last; d++) shape[d] = 1;
          data = out;
          offset = 0;
        }
        return data;
      }
      return tsBackend.reduce(op, x, dims, dtype);
    },
  };
  return backend;
}
