#!/usr/bin/env python3
"""Golden values from PyTorch 1.13 for torch.linalg's options and errors: tensorinv's ind,
lu_solve's left and adjoint, LU's gradient of wide and tall matrices, the dtype and ord errors,
non-finite inputs (the SVD's error, eigh's NaNs, Cholesky's), the named tuples by attribute,
and the LinAlgError texts (batched too).

Run:  /usr/bin/python3 tests/golden/linalg_options.py
Writes tests/golden/linalg_options.json, replayed by tests/linalg_options.test.ts. The cases use
generate.py's chain format and recorder (its own cases are built on import, not recorded).
"""
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from generate import L, T, V, case, cases, f, m, record_case, t0, t1, t2  # noqa: E402

del cases[:]  # generate.py's own cases; ours follow

LA = "linalg."
NAN, INF = float("nan"), float("inf")
SINGULAR = V([1.0, 2.0, 2.0, 4.0], [2, 2])
SINGULAR_BATCH = V([1.0, 0.0, 0.0, 1.0, 1.0, 2.0, 2.0, 4.0], [2, 2, 2])
NOT_PD_BATCH = V([1.0, 0.0, 0.0, 1.0, 1.0, 2.0, 2.0, 1.0], [2, 2, 2])


def I32(values, shape=None):
    return {"shape": shape if shape is not None else [len(values)], "dtype": "int32", "values": values, "rg": False}


# A packed LU with a strong diagonal (U well away from singular) and a nonzero L part.
PACKED = T(3, 3, spd=True)
PIVOTS = I32([2, 3, 3])

# ---- tensorinv's ind ---------------------------------------------------------------------------
case("tensorinv ind keyword", [T(6, 2, 3, dtype="float64")], f(LA + "tensorinv", t0, ind=1))
case("tensorinv ind positional", [T(6, 2, 3)], f(LA + "tensorinv", t0, 1))
case("tensorinv ind 3", [T(2, 2, 3, 12)], f(LA + "tensorinv", t0, ind=3))
case("tensorinv ind 0", [T(4, 2, 2)], f(LA + "tensorinv", t0, ind=0))
case("tensorinv ind mismatch", [T(4, 2, 2)], f(LA + "tensorinv", t0, ind=2))
case("tensorinv ind float", [T(4, 2, 2)], f(LA + "tensorinv", t0, 1.5))
case("tensorinv ind str keyword", [T(4, 2, 2)], f(LA + "tensorinv", t0, ind="a"))
case("tensorinv singular", [V([0.0] * 16, [2, 2, 2, 2])], f(LA + "tensorinv", t0))

# ---- lu_solve: left, adjoint, their gradients ----------------------------------------------------
case("lu_solve left", [PACKED, PIVOTS, T(3, 2)], f(LA + "lu_solve", t0, t1, t2, left=True))
case("lu_solve adjoint", [PACKED, PIVOTS, T(3, 2)], f(LA + "lu_solve", t0, t1, t2, adjoint=True))
case("lu_solve left=False", [PACKED, PIVOTS, T(2, 3)], f(LA + "lu_solve", t0, t1, t2, left=False))
case("lu_solve left=False adjoint", [PACKED, PIVOTS, T(2, 3)], f(LA + "lu_solve", t0, t1, t2, left=False, adjoint=True))
case("lu_solve adjoint batched B", [PACKED, PIVOTS, T(2, 3, 2)], f(LA + "lu_solve", t0, t1, t2, adjoint=True))
case("lu_solve left=False batched LU", [T(2, 3, 3, spd=True), I32([2, 3, 3, 1, 3, 3], [2, 3]), T(4, 3)],
     f(LA + "lu_solve", t0, t1, t2, left=False))
case("lu_solve left=False adjoint batched", [T(2, 3, 3, spd=True), I32([3, 2, 3, 1, 2, 3], [2, 3]), T(2, 1, 3)],
     f(LA + "lu_solve", t0, t1, t2, left=False, adjoint=True))
case("lu_solve B 1-d", [PACKED, PIVOTS, T(3)], f(LA + "lu_solve", t0, t1, t2))
case("lu_solve left=False shapes", [PACKED, PIVOTS, T(3, 2)], f(LA + "lu_solve", t0, t1, t2, left=False))
case("lu_solve adjoint shapes", [PACKED, PIVOTS, T(2, 3)], f(LA + "lu_solve", t0, t1, t2, adjoint=True))
case("lu_solve LU not square", [T(3, 2), I32([1, 2]), T(3, 1)], f(LA + "lu_solve", t0, t1, t2))
case("lu_solve int64 pivots", [PACKED, L([2, 3, 3]), T(3, 1)], f(LA + "lu_solve", t0, t1, t2))
case("lu_solve pivots count", [PACKED, I32([2, 3]), T(3, 1)], f(LA + "lu_solve", t0, t1, t2))
case("lu_solve dtype mismatch", [PACKED, PIVOTS, T(3, 1, dtype="float64")], f(LA + "lu_solve", t0, t1, t2))
case("torch.lu_solve dtype mismatch", [T(3, 1, dtype="float64"), PACKED, PIVOTS], f("lu_solve", t0, t1, t2))
case("lu_solve unknown keyword", [PACKED, PIVOTS, T(3, 1)], f(LA + "lu_solve", t0, t1, t2, right=True))

# ---- LU's gradient for wide and tall matrices ------------------------------------------------------
case("lu wide gradient", [T(3, 5)], f(LA + "lu", t0))
case("lu tall gradient", [T(5, 3)], f(LA + "lu", t0))
case("lu wide batched gradient", [T(2, 2, 4)], f(LA + "lu", t0))
case("lu wide L only", [T(3, 5)], f(LA + "lu", t0), ("item", 1))
case("lu wide U only", [T(3, 5)], f(LA + "lu", t0), ("item", 2))
case("lu tall L only", [T(5, 3)], f(LA + "lu", t0), ("item", 1))
case("lu tall U only", [T(4, 2)], f(LA + "lu", t0), ("item", 2))
case("lu_factor wide gradient", [T(3, 5)], f(LA + "lu_factor", t0), ("item", 0))
case("lu_factor_ex tall gradient", [T(5, 3)], f(LA + "lu_factor_ex", t0), ("item", 0))
case("lu_factor tall batched gradient", [T(2, 4, 3)], f(LA + "lu_factor", t0), ("item", 0))

# ---- dtype and ord errors --------------------------------------------------------------------------
case("solve float32 with float64", [T(3, 3), T(3, 2, dtype="float64")], f(LA + "solve", t0, t1))
case("solve float64 with float32", [T(3, 3, dtype="float64"), T(3)], f(LA + "solve", t0, t1))
case("solve left=False dtypes", [T(3, 3), T(2, 3, dtype="float64")], f(LA + "solve", t0, t1, left=False))
case("solve_ex dtypes", [T(3, 3), T(3, 2, dtype="float64")], f(LA + "solve_ex", t0, t1))
case("solve float64 with int64", [T(2, 2, dtype="float64"), L([1, 2])], f(LA + "solve", t0, t1))
case("lstsq dtypes", [T(3, 2), T(3, 1, dtype="float64")], f(LA + "lstsq", t0, t1))
case("cholesky_solve dtypes", [T(3, 1, dtype="float64"), T(3, 3, tri="lower")], f("cholesky_solve", t0, t1))
case("vector_norm fro", [T(3)], f(LA + "vector_norm", t0, "fro"))
case("vector_norm nuc", [T(3)], f(LA + "vector_norm", t0, "nuc"))
case("vector_norm ord fro keyword", [T(3)], f(LA + "vector_norm", t0, ord="fro"))
case("vector_norm ord None", [T(3)], f(LA + "vector_norm", t0, None))
case("vector_norm ord bool", [T(3)], f(LA + "vector_norm", t0, True))
case("vector_norm int64", [L([1, 2])], f(LA + "vector_norm", t0))
case("vector_norm dtype int64", [T(3)], f(LA + "vector_norm", t0, dtype="int64"))
case("vector_norm dtype narrowing", [T(3, dtype="float64")], f(LA + "vector_norm", t0, dtype="float32"))
case("vector_norm dtype widening", [T(3)], f(LA + "vector_norm", t0, dtype="float64"))
case("matrix_norm int64", [L([1, 2, 3, 4], [2, 2])], f(LA + "matrix_norm", t0))
case("matrix_norm dtype int64", [T(2, 2)], f(LA + "matrix_norm", t0, dtype="int64"))
case("matrix_norm 2 dtype narrowing", [T(3, 3, dtype="float64")], f(LA + "matrix_norm", t0, 2, dtype="float32"))
case("matrix_norm dim 1-tuple", [T(3, 3)], f(LA + "matrix_norm", t0, dim=[0]))
case("matrix_norm dim 3-tuple", [T(3, 3)], f(LA + "matrix_norm", t0, "fro", [0, 1, 1]))
case("matrix_norm same dims", [T(3, 3)], f(LA + "matrix_norm", t0, dim=[0, -2]))
case("matrix_norm dim out of range", [T(3, 3)], f(LA + "matrix_norm", t0, dim=[0, 2]))
case("matrix_norm order 3", [T(3, 3)], f(LA + "matrix_norm", t0, 3))
case("norm int64", [L([1, 2])], f(LA + "norm", t0))
case("norm dtype narrowing", [T(3, dtype="float64")], f(LA + "norm", t0, dtype="float32"))
case("norm fro dtype narrowing", [T(3, 3, dtype="float64")], f(LA + "norm", t0, "fro", dtype="float32"))
case("norm string ord of a vector", [T(3)], f(LA + "norm", t0, "fro"))
case("norm string ord one dim", [T(3, 3)], f(LA + "norm", t0, "nuc", 1))
case("norm three dims", [T(2, 2, 2)], f(LA + "norm", t0, 2, [0, 1, 2]))
case("norm ord over two dims", [T(2, 3, 4)], f(LA + "norm", t0, 1, [0, 2]))
case("norm None over two dims", [T(2, 3, 4)], f(LA + "norm", t0, None, [2, 0], True))

# ---- non-finite inputs ----------------------------------------------------------------------------------
NAN_UPPER = V([1.0, NAN, 3.0, 4.0], [2, 2])
NAN_LOWER = V([1.0, 2.0, NAN, 4.0], [2, 2])
INF_UPPER = V([1.0, INF, 3.0, 4.0], [2, 2])
NAN_BATCH = V([1.0, 0.0, 0.0, 1.0, 1.0, NAN, 3.0, 4.0], [2, 2, 2])
case("svd NaN", [NAN_UPPER], f(LA + "svd", t0))
case("svd NaN reduced wide", [V([1.0, 2.0, 3.0, NAN, 4.0, 5.0], [2, 3])], f(LA + "svd", t0, full_matrices=False))
case("svd NaN batched", [NAN_BATCH], f(LA + "svd", t0))
case("svdvals NaN", [NAN_LOWER], f(LA + "svdvals", t0))
case("torch.svd NaN", [NAN_UPPER], f("svd", t0))
case("pinv NaN", [NAN_UPPER], f(LA + "pinv", t0))
case("matrix_rank NaN", [NAN_UPPER], f(LA + "matrix_rank", t0))
case("matrix_norm 2 NaN", [NAN_UPPER], f(LA + "matrix_norm", t0, 2))
case("matrix_norm nuc NaN", [NAN_UPPER], f(LA + "matrix_norm", t0, "nuc"))
case("cond NaN", [NAN_UPPER], f(LA + "cond", t0))
case("svd inf singular values", [INF_UPPER], f(LA + "svd", t0), ("item", 1))
case("svdvals inf", [INF_UPPER], f(LA + "svdvals", t0))
case("pinv inf", [INF_UPPER], f(LA + "pinv", t0))
case("matrix_rank inf", [INF_UPPER], f(LA + "matrix_rank", t0))
case("cond inf", [INF_UPPER], f(LA + "cond", t0))
case("pinv hermitian NaN outside the triangle", [NAN_UPPER], f(LA + "pinv", t0, hermitian=True))
case("eigvalsh NaN outside the triangle", [NAN_UPPER], f(LA + "eigvalsh", t0))
case("eigh NaN", [NAN_LOWER], f(LA + "eigh", t0))
case("eigh inf", [V([1.0, 2.0, INF, 4.0], [2, 2])], f(LA + "eigh", t0))
case("eigvalsh NaN upper", [NAN_UPPER], f(LA + "eigvalsh", t0, UPLO="U"))
case("eigh NaN batched", [V([1.0, 0.0, 0.0, 1.0, 1.0, 2.0, NAN, 4.0], [2, 2, 2])], f(LA + "eigh", t0))
case("cholesky NaN", [V([1.0, 0.0, NAN, 1.0], [2, 2])], f(LA + "cholesky", t0))
case("cholesky_ex NaN", [V([1.0, 0.0, NAN, 1.0], [2, 2], "float64")], f(LA + "cholesky_ex", t0))
case("cholesky NaN outside the triangle", [NAN_UPPER], f(LA + "cholesky", t0))
case("cholesky inf diagonal", [V([INF, 0.0, 0.0, 1.0], [2, 2])], f(LA + "cholesky", t0))
case("lstsq NaN", [NAN_UPPER, V([1.0, 1.0], [2, 1])], f(LA + "lstsq", t0, t1), ("item", 0))
case("det NaN", [NAN_UPPER], f(LA + "det", t0))
case("inv NaN", [NAN_UPPER], f(LA + "inv", t0))
case("solve NaN", [NAN_UPPER, V([1.0, 1.0], [2, 1])], f(LA + "solve", t0, t1))
case("qr NaN", [NAN_UPPER], f(LA + "qr", t0))
case("lu_factor NaN", [NAN_UPPER], f(LA + "lu_factor", t0))

# ---- named tuples by attribute -------------------------------------------------------------------------
case("slogdet sign", [T(3, 3)], f(LA + "slogdet", t0), ("attr", "sign"))
case("slogdet logabsdet", [T(3, 3)], f(LA + "slogdet", t0), ("attr", "logabsdet"))
case("slogdet index 1", [T(3, 3)], f(LA + "slogdet", t0), ("item", 1))
case("torch.slogdet logabsdet", [T(2, 3, 3)], f("slogdet", t0), ("attr", "logabsdet"))
case("Tensor.slogdet sign", [T(3, 3)], m("slogdet"), ("attr", "sign"))
case("eigh eigenvalues", [T(3, 3, spd=True)], f(LA + "eigh", t0), ("attr", "eigenvalues"), no_gradcheck=True)
case("svd S", [T(3, 2)], f(LA + "svd", t0), ("attr", "S"))
case("torch.svd S", [T(3, 2)], f("svd", t0), ("attr", "S"))
case("qr R", [T(3, 2)], f(LA + "qr", t0), ("attr", "R"))
case("lu_factor pivots", [T(3, 3)], f(LA + "lu_factor", t0), ("attr", "pivots"))
case("lu_factor_ex info", [SINGULAR], f(LA + "lu_factor_ex", t0), ("attr", "info"))
case("lu U", [T(3, 3)], f(LA + "lu", t0), ("attr", "U"))
case("lu P", [T(3, 3)], f(LA + "lu", t0), ("attr", "P"))
case("lu_unpack L", [T(3, 3), I32([2, 3, 3])], f("lu_unpack", t0, t1), ("attr", "L"))
case("lstsq solution", [T(4, 2), T(4, 1)], f(LA + "lstsq", t0, t1), ("attr", "solution"))
case("lstsq rank", [T(4, 2), T(4, 1)], f(LA + "lstsq", t0, t1), ("attr", "rank"))
case("lstsq singular_values gelsd", [T(4, 2, dtype="float64"), T(4, 1, dtype="float64")], f(LA + "lstsq", t0, t1, driver="gelsd"), ("attr", "singular_values"))
case("inv_ex inverse", [T(3, 3)], f(LA + "inv_ex", t0), ("attr", "inverse"))
case("inv_ex info", [SINGULAR_BATCH], f(LA + "inv_ex", t0), ("attr", "info"))
case("cholesky_ex L", [T(3, 3, spd=True)], f(LA + "cholesky_ex", t0), ("attr", "L"), no_gradcheck=True)
case("cholesky_ex info", [NOT_PD_BATCH], f(LA + "cholesky_ex", t0), ("attr", "info"))
case("solve_ex result", [T(3, 3), T(3, 2)], f(LA + "solve_ex", t0, t1), ("attr", "result"))

# ---- LinAlgError and the other singular-matrix errors -------------------------------------------------
case("inv singular", [SINGULAR], f(LA + "inv", t0))
case("inv singular first element", [V([0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0], [3, 3])], f(LA + "inv", t0))
case("inv singular batched", [SINGULAR_BATCH], f(LA + "inv", t0))
case("torch.inverse singular batched", [SINGULAR_BATCH], f("inverse", t0))
case("inv_ex check_errors", [SINGULAR], f(LA + "inv_ex", t0, check_errors=True))
case("inv_ex check_errors batched", [SINGULAR_BATCH], f(LA + "inv_ex", t0, check_errors=True))
case("matrix_power -1 singular", [SINGULAR_BATCH], f(LA + "matrix_power", t0, -1))
case("solve singular", [SINGULAR, T(2, 1)], f(LA + "solve", t0, t1))
case("solve singular batched", [SINGULAR_BATCH, T(2, 2, 1)], f(LA + "solve", t0, t1))
case("solve left=False singular", [SINGULAR, T(1, 2)], f(LA + "solve", t0, t1, left=False))
case("solve_ex singular info", [SINGULAR_BATCH, T(2, 2, 1)], f(LA + "solve_ex", t0, t1), ("item", 1))
case("solve_ex check_errors", [SINGULAR_BATCH, T(2, 2, 1)], f(LA + "solve_ex", t0, t1, check_errors=True))
case("tensorsolve singular", [V([0.0] * 16, [2, 2, 4]), T(2, 2)], f(LA + "tensorsolve", t0, t1))
case("cholesky not positive-definite", [V([1.0, 2.0, 2.0, 1.0], [2, 2])], f(LA + "cholesky", t0))
case("cholesky upper batched", [NOT_PD_BATCH], f(LA + "cholesky", t0, upper=True))
case("cholesky_ex check_errors batched", [NOT_PD_BATCH], f(LA + "cholesky_ex", t0, check_errors=True))
case("torch.cholesky batched", [NOT_PD_BATCH], f("cholesky", t0))
case("cholesky_inverse singular", [V([1.0, 0.0, 0.0, 1.0, 2.0, 0.0, 1.0, 1.0, 0.0], [3, 3])], f("cholesky_inverse", t0))
case("cholesky_inverse singular upper", [V([1.0, 1.0, 0.0, 0.0], [2, 2])], f("cholesky_inverse", t0, True))
case("cholesky_inverse singular batched", [V([1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0], [2, 2, 2])], f("cholesky_inverse", t0))
case("lu_factor singular batched", [SINGULAR_BATCH], f(LA + "lu_factor", t0))
case("lu_factor_ex check_errors", [SINGULAR_BATCH], f(LA + "lu_factor_ex", t0, check_errors=True))
case("torch.lu singular", [SINGULAR_BATCH], f("lu", t0))
case("lu_factor pivot=False", [T(3, 3)], f(LA + "lu_factor", t0, pivot=False))
case("lu pivot=False", [T(3, 3)], f(LA + "lu", t0, pivot=False))
case("lu_factor 1-d", [T(3)], f(LA + "lu_factor", t0))
case("lu 1-d", [T(3)], f(LA + "lu", t0))
case("lu_factor int64", [L([1, 2, 3, 4], [2, 2])], f(LA + "lu_factor", t0))

# ---- other options ------------------------------------------------------------------------------------------
case("svdvals driver", [T(2, 2)], f(LA + "svdvals", t0, driver="gesvd"))
# Dropping singular values makes it the pseudo-inverse of another matrix, whose gradient pinv's is not.
case("pinv rcond positional", [T(3, 3)], f(LA + "pinv", t0, 0.5), no_gradcheck=True)
case("pinv rcond hermitian positional", [T(3, 3, spd=True)], f(LA + "pinv", t0, 0.05, True), no_gradcheck=True)
case("pinv rcond with rtol", [T(2, 2)], f(LA + "pinv", t0, rcond=0.5, rtol=0.1))
case("pinv rcond with atol", [T(2, 2)], f(LA + "pinv", t0, 0.5, atol=0.1))
case("matrix_rank tol positional", [V([1.0, 2.0, 3.0, 4.00001], [2, 2])], f(LA + "matrix_rank", t0, 0.5))
case("matrix_rank tol hermitian", [V([1.0, 2.0, 2.0, 4.00001], [2, 2])], f(LA + "matrix_rank", t0, 0.5, True))
case("matrix_rank tol with atol", [T(2, 2)], f(LA + "matrix_rank", t0, tol=0.5, atol=0.1))
case("cond invalid p", [T(2, 2)], f(LA + "cond", t0, 3))
case("cond invalid p string", [T(2, 2)], f(LA + "cond", t0, "foo"))
case("cond 1 of a wide matrix", [T(2, 3)], f(LA + "cond", t0, 1))
case("cond inf of a wide matrix", [T(2, 3)], f(LA + "cond", t0, {"num": "inf"}))
case("cond 2 of a wide matrix", [T(2, 3)], f(LA + "cond", t0, 2))
case("cond 1-d", [T(3)], f(LA + "cond", t0, 1))
case("cond inf norm", [T(3, 3)], f(LA + "cond", t0, {"num": "inf"}), no_grad_check=True)
case("eigh UPLO lower case", [T(3, 3, spd=True)], f(LA + "eigvalsh", t0, "u"), no_gradcheck=True)
case("eigh UPLO two letters", [T(3, 3)], f(LA + "eigh", t0, "LU"))
for fn, extra in [("qr", []), ("eigh", []), ("lstsq", [t0]), ("vecdot", [t0]), ("diagonal", []), ("tensorsolve", [t1])]:
    case(f"{fn} unknown keyword", [T(2, 2), T(2)], f(LA + fn, t0, *extra, foo=1))


def main():
    recorded = [record_case(c) for c in cases]
    doc = {"torch_version": torch.__version__, "generator": "tests/golden/linalg_options.py", "cases": recorded}
    with open(os.path.join(HERE, "linalg_options.json"), "w") as fh:
        json.dump(doc, fh, indent=None, separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {len(recorded)} linalg option cases", file=sys.stderr)


if __name__ == "__main__":
    main()
