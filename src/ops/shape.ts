// Shape, view and indexing ops. Views share storage and the version counter;
// their backward formulas are other views or the scatter-style inverse.
// Gathers (index, index_select, gather, masked_select) and scatters
// (scatter_add, index backward) share two internal ops, take and put_add,
// over flat element offsets; each is the other's gradient. Writes at indices
// into a copy (index_put, scatter, index_fill, ...) are put.ts's.
import { backend, backendFor, deviceBackendOf, deviceOf, type DeviceBackend, type DeviceStorage } from "../backend/index.js";
import { bool, float64, int32, int64, type DType, type TypedArray } from "../dtype.js";
import { FLOAT64_ERROR } from "../backend/webgpu/index.js";
import { IndexError, RuntimeError, TorchTypeError } from "../errors.js";
import { broadcastShapes, contiguousStrides, elementOffsets, inferShape, numelOf, sameShape, viewStrides, wrapDim } from "../shape.js";
import { Tensor, type TensorOrScalar } from "../tensor.js";
import { needsGrad, record, type OpDef } from "./registry.js";
import { where } from "./elementwise.js";

type T = Tensor;

function view_(x: Tensor, shape: number[], strides: number[], offset: number, def: OpDef, saved: Record<string, unknown>): Tensor {
  const out = x._view(shape, strides, offset);
  if (needsGrad(x)) record(def, [x], out, saved);
  return out;
}

// ---- reshaping views ---------------------------------------------------------

const VIEW: OpDef = { name: "view", node: "ViewBackward0", backward: (g: T, s) => [g.reshape(s.shape)] };
const RESHAPE_ALIAS: OpDef = { name: "reshape", node: "ReshapeAliasBackward0", backward: (g: T, s) => [g.reshape(s.shape)] };
const UNSAFE_VIEW: OpDef = { name: "reshape", node: "UnsafeViewBackward0", backward: (g: T, s) => [g.reshape(s.shape)] };

export function view(x: Tensor, shape: readonly number[]): Tensor {
  const target = inferShape(shape, x.numel());
  const strides = viewStrides(x._shape, x._strides, target);
  if (strides === null) {
    throw new RuntimeError(
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
    );
  }
  return view_(x, target, strides, x._offset, VIEW, { shape: x._shape });
}

export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const target = inferShape(shape, x.numel());
  const strides = viewStrides(x._shape, x._strides, target);
  if (strides !== null) return view_(x, target, strides, x._offset, RESHAPE_ALIAS, { shape: x._shape });
  const c = clone(x);
  const out = c._view(target, contiguousStrides(target), 0);
  out._base = null;
  if (needsGrad(c)) record(UNSAFE_VIEW, [c], out, { shape: c._shape });
  return out;
}

export function flatten(x: Tensor, start = 0, end = -1): Tensor {
  if (x.dim() === 0) return reshape(x, [1]);
  const s = wrapDim(start, x.dim());
  const e = wrapDim(end, x.dim());
  if (s > e) throw new RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim");
  if (s === e) return x;
  const shape = [...x._shape.slice(0, s), numelOf(x._shape.slice(s, e + 1)), ...x._shape.slice(e + 1)];
  return reshape(x, shape);
}

export function unflatten(x: Tensor, dim: number, sizes: number[]): Tensor {
  const d = wrapDim(dim, x.dim());
  const inner = inferShape(sizes, x._shape[d]);
  return view(x, [...x._shape.slice(0, d), ...inner, ...x._shape.slice(d + 1)]);
}

const SQUEEZE0: OpDef = { name: "squeeze", node: "SqueezeBackward0", backward: (g: T, s) => [g.reshape(s.shape)] };
const SQUEEZE1: OpDef = { name: "squeeze", node: "SqueezeBackward1", backward: (g: T, s) => [g.reshape(s.shape)] };

export function squeeze(x: Tensor, dim?: number): Tensor {
  if (dim === undefined || dim === null) {
    const keep = x._shape.map((s, i) => i).filter((i) => x._shape[i] !== 1);
    return view_(x, keep.map((i) => x._shape[i]), keep.map((i) => x._strides[i]), x._offset, SQUEEZE0, { shape: x._shape });
  }
  const d = wrapDim(dim, x.dim());
  if (x.dim() === 0 || x._shape[d] !== 1) return view_(x, x._shape, x._strides, x._offset, SQUEEZE1, { shape: x._shape });
  const shape = x._shape.filter((_, i) => i !== d);
  const strides = x._strides.filter((_, i) => i !== d);
  return view_(x, shape, strides, x._offset, SQUEEZE1, { shape: x._shape });
}

const UNSQUEEZE: OpDef = { name: "unsqueeze", node: "UnsqueezeBackward0", backward: (g: T, s) => [g.squeeze(s.dim)] };

export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = wrapDim(dim, x.dim() + 1);
  const shape = [...x._shape];
  const strides = [...x._strides];
  const st = d < x.dim() ? x._shape[d] * x._strides[d] : 1;
  shape.splice(d, 0, 1);
  strides.splice(d, 0, st);
  return view_(x, shape, strides, x._offset, UNSQUEEZE, { dim: d });
}

const TRANSPOSE: OpDef = { name: "transpose", node: "TransposeBackward0", backward: (g: T, s) => [g.transpose(s.dim0, s.dim1)] };
const T_: OpDef = { name: "t", node: "TBackward0", backward: (g: T) => [g.t()] };

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const a = wrapDim(dim0, x.dim());
  const b = wrapDim(dim1, x.dim());
  const shape = [...x._shape];
  const strides = [...x._strides];
  [shape[a], shape[b]] = [shape[b], shape[a]];
  [strides[a], strides[b]] = [strides[b], strides[a]];
  return view_(x, shape, strides, x._offset, TRANSPOSE, { dim0: a, dim1: b });
}

export function t(x: Tensor): Tensor {
  if (x.dim() > 2) throw new RuntimeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.dim()}D`);
  if (x.dim() < 2) return view_(x, x._shape, x._strides, x._offset, T_, {});
  return view_(x, [x._shape[1], x._shape[0]], [x._strides[1], x._strides[0]], x._offset, T_, {});
}

const PERMUTE: OpDef = { name: "permute", node: "PermuteBackward0", backward: (g: T, s) => [g.permute(s.inverse)] };

export function permute(x: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== x.dim()) {
    throw new RuntimeError(`permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.dim()} is not equal to len(dims) = ${dims.length}`);
  }
  const w = dims.map((d) => wrapDim(d, x.dim()));
  if (new Set(w).size !== w.length) throw new RuntimeError("permute(): duplicate dims are not allowed.");
  const inverse = w.map((_, i) => w.indexOf(i));
  return view_(x, w.map((d) => x._shape[d]), w.map((d) => x._strides[d]), x._offset, PERMUTE, { inverse });
}

const EXPAND: OpDef = { name: "expand", node: "ExpandBackward0", backward: (g: T, s) => [g.sum_to_size(s.shape)] };

export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const n = shape.length;
  if (n < x.dim()) {
    throw new RuntimeError(`expand(torch.FloatTensor{[${x._shape.join(", ")}]}, size=[${shape.join(", ")}]): the number of sizes provided (${n}) must be greater or equal to the number of dimensions in the tensor (${x.dim()})`);
  }
  const off = n - x.dim();
  const outShape = new Array<number>(n);
  const strides = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const j = i - off;
    const want = shape[i];
    if (j < 0) {
      if (want < 0) throw new RuntimeError(`The expanded size of the tensor (${want}) isn't allowed in a leading, non-existing dimension ${i}`);
      outShape[i] = want;
      strides[i] = 0;
    } else {
      const have = x._shape[j];
      const size = want === -1 ? have : want;
      if (have !== size) {
        if (have !== 1) {
          throw new RuntimeError(`The expanded size of the tensor (${size}) must match the existing size (${have}) at non-singleton dimension ${i}.  Target sizes: [${shape.join(", ")}].  Tensor sizes: [${x._shape.join(", ")}]`);
        }
        strides[i] = 0;
      } else strides[i] = x._strides[j];
      outShape[i] = size;
    }
  }
  if (sameShape(outShape, x._shape)) return x;
  return view_(x, outShape, strides, x._offset, EXPAND, { shape: x._shape });
}

const REPEAT: OpDef = {
  name: "repeat",
  node: "RepeatBackward0",
  backward: (g: T, s) => {
    const { shape, repeats } = s as { shape: number[]; repeats: number[] };
    const padded = [...new Array(repeats.length - shape.length).fill(1), ...shape];
    const split: number[] = [];
    repeats.forEach((r, i) => split.push(r, padded[i]));
    const dims = repeats.map((_, i) => 2 * i);
    return [g.reshape(split).sum({ dim: dims }).reshape(shape)];
  },
};

export function repeat(x: Tensor, repeats: readonly number[]): Tensor {
  if (repeats.length < x.dim()) {
    throw new RuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");
  }
  const padded = [...new Array(repeats.length - x.dim()).fill(1), ...x._shape];
  // Tile through a broadcast view: [r0, s0, r1, s1, ...] -> [r0*s0, r1*s1, ...].
  const inter: number[] = [];
  repeats.forEach((r, i) => inter.push(r, padded[i]));
  const xv = x.detach().reshape(padded.flatMap((s) => [1, s]));
  const outShape = repeats.map((r, i) => r * padded[i]);
  const data = backend.copy(xv, inter, x.dtype);
  const out = Tensor._make(data, outShape, x.dtype);
  if (needsGrad(x)) record(REPEAT, [x], out, { shape: x._shape, repeats: [...repeats] });
  return out;
}

const CLONE: OpDef = { name: "clone", node: "CloneBackward0", backward: (g: T) => [g] };

export function clone(x: Tensor): Tensor {
  const out = Tensor._make(backend.copy(x, x._shape, x.dtype), x._shape, x.dtype);
  if (needsGrad(x)) record(CLONE, [x], out);
  return out;
}

export function contiguous(x: Tensor): Tensor {
  return x.is_contiguous() ? x : clone(x);
}

const TO_COPY: OpDef = { name: "to", node: "ToCopyBackward0", backward: (g: T, s) => [g.to(s.dtype)] };

export function to(x: Tensor, dtype: DType): Tensor {
  if (dtype === x.dtype) return x;
  const out = Tensor._make(backend.copy(x, x._shape, dtype), x._shape, dtype);
  if (needsGrad(x) && dtype.is_floating_point) record(TO_COPY, [x], out, { dtype: x.dtype });
  return out;
}

// ---- devices ------------------------------------------------------------------

/** A transfer's gradient goes back to the device it came from. */
const TO_DEVICE: OpDef = { name: "to", node: "ToCopyBackward0", backward: (g: T, s) => [toDevice(g, s.device)] };

/**
 * x on `device`. Host to device is synchronous (the data is queued for upload);
 * device to host is the one asynchronous step, `toHost` (Devices in API.md).
 */
export function toDevice(x: Tensor, device: string): Tensor {
  const from = deviceOf(x._data);
  if (from === device) return x;
  if (from !== "cpu") {
    if (device === "cpu") throw new RuntimeError(`to("cpu") of a ${from} tensor must wait for the GPU: use \`await t.cpu()\``);
    throw new RuntimeError(`Expected all tensors to be on the same device, but found at least two devices, ${from} and ${device}!`);
  }
  const target = backendFor(device) as DeviceBackend;
  if (x.dtype === float64) throw new TorchTypeError(FLOAT64_ERROR);
  const host = backend.copy(x, x._shape, x.dtype) as TypedArray;
  const out = Tensor._make(target.upload(host, x.dtype), x._shape, x.dtype);
  if (needsGrad(x)) record(TO_DEVICE, [x], out, { device: from });
  return out;
}

/** x's values on the CPU, once the device has computed them (t.cpu()). */
export async function toHost(x: Tensor): Promise<Tensor> {
  const from = deviceOf(x._data);
  if (from === "cpu") return x;
  const dense = backend.copy(x, x._shape, x.dtype);
  const host = await deviceBackendOf(dense).download(dense as DeviceStorage, x.dtype);
  const out = Tensor._make(host, x._shape, x.dtype);
  if (needsGrad(x)) record(TO_DEVICE, [x], out, { device: from });
  return out;
}

// ---- slicing views -----------------------------------------------------------

/** Scatters a slice's gradient into zeros of the input's shape; its own gradient slices again. */
const SLICE_SCATTER: OpDef = {
  name: "slice_backward",
  node: "SliceBackwardBackward0",
  backward: (g: T, s) => [sliceView(g, s.dim, s.start, s.end, s.step)],
};
const SLICE: OpDef = {
  name: "slice",
  node: "SliceBackward0",
  backward: (g: T, s) => {
    const out = Tensor._full(s.shape, 0, g.dtype, g.device);
    sliceView(out, s.dim, s.start, s.end, s.step)._writeFrom(g.detach());
    if (needsGrad(g)) record(SLICE_SCATTER, [g], out, { dim: s.dim, start: s.start, end: s.end, step: s.step });
    return [out];
  },
};

function sliceView(x: Tensor, dim: number, start: number, end: number, step: number): Tensor {
  const shape = [...x._shape];
  const strides = [...x._strides];
  shape[dim] = Math.max(0, Math.ceil((end - start) / step));
  strides[dim] = x._strides[dim] * step;
  return x._view(shape, strides, x._offset + start * x._strides[dim]);
}

/** Python slice semantics: negative bounds count from the end, out-of-range bounds clamp. */
export function slice(x: Tensor, dim: number, start: number | null = null, end: number | null = null, step: number | null = 1): Tensor {
  const d = wrapDim(dim, x.dim());
  const size = x._shape[d];
  const st = step ?? 1;
  if (st <= 0) throw new (st === 0 ? IndexError : RuntimeError)(st === 0 ? "slice step cannot be zero" : "step must be greater than zero");
  let s = start ?? 0;
  let e = end ?? size;
  if (s < 0) s += size;
  if (e < 0) e += size;
  s = Math.min(Math.max(s, 0), size);
  e = Math.min(Math.max(e, s), size);
  const out = sliceView(x, d, s, e, st);
  if (needsGrad(x)) record(SLICE, [x], out, { shape: x._shape, dim: d, start: s, end: e, step: st });
  return out;
}

export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = wrapDim(dim, x.dim());
  const size = x._shape[d];
  const s = start < 0 ? start + size : start;
  if (s < 0 || s > size) throw new IndexError(`start out of range (expected to be in range of [${-size}, ${size}], but got ${start})`);
  if (length < 0 || s + length > size) throw new RuntimeError(`start (${s}) + length (${length}) exceeds dimension size (${size}).`);
  return slice(x, d, s, s + length, 1);
}

const SELECT_SCATTER: OpDef = {
  name: "select_backward",
  node: "SelectBackwardBackward0",
  backward: (g: T, s) => [g.select(s.dim, s.index)],
};
const SELECT: OpDef = {
  name: "select",
  node: "SelectBackward0",
  backward: (g: T, s) => {
    const out = Tensor._full(s.shape, 0, g.dtype, g.device);
    selectView(out, s.dim, s.index)._writeFrom(g.detach());
    if (needsGrad(g)) record(SELECT_SCATTER, [g], out, { dim: s.dim, index: s.index });
    return [out];
  },
};

function selectView(x: Tensor, dim: number, index: number): Tensor {
  return x._view(x._shape.filter((_, i) => i !== dim), x._strides.filter((_, i) => i !== dim), x._offset + index * x._strides[dim]);
}

export function select(x: Tensor, dim: number, index: number): Tensor {
  if (x.dim() === 0) throw new IndexError("select() cannot be applied to a 0-dim tensor.");
  const d = wrapDim(dim, x.dim());
  const size = x._shape[d];
  if (index < -size || index >= size) {
    throw new IndexError(`select(): index ${index} out of range for tensor of size [${x._shape.join(", ")}] at dimension ${d}`);
  }
  const i = index < 0 ? index + size : index;
  const out = selectView(x, d, i);
  if (needsGrad(x)) record(SELECT, [x], out, { shape: x._shape, dim: d, index: i });
  return out;
}

const FLIP: OpDef = { name: "flip", node: "FlipBackward0", backward: (g: T, s) => [g.flip(s.dims)] };

export function flip(x: Tensor, dims: readonly number[]): Tensor {
  const w = dims.map((d) => wrapDim(d, x.dim()));
  const strides = [...x._strides];
  let offset = x._offset;
  for (const d of w) {
    offset += (x._shape[d] - 1) * x._strides[d];
    strides[d] = -strides[d];
  }
  const v = new Tensor(x._data, x._shape, strides, offset, x.dtype);
  const out = Tensor._make(backend.copy(v, x._shape, x.dtype), x._shape, x.dtype);
  if (needsGrad(x)) record(FLIP, [x], out, { dims: w });
  return out;
}

/** The gradient of a diagonal view: its gradient added into zeros of the input's shape at the diagonal's positions. */
const DIAGONAL = gatherDef("DiagonalBackward0");

/** diagonal(offset=0, dim1=0, dim2=1): a view whose last dim walks the diagonal of dims dim1 and dim2. */
export function diagonal(x: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  const d1 = wrapDim(dim1, x.dim()), d2 = wrapDim(dim2, x.dim());
  if (d1 === d2) throw new RuntimeError(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  const len = Math.max(0, offset >= 0 ? Math.min(x._shape[d1], x._shape[d2] - offset) : Math.min(x._shape[d1] + offset, x._shape[d2]));
  const keep = x._shape.map((_, i) => i).filter((i) => i !== d1 && i !== d2);
  const shape = [...keep.map((i) => x._shape[i]), len];
  // The same walk over x's strides (the view) and over its row-major strides (the gradient's positions).
  const geometry = (strides: readonly number[]) => ({
    strides: [...keep.map((i) => strides[i]), strides[d1] + strides[d2]],
    start: len === 0 ? 0 : offset >= 0 ? offset * strides[d2] : -offset * strides[d1],
  });
  const view = geometry(x._strides);
  const out = x._view(shape, view.strides, x._offset + view.start);
  if (needsGrad(x)) {
    const rowMajor = geometry(contiguousStrides(x._shape));
    record(DIAGONAL, [x], out, { shape: x._shape, offsets: elementOffsets({ _shape: shape, _strides: rowMajor.strides, _offset: rowMajor.start }) });
  }
  return out;
}

/** movedim(source, destination): dims moved to new places, the others in order (a permute). */
export function movedim(x: Tensor, source: number | readonly number[], destination: number | readonly number[]): Tensor {
  const src = (typeof source === "number" ? [source] : [...source]).map((d) => wrapDim(d, x.dim()));
  const dst = (typeof destination === "number" ? [destination] : [...destination]).map((d) => wrapDim(d, x.dim()));
  if (src.length !== dst.length) throw new RuntimeError(`movedim: Invalid source or destination dims: source (${src.length} dims) should contain the same number of dims as destination (${dst.length} dims)`);
  const order = new Array<number>(x.dim()).fill(-1);
  src.forEach((s, i) => (order[dst[i]] = s));
  const rest = x._shape.map((_, i) => i).filter((i) => !src.includes(i));
  for (let i = 0, r = 0; i < order.length; i++) if (order[i] === -1) order[i] = rest[r++];
  return permute(x, order);
}

// ---- take / put_add: the shared gather and scatter ---------------------------

/** The entry of a gather named `node`: its gradient scatters back into zeros of the input's shape. */
export function gatherDef(node: string): OpDef {
  return { name: node, node, backward: (g: T, s) => [putAdd(Tensor._full(s.shape, 0, g.dtype, g.device), s.offsets, g)] };
}
const PUT_ADD: OpDef = {
  name: "put_add",
  node: "IndexPutBackward0",
  backward: (g: T, s) => [g, take(g, s.offsets, s.srcShape, TAKE_BACK)],
};
const TAKE_BACK = gatherDef("IndexBackward0");

/**
 * Flat element offsets of a gather or scatter: a host array, or on a device an
 * int64 tensor there, computed with tensor ops so the indices never leave it.
 */
export type Offsets = Int32Array | Tensor;

/** out[i] = x.flat[offsets[i]], shaped `shape`. */
export function take(x: Tensor, offsets: Offsets, shape: readonly number[], def: OpDef): Tensor {
  const out = Tensor._make(backend.take(x, offsets, x.dtype), shape, x.dtype);
  if (needsGrad(x)) record(def, [x], out, { shape: x._shape, offsets });
  return out;
}

/** A copy of base with src.flat[i] added at base.flat[offsets[i]]. */
export function putAdd(base: Tensor, offsets: Offsets, src: Tensor, def: OpDef = PUT_ADD): Tensor {
  const out = Tensor._make(backend.putAdd(base, offsets, src, base.dtype), base._shape, base.dtype);
  if (needsGrad(base, src)) record(def, [base, src], out, { offsets, srcShape: src._shape });
  return out;
}

function indexValues(index: Tensor, what: string): Float64Array | Float32Array | Uint8Array {
  if (index.dtype !== int64) throw new RuntimeError(`${what}(): Expected dtype int64 for index`);
  return index._contiguousData();
}

const INDEX_SELECT = gatherDef("IndexSelectBackward0");

export function index_select(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = wrapDim(dim, x.dim());
  if (index.dim() > 1) throw new IndexError("index_select(): Index is supposed to be a vector");
  if (index.dtype !== int64 && index.dtype !== int32) throw new RuntimeError("index_select(): Expected dtype int32 or int64 for index");
  if (!index.is_cpu) return take(x, deviceSelectOffsets(x, d, index), x.dim() === 0 ? [...index._shape] : x._shape.map((s, k) => (k === d ? index.numel() : s)), INDEX_SELECT);
  const idx = index._contiguousData();
  const size = x.dim() === 0 ? 1 : x._shape[d];
  const outShape = x.dim() === 0 ? [...index._shape] : [...x._shape];
  if (x.dim() > 0) outShape[d] = idx.length;
  const cs = contiguousStrides(x._shape);
  const outer = numelOf(x._shape.slice(0, d));
  const inner = numelOf(x._shape.slice(d + 1));
  const offsets = new Int32Array(numelOf(outShape));
  let o = 0;
  for (let a = 0; a < outer; a++) {
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k];
      if (i < 0 || i >= size) throw new IndexError("index out of range in self");
      const base = a * (cs[d - 1] ?? size * inner) + i * inner;
      for (let b = 0; b < inner; b++) offsets[o++] = base + b;
    }
  }
  return take(x, offsets, outShape, INDEX_SELECT);
}

/** index_select's offsets on a device: [outer, K, inner] = a * (rows of x per a) + index[k] * inner + b. */
function deviceSelectOffsets(x: Tensor, d: number, index: Tensor): Tensor {
  if (x.dim() === 0) return index.reshape(-1).long();
  const outer = numelOf(x._shape.slice(0, d));
  const inner = numelOf(x._shape.slice(d + 1));
  const base = new Float64Array(outer * inner);
  for (let a = 0; a < outer; a++) for (let b = 0; b < inner; b++) base[a * inner + b] = a * x._shape[d] * inner + b;
  const hostBase = Tensor._make(base, [outer, 1, inner], int64).to(index.device);
  return index.reshape(1, -1, 1).long().mul(inner).add(hostBase).reshape(-1);
}

/**
 * On a device, alongDimOffsets as tensor ops: the offset of each index position
 * with its dim coordinate 0 (from shapes alone), plus index * stride. Out-of-range
 * indices are not checked there (a GPU cannot report them synchronously, as CUDA's device asserts).
 */
function deviceAlongDimOffsets(x: Tensor, dim: number, index: Tensor): Tensor {
  const cs = contiguousStrides(x._shape);
  const shape = index._shape;
  const base = new Float64Array(numelOf(shape));
  const coord = new Array<number>(shape.length).fill(0);
  for (let p = 0; p < base.length; p++) {
    let off = 0;
    for (let k = 0; k < shape.length; k++) {
      if (k !== dim && coord[k] >= x._shape[k]) throw new RuntimeError(`Size does not match at dimension ${k} expected index [${shape.join(", ")}] to be smaller than self [${x._shape.join(", ")}] apart from dimension ${dim}`);
      off += (k === dim ? 0 : coord[k]) * cs[k];
    }
    base[p] = off;
    for (let k = shape.length - 1; k >= 0; k--) {
      if (++coord[k] < shape[k]) break;
      coord[k] = 0;
    }
  }
  return index.mul(cs[dim]).add(Tensor._make(base, shape, int64).to(index.device)).reshape(-1);
}

/** Flat offsets into x (row-major) of x[..., index[pos], ...] along dim for each position of index. */
export function alongDimOffsets(x: Tensor, dim: number, index: Tensor, what: string): Offsets {
  if (index.dim() !== x.dim()) throw new RuntimeError(`Index tensor must have the same number of dimensions as ${what === "gather" ? "input" : "self"} tensor`);
  if (index.dtype !== int64) throw new RuntimeError(`${what}(): Expected dtype int64 for index`);
  if (!index.is_cpu) return deviceAlongDimOffsets(x, dim, index);
  const idx = indexValues(index, what);
  const cs = contiguousStrides(x._shape);
  const n = idx.length;
  const offsets = new Int32Array(n);
  const shape = index._shape;
  const nd = shape.length;
  const coord = new Array<number>(nd).fill(0);
  for (let p = 0; p < n; p++) {
    let off = 0;
    for (let k = 0; k < nd; k++) {
      if (k !== dim && coord[k] >= x._shape[k]) throw new RuntimeError(`Size does not match at dimension ${k} expected index [${shape.join(", ")}] to be smaller than self [${x._shape.join(", ")}] apart from dimension ${dim}`);
      off += (k === dim ? 0 : coord[k]) * cs[k];
    }
    const i = idx[p];
    if (i < 0 || i >= x._shape[dim]) throw new RuntimeError(`index ${i} is out of bounds for dimension ${dim} with size ${x._shape[dim]}`);
    offsets[p] = off + i * cs[dim];
    for (let k = nd - 1; k >= 0; k--) {
      if (++coord[k] < shape[k]) break;
      coord[k] = 0;
    }
  }
  return offsets;
}

const GATHER = gatherDef("GatherBackward0");

export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = wrapDim(dim, x.dim());
  const offsets = alongDimOffsets(x, d, index, "gather");
  return take(x, offsets, index._shape, GATHER);
}

const SCATTER_ADD: OpDef = {
  name: "scatter_add",
  node: "ScatterAddBackward0",
  backward: (g: T, s) => [g, take(g, s.offsets, s.srcShape, GATHER)],
};

export function scatter_add(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const d = wrapDim(dim, x.dim());
  const offsets = alongDimOffsets(x, d, index, "scatter_add");
  // Only the leading index-shaped block of src is read.
  let srcBlock = src;
  for (let k = 0; k < index.dim(); k++) if (src._shape[k] !== index._shape[k]) srcBlock = srcBlock.narrow(k, 0, index._shape[k]);
  return putAdd(x, offsets, srcBlock, SCATTER_ADD);
}

const MASKED_FILL: OpDef = {
  name: "masked_fill",
  node: "MaskedFillBackward0",
  backward: (g: T, s) => [where(s.mask, 0, g), s.valueIsTensor ? where(s.mask, g, 0).sum() : null],
};

export function masked_fill(x: Tensor, mask: Tensor, value: TensorOrScalar): Tensor {
  if (mask.dtype !== bool) mask = mask.ne(0);
  if (value instanceof Tensor && value.dim() !== 0) {
    throw new RuntimeError(`masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.dim()} dimension(s).`);
  }
  const shape = broadcastShapes(x._shape, mask._shape);
  const v = value instanceof Tensor ? value : +value;
  const out = Tensor._make(backend.where(mask, v instanceof Tensor ? v : v, x, shape, x.dtype), shape, x.dtype);
  if (needsGrad(x, value instanceof Tensor ? value : null)) record(MASKED_FILL, [x, value], out, { mask, valueIsTensor: value instanceof Tensor });
  return out;
}

const MASKED_SELECT = gatherDef("MaskedSelectBackward0");

export function masked_select(x: Tensor, mask: Tensor): Tensor {
  const shape = broadcastShapes(x._shape, mask._shape);
  const xe = x.expand(shape);
  const m = mask.expand(shape)._contiguousData();
  const hits: number[] = [];
  for (let i = 0; i < m.length; i++) if (m[i]) hits.push(i);
  return take(xe, Int32Array.from(hits), [hits.length], MASKED_SELECT);
}

export function nonzero(x: Tensor): Tensor {
  const d = x._contiguousData();
  const cs = contiguousStrides(x._shape);
  const rows: number[] = [];
  let count = 0;
  for (let i = 0; i < d.length; i++) {
    if (!d[i]) continue;
    count++;
    let r = i;
    for (let k = 0; k < cs.length; k++) {
      rows.push(Math.floor(r / cs[k]));
      r %= cs[k];
    }
  }
  return Tensor._make(Float64Array.from(rows), [count, x.dim()], int64);
}

const TRIL: OpDef = { name: "tril", node: "TrilBackward0", backward: (g: T, s) => [g.tril(s.k)] };
const TRIU: OpDef = { name: "triu", node: "TriuBackward0", backward: (g: T, s) => [g.triu(s.k)] };

export function triangle(x: Tensor, k: number, lower: boolean): Tensor {
  const n = x._shape[x.dim() - 2], m = x._shape[x.dim() - 1];
  const keep = new Uint8Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) keep[i * m + j] = (lower ? j - i <= k : j - i >= k) ? 1 : 0;
  const mask = Tensor._make(keep, [n, m], bool).to(x.device);
  const out = Tensor._make(backend.where(mask, x, 0, x._shape, x.dtype), x._shape, x.dtype);
  if (needsGrad(x)) record(lower ? TRIL : TRIU, [x], out, { k });
  return out;
}

// ---- fill and copy (the out-of-place halves of fill_ and copy_) ----------------

const fillDef = (node: string): OpDef => ({ name: "fill_", node, backward: (g: T, s) => [g.mul(0), s.valueIsTensor ? g.sum() : null] });
const FILL_SCALAR = fillDef("FillBackward2");
const FILL_TENSOR = fillDef("FillBackward3");
const ZERO = fillDef("ZeroBackward0");

/** The out-of-place half of fill_ (and of zero_, which PyTorch names on its own). */
export function fill(x: Tensor, value: TensorOrScalar, zero = false): Tensor {
  const v = value instanceof Tensor ? (value.item() as number) : +value;
  const out = Tensor._full(x._shape, v, x.dtype, x.device);
  if (needsGrad(x, value instanceof Tensor ? value : null)) {
    const def = zero ? ZERO : value instanceof Tensor ? FILL_TENSOR : FILL_SCALAR;
    record(def, [x, value], out, { valueIsTensor: value instanceof Tensor });
  }
  return out;
}

// A C++-defined node in PyTorch: name() carries its namespace, printing drops it.
const COPY: OpDef = { name: "copy_", node: "torch::autograd::CopyBackwards", backward: (g: T) => [g.mul(0), g] };

export function copy(x: Tensor, src: Tensor): Tensor {
  broadcastShapes(x._shape, src._shape);
  const out = Tensor._make(backend.copy(src, x._shape, x.dtype), x._shape, x.dtype);
  if (needsGrad(x, src)) record(COPY, [x, src], out);
  return out;
}

// ---- joining and splitting ----------------------------------------------------

const CAT: OpDef = {
  name: "cat",
  node: "CatBackward0",
  backward: (g: T, s) => {
    let start = 0;
    return (s.sizes as number[]).map((n) => {
      const part = n === 0 ? null : g.narrow(s.dim, start, n);
      start += n;
      return part;
    });
  },
};

export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new RuntimeError("torch.cat(): expected a non-empty list of Tensors");
  // Legacy rule kept by PyTorch: 1-D empty tensors are skipped.
  const parts = tensors.filter((t) => !(t.dim() === 1 && t._shape[0] === 0));
  if (parts.length === 0) return tensors[0];
  const ref = parts[0];
  if (ref.dim() === 0) throw new RuntimeError("zero-dimensional tensor (at position 0) cannot be concatenated");
  const d = wrapDim(dim, ref.dim());
  let dtype = ref.dtype;
  let total = 0;
  parts.forEach((t, i) => {
    if (t.dim() !== ref.dim()) {
      throw new RuntimeError(`Tensors must have same number of dimensions: got ${ref.dim()} and ${t.dim()}`);
    }
    for (let k = 0; k < ref.dim(); k++) {
      if (k !== d && t._shape[k] !== ref._shape[k]) {
        throw new RuntimeError(`Sizes of tensors must match except in dimension ${d}. Expected size ${ref._shape[k]} but got size ${t._shape[k]} for tensor number ${i} in the list.`);
      }
    }
    if (t.dtype.rank > dtype.rank) dtype = t.dtype;
    total += t._shape[d];
  });
  const shape = [...ref._shape];
  shape[d] = total;
  const out = Tensor._full(shape, 0, dtype, ref.device);
  let start = 0;
  for (const t of parts) {
    backend.copyInto(sliceView(out, d, start, start + t._shape[d], 1), t, dtype);
    start += t._shape[d];
  }
  if (needsGrad(parts)) record(CAT, [parts], out, { dim: d, sizes: parts.map((t) => t._shape[d]) });
  return out;
}

const STACK: OpDef = { name: "stack", node: "StackBackward0", backward: (g: T, s) => g.unbind(s.dim) };

export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new RuntimeError("stack expects a non-empty TensorList");
  const ref = tensors[0];
  const d = wrapDim(dim, ref.dim() + 1);
  tensors.forEach((t, i) => {
    if (!sameShape(t._shape, ref._shape)) {
      throw new RuntimeError(`stack expects each tensor to be equal size, but got [${ref._shape.join(", ")}] at entry 0 and [${t._shape.join(", ")}] at entry ${i}`);
    }
  });
  const out = cat(tensors.map((t) => t.detach().unsqueeze(d)), d);
  if (needsGrad(tensors)) record(STACK, [tensors], out, { dim: d });
  return out;
}

function splitDef(node: string): OpDef {
  return {
    name: node,
    node,
    multiOutput: true,
    backward: (grads: T[], s) => [cat(grads, s.dim)],
  };
}
const SPLIT = splitDef("SplitBackward0");
const SPLIT_WITH_SIZES = splitDef("SplitWithSizesBackward0");

function splitParts(x: Tensor, sizes: number[], d: number, def: OpDef): Tensor[] {
  let start = 0;
  const outs = sizes.map((n) => {
    const v = sliceView(x, d, start, start + n, 1);
    start += n;
    return v;
  });
  if (needsGrad(x)) record(def, [x], outs, { dim: d });
  return outs;
}

export function split(x: Tensor, splitSize: number | readonly number[], dim = 0): Tensor[] {
  const d = wrapDim(dim, x.dim());
  const size = x._shape[d];
  if (typeof splitSize !== "number") {
    const total = splitSize.reduce((a, b) => a + b, 0);
    if (total !== size) {
      throw new RuntimeError(`split_with_sizes expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ${d}), but got split_sizes=[${splitSize.join(", ")}]`);
    }
    return splitParts(x, [...splitSize], d, SPLIT_WITH_SIZES);
  }
  const sizes: number[] = [];
  for (let s = 0; s < size; s += splitSize) sizes.push(Math.min(splitSize, size - s));
  if (sizes.length === 0) sizes.push(0);
  return splitParts(x, sizes, d, SPLIT);
}

export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (chunks <= 0) throw new RuntimeError("chunk expects `chunks` to be greater than 0, got: " + chunks);
  const d = wrapDim(dim, x.dim());
  const each = Math.ceil(x._shape[d] / chunks);
  return split(x, Math.max(each, 1), d);
}

const UNBIND: OpDef = { name: "unbind", node: "UnbindBackward0", multiOutput: true, backward: (grads: T[], s) => [stack(grads, s.dim)] };

export function unbind(x: Tensor, dim = 0): Tensor[] {
  const d = wrapDim(dim, x.dim());
  const outs = Array.from({ length: x._shape[d] }, (_, i) => selectView(x, d, i));
  if (needsGrad(x)) record(UNBIND, [x], outs, { dim: d });
  return outs;
}

// ---- Python indexing: x[specs] ----------------------------------------------------

/** A number selects, null is `:`, [start, end?, step?] slices, "..." is Ellipsis, a Tensor indexes. */
export type IndexSpec = number | null | readonly (number | null)[] | "..." | Tensor;

export const INDEX = gatherDef("IndexBackward0");

/** Applies basic specs as views; returns the view and the advanced (tensor) indices by dim. */
export function basicIndex(x: Tensor, specs: readonly IndexSpec[]): { view: Tensor; advanced: { dim: number; index: Tensor }[] } {
  const consumed = specs.reduce<number>((n, s) => n + (s === "..." ? 0 : s instanceof Tensor && s.dtype === bool ? s.dim() : 1), 0);
  if (specs.filter((s) => s === "...").length > 1) throw new IndexError("an index can only have a single ellipsis ('...')");
  if (consumed > x.dim()) throw new IndexError(`too many indices for tensor of dimension ${x.dim()}`);
  let v = x;
  let dim = 0;
  const advanced: { dim: number; index: Tensor }[] = [];
  for (const s of specs) {
    if (s === "...") dim += x.dim() - consumed;
    else if (s === null) dim++;
    else if (typeof s === "number") {
      const size = v._shape[dim];
      if (s < -size || s >= size) throw new IndexError(`index ${s} is out of bounds for dimension ${dim} with size ${size}`);
      v = select(v, dim, s);
    } else if (s instanceof Tensor) {
      if (s.dtype === bool && s.dim() === 0) {
        // A 0-d mask adds a dim of size 1 (true) or 0 (false), as in NumPy.
        v = unsqueeze(v, dim);
        advanced.push({ dim, index: nonzero(s.reshape(1)).select(1, 0) });
        dim++;
      } else if (s.dtype === bool) {
        for (let k = 0; k < s.dim(); k++) {
          if (s._shape[k] !== v._shape[dim + k]) {
            throw new IndexError(`The shape of the mask [${s._shape.join(", ")}] at index ${k} does not match the shape of the indexed tensor [${v._shape.join(", ")}] at index ${dim + k}`);
          }
        }
        const nz = nonzero(s);
        for (let k = 0; k < s.dim(); k++) advanced.push({ dim: dim + k, index: nz.select(1, k) });
        dim += s.dim();
      } else if (s.dtype === int64 || s.dtype === int32) {
        advanced.push({ dim, index: s });
        dim++;
      } else throw new IndexError("tensors used as indices must be long, int, byte or bool tensors");
    } else if (Array.isArray(s)) {
      v = slice(v, dim, s[0] ?? null, s[1] ?? null, s[2] ?? 1);
      dim++;
    } else throw new IndexError(`invalid index: ${String(s)}`);
  }
  return { view: v, advanced };
}

/** Flat offsets (into view, row-major) and the result shape of advanced indexing. */
export function advancedOffsets(view: Tensor, advanced: { dim: number; index: Tensor }[]): { offsets: Offsets; shape: number[] } {
  const B = advanced.reduce<number[]>((s, a) => broadcastShapes(s, a.index._shape), []);
  const nb = numelOf(B);
  const cs = contiguousStrides(view._shape);
  const onDevice = advanced.some((a) => !a.index.is_cpu);
  // On a device, the indexed part of each offset is computed there (negative indices wrapped, not range-checked).
  let QT: Tensor | null = null;
  if (onDevice) {
    for (const { dim, index } of advanced) {
      const i = index.long();
      const term = where(i.lt(0), i.add(view._shape[dim]), i).mul(cs[dim]).expand(B);
      QT = QT === null ? term : QT.add(term);
    }
  }
  const Q = new Int32Array(onDevice ? 0 : nb);
  for (const { dim, index } of onDevice ? [] : advanced) {
    const vals = index.expand(B)._contiguousData();
    const size = view._shape[dim];
    for (let b = 0; b < nb; b++) {
      let i = vals[b];
      if (i < -size || i >= size) throw new IndexError(`index ${i} is out of bounds for dimension ${dim} with size ${size}`);
      if (i < 0) i += size;
      Q[b] += i * cs[dim];
    }
  }
  const advDims = advanced.map((a) => a.dim);
  const rest = view._shape.map((_, i) => i).filter((i) => !advDims.includes(i));
  const sorted = [...advDims].sort((a, b) => a - b);
  const consecutive = sorted.every((d, i) => i === 0 || d === sorted[i - 1] + 1);
  const restOffsets = (dims: number[]): Int32Array => {
    const shape = dims.map((d) => view._shape[d]);
    const out = new Int32Array(numelOf(shape));
    const coord = new Array<number>(dims.length).fill(0);
    for (let p = 0; p < out.length; p++) {
      let off = 0;
      for (let k = 0; k < dims.length; k++) off += coord[k] * cs[dims[k]];
      out[p] = off;
      for (let k = dims.length - 1; k >= 0; k--) {
        if (++coord[k] < shape[k]) break;
        coord[k] = 0;
      }
    }
    return out;
  };
  let before: number[], after: number[];
  if (consecutive) {
    before = rest.filter((d) => d < sorted[0]);
    after = rest.filter((d) => d > sorted[0]);
  } else {
    before = [];
    after = rest;
  }
  const R1 = restOffsets(before), R2 = restOffsets(after);
  const shape = [...before.map((d) => view._shape[d]), ...B, ...after.map((d) => view._shape[d])];
  if (QT !== null) {
    const r1 = Tensor._make(Float64Array.from(R1), [R1.length, 1, 1], int64).to(QT.device);
    const r2 = Tensor._make(Float64Array.from(R2), [1, 1, R2.length], int64).to(QT.device);
    return { offsets: r1.add(QT.reshape(1, -1, 1)).add(r2).reshape(-1), shape };
  }
  const offsets = new Int32Array(R1.length * nb * R2.length);
  let o = 0;
  for (let i = 0; i < R1.length; i++) for (let b = 0; b < nb; b++) for (let j = 0; j < R2.length; j++) offsets[o++] = R1[i] + Q[b] + R2[j];
  return { offsets, shape };
}

export function index(x: Tensor, specs: readonly IndexSpec[]): Tensor {
  const { view: v, advanced } = basicIndex(x, specs);
  if (advanced.length === 0) return v;
  const { offsets, shape } = advancedOffsets(v, advanced);
  return take(v, offsets, shape, INDEX);
}

/** Ones of `shape`, with zeros at the row-major `positions`: the gradient mask of the elements an op overwrote. */
export function onesExcept(shape: readonly number[], dtype: DType, positions: Offsets, device = "cpu"): Tensor {
  if (positions instanceof Tensor) {
    // On a device: subtract one at each position (twice-written positions go below zero, hence the clamp).
    const ones = Tensor._full(shape, 1, dtype, device);
    return putAdd(ones, positions, Tensor._full([positions.numel()], -1, dtype, device)).clamp(0);
  }
  const keep = Tensor._full(shape, 1, dtype);
  const data = keep._host();
  for (let i = 0; i < positions.length; i++) data[positions[i]] = 0;
  return keep.to(device);
}

const UNFOLD = gatherDef("UnfoldBackward0");

/** Tensor.unfold(dimension, size, step): a view with every size-long window (step apart) of a dim in a new last dim. */
export function unfold(x: Tensor, dimension: number, size: number, step: number): Tensor {
  const d = x.dim() === 0 ? 0 : wrapDim(dimension, x.dim());
  const len = x.dim() === 0 ? 1 : x._shape[d];
  if (size > len) throw new RuntimeError(`maximum size for tensor at dimension ${d} is ${len} but size is ${size}`);
  if (size < 0) throw new RuntimeError(`size is ${size} but must be >= 0`);
  if (step <= 0) throw new RuntimeError(`step is ${step} but must be > 0`);
  const count = Math.floor((len - size) / step) + 1;
  const geometry = (strides: readonly number[]) => {
    const along = x.dim() === 0 ? 1 : strides[d];
    const outer = x.dim() === 0 ? [count] : x._shape.map((n, i) => (i === d ? count : n));
    const outerStrides = x.dim() === 0 ? [along * step] : strides.map((s, i) => (i === d ? s * step : s));
    return { shape: x.dim() === 0 ? [size] : [...outer, size], strides: x.dim() === 0 ? [along] : [...outerStrides, along] };
  };
  const view = geometry(x._strides);
  const out = x._view(view.shape, view.strides, x._offset);
  if (needsGrad(x)) {
    const rowMajor = geometry(contiguousStrides(x._shape));
    record(UNFOLD, [x], out, { shape: x._shape, offsets: elementOffsets({ _shape: view.shape, _strides: rowMajor.strides, _offset: 0 }) });
  }
  return out;
}

const TAKE = gatherDef("TakeBackward0");

/** torch.take(input, index): input read as if flat at index's positions (negative counting from the end), in index's shape. */
export function takeFlat(x: Tensor, index: Tensor): Tensor {
  const n = x.numel();
  if (index.dtype !== int64) throw new RuntimeError(`take(): Expected a long tensor for index, but got ${index.dtype.scalarName}`);
  // On a device the offsets stay there, unchecked (as index_select's; CUDA asserts in its kernel).
  if (!index.is_cpu) return take(x, index.lt(0).mul(n).add(index).reshape(-1), index.shape, TAKE);
  const values = indexValues(index, "take");
  const offsets = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < -n || v >= n) throw new IndexError(`out of range: tried to access index ${v} on a tensor of ${n} elements.`);
    offsets[i] = v < 0 ? v + n : v;
  }
  return take(x, offsets, index.shape, TAKE);
}
