#!/usr/bin/env python3
"""PyTorch's side of `npm run bench` (the same workloads), as one JSON line.

Run by bench/index.ts with /usr/bin/python3, 2 threads, OMP_WAIT_POLICY=PASSIVE.
"""
import json
import os
import sys
import time

import torch
from torch import nn

from torch_mnist import model as make_model, train_set

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
torch.manual_seed(0)


def timed(fn, runs=5, warmup=2, min_ms=1000):
    """Median ms per call, as common.ts's time(): at least `runs` calls and `min_ms` of them (at most 200)."""
    for _ in range(warmup):
        fn()
    out = []
    while len(out) < runs or (sum(out) < min_ms and len(out) < 200):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return sorted(out)[len(out) // 2]


BATCH = 128
STEPS_PER_EPOCH = (60000 + BATCH - 1) // BATCH


def epoch_estimate(step, steps, warmup):
    """common.ts's epochEstimate: STEPS_PER_EPOCH x the mean step after warm-up, in ms."""
    i = 0
    for i in range(warmup):
        step(i)
    i = warmup
    total, count = 0.0, 0
    while (count < steps or total < 2000) and count < STEPS_PER_EPOCH:
        t0 = time.perf_counter()
        step(i % (60000 // BATCH))
        total += (time.perf_counter() - t0) * 1000
        count += 1
        i += 1
    return total / count * STEPS_PER_EPOCH


MNIST_X, MNIST_Y = train_set()


def mnist_epoch(name, steps, warmup):
    torch.manual_seed(0)
    net = make_model(name)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)

    def step(i):
        x, y = MNIST_X[i * BATCH:(i + 1) * BATCH], MNIST_Y[i * BATCH:(i + 1) * BATCH]
        loss = nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return epoch_estimate(step, steps, warmup)


def mnist_mlp_epoch():
    return mnist_epoch("mlp", 100, 20)


def mnist_cnn_epoch():
    return mnist_epoch("cnn", 10, 3)


def matmul1024():
    a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
    return timed(lambda: a @ b)


def matmul512_fwd_bwd():
    a = torch.randn(512, 512, requires_grad=True)
    b = torch.randn(512, 512, requires_grad=True)

    def step():
        a.grad = b.grad = None
        (a @ b).sum().backward()
    return timed(step)


def mlp_step():
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    x, y = torch.randn(128, 784), torch.randint(0, 10, (128,))

    def step():
        loss = nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return timed(step, 20, 5)


def elementwise_1e6():
    a = torch.randn(1_000_000, requires_grad=True)
    b = torch.randn(1_000_000)

    def step():
        a.grad = None
        (a * b + a.exp()).sum().backward()
    return timed(step, 10, 3)


def chain_10k():
    def step():
        x = torch.tensor(0.5, requires_grad=True)
        y = x
        for i in range(4762):
            y = y * 1.0001 + 0.0001
            if i % 10 == 9:
                y = y.tanh()
        y.backward()
    return timed(step, 9, 3)


def charlm_step(name):
    """One training step of examples/charlm's model (reference.py's PyTorch twin of model.ts)."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "charlm"))
    import reference as R
    data = R.Names()
    torch.manual_seed(0)
    model = R.LSTMModel(data.vocab_size) if name == "lstm" else R.TransformerModel(data.vocab_size, data.max_len + 1)
    opt = torch.optim.AdamW(model.parameters(), lr=5e-3, weight_decay=0.01)

    def step():
        ix = torch.randint(0, len(data.words), (32,))
        x, y = data.x[ix], data.y[ix]
        logits = model(x)
        loss = torch.nn.functional.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1), ignore_index=-1)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return timed(step, 20, 10)


def charlm_lstm_step():
    return charlm_step("lstm")


def charlm_transformer_step():
    return charlm_step("transformer")


# BENCH_ONLY=mlp_step,elementwise_1e6 times a subset (as bench/peers/common.ts's runAll does).
only = [w for w in os.environ.get("BENCH_ONLY", "").split(",") if w]
results = {f.__name__: f() for f in [matmul1024, matmul512_fwd_bwd, mlp_step, elementwise_1e6, chain_10k, mnist_mlp_epoch, mnist_cnn_epoch,
                                     charlm_lstm_step, charlm_transformer_step] if not only or f.__name__ in only}
print(json.dumps({"peer": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(), "results": results}))
