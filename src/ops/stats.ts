// Order statistics and scans along a dim, one PyTorch node each: median,
// nanmedian and kthvalue pick an element per line, cummax and cummin one per
// position (the values are a gather of the input, so the gradient scatters back
// to the chosen elements: MedianBackward1, CummaxBackward0, ...); cumprod and
// logcumsumexp scan, with derivatives.yaml's gradients in tensor ops. All of it
// is tensor ops and the backend's argsort, so it runs on the tensor's device:
// the picks are positions in the sorted order, and the scans double the span
// they cover at each step (log2(n) steps, Hillis and Steele's scan).
import { no_grad } from "../autograd/grad_mode.js";
import { float32, int64, type DType } from "../dtype.js";
import { bindArgs } from "../args.js";
import { IndexError, RuntimeError } from "../errors.js";
import { broadcastShapes, wrapDim } from "../shape.js";
import { Tensor, ValuesIndices } from "../tensor.js";
import { backend } from "../backend/index.js";
import { arange } from "./creation.js";
import { where } from "./elementwise.js";
import { logaddexp } from "./math.js";
import { composite, needsGrad, record, type OpDef } from "./registry.js";
import { alongDimOffsets, cat, gatherDef, take } from "./shape.js";

type T = Tensor;

/**
 * Per line along dim, the element at a position of its ascending order (NaN
 * after every number, ties in index order); `position` gets each line's count
 * of numbers (not NaN) and its length, and gives int64 positions, one per line
 * (dim kept as 1).
 */
function pick(x: Tensor, dim: number, keepdim: boolean, def: OpDef, position: (numbers: T, n: number) => T): ValuesIndices {
  if (x.dim() === 0) return new ValuesIndices(take(x, Int32Array.of(0), [], def), Tensor._full([], 0, int64, x.device));
  const n = x._shape[dim];
  const order = Tensor._make(backend.argsort(x, dim, false, int64), x._shape, int64);
  const numbers = x.isnan().logical_not().sum({ dim, keepdim: true });
  const indices = order.gather(dim, position(numbers, n));
  const shape = keepdim ? indices._shape : indices._shape.filter((_, d) => d !== dim);
  const values = take(x, alongDimOffsets(x, dim, indices, "gather"), shape, def);
  return new ValuesIndices(values, keepdim ? indices : indices.reshape(shape));
}

function checkNotEmpty(x: Tensor, dim: number): void {
  // PyTorch's check for median and nanmedian alike (both say median()).
  if (x.dim() > 0 && x._shape[dim] === 0) throw new IndexError(`median(): Expected reduction dim ${dim} to have non-zero size.`);
}

/** The lower median (position (n - 1) / 2), or the first NaN where a line has one (it sorts to position `numbers`). */
const lowerMedian = (numbers: T, n: number): T => where(numbers.lt(n), numbers, (n - 1) >> 1);
/** The lower median of a line's numbers; its first element where all are NaN. */
const lowerNanMedian = (numbers: T): T => numbers.sub(1).clamp_min(0).div(2, { rounding_mode: "floor" });

// derivatives.yaml's evenly_distribute_backward: the gradient of a whole-tensor median shared by the elements equal to it.
const evenly = (node: string): OpDef => ({
  name: node,
  node,
  backward: (g: T, { self, result }) => {
    const hit = self.eq(result).logical_or(self.isnan().logical_and(result.isnan()));
    return [where(hit, g.div(hit.sum()), 0)];
  },
});
const MEDIAN_ALL = evenly("MedianBackward0");
const NANMEDIAN_ALL = evenly("NanmedianBackward0");
const MEDIAN = gatherDef("MedianBackward1");
const NANMEDIAN = gatherDef("NanmedianBackward1");
const KTHVALUE = gatherDef("KthvalueBackward0");

function wholeMedian(x: Tensor, def: OpDef, position: (numbers: T, n: number) => T): Tensor {
  if (x.numel() === 0) return Tensor._full([], NaN, x.dtype, x.device);
  // The pick's own node is not recorded (a detached input): the whole-tensor node shares the gradient instead.
  const out = pick(x.detach().reshape(-1), 0, false, def, position).values;
  if (needsGrad(x)) record(def, [x], out, { self: x.detach(), result: out });
  return out;
}

/** median(): the lower median of all elements (NaN if any is); median(dim, keepdim=False): values and indices along dim. */
export function median(x: Tensor, dim?: number | null, keepdim = false): Tensor | ValuesIndices {
  if (dim === undefined || dim === null) return wholeMedian(x, MEDIAN_ALL, lowerMedian);
  const d = wrapDim(dim, Math.max(x.dim(), 1));
  checkNotEmpty(x, d);
  return pick(x, d, keepdim, MEDIAN, lowerMedian);
}

/** nanmedian: median ignoring NaN (NaN where a line has only NaN). */
export function nanmedian(x: Tensor, dim?: number | null, keepdim = false): Tensor | ValuesIndices {
  if (dim === undefined || dim === null) return wholeMedian(x, NANMEDIAN_ALL, lowerNanMedian);
  const d = wrapDim(dim, Math.max(x.dim(), 1));
  checkNotEmpty(x, d);
  return pick(x, d, keepdim, NANMEDIAN, lowerNanMedian);
}

/** kthvalue(k, dim=-1, keepdim=False): the k-th smallest (from 1) along dim, NaN above every number. */
export function kthvalue(x: Tensor, k: number, dim = -1, keepdim = false): ValuesIndices {
  const d = wrapDim(dim, Math.max(x.dim(), 1));
  const n = x.dim() === 0 ? 1 : x._shape[d];
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RuntimeError(`kthvalue(): selected number k out of range for dimension ${d}`);
  return pick(x, d, keepdim, KTHVALUE, (numbers) => numbers.mul(0).add(k - 1));
}

/**
 * An inclusive scan along dim: after the step of span s, each position holds
 * combine(its value s back, its own) (both prefixes' results, the earlier first);
 * the first s positions are already whole.
 */
function scan<V extends T[]>(parts: V, dim: number, combine: (earlier: V, later: V) => V): V {
  const n = parts[0].dim() === 0 ? 1 : parts[0]._shape[dim];
  let acc = parts;
  for (let s = 1; s < n; s *= 2) {
    const head = acc.map((t) => t.narrow(dim, 0, s)), earlier = acc.map((t) => t.narrow(dim, 0, n - s)) as V, later = acc.map((t) => t.narrow(dim, s, n - s)) as V;
    const tail = combine(earlier, later);
    acc = acc.map((_, i) => cat([head[i], tail[i]], dim)) as V;
  }
  return acc;
}

const CUMMAX = gatherDef("CummaxBackward0");
const CUMMIN = gatherDef("CumminBackward0");

/** cummax(dim) / cummin(dim): the running maximum (minimum) and where it was last reached; once a NaN is seen, the last NaN. */
function cumulativeExtreme(x: Tensor, dim: number, max: boolean): ValuesIndices {
  const d = wrapDim(dim, Math.max(x.dim(), 1));
  const def = max ? CUMMAX : CUMMIN;
  if (x.dim() === 0) return pick(x, 0, false, def, (numbers) => numbers);
  const positions = no_grad(() => {
    const along = x._shape.map((s, i) => (i === d ? s : 1));
    const index = arange(x._shape[d], { dtype: int64, device: x.device }).reshape(along).expand(x._shape as number[]);
    const [, at] = scan([x.detach(), index], d, ([ev, ei], [lv, li]) => {
      const later = lv.isnan().logical_or(ev.isnan().logical_not().logical_and(max ? lv.ge(ev) : lv.le(ev)));
      return [where(later, lv, ev), where(later, li, ei)];
    });
    return at;
  });
  const values = take(x, alongDimOffsets(x, d, positions, "gather"), x._shape, def);
  return new ValuesIndices(values, positions);
}
export const cummax = (x: Tensor, dim: number): ValuesIndices => cumulativeExtreme(x, dim, true);
export const cummin = (x: Tensor, dim: number): ValuesIndices => cumulativeExtreme(x, dim, false);

/** The sum of t from each position to the end of its line along dim. */
const reverseCumsum = (t: T, dim: number): T => t.flip([dim]).cumsum(dim).flip([dim]);

const CUMPROD: OpDef = {
  name: "cumprod",
  node: "CumprodBackward0",
  // FunctionsManual's cumprod_backward: sum_{k>=i} g_k out_k / x_i before a line's first zero; at the
  // zero, the products with that factor left out (a cumprod with it set to 1); after it, nothing.
  backward: (g: T, { self, result, dim }) => {
    const zero = self.eq(0);
    const zerosSoFar = zero.cumsum(dim);
    const beforeZero = reverseCumsum(g.mul(result), dim).div(where(zero, 1, self));
    const firstZero = zero.logical_and(zerosSoFar.eq(1));
    const atZero = reverseCumsum(g.mul(where(firstZero, 1, self).cumprod(dim)), dim);
    return [where(zerosSoFar.eq(0), beforeZero, where(firstZero, atZero, 0))];
  },
};

/** cumprod(dim, dtype=None): running products along dim (integers and bool in int64). */
export function cumprod(x: Tensor, dim: number, dtype?: DType): Tensor {
  const d = wrapDim(dim, Math.max(x.dim(), 1));
  const outDtype = dtype ?? (x.dtype.is_floating_point ? x.dtype : int64);
  const out = x.dim() === 0 ? x.detach().to(outDtype).clone() : no_grad(() => scan([x.to(outDtype)], d, ([e], [l]) => [e.mul(l)])[0]);
  if (needsGrad(x)) record(CUMPROD, [x], out, { self: x, result: out, dim: d });
  return out;
}

const LOGCUMSUMEXP: OpDef = {
  name: "logcumsumexp",
  node: "LogcumsumexpBackward0",
  // FunctionsManual's logcumsumexp_backward: the positive and negative parts of the gradient in log space.
  backward: (g: T, { self, result, dim }) => {
    const lowest = g.dtype === float32 ? -3.4028234663852886e38 : -Number.MAX_VALUE;
    const logAbs = g.abs().log();
    const reverseLogcumsumexp = (t: T) => t.flip([dim]).logcumsumexp(dim).flip([dim]);
    const pos = reverseLogcumsumexp(where(g.gt(0), logAbs, lowest).sub(result)).add(self).exp();
    const neg = reverseLogcumsumexp(where(g.lt(0), logAbs, lowest).sub(result)).add(self).exp();
    return [pos.sub(neg)];
  },
};

/** logcumsumexp(dim): log of the running sum of exp along dim. */
export function logcumsumexp(x: Tensor, dim: number): Tensor {
  if (!x.dtype.is_floating_point) throw new RuntimeError(`"logcumsumexp_out_cpu" not implemented for '${x.dtype.scalarName}'`);
  const d = wrapDim(dim, Math.max(x.dim(), 1));
  const out = x.dim() === 0 ? x.detach().clone() : no_grad(() => scan([x], d, ([e], [l]) => [logaddexp(e, l)])[0]);
  if (needsGrad(x)) record(LOGCUMSUMEXP, [x], out, { self: x, result: out, dim: d });
  return out;
}

const MODE = gatherDef("ModeBackward0");
/**
 * mode(dim=-1, keepdim=False): the most frequent value along dim (the smallest
 * of equally frequent ones) and the last index where it occurs, as PyTorch's
 * CPU kernel; counted on the host.
 */
export function mode(x: Tensor, dim = -1, keepdim = false): ValuesIndices {
  const d = wrapDim(dim, Math.max(x.dim(), 1));
  if (x.dim() === 0) return pick(x, 0, false, MODE, (numbers) => numbers.mul(0));
  const n = x._shape[d];
  if (n === 0) throw new IndexError(`mode(): Expected reduction dim ${d} to have non-zero size.`);
  const lines = x.detach().movedim(d, -1).contiguous();
  const data = lines._contiguousData();
  const count = data.length / n;
  const at = new Float64Array(count);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let l = 0; l < count; l++) {
    const v = (i: number) => data[l * n + i];
    order.sort((i, j) => (v(i) === v(j) ? i - j : Number.isNaN(v(i)) ? 1 : Number.isNaN(v(j)) ? -1 : v(i) - v(j)));
    let best = 0, run = 0;
    for (let i = 0; i < n; i++) {
      run++;
      if (i === n - 1 || v(order[i]) !== v(order[i + 1])) {
        if (run > best) [best, at[l]] = [run, order[i]];
        run = 0;
      }
    }
  }
  const kept = x._shape.map((s, i) => (i === d ? 1 : s));
  const indices = Tensor._make(at, [...lines._shape.slice(0, -1), 1], int64).to(x.device).movedim(-1, d).reshape(kept);
  const shape = keepdim ? kept : x._shape.filter((_, i) => i !== d);
  const values = take(x, alongDimOffsets(x, d, indices, "gather"), shape, MODE);
  return new ValuesIndices(values, keepdim ? indices : indices.reshape(shape));
}

const QUANTILE_MODES = ["linear", "lower", "higher", "midpoint", "nearest"];
/** What PyTorch's quantile leaves as its last step (an in-place squeeze_): SqueezeBackward3. */
const SQUEEZE_INPLACE: OpDef = { name: "squeeze_", node: "SqueezeBackward3", backward: (g: T, { shape }) => [g.reshape(shape)] };

/**
 * quantile(input, q, dim=None, keepdim=False, *, interpolation='linear') and
 * nanquantile (NaN ignored): PyTorch's quantile_compute, sort then gather and
 * lerp between the neighbouring ranks, so its values and gradients follow.
 */
export function quantile(x: Tensor, q: number | Tensor, args: readonly unknown[], ignoreNan: boolean): Tensor {
  const fn = ignoreNan ? "nanquantile" : "quantile";
  const o = bindArgs(fn, args, ["dim", "keepdim"], ["interpolation"]);
  const interpolation = (o.interpolation as string | undefined) ?? "linear";
  const keepdim = (o.keepdim as boolean | undefined) ?? false;
  if (x.numel() === 0) throw new RuntimeError(`${fn}() input tensor must be non-empty`);
  const qt = q instanceof Tensor ? q : Tensor._full([], q, x.dtype, x.device);
  if (qt.dim() > 1) throw new RuntimeError(`${fn}() q must be a scalar or 1D tensor`);
  if (!x.dtype.is_floating_point) throw new RuntimeError(`${fn}() input tensor must be either float or double dtype`);
  if (qt.dtype !== x.dtype) throw new RuntimeError(`${fn}() q tensor must be same dtype as the input tensor`);
  if (!QUANTILE_MODES.includes(interpolation)) throw new RuntimeError(`${fn}() interpolation must be one of linear, lower, higher, midpoint or nearest, but got ${interpolation}`);
  if (typeof q === "number" && !(q >= 0 && q <= 1)) throw new RuntimeError(`${fn}() q must be in the range [0, 1] but got ${q}`);
  // A tensor of q is checked as PyTorch checks it, with a read (a sync on a GPU).
  if (q instanceof Tensor && !(qt.ge(0).logical_and(qt.le(1)).all().item() as boolean)) throw new RuntimeError(`${fn}() q values must be in the range [0, 1]`);
  const dimGiven = o.dim !== undefined && o.dim !== null;
  const d = dimGiven ? wrapDim(o.dim as number, Math.max(x.dim(), 1)) : 0;
  let outShape: number[] = dimGiven && x.dim() > 0 ? x._shape.map((s, i) => (i === d ? 1 : s)).filter((_, i) => keepdim || i !== d) : keepdim ? x._shape.map(() => 1) : [];
  const sorted0 = dimGiven && x.dim() > 0 ? x.unsqueeze(-1).transpose(d, -1).sort().values : x.flatten().sort().values;
  const n = sorted0._shape[sorted0.dim() - 1];
  const sorted = sorted0.view([...outShape, n]);
  let ranks: Tensor;
  if (ignoreNan) {
    ranks = qt.mul(sorted.isnan().logical_not().sum(-1, true).sub(1));
    ranks = ranks.masked_fill(ranks.lt(0), 0);
  } else {
    const [r, anyNan] = [qt.mul(n - 1), sorted.isnan().any(-1, true)];
    const shape = broadcastShapes(r._shape, anyNan._shape);
    ranks = r.expand(shape).masked_fill(anyNan.expand(shape), n - 1);
  }
  if (interpolation === "lower") ranks = ranks.floor();
  else if (interpolation === "higher") ranks = ranks.ceil();
  else if (interpolation === "nearest") ranks = ranks.round();
  const below = ranks.to(int64);
  let values = sorted.gather(-1, below);
  if (interpolation === "linear" || interpolation === "midpoint") {
    const weights = interpolation === "midpoint" ? Tensor._full(ranks._shape, 0.5, ranks.dtype, ranks.device) : ranks.sub(below);
    values = values.lerp(sorted.gather(-1, ranks.ceil().to(int64)), weights);
  }
  if (qt.dim() > 0) {
    values = values.unsqueeze(0).transpose(0, -1);
    outShape = [qt.numel(), ...outShape];
  }
  const result = values;
  return composite(SQUEEZE_INPLACE, [result], () => result.reshape(outShape), { shape: result._shape });
}
