// Sorting along a dim: sort, argsort, topk. The order is the backend's argsort
// kernel (on the tensor's device); the values are a gather of the input, so each
// op's gradient scatters back through the same offsets (SortBackward0, TopkBackward0).
// Then searching and counting (searchsorted, bucketize, isin, bincount),
// whose values are read on the host.
import { bindArgs, type ArgsOf } from "../args.js";
import { bool, int32, int64 } from "../dtype.js";
import { RuntimeError } from "../errors.js";
import { contiguousStrides, numelOf, wrapDim } from "../shape.js";
import { Tensor, ValuesIndices } from "../tensor.js";
import { backend } from "../backend/index.js";
import { arange, tensor, zeros } from "./creation.js";
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

// ---- searching and counting (values read on the host; no gradient) -----------------

/** The host values of an integer or floating tensor, row-major. */
const valuesOf = (t: Tensor): ArrayLike<number> => t._contiguousData();

/** The first position in sorted row `row` (offset `at`, length n) where v could go: after equal values when `right`. */
function insertionPoint(row: ArrayLike<number>, at: number, n: number, v: number, right: boolean): number {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const m = row[at + mid];
    if (right ? m <= v : m < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * searchsorted(sorted_sequence, values, { right, side, out_int32, sorter }): for each value, the
 * index where it would be inserted into sorted_sequence's last dim to keep it sorted (a 1-d
 * sequence serves every value; otherwise its leading dims match values'). With sorter, the
 * sequence is read in the order sorter gives (its argsort), and the index is into that order.
 */
export function searchsorted(seq: Tensor, values: Tensor | number, ...args: ArgsOf<[], ["out_int32", "right", "side", "sorter"]>): Tensor {
  const o = bindArgs("searchsorted", args, [], ["out_int32", "right", "side", "sorter"]);
  if (o.side !== undefined && o.side !== null && o.side !== "left" && o.side !== "right") throw new RuntimeError(`torch.searchsorted(): side can only be 'left' or 'right' but got ${String(o.side)}`);
  if (o.side === "left" && o.right === true) throw new RuntimeError("torch.searchsorted(): side and right can't be set to opposites, got side of left while right was True");
  const right = o.right === true || o.side === "right";
  const sorter = (o.sorter ?? null) as Tensor | null;
  const v = values instanceof Tensor ? values : tensor(values, { dtype: seq.dtype });
  if (sorter !== null && sorter.shape.join() !== seq.shape.join()) {
    throw new RuntimeError(`torch.searchsorted(): boundary and sorter must have the same size, but got boundary tensor [${seq.shape.join(", ")}]and got sorter tensor [${sorter.shape.join(", ")}]`);
  }
  if (v.dim() === 0 && seq.dim() !== 1) {
    throw new RuntimeError(`torch.searchsorted(): input value can be a scalar only when boundaries tensor dimension is 1, but we got boundaries tensor dim(${seq.dim()}) and input value's dim(0) numel(1)`);
  }
  if (seq.dim() === 0) throw new RuntimeError("torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 dimension");
  const n = seq.shape[seq.dim() - 1];
  if (seq.dim() > 1 && (seq.dim() !== v.dim() || seq.shape.slice(0, -1).join() !== v.shape.slice(0, -1).join())) {
    throw new RuntimeError(`torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries tensor and input value tensor must match, but we got boundaries tensor [${seq.shape.join(", ")}] and input value tensor [${v.shape.join(", ")}]`);
  }
  if (sorter !== null && sorter.dtype !== int64) throw new RuntimeError(`torch.searchsorted(): sorter must be a tensor of long dtype but got dtype ${sorter.dtype.scalarName}`);
  const s = valuesOf(sorter === null ? seq : seq.detach().gather(-1, sorter)), x = valuesOf(v);
  const perRow = v.dim() === 0 ? 1 : v.shape[v.dim() - 1];
  const out = new Array<number>(x.length);
  for (let i = 0; i < x.length; i++) out[i] = insertionPoint(s, seq.dim() > 1 ? Math.floor(i / perRow) * n : 0, n, x[i], right);
  return tensor(out, { dtype: o.out_int32 === true ? int32 : int64, device: seq.device }).reshape(v.shape);
}

/** bucketize(input, boundaries, { right, out_int32 }): searchsorted with the boundaries first. */
export function bucketize(x: Tensor | number, boundaries: Tensor, ...args: ArgsOf<[], ["out_int32", "right"]>): Tensor {
  const o = bindArgs("bucketize", args, [], ["out_int32", "right"]);
  if (boundaries.dim() !== 1) throw new RuntimeError(`boundaries tensor must be 1 dimension, but got dim(${boundaries.dim()})`);
  return searchsorted(boundaries, x, o);
}

/** isin(elements, test_elements, { invert }): whether each element occurs among test_elements. */
export function isin(elements: Tensor | number, test: Tensor | number, ...args: ArgsOf<[], ["assume_unique", "invert"]>): Tensor {
  const o = bindArgs("isin", args, [], ["assume_unique", "invert"]);
  const e = elements instanceof Tensor ? elements : tensor(elements);
  const set = new Set(Array.from(test instanceof Tensor ? valuesOf(test) : [test]));
  const invert = o.invert === true;
  const x = valuesOf(e);
  const out = new Array<boolean>(x.length);
  for (let i = 0; i < x.length; i++) out[i] = set.has(x[i]) !== invert;
  return tensor(out, { dtype: bool, device: e.device }).reshape(e.shape);
}

/** bincount(input, weights = null, minlength = 0): how often each non-negative integer occurs (or the sum of its weights). */
export function bincount(x: Tensor, ...args: ArgsOf<["weights", "minlength"]>): Tensor {
  const o = bindArgs("bincount", args, ["weights", "minlength"]);
  const weights = (o.weights ?? null) as Tensor | null, minlength = (o.minlength ?? 0) as number;
  if (x.dim() !== 1 || x.dtype.is_floating_point || x.dtype === bool) throw new RuntimeError("bincount only supports 1-d non-negative integral inputs.");
  if (minlength < 0) throw new RuntimeError("minlength should be >= 0");
  if (weights !== null && (weights.dim() !== 1 || weights.numel() !== x.numel())) throw new RuntimeError("weights should be 1-d and have the same length as input");
  const v = valuesOf(x), w = weights === null ? null : valuesOf(weights);
  let size = minlength;
  for (let i = 0; i < v.length; i++) {
    if (v[i] < 0) throw new RuntimeError("bincount only supports 1-d non-negative integral inputs.");
    size = Math.max(size, v[i] + 1);
  }
  const counts = new Array<number>(size).fill(0);
  for (let i = 0; i < v.length; i++) counts[v[i]] += w === null ? 1 : w[i];
  return tensor(counts, { dtype: weights === null ? int64 : weights.dtype, device: x.device });
}
