#!/usr/bin/env python3
"""PyTorch 1.13's results for calls whose arguments are given by name, of the
wrong kind, or batched: tests/arguments.test.ts makes the same calls.

Run: /usr/bin/python3 tests/golden/arguments.py  (writes arguments.json)
Each case is a value (shape, dtype, values) or an error (type, message).
"""
import json
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
x = torch.arange(6.0).reshape(2, 3)
y = torch.arange(6.0, 12.0).reshape(2, 3)


def out(v):
    if isinstance(v, (tuple, list)):
        return [out(t) for t in v]
    if v is None:
        return None
    return {"shape": list(v.shape), "dtype": str(v.dtype).replace("torch.", ""), "values": v.detach().reshape(-1).tolist()}


def run(f):
    try:
        return {"value": out(f())}
    except Exception as e:  # noqa: BLE001 - the error is the golden value
        return {"error": {"type": type(e).__name__, "message": str(e)}}


def batched():
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    out = a**2 * w.sum()
    return torch.autograd.grad(out, [a, w], torch.stack([torch.eye(3)[0], torch.ones(3), torch.arange(3.0)]), is_grads_batched=True, allow_unused=True)


def batched_create():
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    (g,) = torch.autograd.grad(a**3, a, torch.eye(3), is_grads_batched=True, create_graph=True)
    return torch.autograd.grad(g.sum(), a)


def batched_shape():
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    return torch.autograd.grad(a**2, a, torch.ones(3), is_grads_batched=True)


def with_out(f, out):
    r = f(out)
    assert r is out
    return out


CASES = {
    "torch.add out": lambda: with_out(lambda o: torch.add(x, y, alpha=2, out=o), torch.empty(2, 3)),
    "torch.exp out resized": lambda: with_out(lambda o: torch.exp(x, out=o), torch.empty(0)),
    "torch.mul out float64": lambda: with_out(lambda o: torch.mul(x, y, out=o), torch.empty(2, 3, dtype=torch.float64)),
    "torch.zeros out takes its dtype": lambda: with_out(lambda o: torch.zeros(2, 2, out=o), torch.empty(0, dtype=torch.int64)),
    "torch.arange out": lambda: with_out(lambda o: torch.arange(4, out=o), torch.empty(4)),
    "F.normalize out": lambda: with_out(lambda o: torch.nn.functional.normalize(x, out=o), torch.empty(0)),
    "F.normalize out requires grad": lambda: torch.nn.functional.normalize(x.clone().requires_grad_(), out=torch.empty(2, 3)),
    "torch.eq out": lambda: with_out(lambda o: torch.eq(x, y.sub(6), out=o), torch.empty(0, dtype=torch.bool)),
    "torch.where out": lambda: with_out(lambda o: torch.where(x > 2, x, y, out=o), torch.empty(0)),
    "torch.clamp out": lambda: with_out(lambda o: torch.clamp(x, 1, 4, out=o), torch.empty(0)),
    "torch.lerp out": lambda: with_out(lambda o: torch.lerp(x, y, 0.25, out=o), torch.empty(0)),
    "torch.logical_and out": lambda: with_out(lambda o: torch.logical_and(x, y, out=o), torch.empty(0, dtype=torch.bool)),
    "torch.isnan takes no out": lambda: torch.isnan(x, out=torch.empty(0, dtype=torch.bool)),
    "torch.nonzero as_tuple takes no out": lambda: torch.nonzero(x, as_tuple=True, out=torch.empty(0)),
    "torch.add out cannot cast": lambda: torch.add(x, y, out=torch.empty(2, 3, dtype=torch.int64)),
    "torch.exp out requires grad": lambda: torch.exp(x.clone().requires_grad_(), out=torch.empty(2, 3)),

    "cat dim by name": lambda: torch.cat([x, y], dim=1),
    "stack dim by name": lambda: torch.stack([x, y], dim=1),
    "split by name": lambda: x.split(split_size=2, dim=1),
    "torch.split by name": lambda: torch.split(x, split_size_or_sections=[1, 2], dim=1),
    "chunk by name": lambda: x.chunk(chunks=2, dim=1),
    "unbind by name": lambda: x.unbind(dim=1),
    "transpose by name": lambda: x.transpose(dim0=0, dim1=1),
    "narrow by name": lambda: x.narrow(dim=1, start=1, length=2),
    "select by name": lambda: x.select(dim=1, index=2),
    "movedim by name": lambda: x.unsqueeze(0).movedim(source=0, destination=2),
    "diagonal by name": lambda: x.diagonal(offset=1),
    "softmax by name with dtype": lambda: x.softmax(dim=1, dtype=torch.float64),
    "log_softmax by name": lambda: torch.log_softmax(x, dim=0),
    "tril by name": lambda: x.tril(diagonal=1),
    "triu by name": lambda: torch.triu(x, diagonal=-1),
    "roll by name": lambda: x.roll(shifts=1, dims=1),
    "cummax by name": lambda: x.cummax(dim=1),
    "unfold by name": lambda: x.unfold(dimension=1, size=2, step=1),
    "dist by name": lambda: x.dist(y, p=1),
    "diagonal_scatter by name": lambda: x.diagonal_scatter(torch.ones(2), offset=1),
    "tril diagonal of the wrong kind": lambda: x.tril(0.5),
    "stack dim of the wrong kind": lambda: torch.stack([x, y], dim="a"),
    "chunk chunks of the wrong kind": lambda: x.chunk("a"),
    "flatten start_dim of the wrong kind": lambda: x.flatten(0.5),
    "grad is_grads_batched": batched,
    "grad is_grads_batched create_graph": batched_create,
    "grad is_grads_batched shape mismatch": batched_shape,
}

with open(os.path.join(HERE, "arguments.json"), "w") as fh:
    json.dump({name: run(f) for name, f in CASES.items()}, fh, indent=1)
    fh.write("\n")
