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


def main():
    golden = {"lbfgs": lbfgs(), "maximize": maximize(), "errors": errors()}
    with open(os.path.join(HERE, "optim_data.json"), "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
