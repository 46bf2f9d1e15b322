// LU with partial pivoting as LAPACK's getrf computes it (the largest entry of each
// column, the first of equals; 1-based int32 pivots; info at the first zero pivot),
// on the host in double precision: linalg.lu_factor(_ex), linalg.lu, lu_unpack,
// linalg.lu_solve and the deprecated torch.lu / torch.lu_solve, with PyTorch's nodes
// and FunctionsManual's gradients.
import { bindArgs } from "../args.js";
import { no_grad } from "../autograd/grad_mode.js";
import { float64, int32 } from "../dtype.js";
import { RuntimeError } from "../errors.js";
import { Tensor } from "../tensor.js";
import { needsGrad, record, type OpDef } from "./registry.js";
import { eye, zeros_like } from "./creation.js";
import { cat } from "./shape.js";
import { checkInfo, solve_triangular } from "./solve.js";

type T = Tensor;
const mH = (t: T): T => t.transpose(-2, -1);

/** getrf on each m x n matrix of a: the packed LU, the pivots and the info (`fn` names it in the shape error). */
function getrf(fn: string, a: Tensor, pivot: unknown): { LU: Tensor; pivots: Tensor; info: Tensor } {
  if (a.dim() < 2) throw new RuntimeError(`${fn}: Expected tensor with 2 or more dimensions. Got size: [${a.shape.join(", ")}] instead`);
  if (!a.dtype.is_floating_point) throw new RuntimeError(`"lu_cpu" not implemented for '${a.dtype.scalarName}'`);
  if (pivot === false) throw new RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU");
  const [m, n] = a.shape.slice(-2), k = Math.min(m, n);
  const batch = a.shape.slice(0, -2), count = batch.reduce((x, y) => x * y, 1);
  const data = a.detach().contiguous()._contiguousData();
  const lu = new Float64Array(count * m * n), piv = new Float64Array(count * k), info = new Float64Array(count);
  for (let b = 0; b < count; b++) {
    const A = lu.subarray(b * m * n, (b + 1) * m * n);
    for (let i = 0; i < m * n; i++) A[i] = data[b * m * n + i];
    for (let j = 0; j < k; j++) {
      let p = j;
      for (let i = j + 1; i < m; i++) if (Math.abs(A[i * n + j]) > Math.abs(A[p * n + j])) p = i;
      piv[b * k + j] = p + 1;
      if (p !== j) for (let c = 0; c < n; c++) [A[j * n + c], A[p * n + c]] = [A[p * n + c], A[j * n + c]];
      const d = A[j * n + j];
      if (d === 0) {
        if (info[b] === 0) info[b] = j + 1;
        continue;
      }
      for (let i = j + 1; i < m; i++) {
        const f = (A[i * n + j] /= d);
        if (f !== 0) for (let c = j + 1; c < n; c++) A[i * n + c] -= f * A[j * n + c];
      }
    }
  }
  const like = (x: Float64Array, shape: number[]) => Tensor._make(x, shape, float64);
  return { LU: like(lu, [...batch, m, n]).to(a.dtype).to(a.device), pivots: like(piv, [...batch, k]).to(int32).to(a.device), info: like(info, batch).to(int32).to(a.device) };
}

/** The permutation matrices of pivots (A = P L U): P[perm[i], i] = 1 with perm the row swaps applied in order. */
function permutations(pivots: Tensor, m: number, like: Tensor): Tensor {
  const k = pivots.shape[pivots.dim() - 1], batch = pivots.shape.slice(0, -1), count = batch.reduce((x, y) => x * y, 1);
  const piv = pivots.contiguous()._contiguousData();
  const P = new Float64Array(count * m * m);
  for (let b = 0; b < count; b++) {
    const perm = Array.from({ length: m }, (_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = piv[b * k + i] - 1;
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    perm.forEach((row, col) => (P[b * m * m + row * m + col] = 1));
  }
  return Tensor._make(P, [...batch, m, m], float64).to(like.dtype).to(like.device);
}

/** L (unit lower, m x k) and U (upper, k x n) of a packed LU. */
function unpackLU(LU: T): { L: T; U: T } {
  const [m, n] = LU.shape.slice(-2), k = Math.min(m, n);
  const L = LU.narrow(-1, 0, k).tril(-1).add(eye(m, k, { dtype: LU.dtype, device: LU.device }));
  return { L, U: LU.narrow(-2, 0, k).triu() };
}

/**
 * FunctionsManual's linalg_lu_backward for A = P L U (L m x k, U k x n). Square:
 * A_grad = P L^-H [L^H gL o tril_-1 + gU U^H o triu] U^-H; a wide or tall A splits U or L at k.
 */
function luBackward(gL: T | null, gU: T | null, P: T, L: T, U: T): T {
  const m = L.shape[L.dim() - 2], n = U.shape[U.dim() - 1], k = Math.min(m, n);
  const minus = (x: T | null, y: T): T => (x === null ? y.neg() : x.sub(y));
  if (m === n) {
    let inner = gL === null ? null : mH(L).matmul(gL).tril(-1);
    if (gU !== null) inner = inner === null ? gU.matmul(mH(U)).triu() : inner.add(gU.matmul(mH(U)).triu());
    const gA = solve_triangular(mH(U), inner!, { upper: false, left: false });
    return P.matmul(solve_triangular(mH(L), gA, { upper: true, unitriangular: true }));
  }
  if (m < n) {
    // A1_grad = P L^-H [gU1 o triu + (L^H gL - gU o triu U^H) o tril_-1 U1^-H]; A2_grad = P L^-H gU2.
    const inner = gU === null ? mH(L).matmul(gL!) : minus(gL === null ? null : mH(L).matmul(gL), gU.triu().matmul(mH(U)));
    let gA = solve_triangular(mH(U.narrow(-1, 0, k)), inner.tril(-1), { upper: false, left: false });
    gA = gU === null ? gA : cat([gA.add(gU.narrow(-1, 0, k).triu()), gU.narrow(-1, k, n - k)], -1);
    gA = solve_triangular(mH(L), gA, { upper: true, unitriangular: true });
    return P.matmul(gU === null ? cat([gA, zeros_like(U.narrow(-1, k, n - k))], -1) : gA);
  }
  // A1_grad = P [gL1 o tril_-1 + L1^-H (gU U^H - L^H gL o tril_-1) o triu] U^-H; A2_grad = P gL2 U^-H.
  const inner = gL === null ? gU!.matmul(mH(U)) : minus(gU === null ? null : gU.matmul(mH(U)), mH(L).matmul(gL.tril(-1)));
  let gA = solve_triangular(mH(L.narrow(-2, 0, k)), inner.triu(), { upper: true, unitriangular: true });
  gA = gL === null ? gA : cat([gA.add(gL.narrow(-2, 0, k).tril(-1)), gL.narrow(-2, k, m - k)], -2);
  gA = solve_triangular(mH(U), gA, { upper: false, left: false });
  return P.matmul(gL === null ? cat([gA, zeros_like(L.narrow(-2, k, m - k))], -2) : gA);
}

const LU_FACTOR_EX: OpDef = {
  name: "linalg_lu_factor_ex",
  node: "LinalgLuFactorExBackward0",
  // lu_factor_ex_backward: the packed factor's gradient read as L's (its first k columns) and U's (its first k rows).
  backward: (g: T, { LU, pivots }) => {
    const { L, U } = unpackLU(LU);
    const [m, n] = LU.shape.slice(-2), k = Math.min(m, n);
    return [luBackward(g.narrow(-1, 0, k), g.narrow(-2, 0, k), permutations(pivots, m, LU), L, U)];
  },
};
/** linalg.lu_factor_ex(A, *, pivot=True, check_errors=False): { LU, pivots, info } (LAPACK's getrf). */
export function lu_factor_ex(a: Tensor, ...args: unknown[]): [Tensor, Tensor, Tensor] & { LU: Tensor; pivots: Tensor; info: Tensor } {
  const o = bindArgs("linalg_lu_factor_ex", args, [], ["pivot", "check_errors"]);
  const { LU, pivots, info } = getrf("torch.lu_factor", a, o.pivot);
  if (o.check_errors) checkFactored("torch.linalg.lu_factor_ex", info);
  if (needsGrad(a)) record(LU_FACTOR_EX, [a], LU, { LU, pivots });
  return Object.assign([LU, pivots, info] as [Tensor, Tensor, Tensor], { LU, pivots, info });
}
/** lu_factor's error for a zero pivot: a RuntimeError, not a LinAlgError, in PyTorch. */
function checkFactored(fn: string, info: Tensor): void {
  checkInfo(fn, info, (k) => `U[${k},${k}] is zero and using it on lu_solve would result in a division by zero. If you still want to perform the factorization, consider calling linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)`, RuntimeError);
}
/** linalg.lu_factor(A, *, pivot=True): { LU, pivots }; an error where a pivot is exactly zero. */
export function lu_factor(a: Tensor, ...args: unknown[]): [Tensor, Tensor] & { LU: Tensor; pivots: Tensor } {
  const o = bindArgs("linalg_lu_factor", args, [], ["pivot"]);
  const [LU, pivots, info] = lu_factor_ex(a, { pivot: o.pivot });
  checkFactored("torch.linalg.lu_factor", info);
  return Object.assign([LU, pivots] as [Tensor, Tensor], { LU, pivots });
}

const LU: OpDef = {
  name: "linalg_lu",
  node: "LinalgLuBackward0",
  multiOutput: true,
  undefinedGrads: true,
  // P has no gradient (a permutation): the node's outputs are L and U.
  backward: ([gL, gU]: (T | null)[], { P, L, U }) => [luBackward(gL, gU, P, L, U)],
};
/** linalg.lu(A, *, pivot=True): { P, L, U } with A = P L U. */
export function lu(a: Tensor, ...args: unknown[]): [Tensor, Tensor, Tensor] & { P: Tensor; L: Tensor; U: Tensor } {
  const o = bindArgs("linalg_lu", args, [], ["pivot"]);
  const { LU: packed, pivots } = getrf("linalg.lu", a, o.pivot);
  const { L, U } = unpackLU(packed);
  const P = permutations(pivots, a.shape[a.dim() - 2], a);
  if (needsGrad(a)) record(LU, [a], [L, U], { P, L, U });
  return Object.assign([P, L, U] as [Tensor, Tensor, Tensor], { P, L, U });
}

const LU_UNPACK: OpDef = {
  name: "lu_unpack",
  node: "LuUnpackBackward0",
  multiOutput: true,
  undefinedGrads: true,
  // L's strictly lower part and U's upper part are the packed factor's entries.
  backward: ([gL, gU]: (T | null)[], { shape }) => {
    const [m, n] = shape.slice(-2), k = Math.min(m, n);
    let g = Tensor._full(shape, 0, (gL ?? gU)!.dtype, (gL ?? gU)!.device);
    if (gL !== null) g = g.add(padTo(gL.tril(-1), shape, k, "cols"));
    if (gU !== null) g = g.add(padTo(gU.triu(), shape, k, "rows"));
    return [g];
  },
};
/** A k-column (or k-row) block placed in zeros of `shape`. */
function padTo(x: T, shape: readonly number[], k: number, along: "rows" | "cols"): T {
  const [m, n] = shape.slice(-2);
  const missing = along === "cols" ? n - k : m - k;
  if (missing === 0) return x;
  const zeros = Tensor._full([...x.shape.slice(0, -2), along === "cols" ? m : missing, along === "cols" ? missing : n], 0, x.dtype, x.device);
  return cat([x, zeros], along === "cols" ? -1 : -2);
}
/** lu_unpack(LU_data, LU_pivots, unpack_data=True, unpack_pivots=True): { P, L, U } from a packed factor. */
export function lu_unpack(LUdata: Tensor, pivots: Tensor, unpack_data = true, unpack_pivots = true): [Tensor, Tensor, Tensor] & { P: Tensor; L: Tensor; U: Tensor } {
  const { L, U } = no_grad(() => unpackLU(LUdata));
  const P = unpack_pivots ? permutations(pivots, LUdata.shape[LUdata.dim() - 2], LUdata) : Tensor._full([0], 0, LUdata.dtype, LUdata.device);
  const [Lout, Uout] = unpack_data ? [L, U] : [Tensor._full([0], 0, LUdata.dtype, LUdata.device), Tensor._full([0], 0, LUdata.dtype, LUdata.device)];
  if (unpack_data && needsGrad(LUdata)) record(LU_UNPACK, [LUdata], [Lout, Uout], { shape: LUdata.shape });
  return Object.assign([P, Lout, Uout] as [Tensor, Tensor, Tensor], { P, L: Lout, U: Uout });
}

const LU_SOLVE: OpDef = {
  name: "linalg_lu_solve",
  node: "LinalgLuSolveBackward0",
  // FunctionsManual's linalg_lu_solve_LU, and B's gradient by the adjoint solve (derivatives.yaml).
  backward: (gX: T, { LU, pivots, X, left, adjoint }, needs) => {
    const gLU = needs[0] ? luSolveBackwardLU(gX, LU, pivots, X, left, adjoint) : null;
    return [gLU, null, needs[2] ? lu_solve(LU, pivots, gX, { left, adjoint: !adjoint }) : null];
  },
};
/**
 * linalg_lu_solve_LU: with op_2(Y) = Y (left) or Y^H, where left != adjoint
 * gR = U^-H op_2(-gX) op_2(X)^H, gLU = (L^-H gR U^H) o tril_-1 + gR o triu; otherwise
 * gR = -P^T op_3(X) op_1(op_2(gX)) P L^-H, gLU = gR o tril_-1 + (L^H gR U^-H) o triu.
 */
function luSolveBackwardLU(gX: T, LU: T, pivots: T, X: T, left: boolean, adjoint: boolean): T {
  const { L, U } = unpackLU(LU);
  if (left !== adjoint) {
    const gR = solve_triangular(mH(U), (left ? gX : mH(gX)).neg().matmul(left ? mH(X) : X), { upper: false });
    const gL = solve_triangular(mH(L), gR.matmul(mH(U)), { upper: true, unitriangular: true }).tril(-1);
    return gL.add(gR.triu());
  }
  const P = permutations(pivots, LU.shape[LU.dim() - 2], LU);
  let gR = mH(P).matmul(left ? X : mH(X)).matmul(left ? mH(gX) : gX).matmul(P).neg();
  gR = solve_triangular(mH(L), gR, { upper: true, left: false, unitriangular: true });
  const gU = solve_triangular(mH(U), mH(L).matmul(gR), { upper: false, left: false }).triu();
  return gR.tril(-1).add(gU);
}
/** X of A X = B (A^H X = B with adjoint) for A = P L U: U^-1 L^-1 P^T B, or P L^-H U^-H B. */
function luSolveLeft(LU: T, pivots: T, b: T, adjoint: boolean): T {
  const { L, U } = unpackLU(LU);
  const P = permutations(pivots, LU.shape[LU.dim() - 2], LU);
  if (!adjoint) return solve_triangular(U, solve_triangular(L, mH(P).matmul(b), { upper: false, unitriangular: true }), { upper: true });
  return P.matmul(solve_triangular(mH(L), solve_triangular(mH(U), b, { upper: false }), { upper: true, unitriangular: true }));
}
/**
 * linalg.lu_solve(LU, pivots, B, *, left=True, adjoint=False): X with A X = B for A = P L U
 * (A^H X = B with adjoint; X A = B, or X A^H = B, with left false).
 */
export function lu_solve(LUdata: Tensor, pivots: Tensor, b: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("linalg_lu_solve", args, [], ["left", "adjoint"]);
  const left = (o.left as boolean | undefined) ?? true, adjoint = (o.adjoint as boolean | undefined) ?? false;
  if (b.dim() < 2) throw new RuntimeError("linalg.lu_solve: The input tensor B must have at least 2 dimensions.");
  if (LUdata.dim() < 2) throw new RuntimeError("linalg.lu_solve: The input tensor LU must have at least 2 dimensions.");
  const [m, n] = LUdata.shape.slice(-2);
  if (m !== n) throw new RuntimeError(`torch.linalg.lu_solve: A must be batches of square matrices, but they are ${m} by ${n} matrices`);
  const bn = left ? b.shape[b.dim() - 2] : b.shape[b.dim() - 1];
  if (bn !== n) throw new RuntimeError(`linalg.lu_solve: Incompatible shapes of A and B for the equation ${left ? "AX = B" : "XA = B"} (${n}x${n} and ${b.shape.slice(-2).join("x")})`);
  if (LUdata.dtype !== b.dtype) throw new RuntimeError(`linalg.lu_solve: Expected LU and B to have the same dtype, but found LU of type ${LUdata.dtype.scalarName} and B of type ${b.dtype.scalarName} instead`);
  if (pivots.dtype !== int32) throw new RuntimeError("linalg.lu_solve: pivots should be a Tensor of scalar type torch.int32");
  if (pivots.shape[pivots.dim() - 1] !== n) throw new RuntimeError("linalg.lu_solve: Number of pivots per batch should be same as the dimension of the matrix");
  // X A = B is A^H X^H = B^H (and X A^H = B is A X^H = B^H), as PyTorch solves it.
  const X = no_grad(() => (left ? luSolveLeft(LUdata, pivots, b, adjoint) : mH(luSolveLeft(LUdata, pivots, mH(b), !adjoint))));
  if (needsGrad(LUdata, b)) record(LU_SOLVE, [LUdata, pivots, b], X, { LU: LUdata, pivots, X, left, adjoint });
  return X;
}
/** torch.lu_solve(b, LU_data, LU_pivots) (deprecated in PyTorch: its arguments reversed). */
export const torchLuSolve = (b: Tensor, LUdata: Tensor, pivots: Tensor): Tensor => lu_solve(LUdata, pivots, b);
/** torch.lu(A, pivot=True, get_infos=False) (deprecated in PyTorch): [LU, pivots] (and info); a singular A is no error, as in PyTorch 1.13. */
export function torchLu(a: Tensor, ...args: unknown[]): Tensor[] {
  const o = bindArgs("lu", args, ["pivot", "get_infos"]);
  const [LU, pivots, info] = lu_factor_ex(a, { pivot: o.pivot ?? true });
  return o.get_infos ? [LU, pivots, info] : [LU, pivots];
}
