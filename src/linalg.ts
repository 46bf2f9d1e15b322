// torch.linalg: norms (src/ops/reduce.ts), square and triangular systems and Cholesky (src/ops/solve.ts),
// QR, eigh and the SVD with what PyTorch builds on them (src/ops/decomp.ts).
import { bindArgs } from "./args.js";
import { RuntimeError } from "./errors.js";
import { svdvals } from "./ops/decomp.js";
import { invWithInfo } from "./ops/solve.js";
import { where } from "./ops/elementwise.js";
import type { DimArg, Tensor } from "./tensor.js";
import * as R from "./ops/reduce.js";
import { castTo } from "./args.js";

export { inv, det, slogdet, solve, matrix_power, solve_triangular, linalgCholesky as cholesky, cholesky_ex } from "./ops/solve.js";
export { qr, eigh, eigvalsh, svd, svdvals, pinv, matrix_rank } from "./ops/decomp.js";
export { matrix_exp, multi_dot, lstsq, vecdot, inv_ex, solve_ex, tensorinv, tensorsolve, linalgVander as vander, linalgDiagonal as diagonal } from "./ops/matrix_functions.js";
export { matmul } from "./ops/linalg.js";
export { lu_factor, lu_factor_ex, lu, lu_solve } from "./ops/lu.js";

type Ord = number | "fro" | "nuc";

/** vector_norm(x, ord=2, dim=None, keepdim=False): the ord-norm over dim (all elements by default). */
export function vector_norm(x: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("linalg.vector_norm", args, ["ord", "dim", "keepdim"], ["dtype"]);
  return R.vectorNorm(castTo(x, o.dtype), { p: (o.ord as number | undefined) ?? 2, dim: o.dim as DimArg, keepdim: (o.keepdim as boolean | undefined) ?? false });
}

/** matrix_norm(A, ord='fro', dim=(-2, -1), keepdim=False): 'fro', 'nuc', 1, -1, 2, -2, inf, -inf. */
export function matrix_norm(a: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("linalg.matrix_norm", args, ["ord", "dim", "keepdim"], ["dtype"]);
  const ord = (o.ord as Ord | undefined) ?? "fro";
  const dims = ((o.dim as number[] | undefined) ?? [-2, -1]).map((d) => (d < 0 ? d + a.dim() : d));
  const keepdim = (o.keepdim as boolean | undefined) ?? false;
  if (a.dim() < 2) throw new RuntimeError(`linalg.matrix_norm: The input tensor A must have at least 2 dimensions.`);
  a = castTo(a, o.dtype);
  if (ord === "fro") return R.vectorNorm(a, { p: 2, dim: dims, keepdim });
  if (ord === "nuc" || Math.abs(ord) === 2) {
    // PyTorch's: the singular values of the dims permuted last, their largest, smallest or sum,
    // with keepdim the two dims put back by the reverse permutation.
    const perm = [...Array(a.dim()).keys()].filter((d) => !dims.includes(d)).concat(dims);
    const S = svdvals(a.permute(perm));
    const result = ord === "nuc" ? S.sum(-1, keepdim) : ord > 0 ? S.amax(-1, keepdim) : S.amin(-1, keepdim);
    return keepdim ? result.unsqueeze(-1).permute(perm.map((_, i) => perm.indexOf(i))) : result;
  }
  if (Math.abs(ord) !== 1 && Math.abs(ord) !== Infinity) throw new RuntimeError(`linalg.matrix_norm: Order ${ord} not supported.`);
  // PyTorch's: the 1-norms down the columns (along the rows for inf), then their max (min for negative ord).
  let [d0, d1] = dims;
  if (Math.abs(ord) === Infinity) [d0, d1] = [d1, d0];
  if (!keepdim && d0 < d1) d1--;
  const sums = R.vectorNorm(a, { p: 1, dim: [d0], keepdim });
  return ord > 0 ? sums.amax(d1, keepdim) : sums.amin(d1, keepdim);
}

/** norm(A, ord=None, dim=None, keepdim=False): a vector norm over one dim (or all, ord None), a matrix norm over two. */
export function norm(a: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("linalg.norm", args, ["ord", "dim", "keepdim"], ["dtype"]);
  const ord = o.ord as Ord | undefined | null, keepdim = (o.keepdim as boolean | undefined) ?? false;
  a = castTo(a, o.dtype);
  let dim = o.dim as number | number[] | undefined | null;
  if (typeof dim === "number") dim = [dim];
  if (ord === undefined || ord === null) return R.vectorNorm(a, { p: 2, dim: dim ?? undefined, keepdim });
  const dims = dim ?? (a.dim() === 1 ? [0] : a.dim() === 2 ? [0, 1] : null);
  if (dims === null) throw new RuntimeError(`linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got ${a.dim()}D.`);
  if (dims.length === 2) return matrix_norm(a, ord, dims, keepdim);
  if (typeof ord === "string") throw new RuntimeError(`linalg.vector_norm: ord ${ord} is only defined for matrices`);
  return R.vectorNorm(a, { p: ord, dim: dims, keepdim });
}
export { linalg_cross as cross } from "./ops/math.js";

/** cond(A, p=None): the condition number, from the singular values for p None/2/-2, else norm(A, p) norm(A^-1, p) (PyTorch's). */
export function cond(a: Tensor, ...args: unknown[]): Tensor {
  const p = bindArgs("linalg.cond", args, ["p"]).p as Ord | null | undefined;
  if (p === undefined || p === null || p === 2 || p === -2) {
    const s = svdvals(a);
    const sMax = s.narrow(-1, 0, 1), sMin = s.narrow(-1, s.shape[s.dim() - 1] - 1, 1);
    return (p === -2 ? sMin.div(sMax) : sMax.div(sMin)).squeeze(-1);
  }
  // PyTorch's helper: a singular matrix's inverse is inf (linalg.inv_ex's info), and NaNs become inf.
  const { inverse: raw, info } = invWithInfo(a, false);
  const inverse = where(info.unsqueeze(-1).unsqueeze(-1).gt(0), Infinity, raw);
  return matrix_norm(a, p).mul(matrix_norm(inverse, p)).nan_to_num(Infinity);
}
