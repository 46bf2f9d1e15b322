#!/usr/bin/env python3
"""Golden values for torch.optim (LBFGS's strong-Wolfe line search, maximize, the
errors of schedulers and parameter groups) and torch.utils.data (DataLoader over
sequences, workers' seeds and order), from PyTorch 1.13.

Run:  /usr/bin/python3 tests/golden/optim_data.py
Writes tests/golden/optim_data.json (read by tests/optim_data.test.ts).
"""
import json
import os

import torch
from torch.utils.data import DataLoader, TensorDataset, get_worker_info

HERE = os.path.dirname(os.path.abspath(__file__))


def rosenbrock(x):
    return ((1 - x[:-1]) ** 2).sum() + 100 * ((x[1:] - x[:-1] ** 2) ** 2).sum()


def mild(x):
    c = torch.tensor([0.5, -1.0, 2.0], dtype=x.dtype)
    w = torch.tensor([1.0, 3.0, 0.5], dtype=x.dtype)
    return (w * (x - c) ** 2).sum() + 0.1 * (x ** 4).sum()


def lbfgs():
    """Four steps of each case: the loss step() returns, x after it, and the state's counters."""
    cases = [
        ("rosenbrock", "float64", [-1.5, 2.0, -0.5, 1.2], {"line_search_fn": "strong_wolfe"}),
        ("rosenbrock", "float64", [-1.5, 2.0, -0.5, 1.2], {"line_search_fn": "strong_wolfe", "lr": 0.5, "history_size": 5, "max_iter": 10}),
        ("mild", "float64", [3.0, 2.0, -1.0], {"line_search_fn": "strong_wolfe", "lr": 2.0, "history_size": 2}),
        # float32 takes its line-search branches from float32 rounding: a well-conditioned case.
        ("mild", "float32", [3.0, 2.0, -1.0], {"line_search_fn": "strong_wolfe", "max_iter": 5}),
    ]
    out = []
    for fn, dtype, x0, opts in cases:
        x = torch.tensor(x0, dtype=getattr(torch, dtype), requires_grad=True)
        opt = torch.optim.LBFGS([x], **opts)
        f = rosenbrock if fn == "rosenbrock" else mild

        def closure():
            opt.zero_grad()
            loss = f(x)
            loss.backward()
            return loss
        steps = []
        for _ in range(4):
            loss = opt.step(closure).item()
            st = opt.state[x]
            steps.append({"loss": loss, "x": x.tolist(), "func_evals": st["func_evals"], "n_iter": st["n_iter"]})
        out.append({"fn": fn, "dtype": dtype, "x0": x0, "options": opts, "steps": steps})
    return out


def maximize():
    """RMSprop's maximize (with momentum and centering), five steps on sum(sin(w) * w)."""
    out = []
    for opts in [{"lr": 0.01, "maximize": True}, {"lr": 0.01, "momentum": 0.9, "centered": True, "weight_decay": 0.1, "maximize": True}]:
        w = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
        opt = torch.optim.RMSprop([w], **opts)
        traj = []
        for _ in range(5):
            opt.zero_grad()
            (torch.sin(w) * w).sum().backward()
            opt.step()
            traj.append(w.tolist())
        out.append({"options": opts, "trajectory": traj})
    return out


def verbose():
    """The lines verbose=True prints (StepLR, CosineAnnealingWarmRestarts' fractional epochs, ReduceLROnPlateau)."""
    import contextlib
    import io
    S = torch.optim.lr_scheduler
    out = {}
    for name, make, steps in [
        ("step", lambda o: S.StepLR(o, 2, gamma=0.5, verbose=True), [None, None, None]),
        ("warm_restarts", lambda o: S.CosineAnnealingWarmRestarts(o, 3, verbose=True), [None, 1.5, 4.25]),
        ("plateau", lambda o: S.ReduceLROnPlateau(o, patience=1, verbose=True), [1.0, 2.0, 3.0, 4.0]),
    ]:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
            opt.add_param_group({"params": [torch.zeros(1, requires_grad=True)], "lr": 0.02})
            s = make(opt)
            for a in steps:
                s.step() if a is None else s.step(a)
        out[name] = buf.getvalue().splitlines()
    return out


def error(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the class and text are the golden values
        return {"type": type(e).__name__, "message": str(e)}
    return None


def errors():
    w = torch.zeros(2, requires_grad=True)
    v = torch.zeros(2, requires_grad=True)

    def sched(make, steps=1, epoch=None):
        def run():
            opt = torch.optim.SGD([w], lr=0.1)
            s = make(opt)
            for _ in range(steps):
                s.step() if epoch is None else s.step(epoch)
        return run
    S = torch.optim.lr_scheduler

    def closure():
        loss = ((w - 1) ** 2).sum()
        loss.backward()
        return loss
    return {
        "cosine_step": error(sched(lambda o: S.CosineAnnealingLR(o, 0))),
        "cosine_epoch": error(sched(lambda o: S.CosineAnnealingLR(o, 0), epoch=3)),
        "step_step": error(sched(lambda o: S.StepLR(o, 0))),
        "step_epoch": error(sched(lambda o: S.StepLR(o, 0), epoch=3)),
        "linear_epoch": error(sched(lambda o: S.LinearLR(o, total_iters=0), epoch=3)),
        "polynomial_epoch": error(sched(lambda o: S.PolynomialLR(o, total_iters=0), epoch=3)),
        "cyclic": error(lambda: S.CyclicLR(torch.optim.SGD([w], lr=0.1), 0.01, 0.1, step_size_up=0)),
        "two_groups": error(lambda: torch.optim.SGD([{"params": [w]}, {"params": [v, w]}], lr=0.1)),
        "tensor_params": error(lambda: torch.optim.SGD(w, lr=0.1)),
        "set_params": error(lambda: torch.optim.SGD([{"params": {w}}], lr=0.1)),
        "number_param": error(lambda: torch.optim.SGD([w, 3], lr=0.1)),
        "fused": error(lambda: torch.optim.Adam([w], fused=True)),
        "line_search": error(lambda: torch.optim.LBFGS([w], line_search_fn="foo").step(closure)),
    }


# ---- torch.utils.data ----------------------------------------------------------------------

OFFSET = 0


class Noisy(torch.utils.data.Dataset):
    """tests/workers/dataset.ts's twin: noise from the worker's generator, its id, what worker_init_fn set."""

    def __len__(self):
        return 10

    def __getitem__(self, i):
        info = get_worker_info()
        return torch.tensor([float(i)]), torch.rand(2), -1 if info is None else info.id, OFFSET


def worker_init_fn(worker_id):
    global OFFSET
    OFFSET = 100 * (worker_id + 1)


def collate_fn(items):
    return {"index": torch.cat([it[0] for it in items]), "noise": torch.stack([it[1] for it in items]), "worker": items[0][2]}


def plain(batch):
    """A batch as JSON: tensors as lists, dicts and lists element by element."""
    if isinstance(batch, torch.Tensor):
        return batch.tolist()
    if isinstance(batch, dict):
        return {k: plain(v) for k, v in batch.items()}
    if isinstance(batch, (list, tuple)):
        return [plain(b) for b in batch]
    return batch


def epochs(loader, n=1):
    return [[plain(b) for b in loader] for _ in range(n)]


def data():
    out = {}
    torch.manual_seed(0)
    ds = TensorDataset(torch.arange(10), torch.arange(10.0) * 2)
    out["tensor_workers"] = epochs(DataLoader(ds, batch_size=3, shuffle=True, num_workers=2), 2)
    out["tensor_workers_after"] = torch.rand(2).tolist()
    torch.manual_seed(1)
    out["noisy"] = epochs(DataLoader(Noisy(), batch_size=2, num_workers=2, worker_init_fn=worker_init_fn))
    out["noisy_after"] = torch.rand(2).tolist()
    torch.manual_seed(2)
    loader = DataLoader(Noisy(), batch_size=3, shuffle=True, num_workers=3, prefetch_factor=1, persistent_workers=True, collate_fn=collate_fn)
    out["noisy_persistent"] = epochs(loader, 2)
    out["noisy_persistent_after"] = torch.rand(2).tolist()
    del loader
    torch.manual_seed(3)
    out["noisy_unbatched"] = epochs(DataLoader(Noisy(), batch_size=None, num_workers=2, generator=torch.Generator().manual_seed(7)))
    out["noisy_unbatched_after"] = torch.rand(2).tolist()
    # Sequences as datasets, range indexing, batch_size=None's collate_fn, default_collate's kinds.
    rows = [torch.tensor([float(i), -float(i)]) for i in range(5)]
    out["list_of_tensors"] = epochs(DataLoader(rows, batch_size=2))
    out["tensor_rows"] = epochs(DataLoader(torch.arange(7), batch_size=3))
    out["list_of_pairs"] = epochs(DataLoader([(torch.tensor(float(i)), i) for i in range(4)], batch_size=3))
    out["unbatched_collate"] = epochs(DataLoader(TensorDataset(torch.arange(4)), batch_size=None, collate_fn=lambda item: len(item)))
    td = TensorDataset(torch.arange(10).reshape(5, 2), torch.arange(5.0))
    out["tensor_dataset_slice"] = plain(td[1:4])
    out["tensor_dataset_step"] = plain(td[0:5:2])
    out["tensor_dataset_index"] = plain(td[torch.tensor([4, 0])])
    out["collate_kinds"] = plain(torch.utils.data.default_collate([{"a": 1, "b": True, "c": "x", "d": [1.5, 2]}, {"a": 2, "b": False, "c": "y", "d": [2.5, 3]}]))
    out["collate_dtypes"] = [str(t.dtype) for t in torch.utils.data.default_collate([(1, 1.5, True), (2, 2.5, False)])]
    out["errors"] = {
        "negative_workers": error(lambda: DataLoader(ds, num_workers=-1)),
        "negative_timeout": error(lambda: DataLoader(ds, timeout=-1)),
        "prefetch_without_workers": error(lambda: DataLoader(ds, prefetch_factor=3)),
        "persistent_without_workers": error(lambda: DataLoader(ds, persistent_workers=True)),
        "context_without_workers": error(lambda: DataLoader(ds, multiprocessing_context="spawn")),
        "context_unknown": error(lambda: DataLoader(ds, num_workers=1, multiprocessing_context="thread")),
        "collate_unequal": error(lambda: torch.utils.data.default_collate([[1, 2], [3]])),
        "collate_unknown": error(lambda: torch.utils.data.default_collate([None, None])),
        "timed_out_message": "DataLoader timed out after 0.25 seconds",
    }
    return out


def main():
    golden = {"lbfgs": lbfgs(), "maximize": maximize(), "verbose": verbose(), "errors": errors(), "data": data()}
    with open(os.path.join(HERE, "optim_data.json"), "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
