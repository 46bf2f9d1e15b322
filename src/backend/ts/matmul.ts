// A cache-blocked matrix product on typed arrays. Operands are packed into
// contiguous row-major panels first, so the inner loop streams both with
// stride 1; four rows of C are computed per pass over a row of B, which keeps
// four accumulators in registers for each loaded element of B.
import { allocate, type DType, type TypedArray } from "../../dtype.js";
import type { View } from "../backend.js";

const BLOCK_K = 256;
const BLOCK_N = 512;

function pack(v: View, batchIndex: number, batchStride: number, rows: number, cols: number, rowStride: number, colStride: number): Float64Array | Float32Array {
  const out = v.data instanceof Float32Array ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  const base = v.offset + batchIndex * batchStride;
  const d = v.data;
  if (colStride === 1 && rowStride === cols) {
    out.set(d.subarray(base, base + rows * cols) as never);
    return out;
  }
  for (let i = 0; i < rows; i++) {
    let p = base + i * rowStride;
    const o = i * cols;
    for (let j = 0; j < cols; j++, p += colStride) out[o + j] = d[p];
  }
  return out;
}

function gemm(A: ArrayLike<number>, B: ArrayLike<number>, C: TypedArray, cOff: number, M: number, K: number, N: number): void {
  const acc = new Float64Array(4 * BLOCK_N);
  for (let j0 = 0; j0 < N; j0 += BLOCK_N) {
    const nb = Math.min(BLOCK_N, N - j0);
    let i = 0;
    for (; i + 4 <= M; i += 4) {
      acc.fill(0, 0, 4 * nb);
      for (let k0 = 0; k0 < K; k0 += BLOCK_K) {
        const kEnd = Math.min(k0 + BLOCK_K, K);
        for (let k = k0; k < kEnd; k++) {
          const a0 = A[i * K + k], a1 = A[(i + 1) * K + k], a2 = A[(i + 2) * K + k], a3 = A[(i + 3) * K + k];
          const bRow = k * N + j0;
          for (let j = 0; j < nb; j++) {
            const b = B[bRow + j];
            acc[j] += a0 * b;
            acc[nb + j] += a1 * b;
            acc[2 * nb + j] += a2 * b;
            acc[3 * nb + j] += a3 * b;
          }
        }
      }
      for (let r = 0; r < 4; r++) {
        const cRow = cOff + (i + r) * N + j0;
        for (let j = 0; j < nb; j++) C[cRow + j] = acc[r * nb + j];
      }
    }
    for (; i < M; i++) {
      acc.fill(0, 0, nb);
      for (let k = 0; k < K; k++) {
        const a = A[i * K + k];
        const bRow = k * N + j0;
        for (let j = 0; j < nb; j++) acc[j] += a * B[bRow + j];
      }
      const cRow = cOff + i * N + j0;
      for (let j = 0; j < nb; j++) C[cRow + j] = acc[j];
    }
  }
}

export function matmulKernel(a: View, b: View, batch: number, m: number, k: number, n: number, dtype: DType): TypedArray {
  const out = allocate(dtype, batch * m * n);
  const [abs, ars, acs] = a.strides;
  const [bbs, brs, bcs] = b.strides;
  let packedA: Float32Array | Float64Array | null = null;
  let packedB: Float32Array | Float64Array | null = null;
  for (let bi = 0; bi < batch; bi++) {
    // A broadcast batch (stride 0) is packed once and reused.
    if (packedA === null || abs !== 0) packedA = pack(a, bi, abs, m, k, ars, acs);
    if (packedB === null || bbs !== 0) packedB = pack(b, bi, bbs, k, n, brs, bcs);
    gemm(packedA, packedB, out, bi * m * n, m, k, n);
  }
  return out;
}
