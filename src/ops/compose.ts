// torch.* functions that PyTorch itself writes as compositions of views, cat,
// repeat, gather and index_select (hstack, meshgrid, tile, repeat_interleave,
// tensor_split, ...). Each is the same composition here, so its values, its
// gradient and its grad_fn (CatBackward0, ExpandBackward0, ...) are PyTorch's
// without an op of its own.
import { bindArgs, type ArgsOf } from "../args.js";
import { int64 } from "../dtype.js";
import { RuntimeError, TorchTypeError, typeName } from "../errors.js";
import { broadcastShapes, wrapDim } from "../shape.js";
import { Tensor } from "../tensor.js";
import { tensor } from "./creation.js";
import { cat, nonzero as nonzeroRows, stack } from "./shape.js";

/** The tensors of a variadic call: f(a, b) or f([a, b]). */
function tensorList(fn: string, args: readonly (Tensor | readonly Tensor[])[]): Tensor[] {
  const list = args.length === 1 && Array.isArray(args[0]) ? (args[0] as Tensor[]) : (args as Tensor[]);
  for (const [i, t] of list.entries()) {
    if (!(t instanceof Tensor)) throw new TorchTypeError(`${fn}(): expected Tensor as element ${i} in argument 0, but got ${typeName(t)}`);
  }
  return list;
}

/** atleast_Nd's call forms: one tensor gives a tensor, several (or a list) a list. */
function each(fn: string, args: readonly (Tensor | readonly Tensor[])[], f: (t: Tensor) => Tensor): Tensor | Tensor[] {
  if (args.length === 1 && args[0] instanceof Tensor) return f(args[0]);
  return tensorList(fn, args).map(f);
}

const at1 = (t: Tensor): Tensor => (t.dim() === 0 ? t.reshape(1) : t);
const at2 = (t: Tensor): Tensor => (t.dim() === 0 ? t.reshape(1, 1) : t.dim() === 1 ? t.unsqueeze(0) : t);
const at3 = (t: Tensor): Tensor =>
  t.dim() === 0 ? t.reshape(1, 1, 1) : t.dim() === 1 ? t.unsqueeze(0).unsqueeze(-1) : t.dim() === 2 ? t.unsqueeze(-1) : t;

/** atleast_1d(x) or atleast_1d(x, y, ...): 0-d tensors as 1-d. */
export const atleast_1d = (...args: (Tensor | readonly Tensor[])[]) => each("atleast_1d", args, at1);
/** atleast_2d: 0-d as [1, 1], 1-d [n] as [1, n]. */
export const atleast_2d = (...args: (Tensor | readonly Tensor[])[]) => each("atleast_2d", args, at2);
/** atleast_3d: 0-d as [1, 1, 1], 1-d [n] as [1, n, 1], 2-d [m, n] as [m, n, 1]. */
export const atleast_3d = (...args: (Tensor | readonly Tensor[])[]) => each("atleast_3d", args, at3);

function nonEmpty(fn: string, tensors: readonly Tensor[]): void {
  if (tensors.length === 0) throw new RuntimeError(`${fn} expects a non-empty TensorList`);
}

/** hstack(tensors): cat along dim 1 (dim 0 for 1-d tensors). */
export function hstack(tensors: readonly Tensor[]): Tensor {
  nonEmpty("hstack", tensors);
  const ts = tensorList("hstack", [tensors]).map(at1);
  return cat(ts, ts[0].dim() === 1 ? 0 : 1);
}

/** vstack(tensors) (row_stack): cat along dim 0 of atleast_2d. */
export function vstack(tensors: readonly Tensor[]): Tensor {
  nonEmpty("vstack", tensors);
  return cat(tensorList("vstack", [tensors]).map(at2), 0);
}

/** dstack(tensors): cat along dim 2 of atleast_3d. */
export function dstack(tensors: readonly Tensor[]): Tensor {
  nonEmpty("dstack", tensors);
  return cat(tensorList("dstack", [tensors]).map(at3), 2);
}

/** column_stack(tensors): 0-d and 1-d tensors as columns, then hstack. */
export function column_stack(tensors: readonly Tensor[]): Tensor {
  nonEmpty("column_stack", tensors);
  return hstack(tensorList("column_stack", [tensors]).map((t) => (t.dim() <= 1 ? t.reshape(t.numel(), 1) : t)));
}

/** ravel(x): the elements as one row, a view where x is contiguous. */
export const ravel = (x: Tensor): Tensor => x.contiguous().view(-1);

/** tile(x, dims): repeat, with dims padded with leading 1s to x's rank. */
export function tile(x: Tensor, dims: readonly number[]): Tensor {
  const padded = [...new Array<number>(Math.max(0, x.dim() - dims.length)).fill(1), ...dims];
  return x.repeat(padded);
}

/** broadcast_shapes(...shapes): the shape they broadcast to. */
export function broadcast_shapes(...shapes: (number | readonly number[])[]): number[] {
  return shapes.reduce<number[]>((acc, s) => broadcastShapes(acc, typeof s === "number" ? [s] : s), []);
}

/** broadcast_tensors(...tensors): each expanded to their common shape. */
export function broadcast_tensors(...args: (Tensor | readonly Tensor[])[]): Tensor[] {
  const ts = tensorList("broadcast_tensors", args);
  const shape = broadcast_shapes(...ts.map((t) => t.shape));
  return ts.map((t) => t.expand(shape));
}

/**
 * meshgrid(...tensors, { indexing }): grids from 0-d or 1-d tensors; "ij" (the
 * default, as PyTorch 1.13's) indexes by input order; "xy" makes the grids of
 * the first two inputs with their dims swapped (PyTorch swaps the inputs, then the outputs).
 */
export function meshgrid(...args: (Tensor | readonly Tensor[] | { indexing?: string })[]): Tensor[] {
  const last = args[args.length - 1];
  const options = last !== undefined && !(last instanceof Tensor) && !Array.isArray(last) ? (args.pop() as { indexing?: string }) : {};
  for (const k of Object.keys(options)) if (k !== "indexing") throw new TorchTypeError(`meshgrid() got an unexpected keyword argument '${k}'`);
  const indexing = options.indexing ?? "ij";
  if (indexing !== "ij" && indexing !== "xy") throw new RuntimeError(`torch.meshgrid: indexing must be one of "xy" or "ij", but received: ${indexing}`);
  const ts = tensorList("meshgrid", args as (Tensor | readonly Tensor[])[]);
  if (ts.length === 0) throw new RuntimeError("meshgrid expects a non-empty TensorList");
  for (const t of ts) if (t.dim() > 1) throw new RuntimeError(`torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: ${t}`);
  const swap = indexing === "xy" && ts.length >= 2;
  const inputs = swap ? [ts[1], ts[0], ...ts.slice(2)] : ts;
  const shape = inputs.map((t) => t.numel());
  const grids = inputs.map((t, i) => t.view(shape.map((n, j) => (j === i ? n : 1))).expand(shape));
  return swap ? [grids[1], grids[0], ...grids.slice(2)] : grids;
}

/** cartesian_prod(...tensors): every combination of the 1-d inputs' elements, one per row. */
export function cartesian_prod(...args: (Tensor | readonly Tensor[])[]): Tensor {
  const ts = tensorList("cartesian_prod", args);
  for (const t of ts) if (t.dim() !== 1) throw new RuntimeError(`Expect a 1D vector, but got shape [${t.shape.join(", ")}]`);
  if (ts.length === 1) return ts[0];
  return stack(meshgrid(ts, { indexing: "ij" }).map((g) => g.flatten()), 1);
}

/** The int64 indices that repeat position i repeats[i] times (repeat_interleave of a repeats tensor). */
function repeatIndex(repeats: readonly number[], device: Tensor["device"]): Tensor {
  const index: number[] = [];
  for (const [i, r] of repeats.entries()) {
    if (r < 0) throw new RuntimeError("repeats can not be negative");
    for (let j = 0; j < r; j++) index.push(i);
  }
  return tensor(index, { dtype: int64, device });
}

/**
 * repeat_interleave(x, repeats, { dim, output_size }): each element (or slice
 * along dim) repeated; without dim, of the flattened x. repeat_interleave(repeats)
 * alone gives the indices.
 */
export function repeat_interleave(x: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("repeat_interleave", args, ["repeats", "dim"], ["output_size"]) as { repeats?: number | Tensor | null; dim?: number | null; output_size?: number | null };
  const repeats = o.repeats;
  if (repeats === undefined || repeats === null) {
    if (x.dim() !== 1 || x.dtype !== int64) throw new RuntimeError("repeats must be 1-d tensor");
    return repeatIndex(x.tolist() as number[], x.device);
  }
  const input = o.dim === undefined || o.dim === null ? x.flatten() : x;
  const d = o.dim === undefined || o.dim === null ? 0 : wrapDim(o.dim, x.dim());
  const size = input.shape[d];
  let counts: number[];
  if (typeof repeats === "number") counts = new Array<number>(size).fill(repeats);
  else {
    if (repeats.dim() > 1) throw new RuntimeError("repeats must be 0-dim or 1-dim tensor");
    const r = repeats.tolist();
    counts = typeof r === "number" ? new Array<number>(size).fill(r) : (r as number[]);
    if (counts.length !== size) throw new RuntimeError("repeats must have the same size as input along dim");
  }
  const index = repeatIndex(counts, x.device);
  if (o.output_size !== undefined && o.output_size !== null && o.output_size !== index.numel()) {
    throw new RuntimeError("allocated size does not match required size");
  }
  return input.index_select(d, index);
}

/**
 * take_along_dim(x, indices, dim): gather along dim after broadcasting x and
 * indices over the other dims; without dim, of the flattened x.
 */
export function take_along_dim(x: Tensor, indices: Tensor, ...args: ArgsOf<["dim"]>): Tensor {
  const dim = bindArgs("take_along_dim", args, ["dim"]).dim as number | null | undefined;
  if (indices.dtype !== int64) throw new RuntimeError(`torch.take_along_dim(): dtype of indices should be Long but got ${indices.dtype.scalarName}`);
  if (dim === undefined || dim === null) return x.view(-1).gather(0, indices.view(-1));
  if (x.dim() !== indices.dim()) {
    throw new RuntimeError(`torch.take_along_dim(): input and indices should have the same number of dimensions, but got ${x.dim()} dimensions for input, and ${indices.dim()} dimensions for indices`);
  }
  const d = wrapDim(dim, x.dim());
  const others = broadcastShapes(x.shape.map((n, i) => (i === d ? 1 : n)), indices.shape.map((n, i) => (i === d ? 1 : n)));
  const xs = x.expand(others.map((n, i) => (i === d ? x.shape[d] : n)));
  const is = indices.expand(others.map((n, i) => (i === d ? indices.shape[d] : n)));
  return xs.gather(d, is);
}

/**
 * tensor_split(x, sections | indices, dim = 0): views of x; n sections are as
 * equal as can be (the first size % n one longer), indices split before each index.
 */
export function tensor_split(x: Tensor, sections: number | readonly number[] | Tensor, ...args: unknown[]): Tensor[] {
  const dim = (bindArgs("tensor_split", args, ["dim"]).dim as number | undefined) ?? 0;
  if (x.dim() === 0) throw new RuntimeError(`tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims`);
  const d = wrapDim(dim, x.dim());
  const size = x.shape[d];
  const split = sections instanceof Tensor ? (sections.dim() === 0 ? (sections.item() as number) : (sections.tolist() as number[])) : sections;
  let bounds: number[];
  if (typeof split === "number") {
    if (split <= 0) throw new RuntimeError(`number of sections must be larger than 0, got ${split}`);
    const base = Math.floor(size / split), extra = size % split;
    bounds = [];
    for (let i = 1, at = 0; i < split; i++) bounds.push((at += base + (i <= extra ? 1 : 0)));
  } else bounds = [...split];
  const parts: Tensor[] = [];
  let start = 0;
  for (const b of [...bounds, size]) {
    const s = Math.min(Math.max(start < 0 ? start + size : start, 0), size);
    const e = Math.min(Math.max(b < 0 ? b + size : b, s), size);
    parts.push(x.narrow(d, s, e - s));
    start = b;
  }
  return parts;
}

function splitAlong(fn: string, x: Tensor, sections: number | readonly number[], d: number): Tensor[] {
  if (typeof sections === "number" && (sections === 0 || x.shape[d] % sections !== 0)) {
    throw new RuntimeError(`torch.${fn} attempted to split along dimension ${d}, but the size of the dimension ${x.shape[d]} is not divisible by the split_size ${sections}!`);
  }
  return tensor_split(x, sections, d);
}

/** hsplit(x, sections | indices): tensor_split along dim 1 (dim 0 for 1-d x); sections must divide evenly. */
export function hsplit(x: Tensor, sections: number | readonly number[]): Tensor[] {
  if (x.dim() < 1) throw new RuntimeError(`torch.hsplit requires a tensor with at least 1 dimension, but got a tensor with ${x.dim()} dimensions!`);
  return splitAlong("hsplit", x, sections, x.dim() === 1 ? 0 : 1);
}

/** vsplit(x, sections | indices): tensor_split along dim 0 of an x of 2 or more dims. */
export function vsplit(x: Tensor, sections: number | readonly number[]): Tensor[] {
  if (x.dim() < 2) throw new RuntimeError(`torch.vsplit requires a tensor with at least 2 dimension, but got a tensor with ${x.dim()} dimensions!`);
  return splitAlong("vsplit", x, sections, 0);
}

/** dsplit(x, sections | indices): tensor_split along dim 2 of an x of 3 or more dims. */
export function dsplit(x: Tensor, sections: number | readonly number[]): Tensor[] {
  if (x.dim() < 3) throw new RuntimeError(`torch.dsplit requires a tensor with at least 3 dimension, but got a tensor with ${x.dim()} dimensions!`);
  return splitAlong("dsplit", x, sections, 2);
}

/** fliplr(x): flip(1), for x of 2 or more dims. */
export function fliplr(x: Tensor): Tensor {
  if (x.dim() < 2) throw new RuntimeError("Input must be >= 2-d.");
  return x.flip(1);
}

/** flipud(x): flip(0), for x of 1 or more dims. */
export function flipud(x: Tensor): Tensor {
  if (x.dim() < 1) throw new RuntimeError("Input must be >= 1-d.");
  return x.flip(0);
}


/** vander(x, N=None, increasing=False): the Vandermonde matrix of a 1-d x (powers N-1 down to 0), PyTorch's cumprod composition. */
export function vander(x: Tensor, N?: number | null, increasing = false): Tensor {
  if (x.dim() !== 1) throw new RuntimeError("x must be a one-dimensional tensor.");
  const n = N ?? x.shape[0];
  if (n < 0) throw new RuntimeError("N must be non-negative.");
  const dtype = x.dtype.is_floating_point ? x.dtype : int64;
  const ones = Tensor._full([x.shape[0], Math.min(n, 1)], 1, dtype, x.device);
  const powers = n > 1 ? cat([ones, x.to(dtype).unsqueeze(1).expand([x.shape[0], n - 1]).cumprod(1)], 1) : ones;
  return increasing ? powers : powers.flip([1]);
}

/**
 * tensordot(a, b, dims=2): contracts dims of a with dims of b. dims is a count
 * (a's last dims with b's first) or two lists. As PyTorch: a's free dims and the
 * contracted ones permuted into a matrix, b's likewise, one mm, then a reshape.
 */
export function tensordot(a: Tensor, b: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("tensordot", args, ["dims"]);
  const dims = (o.dims ?? 2) as number | readonly (number | readonly number[])[];
  let da: number[], db: number[];
  if (typeof dims === "number") {
    if (dims < 0) throw new RuntimeError(`tensordot expects dims >= 0, but got dims=${dims}`);
    if (dims > a.dim() || dims > b.dim()) throw new RuntimeError(`tensordot expects dims < ndim_a or ndim_b, but got dims=${dims}`);
    da = Array.from({ length: dims }, (_, i) => a.dim() - dims + i);
    db = Array.from({ length: dims }, (_, i) => i);
  } else {
    const [x, y] = dims;
    da = (typeof x === "number" ? [x] : [...x]).map((d) => wrapDim(d, a.dim()));
    db = (typeof y === "number" ? [y] : [...y]).map((d) => wrapDim(d, b.dim()));
  }
  if (da.length !== db.length) throw new RuntimeError("both dimension lists should have same length");
  let csize = 1;
  for (let i = 0; i < da.length; i++) {
    const sa = a.shape[da[i]], sb = b.shape[db[i]];
    if (sa !== sb) throw new RuntimeError(`contracted dimensions need to match, but first has size ${sa} in dim ${da[i]} and second has size ${sb} in dim ${db[i]}`);
    csize *= sa;
  }
  const freeA = a.shape.map((_, d) => d).filter((d) => !da.includes(d));
  const freeB = b.shape.map((_, d) => d).filter((d) => !db.includes(d));
  const sizeA = freeA.reduce((p, d) => p * a.shape[d], 1), sizeB = freeB.reduce((p, d) => p * b.shape[d], 1);
  const t1 = a.permute([...freeA, ...da]).reshape(sizeA, csize);
  const t2 = b.permute([...db, ...freeB]).reshape(csize, sizeB);
  return t1.mm(t2).reshape([...freeA.map((d) => a.shape[d]), ...freeB.map((d) => b.shape[d])]);
}

/** inner(a, b): sums over the last dims of both (a product with a 0-dim one). */
export function inner(a: Tensor, b: Tensor): Tensor {
  if (a.dim() === 0 || b.dim() === 0) return a.mul(b);
  if (a.shape[a.dim() - 1] !== b.shape[b.dim() - 1]) {
    throw new RuntimeError(`inner() the last dimension must match on both input tensors but got shapes [${a.shape.join(", ")}] and [${b.shape.join(", ")}]`);
  }
  return tensordot(a, b, [[-1], [-1]]);
}

/** nonzero(x, *, as_tuple=False): the indices of the non-zero elements as rows [n, ndim], or with as_tuple one [n] tensor per dim (a 0-d x as 1-d). */
export function nonzero(x: Tensor, ...args: unknown[]): Tensor | Tensor[] {
  const o = bindArgs("nonzero", args, [], ["as_tuple"]);
  if (o.as_tuple === null) throw new TorchTypeError("nonzero(): argument 'as_tuple' must be bool, not NoneType");
  if (o.as_tuple !== true) return nonzeroRows(x);
  return nonzeroRows(x.dim() === 0 ? x.unsqueeze(0) : x).unbind(1);
}
