import { RuntimeError, TorchTypeError } from "./errors.js";

export type TypedArray = Float32Array | Float64Array | Uint8Array;
export type DTypeName = "float32" | "float64" | "int64" | "int32" | "bool";

/**
 * A tensor element type. int64 and int32 are stored in a Float64Array (int64
 * exact up to 2^53, a given value a double cannot hold refused rather than
 * rounded by int64Element; int32 wraps to 32 bits on store), which keeps every
 * kernel on plain JS numbers.
 */
export class DType {
  constructor(
    readonly name: DTypeName,
    /** Rank in PyTorch's promotion lattice for these types: bool < int32 < int64 < float32 < float64. */
    readonly rank: number,
    readonly is_floating_point: boolean,
    readonly itemsize: number,
    /** PyTorch's legacy type name, used in error messages ("torch.FloatTensor"). */
    readonly legacyName: string,
    /** Short scalar type name ("Float"), used in error messages. */
    readonly scalarName: string,
  ) {}
  toString(): string {
    return `torch.${this.name}`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

export const float32 = new DType("float32", 3, true, 4, "torch.FloatTensor", "Float");
export const float64 = new DType("float64", 4, true, 8, "torch.DoubleTensor", "Double");
export const int64 = new DType("int64", 2, false, 8, "torch.LongTensor", "Long");
export const int32 = new DType("int32", 1, false, 4, "torch.IntTensor", "Int");
export const bool = new DType("bool", 0, false, 1, "torch.BoolTensor", "Bool");
export const float = float32;
export const double = float64;
export const long = int64;
export const int = int32;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * The element an int64 value becomes in its double storage. A value a double
 * cannot hold exactly (such as 2^53 + 1) is an error, never rounded.
 */
export function int64Element(v: bigint): number {
  const n = Number(v);
  if (Number.isSafeInteger(n)) return n;
  if (v < INT64_MIN || v > INT64_MAX) throw new RuntimeError("Overflow when unpacking long");
  if (BigInt(n) !== v) {
    throw new RuntimeError(`int64 value ${v} cannot be held exactly: tensorgrad keeps int64 elements in doubles, exact for integers up to ±2^53 (9007199254740992)`);
  }
  return n;
}

/** The int64 an element of int64 storage holds; NaN, infinities and values past int64's range (which casts and overflow leave there) are an error. */
export function int64Value(v: number): bigint {
  const b = Number.isInteger(v) ? BigInt(v) : null;
  if (b === null || b < INT64_MIN || b > INT64_MAX) throw new RuntimeError(`int64 element ${intText(v)} is not an int64 value (integers in [${INT64_MIN}, ${INT64_MAX}])`);
  return b;
}

/** An integer element's decimal text, exact past 2^53 where String() would print a shortest round-trip form. */
export function intText(v: number): string {
  if (Object.is(v, -0)) return "0";
  return Number.isInteger(v) && !Number.isSafeInteger(v) ? BigInt(v).toString() : String(v);
}

/** The default floating dtype (torch.get_default_dtype); a live binding, set by set_default_dtype. */
export let defaultFloat: DType = float32;
export function setDefaultFloat(d: DType): void {
  defaultFloat = d;
}

/**
 * Note [small storage]: V8 gives every typed array over 64 bytes a backing
 * store of its own, at 2-4 us each (allocation, zeroing, tracking, and the
 * collections that tracking triggers): more than a kernel's work on a few
 * thousand elements. So arrays of up to SLAB_MAX_BYTES are carved from shared
 * slabs, as Node's Buffer.allocUnsafe pools small buffers: fresh (so zeroed)
 * and never reused, each slab freed with the last array in it. Measured on
 * 2048 floats: 3.4 us against 1.0-1.6. Anything reading a storage's `.buffer`
 * must keep to its byteOffset and byteLength, and never transfer it.
 */
const SLAB_BYTES = 65536;
const SLAB_MAX_BYTES = 8192;
let slab = new ArrayBuffer(0);
let slabUsed = 0;

/** n zeroed elements of dtype's storage type. */
export function allocate(dtype: DType, n: number): TypedArray {
  const itemsize = dtype === float32 ? 4 : dtype === bool ? 1 : 8;
  const bytes = n * itemsize;
  // At most 64 bytes V8 keeps on its heap, which is cheap already.
  if (bytes <= 64 || bytes > SLAB_MAX_BYTES) return dtype === float32 ? new Float32Array(n) : dtype === bool ? new Uint8Array(n) : new Float64Array(n);
  if (slabUsed + bytes > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const offset = slabUsed;
  // Each array starts 16-byte aligned (a Float64Array needs 8; SIMD loads like 16).
  slabUsed += (bytes + 15) & ~15;
  return dtype === float32 ? new Float32Array(slab, offset, n) : dtype === bool ? new Uint8Array(slab, offset, n) : new Float64Array(slab, offset, n);
}

/** The category PyTorch's result_type compares: 0 bool, 1 integer, 2 floating. */
function category(d: DType): number {
  return d.is_floating_point ? 2 : d === bool ? 0 : 1;
}

export function promoteTypes(a: DType, b: DType): DType {
  return a.rank >= b.rank ? a : b;
}

// c10's combine_categories: a higher-priority operand class wins unless a lower one has a higher category.
function combine(higher: DType | undefined, lower: DType | undefined): DType | undefined {
  if (higher === undefined) return lower;
  if (lower === undefined) return higher;
  if (higher.is_floating_point) return higher;
  if (higher === bool || lower.is_floating_point) return promoteTypes(higher, lower);
  return higher;
}

export interface TensorLike {
  dtype: DType;
  shape: readonly number[];
}

/** The dtype of a plain JS value as a wrapped scalar (PyTorch's wrapped numbers). */
export function scalarType(v: number | boolean | bigint): DType {
  if (typeof v === "boolean") return bool;
  if (typeof v === "bigint") return int64;
  return Number.isInteger(v) ? int64 : defaultFloat;
}

/**
 * PyTorch's result_type: dimensioned tensors outrank zero-dim tensors, which
 * outrank plain numbers, except when a lower class has a higher category.
 */
/** resultType([a, b]) without building an array: the hot path of every binary op. */
export function resultType2(a: TensorLike | number | boolean, b: TensorLike | number | boolean): DType {
  if (typeof a === "object" && typeof b === "object") {
    if (a.dtype === b.dtype) return a.dtype;
    const ad = a.shape.length > 0, bd = b.shape.length > 0;
    if (ad === bd) return promoteTypes(a.dtype, b.dtype);
    return ad ? combine(a.dtype, b.dtype)! : combine(b.dtype, a.dtype)!;
  }
  if (typeof a === "object") return combine(a.dtype, scalarType(b as number | boolean))!;
  if (typeof b === "object") return combine(b.dtype, scalarType(a as number | boolean))!;
  return resultType([a, b]);
}

export function resultType(operands: readonly (TensorLike | number | boolean | bigint | null | undefined)[]): DType {
  let dimResult: DType | undefined;
  let zeroResult: DType | undefined;
  let wrappedResult: DType | undefined;
  for (const o of operands) {
    if (o === null || o === undefined) continue;
    if (typeof o === "object") {
      if (o.shape.length > 0) dimResult = dimResult ? promoteTypes(dimResult, o.dtype) : o.dtype;
      else zeroResult = zeroResult ? promoteTypes(zeroResult, o.dtype) : o.dtype;
    } else {
      const t = scalarType(o);
      wrappedResult = wrappedResult ? promoteTypes(wrappedResult, t) : t;
    }
  }
  return combine(dimResult, combine(zeroResult, wrappedResult)) ?? defaultFloat;
}

export function canCast(from: DType, to: DType): boolean {
  return category(from) <= category(to);
}

export function dtypeFromName(name: string | DType): DType {
  if (name instanceof DType) return name;
  const map: Record<string, DType> = { float32, float: float32, float64, double: float64, int64, long: int64, int32, int: int32, bool };
  const d = map[String(name).replace(/^torch\./, "")];
  if (!d) throw new TorchTypeError(`unsupported dtype: ${String(name)}`);
  return d;
}

/** Python's `format(x, ".6g")`, as finfo and iinfo print their limits: "1.19209e-07", "255". */
function formatG6(x: number): string {
  if (x === 0) return "0";
  const [mantissa, expText] = x.toExponential(5).split("e");
  const exp = Number(expText);
  const strip = (s: string) => (s.includes(".") ? s.replace(/\.?0+$/, "") : s);
  if (exp < -4 || exp >= 6) return `${strip(mantissa)}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return strip(x.toFixed(5 - exp));
}

/** torch.finfo(dtype): the limits of a floating-point type (float32 when no type is given). */
export function finfo(type: DType | string = float32): FloatInfo {
  return new FloatInfo(type);
}
/** torch.iinfo(dtype): the limits of an integer type (int64's are doubles here: 2^63 - 1 prints, and reads, as 2^63). */
export function iinfo(type: DType | string): IntInfo {
  return new IntInfo(type);
}

export class FloatInfo {
  readonly bits: number;
  readonly eps: number;
  readonly max: number;
  readonly min: number;
  readonly tiny: number;
  readonly smallest_normal: number;
  readonly resolution: number;
  readonly dtype: string;
  constructor(type: DType | string) {
    const t = dtypeFromName(type);
    if (!t.is_floating_point) throw new TorchTypeError(`torch.finfo() requires a floating point input type. Use torch.iinfo to handle 'torch.finfo'`);
    const single = t === float32;
    this.bits = single ? 32 : 64;
    this.eps = single ? 2 ** -23 : Number.EPSILON;
    this.max = single ? (2 - 2 ** -23) * 2 ** 127 : Number.MAX_VALUE;
    this.min = -this.max;
    this.tiny = this.smallest_normal = single ? 2 ** -126 : 2 ** -1022;
    this.resolution = single ? 1e-6 : 1e-15;
    this.dtype = t.name;
  }
  toString(): string {
    const f = formatG6;
    return `finfo(resolution=${f(this.resolution)}, min=${f(this.min)}, max=${f(this.max)}, eps=${f(this.eps)}, smallest_normal=${f(this.smallest_normal)}, tiny=${f(this.tiny)}, dtype=${this.dtype})`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

export class IntInfo {
  readonly bits: number;
  readonly max: number;
  readonly min: number;
  readonly dtype: string;
  constructor(type: DType | string) {
    const t = dtypeFromName(type);
    if (t === bool) throw new TorchTypeError("torch.bool is not supported by torch.iinfo");
    if (t.is_floating_point) throw new TorchTypeError(`torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'`);
    this.bits = t.itemsize * 8;
    this.max = 2 ** (this.bits - 1) - 1;
    this.min = -(2 ** (this.bits - 1));
    this.dtype = t.name;
  }
  toString(): string {
    return `iinfo(min=${formatG6(this.min)}, max=${formatG6(this.max)}, dtype=${this.dtype})`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
