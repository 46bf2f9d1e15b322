#!/usr/bin/env python3
"""PyTorch's side of bench/mnist.ts: the same models, batches and optimizer, timed per step.

Usage: /usr/bin/python3 bench/pytorch_mnist.py MODEL STEPS THREADS
"""
import json
import os
import sys
import time

import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from torch_mnist import model as make_model, train_set  # noqa: E402

model_name, steps, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(threads)
torch.manual_seed(0)
x, y = train_set()
model = make_model(model_name)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=128, shuffle=True)
times = []
it = iter(loader)
for i in range(steps + 20):
    xb, yb = next(it)
    t0 = time.perf_counter()
    loss = nn.functional.cross_entropy(model(xb), yb)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if i >= 20:
        times.append(time.perf_counter() - t0)
times.sort()
print(json.dumps({"torch": torch.__version__, "threads": threads, "ms_per_step": 1000 * times[len(times) // 2], "mean_ms_per_step": 1000 * sum(times) / len(times)}))
