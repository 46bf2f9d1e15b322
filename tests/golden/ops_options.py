#!/usr/bin/env python3
"""Golden values from PyTorch 1.13 for op options and forms: index_put's accumulate, scatter's
reduce, searchsorted's sorter, unique's dim, cov's weights, var/std and xlogy gradients at their
edges, the (values, indices) results indexed as tuples, and einsum's errors.

Run:  /usr/bin/python3 tests/golden/ops_options.py
Writes tests/golden/ops_options.json, replayed by tests/ops_options.test.ts. The cases use
generate.py's chain format and recorder (its own cases are built on import, not recorded).
"""
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from generate import B, L, T, V, case, cases, f, m, record_case, t0, t1, t2  # noqa: E402

del cases[:]  # generate.py's own cases; ours follow

NOGRAD = {"no_grad_check": True}  # a node whose backward raises (checked by a "backward" case)


def I32(values):
    return {"shape": [len(values)], "dtype": "int32", "values": values, "rg": False}


# ---- index_put: accumulate, and the out-of-place form ------------------------------------------
case("index_put_ accumulate repeated index", [V([0.0, 0.0, 0.0], [3]), L([0, 0]), V([1.0], [])],
     m("index_put_", [t1], t2, accumulate=True), print=True)
case("index_put_ accumulate positional", [T(3), L([0, 0, 2]), T(3)], m("clone"), m("index_put_", [t1], t2, True))
case("index_put_ accumulate 0-d value", [T(4), L([1, 1, 1]), V([2.5], [], rg=True)], m("clone"), m("index_put_", [t1], t2, accumulate=True))
case("index_put_ accumulate false", [T(4), L([3, 1]), V([2.5], [], rg=True)], m("clone"), m("index_put_", [t1], t2, accumulate=False))
case("index_put accumulate", [T(3), L([0, 0]), T(2)], f("index_put", t0, [t1], t2, accumulate=True), print=True)
case("index_put overwrite", [T(3), L([2, 0]), T(2)], f("index_put", t0, [t1], t2))
case("index_put method", [T(3, 4), L([0, 2, 0]), T(3, 4)], m("index_put", [t1], t2, True))
case("index_put two indices", [T(3, 4), L([1, 1, 2]), L([0, 0, 3]), T(3)], f("index_put", t0, [t1, t2], {"t": 3}, accumulate=True))
case("index_put broadcast value", [T(2, 3), L([1, 1]), T()], f("index_put", t0, [t1], t2, accumulate=True))
case("index_put bool mask", [T(2, 3), B([True, False, True, True, False, False], [2, 3]), T(3)], f("index_put", t0, [t1], t2, accumulate=True))
case("index_put int64", [L([1, 2, 3]), L([0, 0]), L([5, 6])], f("index_put", t0, [t1], t2, accumulate=True))
case("torch.index_put_", [T(3), L([1, 1]), T(2)], m("clone"), ("f", "index_put_", [{"prev": 1}, [t1], t2], {"accumulate": True}))
case("index_put dtype mismatch", [T(3), L([0, 1]), V([1.0, 2.0], [2], "float64")], f("index_put", t0, [t1], t2))
case("index_put int32 indices", [T(3), I32([0, 1]), T(2)], f("index_put", t0, [t1], t2, accumulate=True))
case("index_put too many indices", [T(3), L([0]), T(1)], f("index_put", t0, [t1, t1], t2))
case("index_put shape mismatch", [T(2, 3), L([1, 1]), T(2)], f("index_put", t0, [t1], t2, accumulate=True))
case("index_put keeps a value's leading 1s", [T(2, 3), L([0]), T(1, 1, 3)], f("index_put", t0, [t1], t2))
case("index_put values not a tensor", [T(3), L([0])], f("index_put", t0, [t1], 1.5))
case("index_put index not a tensor", [T(3), T(1)], f("index_put", t0, [None], t1))
case("Tensor.index_put values not a tensor", [T(3), L([0])], m("index_put", [t1], 1.5))
case("Tensor.index_put index not a tensor", [T(3), T(1)], m("index_put", [None], t1))
case("index_put out of range", [T(3), L([5]), T(1)], f("index_put", t0, [t1], t2, accumulate=True))

# ---- scatter with reduce ------------------------------------------------------------------------
IDX = L([0, 0, 1, 1, 0, 0], [2, 3])
case("scatter reduce add", [T(2, 3, rg=False), IDX, T(2, 3, rg=False)], m("scatter", 0, t1, t2, reduce="add"), print=True)
case("scatter reduce multiply", [T(2, 3, rg=False), IDX, T(2, 3, rg=False)], m("scatter", 0, t1, t2, reduce="multiply"))
case("scatter reduce add value", [T(2, 3, rg=False), IDX], m("scatter", 0, t1, 2.5, reduce="add"))
case("scatter reduce multiply value dim1", [T(2, 3, rg=False), L([2, 2, 0, 1, 1, 1], [2, 3])], m("scatter", 1, t1, -1.5, reduce="multiply"))
case("scatter reduce int64 value truncates", [L([1, 1, 1, 1, 1, 1], [2, 3]), IDX], m("scatter", 0, t1, 2.5, reduce="add"))
case("scatter reduce int64 multiply", [L([1, 2, 3, 4, 5, 6], [2, 3]), IDX, L([2, 3, 4, 5, 6, 7], [2, 3])], m("scatter", 0, t1, t2, reduce="multiply"))
case("scatter reduce larger src", [T(2, 3, rg=False), L([1, 0, 1, 1], [2, 2]), T(3, 4, rg=False)], m("scatter", 0, t1, t2, reduce="add"))
case("scatter_ reduce in place", [T(2, 3, rg=False), IDX, T(2, 3, rg=False)], m("clone"), m("scatter_", 0, t1, t2, reduce="multiply"))
case("torch.scatter reduce", [T(2, 3, rg=False), IDX, T(2, 3, rg=False)], f("scatter", t0, 0, t1, t2, reduce="multiply"))
case("scatter reduce node", [T(2, 3), IDX, T(2, 3)], m("scatter", 0, t1, t2, reduce="add"), **NOGRAD)
case("scatter_ reduce value node", [T(2, 3), IDX], m("clone"), m("scatter_", 0, t1, 2.0, reduce="add"), **NOGRAD)
case("scatter reduce backward", [T(2, 3), IDX, T(2, 3)], m("scatter", 0, t1, t2, reduce="add"), m("sum"), m("backward"))
case("scatter reduce mean", [T(2, 3, rg=False), IDX, T(2, 3, rg=False)], m("scatter", 0, t1, t2, reduce="mean"))
case("scatter reduce dtype mismatch", [T(2, 3, rg=False), IDX, V([1.0] * 6, [2, 3], "float64")], m("scatter", 0, t1, t2, reduce="add"))
case("scatter reduce index out of range", [T(3, rg=False), L([5, 0]), T(2, rg=False)], m("scatter", 0, t1, t2, reduce="multiply"))

# ---- searchsorted with sorter -----------------------------------------------------------------
SEQ, SORTER = V([3.0, 1.0, 2.0, 5.0, 4.0], [5]), L([1, 2, 0, 4, 3])
case("searchsorted sorter", [SEQ, V([2.5, 0.0, 6.0, 3.0], [4]), SORTER], f("searchsorted", t0, t1, sorter=t2))
case("searchsorted sorter right", [SEQ, V([2.5, 0.0, 6.0, 3.0], [4]), SORTER], f("searchsorted", t0, t1, sorter=t2, right=True))
case("searchsorted sorter side right", [SEQ, V([3.0, 5.0], [2]), SORTER], f("searchsorted", t0, t1, sorter=t2, side="right"))
case("searchsorted sorter scalar", [SEQ, SORTER], f("searchsorted", t0, 3.0, sorter=t1))
case("searchsorted sorter 2d", [V([3.0, 1.0, 2.0, 0.0, 5.0, 4.0], [2, 3]), V([2.5, 0.0, 4.5, 6.0], [2, 2]), L([1, 2, 0, 0, 2, 1], [2, 3])],
     f("searchsorted", t0, t1, sorter=t2, out_int32=True))
case("searchsorted sorter size", [SEQ, V([2.5], [1]), L([1, 2, 0])], f("searchsorted", t0, t1, sorter=t2))
case("searchsorted sorter int32", [SEQ, V([2.5], [1]), I32([1, 2, 0, 4, 3])], f("searchsorted", t0, t1, sorter=t2))
case("searchsorted side", [SEQ, V([2.5], [1])], f("searchsorted", t0, t1, side="middle"))
case("searchsorted 0-d boundaries", [V([1.0], []), V([2.5], [1])], f("searchsorted", t0, t1))
case("searchsorted scalar with 2-d boundaries", [V([1.0, 2.0], [1, 2]), V([2.5], [])], f("searchsorted", t0, t1))

# ---- unique and unique_consecutive with dim ----------------------------------------------------
ROWS = L([1, 3, 2, 3, 1, 3, 0, 5], [4, 2])
case("unique dim 0", [ROWS], f("unique", t0, dim=0, return_inverse=True, return_counts=True))
case("unique dim 1", [ROWS], f("unique", t0, dim=1, return_inverse=True, return_counts=True))
case("unique dim -1 counts", [ROWS], m("unique", dim=-1, return_counts=True))
case("unique dim positional", [ROWS], m("unique", False, True, True, 0))
case("unique dim unsorted", [ROWS], f("unique", t0, sorted=False, dim=0))
case("unique dim 3-d", [L([1, 2, 3, 4, 1, 2, 3, 4, 0, 2, 3, 4], [3, 2, 2])], f("unique", t0, dim=0, return_inverse=True))
case("unique dim 2 of 3-d", [L([1, 1, 3, 3, 1, 1, 3, 3, 0, 0, 3, 4], [3, 2, 2])], f("unique", t0, dim=2, return_inverse=True, return_counts=True))
case("unique dim bool", [B([True, False, True, False, False, False], [3, 2])], f("unique", t0, dim=0, return_counts=True))
case("unique dim float", [V([0.5, -1.0, 0.5, -1.0, 0.25, 2.0], [3, 2])], f("unique", t0, dim=0, return_inverse=True), print=True)
case("unique dim empty selected", [V([], [0, 3])], f("unique", t0, dim=0, return_inverse=True, return_counts=True))
case("unique dim empty not selected", [V([], [2, 0])], f("unique", t0, dim=0))
case("unique dim two empty dims", [V([], [0, 0])], f("unique", t0, dim=0))
case("unique dim out of range", [ROWS], f("unique", t0, dim=2))
case("unique dim of 0-d", [V([3.0], [])], f("unique", t0, dim=0))
case("unique dim node", [V([1.0, 2.0, 1.0, 2.0], [2, 2], rg=True)], f("unique", t0, dim=0), **NOGRAD)
case("unique node", [V([1.0, 2.0, 1.0, 2.0], [2, 2], rg=True)], f("unique", t0), **NOGRAD)
case("unique dim backward", [V([1.0, 2.0, 1.0, 2.0], [2, 2], rg=True)], f("unique", t0, dim=0), m("sum"), m("backward"))
case("unique backward", [V([1.0, 2.0, 1.0, 2.0], [2, 2], rg=True)], f("unique", t0), m("sum"), m("backward"))
RUNS = L([1, 3, 1, 3, 2, 3, 1, 3], [4, 2])
case("unique_consecutive dim 0", [RUNS], f("unique_consecutive", t0, dim=0, return_inverse=True, return_counts=True))
case("unique_consecutive dim 1", [RUNS], m("unique_consecutive", return_inverse=True, return_counts=True, dim=1))
case("unique_consecutive dim empty", [V([], [0, 2])], f("unique_consecutive", t0, dim=0, return_inverse=True, return_counts=True))
case("unique_consecutive dim of 0-d", [V([1.0], [])], f("unique_consecutive", t0, dim=0))
case("unique_consecutive dim node", [V([1.0, 2.0, 1.0, 2.0], [2, 2], rg=True)], f("unique_consecutive", t0, dim=0), **NOGRAD)
case("unique_consecutive backward", [V([1.0, 2.0, 1.0, 2.0], [2, 2], rg=True)], f("unique_consecutive", t0, dim=0), m("sum"), m("backward"))
case("unique_consecutive signed zero and nan", [V([float("nan"), float("nan"), 0.0, -0.0, 1.0], [5])], f("unique_consecutive", t0, return_counts=True))

# ---- cov with fweights and aweights -------------------------------------------------------------
OBS = T(2, 5)
FW, AW = L([1, 2, 1, 3, 2]), V([0.5, 1.0, 2.0, 1.5, 0.25], [5], rg=True)
case("cov fweights", [OBS, FW], f("cov", t0, fweights=t1))
case("cov aweights", [OBS, AW], f("cov", t0, aweights=t1))
case("cov fweights and aweights", [OBS, FW, AW], f("cov", t0, fweights=t1, aweights=t2), print=True)
case("cov weights correction 0", [OBS, FW, AW], f("cov", t0, fweights=t1, aweights=t2, correction=0))
case("cov weights correction 2", [OBS, FW, AW], m("cov", fweights=t1, aweights=t2, correction=2))
case("cov 1-d weighted", [T(5), FW, AW], f("cov", t0, fweights=t1, aweights=t2))
case("cov float64 aweights", [OBS, V([0.5, 1.0, 2.0, 1.5, 0.25], [5], "float64", rg=True)], f("cov", t0, aweights=t1))
case("cov int input fweights", [L([1, 2, 4, 7, 0], [5]), FW], f("cov", t0, fweights=t1))
case("cov no degrees of freedom", [T(2, 4, rg=False), L([0, 0, 1, 0])], f("cov", t0, fweights=t1))
case("cov fweights float", [OBS, V([1.0] * 5, [5])], f("cov", t0, fweights=t1))
case("cov fweights negative", [OBS, L([1, -2, 1, 3, 2])], f("cov", t0, fweights=t1))
case("cov aweights negative", [OBS, V([1.0, -2.0, 1.0, 3.0, 2.0], [5])], f("cov", t0, aweights=t1))
case("cov aweights integral", [OBS, L([1, 2, 1, 3, 2])], f("cov", t0, aweights=t1))
case("cov fweights numel", [OBS, L([1, 2, 1])], f("cov", t0, fweights=t1))
case("cov aweights numel", [OBS, V([1.0, 2.0, 1.0], [3])], f("cov", t0, aweights=t1))
case("cov fweights 2-d", [OBS, L([1, 2, 1, 3, 2], [1, 5])], f("cov", t0, fweights=t1))
case("cov aweights 2-d", [OBS, V([1.0, 2.0, 1.0, 3.0, 2.0], [1, 5])], f("cov", t0, aweights=t1))
case("cov weights sum to zero", [T(3), V([0.0, 0.0, 0.0], [3])], f("cov", t0, aweights=t1))
case("cov bool input", [B([True, False, True])], f("cov", t0))

# ---- var and std gradients at their edges -------------------------------------------------------
CONST = V([2.0] * 6, [2, 3], rg=True)
EDGE = {"no_gradcheck": True}  # not differentiable at these points (a constant, no degrees of freedom, a rounding tie)
case("std of a constant", [CONST], m("std"), **EDGE)
case("var of a constant", [CONST], m("var"))
case("std dim of a constant line", [V([2.0, 2.0, 2.0, 1.0, 2.0, 4.0], [2, 3], rg=True)], m("std", 1), **EDGE)
case("std dim correction 0", [CONST], m("std", 1, correction=0), **EDGE)
case("std unbiased false keepdim", [V([2.0, 2.0, 3.0, 4.0], [2, 2], rg=True)], m("std", 1, False, True), **EDGE)
case("std_mean of a constant", [CONST], f("std_mean", t0, 1), **EDGE)
case("var_mean of a constant", [CONST], f("var_mean", t0, 1))
case("var dim negative dof", [V([1.0, 2.0], [2], rg=True)], m("var", 0, correction=3), **EDGE)
case("var whole negative dof", [V([1.0, 2.0], [2], rg=True)], m("var", None, correction=3), **EDGE)
case("std dim no dof", [V([1.0, 2.0], [2], rg=True)], m("std", 0, correction=2), **EDGE)
case("var_mean dim negative dof", [V([2.0, 2.0, 3.0, 3.0], [2, 2], rg=True)], f("var_mean", t0, 0, correction=5), **EDGE)
case("std_mean dim negative dof", [V([2.0, 2.0, 3.0, 3.0], [2, 2], rg=True)], f("std_mean", t0, 0, correction=5), **EDGE)
case("var of 0-d", [V([3.0], [], rg=True)], m("var"), **EDGE)
case("std of 0-d biased", [V([3.0], [], rg=True)], m("std", None, correction=0), **EDGE)

# ---- xlogy and xlog1py gradients at 0 ------------------------------------------------------------
XS = V([1.0, 0.0, 0.0, 2.0, -1.0, 0.0, float("nan"), 1.0], [8], rg=True)
case("xlogy gradients at y = 0", [XS, V([0.0, 0.0, 3.0, 0.0, 0.0, -1.0, 0.0, float("nan")], [8], rg=True)], f("xlogy", t0, t1), **EDGE)
case("xlogy x = 0, y > 0", [V([0.0, 1.5, 0.0, 2.0], [4], rg=True), T(4, pos=True)], f("xlogy", t0, t1))
case("special.xlogy at y = 0", [V([1.0, 0.0], [2], rg=True), V([0.0, 0.0], [2], rg=True)], f("special.xlogy", t0, t1), **EDGE)
case("xlog1py gradients at y = -1", [V([1.0, 0.0, 0.0, 2.0, -1.0, 0.0], [6], rg=True), V([-1.0, -1.0, 3.0, -1.0, -1.0, -2.0], [6], rg=True)],
     f("special.xlog1py", t0, t1), **EDGE)
case("xlog1py x = 0, y > -1", [V([0.0, 1.5, 0.0], [3], rg=True), T(3, pos=True)], f("special.xlog1py", t0, t1))

# ---- (values, indices) results indexed as tuples ---------------------------------------------------
X = T(3, 4)
case("sort [0]", [X], f("sort", t0), ("item", 0))
case("sort [1]", [X], m("sort", 0, True), ("item", 1))
case("max(dim) [0]", [X], m("max", 1), ("item", 0))
case("max(dim) [1]", [X], m("max", 1), ("item", 1))
case("min(dim) [1]", [X], f("min", t0, 0, True), ("item", 1))
case("topk [0]", [X], m("topk", 2), ("item", 0))
case("topk [1]", [X], m("topk", 2, 0, False), ("item", 1))
case("kthvalue [0]", [X], m("kthvalue", 2), ("item", 0))
case("kthvalue [1]", [X], f("kthvalue", t0, 2, 0), ("item", 1))
case("mode [1]", [V([1.0, 2.0, 2.0, 3.0, 3.0, 3.0], [2, 3])], m("mode", 1), ("item", 1))
case("median(dim) [0]", [X], m("median", 1), ("item", 0))
case("nanmedian(dim) [1]", [V([1.0, float("nan"), 3.0, 0.5], [2, 2])], m("nanmedian", 1), ("item", 1))
case("cummax [0]", [X], m("cummax", 1), ("item", 0))
case("cummin [1]", [X], f("cummin", t0, 0), ("item", 1))
case("aminmax [0]", [X], f("aminmax", t0, dim=1), ("item", 0), **NOGRAD)
case("aminmax [1]", [T(3, 4, rg=False)], m("aminmax"), ("item", 1))

# ---- einsum's errors and labels -------------------------------------------------------------------
A, BB = T(2, 3), T(4, 5)
case("einsum size mismatch", [A, BB], f("einsum", "ij,jk->ik", t0, t1))
case("einsum fewer operands", [A], f("einsum", "ij,jk->ik", t0))
case("einsum more operands", [A, T(3, 5), A], f("einsum", "ij,jk", t0, t1, t2))
case("einsum output not in input", [A], f("einsum", "ij->ik", t0))
case("einsum too many subscripts", [A], f("einsum", "ijk->ik", t0))
case("einsum too few subscripts", [A], f("einsum", "i->i", t0))
case("einsum empty equation", [A], f("einsum", "", t0))
case("einsum repeated sizes", [A], f("einsum", "ii->i", t0))
case("einsum output repeated", [A], f("einsum", "ij->ii", t0))
case("einsum stray dot", [A], f("einsum", "i.j->ij", t0))
case("einsum ellipsis more subscripts", [T(3)], f("einsum", "...ij->...i", t0))
case("einsum two ellipses", [A], f("einsum", "i...j...->i", t0))
case("einsum output ellipsis twice", [A], f("einsum", "ij->i...j...", t0))
case("einsum output stray dot", [A], f("einsum", "ij->i.", t0))
case("einsum invalid subscript", [A], f("einsum", "i1->i", t0))
case("einsum invalid output subscript", [A], f("einsum", "ij->i->j", t0))
case("einsum no operands", [], f("einsum", "ij"))
case("einsum ellipsis broadcast", [T(2, 3), T(4, 3)], f("einsum", "...i,...i->...", t0, t1))
case("einsum upper-case labels", [A], f("einsum", "iJ", t0))
case("einsum implicit label order", [T(2, 3, 4)], f("einsum", "zAb", t0))
case("einsum size-1 broadcast", [A, T(1, 5)], f("einsum", "ij,jk->ik", t0, t1))
case("einsum ellipsis of no dims", [A, A], f("einsum", "ij,ij->i...", t0, t1))
case("einsum sublist", [A, T(3, 4)], f("einsum", t0, [0, 1], t1, [1, 2], [0, 2]))
case("einsum sublist implicit", [A, T(3, 4)], f("einsum", t0, [30, 1], t1, [1, 40]))
case("einsum sublist out of range", [A], f("einsum", t0, [0, 52]))
case("einsum spaces", [A, T(3, 4)], f("einsum", "ij ,jk -> ik", t0, t1))


# ---- options found accepted and ignored: round's decimals, cdist's compute_mode, nansum's dtype, diff's prepend, ...
ROUNDING = V([1.2345, -2.5, 1234.5678, 0.125, float("nan"), 2.675], [6], rg=True)
case("round decimals", [ROUNDING], m("round", decimals=2), print=True, **EDGE)
case("round negative decimals", [ROUNDING], f("round", t0, decimals=-2), **EDGE)
case("round decimals 0", [ROUNDING], m("round", decimals=0), **EDGE)
case("round decimals float64", [V([2.675, 1.005, 0.3], [3], "float64", rg=True)], f("round", t0, decimals=2), **EDGE)
case("round decimals int", [L([15, 25])], f("round", t0, decimals=1))
case("round_ decimals", [ROUNDING], m("clone"), m("round_", decimals=1), **EDGE)
case("cdist use_mm", [T(3, 2), T(4, 2)], f("cdist", t0, t1, compute_mode="use_mm_for_euclid_dist"))
case("cdist use_mm batched", [T(2, 3, 2), T(1, 4, 2)], f("cdist", t0, t1, 2.0, "use_mm_for_euclid_dist"))
case("cdist mm past 25 rows", [T(27, 2), T(3, 2)], f("cdist", t0, t1))
case("cdist donot_use_mm past 25 rows", [T(27, 2), T(3, 2)], f("cdist", t0, t1, compute_mode="donot_use_mm_for_euclid_dist"))
case("cdist use_mm p=1", [T(3, 2), T(4, 2)], f("cdist", t0, t1, p=1.0, compute_mode="use_mm_for_euclid_dist"))
case("cdist compute_mode invalid", [T(3, 2), T(4, 2)], f("cdist", t0, t1, compute_mode="fast"))
case("cdist compute_mode None", [T(3, 2), T(4, 2)], f("cdist", t0, t1, compute_mode=None))
case("nansum dtype", [V([1.0, float("nan"), 3.0, 0.5], [2, 2], rg=True)], f("nansum", t0, dtype="float64"))
case("nansum dim dtype", [V([1.0, float("nan"), 3.0, 0.5], [2, 2], rg=True)], f("nansum", t0, 0, True, dtype="float64"))
case("nansum int to float", [L([1, 2, 3])], f("nansum", t0, dtype="float32"))
case("nanmean dtype", [V([1.0, float("nan"), 3.0, 0.5], [2, 2], rg=True)], f("nanmean", t0, 1, dtype="float64"))
case("diff prepend number", [T(3)], f("diff", t0, prepend=1.5))
case("diff prepend ndim", [T(2, 3), T(3)], f("diff", t0, prepend=t1))
case("diff append shape", [T(2, 3), T(1, 2)], f("diff", t0, dim=0, append=t1))
case("diff append along dim", [T(2, 3), T(1, 3)], f("diff", t0, dim=0, append=t1))
case("nonzero as_tuple", [L([1, 0, 2, 3], [2, 2])], f("nonzero", t0, as_tuple=True))
case("Tensor.nonzero as_tuple", [V([0.0, 1.5, 2.0, 0.0], [2, 2], rg=True)], m("nonzero", as_tuple=True))
case("nonzero as_tuple 0-d", [V([5.0], [])], m("nonzero", as_tuple=True))
case("nonzero as_tuple false", [L([1, 0, 2, 3], [2, 2])], f("nonzero", t0, as_tuple=False))
case("nonzero as_tuple None", [L([1, 0])], m("nonzero", as_tuple=None))
case("combinations with_replacement", [L([1, 2, 3])], f("combinations", t0, with_replacement=True))
case("combinations r keyword", [T(4)], f("combinations", t0, r=3))
case("norm dtype", [T(2, 3)], m("norm", 2, dtype="float64"))
case("norm p dim dtype", [T(2, 3)], f("norm", t0, 1, 1, dtype="float64"))
case("norm int input with dtype", [L([1, 2, 3, 4], [2, 2])], m("norm", 2, dtype="float32"))
case("norm int input", [L([1, 2, 3, 4], [2, 2])], m("norm", 2))
case("norm fro dtype", [T(2, 3)], m("norm", dtype="float64"))
case("norm fro repeated dim", [T(2, 3)], f("norm", t0, "fro", [0, 0]))
case("norm nuc dtype", [T(2, 3)], m("norm", "nuc", dtype="float64"))
case("norm nuc", [T(2, 3)], m("norm", p="nuc"))
case("norm nuc dims keepdim", [T(2, 3, 2)], f("norm", t0, "nuc", [2, 0], True))
case("norm nuc one dim", [T(2, 3)], m("norm", "nuc", 1))
case("norm nuc 3-d", [T(2, 2, 2)], m("norm", "nuc"))
case("norm fro two dims", [T(2, 3, 2)], m("norm", "fro", [0, 2]))
case("norm fro three dims", [T(2, 3, 2)], m("norm", "fro", [0, 1, 2]))
case("norm bad string", [T(2, 3)], m("norm", "inf"))
case("where condition only", [L([1, 0, 2, 0], [2, 2])], f("where", t0))
case("where 0-d condition only", [B([True], [])], f("where", t0))
case("where missing other", [B([True, False]), T(2)], f("where", t0, t1))
case("isclose unexpected keyword", [T(3), T(3)], f("isclose", t0, t1, tol=1.0))

def main():
    recorded = [record_case(c) for c in cases]
    doc = {"torch_version": torch.__version__, "generator": "tests/golden/ops_options.py", "cases": recorded}
    with open(os.path.join(HERE, "ops_options.json"), "w") as fh:
        json.dump(doc, fh, indent=None, separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {len(recorded)} op option cases", file=sys.stderr)


if __name__ == "__main__":
    main()
