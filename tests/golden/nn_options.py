#!/usr/bin/env python3
"""Golden values for the options of torch.nn's conv, pool, interpolate and embedding family, from PyTorch 1.13.

Run:  /usr/bin/python3 tests/golden/nn_options.py
Writes tests/golden/nn_options.json (read by tests/nn_options.test.ts). Inputs are
sin(k i) (wave) and upstream gradients cos(0.7 i), computed the same way by the test.
"""
import json
import math
import os

import torch
import torch.nn.functional as F
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))


def wave(shape, k):
    n = 1
    for d in shape:
        n *= d
    return torch.sin(torch.arange(n, dtype=torch.float64) * k).reshape(shape).float()


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def upstream(y):
    return torch.cos(torch.arange(y.numel(), dtype=torch.float64) * 0.7).reshape(y.shape).to(y.dtype)


def error(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the message is the golden value
        return {"type": type(e).__name__, "message": str(e)}
    raise AssertionError("no error")


# (name, function, input shape, wave k, positional args, keyword args): F.<function>(wave, *args, **kw),
# its output and the input's gradient under the upstream gradient.
FUNCTIONAL = [
    ("max_pool2d ceil", "max_pool2d", [2, 2, 5, 7], 0.37, [2], {"ceil_mode": True}),
    ("max_pool2d ceil stride padding", "max_pool2d", [1, 2, 6, 5], 0.53, [3], {"stride": 2, "padding": 1, "ceil_mode": True}),
    ("max_pool2d ceil dilation", "max_pool2d", [1, 1, 7, 8], 0.41, [[2, 3]], {"stride": [2, 3], "dilation": [2, 1], "padding": [1, 0], "ceil_mode": True}),
    ("max_pool2d ceil last window dropped", "max_pool2d", [1, 1, 5, 5], 0.29, [2], {"stride": 2, "padding": 1, "ceil_mode": True}),
    ("max_pool2d ceil unbatched", "max_pool2d", [2, 5, 5], 0.31, [2], {"ceil_mode": True}),
    ("max_pool1d ceil", "max_pool1d", [2, 3, 8], 0.47, [3], {"stride": 2, "ceil_mode": True}),
    ("max_pool1d ceil padding", "max_pool1d", [1, 2, 7], 0.61, [4], {"stride": 3, "padding": 2, "ceil_mode": True}),
    ("avg_pool2d ceil", "avg_pool2d", [2, 2, 5, 7], 0.37, [2], {"ceil_mode": True}),
    ("avg_pool2d ceil padding", "avg_pool2d", [1, 2, 6, 5], 0.53, [3], {"stride": 2, "padding": 1, "ceil_mode": True}),
    ("avg_pool2d ceil padding no count_include_pad", "avg_pool2d", [1, 2, 6, 5], 0.53, [3], {"stride": 2, "padding": 1, "ceil_mode": True, "count_include_pad": False}),
    ("avg_pool2d ceil divisor_override", "avg_pool2d", [1, 1, 5, 5], 0.43, [2], {"ceil_mode": True, "divisor_override": 3}),
    ("avg_pool2d ceil last window dropped", "avg_pool2d", [1, 1, 5, 5], 0.29, [2], {"stride": 2, "padding": 1, "ceil_mode": True}),
    ("avg_pool1d ceil", "avg_pool1d", [2, 3, 8], 0.47, [3], {"stride": 2, "ceil_mode": True}),
    ("avg_pool1d ceil padding no count_include_pad", "avg_pool1d", [1, 2, 7], 0.61, [4], {"stride": 3, "padding": 2, "ceil_mode": True, "count_include_pad": False}),
    ("lp_pool2d ceil", "lp_pool2d", [1, 2, 5, 5], 0.33, [2, 2], {"ceil_mode": True}),
    ("bicubic up", "interpolate", [1, 2, 4, 5], 0.37, [], {"size": [7, 9], "mode": "bicubic"}),
    ("bicubic up align_corners", "interpolate", [1, 2, 4, 5], 0.37, [], {"size": [7, 9], "mode": "bicubic", "align_corners": True}),
    ("bicubic down", "interpolate", [2, 1, 7, 6], 0.29, [], {"size": [3, 4], "mode": "bicubic"}),
    ("bicubic down align_corners", "interpolate", [2, 1, 7, 6], 0.29, [], {"size": [3, 4], "mode": "bicubic", "align_corners": True}),
    ("bicubic scale_factor", "interpolate", [1, 1, 3, 4], 0.71, [], {"scale_factor": [1.7, 2.5], "mode": "bicubic"}),
    ("bicubic scale_factor recomputed", "interpolate", [1, 1, 3, 4], 0.71, [], {"scale_factor": [1.7, 2.5], "mode": "bicubic", "recompute_scale_factor": True}),
    ("bicubic scale_factor same size", "interpolate", [1, 1, 4, 4], 0.71, [], {"scale_factor": 1.2, "mode": "bicubic"}),
    ("bicubic unbatched-like 1x1 output", "interpolate", [1, 1, 4, 4], 0.71, [], {"size": 1, "mode": "bicubic", "align_corners": True}),
    ("bicubic antialias down", "interpolate", [1, 2, 9, 8], 0.23, [], {"size": [4, 3], "mode": "bicubic", "antialias": True}),
    ("bicubic antialias up", "interpolate", [1, 1, 3, 4], 0.23, [], {"size": [5, 7], "mode": "bicubic", "antialias": True}),
    ("bicubic antialias align_corners", "interpolate", [1, 1, 9, 8], 0.23, [], {"size": [4, 3], "mode": "bicubic", "antialias": True, "align_corners": True}),
    ("bilinear antialias down", "interpolate", [1, 2, 9, 8], 0.23, [], {"size": [4, 3], "mode": "bilinear", "antialias": True}),
    ("bilinear antialias scale_factor", "interpolate", [1, 1, 9, 8], 0.23, [], {"scale_factor": 0.4, "mode": "bilinear", "antialias": True}),
    ("bilinear scale_factor same size", "interpolate", [1, 1, 4, 4], 0.71, [], {"scale_factor": 1.2, "mode": "bilinear"}),
    ("linear scale_factor", "interpolate", [1, 2, 5], 0.71, [], {"scale_factor": 1.7, "mode": "linear"}),
    ("nearest-exact 2d", "interpolate", [1, 2, 4, 5], 0.37, [], {"size": [7, 3], "mode": "nearest-exact"}),
    ("nearest-exact 1d scale_factor", "interpolate", [2, 1, 5], 0.37, [], {"scale_factor": 1.5, "mode": "nearest-exact"}),
    ("nearest-exact down", "interpolate", [1, 1, 10], 0.37, [], {"size": 6, "mode": "nearest-exact"}),
    ("nearest down (float32 scale)", "interpolate", [1, 1, 10], 0.37, [], {"size": 6, "mode": "nearest"}),
    ("nearest double size with a scale factor", "interpolate", [1, 1, 5], 0.37, [], {"scale_factor": 2.1, "mode": "nearest"}),
    ("nearest scale_factor", "interpolate", [1, 1, 4, 5], 0.37, [], {"scale_factor": [1.5, 0.7], "mode": "nearest"}),
    ("area 2d", "interpolate", [1, 2, 7, 5], 0.37, [], {"size": [3, 2], "mode": "area"}),
    ("area 2d scale_factor", "interpolate", [1, 1, 7, 5], 0.37, [], {"scale_factor": 0.5, "mode": "area"}),
    ("area 1d", "interpolate", [2, 2, 7], 0.37, [], {"size": 3, "mode": "area"}),
    ("area 1x1", "interpolate", [1, 2, 3, 3], 0.37, [], {"size": 1, "mode": "area"}),
]

FUNCTIONAL_ERRORS = [
    ("interpolate bicubic 3-d", "interpolate", [1, 1, 4], [], {"size": 3, "mode": "bicubic"}, False),
    ("interpolate area align_corners", "interpolate", [1, 1, 4, 4], [], {"size": 3, "mode": "area", "align_corners": True}, False),
    ("interpolate nearest-exact align_corners", "interpolate", [1, 1, 4, 4], [], {"size": 3, "mode": "nearest-exact", "align_corners": False}, False),
    ("interpolate antialias nearest", "interpolate", [1, 1, 4, 4], [], {"size": 3, "antialias": True}, False),
    ("interpolate antialias linear", "interpolate", [1, 1, 4], [], {"size": 3, "mode": "linear", "antialias": True}, False),
    ("interpolate recompute with size", "interpolate", [1, 1, 4, 4], [], {"size": 3, "recompute_scale_factor": True}, False),
    ("interpolate size length", "interpolate", [1, 1, 4, 4], [], {"size": [3, 3, 3]}, False),
    ("interpolate scale length", "interpolate", [1, 1, 4, 4], [], {"scale_factor": [2.0]}, False),
    ("interpolate linear 4-d", "interpolate", [1, 1, 4, 4], [], {"size": 3, "mode": "linear"}, False),
    ("interpolate trilinear 4-d", "interpolate", [1, 1, 4, 4], [], {"size": 3, "mode": "trilinear"}, False),
    ("interpolate unknown mode", "interpolate", [1, 1, 4, 4], [], {"size": 3, "mode": "cubic"}, False),
    ("max_pool2d ceil output too small", "max_pool2d", [1, 1, 2, 2], [3], {"stride": 1, "dilation": 2, "ceil_mode": True}, False),
    ("avg_pool2d divisor_override 0", "avg_pool2d", [1, 1, 4, 4], [2], {"divisor_override": 0}, False),
    ("max_pool2d kernel 0", "max_pool2d", [1, 2, 5, 5], [0], {}, False),
    ("max_pool2d kernel 0 with a stride", "max_pool2d", [1, 2, 5, 5], [0], {"stride": 1}, False),
    ("max_pool2d negative stride", "max_pool2d", [1, 2, 5, 5], [2], {"stride": -1}, False),
    ("avg_pool2d zero width stride", "avg_pool2d", [1, 2, 5, 5], [[2, 3]], {"stride": [2, 0]}, False),
    ("max_pool2d negative padding", "max_pool2d", [1, 2, 5, 5], [2], {"padding": -1}, False),
    ("avg_pool2d width padding too large", "avg_pool2d", [1, 2, 5, 5], [2], {"padding": [0, 2]}, False),
    ("max_pool2d dilation 0", "max_pool2d", [1, 2, 5, 5], [2], {"dilation": 0}, False),
    ("max_pool1d kernel 0", "max_pool1d", [1, 2, 5], [0], {}, False),
    ("max_pool1d kernel 0 with grad", "max_pool1d", [1, 2, 5], [0], {}, True),
    ("max_pool1d negative stride", "max_pool1d", [1, 2, 5], [2], {"stride": -1}, False),
    ("max_pool1d negative stride with grad", "max_pool1d", [1, 2, 5], [2], {"stride": -1}, True),
    ("max_pool1d negative padding", "max_pool1d", [1, 2, 5], [2], {"padding": -1}, False),
    ("max_pool1d padding too large", "max_pool1d", [1, 2, 5], [2], {"padding": 2}, False),
    ("max_pool1d padding too large with grad", "max_pool1d", [1, 2, 5], [2], {"padding": 2}, True),
    ("max_pool1d dilation 0", "max_pool1d", [1, 2, 5], [2], {"dilation": 0}, False),
    ("max_pool1d output too small", "max_pool1d", [1, 2, 5], [9], {"stride": 1}, False),
    ("max_pool1d output too small with grad", "max_pool1d", [1, 2, 5], [7], {}, True),
    ("max_pool1d output too small with indices", "max_pool1d", [1, 2, 5], [7], {"return_indices": True}, False),
]


# 1.13's CPU backward of these takes a shortcut its forward does not (a copy for equal sizes, i >> 1 for
# double sizes), so its gradient is not its forward's and fails torch.autograd.gradcheck: the golden
# gradient is the true one, the forward (linear in x) applied to each basis vector.
TRUE_GRADIENT = {"bicubic scale_factor same size", "nearest double size with a scale factor"}


def linear_gradient(f, x, g):
    basis = torch.eye(x.numel(), dtype=torch.float64).reshape(-1, *x.shape)
    return [float((f(e) * g.double()).sum()) for e in basis]


def functional():
    out = {}
    for name, fn, shape, k, args, kw in FUNCTIONAL:
        x = wave(shape, k).requires_grad_()
        y = getattr(F, fn)(x, *args, **kw)
        (y * upstream(y)).sum().backward()
        grad = linear_gradient(lambda t: getattr(F, fn)(t, *args, **kw), x, upstream(y)) if name in TRUE_GRADIENT else flat(x.grad)
        out[name] = {"fn": fn, "shape": shape, "k": k, "args": args, "kw": kw, "out": flat(y), "out_shape": list(y.shape),
                     "grad": grad, "grad_fn": y.grad_fn.name()}
    errors = {}
    for name, fn, shape, args, kw, grad in FUNCTIONAL_ERRORS:
        errors[name] = {"fn": fn, "shape": shape, "args": args, "kw": kw, "grad": grad,
                        **error(lambda: getattr(F, fn)(torch.zeros(shape, requires_grad=grad), *args, **kw))}
    indices = {}
    for name, fn, shape, k, args, kw in FUNCTIONAL:
        if fn in ("max_pool2d", "max_pool1d"):
            indices[name] = getattr(F, fn)(wave(shape, k), *args, return_indices=True, **kw)[1].reshape(-1).tolist()
    # Without grad, max_pool1d's own kernel gives an empty output where the 2-d one raises.
    empty = list(F.max_pool1d(torch.zeros(1, 2, 5), 7).shape)
    return {"cases": out, "errors": errors, "indices": indices, "empty_max_pool1d": empty}


def set_weights(m, k):
    with torch.no_grad():
        for i, p in enumerate(m.parameters()):
            p.copy_(wave(list(p.shape), k + 0.1 * i))


def module_case(m, x, *args):
    x = x.clone().requires_grad_()
    y = m(x, *args)
    (y * upstream(y)).sum().backward()
    return {"out": flat(y), "out_shape": list(y.shape), "grad": flat(x.grad), "param_grads": [flat(p.grad) for p in m.parameters()],
            "grad_fn": y.grad_fn.name()}


# (name, class, constructor args, constructor keywords, input shape)
CONVS = [
    ("Conv2d reflect", "Conv2d", [2, 3, 3], {"padding": [1, 2], "padding_mode": "reflect"}, [1, 2, 5, 6]),
    ("Conv2d replicate strided", "Conv2d", [2, 4, [3, 2]], {"stride": 2, "padding": 1, "padding_mode": "replicate", "groups": 2}, [2, 2, 5, 6]),
    ("Conv2d circular dilated", "Conv2d", [2, 3, 3], {"padding": 2, "dilation": 2, "padding_mode": "circular", "bias": False}, [1, 2, 5, 6]),
    ("Conv2d reflect same", "Conv2d", [1, 2, [4, 3]], {"padding": "same", "padding_mode": "reflect"}, [1, 1, 5, 6]),
    ("Conv2d replicate unbatched", "Conv2d", [2, 2, 3], {"padding": 1, "padding_mode": "replicate"}, [2, 4, 5]),
    ("Conv1d reflect", "Conv1d", [2, 3, 3], {"padding": 2, "padding_mode": "reflect"}, [2, 2, 7]),
    ("Conv1d replicate", "Conv1d", [2, 3, 4], {"padding": 3, "stride": 2, "padding_mode": "replicate"}, [1, 2, 7]),
    ("Conv1d circular same", "Conv1d", [2, 3, 4], {"padding": "same", "padding_mode": "circular"}, [1, 2, 6]),
    ("Conv1d zeros", "Conv1d", [2, 3, 3], {"padding": 1, "padding_mode": "zeros"}, [1, 2, 6]),
]

# (name, class, constructor args, constructor keywords, input shape, output_size)
TRANSPOSED = [
    ("ConvTranspose2d output_size", "ConvTranspose2d", [2, 3, 3], {"stride": 2, "padding": 1}, [1, 2, 4, 5], [8, 10]),
    ("ConvTranspose2d output_size min", "ConvTranspose2d", [2, 3, 3], {"stride": 2, "padding": 1}, [1, 2, 4, 5], [7, 9]),
    ("ConvTranspose2d output_size with batch and channels", "ConvTranspose2d", [2, 3, 3], {"stride": 3}, [2, 2, 3, 3], [2, 3, 11, 9]),
    ("ConvTranspose2d output_size dilation groups", "ConvTranspose2d", [2, 4, 2], {"stride": [3, 2], "dilation": 2, "groups": 2}, [1, 2, 3, 3], [10, 8]),
    ("ConvTranspose2d output_size unbatched", "ConvTranspose2d", [2, 3, 3], {"stride": 2}, [2, 3, 3], [3, 8, 7]),
    ("ConvTranspose2d output_size None", "ConvTranspose2d", [2, 3, 3], {"stride": 2, "output_padding": 1}, [1, 2, 3, 3], None),
    ("ConvTranspose1d output_size", "ConvTranspose1d", [2, 3, 3], {"stride": 3, "padding": 1}, [1, 2, 5], [15]),
    ("ConvTranspose1d output_size with batch and channels", "ConvTranspose1d", [2, 3, 3], {"stride": 2}, [2, 2, 4], [2, 3, 10]),
    ("ConvTranspose1d output_size unbatched", "ConvTranspose1d", [2, 3, 2], {"stride": 4}, [2, 3], [3, 11]),
]

TRANSPOSED_ERRORS = [
    ("too large", "ConvTranspose2d", [2, 3, 3], {"stride": 2, "padding": 1}, [1, 2, 4, 5], [9, 10]),
    ("too small", "ConvTranspose2d", [2, 3, 3], {"stride": 2, "padding": 1}, [1, 2, 4, 5], [8, 8]),
    ("wrong length", "ConvTranspose2d", [2, 3, 3], {"stride": 2}, [1, 2, 4, 5], [9]),
    ("wrong length unbatched", "ConvTranspose2d", [2, 3, 3], {"stride": 2}, [2, 4, 5], [1, 3, 9, 11]),
    ("unbatched too large", "ConvTranspose2d", [2, 3, 3], {"stride": 2}, [2, 4, 5], [3, 11, 13]),
    ("1d too large", "ConvTranspose1d", [2, 3, 3], {"stride": 2}, [1, 2, 4], [11]),
]


def convs():
    out = {}
    for name, cls, args, kw, shape in CONVS:
        m = getattr(nn, cls)(*args, **kw)
        set_weights(m, 0.3)
        out[name] = {"cls": cls, "args": args, "kw": kw, "shape": shape, "repr": str(m), **module_case(m, wave(shape, 0.45))}
    transposed = {}
    for name, cls, args, kw, shape, size in TRANSPOSED:
        m = getattr(nn, cls)(*args, **kw)
        set_weights(m, 0.3)
        transposed[name] = {"cls": cls, "args": args, "kw": kw, "shape": shape, "output_size": size, **module_case(m, wave(shape, 0.45), size)}
    errors = {}
    for name, cls, args, kw, shape, size in TRANSPOSED_ERRORS:
        m = getattr(nn, cls)(*args, **kw)
        errors[name] = {"cls": cls, "args": args, "kw": kw, "shape": shape, "output_size": size, **error(lambda: m(torch.zeros(shape), size))}
    errors["ConvTranspose2d reflect"] = error(lambda: nn.ConvTranspose2d(2, 3, 3, padding_mode="reflect"))
    errors["ConvTranspose1d circular"] = error(lambda: nn.ConvTranspose1d(2, 3, 3, padding_mode="circular"))
    errors["Conv1d circular wraps twice"] = error(lambda: nn.Conv1d(1, 1, 3, padding=5, padding_mode="circular")(torch.zeros(1, 1, 4)))
    return {"cases": out, "transposed": transposed, "errors": errors}


def bag_by_freq_grad(inp, offs, renormed, kw, psw, out):
    """embedding_bag's weight gradient under scale_grad_by_freq, through F.embedding's (whose CPU
    kernel divides by each index's count; 1.13's embedding_bag CPU backward reads the wrong count:
    pytorch/pytorch#190063), checked against embedding_bag's own output."""
    w = torch.tensor(renormed).reshape(6, 3).requires_grad_()
    keep = inp != kw.get("padding_idx", -1)
    rows = F.embedding(inp, w, scale_grad_by_freq=True) * keep.unsqueeze(1)
    if psw is not None:
        rows = rows * psw.detach().unsqueeze(1)
    bag = torch.bucketize(torch.arange(len(inp)), offs, right=True) - 1
    y = torch.zeros(len(offs), 3).index_add(0, bag, rows)
    if kw["mode"] == "mean":
        y = y / torch.zeros(len(offs)).index_add(0, bag, keep.float()).clamp(min=1).unsqueeze(1)
    assert torch.allclose(y, out, atol=1e-6)
    (y * upstream(y)).sum().backward()
    return flat(w.grad)


def embeddings():
    out = {}
    idx = torch.tensor([[1, 3, 1], [4, 0, 3]])
    for name, kw in [("max_norm", {"max_norm": 1.0}), ("max_norm norm_type 1", {"max_norm": 1.5, "norm_type": 1.0}),
                     ("max_norm norm_type inf", {"max_norm": 0.6, "norm_type": math.inf}), ("max_norm padding_idx", {"max_norm": 0.9, "padding_idx": 3}),
                     ("max_norm negative padding_idx", {"max_norm": 0.9, "padding_idx": -3}),
                     ("scale_grad_by_freq", {"scale_grad_by_freq": True}), ("scale_grad_by_freq padding_idx", {"scale_grad_by_freq": True, "padding_idx": 1}),
                     ("max_norm scale_grad_by_freq", {"max_norm": 1.2, "scale_grad_by_freq": True})]:
        w = (wave([6, 3], 0.9) * 1.3).requires_grad_()
        y = F.embedding(idx, w, **kw)
        renormed = flat(w)
        (y * upstream(y)).sum().backward()
        saved = {k: "inf" if v == math.inf else v for k, v in kw.items()}  # JSON has no Infinity
        out[name] = {"kw": saved, "out": flat(y), "weight": renormed, "grad": flat(w.grad), "grad_fn": y.grad_fn.name()}
    modules = {}
    for name, kw in [("Embedding max_norm", {"max_norm": 1.0}), ("Embedding max_norm padding_idx norm_type", {"max_norm": 1.1, "padding_idx": 0, "norm_type": 3.0}),
                     ("Embedding scale_grad_by_freq", {"scale_grad_by_freq": True})]:
        m = nn.Embedding(6, 3, **kw)
        with torch.no_grad():
            m.weight.copy_(wave([6, 3], 0.9) * 1.3)
        y = m(idx)
        renormed = flat(m.weight)
        (y * upstream(y)).sum().backward()
        modules[name] = {"kw": kw, "repr": str(m), "out": flat(y), "weight": renormed, "grad": flat(m.weight.grad)}
    bags = {}
    inp, offs = torch.tensor([1, 2, 4, 5, 4, 3, 2, 1]), torch.tensor([0, 3, 3, 6])
    for name, kw in [("sum scale_grad_by_freq", {"mode": "sum", "scale_grad_by_freq": True}), ("mean scale_grad_by_freq", {"mode": "mean", "scale_grad_by_freq": True}),
                     ("mean max_norm", {"mode": "mean", "max_norm": 1.0}), ("max max_norm", {"mode": "max", "max_norm": 0.8, "norm_type": 1.0}),
                     ("sum max_norm padding_idx scale_grad_by_freq", {"mode": "sum", "max_norm": 1.0, "padding_idx": 4, "scale_grad_by_freq": True}),
                     ("sum per_sample_weights scale_grad_by_freq", {"mode": "sum", "scale_grad_by_freq": True, "per_sample_weights": True})]:
        w = (wave([6, 3], 0.9) * 1.3).requires_grad_()
        kw = dict(kw)
        psw = torch.linspace(0.5, 2.0, 8, requires_grad=True) if kw.pop("per_sample_weights", False) else None
        y = F.embedding_bag(inp, w, offs, per_sample_weights=psw, **kw)
        renormed = flat(w)
        (y * upstream(y)).sum().backward()
        grad = bag_by_freq_grad(inp, offs, renormed, kw, psw, y.detach()) if kw.get("scale_grad_by_freq") else flat(w.grad)
        bags[name] = {"kw": kw, "psw": psw is not None, "out": flat(y), "weight": renormed, "grad": grad, "psw_grad": flat(psw.grad) if psw is not None else None}
    bag_modules = {}
    for name, kw in [("EmbeddingBag max_norm", {"max_norm": 1.0}), ("EmbeddingBag sum scale_grad_by_freq norm_type", {"mode": "sum", "scale_grad_by_freq": True, "norm_type": 1.0})]:
        m = nn.EmbeddingBag(6, 3, **kw)
        with torch.no_grad():
            m.weight.copy_(wave([6, 3], 0.9) * 1.3)
        y = m(inp, offs)
        renormed = flat(m.weight)
        (y * upstream(y)).sum().backward()
        grad = bag_by_freq_grad(inp, offs, renormed, {"mode": "mean", **kw}, None, y.detach()) if kw.get("scale_grad_by_freq") else flat(m.weight.grad)
        bag_modules[name] = {"kw": kw, "repr": str(m), "out": flat(y), "weight": renormed, "grad": grad}
    w = wave([6, 3], 0.9)
    errors = {
        "embedding_bag offsets[0] not 0": error(lambda: F.embedding_bag(inp, w, torch.tensor([1, 3]))),
        "embedding_bag max scale_grad_by_freq": error(lambda: F.embedding_bag(inp, w, offs, mode="max", scale_grad_by_freq=True)),
        "embedding_bag max sparse": error(lambda: F.embedding_bag(inp, w, offs, mode="max", sparse=True)),
        "embedding_bag 2-d offsets": error(lambda: F.embedding_bag(inp, w, offs.reshape(2, 2))),
        "embedding padding_idx out of range": error(lambda: F.embedding(idx, w, padding_idx=6)),
        "embedding negative padding_idx out of range": error(lambda: F.embedding(idx, w, padding_idx=-7)),
    }
    return {"functional": out, "modules": modules, "bags": bags, "bag_modules": bag_modules, "errors": errors}


def reprs():
    return [str(m) for m in [
        nn.MaxPool2d(2, ceil_mode=True), nn.MaxPool2d(3, 2, 1, 1, False, True), nn.MaxPool1d(3, ceil_mode=True),
        nn.Upsample(scale_factor=2, mode="bicubic", align_corners=True), nn.Upsample(size=(3, 4), mode="nearest-exact"), nn.Upsample(size=5, mode="area"),
        nn.Embedding(5, 2, max_norm=1.5), nn.Embedding(5, 2, 1, 2.5, 3.5, True), nn.EmbeddingBag(5, 2, max_norm=2.5, scale_grad_by_freq=True),
        nn.EmbeddingBag(5, 2, 1.5, 3.5, mode="sum", padding_idx=1),
    ]]


def modules():
    """The pooling and upsampling modules with the new options, on one input each."""
    out = {}
    for name, m, shape in [("MaxPool2d ceil", nn.MaxPool2d(2, ceil_mode=True), [1, 2, 5, 5]), ("MaxPool1d ceil", nn.MaxPool1d(3, 2, ceil_mode=True), [1, 2, 8]),
                           ("AvgPool2d ceil", nn.AvgPool2d(3, 2, 1, True, False), [1, 1, 6, 6]), ("AvgPool1d ceil", nn.AvgPool1d(2, ceil_mode=True), [1, 2, 5]),
                           ("Upsample bicubic", nn.Upsample(scale_factor=1.5, mode="bicubic"), [1, 1, 3, 4]),
                           ("Upsample recompute_scale_factor", nn.Upsample(scale_factor=1.5, mode="bicubic", recompute_scale_factor=True), [1, 1, 3, 4]),
                           ("Upsample area", nn.Upsample(size=2, mode="area"), [1, 1, 5])]:
        out[name] = {"shape": shape, **module_case(m, wave(shape, 0.57))}
    return out


def main():
    doc = {
        "torch_version": torch.__version__,
        "generator": "tests/golden/nn_options.py",
        "functional": functional(),
        "convs": convs(),
        "embeddings": embeddings(),
        "repr": reprs(),
        "modules": modules(),
    }
    with open(os.path.join(HERE, "nn_options.json"), "w") as fh:
        json.dump(doc, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
