#!/usr/bin/env python3
"""PyTorch 1.13's results for the inplace=True activations and dropouts, functional
and modules: the input itself is written and returned, with PyTorch's node and
gradient. tests/inplace.test.ts makes the same calls.

Run: /usr/bin/python3 tests/golden/inplace.py  (writes inplace.json)
"""
import json
import os

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
VALUES = [-2.0, -0.5, 0.0, 0.25, 1.5, 4.0, 7.0, -3.5]


def run(call, seed=None):
    leaf = torch.tensor(VALUES, requires_grad=True)
    h = leaf * 1.0
    if seed is not None:
        torch.manual_seed(seed)
    out = call(h)
    upstream = torch.cos(torch.arange(len(VALUES), dtype=torch.float32) * 0.7)
    (out * upstream).sum().backward()
    return {
        "same": out is h,
        "values": h.detach().tolist(),
        "grad_fn": type(h.grad_fn).__name__,
        "grad": leaf.grad.tolist(),
    }


CASES = {
    "F.relu": lambda h: F.relu(h, inplace=True),
    "F.relu6": lambda h: F.relu6(h, inplace=True),
    "F.leaky_relu": lambda h: F.leaky_relu(h, 0.2, inplace=True),
    "F.elu": lambda h: F.elu(h, 0.7, inplace=True),
    "F.selu": lambda h: F.selu(h, inplace=True),
    "F.celu": lambda h: F.celu(h, 1.3, inplace=True),
    "F.silu": lambda h: F.silu(h, inplace=True),
    "F.hardtanh": lambda h: F.hardtanh(h, -1.0, 2.0, inplace=True),
    "F.hardswish": lambda h: F.hardswish(h, inplace=True),
    "F.hardsigmoid": lambda h: F.hardsigmoid(h, inplace=True),
    "F.mish": lambda h: F.mish(h, inplace=True),
    "F.threshold": lambda h: F.threshold(h, 0.1, -5.0, inplace=True),
    "nn.ReLU": lambda h: torch.nn.ReLU(inplace=True)(h),
    "nn.LeakyReLU": lambda h: torch.nn.LeakyReLU(0.1, inplace=True)(h),
    "nn.Hardswish": lambda h: torch.nn.Hardswish(inplace=True)(h),
    "nn.ReLU6": lambda h: torch.nn.ReLU6(inplace=True)(h),
    "nn.SiLU": lambda h: torch.nn.SiLU(inplace=True)(h),
    "nn.ELU": lambda h: torch.nn.ELU(inplace=True)(h),
}
SEEDED = {
    "F.dropout": lambda h: F.dropout(h, 0.4, True, inplace=True),
    "nn.Dropout": lambda h: torch.nn.Dropout(0.3, inplace=True)(h),
    "F.rrelu": lambda h: F.rrelu(h, 0.1, 0.3, True, inplace=True),
}

out = {name: run(f) for name, f in CASES.items()}
out.update({name: run(f, seed=5) for name, f in SEEDED.items()})
with open(os.path.join(HERE, "inplace.json"), "w") as fh:
    json.dump(out, fh, indent=1)
    fh.write("\n")
