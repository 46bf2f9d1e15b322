// Square systems: inv, det, slogdet, solve, matrix_power. The forward is
// Gauss-Jordan elimination with partial pivoting (the largest remaining entry
// of each column, the first of equals, as LAPACK's getrf picks it), written in
// batched tensor ops, so it runs on the tensors' device; the nodes are
// PyTorch's (LinalgInvExBackward0, ...) with derivatives.yaml's gradients,
// which are themselves inv and solve, so double backward works.
import { bindArgs, checkKeywords } from "../args.js";
import { no_grad } from "../autograd/grad_mode.js";
import { int32, int64 } from "../dtype.js";
import { LinAlgError, RuntimeError, TorchTypeError } from "../errors.js";
import { Tensor } from "../tensor.js";
import { arange, eye } from "./creation.js";
import { where } from "./elementwise.js";
import { needsGrad, record, type OpDef } from "./registry.js";
import { cat } from "./shape.js";

type T = Tensor;

function checkSquare(fn: string, a: Tensor): number {
  if (a.dim() < 2) throw new RuntimeError(`${fn}: The input tensor A must have at least 2 dimensions.`);
  const [m, n] = a.shape.slice(-2);
  if (m !== n) throw new RuntimeError(`${fn}: A must be batches of square matrices, but they are ${m} by ${n} matrices`);
  if (!a.dtype.is_floating_point) throw new RuntimeError(`${fn}: Expected a floating point or complex tensor as input. Got ${a.dtype.scalarName}`);
  return n;
}

/**
 * Eliminates A ([.., n, n]) in [A | B]: B's columns become A^-1 B. Returns them
 * with the pivots ([.., n], in elimination order; a zero one where A is
 * singular, the step then dividing by 1) and the permutation's sign ([..]).
 */
function gaussJordan(a: T, b: T | null): { x: T | null; pivots: T; sign: T } {
  const n = a.shape[a.dim() - 1];
  const batch = a.shape.slice(0, -2);
  let m = b === null ? a : cat([a, b.to(a.dtype)], -1);
  const width = m.shape[m.dim() - 1];
  const rows = arange(n, { dtype: int64, device: a.device });
  const rowMask = (k: number) => rows.eq(k).reshape([...batch.map(() => 1), n, 1]);
  let sign = Tensor._full(batch, 1, a.dtype, a.device);
  const pivots: T[] = [];
  for (let k = 0; k < n; k++) {
    const candidates = where(rows.ge(k), m.select(-1, k).abs(), -1);
    const p = candidates.argmax(-1, true); // [.., 1]
    sign = where(p.squeeze(-1).eq(k), sign, sign.neg());
    const order = where(rows.eq(k), p, where(rows.eq(p), k, rows)); // [.., n]: rows k and p swapped
    m = m.gather(-2, order.unsqueeze(-1).expand([...batch, n, width]));
    const pivot = m.select(-2, k).select(-1, k);
    pivots.push(pivot);
    const row = m.select(-2, k).div(where(pivot.eq(0), 1, pivot).unsqueeze(-1)); // [.., width]
    const eliminated = m.sub(m.select(-1, k).unsqueeze(-1).mul(row.unsqueeze(-2)));
    m = where(rowMask(k), row.unsqueeze(-2), eliminated);
  }
  const x = b === null ? null : m.narrow(-1, n, width - n);
  return { x, pivots: pivots.length > 0 ? cat(pivots.map((v) => v.unsqueeze(-1)), -1) : Tensor._full([...batch, 0], 1, a.dtype, a.device), sign };
}

/** LAPACK getrf's info from an elimination's pivots: 0, or the (1-based) order of the first zero pivot (int32). */
export function infoOf(pivots: Tensor): Tensor {
  const zero = pivots.eq(0);
  return where(zero.any(-1), zero.to(int32).argmax(-1).add(1), 0).to(int32);
}
/** The _ex forms' info for each matrix (solve_ex's). */
export function singularInfo(a: Tensor): Tensor {
  return no_grad(() => infoOf(gaussJordan(a, null).pivots));
}

/**
 * PyTorch's error (_linalg_check_errors) for the first matrix whose LAPACK info is positive, where
 * the values can be read here (the CPU): "fn: (Batch element i): text", the batch part for a batch.
 */
export function checkInfo(fn: string, info: Tensor, text: (info: number) => string, ErrorClass: new (message: string) => Error = LinAlgError): void {
  if (!info.is_cpu) return;
  const codes = info.reshape(-1).tolist() as number[];
  const i = codes.findIndex((v) => v > 0);
  if (i >= 0) throw new ErrorClass(`${fn}: ${info.dim() > 0 ? `(Batch element ${i}): ` : ""}${text(codes[i])}`);
}
/** inv's (and cholesky_inverse's) text for a zero diagonal element of U. */
export const singularText = (k: number): string => `The diagonal element ${k} is zero, the inversion could not be completed because the input matrix is singular.`;
const solverText = (): string => "The solver failed because the input matrix is singular.";

const mT = (t: T): T => t.transpose(-2, -1);

const INV: OpDef = {
  name: "linalg_inv",
  node: "LinalgInvExBackward0",
  backward: (g: T, { result }) => [mT(result).matmul(g).matmul(mT(result)).neg()],
};
/** linalg.inv(A) (torch.inverse): the inverse of each square matrix; an error for an exactly singular one. */
export function inv(a: Tensor): Tensor {
  return invWithInfo(a, "linalg.inv").inverse;
}
/**
 * The inverse and LAPACK's info from one elimination; with `check` (the function PyTorch's error
 * names), its error for an exactly singular matrix, else its elimination's values there (inv_ex, cond).
 */
export function invWithInfo(a: Tensor, check: string | null): { inverse: Tensor; info: Tensor } {
  const n = checkSquare("linalg.inv", a);
  const [inverse, info] = no_grad(() => {
    const identity = eye(n, { dtype: a.dtype, device: a.device }).expand(a.shape as number[]);
    const { x, pivots } = gaussJordan(a, identity);
    const info = infoOf(pivots);
    if (check !== null) checkInfo(check, info, singularText);
    return [x!, info];
  });
  if (needsGrad(a)) record(INV, [a], inverse, { result: inverse });
  return { inverse, info };
}

const DET: OpDef = {
  name: "linalg_det",
  node: "LinalgDetBackward0",
  // g det A^-T (A invertible: the singular case, which PyTorch treats through an SVD, gives inf/NaN here).
  backward: (g: T, { self, result }) => [g.mul(result).unsqueeze(-1).unsqueeze(-1).mul(mT(inv(self)))],
};
/** linalg.det(A) (torch.det): the determinant of each square matrix. */
export function det(a: Tensor): Tensor {
  checkSquare("linalg.det", a);
  const out = no_grad(() => {
    const { pivots, sign } = gaussJordan(a, null);
    return pivots.prod(-1).mul(sign);
  });
  if (needsGrad(a)) record(DET, [a], out, { self: a, result: out });
  return out;
}

const SLOGDET: OpDef = {
  name: "linalg_slogdet",
  node: "LinalgSlogdetBackward0",
  multiOutput: true,
  // sign has no gradient: with none reaching logabsdet, A's is undefined (None), as PyTorch's.
  undefinedGrads: true,
  backward: ([, gLogabs]: (T | null)[], { self }) => [gLogabs === null ? null : gLogabs.unsqueeze(-1).unsqueeze(-1).mul(mT(inv(self)))],
};
/** linalg.slogdet(A) (torch.slogdet): { sign, logabsdet } of each square matrix. */
export function slogdet(a: Tensor): [Tensor, Tensor] & { sign: Tensor; logabsdet: Tensor } {
  checkSquare("linalg.slogdet", a);
  const [sign, logabsdet] = no_grad(() => {
    const { pivots, sign: s } = gaussJordan(a, null);
    return [pivots.sign().prod(-1).mul(s), pivots.abs().log().sum(-1)];
  });
  if (needsGrad(a)) record(SLOGDET, [a], [sign, logabsdet], { self: a });
  return Object.assign([sign, logabsdet] as [Tensor, Tensor], { sign, logabsdet });
}

/** logdet(A): log(det A), NaN where det is negative (PyTorch's composition over slogdet). */
export function logdet(a: Tensor): Tensor {
  const [sign, logabsdet] = slogdet(a);
  return where(sign.eq(-1), NaN, logabsdet);
}

const SOLVE: OpDef = {
  name: "linalg_solve",
  node: "LinalgSolveExBackward0",
  // A X = B: gB = A^-T g, gA = -gB X^T; X A = B (left=False): gB = g A^-T, gA = -X^T gB.
  backward: (g: T, { a, result, vector, left }, needs) => {
    const gb = solve(mT(a), g, { left });
    let gA: T | null = null;
    if (needs[0]) {
      const gbm = vector ? gb.unsqueeze(-1) : gb, xm = vector ? result.unsqueeze(-1) : result;
      gA = left ? gbm.matmul(mT(xm)).neg() : vector ? xm.matmul(mT(gbm)).neg() : mT(result).matmul(gb).neg();
    }
    return [gA, needs[1] ? gb : null];
  },
};
/** linalg.solve(A, B, *, left=True): X with A X = B (X A = B with left false); B is one vector per matrix where it has one dim fewer than A. */
export function solve(a: Tensor, b: Tensor, ...args: unknown[]): Tensor {
  const left = (bindArgs("linalg_solve", args, [], ["left"]).left as boolean | undefined) ?? true;
  return solveChecked(a, b, left, "torch.linalg.solve");
}
/** linalg.solve's forward and node; `check` names the function in PyTorch's error for a singular A (null: none, as solve_ex's default). */
export function solveChecked(a: Tensor, b: Tensor, left: boolean, check: string | null): Tensor {
  const n = checkSquare("linalg.solve", a);
  if (a.dtype !== b.dtype) throw new RuntimeError(`linalg.solve: Expected A and B to have the same dtype, but found A of type ${a.dtype.scalarName} and B of type ${b.dtype.scalarName} instead`);
  const vector = b.dim() === a.dim() - 1;
  const bm = vector ? b.unsqueeze(-1) : b;
  if (!left) {
    // X A = B is A^T X^T = B^T: solved as that, under this op's node (a vector B is a column, as PyTorch reads it).
    if (bm.shape[bm.dim() - 1] !== n) throw new RuntimeError(`linalg.solve: Incompatible shapes of A and B for the equation XA = B (${n}x${n} and ${bm.shape.slice(-2).join("x")})`);
    const out = no_grad(() => (vector ? solveChecked(mT(a), b, true, check) : mT(solveChecked(mT(a), mT(b), true, check))));
    if (needsGrad(a, b)) record(SOLVE, [a, b], out, { a, result: out, vector, left });
    return out;
  }
  if (bm.shape[bm.dim() - 2] !== n) throw new RuntimeError(`linalg.solve: Incompatible shapes of A and B for the equation AX = B (${a.shape.slice(-2).join("x")} and ${bm.shape.slice(-2).join("x")})`);
  const batch = broadcastBatch(a.shape.slice(0, -2), bm.shape.slice(0, -2));
  const out = no_grad(() => {
    const { x, pivots } = gaussJordan(a.expand([...batch, n, n]), bm.expand([...batch, n, bm.shape[bm.dim() - 1]]));
    if (check !== null) checkInfo(check, infoOf(pivots), solverText);
    return vector ? x!.squeeze(-1) : x!;
  });
  if (needsGrad(a, b)) record(SOLVE, [a, b], out, { a, result: out, vector, left });
  return out;
}

function broadcastBatch(x: readonly number[], y: readonly number[]): number[] {
  const n = Math.max(x.length, y.length);
  return Array.from({ length: n }, (_, i) => {
    const p = x[x.length - n + i] ?? 1, q = y[y.length - n + i] ?? 1;
    if (p !== q && p !== 1 && q !== 1) throw new RuntimeError(`The size of tensor a (${p}) must match the size of tensor b (${q}) at non-singleton dimension ${i}`);
    return p === 1 ? q : p;
  });
}

const COPY_IDENTITY: OpDef = { name: "matrix_power", node: "torch::autograd::CopyBackwards", backward: (g: T) => [g.mul(0)] };

/** linalg.matrix_power(A, n): A multiplied by itself n times (PyTorch's binary decomposition), the identity for 0, of A^-1 for negative n. */
export function matrix_power(a: Tensor, n: number): Tensor {
  if (!Number.isInteger(n)) throw new RuntimeError("matrix_power(): argument 'n' must be int");
  const size = checkSquareAnyDtype(a);
  if (n === 0) {
    // PyTorch copies the identity into a tensor like A, so the result hangs off A with a zero gradient.
    const identity = no_grad(() => eye(size, { dtype: a.dtype, device: a.device }).expand(a.shape as number[]).clone());
    if (needsGrad(a)) record(COPY_IDENTITY, [a], identity);
    return identity;
  }
  const base = n < 0 ? inv(a) : a;
  let k = Math.abs(n);
  if (k === 1) return n < 0 ? base : base.clone();
  if (k === 2) return base.matmul(base);
  if (k === 3) return base.matmul(base).matmul(base);
  let result: T | null = null, z: T | null = null;
  while (k > 0) {
    const bit = k % 2;
    k = Math.floor(k / 2);
    z = z === null ? base : z.matmul(z);
    if (bit === 1) result = result === null ? z : result.matmul(z);
  }
  return result!;
}

function checkSquareAnyDtype(a: Tensor): number {
  if (a.dim() < 2) throw new RuntimeError(`linalg.matrix_power: The input tensor A must have at least 2 dimensions.`);
  const [m, n] = a.shape.slice(-2);
  if (m !== n) throw new RuntimeError(`linalg.matrix_power: A must be batches of square matrices, but they are ${m} by ${n} matrices`);
  return n;
}

/**
 * Forward substitution for lower-triangular A ([.., n, n]) and B ([.., n, k]):
 * row i of X is (B_i - A_i,<i X_<i) / A_ii (by 1 where unitriangular).
 */
function substitute(a: T, b: T, unitriangular: boolean): T {
  const n = a.shape[a.dim() - 1];
  const rows: T[] = [];
  for (let i = 0; i < n; i++) {
    let r = b.narrow(-2, i, 1);
    if (i > 0) r = r.sub(a.narrow(-2, i, 1).narrow(-1, 0, i).matmul(cat(rows, -2)));
    rows.push(unitriangular ? r : r.div(a.narrow(-2, i, 1).narrow(-1, i, 1)));
  }
  return cat(rows, -2);
}
/** X of A X = B (left) or X A = B, for triangular A, by substitution; upper and right-sided systems are transposed/reversed into it. */
function triangularSolve(a: T, b: T, upper: boolean, left: boolean, unitriangular: boolean): T {
  if (!left) return mT(triangularSolve(mT(a), mT(b), !upper, true, unitriangular));
  if (!upper) return substitute(a.tril(), b, unitriangular);
  const flip = (t: T) => t.flip([-2, -1]);
  // Reversing rows and columns turns an upper-triangular system into a lower one.
  return substitute(flip(a.triu()), b.flip([-2]), unitriangular).flip([-2]);
}

const SOLVE_TRIANGULAR: OpDef = {
  name: "linalg_solve_triangular",
  node: "LinalgSolveTriangularBackward0",
  backward: (g: T, { a, result, upper, left, unitriangular }, needs) => {
    const gB = solve_triangular(mT(a), g, { upper: !upper, left, unitriangular });
    if (!needs[0]) return [null, gB];
    let gA = left ? gB.matmul(mT(result)).neg() : mT(result).matmul(gB).neg();
    gA = upper ? gA.triu(unitriangular ? 1 : 0) : gA.tril(unitriangular ? -1 : 0);
    return [gA, needs[1] ? gB : null];
  },
};
/** linalg.solve_triangular(A, B, *, upper, left=True, unitriangular=False): X with A X = B (X A = B when not left), A triangular. */
export function solve_triangular(a: Tensor, b: Tensor, opts: { upper?: boolean; left?: boolean; unitriangular?: boolean } = {}): Tensor {
  checkKeywords("linalg_solve_triangular", opts, ["upper", "left", "unitriangular"]);
  if (opts.upper === undefined) throw new TorchTypeError("linalg_solve_triangular() missing required argument 'upper' (pos 3)");
  const upper = opts.upper, left = opts.left ?? true, unitriangular = opts.unitriangular ?? false;
  const n = checkSquare("linalg.solve_triangular", a);
  if (b.dim() < 2) throw new RuntimeError("linalg.solve_triangular: The input tensor B must have at least 2 dimensions.");
  const bn = left ? b.shape[b.dim() - 2] : b.shape[b.dim() - 1];
  if (bn !== n) throw new RuntimeError(`linalg.solve_triangular: Incompatible shapes of A and B for the equation ${left ? "AX = B" : "XA = B"} (${a.shape.slice(-2).join("x")} and ${b.shape.slice(-2).join("x")})`);
  const batch = broadcastBatch(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const out = no_grad(() => triangularSolve(a.expand([...batch, n, n]), b.expand([...batch, ...b.shape.slice(-2)]), upper, left, unitriangular));
  if (needsGrad(a, b)) record(SOLVE_TRIANGULAR, [a, b], out, { a, result: out, upper, left, unitriangular });
  return out;
}

/**
 * The lower Cholesky factor of each matrix, column by column (Cholesky-Banachiewicz in
 * batched tensor ops), and LAPACK's info: 0, or the order of the first leading minor
 * that is not positive-definite (its column then stays NaN-free at 0).
 */
function choleskyLower(a: T): { L: T; info: T } {
  const n = a.shape[a.dim() - 1];
  const batch = a.shape.slice(0, -2);
  const rows = arange(n, { dtype: int64, device: a.device });
  const cols: T[] = [];
  let info = Tensor._full(batch, 0, int32, a.device); // LAPACK's info is an int32, as PyTorch keeps it
  for (let j = 0; j < n; j++) {
    const original = a.select(-1, j); // [.., n]
    const col = j > 0 ? original.sub(cat(cols, -1).matmul(cat(cols, -1).select(-2, j).unsqueeze(-1)).squeeze(-1)) : original;
    const pivot = col.select(-1, j);
    // A NaN pivot passes: PyTorch's CPU (MKL's potrf) returns the NaNs with info 0.
    const failsHere = info.eq(0).logical_and(pivot.le(0));
    // As LAPACK's potrf where a minor fails: that column keeps the failing pivot on its
    // diagonal and A's entries below; the columns after it keep A's lower triangle.
    const failed = info.ne(0).unsqueeze(-1), here = failsHere.unsqueeze(-1);
    const d = where(here, 1, pivot.unsqueeze(-1)).sqrt();
    const factor = where(rows.eq(j), where(here, pivot.unsqueeze(-1), d), where(here, original, col.div(d)));
    cols.push(where(rows.lt(j), 0, where(failed, original, factor)).unsqueeze(-1));
    info = where(failsHere, j + 1, info);
  }
  return { L: n === 0 ? a.clone() : cat(cols, -1), info };
}

const notPositiveDefinite = (k: number): string => `The factorization could not be completed because the input is not positive-definite (the leading minor of order ${k} is not positive-definite).`;

/** derivatives.yaml's cholesky_backward: A's gradient L^-H Φ(L^H gL) L^-1, symmetrized (Φ: the lower triangle, diagonal halved). */
function choleskyBackward(gL: T, L: T, upper: boolean): T {
  const [l, g] = upper ? [mT(L), mT(gL)] : [L, gL];
  const prod = mT(l).matmul(g);
  const phi = prod.tril(-1).add(prod.tril().triu().mul(0.5));
  const gA = solve_triangular(mT(l), solve_triangular(l, phi, { upper: false, left: false }), { upper: true });
  return gA.add(mT(gA)).mul(0.5);
}
const CHOLESKY_EX: OpDef = { name: "linalg_cholesky_ex", node: "LinalgCholeskyExBackward0", backward: (g: T, { result, upper }) => [choleskyBackward(g, result, upper)] };
const CHOLESKY: OpDef = { name: "cholesky", node: "CholeskyBackward0", backward: (g: T, { result, upper }) => [choleskyBackward(g, result, upper)] };

function choleskyOf(fn: string, def: OpDef, a: Tensor, upper: boolean, raise: boolean): { L: Tensor; info: Tensor } {
  checkSquare(fn, a);
  const { L, info } = no_grad(() => {
    const r = choleskyLower(a);
    if (raise) checkInfo(fn, r.info, notPositiveDefinite);
    return { L: upper ? mT(r.L).contiguous() : r.L, info: r.info };
  });
  if (needsGrad(a)) record(def, [a], L, { result: L, upper });
  return { L, info };
}
/** linalg.cholesky(A, *, upper=False): L with A = L L^H (upper: U with A = U^H U); an error where A is not positive-definite. */
export function linalgCholesky(a: Tensor, opts: { upper?: boolean } = {}): Tensor {
  checkKeywords("linalg_cholesky", opts, ["upper"]);
  return choleskyOf("linalg.cholesky", CHOLESKY_EX, a, opts.upper ?? false, true).L;
}
/** linalg.cholesky_ex(A, *, upper=False, check_errors=False): { L, info }, info 0 or the order of the first leading minor that is not positive-definite. */
export function cholesky_ex(a: Tensor, opts: { upper?: boolean; check_errors?: boolean } = {}): [Tensor, Tensor] & { L: Tensor; info: Tensor } {
  checkKeywords("linalg_cholesky_ex", opts, ["upper", "check_errors"]);
  const { L, info } = choleskyOf("linalg.cholesky_ex", CHOLESKY_EX, a, opts.upper ?? false, opts.check_errors ?? false);
  return Object.assign([L, info] as [Tensor, Tensor], { L, info });
}
/** torch.cholesky(A, upper=False) (deprecated in PyTorch, kept for old programs). */
export const cholesky = (a: Tensor, upper = false): Tensor => choleskyOf("cholesky", CHOLESKY, a, upper, true).L;
