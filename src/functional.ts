// The torch.* free functions: each forwards to the Tensor method or op, and
// binary ops accept plain numbers in either place (torch.add(2, x)).
import { Tensor, type TensorOrScalar } from "./tensor.js";
import { splitArgs } from "./ops/shape_args.js";
import * as E from "./ops/elementwise.js";
import * as S from "./ops/shape.js";
import * as R from "./ops/reduce.js";
import * as C from "./ops/creation.js";
import * as P from "./ops/put.js";
import type { Device } from "./tensor.js";
import { bindArgs, checkKeywords, type ArgsOf, type Call } from "./args.js";
import { RuntimeError, TorchTypeError, typeName } from "./errors.js";
import { writeOut } from "./ops/out.js";
import { canCast, defaultFloat, dtypeFromName, promoteTypes, resultType2, type DType } from "./dtype.js";

type OutOption = { out?: Tensor | null };

/**
 * A torch.* function of one tensor, with PyTorch's out= (src/ops/out.ts) beside
 * the op's own options (`keywords`: round's decimals); `takesOut` false for the
 * few that PyTorch gives no out= (isnan, t, detach...), which then take no options.
 */
function unary<O extends object = object>(name: string, f: (x: Tensor, opts: O) => Tensor, keywords: readonly string[] = [], takesOut = true): (x: Tensor, opts?: O & OutOption) => Tensor {
  const allowed = takesOut ? ["out", ...keywords] : keywords;
  return (x, opts) => {
    checkKeywords(name, opts, allowed);
    const { out, ...rest } = opts ?? {};
    const result = f(x, rest as O);
    return out === undefined || out === null ? result : writeOut(name, result, out, [x]);
  };
}

/** A torch.* binary function, with PyTorch's out= beside the op's own options (`keywords`: alpha, rounding_mode). */
function binary<A, B, O extends object = object>(name: string, f: (a: A, b: B, opts?: O) => Tensor, keywords: readonly string[] = []): (a: A, b: B, opts?: O & OutOption) => Tensor {
  const allowed = ["out", ...keywords];
  return (a, b, opts) => {
    checkKeywords(name, opts, allowed);
    if (opts === undefined || !("out" in opts)) return f(a, b, opts);
    const { out, ...rest } = opts;
    const result = f(a, b, rest as O);
    return out === undefined || out === null ? result : writeOut(name, result, out, [a, b]);
  };
}

export const add = binary("add", (a: TensorOrScalar, b: TensorOrScalar, opts?: { alpha?: number }) => E.add(a, b, opts), ["alpha"]);
export const sub = binary("sub", (a: TensorOrScalar, b: TensorOrScalar, opts?: { alpha?: number }) => E.sub(a, b, opts), ["alpha"]);
export const subtract = sub;
export const mul = binary("mul", (a: TensorOrScalar, b: TensorOrScalar) => E.mul(a, b));
export const multiply = mul;
export const div = binary("div", (a: TensorOrScalar, b: TensorOrScalar, opts?: { rounding_mode?: "trunc" | "floor" | null }) => E.div(a, b, opts), ["rounding_mode"]);
export const divide = div;
export const pow = binary("pow", (a: TensorOrScalar, b: TensorOrScalar) => E.pow(a, b));
export const remainder = binary("remainder", (a: TensorOrScalar, b: TensorOrScalar) => E.remainder(a, b));
export const fmod = binary("fmod", (a: TensorOrScalar, b: TensorOrScalar) => E.fmod(a, b));
export const maximum = binary("maximum", (a: Tensor, b: Tensor) => E.maximum(a, b));
export const minimum = binary("minimum", (a: Tensor, b: Tensor) => E.minimum(a, b));
export const atan2 = binary("atan2", (a: Tensor, b: Tensor) => E.atan2(a, b));
export const rsub = (a: Tensor, b: TensorOrScalar, opts?: { alpha?: number }) => E.rsub(a, b, opts);

export const neg = unary("neg", (x) => x.neg());
export const negative = neg;
export const abs = unary("abs", (x) => x.abs());
export const exp = unary("exp", (x) => x.exp());
export const log = unary("log", (x) => x.log());
export const log2 = unary("log2", (x) => x.log2());
export const log10 = unary("log10", (x) => x.log10());
export const log1p = unary("log1p", (x) => x.log1p());
export const expm1 = unary("expm1", (x) => x.expm1());
export const sqrt = unary("sqrt", (x) => x.sqrt());
export const rsqrt = unary("rsqrt", (x) => x.rsqrt());
export const square = unary("square", (x) => x.square());
export const reciprocal = unary("reciprocal", (x) => x.reciprocal());
export const sin = unary("sin", (x) => x.sin());
export const cos = unary("cos", (x) => x.cos());
export const tan = unary("tan", (x) => x.tan());
export const asin = unary("asin", (x) => x.asin());
export const acos = unary("acos", (x) => x.acos());
export const atan = unary("atan", (x) => x.atan());
export const sinh = unary("sinh", (x) => x.sinh());
export const cosh = unary("cosh", (x) => x.cosh());
export const asinh = unary("asinh", (x) => x.asinh());
export const acosh = unary("acosh", (x) => x.acosh());
export const atanh = unary("atanh", (x) => x.atanh());
export const arcsin = asin;
export const arccos = acos;
export const arctan = atan;
export const arcsinh = asinh;
export const arccosh = acosh;
export const arctanh = atanh;
export const tanh = unary("tanh", (x) => x.tanh());
export const sigmoid = unary("sigmoid", (x) => x.sigmoid());
export const erf = unary("erf", (x) => x.erf());
export const softmax = (x: Tensor, ...args: Parameters<Tensor["softmax"]>) => x.softmax(...args);
export const log_softmax = (x: Tensor, ...args: Parameters<Tensor["log_softmax"]>) => x.log_softmax(...args);
export const relu = unary("relu", (x) => x.relu());
export const sign = unary("sign", (x) => x.sign());
export const floor = unary("floor", (x) => x.floor());
export const ceil = unary("ceil", (x) => x.ceil());
export const round = unary("round", (x, opts: { decimals?: number | null }) => x.round(opts), ["decimals"]);
export const trunc = unary("trunc", (x) => x.trunc());
/** clamp(input, min=None, max=None, *, out=None). */
export function clamp(x: Tensor, ...args: Call<[min?: TensorOrScalar | null, max?: TensorOrScalar | null], OutOption>): Tensor {
  const o = bindArgs("clamp", args, ["min", "max"], ["out"]);
  const result = x.clamp(o.min as TensorOrScalar | null | undefined, o.max as TensorOrScalar | null | undefined);
  return o.out === undefined || o.out === null ? result : writeOut("clamp", result, o.out, [x, o.min, o.max]);
}
export const clip = clamp;
/** where(condition, input, other), or where(condition): nonzero(condition, as_tuple=True). */
export function where(condition: Tensor): Tensor[];
export function where(condition: Tensor, a: TensorOrScalar, b: TensorOrScalar, opts?: OutOption): Tensor;
export function where(condition: Tensor, a?: TensorOrScalar, b?: TensorOrScalar, opts?: OutOption): Tensor | Tensor[] {
  if (a === undefined && b === undefined) return condition.nonzero({ as_tuple: true });
  checkKeywords("where", opts, ["out"]);
  if (a === undefined || b === undefined) throw new TorchTypeError(`where() received an invalid combination of arguments - got (${[condition, a ?? b].map(typeName).join(", ")}), but expected one of:\n * (Tensor condition)\n * (Tensor condition, Tensor input, Tensor other, *, Tensor out)\n * (Tensor condition, Number self, Tensor other)\n * (Tensor condition, Tensor input, Number other)\n * (Tensor condition, Number self, Number other)\n`);
  const result = E.where(condition, a, b);
  return opts?.out === undefined || opts.out === null ? result : writeOut("where", result, opts.out, [condition, a, b]);
}
/** lerp(input, end, weight, *, out=None). */
export function lerp(a: Tensor, b: Tensor, w: TensorOrScalar, opts?: OutOption): Tensor {
  checkKeywords("lerp", opts, ["out"]);
  const result = a.lerp(b, w);
  return opts?.out === undefined || opts.out === null ? result : writeOut("lerp", result, opts.out, [a, b, w]);
}

export const eq = binary("eq", (a: TensorOrScalar, b: TensorOrScalar) => E.compare("eq", a, b));
export const ne = binary("ne", (a: TensorOrScalar, b: TensorOrScalar) => E.compare("ne", a, b));
export const lt = binary("lt", (a: TensorOrScalar, b: TensorOrScalar) => E.compare("lt", a, b));
export const le = binary("le", (a: TensorOrScalar, b: TensorOrScalar) => E.compare("le", a, b));
export const gt = binary("gt", (a: TensorOrScalar, b: TensorOrScalar) => E.compare("gt", a, b));
export const ge = binary("ge", (a: TensorOrScalar, b: TensorOrScalar) => E.compare("ge", a, b));
export { gt as greater, ge as greater_equal, lt as less, le as less_equal, ne as not_equal };
export const positive = unary("positive", (x) => x.positive(), [], false);
export const isnan = unary("isnan", (x) => x.isnan(), [], false);
export const nan_to_num = (x: Tensor, ...args: unknown[]) => E.nan_to_num(x, args, 2);
export const isfinite = unary("isfinite", (x) => x.isfinite(), [], false);
export const isinf = unary("isinf", (x) => x.isinf(), [], false);
export const logical_not = unary("logical_not", (x) => x.logical_not());
export const logical_and = binary("logical_and", (a: Tensor, b: Tensor) => a.logical_and(b));
export const logical_or = binary("logical_or", (a: Tensor, b: Tensor) => a.logical_or(b));
export const allclose = (a: Tensor, b: Tensor, opts?: { rtol?: number; atol?: number; equal_nan?: boolean }) => a.allclose(b, opts);
export const isclose = (a: Tensor, b: Tensor, opts?: { rtol?: number; atol?: number; equal_nan?: boolean }) => a.isclose(b, opts);
export const equal = (a: Tensor, b: Tensor) => a.equal(b);
export const all = (x: Tensor, ...args: Parameters<Tensor["all"]>) => x.all(...args);
export const any = (x: Tensor, ...args: Parameters<Tensor["any"]>) => x.any(...args);

export const sum = (x: Tensor, ...args: Parameters<Tensor["sum"]>) => x.sum(...args);
export const mean = (x: Tensor, ...args: Parameters<Tensor["mean"]>) => x.mean(...args);
export const prod = (x: Tensor, ...args: Parameters<Tensor["prod"]>) => x.prod(...args);
export const std = (x: Tensor, ...args: Parameters<Tensor["std"]>) => x.std(...args);
export const norm = (x: Tensor, ...args: Parameters<Tensor["norm"]>) => x.norm(...args);
export const logsumexp = (x: Tensor, ...args: Parameters<Tensor["logsumexp"]>) => x.logsumexp(...args);
export const max = (x: Tensor, ...args: unknown[]) => (x.max as (...a: unknown[]) => unknown)(...args);
export const min = (x: Tensor, ...args: unknown[]) => (x.min as (...a: unknown[]) => unknown)(...args);
export const amax = (x: Tensor, ...args: Parameters<Tensor["amax"]>) => x.amax(...args);
export const amin = (x: Tensor, ...args: Parameters<Tensor["amin"]>) => x.amin(...args);
export const argmax = (x: Tensor, ...args: Parameters<Tensor["argmax"]>) => x.argmax(...args);
export const argmin = (x: Tensor, ...args: Parameters<Tensor["argmin"]>) => x.argmin(...args);
export const cumsum = (x: Tensor, ...args: Parameters<Tensor["cumsum"]>) => x.cumsum(...args);
export const cumprod = (x: Tensor, ...args: Parameters<Tensor["cumprod"]>) => x.cumprod(...args);
export const logcumsumexp = (x: Tensor, ...args: Parameters<Tensor["logcumsumexp"]>) => x.logcumsumexp(...args);
export const cummax = (x: Tensor, ...args: Parameters<Tensor["cummax"]>) => x.cummax(...args);
export const cummin = (x: Tensor, ...args: Parameters<Tensor["cummin"]>) => x.cummin(...args);
export const median = (x: Tensor, ...args: unknown[]) => (x.median as (...a: unknown[]) => unknown)(...args);
export const nanmedian = (x: Tensor, ...args: unknown[]) => (x.nanmedian as (...a: unknown[]) => unknown)(...args);
export const kthvalue = (x: Tensor, k: number, ...args: ArgsOf<["dim", "keepdim"]>) => x.kthvalue(k, ...args);
// `var` is a reserved word in JS modules; index.ts exports it under its PyTorch name.
export const variance = (x: Tensor, ...args: Parameters<Tensor["var"]>) => x.var(...args);
/** var_mean(input, dim?, unbiased?, keepdim?) or with { correction }: [var, mean]. */
export const var_mean = (x: Tensor, ...args: unknown[]) => R.varMean(x, R.parseVarArgs(args), "var");
/** std_mean(input, dim?, unbiased?, keepdim?) or with { correction }: [std, mean]. */
export const std_mean = (x: Tensor, ...args: unknown[]) => R.varMean(x, R.parseVarArgs(args), "std");

export const matmul = (a: Tensor, b: Tensor) => a.matmul(b);
export const mm = (a: Tensor, b: Tensor) => a.mm(b);
export const bmm = (a: Tensor, b: Tensor) => a.bmm(b);
export const mv = (a: Tensor, v: Tensor) => a.mv(v);
export const dot = (a: Tensor, b: Tensor) => a.dot(b);
export const outer = (a: Tensor, b: Tensor) => a.outer(b);
export const ger = outer;
export const t = unary("t", (x) => x.t(), [], false);

export const reshape = (x: Tensor, shape: number[]) => x.reshape(shape);
export const flatten = (x: Tensor, ...args: Parameters<Tensor["flatten"]>) => x.flatten(...args);
export const unflatten = (x: Tensor, ...args: Parameters<Tensor["unflatten"]>) => x.unflatten(...args);
export const squeeze = (x: Tensor, ...args: Parameters<Tensor["squeeze"]>) => x.squeeze(...args);
export const unsqueeze = (x: Tensor, ...args: Parameters<Tensor["unsqueeze"]>) => x.unsqueeze(...args);
export const transpose = (x: Tensor, ...args: Parameters<Tensor["transpose"]>) => x.transpose(...args);
export const swapaxes = transpose;
export const permute = (x: Tensor, dims: number[]) => x.permute(dims);
export const narrow = (x: Tensor, ...args: Parameters<Tensor["narrow"]>) => x.narrow(...args);
export const select = (x: Tensor, ...args: Parameters<Tensor["select"]>) => x.select(...args);
export const index_select = (x: Tensor, ...args: Parameters<Tensor["index_select"]>) => x.index_select(...args);
export const gather = (x: Tensor, ...args: Parameters<Tensor["gather"]>) => x.gather(...args);
export const scatter_add = (x: Tensor, dim: number, index: Tensor, src: Tensor) => x.scatter_add(dim, index, src);
export const scatter = (x: Tensor, dim: number, index: Tensor, src: TensorOrScalar, opts?: { reduce?: string }) => x.scatter(dim, index, src, opts);
export const index_put = (x: Tensor, indices: Tensor[], values: Tensor, accumulate?: boolean | { accumulate?: boolean }) => P.index_put(x, indices, values, [accumulate], true);
export const index_put_ = (x: Tensor, ...args: Parameters<Tensor["index_put_"]>) => x.index_put_(...args);
export const index_fill = (x: Tensor, dim: number, index: Tensor, value: number) => x.index_fill(dim, index, value);
export const index_copy = (x: Tensor, dim: number, index: Tensor, source: Tensor) => x.index_copy(dim, index, source);
export const index_add = (x: Tensor, dim: number, index: Tensor, source: Tensor, opts?: { alpha?: number }) => x.index_add(dim, index, source, opts);
export const masked_fill = (x: Tensor, mask: Tensor, value: TensorOrScalar) => x.masked_fill(mask, value);
export const masked_select = (x: Tensor, mask: Tensor) => x.masked_select(mask);
export const chunk = (x: Tensor, ...args: Parameters<Tensor["chunk"]>) => x.chunk(...args);
export const split = (x: Tensor, ...args: Call<[split_size_or_sections: number | number[], dim?: number]>) => splitArgs(x, args, "split_size_or_sections");
export const unbind = (x: Tensor, ...args: Parameters<Tensor["unbind"]>) => x.unbind(...args);
export const flip = (x: Tensor, dims: number[]) => x.flip(dims);
const nonzeroRows = unary("nonzero", (x, opts: { as_tuple?: false }) => x.nonzero(opts), ["as_tuple"]);
/** nonzero(input, *, out=None, as_tuple=False): the [n, ndim] indices, or with as_tuple one [n] tensor per dim. */
export function nonzero(x: Tensor, opts?: { as_tuple?: false } & OutOption): Tensor;
export function nonzero(x: Tensor, opts: { as_tuple: true }): Tensor[];
export function nonzero(x: Tensor, opts?: { as_tuple?: boolean } & OutOption): Tensor | Tensor[] {
  if (opts?.as_tuple !== true) return nonzeroRows(x, opts as { as_tuple?: false } & OutOption);
  checkKeywords("nonzero", opts, ["out", "as_tuple"]);
  if (opts.out !== undefined && opts.out !== null) throw new RuntimeError("nonzero does not support the out kwarg when as_tuple is True");
  return x.nonzero({ as_tuple: true });
}
export const tril = (x: Tensor, ...args: Parameters<Tensor["tril"]>) => x.tril(...args);
export const triu = (x: Tensor, ...args: Parameters<Tensor["triu"]>) => x.triu(...args);
export const clone = (x: Tensor, ...args: Parameters<Tensor["clone"]>) => x.clone(...args);
export const detach = unary("detach", (x) => x.detach(), [], false);
export const numel = (x: Tensor) => x.numel();
export const cat = (...args: Call<[tensors: Tensor[], dim?: number]>) => {
  const o = bindArgs("cat", args, ["tensors", "dim"], [], 1);
  return S.cat(o.tensors as Tensor[], (o.dim as number) ?? 0);
};
export const concat = cat;
export const concatenate = cat;
export const stack = (...args: Call<[tensors: Tensor[], dim?: number]>) => {
  const o = bindArgs("stack", args, ["tensors", "dim"], [], 1);
  return S.stack(o.tensors as Tensor[], (o.dim as number) ?? 0);
};
export const is_tensor = (x: unknown): x is Tensor => x instanceof Tensor;
export const is_floating_point = (x: Tensor) => x.is_floating_point();


export const sort = (x: Tensor, ...args: Parameters<Tensor["sort"]>) => x.sort(...args);
export const argsort = (x: Tensor, ...args: Parameters<Tensor["argsort"]>) => x.argsort(...args);
export const topk = (x: Tensor, k: number, ...args: ArgsOf<["dim", "largest", "sorted"]>) => x.topk(k, ...args);
export { searchsorted, bucketize, isin, bincount } from "./ops/sort.js";
export { unique, unique_consecutive } from "./ops/unique.js";
export { cov, corrcoef } from "./ops/correlation.js";
export const roll = (x: Tensor, ...args: Parameters<Tensor["roll"]>) => x.roll(...args);
export { multinomial, bernoulli } from "./ops/creation.js";
export { poisson, _standard_gamma, _sample_dirichlet, normal, binomial } from "./ops/gamma.js";
export { _weight_norm, norm_except_dim } from "./ops/nn.js";
export { erfc, i0 } from "./ops/special_functions.js";
export const index_reduce = (x: Tensor, dim: number, index: Tensor, source: Tensor, reduce: string, opts?: { include_self?: boolean }) => x.index_reduce(dim, index, source, reduce, opts);
export { gcd, lcm, logaddexp2, frexp, nextafter, renorm, cdist, dist, pdist, histogram } from "./ops/numeric.js";
// The torch.* forms of functions that live in nn.functional (the same positional arguments).
export {
  conv1d, conv2d, conv_transpose1d, conv_transpose2d, max_pool1d, max_pool2d, avg_pool1d, adaptive_avg_pool1d, dropout, layer_norm, group_norm,
  pixel_shuffle, pixel_unshuffle, prelu, selu, celu, hardshrink, threshold, cosine_similarity, pairwise_distance, rrelu, alpha_dropout,
  feature_alpha_dropout, bilinear, relu_, selu_, celu_, threshold_, rrelu_, max_pool2d_with_indices,
} from "./nn/functional.js";
export { hann_window, hamming_window, blackman_window, bartlett_window, kaiser_window } from "./ops/windows.js";
export const take = (x: Tensor, index: Tensor) => S.takeFlat(x, index);
export const msort = unary("msort", (x) => x.msort());
export const arctan2 = binary("arctan2", (a: Tensor, b: Tensor) => E.atan2(a, b));
export const fix = unary("fix", (x) => x.trunc());
export const is_complex = (x: Tensor) => x.is_complex();
export const is_nonzero = (x: Tensor) => x.is_nonzero();
export const is_same_size = (x: Tensor, other: Tensor) => x.is_same_size(other);
export const typename = (x: Tensor) => x.type() as string;
/** result_type(a, b): the dtype an op of the two would compute in (tensors or numbers). */
export const result_type = (a: Tensor | number | boolean, b: Tensor | number | boolean): DType => resultType2(a, b);
export const promote_types = (a: DType | string, b: DType | string): DType => promoteTypes(dtypeFromName(a), dtypeFromName(b));
export const can_cast = (from: DType | string, to: DType | string): boolean => canCast(dtypeFromName(from), dtypeFromName(to));
/** as_tensor(data, *, dtype, device): a tensor as is where dtype and device already match (no copy), else converted or built. */
export function as_tensor(data: unknown, opts: { dtype?: DType | string; device?: string | Device } = {}): Tensor {
  checkKeywords("as_tensor", opts, ["dtype", "device"]);
  if (data instanceof Tensor) return data.to({ dtype: opts.dtype, device: opts.device } as never);
  return C.tensor(data as never, opts as C.CreateOptions);
}
/** asarray(obj, *, dtype, device, copy, requires_grad): as_tensor, copying when copy is true. */
export function asarray(obj: unknown, opts: { dtype?: DType | string; device?: string | Device; copy?: boolean | null; requires_grad?: boolean } = {}): Tensor {
  checkKeywords("asarray", opts, ["dtype", "device", "copy", "requires_grad"]);
  let t = as_tensor(obj, { dtype: opts.dtype, device: opts.device });
  if (opts.copy && t === obj) t = t.clone();
  if (opts.requires_grad) t = (t === obj ? t.detach() : t).requires_grad_();
  return t;
}
/** scalar_tensor(s, *, dtype, device, requires_grad): a 0-dim tensor of the default dtype unless given. */
export function scalar_tensor(s: number | boolean, opts: C.CreateOptions = {}): Tensor {
  return C.tensor(+s, { dtype: defaultFloat, ...opts });
}
export { einsum, addmm, addmv, addr, addbmm, baddbmm } from "./ops/linalg.js";
export { inv as inverse, det, slogdet, logdet, matrix_power, cholesky } from "./ops/solve.js";
export { torchQr as qr, torchSvd as svd, pinverse } from "./ops/decomp.js";
export { matrix_exp, chain_matmul, cholesky_solve, cholesky_inverse } from "./ops/matrix_functions.js";
export { lu_unpack, torchLu as lu, torchLuSolve as lu_solve } from "./ops/lu.js";
export const diagonal = (x: Tensor, offset = 0, dim1 = 0, dim2 = 1) => x.diagonal(offset, dim1, dim2);
export {
  atleast_1d, atleast_2d, atleast_3d, hstack, vstack, vstack as row_stack, dstack, column_stack, ravel, tile,
  broadcast_shapes, broadcast_tensors, meshgrid, cartesian_prod, repeat_interleave, take_along_dim,
  tensor_split, hsplit, vsplit, dsplit, fliplr, flipud, vander, tensordot, inner,
} from "./ops/compose.js";
export { bitwise_and, bitwise_or, bitwise_xor, bitwise_not, bitwise_left_shift, bitwise_right_shift, histc } from "./ops/bitwise.js";
export const mode = (x: Tensor, ...args: Parameters<Tensor["mode"]>) => x.mode(...args);
export const quantile = (x: Tensor, q: number | Tensor, ...args: unknown[]) => x.quantile(q, ...args);
export const nanquantile = (x: Tensor, q: number | Tensor, ...args: unknown[]) => x.nanquantile(q, ...args);
export { logspace } from "./ops/creation.js";
export const true_divide = binary("true_divide", (a: TensorOrScalar, b: TensorOrScalar) => E.div(a, b));
export {
  deg2rad, rad2deg, frac, exp2, logit, logaddexp, xlogy, hypot, diag, trace, nansum, nanmean, count_nonzero,
  isposinf, isneginf, logical_xor, diff, tril_indices, triu_indices, clamp_min, clamp_max,
  addcmul, addcdiv, rot90, kron, sinc, erfinv, block_diag, copysign, signbit, sgn, float_power, ldexp,
  fmax, fmin, heaviside, vdot, diag_embed, diagflat, select_scatter, slice_scatter, diagonal_scatter, combinations,
  cross, trapezoid, trapezoid as trapz, cumulative_trapezoid, aminmax, floor_divide, argwhere, lgamma, digamma, polygamma, mvlgamma, scatter_reduce, masked_scatter,
} from "./ops/math.js";
export const broadcast_to = (x: Tensor, shape: number[]) => x.broadcast_to(shape);
export const swapdims = transpose;
export const moveaxis = (x: Tensor, source: number | number[], destination: number | number[]) => x.movedim(source, destination);
export const movedim = (x: Tensor, source: number | number[], destination: number | number[]) => x.movedim(source, destination);
