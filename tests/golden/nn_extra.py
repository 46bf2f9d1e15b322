#!/usr/bin/env python3
"""Golden values for LSTM proj_size, MultiheadAttention kdim/vdim and add_bias_kv/add_zero_attn, grid_sample,
affine_grid, ctc_loss and the cross_entropy / conv1d edge cases, from PyTorch 1.13.

Run:  /usr/bin/python3 tests/golden/nn_extra.py   (writes tests/golden/nn_extra.json)
Non-finite numbers are written as the strings "nan", "inf" and "-inf" (tests/helpers.ts decode).
"""
import json
import math
import os

import torch
from torch import nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence

HERE = os.path.dirname(os.path.abspath(__file__))


def num(v):
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def flat(t):
    return [num(v) for v in t.detach().reshape(-1).tolist()]


def tj(t):
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "values": flat(t)}


def wave(shape, k, dtype=torch.float32):
    n = 1
    for d in shape:
        n *= d
    return torch.sin(torch.arange(n, dtype=torch.float64) * k).reshape(shape).to(dtype)


def upstream_loss(outs):
    """sum of o * cos(0.7 i) over the outputs: tests/helpers.ts upstream()."""
    return sum((o * torch.cos(torch.arange(o.numel(), dtype=torch.float64) * 0.7).reshape(o.shape).to(o.dtype)).sum() for o in outs)


def error(f):
    try:
        f()
    except Exception as e:  # noqa: BLE001 - the message is the golden value
        return {"type": type(e).__name__, "message": str(e)}
    return None


# ---- LSTM proj_size ----------------------------------------------------------------------

LSTM_PROJ = [
    # (args, kwargs, input shape, with state)
    ([3, 5], {"proj_size": 2}, [4, 2, 3], True),
    ([3, 5, 2], {"proj_size": 3, "bidirectional": True, "batch_first": True}, [2, 4, 3], False),
    ([3, 4], {"proj_size": 2, "bias": False}, [4, 3], True),
]


def lstm_proj():
    cases = []
    for i, (args, kw, shape, with_state) in enumerate(LSTM_PROJ):
        torch.manual_seed(40 + i)
        m = nn.LSTM(*args, **kw)
        x = wave(shape, 0.37).requires_grad_()
        state = None
        if with_state:
            dirs = 2 if m.bidirectional else 1
            batch = [] if len(shape) == 2 else [shape[0] if m.batch_first else shape[1]]
            state = (wave([m.num_layers * dirs, *batch, m.proj_size], 0.21), wave([m.num_layers * dirs, *batch, m.hidden_size], 0.13))
        out, (h, c) = m(x, state) if state is not None else m(x)
        upstream_loss([out, h, c]).backward()
        cases.append({
            "args": args, "kwargs": kw, "shape": shape, "with_state": with_state, "seed": 40 + i, "repr": str(m),
            "names": [n for n, _ in m.named_parameters()], "shapes": [list(p.shape) for p in m.parameters()],
            "state_dict": list(m.state_dict().keys()),
            "params": [flat(p) for p in m.parameters()],
            "outputs": [tj(t) for t in (out, h, c)],
            "input_grad": flat(x.grad), "param_grads": [flat(p.grad) for p in m.parameters()],
        })
    # Packed, unsorted lengths, with a state.
    torch.manual_seed(45)
    m = nn.LSTM(2, 4, 2, proj_size=3, bidirectional=True)
    inp = wave([4, 3, 2], 0.29).requires_grad_()
    packed = pack_padded_sequence(inp, torch.tensor([2, 4, 1]), enforce_sorted=False)
    hx = (wave([4, 3, 3], 0.21), wave([4, 3, 4], 0.13))
    o, (h, c) = m(packed, hx)
    upstream_loss([o.data, h, c]).backward()
    packed_case = {"seed": 45, "data": tj(o.data), "h": tj(h), "c": tj(c), "input_grad": flat(inp.grad), "param_grads": [flat(p.grad) for p in m.parameters()]}
    errors = {
        "hidden0": error(lambda: nn.LSTM(3, 4, proj_size=2)(torch.zeros(5, 3, 3), (torch.zeros(1, 3, 4), torch.zeros(1, 3, 4)))),
        "hidden1": error(lambda: nn.LSTM(3, 4, proj_size=2)(torch.zeros(5, 3, 3), (torch.zeros(1, 3, 2), torch.zeros(1, 3, 2)))),
        "too_big": error(lambda: nn.LSTM(3, 4, proj_size=4)),
        "negative": error(lambda: nn.LSTM(3, 4, proj_size=-1)),
        "gru": error(lambda: nn.GRU(3, 4, proj_size=2)),
        "rnn": error(lambda: nn.RNN(3, 4, proj_size=2)),
    }
    return {"cases": cases, "packed": packed_case, "errors": errors}


# ---- MultiheadAttention kdim / vdim ----------------------------------------------------------

def mha_kdim():
    cases = []
    specs = [
        ("cross", {"kdim": 5, "vdim": 3}, [4, 2, 8], [6, 2, 5], [6, 2, 3], {}),
        ("batch_first_masks", {"kdim": 8, "vdim": 3, "batch_first": True}, [2, 4, 8], [2, 6, 8], [2, 6, 3],
         {"key_padding_mask": torch.tensor([[False] * 5 + [True], [False] * 6]), "average_attn_weights": False}),
        ("no_bias_unbatched", {"kdim": 5, "vdim": 5, "bias": False}, [4, 8], [6, 5], [6, 5], {"attn_mask": torch.triu(torch.ones(4, 6, dtype=torch.bool), diagonal=3)}),
    ]
    for i, (name, kw, qs, ks, vs, fkw) in enumerate(specs):
        torch.manual_seed(50 + i)
        m = nn.MultiheadAttention(8, 2, **kw)
        q, k, v = wave(qs, 0.37).requires_grad_(), wave(ks, 0.23).requires_grad_(), wave(vs, 0.11).requires_grad_()
        o, w = m(q, k, v, **fkw)
        upstream_loss([o, w]).backward()
        cases.append({
            "name": name, "kwargs": kw, "shapes": [qs, ks, vs], "seed": 50 + i, "repr": str(m), "same": m._qkv_same_embed_dim,
            "names": [n for n, _ in m.named_parameters()], "param_shapes": [list(p.shape) for p in m.parameters()],
            "state_dict": list(m.state_dict().keys()),
            "params": [flat(p) for p in m.parameters()], "outputs": [tj(o), tj(w)],
            "input_grads": [flat(t.grad) for t in (q, k, v)], "param_grads": [flat(p.grad) for p in m.parameters()],
        })
    m = nn.MultiheadAttention(8, 2, kdim=5, vdim=3)
    q, k, v = torch.zeros(4, 2, 8), torch.zeros(6, 2, 5), torch.zeros(6, 2, 3)
    errors = {
        "value_length": error(lambda: m(q, k, torch.zeros(5, 2, 3))),
        "key_dim": error(lambda: m(q, torch.zeros(6, 2, 4), v)),
        "value_dim": error(lambda: m(q, k, torch.zeros(6, 2, 4))),
    }
    return {"cases": cases, "errors": errors}


# ---- MultiheadAttention add_bias_kv / add_zero_attn ------------------------------------------

def mha_bias_kv():
    cases = []
    float_mask = wave([4, 4, 6], 0.19) * 0.5
    float_mask[:, 0, 1] = -math.inf
    specs = [
        # (name, kwargs, query, key and value shapes (None: self-attention), forward kwargs)
        ("bias_kv_self", {"add_bias_kv": True}, [4, 2, 8], None,
         {"attn_mask": torch.triu(torch.ones(4, 4, dtype=torch.bool), diagonal=1), "key_padding_mask": torch.tensor([[False] * 3 + [True], [False] * 4])}),
        # The second batch's keys are all padding: the zero key keeps its softmax finite.
        ("zero_attn_batch_first", {"add_zero_attn": True, "batch_first": True}, [2, 4, 8], ([2, 5, 8], [2, 5, 8]),
         {"key_padding_mask": torch.tensor([[False] * 4 + [True], [True] * 5]), "average_attn_weights": False}),
        ("both_kdim_vdim", {"add_bias_kv": True, "add_zero_attn": True, "kdim": 5, "vdim": 3}, [4, 2, 8], ([6, 2, 5], [6, 2, 3]),
         {"attn_mask": float_mask, "key_padding_mask": torch.tensor([[False] * 5 + [True], [False] * 6])}),
        ("both_unbatched_no_bias", {"add_bias_kv": True, "add_zero_attn": True, "bias": False}, [4, 8], ([6, 8], [6, 8]),
         {"attn_mask": float_mask[0], "key_padding_mask": torch.tensor([False, True] + [False] * 4)}),
        ("bias_kv_no_weights", {"add_bias_kv": True, "batch_first": True}, [2, 3, 8], None, {"need_weights": False}),
    ]
    for i, (name, kw, qs, kvs, fkw) in enumerate(specs):
        torch.manual_seed(60 + i)
        m = nn.MultiheadAttention(8, 2, **kw)
        q = wave(qs, 0.37).requires_grad_()
        inputs = [q] if kvs is None else [q, wave(kvs[0], 0.23).requires_grad_(), wave(kvs[1], 0.11).requires_grad_()]
        o, w = m(q, q, q, **fkw) if kvs is None else m(*inputs, **fkw)
        outs = [o] if w is None else [o, w]
        upstream_loss(outs).backward()
        cases.append({
            "name": name, "kwargs": kw, "shapes": [list(t.shape) for t in inputs], "seed": 60 + i, "repr": str(m),
            "forward": {k: tj(v) if isinstance(v, torch.Tensor) else v for k, v in fkw.items()},
            "names": [n for n, _ in m.named_parameters()], "param_shapes": [list(p.shape) for p in m.parameters()],
            "state_dict": list(m.state_dict().keys()),
            "params": [flat(p) for p in m.parameters()], "outputs": [tj(t) for t in outs],
            "input_grads": [flat(t.grad) for t in inputs], "param_grads": [flat(p.grad) for p in m.parameters()],
        })
    m = nn.MultiheadAttention(8, 2, add_bias_kv=True, add_zero_attn=True)
    errors = {"key_padding_mask": error(lambda: m(torch.zeros(4, 2, 8), torch.zeros(6, 2, 8), torch.zeros(6, 2, 8), key_padding_mask=torch.zeros(2, 5, dtype=torch.bool)))}
    return {"cases": cases, "errors": errors}


# ---- grid_sample / affine_grid --------------------------------------------------------------

def grid_values(shape, k, spread):
    """A grid in [-spread, spread] that avoids pixel centres and edges (where gradients have kinks)."""
    return (wave(shape, k, torch.float64) * spread + 0.0123).float()


def grid_sample_cases():
    cases = []
    inp = wave([2, 3, 4, 5], 0.37)
    grid = grid_values([2, 3, 4, 2], 0.61, 1.3)
    for mode in ["bilinear", "nearest", "bicubic"]:
        for padding in ["zeros", "border", "reflection"]:
            for align in [False, True]:
                x = inp.clone().requires_grad_()
                g = grid.clone().requires_grad_()
                y = F.grid_sample(x, g, mode=mode, padding_mode=padding, align_corners=align)
                upstream_loss([y]).backward()
                cases.append({"mode": mode, "padding_mode": padding, "align_corners": align, "input": tj(inp), "grid": tj(grid),
                              "output": tj(y), "grad_fn": y.grad_fn.name(), "input_grad": flat(x.grad), "grid_grad": flat(g.grad)})
    # Far outside: reflection flips several times.
    far = grid_values([1, 2, 3, 2], 0.83, 3.7)
    for mode in ["bilinear", "bicubic"]:
        x = inp[:1].clone().requires_grad_()
        g = far.clone().requires_grad_()
        y = F.grid_sample(x, g, mode=mode, padding_mode="reflection", align_corners=False)
        upstream_loss([y]).backward()
        cases.append({"mode": mode, "padding_mode": "reflection", "align_corners": False, "input": tj(inp[:1]), "grid": tj(far),
                      "output": tj(y), "grad_fn": y.grad_fn.name(), "input_grad": flat(x.grad), "grid_grad": flat(g.grad)})
    inp3 = wave([1, 2, 3, 4, 5], 0.41)
    grid3 = grid_values([1, 2, 3, 2, 3], 0.53, 1.2)
    for mode in ["bilinear", "nearest"]:
        for padding, align in [("zeros", False), ("border", True), ("reflection", False)]:
            x = inp3.clone().requires_grad_()
            g = grid3.clone().requires_grad_()
            y = F.grid_sample(x, g, mode=mode, padding_mode=padding, align_corners=align)
            upstream_loss([y]).backward()
            cases.append({"mode": mode, "padding_mode": padding, "align_corners": align, "input": tj(inp3), "grid": tj(grid3),
                          "output": tj(y), "grad_fn": y.grad_fn.name(), "input_grad": flat(x.grad), "grid_grad": flat(g.grad)})
    x, g = torch.zeros(2, 3, 4, 5), torch.zeros(2, 3, 3, 2)
    errors = {
        "mode": error(lambda: F.grid_sample(x, g, mode="foo", align_corners=False)),
        "padding_mode": error(lambda: F.grid_sample(x, g, padding_mode="foo", align_corners=False)),
        "dtype": error(lambda: F.grid_sample(x, g.double(), align_corners=False)),
        "batch": error(lambda: F.grid_sample(x, g[:1], align_corners=False)),
        "last_dim": error(lambda: F.grid_sample(x, torch.zeros(2, 3, 3, 3), align_corners=False)),
        "dims": error(lambda: F.grid_sample(x, torch.zeros(2, 3, 3, 2, 2), align_corners=False)),
        "dims5": error(lambda: F.grid_sample(torch.zeros(2, 3, 4, 5, 6), torch.zeros(2, 3, 3, 3), align_corners=False)),
        "bicubic5": error(lambda: F.grid_sample(torch.zeros(2, 3, 4, 5, 6), torch.zeros(2, 3, 3, 3, 3), mode="bicubic", align_corners=False)),
        "empty": error(lambda: F.grid_sample(torch.zeros(2, 3, 4, 0), g, align_corners=False)),
    }
    return {"cases": cases, "errors": errors}


def affine_grid_cases():
    cases = []
    for size, k in [([2, 3, 4, 5], 0.37), ([2, 1, 2, 3, 4], 0.29), ([1, 1, 1, 3], 0.5)]:
        shape = [size[0], 2, 3] if len(size) == 4 else [size[0], 3, 4]
        for align in [False, True]:
            theta = wave(shape, k).requires_grad_()
            y = F.affine_grid(theta, size, align_corners=align)
            upstream_loss([y]).backward()
            cases.append({"size": size, "align_corners": align, "theta": tj(theta), "output": tj(y), "grad_fn": y.grad_fn.name(), "theta_grad": flat(theta.grad)})
    t = torch.zeros(2, 2, 3)
    errors = {
        "shape2d": error(lambda: F.affine_grid(torch.zeros(2, 3, 3), [2, 3, 4, 5], align_corners=False)),
        "shape3d": error(lambda: F.affine_grid(t, [2, 3, 4, 5, 6], align_corners=False)),
        "size": error(lambda: F.affine_grid(t, [2, 3, 4], align_corners=False)),
        "dtype": error(lambda: F.affine_grid(t.long(), [2, 3, 4, 5], align_corners=False)),
        "nonpositive": error(lambda: F.affine_grid(t, [2, 3, 4, 0], align_corners=False)),
        "batch": error(lambda: F.affine_grid(t, [3, 3, 4, 5], align_corners=False)),
    }
    return {"cases": cases, "errors": errors}


# ---- ctc_loss -----------------------------------------------------------------------------

def ctc_cases():
    cases = []
    T, N, C = 6, 3, 5
    logits = wave([T, N, C], 0.37) * 2

    def case(name, lp_leaf, targets, il, tl, **kw):
        lp = lp_leaf.clone().requires_grad_()
        loss = F.ctc_loss(lp, targets, il, tl, **kw)
        upstream_loss([loss]).backward()
        enc = lambda v: tj(v) if isinstance(v, torch.Tensor) else v  # noqa: E731
        cases.append({"name": name, "log_probs": tj(lp_leaf), "targets": tj(targets), "input_lengths": enc(il), "target_lengths": enc(tl),
                      "kwargs": kw, "loss": tj(loss), "grad_fn": loss.grad_fn.name(), "grad": flat(lp.grad)})

    lp = logits.log_softmax(2).detach()
    padded = torch.tensor([[1, 2, 2], [3, 1, 0], [4, 4, 4]])
    for red in ["none", "mean", "sum"]:
        case(f"padded {red}", lp, padded, [6, 5, 4], [3, 2, 0], reduction=red)
    case("repeated labels, blank 4", lp, torch.tensor([[1, 1, 2], [3, 3, 3], [0, 2, 0]]), [6, 6, 5], [2, 2, 3], blank=4, reduction="none")
    case("impossible", lp, padded, [6, 1, 4], [3, 2, 1], reduction="none")
    case("impossible zero_infinity", lp, padded, [6, 1, 4], [3, 2, 1], reduction="none", zero_infinity=True)
    case("impossible zero_infinity mean", lp, padded, [6, 1, 4], [3, 2, 1], reduction="mean", zero_infinity=True)
    case("concatenated, tensor lengths", lp, torch.tensor([1, 2, 2, 3, 1]), torch.tensor([6, 5, 4]), torch.tensor([3, 2, 0]), reduction="sum")
    case("unbatched", lp[:, 0], torch.tensor([1, 2, 2]), [6], [3])
    case("unbatched none", lp[:, 0], torch.tensor([1, 2]), torch.tensor(5), torch.tensor(2), reduction="none")
    case("float64", lp.double(), padded, [6, 5, 4], [3, 2, 0])
    case("int32 targets, unnormalised", logits, padded.int(), [6, 5, 4], [3, 2, 0])
    # The usual use: through log_softmax, where PyTorch's gradient is the true one.
    x = logits.clone().requires_grad_()
    loss = F.ctc_loss(x.log_softmax(2), padded, [6, 5, 4], [3, 2, 0])
    loss.backward()
    through = {"loss": num(loss), "grad": flat(x.grad)}
    x64 = logits.double().requires_grad_()
    assert torch.autograd.gradcheck(lambda t: F.ctc_loss(t.log_softmax(2), padded, [6, 5, 4], [3, 2, 0], reduction="sum"), [x64])
    lp3 = lp
    errors = {
        "reduction": error(lambda: F.ctc_loss(lp3, padded, [6, 5, 4], [3, 2, 0], reduction="foo")),
        "input_lengths_size": error(lambda: F.ctc_loss(lp3, padded, [6, 5], [3, 2, 0])),
        "target_lengths_size": error(lambda: F.ctc_loss(lp3, padded, [6, 5, 4], [3, 2])),
        "input_too_long": error(lambda: F.ctc_loss(lp3, padded, [6, 7, 4], [3, 2, 0])),
        "target_too_long": error(lambda: F.ctc_loss(lp3, padded, [6, 5, 4], [3, 4, 0])),
        "blank": error(lambda: F.ctc_loss(lp3, padded, [6, 5, 4], [3, 2, 0], blank=5)),
        "concatenated_size": error(lambda: F.ctc_loss(lp3, torch.tensor([1, 2, 2, 3]), [6, 5, 4], [3, 2, 0])),
        "targets_batch": error(lambda: F.ctc_loss(lp3, padded[:2], [6, 5, 4], [3, 2, 0])),
        "targets_dims": error(lambda: F.ctc_loss(lp3, padded.reshape(1, 3, 3), [6, 5, 4], [3, 2, 0])),
        "log_probs_dims": error(lambda: F.ctc_loss(lp3[0, 0], padded[0], [6], [3])),
        "log_probs_dtype": error(lambda: F.ctc_loss(lp3.long(), padded, [6, 5, 4], [3, 2, 0])),
        "lengths_dtype": error(lambda: F.ctc_loss(lp3, padded, torch.tensor([6.0, 5, 4]), torch.tensor([3.0, 2, 0]))),
    }
    reprs = [str(nn.CTCLoss()), str(nn.CTCLoss(blank=2, reduction="sum", zero_infinity=True))]
    return {"cases": cases, "through_log_softmax": through, "errors": errors, "repr": reprs}


# ---- cross_entropy and conv1d edge cases -----------------------------------------------------------

def cross_entropy_cases():
    ignored = []
    for shape, tshape in [([3, 4], [3]), ([2, 3, 2, 2], [2, 2, 2]), ([2, 3, 4], [2, 4])]:
        for red in ["mean", "sum", "none"]:
            for weighted in [False, True]:
                for ls in [0.0, 0.1]:
                    x = wave(shape, 0.37).requires_grad_()
                    w = torch.tensor([1.0, 2.0, 0.5, 3.0][: shape[1]]) if weighted else None
                    loss = F.cross_entropy(x, torch.full(tshape, -100), weight=w, reduction=red, label_smoothing=ls)
                    upstream_loss([loss]).backward()
                    ignored.append({"shape": shape, "target_shape": tshape, "reduction": red, "weighted": weighted, "label_smoothing": ls,
                                    "loss": tj(loss), "grad_fn": loss.grad_fn.name(), "grad": flat(x.grad)})
    # Every class weighted 0 (not ignored): PyTorch's NaN gradient at the targets.
    x = wave([3, 4], 0.37).requires_grad_()
    loss = F.nll_loss(x, torch.tensor([0, 1, 2]), weight=torch.zeros(4))
    loss.backward()
    zero_weights = {"loss": tj(loss), "grad": flat(x.grad)}
    f32 = lambda *s: torch.rand(*s)  # noqa: E731
    i64 = lambda *s: torch.ones(*s, dtype=torch.long)  # noqa: E731
    targets = [
        ([3, 4], f32(3, 5)), ([3, 4], f32(3)), ([3, 4], f32(4)), ([3, 4], f32(2, 4)), ([3, 4], f32(3, 4, 1)), ([3, 4], i64(3, 4)),
        ([3, 4], i64(2)), ([3, 4], i64(1, 3)), ([3, 4], torch.ones(3, dtype=torch.int32)), ([4], f32(3)), ([4], f32(1, 4)), ([4], i64(1)),
        ([2, 3, 4], f32(2, 4)), ([2, 3, 4], i64(2, 5)), ([2, 3, 4], i64(2, 3, 4)), ([2, 3, 4], i64(3, 4)), ([2, 3, 4, 5], i64(2, 4)),
        ([2, 3, 4, 5], i64(2, 4, 6)), ([2, 3, 4, 5], f32(2, 4, 5)),
    ]
    errors = []
    for shape, t in targets:
        for ls in [0.0, 0.1]:
            errors.append({"input": shape, "target": list(t.shape), "target_dtype": str(t.dtype).replace("torch.", ""), "label_smoothing": ls,
                           "error": error(lambda: F.cross_entropy(torch.zeros(shape), t, label_smoothing=ls))})
    conv = [
        {"input": [2, 4, 10], "weight": [8, 3, 3], "groups": 1},
        {"input": [2, 3, 10], "weight": [8, 2, 3], "groups": 2},
        {"input": [4, 10], "weight": [8, 3, 3], "groups": 1},
    ]
    for c in conv:
        c["error"] = error(lambda: F.conv1d(torch.zeros(c["input"]), torch.zeros(c["weight"]), groups=c["groups"]))
    return {"all_ignored": ignored, "zero_weights": zero_weights, "target_errors": errors, "conv1d": conv}


def main():
    doc = {
        "torch_version": torch.__version__,
        "generator": "tests/golden/nn_extra.py",
        "lstm_proj": lstm_proj(),
        "mha_kdim": mha_kdim(),
        "mha_bias_kv": mha_bias_kv(),
        "grid_sample": grid_sample_cases(),
        "affine_grid": affine_grid_cases(),
        "ctc": ctc_cases(),
        "cross_entropy": cross_entropy_cases(),
    }
    with open(os.path.join(HERE, "nn_extra.json"), "w") as fh:
        json.dump(doc, fh, indent=1, allow_nan=False)
        fh.write("\n")


if __name__ == "__main__":
    main()
