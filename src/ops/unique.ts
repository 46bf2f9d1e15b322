// Distinct values: unique (sorted) and unique_consecutive (runs), of elements or, with dim, of
// the slices along dim, read on the host. PyTorch records a node for each that it cannot
// differentiate (its backward raises).
import { bindArgs, type ArgsOf } from "../args.js";
import { no_grad } from "../autograd/grad_mode.js";
import { int64 } from "../dtype.js";
import { IndexError, RuntimeError } from "../errors.js";
import { wrapDim } from "../shape.js";
import { Tensor } from "../tensor.js";
import { tensor } from "./creation.js";
import { needsGrad, record, undifferentiable, type OpDef } from "./registry.js";

const UNIQUE = undifferentiable("_unique2", "Unique2Backward0");
const UNIQUE_DIM = undifferentiable("unique_dim", "UniqueDimBackward0");
const UNIQUE_CONSECUTIVE = undifferentiable("unique_consecutive", "UniqueConsecutiveBackward0");

interface Distinct {
  values: Tensor;
  /** The run (distinct value) of each element or slice. */
  inverse: number[];
  inverseShape: readonly number[];
  counts: number[];
}

/** The values alone, or [values, inverse?, counts?], as PyTorch returns them; the values carry `def`'s node. */
function results(x: Tensor, r: Distinct, def: OpDef, o: { return_inverse?: unknown; return_counts?: unknown }): Tensor | Tensor[] {
  if (needsGrad(x)) record(def, [x], r.values);
  if (o.return_inverse !== true && o.return_counts !== true) return r.values;
  const out = [r.values];
  if (o.return_inverse === true) out.push(tensor(r.inverse, { dtype: int64, device: x.device }).reshape([...r.inverseShape]));
  if (o.return_counts === true) out.push(tensor(r.counts, { dtype: int64, device: x.device }));
  return out;
}

/** Runs of equal elements in row-major order (NaN equal to nothing, -0 to 0, as C++'s ==). */
function elementRuns(x: Tensor): Distinct {
  const v = x.contiguous()._contiguousData();
  const values: number[] = [], counts: number[] = [], inverse: number[] = [];
  for (let k = 0; k < v.length; k++) {
    if (k === 0 || v[k] !== v[k - 1]) {
      values.push(v[k]);
      counts.push(0);
    }
    counts[counts.length - 1]++;
    inverse.push(values.length - 1);
  }
  return { values: tensor(values, { dtype: x.dtype, device: x.device }), inverse, inverseShape: x.shape, counts };
}

/**
 * Runs of equal slices along dim, after a lexicographic sort of them with `sort` (PyTorch's
 * unique_dim; a NaN compares neither way, and a slice holding one equals no other).
 */
function sliceRuns(x: Tensor, dim: number, sort: boolean): Distinct {
  if (x.dim() === 0) throw new IndexError(`Dimension specified as ${dim} but tensor has no dimensions`);
  const d = wrapDim(dim, x.dim());
  const rows = x.shape[d];
  if (x.numel() === 0) {
    if (rows !== 0) throw new RuntimeError("There are 0 sized dimensions, and they aren't selected, so unique cannot be applied");
    if (x.shape.filter((n) => n === 0).length > 1) throw new RuntimeError("Number of zero sized dimensions is more than one, so unique cannot be applied ");
    return { values: no_grad(() => x.clone()), inverse: [], inverseShape: [0], counts: [] };
  }
  const data = x.movedim(d, 0).contiguous()._contiguousData();
  const len = data.length / rows;
  const compare = (a: number, b: number): number => {
    for (let i = 0; i < len; i++) {
      const p = data[a * len + i], q = data[b * len + i];
      if (p < q) return -1;
      if (p > q) return 1;
    }
    return 0;
  };
  const equal = (a: number, b: number): boolean => {
    for (let i = 0; i < len; i++) if (data[a * len + i] !== data[b * len + i]) return false;
    return true;
  };
  const order = Array.from({ length: rows }, (_, i) => i);
  if (sort) order.sort(compare);
  const kept: number[] = [], counts: number[] = [], inverse = new Array<number>(rows);
  for (const row of order) {
    if (kept.length === 0 || !equal(row, kept[kept.length - 1])) {
      kept.push(row);
      counts.push(0);
    }
    counts[counts.length - 1]++;
    inverse[row] = kept.length - 1;
  }
  const values = no_grad(() => x.index_select(d, tensor(kept, { dtype: int64, device: x.device })));
  return { values, inverse, inverseShape: [rows], counts };
}

/**
 * unique(x, sorted=True, return_inverse=False, return_counts=False, dim=None): the distinct
 * values in ascending order (PyTorch leaves the order unspecified without sorted; here it is
 * always ascending), or with dim the distinct slices along it, sorted lexicographically.
 */
export function unique(x: Tensor, ...args: ArgsOf<["sorted", "return_inverse", "return_counts", "dim"]>): Tensor | Tensor[] {
  const o = bindArgs("unique", args, ["sorted", "return_inverse", "return_counts", "dim"]);
  if (o.dim !== undefined && o.dim !== null) return results(x, sliceRuns(x, o.dim as number, true), UNIQUE_DIM, o);
  const v = x._contiguousData();
  const distinct = [...new Set(Array.from(v))].sort((a, b) => (Number.isNaN(a) ? 1 : Number.isNaN(b) ? -1 : a - b));
  const position = new Map(distinct.map((e, i) => [e, i]));
  const inverse = Array.from(v, (e) => position.get(e)!);
  const counts = new Array<number>(distinct.length).fill(0);
  for (const i of inverse) counts[i]++;
  return results(x, { values: tensor(distinct, { dtype: x.dtype, device: x.device }), inverse, inverseShape: x.shape, counts }, UNIQUE, o);
}

/** unique_consecutive(input, return_inverse=False, return_counts=False, dim=None): runs of equal values (or slices along dim) collapsed. */
export function unique_consecutive(x: Tensor, ...args: ArgsOf<["return_inverse", "return_counts", "dim"]>): Tensor | Tensor[] {
  const o = bindArgs("unique_consecutive", args, ["return_inverse", "return_counts", "dim"]);
  const runs = o.dim !== undefined && o.dim !== null ? sliceRuns(x, o.dim as number, false) : elementRuns(x);
  return results(x, runs, UNIQUE_CONSECUTIVE, o);
}
