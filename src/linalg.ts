// torch.linalg: norms (src/ops/reduce.ts), square and triangular systems and Cholesky (src/ops/solve.ts),
// QR, eigh and the SVD with what PyTorch builds on them (src/ops/decomp.ts).
import { bindArgs, isOptions } from "./args.js";
import { dtypeFromName, type DType } from "./dtype.js";
import { RuntimeError, TorchTypeError, typeName } from "./errors.js";
import { wrapDim } from "./shape.js";
import { svdvals } from "./ops/decomp.js";
import { invWithInfo } from "./ops/solve.js";
import { where } from "./ops/elementwise.js";
import type { DimArg, Tensor } from "./tensor.js";
import * as R from "./ops/reduce.js";

/** torch.linalg.LinAlgError (torch._C._LinAlgError): the singular and not-positive-definite errors. */
export { LinAlgError } from "./errors.js";

export { inv, det, slogdet, solve, matrix_power, solve_triangular, linalgCholesky as cholesky, cholesky_ex } from "./ops/solve.js";
export { qr, eigh, eigvalsh, svd, svdvals, pinv, matrix_rank } from "./ops/decomp.js";
export { matrix_exp, multi_dot, lstsq, vecdot, inv_ex, solve_ex, tensorinv, tensorsolve, linalgVander as vander, linalgDiagonal as diagonal } from "./ops/matrix_functions.js";
export { matmul } from "./ops/linalg.js";
export { lu_factor, lu_factor_ex, lu, lu_solve } from "./ops/lu.js";

type Ord = number | "fro" | "nuc";

/** The norms' input and dtype checks (PyTorch's): a floating input, cast only to a floating dtype at least as wide. */
function normInput(fn: string, x: Tensor, dtype: unknown): Tensor {
  if (!x.dtype.is_floating_point) throw new RuntimeError(`${fn}: Expected a floating point or complex tensor as input. Got ${x.dtype.scalarName}`);
  if (dtype === undefined || dtype === null) return x;
  const d = dtypeFromName(dtype as DType);
  if (!d.is_floating_point) throw new RuntimeError(`${fn}: dtype should be floating point or complex, but got ${d.scalarName}`);
  if (d.itemsize < x.dtype.itemsize) throw new RuntimeError(`${fn}: the dtype of the input (${x.dtype.scalarName}) should be convertible without narrowing to the specified dtype (${d.scalarName})`);
  return x.to(d);
}

/** vector_norm(x, ord=2, dim=None, keepdim=False): the ord-norm over dim (all elements by default). */
export function vector_norm(x: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("linalg_vector_norm", args, ["ord", "dim", "keepdim"], ["dtype"]);
  // A number (or bool) only: "fro" and "nuc" are matrix norms.
  if ("ord" in o && typeof o.ord !== "number" && typeof o.ord !== "boolean") {
    throw new TorchTypeError(`linalg_vector_norm(): argument 'ord'${isOptions(args[0]) ? "" : " (position 2)"} must be Number, not ${typeName(o.ord)}`);
  }
  return R.vectorNorm(normInput("linalg.vector_norm", x, o.dtype), { p: Number(o.ord ?? 2), dim: o.dim as DimArg, keepdim: (o.keepdim as boolean | undefined) ?? false });
}

/** matrix_norm(A, ord='fro', dim=(-2, -1), keepdim=False): 'fro', 'nuc', 1, -1, 2, -2, inf, -inf. */
export function matrix_norm(a: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("linalg_matrix_norm", args, ["ord", "dim", "keepdim"], ["dtype"]);
  const ord = (o.ord as Ord | undefined) ?? "fro";
  const dim = (o.dim as number | number[] | undefined) ?? [-2, -1];
  const keepdim = (o.keepdim as boolean | undefined) ?? false;
  if (a.dim() < 2) throw new RuntimeError(`linalg.matrix_norm: The input tensor A must have at least 2 dimensions.`);
  a = normInput("linalg.matrix_norm", a, o.dtype);
  if (!Array.isArray(dim) || dim.length !== 2) throw new RuntimeError(`linalg.matrix_norm: dim must be a 2-tuple. Got ${[dim].flat().join(" ")}`);
  const dims = dim.map((d) => wrapDim(d, a.dim()));
  if (dims[0] === dims[1]) throw new RuntimeError(`linalg.matrix_norm: dims must be different. Got (${dims.join(", ")})`);
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

/**
 * norm(A, ord=None, dim=None, keepdim=False), as PyTorch routes it: a matrix norm for a string ord, or
 * an ord over two dims (a 2-D A without dim); else a vector norm (the 2-norm for ord None).
 */
export function norm(a: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("linalg_norm", args, ["ord", "dim", "keepdim"], ["dtype"]);
  const ord = (o.ord as Ord | null | undefined) ?? null, keepdim = (o.keepdim as boolean | undefined) ?? false;
  const dim = typeof o.dim === "number" ? [o.dim] : ((o.dim as number[] | null | undefined) ?? null);
  if (dim !== null && dim.length !== 1 && dim.length !== 2) throw new RuntimeError(`linalg.norm: If dim is specified, it must be of length 1 or 2. Got [${dim.join(", ")}]`);
  if (dim === null && ord !== null && a.dim() !== 1 && a.dim() !== 2) throw new RuntimeError(`linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got ${a.dim()}D.`);
  if (typeof ord === "string" || (ord !== null && (dim?.length ?? a.dim()) === 2)) return matrix_norm(a, ord, dim ?? [0, 1], keepdim, { dtype: o.dtype });
  return vector_norm(a, ord ?? 2, dim ?? undefined, keepdim, { dtype: o.dtype });
}
export { linalg_cross as cross } from "./ops/math.js";

/** cond(A, p=None): the condition number, from the singular values for p None/2/-2, else norm(A, p) norm(A^-1, p) (PyTorch's). */
export function cond(a: Tensor, ...args: unknown[]): Tensor {
  const p = bindArgs("linalg_cond", args, ["p"]).p as Ord | null | undefined;
  const pText = p === Infinity ? "inf" : p === -Infinity ? "-inf" : String(p);
  if (![undefined, null, 2, -2, 1, -1, Infinity, -Infinity, "fro", "nuc"].includes(p)) throw new RuntimeError(`linalg.cond got an invalid norm type: ${pText}`);
  if (a.dim() < 2) throw new RuntimeError("linalg.cond: The input tensor must have at least 2 dimensions.");
  if (p === undefined || p === null || p === 2 || p === -2) {
    const s = svdvals(a);
    const sMax = s.narrow(-1, 0, 1), sMin = s.narrow(-1, s.shape[s.dim() - 1] - 1, 1);
    return (p === -2 ? sMin.div(sMax) : sMax.div(sMin)).squeeze(-1);
  }
  const [m, n] = a.shape.slice(-2);
  if (m !== n) throw new RuntimeError(`linalg.cond(ord=${pText}): A must be batches of square matrices, but they are ${m} by ${n} matrices`);
  // PyTorch's helper: a singular matrix's inverse is inf (linalg.inv_ex's info), and NaNs become inf.
  const { inverse: raw, info } = invWithInfo(a, null);
  const inverse = where(info.unsqueeze(-1).unsqueeze(-1).gt(0), Infinity, raw);
  return matrix_norm(a, p).mul(matrix_norm(inverse, p)).nan_to_num(Infinity);
}
