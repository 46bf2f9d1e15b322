// Strided iteration shared by the reference kernels. Every loop walks the
// output in row-major order with the innermost dim as a tight loop.
import { isContiguous, numelOf } from "../../shape.js";
import type { View } from "../backend.js";

/** The starting offset of each innermost row of `shape`, for each of several strided inputs. */
export function rowOffsets(shape: readonly number[], stridesList: readonly (readonly number[])[], bases: readonly number[]): Int32Array[] {
  const nd = shape.length;
  const rows = nd <= 1 ? 1 : numelOf(shape) / shape[nd - 1];
  const result = stridesList.map(() => new Int32Array(rows));
  const idx = new Int32Array(Math.max(nd - 1, 0));
  const cur = bases.slice();
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < cur.length; k++) result[k][r] = cur[k];
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++;
      if (idx[d] < shape[d]) {
        for (let k = 0; k < cur.length; k++) cur[k] += stridesList[k][d];
        break;
      }
      for (let k = 0; k < cur.length; k++) cur[k] -= stridesList[k][d] * (shape[d] - 1);
      idx[d] = 0;
    }
  }
  return result;
}

/** Offsets into x of every element of x (row-major), as a flat list. */
export function elementOffsets(x: View): Int32Array {
  const n = numelOf(x._shape);
  const out = new Int32Array(n);
  if (isContiguous(x._shape, x._strides)) {
    for (let i = 0; i < n; i++) out[i] = x._offset + i;
    return out;
  }
  const nd = x._shape.length;
  const inner = x._shape[nd - 1];
  const st = x._strides[nd - 1];
  const [rows] = rowOffsets(x._shape, [x._strides], [x._offset]);
  let o = 0;
  for (let r = 0; r < rows.length; r++) {
    let p = rows[r];
    for (let j = 0; j < inner; j++, p += st) out[o++] = p;
  }
  return out;
}

