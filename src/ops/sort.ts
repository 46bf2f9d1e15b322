// Sorting along a dim: sort, argsort, topk. The order is the backend's argsort
// kernel (on the tensor's device); the values are a gather of the input, so each
// op's gradient scatters back through the same offsets (SortBackward0, TopkBackward0).
import { int64 } from "../dtype.js";
import { RuntimeError } from "../errors.js";
import { contiguousStrides, numelOf, wrapDim } from "../shape.js";
import { Tensor, ValuesIndices } from "../tensor.js";
import { backend } from "../backend/index.js";
import { arange, zeros } from "./creation.js";
import type { OpDef } from "./registry.js";
import { alongDimOffsets, gatherDef, take } from "./shape.js";

const SORT = gatherDef("SortBackward0");
const TOPK = gatherDef("TopkBackward0");

/** The first `k` of each line along dim, in sorted order: the backend's argsort, then a gather of the values. */
function sorted(x: Tensor, dim: number, k: number, descending: boolean, def: OpDef): ValuesIndices {
  // A 0-d tensor is its own order (the backend's argsort takes lines of at least one element).
  if (x.dim() === 0) return new ValuesIndices(take(x, Int32Array.of(0), [], def), zeros([], { dtype: int64, device: x.device }));
  let indices = Tensor._make(backend.argsort(x, dim, descending, int64), x._shape, int64);
  if (k < x._shape[dim]) indices = indices.narrow(dim, 0, k).contiguous();
  return new ValuesIndices(take(x, alongDimOffsets(x, dim, indices, "sort"), indices._shape, def), indices);
}

/** sort(dim=-1, descending=False, stable=False): values and indices (a stable sort; NaN above every number, as in PyTorch). */
export function sort(x: Tensor, dim: number, descending: boolean): ValuesIndices {
  const d = x.dim() === 0 ? 0 : wrapDim(dim, x.dim());
  return sorted(x, d, x.dim() === 0 ? 1 : x._shape[d], descending, SORT);
}

/** topk(k, dim=-1, largest=True, sorted=True): the k largest (or smallest) along dim, in order. */
export function topk(x: Tensor, k: number, dim: number, largest: boolean): ValuesIndices {
  const d = x.dim() === 0 ? 0 : wrapDim(dim, x.dim());
  const n = x.dim() === 0 ? 1 : x._shape[d];
  if (!Number.isInteger(k) || k < 0 || k > n) throw new RuntimeError(`selected index k out of range`);
  return sorted(x, d, k, largest, TOPK);
}

/** roll(shifts, dims): elements shifted along dims, wrapping around; with no dims, over the flattened tensor. */
export function roll(x: Tensor, shifts: number | readonly number[], dims?: number | readonly number[] | null): Tensor {
  const s = typeof shifts === "number" ? [shifts] : [...shifts];
  if (dims === undefined || dims === null || (Array.isArray(dims) && dims.length === 0)) {
    if (s.length !== 1) throw new RuntimeError(`shifts and dimensions must align. shifts: ${s.length}, dims:0`);
    const n = x.numel();
    const offsets = new Int32Array(n);
    for (let p = 0; p < n; p++) offsets[p] = (((p - s[0]) % n) + n) % n;
    return take(x, offsets, x._shape, ROLL);
  }
  const ds = (typeof dims === "number" ? [dims] : [...dims]).map((d) => wrapDim(d, x.dim()));
  if (ds.length !== s.length) throw new RuntimeError(`shifts and dimensions must align. shifts: ${s.length}, dims:${ds.length}`);
  const shape = x._shape;
  const strides = contiguousStrides(shape);
  const total = numelOf(shape);
  // The shift of each dim (shifts listed for one dim add up).
  const shiftOf = shape.map(() => 0);
  ds.forEach((d, j) => (shiftOf[d] += s[j]));
  const offsets = new Int32Array(total);
  const coord = new Array<number>(shape.length).fill(0);
  for (let p = 0; p < total; p++) {
    let src = 0;
    for (let d = 0; d < shape.length; d++) src += ((((coord[d] - shiftOf[d]) % shape[d]) + shape[d]) % shape[d]) * strides[d];
    offsets[p] = src;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++coord[d] < shape[d]) break;
      coord[d] = 0;
    }
  }
  return take(x, offsets, shape, ROLL);
}

const ROLL = gatherDef("RollBackward0");

/** one_hot(tensor, num_classes=-1): int64 [..., num_classes]. */
export function one_hot(t: Tensor, numClasses = -1): Tensor {
  if (t.dtype !== int64) throw new RuntimeError("one_hot is only applicable to index tensor.");
  // On a device with num_classes given, PyTorch (CUDA) checks no values: a comparison with each class.
  // Without num_classes the shape depends on the values, which the read below refuses on a device.
  if (!t.is_cpu && numClasses !== -1) return t.unsqueeze(-1).eq(arange(numClasses, { device: t.device })).to(int64);
  const v = t._contiguousData();
  let c = numClasses;
  if (c === -1) {
    if (v.length === 0) throw new RuntimeError("Can not infer total number of classes from empty tensor.");
    c = 0;
    for (let i = 0; i < v.length; i++) c = Math.max(c, v[i] + 1);
  }
  for (let i = 0; i < v.length; i++) {
    if (v[i] < 0) throw new RuntimeError("Class values must be non-negative.");
    if (v[i] >= c) throw new RuntimeError("Class values must be smaller than num_classes.");
  }
  const out = new Float64Array(v.length * c);
  for (let i = 0; i < v.length; i++) out[i * c + v[i]] = 1;
  return Tensor._make(out, [...t._shape, c], int64);
}
