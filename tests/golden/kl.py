#!/usr/bin/env python3
"""Golden values for torch.distributions.kl_divergence over PyTorch 1.13's table
(torch/distributions/kl.py) for the distributions tensorgrad has: each pair's value
and the gradients of its finite part, the dispatch through subclasses and
TransformedDistribution, and the errors.

Run:  /usr/bin/python3 tests/golden/kl.py
Writes tests/golden/kl.json (read by tests/kl.test.ts). Cases are built as in
tests/golden/distributions.py (float64 leaves), all of batch shape [3].
"""
import json
import os

import torch
from torch import distributions as D

from distributions import build, grads, tensor_arg, tj

HERE = os.path.dirname(os.path.abspath(__file__))


def t3(*values):
    return tensor_arg(list(values), [3])


CASES = {
    "normal": {"type": "Normal", "args": {"loc": t3(0.3, -1.0, 2.0), "scale": t3(1.0, 0.5, 2.0)}},
    "normal2": {"type": "Normal", "args": {"loc": t3(1.0, 0.0, -0.5), "scale": t3(2.0, 1.0, 0.7)}},
    "laplace": {"type": "Laplace", "args": {"loc": t3(0.5, -0.2, 1.0), "scale": t3(1.0, 2.0, 0.3)}},
    "exponential": {"type": "Exponential", "args": {"rate": t3(0.5, 2.0, 1.5)}},
    "gamma": {"type": "Gamma", "args": {"concentration": t3(0.8, 2.0, 5.0), "rate": t3(1.0, 0.5, 3.0)}},
    "chi2": {"type": "Chi2", "args": {"df": t3(1.0, 3.0, 6.0)}},
    "beta": {"type": "Beta", "args": {"concentration1": t3(0.5, 2.0, 3.0), "concentration0": t3(1.5, 1.0, 4.0)}},
    # The third interval leaves [0, 1] (and the nonnegative reals): an infinite KL there.
    "uniform": {"type": "Uniform", "args": {"low": t3(0.1, 0.2, -0.5), "high": t3(0.9, 0.5, 2.0)}},
    "uniform_wide": {"type": "Uniform", "args": {"low": t3(-1.0, 0.0, -3.0), "high": t3(2.0, 1.0, 4.0)}},
    "uniform_pareto": {"type": "Uniform", "args": {"low": t3(1.5, 0.2, 3.0), "high": t3(2.5, 4.0, 5.0)}},
    "gumbel": {"type": "Gumbel", "args": {"loc": t3(0.0, 1.0, -1.0), "scale": t3(1.0, 0.5, 2.0)}},
    # alpha <= 1 and <= 2 in some elements: PyTorch's infinite KLs against Exponential, Gamma, Normal.
    "pareto": {"type": "Pareto", "args": {"scale": t3(1.0, 0.5, 2.0), "alpha": t3(0.8, 2.5, 3.5)}},
    "pareto2": {"type": "Pareto", "args": {"scale": t3(0.5, 1.0, 3.0), "alpha": t3(2.0, 3.0, 4.0)}},
    "poisson": {"type": "Poisson", "args": {"rate": t3(0.5, 2.0, 4.0)}},
    "bernoulli": {"type": "Bernoulli", "args": {"probs": t3(0.2, 0.5, 0.9)}},
    "binomial": {"type": "Binomial", "args": {"total_count": 5, "probs": t3(0.3, 0.6, 0.1)}},
    "cauchy": {"type": "Cauchy", "args": {"loc": t3(0.0, 1.0, -2.0), "scale": t3(1.0, 0.5, 3.0)}},
    "cauchy2": {"type": "Cauchy", "args": {"loc": t3(0.5, -1.0, 0.0), "scale": t3(2.0, 1.0, 0.4)}},
    "geometric": {"type": "Geometric", "args": {"probs": t3(0.2, 0.5, 0.9)}},
    "geometric2": {"type": "Geometric", "args": {"logits": t3(-1.0, 0.5, 2.0)}},
    "halfnormal": {"type": "HalfNormal", "args": {"scale": t3(1.0, 0.5, 2.0)}},
    "halfnormal2": {"type": "HalfNormal", "args": {"scale": t3(0.3, 1.5, 1.0)}},
    "halfcauchy": {"type": "HalfCauchy", "args": {"scale": t3(1.0, 0.5, 2.0)}},
    "halfcauchy2": {"type": "HalfCauchy", "args": {"scale": t3(0.3, 1.5, 1.0)}},
    "lognormal": {"type": "LogNormal", "args": {"loc": t3(0.0, 1.0, -0.5), "scale": t3(1.0, 0.5, 2.0)}},
    "lognormal2": {"type": "LogNormal", "args": {"loc": t3(0.5, 0.0, 0.5), "scale": t3(0.7, 1.0, 1.5)}},
    "weibull": {"type": "Weibull", "args": {"scale": t3(1.0, 2.0, 0.5), "concentration": t3(0.8, 2.0, 5.0)}},
    "weibull2": {"type": "Weibull", "args": {"scale": t3(1.5, 1.0, 0.5), "concentration": t3(1.2, 2.0, 3.0)}},
    "lowrank": {"type": "LowRankMultivariateNormal", "args": {"loc": t3(0.5, -1.0, 2.0),
                "cov_factor": tensor_arg([1.0, 0.2, -0.5, 0.3, 0.0, 1.5], [3, 2]), "cov_diag": t3(0.5, 1.0, 2.0)}},
    "lowrank2": {"type": "LowRankMultivariateNormal", "args": {"loc": t3(0.0, 0.5, 1.0),
                 "cov_factor": tensor_arg([0.3, -1.0, 0.8], [3, 1]), "cov_diag": t3(1.5, 0.7, 1.2)}},
    "mvn": {"type": "MultivariateNormal", "args": {"loc": t3(1.0, 0.0, -1.0),
            "scale_tril": tensor_arg([1.2, 0.0, 0.0, 0.4, 0.9, 0.0, -0.3, 0.2, 1.5], [3, 3])}},
    "lowrank_small": {"type": "LowRankMultivariateNormal", "args": {"loc": tensor_arg([0.0, 1.0], [2]),
                      "cov_factor": tensor_arg([1.0, 0.5], [2, 1]), "cov_diag": tensor_arg([1.0, 2.0], [2])}},
}

PAIRS = [
    # Same families (and subclasses: Chi2 is a Gamma; HalfCauchy and LogNormal go through TransformedDistribution).
    ("geometric", "geometric2"), ("geometric2", "geometric"), ("halfnormal", "halfnormal2"), ("pareto", "pareto2"), ("pareto2", "pareto"),
    ("cauchy", "cauchy2"), ("lowrank", "lowrank2"), ("mvn", "lowrank"), ("lowrank", "mvn"), ("lognormal", "lognormal2"),
    ("halfcauchy", "halfcauchy2"), ("chi2", "gamma"), ("gamma", "chi2"), ("weibull", "weibull"),
    # Different families.
    ("bernoulli", "poisson"), ("beta", "pareto"), ("beta", "exponential"), ("beta", "gamma"), ("beta", "normal"), ("beta", "uniform"), ("beta", "uniform_wide"),
    ("exponential", "beta"), ("exponential", "pareto"), ("exponential", "uniform"), ("exponential", "gamma"), ("exponential", "gumbel"), ("exponential", "normal"),
    ("gamma", "beta"), ("gamma", "pareto"), ("gamma", "uniform"), ("gamma", "exponential"), ("gamma", "gumbel"), ("gamma", "normal"), ("chi2", "normal"),
    ("gumbel", "beta"), ("gumbel", "exponential"), ("gumbel", "gamma"), ("gumbel", "pareto"), ("gumbel", "uniform"), ("gumbel", "normal"),
    ("laplace", "beta"), ("laplace", "exponential"), ("laplace", "gamma"), ("laplace", "pareto"), ("laplace", "uniform"), ("laplace", "normal"),
    ("normal", "beta"), ("normal", "exponential"), ("normal", "gamma"), ("normal", "pareto"), ("normal", "gumbel"), ("normal", "laplace"),
    ("pareto", "beta"), ("pareto", "uniform"), ("pareto", "exponential"), ("pareto", "gamma"), ("pareto", "normal"), ("pareto2", "normal"),
    ("poisson", "bernoulli"), ("poisson", "binomial"),
    ("uniform", "beta"), ("uniform", "exponential"), ("uniform", "gamma"), ("uniform", "gumbel"), ("uniform", "pareto"), ("uniform_pareto", "pareto"),
    ("uniform_wide", "normal"),
]

ERRORS = {
    "transforms_differ": ("weibull", "weibull2"),
    "transformed_types_differ": ("lognormal", "pareto"),
    "lowrank_event": ("lowrank", "lowrank_small"),
    "mvn_lowrank_event": ("mvn", "lowrank_small"),
    "no_pair": ("poisson", "normal"),
}


def main():
    built = {name: build(spec) for name, spec in CASES.items()}
    out = {"cases": CASES, "kl": [], "errors": {}}
    for a, b in PAIRS:
        (p, pl), (q, ql) = built[a], built[b]
        k = D.kl_divergence(p, q)
        leaves = {"p." + n: t for n, t in pl.items()}
        if a != b:
            leaves.update({"q." + n: t for n, t in ql.items()})
        finite = torch.where(torch.isfinite(k), k, torch.zeros_like(k))
        out["kl"].append({"p": a, "q": b, "value": tj(k), "grad": grads(finite.sum(), leaves) if k.requires_grad else {}})
    for name, (a, b) in ERRORS.items():
        try:
            D.kl_divergence(built[a][0], built[b][0])
            raise SystemExit(f"{name} did not raise")
        except (NotImplementedError, ValueError) as e:
            out["errors"][name] = {"p": a, "q": b, "type": type(e).__name__, "message": str(e)}
    with open(os.path.join(HERE, "kl.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
