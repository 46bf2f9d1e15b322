// torch.distributions and torch.finfo/iinfo against PyTorch 1.13 (tests/golden/distributions.py).
import { describe, it } from "node:test";
import { expect } from "expect";
import * as torch from "../src/index.js";
import { expectTensor, loadGolden, type Json } from "./helpers.js";
import { build, expectGrads, expectKl, tensorOf, tight, tolFor } from "./distribution_helpers.js";

const golden = loadGolden("distributions.json");
const D = torch.distributions;

describe("torch.distributions", () => {
  for (const [name, rec] of Object.entries(golden.cases as Record<string, Json>)) {
    it(`${name}: printing, shapes, moments, log_prob, cdf, entropy and their gradients`, () => {
      const { d, leaves } = build(rec.spec);
      expect(String(d)).toBe(rec.repr);
      expect(String(d.support)).toBe(rec.support);
      expect([...d.batch_shape]).toEqual(rec.batch_shape);
      expect([...d.event_shape]).toEqual(rec.event_shape);
      expect(d.has_rsample).toBe(rec.has_rsample);
      for (const prop of ["mean", "variance", "stddev", "mode"] as const) {
        if (rec[prop] === null) expect(() => d[prop]).toThrow(torch.NotImplementedError);
        else expectTensor(d[prop], rec[prop], tolFor(rec[prop]));
      }
      const value = tensorOf(rec.spec.value);
      const lp = d.log_prob(value);
      expectTensor(lp, rec.log_prob, tolFor(rec.log_prob));
      expectGrads(lp.sum(), leaves, rec.log_prob_grad);
      if (rec.entropy === null) expect(() => d.entropy()).toThrow(torch.NotImplementedError);
      else {
        const ent = d.entropy();
        expectTensor(ent, rec.entropy, tolFor(rec.entropy));
        expectGrads(ent.sum(), leaves, rec.entropy_grad);
        expectTensor(d.perplexity(), rec.perplexity, tolFor(rec.perplexity));
      }
      if (rec.cdf) {
        const c = d.cdf(value);
        expectTensor(c, rec.cdf, tolFor(rec.cdf));
        expectGrads(c.sum(), leaves, rec.cdf_grad);
      }
      if (rec.icdf) expectTensor(d.icdf(tensorOf(rec.spec.icdf)), rec.icdf, tight);
      const e = d.expand([2, ...d.batch_shape]);
      expect([String(e), [...e.batch_shape]]).toEqual([rec.expand.repr, rec.expand.batch_shape]);
      if (rec.expand.error) expect(() => e.log_prob(value)).toThrow(rec.expand.error);
      else expectTensor(e.log_prob(value), rec.expand.log_prob, tolFor(rec.expand.log_prob));
      expect([...d.batch_shape]).toEqual(rec.batch_shape);
      if (rec.enumerate) {
        expectTensor(d.enumerate_support(), rec.enumerate);
        expectTensor(d.enumerate_support(false), rec.enumerate_noexpand);
      }
    });
    it(`${name}: PyTorch's samples from the same seed, and rsample's gradient`, () => {
      const { d, leaves } = build(rec.spec);
      torch.manual_seed(7);
      const s = d.sample(rec.spec.sample_shape);
      expect(s.requires_grad).toBe(false);
      expectTensor(s, rec.sample, tolFor(rec.sample, true));
      if (!d.has_rsample) {
        expect(() => d.rsample()).toThrow();
        return;
      }
      torch.manual_seed(11);
      const x = d.rsample(rec.spec.sample_shape);
      expectTensor(x, rec.rsample, tolFor(rec.rsample, true));
      const up = torch.arange(x.numel(), { dtype: x.dtype }).mul(0.7).cos().reshape(x.shape);
      expectGrads(x.mul(up).sum(), leaves, rec.rsample_grad);
    });
  }

  it("kl_divergence for each registered pair: values and gradients", () => {
    for (const k of golden.kl as Json[]) expectKl(k, (name) => golden.cases[name].spec);
  });

  it("register_kl adds a pair, and an exact pair wins over a subclass's", () => {
    class Wide extends D.Normal {}
    const p = new Wide(0, 2), q = new D.Normal(1, 1);
    expect(D.kl_divergence(p, q).item()).toBeCloseTo(0.5 * (4 + 1 - 1 - Math.log(4)), 6);
    D.register_kl(Wide, D.Normal)(() => torch.tensor(42));
    expect(D.kl_divergence(p, q).item()).toBe(42);
    expect(D.kl_divergence(q, q).item()).toBe(0);
    expect(() => D.register_kl(Object as never, D.Normal)).toThrow("Expected type_p to be a Distribution subclass");
  });

  it("bad arguments raise PyTorch's errors", () => {
    const calls: Record<string, () => unknown> = {
      normal_scale: () => new D.Normal(torch.tensor([0, 1]), torch.tensor([1, -2])),
      normal_nan_loc: () => new D.Normal(torch.tensor(NaN), 1),
      normal_value_shape: () => new D.Normal(torch.zeros(2), torch.ones(2)).log_prob(torch.zeros(3)),
      normal_value_type: () => new D.Normal(0, 1).log_prob(0.5 as never),
      categorical_simplex: () => new D.Categorical(torch.tensor([0.2, -0.3, 0.5])),
      categorical_both: () => new D.Categorical(torch.tensor([0.5, 0.5]), { logits: torch.zeros(2) }),
      categorical_none: () => new D.Categorical(),
      categorical_dim: () => new D.Categorical(torch.tensor(1)),
      categorical_support: () => new D.Categorical(torch.tensor([0.2, 0.3, 0.5])).log_prob(torch.tensor(3, { dtype: torch.int64 })),
      bernoulli_interval: () => new D.Bernoulli(torch.tensor([0.5, 1.5])),
      bernoulli_support: () => new D.Bernoulli(0.3).log_prob(torch.tensor([0, 0.5])),
      uniform_order: () => new D.Uniform(2, 1),
      uniform_support: () => new D.Uniform(0, 2).log_prob(torch.tensor(3)),
      independent_ndims: () => new D.Independent(new D.Normal(torch.zeros(2), 1), 2),
      kl_missing: () => D.kl_divergence(new D.Categorical(torch.ones(2)), new D.Normal(0, 1)),
      sample_int: () => new D.Normal(0, 1).sample(3 as never),
      mvn_none: () => new D.MultivariateNormal(torch.zeros(2)),
      mvn_two: () => new D.MultivariateNormal(torch.zeros(2), torch.eye(2), { scale_tril: torch.eye(2) }),
      mvn_loc_dim: () => new D.MultivariateNormal(torch.tensor(0), torch.eye(1)),
      mvn_not_pd: () => new D.MultivariateNormal(torch.zeros(2), torch.tensor([[1, 2], [2, 1]])),
      mvn_tril_not_lower: () => new D.MultivariateNormal(torch.zeros(2), { scale_tril: torch.tensor([[1, 0.5], [0, 1]]) }),
      chi2_df: () => new D.Chi2(torch.tensor([-1])),
      geometric_zero: () => new D.Geometric(torch.tensor([0, 0.5])),
      poisson_support: () => new D.Poisson(torch.tensor([1])).log_prob(torch.tensor([1.5])),
      poisson_rate: () => torch.poisson(torch.tensor([-1])),
      beta_concentration: () => new D.Beta(torch.tensor([1, -1]), 2),
      dirichlet_dim: () => new D.Dirichlet(torch.tensor(1)),
      gumbel_scale: () => new D.Gumbel(torch.tensor([0]), torch.tensor([-1])),
      binomial_count: () => new D.Binomial(torch.tensor([2.5]), torch.tensor([0.5])),
      binomial_support: () => new D.Binomial(3, torch.tensor([0.5])).log_prob(torch.tensor([4])),
      binomial_inhomogeneous: () => new D.Binomial(torch.tensor([2, 3]), torch.tensor([0.5, 0.5])).enumerate_support(),
      multinomial_support: () => new D.Multinomial(3, torch.tensor([0.5, 0.5])).log_prob(torch.tensor([2, 2])),
      mixture_not_categorical: () => new D.MixtureSameFamily(new D.Normal(0, 1), new D.Normal(torch.zeros(2), 1)),
      mixture_components: () => new D.MixtureSameFamily(new D.Categorical(torch.ones(3)), new D.Normal(torch.zeros(2), 1)),
      mixture_batch: () => new D.MixtureSameFamily(new D.Categorical(torch.ones(3, 2)), new D.Normal(torch.zeros(4, 2), 1)),
      pareto_support: () => new D.Pareto(torch.tensor([1]), torch.tensor([2])).log_prob(torch.tensor([0.5])),
      finfo_int: () => torch.finfo(torch.int32),
      iinfo_float: () => torch.iinfo(torch.float32),
      iinfo_bool: () => torch.iinfo(torch.bool),
    };
    expect(Object.keys(calls).sort()).toEqual(Object.keys(golden.errors).sort());
    for (const [name, want] of Object.entries(golden.errors as Record<string, { type: string; message: string }>)) {
      let err: Error | undefined;
      try {
        calls[name]();
      } catch (e) {
        err = e as Error;
      }
      expect({ name, type: err?.name, message: err?.message }).toEqual({ name, type: want.type, message: want.message });
    }
    expect(() => new D.Normal(0, 1, { validate: false })).toThrow("Normal.__init__() got an unexpected keyword argument 'validate'");
  });

  it("validate_args: false skips the checks, and set_default_validate_args turns them off for new distributions", () => {
    const n = new D.Normal(0, -1, { validate_args: false });
    expect(n.log_prob(torch.tensor(5)).isnan().item()).toBe(true);
    D.Distribution.set_default_validate_args(false);
    try {
      expect(new D.Uniform(2, 1).entropy().isnan().item()).toBe(true);
    } finally {
      D.Distribution.set_default_validate_args(true);
    }
    expect(() => new D.Uniform(2, 1)).toThrow("Uniform is not defined when low>= high");
  });

  it("a policy-gradient step through Categorical, as in PyTorch's REINFORCE example", () => {
    torch.manual_seed(0);
    const policy = new torch.nn.Linear(4, 2);
    const state = torch.randn(4);
    const m = new D.Categorical(torch.nn.functional.softmax(policy.forward(state), -1));
    const action = m.sample();
    const loss = m.log_prob(action).neg().mul(1.5);
    loss.backward();
    expect(action.dtype).toBe(torch.int64);
    const p = torch.nn.functional.softmax(policy.forward(state), -1).detach();
    // d(-1.5 log p_a)/d logits = -1.5 (onehot(a) - p); the bias gradient is exactly that.
    const a = action.item() as number;
    const want = [0, 1].map((j) => -1.5 * ((j === a ? 1 : 0) - (p.tolist() as number[])[j]));
    expect((policy.bias!.grad!.tolist() as number[]).map((v, j) => Math.abs(v - want[j]) < 1e-6)).toEqual([true, true]);
  });
});

describe("torch.finfo and torch.iinfo", () => {
  it("give PyTorch's limits and printing", () => {
    for (const t of [torch.float32, torch.float64]) {
      const want = golden.info[String(t)], f = torch.finfo(t);
      expect(String(f)).toBe(want.repr);
      expect([f.bits, f.eps, f.max, f.min, f.tiny, f.resolution]).toEqual([want.bits, want.eps, want.max, want.min, want.tiny, want.resolution]);
    }
    expect(torch.finfo().eps).toBe(torch.finfo(torch.float32).eps);
    for (const t of [torch.int32, torch.int64]) {
      const want = golden.info[String(t)], i = torch.iinfo(t);
      expect([String(i), i.bits, i.max, i.min]).toEqual([want.repr, want.bits, want.max, want.min]);
    }
    expect(Object.fromEntries(Object.keys(golden.constraints).map((k) => [k, String((D.constraints as Json)[k])]))).toEqual(golden.constraints);
  });
});

describe("MixtureSameFamily and gumbel_softmax against PyTorch", () => {
  const f64 = { dtype: torch.float64 };
  const params = () => ({
    w: torch.tensor([0.3, 0.7], f64).requires_grad_(), loc: torch.tensor([-1.0, 2.0], f64).requires_grad_(), scale: torch.tensor([0.5, 1.5], f64).requires_grad_(),
    w2: torch.tensor([[0.1, -0.3, 0.5], [1.0, 0.0, -1.0]], f64).requires_grad_(),
    loc2: torch.arange(12, f64).reshape(2, 3, 2).div(4).requires_grad_(), scale2: torch.arange(1, 13, f64).reshape(2, 3, 2).div(6).requires_grad_(),
  });
  const cases: [string, (p: ReturnType<typeof params>) => InstanceType<typeof D.MixtureSameFamily>, string[]][] = [
    ["gmm", (p) => new D.MixtureSameFamily(new D.Categorical({ probs: p.w }), new D.Normal(p.loc, p.scale)), ["w", "loc", "scale"]],
    ["gmm_batch_vector", (p) => new D.MixtureSameFamily(new D.Categorical({ logits: p.w2 }), new D.Independent(new D.Normal(p.loc2, p.scale2), 1)), ["w2", "loc2", "scale2"]],
  ];
  for (const [name, make, used] of cases) {
    it(`${name}: printing, shapes, moments, log_prob and its gradients, draws`, () => {
      const want = golden.mixtures[name];
      const p = params();
      const d = make(p);
      expect(String(d)).toBe(want.repr);
      expect([[...d.batch_shape], [...d.event_shape]]).toEqual([want.batch_shape, want.event_shape]);
      expectTensor(d.mean, want.mean, tight);
      expectTensor(d.variance, want.variance, tight);
      const x = name === "gmm" ? torch.tensor([0.5, -2.0, 3.0], f64) : torch.tensor([[0.5, 1.0], [2.0, -1.0], [0.0, 0.0]], f64).unsqueeze(1);
      const lp = d.log_prob(x);
      expectTensor(lp, want.log_prob, tight);
      expectGrads(lp.sum(), Object.fromEntries(used.map((k) => [k, p[k as keyof typeof p]])), want.log_prob_grad);
      if (want.cdf) expectTensor(d.cdf(x), want.cdf, tight);
      torch.manual_seed(5);
      expectTensor(d.sample([4]), want.sample, tight);
      expect(String(d.expand([3, ...d.batch_shape]).batch_shape)).toBe(want.expand);
    });
  }
  it("F.gumbel_softmax: PyTorch's draws, soft and hard (straight-through) gradients", () => {
    const want = golden.mixtures.gumbel_softmax;
    const logits = torch.tensor([[0.5, -1.0, 2.0], [0.0, 0.3, -0.2]], f64).requires_grad_();
    const up = torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]], f64);
    torch.manual_seed(9);
    const soft = torch.nn.functional.gumbel_softmax(logits, { tau: 0.5 });
    const hard = torch.nn.functional.gumbel_softmax(logits, { hard: true, dim: -1 });
    expectTensor(soft, want.soft, tight);
    expectTensor(hard, want.hard, tight);
    expectTensor(torch.autograd.grad(soft.mul(up).sum(), logits)[0]!, want.grad_soft, tight);
    expectTensor(torch.autograd.grad(hard.mul(up).sum(), logits)[0]!, want.grad_hard, tight);
  });
});
