// Number-theoretic and floating-point helpers and distances: gcd, lcm (integers, on the
// host), logaddexp2, frexp, nextafter, renorm, cdist, dist, pdist, histogram.
import { bindArgs } from "../args.js";
import { no_grad } from "../autograd/grad_mode.js";
import { bool, float32, float64, int32, int64, resultType, type DType } from "../dtype.js";
import { RuntimeError, ValueError } from "../errors.js";
import { broadcastShapes } from "../shape.js";
import { Tensor } from "../tensor.js";
import { linspace, ones_like, tensor, zeros } from "./creation.js";
import { checkTensors, where } from "./elementwise.js";
import { cat } from "./shape.js";
import { composite, needsGrad, notImplemented, record, undifferentiable, type OpDef } from "./registry.js";

type T = Tensor;

const NEXTAFTER = undifferentiable("nextafter", "NextafterBackward0");

/** Two tensors' values broadcast, read on the host (the integer ops count there). */
function hostPair(a: Tensor, b: Tensor): { shape: number[]; av: ArrayLike<number>; bv: ArrayLike<number> } {
  const shape = broadcastShapes(a.shape, b.shape);
  return { shape, av: a.expand(shape).contiguous()._contiguousData(), bv: b.expand(shape).contiguous()._contiguousData() };
}
function integerOp(fn: string, a: Tensor, b: Tensor, f: (x: number, y: number) => number): Tensor {
  const dtype = resultType([a, b]);
  if (dtype.is_floating_point || dtype === bool) throw new RuntimeError(`"${fn}_cpu" not implemented for '${dtype.scalarName}'`);
  const { shape, av, bv } = hostPair(a, b);
  const out = new Float64Array(av.length);
  for (let i = 0; i < av.length; i++) out[i] = f(av[i], bv[i]);
  return Tensor._make(out, shape, float64).to(dtype).to(a.device);
}
function gcdOf(x: number, y: number): number {
  [x, y] = [Math.abs(x), Math.abs(y)];
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}
/** gcd(a, b): the greatest common divisor, elementwise, nonnegative (integers). */
export const gcd = (a: Tensor, b: Tensor): Tensor => integerOp("gcd", a, b, gcdOf);
/** lcm(a, b): the least common multiple, elementwise, nonnegative (0 where either is 0). */
export const lcm = (a: Tensor, b: Tensor): Tensor => integerOp("lcm", a, b, (x, y) => {
  const g = gcdOf(x, y);
  return g === 0 ? 0 : Math.abs((x / g) * y);
});

const LOGADDEXP2: OpDef = {
  name: "logaddexp2",
  node: "Logaddexp2Backward0",
  backward: (g: T, { self, other }) => [g.div(other.sub(self).exp2().add(1)), g.div(self.sub(other).exp2().add(1))],
};
/** logaddexp2(a, b): log2(2^a + 2^b) without overflow (equal infinities give themselves). */
export function logaddexp2(a: Tensor, b: Tensor): Tensor {
  return composite(LOGADDEXP2, [a, b], () => {
    const d = resultType([a, b]);
    const [x, y] = d.is_floating_point ? [a.to(d), b.to(d)] : [a.float(), b.float()];
    const sum = x.maximum(y).add(x.sub(y).abs().neg().exp2().log1p().div(Math.LN2));
    return where(x.eq(y).logical_and(x.isinf()), x, sum);
  }, { self: a, other: b });
}

const FREXP: OpDef = { name: "frexp", node: "FrexpBackward0", multiOutput: true, backward: ([gm]: T[], { exponent }) => [gm.div(exponent.to(gm.dtype).exp2())] };
/** frexp(x): [mantissa, exponent] with x = mantissa 2^exponent, |mantissa| in [0.5, 1) (int32 exponents). */
export function frexp(x: Tensor): [Tensor, Tensor] & { mantissa: Tensor; exponent: Tensor } {
  if (!x.dtype.is_floating_point) throw new RuntimeError("torch.frexp() only supports floating-point dtypes");
  const v = x.detach().contiguous()._contiguousData();
  const m = new Float64Array(v.length), e = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const value = v[i];
    if (value === 0 || !Number.isFinite(value)) {
      [m[i], e[i]] = [value, 0];
      continue;
    }
    let exp = Math.floor(Math.log2(Math.abs(value))) + 1;
    let mant = value / 2 ** exp;
    // log2 can land one off near powers of two.
    if (Math.abs(mant) >= 1) [mant, exp] = [mant / 2, exp + 1];
    else if (Math.abs(mant) < 0.5) [mant, exp] = [mant * 2, exp - 1];
    [m[i], e[i]] = [mant, exp];
  }
  const mantissa = Tensor._make(m, x.shape, float64).to(x.dtype).to(x.device);
  const exponent = Tensor._make(e, x.shape, float64).to(int32).to(x.device);
  if (needsGrad(x)) record(FREXP, [x], [mantissa, exponent], { exponent }, 1);
  return Object.assign([mantissa, exponent] as [Tensor, Tensor], { mantissa, exponent });
}

/** The next representable value of `dtype` after x toward y. */
function nextToward(x: number, y: number, dtype: DType): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === y) return y;
  const f32 = dtype === float32;
  if (x === 0) return (y > 0 ? 1 : -1) * (f32 ? 1.401298464324817e-45 : 5e-324);
  const buf = new DataView(new ArrayBuffer(8));
  const up = (y > x) === (x > 0);
  if (f32) {
    buf.setFloat32(0, x);
    buf.setInt32(0, buf.getInt32(0) + (up ? 1 : -1));
    return buf.getFloat32(0);
  }
  buf.setFloat64(0, x);
  buf.setBigInt64(0, buf.getBigInt64(0) + (up ? 1n : -1n));
  return buf.getFloat64(0);
}
/** nextafter(a, b): the next floating-point value after a toward b (no gradient in PyTorch). */
export function nextafter(a: Tensor, b: Tensor): Tensor {
  const dtype = resultType([a, b]);
  if (!dtype.is_floating_point) throw new RuntimeError(`"nextafter_cpu" not implemented for '${dtype.scalarName}'`);
  const { shape, av, bv } = hostPair(a.to(dtype), b.to(dtype));
  const out = new Float64Array(av.length);
  for (let i = 0; i < av.length; i++) out[i] = nextToward(av[i], bv[i], dtype);
  const result = Tensor._make(out, shape, float64).to(dtype).to(a.device);
  if (needsGrad(a, b)) record(NEXTAFTER, [a, b], result);
  return result;
}

const RENORM: OpDef = {
  name: "renorm",
  node: "RenormBackward0",
  // FunctionsManual's renorm_backward: the scale's own derivative through the norm included.
  backward: (g: T, { self, p, dims, maxnorm }) => {
    const norm = self.norm(p, dims, true);
    const gOut = self.mul(g).sum(dims, true);
    const nb = p === 2 ? gOut.mul(self).div(norm) : gOut.mul(self.sign().mul(self.abs().pow(p - 1))).div(norm.pow(p - 1));
    const invnorm = norm.add(1e-7).reciprocal();
    return [where(norm.gt(maxnorm), invnorm.mul(maxnorm).mul(g.sub(invnorm.mul(nb))), g)];
  },
};
/** renorm(input, p, dim, maxnorm): each slice along dim with p-norm above maxnorm scaled to maxnorm (by maxnorm / (norm + 1e-7)). */
export function renorm(x: Tensor, p: number, dim: number, maxnorm: number): Tensor {
  if (!(p > 0)) throw new RuntimeError(`renorm: non-positive-norm not supported`);
  if (maxnorm < 0) throw new RuntimeError(`renorm: expected maxnorm to be >= 0 but got ${maxnorm}`);
  const d = dim < 0 ? dim + x.dim() : dim;
  const dims = [...Array(x.dim()).keys()].filter((k) => k !== d);
  return composite(RENORM, [x], () => {
    const norm = x.norm(p, dims, true);
    return x.mul(where(norm.gt(maxnorm), norm.add(1e-7).reciprocal().mul(maxnorm), 1).to(x.dtype));
  }, { self: x, p, dims, maxnorm });
}

/** The p-norm's gradient through differences d (rows), scaled per row by g / norm^(p-1); zero rows give zero. */
function normGrad(diff: T, norm: T, g: T, p: number): T {
  const safe = where(norm.eq(0), 1, norm);
  const scale = where(norm.eq(0), 0, g.div(p === 2 ? safe : safe.pow(p - 1)));
  return p === 2 ? diff.mul(scale) : diff.sign().mul(diff.abs().pow(p - 1)).mul(scale);
}

const CDIST: OpDef = {
  name: "cdist",
  node: "CdistBackward0",
  // d/dx1 of ||x1_i - x2_j||_p: diff |diff|^(p-2) / d^(p-1) (sign(diff) at p = 1; the largest |diff| at p = inf); 0 where d is 0.
  backward: (g: T, { x1, x2, p, result }) => {
    const diff = x1.unsqueeze(-2).sub(x2.unsqueeze(-3));
    const d = result.unsqueeze(-1);
    let grad: T;
    if (p === 0) grad = diff.mul(0);
    else if (p === 1) grad = diff.sign();
    else if (p === Infinity) grad = where(diff.abs().eq(d), diff.sign(), 0);
    else if (p === 2) grad = diff.div(d);
    else grad = diff.mul(diff.abs().pow(p - 2)).div(d.pow(p - 1));
    const each = where(d.eq(0), 0, grad.mul(g.unsqueeze(-1)));
    return [each.sum(-2), each.sum(-3).neg()];
  },
};
const EUCLIDEAN_DIST: OpDef = {
  name: "_euclidean_dist",
  node: "EuclideanDistBackward0",
  // _euclidean_dist_backward: 0 where the distance is 0 (a subgradient).
  backward: (g: T, { x1, x2, result }) => {
    const ratio = where(result.eq(0), 0, g.div(result));
    return [x1.mul(ratio.sum(-1, true)).sub(ratio.matmul(x2)), x2.mul(ratio.sum(-2).unsqueeze(-1)).sub(ratio.mT.matmul(x1))];
  },
};

/** PyTorch's _euclidean_dist: ||a||^2 - 2 a.b + ||b||^2 as one matrix product of padded operands, clamped at 0. */
function euclideanDist(x1: Tensor, x2: Tensor): Tensor {
  const out = no_grad(() => {
    const n1 = x1.pow(2).sum(-1, true), n2 = x2.pow(2).sum(-1, true);
    const a = cat([x1.mul(-2), n1, ones_like(n1)], -1), b = cat([x2, ones_like(n2), n2], -1);
    return a.matmul(b.mT).clamp_min(0).sqrt();
  });
  if (needsGrad(x1, x2)) record(EUCLIDEAN_DIST, [x1, x2], out, { x1, x2, result: out });
  return out;
}

const COMPUTE_MODES = ["use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist", "donot_use_mm_for_euclid_dist"];

/**
 * cdist(x1, x2, p=2, compute_mode="use_mm_for_euclid_dist_if_necessary"): the p-norm distance
 * between each row of x1 [.., P, M] and each of x2 [.., R, M]: [.., P, R]. For p = 2 a matrix
 * product computes it (PyTorch's _euclidean_dist) with use_mm_for_euclid_dist, or by default
 * when P or R exceeds 25.
 */
export function cdist(x1: Tensor, x2: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("cdist", args, ["p", "compute_mode"]);
  const p = (o.p as number | undefined) ?? 2;
  const mode = o.compute_mode === undefined ? COMPUTE_MODES[0] : o.compute_mode;
  if (!COMPUTE_MODES.includes(mode as string)) throw new ValueError(`${mode === null ? "None" : String(mode)} is not a valid value for compute_mode`);
  checkTensors("cdist", x1, x2);
  if (x1.dim() < 2) throw new RuntimeError(`cdist only supports at least 2D tensors, X1 got: ${x1.dim()}D`);
  if (x2.dim() < 2) throw new RuntimeError(`cdist only supports at least 2D tensors, X2 got: ${x2.dim()}D`);
  if (x1.shape[x1.dim() - 1] !== x2.shape[x2.dim() - 1]) throw new RuntimeError(`X1 and X2 must have the same number of columns. X1: ${x1.shape[x1.dim() - 1]} X2: ${x2.shape[x2.dim() - 1]}`);
  if (!x1.dtype.is_floating_point || !x2.dtype.is_floating_point) throw new RuntimeError(`cdist only supports floating-point dtypes, X1 got: ${x1.dtype.scalarName}`);
  if (!(p >= 0)) throw new RuntimeError(`cdist only supports non-negative p values`);
  const r1 = x1.shape[x1.dim() - 2], r2 = x2.shape[x2.dim() - 2];
  const mm = mode === COMPUTE_MODES[1] || (mode === COMPUTE_MODES[0] && (r1 > 25 || r2 > 25));
  if (p === 2 && mm && x1.numel() > 0 && x2.numel() > 0) {
    const batch = broadcastShapes(x1.shape.slice(0, -2), x2.shape.slice(0, -2));
    const flat = (x: Tensor) => (batch.length === 0 ? x : x.expand([...batch, ...x.shape.slice(-2)]).reshape(-1, ...x.shape.slice(-2)));
    return euclideanDist(flat(x1), flat(x2)).view([...batch, r1, r2]);
  }
  const out = no_grad(() => {
    const diff = x1.unsqueeze(-2).sub(x2.unsqueeze(-3)).abs();
    if (p === 0) return diff.ne(0).sum(-1).to(diff.dtype);
    if (p === Infinity) return diff.amax(-1);
    if (p === 1) return diff.sum(-1);
    return diff.pow(p).sum(-1).pow(1 / p);
  });
  if (needsGrad(x1, x2)) record(CDIST, [x1, x2], out, { x1, x2, p, result: out });
  return out;
}

const DIST: OpDef = {
  name: "dist",
  node: "DistBackward0",
  backward: (g: T, { diff, result, p }, needs) => {
    let gd: T;
    if (p === 0) gd = diff.mul(0);
    else if (p === Infinity) {
      // The maxima share the gradient (norm_backward's amax derivative, NaNs counted as maxima).
      const mask = diff.abs().eq(result).logical_or(diff.isnan()).to(diff.dtype);
      gd = diff.sign().mul(mask).mul(g.div(mask.sum()));
    } else gd = normGrad(diff, result, g, p);
    return [needs[0] ? gd : null, needs[1] ? gd.neg() : null];
  },
};
/** dist(a, b, p=2): the p-norm of a - b (broadcast); one node, DistBackward0 (norm_backward's cases for inf and 0). */
export function dist(a: Tensor, b: Tensor, p = 2): Tensor {
  const diff = no_grad(() => a.sub(b));
  const out = no_grad(() => diff.norm(p));
  if (needsGrad(a, b)) record(DIST, [a, b], out, { diff, result: out, p });
  return out;
}

const PDIST: OpDef = {
  name: "_pdist_forward",
  node: "PdistBackward0",
  backward: (g: T, { x, rows, cols, diff, result, p }) => {
    const w = normGrad(diff, result.unsqueeze(-1), g.unsqueeze(-1), p);
    return [zeros(x.shape, { dtype: x.dtype, device: x.device }).index_add(0, rows, w).index_add(0, cols, w.neg())];
  },
};
/** pdist(input, p=2): the p-norm distances between every pair of rows i < j, in that order (N (N - 1) / 2 of them). */
export function pdist(x: Tensor, p = 2): Tensor {
  if (x.dim() !== 2) throw new RuntimeError(`pdist only supports 2D tensors, got: ${x.dim()}D`);
  if (p < 0) throw new RuntimeError("pdist only supports non-negative p values");
  const n = x.shape[0];
  const i: number[] = [], j: number[] = [];
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      i.push(a);
      j.push(b);
    }
  }
  const rows = tensor(i, { dtype: int64, device: x.device }), cols = tensor(j, { dtype: int64, device: x.device });
  const diff = no_grad(() => x.index_select(0, rows).sub(x.index_select(0, cols)));
  const out = no_grad(() => diff.norm(p, -1));
  if (needsGrad(x) && p >= 1 && Number.isFinite(p)) record(PDIST, [x], out, { x, rows, cols, diff, result: out, p });
  return out;
}

/**
 * histogram(input, bins, *, range=None, weight=None, density=False): [hist, bin_edges] — bins
 * equal-width bins over range (input's min..max by default) or given edges, the last bin
 * closed; weighted and normalized to a density when asked (on the host).
 */
export function histogram(input: Tensor, bins: number | Tensor = 100, ...args: unknown[]): [Tensor, Tensor] & { hist: Tensor; bin_edges: Tensor } {
  const o = bindArgs("histogram", args, [], ["range", "weight", "density"]);
  if (!input.dtype.is_floating_point) throw new RuntimeError(`"histogramdd" not implemented for '${input.dtype.scalarName}'`);
  const v = input.detach().contiguous()._contiguousData();
  let edges: number[];
  if (bins instanceof Tensor) edges = bins.tolist() as number[];
  else {
    if (!(bins > 0)) throw new RuntimeError(`torch.histogram(): bins must be > 0, but got ${bins} for dimension 0`);
    let [lo, hi] = (o.range as [number, number] | null | undefined) ?? [Infinity, -Infinity];
    if (o.range === undefined || o.range === null) for (let k = 0; k < v.length; k++) [lo, hi] = [Math.min(lo, v[k]), Math.max(hi, v[k])];
    if (v.length === 0 && (o.range === undefined || o.range === null)) [lo, hi] = [0, 0];
    if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
    edges = linspace(lo, hi, bins + 1, { dtype: input.dtype }).tolist() as number[];
  }
  const nb = edges.length - 1;
  const w = o.weight instanceof Tensor ? (o.weight as Tensor).contiguous()._contiguousData() : null;
  const counts = new Array<number>(nb).fill(0);
  for (let k = 0; k < v.length; k++) {
    const x = v[k];
    if (!(x >= edges[0] && x <= edges[nb])) continue;
    // The bin by bisection on the edges (the last bin includes its right edge).
    let lo = 0, hi = nb;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (x >= edges[mid]) lo = mid;
      else hi = mid;
    }
    counts[lo] += w ? w[k] : 1;
  }
  let hist = tensor(counts, { dtype: input.dtype, device: input.device });
  const binEdges = tensor(edges, { dtype: input.dtype, device: input.device });
  if (o.density) {
    const widths = binEdges.narrow(0, 1, nb).sub(binEdges.narrow(0, 0, nb));
    hist = hist.div(hist.sum().mul(widths));
  }
  if (needsGrad(input)) record(notImplemented("histogram"), [input], [hist, binEdges]);
  return Object.assign([hist, binEdges] as [Tensor, Tensor], { hist, bin_edges: binEdges });
}
