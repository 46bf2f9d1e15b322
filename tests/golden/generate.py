#!/usr/bin/env python3
"""Golden values from PyTorch for the tensorgrad tests.

Run with PyTorch 1.13 (Debian's python3-torch):  /usr/bin/python3 tests/golden/generate.py
Writes tests/golden/ops.json. Each case is a list of inputs and a chain of
calls; the TS tests replay the same chain and compare values, gradients,
grad_fn names, printed text and error messages.

Call forms (each step's `self` is the previous step's result, the first
step's is input 0):
  ["m", name, args, kwargs]   self.name(*args, **kwargs)
  ["f", name, args, kwargs]   torch.name(*args, **kwargs)
  ["index", specs]            self[specs]
  ["attr", name]              getattr(self, name)
  ["item", k]                 self[k] for a tuple result (max(dim) -> values/indices)
Arguments: {"t": i} is input i; {"ts": [i, j]} is a list of inputs;
["slice", a, b, c] in index specs is a slice; "..." is Ellipsis; None is ':'.
"""
import json
import math
import os
import sys

import torch

torch.set_printoptions(profile="default")
HERE = os.path.dirname(os.path.abspath(__file__))


def enc(v):
    """JSON-safe float: NaN and infinities as strings."""
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
    return v


def tensor_json(t):
    t = t.detach()
    flat = t.reshape(-1).tolist()
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "values": [enc(v) for v in flat]}


SEED = [0]


def make_input(spec):
    shape = spec.get("shape", [])
    dtype = getattr(torch, spec.get("dtype", "float32"))
    if "values" in spec:
        t = torch.tensor(spec["values"], dtype=dtype).reshape(shape)
    else:
        SEED[0] += 1
        g = torch.Generator().manual_seed(1000 + SEED[0])
        base = torch.randn(tuple(shape), generator=g, dtype=torch.float64)
        if spec.get("pos"):
            base = base.abs() + 0.5
        if spec.get("unit"):
            base = torch.tanh(base) * 0.9
        if spec.get("spd"):  # symmetric positive-definite: X X^T + n I
            base = base @ base.transpose(-2, -1) + shape[-1] * torch.eye(shape[-1], dtype=torch.float64)
        if spec.get("tri"):  # well-conditioned triangular: a diagonal away from 0
            n = shape[-1]
            base = (base.tril() if spec["tri"] == "lower" else base.triu()) * 0.3 + torch.eye(n, dtype=torch.float64) * (base.diagonal(0, -2, -1).abs() + 1).unsqueeze(-1)
        t = base.to(dtype)
    return t


PREV = [None]


def resolve(a, inputs):
    if isinstance(a, dict) and "num" in a:
        return float(a["num"])
    if isinstance(a, dict) and "prev" in a:
        return PREV[0]
    if isinstance(a, dict) and "t" in a:
        return inputs[a["t"]]
    if isinstance(a, dict) and "ts" in a:
        return [inputs[i] for i in a["ts"]]
    if isinstance(a, list):
        return [resolve(x, inputs) for x in a]
    return a


def resolve_kw(kw, inputs):
    return {k: (getattr(torch, v) if k == "dtype" else resolve(v, inputs)) for k, v in kw.items()}


def resolve_index(s, inputs):
    if s is None:
        return slice(None)
    if s == "...":
        return Ellipsis
    if isinstance(s, list) and s and s[0] == "slice":
        return slice(*s[1:])
    if isinstance(s, dict):
        return inputs[s["t"]]
    return s


def run_chain(chain, inputs):
    cur = inputs[0] if inputs else None
    for step in chain:
        PREV[0] = cur
        kind = step[0]
        if kind == "m":
            _, name, args, kw = step
            cur = getattr(cur, name)(*resolve(args, inputs), **resolve_kw(kw, inputs))
        elif kind == "f":
            _, name, args, kw = step
            fn = torch
            for part in name.split("."):
                fn = getattr(fn, part)
            cur = fn(*resolve(args, inputs), **resolve_kw(kw, inputs))
        elif kind == "index":
            specs = tuple(resolve_index(s, inputs) for s in step[1])
            cur = cur[specs]
        elif kind == "attr":
            cur = getattr(cur, step[1])
        elif kind == "item":
            cur = cur[step[1]]
        else:
            raise ValueError(kind)
    return cur


def upstream(out):
    n = out.numel()
    return torch.cos(torch.arange(n, dtype=torch.float64) * 0.7).reshape(out.shape).to(out.dtype)


def record_case(case):
    inputs = [make_input(s) for s in case["inputs"]]
    for t, s in zip(inputs, case["inputs"]):
        if s.get("rg", True) and t.dtype.is_floating_point:
            t.requires_grad_(True)
    case["inputs"] = [dict(s, **tensor_json(t)) for s, t in zip(case["inputs"], inputs)]
    try:
        out = run_chain(case["chain"], inputs)
    except Exception as e:  # noqa: BLE001
        case["error"] = {"type": type(e).__name__, "message": str(e)}
        return case
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    case["outputs"] = []
    for o in outs:
        rec = tensor_json(o)
        rec["grad_fn"] = None if o.grad_fn is None else o.grad_fn.name()
        rec["requires_grad"] = o.requires_grad
        if case.get("print"):
            rec["str"] = str(o)
        case["outputs"].append(rec)
    diff = [o for o in outs if o.requires_grad]
    if diff and not case.get("no_grad_check"):
        loss = sum((o * upstream(o)).sum() for o in diff)
        loss.backward()
        case["grads"] = [None if t.grad is None else tensor_json(t.grad) for t in inputs]
    return case


cases = []


def T(*shape, **kw):
    d = {"shape": list(shape)}
    d.update(kw)
    return d


def L(values, shape=None):
    """An int64 input with explicit values."""
    return {"shape": shape if shape is not None else [len(values)], "dtype": "int64", "values": values, "rg": False}


def B(values, shape=None):
    return {"shape": shape if shape is not None else [len(values)], "dtype": "bool", "values": values, "rg": False}


def V(values, shape, dtype="float32", rg=False):
    return {"shape": shape, "values": values, "dtype": dtype, "rg": rg}


def case(name, inputs, *chain, **extra):
    cases.append(dict(name=name, inputs=inputs, chain=[list(c) for c in chain], **extra))


def m(name, *args, **kw):
    return ("m", name, list(args), kw)


def f(name, *args, **kw):
    return ("f", name, list(args), kw)


t0, t1, t2 = {"t": 0}, {"t": 1}, {"t": 2}

# ---- arithmetic with broadcasting -------------------------------------------
case("add", [T(2, 3), T(2, 3)], m("add", t1))
case("add broadcast", [T(2, 3), T(3)], m("add", t1))
case("add broadcast both", [T(4, 1), T(1, 3)], m("add", t1))
case("add scalar", [T(2, 3)], m("add", 2.5))
case("add alpha", [T(2, 3), T(2, 3)], m("add", t1, alpha=2))
case("sub", [T(3, 4), T(4)], m("sub", t1))
case("sub alpha", [T(3), T(3)], m("sub", t1, alpha=0.5))
case("rsub scalar", [T(3)], f("sub", 1.0, t0))
case("mul", [T(2, 3), T(2, 1)], m("mul", t1))
case("mul scalar", [T(2, 3)], m("mul", 3.0))
case("div", [T(2, 3), T(3, pos=True)], m("div", t1))
case("div scalar", [T(2, 3)], m("div", 4.0))
case("rdiv scalar", [T(3, pos=True)], f("div", 2.0, t0))
case("pow scalar", [T(2, 3, pos=True)], m("pow", 3))
case("pow fractional", [T(4, pos=True)], m("pow", 0.5))
case("pow tensor", [T(3, pos=True), T(3)], m("pow", t1))
case("pow scalar base", [T(3)], f("pow", 2.0, t0))
case("neg", [T(2, 2)], m("neg"))
case("maximum", [T(2, 3), T(3)], m("maximum", t1))
case("minimum", [T(2, 3), T(2, 3)], m("minimum", t1))
case("remainder scalar", [T(5)], m("remainder", 0.7))
case("remainder tensor", [T(5), T(5, pos=True)], m("remainder", t1))
case("mixed float64 float32", [T(3, dtype="float64"), T(3)], m("add", t1))
case("float + int64", [T(3), L([1, 2, 3])], m("mul", t1))
case("int64 + int", [L([1, 2, 3])], m("add", 2))
case("int64 + float scalar", [L([1, 2, 3])], m("add", 2.5))
case("int64 / int", [L([1, 2, 3])], m("div", 2))
case("bool + int", [B([True, False])], m("add", 1))
case("0-dim float64 with float32", [T(3), T(dtype="float64")], m("mul", t1))
# ---- elementwise --------------------------------------------------------------
for name, spec in [("abs", T(2, 3)), ("exp", T(2, 3)), ("log", T(2, 3, pos=True)), ("log1p", T(2, 3, pos=True)),
                   ("expm1", T(2, 3)), ("sqrt", T(2, 3, pos=True)), ("rsqrt", T(2, 3, pos=True)), ("square", T(2, 3)),
                   ("reciprocal", T(2, 3, pos=True)), ("sin", T(2, 3)), ("cos", T(2, 3)), ("tan", T(2, 3, unit=True)),
                   ("tanh", T(2, 3)), ("sigmoid", T(2, 3)), ("relu", T(2, 3)), ("sign", T(2, 3)), ("floor", T(2, 3)),
                   ("ceil", T(2, 3)), ("round", T(2, 3))]:
    case(name, [spec], m(name))
for name, spec in [("asin", T(2, 3, unit=True)), ("acos", T(2, 3, unit=True)), ("atan", T(2, 3)), ("sinh", T(2, 3)),
                   ("cosh", T(2, 3)), ("asinh", T(2, 3)), ("atanh", T(2, 3, unit=True)),
                   ("acosh", V([1.1, 1.5, 2.0, 3.0, 5.5, 10.0], [2, 3], rg=True))]:
    case(name, [spec], m(name))
case("arcsin", [T(2, 3, unit=True)], f("arcsin", t0))
case("arctan large", [T(40, 50)], f("arctan", t0))
case("arccosh out of domain", [V([0.5, 1.0, 2.0], [3], rg=True)], f("arccosh", t0), no_gradcheck=True)
case("sinh int64", [L([0, 1, 2])], f("sinh", t0))
case("log outside the domain", [V([-1.0, 0.0, 2.0, -4.0], [4], rg=True)], m("log"), no_gradcheck=True)
case("sqrt outside the domain", [V([-4.0, 0.0, 4.0], [3], rg=True)], m("sqrt"), no_gradcheck=True)
case("rsqrt outside the domain", [V([-4.0, 4.0], [2], rg=True)], m("rsqrt"), no_gradcheck=True)
case("log1p outside the domain", [V([-2.0, -1.0, 1.0], [3], rg=True)], m("log1p"), no_gradcheck=True)
case("atanh at and past 1", [V([-1.0, 1.0, 1.5, 0.5], [4], rg=True)], m("atanh"), no_gradcheck=True)
case("asin acos out of domain", [V([1.5, -2.0, 0.5], [3], rg=True)], m("asin"), m("add", 0.25), m("acos"), no_gradcheck=True)
case("round half even", [{"shape": [6], "values": [0.5, 1.5, 2.5, -0.5, -1.5, 2.4]}], m("round"))
case("clamp", [T(3, 4)], m("clamp", -0.5, 0.5))
case("clamp min kw", [T(3, 4)], m("clamp", min=0.0))
case("clamp max", [T(3, 4)], f("clamp", t0, None, 0.2))
case("where", [T(2, 3), T(2, 3), B([True, False, True, False, False, True], [2, 3])], f("where", t2, t0, t1))
case("where scalar", [T(2, 3), B([True, False, True], [3])], f("where", t1, t0, 0.0))
for name in ["eq", "ne", "lt", "le", "gt", "ge"]:
    case(name, [{"shape": [4], "values": [1.0, 2.0, 3.0, 4.0]}, {"shape": [4], "values": [4.0, 2.0, 1.0, 4.0]}], m(name, t1))
case("gt scalar", [T(2, 3)], m("gt", 0.0))
case("isnan", [{"shape": [3], "values": [1.0, float("nan"), float("inf")]}], m("isnan"))
case("isfinite", [{"shape": [3], "values": [1.0, float("nan"), float("-inf")]}], m("isfinite"))
NONFINITE = {"shape": [5], "values": [1.0, float("nan"), float("inf"), float("-inf"), -2.0]}
case("nan_to_num", [NONFINITE], m("nan_to_num"), no_gradcheck=True)
case("nan_to_num values", [NONFINITE], m("nan_to_num", 0.5, 100.0, -100.0), no_gradcheck=True)
case("nan_to_num posinf kw", [NONFINITE], f("nan_to_num", t0, posinf=7.0), no_gradcheck=True)
case("nan_to_num float64", [dict(NONFINITE, dtype="float64")], m("nan_to_num"), no_gradcheck=True)
case("nan_to_num finite", [T(2, 3)], m("nan_to_num"))
case("nan_to_num int64", [L([1, 2, 3])], m("nan_to_num"))
case("all", [B([True, False, True, True], [2, 2])], m("all"))
case("any dim", [B([True, False, False, False], [2, 2])], m("any", 1))
# ---- reductions ----------------------------------------------------------------
case("sum", [T(2, 3)], m("sum"))
case("sum dim", [T(2, 3, 4)], m("sum", 1))
case("sum dims keepdim", [T(2, 3, 4)], m("sum", [0, 2], True))
case("sum kw", [T(2, 3)], m("sum", dim=1, keepdim=True))
case("sum negative dim", [T(2, 3)], m("sum", -1))
case("sum int64", [L([1, 2, 3, 4])], m("sum"))
case("mean", [T(2, 3)], m("mean"))
case("mean dim", [T(2, 3, 4)], m("mean", -1))
case("mean dims keepdim", [T(2, 3, 4)], m("mean", [0, 1], True))
case("prod", [T(2, 3)], m("prod"))
case("prod dim", [T(2, 3)], m("prod", 1))
case("prod with zero", [{"shape": [2, 3], "values": [1.0, 0.0, 2.0, 3.0, 4.0, 5.0]}], m("prod", 1))
case("var", [T(2, 3)], m("var"))
case("var dim", [T(3, 4)], m("var", 1))
case("var unbiased false", [T(3, 4)], m("var", 1, unbiased=False))
case("var keepdim", [T(3, 4)], m("var", 0, True, True))
case("std", [T(2, 3)], m("std"))
case("std dim", [T(3, 4)], m("std", 0))
case("norm", [T(2, 3)], m("norm"))
case("norm p1 dim", [T(2, 3)], m("norm", 1, 1))
case("norm p3", [T(4)], m("norm", 3))
case("logsumexp", [T(2, 3)], m("logsumexp", 1))
case("logsumexp keepdim", [T(2, 3)], m("logsumexp", 0, True))
case("max", [T(2, 3)], m("max"))
case("max dim", [T(3, 4)], m("max", 1))
case("max dim keepdim", [T(3, 4)], m("max", 0, True))
case("min", [T(2, 3)], m("min"))
case("min dim", [T(3, 4)], m("min", dim=1))
case("max ties", [{"shape": [4], "values": [1.0, 3.0, 3.0, 2.0]}], m("max"))
case("argmax", [T(3, 4)], m("argmax"))
case("argmax dim", [T(3, 4)], m("argmax", 1))
case("argmin dim keepdim", [T(3, 4)], m("argmin", 0, True))
case("cumsum", [T(3, 4)], m("cumsum", 1))
case("cumsum dim0", [T(3, 4)], m("cumsum", 0))
# ---- linear algebra -------------------------------------------------------------
case("matmul 1d 1d", [T(4), T(4)], m("matmul", t1))
case("matmul 2d 1d", [T(3, 4), T(4)], m("matmul", t1))
case("matmul 1d 2d", [T(4), T(4, 3)], m("matmul", t1))
case("matmul 2d 2d", [T(2, 4), T(4, 3)], m("matmul", t1))
case("matmul 3d 3d", [T(2, 3, 4), T(2, 4, 5)], m("matmul", t1))
case("matmul 3d 2d", [T(2, 3, 4), T(4, 5)], m("matmul", t1))
case("matmul broadcast batch", [T(2, 1, 3, 4), T(3, 4, 2)], m("matmul", t1))
case("mm", [T(3, 5), T(5, 2)], m("mm", t1))
case("mm transposed", [T(5, 3), T(5, 2)], m("t"), m("mm", t1))
case("bmm", [T(2, 3, 4), T(2, 4, 2)], m("bmm", t1))
case("mv", [T(3, 4), T(4)], m("mv", t1))
case("dot", [T(5), T(5)], m("dot", t1))
case("outer", [T(3), T(4)], m("outer", t1))
case("t", [T(2, 3)], m("t"))
# ---- shapes and views ------------------------------------------------------------
case("reshape", [T(2, 6)], m("reshape", 3, 4))
case("reshape list", [T(2, 6)], m("reshape", [4, -1]))
case("reshape non-contiguous", [T(3, 4)], m("t"), m("reshape", -1))
case("view", [T(2, 6)], m("view", 12))
case("flatten", [T(2, 3, 4)], m("flatten"))
case("flatten start", [T(2, 3, 4)], m("flatten", 1))
case("squeeze", [T(2, 1, 3, 1)], m("squeeze"))
case("squeeze dim", [T(2, 1, 3)], m("squeeze", 1))
case("unsqueeze", [T(2, 3)], m("unsqueeze", 1))
case("unsqueeze negative", [T(2, 3)], m("unsqueeze", -1))
case("transpose", [T(2, 3, 4)], m("transpose", 0, 2))
case("permute", [T(2, 3, 4)], m("permute", 2, 0, 1))
case("expand", [T(3, 1)], m("expand", 3, 4))
case("expand new dims", [T(3)], m("expand", 2, 3))
case("expand_as", [T(1, 3), T(2, 3)], m("expand_as", t1))
case("repeat", [T(2, 3)], m("repeat", 2, 2))
case("repeat extra dim", [T(3)], m("repeat", 2, 2))
case("contiguous", [T(3, 4)], m("t"), m("contiguous"))
case("narrow", [T(4, 5)], m("narrow", 1, 1, 3))
case("select", [T(3, 4)], m("select", 0, 1))
case("select negative", [T(3, 4)], m("select", 1, -1))
case("index_select", [T(4, 3), L([2, 0, 2])], m("index_select", 0, t1))
case("index_select dim1", [T(3, 4), L([3, 1])], m("index_select", 1, t1))
case("gather", [T(3, 4), L([0, 3, 1, 1, 2, 0], [3, 2])], m("gather", 1, t1))
case("scatter_add", [T(3, 4), L([0, 3, 1, 1, 2, 0], [3, 2]), T(3, 2)], m("scatter_add", 1, t1, t2))
case("masked_fill", [T(2, 3), B([True, False, True], [3])], m("masked_fill", t1, -1.0))
case("chunk", [T(5, 2)], m("chunk", 3))
case("chunk item", [T(5, 2)], m("chunk", 3), ("item", 1))
case("split", [T(5, 2)], m("split", 2))
case("split sizes", [T(2, 5)], m("split", [1, 4], 1))
case("cat", [T(2, 3), T(1, 3)], f("cat", {"ts": [0, 1]}))
case("cat dim1", [T(2, 3), T(2, 2)], f("cat", {"ts": [0, 1]}, 1))
case("stack", [T(2, 3), T(2, 3)], f("stack", {"ts": [0, 1]}))
case("stack dim -1", [T(2, 3), T(2, 3)], f("stack", {"ts": [0, 1]}, -1))
case("clone", [T(2, 3)], m("clone"))
case("to float64", [T(2, 3)], m("double"))
case("index int", [T(3, 4)], ("index", [1]))
case("index int int", [T(3, 4)], ("index", [1, 2]))
case("index slice", [T(5, 4)], ("index", [["slice", 1, 4]]))
case("index slice step", [T(6, 4)], ("index", [["slice", None, None, 2], 1]))
case("index negative", [T(5, 4)], ("index", [-1, ["slice", -3, None]]))
case("index ellipsis", [T(2, 3, 4)], ("index", ["...", 1]))
case("index colon then int", [T(2, 3, 4)], ("index", [None, 0]))
case("index long tensor", [T(5, 3), L([0, 4, 1, 4])], ("index", [t1]))
case("index long second dim", [T(3, 5), L([0, 4, 1])], ("index", [None, t1]))
case("index bool mask", [T(2, 3), B([True, False, True, False, True, True], [2, 3])], ("index", [t1]))
case("index two tensors", [T(3, 4), L([0, 2]), L([1, 3])], ("index", [t1, t2]))
case("index separated tensors", [T(3, 4, 5), L([0, 2]), L([1, 3])], ("index", [t1, None, t2]))
case("detach", [T(2, 3)], m("detach"))
# ---- composite graphs and in-place ---------------------------------------------------
case("chain", [T(2, 3), T(3)], m("mul", t1), m("add", 1.0), m("tanh"), m("sum", 0))
case("reuse", [T(3)], m("mul", t0), m("add", t0))
case("inplace add_ on clone", [T(3), T(3)], m("clone"), m("add_", t1))
case("inplace mul_ on clone", [T(3), T(3)], m("clone"), m("mul_", t1))
case("inplace exp_", [T(3)], m("mul", 2.0), m("exp_"))
case("inplace clamp_", [T(4)], m("mul", 3.0), m("clamp_", -1.0, 1.0))
# ---- torch.nn.functional ----------------------------------------------------------------------
NF = "nn.functional."
case("F.softmax", [T(3, 4)], f(NF + "softmax", t0, 1))
case("F.softmax dim0", [T(3, 4)], f(NF + "softmax", t0, dim=0))
case("F.log_softmax", [T(3, 4)], f(NF + "log_softmax", t0, -1))
case("F.relu", [T(3, 4)], f(NF + "relu", t0))
case("F.gelu", [T(3, 4)], f(NF + "gelu", t0))
case("F.gelu tanh", [T(3, 4)], f(NF + "gelu", t0, approximate="tanh"))
case("erf", [T(2, 5)], f("erf", t0))
case("F.linear", [T(4, 3), T(2, 3), T(2)], f(NF + "linear", t0, t1, t2))
case("F.linear no bias", [T(4, 3), T(2, 3)], f(NF + "linear", t0, t1))
case("F.linear 3d", [T(2, 4, 3), T(2, 3), T(2)], f(NF + "linear", t0, t1, t2))
case("F.linear 1d", [T(3), T(2, 3), T(2)], f(NF + "linear", t0, t1, t2))
case("F.conv2d", [T(2, 3, 6, 5), T(4, 3, 3, 3), T(4)], f(NF + "conv2d", t0, t1, t2))
case("F.conv2d stride padding", [T(1, 2, 7, 7), T(3, 2, 3, 3), T(3)], f(NF + "conv2d", t0, t1, t2, stride=2, padding=1))
case("F.conv2d dilation", [T(1, 1, 7, 7), T(2, 1, 3, 3)], f(NF + "conv2d", t0, t1, dilation=2))
case("F.max_pool2d", [T(2, 3, 6, 6)], f(NF + "max_pool2d", t0, 2))
case("F.max_pool2d stride padding", [T(1, 2, 7, 7)], f(NF + "max_pool2d", t0, 3, stride=2, padding=1))
case("F.pad", [T(2, 3)], f(NF + "pad", t0, [1, 2]))
case("F.embedding", [L([1, 3, 0, 3], [2, 2]), T(5, 3)], f(NF + "embedding", t0, t1))
case("F.layer_norm", [T(3, 4), T(4), T(4)], f(NF + "layer_norm", t0, [4], t1, t2))
case("F.batch_norm train", [T(4, 3), T(3, rg=False), T(3, pos=True, rg=False), T(3), T(3)], f(NF + "batch_norm", t0, t1, t2, {"t": 3}, {"t": 4}, True))
case("F.batch_norm eval", [T(4, 3), T(3, rg=False), T(3, pos=True, rg=False), T(3), T(3)], f(NF + "batch_norm", t0, t1, t2, {"t": 3}, {"t": 4}, False))
case("F.mse_loss", [T(3, 4), T(3, 4)], f(NF + "mse_loss", t0, t1))
case("F.mse_loss sum", [T(3, 4), T(3, 4)], f(NF + "mse_loss", t0, t1, reduction="sum"))
case("F.mse_loss none", [T(3, 4), T(3, 4)], f(NF + "mse_loss", t0, t1, reduction="none"))
case("F.l1_loss", [T(3, 4), T(3, 4)], f(NF + "l1_loss", t0, t1))
case("F.binary_cross_entropy", [T(6, unit=True), {"shape": [6], "values": [0.0, 1.0, 1.0, 0.0, 0.5, 1.0], "rg": False}],
     ("m", "sigmoid", [], {}), ("f", NF + "binary_cross_entropy", [{"prev": True}, t1], {}))
case("F.binary_cross_entropy_with_logits", [T(6), {"shape": [6], "values": [0.0, 1.0, 1.0, 0.0, 0.5, 1.0], "rg": False}],
     f(NF + "binary_cross_entropy_with_logits", t0, t1))
case("F.binary_cross_entropy_with_logits pos_weight", [T(2, 3), {"shape": [2, 3], "values": [0.0, 1.0, 1.0, 0.0, 0.5, 1.0], "rg": False}, T(3, pos=True, rg=False)],
     f(NF + "binary_cross_entropy_with_logits", t0, t1, pos_weight=t2))
case("F.cross_entropy", [T(4, 5), L([1, 0, 4, 2])], f(NF + "cross_entropy", t0, t1))
case("F.cross_entropy sum", [T(4, 5), L([1, 0, 4, 2])], f(NF + "cross_entropy", t0, t1, reduction="sum"))
case("F.cross_entropy weight", [T(4, 5), L([1, 0, 4, 2]), T(5, pos=True, rg=False)], f(NF + "cross_entropy", t0, t1, weight=t2))
case("F.cross_entropy ignore_index", [T(4, 5), L([1, -100, 4, 2])], f(NF + "cross_entropy", t0, t1))
case("F.cross_entropy label_smoothing", [T(4, 5), L([1, 0, 4, 2])], f(NF + "cross_entropy", t0, t1, label_smoothing=0.1))
case("F.cross_entropy probabilities", [T(4, 5), {"shape": [4, 5], "values": [0.1, 0.2, 0.3, 0.2, 0.2] * 4, "rg": False}], f(NF + "cross_entropy", t0, t1))
case("F.nll_loss", [T(4, 5), L([1, 0, 4, 2])], ("m", "log_softmax", [1], {}), ("f", NF + "nll_loss", [{"prev": True}, t1], {}))
case("F.nll_loss none", [T(4, 5), L([1, 0, 4, 2])], f(NF + "nll_loss", t0, t1, reduction="none"))
# ---- parity: losses with class weights, K-dim input, ignore_index, label smoothing -----------
W3 = {"shape": [3], "values": [0.2, 1.0, 3.0], "rg": False}
CE4 = {"shape": [4, 3], "values": [0.1, 0.5, -0.3, 1.0, -1.0, 0.2, 0.3, 0.3, 0.9, -0.5, 0.2, 0.1]}
case("F.cross_entropy weight positional", [CE4, L([0, 2, 1, 2]), W3], f(NF + "cross_entropy", t0, t1, t2))
case("F.cross_entropy weight label_smoothing", [CE4, L([0, 2, 1, 2]), W3], f(NF + "cross_entropy", t0, t1, t2, label_smoothing=0.1))
case("F.cross_entropy weight label_smoothing sum", [CE4, L([0, 2, 1, 2]), W3], f(NF + "cross_entropy", t0, t1, t2, label_smoothing=0.1, reduction="sum"))
case("F.cross_entropy weight label_smoothing none", [CE4, L([0, 2, 1, 2]), W3], f(NF + "cross_entropy", t0, t1, t2, label_smoothing=0.1, reduction="none"))
case("F.cross_entropy weight ignore_index", [CE4, L([0, 2, 1, 2]), W3], f(NF + "cross_entropy", t0, t1, weight=t2, ignore_index=2))
case("F.cross_entropy weight ignore_index label_smoothing", [CE4, L([0, 2, 1, 2]), W3], f(NF + "cross_entropy", t0, t1, weight=t2, ignore_index=2, label_smoothing=0.2))
case("F.cross_entropy all ignored", [CE4, L([2, 2, 2, 2])], f(NF + "cross_entropy", t0, t1, ignore_index=2), no_grad_check=True)
case("F.cross_entropy 3d", [T(2, 3, 4), L([0, 2, 1, 1, 2, 0, 0, 1], [2, 4])], f(NF + "cross_entropy", t0, t1))
case("F.cross_entropy 4d weight", [T(2, 3, 2, 2), L([0, 2, 1, 1, 2, 0, 0, 1], [2, 2, 2]), W3], f(NF + "cross_entropy", t0, t1, t2))
case("F.cross_entropy 4d none", [T(2, 3, 2, 2), L([0, 2, 1, 1, 2, 0, 0, 1], [2, 2, 2])], f(NF + "cross_entropy", t0, t1, reduction="none"))
case("F.cross_entropy 5d label_smoothing ignore", [T(2, 3, 2, 1, 2), L([0, 2, 1, 1, 2, 0, 0, 1], [2, 2, 1, 2])], f(NF + "cross_entropy", t0, t1, ignore_index=1, label_smoothing=0.3))
case("F.cross_entropy 3d probabilities", [T(2, 3, 2), {"shape": [2, 3, 2], "values": [0.2, 0.5, 0.3, 0.1, 0.5, 0.4] * 2, "rg": False}], f(NF + "cross_entropy", t0, t1))
case("F.nll_loss 4d", [T(2, 3, 2, 2), L([0, 2, 1, 1, 2, 0, 0, 1], [2, 2, 2]), W3], f(NF + "nll_loss", t0, t1, t2))
case("F.nll_loss 3d none", [T(2, 3, 4), L([0, 2, 1, 1, 2, 0, 0, 1], [2, 4])], f(NF + "nll_loss", t0, t1, reduction="none"))
case("error F.nll_loss 3d target", [T(2, 3, 4), L([0, 2, 1, 1, 2, 0], [2, 3])], f(NF + "nll_loss", t0, t1))
# ---- parity: gradients at NaN ------------------------------------------------------------------
NANV = dict(no_gradcheck=True)
case("abs at nan", [V([float("nan"), 1.0, -2.0, 0.0], [4], rg=True)], m("abs"), **NANV)
case("sign at nan", [V([float("nan"), 1.0, -2.0, 0.0], [4], rg=True)], m("sign"), **NANV)
case("amax at nan", [V([float("nan"), 1.0, 3.0, 3.0], [4], rg=True)], m("amax"), **NANV)
case("amax dim at nan", [V([float("nan"), 1.0, 3.0, 3.0], [2, 2], rg=True)], m("amax", 1), **NANV)
case("max at nan", [V([1.0, float("nan"), 3.0, float("nan")], [4], rg=True)], m("max"), **NANV)
case("min at nan", [V([1.0, float("nan"), 3.0, 0.0], [4], rg=True)], m("min"), **NANV)
case("max dim at nan", [V([float("nan"), 1.0, 3.0, 3.0], [2, 2], rg=True)], m("max", 1), ("item", 0), **NANV)
# ---- parity: prod with zeros ---------------------------------------------------------------------
case("prod one zero", [V([2.0, 0.0, 3.0, 0.5], [4], rg=True)], m("prod"))
case("prod two zeros", [V([2.0, 0.0, 3.0, 0.0], [4], rg=True)], m("prod"))
case("prod dim zeros", [V([1.0, 0.0, 3.0, 0.0, 0.0, 2.0, 2.0, 3.0, 4.0], [3, 3], rg=True)], m("prod", 1))
case("prod dim0 keepdim zeros", [V([1.0, 0.0, 3.0, 0.0, 0.0, 2.0, 2.0, 3.0, 4.0], [3, 3], rg=True)], m("prod", 0, True))
# ---- parity: values of the wrong kind ----------------------------------------------------------------
case("error full str", [], f("full", [2, 2], "a"))
case("error clamp str", [T(3)], m("clamp", "a"))
case("error nan_to_num str", [T(3)], m("nan_to_num", "a"))
case("error nan_to_num functional str", [T(3)], f("nan_to_num", t0, 1.0, "b"))
case("error nan_to_num kw str", [T(3)], m("nan_to_num", neginf="c"))
case("error arange nan", [], f("arange", {"num": "nan"}))
case("error arange inf", [], f("arange", 0, {"num": "inf"}))
case("error neg bool", [B([True, False])], m("neg"))
case("error remainder int zero", [L([1, 2])], m("remainder", 0))
case("error remainder int zero tensor", [L([1, 2]), L([0, 1])], m("remainder", t1))
case("error fmod int zero", [L([1, 2])], m("fmod", 0))
case("error div floor int zero", [L([1, 2])], m("div", 0, rounding_mode="floor"))
case("error embedding float indices", [V([0.0, 1.0], [2]), T(3, 2)], f(NF + "embedding", t0, t1))
case("error index_select negative", [T(3), L([-1])], m("index_select", 0, t1))
case("error index_select float index", [T(3), V([0.0], [1])], m("index_select", 0, t1))
case("error binary_cross_entropy range", [V([1.5, 0.5], [2]), V([1.0, 0.0], [2])], f(NF + "binary_cross_entropy", t0, t1))
case("error conv2d kernel zero", [T(1, 1, 4, 4), T(1, 1, 0, 3)], f(NF + "conv2d", t0, t1))
case("error conv2d stride zero", [T(1, 1, 4, 4), T(1, 1, 3, 3)], f(NF + "conv2d", t0, t1, stride=0))
case("error conv2d negative padding", [T(1, 1, 4, 4), T(1, 1, 3, 3)], f(NF + "conv2d", t0, t1, padding=-1))
case("error max_pool2d kernel zero", [T(1, 1, 4, 4)], f(NF + "max_pool2d", t0, 0))
case("error max_pool2d stride zero", [T(1, 1, 4, 4)], f(NF + "max_pool2d", t0, 2, stride=0))
case("error max_pool2d too small", [T(1, 1, 4, 4)], f(NF + "max_pool2d", t0, 5))
case("error mv sizes", [T(2, 3), T(4)], m("mv", t1))
case("error mv matrix", [T(2, 3), T(3, 1)], m("mv", t1))
case("error add None", [T(3)], m("add", None))
case("error add str", [T(3)], m("add", "a"))
case("error mul None", [T(3)], m("mul", None))
case("error mm str", [T(2, 2)], m("mm", "a"))
# ---- sorting, rolling, one_hot, new_* ---------------------------------------------------------------
case("sort", [T(3, 5)], m("sort"), ("item", 0))
case("sort indices", [T(3, 5)], m("sort"), ("item", 1))
case("sort dim0 descending", [T(4, 3)], m("sort", 0, True), ("item", 0))
case("sort descending indices", [T(4, 3)], m("sort", dim=0, descending=True), ("item", 1))
case("sort nan", [V([3.0, float("nan"), 1.0, 2.0], [4], rg=False)], m("sort"), ("item", 1))
case("sort nan descending", [V([3.0, float("nan"), 1.0, 2.0], [4], rg=False)], m("sort", descending=True), ("item", 1))
case("sort ties stable", [V([2.0, 1.0, 2.0, 1.0, 0.0], [5], rg=False)], m("sort", stable=True), ("item", 1))
case("argsort", [T(2, 6)], m("argsort", 1))
case("argsort descending", [T(2, 6)], m("argsort", descending=True))
case("topk", [T(3, 6)], m("topk", 2), ("item", 0))
case("topk indices", [T(3, 6)], m("topk", 2), ("item", 1))
case("topk smallest dim0", [T(5, 3)], m("topk", 3, 0, False), ("item", 0))
case("topk smallest indices", [T(5, 3)], m("topk", 3, dim=0, largest=False), ("item", 1))
case("error topk k", [T(3)], m("topk", 4))
case("roll", [T(3, 4)], m("roll", 1, 1))
case("roll flat", [T(3, 4)], m("roll", 5))
case("roll two dims", [T(3, 4)], m("roll", [1, -2], [0, 1]))
case("F.one_hot", [L([0, 2, 1, 2])], f(NF + "one_hot", t0))
case("F.one_hot classes", [L([0, 2, 1, 2], [2, 2])], f(NF + "one_hot", t0, 4))
case("error F.one_hot range", [L([0, 3])], f(NF + "one_hot", t0, 3))
case("new_zeros", [T(2, dtype="float64")], m("new_zeros", [2, 3]))
case("new_ones int", [L([1, 2])], m("new_ones", 3))
case("new_full", [T(2)], m("new_full", [2, 2], 1.5))
case("new_tensor", [T(2, dtype="float64")], m("new_tensor", [1.0, 2.0]))
# ---- more nn.functional --------------------------------------------------------------------------
case("F.leaky_relu", [T(3, 4)], f(NF + "leaky_relu", t0))
case("F.leaky_relu slope", [T(3, 4)], f(NF + "leaky_relu", t0, 0.2))
case("F.silu", [T(3, 4)], f(NF + "silu", t0))
case("F.softplus", [T(3, 4)], f(NF + "softplus", t0))
case("F.softplus beta threshold", [T(3, 4)], f(NF + "softplus", t0, beta=2.0, threshold=1.0))
case("F.hardtanh", [T(3, 4)], m("mul", 2.0), ("f", NF + "hardtanh", [{"prev": True}], {}))
case("F.hardtanh range", [T(3, 4)], f(NF + "hardtanh", t0, -0.5, 0.5))
case("F.avg_pool2d", [T(2, 3, 6, 6)], f(NF + "avg_pool2d", t0, 2))
case("F.avg_pool2d stride padding", [T(1, 2, 7, 7)], f(NF + "avg_pool2d", t0, 3, stride=2, padding=1))
case("F.avg_pool2d no pad count", [T(1, 2, 5, 5)], f(NF + "avg_pool2d", t0, 3, 2, 1, count_include_pad=False))
case("F.avg_pool2d divisor", [T(1, 1, 4, 4)], f(NF + "avg_pool2d", t0, 2, divisor_override=3))
case("F.adaptive_avg_pool2d 1", [T(2, 3, 5, 4)], f(NF + "adaptive_avg_pool2d", t0, 1))
case("F.adaptive_avg_pool2d uneven", [T(2, 3, 5, 7)], f(NF + "adaptive_avg_pool2d", t0, [3, 2]))
case("F.adaptive_avg_pool2d 3d", [T(3, 6, 6)], f(NF + "adaptive_avg_pool2d", t0, 2))
case("F.group_norm", [T(2, 4, 3), T(4), T(4)], f(NF + "group_norm", t0, 2, t1, t2))
case("F.group_norm 4d no affine", [T(2, 6, 2, 2)], f(NF + "group_norm", t0, 3))
case("F.conv2d groups", [T(1, 4, 5, 5), T(6, 2, 3, 3), T(6)], f(NF + "conv2d", t0, t1, t2, groups=2))
case("F.conv2d depthwise", [T(2, 3, 5, 5), T(3, 1, 3, 3)], f(NF + "conv2d", t0, t1, padding=1, groups=3))
case("F.conv2d same", [T(1, 2, 5, 6), T(3, 2, 3, 3)], f(NF + "conv2d", t0, t1, padding="same"))
case("F.conv2d same even kernel", [T(1, 2, 5, 6), T(3, 2, 2, 4)], f(NF + "conv2d", t0, t1, padding="same"))
case("F.conv2d valid", [T(1, 2, 5, 6), T(3, 2, 3, 3)], f(NF + "conv2d", t0, t1, padding="valid"))
case("F.conv2d positional stride padding", [T(1, 2, 7, 7), T(3, 2, 3, 3), T(3)], f(NF + "conv2d", t0, t1, t2, 2, 1))
case("F.conv2d unbatched", [T(2, 5, 5), T(3, 2, 3, 3)], f(NF + "conv2d", t0, t1))
# ---- int32, legacy constructors, saved values ---------------------------------------------------
I32 = dict(print=True, no_grad_check=True)
case("int32 tensor", [], f("tensor", [1, -2, 3], dtype="int32"), **I32)
case("int32 add int64", [{"shape": [3], "dtype": "int32", "values": [1, 2, 3], "rg": False}, L([10, 20, 30])], m("add", t1), **I32)
case("int32 mul scalar", [{"shape": [3], "dtype": "int32", "values": [1, 2, 3], "rg": False}], m("mul", 2), **I32)
case("int32 add float", [{"shape": [3], "dtype": "int32", "values": [1, 2, 3], "rg": False}], m("add", 0.5), **I32)
case("int32 true divide", [{"shape": [3], "dtype": "int32", "values": [1, 2, 3], "rg": False}], m("div", 2), **I32)
case("int32 wraps", [{"shape": [2], "dtype": "int32", "values": [2147483647, -2147483648], "rg": False}], m("add", 1), **I32)
case("int32 from float", [V([1.7, -2.7, 3.2], [3])], m("int"), **I32)
case("int32 sum", [{"shape": [3], "dtype": "int32", "values": [1, 2, 3], "rg": False}], m("sum"), **I32)
case("index_select int32 index", [T(4, 3), {"shape": [2], "dtype": "int32", "values": [3, 1], "rg": False}], m("index_select", 0, t1))
case("FloatTensor", [], f("FloatTensor", [[1, 2], [3, 4]]), **I32)
case("LongTensor", [], f("LongTensor", [1, 2, 3]), **I32)
case("IntTensor", [], f("IntTensor", [1, 2, 3]), **I32)
case("_saved_self", [T(3), T(3)], m("mul", t1), ("attr", "grad_fn"), ("attr", "_saved_self"), no_grad_check=True)
case("_saved_other", [T(3), T(3)], m("mul", t1), ("attr", "grad_fn"), ("attr", "_saved_other"), no_grad_check=True)
case("_saved_result", [T(3)], m("exp"), ("attr", "grad_fn"), ("attr", "_saved_result"), no_grad_check=True)
case("_saved_exponent tensor", [T(3, pos=True), T(3)], m("pow", t1), ("attr", "grad_fn"), ("attr", "_saved_exponent"), no_grad_check=True)
# ---- clamp_min / clamp_max, searching and counting ------------------------------------------
case("clamp_min at the bound", [V([0.1, 0.5, -1.0, 2.0], [4], rg=True)], m("clamp_min", 0.1), no_gradcheck=True)  # the kink: the gradient passes there
case("clamp_min", [T(2, 3)], m("clamp_min", -0.2))
case("clamp_max torch", [T(2, 3)], f("clamp_max", t0, 0.2))
case("clamp_min tensor", [T(2, 3), T(3)], f("clamp_min", t0, t1))
case("clamp_max tensor", [T(2, 3), T(2, 1)], m("clamp_max", t1))
case("searchsorted", [V([1.0, 3.0, 5.0, 7.0], [4]), V([3.0, 6.0, 0.0, 9.0], [2, 2])], f("searchsorted", t0, t1))
case("searchsorted right", [V([1.0, 3.0, 5.0, 7.0], [4]), V([3.0, 7.0], [2])], f("searchsorted", t0, t1, right=True))
case("searchsorted side rows", [V([1.0, 3.0, 5.0, 2.0, 4.0, 6.0], [2, 3]), V([3.0, 4.0, 2.0, 9.0], [2, 2])], f("searchsorted", t0, t1, side="right"))
case("bucketize", [V([3.0, 6.0, 9.0, 1.0], [4]), V([1.0, 3.0, 5.0, 7.0], [4])], f("bucketize", t0, t1))
case("bucketize right int32", [V([3.0, 6.0], [2]), V([1.0, 3.0, 6.0], [3])], f("bucketize", t0, t1, right=True, out_int32=True))
case("isin", [L([1, 2, 3, 2]), L([2, 5])], f("isin", t0, t1))
case("isin invert", [V([1.0, 2.5, 3.0], [3]), V([3.0], [1])], f("isin", t0, t1, invert=True))
case("bincount", [L([0, 2, 2, 5])], f("bincount", t0, minlength=7))
case("bincount weights", [L([0, 2, 2]), V([0.5, 1.0, 2.0], [3])], f("bincount", t0, t1))
case("unique", [L([3, 1, 3, 2])], f("unique", t0))
case("unique inverse counts", [L([3, 1, 3, 2, 1, 1], [2, 3])], f("unique", t0, return_inverse=True, return_counts=True))
case("unique counts float", [V([2.5, -1.0, 2.5], [3])], m("unique", return_counts=True))
case("addcmul", [T(2, 3), T(2, 3), T(3)], f("addcmul", t0, t1, t2, value=0.5))
case("addcdiv", [T(2, 3), T(2, 3), T(2, 3, pos=True)], m("addcdiv", t1, t2, value=-2.0))
case("addcdiv integers", [L([1, 2]), L([3, 4]), L([1, 2])], f("addcdiv", t0, t1, t2))
case("rot90", [T(2, 3)], f("rot90", t0))
case("rot90 k dims", [T(2, 3, 4)], m("rot90", 3, [2, 0]))
case("rot90 twice", [T(2, 3)], f("rot90", t0, -2))
case("rot90 zero", [T(2, 3)], f("rot90", t0, 4))
case("kron", [T(2, 3), T(2, 2)], f("kron", t0, t1))
case("kron ranks", [T(3), T(2, 2)], m("kron", t1))
case("greater_equal", [V([1.0, 2.0, 3.0], [3]), V([2.0, 2.0, 2.0], [3])], f("greater_equal", t0, t1))
case("less_equal method", [V([1.0, 2.0, 3.0], [3])], m("less_equal", 2.0))
case("not_equal", [V([1.0, 2.0, 3.0], [3]), V([2.0, 2.0, 2.0], [3])], f("not_equal", t0, t1))
case("greater less", [V([1.0, 2.0, 3.0], [3]), V([2.0, 2.0, 2.0], [3])], f("greater", t0, t1))
case("positive", [T(2, 3)], f("positive", t0), m("mul", 2.0))
case("positive bool", [B([True, False])], f("positive", t0))
case("unflatten", [T(2, 6)], f("unflatten", t0, 1, [3, 2]))
# ---- scatter and the index_* family --------------------------------------------------------
case("scatter src", [T(3, 4), L([0, 2, 1, 3, 1, 0], [2, 3]), T(2, 3)], f("scatter", t0, 1, t1, t2))
case("scatter src larger", [T(3, 4), L([0, 2, 1], [1, 3]), T(2, 4)], m("scatter", 0, t1, t2), no_grad_check=True)
case("scatter value", [T(3, 4), L([1, 0, 2, 2], [1, 4])], f("scatter", t0, 0, t1, 2.5))
case("scatter one-hot", [V([0.0] * 12, [4, 3]), L([2, 0, 1, 2], [4, 1])], m("scatter", 1, t1, 1.0))
case("scatter dtype mismatch", [T(3), L([0]), V([1.0], [1], dtype="float64")], f("scatter", t0, 0, t1, t2))
case("index_fill", [T(3, 4), L([0, 2])], f("index_fill", t0, 1, t1, -1.0))
case("index_fill dim 0", [T(3, 4), L([1])], m("index_fill", 0, t1, 0.0))
case("index_copy", [T(4, 3), L([3, 0]), T(2, 3)], f("index_copy", t0, 0, t1, t2))
case("index_copy dim 1", [T(2, 4), L([1, 2, 0]), T(2, 3)], m("index_copy", 1, t1, t2))
case("index_add", [T(4, 3), L([3, 0, 3]), T(3, 3)], f("index_add", t0, 0, t1, t2))
case("index_add alpha dim 1", [T(2, 4), L([1, 1]), T(2, 2)], m("index_add", 1, t1, t2, alpha=-0.5))
# ---- compositions of views, cat, repeat and gathers (src/ops/compose.ts) -------------------
case("hstack 1-d", [T(3), T(2)], f("hstack", {"ts": [0, 1]}))
case("hstack 2-d", [T(2, 3), T(2, 1)], f("hstack", {"ts": [0, 1]}))
case("vstack 1-d and 2-d", [T(3), T(2, 3)], f("vstack", {"ts": [0, 1]}))
case("row_stack", [T(3), T(3)], f("row_stack", {"ts": [0, 1]}))
case("dstack", [T(2, 3), T(2, 3)], f("dstack", {"ts": [0, 1]}))
case("column_stack", [T(3), T(3, 2), T(3)], f("column_stack", {"ts": [0, 1, 2]}))
case("atleast_2d of 1-d", [T(3)], f("atleast_2d", t0))
case("atleast_3d of 1-d", [T(3)], f("atleast_3d", t0))
case("atleast_3d of 2-d", [T(2, 3)], f("atleast_3d", t0))
case("atleast_1d list", [T(), T(2)], f("atleast_1d", {"ts": [0, 1]}))
case("ravel transposed", [T(3, 4)], m("t"), m("ravel"))
case("tile", [T(2, 3)], f("tile", t0, [2]))
case("tile more dims", [T(3)], m("tile", [2, 2]))
case("meshgrid ij", [T(3), T(2)], f("meshgrid", t0, t1, indexing="ij"))
case("meshgrid xy", [T(3), T(2), T(4)], f("meshgrid", t0, t1, t2, indexing="xy"))
case("cartesian_prod", [T(3), T(2)], f("cartesian_prod", t0, t1))
case("broadcast_tensors", [T(3, 1), T(4)], f("broadcast_tensors", t0, t1))
case("broadcast_to", [T(3, 1)], f("broadcast_to", t0, [2, 3, 4]))
case("repeat_interleave int", [T(3)], f("repeat_interleave", t0, 2))
case("repeat_interleave dim", [T(2, 3)], f("repeat_interleave", t0, 2, dim=1))
case("repeat_interleave tensor", [T(2, 3), L([1, 0, 3])], m("repeat_interleave", t1, dim=1))
case("repeat_interleave indices", [L([2, 0, 1])], f("repeat_interleave", t0))
case("repeat_interleave bad size", [T(2, 3), L([1, 2])], m("repeat_interleave", t1, dim=1))
case("take_along_dim", [T(3, 4), L([0, 3, 1, 2, 2, 0], [3, 2])], f("take_along_dim", t0, t1, dim=1))
case("take_along_dim broadcast", [T(3, 4), L([0, 3], [1, 2])], f("take_along_dim", t0, t1, 1))
case("take_along_dim flat", [T(3, 4), L([0, 11, 5])], f("take_along_dim", t0, t1))
case("tensor_split sections", [T(7, 2)], f("tensor_split", t0, 3))
case("tensor_split indices dim", [T(2, 7)], m("tensor_split", [1, 4, -1], dim=1))
case("hsplit", [T(2, 6)], f("hsplit", t0, 3))
case("hsplit uneven", [T(2, 5)], f("hsplit", t0, 3))
case("vsplit indices", [T(5, 2)], f("vsplit", t0, [2, 3]))
case("dsplit", [T(2, 2, 4)], f("dsplit", t0, 2))
case("fliplr", [T(2, 3)], f("fliplr", t0))
case("flipud", [T(2, 3)], m("flipud"))
case("fliplr 1-d", [T(3)], f("fliplr", t0))
case("swapdims", [T(2, 3, 4)], f("swapdims", t0, 0, 2))
case("moveaxis", [T(2, 3, 4)], f("moveaxis", t0, 0, -1))
# ---- one node each, composed forward (src/ops/math.ts) ---------------------------------------
case("deg2rad", [T(2, 3)], f("deg2rad", t0))
case("rad2deg int64", [L([0, 90, 180])], f("rad2deg", t0))
case("frac", [V([1.5, -2.25, 0.25, 3.125, -0.5, 7.75], [2, 3], rg=True)], m("frac"))
case("frac at integers", [V([0.0, -3.0, 2.0], [3], rg=True)], f("frac", t0), no_gradcheck=True)
case("exp2", [T(2, 3)], f("exp2", t0))
case("logit", [T(2, 3, unit=True)], m("abs"), m("logit"))
case("logit eps", [V([0.0, 0.05, 0.5, 0.95, 1.0, 0.3], [6], rg=True)], f("logit", t0, eps=0.1))
case("logit out of range", [V([-0.5, 0.5, 1.5], [3], rg=True)], f("logit", t0), no_gradcheck=True)
case("logaddexp", [T(2, 3), T(3)], f("logaddexp", t0, t1))
case("logaddexp large and infinite", [V([1000.0, -1000.0, float("inf"), float("-inf"), 2.0], [5]), V([999.0, -1001.0, float("inf"), float("-inf"), float("-inf")], [5])], f("logaddexp", t0, t1))
case("xlogy", [V([0.0, 1.5, -2.0, 0.0, 3.0, 0.5], [2, 3], rg=True), T(2, 3, pos=True)], f("xlogy", t0, t1))
case("xlogy zero and nan", [V([0.0, 0.0, 2.0], [3]), V([0.0, float("nan"), 0.0], [3])], f("xlogy", t0, t1))
case("hypot", [T(2, 3), T(2, 1)], f("hypot", t0, t1))
case("hypot int64", [L([3]), L([4])], f("hypot", t0, t1))
case("diag of 1-d", [T(3)], f("diag", t0))
case("diag of 1-d above", [T(3)], f("diag", t0, 1))
case("diag of 1-d below", [T(2)], m("diag", -2))
case("diag of 2-d", [T(3, 4)], f("diag", t0))
case("diag of 2-d offsets", [T(4, 3)], f("diag", t0, diagonal=-1))
case("diag of 3-d", [T(2, 2, 2)], f("diag", t0))
case("trace", [T(3, 4)], f("trace", t0))
case("trace int64", [L([1, 2, 3, 4], [2, 2])], m("trace"))
case("nansum", [V([1.0, float("nan"), 2.0, 4.0, float("nan"), -1.0], [2, 3], rg=True)], f("nansum", t0))
case("nansum dim keepdim", [V([1.0, float("nan"), 2.0, 4.0, float("nan"), -1.0], [2, 3], rg=True)], f("nansum", t0, 1, True))
case("nanmean dim", [V([1.0, float("nan"), 2.0, 4.0, float("nan"), -1.0], [2, 3], rg=True)], m("nanmean", dim=0), no_gradcheck=True)  # a column of NaNs only
case("nanmean", [V([1.0, float("nan"), 2.0, 4.0], [4], rg=True)], f("nanmean", t0))
case("count_nonzero", [V([0.0, 1.0, 0.0, 2.0, 3.0, 0.0], [2, 3])], f("count_nonzero", t0))
case("count_nonzero dim", [V([0.0, 1.0, 0.0, 2.0, 3.0, 0.0], [2, 3])], f("count_nonzero", t0, dim=1))
case("isposinf isneginf", [NONFINITE], f("isposinf", t0))
case("isneginf", [NONFINITE], m("isneginf"))
case("logical_xor", [V([0.0, 1.0, 2.0, 0.0], [4]), V([0.0, 0.0, 3.0, 5.0], [4])], f("logical_xor", t0, t1))
case("diff", [T(2, 5)], f("diff", t0))
case("diff n dim", [T(4, 3)], f("diff", t0, n=2, dim=0))
case("diff prepend append", [T(2, 3), T(2, 1), T(2, 2)], f("diff", t0, 1, -1, t1, t2))
case("diff past length", [T(3)], m("diff", 5))
case("masked_scatter", [T(2, 3), B([True, False, True, False, True, False], [2, 3]), T(2, 3)], m("masked_scatter", t1, t2))
case("masked_scatter broadcast mask larger source", [T(2, 3), B([True, False, True]), T(7)], f("masked_scatter", t0, t1, t2))
case("masked_scatter source too small", [T(2, 3), B([True, True, True]), T(5)], m("masked_scatter", t1, t2))
case("masked_scatter dtypes", [T(2), B([True, False]), V([1.0, 2.0], [2], "float64")], m("masked_scatter", t1, t2))
case("scatter_reduce sum", [T(4), L([0, 1, 0, 1, 2, 2]), T(6)], m("scatter_reduce", 0, t1, t2, "sum"))
case("scatter_reduce sum no self", [T(4), L([0, 1, 0, 1, 2, 2]), T(6)], m("scatter_reduce", 0, t1, t2, "sum", include_self=False))
case("scatter_reduce mean 2-d", [T(3, 4), L([0, 2, 0, 1, 1, 1, 2, 0], [2, 4]), T(2, 4)], f("scatter_reduce", t0, 0, t1, t2, "mean"))
case("scatter_reduce mean no self", [T(3, 4), L([0, 2, 0, 1, 1, 1, 2, 0], [2, 4]), T(2, 4)], f("scatter_reduce", t0, 0, t1, t2, "mean", include_self=False))
case("scatter_reduce mean int64", [L([7, 8, 9]), L([0, 0, 1]), L([1, 2, 4])], m("scatter_reduce", 0, t1, t2, "mean"))
case("scatter_reduce prod", [V([1.0, 2.0, 3.0, 4.0], [4], rg=True), L([0, 1, 0, 1, 2, 2]), V([5.0, 1.0, 0.5, 2.0, 3.0, 7.0], [6], rg=True)], m("scatter_reduce", 0, t1, t2, "prod"))
case("scatter_reduce prod zeros", [V([1.0, 0.0, 3.0, 4.0], [4], rg=True), L([0, 1, 0, 1, 2, 2]), V([5.0, 1.0, 0.0, 2.0, 3.0, 7.0], [6], rg=True)], m("scatter_reduce", 0, t1, t2, "prod", include_self=False), no_gradcheck=True)
case("scatter_reduce amax", [V([1.0, 2.0, 3.0, 4.0], [4], rg=True), L([0, 1, 0, 1, 2, 2]), V([5.0, 1.0, 0.5, 2.0, 3.0, 7.0], [6], rg=True)], m("scatter_reduce", 0, t1, t2, "amax"), no_gradcheck=True)
case("scatter_reduce amin ties no self", [T(2, 3), L([1, 0, 1, 1, 0, 0], [2, 3]), V([0.5, 0.5, -1.0, 2.0, 0.5, -1.0], [2, 3], rg=True)], f("scatter_reduce", t0, 1, t1, t2, "amin", include_self=False), no_gradcheck=True)
case("scatter_reduce larger src", [T(4), L([0, 1, 0]), V([0.1, 0.2, 0.3, 0.4, 0.5], [5])], m("scatter_reduce", 0, t1, t2, "sum"))
case("scatter_reduce bad reduce", [T(4), L([0, 1]), T(2)], m("scatter_reduce", 0, t1, t2, "max"))
case("lerp scalar weight", [T(2, 3), T(2, 3)], m("lerp", t1, 0.3))
case("lerp scalar weight above half", [T(2, 3), T(3)], f("lerp", t0, t1, 0.8))
case("lerp tensor weight", [T(2, 3), T(2, 3), V([0.1, 0.5, 0.9, -0.2, 0.49, 1.0], [2, 3], rg=True)], m("lerp", t1, t2))
case("lerp dtype mismatch", [T(3), V([1.0, 2.0, 3.0], [3], "float64")], m("lerp", t1, 0.5))
case("tril", [T(3, 4)], m("tril"))
case("triu k", [T(3, 4)], m("triu", 1))
case("tril batched negative k", [T(2, 3, 3)], f("tril", t0, -1))
case("tril_indices", [], f("tril_indices", 3, 4, 1))
case("triu_indices", [], f("triu_indices", 4, 3, -1))
# ---- moments, order statistics and scans (src/ops/reduce.ts, src/ops/stats.ts) ------------------
case("var_mean", [T(3, 4)], f("var_mean", t0, 1))
case("var_mean dims biased keepdim", [T(3, 4)], f("var_mean", t0, [0, 1], False, True))
case("var_mean correction", [T(3, 4)], f("var_mean", t0, 0, correction=0))
case("std_mean", [T(3, 4)], f("std_mean", t0, 1, keepdim=True))
case("std_mean all", [T(2, 3)], f("std_mean", t0))
case("median", [T(3, 4)], m("median"))
case("median ties share the gradient", [V([1.0, 2.0, 2.0, 3.0, 2.0, 0.0], [2, 3], rg=True)], f("median", t0), no_gradcheck=True)
case("median whole with NaN", [V([1.0, float("nan"), 0.5, float("nan")], [4], rg=True)], m("median"), no_gradcheck=True)
case("median int64", [L([3, 1, 2, 5])], m("median"))
case("median dim", [T(3, 5)], m("median", 1))
case("median dim keepdim", [T(4, 3)], f("median", t0, 0, True))
case("median dim with NaN", [V([1.0, float("nan"), 0.5, 1.0, 2.0, 3.0], [2, 3], rg=True)], m("median", 1), no_gradcheck=True)
case("median 0-d", [T()], m("median", 0))
case("median empty dim", [T(3, 0)], m("median", 1))
case("nanmedian dim", [V([float("nan"), float("nan"), 1.0, float("nan"), 3.0, 2.0, 4.0, 0.0, 5.0], [3, 3], rg=True)], m("nanmedian", 1), no_gradcheck=True)
case("nanmedian whole", [V([float("nan"), 1.0, 3.0, 2.0], [4], rg=True)], f("nanmedian", t0), no_gradcheck=True)
case("nanmedian empty dim", [T(2, 0)], m("nanmedian", 1))
case("kthvalue", [T(3, 5)], m("kthvalue", 2, 1))
case("kthvalue last dim keepdim", [T(2, 4)], f("kthvalue", t0, 3, keepdim=True))
case("kthvalue out of range", [T(3, 4)], m("kthvalue", 5, 1))
case("cummax", [T(3, 5)], m("cummax", 1))
case("cummin dim 0", [T(4, 3)], f("cummin", t0, 0))
case("cummax ties and NaN", [V([1.0, 3.0, 3.0, float("nan"), 5.0, 2.0], [6], rg=True)], m("cummax", 0), no_gradcheck=True)
case("cummin int64", [L([3, 1, 2, 0])], m("cummin", 0))
case("cumprod", [T(2, 5)], m("cumprod", 1))
case("cumprod with zeros", [V([2.0, 0.0, 3.0, 0.0, 4.0, 1.5, -2.0, 0.5, 0.0, 3.0, 0.7, 1.2, -0.5, 2.0, 1.1], [3, 5], rg=True)], m("cumprod", 1))
case("cumprod dim 0", [T(3, 2)], f("cumprod", t0, 0))
case("cumprod int64", [L([1, 2, 3, 4])], f("cumprod", t0, 0))
case("cumprod dtype", [T(3, 2)], f("cumprod", t0, 0, dtype="float64"))
case("logcumsumexp", [T(3, 4)], m("logcumsumexp", 1))
case("logcumsumexp large", [V([1000.0, 1001.0, -1000.0, 999.0], [4], rg=True)], f("logcumsumexp", t0, 0))
case("logcumsumexp int64", [L([1, 2])], m("logcumsumexp", 0))
case("sinc", [V([0.0, 0.5, -1.25, 2.0, 0.1, -3.3], [2, 3], rg=True)], m("sinc"))
case("sinc int64", [L([0, 1, 2])], f("sinc", t0))
case("erfinv", [V([-0.999, -0.9, -0.7, -0.3, 0.0, 0.2, 0.69, 0.71, 0.95, 0.9999], [2, 5], rg=True)], m("erfinv"))
case("erfinv edges", [V([-1.0, 1.0, 1.5, -2.0, float("nan")], [5])], f("erfinv", t0))
case("erfinv_", [V([-0.5, 0.1, 0.8], [3])], m("erfinv_"))
case("copysign", [T(2, 3), V([1.0, -1.0, 0.0, -0.0, 2.0, -3.0], [2, 3])], f("copysign", t0, t1))
case("copysign number method", [T(4)], m("copysign", -2.0))
case("signbit", [V([1.0, -1.0, 0.0, -0.0, float("inf"), float("-inf")], [6])], f("signbit", t0))
case("sgn", [T(2, 3)], m("sgn"), no_grad_check=True)  # PyTorch's gradient is a ZeroTensor that tolist() cannot read
case("float_power", [T(3, pos=True), V([2.0, 0.5, 3.0], [3])], f("float_power", t0, t1))
case("float_power scalar", [T(2, 2, pos=True)], m("float_power", 2))
case("ldexp", [T(4), L([1, 2, -1, 0])], f("ldexp", t0, t1))
case("fmax", [V([1.0, float("nan"), 3.0, float("nan"), -1.0], [5], rg=True), V([2.0, 1.0, float("nan"), float("nan"), -1.0], [5], rg=True)], f("fmax", t0, t1), no_gradcheck=True)
case("fmin broadcast", [T(2, 3), T(3)], m("fmin", t1))
case("heaviside", [V([-1.5, 0.0, 2.0, 0.0], [4]), V([0.5, 0.25, 0.5, 0.75], [4])], f("heaviside", t0, t1))
case("true_divide", [T(2, 3), T(3, pos=True)], f("true_divide", t0, t1))
case("vdot", [T(4), T(4)], f("vdot", t0, t1))
case("diag_embed", [T(2, 3)], f("diag_embed", t0))
case("diag_embed offset", [T(3)], m("diag_embed", 1))
case("diag_embed negative offset", [T(2, 2)], f("diag_embed", t0, -2))
case("diagflat", [T(2, 2)], f("diagflat", t0))
case("diagflat offset", [T(3)], m("diagflat", -1))
case("select_scatter", [T(3, 4), T(4)], f("select_scatter", t0, t1, 0, 1))
case("select_scatter dim 1 method", [T(3, 4), T(3)], m("select_scatter", t1, 1, -1))
case("select_scatter bad size", [T(3, 4), T(3)], f("select_scatter", t0, t1, 0, 0))
case("slice_scatter", [T(5, 3), T(2, 3)], f("slice_scatter", t0, t1, 0, 1, 3, 1))  # 1.13 reads garbage for an omitted step
case("slice_scatter step", [T(3, 6), T(3, 3)], f("slice_scatter", t0, t1, dim=1, start=0, end=6, step=2))
case("diagonal_scatter", [T(3, 4), T(3)], f("diagonal_scatter", t0, t1))
case("diagonal_scatter offset", [T(3, 4), T(2)], f("diagonal_scatter", t0, t1, 2))
case("combinations", [T(4)], f("combinations", t0))
case("combinations r3 replacement", [T(3)], f("combinations", t0, 3, True))
case("vander", [T(4)], f("vander", t0), no_grad_check=True)  # PyTorch 1.13's own backward fails here (an in-place cumprod of a saved slice)
case("vander N int64", [L([1, 2, 3])], f("vander", t0, 4))
case("tensordot dims 1", [T(2, 3, 4), T(4, 5)], f("tensordot", t0, t1, 1))
case("tensordot default dims", [T(2, 3, 4), T(3, 4, 2)], f("tensordot", t0, t1))
case("tensordot dim lists", [T(2, 3, 4), T(4, 3, 5)], f("tensordot", t0, t1, [[1, 2], [1, 0]]))
case("tensordot outer", [T(2, 3), T(2)], f("tensordot", t0, t1, 0))
case("tensordot size mismatch", [T(2, 3, 4), T(4, 3, 5)], f("tensordot", t0, t1, [[1], [2]]))
case("tensordot negative dims", [T(2, 3), T(3)], f("tensordot", t0, t1, -1))
case("tensordot list lengths", [T(2, 3, 4), T(4, 3, 5)], f("tensordot", t0, t1, [[1, 2], [0]]))
case("inner", [T(2, 3, 4), T(5, 4)], f("inner", t0, t1))
case("inner method 1-d", [T(4), T(4)], m("inner", t1))
case("inner scalar", [T(), T(2, 3)], f("inner", t0, t1))
case("inner mismatch", [T(2, 3), T(4)], f("inner", t0, t1))
case("cross", [T(4, 3), T(4, 3)], f("cross", t0, t1))
case("cross dim broadcast", [T(2, 3, 4), T(1, 3, 1)], f("cross", t0, t1, dim=1))
case("cross no size 3", [T(2, 2), T(2, 2)], f("cross", t0, t1))
case("linalg.cross", [T(2, 3), T(1, 3)], f("linalg.cross", t0, t1))
case("linalg.cross bad length", [T(2, 2), T(2, 2)], f("linalg.cross", t0, t1))
case("linalg.cross dim 0", [T(3, 2), T(3, 2)], f("linalg.cross", t0, t1, dim=0))
case("trapezoid", [T(3, 5)], f("trapezoid", t0))
case("trapezoid dx dim", [T(4, 3)], f("trapezoid", t0, dx=0.5, dim=0))
case("trapezoid x", [T(2, 5), V([0.0, 0.5, 1.5, 2.0, 4.0], [5], rg=True)], f("trapezoid", t0, t1))
case("trapezoid x 2-d", [T(2, 4), T(2, 4)], f("trapezoid", t0, t1))
case("trapezoid x wrong length", [T(2, 5), T(4)], f("trapezoid", t0, t1))
case("trapz", [T(3, 4)], f("trapz", t0, dx=2.0))
case("cumulative_trapezoid", [T(2, 5)], f("cumulative_trapezoid", t0))
case("cumulative_trapezoid dx", [T(4, 2)], f("cumulative_trapezoid", t0, dx=0.25, dim=0))
case("cumulative_trapezoid x", [T(2, 4), V([0.0, 1.0, 3.0, 3.5], [4], rg=True)], f("cumulative_trapezoid", t0, t1))
case("mode", [V([1.0, 3.0, 3.0, 2.0, 1.0, 4.0, 4.0, 0.0, 0.0, 5.0], [2, 5], rg=True)], m("mode"), no_gradcheck=True)
case("mode dim 0 keepdim", [V([2.0, 1.0, 2.0, 1.0, 3.0, 3.0, 2.0, 7.0, 1.0], [3, 3], rg=True)], f("mode", t0, 0, True), no_gradcheck=True)
case("mode whole 1-d", [L([2, 1, 2, 1, 3])], f("mode", t0))
case("mode 0-d", [T()], m("mode"))
case("quantile", [T(2, 5)], f("quantile", t0, 0.3, dim=1))
case("quantile whole", [T(3, 4)], m("quantile", 0.75))
case("quantile keepdim", [T(3, 4)], f("quantile", t0, 0.5, 0, True))
case("quantile q tensor", [T(2, 5), V([0.25, 0.5, 0.9], [3])], f("quantile", t0, t1, dim=1))
case("quantile q tensor whole keepdim", [T(2, 3), V([0.1, 0.6], [2])], f("quantile", t0, t1, keepdim=True))
case("quantile lower", [T(6)], f("quantile", t0, 0.45, interpolation="lower"))
case("quantile higher", [T(6)], f("quantile", t0, 0.45, interpolation="higher"))
case("quantile midpoint", [T(2, 6)], f("quantile", t0, 0.3, 1, interpolation="midpoint"))
case("quantile nearest", [T(6)], f("quantile", t0, 0.7, interpolation="nearest"))
case("quantile NaN", [V([1.0, float("nan"), 3.0, 2.0, 0.5, 4.0], [2, 3], rg=True)], f("quantile", t0, 0.5, dim=1), no_gradcheck=True)
case("nanquantile", [V([1.0, float("nan"), 3.0, 2.0, 0.5, 4.0, float("nan"), float("nan"), float("nan")], [3, 3], rg=True)], f("nanquantile", t0, 0.4, dim=1), no_gradcheck=True)
case("quantile q out of range", [T(4)], f("quantile", t0, 1.5))
case("quantile bad interpolation", [T(4)], f("quantile", t0, 0.5, interpolation="foo"))
case("quantile int input", [L([1, 2, 3])], f("quantile", t0, 0.5))
case("quantile q 2-d", [T(4), V([0.5], [1, 1])], f("quantile", t0, t1))
case("aminmax", [L([3, -1, 7, 2, 0, 5], [2, 3])], f("aminmax", t0))
case("aminmax dim keepdim", [T(3, 4)], f("aminmax", t0, dim=1, keepdim=True), no_grad_check=True)
case("aminmax empty", [T(0)], f("aminmax", t0))
case("floor_divide", [L([7, -7, 9, -9]), L([2, 2, -4, -4])], f("floor_divide", t0, t1))
case("floor_divide float scalar", [T(2, 3)], m("floor_divide", 0.7), no_grad_check=True)
case("div floor int64", [L([-7, 7, -9, 9]), L([2, 2, -4, -4])], m("div", t1, rounding_mode="floor"))
case("div trunc int64 scalar", [L([-7, 7, -9])], m("div", 2, rounding_mode="trunc"))
case("argwhere", [V([0.0, 1.5, 0.0, -2.0, 3.0, 0.0], [2, 3])], f("argwhere", t0))
case("bitwise_and", [L([12, -7, 5, 0]), L([10, 3, -1, 9])], f("bitwise_and", t0, t1))
case("bitwise_or int32 broadcast", [V([1, 2, 4], [3, 1], "int32"), V([8, -16], [2], "int32")], f("bitwise_or", t0, t1))
case("bitwise_xor scalar", [L([5, -3, 0])], m("bitwise_xor", 6))
case("bitwise_and large", [L([2 ** 40 + 5, -(2 ** 40) - 1]), L([2 ** 40 + 3, 2 ** 41 + 7])], f("bitwise_and", t0, t1))
case("bitwise_xor bool", [B([True, False, True]), B([True, True, False])], f("bitwise_xor", t0, t1))
case("bitwise_not", [L([0, -1, 5, 2 ** 40])], f("bitwise_not", t0))
case("bitwise_not bool", [B([True, False])], m("bitwise_not"))
case("bitwise_left_shift", [L([3, -2, 1]), L([4, 3, 40])], f("bitwise_left_shift", t0, t1))
case("bitwise_right_shift", [L([-16, 16, 2 ** 40])], m("bitwise_right_shift", 2))
case("bitwise_and float", [T(3), T(3)], f("bitwise_and", t0, t1))
case("bitwise_not float", [T(3)], f("bitwise_not", t0))
case("histc", [V([1.0, 2.0, 1.0, 5.0, 7.0], [5])], f("histc", t0, bins=4))
case("histc point range", [V([2.0, 2.0], [2])], f("histc", t0, 3))
case("histc min max", [V([1.0, 2.0, 3.0, 9.0, 0.5], [5])], m("histc", 2, 1, 3))
case("histc int", [L([1, 2])], f("histc", t0, 3))
case("histc bins 0", [T(3)], f("histc", t0, 0))
case("histc max below min", [T(3)], f("histc", t0, 3, 2.0, 1.0))
case("logspace", [], f("logspace", 0.0, 2.0, 5))
case("logspace base", [], f("logspace", -1.0, 3.0, 4, 2.0))
case("lgamma", [V([0.5, 1.0, 2.0, 3.5, 10.0, -0.5, -2.5, 1e-3, 40.0, 7.9, 8.1, 0.3], [12], rg=True)], m("lgamma"))
case("lgamma poles", [V([0.0, -1.0, -3.0], [3])], f("lgamma", t0))
case("lgamma int64", [L([1, 2, 5])], f("lgamma", t0))
case("digamma", [V([0.5, 1.0, 2.0, 3.5, 10.0, -0.5, -2.5, 1e-3, 40.0, 7.9, 0.3], [11], rg=True)], m("digamma"))
case("digamma poles", [V([0.0, -1.0, -2.0], [3])], f("digamma", t0))
case("polygamma 1", [T(2, 3, pos=True)], f("polygamma", 1, t0))
case("polygamma 2", [V([0.5, 1.0, 3.5, 10.0, 0.05, 25.0], [6], rg=True)], m("polygamma", 2))
case("polygamma 3 method", [T(4, pos=True)], m("polygamma", 3))
case("polygamma 0", [T(4, pos=True)], f("polygamma", 0, t0))
case("mvlgamma", [V([2.5, 3.0, 1.7], [3], rg=True)], f("mvlgamma", t0, 3))
case("mvlgamma bad domain", [V([0.5, 3.0], [2])], f("mvlgamma", t0, 3))
case("special.gammaln", [T(3, pos=True)], f("special.gammaln", t0))
case("special.psi", [T(3, pos=True)], f("special.psi", t0))
case("special.multigammaln", [V([2.5, 3.0], [2], rg=True)], f("special.multigammaln", t0, 2))
case("special.expit", [T(2, 3)], f("special.expit", t0))
case("special.entr", [V([0.5, 0.0, 2.0, -1.0, 0.1], [5], rg=True)], f("special.entr", t0), no_gradcheck=True)
case("special.xlog1py", [V([0.0, 1.5, -2.0, 0.0, 3.0], [5], rg=True), T(5, pos=True)], f("special.xlog1py", t0, t1))
case("special.ndtr", [T(2, 3)], f("special.ndtr", t0))
case("special.erfinv", [V([-0.5, 0.1, 0.8], [3], rg=True)], f("special.erfinv", t0))
# ---- torch.linalg (src/linalg.ts, src/ops/solve.ts) -----------------------------------------------
LA = "linalg."
case("linalg.inv", [T(3, 3)], f(LA + "inv", t0))
case("linalg.inv batched", [T(2, 4, 4)], f(LA + "inv", t0))
case("torch.inverse", [V([2.0, -1.0, 0.5, 0.3, 1.5, -0.2, -0.4, 0.6, 1.8], [3, 3], rg=True)], f("inverse", t0))
case("inverse method", [T(2, 2)], m("inverse"))
case("linalg.inv singular", [V([1.0, 2.0, 2.0, 4.0], [2, 2])], f(LA + "inv", t0))
case("linalg.inv not square", [T(2, 3)], f(LA + "inv", t0))
case("linalg.inv int64", [L([1, 2, 3, 4], [2, 2])], f(LA + "inv", t0))
case("linalg.det", [T(3, 3)], f(LA + "det", t0))
case("linalg.det batched", [T(2, 3, 4, 4)], f(LA + "det", t0))
case("torch.det pivoting", [V([0.0, 1.0, 2.0, 1.0, 0.0, 3.0, 4.0, -3.0, 8.0], [3, 3], rg=True)], f("det", t0))
case("linalg.det singular", [V([1.0, 2.0, 2.0, 4.0], [2, 2])], f(LA + "det", t0))
case("linalg.slogdet", [T(3, 3)], f(LA + "slogdet", t0))
case("slogdet method batched", [T(2, 3, 3)], m("slogdet"))
case("logdet", [V([2.0, 0.5, -0.3, 0.1, 1.5, 0.4, -0.2, 0.3, 1.2], [3, 3], rg=True)], f("logdet", t0))
case("logdet negative determinant", [V([0.0, 1.0, 1.0, 0.0], [2, 2], rg=True)], m("logdet"), no_gradcheck=True)
case("linalg.cholesky", [T(4, 4, spd=True)], f(LA + "cholesky", t0), no_gradcheck=True)
case("linalg.cholesky upper batched", [T(2, 3, 3, spd=True)], f(LA + "cholesky", t0, upper=True), no_gradcheck=True)
case("cholesky", [T(3, 3, spd=True)], f("cholesky", t0), no_gradcheck=True)
case("cholesky upper method", [T(3, 3, spd=True)], m("cholesky", True), no_gradcheck=True)
case("linalg.cholesky not positive-definite", [V([1.0, 2.0, 2.0, 1.0], [2, 2])], f(LA + "cholesky", t0))
case("linalg.cholesky_ex", [V([4.0, 2.0, 2.0, 3.0, 1.0, 2.0, 2.0, 1.0], [2, 2, 2], rg=True)], f(LA + "cholesky_ex", t0), no_gradcheck=True)
# QR: LAPACK's Householder signs, so Q and R compare directly. Eigenvectors and singular
# vectors are unique up to sign only: the cases compare their absolute values (and
# symmetrize the input for eigh, whose numerical gradient reads one triangle).
SYM = [("attr", "mT"), m("add", t0)]
case("linalg.qr", [T(5, 3)], f(LA + "qr", t0))
case("linalg.qr wide", [T(3, 5)], f(LA + "qr", t0))
case("linalg.qr complete wide", [T(3, 4)], f(LA + "qr", t0, "complete"))
case("linalg.qr complete tall", [T(4, 2)], f(LA + "qr", t0, mode="complete"), no_grad_check=True)
case("linalg.qr r", [T(4, 3)], f(LA + "qr", t0, mode="r"), no_grad_check=True)
case("linalg.qr batched", [T(2, 4, 3)], f(LA + "qr", t0))
case("linalg.qr R only", [T(4, 3)], f(LA + "qr", t0), ("item", 1))
case("qr some=False", [T(3, 4)], f("qr", t0, some=False))
case("qr method", [T(4, 4)], m("qr"))
case("linalg.qr bad mode", [T(3, 3)], f(LA + "qr", t0, mode="full"))
case("linalg.qr int64", [L([1, 2, 3, 4], [2, 2])], f(LA + "qr", t0))
case("linalg.qr 1-d", [T(3)], f(LA + "qr", t0))
case("linalg.eigh eigenvalues", [T(4, 4)], *SYM, f(LA + "eigh", {"prev": 1}), ("item", 0))
case("linalg.eigh eigenvectors", [T(4, 4)], *SYM, f(LA + "eigh", {"prev": 1}), ("item", 1), m("abs"))
case("linalg.eigh batched both", [T(2, 3, 3)], *SYM, f(LA + "eigh", {"prev": 1}), ("item", 1), m("pow", 2), m("mul", 2))
case("linalg.eigh UPLO U", [T(3, 3)], f(LA + "eigh", t0, UPLO="U"), ("item", 0), no_gradcheck=True)
case("linalg.eigvalsh", [T(2, 4, 4)], *SYM, f(LA + "eigvalsh", {"prev": 1}))
case("linalg.eigh not square", [T(3, 4)], f(LA + "eigh", t0))
case("linalg.eigh bad UPLO", [T(3, 3)], f(LA + "eigh", t0, UPLO="X"))
case("linalg.svd S", [T(5, 3)], f(LA + "svd", t0, full_matrices=False), ("item", 1))
case("linalg.svd U", [T(5, 3)], f(LA + "svd", t0, full_matrices=False), ("item", 0), m("abs"))
case("linalg.svd Vh wide", [T(3, 5)], f(LA + "svd", t0, False), ("item", 2), m("abs"))
case("linalg.svd U wide", [T(2, 3, 5)], f(LA + "svd", t0, False), ("item", 0), m("abs"))
case("linalg.svd full_matrices Vh", [T(4, 2)], f(LA + "svd", t0), ("item", 2), m("abs"))
case("linalg.svd full_matrices U wide", [T(2, 4)], f(LA + "svd", t0), ("item", 0), m("abs"))
case("linalg.svdvals", [T(2, 3, 4)], f(LA + "svdvals", t0))
case("svd S", [T(4, 3)], f("svd", t0), ("item", 1))
case("svd V", [T(4, 3)], f("svd", t0), ("item", 2), m("abs"))
case("svd method some=False V", [T(3, 2)], m("svd", False), ("item", 2), m("abs"))
case("svd compute_uv=False", [T(3, 4)], f("svd", t0, compute_uv=False))
case("linalg.svd int64", [L([1, 2, 3, 4], [2, 2])], f(LA + "svd", t0))
case("linalg.pinv", [T(4, 3)], f(LA + "pinv", t0))
case("linalg.pinv wide batched", [T(2, 2, 3)], f(LA + "pinv", t0))
case("linalg.pinv hermitian", [T(3, 3)], *SYM, f(LA + "pinv", {"prev": 1}, hermitian=True))
case("linalg.pinv rank-deficient", [V([1.0, 2.0, 2.0, 4.0, 3.0, 6.0], [3, 2])], f(LA + "pinv", t0), no_grad_check=True)
case("linalg.pinv atol", [V([3.0, 0.0, 0.0, 0.5], [2, 2])], f(LA + "pinv", t0, atol=1.0), no_grad_check=True)
case("pinverse", [T(3, 4)], f("pinverse", t0))
case("pinverse method rcond", [V([3.0, 0.0, 0.0, 0.5], [2, 2], rg=True)], m("pinverse", 0.5), no_gradcheck=True)
case("linalg.matrix_rank", [V([1.0, 2.0, 2.0, 4.0, 3.0, 6.0], [3, 2])], f(LA + "matrix_rank", t0))
case("linalg.matrix_rank batched full", [T(2, 3, 4)], f(LA + "matrix_rank", t0))
case("linalg.matrix_rank atol hermitian", [V([2.0, 0.0, 0.0, 0.1], [2, 2])], f(LA + "matrix_rank", t0, atol=0.5, hermitian=True))
case("linalg.matrix_norm 2", [T(3, 4)], f(LA + "matrix_norm", t0, 2))
case("linalg.matrix_norm -2 batched", [T(2, 3, 3)], f(LA + "matrix_norm", t0, -2))
case("linalg.matrix_norm nuc dims keepdim", [T(3, 2, 4)], f(LA + "matrix_norm", t0, "nuc", [2, 0], True))
case("linalg.norm nuc", [T(3, 3)], f(LA + "norm", t0, "nuc"))
case("linalg.norm 2 matrix", [T(4, 3)], f(LA + "norm", t0, 2, [0, 1]))
case("linalg.solve_triangular lower", [T(3, 3, tri="lower"), T(3, 2)], f(LA + "solve_triangular", t0, t1, upper=False))
case("linalg.solve_triangular upper right", [T(3, 3, tri="upper"), T(2, 3)], f(LA + "solve_triangular", t0, t1, upper=True, left=False))
case("linalg.solve_triangular unitriangular batched", [T(2, 3, 3, tri="lower"), T(3, 1)], f(LA + "solve_triangular", t0, t1, upper=False, unitriangular=True))
case("linalg.solve_triangular upper", [T(4, 4, tri="upper"), T(2, 4, 3)], f(LA + "solve_triangular", t0, t1, upper=True))
case("linalg.solve", [T(3, 3), T(3, 2)], f(LA + "solve", t0, t1))
case("linalg.solve vector", [T(4, 4), T(4)], f(LA + "solve", t0, t1))
case("linalg.solve broadcast", [T(3, 3), T(2, 3, 2)], f(LA + "solve", t0, t1))
case("linalg.solve bad shapes", [T(3, 3), T(2, 2)], f(LA + "solve", t0, t1))
case("linalg.matrix_power 3", [T(3, 3)], f(LA + "matrix_power", t0, 3))
case("linalg.matrix_power 5", [T(2, 2)], f(LA + "matrix_power", t0, 5))
case("matrix_power 0", [T(2, 2)], f("matrix_power", t0, 0))
case("matrix_power 1", [T(2, 2)], m("matrix_power", 1))
case("matrix_power -1", [T(3, 3)], f("matrix_power", t0, -1))
case("matrix_power -2 batched", [T(2, 3, 3)], f(LA + "matrix_power", t0, -2))
case("linalg.vector_norm", [T(3, 4)], f(LA + "vector_norm", t0))
case("linalg.vector_norm ord dim keepdim", [T(3, 4)], f(LA + "vector_norm", t0, 1.0, 1, True))
case("linalg.vector_norm inf dims", [T(2, 3, 4)], f(LA + "vector_norm", t0, {"num": "inf"}, [0, 2]), no_gradcheck=True)
case("linalg.vector_norm 3", [T(5)], f(LA + "vector_norm", t0, ord=3.0))
case("linalg.matrix_norm fro", [T(3, 4)], f(LA + "matrix_norm", t0))
case("linalg.matrix_norm 1", [T(3, 4)], f(LA + "matrix_norm", t0, 1.0))
case("linalg.matrix_norm -inf batched keepdim", [T(2, 3, 4)], f(LA + "matrix_norm", t0, {"num": "-inf"}, keepdim=True))
case("linalg.norm", [T(3, 4)], f(LA + "norm", t0))
case("linalg.norm vector ord", [T(5)], f(LA + "norm", t0, 1.0))
case("linalg.norm matrix inf", [T(3, 4)], f(LA + "norm", t0, {"num": "inf"}))
case("linalg.norm dim", [T(3, 4)], f(LA + "norm", t0, dim=1))
case("linalg.vector_norm dtype", [T(3, 4)], f(LA + "vector_norm", t0, dtype="float64"))
case("linalg.matrix_norm dtype", [T(3, 4)], f(LA + "matrix_norm", t0, dtype="float64"))
case("special.softmax dtype", [T(2, 3)], f("special.softmax", t0, 1, dtype="float64"))
case("block_diag", [T(2, 3), T(1), T(), T(2, 2)], f("block_diag", t0, t1, t2, {"t": 3}))
case("block_diag int64 and float", [L([1, 2], [1, 2]), T(2, 1)], f("block_diag", t0, t1))
case("block_diag 3-d", [T(2, 2, 2)], f("block_diag", t0))
case("cdist", [T(3, 4), T(5, 4)], f("cdist", t0, t1))
case("cdist p=1 batched", [T(2, 3, 4), T(2, 2, 4)], f("cdist", t0, t1, p=1.0))
case("cdist p=3", [T(3, 2), T(4, 2)], f("cdist", t0, t1, 3.0))
case("cdist p=inf", [T(3, 2), T(4, 2)], f("cdist", t0, t1, p={"num": "inf"}), no_gradcheck=True)
case("cdist p=0", [T(3, 2), T(4, 2)], f("cdist", t0, t1, p=0.0))
case("cdist zero distance", [V([1.0, 2.0, 3.0, 4.0], [2, 2], rg=True), V([1.0, 2.0, 0.0, 1.0], [2, 2], rg=True)], f("cdist", t0, t1), no_gradcheck=True)
case("cdist column mismatch", [T(3, 4), T(5, 3)], f("cdist", t0, t1))
case("cov", [T(3, 6)], f("cov", t0))
case("cov correction 0 method", [T(2, 5)], m("cov", correction=0))
case("cov 1-d", [T(5)], f("cov", t0))
case("corrcoef", [T(3, 6)], f("corrcoef", t0))
case("corrcoef 1-d", [T(5)], m("corrcoef"))
# ---- more activations and losses (src/nn/activations.ts, src/nn/functional.ts) -----------------
ACT = V([-4.0, -2.5, -1.0, -0.3, 0.0, 0.2, 0.7, 1.5, 3.5, 25.0], [2, 5], rg=True)
case("F.elu", [T(3, 4)], f(NF + "elu", t0))
case("F.elu alpha", [T(3, 4)], f(NF + "elu", t0, 0.5))
case("F.selu", [T(3, 4)], f(NF + "selu", t0))
case("F.celu", [T(3, 4)], f(NF + "celu", t0, alpha=2.0))
case("F.celu alpha 0", [T(3, 4)], f(NF + "celu", t0, alpha=0.0))
case("F.relu6", [ACT], f(NF + "relu6", t0), no_gradcheck=True)
case("F.hardswish", [ACT], f(NF + "hardswish", t0))
case("F.hardsigmoid", [ACT], f(NF + "hardsigmoid", t0))
case("F.logsigmoid", [V([-100.0, -3.0, -0.5, 0.0, 0.5, 3.0, 100.0], [7], rg=True)], f(NF + "logsigmoid", t0))
case("F.softsign", [T(3, 4)], f(NF + "softsign", t0))
case("F.mish", [ACT], f(NF + "mish", t0))
case("F.tanhshrink", [T(3, 4)], f(NF + "tanhshrink", t0))
case("F.hardshrink", [ACT], f(NF + "hardshrink", t0))
case("F.softshrink", [ACT], f(NF + "softshrink", t0, 0.25))
case("F.threshold", [ACT], f(NF + "threshold", t0, 0.5, -2.0))
case("F.glu", [T(3, 4)], f(NF + "glu", t0))
case("F.glu dim 0", [T(4, 3)], f(NF + "glu", t0, 0))
case("F.glu odd", [T(3, 5)], f(NF + "glu", t0))
case("F.softmin", [T(3, 4)], f(NF + "softmin", t0, 1))
case("F.softmin dtype", [T(3, 4)], f(NF + "softmin", t0, 1, dtype="float64"))
case("F.softmax dtype", [T(2, 3)], f(NF + "softmax", t0, -1, dtype="float64"))
case("F.log_softmax dtype", [T(2, 3)], f(NF + "log_softmax", t0, 0, dtype="float64"))
case("F.prelu one weight", [T(2, 3, 4), V([0.25], [1], rg=True)], f(NF + "prelu", t0, t1))
case("F.prelu per channel", [T(2, 3, 4), V([0.1, 0.2, 0.3], [3], rg=True)], f(NF + "prelu", t0, t1))
case("F.prelu bad weight", [T(2, 3, 4), T(2)], f(NF + "prelu", t0, t1))
case("F.normalize", [T(3, 4)], f(NF + "normalize", t0))
case("F.normalize p dim", [T(3, 4)], f(NF + "normalize", t0, p=1.0, dim=0))
case("F.cosine_similarity", [T(3, 4), T(3, 4)], f(NF + "cosine_similarity", t0, t1))
case("F.cosine_similarity broadcast dim", [T(3, 4), T(4)], f(NF + "cosine_similarity", t0, t1, dim=-1))
case("F.pairwise_distance", [T(3, 4), T(3, 4)], f(NF + "pairwise_distance", t0, t1))
case("F.pairwise_distance p keepdim", [T(3, 4), T(4)], f(NF + "pairwise_distance", t0, t1, 1.0, 1e-6, True))
case("F.smooth_l1_loss", [T(3, 4), T(3, 4)], f(NF + "smooth_l1_loss", t0, t1))
case("F.smooth_l1_loss beta sum", [T(3, 4), T(3, 4)], f(NF + "smooth_l1_loss", t0, t1, reduction="sum", beta=0.5))
case("F.smooth_l1_loss beta 0", [T(3, 4), T(3, 4)], f(NF + "smooth_l1_loss", t0, t1, beta=0.0))
case("F.huber_loss", [T(3, 4), T(3, 4)], f(NF + "huber_loss", t0, t1))
case("F.huber_loss delta none", [T(3, 4), T(3, 4)], f(NF + "huber_loss", t0, t1, reduction="none", delta=0.7))
case("F.soft_margin_loss", [T(3, 4), V([1.0, -1.0, 1.0, 1.0, -1.0, -1.0, 1.0, -1.0, 1.0, 1.0, -1.0, 1.0], [3, 4])], f(NF + "soft_margin_loss", t0, t1))
case("F.kl_div batchmean", [T(3, 4), T(3, 4, pos=True)], f(NF + "kl_div", t0, t1, reduction="batchmean"))
case("F.kl_div sum log_target", [T(3, 4), T(3, 4)], f(NF + "kl_div", t0, t1, reduction="sum", log_target=True))
case("F.kl_div none with zeros", [T(2, 3), V([0.0, 0.5, 0.5, 0.2, 0.0, 0.8], [2, 3], rg=True)], f(NF + "kl_div", t0, t1, reduction="none"), no_gradcheck=True)
case("F.margin_ranking_loss", [T(6), T(6), V([1.0, -1.0, 1.0, -1.0, 1.0, 1.0], [6])], f(NF + "margin_ranking_loss", t0, t1, t2, margin=0.3))
case("F.hinge_embedding_loss", [T(2, 3), V([1.0, -1.0, 1.0, -1.0, -1.0, 1.0], [2, 3])], f(NF + "hinge_embedding_loss", t0, t1))
case("F.poisson_nll_loss", [T(3, 4), T(3, 4, pos=True)], f(NF + "poisson_nll_loss", t0, t1))
case("F.poisson_nll_loss full not log", [T(3, 4, pos=True), V([0.0, 1.0, 2.0, 3.5, 0.5, 4.0, 1.5, 2.5, 7.0, 0.2, 3.0, 9.0], [3, 4])], f(NF + "poisson_nll_loss", t0, t1, log_input=False, full=True))
case("F.gaussian_nll_loss", [T(3, 4), T(3, 4), T(3, 4, pos=True)], f(NF + "gaussian_nll_loss", t0, t1, t2))
case("F.gaussian_nll_loss homoscedastic full", [T(3, 4), T(3, 4), T(3, pos=True)], f(NF + "gaussian_nll_loss", t0, t1, t2, full=True, reduction="sum"))
case("F.triplet_margin_loss", [T(3, 4), T(3, 4), T(3, 4)], f(NF + "triplet_margin_loss", t0, t1, t2))
case("F.triplet_margin_loss swap p1", [T(3, 4), T(3, 4), T(3, 4)], f(NF + "triplet_margin_loss", t0, t1, t2, margin=2.0, p=1.0, swap=True, reduction="none"))
case("F.conv1d", [T(2, 3, 10), T(4, 3, 3), T(4)], f(NF + "conv1d", t0, t1, t2))
case("F.conv1d stride padding dilation", [T(2, 4, 11), T(6, 2, 3)], f(NF + "conv1d", t0, t1, None, 2, 1, 2, 2))
case("F.conv1d same odd", [T(1, 2, 7), T(3, 2, 4)], f(NF + "conv1d", t0, t1, padding="same"))
case("F.conv1d unbatched valid", [T(3, 9), T(2, 3, 5)], f(NF + "conv1d", t0, t1, padding="valid"))
case("F.instance_norm", [T(2, 3, 4, 5)], f(NF + "instance_norm", t0))
case("F.instance_norm affine", [T(2, 3, 6), T(3), T(3)], f(NF + "instance_norm", t0, weight=t1, bias=t2, eps=1e-3))
case("F.instance_norm running stats", [T(2, 3, 4), T(3, rg=False), T(3, pos=True, rg=False)], f(NF + "instance_norm", t0, t1, t2, None, None, True, 0.2))
case("F.instance_norm eval stats", [T(2, 3, 4), T(3, rg=False), T(3, pos=True, rg=False)], f(NF + "instance_norm", t0, t1, t2, use_input_stats=False))
case("F.instance_norm no stats", [T(2, 3, 4)], f(NF + "instance_norm", t0, use_input_stats=False))
case("F.pixel_shuffle", [T(1, 8, 2, 3)], f(NF + "pixel_shuffle", t0, 2))
case("F.pixel_shuffle batch dims", [T(2, 1, 9, 2, 2)], f(NF + "pixel_shuffle", t0, 3))
case("F.pixel_shuffle bad channels", [T(1, 6, 2, 2)], f(NF + "pixel_shuffle", t0, 2))
case("F.pixel_unshuffle", [T(1, 2, 4, 6)], f(NF + "pixel_unshuffle", t0, 2))
case("F.conv_transpose2d", [T(2, 3, 4, 4), T(3, 2, 3, 3), T(2)], f(NF + "conv_transpose2d", t0, t1, t2))
case("F.conv_transpose2d stride padding output_padding", [T(1, 2, 3, 4), T(2, 3, 3, 2)], f(NF + "conv_transpose2d", t0, t1, None, 2, 1, 1))
case("F.conv_transpose2d groups dilation", [T(2, 4, 3, 3), T(4, 1, 2, 3), T(2)], f(NF + "conv_transpose2d", t0, t1, t2, stride=[2, 1], padding=[0, 1], groups=2, dilation=2))
case("F.conv_transpose2d unbatched", [T(2, 3, 3), T(2, 2, 2, 2)], f(NF + "conv_transpose2d", t0, t1))
case("F.adaptive_max_pool2d", [T(2, 3, 5, 7)], f(NF + "adaptive_max_pool2d", t0, [3, 4]))
case("F.adaptive_max_pool2d indices", [T(1, 2, 6, 6)], f(NF + "adaptive_max_pool2d", t0, 4, True))
case("F.adaptive_max_pool2d None unbatched", [T(2, 5, 7)], f(NF + "adaptive_max_pool2d", t0, [3, None], return_indices=True))
case("F.adaptive_max_pool2d 2-d input", [T(5, 7)], f(NF + "adaptive_max_pool2d", t0, 2))
case("F.adaptive_max_pool1d", [T(2, 3, 7)], f(NF + "adaptive_max_pool1d", t0, 3))
case("F.adaptive_max_pool1d indices", [T(2, 9)], f(NF + "adaptive_max_pool1d", t0, 4, True))
case("F.conv_transpose1d", [T(2, 3, 5), T(3, 2, 3), T(2)], f(NF + "conv_transpose1d", t0, t1, t2))
case("F.conv_transpose1d stride padding output_padding groups dilation", [T(1, 4, 6), T(4, 1, 3), T(2)], f(NF + "conv_transpose1d", t0, t1, t2, 2, 1, 1, 2, 2))
case("F.conv_transpose1d unbatched", [T(2, 4), T(2, 3, 2)], f(NF + "conv_transpose1d", t0, t1))
case("F.conv_transpose2d output_padding too large", [T(1, 2, 3, 3), T(2, 3, 3, 3)], f(NF + "conv_transpose2d", t0, t1, stride=2, output_padding=2))
case("F.max_pool1d", [T(2, 3, 10)], f(NF + "max_pool1d", t0, 3, 2))
case("F.max_pool1d padding dilation", [T(3, 9)], f(NF + "max_pool1d", t0, 3, 1, 1, 2))
case("F.avg_pool1d", [T(2, 3, 10)], f(NF + "avg_pool1d", t0, 3, 2, 1))
case("F.avg_pool1d count_include_pad", [T(2, 3, 9)], f(NF + "avg_pool1d", t0, 2, padding=1, count_include_pad=False))
case("F.adaptive_avg_pool1d", [T(2, 3, 10)], f(NF + "adaptive_avg_pool1d", t0, 4))
# ---- einsum, baddbmm, diagonal, movedim, resampling, sliding windows, pad modes -----------------
case("einsum matmul", [T(3, 4), T(4, 2)], f("einsum", "ij,jk->ik", t0, t1))
case("einsum batch", [T(2, 3, 4), T(2, 4, 5)], f("einsum", "bij,bjk->bik", t0, t1))
case("einsum implicit", [T(3, 4), T(4, 2)], f("einsum", "ij,jk", t0, t1))
case("einsum trace", [T(4, 4)], f("einsum", "ii", t0))
case("einsum diagonal", [T(3, 3)], f("einsum", "ii->i", t0))
case("einsum outer sum", [T(3), T(4)], f("einsum", "i,j->ij", t0, t1))
case("einsum transpose", [T(2, 3, 4)], f("einsum", "abc->cab", t0))
case("einsum ellipsis", [T(2, 3, 4), T(4, 5)], f("einsum", "...j,jk->...k", t0, t1))
case("einsum three", [T(2, 3), T(3, 4), T(4, 2)], f("einsum", "ij,jk,kl->il", t0, t1, t2))
case("einsum sum out", [T(2, 3), T(3, 4)], f("einsum", "ij,jk->", t0, t1))
case("einsum attention", [T(2, 5, 4), T(2, 6, 4)], f("einsum", "bqd,bkd->bqk", t0, t1))
case("baddbmm", [T(2, 3, 5), T(2, 3, 4), T(2, 4, 5)], f("baddbmm", t0, t1, t2))
case("baddbmm beta alpha broadcast", [T(3, 5), T(2, 3, 4), T(2, 4, 5)], f("baddbmm", t0, t1, t2, beta=0.5, alpha=2.0))
case("addmm", [T(3, 5), T(3, 4), T(4, 5)], f("addmm", t0, t1, t2))
case("addmm bias row", [T(5), T(3, 4), T(4, 5)], f("addmm", t0, t1, t2))
case("addmm beta alpha broadcast column", [T(3, 1), T(3, 4), T(4, 5)], f("addmm", t0, t1, t2, beta=0.5, alpha=-2.0))
case("addmm beta 0 ignores nan", [V([float("nan")] * 15, [3, 5]), T(3, 4), T(4, 5)], f("addmm", t0, t1, t2, beta=0.0))
case("addmm method", [T(3, 5), T(3, 4), T(4, 5)], m("addmm", t1, t2, alpha=3.0))
case("addmm bad input", [T(4, 5), T(3, 4), T(4, 5)], f("addmm", t0, t1, t2))
case("addmm bias row of the wrong length", [T(4), T(3, 4), T(4, 5)], f("addmm", t0, t1, t2))
case("addmv", [T(3), T(3, 4), T(4)], f("addmv", t0, t1, t2, beta=2.0, alpha=0.5))
case("addmv scalar input", [T(), T(3, 4), T(4)], m("addmv", t1, t2))
case("addr", [T(3, 4), T(3), T(4)], f("addr", t0, t1, t2, beta=0.5, alpha=2.0))
case("addr method broadcast", [T(4), T(3), T(4)], m("addr", t1, t2))
case("addbmm", [T(3, 5), T(2, 3, 4), T(2, 4, 5)], f("addbmm", t0, t1, t2, beta=1.5, alpha=-1.0))
case("addbmm method", [T(5), T(2, 3, 4), T(2, 4, 5)], m("addbmm", t1, t2))
case("diagonal", [T(3, 4)], m("diagonal"))
case("diagonal offset dims", [T(2, 4, 3)], m("diagonal", 1, 0, 2))
case("diagonal negative offset", [T(4, 4)], m("diagonal", -1))
case("movedim", [T(2, 3, 4)], m("movedim", 0, 2))
case("movedim lists", [T(2, 3, 4, 5)], m("movedim", [0, 1], [3, 0]))
case("F.interpolate nearest", [T(1, 2, 3, 4)], f(NF + "interpolate", t0, scale_factor=2))
case("F.interpolate nearest size", [T(1, 2, 5, 4)], f(NF + "interpolate", t0, size=[3, 7]))
case("F.interpolate bilinear", [T(1, 2, 3, 4)], f(NF + "interpolate", t0, scale_factor=2, mode="bilinear"))
case("F.interpolate bilinear size", [T(2, 1, 5, 4)], f(NF + "interpolate", t0, size=[3, 6], mode="bilinear"))
case("F.interpolate bilinear align", [T(1, 2, 3, 4)], f(NF + "interpolate", t0, size=[5, 7], mode="bilinear", align_corners=True))
case("F.interpolate linear", [T(2, 3, 5)], f(NF + "interpolate", t0, size=8, mode="linear"))
case("F.unfold", [T(2, 3, 5, 4)], f(NF + "unfold", t0, 2))
case("F.unfold stride padding", [T(1, 2, 5, 5)], f(NF + "unfold", t0, [3, 2], padding=1, stride=2))
case("F.fold", [T(2, 12, 12)], f(NF + "fold", t0, [5, 4], 2))
case("F.fold stride padding", [T(1, 12, 9)], f(NF + "fold", t0, [5, 5], [3, 2], padding=1, stride=2))
case("F.pad reflect", [T(1, 2, 4, 5)], f(NF + "pad", t0, [2, 1, 1, 3], mode="reflect"))
case("F.pad replicate", [T(1, 2, 4, 5)], f(NF + "pad", t0, [2, 1, 1, 3], mode="replicate"))
case("F.pad circular", [T(1, 2, 4, 5)], f(NF + "pad", t0, [2, 1, 1, 3], mode="circular"))
case("F.pad reflect 1d", [T(2, 3, 5)], f(NF + "pad", t0, [3, 2], "reflect"))
case("F.pad negative", [T(2, 6)], f(NF + "pad", t0, [-1, 2]))
case("F.pad value", [T(2, 3)], f(NF + "pad", t0, [1, 1], value=2.5))
# ---- creation ------------------------------------------------------------------------------
case("arange end", [], f("arange", 5))
case("arange start end", [], f("arange", 2, 7))
case("arange float step", [], f("arange", 0, 1, 0.1))
case("arange negative step", [], f("arange", 5.0, 0.0, -1.5))
case("linspace", [], f("linspace", 0, 1, 7))
case("linspace negative", [], f("linspace", -2.0, 5.0, 10))
case("linspace one", [], f("linspace", 3.0, 9.0, 1))
case("eye", [], f("eye", 3))
case("eye rect", [], f("eye", 2, 3))
case("zeros", [], f("zeros", 2, 3))
case("ones float64", [], f("ones", 2, dtype="float64"))
case("full", [], f("full", [2, 2], 7.0))
case("full int64", [], f("full", [3], 7.0, dtype="int64"))
case("zeros_like", [T(2, 3, dtype="float64")], f("zeros_like", t0))
case("ones_like", [T(2, 3)], f("ones_like", t0))
case("full_like", [T(2, 3)], f("full_like", t0, 3.5))
case("tensor nested float64", [], f("tensor", [[1.5, 2.0], [3.0, 4.25]], dtype="float64"))
case("tensor bool", [], f("tensor", [True, False, True]))
# ---- in-place twins ---------------------------------------------------------------------------
case("fill_", [T(2, 3)], m("clone"), m("fill_", 2.5))
case("zero_", [T(2, 3)], m("clone"), m("zero_"))
case("copy_ broadcast", [T(2, 3), T(3)], m("clone"), m("copy_", t1))
case("sub_ alpha", [T(3), T(3)], m("clone"), m("sub_", t1, alpha=2))
case("div_ scalar", [T(3)], m("clone"), m("div_", 4.0))
case("pow_", [T(3, pos=True)], m("clone"), m("pow_", 2))
case("masked_fill_", [T(2, 3), B([True, False, True], [3])], m("clone"), m("masked_fill_", t1, 0.0))
case("add_ int64", [L([1, 2, 3]), L([10, 20, 30])], m("add_", t1))
case("error add_ float into int64", [L([1, 2, 3]), T(3)], m("add_", t1))
case("error in-place broadcast", [T(3), T(2, 3)], m("clone"), m("add_", t1))
# ---- printing ---------------------------------------------------------------------------
P = dict(print=True, no_grad_check=True)
case("print ints as float", [V([1.0, 2.0, 3.0], [3])], m("clone"), **P)
case("print fixed", [V([1.5, 2.25, -3.125], [3])], m("clone"), **P)
case("print sci small", [V([1e-5, 1.0], [2])], m("clone"), **P)
case("print sci large", [V([1e9, 1.0], [2])], m("clone"), **P)
case("print sci ratio", [V([0.001, 10.5], [2])], m("clone"), **P)
case("print int large ratio", [V([1.0, 100000.0], [2])], m("clone"), **P)
case("print zeros", [V([0.0, 0.0], [2])], m("clone"), **P)
case("print neg zero", [V([-0.0, 1.0], [2])], m("clone"), **P)
case("print nan inf", [V([float("nan"), float("inf"), -float("inf"), 1.5], [4])], m("clone"), **P)
case("print nan inf ints", [V([float("nan"), 2.0, 3.0], [3])], m("clone"), **P)
case("print scalar", [V([3.0], [])], m("clone"), **P)
case("print scalar fraction", [V([0.123456], [])], m("clone"), **P)
case("print float64", [V([1.5, 2.25], [2], "float64")], m("clone"), **P)
case("print float64 scalar", [V([1.0], [], "float64")], m("clone"), **P)
case("print int64", [V([1, -20, 300], [3], "int64")], m("clone"), **P)
case("print bool", [V([True, False], [2], "bool")], m("clone"), **P)
case("print 2d", [V([1.0, -2.5, 3.25, 4.0], [2, 2])], m("clone"), **P)
case("print 3d", [V([float(i) for i in range(12)], [2, 3, 2])], m("clone"), **P)
case("print wrap", [V([float(i) * 1.1 for i in range(30)], [30])], m("clone"), **P)
case("print wrap 2d", [V([float(i) * 1.1 for i in range(40)], [2, 20])], m("clone"), **P)
case("print summarize", [V([float(i) for i in range(2000)], [2000])], m("clone"), **P)
case("print summarize 2d", [V([float(i % 97) / 7 for i in range(1600)], [40, 40])], m("clone"), **P)
case("print summarize 3d", [V([float(i) for i in range(1200)], [12, 10, 10])], m("clone"), **P)
case("print empty", [V([], [0])], m("clone"), **P)
case("print empty 2d", [V([], [2, 0])], m("clone"), **P)
case("print empty int64", [V([], [0], "int64")], m("clone"), **P)
case("print requires_grad", [V([1.0, 2.0, 3.0], [3], rg=True)], m("detach"), m("requires_grad_"), **P)
case("print grad_fn", [V([1.0, 2.0], [2], rg=True)], m("mul", 2.0), **P)
case("print grad_fn float64", [V([1.0, 2.0], [2], "float64", rg=True)], m("mul", 2.0), **P)
case("print long suffix wrap", [V([float(i) + 0.5 for i in range(11)], [11], rg=True)], m("mul", 2.0), **P)
case("print round half even", [V([1.03125, 1.09375, 0.00005, 2.5], [4])], m("clone"), **P)
case("print mixed widths", [V([-100.25, 1.5, 22.125], [3])], m("clone"), **P)
case("print large ints", [V([123456789.0, 1.0], [2])], m("clone"), **P)
case("print int64 2d", [V(list(range(-5, 7)), [3, 4], "int64")], m("clone"), **P)
case("print bool 2d", [V([True, False, False, True], [2, 2], "bool")], m("clone"), **P)
# ---- errors ------------------------------------------------------------------------------
case("error broadcast", [T(2, 3), T(2, 4)], m("add", t1))
case("error mm shapes", [T(2, 3), T(4, 5)], m("mm", t1))
case("error matmul shapes", [T(2, 3), T(4, 5)], m("matmul", t1))
case("error dim range", [T(2, 3)], m("sum", 2))
case("error dim range negative", [T(2, 3)], m("sum", -3))
case("error view", [T(3, 4)], m("t"), m("view", 12))
case("error reshape size", [T(3, 4)], m("reshape", 5, 2))
case("error cat dims", [T(2, 3), T(2, 4)], f("cat", {"ts": [0, 1]}))
case("error index out of bounds", [T(3, 4)], ("index", [3]))
case("error select out of bounds", [T(3, 4)], m("select", 1, 4))
case("error too many indices", [T(3)], ("index", [0, 0]))
case("error expand", [T(2, 3)], m("expand", 3, 3))
case("error item", [T(2, 3)], m("item"))
case("error stack sizes", [T(2, 3), T(3, 2)], f("stack", {"ts": [0, 1]}))
case("error mean int", [L([1, 2])], m("mean"))
case("error dot sizes", [T(3), T(4)], m("dot", t1))
case("error bmm", [T(2, 3, 4), T(2, 5, 2)], m("bmm", t1))
case("error transpose dim", [T(2, 3)], m("transpose", 0, 2))
case("error unsqueeze dim", [T(2, 3)], m("unsqueeze", 3))
case("error gather index dtype", [T(3, 4)], m("gather", 1, t0))
case("error requires_grad int", [L([1, 2])], m("requires_grad_"))
case("error mm dtype", [T(2, 2), T(2, 2, dtype="float64")], m("mm", t1))
case("error ones int requires_grad", [], f("ones", 2, dtype="int64", requires_grad=True))
case("error tensor ragged", [], f("tensor", [[1.0, 2.0], [3.0]]))
case("error masked_fill mask dtype", [T(2), L([1, 0])], m("masked_fill", t1, 0.0))
case("error index_select oob", [T(3), L([3])], m("index_select", 0, t1))
case("error narrow", [T(3)], m("narrow", 0, 2, 2))
case("error permute dims", [T(2, 3)], m("permute", 0))
case("error squeeze dim", [T(2, 3)], m("squeeze", 2))
case("error clamp none", [T(2)], m("clamp"))
case("error backward non-scalar", [T(2)], m("mul", 2.0), m("backward"))
case("error split sizes", [T(5)], m("split", [2, 2]))
case("error chunk zero", [T(5)], m("chunk", 0))
case("error arange step", [], f("arange", 0, 5, 0))


# In-place forms (Tensor.name_): the op's result written back, the graph rewired.
case("cos_ on a non-leaf", [T(3, 4)], m("mul", 2), m("cos_"))
case("sin_ on a leaf that requires grad", [T(3)], m("sin_"))
case("lt_ writes ones and zeros", [V([1.0, 2.0, 3.5], [3])], m("lt_", 2), print=True)
case("cumsum_ dim 1", [T(2, 3)], m("mul", 1), m("cumsum_", 1))
case("tril_ of a product", [T(3, 3)], m("mul", 1), m("tril_", -1))
case("floor_divide_ int64", [L([7, -7, 9])], m("floor_divide_", 2))
case("addmm_", [T(2, 2), T(2, 3), T(3, 2)], m("mul", 1), m("addmm_", t1, t2))
case("atan2_ broadcast", [T(2, 3), T(3)], m("mul", 1), m("atan2_", t1))
case("logical_not_ float", [V([0.0, 2.0, -1.0], [3])], m("logical_not_"), print=True)
case("expm1_ int64 cannot hold the result", [L([1, 2])], m("expm1_"))
case("unfold", [T(2, 7)], m("unfold", 1, 3, 2))
case("unfold 1-d step 1", [T(5)], m("unfold", 0, 2, 1))
case("unfold of a transposed view", [T(4, 3)], ("attr", "mT"), m("unfold", 1, 2, 1))
case("unfold 0-d", [V([2.5], [], rg=True)], m("unfold", 0, 1, 1))
case("unfold size too large", [T(3)], m("unfold", 0, 4, 1))
case("unfold step 0", [T(3)], m("unfold", 0, 2, 0))
case("take", [T(2, 3), L([0, 5, -1, 2], [2, 2])], f("take", t0, t1))
case("take method transposed", [T(3, 2), L([1, 4])], ("attr", "mT"), m("take", t1))
case("take out of range", [T(2, 3), L([6])], f("take", t0, t1))
case("take float index", [T(2, 3), V([0.0], [1])], f("take", t0, t1))
case("msort", [T(4, 3)], f("msort", t0))
case("type_as", [T(3), L([1, 2])], m("type_as", t1))
case("arctan2", [T(3), T(3)], f("arctan2", t0, t1))
case("fix", [V([1.5, -1.5, 2.0], [3], rg=True)], f("fix", t0), no_gradcheck=True)

def random_cases():
    out = []

    def rec(name, fn):
        vals = fn()
        out.append({"name": name, "values": tensor_json(vals), "str": str(vals)})

    def seeded(seed, fn):
        def run():
            torch.manual_seed(seed)
            return fn()
        return run

    rec("rand 3x3 seed 0", seeded(0, lambda: torch.rand(3, 3)))
    rec("rand 5 seed 42", seeded(42, lambda: torch.rand(5)))
    rec("rand float64", seeded(0, lambda: torch.rand(4, dtype=torch.float64)))
    for n in [1, 2, 3, 7, 15, 16, 17, 20, 33, 100]:
        rec(f"randn {n}", seeded(0, lambda n=n: torch.randn(n)))
    rec("randn 4x4 seed 7", seeded(7, lambda: torch.randn(4, 4)))
    rec("randn float64 5", seeded(1, lambda: torch.randn(5, dtype=torch.float64)))
    rec("randn float64 20", seeded(1, lambda: torch.randn(20, dtype=torch.float64)))
    rec("randn twice", seeded(3, lambda: torch.cat([torch.randn(3), torch.randn(3)])))
    rec("randint", seeded(0, lambda: torch.randint(0, 10, (8,))))
    rec("randint low high", seeded(5, lambda: torch.randint(-3, 4, (2, 5))))
    rec("randint high only", seeded(5, lambda: torch.randint(6, (6,))))
    rec("uniform_", seeded(2, lambda: torch.empty(6).uniform_(-2, 3)))
    rec("normal_", seeded(2, lambda: torch.empty(6).normal_(1, 0.5)))
    rec("normal_ 32", seeded(2, lambda: torch.empty(32).normal_(1, 0.5)))
    rec("nn.init.trunc_normal_", seeded(6, lambda: torch.nn.init.trunc_normal_(torch.empty(40), 0.5, 2.0, -1.0, 3.0)))
    rec("nn.init.trunc_normal_ default", seeded(7, lambda: torch.nn.init.trunc_normal_(torch.empty(4, 5))))
    rec("nn.init.eye_", seeded(0, lambda: torch.nn.init.eye_(torch.empty(2, 3))))
    rec("randperm", seeded(0, lambda: torch.randperm(10)))
    rec("rand then randn", seeded(11, lambda: torch.cat([torch.rand(2), torch.randn(2), torch.rand(2)])))
    rec("bernoulli_ scalar p", seeded(0, lambda: torch.empty(20).bernoulli_(0.3)))
    rec("bernoulli probabilities", seeded(0, lambda: torch.bernoulli(torch.linspace(0, 1, 20))))
    # 2000 words of the generator: across three of its twists, and the stream after them.
    rec("bernoulli_ across twists then randn", seeded(4, lambda: torch.cat([torch.empty(1000, dtype=torch.float64).bernoulli_(0.7), torch.randn(5, dtype=torch.float64)])))
    rec("dropout", seeded(0, lambda: torch.nn.functional.dropout(torch.ones(4, 5), 0.4)))
    rec("dropout module", seeded(3, lambda: torch.nn.Dropout(0.25)(torch.arange(12.0).reshape(3, 4))))
    rec("F.dropout2d", seeded(5, lambda: torch.nn.functional.dropout2d(torch.arange(48.0).reshape(2, 3, 2, 4), 0.4)))
    rec("F.dropout2d unbatched", seeded(6, lambda: torch.nn.functional.dropout2d(torch.ones(4, 2, 2), 0.5)))
    rec("exponential_", seeded(1, lambda: torch.empty(6).exponential_(2.0)))
    probs = torch.tensor([0.1, 0.2, 0.3, 0.4])
    rec("multinomial one", seeded(0, lambda: torch.multinomial(probs, 1)))
    rec("multinomial one replacement", seeded(5, lambda: torch.cat([torch.multinomial(probs, 1, replacement=True) for _ in range(10)])))
    rec("multinomial without replacement", seeded(0, lambda: torch.multinomial(probs, 3)))
    rec("multinomial replacement", seeded(0, lambda: torch.multinomial(probs, 8, replacement=True)))
    rec("multinomial 2d", seeded(2, lambda: torch.multinomial(torch.tensor([[1.0, 2.0, 0.0, 5.0], [0.5, 0.5, 3.0, 1.0]]), 6, True)))
    rec("multinomial unnormalised float64", seeded(4, lambda: torch.multinomial(torch.tensor([3.0, 1.0, 6.0], dtype=torch.float64), 2)))
    return out


def messages():
    """Autograd error texts, keyed by situation."""
    out = {}

    def grab(key, fn):
        try:
            fn()
        except Exception as e:  # noqa: BLE001
            out[key] = {"type": type(e).__name__, "message": str(e)}

    def second_backward():
        x = torch.ones(2, requires_grad=True)
        y = (x * x).sum()
        y.backward()
        y.backward()
    grab("second_backward", second_backward)

    def modified_output():
        x = torch.ones(2, 2, requires_grad=True)
        y = x + 1
        z = y.exp()
        z.add_(1)
        z.sum().backward()
    grab("modified_saved_output", modified_output)

    def modified_input():
        x = torch.ones(2, 2, requires_grad=True)
        y = x + 1
        z = y * y
        y.mul_(2)
        z.sum().backward()
    grab("modified_saved_input", modified_input)

    def modified_leaf():
        x = torch.ones(3, requires_grad=True)
        w = torch.ones(3)
        y = (x * w).sum()
        w.add_(1)
        y.backward()
    grab("modified_saved_leaf", modified_leaf)

    def leaf_inplace():
        x = torch.ones(3, requires_grad=True)
        x.add_(1)
    grab("leaf_inplace", leaf_inplace)
    grab("no_grad_fn", lambda: torch.ones(2).sum().backward())
    grab("implicit_scalar", lambda: (torch.ones(2, requires_grad=True) * 2).backward())
    grab("grad_shape_mismatch", lambda: (torch.ones(2, requires_grad=True) * 2).backward(torch.ones(3)))
    grab("requires_grad_int_attr", lambda: setattr(torch.ones(2, dtype=torch.long), "requires_grad", True))
    grab("requires_grad_nonleaf_false", lambda: (torch.ones(2, requires_grad=True) * 2).requires_grad_(False))

    def unused():
        x = torch.ones(2, requires_grad=True)
        y = torch.ones(2, requires_grad=True)
        torch.autograd.grad((x * 2).sum(), [x, y])
    grab("grad_unused", unused)
    grab("grad_no_requires", lambda: torch.autograd.grad((torch.ones(2, requires_grad=True) * 2).sum(), [torch.ones(2)]))

    def hessian():
        x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        y = (x ** 3).sum()
        (g,) = torch.autograd.grad(y, x, create_graph=True)
        v = torch.tensor([1.0, 0.5, -1.0])
        (hv,) = torch.autograd.grad((g * v).sum(), x)
        return {"grad": g.tolist(), "hvp": hv.tolist()}
    out["hvp_cubic"] = hessian()
    return out


def main():
    recorded = [record_case(c) for c in cases]
    doc = {
        "torch_version": torch.__version__,
        "generator": "tests/golden/generate.py",
        "cases": recorded,
        "random": random_cases(),
        "messages": messages(),
    }
    with open(os.path.join(HERE, "ops.json"), "w") as fh:
        json.dump(doc, fh, indent=None, separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {len(recorded)} op cases, {len(doc['random'])} random cases", file=sys.stderr)


if __name__ == "__main__":
    main()
