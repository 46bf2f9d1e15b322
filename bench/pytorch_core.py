#!/usr/bin/env python3
"""PyTorch's side of bench/core.ts: the same workloads, printed as JSON.

Run by bench/core.ts when /usr/bin/python3 has torch (Debian's python3-torch):
pinned threads and OMP_WAIT_POLICY=PASSIVE, as bench/PEERS notes advise.
"""
import json
import os
import sys
import time

import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
torch.set_num_threads(threads)


def median(xs):
    s = sorted(xs)
    return s[len(s) // 2]


def timed(fn, runs, warmup=2):
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return median(out)


def chain():
    x = torch.tensor(0.5, requires_grad=True)
    y = x
    for i in range(4762):
        y = y * 1.0001 + 0.0001
        if i % 10 == 9:
            y = y.tanh()
    y.backward()
    return x.grad.item()


grad = chain()
chain_ms = timed(chain, 9, 3)
torch.manual_seed(0)
a = torch.randn(512, 512)
b = torch.randn(512, 512)
mm_ms = timed(lambda: a @ b, 9, 2)
ar = a.clone().requires_grad_()
br = b.clone().requires_grad_()


def mm_fb():
    ar.grad = None
    br.grad = None
    (ar @ br).sum().backward()


mm_fb_ms = timed(mm_fb, 9, 2)
e = torch.randn(1_000_000, requires_grad=True)
f = torch.randn(1_000_000)


def ew():
    e.grad = None
    (e * f + e.exp()).sum().backward()


ew_ms = timed(ew, 9, 2)
print(json.dumps({
    "torch": torch.__version__,
    "threads": threads,
    "scalar_chain_ms": chain_ms,
    "scalar_chain_us_per_op": chain_ms * 1000 / 10000,
    "scalar_chain_grad": grad,
    "matmul512_forward_ms": mm_ms,
    "matmul512_gflops": 2 * 512 ** 3 / (mm_ms * 1e6),
    "matmul512_fwd_bwd_ms": mm_fb_ms,
    "elementwise_1e6_fwd_bwd_ms": ew_ms,
}))
