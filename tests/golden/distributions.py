#!/usr/bin/env python3
"""Golden values for torch.distributions and torch.finfo/iinfo, from PyTorch 1.13.

Run:  /usr/bin/python3 tests/golden/distributions.py
Writes tests/golden/distributions.json. Each case builds a distribution from
keyword arguments (tensors given by value, float64 where gradients are checked),
then records its printing, shapes, moments, log_prob/cdf/icdf/entropy with the
gradients of their sums, seeded samples, and rsample's gradient.
"""
import json
import math
import os

import torch
from torch import distributions as D

HERE = os.path.dirname(os.path.abspath(__file__))


def enc(v):
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
    return v


def tj(t):
    t = t.detach()
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "values": [enc(v) for v in t.reshape(-1).tolist()]}


def build(case):
    kwargs, leaves = {}, {}
    for k, v in case["args"].items():
        if isinstance(v, dict):
            t = torch.tensor(v["values"], dtype=getattr(torch, v.get("dtype", "float64"))).reshape(v["shape"])
            if t.dtype.is_floating_point:
                t.requires_grad_(True)
                leaves[k] = t
            kwargs[k] = t
        else:
            kwargs[k] = v
    if "transforms" in case:
        T = D.transforms
        made = {"Exp": lambda: T.ExpTransform(), "Tanh": lambda: T.TanhTransform(cache_size=1), "Sigmoid": lambda: T.SigmoidTransform(),
                "Affine": lambda loc, scale: T.AffineTransform(loc, scale)}
        base = getattr(D, case["type"])(**kwargs)
        d = D.TransformedDistribution(base, [made[t[0]](*t[1:]) for t in case["transforms"]])
        return d, leaves
    d = getattr(D, case["type"])(**kwargs)
    if case.get("independent"):
        d = D.Independent(d, case["independent"])
    return d, leaves


def grads(out, leaves):
    names = list(leaves)
    gs = torch.autograd.grad(out, [leaves[k] for k in names], allow_unused=True, retain_graph=True)
    return {k: (tj(g) if g is not None else None) for k, g in zip(names, gs)}


def tensor_arg(values, shape, dtype="float64"):
    return {"values": values, "shape": shape, "dtype": dtype}


CASES = [
    {"name": "normal", "type": "Normal", "args": {"loc": tensor_arg([0.0, 1.5, -2.0], [3]), "scale": tensor_arg([1.0, 0.5, 2.5], [3])},
     "value": tensor_arg([0.3, 1.0, 4.0], [3]), "cdf": True, "icdf": tensor_arg([0.1, 0.5, 0.975], [3]), "sample_shape": [4]},
    {"name": "normal_float", "type": "Normal", "args": {"loc": 0.5, "scale": 2.0}, "value": tensor_arg([[0.3, -1.0], [2.0, 9.0]], [2, 2], "float32"),
     "cdf": True, "sample_shape": [20]},
    {"name": "normal_broadcast", "type": "Normal", "args": {"loc": tensor_arg([[0.0], [1.0]], [2, 1]), "scale": tensor_arg([1.0, 2.0, 3.0], [3])},
     "value": tensor_arg([0.5, -0.5, 1.5], [3]), "sample_shape": [2, 5]},
    {"name": "normal_independent", "type": "Normal", "independent": 1, "args": {"loc": tensor_arg([0.0, 1.0, 2.0, 3.0], [2, 2]), "scale": tensor_arg([1.0, 2.0, 0.5, 1.5], [2, 2])},
     "value": tensor_arg([0.1, 0.2, 0.3, 0.4], [2, 2]), "sample_shape": [3]},
    {"name": "normal_pair", "type": "Normal", "args": {"loc": tensor_arg([0.5, -1.0], [2]), "scale": tensor_arg([1.0, 3.0], [2])},
     "value": tensor_arg([0.0, 0.0], [2]), "sample_shape": [1]},
    {"name": "uniform", "type": "Uniform", "args": {"low": tensor_arg([0.0, -1.0], [2]), "high": tensor_arg([2.0, 3.0], [2])},
     "value": tensor_arg([0.5, 2.5], [2]), "cdf": True, "icdf": tensor_arg([0.25, 0.9], [2]), "sample_shape": [3]},
    {"name": "uniform_float", "type": "Uniform", "args": {"low": -2.0, "high": 5.0}, "value": tensor_arg([1.0], [1], "float32"), "sample_shape": [20]},
    {"name": "categorical_probs", "type": "Categorical", "args": {"probs": tensor_arg([0.1, 0.2, 0.7, 2.0, 1.0, 0.5], [2, 3])},
     "value": tensor_arg([2, 0], [2], "int64"), "sample_shape": [5], "enumerate": True},
    {"name": "categorical_logits", "type": "Categorical", "args": {"logits": tensor_arg([0.5, -1.0, 2.0], [3])},
     "value": tensor_arg([0, 2, 1, 2], [4], "int64"), "sample_shape": [3, 2], "enumerate": True},
    {"name": "categorical_zero", "type": "Categorical", "args": {"probs": tensor_arg([0.0, 1.0, 3.0], [3], "float32")},
     "value": tensor_arg([1], [1], "int64"), "sample_shape": [8]},
    {"name": "bernoulli_probs", "type": "Bernoulli", "args": {"probs": tensor_arg([0.2, 0.5, 0.9], [3])},
     "value": tensor_arg([1.0, 0.0, 1.0], [3]), "sample_shape": [4], "enumerate": True},
    {"name": "bernoulli_logits", "type": "Bernoulli", "args": {"logits": tensor_arg([-1.0, 0.0, 3.0, 0.5, -2.0, 1.0], [2, 3])},
     "value": tensor_arg([0.0, 1.0, 1.0], [3]), "sample_shape": [], "enumerate": True},
    {"name": "bernoulli_edge", "type": "Bernoulli", "args": {"probs": tensor_arg([0.0, 0.7, 1.0], [3])},
     "value": tensor_arg([0.0, 1.0, 1.0], [3]), "sample_shape": [2]},
    {"name": "mvn_cov", "type": "MultivariateNormal", "args": {"loc": tensor_arg([0.5, -1.0, 2.0], [3]),
     "covariance_matrix": tensor_arg([2.0, 0.3, -0.4, 0.3, 1.5, 0.2, -0.4, 0.2, 1.0], [3, 3])},
     "value": tensor_arg([0.0, 0.0, 0.0, 1.0, -2.0, 2.5], [2, 3]), "sample_shape": [4]},
    {"name": "mvn_cov2", "type": "MultivariateNormal", "args": {"loc": tensor_arg([0.0, 0.0, 1.0], [3]),
     "covariance_matrix": tensor_arg([1.0, 0.1, 0.0, 0.1, 2.0, 0.5, 0.0, 0.5, 3.0], [3, 3])},
     "value": tensor_arg([0.3, 0.1, -0.2], [3]), "sample_shape": [2]},
    {"name": "mvn_tril_batch", "type": "MultivariateNormal", "args": {"loc": tensor_arg([0.0, 1.0, -1.0, 0.5], [2, 2]),
     "scale_tril": tensor_arg([1.0, 0.0, 0.5, 2.0, 0.7, 0.0, -0.3, 1.2], [2, 2, 2])},
     "value": tensor_arg([0.2, 0.4], [2]), "sample_shape": [3]},
    {"name": "mvn_precision", "type": "MultivariateNormal", "args": {"loc": tensor_arg([1.0, -1.0], [2]),
     "precision_matrix": tensor_arg([2.0, -0.5, -0.5, 1.0], [2, 2])},
     "value": tensor_arg([0.0, 0.5], [2]), "sample_shape": [2]},
    {"name": "exponential", "type": "Exponential", "args": {"rate": tensor_arg([0.5, 2.0, 4.0], [3])},
     "value": tensor_arg([0.3, 1.0, 0.0], [3]), "cdf": True, "icdf": tensor_arg([0.1, 0.5, 0.9], [3]), "sample_shape": [2]},
    {"name": "exponential2", "type": "Exponential", "args": {"rate": tensor_arg([1.5], [1])},
     "value": tensor_arg([0.7], [1]), "sample_shape": [20]},
    {"name": "laplace", "type": "Laplace", "args": {"loc": tensor_arg([0.0, 1.0], [2]), "scale": tensor_arg([1.0, 0.5], [2])},
     "value": tensor_arg([0.5, -1.0], [2]), "cdf": True, "icdf": tensor_arg([0.2, 0.7], [2]), "sample_shape": [3]},
    {"name": "laplace2", "type": "Laplace", "args": {"loc": tensor_arg([0.5, 0.0], [2]), "scale": tensor_arg([2.0, 1.0], [2])},
     "value": tensor_arg([0.0, 0.0], [2]), "sample_shape": [20]},
    {"name": "onehot", "type": "OneHotCategorical", "args": {"probs": tensor_arg([0.2, 0.3, 0.5, 0.6, 0.3, 0.1], [2, 3])},
     "value": tensor_arg([0.0, 1.0, 0.0], [3]), "sample_shape": [4], "enumerate": True},
    {"name": "onehot_logits", "type": "OneHotCategorical", "args": {"logits": tensor_arg([0.5, -1.0, 2.0], [3])},
     "value": tensor_arg([0.0, 0.0, 1.0], [3]), "sample_shape": [2]},
    {"name": "gamma", "type": "Gamma", "args": {"concentration": tensor_arg([0.5, 2.0, 9.5, 3.0], [4]), "rate": tensor_arg([1.0, 0.5, 2.0, 3.0], [4])},
     "value": tensor_arg([0.3, 1.0, 4.0, 0.9], [4]), "sample_shape": [5]},
    {"name": "gamma2", "type": "Gamma", "args": {"concentration": tensor_arg([1.5, 1.0, 4.0, 2.0], [4]), "rate": tensor_arg([2.0, 1.0, 1.0, 0.5], [4])},
     "value": tensor_arg([0.5, 0.5, 0.5, 0.5], [4]), "sample_shape": [2]},
    {"name": "gamma_float", "type": "Gamma", "args": {"concentration": 0.7, "rate": 1.3}, "value": tensor_arg([0.2, 2.0], [2], "float32"), "sample_shape": [20]},
    {"name": "chi2", "type": "Chi2", "args": {"df": tensor_arg([1.0, 4.0, 30.0], [3])}, "value": tensor_arg([0.5, 3.0, 28.0], [3]), "sample_shape": [4]},
    {"name": "dirichlet", "type": "Dirichlet", "args": {"concentration": tensor_arg([0.5, 2.0, 9.5, 3.0, 1.0, 0.7], [2, 3])},
     "value": tensor_arg([0.2, 0.3, 0.5], [3]), "sample_shape": [4]},
    {"name": "dirichlet2", "type": "Dirichlet", "args": {"concentration": tensor_arg([1.0, 1.0, 1.0, 7.0, 8.0, 9.0], [2, 3])},
     "value": tensor_arg([0.1, 0.1, 0.8], [3]), "sample_shape": [2]},
    {"name": "beta", "type": "Beta", "args": {"concentration1": tensor_arg([0.5, 2.0, 9.0, 0.3], [4]), "concentration0": tensor_arg([0.5, 3.0, 7.0, 0.2], [4])},
     "value": tensor_arg([0.3, 0.6, 0.55, 0.99], [4]), "sample_shape": [6]},
    {"name": "beta2", "type": "Beta", "args": {"concentration1": tensor_arg([1.5, 1.0, 4.0, 2.0], [4]), "concentration0": tensor_arg([2.0, 1.0, 1.0, 0.5], [4])},
     "value": tensor_arg([0.5, 0.5, 0.5, 0.5], [4]), "sample_shape": [2]},
    {"name": "beta_float", "type": "Beta", "args": {"concentration1": 2.0, "concentration0": 5.0}, "value": tensor_arg([0.2, 0.7], [2], "float32"), "sample_shape": [20]},
    {"name": "poisson", "type": "Poisson", "args": {"rate": tensor_arg([0.5, 3.0, 15.0, 40.0, 0.0], [5])},
     "value": tensor_arg([1.0, 2.0, 14.0, 41.0, 0.0], [5]), "sample_shape": [6]},
    {"name": "poisson2", "type": "Poisson", "args": {"rate": tensor_arg([1.0, 2.0, 10.0, 30.0, 0.5], [5])},
     "value": tensor_arg([0.0, 0.0, 0.0, 0.0, 0.0], [5]), "sample_shape": [2]},
    {"name": "lognormal", "type": "LogNormal", "args": {"loc": tensor_arg([0.0, 1.0, -0.5], [3]), "scale": tensor_arg([1.0, 0.5, 2.0], [3])},
     "value": tensor_arg([0.5, 3.0, 1.2], [3]), "sample_shape": [4]},
    {"name": "tanh_normal", "type": "Normal", "transforms": [["Tanh"]], "args": {"loc": tensor_arg([0.0, 0.5, -1.0], [3]), "scale": tensor_arg([1.0, 0.3, 2.0], [3])},
     "value": tensor_arg([0.2, 0.6, -0.9], [3]), "sample_shape": [2]},
    {"name": "affine_sigmoid_normal", "type": "Normal", "transforms": [["Affine", 1.0, 2.0], ["Sigmoid"]],
     "args": {"loc": tensor_arg([0.0, 0.5, -1.0, 0.2, 0.1, 0.0], [2, 3]), "scale": tensor_arg([1.0, 0.3, 2.0, 1.0, 1.0, 0.5], [2, 3])},
     "value": tensor_arg([0.2, 0.6, 0.9], [3]), "sample_shape": [2]},
    {"name": "cauchy", "type": "Cauchy", "args": {"loc": tensor_arg([0.0, 1.0, -2.0], [3]), "scale": tensor_arg([1.0, 0.5, 3.0], [3])},
     "value": tensor_arg([0.3, 1.0, 5.0], [3]), "cdf": True, "icdf": tensor_arg([0.1, 0.5, 0.95], [3]), "sample_shape": [4]},
    {"name": "studentt", "type": "StudentT", "args": {"df": tensor_arg([0.8, 1.5, 3.0, 10.0], [4]), "loc": tensor_arg([0.0, 1.0, -1.0, 0.5], [4]), "scale": tensor_arg([1.0, 2.0, 0.5, 1.5], [4])},
     "value": tensor_arg([0.3, -1.0, 2.0, 0.5], [4]), "sample_shape": [3]},
    {"name": "studentt_float", "type": "StudentT", "args": {"df": 4.0}, "value": tensor_arg([0.3, -1.0], [2], "float32"), "sample_shape": [20]},
    {"name": "geometric", "type": "Geometric", "args": {"probs": tensor_arg([0.2, 0.5, 0.9, 1.0], [4])},
     "value": tensor_arg([3.0, 0.0, 1.0, 0.0], [4]), "sample_shape": [5]},
    {"name": "geometric_logits", "type": "Geometric", "args": {"logits": tensor_arg([-1.0, 0.5, 2.0], [3])},
     "value": tensor_arg([2.0, 1.0, 0.0], [3]), "sample_shape": [2]},
    {"name": "halfnormal", "type": "HalfNormal", "args": {"scale": tensor_arg([1.0, 0.5, 2.0], [3])},
     "value": tensor_arg([0.3, 1.0, 2.5], [3]), "cdf": True, "icdf": tensor_arg([0.1, 0.5, 0.9], [3]), "sample_shape": [4]},
    {"name": "bernoulli_float", "type": "Bernoulli", "args": {"probs": 0.3}, "value": tensor_arg([1.0, 0.0], [2], "float32"), "sample_shape": [30]},
    {"name": "gumbel", "type": "Gumbel", "args": {"loc": tensor_arg([0.0, 1.0, -2.0], [3]), "scale": tensor_arg([1.0, 0.5, 2.0], [3])},
     "value": tensor_arg([0.3, 1.0, 4.0], [3]), "sample_shape": [4]},
    {"name": "gumbel2", "type": "Gumbel", "args": {"loc": tensor_arg([0.5, 0.0, -1.0], [3]), "scale": tensor_arg([2.0, 1.0, 1.0], [3])},
     "value": tensor_arg([0.0, 0.0, 0.0], [3]), "sample_shape": [2]},
    {"name": "gumbel_float", "type": "Gumbel", "args": {"loc": 1.0, "scale": 2.0}, "value": tensor_arg([0.5, 3.0], [2], "float32"), "sample_shape": [20]},
    {"name": "weibull", "type": "Weibull", "args": {"scale": tensor_arg([1.0, 2.0, 0.5], [3]), "concentration": tensor_arg([0.8, 2.0, 5.0], [3])},
     "value": tensor_arg([0.3, 1.0, 0.6], [3]), "sample_shape": [4]},
    {"name": "pareto", "type": "Pareto", "args": {"scale": tensor_arg([1.0, 2.0, 0.5], [3]), "alpha": tensor_arg([0.8, 2.5, 5.0], [3])},
     "value": tensor_arg([1.3, 2.0, 3.6], [3]), "sample_shape": [4]},
    {"name": "halfcauchy", "type": "HalfCauchy", "args": {"scale": tensor_arg([1.0, 0.5, 2.0], [3])},
     "value": tensor_arg([0.3, 1.0, 2.5], [3]), "cdf": True, "icdf": tensor_arg([0.1, 0.5, 0.9], [3]), "sample_shape": [4]},
    {"name": "binomial", "type": "Binomial", "args": {"total_count": tensor_arg([5.0, 20.0, 100.0, 1000.0], [4]), "probs": tensor_arg([0.3, 0.5, 0.2, 0.9], [4])},
     "value": tensor_arg([1.0, 10.0, 25.0, 900.0], [4]), "sample_shape": [5]},
    {"name": "binomial_logits", "type": "Binomial", "args": {"total_count": 6, "logits": tensor_arg([-1.0, 0.5, 2.0], [3])},
     "value": tensor_arg([0.0, 3.0, 6.0], [3]), "sample_shape": [3], "enumerate": True},
    {"name": "binomial_float", "type": "Binomial", "args": {"total_count": tensor_arg([30.0, 8.0], [2], "float32"), "probs": tensor_arg([0.6, 0.97], [2], "float32")},
     "value": tensor_arg([18.0, 8.0], [2], "float32"), "sample_shape": [10]},
    {"name": "multinomial", "type": "Multinomial", "args": {"total_count": 7, "probs": tensor_arg([0.2, 0.3, 0.5, 0.6, 0.3, 0.1], [2, 3])},
     "value": tensor_arg([1.0, 2.0, 4.0], [3]), "sample_shape": [4]},
    {"name": "lowrank_mvn", "type": "LowRankMultivariateNormal", "args": {"loc": tensor_arg([0.5, -1.0, 2.0], [3]),
     "cov_factor": tensor_arg([1.0, 0.2, -0.5, 0.3, 0.0, 1.5], [3, 2]), "cov_diag": tensor_arg([0.5, 1.0, 2.0], [3])},
     "value": tensor_arg([0.0, 0.0, 0.0, 1.0, -2.0, 2.5], [2, 3]), "sample_shape": [4]},
    {"name": "lowrank_mvn_batch", "type": "LowRankMultivariateNormal", "args": {"loc": tensor_arg([0.0, 1.0, -1.0, 0.5], [2, 2]),
     "cov_factor": tensor_arg([1.0, 0.5, -0.3, 2.0], [2, 2, 1]), "cov_diag": tensor_arg([0.7, 1.3], [2])},
     "value": tensor_arg([0.2, 0.4], [2]), "sample_shape": [3]},
    {"name": "negative_binomial", "type": "NegativeBinomial", "args": {"total_count": tensor_arg([3.0, 10.0, 0.5, 0.0], [4]), "probs": tensor_arg([0.2, 0.5, 0.7, 0.4], [4])},
     "value": tensor_arg([1.0, 12.0, 0.0, 0.0], [4]), "sample_shape": [5]},
    {"name": "negative_binomial_logits", "type": "NegativeBinomial", "args": {"total_count": 4.0, "logits": tensor_arg([-1.0, 0.5, 2.0], [3])},
     "value": tensor_arg([0.0, 3.0, 9.0], [3]), "sample_shape": [3]},
    {"name": "fisher_snedecor", "type": "FisherSnedecor", "args": {"df1": tensor_arg([1.0, 3.0, 6.0, 10.0], [4]), "df2": tensor_arg([2.5, 5.0, 8.0, 3.0], [4])},
     "value": tensor_arg([0.5, 1.0, 2.0, 0.8], [4]), "sample_shape": [3]},
    {"name": "kumaraswamy", "type": "Kumaraswamy", "args": {"concentration1": tensor_arg([0.5, 2.0, 3.0], [3]), "concentration0": tensor_arg([0.7, 3.0, 1.5], [3])},
     "value": tensor_arg([0.3, 0.6, 0.9], [3]), "sample_shape": [4]},
    {"name": "relaxed_bernoulli", "type": "RelaxedBernoulli", "args": {"temperature": tensor_arg([0.7], [1]), "probs": tensor_arg([0.2, 0.5, 0.9], [3])},
     "value": tensor_arg([0.2, 0.6, 0.9], [3]), "sample_shape": [4]},
    {"name": "relaxed_bernoulli_logits", "type": "RelaxedBernoulli", "args": {"temperature": tensor_arg([2.0], [1]), "logits": tensor_arg([-1.0, 0.5, 2.0, 0.0], [2, 2])},
     "value": tensor_arg([0.3, 0.7], [2]), "sample_shape": [3]},
    {"name": "relaxed_onehot", "type": "RelaxedOneHotCategorical", "args": {"temperature": tensor_arg([0.5], [1]), "probs": tensor_arg([0.2, 0.3, 0.5, 0.6, 0.3, 0.1], [2, 3])},
     "value": tensor_arg([0.2, 0.3, 0.5], [3]), "sample_shape": [4]},
    {"name": "relaxed_onehot_logits", "type": "RelaxedOneHotCategorical", "args": {"temperature": tensor_arg([1.5], [1]), "logits": tensor_arg([0.5, -1.0, 2.0, 0.0], [4])},
     "value": tensor_arg([0.1, 0.2, 0.3, 0.4], [4]), "sample_shape": [2]},
    # float32 scales whose square underflows to a denormal (or to 0): PyTorch's numbers, infs and NaNs, gradients included.
    {"name": "normal_tiny", "type": "Normal", "args": {"loc": tensor_arg([0.0], [1], "float32"), "scale": tensor_arg([1e-20], [1], "float32")},
     "value": tensor_arg([0.0, 1e-20, 1.0], [3], "float32"), "cdf": True, "sample_shape": [2]},
    {"name": "cauchy_tiny", "type": "Cauchy", "args": {"loc": tensor_arg([0.0], [1], "float32"), "scale": tensor_arg([1e-20], [1], "float32")},
     "value": tensor_arg([0.0, 1e-20, 1.0], [3], "float32"), "sample_shape": [2]},
    {"name": "halfnormal_tiny", "type": "HalfNormal", "args": {"scale": tensor_arg([1e-20, 1e-30], [2], "float32")},
     "value": tensor_arg([1e-20, 1.0], [2], "float32"), "sample_shape": [2]},
    {"name": "studentt_tiny", "type": "StudentT", "args": {"df": tensor_arg([3.0], [1], "float32"), "loc": tensor_arg([0.0], [1], "float32"), "scale": tensor_arg([1e-20], [1], "float32")},
     "value": tensor_arg([0.0, 1e-20, 1.0], [3], "float32"), "sample_shape": [2]},
    {"name": "multinomial_logits", "type": "Multinomial", "args": {"total_count": 3, "logits": tensor_arg([0.5, -1.0, 2.0, 0.0], [4])},
     "value": tensor_arg([0.0, 1.0, 2.0, 0.0], [4]), "sample_shape": [2]},
]

KL_PAIRS = [
    ("normal", "normal_broadcast"), ("normal_broadcast", "normal"), ("uniform", "uniform"), ("categorical_probs", "categorical_logits"),
    ("categorical_logits", "categorical_zero"), ("categorical_zero", "categorical_logits"), ("bernoulli_probs", "bernoulli_edge"), ("bernoulli_edge", "bernoulli_probs"),
    ("uniform", "normal_pair"), ("normal", "uniform_float"), ("normal_independent", "normal_independent"), ("mvn_cov", "mvn_cov2"), ("mvn_tril_batch", "mvn_precision"), ("exponential", "exponential2"), ("laplace", "laplace2"), ("onehot", "onehot_logits"), ("gamma", "gamma2"), ("dirichlet", "dirichlet2"), ("beta", "beta2"), ("poisson2", "poisson"),
    ("gumbel", "gumbel2"), ("binomial_logits", "binomial_logits"),
]

ERRORS = {
    "normal_scale": lambda: D.Normal(torch.tensor([0.0, 1.0]), torch.tensor([1.0, -2.0])),
    "normal_nan_loc": lambda: D.Normal(torch.tensor(float("nan")), 1.0),
    "normal_value_shape": lambda: D.Normal(torch.zeros(2), torch.ones(2)).log_prob(torch.zeros(3)),
    "normal_value_type": lambda: D.Normal(0.0, 1.0).log_prob(0.5),
    "categorical_simplex": lambda: D.Categorical(torch.tensor([0.2, -0.3, 0.5])),
    "categorical_both": lambda: D.Categorical(torch.tensor([0.5, 0.5]), logits=torch.zeros(2)),
    "categorical_none": lambda: D.Categorical(),
    "categorical_dim": lambda: D.Categorical(torch.tensor(1.0)),
    "categorical_support": lambda: D.Categorical(torch.tensor([0.2, 0.3, 0.5])).log_prob(torch.tensor(3)),
    "bernoulli_interval": lambda: D.Bernoulli(torch.tensor([0.5, 1.5])),
    "bernoulli_support": lambda: D.Bernoulli(0.3).log_prob(torch.tensor([0.0, 0.5])),
    "uniform_order": lambda: D.Uniform(2.0, 1.0),
    "uniform_support": lambda: D.Uniform(0.0, 2.0).log_prob(torch.tensor(3.0)),
    "independent_ndims": lambda: D.Independent(D.Normal(torch.zeros(2), 1.0), 2),
    "kl_missing": lambda: D.kl_divergence(D.Categorical(torch.ones(2)), D.Normal(0.0, 1.0)),
    "sample_int": lambda: D.Normal(0.0, 1.0).sample(3),
    "mvn_none": lambda: D.MultivariateNormal(torch.zeros(2)),
    "mvn_two": lambda: D.MultivariateNormal(torch.zeros(2), torch.eye(2), scale_tril=torch.eye(2)),
    "mvn_loc_dim": lambda: D.MultivariateNormal(torch.tensor(0.0), torch.eye(1)),
    "mvn_not_pd": lambda: D.MultivariateNormal(torch.zeros(2), torch.tensor([[1.0, 2.0], [2.0, 1.0]])),
    "mvn_tril_not_lower": lambda: D.MultivariateNormal(torch.zeros(2), scale_tril=torch.tensor([[1.0, 0.5], [0.0, 1.0]])),
    "chi2_df": lambda: D.Chi2(torch.tensor([-1.0])),
    "geometric_zero": lambda: D.Geometric(torch.tensor([0.0, 0.5])),
    "poisson_support": lambda: D.Poisson(torch.tensor([1.0])).log_prob(torch.tensor([1.5])),
    "poisson_rate": lambda: torch.poisson(torch.tensor([-1.0])),
    "beta_concentration": lambda: D.Beta(torch.tensor([1.0, -1.0]), 2.0),
    "dirichlet_dim": lambda: D.Dirichlet(torch.tensor(1.0)),
    "gumbel_scale": lambda: D.Gumbel(torch.tensor([0.0]), torch.tensor([-1.0])),
    "binomial_count": lambda: D.Binomial(torch.tensor([2.5]), torch.tensor([0.5])),
    "binomial_support": lambda: D.Binomial(3, torch.tensor([0.5])).log_prob(torch.tensor([4.0])),
    "binomial_inhomogeneous": lambda: D.Binomial(torch.tensor([2.0, 3.0]), torch.tensor([0.5, 0.5])).enumerate_support(),
    "multinomial_support": lambda: D.Multinomial(3, torch.tensor([0.5, 0.5])).log_prob(torch.tensor([2.0, 2.0])),
    "mixture_not_categorical": lambda: D.MixtureSameFamily(D.Normal(0.0, 1.0), D.Normal(torch.zeros(2), 1.0)),
    "mixture_components": lambda: D.MixtureSameFamily(D.Categorical(torch.ones(3)), D.Normal(torch.zeros(2), 1.0)),
    "mixture_batch": lambda: D.MixtureSameFamily(D.Categorical(torch.ones(3, 2)), D.Normal(torch.zeros(4, 2), 1.0)),
    "pareto_support": lambda: D.Pareto(torch.tensor([1.0]), torch.tensor([2.0])).log_prob(torch.tensor([0.5])),
    "finfo_int": lambda: torch.finfo(torch.int32),
    "iinfo_float": lambda: torch.iinfo(torch.float32),
    "iinfo_bool": lambda: torch.iinfo(torch.bool),
}


def mixtures():
    """MixtureSameFamily over scalar and vector components, and F.gumbel_softmax's draws."""
    out = {}
    for name, make in [
        ("gmm", lambda p: D.MixtureSameFamily(D.Categorical(probs=p["w"]), D.Normal(p["loc"], p["scale"]))),
        ("gmm_batch_vector", lambda p: D.MixtureSameFamily(D.Categorical(logits=p["w2"]), D.Independent(D.Normal(p["loc2"], p["scale2"]), 1))),
    ]:
        p = {"w": torch.tensor([0.3, 0.7], dtype=torch.float64, requires_grad=True), "loc": torch.tensor([-1.0, 2.0], dtype=torch.float64, requires_grad=True),
             "scale": torch.tensor([0.5, 1.5], dtype=torch.float64, requires_grad=True),
             "w2": torch.tensor([[0.1, -0.3, 0.5], [1.0, 0.0, -1.0]], dtype=torch.float64, requires_grad=True),
             "loc2": torch.arange(12, dtype=torch.float64).reshape(2, 3, 2).div(4).requires_grad_(),
             "scale2": torch.arange(1, 13, dtype=torch.float64).reshape(2, 3, 2).div(6).requires_grad_()}
        d = make(p)
        x = torch.tensor([0.5, -2.0, 3.0], dtype=torch.float64) if name == "gmm" else torch.tensor([[0.5, 1.0], [2.0, -1.0], [0.0, 0.0]], dtype=torch.float64).unsqueeze(1)
        lp = d.log_prob(x)
        used = {k: v for k, v in p.items() if (k in ("w", "loc", "scale")) == (name == "gmm")}
        rec = {"repr": repr(d), "batch_shape": list(d.batch_shape), "event_shape": list(d.event_shape), "mean": tj(d.mean), "variance": tj(d.variance),
               "log_prob": tj(lp), "log_prob_grad": grads(lp.sum(), used)}
        if name == "gmm":
            rec["cdf"] = tj(d.cdf(x))
        torch.manual_seed(5)
        rec["sample"] = tj(d.sample([4]))
        rec["expand"] = repr(d.expand([3] + list(d.batch_shape)).batch_shape)
        out[name] = rec
    logits = torch.tensor([[0.5, -1.0, 2.0], [0.0, 0.3, -0.2]], dtype=torch.float64, requires_grad=True)
    up = torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]], dtype=torch.float64)
    torch.manual_seed(9)
    soft = torch.nn.functional.gumbel_softmax(logits, tau=0.5)
    hard = torch.nn.functional.gumbel_softmax(logits, hard=True, dim=-1)
    g_soft, = torch.autograd.grad((soft * up).sum(), logits)
    g_hard, = torch.autograd.grad((hard * up).sum(), logits)
    out["gumbel_softmax"] = {"soft": tj(soft), "hard": tj(hard), "grad_soft": tj(g_soft), "grad_hard": tj(g_hard)}
    return out


def main():
    torch.set_printoptions(profile="default")
    out = {"cases": {}, "kl": [], "errors": {}, "info": {}, "mixtures": mixtures()}
    built = {}
    for case in CASES:
        d, leaves = build(case)
        built[case["name"]] = (case, d, leaves)
        rec = {"spec": case, "repr": repr(d), "batch_shape": list(d.batch_shape), "event_shape": list(d.event_shape),
               "support": repr(d.support), "has_rsample": d.has_rsample}
        for prop in ["mean", "variance", "stddev", "mode"]:
            try:
                rec[prop] = tj(getattr(d, prop))
            except NotImplementedError:
                rec[prop] = None
        v = torch.tensor(case["value"]["values"], dtype=getattr(torch, case["value"].get("dtype", "float64"))).reshape(case["value"]["shape"])
        lp = d.log_prob(v)
        rec["log_prob"] = tj(lp)
        rec["log_prob_grad"] = grads(lp.sum(), leaves) if leaves else {}
        try:
            ent = d.entropy()
            rec["entropy"] = tj(ent)
            rec["entropy_grad"] = grads(ent.sum(), leaves) if leaves else {}
            rec["perplexity"] = tj(d.perplexity())
        except NotImplementedError:
            rec["entropy"] = None
        if case.get("cdf"):
            c = d.cdf(v)
            rec["cdf"] = tj(c)
            rec["cdf_grad"] = grads(c.sum(), leaves) if leaves else {}
        if case.get("icdf"):
            q = torch.tensor(case["icdf"]["values"], dtype=torch.float64)
            rec["icdf"] = tj(d.icdf(q))
        if case.get("enumerate"):
            rec["enumerate"] = tj(d.enumerate_support())
            rec["enumerate_noexpand"] = tj(d.enumerate_support(expand=False))
        e = d.expand([2] + list(d.batch_shape))
        rec["expand"] = {"repr": repr(e), "batch_shape": list(e.batch_shape)}
        try:
            rec["expand"]["log_prob"] = tj(e.log_prob(v))
        except ValueError as err:
            rec["expand"]["error"] = str(err)
        torch.manual_seed(7)
        rec["sample"] = tj(d.sample(case["sample_shape"]))
        if d.has_rsample:
            torch.manual_seed(11)
            x = d.rsample(case["sample_shape"])
            rec["rsample"] = tj(x)
            up = torch.cos(torch.arange(x.numel(), dtype=x.dtype) * 0.7).reshape(x.shape)
            rec["rsample_grad"] = grads((x * up).sum(), leaves) if leaves else {}
        out["cases"][case["name"]] = rec
    for a, b in KL_PAIRS:
        (_, p, pl), (_, q, ql) = built[a], built[b]
        k = D.kl_divergence(p, q)
        leaves = {**{"p." + n: t for n, t in pl.items()}, **{"q." + n: t for n, t in ql.items()}}
        if a == b:
            leaves = {"p." + n: t for n, t in pl.items()}
        finite = torch.where(torch.isfinite(k), k, torch.zeros_like(k))
        out["kl"].append({"p": a, "q": b, "value": tj(k), "grad": grads(finite.sum(), leaves) if k.requires_grad else {}})
    for name, fn in ERRORS.items():
        try:
            fn()
            raise SystemExit(f"{name} did not raise")
        except Exception as e:  # noqa: BLE001
            out["errors"][name] = {"type": type(e).__name__, "message": str(e)}
    for t in [torch.float32, torch.float64]:
        f = torch.finfo(t)
        out["info"][str(t)] = {"repr": repr(f), "bits": f.bits, "eps": f.eps, "max": f.max, "min": f.min, "tiny": f.tiny, "resolution": f.resolution}
    for t in [torch.int32, torch.int64]:
        i = torch.iinfo(t)
        out["info"][str(t)] = {"repr": repr(i), "bits": i.bits, "max": float(i.max), "min": float(i.min)}
    out["constraints"] = {n: repr(getattr(D.constraints, n)) for n in ["real", "positive", "nonnegative", "unit_interval", "simplex", "boolean", "one_hot", "real_vector", "positive_definite", "lower_cholesky", "symmetric"]}
    with open(os.path.join(HERE, "distributions.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
