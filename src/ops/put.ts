// Writes that may combine with what is there: index_put's accumulate and scatter's
// reduce, with PyTorch's argument handling. The writes themselves are shape.ts's
// (indexAssign, index_put, putAdd) and math.ts's host combine.
import { bindArgs, checkKeywords } from "../args.js";
import { bool, int64 } from "../dtype.js";
import { IndexError, RuntimeError, TorchTypeError, typeName } from "../errors.js";
import { no_grad } from "../autograd/grad_mode.js";
import { wrapDim } from "../shape.js";
import { Tensor, type TensorOrScalar } from "../tensor.js";
import { combineAt } from "./math.js";
import { needsGrad, notImplemented, record } from "./registry.js";
import { alongDimOffsets, index_put as indexPutCopy, indexAssign, putAdd, scatter as scatterWrite, type IndexSpec } from "./shape.js";

function accumulateArg(fn: string, args: readonly unknown[]): boolean {
  return (bindArgs(fn, args, ["accumulate"]).accumulate as boolean | undefined) ?? false;
}

/** x.index_put_(indices, values, accumulate=False): x[indices] = values, or += with accumulate (repeated indices adding up). */
export function index_put_(x: Tensor, indices: readonly IndexSpec[], values: TensorOrScalar, args: readonly unknown[]): void {
  indexAssign(x, indices, values, accumulateArg("index_put_", args));
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
  return indexPutCopy(x, ts, values, accumulate);
}

const SCATTER_REDUCE = notImplemented("scatter");

/**
 * scatter(x, dim, index, src | value, { reduce }): without reduce shape.ts's scatter; with
 * "add" or "multiply", src's values (or value) combined into a copy of x where index points
 * along dim. PyTorch has no derivative for the reduced form: its node's backward raises.
 */
export function scatter(x: Tensor, dim: number, index: Tensor, src: TensorOrScalar, opts?: { reduce?: string | null }): Tensor {
  checkKeywords("scatter", opts, ["reduce"]);
  const reduce = opts?.reduce ?? null;
  if (reduce === null) return scatterWrite(x, dim, index, src);
  if (reduce !== "add" && reduce !== "multiply") throw new RuntimeError("reduce argument must be either add or multiply.");
  const d = wrapDim(dim, Math.max(x.dim(), 1));
  if (src instanceof Tensor && src.dtype !== x.dtype) throw new RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype");
  const offsets = alongDimOffsets(x, d, index, "scatter");
  // A value is cast to x's dtype first, as PyTorch's Scalar is (an integer tensor truncates it).
  const value = src instanceof Tensor ? 0 : x.dtype === bool ? Number(src !== 0) : x.dtype.is_floating_point ? src : Math.trunc(src);
  const out = no_grad(() => {
    // Only the leading index-shaped block of src is read.
    let block = src instanceof Tensor ? src.detach() : Tensor._full(index.shape, value, x.dtype, x.device);
    for (let k = 0; k < index.dim(); k++) if (block.shape[k] !== index.shape[k]) block = block.narrow(k, 0, index.shape[k]);
    return reduce === "add" ? putAdd(x.detach(), offsets, block.contiguous()) : combineAt(x, offsets, block, (a, b) => a * b, true);
  });
  if (needsGrad(x, src instanceof Tensor ? src : null)) record(SCATTER_REDUCE, [x, src], out);
  return out;
}
