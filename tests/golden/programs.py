#!/usr/bin/env python3
"""Random differential programs and their results, from PyTorch 1.13.

Run:  /usr/bin/python3 tests/golden/programs.py
Writes tests/golden/programs.json; tests/programs.test.ts replays every program
on the active backend (npm test runs it on each) and compares values, grad_fn
names and gradients.

A program is a list of inputs and a list of steps, each making one numbered
variable:
  ["input", k]                    input k
  ["m", v, name, args, kwargs]    var[v].name(*args, **kwargs)
  ["f", name, args, kwargs]       torch.name(...) (dotted: "nn.functional.conv2d")
  ["index", v, specs]             var[v][specs]
  ["setindex", v, specs, value]   var[v][specs] = value; the variable is var[v]
  ["item", v, k]                  var[v][k] (a tuple result)
Arguments: {"v": i} is variable i. Index specs: a number, None (':'),
["slice", start, stop, step], or {"v": i} (a tensor index).
Input values come from a formula both sides compute exactly (see values()),
so the JSON holds no input data; large results are summarised (sum, sum of
absolute values and sampled elements).
After the steps, every output that requires grad is multiplied by
cos(0.7 i), summed and backpropagated; the inputs' gradients are recorded.
A "train" program instead runs `steps` optimizer steps on the loss (its last
variable) and records the loss of each step and the parameters after.
"""
import json
import os
import random

import torch

from generate import enc  # JSON-safe numbers: NaN and infinities as strings

HERE = os.path.dirname(os.path.abspath(__file__))
COUNT = 2000
BIG = 8192  # the native backend's elementwise threshold (src/backend/kernels/index.ts)


def numel(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def values(spec):
    """u_i = ((i * 7919 + seed * 104729) mod 1000) / 1000, exact in float64 on both sides."""
    n = numel(spec["shape"])
    k = spec["seed"]
    r = (torch.arange(n, dtype=torch.int64) * 7919 + k * 104729) % 1000
    kind = spec["kind"]
    if kind == "int":
        t = (torch.arange(n, dtype=torch.int64) * 7919 + k * 104729) % spec["high"]
        return t.reshape(spec["shape"])
    if kind == "bool":
        return (r % 3 == 0).reshape(spec["shape"])
    u = r.double() / 1000
    if kind == "pos":
        u = u * 2 + 0.5
    elif kind == "unit":
        u = u * 0.9 + 0.05
    else:
        u = u * 4 - 2
    return u.reshape(spec["shape"]).to(getattr(torch, spec.get("dtype", "float32")))


def make_inputs(specs):
    out = []
    for s in specs:
        t = values(s)
        if s.get("rg") and t.dtype.is_floating_point:
            t.requires_grad_(True)
        out.append(t)
    return out


def resolve(a, vs):
    if isinstance(a, dict) and "v" in a:
        return vs[a["v"]]
    if isinstance(a, list):
        return [resolve(x, vs) for x in a]
    return a


def spec_of(s, vs):
    if s is None:
        return slice(None)
    if isinstance(s, list) and s and s[0] == "slice":
        return slice(*s[1:])
    return resolve(s, vs)


def run_step(step, vs, ins):
    kind = step[0]
    if kind == "input":
        return ins[step[1]]
    if kind == "m":
        _, v, name, args, kw = step
        return getattr(vs[v], name)(*resolve(args, vs), **{k: resolve(x, vs) for k, x in kw.items()})
    if kind == "f":
        _, name, args, kw = step
        fn = torch
        for part in name.split("."):
            fn = getattr(fn, part)
        return fn(*resolve(args, vs), **{k: resolve(x, vs) for k, x in kw.items()})
    if kind == "index":
        return vs[step[1]][tuple(spec_of(s, vs) for s in step[2])]
    if kind == "setindex":
        t = vs[step[1]]
        t[tuple(spec_of(s, vs) for s in step[2])] = resolve(step[3], vs)
        return t
    if kind == "item":
        return vs[step[1]][step[2]]
    raise ValueError(kind)


def run(prog):
    ins = make_inputs(prog["inputs"])
    vs = []
    for step in prog["steps"]:
        vs.append(run_step(step, vs, ins))
    return ins, vs


def summary(t):
    t = t.detach()
    rec = {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", "")}
    flat = t.reshape(-1)
    if flat.numel() <= 64:
        rec["values"] = [enc(v) for v in flat.tolist()]
    else:
        d = flat.double()
        n = flat.numel()
        idx = sorted(set(int(i * (n - 1) / 23) for i in range(24)))
        rec["sample"] = {"index": idx, "values": [enc(flat[i].item()) for i in idx]}
        rec["sum"] = enc(d.sum().item())
        rec["abssum"] = enc(d.abs().sum().item())
    return rec


def upstream(out):
    n = out.numel()
    return torch.cos(torch.arange(n, dtype=torch.float64) * 0.7).reshape(out.shape).to(out.dtype)


def record(prog):
    if "train" in prog:
        return record_train(prog)
    ins, vs = run(prog)
    outs = [vs[i] for i in prog["outputs"]]
    res = {"outputs": []}
    for o in outs:
        rec = summary(o)
        rec["grad_fn"] = None if o.grad_fn is None else o.grad_fn.name()
        res["outputs"].append(rec)
    diff = [o for o in outs if o.requires_grad]
    if diff:
        loss = sum((o * upstream(o)).sum() for o in diff)
        loss.backward()
        res["grads"] = [None if (not t.requires_grad or t.grad is None) else summary(t.grad) for t in ins]
    return res


def record_train(prog):
    tr = prog["train"]
    inputs = make_inputs(prog["inputs"])
    params = [inputs[i] for i in tr["params"]]  # input indices
    opt = getattr(torch.optim, tr["optimizer"])(params, **tr["options"])
    losses = []
    for _ in range(tr["steps"]):
        opt.zero_grad()
        vs = []
        for step in prog["steps"]:
            vs.append(run_step(step, vs, inputs))
        loss = vs[-1]
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return {"losses": losses, "params": [summary(p) for p in params]}


# ---- generation ---------------------------------------------------------------------------


class Gen:
    def __init__(self, rng, big):
        self.rng = rng
        self.big = big
        self.inputs = []
        self.steps = []
        self.vs = []
        self.ins = []
        self.seed = rng.randrange(1, 10_000)

    def inp(self, shape, kind="normal", rg=True, high=None, dtype="float32"):
        self.seed += 1
        spec = {"shape": list(shape), "kind": kind, "seed": self.seed, "rg": rg, "dtype": dtype}
        if kind == "int":
            spec.update(high=high, dtype="int64", rg=False)
        if kind == "bool":
            spec.update(dtype="bool", rg=False)
        self.inputs.append(spec)
        t = values(spec)
        if spec["rg"] and t.dtype.is_floating_point:
            t.requires_grad_(True)
        self.ins.append(t)
        self.steps.append(["input", len(self.inputs) - 1])
        self.vs.append(t)
        return len(self.vs) - 1

    def step(self, *step):
        step = list(step)
        out = run_step(step, self.vs, self.ins)
        self.steps.append(step)
        self.vs.append(out)
        return len(self.vs) - 1

    def m(self, v, name, *args, **kw):
        return self.step("m", v, name, list(args), kw)

    def f(self, name, *args, **kw):
        return self.step("f", name, list(args), kw)

    def shape(self, v):
        return list(self.vs[v].shape)

    def choice(self, xs):
        return self.rng.choice(xs)

    def rshape(self, ndim=None):
        r = self.rng
        ndim = ndim or r.choice([1, 2, 2, 3, 3, 4])
        if self.big:
            presets = {1: [[9000], [10240]], 2: [[96, 128], [128, 72], [64, 160]], 3: [[4, 48, 64], [8, 40, 32]], 4: [[2, 6, 32, 24], [4, 4, 24, 32]]}
            return list(r.choice(presets[ndim]))
        return [r.randint(1, 5) for _ in range(ndim)]


def V(i):
    return {"v": i}


def bshape(g, shape):
    """A shape that broadcasts with `shape`: some dims set to 1, maybe leading dims dropped."""
    r = g.rng
    s = [d if r.random() < 0.6 else 1 for d in shape]
    if len(s) > 1 and r.random() < 0.3:
        s = s[r.randint(1, len(s) - 1):]
    return s


def elementwise(g, x):
    r = g.rng
    k = r.randrange(17)
    if k == 0:
        return g.m(x, "add", V(g_other(g, x)))
    if k == 1:
        return g.m(x, "sub", V(g_other(g, x)), alpha=r.choice([1, 0.5, 2]))
    if k == 2:
        return g.m(x, "mul", V(g_other(g, x)))
    if k == 3:
        return g.m(x, "div", V(g_other(g, x, kind="pos")))
    if k == 4:
        return g.m(x, r.choice(["add", "mul", "sub", "div"]), r.choice([2.0, -0.5, 3.0]))
    if k == 5:
        return g.m(x, r.choice(["tanh", "sigmoid", "relu", "abs", "neg", "sin", "cos", "atan", "sinh", "cosh", "asinh", "deg2rad", "exp2"]))
    if k == 6:
        fn = r.choice(["exp", "asin", "acos", "atanh"])
        # Kept off +-1, where the inverse functions' float32 values and gradients are ill-conditioned.
        return g.m(g.m(g.m(x, "tanh"), "mul", 0.9), fn) if fn != "exp" else g.m(g.m(x, "tanh"), fn)
    if k == 7:
        return g.m(g.m(g.m(x, "abs"), "add", 0.5), r.choice(["sqrt", "log", "rsqrt", "reciprocal"]))
    if k == 8:
        return g.m(x, "pow", r.choice([2, 3, 2.0]))
    if k == 9:
        return g.f("where", V(g.m(x, "gt", 0.1)), V(x), V(g_other(g, x)))
    if k == 10:
        return g.m(x, r.choice(["maximum", "minimum", "logaddexp", "hypot"]), V(g_other(g, x)))
    if k == 11:
        return g.m(x, "clamp", r.choice([-0.5, None]), r.choice([0.7, 1.5]))
    if k == 12 and g.vs[x].dim() > 0:
        return g.m(x, r.choice(["softmax", "log_softmax"]), r.randrange(g.vs[x].dim()))
    if k == 13:
        return g.m(x, "square")
    if k == 14:
        return g.f("nn.functional.gelu", V(x))
    if k == 15:
        fn = r.choice(["elu", "selu", "celu", "relu6", "hardswish", "hardsigmoid", "logsigmoid", "softsign", "mish", "tanhshrink", "hardshrink", "softshrink"])
        return g.f("nn.functional." + fn, V(x))
    if k == 16:
        return g.m(x, r.choice(["addcmul", "addcdiv"]), V(g_other(g, x)), V(g_other(g, x, kind="pos")), value=r.choice([1.0, 0.5]))
    return g.m(x, "mul", V(x))


def g_other(g, x, kind="normal"):
    """An input made up front (Gen.pre, Gen.pre_pos) that broadcasts with var x."""
    pool = g.pre_pos if kind == "pos" else g.pre
    if not pool:
        raise ValueError("no operand left")
    return pool.pop()


def view_op(g, x):
    r = g.rng
    s = g.shape(x)
    nd = len(s)
    if nd == 0:
        return g.m(x, "unsqueeze", 0)
    d = r.randrange(nd)
    k = r.randrange(10)
    if k == 0 and s[d] > 1:
        start = r.randrange(s[d] - 1)
        return g.m(x, "narrow", d, start, r.randint(1, s[d] - start))
    if k == 1:
        return g.m(x, "select", d, r.randrange(s[d]))
    if k == 2 and nd >= 2:
        return g.m(x, "transpose", d, (d + 1) % nd)
    if k == 3:
        p = list(range(nd))
        r.shuffle(p)
        return g.m(x, "permute", *p)
    if k == 4:
        return g.m(x, "unsqueeze", r.randint(0, nd))
    if k == 5:
        return g.m(x, "flip", d)
    if k == 6:
        return g.m(x, "reshape", -1)
    if k == 7 and s[d] > 2:
        return g.step("index", x, [None] * d + [["slice", 0, None, 2]])
    if k == 8 and nd >= 2:
        return g.m(x, "t") if nd == 2 else g.m(x, "transpose", 0, nd - 1)
    if k == 9:
        # The compositions of src/ops/compose.ts.
        c = r.randrange(8)
        if c == 0:
            return g.m(x, "tile", [2] + [1] * (nd - 1))
        if c == 1:
            return g.m(x, "repeat_interleave", r.randint(1, 3), dim=d)
        if c == 2:
            return g.m(x, "ravel")
        if c == 3 and nd >= 2:
            return g.m(x, "fliplr")
        if c == 4:
            return g.f(r.choice(["hstack", "vstack"]), [V(x), V(x)])
        if c == 5:
            return g.step("item", g.m(x, "tensor_split", r.randint(1, 3), dim=d), 0)
        if c == 6:
            return g.m(x, "swapdims", d, (d + 1) % nd)
        if c == 7 and nd >= 2:
            return g.m(x, "rot90", r.choice([1, 2, 3]), [0, nd - 1])
    return g.step("index", x, [["slice", 1, None, None]] if s[0] > 1 else [0])


def gen_elementwise(g):
    s = g.rshape()
    x = g.inp(s)
    g.pre = [g.inp(bshape(g, s)) for _ in range(5)]
    g.pre_pos = [g.inp(bshape(g, s), kind="pos") for _ in range(5)]
    y = x
    for _ in range(g.rng.randint(2, 5)):
        y = elementwise(g, y)
    return [y]


def gen_views(g):
    s = g.rshape(g.rng.choice([2, 3, 4]))
    x = g.inp(s)
    g.pre = [g.inp(bshape(g, s)) for _ in range(2)]
    g.pre_pos = [g.inp(s, kind="pos")]
    y = g.m(x, "mul", 1.5)
    for _ in range(g.rng.randint(1, 3)):
        y = view_op(g, y)
    z = g.m(y, g.rng.choice(["tanh", "exp", "sigmoid"])) if g.rng.random() < 0.5 else g.m(y, "mul", V(y))
    return [z]


INPLACE = ["mul_", "add_", "sub_", "zero_", "fill_", "clamp_", "exp_", "tanh_", "sigmoid_", "relu_", "neg_", "div_", "copy_", "setmask", "pow_", "masked_fill_"]


def inplace_op(g, v):
    r = g.rng
    k = r.choice(INPLACE)
    s = g.shape(v)
    if k in ("mul_", "add_", "sub_"):
        if r.random() < 0.5:
            return g.m(v, k, r.choice([2.0, -0.5]))
        return g.m(v, k, V(g.pre.pop()) if g.pre else 0.25)
    if k == "div_":
        return g.m(v, k, r.choice([2.0, 4.0]))
    if k == "zero_":
        return g.m(v, k)
    if k == "fill_":
        return g.m(v, k, r.choice([0.5, -1.0]))
    if k == "clamp_":
        return g.m(v, k, -0.5, 0.5)
    if k == "pow_":
        return g.m(v, k, 2)
    if k == "copy_":
        o = g.pre.pop() if g.pre else None
        return g.m(v, k, V(o)) if o is not None else g.m(v, "mul_", 3.0)
    if k == "masked_fill_":
        return g.m(v, k, V(g.m(v, "gt", 0.3)), 0.0)
    if k == "setmask":
        return g.step("setindex", v, [V(g.m(v, "lt", 0.0))], r.choice([0.0, 1.5]))
    return g.m(v, k)


def gen_inplace_views(g):
    r = g.rng
    s = g.rshape(r.choice([1, 2, 3]))
    x = g.inp(s)
    # Operands that broadcast with any view of x: trailing dims of size 1.
    g.pre = [g.inp([1] * r.randint(0, 1)) for _ in range(3)]
    base = g.m(x, "mul", 1.0) if r.random() < 0.5 else g.m(x, "clone")
    outs = []
    old_view = view_op(g, base) if r.random() < 0.4 else None
    v = view_op(g, base)
    if r.random() < 0.3:
        v = view_op(g, v)
    inplace_op(g, v)
    if r.random() < 0.4:
        w = view_op(g, base)
        inplace_op(g, w)
    if r.random() < 0.2:
        inplace_op(g, base)
    y = g.m(base, "mul", V(base)) if r.random() < 0.5 else g.m(base, "sin")
    outs.append(y)
    outs.append(base)
    if old_view is not None:
        outs.append(g.m(old_view, "mul", 2.0))
    return outs


def gen_indexing(g):
    r = g.rng
    s = g.rshape(r.choice([1, 2, 3]))
    x = g.inp(s)
    d = r.randrange(len(s))
    k = r.randrange(10)
    n = s[d]
    if k == 0:
        idx = g.inp([r.randint(1, 2 * n)], kind="int", high=n)
        y = g.m(x, "index_select", d, V(idx))
    elif k == 1:
        shp = list(s)
        shp[d] = r.randint(1, n + 2)
        idx = g.inp(shp, kind="int", high=n)
        y = g.m(x, "gather", d, V(idx))
    elif k == 2:
        idx = g.inp([r.randint(1, 6)], kind="int", high=n)
        y = g.step("index", x, [None] * d + [V(idx)])
    elif k == 3:
        mask = g.inp(s, kind="bool")
        y = g.m(x, "masked_fill", V(mask), r.choice([0.0, -1.0]))
    elif k == 4:
        mask = g.inp(s, kind="bool")
        y = g.step("index", x, [V(mask)])
    elif k == 5:
        c = g.m(x, "mul", 2.0)
        y = g.step("setindex", c, [V(g.m(c, "gt", 0.5))], 0.0)
    elif k == 6:
        src = g.inp(s)
        idx = g.inp(s, kind="int", high=n)
        y = g.m(g.m(x, "mul", 1.0), "scatter_add", d, V(idx), V(src))
    elif k == 7:
        # Repeated indices only where the result does not depend on their order.
        idx = g.inp(s, kind="int", high=n)
        y = g.m(x, "scatter", d, V(idx), r.choice([0.0, 2.0]))
    elif k == 8:
        idx = g.inp([r.randint(1, 2 * n)], kind="int", high=n)
        y = g.m(x, "index_fill", d, V(idx), -1.0)
    else:
        m = r.randint(1, 2 * n)
        shp = list(s)
        shp[d] = m
        idx = g.inp([m], kind="int", high=n)
        y = g.m(x, "index_add", d, V(idx), V(g.inp(shp)), alpha=r.choice([1.0, 0.5]))
    return [g.m(y, "tanh")]


def gen_reduction(g):
    r = g.rng
    s = g.rshape()
    x = g.inp(s, kind=r.choice(["normal", "pos"]))
    nd = len(s)
    dim = r.randrange(nd)
    kd = r.random() < 0.5
    k = r.randrange(16)
    if k == 0:
        y = g.m(x, "sum", dim, kd)
    elif k == 1:
        y = g.m(x, "mean", dim, keepdim=kd)
    elif k == 2:
        y = g.m(x, r.choice(["amax", "amin"]), dim, kd)
    elif k == 3:
        y = g.step("item", g.m(x, r.choice(["max", "min"]), dim, kd), 0)
    elif k == 4:
        y = g.m(x, "logsumexp", dim, kd)
    elif k == 5 and s[dim] > 1:
        y = g.m(x, r.choice(["var", "std"]), dim, keepdim=kd)
    elif k == 6:
        y = g.m(x, "norm", 2, dim, kd)
    elif k == 7 and not g.big:
        y = g.m(g.m(g.m(x, "tanh"), "add", 1.2), "prod", dim, kd)
    elif k == 8:
        y = g.m(x, "sum")
    elif k == 9:
        y = g.m(x, "mean", [d for d in range(nd) if r.random() < 0.6] or [0], True)
    elif k == 10:
        y = g.m(x, "cumsum", dim)
    elif k == 11:
        y = g.m(x, r.choice(["nansum", "nanmean"]), dim, kd)
    elif k == 12:
        y = g.step("item", g.m(x, r.choice(["median", "nanmedian"]), dim, kd), 0)
    elif k == 13:
        y = g.step("item", g.m(x, r.choice(["cummax", "cummin"]), dim), 0)
    elif k == 14 and not g.big:
        y = g.m(g.m(g.m(x, "tanh"), "add", 1.2), "cumprod", dim) if r.random() < 0.5 else g.m(x, "logcumsumexp", dim)
    elif s[dim] > 1:
        y = g.step("item", g.f(r.choice(["var_mean", "std_mean"]), V(x), dim, keepdim=kd), r.randrange(2))
    else:
        y = g.m(x, "sum")
    return [y]


def gen_matmul(g):
    r = g.rng
    m, k, n = (r.choice([64, 96]), r.choice([96, 128]), r.choice([64, 80])) if g.big else (r.randint(1, 5), r.randint(1, 5), r.randint(1, 5))
    c = r.randrange(11)
    if c == 0:
        y = g.m(g.inp([m, k]), "mm", V(g.inp([k, n])))
    elif c == 7:
        y = g.f("addmm", V(g.inp(r.choice([[m, n], [n], [m, 1]]))), V(g.inp([m, k])), V(g.inp([k, n])), beta=r.choice([1.0, 0.5]), alpha=r.choice([1.0, -2.0]))
    elif c == 8:
        y = g.f("addmv", V(g.inp([m])), V(g.inp([m, k])), V(g.inp([k])), beta=r.choice([1.0, 2.0]))
    elif c == 9:
        y = g.f("addr", V(g.inp([m, n])), V(g.inp([m])), V(g.inp([n])), alpha=r.choice([1.0, 0.5]))
    elif c == 10:
        b = r.randint(1, 3)
        y = g.f(r.choice(["addbmm", "baddbmm"]), V(g.inp([m, n])), V(g.inp([b, m, k])), V(g.inp([b, k, n])), beta=r.choice([1.0, 0.5]))
    elif c == 1:
        b = r.randint(1, 3)
        y = g.m(g.inp([b, m, k]), "bmm", V(g.inp([b, k, n])))
    elif c == 2:
        y = g.m(g.inp([r.randint(1, 3), m, k]), "matmul", V(g.inp([k, n])))
    elif c == 3:
        y = g.m(g.inp([m, k]), "mv", V(g.inp([k])))
    elif c == 4:
        y = g.m(g.inp([k]), "dot", V(g.inp([k])))
    elif c == 5:
        y = g.f("nn.functional.linear", V(g.inp([m, k])), V(g.inp([n, k])), V(g.inp([n])))
    else:
        y = g.m(g.m(g.inp([k, m]), "t"), "matmul", V(g.inp([k, n])))
    return [g.m(y, "tanh") if r.random() < 0.5 else y]


def gen_conv(g):
    r = g.rng
    if g.big:
        n, c, h, w, o = 2, 4, 32, 32, 6
    else:
        n, c, h, w, o = r.randint(1, 2), r.randint(1, 3), r.randint(4, 7), r.randint(4, 7), r.randint(1, 3)
    x = g.inp([n, c, h, w])
    kk = r.choice([1, 2, 3])
    wt = g.inp([o, c, kk, kk])
    b = g.inp([o])
    y = g.f("nn.functional.conv2d", V(x), V(wt), V(b), stride=r.choice([1, 2]), padding=r.choice([0, 1]))
    if r.random() < 0.6 and min(g.shape(y)[2:]) >= 2:
        y = g.f("nn.functional.max_pool2d", V(g.m(y, "relu")), 2, stride=r.choice([None, 1]))
    return [y]


def gen_loss(g):
    r = g.rng
    n, c = (r.choice([256, 512]), r.choice([20, 32])) if g.big else (r.randint(1, 6), r.randint(2, 5))
    k = r.randrange(11)
    if k <= 2:
        kdim = r.random() < 0.3
        shape = [n, c, 3, 2] if kdim and not g.big else [n, c]
        x = g.inp(shape)
        tshape = [shape[0]] + shape[2:]
        t = g.inp(tshape, kind="int", high=c)
        kw = {}
        if r.random() < 0.5:
            kw["weight"] = V(g.inp([c], kind="pos", rg=False))
        if r.random() < 0.3:
            kw["ignore_index"] = r.randrange(c)
        if r.random() < 0.3:
            kw["label_smoothing"] = 0.1
        kw["reduction"] = r.choice(["mean", "mean", "sum", "none"])
        if k == 2:
            kw.pop("label_smoothing", None)
            y = g.f("nn.functional.nll_loss", V(g.m(x, "log_softmax", 1)), V(t), **kw)
        else:
            y = g.f("nn.functional.cross_entropy", V(x), V(t), **kw)
    elif k == 3:
        y = g.f("nn.functional.mse_loss", V(g.inp([n, c])), V(g.inp([n, c])), reduction=r.choice(["mean", "sum"]))
    elif k == 4:
        y = g.f("nn.functional.l1_loss", V(g.inp([n, c])), V(g.inp([n, c])))
    elif k == 5:
        y = g.f("nn.functional.binary_cross_entropy", V(g.m(g.inp([n, c]), "sigmoid")), V(g.inp([n, c], kind="unit", rg=False)))
    elif k == 6:
        y = g.f("nn.functional.binary_cross_entropy_with_logits", V(g.inp([n, c])), V(g.inp([n, c], kind="unit", rg=False)))
    elif k == 7:
        x = g.inp([n, c])
        t = g.inp([n, c], kind="unit", rg=False)
        y = g.f("nn.functional.cross_entropy", V(x), V(t))
    elif k == 8:
        y = g.f("nn.functional." + r.choice(["smooth_l1_loss", "huber_loss"]), V(g.inp([n, c])), V(g.inp([n, c])), reduction=r.choice(["mean", "sum", "none"]))
    elif k == 9:
        y = g.f("nn.functional.kl_div", V(g.m(g.inp([n, c]), "log_softmax", 1)), V(g.m(g.inp([n, c], rg=False), "softmax", 1)), reduction="batchmean")
    else:
        fn = r.choice(["cosine_similarity", "pairwise_distance"])
        y = g.f("nn.functional." + fn, V(g.inp([n, c])), V(g.inp([n, c])))
    return [y]


OPTIMIZERS = [
    ("SGD", lambda r: {"lr": 0.1, "momentum": r.choice([0.0, 0.9]), "weight_decay": r.choice([0.0, 0.01])}),
    ("SGD", lambda r: {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("Adam", lambda r: {"lr": 0.01, "weight_decay": r.choice([0.0, 0.1]), "amsgrad": r.random() < 0.3}),
    ("AdamW", lambda r: {"lr": 0.01}),
    ("RMSprop", lambda r: {"lr": 0.01, "momentum": r.choice([0.0, 0.5]), "centered": r.random() < 0.5}),
]


def gen_train(g):
    r = g.rng
    n, i, h, o = (128, 96, 64, 10) if g.big else (r.randint(2, 6), r.randint(2, 5), r.randint(2, 5), r.randint(2, 4))
    x = g.inp([n, i], rg=False)
    t = g.inp([n], kind="int", high=o)
    w1 = g.inp([h, i])
    b1 = g.inp([h])
    w2 = g.inp([o, h])
    y = g.f("nn.functional.linear", V(x), V(w1), V(b1))
    y = g.m(y, r.choice(["relu", "tanh", "sigmoid"]))
    y = g.f("nn.functional.linear", V(y), V(w2))
    g.f("nn.functional.cross_entropy", V(y), V(t))
    name, opts = r.choice(OPTIMIZERS)
    params = [g.steps[v][1] for v in (w1, b1, w2)]  # their input indices
    return {"optimizer": name, "options": opts(r), "steps": 3, "params": params}


GENERATORS = [(gen_elementwise, 4), (gen_views, 3), (gen_inplace_views, 5), (gen_indexing, 3), (gen_reduction, 3), (gen_matmul, 2), (gen_conv, 1), (gen_loss, 2), (gen_train, 1)]


def generate(rng, i):
    fns = [f for f, w in GENERATORS for _ in range(w)]
    while True:
        fn = rng.choice(fns)
        big = rng.random() < 0.2
        g = Gen(rng, big)
        g.pre, g.pre_pos = [], []
        try:
            result = fn(g)
        except (RuntimeError, IndexError, IndexError, ValueError):
            continue
        prog = {"name": f"{i} {fn.__name__[4:]}{' big' if big else ''}", "inputs": g.inputs, "steps": g.steps}
        if isinstance(result, dict):
            prog["train"] = result
        else:
            prog["outputs"] = result
        try:
            prog["expected"] = record(prog)
        except (RuntimeError, IndexError, ValueError):
            continue
        exp = prog["expected"]
        flat = json.dumps(exp)
        if "nan" in flat or "inf" in flat:
            continue  # keep programs whose numbers are finite: tolerances mean something there
        return prog


def main():
    rng = random.Random(20261130)
    torch.manual_seed(0)
    programs = [generate(rng, i) for i in range(COUNT)]
    doc = {"torch_version": torch.__version__, "generator": "tests/golden/programs.py", "programs": programs}
    with open(os.path.join(HERE, "programs.json"), "w") as fh:
        json.dump(doc, fh, separators=(",", ":"))
    print(f"wrote {len(programs)} programs")


if __name__ == "__main__":
    main()
