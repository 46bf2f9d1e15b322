// Reductions. Backward formulas re-expand the output gradient over the reduced
// dims (expandReduced) and are written in tensor ops.
import { bindArgs, type Options } from "../args.js";
import { backend, type ReduceOp } from "../backend/index.js";
import { bool, int64, dtypeFromName, type DType } from "../dtype.js";
import { RuntimeError, ValueError } from "../errors.js";
import { matrix_norm } from "../linalg.js";
import { wrapDim, wrapDims } from "../shape.js";
import { Tensor, ValuesIndices, type DimArg } from "../tensor.js";
import { needsGrad, record, type OpDef } from "./registry.js";
import { where } from "./elementwise.js";

type T = Tensor;

interface Reduced {
  dims: number[];
  keepdim: boolean;
  /** The output's shape; `kept` is the same with reduced dims as 1. */
  shape: number[];
  kept: number[];
}

function reduction(x: Tensor, dim: DimArg, keepdim: boolean | undefined): Reduced {
  const dims = wrapDims(dim, x.dim());
  const kd = keepdim ?? false;
  const kept = x._shape.map((s, i) => (dims.includes(i) ? 1 : s));
  const shape = kd ? kept : x._shape.filter((_, i) => !dims.includes(i));
  return { dims, keepdim: kd, shape, kept };
}

function kernel(op: ReduceOp, x: Tensor, r: Reduced, dtype: DType): Tensor {
  return Tensor._make(backend.reduce(op, x, r.dims, dtype), r.shape, dtype);
}

/** The gradient of a reduction's output, broadcast back over the input's shape. */
export function expandReduced(g: T, inputShape: readonly number[], dims: readonly number[], keepdim: boolean): T {
  let e = g;
  if (!keepdim) {
    const kept = inputShape.map((s, i) => (dims.includes(i) ? 1 : s));
    e = e.reshape(kept);
  }
  return e.expand(inputShape as number[]);
}

const SUM0: OpDef = { name: "sum", node: "SumBackward0", backward: (g: T, s) => [g.expand(s.shape)] };
const SUM1: OpDef = { name: "sum", node: "SumBackward1", backward: (g: T, s) => [expandReduced(g, s.shape, s.dims, s.keepdim)] };

function sumDtype(x: Tensor, o: Options): DType {
  if (o.dtype !== undefined) return dtypeFromName(o.dtype as DType);
  return x.dtype.is_floating_point ? x.dtype : int64;
}

export function sum(x: Tensor, o: Options): Tensor {
  const r = reduction(x, o.dim as DimArg, o.keepdim as boolean | undefined);
  const out = kernel("sum", x, r, sumDtype(x, o));
  if (needsGrad(x)) {
    const whole = o.dim === undefined || o.dim === null;
    record(whole ? SUM0 : SUM1, [x], out, { shape: x._shape, dims: r.dims, keepdim: r.keepdim });
  }
  return out;
}

const MEAN0: OpDef = { name: "mean", node: "MeanBackward0", backward: (g: T, s) => [g.expand(s.shape).div(s.count)] };
const MEAN1: OpDef = { name: "mean", node: "MeanBackward1", backward: (g: T, s) => [expandReduced(g, s.shape, s.dims, s.keepdim).div(s.count)] };

export function mean(x: Tensor, o: Options): Tensor {
  const dtype = o.dtype !== undefined ? dtypeFromName(o.dtype as DType) : x.dtype;
  if (!dtype.is_floating_point) {
    throw new RuntimeError(
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${dtype.scalarName}`,
    );
  }
  const r = reduction(x, o.dim as DimArg, o.keepdim as boolean | undefined);
  const count = r.dims.reduce((n, d) => n * x._shape[d], 1);
  const s = kernel("sum", x, r, dtype);
  const out = Tensor._make(backend.binary("div", s, count, r.shape, dtype), r.shape, dtype);
  if (needsGrad(x)) {
    const whole = o.dim === undefined || o.dim === null;
    record(whole ? MEAN0 : MEAN1, [x], out, { shape: x._shape, dims: r.dims, keepdim: r.keepdim, count });
  }
  return out;
}

/**
 * The product of all elements other than each one, along `dims` (kept as size 1),
 * without an n x n mask and without dividing by zero: with no zero in a group it
 * is prod / x; with one zero, the product of the rest at the zero and 0
 * elsewhere; with two or more, 0.
 */
function prodOthers(x: T, dims: number[]): T {
  const isZero = x.eq(0);
  const zeros = isZero.sum({ dim: dims, keepdim: true });
  const safe = where(isZero, 1, x);
  const prodNonZero = safe.prod({ dim: dims, keepdim: true });
  return where(isZero, prodNonZero.mul(zeros.eq(1)), prodNonZero.div(safe).mul(zeros.eq(0)));
}

const PROD: OpDef = {
  name: "prod",
  node: "ProdBackward0",
  backward: (g: T, s) => [prodGrad(g, s, false)],
};
const PROD1: OpDef = {
  name: "prod",
  node: "ProdBackward1",
  backward: (g: T, s) => [prodGrad(g, s, true)],
};

function prodGrad(g: T, s: { self: T; dims: number[]; keepdim: boolean }, withDim: boolean): T {
  const ge = withDim ? expandReduced(g, s.self._shape, s.dims, s.keepdim) : g.expand(s.self._shape);
  return ge.mul(prodOthers(s.self, s.dims));
}

export function prod(x: Tensor, o: Options): Tensor {
  const r = reduction(x, o.dim as DimArg, o.keepdim as boolean | undefined);
  const out = kernel("prod", x, r, sumDtype(x, o));
  if (needsGrad(x)) {
    const whole = o.dim === undefined || o.dim === null;
    record(whole ? PROD : PROD1, [x], out, { self: x, dims: r.dims, keepdim: r.keepdim });
  }
  return out;
}

interface VarOptions {
  dim: DimArg;
  correction: number;
  keepdim: boolean;
}

/** var(dim?, unbiased?, keepdim?) or var(unbiased) or var({ dim, correction | unbiased, keepdim }). */
export function parseVarArgs(args: unknown[]): VarOptions {
  if (typeof args[0] === "boolean") args = [undefined, ...args];
  const o = bindArgs("var", args, ["dim", "unbiased", "keepdim"], ["correction"]);
  const correction = o.correction !== undefined ? (o.correction as number) : o.unbiased === false ? 0 : 1;
  return { dim: o.dim as DimArg, correction, keepdim: (o.keepdim as boolean) ?? false };
}

/** What var's and std's gradients need: the input, the reduced dims and n - correction (unclamped, as PyTorch's backward takes it). */
type Moment = {
  self: T;
  dims: number[];
  keepdim: boolean;
  dof: number;
  /** No dim given (or a 0-d input): PyTorch's whole-tensor formula. */
  whole: boolean;
};

/** var_backward: 2 (x - mean) / dof; a whole-tensor var with no degrees of freedom has PyTorch's infinite gradient. */
function varGradient(g: T, s: Moment): T {
  const ge = expandReduced(g, s.self._shape, s.dims, s.keepdim);
  return s.whole && s.dof === 0 ? ge.mul(Infinity) : ge.mul(centered(s.self, s.dims)).mul(2 / s.dof);
}

/** std_backward: var's gradient of g / (2 std), 0 where std is 0 (a constant line), not 0 / 0. */
const stdGradient = (g: T, s: Moment & { result: T }): T => varGradient(where(s.result.eq(0), 0, g.div(s.result.mul(2))), s);

// The mean is recomputed from self so that double backward sees its dependence on self.
const VAR: OpDef = { name: "var", node: "VarBackward0", backward: (g: T, s: Moment) => [varGradient(g, s)] };
const STD: OpDef = { name: "std", node: "StdBackward0", backward: (g: T, s: Moment & { result: T }) => [stdGradient(g, s)] };

function centered(x: T, dims: number[]): T {
  return x.sub(x.mean({ dim: dims, keepdim: true }));
}

function varianceParts(x: Tensor, o: VarOptions) {
  if (!x.dtype.is_floating_point) throw new RuntimeError(`std and var only support floating point and complex dtypes`);
  const r = reduction(x, o.dim, o.keepdim);
  const n = r.dims.reduce((k, d) => k * x._shape[d], 1);
  const xd = x.detach();
  const mu = xd.mean({ dim: r.dims, keepdim: true });
  const v = xd.sub(mu).square().sum({ dim: r.dims, keepdim: r.keepdim }).div(Math.max(0, n - o.correction));
  const moment: Moment = { self: x, dims: r.dims, keepdim: r.keepdim, dof: n - o.correction, whole: o.dim === undefined || o.dim === null || x.dim() === 0 };
  return { r, n, mu, v, moment };
}

export function variance(x: Tensor, o: VarOptions): Tensor {
  const { v, moment } = varianceParts(x, o);
  if (needsGrad(x)) record(VAR, [x], v, moment);
  return v;
}

export function std(x: Tensor, o: VarOptions): Tensor {
  const { v, moment } = varianceParts(x, o);
  const out = v.sqrt();
  if (needsGrad(x)) record(STD, [x], out, { ...moment, result: out });
  return out;
}

// var_mean and std_mean: both outputs from one node, whose gradient adds var's (or std's) and mean's.
const momentGradient = (which: "var" | "std") => ([ga, gm]: T[], s: Moment & { result: T; count: number }): T[] => {
  const fromSpread = which === "var" ? varGradient(ga, s) : stdGradient(ga, s);
  return [fromSpread.add(expandReduced(gm.div(s.count), s.self._shape, s.dims, s.keepdim))];
};
const VAR_MEAN: OpDef = { name: "var_mean", node: "VarMeanBackward0", multiOutput: true, backward: momentGradient("var") };
const STD_MEAN: OpDef = { name: "std_mean", node: "StdMeanBackward0", multiOutput: true, backward: momentGradient("std") };

/** var_mean (std_mean with `std`): (var, mean) over dims, as two tensors of one node. */
export function varMean(x: Tensor, o: VarOptions, which: "var" | "std"): [Tensor, Tensor] {
  const { r, n, mu, v, moment } = varianceParts(x, o);
  const spread = which === "var" ? v : v.sqrt();
  const mean = r.keepdim ? mu : mu.reshape(r.shape);
  if (needsGrad(x)) record(which === "var" ? VAR_MEAN : STD_MEAN, [x], [spread, mean], { ...moment, result: spread, count: n });
  return [spread, mean];
}

const NORM: OpDef = {
  name: "norm",
  node: "NormBackward1",
  backward: (g: T, s) => {
    const { self, result, p, dims, keepdim } = s as { self: T; result: T; p: number; dims: number[]; keepdim: boolean };
    const re = expandReduced(result, self._shape, dims, keepdim);
    const ge = expandReduced(g, self._shape, dims, keepdim);
    if (p === 0) return [ge.mul(0)];
    if (p === 1) return [ge.mul(self.sign())];
    if (p === Infinity || p === -Infinity) {
      const hit = self.abs().eq(re);
      const count = hit.sum({ dim: dims, keepdim: true });
      return [where(hit, ge.mul(self.sign()).div(count), 0)];
    }
    if (p === 2) return [where(re.eq(0), 0, ge.mul(self).div(re))];
    const scale = self.mul(self.abs().pow(p - 2)).div(re.pow(p - 1));
    return [where(re.eq(0), 0, ge.mul(scale))];
  },
};

// torch.linalg.vector_norm, and norm with a dtype: norm's value and gradient under their own node names.
const LINALG_VECTOR_NORM: OpDef = { ...NORM, name: "linalg_vector_norm", node: "LinalgVectorNormBackward0" };
const NORM_DTYPE: OpDef = { ...NORM, node: "NormBackward3" };

/**
 * Tensor.norm(p='fro', dim=None, keepdim=False, dtype=None), routed as 1.13's torch.norm routes it:
 * "fro" is the 2-norm (over two dims sqrt(sum(x * x)), as frobenius_norm computes it), "nuc" the
 * nuclear norm (linalg.matrix_norm's), a number the p-norm, in dtype when given.
 */
export function norm(x: Tensor, o: Options): Tensor {
  const floating = (t: Tensor): Tensor => {
    if (!t.dtype.is_floating_point) throw new RuntimeError(`norm(): input dtype should be either floating point or complex. Got ${t.dtype.scalarName} instead.`);
    return t;
  };
  const p = o.p === undefined ? "fro" : o.p;
  const dims = o.dim === undefined || o.dim === null ? null : typeof o.dim === "number" ? [o.dim] : (o.dim as number[]);
  const keepdim = (o.keepdim as boolean | undefined) ?? false;
  const dtype = o.dtype ?? null;
  if (p === "fro" || p === "nuc") {
    if (dtype !== null) throw new ValueError(`dtype argument is not supported in ${p === "fro" ? "frobenius" : "nuclear"} norm`);
    if (p === "fro") {
      if (dims !== null && dims.length > 2) throw new RuntimeError(`Expected at most 2 dimensions, but got ${dims.length} dimensions instead.`);
      // frobenius_norm compares the dims as given (a wrapped repeat is the sum's error below).
      if (dims !== null && dims.length === 2 && dims[0] === dims[1]) throw new RuntimeError(`Expected dims to be different, got [${dims.join(", ")}] instead`);
      return dims !== null && dims.length === 2 ? floating(x).mul(x).sum(dims, keepdim).sqrt() : pNorm(NORM, floating(x), { p: 2, dim: dims, keepdim });
    }
    if (dims === null && x.dim() !== 2) throw new RuntimeError(`Expected a tensor with 2 dimensions, but got a tensor with ${x.dim()} dimension${x.dim() === 1 ? "" : "s"} instead.`);
    if (dims !== null && dims.length !== 2) throw new RuntimeError("nuclear norm requires a 'dim' argument of size 2");
    return matrix_norm(x, "nuc", dims ?? [-2, -1], keepdim);
  }
  if (typeof p === "string") throw new RuntimeError(`only valid string values are 'fro' and 'nuc', found ${p}`);
  return dtype === null ? pNorm(NORM, floating(x), { p, dim: dims, keepdim }) : pNorm(NORM_DTYPE, x.to(dtypeFromName(dtype as DType)), { p, dim: dims, keepdim });
}
/** vector_norm(x, { p, dim, keepdim }): the p-norm over dims (all by default), LinalgVectorNormBackward0. */
export function vectorNorm(x: Tensor, o: Options): Tensor {
  return pNorm(LINALG_VECTOR_NORM, x, o);
}

function pNorm(def: OpDef, x: Tensor, o: Options): Tensor {
  const p = o.p === undefined || o.p === null ? 2 : (o.p as number);
  const r = reduction(x, o.dim as DimArg, o.keepdim as boolean | undefined);
  const xa = x.detach().abs();
  let out: Tensor;
  if (p === Infinity) out = kernel("max", xa, r, x.dtype);
  else if (p === -Infinity) out = kernel("min", xa, r, x.dtype);
  else if (p === 0) out = kernel("sum", xa.ne(0).to(x.dtype), r, x.dtype);
  else if (p === 1) out = kernel("sum", xa, r, x.dtype);
  else if (p === 2) out = kernel("sum", xa.square(), r, x.dtype).sqrt();
  else out = kernel("sum", xa.pow(p), r, x.dtype).pow(1 / p);
  if (needsGrad(x)) record(def, [x], out, { self: x, result: out, p, dims: r.dims, keepdim: r.keepdim });
  return out;
}

const LOGSUMEXP: OpDef = {
  name: "logsumexp",
  node: "LogsumexpBackward0",
  backward: (g: T, s) => [expandReduced(g, s.self._shape, s.dims, s.keepdim).mul(s.self.sub(expandReduced(s.result, s.self._shape, s.dims, s.keepdim)).exp())],
};

export function logsumexp(x: Tensor, o: Options): Tensor {
  if (o.dim === undefined) throw new RuntimeError("logsumexp(): argument 'dim' must be given");
  const r = reduction(x, o.dim as DimArg, o.keepdim as boolean | undefined);
  const xd = x.detach().dtype.is_floating_point ? x.detach() : x.detach().float();
  const m = kernel("max", xd, { ...r, shape: r.kept, keepdim: true }, xd.dtype);
  const mFinite = where(m.isfinite(), m, 0);
  const s = kernel("sum", xd.sub(mFinite).exp(), r, xd.dtype);
  const out = s.log().add(r.keepdim ? mFinite : mFinite.reshape(r.shape));
  if (needsGrad(x)) record(LOGSUMEXP, [x], out, { self: x, result: out, dims: r.dims, keepdim: r.keepdim });
  return out;
}

// ---- max / min --------------------------------------------------------------

/** Whole-tensor max/min: the gradient is shared evenly among tied elements (PyTorch's evenly_distribute_backward). */
const evenly = (node: string): OpDef => ({
  name: node,
  node,
  backward: (g: T, s) => {
    // A NaN result is shared among the NaN elements.
    const hit = s.self.eq(s.result).logical_or(s.self.isnan().logical_and(s.result.isnan()));
    return [where(hit, g.div(hit.sum()), 0)];
  },
});
const MAX_ALL = evenly("MaxBackward1");
const MIN_ALL = evenly("MinBackward1");

/** max/min along a dim: the gradient goes to the selected index. */
const selectAlong = (node: string): OpDef => ({
  name: node,
  node,
  backward: (g: T, s) => {
    const gk = s.keepdim ? g : g.unsqueeze(s.dim);
    const ik = s.keepdim ? s.indices : s.indices.unsqueeze(s.dim);
    return [Tensor._full(s.shape, 0, g.dtype, g.device).scatter_add(s.dim, ik, gk)];
  },
});
const MAX_DIM = selectAlong("MaxBackward0");
const MIN_DIM = selectAlong("MinBackward0");

const AMAX: OpDef = {
  name: "amax",
  node: "AmaxBackward0",
  backward: (g: T, s) => {
    const re = expandReduced(s.result, s.self._shape, s.dims, s.keepdim);
    const hit = s.self.eq(re);
    const count = hit.sum({ dim: s.dims, keepdim: true });
    // PyTorch's scale_grad_by_count: grad / count * mask, so a NaN result (no element equals it) gives NaN.
    return [expandReduced(g, s.self._shape, s.dims, s.keepdim).div(count).mul(hit)];
  },
};
const AMIN: OpDef = { ...AMAX, name: "amin", node: "AminBackward0" };

export function maxMin(op: "max" | "min", x: Tensor, args: unknown[]): Tensor | ValuesIndices {
  if (args[0] instanceof Tensor) {
    return op === "max" ? x.maximum(args[0]) : x.minimum(args[0]);
  }
  const o = bindArgs(op, args, ["dim", "keepdim"]);
  if (o.dim === undefined || o.dim === null) {
    if (x.numel() === 0) {
      throw new RuntimeError(`${op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
    }
    const r = reduction(x, null, false);
    const out = kernel(op, x, r, x.dtype);
    if (needsGrad(x)) record(op === "max" ? MAX_ALL : MIN_ALL, [x], out, { self: x, result: out });
    return out;
  }
  const dim = wrapDim(o.dim as number, x.dim());
  const r = reduction(x, dim, o.keepdim as boolean | undefined);
  const values = kernel(op, x, r, x.dtype);
  const indices = kernel(op === "max" ? "argmax" : "argmin", x, r, int64);
  if (needsGrad(x)) {
    record(op === "max" ? MAX_DIM : MIN_DIM, [x], [values, indices], { shape: x._shape, dim, keepdim: r.keepdim, indices }, 1);
  }
  return new ValuesIndices(values, indices);
}

export function amaxAmin(op: "max" | "min", x: Tensor, o: Options): Tensor {
  const r = reduction(x, (o.dim as DimArg) ?? [], o.keepdim as boolean | undefined);
  const out = kernel(op, x, r, x.dtype);
  if (needsGrad(x)) record(op === "max" ? AMAX : AMIN, [x], out, { self: x, result: out, dims: r.dims, keepdim: r.keepdim });
  return out;
}

export function argReduce(op: "argmax" | "argmin", x: Tensor, o: Options): Tensor {
  if (o.dim === undefined || o.dim === null) {
    const flat = x.reshape(-1);
    const r = reduction(flat, 0, false);
    const out = kernel(op, flat, r, int64);
    return o.keepdim ? out.reshape(x._shape.map(() => 1)) : out;
  }
  const r = reduction(x, wrapDim(o.dim as number, x.dim()), o.keepdim as boolean | undefined);
  return kernel(op, x, r, int64);
}

export function logicalReduce(op: "all" | "any", x: Tensor, o: Options): Tensor {
  const r = reduction(x, o.dim as DimArg, o.keepdim as boolean | undefined);
  return kernel(op, x, r, bool);
}

const CUMSUM: OpDef = {
  name: "cumsum",
  node: "CumsumBackward0",
  // d/dx_i sum_{k>=i} g_k = total - (cumsum g)_i + g_i
  backward: (g: T, s) => [g.sum({ dim: s.dim, keepdim: true }).sub(g.cumsum(s.dim)).add(g)],
};

export function cumsum(x: Tensor, o: Options): Tensor {
  if (o.dim === undefined) throw new RuntimeError("cumsum() missing 1 required positional arguments: \"dim\"");
  const dim = wrapDim(o.dim as number, x.dim());
  const dtype = o.dtype !== undefined ? dtypeFromName(o.dtype as DType) : x.dtype.is_floating_point ? x.dtype : int64;
  const out = x.dim() === 0 ? x.to(dtype).clone() : Tensor._make(backend.cumsum(x, dim, dtype), x._shape, dtype);
  if (needsGrad(x) && x.dim() > 0) record(CUMSUM, [x], out, { dim });
  return out;
}

/** Sums a (broadcast) gradient down to `shape`: PyTorch's sum_to_size. */
export function sumToSize(x: Tensor, shape: readonly number[]): Tensor {
  const lead = x.dim() - shape.length;
  if (lead < 0) throw new RuntimeError(`size {${shape.join(", ")}} is not expandable to size {${x._shape.join(", ")}}.`);
  const dims: number[] = [];
  for (let i = 0; i < x.dim(); i++) {
    if (i < lead) dims.push(i);
    else if (shape[i - lead] === 1 && x._shape[i] !== 1) dims.push(i);
    else if (shape[i - lead] !== x._shape[i]) throw new RuntimeError(`size {${shape.join(", ")}} is not expandable to size {${x._shape.join(", ")}}.`);
  }
  let out = dims.length > 0 ? sum(x, { dim: dims, keepdim: true }) : x;
  if (lead > 0 || out.dim() !== shape.length) out = out.reshape(shape as number[]);
  return out;
}

