// Writes at indices into a copy of a tensor (the in-place forms run these through
// applyInplace): index_put (accumulate), scatter (reduce), index_fill, index_copy,
// index_add, each with its node. The offsets are shape.ts's (basicIndex and
// advancedOffsets for Python's indexing, alongDimOffsets along a dim).
import { checkKeywords, bindArgs } from "../args.js";
import { no_grad } from "../autograd/grad_mode.js";
import { backend } from "../backend/index.js";
import { bool, int64 } from "../dtype.js";
import { IndexError, RuntimeError, TorchTypeError, typeName } from "../errors.js";
import { sameShape, wrapDim } from "../shape.js";
import { Tensor, type TensorOrScalar } from "../tensor.js";
import { where } from "./elementwise.js";
import { applyInplace } from "./inplace.js";
import { combineAt } from "./math.js";
import { needsGrad, notImplemented, record, type OpDef } from "./registry.js";
import {
  INDEX, advancedOffsets, alongDimOffsets, basicIndex, copy, fill, gather, index_select, onesExcept, putAdd, take,
  type IndexSpec, type Offsets,
} from "./shape.js";

type T = Tensor;

// ---- index_put ----------------------------------------------------------------------------

const INDEX_PUT: OpDef = {
  name: "index_put_",
  node: "IndexPutBackward0",
  // Accumulated into, self's gradient passes whole (s.keep is null); overwritten, not where written.
  backward: (g: T, s, needs) => [needs[0] ? (s.keep === null ? g : g.mul(s.keep)) : null, needs[1] ? take(g, s.offsets, s.shape, INDEX) : null],
};

/** A copy of x, outside autograd, with `value` (broadcast to `shape`) written at the row-major `offsets` (the last write wins). */
function writeAt(x: Tensor, offsets: Offsets, shape: readonly number[], value: TensorOrScalar): Tensor {
  if (!x.is_cpu) {
    // On a device: clear the written positions, then add the values there (a number is
    // selected where written, so a position written twice still gets it once; twice-written
    // tensor values add up, where PyTorch on CUDA keeps one of them, unspecified which).
    const keep = onesExcept(x._shape, x.dtype, offsets, x.device.type);
    return no_grad(() => {
      const written = keep.eq(0);
      if (!(value instanceof Tensor)) return where(written, +value, x.detach());
      return putAdd(where(written, 0, x.detach()), offsets, value.detach().to(x.dtype).expand([...shape]).reshape(-1));
    });
  }
  if (offsets instanceof Tensor) throw new RuntimeError("index_put_: indices on another device than the tensor");
  const out = Tensor._make(backend.copy(x, x._shape, x.dtype), x._shape, x.dtype);
  const src = value instanceof Tensor ? value.detach().to(x.dtype).expand([...shape])._contiguousData() : null;
  const data = out._host();
  for (let i = 0; i < offsets.length; i++) data[offsets[i]] = src === null ? +value : src[i];
  return out;
}

/** The out-of-place half of index_put_: value written at offsets, or added there (repeated offsets adding up) with accumulate. */
function indexPut(x: Tensor, offsets: Offsets, shape: readonly number[], value: TensorOrScalar, accumulate = false): Tensor {
  const out = accumulate
    ? no_grad(() => putAdd(x.detach(), offsets, (value instanceof Tensor ? value.detach().to(x.dtype) : Tensor._full([], value, x.dtype, x.device)).expand([...shape]).contiguous()))
    : writeAt(x, offsets, shape, value);
  if (needsGrad(x, value instanceof Tensor ? value : null)) record(INDEX_PUT, [x, value], out, { keep: accumulate ? null : onesExcept(x._shape, x.dtype, offsets, x.device.type), offsets, shape });
  return out;
}

/**
 * The value with its leading 1s dropped, as setitem drops them, so it expands to an indexed
 * shape; PyTorch's message where it cannot.
 */
function broadcastTo(value: Tensor, shape: readonly number[], dropLeadingOnes = true): Tensor {
  const first = value._shape.findIndex((n) => n !== 1);
  const trimmed = first < 0 ? [] : value._shape.slice(first);
  const kept = dropLeadingOnes ? trimmed : value._shape;
  const lead = shape.length - kept.length;
  if (lead < 0 || kept.some((n, i) => n !== 1 && n !== shape[lead + i])) {
    throw new RuntimeError(`shape mismatch: value tensor of shape [${value._shape.join(", ")}] cannot be broadcast to indexing result of shape [${shape.join(", ")}]`);
  }
  return value.dim() > shape.length ? value.reshape(trimmed) : value;
}

function accumulateArg(fn: string, args: readonly unknown[]): boolean {
  return (bindArgs(fn, args, ["accumulate"]).accumulate as boolean | undefined) ?? false;
}

/**
 * x.index_put_(indices, values, accumulate=False), which is also x[indices] = values: in place,
 * a copy_/fill_ (add_ with accumulate) into a view, or an index_put for tensor indices (Note
 * [in-place on views]); with accumulate, repeated indices add up.
 */
export function index_put_(x: Tensor, specs: readonly IndexSpec[], value: TensorOrScalar, args: readonly unknown[]): void {
  const accumulate = accumulateArg("index_put_", args);
  if (!(value instanceof Tensor) && typeof value !== "number" && typeof value !== "boolean") {
    throw new TorchTypeError(`can't assign a ${typeName(value)} to a ${x.dtype.legacyName}`);
  }
  const { view: v, advanced } = basicIndex(x, specs);
  if (advanced.length === 0) {
    applyInplace(v, () => (accumulate ? v.add(value) : value instanceof Tensor ? copy(v, value) : fill(v, value)));
    return;
  }
  const { offsets, shape } = advancedOffsets(v, advanced);
  const fitted = value instanceof Tensor ? broadcastTo(value, shape) : value;
  applyInplace(v, () => indexPut(v, offsets, shape, fitted, accumulate));
}

/**
 * index_put(x, indices, values, accumulate=False): index_put_ into a copy, with PyTorch's checks
 * (tensor indices and values of x's dtype). `self` says whether x is the first argument
 * (torch.index_put) for the argument numbers in the messages, or the method's receiver.
 */
export function index_put(x: Tensor, indices: readonly unknown[], values: unknown, args: readonly unknown[], self = false): Tensor {
  const accumulate = accumulateArg("index_put", args);
  const first = self ? 1 : 0;
  indices.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TorchTypeError(`expected Tensor as element ${i} in argument ${first}, but got ${typeName(t)}`);
  });
  if (!(values instanceof Tensor)) throw new TorchTypeError(`index_put(): argument 'values' (position ${first + 2}) must be Tensor, not ${typeName(values)}`);
  const ts = indices as readonly Tensor[];
  // PyTorch's message for an empty index list: the indexing kernel reads an undefined tensor.
  if (ts.length === 0) throw new RuntimeError("strides() called on an undefined Tensor");
  if (ts.length > x.dim()) throw new IndexError(`too many indices for tensor of dimension ${x.dim()} (got ${ts.length})`);
  if (ts.some((t) => t.dtype !== int64 && t.dtype !== bool)) throw new IndexError("tensors used as indices must be long, byte or bool tensors");
  if (values.dtype !== x.dtype) {
    throw new RuntimeError(`Index put requires the source and destination dtypes match, got ${x.dtype.scalarName} for the destination and ${values.dtype.scalarName} for the source.`);
  }
  // Tensor indices make no view of x but a 0-d mask's unsqueeze, which keeps x's row-major order: the offsets are x's.
  const { view, advanced } = basicIndex(x, ts);
  const { offsets, shape } = advancedOffsets(view, advanced);
  // The out-of-place op keeps every dim of the value (only setitem drops leading 1s).
  broadcastTo(values, shape, false);
  return indexPut(x, offsets, shape, values, accumulate);
}

// ---- scatter ----------------------------------------------------------------------------

const SCATTER: OpDef = {
  name: "scatter",
  node: "ScatterBackward0",
  backward: (g: T, s, needs) => [needs[0] ? scatter(g, s.dim, s.index, 0) : null, needs[1] ? gather(g, s.dim, s.index) : null],
};
const SCATTER_VALUE: OpDef = { name: "scatter", node: "ScatterBackward1", backward: (g: T, s) => [scatter(g, s.dim, s.index, 0)] };

const SCATTER_REDUCE = notImplemented("scatter");

/**
 * scatter(x, dim, index, src | value, { reduce }): a copy of x with src's values (or value)
 * written where index points along dim, or with reduce "add" or "multiply" combined there
 * (PyTorch has no derivative for the reduced form: its node's backward raises).
 */
export function scatter(x: Tensor, dim: number, index: Tensor, src: TensorOrScalar, opts?: { reduce?: string | null }): Tensor {
  checkKeywords("scatter", opts, ["reduce"]);
  const reduce = opts?.reduce ?? null;
  if (reduce !== null && reduce !== "add" && reduce !== "multiply") throw new RuntimeError("reduce argument must be either add or multiply.");
  const d = wrapDim(dim, x.dim());
  if (src instanceof Tensor && src.dtype !== x.dtype) throw new RuntimeError(`scatter(): Expected self.dtype to be equal to src.dtype`);
  const offsets = alongDimOffsets(x, d, index, "scatter");
  if (reduce !== null) return scatterReduced(x, index, offsets, src, reduce);
  if (!(src instanceof Tensor)) {
    const out = writeAt(x, offsets, index._shape, src);
    if (needsGrad(x)) record(SCATTER_VALUE, [x], out, { dim: d, index });
    return out;
  }
  const block = leadingBlock(src, index);
  const out = writeAt(x, offsets, index._shape, block);
  if (needsGrad(x, src)) record(SCATTER, [x, src], out, { dim: d, index });
  return out;
}

/** Only the leading index-shaped block of src is read. */
function leadingBlock(src: Tensor, index: Tensor): Tensor {
  let block = src;
  for (let k = 0; k < index.dim(); k++) if (src._shape[k] !== index._shape[k]) block = block.narrow(k, 0, index._shape[k]);
  return block;
}

function scatterReduced(x: Tensor, index: Tensor, offsets: Offsets, src: TensorOrScalar, reduce: "add" | "multiply"): Tensor {
  // A value is cast to x's dtype first, as PyTorch's Scalar is (an integer tensor truncates it).
  const value = src instanceof Tensor ? 0 : x.dtype === bool ? Number(src !== 0) : x.dtype.is_floating_point ? src : Math.trunc(src);
  const out = no_grad(() => {
    const block = leadingBlock(src instanceof Tensor ? src.detach() : Tensor._full(index.shape, value, x.dtype, x.device), index);
    return reduce === "add" ? putAdd(x.detach(), offsets, block.contiguous()) : combineAt(x, offsets, block, (a, b) => a * b, true);
  });
  if (needsGrad(x, src instanceof Tensor ? src : null)) record(SCATTER_REDUCE, [x, src], out);
  return out;
}

// ---- slices at an index: index_fill, index_copy, index_add ------------------------------------

/** The offsets of x's slices at `index` along dim, and the shape they make (x's, with index's length at dim). */
function sliceOffsets(fn: string, x: Tensor, d: number, index: Tensor): { offsets: Offsets; shape: number[] } {
  if (index.dim() > 1) throw new IndexError(`${fn}(): Index is supposed to be a vector`);
  if (index.dtype !== int64) throw new RuntimeError(`${fn}(): Expected dtype int64 for index`);
  const shape = x._shape.map((s, k) => (k === d ? index.numel() : s));
  const expanded = index.reshape(shape.map((s, k) => (k === d ? -1 : 1))).expand(shape);
  return { offsets: alongDimOffsets(x, d, expanded, fn), shape };
}

function checkSource(fn: string, source: Tensor, shape: readonly number[], x: Tensor): void {
  if (source.dtype !== x.dtype) throw new RuntimeError(`${fn}(): self (${x.dtype.scalarName}) and source (${source.dtype.scalarName}) must have the same scalar type`);
  if (!sameShape(source._shape, shape)) {
    throw new RuntimeError(`${fn}(): source of shape [${source._shape.join(", ")}] does not match the slices of self at index, of shape [${shape.join(", ")}]`);
  }
}

const INDEX_FILL: OpDef = { name: "index_fill", node: "IndexFillBackward0", backward: (g: T, s) => [index_fill(g, s.dim, s.index, 0)] };

/** index_fill(x, dim, index, value): a copy of x with its slices at index along dim set to value. */
export function index_fill(x: Tensor, dim: number, index: Tensor, value: number): Tensor {
  const d = wrapDim(dim, x.dim());
  const { offsets, shape } = sliceOffsets("index_fill_", x, d, index);
  const out = writeAt(x, offsets, shape, value);
  if (needsGrad(x)) record(INDEX_FILL, [x], out, { dim: d, index });
  return out;
}

const INDEX_COPY: OpDef = {
  name: "index_copy",
  node: "IndexCopyBackward0",
  backward: (g: T, s, needs) => [needs[0] ? index_fill(g, s.dim, s.index, 0) : null, needs[1] ? index_select(g, s.dim, s.index) : null],
};

/** index_copy(x, dim, index, source): a copy of x with source's slices written at index along dim. */
export function index_copy(x: Tensor, dim: number, index: Tensor, source: Tensor): Tensor {
  const d = wrapDim(dim, x.dim());
  const { offsets, shape } = sliceOffsets("index_copy_", x, d, index);
  checkSource("index_copy_", source, shape, x);
  const out = writeAt(x, offsets, shape, source);
  if (needsGrad(x, source)) record(INDEX_COPY, [x, source], out, { dim: d, index });
  return out;
}

const INDEX_ADD: OpDef = {
  name: "index_add",
  node: "IndexAddBackward0",
  backward: (g: T, s, needs) => [needs[0] ? g : null, needs[1] ? index_select(g, s.dim, s.index).mul(s.alpha) : null],
};

/** index_add(x, dim, index, source, { alpha = 1 }): a copy of x with alpha * source's slices added at index along dim. */
export function index_add(x: Tensor, dim: number, index: Tensor, source: Tensor, opts: { alpha?: number } = {}): Tensor {
  checkKeywords("index_add", opts, ["alpha"]);
  const alpha = opts.alpha ?? 1;
  const d = wrapDim(dim, x.dim());
  const { offsets, shape } = sliceOffsets("index_add_", x, d, index);
  checkSource("index_add_", source, shape, x);
  const out = no_grad(() => putAdd(x.detach(), offsets, alpha === 1 ? source.detach() : source.detach().mul(alpha)));
  if (needsGrad(x, source)) record(INDEX_ADD, [x, source], out, { dim: d, index, alpha });
  return out;
}
