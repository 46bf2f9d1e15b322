// Matrix decompositions: QR (Householder, as LAPACK's geqrf/orgqr, so the same
// signs), the symmetric eigendecomposition (cyclic Jacobi) and the SVD (one-sided
// Jacobi), each matrix of a batch factored on the host in double precision and
// the factors returned in the input's dtype and device. The nodes are PyTorch's
// (LinalgQrBackward0, LinalgEighBackward0, LinalgSvdBackward0) with
// FunctionsManual's gradients in tensor ops, so double backward works. Eigenvectors
// and singular vectors are unique up to sign only: LAPACK's choice is its own.
import { bindArgs, isOptions, type Options } from "../args.js";
import { no_grad } from "../autograd/grad_mode.js";
import { bool, float64, finfo } from "../dtype.js";
import { RuntimeError, TorchTypeError, typeName } from "../errors.js";
import { Tensor } from "../tensor.js";
import { needsGrad, record, type OpDef } from "./registry.js";
import { checkInfo, solve_triangular } from "./solve.js";
import { cat } from "./shape.js";
import { where } from "./elementwise.js";
import { eye, zeros_like } from "./creation.js";

type T = Tensor;
const mT = (t: T): T => t.transpose(-2, -1);

function checkMatrix(fn: string, a: Tensor): [number, number] {
  if (a.dim() < 2) throw new RuntimeError(`${fn}: The input tensor A must have at least 2 dimensions.`);
  if (!a.dtype.is_floating_point) throw new RuntimeError(`${fn}: Expected a floating point or complex tensor as input. Got ${a.dtype.scalarName}`);
  const [m, n] = a.shape.slice(-2);
  return [m, n];
}

/** Each m x n matrix of a (row-major, float64) to `f`, which fills the outputs' matrices at their offsets. */
function eachMatrix(a: Tensor, f: (mat: Float64Array, index: number) => void): void {
  const [m, n] = a.shape.slice(-2);
  const data = a.detach().contiguous()._contiguousData();
  const batch = a.shape.slice(0, -2).reduce((x, y) => x * y, 1);
  for (let b = 0; b < batch; b++) f(Float64Array.from(data.subarray(b * m * n, (b + 1) * m * n)), b);
}

/** A host result back in the input's dtype and device (on the host first: a GPU may have no float64). */
const output = (data: Float64Array, shape: readonly number[], like: Tensor): Tensor => Tensor._make(data, shape, float64).to(like.dtype).to(like.device);

// ---------------------------------------------------------------------------
// QR

/**
 * LAPACK's geqr2 on a (m x n, row-major, overwritten): R in the upper triangle,
 * the reflectors' tails below it, their factors in tau. As dlarfg: beta = -sign(alpha) |(alpha, x)|,
 * and no reflection (tau 0) where x is zero.
 */
function householder(a: Float64Array, m: number, n: number): Float64Array {
  const k = Math.min(m, n);
  const tau = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let xnorm = 0;
    for (let i = j + 1; i < m; i++) xnorm = Math.hypot(xnorm, a[i * n + j]);
    if (xnorm === 0) continue;
    const alpha = a[j * n + j];
    const beta = -Math.sign(alpha || 1) * Math.hypot(alpha, xnorm);
    tau[j] = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let i = j + 1; i < m; i++) a[i * n + j] *= scale;
    a[j * n + j] = beta;
    for (let c = j + 1; c < n; c++) {
      let w = a[j * n + c];
      for (let i = j + 1; i < m; i++) w += a[i * n + j] * a[i * n + c];
      w *= tau[j];
      a[j * n + c] -= w;
      for (let i = j + 1; i < m; i++) a[i * n + c] -= w * a[i * n + j];
    }
  }
  return tau;
}

/** LAPACK's org2r: the first `cols` columns of H_1 ... H_k (m x cols, row-major). */
function householderQ(v: Float64Array, tau: Float64Array, m: number, n: number, cols: number): Float64Array {
  const q = new Float64Array(m * cols);
  for (let i = 0; i < Math.min(m, cols); i++) q[i * cols + i] = 1;
  for (let j = tau.length - 1; j >= 0; j--) {
    if (tau[j] === 0) continue;
    for (let c = 0; c < cols; c++) {
      let w = q[j * cols + c];
      for (let i = j + 1; i < m; i++) w += v[i * n + j] * q[i * cols + c];
      w *= tau[j];
      q[j * cols + c] -= w;
      for (let i = j + 1; i < m; i++) q[i * cols + c] -= w * v[i * n + j];
    }
  }
  return q;
}

type QrMode = "reduced" | "complete" | "r";

/** FunctionsManual's linalg_qr_backward for m >= n (or a square R): gA = [gQ + Q copyltu(M)] R^-H, M = R gR^H - gQ^H Q. */
function qrBackwardTall(gQ: T | null, gR: T | null, Q: T, R: T): T {
  let M = gR !== null ? R.matmul(mT(gR)) : null;
  if (gQ !== null) M = M === null ? mT(gQ).matmul(Q).neg() : M.sub(mT(gQ).matmul(Q));
  // copyltu: the lower triangle mirrored up (the symmetric matrix with M's lower triangle).
  const lower = M!.tril(-1);
  const sym = lower.add(mT(lower)).add(M!.diagonal(0, -2, -1).diag_embed());
  let b = Q.matmul(sym);
  if (gQ !== null) b = b.add(gQ);
  return solve_triangular(mT(R), b, { upper: false, left: false });
}

const QR: OpDef = {
  name: "linalg_qr",
  node: "LinalgQrBackward0",
  multiOutput: true,
  undefinedGrads: true,
  backward: ([gQ, gR]: (T | null)[], { Q, R, mode }) => {
    if (mode === "r") throw new RuntimeError("The derivative of linalg.qr depends on Q, which is not computed when mode='r'. Please use linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.");
    const m = Q.shape[Q.dim() - 2], n = R.shape[R.dim() - 1];
    if (mode === "complete" && m > n) throw new RuntimeError("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.");
    if (m >= n) return [qrBackwardTall(gQ, gR, Q, R)];
    // Wide: A = Q [X | Y] with X = Q R1 square; Y = Q R2 passes its gradient to Q as Y gR2^H.
    const Y = Q.matmul(R.narrow(-1, m, n - m));
    const gR1 = gR === null ? null : gR.narrow(-1, 0, m), gR2 = gR === null ? null : gR.narrow(-1, m, n - m);
    const gQ1 = gR2 === null ? gQ : gQ === null ? Y.matmul(mT(gR2)) : gQ.add(Y.matmul(mT(gR2)));
    const gX = qrBackwardTall(gQ1, gR1, Q, R.narrow(-1, 0, m));
    const gY = gR2 === null ? zeros_like(Y) : Q.matmul(gR2);
    return [cat([gX, gY], -1)];
  },
};

function qrOf(fn: string, a: Tensor, mode: QrMode): [Tensor, Tensor] & { Q: Tensor; R: Tensor } {
  if (mode !== "reduced" && mode !== "complete" && mode !== "r") throw new RuntimeError(`qr received unrecognized mode '${String(mode)}' but expected one of 'reduced' (default), 'r', or 'complete'`);
  const [m, n] = checkMatrix(fn, a);
  const k = Math.min(m, n);
  const batch = a.shape.slice(0, -2), count = batch.reduce((x, y) => x * y, 1);
  const qCols = mode === "complete" ? m : k, rRows = mode === "complete" ? m : k;
  const q = new Float64Array(count * m * qCols), r = new Float64Array(count * rRows * n);
  eachMatrix(a, (mat, b) => {
    const tau = householder(mat, m, n);
    for (let i = 0; i < Math.min(rRows, m); i++) for (let j = i; j < n; j++) r[b * rRows * n + i * n + j] = mat[i * n + j];
    if (mode !== "r") q.set(householderQ(mat, tau, m, n, qCols), b * m * qCols);
  });
  const Q = mode === "r" ? Tensor._full([0], 0, a.dtype, a.device) : output(q, [...batch, m, qCols], a);
  const R = output(r, [...batch, rRows, n], a);
  if (needsGrad(a)) record(QR, [a], [Q, R], { Q, R, mode });
  return Object.assign([Q, R] as [Tensor, Tensor], { Q, R });
}

/** linalg.qr(A, mode='reduced'): { Q, R } with A = QR, Q orthonormal columns, R upper triangular ('complete': Q square; 'r': R only, Q empty). */
export function qr(a: Tensor, ...args: unknown[]): [Tensor, Tensor] & { Q: Tensor; R: Tensor } {
  const o = bindArgs("linalg_qr", args, ["mode"]);
  return qrOf("linalg.qr", a, (o.mode as QrMode | undefined) ?? "reduced");
}
/** torch.qr(A, some=True): linalg.qr with mode 'reduced' (some) or 'complete'. */
export function torchQr(a: Tensor, ...args: unknown[]): [Tensor, Tensor] & { Q: Tensor; R: Tensor } {
  const o = bindArgs("qr", args, ["some"]);
  return qrOf("linalg.qr", a, (o.some as boolean | undefined) ?? true ? "reduced" : "complete");
}

// ---------------------------------------------------------------------------
// The symmetric eigendecomposition

/** The Jacobi rotation (c, s) that zeroes a pair whose angle cotangent is 2 theta (the smaller of the two angles). */
function jacobiRotation(theta: number): [number, number] {
  const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  return [c, t * c];
}
/** Rotates the element pairs (a[i + k step], a[j + k step]) for k < count by (c, s): two columns (step n) or two rows (step 1) of a matrix. */
function rotatePairs(a: Float64Array, count: number, step: number, i: number, j: number, c: number, s: number): void {
  for (let k = 0; k < count; k++) {
    const x = a[i + k * step], y = a[j + k * step];
    a[i + k * step] = c * x - s * y;
    a[j + k * step] = s * x + c * y;
  }
}

/** Cyclic Jacobi on a symmetric n x n matrix (overwritten): its eigenvalues ascending and the eigenvectors as columns. */
function jacobiEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, diag = 0;
    for (let p = 0; p < n; p++) {
      diag += a[p * n + p] ** 2;
      for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    }
    if (!(off > 1e-32 * diag) || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const [c, s] = jacobiRotation((a[q * n + q] - a[p * n + p]) / (2 * apq));
        rotatePairs(a, n, n, p, q, c, s);
        rotatePairs(a, n, 1, p * n, q * n, c, s);
        rotatePairs(v, n, n, p, q, c, s);
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[x * n + x] - a[y * n + y]);
  const values = new Float64Array(n), vectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    values[to] = a[from * n + from];
    for (let k = 0; k < n; k++) vectors[k * n + to] = v[k * n + from];
  });
  return { values, vectors };
}

/** Where two eigenvalues (or squared singular values) tie, the gap matrix E_ij = x_j - x_i, its diagonal 1. */
function gaps(x: T): T {
  const e = x.unsqueeze(-2).sub(x.unsqueeze(-1));
  const n = x.shape[x.dim() - 1];
  return where(eye(n, { dtype: bool, device: e.device }), 1, e);
}

const EIGH: OpDef = {
  name: "linalg_eigh",
  node: "LinalgEighBackward0",
  multiOutput: true,
  undefinedGrads: true,
  // FunctionsManual's linalg_eig_backward, Hermitian case: gA = V (diag(gL) + skew(V^H gV) / E) V^H.
  backward: ([gL, gV]: (T | null)[], { L, V }) => {
    let inner: T;
    if (gV === null) inner = gL!.diag_embed();
    else {
      const VhgV = mT(V).matmul(gV);
      inner = VhgV.sub(mT(VhgV)).mul(0.5).div(gaps(L));
      if (gL !== null) inner = inner.add(gL.diag_embed());
    }
    return [V.matmul(inner).matmul(mT(V))];
  },
};

/** eigvalsh's node: EIGH's with the eigenvectors' gradient undefined. */
const EIGVALSH: OpDef = { ...EIGH, backward: ([gL]: T[], saved, needs) => EIGH.backward([gL, null], saved, needs) };

function eighOf(fn: string, a: Tensor, uplo: string, vectors: boolean): { L: Tensor; V: Tensor } {
  // One letter, of either case, as PyTorch reads it.
  if (uplo.length !== 1 || !"LU".includes(uplo.toUpperCase())) throw new RuntimeError(`Expected UPLO argument to be 'L' or 'U', but got ${uplo}`);
  uplo = uplo.toUpperCase();
  const [m, n] = checkMatrix(fn, a);
  if (m !== n) throw new RuntimeError(`${fn}: A must be batches of square matrices, but they are ${m} by ${n} matrices`);
  const batch = a.shape.slice(0, -2), count = batch.reduce((x, y) => x * y, 1);
  const values = new Float64Array(count * n), vecs = new Float64Array(count * n * n);
  eachMatrix(a, (mat, b) => {
    // Only the named triangle is read, as LAPACK's syevd.
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      if (uplo === "L") mat[i * n + j] = mat[j * n + i];
      else mat[j * n + i] = mat[i * n + j];
    }
    // A non-finite entry gives NaNs, as LAPACK's syevd does.
    if (!mat.every(Number.isFinite)) {
      values.fill(NaN, b * n, (b + 1) * n);
      vecs.fill(NaN, b * n * n, (b + 1) * n * n);
      return;
    }
    const r = jacobiEigen(mat, n);
    values.set(r.values, b * n);
    vecs.set(r.vectors, b * n * n);
  });
  const L = output(values, [...batch, n], a);
  const V = vectors ? output(vecs, [...batch, n, n], a) : Tensor._full([0], 0, a.dtype, a.device);
  if (needsGrad(a)) {
    // eigvalsh keeps V for its gradient without returning it.
    const Vsaved = vectors ? V : output(vecs, [...batch, n, n], a);
    record(vectors ? EIGH : EIGVALSH, [a], vectors ? [L, V] : [L], { L, V: Vsaved });
  }
  return { L, V };
}

/** linalg.eigh(A, UPLO='L'): { eigenvalues (ascending), eigenvectors } of each symmetric matrix, from its UPLO triangle. */
export function eigh(a: Tensor, ...args: unknown[]): [Tensor, Tensor] & { eigenvalues: Tensor; eigenvectors: Tensor } {
  const o = bindArgs("linalg_eigh", args, ["UPLO"]);
  const { L, V } = eighOf("linalg.eigh", a, (o.UPLO as string | undefined) ?? "L", true);
  return Object.assign([L, V] as [Tensor, Tensor], { eigenvalues: L, eigenvectors: V });
}
/** linalg.eigvalsh(A, UPLO='L'): the eigenvalues of each symmetric matrix, ascending. */
export function eigvalsh(a: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("linalg_eigvalsh", args, ["UPLO"]);
  return eighOf("linalg.eigvalsh", a, (o.UPLO as string | undefined) ?? "L", false).L;
}

// ---------------------------------------------------------------------------
// The singular value decomposition

/**
 * One-sided Jacobi on a (m x n, m >= n, row-major, overwritten): the singular values
 * descending, U (m x uCols: its first n columns the left singular vectors, the rest,
 * and any column of a zero singular value, an orthonormal completion) and V (n x n).
 */
function jacobiSvd(a: Float64Array, m: number, n: number, uCols: number): { s: Float64Array; u: Float64Array; v: Float64Array } {
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  const eps = 2.220446049250313e-16;
  for (let sweep = 0; sweep < 100; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0, beta = 0, gamma = 0;
        for (let k = 0; k < m; k++) {
          const x = a[k * n + p], y = a[k * n + q];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= eps * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const [c, s] = jacobiRotation((beta - alpha) / (2 * gamma));
        rotatePairs(a, m, n, p, q, c, s);
        rotatePairs(v, n, n, p, q, c, s);
      }
    }
    if (!rotated) break;
  }
  const norms = Array.from({ length: n }, (_, j) => {
    let sq = 0;
    for (let k = 0; k < m; k++) sq += a[k * n + j] ** 2;
    return Math.sqrt(sq);
  });
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => norms[y] - norms[x]);
  const s = new Float64Array(n), u = new Float64Array(m * uCols), vs = new Float64Array(n * n);
  const tiny = (norms[order[0]] ?? 0) * eps * Math.max(m, n);
  const filled: number[] = [];
  order.forEach((from, to) => {
    s[to] = norms[from];
    for (let k = 0; k < n; k++) vs[k * n + to] = v[k * n + from];
    if (norms[from] > tiny && norms[from] > 0) {
      for (let k = 0; k < m; k++) u[k * uCols + to] = a[k * n + from] / norms[from];
      filled.push(to);
    }
  });
  completeColumns(u, m, uCols, filled);
  return { s, u, v: vs };
}

/** Fills the columns of u (m x cols) not in `filled` with unit vectors orthogonal to all before (Gram-Schmidt on the standard basis, twice). */
function completeColumns(u: Float64Array, m: number, cols: number, filled: number[]): void {
  const done = new Set(filled);
  const basis = [...filled];
  for (let j = 0; j < cols; j++) {
    if (done.has(j)) continue;
    let best: Float64Array | null = null, bestNorm = -1;
    for (let e = 0; e < m; e++) {
      const w = new Float64Array(m);
      w[e] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (const b of basis) {
          let dot = 0;
          for (let k = 0; k < m; k++) dot += u[k * cols + b] * w[k];
          for (let k = 0; k < m; k++) w[k] -= dot * u[k * cols + b];
        }
      }
      const norm = Math.hypot(...w);
      if (norm > bestNorm) [best, bestNorm] = [w, norm];
      if (norm > 0.5) break;
    }
    for (let k = 0; k < m; k++) u[k * cols + j] = best![k] / bestNorm;
    basis.push(j);
    done.add(j);
  }
}

const SVD: OpDef = {
  name: "linalg_svd",
  node: "LinalgSvdBackward0",
  multiOutput: true,
  undefinedGrads: true,
  backward: ([gU, gS, gVh]: (T | null)[], { U, S, Vh, full }) => {
    const k = S.shape[S.dim() - 1];
    // full_matrices: only the first k columns of U and rows of Vh enter A (derivatives.yaml narrows them).
    if (full) {
      U = U.narrow(-1, 0, k);
      Vh = Vh.narrow(-2, 0, k);
      gU = gU?.narrow(-1, 0, k) ?? null;
      gVh = gVh?.narrow(-2, 0, k) ?? null;
    }
    return [svdBackward(gU, gS, gVh, U, S, Vh)];
  },
};

/** svdvals' node: SVD's with the singular vectors' gradients undefined. */
const SVDVALS: OpDef = { ...SVD, backward: ([gS]: T[], saved, needs) => SVD.backward([null, gS, null], saved, needs) };

/** FunctionsManual's svd_backward (reduced U, S, Vh; real). */
function svdBackward(gU: T | null, gS: T | null, gVh: T | null, U: T, S: T, Vh: T): T {
  const m = U.shape[U.dim() - 2], n = Vh.shape[Vh.dim() - 1];
  if (gU === null && gVh === null) return m >= n ? U.matmul(gS!.unsqueeze(-1).mul(Vh)) : U.mul(gS!.unsqueeze(-2)).matmul(Vh);
  const skew = (x: T) => x.sub(mT(x));
  const E = gaps(S.mul(S));
  let gA: T;
  if (gU !== null && gVh !== null) gA = skew(mT(U).matmul(gU)).mul(S.unsqueeze(-2)).add(S.unsqueeze(-1).mul(skew(Vh.matmul(mT(gVh))))).div(E);
  else if (gU !== null) gA = skew(mT(U).matmul(gU)).mul(S.unsqueeze(-2)).div(E);
  else gA = S.unsqueeze(-1).mul(skew(Vh.matmul(mT(gVh!)))).div(E);
  if (gS !== null) gA = gA.add(gS.diag_embed());
  if (m > n && gU !== null) {
    // gA = [U gA + (I_m - U U^H) gU S^-1] V^H
    const gUSinv = gU.div(S.unsqueeze(-2));
    return U.matmul(gA).add(gUSinv).sub(U.matmul(mT(U).matmul(gUSinv))).matmul(Vh);
  }
  if (m < n && gVh !== null) {
    // gA = U [gA V^H + S^-1 gVh (I_n - V V^H)]
    const SinvgVh = gVh.div(S.unsqueeze(-1));
    return U.matmul(gA.matmul(Vh).add(SinvgVh).sub(SinvgVh.matmul(mT(Vh)).matmul(Vh)));
  }
  return m >= n ? U.matmul(gA.matmul(Vh)) : U.matmul(gA).matmul(Vh);
}

/**
 * The SVD of each matrix. One with a non-finite entry factors to NaNs (as gesdd does an infinite
 * one); with `check`, a NaN is PyTorch's error (gesdd fails to converge), as every SVD user but lstsq has it.
 */
export function svdOf(fn: string, a: Tensor, full: boolean, vectors: boolean, check = true): { U: Tensor; S: Tensor; Vh: Tensor } {
  const [m, n] = checkMatrix(fn, a);
  const k = Math.min(m, n);
  const batch = a.shape.slice(0, -2), count = batch.reduce((x, y) => x * y, 1);
  const uCols = full ? m : k, vRows = full ? n : k;
  const s = new Float64Array(count * k), u = new Float64Array(count * m * uCols), vh = new Float64Array(count * vRows * n);
  const tall = m >= n;
  const failed = new Float64Array(count);
  eachMatrix(a, (mat, b) => {
    if (!mat.every(Number.isFinite)) {
      failed[b] = mat.some(Number.isNaN) ? 1 : 0;
      s.fill(NaN, b * k, (b + 1) * k);
      u.fill(NaN, b * m * uCols, (b + 1) * m * uCols);
      vh.fill(NaN, b * vRows * n, (b + 1) * vRows * n);
      return;
    }
    // A wide matrix is factored through its transpose: A^T = U' S V'^T gives U = V', Vh = U'^T.
    const [rows, cols] = tall ? [m, n] : [n, m];
    const work = tall ? mat : transpose(mat, m, n);
    const r = jacobiSvd(work, rows, cols, tall ? uCols : vRows);
    s.set(r.s, b * k);
    const [left, leftCols, right] = tall ? [r.u, uCols, r.v] : [r.v, cols, r.u];
    // U: left's first uCols columns (m rows); Vh: the transpose of right's first vRows columns.
    for (let i = 0; i < m; i++) for (let j = 0; j < uCols; j++) u[b * m * uCols + i * uCols + j] = left[i * leftCols + j];
    const rightCols = tall ? n : vRows;
    for (let i = 0; i < vRows; i++) for (let j = 0; j < n; j++) vh[b * vRows * n + i * n + j] = right[j * rightCols + i];
  });
  if (check) checkInfo("linalg.svd", Tensor._make(failed, batch, float64), () => "The algorithm failed to converge because the input matrix contained non-finite values.");
  const S = output(s, [...batch, k], a);
  const U = output(u, [...batch, m, uCols], a), Vh = output(vh, [...batch, vRows, n], a);
  if (needsGrad(a)) record(vectors ? SVD : SVDVALS, [a], vectors ? [U, S, Vh] : [S], { U, S, Vh, full });
  return { U, S, Vh };
}

function transpose(x: Float64Array, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = x[i * n + j];
  return t;
}

/** The SVD's `driver` (gesvd, gesvdj, gesvda) picks a cuSOLVER routine: PyTorch refuses it on the CPU. */
function checkDriver(driver: unknown): void {
  if (driver !== undefined && driver !== null) throw new RuntimeError("torch.linalg.svd: keyword argument `driver=` is only supported on CUDA inputs with cuSOLVER backend.");
}

/** linalg.svd(A, full_matrices=True): { U, S, Vh } with A = U diag(S) Vh, S descending. */
export function svd(a: Tensor, ...args: unknown[]): [Tensor, Tensor, Tensor] & { U: Tensor; S: Tensor; Vh: Tensor } {
  const o = bindArgs("linalg_svd", args, ["full_matrices"], ["driver"]);
  checkDriver(o.driver);
  const { U, S, Vh } = svdOf("linalg.svd", a, (o.full_matrices as boolean | undefined) ?? true, true);
  return Object.assign([U, S, Vh] as [Tensor, Tensor, Tensor], { U, S, Vh });
}
/** linalg.svdvals(A): the singular values, descending. */
export function svdvals(a: Tensor, ...args: unknown[]): Tensor {
  checkDriver(bindArgs("linalg_svdvals", args, [], ["driver"]).driver);
  return svdOf("linalg.svdvals", a, false, false).S;
}
/**
 * torch.svd(A, some=True, compute_uv=True) (deprecated in PyTorch): { U, S, V } with
 * A = U diag(S) V^T; without compute_uv, U and V are zero-filled m x m and n x n.
 */
export function torchSvd(a: Tensor, ...args: unknown[]): [Tensor, Tensor, Tensor] & { U: Tensor; S: Tensor; V: Tensor } {
  const o = bindArgs("svd", args, ["some", "compute_uv"]);
  const some = (o.some as boolean | undefined) ?? true, computeUv = (o.compute_uv as boolean | undefined) ?? true;
  let U: Tensor, S: Tensor, V: Tensor;
  if (computeUv) {
    const r = svdOf("linalg.svd", a, !some, true);
    [U, S, V] = [r.U, r.S, mT(r.Vh)];
  } else {
    const [m, n] = checkMatrix("linalg.svd", a);
    S = svdOf("linalg.svdvals", a, false, false).S;
    const batch = a.shape.slice(0, -2);
    [U, V] = [Tensor._full([...batch, m, m], 0, a.dtype, a.device), Tensor._full([...batch, n, n], 0, a.dtype, a.device)];
  }
  return Object.assign([U, S, V] as [Tensor, Tensor, Tensor], { U, S, V });
}

// ---------------------------------------------------------------------------
// Built on the SVD, as PyTorch composes them

/** The cutoff below which singular values count as zero: max(atol, rtol * largest), rtol eps * max(m, n) when neither is given. */
function cutoff(a: Tensor, S: Tensor, atol: number | Tensor | null | undefined, rtol: number | Tensor | null | undefined): Tensor {
  const [m, n] = a.shape.slice(-2);
  const atolT = atol === undefined || atol === null ? 0 : atol;
  const rtolT = rtol ?? (atol === undefined || atol === null ? finfo(a.dtype).eps * Math.max(m, n) : 0);
  const largest = S.numel() === 0 ? S.sum(-1, true) : S.narrow(-1, 0, 1);
  const scaled = largest.mul(rtolT);
  return typeof atolT === "number" ? scaled.clamp_min(atolT) : scaled.maximum(atolT.unsqueeze(-1));
}

/**
 * FunctionsManual's pinv_backward: the pseudo-inverse's differential (Golub and Pereyra),
 * arranged so that the products are of the smaller dimension.
 */
export function pinvBackward(g: T, pinvA: T, A: T): T {
  const [m, n] = A.shape.slice(-2);
  const pinvAh = mT(pinvA), gh = mT(g);
  if (m <= n) {
    const K = gh.matmul(pinvA), KpinvAh = K.matmul(pinvAh);
    return mT(pinvA.matmul(K)).neg().add(KpinvAh).sub(A.matmul(pinvA).matmul(KpinvAh)).add(pinvAh.matmul(pinvA).matmul(gh.sub(K.matmul(A))));
  }
  const K = pinvA.matmul(gh), pinvAhK = pinvAh.matmul(K);
  return mT(K.matmul(pinvA)).neg().add(gh.sub(A.matmul(K)).matmul(pinvA).matmul(pinvAh)).add(pinvAhK).sub(pinvAhK.matmul(pinvA).matmul(A));
}
const PINV: OpDef = { name: "linalg_pinv", node: "LinalgPinvBackward0", backward: (g: T, { self, result }) => [pinvBackward(g, result, self)] };

/** V diag(1/S) U^H from A's reduced SVD, the singular values under the cutoff dropped (no graph: for the forwards). */
export function pinvOfSvd(a: Tensor, { U, S, Vh }: { U: Tensor; S: Tensor; Vh: Tensor }, atol?: number, rtol?: number | Tensor): Tensor {
  const keep = S.gt(cutoff(a, S, atol, rtol));
  return mT(Vh).mul(where(keep, S.reciprocal(), 0).unsqueeze(-2)).matmul(mT(U));
}

/**
 * PyTorch's TypeError for pinv's rcond (matrix_rank's tol) given with atol or rtol: no overload
 * takes both. Its "got" lists the keywords in reverse order.
 */
function checkToleranceOverload(fn: string, legacy: string, args: readonly unknown[], o: Options): void {
  if (o[legacy] === undefined || (o.atol === undefined && o.rtol === undefined)) return;
  const last = args[args.length - 1];
  const keywords = isOptions(last) ? Object.entries(last).reverse() : [];
  const got = ["Tensor", ...args.filter((v) => !isOptions(v)).map(typeName), ...keywords.map(([k, v]) => `${k}=${typeName(v)}`)].join(", ");
  throw new TorchTypeError(
    `${fn}() received an invalid combination of arguments - got (${got}), but expected one of:\n * (Tensor input, *, Tensor atol, Tensor rtol, bool hermitian, Tensor out)\n` +
      ` * (Tensor input, *, float atol, float rtol, bool hermitian, Tensor out)\n * (Tensor input, Tensor ${legacy}, bool hermitian, *, Tensor out)\n * (Tensor input, float ${legacy}, bool hermitian, *, Tensor out)\n`,
  );
}

/** linalg.pinv(A, *, atol=None, rtol=None, hermitian=False) or pinv(A, rcond, hermitian=False): the pseudo-inverse V diag(1/S) U^H, singular values under the cutoff dropped. */
export function pinv(a: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("linalg_pinv", args, ["rcond", "hermitian"], ["atol", "rtol"]);
  checkToleranceOverload("linalg_pinv", "rcond", args, o);
  checkMatrix("linalg.pinv", a);
  const rtol = (o.rtol ?? o.rcond) as number | Tensor | undefined;
  const out = no_grad(() => {
    if (o.hermitian) {
      const { L, V } = eighOf("linalg.pinv", a, "L", true);
      const absL = L.abs();
      const keep = absL.gt(cutoff(a, absL.amax(-1, true), o.atol as number | undefined, rtol));
      return V.mul(where(keep, L.reciprocal(), 0).unsqueeze(-2)).matmul(mT(V));
    }
    return pinvOfSvd(a, svdOf("linalg.svd", a, false, true), o.atol as number | undefined, rtol);
  });
  if (needsGrad(a)) record(PINV, [a], out, { self: a, result: out });
  return out;
}
/** torch.pinverse(A, rcond=1e-15): linalg.pinv with rtol rcond. */
export function pinverse(a: Tensor, rcond = 1e-15): Tensor {
  return pinv(a, { rtol: rcond });
}

/** linalg.matrix_rank(A, *, atol=None, rtol=None, hermitian=False) or matrix_rank(A, tol, hermitian=False): how many singular values exceed the cutoff (int64). */
export function matrix_rank(a: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("linalg_matrix_rank", args, ["tol", "hermitian"], ["atol", "rtol"]);
  checkToleranceOverload("linalg_matrix_rank", "tol", args, o);
  checkMatrix("linalg.matrix_rank", a);
  return no_grad(() => {
    const S = o.hermitian ? eighOf("linalg.eigvalsh", a, "L", false).L.abs().sort(-1, true).values : svdOf("linalg.svdvals", a, false, false).S;
    const atol = (o.atol ?? o.tol) as number | undefined;
    return S.gt(cutoff(a, S, atol, o.rtol as number | undefined)).sum(-1);
  });
}

