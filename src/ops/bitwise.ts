// Bit operations on integer and bool tensors (bitwise_and, or, xor, not and the
// shifts) and histc: no gradients and little arithmetic, so they run on the
// host: read the operands, compute in JS, put the result on the input's device.
// int64 elements (doubles here, Note [small storage] aside) go through BigInt,
// so 64-bit patterns are exact for every value a double holds exactly.
import { bool, int32, resultType, type DType } from "../dtype.js";
import { RuntimeError, TorchTypeError, typeName } from "../errors.js";
import { broadcastShapes } from "../shape.js";
import { bindArgs } from "../args.js";
import { Tensor, type TensorOrScalar } from "../tensor.js";
import { tensor } from "./creation.js";

type Bits = "and" | "or" | "xor" | "left_shift" | "right_shift";

function bitsOf(op: string, dtype: DType): void {
  if (dtype.is_floating_point) throw new RuntimeError(`"${op}_cpu" not implemented for '${dtype.scalarName}'`);
}

/** One pair of elements of dtype `out`: int32 by JS's 32-bit operators, int64 by BigInt, bool logically. */
function combine(op: Bits, out: DType): (a: number, b: number) => number {
  if (out === bool) {
    if (op === "and") return (a, b) => (a && b ? 1 : 0);
    if (op === "or") return (a, b) => (a || b ? 1 : 0);
    if (op === "xor") return (a, b) => (!a !== !b ? 1 : 0);
  }
  if (out === int32) {
    if (op === "and") return (a, b) => a & b;
    if (op === "or") return (a, b) => a | b;
    if (op === "xor") return (a, b) => a ^ b;
    if (op === "left_shift") return (a, b) => (b >= 0 && b < 32 ? a << b : 0);
    return (a, b) => a >> Math.min(Math.max(b, 0), 31);
  }
  const big = (f: (a: bigint, b: bigint) => bigint) => (a: number, b: number) => Number(BigInt.asIntN(64, f(BigInt(a), BigInt(b))));
  if (op === "and") return big((a, b) => a & b);
  if (op === "or") return big((a, b) => a | b);
  if (op === "xor") return big((a, b) => a ^ b);
  if (op === "left_shift") return big((a, b) => (b >= 0n && b < 64n ? a << b : 0n));
  return big((a, b) => a >> (b < 0n ? 0n : b > 63n ? 63n : b));
}

function binaryBits(op: Bits, a: TensorOrScalar, b: TensorOrScalar): Tensor {
  const name = `bitwise_${op}`;
  const out = resultType([a, b]);
  bitsOf(name, out);
  if (out === bool && (op === "left_shift" || op === "right_shift")) throw new RuntimeError(`"${op === "left_shift" ? "lshift" : "rshift"}_cpu" not implemented for 'Bool'`);
  const ta = a instanceof Tensor ? a : null, tb = b instanceof Tensor ? b : null;
  if (ta === null && tb === null) throw new TorchTypeError(`${name}(): argument 'input' (position 1) must be Tensor, not ${typeName(a)}`);
  const device = (ta ?? tb)!.device;
  const shape = broadcastShapes(ta?.shape ?? [], tb?.shape ?? []);
  const values = (v: TensorOrScalar) => (v instanceof Tensor ? v.detach().expand(shape).contiguous()._contiguousData() : null);
  const [va, vb] = [values(a), values(b)];
  const sa = typeof a === "boolean" ? Number(a) : (a as number), sb = typeof b === "boolean" ? Number(b) : (b as number);
  const f = combine(op, out);
  const n = shape.reduce((p, s) => p * s, 1);
  const result = new Array<number>(n);
  for (let i = 0; i < n; i++) result[i] = f(va === null ? sa : va[i], vb === null ? sb : vb[i]);
  return tensor(out === bool ? result.map(Boolean) : result, { dtype: out, device }).reshape(shape);
}

export const bitwise_and = (a: TensorOrScalar, b: TensorOrScalar): Tensor => binaryBits("and", a, b);
export const bitwise_or = (a: TensorOrScalar, b: TensorOrScalar): Tensor => binaryBits("or", a, b);
export const bitwise_xor = (a: TensorOrScalar, b: TensorOrScalar): Tensor => binaryBits("xor", a, b);
export const bitwise_left_shift = (a: TensorOrScalar, b: TensorOrScalar): Tensor => binaryBits("left_shift", a, b);
export const bitwise_right_shift = (a: TensorOrScalar, b: TensorOrScalar): Tensor => binaryBits("right_shift", a, b);

/** bitwise_not(input): every bit flipped (logical not for bool). */
export function bitwise_not(x: Tensor): Tensor {
  bitsOf("bitwise_not", x.dtype);
  if (x.dtype === bool) return x.logical_not();
  const v = x.detach().contiguous()._contiguousData();
  return tensor(Array.from(v, (e) => -e - 1), { dtype: x.dtype, device: x.device }).reshape(x.shape);
}

/**
 * histc(input, bins=100, min=0, max=0): counts in `bins` equal bins over
 * [min, max] (the data's range when both are 0; widened by 1 each way when the
 * range is a point); elements outside are not counted, max falls in the last bin.
 */
export function histc(x: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("histc", args, ["bins", "min", "max"]);
  const bins = (o.bins as number | undefined) ?? 100;
  let lo = (o.min as number | undefined) ?? 0, hi = (o.max as number | undefined) ?? 0;
  if (!x.dtype.is_floating_point) throw new RuntimeError(`"histogram_cpu" not implemented for '${x.dtype.scalarName}'`);
  if (!(bins > 0)) throw new RuntimeError(`torch.histogram(): bins must be > 0, but got ${bins} for dimension 0`);
  if (lo > hi) throw new RuntimeError("torch.histc: max must be larger than min");
  const v = x.detach().contiguous()._contiguousData();
  if (lo === hi && v.length > 0) {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < v.length; i++) [lo, hi] = [Math.min(lo, v[i]), Math.max(hi, v[i])];
  }
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < v.length; i++) {
    const e = v[i];
    if (!(e >= lo && e <= hi)) continue;
    counts[Math.min(bins - 1, Math.floor(((e - lo) * bins) / (hi - lo)))]++;
  }
  return tensor(counts, { dtype: x.dtype, device: x.device });
}
