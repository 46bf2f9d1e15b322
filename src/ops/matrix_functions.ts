// More of torch.linalg over the factorizations: matrix_exp, multi_dot, lstsq,
// vecdot, cholesky_solve, cholesky_inverse, inv_ex, solve_ex, tensorinv, tensorsolve,
// vander, diagonal; each with PyTorch's node and gradient where it has its own.
import { bindArgs, checkKind, isOptions } from "../args.js";
import { no_grad } from "../autograd/grad_mode.js";
import { finfo, float32, float64 } from "../dtype.js";
import { RuntimeError } from "../errors.js";
import { numelOf } from "../shape.js";
import { Tensor } from "../tensor.js";
import { eye, zeros } from "./creation.js";
import { pinv, pinvBackward, pinvOfSvd, svdOf } from "./decomp.js";
import { vdot } from "./math.js";
import { needsGrad, record, type OpDef } from "./registry.js";
import { cat } from "./shape.js";
import { checkInfo, infoOf, invWithInfo, singularInfo, singularText, solve, solveChecked, solve_triangular } from "./solve.js";
import { where } from "./elementwise.js";

type T = Tensor;
const mH = (t: T): T => t.transpose(-2, -1);

function checkSquare(fn: string, a: Tensor): number {
  if (a.dim() < 2) throw new RuntimeError(`${fn}: The input tensor A must have at least 2 dimensions.`);
  const [m, n] = a.shape.slice(-2);
  if (m !== n) throw new RuntimeError(`${fn}: A must be batches of square matrices, but they are ${m} by ${n} matrices`);
  return n;
}

// ---- matrix_exp -------------------------------------------------------------------

/**
 * exp(A) by scaling and squaring: A / 2^s with its largest 1-norm at most 1/2, an
 * 18-term Taylor series (its remainder below 2^-53 there), then s squarings; on the CPU
 * float32 is computed in double. (PyTorch picks the degree by the norm; the values agree
 * to rounding.)
 */
function matrixExpForward(a: T): T {
  const work = a.dtype === float32 && a.is_cpu ? a.to(float64) : a;
  const n = work.shape[work.dim() - 1];
  // The largest finite norm: an infinite matrix's series is NaN at any scale (an infinite s would never end).
  const norms = work.abs().sum(-2).amax(-1);
  const norm = n === 0 || work.numel() === 0 ? 0 : (where(norms.isfinite(), norms, 0).amax().item() as number);
  const s = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0;
  const x = work.div(2 ** s);
  const identity = eye(n, { dtype: work.dtype, device: work.device }).expand(work.shape as number[]);
  let term = identity, sum = identity;
  for (let k = 1; k <= 18; k++) {
    term = term.matmul(x).div(k);
    sum = sum.add(term);
  }
  for (let i = 0; i < s; i++) sum = sum.matmul(sum);
  return sum.to(a.dtype);
}
const MATRIX_EXP: OpDef = {
  name: "linalg_matrix_exp",
  node: "LinalgMatrixExpBackward0",
  // The Fréchet derivative's adjoint: the top-right block of exp([[A^H, G], [0, A^H]]).
  backward: (g: T, { self }) => {
    const n = self.shape[self.dim() - 1];
    const aH = mH(self);
    const top = cat([aH, g], -1), bottom = cat([zeros(aH.shape, { dtype: aH.dtype, device: aH.device }), aH], -1);
    return [matrix_exp(cat([top, bottom], -2)).narrow(-2, 0, n).narrow(-1, n, n)];
  },
};
/** linalg.matrix_exp(A) (torch.matrix_exp): the matrix exponential of each square matrix. */
export function matrix_exp(a: Tensor): Tensor {
  checkSquare("linalg.matrix_exp", a);
  const out = no_grad(() => matrixExpForward(a));
  if (needsGrad(a)) record(MATRIX_EXP, [a], out, { self: a });
  return out;
}

// ---- multi_dot --------------------------------------------------------------------

/** linalg.multi_dot(tensors): the product of the chain in the cheapest order (a 1-d first or last is a row or column vector). */
export function multi_dot(tensors: readonly Tensor[]): Tensor {
  const n = tensors.length;
  if (n < 2) throw new RuntimeError(`multi_dot(): expected at least 2 tensors but got ${n}`);
  const first = tensors[0], last = tensors[n - 1];
  if (first.dim() !== 1 && first.dim() !== 2) throw new RuntimeError(`multi_dot(): the first tensor must be 1D or 2D but got ${first.dim()}D`);
  if (last.dim() !== 1 && last.dim() !== 2) throw new RuntimeError(`multi_dot(): the last tensor must be 1D or 2D but got ${last.dim()}D`);
  for (let i = 1; i < n - 1; i++) if (tensors[i].dim() !== 2) throw new RuntimeError(`multi_dot(): tensor ${i} must be 2D but got ${tensors[i].dim()}D`);
  const mats = tensors.map((t, i) => (i === 0 && t.dim() === 1 ? t.unsqueeze(0) : i === n - 1 && t.dim() === 1 ? t.unsqueeze(-1) : t));
  for (let i = 0; i + 1 < n; i++) {
    if (mats[i].shape[1] !== mats[i + 1].shape[0]) throw new RuntimeError(`multi_dot(): tensors ${i} and ${i + 1} with shapes [${tensors[i].shape.join(", ")}] and [${tensors[i + 1].shape.join(", ")}] cannot be multiplied`);
  }
  const dims = [mats[0].shape[0], ...mats.map((m) => m.shape[1])];
  // The classic chain order: cost[i][j] the fewest multiply-adds for mats i..j, split[i][j] where.
  const cost = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const split = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let len = 1; len < n; len++) {
    for (let i = 0; i + len < n; i++) {
      const j = i + len;
      cost[i][j] = Infinity;
      for (let k = i; k < j; k++) {
        const c = cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1];
        if (c < cost[i][j]) [cost[i][j], split[i][j]] = [c, k];
      }
    }
  }
  const product = (i: number, j: number): Tensor => (i === j ? mats[i] : product(i, split[i][j]).mm(product(split[i][j] + 1, j)));
  const out = n === 2 ? mats[0].mm(mats[1]) : product(0, n - 1);
  // PyTorch views the product to the output's shape in every case.
  const shape = [...(first.dim() === 2 ? [first.shape[0]] : []), ...(last.dim() === 2 ? [last.shape[1]] : [])];
  return out.view(shape);
}
/** torch.chain_matmul(*matrices) (deprecated in PyTorch): multi_dot of matrices. */
export const chain_matmul = (...matrices: Tensor[]): Tensor => (matrices.length === 1 ? matrices[0] : multi_dot(matrices));

// ---- vecdot -----------------------------------------------------------------

/** linalg.vecdot(x, y, dim=-1): Σ x y along dim (vdot for two vectors, as PyTorch). */
export function vecdot(x: Tensor, y: Tensor, ...args: unknown[]): Tensor {
  const dim = (bindArgs("linalg_vecdot", args, [], ["dim"]).dim as number | undefined) ?? -1;
  if (!x.dtype.is_floating_point) throw new RuntimeError(`linalg.vecdot: Expected a floating point or complex tensor as input. Got ${x.dtype.scalarName}`);
  if (x.dtype !== y.dtype) throw new RuntimeError(`linalg.vecdot: Expected x and y to have the same dtype, but found x of type ${x.dtype.scalarName} and y of type ${y.dtype.scalarName} instead`);
  if (x.dim() === 1 && y.dim() === 1) return vdot(x, y);
  return x.mul(y).sum(dim);
}

// ---- lstsq ------------------------------------------------------------------------

const LSTSQ: OpDef = {
  name: "linalg_lstsq",
  node: "LinalgLstsqBackward0",
  multiOutput: true,
  undefinedGrads: true,
  // FunctionsManual's linalg_lstsq_backward: through the pseudo-inverse.
  backward: ([gX]: (T | null)[], { a, b, vector }, needs) => {
    if (gX === null) return [null, null];
    const gm = vector ? gX.unsqueeze(-1) : gX, bm = vector ? b.unsqueeze(-1) : b;
    const pinvA = pinv(a);
    return [needs[0] ? pinvBackward(gm.matmul(mH(bm)), pinvA, a) : null, needs[1] ? (vector ? mH(pinvA).matmul(gm).squeeze(-1) : mH(pinvA).matmul(gm)) : null];
  },
};
/**
 * linalg.lstsq(A, B, rcond=None, *, driver=None): { solution, residuals, rank, singular_values }
 * minimizing |AX - B|; as PyTorch's default CPU driver (gelsy), residuals and singular_values
 * are empty and rank is given ('gelsd' and 'gelss' give them: computed here from the SVD).
 */
export function lstsq(a: Tensor, b: Tensor, ...args: unknown[]): [Tensor, Tensor, Tensor, Tensor] & { solution: Tensor; residuals: Tensor; rank: Tensor; singular_values: Tensor } {
  const o = bindArgs("linalg_lstsq", args, ["rcond"], ["driver"]);
  const driver = (o.driver as string | null | undefined) ?? "gelsy";
  if (!["gelsy", "gelsd", "gelss", "gels"].includes(driver)) throw new RuntimeError(`torch.linalg.lstsq: parameter \`driver\` should be one of (gels, gelsy, gelsd, gelss)`);
  if (a.dim() < 2) throw new RuntimeError("torch.linalg.lstsq: input must have at least 2 dimensions.");
  if (a.dtype !== b.dtype) throw new RuntimeError(`torch.linalg.lstsq: Expected input and other to have the same dtype, but got input's dtype ${a.dtype.scalarName} and other's dtype ${b.dtype.scalarName}`);
  const vector = b.dim() === a.dim() - 1;
  const [m, n] = a.shape.slice(-2);
  const bm = vector ? b.unsqueeze(-1) : b;
  if (bm.shape[bm.dim() - 2] !== m) throw new RuntimeError(`torch.linalg.lstsq: input.size(-2) should match other.size(-2)`);
  const rcond = (o.rcond as number | null | undefined) ?? null;
  const [solution, rank, singular, residuals] = no_grad(() => {
    // One SVD for the rank, the singular values and the solution (the pseudo-inverse's).
    // gelsy (QR) does not fail on a NaN: its solution is NaN.
    const svd = svdOf("linalg.lstsq", a, false, true, false);
    const s = svd.S;
    const tol = s.narrow(-1, 0, 1).mul(rcond ?? Math.max(m, n) * finfo(a.dtype).eps);
    const r = s.gt(tol).sum(-1);
    const x = pinvOfSvd(a, svd, undefined, rcond ?? undefined).matmul(bm);
    const full = (r.min().item() as number) === Math.min(m, n);
    const res = driver !== "gelsy" && m > n && full ? a.matmul(x).sub(bm).pow(2).sum(-2) : zeros([0], { dtype: a.dtype, device: a.device });
    return [vector ? x.squeeze(-1) : x, r, s, vector && res.numel() > 0 ? res.squeeze(-1) : res];
  });
  const rankOut = driver === "gels" ? zeros([0], { dtype: rank.dtype }) : rank;
  const singularOut = driver === "gelsd" || driver === "gelss" ? singular : zeros([0], { dtype: a.dtype, device: a.device });
  if (needsGrad(a, b)) record(LSTSQ, [a, b], [solution, residuals], { a, b, vector }, 1);
  return Object.assign([solution, residuals, rankOut, singularOut] as [Tensor, Tensor, Tensor, Tensor], { solution, residuals, rank: rankOut, singular_values: singularOut });
}

// ---- Cholesky systems ---------------------------------------------------------------

const CHOLESKY_SOLVE: OpDef = {
  name: "cholesky_solve",
  node: "CholeskySolveBackward0",
  backward: (g: T, { L, result, upper }, needs) => {
    const gSelf = cholesky_solve(g, L, upper);
    let common = gSelf.matmul(mH(result));
    common = common.add(mH(common));
    return [gSelf, needs[1] ? (upper ? L.matmul(common).neg() : common.matmul(L).neg()) : null];
  },
};
/** cholesky_solve(B, L, upper=False): X with A X = B for A = L L^H (U^H U with upper). */
export function cholesky_solve(b: Tensor, l: Tensor, upper = false): Tensor {
  if (b.dtype !== l.dtype) throw new RuntimeError(`Expected b and A to have the same dtype, but found b of type ${b.dtype.scalarName} and A of type ${l.dtype.scalarName} instead.`);
  const out = no_grad(() => {
    const y = solve_triangular(upper ? mH(l) : l, b, { upper: false });
    return solve_triangular(upper ? l : mH(l), y, { upper: true });
  });
  if (needsGrad(b, l)) record(CHOLESKY_SOLVE, [b, l], out, { L: l, result: out, upper });
  return out;
}
const CHOLESKY_INVERSE: OpDef = {
  name: "cholesky_inverse",
  node: "CholeskyInverseBackward0",
  backward: (g: T, { L, result, upper }) => {
    const common = result.matmul(g.add(mH(g)).matmul(result));
    return [upper ? L.matmul(common).neg() : common.matmul(L).neg()];
  },
};
/** cholesky_inverse(L, upper=False): (L L^H)^-1 from its Cholesky factor. */
export function cholesky_inverse(l: Tensor, upper = false): Tensor {
  const n = checkSquare("cholesky_inverse", l);
  // LAPACK's potri stops at a zero on the factor's diagonal.
  checkInfo("cholesky_inverse", infoOf(l.detach().diagonal(0, -2, -1)), singularText);
  const out = no_grad(() => cholesky_solve(eye(n, { dtype: l.dtype, device: l.device }).expand(l.shape as number[]), l, upper));
  if (needsGrad(l)) record(CHOLESKY_INVERSE, [l], out, { L: l, result: out, upper });
  return out;
}

// ---- the _ex forms, tensorinv, tensorsolve, vander, diagonal ----------------------------

/** linalg.inv_ex(A, *, check_errors=False): { inverse, info } (info nonzero where A is singular). */
export function inv_ex(a: Tensor, ...args: unknown[]): [Tensor, Tensor] & { inverse: Tensor; info: Tensor } {
  const o = bindArgs("linalg_inv_ex", args, [], ["check_errors"]);
  checkSquare("linalg.inv_ex", a);
  // check_errors: inv's LinAlgError; otherwise a singular matrix's inverse is its elimination's (inf/NaN).
  const { inverse, info } = invWithInfo(a, o.check_errors ? "linalg.inv_ex" : null);
  return Object.assign([inverse, info] as [Tensor, Tensor], { inverse, info });
}
/** linalg.solve_ex(A, B, *, left=True, check_errors=False): { result, info }. */
export function solve_ex(a: Tensor, b: Tensor, ...args: unknown[]): [Tensor, Tensor] & { result: Tensor; info: Tensor } {
  const o = bindArgs("linalg_solve_ex", args, [], ["left", "check_errors"]);
  checkSquare("linalg.solve_ex", a);
  const info = singularInfo(a);
  const result = solveChecked(a, b, (o.left as boolean | undefined) ?? true, o.check_errors ? "torch.linalg.solve_ex" : null);
  return Object.assign([result, info] as [Tensor, Tensor], { result, info });
}
/** linalg.tensorinv(A, ind=2): the inverse of A read as a prod(shape[:ind]) x prod(shape[ind:]) matrix, shaped shape[ind:] + shape[:ind]. */
export function tensorinv(a: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("linalg_tensorinv", args, ["ind"]);
  checkKind("linalg_tensorinv", "ind", isOptions(args[0]) ? -1 : 1, o.ind, "int");
  const ind = (o.ind as number | undefined) ?? 2;
  if (ind <= 0) throw new RuntimeError(`Expected a strictly positive integer for 'ind', but got ${ind}`);
  const outer = a.shape.slice(0, ind), inner = a.shape.slice(ind);
  const rows = numelOf(outer), cols = numelOf(inner);
  if (rows !== cols) throw new RuntimeError(`Expected self to satisfy the requirement prod(self.shape[ind:]) == prod(self.shape[:ind]), but got ${cols} != ${rows}`);
  // PyTorch's error for a singular one names "inv".
  return invWithInfo(a.reshape(rows, cols), "inv").inverse.reshape([...inner, ...outer]);
}
/** linalg.tensorsolve(A, B, dims=None): X with tensordot(A, X, X.dim()) = B. */
export function tensorsolve(a: Tensor, b: Tensor, ...args: unknown[]): Tensor {
  const dims = (bindArgs("linalg_tensorsolve", args, ["dims"]).dims as number[] | null | undefined) ?? null;
  let x = a;
  if (dims !== null) {
    const moved = dims.map((d) => (d < 0 ? d + a.dim() : d));
    const keep = [...Array(a.dim()).keys()].filter((d) => !moved.includes(d));
    x = a.permute([...keep, ...moved]);
  }
  const resultShape = x.shape.slice(b.dim());
  const rows = b.numel(), cols = numelOf(resultShape);
  if (rows !== cols) throw new RuntimeError(`Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == prod(self.shape[:other.ndim]), but got ${cols} != ${rows}`);
  return solve(x.reshape(rows, cols), b.reshape(rows)).reshape(resultShape);
}
/** linalg.vander(x, N=None): the powers x^0, x^1, ..., x^(N-1) along a new last dim (increasing, unlike torch.vander). */
export function linalgVander(x: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("linalg_vander", args, [], ["N"]);
  if (x.dim() < 1) throw new RuntimeError("linalg.vander: x must have at least one dimension.");
  const n = (o.N as number | null | undefined) ?? x.shape[x.dim() - 1];
  if (n <= 1) {
    if (n < 0) throw new RuntimeError("N must be greater than 1.");
    return x.unsqueeze(-1).pow(0).expand([...x.shape, Math.max(n, 0)]);
  }
  // PyTorch's: ones, then the cumulative product of x repeated.
  const ones = x.unsqueeze(-1).mul(0).add(1);
  const powers = x.unsqueeze(-1).expand([...x.shape, n - 1]).cumprod(-1);
  return cat([ones, powers], -1);
}
/** linalg.diagonal(A, *, offset=0, dim1=-2, dim2=-1). */
export function linalgDiagonal(a: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("linalg_diagonal", args, [], ["offset", "dim1", "dim2"]);
  return a.diagonal((o.offset as number | undefined) ?? 0, (o.dim1 as number | undefined) ?? -2, (o.dim2 as number | undefined) ?? -1);
}
