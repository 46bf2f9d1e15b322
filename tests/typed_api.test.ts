// The typed API (ArgsOf in src/args.ts): a signature is its parameter names,
// each name with one type, so that PyTorch's calls compile and a user's
// mistakes do not. The lines marked @ts-expect-error must fail `tsc` (npm run
// typecheck fails if one compiles); at run time they raise PyTorch's errors.
import { describe, it } from "node:test";
import { expect } from "expect";
import * as torch from "../src/index.js";

describe("typed reductions", () => {
  const x = torch.arange(6).reshape(2, 3).float();
  it("compile and run in PyTorch's forms: positional, by name, mixed, NumPy's spellings", () => {
    expect(x.sum().item()).toBe(15);
    expect(x.sum(1).tolist()).toEqual([3, 12]);
    expect(x.sum(1, true).shape).toEqual([2, 1]);
    expect(x.sum({ dim: [0, 1], keepdim: true }).shape).toEqual([1, 1]);
    expect(x.sum(1, { dtype: torch.float64 }).dtype).toBe(torch.float64);
    expect(x.mean({ axis: 0, keepdims: true }).shape).toEqual([1, 3]);
    expect(x.norm(2, 1).shape).toEqual([2]);
    expect(x.norm("fro").item()).toBeCloseTo(Math.sqrt(55), 5);
    expect(torch.sum(x, 0, true).shape).toEqual([1, 3]);
    expect(torch.logsumexp(x, { dim: 1 }).shape).toEqual([2]);
    expect(torch.special.logsumexp(x, 1).shape).toEqual([2]);
    expect(x.argmax({ dim: 1, keepdim: false }).tolist()).toEqual([2, 2]);
    expect(x.cumsum(1, { dtype: "float64" }).dtype).toBe(torch.float64);
    expect(x.var(1, false).tolist()).toEqual([Math.fround(2 / 3), Math.fround(2 / 3)]);
    expect(x.std({ dim: 1, correction: 0 }).shape).toEqual([2]);
    expect(x.var(false).item()).toBeCloseTo(35 / 12, 5);
    expect(x.flatten({ start_dim: 0 }).shape).toEqual([6]);
    expect(x.sort(1, true).values.tolist()).toEqual([[2, 1, 0], [5, 4, 3]]);
    expect(torch.argsort(x, { dim: 1, descending: true, stable: true }).tolist()).toEqual([[2, 1, 0], [2, 1, 0]]);
  });
  it("reject a wrong kind, a misspelled option and a surplus positional at compile time, and at run time", () => {
    // @ts-expect-error keepdim is a boolean
    expect(() => x.sum(1, "yes")).toThrow("sum(): argument 'keepdim' (position 2) must be bool, not str");
    // @ts-expect-error no option keepdm
    expect(() => x.mean({ dim: 1, keepdm: true })).toThrow("mean() got an unexpected keyword argument 'keepdm'");
    // @ts-expect-error amax takes two positionals
    expect(() => x.amax(0, true, 1)).toThrow("amax() takes 2 positional arguments but 3 were given");
    // @ts-expect-error dtype is keyword-only
    expect(() => x.cumsum(0, torch.float64)).toThrow("cumsum() takes 1 positional arguments but 2 were given");
    // @ts-expect-error stable is keyword-only
    expect(() => x.sort(0, false, true)).toThrow("sort() takes 2 positional arguments but 3 were given");
    // @ts-expect-error dim is a number or a list of numbers
    expect(() => torch.sum(x, "1")).toThrow("sum(): argument 'dim' (position 1) must be int, not str");
  });
});

describe("typed optimizer settings", () => {
  const w = torch.zeros(3, { requires_grad: true });
  it("compile in PyTorch's positional order or by name", () => {
    expect(new torch.optim.SGD([w], 0.1, 0.9).defaults.momentum).toBe(0.9);
    expect(new torch.optim.Adam([w], { lr: 1e-3, betas: [0.8, 0.9], amsgrad: true }).defaults.betas).toEqual([0.8, 0.9]);
    expect(new torch.optim.LBFGS([w], { line_search_fn: "strong_wolfe" }).defaults.line_search_fn).toBe("strong_wolfe");
  });
  it("reject a setting of the wrong kind or name at compile time, and at run time", () => {
    // @ts-expect-error lr is a number
    expect(() => new torch.optim.SGD([w], { lr: "fast" })).toThrow();
    // @ts-expect-error no setting momentun
    expect(() => new torch.optim.SGD([w], { lr: 0.1, momentun: 0.9 })).toThrow("SGD.__init__() got an unexpected keyword argument 'momentun'");
    // @ts-expect-error betas is a pair
    expect(() => new torch.optim.AdamW([w], 1e-3, 0.9)).toThrow();
  });
});

describe("typed factories", () => {
  it("take sizes, a shape, or either with options", () => {
    expect(torch.zeros(2, 3).shape).toEqual([2, 3]);
    expect(torch.ones([2, 3], { dtype: torch.float64, requires_grad: true }).requires_grad).toBe(true);
    expect(torch.randn(4, { generator: new torch.Generator().manual_seed(0) }).shape).toEqual([4]);
    expect(torch.empty({ size: [3] }).shape).toEqual([3]);
    expect(torch.ones(2).new_zeros(3, { dtype: "int64" }).dtype).toBe(torch.int64);
  });
  it("reject a misspelled option at compile time, and at run time", () => {
    // @ts-expect-error no option requires_gard
    expect(() => torch.ones(2, { requires_gard: true })).toThrow("ones() got an unexpected keyword argument 'requires_gard'");
    // @ts-expect-error sizes are numbers
    expect(() => torch.zeros("2")).toThrow();
  });
});

describe("typed module constructors", () => {
  it("take any argument by name, as PyTorch's", () => {
    expect(new torch.nn.Conv2d(1, 8, { kernel_size: 3 }).kernel_size).toEqual([3, 3]);
    expect(new torch.nn.Conv2d({ in_channels: 1, out_channels: 8, kernel_size: [3, 5], padding: "same" }).kernel_size).toEqual([3, 5]);
    expect(new torch.nn.Conv1d(2, 4, { kernel_size: 3, stride: 2 }).stride).toEqual([2]);
  });
  it("reject a wrong kind at compile time, and at run time", () => {
    // @ts-expect-error in_features is a number
    expect(() => new torch.nn.Linear("4", 8)).toThrow();
  });
});

describe("typed losses", () => {
  const logits = torch.tensor([[2, 0, 1], [0, 3, 1]]), target = torch.tensor([0, 1], { dtype: torch.int64 });
  it("take PyTorch's positional order or names", () => {
    const F = torch.nn.functional;
    expect(F.cross_entropy(logits, target, { reduction: "sum", label_smoothing: 0.1 }).shape).toEqual([]);
    expect(F.cross_entropy(logits, target, null, undefined, -100).shape).toEqual([]);
    expect(F.mse_loss(logits, logits.mul(2), { reduction: "none" }).shape).toEqual([2, 3]);
    expect(F.smooth_l1_loss(logits, logits, { beta: 0.5 }).item()).toBe(0);
  });
  it("reject a wrong reduction at compile time, and at run time", () => {
    // @ts-expect-error reduction is "mean", "sum" or "none"
    expect(() => torch.nn.functional.mse_loss(logits, logits, { reduction: "average" })).toThrow();
  });
});
