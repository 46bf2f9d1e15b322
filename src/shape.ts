import { IndexError, RuntimeError } from "./errors.js";

export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** The strides of every 0-d tensor: one shared, frozen array (0-d tensors are most of a scalar chain). */
const NO_STRIDES: number[] = Object.freeze([]) as unknown as number[];

export function contiguousStrides(shape: readonly number[]): number[] {
  if (shape.length === 0) return NO_STRIDES;
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function isContiguous(shape: readonly number[], strides: readonly number[]): boolean {
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && strides[i] !== s) return false;
    s *= shape[i];
  }
  return true;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** PyTorch's maybe_wrap_dim: negative dims count from the end; a 0-d tensor accepts -1 and 0. */
export function wrapDim(dim: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new IndexError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + n : dim;
}

/** Normalises a dim argument (number, list or null = all) to sorted unique dims. */
export function wrapDims(dim: number | readonly number[] | null | undefined, ndim: number): number[] {
  if (dim === null || dim === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof dim === "number" ? [dim] : dim;
  if (list.length === 0) return Array.from({ length: ndim }, (_, i) => i);
  const seen = new Set<number>();
  for (const d of list) {
    const w = ndim === 0 ? (wrapDim(d, 0), 0) : wrapDim(d, ndim);
    if (seen.has(w)) throw new RuntimeError(`dim ${w} appears multiple times in the list of dims`);
    seen.add(w);
  }
  return ndim === 0 ? [] : [...seen].sort((a, b) => a - b);
}

export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  if (sameShape(a, b)) return a as number[];
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else {
      throw new RuntimeError(
        `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`,
      );
    }
  }
  return out;
}

/** Strides that read a tensor of `shape`/`strides` as if it had the (broadcast) shape `target`. */
export function broadcastStrides(shape: readonly number[], strides: readonly number[], target: readonly number[]): number[] {
  const n = target.length;
  const off = n - shape.length;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const j = i - off;
    out[i] = j < 0 || shape[j] === 1 ? 0 : strides[j];
  }
  return out;
}

/** PyTorch's infer_size for view/reshape: one -1 is inferred from the element count. */
export function inferShape(shape: readonly number[], numel: number): number[] {
  let infer = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (d === -1) {
      if (infer >= 0) throw new RuntimeError("only one dimension can be inferred");
      infer = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new RuntimeError(`invalid shape dimension ${d}`);
    } else known *= d;
  }
  const out = [...shape];
  if (infer >= 0) {
    if (known === 0 || numel % known !== 0) throw new RuntimeError(`shape '[${shape.join(", ")}]' is invalid for input of size ${numel}`);
    out[infer] = numel / known;
  } else if (known !== numel) {
    throw new RuntimeError(`shape '[${shape.join(", ")}]' is invalid for input of size ${numel}`);
  }
  return out;
}

/** Strides for viewing (shape, strides) as newShape without a copy, or null (PyTorch's computeStride). */
export function viewStrides(shape: readonly number[], strides: readonly number[], newShape: readonly number[]): number[] | null {
  const numel = numelOf(shape);
  if (numel === 0 || shape.length === 0) return contiguousStrides(newShape);
  const newStrides = new Array<number>(newShape.length);
  let viewD = newShape.length - 1;
  let chunkBase = strides[strides.length - 1] ?? 1;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d];
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunkBase;
        viewNumel *= newShape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = strides[d - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewD !== -1) return null;
  return newStrides;
}

/** How many windows of `kernel` elements, `dilation` apart, fit in `size` at `stride`: a convolution's or pooling's output size. */
export function windowCount(size: number, kernel: number, stride: number, dilation: number): number {
  return Math.floor((size - dilation * (kernel - 1) - 1) / stride) + 1;
}

export function shapeStr(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

// ---- strided iteration: every loop walks row-major order with the innermost dim as a tight loop ----

/** The starting offset of each innermost row of `shape`, for each of several strided inputs. */
export function rowOffsets(shape: readonly number[], stridesList: readonly (readonly number[])[], bases: readonly number[]): Int32Array[] {
  const nd = shape.length;
  const rows = nd <= 1 ? 1 : numelOf(shape) / shape[nd - 1];
  const result = stridesList.map(() => new Int32Array(rows));
  const idx = new Int32Array(Math.max(nd - 1, 0));
  const cur = bases.slice();
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < cur.length; k++) result[k][r] = cur[k];
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++;
      if (idx[d] < shape[d]) {
        for (let k = 0; k < cur.length; k++) cur[k] += stridesList[k][d];
        break;
      }
      for (let k = 0; k < cur.length; k++) cur[k] -= stridesList[k][d] * (shape[d] - 1);
      idx[d] = 0;
    }
  }
  return result;
}

/** The storage offset of every element of a strided geometry (row-major), as a flat list. */
export function elementOffsets(x: { readonly _shape: readonly number[]; readonly _strides: readonly number[]; readonly _offset: number }): Int32Array {
  const n = numelOf(x._shape);
  const out = new Int32Array(n);
  if (isContiguous(x._shape, x._strides)) {
    for (let i = 0; i < n; i++) out[i] = x._offset + i;
    return out;
  }
  const nd = x._shape.length;
  const inner = x._shape[nd - 1];
  const st = x._strides[nd - 1];
  const [rows] = rowOffsets(x._shape, [x._strides], [x._offset]);
  let o = 0;
  for (let r = 0; r < rows.length; r++) {
    let p = rows[r];
    for (let j = 0; j < inner; j++, p += st) out[o++] = p;
  }
  return out;
}

/** torch.Size: the dims of a tensor as an array, with numel() and PyTorch's printing (torch.Size([2, 3])). */
export class Size extends Array<number> {
  constructor(dims: readonly number[] = []) {
    super(dims.length);
    for (let i = 0; i < dims.length; i++) this[i] = dims[i];
  }
  /** map, slice and filter give plain arrays. */
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
  numel(): number {
    return numelOf(this);
  }
  override toString(): string {
    return `torch.Size([${this.join(", ")}])`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
