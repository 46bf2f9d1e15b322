// Deterministic lifetimes (Note [ownership] in src/memory.ts): dispose(),
// `using`, torch.scope() and torch.memory_stats(), with autograd, modules and
// optimizers inside and across scopes.
import { describe, it } from "node:test";
import { expect } from "expect";
import * as torch from "../src/index.js";
import type { Tensor } from "../src/index.js";
import { thrown } from "./helpers.js";
import { setPoisonFreed } from "../src/memory.js";
import { parseOptions, train } from "../examples/mnist/train.js";
import { rmSync } from "node:fs";

const cpuBytes = () => torch.memory_stats().bytes.cpu ?? 0;
const DISPOSED = /^Trying to use a tensor that was disposed/;

describe("dispose and using", () => {
  it("dispose() frees the storage now, and a disposed tensor used again is a clear error", () => {
    const x = torch.zeros(10000);
    const held = cpuBytes();
    x.dispose();
    expect(held - cpuBytes()).toBe(40000);
    expect(x.is_disposed).toBe(true);
    expect(thrown(() => x.add(1))?.message).toMatch(DISPOSED);
    expect(thrown(() => String(x))?.message).toMatch(DISPOSED);
    expect(x.shape).toEqual([10000]);
    x.dispose(); // twice: nothing
    expect(held - cpuBytes()).toBe(40000);
  });
  it("a view keeps the storage alive until it is disposed too", () => {
    const x = torch.arange(10000).float();
    const v = x.narrow(0, 0, 3);
    const held = cpuBytes();
    x.dispose();
    expect(cpuBytes()).toBe(held);
    expect(v.tolist()).toEqual([0, 1, 2]);
    v.dispose();
    expect(held - cpuBytes()).toBe(40000);
  });
  it("using frees at the end of the block", () => {
    let outside: Tensor;
    const before = cpuBytes();
    {
      using t = torch.ones(5000);
      outside = t;
      expect(cpuBytes() - before).toBe(20000);
    }
    expect(cpuBytes()).toBe(before);
    expect(outside.is_disposed).toBe(true);
  });
});

describe("torch.scope", () => {
  it("frees every tensor made inside and not returned; the result survives", () => {
    const x = torch.randn(1000);
    const want = x.mul(2).exp().add(1).sum().item();
    const before = torch.memory_stats().live_storages;
    const r = torch.scope(() => x.mul(2).exp().add(1).sum());
    expect(r.item()).toBe(want);
    expect(torch.memory_stats().live_storages - before).toBe(1); // r alone
    expect(torch.memory_stats().peak_bytes.cpu).toBeGreaterThan(0);
  });
  it("returns arrays, objects and (values, indices) of tensors whole; everything else is freed", () => {
    let made: Tensor[] = [];
    const out = torch.scope(() => {
      const a = torch.tensor([3, 1, 2]);
      const b = a.mul(10);
      made = [a, b, a.add(5)];
      return { sorted: a.sort(), list: [b], n: 7 };
    });
    expect(out.sorted.values.tolist()).toEqual([1, 2, 3]);
    expect(out.sorted[1].tolist()).toEqual([1, 2, 0]);
    expect(out.list[0].tolist()).toEqual([30, 10, 20]);
    expect(made.map((t) => t.is_disposed)).toEqual([true, false, true]);
  });
  it("keeps the base of a returned view", () => {
    const v = torch.scope(() => torch.arange(6).float().reshape(2, 3).index(1));
    expect(v.tolist()).toEqual([3, 4, 5]);
    expect(v._base!.is_disposed).toBe(false);
  });
  it("nests: what an inner scope returns belongs to the outer one", () => {
    let inner: Tensor | null = null;
    const outer = torch.scope(() => {
      inner = torch.scope(() => torch.ones(3).mul(2));
      expect(inner.is_disposed).toBe(false);
      return inner.sum();
    });
    expect(outer.item()).toBe(6);
    expect(inner!.is_disposed).toBe(true);
  });
  it("an async scope frees when its promise settles", async () => {
    let temp: Tensor | null = null;
    const r = await torch.scope(async () => {
      temp = torch.ones(4).mul(3);
      await new Promise((resolve) => setTimeout(resolve, 1));
      return temp.sum();
    });
    expect(r.item()).toBe(12);
    expect(temp!.is_disposed).toBe(true);
  });
  it("frees what it made when fn throws, and rethrows", () => {
    let temp: Tensor | null = null;
    const err = thrown(() =>
      torch.scope(() => {
        temp = torch.ones(2);
        throw new torch.RuntimeError("boom");
      }),
    );
    expect(err?.message).toBe("boom");
    expect(temp!.is_disposed).toBe(true);
  });
});

describe("scopes and autograd", () => {
  it("a graph built in a scope runs backward after it, with the same gradients; then its saved tensors are freed", () => {
    const w = torch.randn(50, 50, { requires_grad: true });
    w.mul(w).tanh().sum().backward();
    const want = w.grad!.tolist();
    w.grad = null;
    const loss = torch.scope(() => w.mul(w).tanh().sum());
    const held = torch.memory_stats().live_storages;
    torch.scope(() => loss.backward());
    expect(w.grad!.tolist()).toEqual(want);
    // tanh's saved result, disposed by the scope, goes once backward has used it; w.grad comes.
    expect(torch.memory_stats().live_storages).toBe(held);
  });
  it("a tensor disposed while a graph needs it stays readable until backward, then is freed", () => {
    const x = torch.randn(100, { requires_grad: true });
    const h = x.mul(3);
    const y = h.exp().sum(); // ExpBackward0 saved its result, MulBackward0 nothing of h
    const e = y.grad_fn!.next_functions[0][0]!;
    expect(e.name()).toBe("ExpBackward0");
    const saved = (e as unknown as { _saved_result: Tensor })._saved_result;
    h.dispose();
    expect(h.is_disposed).toBe(true);
    y.backward();
    expect(x.grad!.shape).toEqual([100]);
    expect(saved.is_disposed).toBe(false);
  });
  it("a custom Function's ctx attributes live until backward has run, as its saved tensors do", () => {
    class Scaled extends torch.autograd.Function {
      static override forward(ctx: torch.autograd.FunctionCtx, x: Tensor): Tensor {
        ctx.factors = [x.exp()];
        return x.exp().mul(2);
      }
      static override backward(ctx: torch.autograd.FunctionCtx, g: Tensor): Tensor {
        return g.mul((ctx.factors as Tensor[])[0]).mul(2);
      }
    }
    const x = torch.tensor([0, 1, 2], { requires_grad: true });
    let factor: Tensor | null = null;
    const y = torch.scope(() => {
      const y = Scaled.apply<Tensor>(x);
      factor = (y.grad_fn as unknown as { ctx: { factors: Tensor[] } }).ctx.factors[0];
      return y.sum();
    });
    expect(factor!.is_disposed).toBe(false);
    y.backward();
    expect(x.grad!.tolist()).toEqual(x.detach().exp().mul(2).tolist());
    // Backward released the graph, and with it the attribute the scope had disposed.
    expect(factor!.is_disposed).toBe(true);
  });
  it("parameters, .grad and optimizer state survive the scope of each training step", () => {
    torch.manual_seed(0);
    const model = torch.scope(() => new torch.nn.Linear(4, 2));
    const opt = new torch.optim.Adam(model.parameters(), { lr: 0.1 });
    const x = torch.randn(8, 4), y = torch.randn(8, 2);
    const losses: number[] = [];
    for (let i = 0; i < 5; i++) {
      losses.push(
        torch.scope(() => {
          opt.zero_grad();
          const loss = torch.nn.functional.mse_loss(model.forward(x), y);
          loss.backward();
          opt.step();
          return loss;
        }).item(),
      );
    }
    expect(model.weight.is_disposed).toBe(false);
    expect(model.weight.grad!.is_disposed).toBe(false);
    const state = opt.state.get(model.weight)!;
    expect((state.exp_avg as Tensor).is_disposed).toBe(false);
    expect(losses[4]).toBeLessThan(losses[0]);
    // The same steps without scopes give the same losses.
    torch.manual_seed(0);
    const plain = new torch.nn.Linear(4, 2);
    const opt2 = new torch.optim.Adam(plain.parameters(), { lr: 0.1 });
    const again: number[] = [];
    for (let i = 0; i < 5; i++) {
      opt2.zero_grad();
      const loss = torch.nn.functional.mse_loss(plain.forward(x), y);
      loss.backward();
      opt2.step();
      again.push(loss.item());
    }
    expect(again).toEqual(losses);
  });
  it("a loop of scoped steps holds steady memory", () => {
    const w = torch.randn(200, 200, { requires_grad: true });
    const opt = new torch.optim.SGD([w], { lr: 0.01, momentum: 0.9 });
    const step = () => torch.scope(() => {
      opt.zero_grad(false);
      w.mul(w).sigmoid().sum().backward();
      opt.step();
    });
    step();
    const settled = torch.memory_stats().live_storages;
    const bytes = cpuBytes();
    for (let i = 0; i < 20; i++) step();
    expect(torch.memory_stats().live_storages).toBe(settled);
    expect(cpuBytes()).toBe(bytes);
  });
});

describe("the host pool (native)", { skip: torch.get_backend() !== "native" && "the pool serves the addon's outputs" }, () => {
  it("gives a freed kernel output back to the next output of its size, with the new values", () => {
    const x = torch.arange(1 << 16).float();
    const first = x.exp();
    const storage = first._data;
    first.dispose();
    const second = x.mul(2);
    expect(second._data).toBe(storage);
    expect(second.index(3).item()).toBe(6);
  });
  it("never takes a user's array (torch.from)", () => {
    const mine = new Float32Array(1 << 16).fill(5);
    const t = torch.from(mine);
    t.dispose();
    const out = torch.arange(1 << 16).float().mul(1);
    expect(out._data).not.toBe(mine);
    expect(mine[0]).toBe(5);
  });
});

describe("the MNIST example, its steps in scopes, with freed storage poisoned", () => {
  for (const model of ["mlp", "cnn"]) {
    it(`${model}: trains to PyTorch-like accuracy (a use after free would show as NaN)`, async () => {
      const name = `test-poisoned-${model}`;
      const opts = parseOptions(["--model", model, "--limit", "640", "--epochs", "2", "--batch-size", "64", "--seed", "1", "--name", name])!;
      setPoisonFreed(true);
      let metrics: Record<string, unknown>;
      try {
        metrics = await train(opts);
      } finally {
        setPoisonFreed(false);
        rmSync(`runs/${name}`, { recursive: true, force: true });
      }
      expect(Number.isFinite(metrics.test_accuracy)).toBe(true);
      expect(metrics.test_accuracy as number).toBeGreaterThan(50);
    });
  }
});
