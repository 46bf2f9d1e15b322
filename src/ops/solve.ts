// Square systems: inv, det, slogdet, solve, matrix_power. The forward is
// Gauss-Jordan elimination with partial pivoting (the largest remaining entry
// of each column, the first of equals, as LAPACK's getrf picks it), written in
// batched tensor ops, so it runs on the tensors' device; the nodes are
// PyTorch's (LinalgInvExBackward0, ...) with derivatives.yaml's gradients,
// which are themselves inv and solve, so double backward works.
import { no_grad } from "../autograd/grad_mode.js";
import { int64 } from "../dtype.js";
import { LinAlgError, RuntimeError } from "../errors.js";
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

/** PyTorch's error for an exactly singular matrix, where its values can be read here (the CPU). */
function checkInvertible(fn: string, pivots: T): void {
  if (!pivots.is_cpu || pivots.numel() === 0) return;
  const v = pivots.reshape(-1, pivots.shape[pivots.dim() - 1]).tolist() as number[][];
  for (const row of v) {
    const k = row.findIndex((p) => p === 0);
    if (k >= 0) throw new LinAlgError(`${fn}: The diagonal element ${k + 1} is zero, the inversion could not be completed because the input matrix is singular.`);
  }
}

const mT = (t: T): T => t.transpose(-2, -1);

const INV: OpDef = {
  name: "linalg_inv",
  node: "LinalgInvExBackward0",
  backward: (g: T, { result }) => [mT(result).matmul(g).matmul(mT(result)).neg()],
};
/** linalg.inv(A) (torch.inverse): the inverse of each square matrix; an error for an exactly singular one. */
export function inv(a: Tensor): Tensor {
  const n = checkSquare("linalg.inv", a);
  const out = no_grad(() => {
    const identity = eye(n, { dtype: a.dtype, device: a.device }).expand(a.shape as number[]);
    const { x, pivots } = gaussJordan(a, identity);
    checkInvertible("linalg.inv", pivots);
    return x!;
  });
  if (needsGrad(a)) record(INV, [a], out, { result: out });
  return out;
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
  backward: ([, gLogabs]: T[], { self }) => [gLogabs.unsqueeze(-1).unsqueeze(-1).mul(mT(inv(self)))],
};
/** linalg.slogdet(A) (torch.slogdet): [sign, log|det|] of each square matrix. */
export function slogdet(a: Tensor): [Tensor, Tensor] {
  checkSquare("linalg.slogdet", a);
  const [sign, logabsdet] = no_grad(() => {
    const { pivots, sign: s } = gaussJordan(a, null);
    return [pivots.sign().prod(-1).mul(s), pivots.abs().log().sum(-1)];
  });
  if (needsGrad(a)) record(SLOGDET, [a], [sign, logabsdet], { self: a });
  return [sign, logabsdet];
}

/** logdet(A): log(det A), NaN where det is negative (PyTorch's composition over slogdet). */
export function logdet(a: Tensor): Tensor {
  const [sign, logabsdet] = slogdet(a);
  return where(sign.eq(-1), NaN, logabsdet);
}

const SOLVE: OpDef = {
  name: "linalg_solve",
  node: "LinalgSolveExBackward0",
  backward: (g: T, { a, result, vector }, needs) => {
    const gb = solve(mT(a), g);
    const gbm = vector ? gb.unsqueeze(-1) : gb, xm = vector ? result.unsqueeze(-1) : result;
    return [needs[0] ? gbm.matmul(mT(xm)).neg() : null, needs[1] ? gb : null];
  },
};
/** linalg.solve(A, B): X with A X = B; B is one vector per matrix where it has one dim fewer than A. */
export function solve(a: Tensor, b: Tensor): Tensor {
  const n = checkSquare("linalg.solve", a);
  const vector = b.dim() === a.dim() - 1;
  const bm = vector ? b.unsqueeze(-1) : b;
  if (bm.shape[bm.dim() - 2] !== n) throw new RuntimeError(`linalg.solve: Incompatible shapes of A and B for the equation AX = B (${a.shape.slice(-2).join("x")} and ${bm.shape.slice(-2).join("x")})`);
  const batch = broadcastBatch(a.shape.slice(0, -2), bm.shape.slice(0, -2));
  const out = no_grad(() => {
    const { x, pivots } = gaussJordan(a.expand([...batch, n, n]), bm.expand([...batch, n, bm.shape[bm.dim() - 1]]));
    checkInvertible("linalg.solve", pivots);
    return vector ? x!.squeeze(-1) : x!;
  });
  if (needsGrad(a, b)) record(SOLVE, [a, b], out, { a, result: out, vector });
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
