// PyTorch ops that are one node there (Deg2RadBackward0, HypotBackward0,
// DiagBackward0, ...) but need no kernel of their own here: the forward is
// composed of other ops outside autograd, and the node's gradient is
// derivatives.yaml's formula in tensor ops (so double backward works).
import { bindArgs, castTo, checkKeywords, type ArgsOf } from "../args.js";
import { no_grad } from "../autograd/grad_mode.js";
import { bool, defaultFloat, float32, float64, int64, resultType, type DType } from "../dtype.js";
import { IndexError, RuntimeError, TorchTypeError, typeName } from "../errors.js";
import { broadcastShapes, wrapDim } from "../shape.js";
import { MinMax, Tensor } from "../tensor.js";
import { arange, tensor, type CreateOptions } from "./creation.js";
import { checkTensors, where } from "./elementwise.js";
import { composite, needsGrad, notImplemented, record, type OpDef } from "./registry.js";
import { alongDimOffsets, cat, stack, type Offsets } from "./shape.js";
import { unsafeView } from "./linalg.js";

type T = Tensor;

/** The floating dtype an op computes in: the input's, or the default dtype for integers and bool. */
const floating = (d: DType): DType => (d.is_floating_point ? d : defaultFloat);

function unaryScale(name: string, node: string, factor: number) {
  const def: OpDef = { name, node, backward: (g: T) => [g.mul(factor)] };
  return (x: Tensor): Tensor => composite(def, [x], () => x.to(floating(x.dtype)).mul(factor));
}
/** deg2rad(x): x * pi / 180. */
export const deg2rad = unaryScale("deg2rad", "Deg2RadBackward0", Math.PI / 180);
/** rad2deg(x): x * 180 / pi. */
export const rad2deg = unaryScale("rad2deg", "Rad2DegBackward0", 180 / Math.PI);

const FRAC: OpDef = { name: "frac", node: "FracBackward0", backward: (g: T) => [g] };
/** frac(x): x - trunc(x), the fractional part with x's sign. */
export const frac = (x: Tensor): Tensor => composite(FRAC, [x], () => x.sub(x.trunc()));

const EXP2: OpDef = { name: "exp2", node: "Exp2Backward0", backward: (g: T, { result }) => [g.mul(result).mul(Math.LN2)] };
/** exp2(x): 2 ** x. */
export function exp2(x: Tensor): Tensor {
  const out: Tensor = no_grad(() => x.to(floating(x.dtype)).mul(Math.LN2).exp());
  if (needsGrad(x)) record(EXP2, [x], out, { result: out });
  return out;
}

const LOGIT: OpDef = {
  name: "logit",
  node: "LogitBackward0",
  // derivatives.yaml's logit_backward: NaN outside [0, 1] without eps, 0 outside [eps, 1 - eps] with it.
  backward: (g: T, { self, eps }) => {
    const d = g.div(self.mul(self.neg().add(1)));
    if (eps === null) return [where(self.lt(0).logical_or(self.gt(1)), NaN, d)];
    return [where(self.lt(eps).logical_or(self.gt(1 - eps)), 0, d)];
  },
};
/** logit(x, eps = null): log(x / (1 - x)), with x clamped to [eps, 1 - eps] when eps is given. */
export function logit(x: Tensor, ...args: unknown[]): Tensor {
  const eps = (bindArgs("logit", args, ["eps"]).eps ?? null) as number | null;
  return composite(LOGIT, [x], () => {
    const z = eps === null ? x.to(floating(x.dtype)) : x.to(floating(x.dtype)).clamp(eps, 1 - eps);
    return z.div(z.neg().add(1)).log();
  }, { self: x, eps });
}

/** Two tensor operands of a floating op, in their common floating dtype. */
function floatingPair(fn: string, a: Tensor, b: Tensor): [Tensor, Tensor] {
  checkTensors(fn, a, b);
  const d = floating(resultType([a, b]));
  return [a.to(d), b.to(d)];
}

const LOGADDEXP: OpDef = {
  name: "logaddexp",
  node: "LogaddexpBackward0",
  backward: (g: T, { self, other }) => [g.div(other.sub(self).exp().add(1)), g.div(self.sub(other).exp().add(1))],
};
/** logaddexp(a, b): log(exp(a) + exp(b)), without overflow (equal infinities give themselves). */
export function logaddexp(a: Tensor, b: Tensor): Tensor {
  return composite(LOGADDEXP, [a, b], () => {
    const [x, y] = floatingPair("logaddexp", a, b);
    const sum = x.maximum(y).add(x.sub(y).abs().neg().exp().log1p());
    return where(x.eq(y).logical_and(x.isinf()), x, sum);
  }, { self: a, other: b });
}

const XLOGY: OpDef = {
  name: "xlogy",
  node: "XlogyBackward0",
  // derivatives.yaml: 0 where self is 0 and other <= 0 (the limit from self's side), else g log(other) (0 where g is).
  backward: (g: T, { self, other }) => [xlogy(g, other).masked_fill(self.eq(0).logical_and(other.le(0)), 0), g.mul(self).div(other)],
};
/** xlogy(x, y): x * log(y), 0 where x is 0 (unless y is NaN). */
export function xlogy(a: Tensor, b: Tensor): Tensor {
  return composite(XLOGY, [a, b], () => {
    const [x, y] = floatingPair("xlogy", a, b);
    return where(y.isnan(), NaN, where(x.eq(0), 0, x.mul(y.log())));
  }, { self: a, other: b });
}

const HYPOT: OpDef = {
  name: "hypot",
  node: "HypotBackward0",
  backward: (g: T, { self, other, result }) => [g.mul(self).div(result), g.mul(other).div(result)],
};
/** hypot(a, b): sqrt(a ** 2 + b ** 2), elementwise. */
export function hypot(a: Tensor, b: Tensor): Tensor {
  checkTensors("hypot", a, b);
  if (!a.dtype.is_floating_point || !b.dtype.is_floating_point) throw new RuntimeError(`"hypot_cpu" not implemented for '${resultType([a, b]).scalarName}'`);
  const out: Tensor = no_grad(() => a.square().add(b.square()).sqrt());
  if (needsGrad(a, b)) record(HYPOT, [a, b], out, { self: a, other: b, result: out });
  return out;
}

/**
 * A [rows, cols] matrix with v on its k-th diagonal and zeros elsewhere, in
 * differentiable ops (an index_select and a where), so that diag's and trace's
 * gradients have gradients too.
 */
function onDiagonal(v: Tensor, k: number, rows: number, cols: number): Tensor {
  const zeros = Tensor._full([rows, cols], 0, v.dtype, v.device);
  if (v.numel() === 0) return zeros;
  const j = arange(cols, { device: v.device });
  const i = arange(rows, { device: v.device }).unsqueeze(1);
  const picked = v.index_select(0, j.sub(Math.max(k, 0)).clamp(0, v.numel() - 1).to(int64)).unsqueeze(0).expand([rows, cols]);
  return where(j.unsqueeze(0).sub(i).eq(k), picked, zeros);
}

const DIAG: OpDef = {
  name: "diag",
  node: "DiagBackward0",
  backward: (g: T, { shape, k }) => [shape.length === 1 ? g.diagonal(k) : onDiagonal(g, k, shape[0], shape[1])],
};
/** diag(x, diagonal = 0): a 1-d x as the k-th diagonal of a square matrix; a 2-d x's k-th diagonal, copied. */
export function diag(x: Tensor, ...args: unknown[]): Tensor {
  const k = (bindArgs("diag", args, ["diagonal"]).diagonal ?? 0) as number;
  if (x.dim() !== 1 && x.dim() !== 2) throw new RuntimeError("matrix or a vector expected");
  return composite(DIAG, [x], () => {
    if (x.dim() === 2) return x.diagonal(k).clone();
    const n = x.numel() + Math.abs(k);
    return onDiagonal(x, k, n, n);
  }, { shape: x.shape, k });
}

const TRACE: OpDef = {
  name: "trace",
  node: "TraceBackward0",
  backward: (g: T, { shape }) => {
    const n = Math.min(shape[0], shape[1]);
    return [onDiagonal(g.expand([n]), 0, shape[0], shape[1])];
  },
};
/** trace(x): the sum of a matrix's main diagonal (int64 for integer x, as sum). */
export function trace(x: Tensor): Tensor {
  if (x.dim() !== 2) throw new RuntimeError("trace: expected a matrix, but got tensor with dim " + x.dim());
  return composite(TRACE, [x], () => x.diagonal().sum(), { shape: x.shape });
}

const NANSUM: OpDef = {
  name: "nansum",
  node: "NansumBackward0",
  backward: (g: T, { self, dims, keepdim }) => {
    let ge = g;
    if (!keepdim && dims !== null) for (const d of [...(dims as number[])].sort((a, b) => a - b)) ge = ge.unsqueeze(d);
    return [ge.mul(self.isnan().logical_not())]; // a multiply, as PyTorch's: an infinite g gives NaN at NaN inputs
  },
};
/** nansum(x, dim = null, keepdim = false, *, dtype): sum treating NaN as 0 (in dtype, x cast first). */
export function nansum(x: Tensor, ...args: ArgsOf<["dim", "keepdim"], ["dtype"]>): Tensor {
  const o = bindArgs("nansum", args, ["dim", "keepdim"], ["dtype"]);
  const dim = (o.dim ?? null) as number | number[] | null, keepdim = (o.keepdim ?? false) as boolean;
  const dims = dim === null ? null : (typeof dim === "number" ? [dim] : dim).map((d) => (d < 0 ? d + x.dim() : d));
  return composite(NANSUM, [x], () => {
    const xc = castTo(x, o.dtype);
    return where(xc.isnan(), 0, xc).sum(...(dims === null ? [] : [dims, keepdim]));
  }, { self: x, dims, keepdim });
}

/** nanmean(x, dim = null, keepdim = false, *, dtype): nansum over the count of non-NaN elements (PyTorch's composition). */
export function nanmean(x: Tensor, ...args: ArgsOf<["dim", "keepdim"], ["dtype"]>): Tensor {
  const o = bindArgs("nanmean", args, ["dim", "keepdim"], ["dtype"]);
  if (!x.dtype.is_floating_point) throw new RuntimeError(`nanmean(): expected input to have floating point dtype but got ${x.dtype.scalarName}`);
  const rest: [number | number[], boolean] | [] = o.dim === undefined || o.dim === null ? [] : [o.dim as number | number[], (o.keepdim as boolean | undefined) ?? false];
  return nansum(x, ...rest, { dtype: o.dtype as DType | null | undefined }).div(x.isnan().logical_not().sum(...rest));
}

/** count_nonzero(x, dim = null): the number of non-zero elements (int64). */
export function count_nonzero(x: Tensor, ...args: ArgsOf<["dim"]>): Tensor {
  const dim = bindArgs("count_nonzero", args, ["dim"]).dim;
  return dim === undefined || dim === null ? x.ne(0).sum() : x.ne(0).sum(dim);
}

/** isposinf(x) and isneginf(x): where x is +inf, -inf. */
export const isposinf = (x: Tensor): Tensor => x.isinf().logical_and(x.gt(0));
export const isneginf = (x: Tensor): Tensor => x.isinf().logical_and(x.lt(0));

/** logical_xor(a, b): where exactly one of a, b is non-zero. */
export function logical_xor(a: Tensor, b: Tensor): Tensor {
  checkTensors("logical_xor", a, b);
  return a.ne(0).ne(b.ne(0));
}

/**
 * diff(x, n = 1, dim = -1, prepend = null, append = null): the n-th forward
 * difference along dim, after prepend and append are concatenated there.
 */
export function diff(x: Tensor, ...args: ArgsOf<["n", "dim", "prepend", "append"]>): Tensor {
  const o = bindArgs("diff", args, ["n", "dim", "prepend", "append"]);
  const n = (o.n ?? 1) as number, dim = (o.dim ?? -1) as number;
  if (x.dim() === 0) throw new RuntimeError("diff expects input to be at least one-dimensional");
  if (n < 0) throw new RuntimeError(`order must be non-negative but got ${n}`);
  for (const name of ["prepend", "append"]) {
    const t = o[name];
    if (t === undefined || t === null) continue;
    if (!(t instanceof Tensor)) throw new TorchTypeError(`diff(): argument '${name}' must be Tensor, not ${typeName(t)}`);
    if (t.dim() !== x.dim()) throw new RuntimeError("diff expects prepend or append to be the same dimension as input");
    const d = wrapDim(dim, x.dim());
    const k = x.shape.findIndex((s, i) => i !== d && t.shape[i] !== s);
    if (k >= 0) {
      throw new RuntimeError(`diff expects the shape of tensor to prepend or append to match that of input except along the differencing dimension; input.size(${k}) = ${x.shape[k]}, but got tensor.size(${k}) = ${t.shape[k]}`);
    }
  }
  const parts = [o.prepend, x, o.append].filter((t): t is Tensor => t instanceof Tensor);
  let y = parts.length === 1 ? x : cat(parts, dim);
  const d = wrapDim(dim, x.dim());
  for (let i = 0; i < n && y.shape[d] > 0; i++) {
    const len = y.shape[d];
    y = y.dtype === bool ? logical_xor(y.narrow(d, 1, len - 1), y.narrow(d, 0, len - 1)) : y.narrow(d, 1, len - 1).sub(y.narrow(d, 0, len - 1));
  }
  return y;
}

function tri_indices(row: number, col: number, offset: number, opts: CreateOptions | undefined, lower: boolean): Tensor {
  if (row < 0) throw new RuntimeError(`row must be non-negative, got${row}`);
  if (col < 0) throw new RuntimeError(`col must be non-negative, got${col}`);
  const rows: number[] = [], cols: number[] = [];
  for (let i = 0; i < row; i++) {
    for (let j = 0; j < col; j++) {
      if (lower ? j - i <= offset : j - i >= offset) {
        rows.push(i);
        cols.push(j);
      }
    }
  }
  return tensor([rows, cols], { dtype: int64, ...opts });
}
/** tril_indices(row, col, offset = 0, { dtype, device }): the [2, N] coordinates of the lower triangle. */
export const tril_indices = (row: number, col: number, offset = 0, opts?: CreateOptions) => tri_indices(row, col, offset, opts, true);
/** triu_indices(row, col, offset = 0, { dtype, device }): the [2, N] coordinates of the upper triangle. */
export const triu_indices = (row: number, col: number, offset = 0, opts?: CreateOptions) => tri_indices(row, col, offset, opts, false);

function clampOne(name: string, node: string, nodeTensor: string, keeps: (self: Tensor, bound: Tensor | number) => Tensor, clamp: (x: Tensor, bound: Tensor | number) => Tensor) {
  const scalarDef: OpDef = { name, node, backward: (g: T, { self, bound }) => [where(keeps(self, bound), g, 0)] };
  const tensorDef: OpDef = {
    name,
    node: nodeTensor,
    backward: (g: T, { self, bound }, needs) => [needs[0] ? where(keeps(self, bound), g, 0) : null, needs[1] ? where(keeps(self, bound), 0, g) : null],
  };
  return (x: Tensor, bound: Tensor | number): Tensor => {
    const forward = () => clamp(x, bound);
    return bound instanceof Tensor ? composite(tensorDef, [x, bound], forward, { self: x, bound }) : composite(scalarDef, [x], forward, { self: x, bound });
  };
}
/** clamp_min(x, min): max(x, min); the gradient passes where x >= min (to min where x < min). */
export const clamp_min = clampOne("clamp_min", "ClampMinBackward0", "ClampMinBackward1", (self, min) => self.ge(min), (x, min) => x.clamp(min, null));
/** clamp_max(x, max): min(x, max); the gradient passes where x <= max (to max where x > max). */
export const clamp_max = clampOne("clamp_max", "ClampMaxBackward0", "ClampMaxBackward1", (self, max) => self.le(max), (x, max) => x.clamp(null, max));

const ADDCMUL: OpDef = {
  name: "addcmul",
  node: "AddcmulBackward0",
  backward: (g: T, { t1, t2, value }, needs) => [needs[0] ? g : null, needs[1] ? g.mul(t2).mul(value) : null, needs[2] ? g.mul(t1).mul(value) : null],
};
/** addcmul(x, tensor1, tensor2, { value = 1 }): x + value * tensor1 * tensor2. */
export function addcmul(x: Tensor, t1: Tensor, t2: Tensor, opts: { value?: number } = {}): Tensor {
  checkKeywords("addcmul", opts, ["value"]);
  const value = opts.value ?? 1;
  return composite(ADDCMUL, [x, t1, t2], () => x.add(t1.mul(t2).mul(value)), { t1, t2, value });
}

const ADDCDIV: OpDef = {
  name: "addcdiv",
  node: "AddcdivBackward0",
  backward: (g: T, { t1, t2, value }, needs) => [
    needs[0] ? g : null,
    needs[1] ? g.mul(value).div(t2) : null,
    needs[2] ? g.mul(value).neg().mul(t1).div(t2.mul(t2)) : null,
  ],
};
/** addcdiv(x, tensor1, tensor2, { value = 1 }): x + value * tensor1 / tensor2. */
export function addcdiv(x: Tensor, t1: Tensor, t2: Tensor, opts: { value?: number } = {}): Tensor {
  checkKeywords("addcdiv", opts, ["value"]);
  const value = opts.value ?? 1;
  if (!t1.dtype.is_floating_point && !t2.dtype.is_floating_point) {
    throw new RuntimeError("Integer division with addcdiv is no longer supported, and in a future  release addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for float inputs. The future addcdiv behavior is just the latter implementation: (input + value * tensor1 / tensor2), for all dtypes.");
  }
  return composite(ADDCDIV, [x, t1, t2], () => x.add(t1.div(t2).mul(value)), { t1, t2, value });
}

const ROT90: OpDef = { name: "rot90", node: "Rot90Backward0", backward: (g: T, { k, dims }) => [rot90(g, -k, dims)] };
/** rot90(x, k = 1, dims = [0, 1]): x turned k quarter turns from dims[0] towards dims[1]. */
export function rot90(x: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("rot90", args, ["k", "dims"]);
  const k = (o.k ?? 1) as number, dims = (o.dims ?? [0, 1]) as number[];
  if (dims.length !== 2) throw new RuntimeError(`expected total rotation dims == 2, but got dims = ${dims.length}`);
  if (x.dim() < 2) throw new RuntimeError(`expected total dims >= 2, but got total dims = ${x.dim()}`);
  const [d0, d1] = dims.map((d) => wrapDim(d, x.dim()));
  if (d0 === d1) throw new RuntimeError(`expected rotation dims to be different, but got dim0 = ${d0} and dim1 = ${d1}`);
  const turns = ((k % 4) + 4) % 4;
  return composite(ROT90, [x], () => {
    if (turns === 1) return x.flip(d1).transpose(d0, d1);
    if (turns === 2) return x.flip([d0, d1]);
    if (turns === 3) return x.flip(d0).transpose(d0, d1);
    return x.clone();
  }, { k, dims: [d0, d1] });
}

/** kron(a, b): the Kronecker product, of the rank of the larger (PyTorch's reshape, multiply, view). */
export function kron(a: Tensor, b: Tensor): Tensor {
  checkTensors("kron", a, b);
  const nd = Math.max(a.dim(), b.dim());
  const pa = [...new Array<number>(nd - a.dim()).fill(1), ...a.shape], pb = [...new Array<number>(nd - b.dim()).fill(1), ...b.shape];
  const product = a.reshape(pa.flatMap((s) => [s, 1])).mul(b.reshape(pb.flatMap((s) => [1, s])));
  return unsafeView(product, pa.map((s, i) => s * pb[i]));
}

const SINC: OpDef = {
  name: "sinc",
  node: "SincBackward0",
  // derivatives.yaml's sinc_backward: (cos(pi x) pi x - sin(pi x)) / (pi x^2), 0 at 0.
  backward: (g: T, { self }) => {
    const px = self.mul(Math.PI);
    const d = px.cos().mul(px).sub(px.sin()).div(px.mul(self));
    return [where(self.eq(0), 0, g.mul(d))];
  },
};
/** sinc(x): sin(pi x) / (pi x), 1 at 0. */
export function sinc(x: Tensor): Tensor {
  return composite(SINC, [x], () => {
    const px = x.to(floating(x.dtype)).mul(Math.PI);
    return where(px.eq(0), 1, px.sin().div(px));
  }, { self: x });
}

const BLOCK_DIAG: OpDef = {
  name: "block_diag",
  node: "BlockDiagBackward0",
  backward: (g: T, { shapes, corners }) =>
    (shapes as number[][]).map((shape, i) => {
      const [r, c] = corners[i] as [number, number];
      const rows = shape.length === 2 ? shape[0] : 1, cols = shape.length === 0 ? 1 : shape[shape.length - 1];
      return g.narrow(0, r, rows).narrow(1, c, cols).reshape(shape);
    }),
};
/** block_diag(*tensors): the tensors (0-d, 1-d as one row, or 2-d) along the diagonal of one matrix, zeros elsewhere. */
export function block_diag(...tensors: Tensor[]): Tensor {
  tensors.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TorchTypeError(`block_diag(): argument 'tensors' (position 1) must be tuple of Tensors, not ${typeName(t)}`);
    if (t.dim() > 2) throw new RuntimeError(`torch.block_diag: Input tensors must have 2 or fewer dimensions. Input ${i} has ${t.dim()} dimensions`);
  });
  const dtype = tensors.length === 0 ? defaultFloat : resultType(tensors);
  const blocks = tensors.map((t) => (t.dim() === 2 ? t : t.reshape(1, -1)));
  const corners: [number, number][] = [];
  let rows = 0, cols = 0;
  for (const b of blocks) {
    corners.push([rows, cols]);
    rows += b.shape[0];
    cols += b.shape[1];
  }
  return composite(BLOCK_DIAG, tensors, () => {
    const out = Tensor._full([rows, cols], 0, dtype, tensors[0]?.device ?? "cpu");
    blocks.forEach((b, i) => out.narrow(0, corners[i][0], b.shape[0]).narrow(1, corners[i][1], b.shape[1]).copy_(b));
    return out;
  }, { shapes: tensors.map((t) => t.shape), corners });
}

const ERFINV: OpDef = {
  name: "erfinv",
  node: "ErfinvBackward0",
  backward: (g: T, { result }) => [g.mul(result.square().exp()).mul(Math.sqrt(Math.PI) / 2)],
};
/**
 * erfinv(x): the inverse error function, as PyTorch's calc_erfinv: a rational
 * approximation (central range |x| <= 0.7, else in sqrt(-log((1 - |x|) / 2)))
 * and two Newton steps on erf; NaN outside [-1, 1], +-inf at +-1.
 */
export function erfinv(x: Tensor): Tensor {
  const out = no_grad(() => {
    const y = x.to(floating(x.dtype));
    const poly = (t: T, cs: number[]) => cs.slice(1).reduce((acc, c) => acc.mul(t).add(c), t.mul(0).add(cs[0]));
    const z = y.square();
    const central = y.mul(poly(z, [-0.140543331, 0.914624893, -1.645349621, 0.886226899])).div(poly(z, [0.012229801, -0.329097515, 1.442710462, -2.118377725, 1]));
    const w = y.abs().rsub(1).div(2).log().neg().sqrt();
    const tail = poly(w, [1.641345311, 3.429567803, -1.624906493, -1.970840454]).mul(y.sign()).div(poly(w, [1.6370678, 3.5438892, 1]));
    let r = where(y.abs().le(0.7), central, tail);
    for (let step = 0; step < 2; step++) r = r.sub(r.erf().sub(y).div(r.square().neg().exp().mul(2 / Math.sqrt(Math.PI))));
    return where(y.abs().gt(1), NaN, where(y.abs().eq(1), y.mul(Infinity), r));
  });
  if (needsGrad(x)) record(ERFINV, [x], out, { result: out });
  return out;
}

// ---- signs, NaN-ignoring extrema, powers of two ------------------------------------------------

const copysignDef = (node: string): OpDef => ({
  name: "copysign",
  node,
  // derivatives.yaml's copysign_tensor_self_backward: grad * result / self, 0 where self is 0; none for other.
  backward: (g: T, { self, result }, needs) => [needs[0] ? where(self.eq(0), 0, g.mul(result.div(self))) : null, needs[1] ? g.mul(0) : null],
});
const COPYSIGN = copysignDef("CopysignBackward0");
const COPYSIGN_SCALAR = copysignDef("CopysignBackward1");
/** copysign(a, b): |a| with b's sign (a -0.0 in b counts as negative). */
export function copysign(a: Tensor, b: Tensor | number): Tensor {
  const other = b instanceof Tensor ? b : tensor(b, { dtype: floating(a.dtype), device: a.device });
  checkTensors("copysign", a, other);
  const out = no_grad(() => where(signbit(other), a.abs().neg(), a.abs()).to(floating(resultType([a, other]))));
  const inputs = b instanceof Tensor ? [a, other] : [a];
  if (inputs.some((t) => needsGrad(t))) record(b instanceof Tensor ? COPYSIGN : COPYSIGN_SCALAR, inputs, out, { self: a, result: out });
  return out;
}

/** signbit(x): whether x's sign bit is set (true for -0.0). */
export function signbit(x: Tensor): Tensor {
  return no_grad(() => (x.dtype.is_floating_point ? x.lt(0).logical_or(x.eq(0).logical_and(x.reciprocal().lt(0))) : x.lt(0)));
}

const SGN: OpDef = { name: "sgn", node: "SgnBackward0", backward: (g: T) => [g.mul(0)] };
/** sgn(x): sign(x) for real tensors, as its own node. */
export const sgn = (x: Tensor): Tensor => composite(SGN, [x], () => x.sign());

/** float_power(a, b): a ** b in float64 (PyTorch casts first). */
export function float_power(a: Tensor, b: Tensor | number): Tensor {
  return a.double().pow(b instanceof Tensor ? b.double() : b);
}

/** ldexp(x, other): x * 2 ** other. */
export function ldexp(x: Tensor, other: Tensor): Tensor {
  return x.mul(tensor(2, { dtype: floating(x.dtype), device: x.device }).pow(other));
}

const extremumDef = (name: string, node: string, keepSelf: (self: T, other: T) => T): OpDef => ({
  name,
  node,
  backward: (g: T, { self, other }, needs) => {
    const mine = keepSelf(self, other);
    return [needs[0] ? where(mine, g, 0) : null, needs[1] ? where(mine, 0, g) : null];
  },
});
const FMAX = extremumDef("fmax", "FmaxBackward0", (a, b) => a.ge(b).logical_or(b.isnan()));
const FMIN = extremumDef("fmin", "FminBackward0", (a, b) => a.le(b).logical_or(b.isnan()));
/** fmax(a, b): the larger, ignoring a NaN where the other is a number. */
export function fmax(a: Tensor, b: Tensor): Tensor {
  checkTensors("fmax", a, b);
  return composite(FMAX, [a, b], () => where(a.isnan(), b, where(b.isnan(), a, a.maximum(b))), { self: a, other: b });
}
/** fmin(a, b): the smaller, ignoring a NaN where the other is a number. */
export function fmin(a: Tensor, b: Tensor): Tensor {
  checkTensors("fmin", a, b);
  return composite(FMIN, [a, b], () => where(a.isnan(), b, where(b.isnan(), a, a.minimum(b))), { self: a, other: b });
}

/** heaviside(input, values): 0 below 0, 1 above, values at 0 (no gradient, as in PyTorch). */
export function heaviside(x: Tensor, values: Tensor): Tensor {
  checkTensors("heaviside", x, values, "values");
  if (x.dtype !== values.dtype) throw new RuntimeError("heaviside is not yet implemented for tensors with different dtypes");
  return no_grad(() => where(x.eq(0), values, x.gt(0).to(x.dtype)));
}

const ENTR: OpDef = {
  name: "special_entr",
  node: "SpecialEntrBackward0",
  backward: (g: T, { self }) => [g.mul(self.log().add(1).neg())],
};
/** special.entr(x): -x log x, 0 at 0, -inf below 0. */
export function entr(x: Tensor): Tensor {
  return composite(ENTR, [x], () => {
    const xf = x.to(floating(x.dtype));
    return where(xf.lt(0), -Infinity, where(xf.eq(0), 0, xf.mul(xf.log()).neg()));
  }, { self: x });
}

const XLOG1PY: OpDef = {
  name: "special_xlog1py",
  node: "SpecialXlog1PyBackward0",
  backward: (g: T, { self, other }, needs) => [needs[0] ? xlog1py(g, other).masked_fill(self.eq(0).logical_and(other.le(-1)), 0) : null, needs[1] ? g.mul(self).div(other.add(1)) : null],
};
/** special.xlog1py(x, y): x * log1p(y), 0 where x is 0 (unless y is NaN). */
export function xlog1py(x: Tensor, y: Tensor): Tensor {
  checkTensors("xlog1py", x, y);
  return composite(XLOG1PY, [x, y], () => where(x.eq(0).logical_and(y.isnan().logical_not()), 0, x.mul(y.log1p())), { self: x, other: y });
}

// ---- diagonals, scatters into a copy, combinations -------------------------------------------

const VDOT: OpDef = { name: "vdot", node: "VdotBackward0", backward: (g: T, { self, other }, needs) => [needs[0] ? g.mul(other) : null, needs[1] ? g.mul(self) : null] };
/** vdot(a, b): the dot product of two 1-d tensors (real: dot). */
export function vdot(a: Tensor, b: Tensor): Tensor {
  checkTensors("vdot", a, b);
  if (a.dim() !== 1 || b.dim() !== 1) throw new RuntimeError(`1D tensors expected, but got ${a.dim()}D and ${b.dim()}D tensors`);
  return composite(VDOT, [a, b], () => a.dot(b), { self: a, other: b });
}

const DIAG_EMBED: OpDef = {
  name: "diag_embed",
  node: "DiagEmbedBackward0",
  backward: (g: T, { offset }) => [g.diagonal(offset, -2, -1)],
};
/** diag_embed(input, offset=0): each last-dim vector on the diagonal (at offset) of a square matrix in the last two dims. */
export function diag_embed(x: Tensor, ...args: ArgsOf<["offset", "dim1", "dim2"]>): Tensor {
  const o = bindArgs("diag_embed", args, ["offset", "dim1", "dim2"]);
  const offset = (o.offset as number | undefined) ?? 0;
  const dims = [(o.dim1 as number | undefined) ?? -2, (o.dim2 as number | undefined) ?? -1].map((d) => wrapDim(d, x.dim() + 1));
  if (dims[0] !== x.dim() - 1 || dims[1] !== x.dim()) throw new RuntimeError("tensorgrad: diag_embed takes the last two dims (dim1=-2, dim2=-1) only, so far");
  const n = x.shape[x.dim() - 1] + Math.abs(offset);
  return composite(DIAG_EMBED, [x], () => {
    const m = x.shape[x.dim() - 1];
    const rows = arange(n, { device: x.device }).unsqueeze(1), cols = arange(n, { device: x.device }).unsqueeze(0);
    const onIt = cols.sub(rows).eq(offset);
    // Position (i, j) of the diagonal holds element min(i, j) of the vector.
    const source = (offset >= 0 ? rows.expand([n, n]) : cols.expand([n, n])).clamp(0, Math.max(m - 1, 0)).to(int64);
    const picked = x.index_select(-1, source.reshape(-1)).reshape([...x.shape.slice(0, -1), n, n]);
    return where(onIt, picked, 0);
  }, { offset });
}

/** diagflat(input, offset=0): the flattened input on the offset-th diagonal of a square matrix. */
export const diagflat = (x: Tensor, offset = 0): Tensor => diag(x.flatten(), offset);

/** A scatter of src into a copy of input at one view of it (select_scatter, slice_scatter, diagonal_scatter): one node. */
function viewScatter(name: string, node: string, view: (t: T) => T) {
  const def: OpDef = {
    name,
    node,
    backward: (g: T, _s, needs) => [needs[0] ? scatterInto(g, view, view(g).mul(0)) : null, needs[1] ? view(g).clone() : null],
  };
  return (input: Tensor, src: Tensor): Tensor => {
    checkTensors(name, input, src, "src");
    const target = view(input);
    if (target.shape.join() !== src.shape.join()) {
      throw new RuntimeError(`expected src to have a size equal to the slice of self. src size = [${src.shape.join(", ")}], slice size = [${target.shape.join(", ")}]`);
    }
    return composite(def, [input, src], () => scatterInto(input, view, src));
  };
}
function scatterInto(input: T, view: (t: T) => T, src: T): T {
  const out = input.detach().clone();
  view(out).copy_(src.detach());
  return out;
}
/** select_scatter(input, src, dim, index): input with its index-th slice along dim replaced by src. */
export const select_scatter = (input: Tensor, src: Tensor, dim: number, index: number): Tensor =>
  viewScatter("select_scatter", "SelectScatterBackward0", (t) => t.select(dim, index))(input, src);
/** slice_scatter(input, src, dim=0, start=None, end=None, step=1): input with a slice along dim replaced by src. */
export function slice_scatter(input: Tensor, src: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("slice_scatter", args, ["dim", "start", "end", "step"]);
  const dim = wrapDim((o.dim as number | undefined) ?? 0, input.dim()), size = input.shape[dim];
  const step = (o.step as number | undefined) ?? 1;
  if (!(step > 0)) throw new RuntimeError("slice step must be positive");
  const clampIndex = (v: number | null | undefined, fallback: number) => (v === undefined || v === null ? fallback : Math.min(Math.max(v < 0 ? v + size : v, 0), size));
  const start = clampIndex(o.start as number | null | undefined, 0), end = Math.max(start, clampIndex(o.end as number | null | undefined, size));
  const count = Math.ceil((end - start) / step);
  const view = (t: T) => {
    const part = t.narrow(dim, start, end - start);
    return step === 1 ? part : part.index_select(dim, arange(count, { device: t.device }).mul(step).to(int64));
  };
  if (step === 1) return viewScatter("slice_scatter", "SliceScatterBackward0", view)(input, src);
  // A strided slice is not a view here: the copy goes through index_copy.
  const def: OpDef = {
    name: "slice_scatter",
    node: "SliceScatterBackward0",
    backward: (g: T, _s, needs) => {
      const index = arange(count, { device: g.device }).mul(step).add(start).to(int64);
      return [needs[0] ? g.index_fill(dim, index, 0) : null, needs[1] ? g.index_select(dim, index) : null];
    },
  };
  checkTensors("slice_scatter", input, src, "src");
  const index = arange(count, { device: input.device }).mul(step).add(start).to(int64);
  return composite(def, [input, src], () => input.index_copy(dim, index, src));
}
/** diagonal_scatter(input, src, offset=0, dim1=0, dim2=1): input with a diagonal replaced by src. */
export function diagonal_scatter(input: Tensor, src: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  return viewScatter("diagonal_scatter", "DiagonalScatterBackward0", (t) => t.diagonal(offset, dim1, dim2))(input, src);
}

/** combinations(input, r=2, with_replacement=False): the r-element combinations of a 1-d tensor's elements, as rows. */
export function combinations(x: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("combinations", args, ["r", "with_replacement"]);
  const r = (o.r as number | undefined) ?? 2, with_replacement = (o.with_replacement as boolean | undefined) ?? false;
  if (x.dim() !== 1) throw new RuntimeError(`Expect a 1D vector, but got shape [${x.shape.join(", ")}]`);
  if (r < 0) throw new RuntimeError(`Expect a non-negative number, but got ${r}`);
  if (r === 0) return Tensor._full([0], 0, x.dtype, x.device);
  const n = x.shape[0];
  const picks: number[][] = [];
  const walk = (from: number, chosen: number[]): void => {
    if (chosen.length === r) {
      picks.push(chosen);
      return;
    }
    for (let i = from; i < n; i++) walk(with_replacement ? i : i + 1, [...chosen, i]);
  };
  walk(0, []);
  if (picks.length === 0) return Tensor._full([0, r], 0, x.dtype, x.device);
  const columns = Array.from({ length: r }, (_, c) => x.index_select(0, tensor(picks.map((p) => p[c]), { dtype: int64, device: x.device })));
  return stack(columns, 1);
}

/** PyTorch's C++ mul and div by a Scalar (mul.Scalar, div.Scalar): their nodes are MulBackward1 and DivBackward1. */
const MUL_SCALAR: OpDef = { name: "mul", node: "MulBackward1", backward: (g: T, { other }) => [g.mul(other)] };
const DIV_SCALAR: OpDef = { name: "div", node: "DivBackward1", backward: (g: T, { other }) => [g.div(other)] };
export const mulScalar = (x: Tensor, s: number): Tensor => composite(MUL_SCALAR, [x], () => x.mul(s), { other: s });
export const divScalar = (x: Tensor, s: number): Tensor => composite(DIV_SCALAR, [x], () => x.div(s), { other: s });

const LINALG_CROSS: OpDef = {
  name: "linalg_cross",
  node: "LinalgCrossBackward0",
  backward: (g: T, { self, other, dim }, needs) => [needs[0] ? linalgCross(other, g, dim) : null, needs[1] ? linalgCross(g, self, dim) : null],
};
function linalgCross(a: Tensor, b: Tensor, dim: number): Tensor {
  const [a0, a1, a2] = [0, 1, 2].map((i) => a.narrow(dim, i, 1));
  const [b0, b1, b2] = [0, 1, 2].map((i) => b.narrow(dim, i, 1));
  return cat([a1.mul(b2).sub(a2.mul(b1)), a2.mul(b0).sub(a0.mul(b2)), a0.mul(b1).sub(a1.mul(b0))], dim);
}
/** linalg.cross(input, other, *, dim=-1): the cross product of 3-vectors along dim, broadcasting the rest. */
export function linalg_cross(a: Tensor, b: Tensor, ...args: unknown[]): Tensor {
  const given = (bindArgs("linalg_cross", args, [], ["dim"], 0, 2).dim as number | undefined) ?? -1;
  checkTensors("linalg.cross", a, b);
  if (a.dim() !== b.dim()) throw new RuntimeError("linalg.cross: inputs must have the same number of dimensions.");
  const dim = wrapDim(given, a.dim());
  if (a.shape[dim] !== 3 || b.shape[dim] !== 3) throw new RuntimeError(`linalg.cross: inputs dimension ${given} must have length 3. Got ${a.shape[dim]} and ${b.shape[dim]}`);
  const shape = broadcastShapes(a.shape, b.shape);
  const [x, y] = [a.expand(shape), b.expand(shape)];
  return composite(LINALG_CROSS, [a, b], () => linalgCross(x, y, dim), { self: a, other: b, dim });
}
/** cross(input, other, dim=None): linalg.cross along dim, or along input's first dim of size 3. */
export function cross(a: Tensor, b: Tensor, ...args: unknown[]): Tensor {
  let dim = bindArgs("cross", args, ["dim"]).dim as number | undefined | null;
  if (dim === undefined || dim === null) {
    dim = a.shape.indexOf(3);
    if (dim < 0) throw new RuntimeError("no dimension of size 3 in input");
  }
  return linalg_cross(a, b, { dim });
}

/**
 * trapezoid(y, x=None, *, dx=None, dim=-1): the trapezoidal rule along dim, over
 * sample points x (a tensor) or a spacing dx (default 1); PyTorch's composition.
 */
export function trapezoid(y: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("trapezoid", args, ["x"], ["dx", "dim"]);
  const dim = wrapDim((o.dim as number | undefined) ?? -1, y.dim());
  if (o.x instanceof Tensor && o.dx !== undefined) throw new RuntimeError("trapezoid: received both x and dx; pass only one");
  if (y.dtype === bool) throw new RuntimeError("trapezoid: received a bool input for `y`, but bool is not supported");
  const n = y.shape[dim];
  if (n === 0) return Tensor._full(y.shape.filter((_, d) => d !== dim), 0, y.dtype, y.device);
  const pairs = () => y.narrow(dim, 1, n - 1).add(y.narrow(dim, 0, n - 1));
  if (o.x instanceof Tensor) return divScalar(trapezoidSpacing("trapezoid", y, o.x, dim).mul(pairs()).sum(dim), 2);
  const dx = (o.dx as number | undefined) ?? 1;
  return mulScalar(y.sum(dim).sub(mulScalar(y.select(dim, 0).add(y.select(dim, -1)), 0.5)), dx);
}

/** cumulative_trapezoid(y, x=None, *, dx=None, dim=-1): the running trapezoidal sums along dim. */
export function cumulative_trapezoid(y: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("cumulative_trapezoid", args, ["x"], ["dx", "dim"]);
  const dim = wrapDim((o.dim as number | undefined) ?? -1, y.dim());
  if (y.dtype === bool) throw new RuntimeError("cumulative_trapezoid: received a bool input for `y`, but bool is not supported");
  const n = y.shape[dim];
  if (n === 0) return y.narrow(dim, 0, 0);
  const pairs = y.narrow(dim, 1, n - 1).add(y.narrow(dim, 0, n - 1));
  if (o.x instanceof Tensor) return divScalar(trapezoidSpacing("cumulative_trapezoid", y, o.x, dim).mul(pairs).cumsum(dim), 2);
  return mulScalar(pairs, ((o.dx as number | undefined) ?? 1) / 2).cumsum(dim);
}

/** The spacings x[i+1] - x[i] along dim, x viewed to line up with y (a 1-d x along dim, a shorter one padded in front). */
function trapezoidSpacing(fn: string, y: Tensor, x: Tensor, dim: number): Tensor {
  if (x.dtype === bool) throw new RuntimeError(`${fn}: received a bool input for \`x\`, but bool is not supported`);
  let viewed = x;
  if (x.dim() === 1) {
    if (x.shape[0] !== y.shape[dim]) throw new RuntimeError(`${fn}: There must be one \`x\` value for each sample point`);
    viewed = x.view(y.shape.map((_, d) => (d === dim ? x.shape[0] : 1)));
  } else if (x.dim() < y.dim()) {
    viewed = x.view([...new Array<number>(y.dim() - x.dim()).fill(1), ...x.shape]);
  }
  const m = viewed.shape[dim];
  return viewed.narrow(dim, 1, m - 1).sub(viewed.narrow(dim, 0, m - 1));
}

const AMINMAX = notImplemented("aminmax");
/** aminmax(input, *, dim=None, keepdim=False): amin and amax together (no derivative, as in PyTorch). */
export function aminmax(x: Tensor, ...args: ArgsOf<[], ["dim", "keepdim"]>): MinMax {
  const o = bindArgs("aminmax", args, [], ["dim", "keepdim"]);
  const dim = o.dim as number | undefined | null, keepdim = (o.keepdim as boolean | undefined) ?? false;
  const empty = dim === undefined || dim === null ? x.numel() === 0 : x.dim() > 0 && x.shape[wrapDim(dim, x.dim())] === 0;
  if (empty) throw new RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the operation has no identity.");
  const [min, max] = no_grad(() =>
    dim === undefined || dim === null
      ? [x.amin(), x.amax()].map((t) => (keepdim ? t.reshape(x.shape.map(() => 1)) : t))
      : [x.amin(dim, keepdim), x.amax(dim, keepdim)],
  );
  if (needsGrad(x)) record(AMINMAX, [x], [min, max]);
  return new MinMax(min, max);
}

const FLOOR_DIVIDE = notImplemented("floor_divide");
/** floor_divide(a, b): division rounded down (no derivative, as in PyTorch). */
export function floor_divide(a: Tensor | number, b: Tensor | number): Tensor {
  const out = no_grad(() => (a instanceof Tensor ? a.div(b, { rounding_mode: "floor" }) : tensor(a).div(b, { rounding_mode: "floor" })));
  if (needsGrad(a instanceof Tensor ? a : null, b instanceof Tensor ? b : null)) record(FLOOR_DIVIDE, [a instanceof Tensor ? a : null, b instanceof Tensor ? b : null], out);
  return out;
}

/** argwhere(input): the indices of the non-zero elements, one row each (nonzero's result). */
export const argwhere = (x: Tensor): Tensor => x.nonzero();

// ---- the gamma function's logarithm and derivatives --------------------------------
// lgamma, digamma and polygamma in tensor ops (so on every device): the argument is
// shifted up by SHIFT with the recurrences Γ(x+1) = xΓ(x), ψ(x+1) = ψ(x) + 1/x, then an
// asymptotic series (its first omitted term below 1e-14 from x = SHIFT on); below 0.5
// the reflection formulas. polygamma(1) is PyTorch's calc_trigamma instead (six steps and
// a short series, about 1e-9 off), so that gradients through digamma agree with PyTorch's.
// Each is one node (LgammaBackward0, ...), its gradient the next.
const SHIFT = 16;
export const floatOf = (x: Tensor): Tensor => x.to(floating(x.dtype));
/**
 * The series lose a few float32 ulps to cancellation near lgamma's zeros (ln Γ(1.7) is
 * ln Γ(9.7) - ln(1.7 ... 8.7)), so on the CPU float32 inputs are computed in double
 * and rounded once, as libm's lgammaf is accurate; a GPU (no float64) computes in float32.
 */
export function inDouble(x: Tensor, f: (x: Tensor) => Tensor): Tensor {
  return x.dtype === float32 && x.is_cpu ? f(x.to(float64)).to(float32) : f(x);
}

/** ln Γ(z) for z >= SHIFT by Stirling's series. */
function stirling(z: Tensor): Tensor {
  const r = z.reciprocal(), r2 = r.mul(r);
  const series = r.mul(r2.mul(r2.mul(r2.mul(-1 / 1680).add(1 / 1260)).add(-1 / 360)).add(1 / 12));
  return z.sub(0.5).mul(z.log()).sub(z).add(0.5 * Math.log(2 * Math.PI)).add(series);
}
function lgammaForward(x: Tensor): Tensor {
  const reflect = x.lt(0.5);
  const y = where(reflect, x.neg().add(1), x); // y >= 0.5
  const small = y.lt(SHIFT);
  const ys = where(small, y, 1);
  let product = ys;
  for (let k = 1; k < SHIFT; k++) product = product.mul(ys.add(k));
  const lg = where(small, stirling(ys.add(SHIFT)).sub(product.log()), stirling(where(small, SHIFT, y)));
  // Γ(x)Γ(1-x) = π / sin(πx): infinite at the non-positive integers.
  const sinPi = x.sub(x.round()).mul(Math.PI).sin().abs();
  return where(reflect, sinPi.reciprocal().mul(Math.PI).log().sub(lg), lg);
}
function digammaForward(x: Tensor): Tensor {
  const reflect = x.lt(0.5);
  const y = where(reflect, x.neg().add(1), x);
  const small = y.lt(SHIFT);
  let z = where(small, y, SHIFT), sum = Tensor._full(x.shape, 0, x.dtype, x.device);
  for (let k = 0; k < SHIFT; k++) sum = sum.add(z.add(k).reciprocal());
  z = where(small, y.add(SHIFT), y);
  sum = where(small, sum, 0);
  const r = z.reciprocal(), r2 = r.mul(r);
  const series = r2.mul(r2.mul(r2.mul(r2.mul(r2.mul(-1 / 132).add(1 / 240)).add(-1 / 252)).add(1 / 120)).add(-1 / 12));
  const psi = z.log().sub(r.mul(0.5)).add(series).sub(sum);
  // ψ(1-x) - ψ(x) = π cot(πx); ψ(0) = -inf and NaN at the negative integers, as PyTorch's.
  const cot = x.sub(x.round()).mul(Math.PI).tan().reciprocal().mul(Math.PI);
  const reflected = where(x.eq(x.round()), where(x.eq(0), -Infinity, NaN), psi.sub(cot));
  return where(reflect, reflected, psi);
}
/** ψ'(x) as PyTorch's calc_trigamma computes it: reflection below 1/2, six recurrence steps, a short series. */
function trigammaForward(x: Tensor): Tensor {
  const reflect = x.lt(0.5);
  let y = where(reflect, x.neg().add(1), x);
  const sinPi = x.mul(Math.PI).sin();
  let result = where(reflect, sinPi.mul(sinPi).reciprocal().mul(-Math.PI * Math.PI), 0);
  for (let i = 0; i < 6; i++) {
    result = result.add(y.mul(y).reciprocal());
    y = y.add(1);
  }
  const ixx = y.mul(y).reciprocal();
  const series = ixx.mul(ixx.mul(ixx.mul(1 / 42).neg().add(1 / 30)).neg().add(1 / 6)).add(y.mul(2).reciprocal()).add(1).div(y);
  result = result.add(series);
  return where(reflect, result.neg(), result);
}
/** ψ^(n)(x) = (-1)^(n+1) n! ζ(n+1, x) for n >= 2, the Hurwitz zeta by shifting and Euler-Maclaurin. */
function polygammaForward(n: number, x: Tensor): Tensor {
  const s = n + 1;
  let zeta = Tensor._full(x.shape, 0, x.dtype, x.device);
  for (let k = 0; k < SHIFT; k++) zeta = zeta.add(x.add(k).pow(-s));
  const a = x.add(SHIFT);
  zeta = zeta.add(a.pow(1 - s).div(s - 1)).add(a.pow(-s).mul(0.5));
  // Σ B_2j / (2j)! · s (s+1) ... (s+2j-2) · a^(-s-2j+1)
  const bernoulli = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730];
  let rising = s, factorial = 2;
  for (let j = 1; j <= bernoulli.length; j++) {
    zeta = zeta.add(a.pow(-s - 2 * j + 1).mul((bernoulli[j - 1] / factorial) * rising));
    rising *= (s + 2 * j - 1) * (s + 2 * j);
    factorial *= (2 * j + 1) * (2 * j + 2);
  }
  let nFactorial = 1;
  for (let i = 2; i <= n; i++) nFactorial *= i;
  return zeta.mul((n % 2 === 1 ? 1 : -1) * nFactorial);
}

const LGAMMA: OpDef = { name: "lgamma", node: "LgammaBackward0", backward: (g: T, { self }) => [g.mul(digamma(self))] };
const DIGAMMA: OpDef = { name: "digamma", node: "DigammaBackward0", backward: (g: T, { self }) => [g.mul(polygamma(1, self))] };
const POLYGAMMA: OpDef = { name: "polygamma", node: "PolygammaBackward0", backward: (g: T, { n, self }) => [g.mul(polygamma(n + 1, self))] };

/** lgamma(x): ln |Γ(x)|, inf at the non-positive integers. */
export function lgamma(x: Tensor): Tensor {
  const xf = floatOf(x);
  return composite(LGAMMA, [x], () => inDouble(xf, lgammaForward), { self: x });
}
/** digamma(x): ψ(x) = d/dx ln Γ(x). */
export function digamma(x: Tensor): Tensor {
  const xf = floatOf(x);
  return composite(DIGAMMA, [x], () => inDouble(xf, digammaForward), { self: x });
}
/** polygamma(n, x): the n-th derivative of ψ (digamma for n = 0). */
export function polygamma(n: number, x: Tensor): Tensor {
  if (!Number.isInteger(n) || n < 0) throw new RuntimeError("polygamma(n, x) does not support negative n.");
  const xf = floatOf(x);
  const forward = n === 0 ? digammaForward : n === 1 ? trigammaForward : (v: Tensor) => polygammaForward(n, v);
  return composite(POLYGAMMA, [x], () => inDouble(xf, forward), { n, self: x });
}

/** x - (p-1)/2, ..., x - 1/2, x along a new last dim: mvlgamma's arguments. */
const mvlgammaArgs = (x: Tensor, p: number): Tensor => arange(-p * 0.5 + 0.5, 0.5, 0.5, { dtype: floatOf(x).dtype, device: x.device }).add(x.unsqueeze(-1));
const MVLGAMMA: OpDef = { name: "mvlgamma", node: "MvlgammaBackward0", backward: (g: T, { self, p }) => [g.mul(digamma(mvlgammaArgs(self, p)).sum(-1))] };
/** mvlgamma(x, p): the multivariate log-gamma, Σ_i lgamma(x - i/2) + p(p-1)/4 ln π. */
export function mvlgamma(x: Tensor, p: number): Tensor {
  if (!Number.isInteger(p) || p < 1) throw new RuntimeError("p has to be greater than or equal to 1");
  return composite(MVLGAMMA, [x], () => inDouble(mvlgammaArgs(x, p), lgammaForward).sum(-1).add((p * (p - 1) * Math.log(Math.PI)) / 4), { self: x, p });
}

// ---- scatter_reduce -----------------------------------------------------------------

const SCATTER_REDUCES = ["sum", "prod", "mean", "amax", "amin"] as const;
type ScatterReduce = (typeof SCATTER_REDUCES)[number];

/** The forward of scatter_reduce: sum and mean by scatter_add, prod, amax and amin on the host. */
function scatterReduceForward(x: Tensor, dim: number, index: Tensor, src: Tensor, reduce: ScatterReduce, includeSelf: boolean): Tensor {
  if (reduce === "sum" || reduce === "mean") {
    const base = includeSelf ? x : x.scatter(dim, index, 0);
    const sum = base.scatter_add(dim, index, src);
    if (reduce === "sum") return sum;
    const count = Tensor._full(x.shape, includeSelf ? 1 : 0, x.dtype, x.device).scatter_add(dim, index, Tensor._full(index.shape, 1, x.dtype, x.device));
    const n = count.masked_fill(count.eq(0), 1);
    return x.dtype.is_floating_point ? sum.div(n) : sum.div(n, { rounding_mode: "floor" });
  }
  const combine = reduce === "prod" ? (a: number, b: number) => a * b : reduce === "amax" ? (a: number, b: number) => (a >= b || Number.isNaN(a) ? a : b) : (a: number, b: number) => (a <= b || Number.isNaN(a) ? a : b);
  return combineAt(x, alongDimOffsets(x, dim, index, "scatter_reduce"), src, combine, includeSelf);
}

/**
 * A copy of x with src's values combined into it at the offsets (without includeSelf, the
 * first value at a position replaces x's), on the host, outside autograd.
 */
export function combineAt(x: Tensor, offsets: Offsets, src: Tensor, combine: (a: number, b: number) => number, includeSelf: boolean): Tensor {
  // Reading the values first: on a GPU this is where the host's reduction asks for `await t.cpu()`.
  const out = Float64Array.from(x.detach().contiguous()._contiguousData());
  const at = offsets as Int32Array;
  const values = src.detach().contiguous()._contiguousData();
  const seen = includeSelf ? null : new Uint8Array(out.length);
  for (let p = 0; p < at.length; p++) {
    const o = at[p];
    if (seen !== null && seen[o] === 0) {
      seen[o] = 1;
      out[o] = values[p];
    } else out[o] = combine(out[o], values[p]);
  }
  return Tensor._make(out, x.shape, float64).to(x.dtype);
}

const SCATTER_REDUCE: OpDef = {
  name: "scatter_reduce",
  node: "ScatterReduceBackward0",
  // derivatives.yaml's scatter_reduce_backward.
  backward: (g: T, { self, dim, index, src, reduce, includeSelf, result }, needs) => {
    let gradSelf: T, gradSrc: T;
    if (reduce === "sum") {
      gradSelf = g;
      gradSrc = g.gather(dim, index);
    } else if (reduce === "mean") {
      const N = Tensor._full(g.shape, includeSelf ? 1 : 0, g.dtype, g.device).scatter_add(dim, index, Tensor._full(src.shape, 1, g.dtype, g.device));
      const n = N.masked_fill(N.eq(0), 1);
      gradSelf = g.div(n);
      gradSrc = g.gather(dim, index).div(n.gather(dim, index));
    } else if (reduce === "prod") {
      // The products without each element, computed with zeros masked out (an element that is 0 gets the product of the rest).
      const maskedSelf = self.masked_fill(self.eq(0), 1);
      const maskedSelfResult = scatter_reduce(maskedSelf, dim, index, src, reduce, { include_self: includeSelf });
      gradSelf = g.mul(maskedSelfResult).div(maskedSelf);
      const srcZero = src.eq(0);
      const srcNumZeros = Tensor._full(self.shape, 0, self.dtype, self.device).scatter_add(dim, index, srcZero.to(self.dtype)).gather(dim, index);
      const srcSingleZero = srcZero.logical_and(srcNumZeros.eq(1));
      const maskedSrcResult = scatter_reduce(self, dim, index, src.masked_fill(srcSingleZero, 1), reduce, { include_self: includeSelf });
      gradSrc = where(srcSingleZero, g.mul(maskedSrcResult).gather(dim, index), g.mul(result).gather(dim, index).div(src.masked_fill(srcZero, 1)));
    } else {
      const value = result.gather(dim, index);
      const selfIsResult = self.eq(result).to(self.dtype), srcIsResult = src.eq(value).to(self.dtype);
      const distributed = g.div(selfIsResult.scatter_add(dim, index, srcIsResult));
      gradSelf = selfIsResult.mul(distributed);
      gradSrc = srcIsResult.mul(distributed.gather(dim, index));
    }
    if (!includeSelf) gradSelf = gradSelf.scatter(dim, index, 0);
    return [needs[0] ? gradSelf : null, needs[1] ? gradSrc : null];
  },
};

/**
 * scatter_reduce(input, dim, index, src, reduce, *, include_self=True): src's elements
 * reduced into input at index along dim ("sum", "prod", "mean", "amax", "amin"); without
 * include_self the scattered-to positions start from src alone.
 */
export function scatter_reduce(x: Tensor, dim: number, index: Tensor, src: Tensor, reduce: string, opts: { include_self?: boolean } = {}): Tensor {
  checkKeywords("scatter_reduce", opts, ["include_self"]);
  if (!(SCATTER_REDUCES as readonly string[]).includes(reduce)) throw new RuntimeError("reduce argument must be either sum, prod, mean, amax or amin.");
  const d = wrapDim(dim, Math.max(x.dim(), 1));
  const includeSelf = opts.include_self ?? true;
  // Only the leading index-shaped block of src is read (its gradient flows back through the narrow).
  let block = src;
  for (let k = 0; k < index.dim(); k++) if (src.shape[k] !== index.shape[k]) block = block.narrow(k, 0, index.shape[k]);
  const out = no_grad(() => scatterReduceForward(x, d, index, block, reduce as ScatterReduce, includeSelf));
  if (needsGrad(x, block)) record(SCATTER_REDUCE, [x, block], out, { self: x, dim: d, index, src: block, reduce, includeSelf, result: out });
  return out;
}

const INDEX_REDUCE: OpDef = { ...SCATTER_REDUCE, name: "index_reduce", node: "IndexReduceBackward0" };
/**
 * index_reduce(dim, index, source, reduce, *, include_self=True): source's slices along dim reduced
 * (prod, mean, amax, amin) into self's slices at index: scatter_reduce with the index spread over
 * the other dims, under PyTorch's own node.
 */
export function index_reduce(x: Tensor, dim: number, index: Tensor, source: Tensor, reduce: string, opts: { include_self?: boolean } = {}): Tensor {
  checkKeywords("index_reduce", opts, ["include_self"]);
  if (!["prod", "mean", "amax", "amin"].includes(reduce)) throw new RuntimeError(`index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got ${reduce}.`);
  if (index.dim() > 1) throw new IndexError(`index_reduce_(): Index is supposed to be a vector, but got dim: ${index.dim()} with type: ${index.dtype.scalarName} and size: [${index.shape.join(", ")}]`);
  const d = wrapDim(dim, Math.max(x.dim(), 1));
  const spread = index.reshape(source.shape.map((n, k) => (k === d ? n : 1))).expand(source.shape as number[]);
  const includeSelf = opts.include_self ?? true;
  const out = no_grad(() => scatterReduceForward(x, d, spread, source, reduce as ScatterReduce, includeSelf));
  if (needsGrad(x, source)) record(INDEX_REDUCE, [x, source], out, { self: x, dim: d, index: spread, src: source, reduce, includeSelf, result: out });
  return out;
}

const MASKED_SCATTER: OpDef = {
  name: "masked_scatter",
  node: "MaskedScatterBackward0",
  // derivatives.yaml: self gets g where the mask is off; source its first mask.sum() elements, g at the mask in order, then zeros.
  backward: (g: T, { mask, sourceShape, count }, needs) => {
    let gradSource: T | null = null;
    if (needs[1]) {
      const taken = g.masked_select(mask);
      const total = sourceShape.reduce((a: number, b: number) => a * b, 1);
      gradSource = (total > count ? cat([taken, Tensor._full([total - count], 0, g.dtype, g.device)], 0) : taken).reshape(sourceShape);
    }
    return [needs[0] ? g.masked_fill(mask, 0) : null, gradSource];
  },
};
/** masked_scatter(input, mask, source): input with the positions where mask (broadcast) holds taken from source's elements in order. */
export function masked_scatter(x: Tensor, mask: Tensor, source: Tensor): Tensor {
  if (x.dtype !== source.dtype) throw new RuntimeError(`masked_scatter: expected self and source to have same dtypes but got${x.dtype.scalarName} and ${source.dtype.scalarName}`);
  const m = (mask.dtype === bool ? mask : mask.ne(0)).expand(x.shape);
  const count = m.sum().item() as number;
  if (source.numel() < count) throw new RuntimeError("Number of elements of source < number of ones in mask");
  const out = no_grad(() => x.clone().index_put_([m], source.reshape(-1).narrow(0, 0, count)));
  if (needsGrad(x, source)) record(MASKED_SCATTER, [x, source], out, { mask: m, sourceShape: source.shape, count });
  return out;
}

// lerp.Scalar and lerp.Tensor: derivatives.yaml's gradients, one node each.
const LERP_SCALAR: OpDef = { name: "lerp", node: "LerpBackward0", backward: (g: T, { weight }, needs) => [needs[0] ? g.mul(1 - weight) : null, needs[1] ? g.mul(weight) : null] };
const LERP_TENSOR: OpDef = {
  name: "lerp",
  node: "LerpBackward1",
  backward: (g: T, { self, end, weight }, needs) => [needs[0] ? g.mul(weight.neg().add(1)) : null, needs[1] ? g.mul(weight) : null, needs[2] ? g.mul(end.sub(self)) : null],
};
/**
 * lerp(input, end, weight): input + weight (end - input) for |weight| < 1/2, else
 * end - (end - input)(1 - weight), PyTorch's formula (exact at both ends).
 */
export function lerp(x: Tensor, end: Tensor, weight: Tensor | number): Tensor {
  checkTensors("lerp", x, end);
  if (x.dtype !== end.dtype) throw new RuntimeError(`expected dtype ${x.dtype.scalarName.toLowerCase()} for \`end\` but got dtype ${end.dtype.scalarName.toLowerCase()}`);
  const forward = () => {
    const diff = end.sub(x);
    if (typeof weight === "number") return Math.abs(weight) < 0.5 ? x.add(diff.mul(weight)) : end.sub(diff.mul(1 - weight));
    return where(weight.abs().lt(0.5), x.add(diff.mul(weight)), end.sub(diff.mul(weight.neg().add(1))));
  };
  if (typeof weight === "number") return composite(LERP_SCALAR, [x, end], forward, { weight });
  return composite(LERP_TENSOR, [x, end, weight], forward, { self: x, end, weight });
}
