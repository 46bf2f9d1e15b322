import type { DType, TypedArray } from "../dtype.js";

/** A strided read of storage: what every kernel takes as input. */
export interface View {
  readonly _data: TypedArray;
  readonly _shape: readonly number[];
  readonly _strides: readonly number[];
  readonly _offset: number;
}

export type UnaryOp =
  | "neg" | "abs" | "exp" | "log" | "log1p" | "expm1" | "sqrt" | "rsqrt" | "reciprocal" | "square"
  | "sin" | "cos" | "tan" | "tanh" | "sigmoid" | "relu" | "sign" | "floor" | "ceil" | "round" | "trunc"
  | "isnan" | "isfinite" | "logical_not" | "identity" | "erf";

export type BinaryOp =
  | "add" | "sub" | "mul" | "div" | "pow" | "maximum" | "minimum" | "remainder" | "atan2"
  | "eq" | "ne" | "lt" | "le" | "gt" | "ge" | "logical_and" | "logical_or";

export type ReduceOp = "sum" | "prod" | "max" | "min" | "argmax" | "argmin" | "all" | "any";

/**
 * The kernels every backend provides. Inputs are strided views; outputs are
 * fresh contiguous arrays of the requested dtype. A number in place of a view
 * is a broadcast scalar.
 */
export interface Backend {
  readonly name: string;
  unary(op: UnaryOp, x: View, out: DType): TypedArray;
  binary(op: BinaryOp, a: View | number, b: View | number, shape: readonly number[], out: DType): TypedArray;
  /** Clamps x to [lo, hi] (NaN propagates), the scalar form of clamp. */
  clamp(x: View, lo: number, hi: number, out: DType): TypedArray;
  /** Reduces `dims` of x; the result has x's shape with those dims set to 1. */
  reduce(op: ReduceOp, x: View, dims: readonly number[], out: DType): TypedArray;
  /** Copies a view (reading it with the given broadcast shape) into a contiguous array, casting. */
  copy(x: View, shape: readonly number[], out: DType): TypedArray;
  /** Writes src (broadcast to dst's shape) into the strided destination dst, casting. */
  copyInto(dst: View, src: View | number, dtype: DType): void;
  where(cond: View, a: View | number, b: View | number, shape: readonly number[], out: DType): TypedArray;
  /** Batched product: a is [B, M, K], b is [B, K, N] (strided, batch strides may be 0). */
  matmul(a: View, b: View, batch: number, m: number, k: number, n: number, out: DType): TypedArray;
  cumsum(x: View, dim: number, out: DType): TypedArray;
  /** out[i] = x_flat[index[i]] where x_flat is x read contiguously. */
  take(x: View, index: ArrayLike<number>, out: DType): TypedArray;
  /** out = copy of base, then out[index[i]] += src[i] (negative index: skipped). */
  putAdd(base: View, index: ArrayLike<number>, src: View, out: DType): TypedArray;
  /** Threads for the kernels, where the backend has any. */
  set_num_threads?(n: number): void;
  get_num_threads?(): number;
  /** The BLAS behind matmul, if any. */
  readonly blas?: string;
}
