import type { Generator } from "../random.js";
import type { DType, TypedArray } from "../dtype.js";

/**
 * Note [storage]: a tensor's elements live in storage that the backend of its
 * device owns. The CPU backends (native, ts) use typed arrays, which the library
 * may read synchronously; a device backend (webgpu) returns opaque handles that
 * only it can read, asynchronously. Everything above the backends (the op table,
 * the engine, nn, optim) passes storage through without looking inside, so a
 * new device is one more backend. docs/design.md walks one op down the layers.
 */
export type Storage = TypedArray | DeviceStorage;

/** Storage on a device other than the CPU: an opaque handle; `length` counts elements. */
export interface DeviceStorage {
  readonly device: string;
  readonly length: number;
}

/** The device a storage lives on: "cpu" for typed arrays. */
export function deviceOf(s: Storage): string {
  return ArrayBuffer.isView(s) ? "cpu" : (s as DeviceStorage).device;
}

/** A strided read of storage: what every kernel takes as input. */
export interface View<S extends Storage = Storage> {
  readonly _data: S;
  readonly _shape: readonly number[];
  readonly _strides: readonly number[];
  readonly _offset: number;
}

export type UnaryOp =
  | "neg" | "abs" | "exp" | "log" | "log1p" | "expm1" | "sqrt" | "rsqrt" | "reciprocal" | "square"
  | "sin" | "cos" | "tan" | "asin" | "acos" | "atan" | "sinh" | "cosh" | "asinh" | "acosh" | "atanh" | "tanh" | "sigmoid" | "relu" | "sign" | "floor" | "ceil" | "round" | "trunc"
  | "isnan" | "isfinite" | "logical_not" | "identity" | "erf";

export type BinaryOp =
  | "add" | "sub" | "mul" | "div" | "pow" | "maximum" | "minimum" | "remainder" | "atan2"
  | "eq" | "ne" | "lt" | "le" | "gt" | "ge" | "logical_and" | "logical_or";

export type ReduceOp = "sum" | "prod" | "max" | "min" | "argmax" | "argmin" | "all" | "any";

/**
 * The kernels every backend provides. Inputs are strided views; outputs are
 * fresh contiguous storage of the requested dtype. A number in place of a view
 * is a broadcast scalar. Index arguments are host arrays or, on a device, views
 * of int64 storage on that device (the indices never leave the device).
 */
export interface Backend<S extends Storage = Storage> {
  readonly name: string;
  /** The device its storage lives on ("cpu", "webgpu"). */
  readonly device: string;
  /** n elements of dtype, all equal to value. */
  full(n: number, value: number, out: DType): S;
  unary(op: UnaryOp, x: View<S>, out: DType): S;
  binary(op: BinaryOp, a: View<S> | number, b: View<S> | number, shape: readonly number[], out: DType): S;
  /** Clamps x to [lo, hi] (NaN propagates), the scalar form of clamp. */
  clamp(x: View<S>, lo: number, hi: number, out: DType): S;
  /** Reduces `dims` of x; the result has x's shape with those dims set to 1. */
  reduce(op: ReduceOp, x: View<S>, dims: readonly number[], out: DType): S;
  /** Copies a view (reading it with the given broadcast shape) into a contiguous array, casting. */
  copy(x: View<S>, shape: readonly number[], out: DType): S;
  /** Writes src (broadcast to dst's shape) into the strided destination dst, casting. */
  copyInto(dst: View<S>, src: View<S> | number, dtype: DType): void;
  where(cond: View<S>, a: View<S> | number, b: View<S> | number, shape: readonly number[], out: DType): S;
  /** Optional threshold_backward: x <= threshold ? 0 : g, for g and x of one shape; null where not taken. */
  thresholdBackward?(g: View<S>, x: View<S>, threshold: number, out: DType): S | null;
  /** Batched product: a is [B, M, K], b is [B, K, N] (strided, batch strides may be 0). */
  matmul(a: View<S>, b: View<S>, batch: number, m: number, k: number, n: number, out: DType): S;
  /** Optional: matmul plus a row `bias` of n added to every output row in the same pass (addmm's); null where the backend does not take it. */
  addmm?(bias: View<S>, a: View<S>, b: View<S>, batch: number, m: number, k: number, n: number, out: DType): S | null;
  cumsum(x: View<S>, dim: number, out: DType): S;
  /** The order of each line of x (at least 1-d) along dim: the positions of a stable sort (ascending, or descending; NaN above every number), x's shape. */
  argsort(x: View<S>, dim: number, descending: boolean, out: DType): S;
  /** out[i] = x_flat[index[i]] where x_flat is x read contiguously. */
  take(x: View<S>, index: ArrayLike<number> | View<S>, out: DType): S;
  /** out = copy of base, then out[index[i]] += src[i] (negative index: skipped). */
  putAdd(base: View<S>, index: ArrayLike<number> | View<S>, src: View<S>, out: DType): S;
  /**
   * Optional: dst = op(dst, b) written straight into dst's storage (an in-place
   * op that no autograd sees, such as accumulating a gradient), with b
   * broadcast to dst's shape. False where the backend does not take it; the op
   * is then computed out of place and copied in.
   */
  binaryInPlace?(op: BinaryOp, dst: View<S>, b: View<S> | number, dtype: DType): boolean;
  /**
   * Optional fused optimizer updates, in place (Note [fused optimizer steps] in
   * native/kernels.h): every operand contiguous, of param's shape and float
   * dtype. False where the backend does not take them; torch.optim then composes tensor ops.
   */
  adamStep?(param: View<S>, grad: View<S>, expAvg: View<S>, expAvgSq: View<S>, maxExpAvgSq: View<S> | null, step: AdamStep): boolean;
  sgdStep?(param: View<S>, grad: View<S>, momentumBuffer: View<S> | null, step: SgdStep): boolean;
  adadeltaStep?(param: View<S>, grad: View<S>, squareAvg: View<S>, accDelta: View<S>, step: AdadeltaStep): boolean;
  /**
   * Optional fused softmax (log: log_softmax) over the last dim of x, and its
   * gradient from the result y (Note [fused softmax] in native/kernels.h). Null
   * where the backend does not take them; the ops then compose tensor ops.
   */
  softmax?(x: View<S>, log: boolean, out: DType): S | null;
  softmaxBackward?(g: View<S>, y: View<S>, log: boolean, out: DType): S | null;
  /**
   * Optional max_pool2d forward over x [N, C, H, W] (contiguous or not, padded
   * already): the window maxima [N, C, Ho, Wo] and, for each, the flat offset of
   * its pick in x read contiguously (the first maximum, or the first NaN). Null
   * where the backend does not take it; the op then takes the max over unfolded windows.
   */
  maxPool2d?(x: View<S>, kernel: readonly [number, number], stride: readonly [number, number], dilation: readonly [number, number], out: DType): { values: S; indices: Int32Array } | null;
  /**
   * Optional bernoulli_(p) draws: n values, 1 where a 53-bit uniform from the
   * generator falls below p, else 0, advancing the generator as n calls of its
   * uniform53() would (src/random.ts). Null where the backend does not take it.
   */
  bernoulli?(generator: Generator, p: number, n: number, out: DType): S | null;
  /** Optional: its gradient, g [N, C, Ho, Wo] added at those picks into zeros of `shape` (x's, padded). */
  maxPool2dBackward?(g: View<S>, indices: Int32Array, shape: readonly number[], out: DType): S | null;
  /**
   * Optional groups=1 convolution forward (Note [convolution forward] in
   * native/kernels.h): x [N, C, H, W], zero-padded by `padding` on both sides
   * inside the kernel, weight [O, C, kh, kw], bias [O] or null; the output
   * [N, O, Ho, Wo]. Null where the backend does not take it.
   */
  conv2d?(x: View<S>, weight: View<S>, bias: View<S> | null, stride: readonly [number, number], padding: readonly [number, number], dilation: readonly [number, number], out: DType): S | null;
  /**
   * Optional: that convolution's gradients for x and weight, given the output's
   * gradient g; `needs` says which to compute (the other is null). Null where the
   * backend does not take it; the op then composes them from tensor ops.
   */
  conv2dBackward?(g: View<S>, x: View<S>, weight: View<S>, stride: readonly [number, number], padding: readonly [number, number], dilation: readonly [number, number], needs: readonly [boolean, boolean], out: DType): { input: S | null; weight: S | null } | null;
  /**
   * Optional: a storage no tensor views any more, freed now (Note [ownership] in
   * src/memory.ts) rather than when collected. Where absent, the collector frees it.
   */
  free?(s: S): void;
  /** Threads for the kernels, where the backend has any. */
  set_num_threads?(n: number): void;
  get_num_threads?(): number;
  /** The BLAS behind matmul, if any. */
  readonly blas?: string;
  /** The native addon's build: a prebuilt variant (baseline, v3, v4) or source (Note [prebuilt variants]). */
  variant?: string;
}

/** One Adam or AdamW update's settings (PyTorch's names; `step` counts from 1, `decoupled` is AdamW's weight decay). */
export interface AdamStep {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weight_decay: number;
  decoupled: boolean;
  maximize: boolean;
  step: number;
}

/** One SGD update's settings; `first`: the momentum buffer starts as this step's direction. */
export interface SgdStep {
  lr: number;
  momentum: number;
  dampening: number;
  weight_decay: number;
  nesterov: boolean;
  maximize: boolean;
  first: boolean;
}

/** One Adadelta update's settings. */
export interface AdadeltaStep {
  lr: number;
  rho: number;
  eps: number;
  weight_decay: number;
  maximize: boolean;
}

/** A view of host memory: what the CPU backends' kernels read. */
export type HostView = View<TypedArray>;

/** A backend whose storage is not host memory: values cross to and from the host explicitly. */
export interface DeviceBackend extends Backend<DeviceStorage> {
  /** Device storage holding a copy of host data (int64 values must fit the device's integers). */
  upload(data: TypedArray, dtype: DType): DeviceStorage;
  /** The elements of a storage, once the queued work that writes them has finished. */
  download(s: DeviceStorage, dtype: DType): Promise<TypedArray>;
}
