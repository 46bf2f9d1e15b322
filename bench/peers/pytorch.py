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
from torch.nn import functional as F

from torch_mnist import model as make_model, train_set

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
torch.manual_seed(0)


def timed(fn, runs=5, warmup=2, min_ms=1000):
    """Median ms per call, as common.ts's time(): a warm-up of at least `warmup` calls and `min_ms`,
    then at least `runs` calls and `min_ms` of them (at most 200)."""
    warm_start = time.perf_counter()
    i = 0
    while i < warmup or (time.perf_counter() - warm_start) * 1000 < min_ms:
        fn()
        i += 1
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


def program(make, runs=20, warmup=5):
    """One step of a ported program (programs.ts's twins below), from the same seed."""
    torch.manual_seed(0)
    return timed(make(), runs, warmup)


def makemore_mlp():
    X, Y = torch.randint(0, 27, (1000, 3)), torch.randint(0, 27, (1000,))
    C, W1, b1, W2, b2 = torch.randn(27, 10), torch.randn(30, 200), torch.randn(200), torch.randn(200, 27), torch.randn(27)
    parameters = [C, W1, b1, W2, b2]
    for p in parameters:
        p.requires_grad = True

    def step():
        ix = torch.randint(0, X.shape[0], (32,))
        emb = C[X[ix]]
        h = torch.tanh(emb.view(-1, 30) @ W1 + b1)
        logits = h @ W2 + b2
        loss = F.cross_entropy(logits, Y[ix])
        for p in parameters:
            p.grad = None
        loss.backward()
        for p in parameters:
            p.data += -0.1 * p.grad
    return step


class ExampleNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = F.max_pool2d(x, 2)
        x = self.dropout1(x)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = self.dropout2(x)
        return F.log_softmax(self.fc2(x), dim=1)


def mnist_example():
    model = ExampleNet()
    optimizer = torch.optim.Adadelta(model.parameters(), lr=1.0)
    model.train()
    images = MNIST_X.view(-1, 1, 28, 28)
    batch = [0]

    def step():
        start = (batch[0] % 900) * 64
        batch[0] += 1
        data, target = images[start:start + 64], MNIST_Y[start:start + 64]
        optimizer.zero_grad()
        loss = F.nll_loss(model(data), target)
        loss.backward()
        optimizer.step()
    return step


class RNNModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(0.2)
        self.encoder = nn.Embedding(33278, 200)
        self.rnn = nn.LSTM(200, 200, 2, dropout=0.2)
        self.decoder = nn.Linear(200, 33278)

    def forward(self, input, hidden):
        emb = self.drop(self.encoder(input))
        output, hidden = self.rnn(emb, hidden)
        decoded = self.decoder(self.drop(output)).view(-1, 33278)
        return F.log_softmax(decoded, dim=1), hidden


def word_language_model():
    ntokens, lr = 33278, 20
    model = RNNModel()
    criterion = nn.NLLLoss()
    source = torch.randint(0, ntokens, (36 * 20 * 10,)).view(-1, 20)
    state = {"hidden": (torch.zeros(2, 20, 200), torch.zeros(2, 20, 200)), "i": 0}
    model.train()

    def step():
        at = (state["i"] % 9) * 35
        state["i"] += 1
        data, targets = source[at:at + 35], source[at + 1:at + 36].reshape(-1)
        model.zero_grad()
        hidden = tuple(h.detach() for h in state["hidden"])
        output, state["hidden"] = model(data, hidden)
        loss = criterion(output, targets)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.25)
        for p in model.parameters():
            p.data.add_(p.grad, alpha=-lr)
    return step


def makemore_mlp_step():
    return program(makemore_mlp)


def mnist_example_step():
    return program(mnist_example)


def word_lm_step():
    return program(word_language_model, 5, 2)


# BENCH_ONLY=mlp_step,elementwise_1e6 times a subset (as bench/peers/common.ts's runAll does).
only = [w for w in os.environ.get("BENCH_ONLY", "").split(",") if w]
results = {f.__name__: f() for f in [matmul1024, matmul512_fwd_bwd, mlp_step, elementwise_1e6, chain_10k, mnist_mlp_epoch, mnist_cnn_epoch,
                                     charlm_lstm_step, charlm_transformer_step, makemore_mlp_step, mnist_example_step, word_lm_step] if not only or f.__name__ in only}
print(json.dumps({"peer": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(), "results": results}))
