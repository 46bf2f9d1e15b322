// Autograd semantics, case by case: accumulation, retain_graph, create_graph,
// inputs=, autograd.grad, retain_grad, hooks, grad modes, custom Functions,
// version counters, deep graphs, and state left intact by errors.
import { inspect } from "node:util";
import { describe, it, mock } from "node:test";
import { expect } from "expect";
import * as torch from "../src/index.js";
import type { Tensor } from "../src/index.js";
import { loadGolden } from "./helpers.js";

const messages = loadGolden().messages;

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

function expectPyTorchError(fn: () => unknown, key: string): void {
  const e = thrown(fn);
  expect(e.message).toBe(messages[key].message);
  expect(e.name).toBe(messages[key].type);
  expect(e).toBeInstanceOf(torch.RuntimeError);
}

describe("the seed notebooks' numbers", () => {
  it("ones(2,2): y = x + 2, z = y*y*3, out = z.mean() gives 4.5", () => {
    const x = torch.ones(2, 2, { requires_grad: true });
    const y = x.add(2);
    const out = y.mul(y).mul(3).mean();
    expect(String(out)).toBe("tensor(27., grad_fn=<MeanBackward0>)");
    out.backward();
    expect(String(x.grad)).toBe("tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])");
  });
  it("sin(x**2) at 4 gives -7.6613", () => {
    const x = torch.tensor(4.0, { requires_grad: true });
    const z = torch.sin(x.pow(2));
    expect(String(z)).toBe("tensor(-0.2879, grad_fn=<SinBackward0>)");
    z.backward();
    expect(String(x.grad)).toBe("tensor(-7.6613)");
  });
  it("the sigmoid / BCE example gives 6.6918 and 0.9988", () => {
    const x = torch.tensor(6.7);
    const y = torch.tensor(0.0);
    const w = torch.tensor(1.0, { requires_grad: true });
    const b = torch.tensor(0.0, { requires_grad: true });
    const z = w.mul(x).add(b);
    const yPred = torch.sigmoid(z);
    expect(String(yPred)).toBe("tensor(0.9988, grad_fn=<SigmoidBackward0>)");
    const p = torch.clamp(yPred, 1e-8, 1 - 1e-8);
    const loss = y.mul(torch.log(p)).add(torch.sub(1, y).mul(torch.log(torch.sub(1, p)))).neg();
    expect(String(loss)).toBe("tensor(6.7012, grad_fn=<NegBackward0>)");
    loss.backward();
    expect(String(w.grad)).toBe("tensor(6.6918)");
    expect(String(b.grad)).toBe("tensor(0.9988)");
  });
  it("raises the seeds' two errors", () => {
    const z = torch.ones(1, 1).add(torch.ones(1, 1));
    expectPyTorchError(() => z.backward(), "no_grad_fn");
    const x = torch.ones(2, 2, { requires_grad: true });
    const out = x.add(2).mul(x.add(2)).mul(3).mean();
    out.backward(torch.tensor(1.0));
    expectPyTorchError(() => out.backward(), "second_backward");
  });
  it("prints leaf and non-leaf properties as the notebook does", () => {
    const x = torch.ones(1, 1, { requires_grad: true });
    const y = torch.ones(1, 1, { requires_grad: true });
    const z = x.add(y);
    expect([x.requires_grad, x.grad_fn, x.is_leaf]).toEqual([true, null, true]);
    expect([z.requires_grad, String(z.grad_fn), z.is_leaf]).toEqual([true, "<AddBackward0>", false]);
    expect(String(z)).toBe("tensor([[2.]], grad_fn=<AddBackward0>)");
  });
});

describe("gradient accumulation", () => {
  it("accumulates across backward calls until zero_() or = null", () => {
    const x = torch.tensor(4.0, { requires_grad: true });
    x.pow(2).backward();
    expect(x.grad!.item()).toBe(8);
    x.pow(2).backward();
    expect(x.grad!.item()).toBe(16);
    expect(String(x.grad!.zero_())).toBe("tensor(0.)");
    x.pow(2).backward();
    expect(x.grad!.item()).toBe(8);
    x.grad = null;
    x.pow(2).backward();
    expect(x.grad!.item()).toBe(8);
  });
  it("gives each leaf its own grad tensor", () => {
    const x = torch.ones(2, { requires_grad: true });
    const y = torch.ones(2, { requires_grad: true });
    x.add(y).sum().backward();
    x.grad!.zero_();
    expect(y.grad!.tolist()).toEqual([1, 1]);
  });
  it("sums the gradients of a tensor used twice", () => {
    const x = torch.tensor([1.0, 2.0], { requires_grad: true });
    x.mul(x).add(x).sum().backward();
    expect(x.grad!.tolist()).toEqual([3, 5]);
  });
  it("undoes broadcasting in the gradient", () => {
    const b = torch.tensor([1.0, 2.0, 3.0], { requires_grad: true });
    torch.ones(4, 3).mul(b).sum().backward();
    expect(b.grad!.tolist()).toEqual([4, 4, 4]);
  });
  // Large gradients may be handed to .grad without a copy (Note [gradient ownership]); never one shared by two tensors.
  describe("large gradients handed over without a copy", () => {
    const n = 4096;
    it("two leaves fed one fresh gradient through add get separate storage", () => {
      const x = torch.ones(n, { requires_grad: true });
      const y = torch.ones(n, { requires_grad: true });
      x.add(y).mul(3).sum().backward();
      expect(x.grad!._data).not.toBe(y.grad!._data);
      x.grad!.zero_();
      expect(y.grad!.sum().item()).toBe(3 * n);
    });
    it("a gradient passed through clone() and summed from two paths is right", () => {
      const x = torch.ones(n, { requires_grad: true });
      const c = x.clone();
      c.mul(2).add(c.exp().mul(0)).sum().backward();
      expect(x.grad!.sum().item()).toBe(2 * n);
    });
    it("a hook that keeps the gradient does not see later changes to .grad", () => {
      const x = torch.ones(n, { requires_grad: true });
      let seen: Tensor | null = null;
      x.register_hook((g) => void (seen = g));
      x.mul(5).sum().backward();
      x.grad!.zero_();
      expect(seen!.sum().item()).toBe(5 * n);
    });
    it("a non-leaf hook's tensor is not handed to the leaf", () => {
      const x = torch.ones(n, { requires_grad: true });
      const h = x.clone();
      let seen: Tensor | null = null;
      h.register_hook((g) => void (seen = g));
      h.mul(7).sum().backward();
      x.grad!.zero_();
      expect(seen!.sum().item()).toBe(7 * n);
    });
    it("two leaves fed one gradient through transposing views get separate storage", () => {
      const a = torch.ones(64, 64, { requires_grad: true });
      const b = torch.ones(64, 64, { requires_grad: true });
      a.t().add(b.t()).mul(3).sum().backward();
      expect(a.grad!._data).not.toBe(b.grad!._data);
      a.grad!.zero_();
      expect(b.grad!.sum().item()).toBe(3 * 64 * 64);
    });
    it("linear's weight takes its transposed-product gradient as a plain tensor", () => {
      torch.manual_seed(0);
      const layer = new torch.nn.Linear(48, 40);
      const x = torch.randn(32, 48);
      const y = layer.forward(x);
      y.retain_grad();
      y.pow(2).sum().backward();
      const w = layer.weight.grad!;
      expect([w._base, w.is_contiguous(), w.shape]).toEqual([null, true, [40, 48]]);
      expect(w.sub(y.grad!.t().mm(x)).abs().max().item() < 1e-4).toBe(true);
      w.zero_();
      expect(y.grad!.abs().sum().item() > 0).toBe(true);
    });
    it("the second backward accumulates into .grad without touching the first gradient's source", () => {
      const x = torch.ones(n, { requires_grad: true });
      x.mul(2).sum().backward();
      const first = x.grad!;
      x.mul(3).sum().backward();
      expect(x.grad).toBe(first);
      expect(x.grad!.sum().item()).toBe(5 * n);
    });
  });
});

describe("retain_graph and freeing", () => {
  it("frees saved tensors unless retain_graph, as PyTorch", () => {
    const x = torch.ones(2, { requires_grad: true });
    const y = x.mul(x).sum();
    y.backward(undefined, { retain_graph: true });
    y.backward();
    expect(x.grad!.tolist()).toEqual([4, 4]);
    expectPyTorchError(() => y.backward(), "second_backward");
    expect(x.grad!.tolist()).toEqual([4, 4]);
  });
  it("allows a second backward through nodes that saved nothing (as PyTorch does)", () => {
    const x = torch.ones(2, { requires_grad: true });
    const y = x.add(1).sum();
    y.backward();
    y.backward();
    expect(x.grad!.tolist()).toEqual([2, 2]);
  });
});

describe("higher-order gradients", () => {
  it("computes a Hessian-vector product through create_graph", () => {
    const x = torch.tensor([1.0, 2.0, 3.0], { requires_grad: true });
    const y = x.pow(3).sum();
    const [g] = torch.autograd.grad(y, x, undefined, { create_graph: true });
    expect(g!.tolist()).toEqual(messages.hvp_cubic.grad);
    expect(g!.requires_grad).toBe(true);
    const [hv] = torch.autograd.grad(g!.mul(torch.tensor([1.0, 0.5, -1.0])).sum(), x);
    expect(hv!.tolist()).toEqual(messages.hvp_cubic.hvp);
  });
  it("supports a gradient penalty: backward through a gradient norm", () => {
    const w = torch.tensor([0.5, -1.0], { requires_grad: true });
    const x = torch.tensor([2.0, 3.0], { requires_grad: true });
    const out = x.mul(w).tanh().sum();
    const [gx] = torch.autograd.grad(out, x, undefined, { create_graph: true });
    const penalty = gx!.pow(2).sum();
    penalty.backward();
    // d/dw sum((w * sech^2(w x))^2), by finite differences in float64.
    const f = (w0: number, w1: number) => {
      const s = (v: number) => 1 / Math.cosh(v) ** 2;
      return (w0 * s(w0 * 2)) ** 2 + (w1 * s(w1 * 3)) ** 2;
    };
    const h = 1e-6;
    const want = [(f(0.5 + h, -1) - f(0.5 - h, -1)) / (2 * h), (f(0.5, -1 + h) - f(0.5, -1 - h)) / (2 * h)];
    const got = w.grad!.tolist() as number[];
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 4));
  });
  it("relu's gradient is threshold_backward, differentiable in both inputs, as PyTorch's (x.grad zeros, not an error)", () => {
    const x = torch.tensor([-1, 2, 0, 3], { requires_grad: true });
    const [g] = torch.autograd.grad(x.relu().sum(), x, undefined, { create_graph: true });
    expect(g!.tolist()).toEqual([0, 1, 0, 1]);
    expect(g!.grad_fn!.name()).toBe("ThresholdBackwardBackward0");
    g!.sum().backward();
    expect(x.grad!.tolist()).toEqual([0, 0, 0, 0]);
  });
  it("backward(create_graph) leaves a differentiable .grad", () => {
    const x = torch.tensor(2.0, { requires_grad: true });
    x.pow(3).backward(undefined, { create_graph: true });
    const g = x.grad!;
    expect(g.item()).toBe(12);
    const [gg] = torch.autograd.grad(g, x);
    expect(gg!.item()).toBe(12);
  });
  for (const [name, fn] of [
    ["tanh", (a: Tensor) => a.tanh()],
    ["sigmoid * exp", (a: Tensor) => a.sigmoid().mul(a.exp())],
    ["log of softplus", (a: Tensor) => a.exp().add(1).log()],
    ["div", (a: Tensor) => a.div(a.pow(2).add(1))],
    ["matmul", (a: Tensor) => a.reshape(2, 2).matmul(a.reshape(2, 2))],
    ["mean var", (a: Tensor) => a.var().add(a.mean())],
    ["norm", (a: Tensor) => a.norm()],
    ["logsumexp", (a: Tensor) => a.logsumexp(0)],
    ["index", (a: Tensor) => a.index(torch.tensor([0, 2, 2], { dtype: torch.int64 })).pow(2)],
    ["cumsum", (a: Tensor) => a.cumsum(0).pow(2)],
    // Their gradients are ops with gradients of their own (_softmax_backward_data, _log_softmax_backward_data).
    ["softmax over rows", (a: Tensor) => a.reshape(2, 2).softmax(1).pow(2)],
    ["log_softmax over rows", (a: Tensor) => a.reshape(2, 2).log_softmax(-1).pow(2)],
    ["log_softmax over columns", (a: Tensor) => a.reshape(2, 2).log_softmax(0).pow(2)],
    // relu's gradient is threshold_backward, an op with a gradient of its own.
    ["relu times its input", (a: Tensor) => a.relu().mul(a)],
    // Cholesky's gradient is triangular solves, which have gradients of their own; the input is
    // made symmetric positive-definite first (the gradient is symmetrized, as PyTorch's).
    ["cholesky of A A^T + 2I", (a: Tensor) => {
      const m = a.reshape(2, 2);
      return torch.linalg.cholesky(m.matmul(m.t()).add(torch.eye(2, { dtype: torch.float64 }).mul(2)));
    }],
    // The decompositions' gradients are matmuls, divisions and triangular solves (src/ops/decomp.ts).
    ["linalg.qr", (a: Tensor) => torch.linalg.qr(a.reshape(2, 2)).Q.mul(torch.linalg.qr(a.reshape(2, 2)).R.sum())],
    ["linalg.eigh of A + A^T", (a: Tensor) => {
      const { eigenvalues, eigenvectors } = torch.linalg.eigh(a.reshape(2, 2).add(a.reshape(2, 2).t()));
      return eigenvalues.sum().add(eigenvectors.pow(2).mul(torch.tensor([[1, 2], [3, 4]], { dtype: torch.float64 })).sum());
    }],
    ["linalg.svd", (a: Tensor) => {
      const { U, S, Vh } = torch.linalg.svd(a.reshape(2, 2));
      return S.pow(2).sum().add(U.pow(2).mul(torch.tensor([[1, 2], [3, 4]], { dtype: torch.float64 })).sum()).add(Vh.pow(2).mul(torch.tensor([[1, -1], [2, 0.5]], { dtype: torch.float64 })).sum());
    }],
    ["linalg.pinv", (a: Tensor) => torch.linalg.pinv(a.reshape(2, 2))],
    ["solve_triangular", (a: Tensor) => torch.linalg.solve_triangular(a.reshape(2, 2).tril().add(torch.eye(2, { dtype: torch.float64 }).mul(2)), a.reshape(2, 2), { upper: false })],
  ] as const) {
    it(`gradgradcheck: ${name}`, () => {
      const a = torch.tensor([0.3, -0.7, 1.2, 0.4], { dtype: torch.float64, requires_grad: true });
      expect(torch.autograd.gradgradcheck(fn, [a])).toBe(true);
    });
  }
});

describe("inputs= and autograd.grad", () => {
  it("backward(inputs) accumulates only into the given tensors", () => {
    const x = torch.ones(2, { requires_grad: true });
    const y = torch.ones(2, { requires_grad: true });
    x.mul(y).mul(3).sum().backward(undefined, { inputs: [x] });
    expect(x.grad!.tolist()).toEqual([3, 3]);
    expect(y.grad).toBeNull();
  });
  it("backward(inputs) can target a non-leaf", () => {
    const x = torch.ones(2, { requires_grad: true });
    const h = x.mul(2);
    h.pow(2).sum().backward(undefined, { inputs: [h] });
    expect(h.grad!.tolist()).toEqual([4, 4]);
    expect(x.grad).toBeNull();
  });
  it("grad() returns gradients without touching .grad", () => {
    const x = torch.tensor([1.0, 2.0], { requires_grad: true });
    const [g] = torch.autograd.grad(x.pow(2).sum(), [x]);
    expect(g!.tolist()).toEqual([2, 4]);
    expect(x.grad).toBeNull();
  });
  it("grad() with a non-leaf input and grad_outputs", () => {
    const x = torch.tensor([1.0, 2.0], { requires_grad: true });
    const h = x.mul(3);
    const out = h.pow(2);
    const [g] = torch.autograd.grad(out, h, torch.tensor([1.0, 0.5]));
    expect(g!.tolist()).toEqual([6, 6]);
  });
  it("allow_unused returns null for an unused input, and raises without it", () => {
    const x = torch.ones(2, { requires_grad: true });
    const y = torch.ones(2, { requires_grad: true });
    const out = x.mul(2).sum();
    const gs = torch.autograd.grad(out, [x, y], undefined, { allow_unused: true, retain_graph: true });
    expect(gs[1]).toBeNull();
    expectPyTorchError(() => torch.autograd.grad(out, [x, y]), "grad_unused");
    expectPyTorchError(() => torch.autograd.grad(out, [torch.ones(2)]), "grad_no_requires");
  });
  it("torch.autograd.backward takes several roots and gradients", () => {
    const x = torch.tensor([1.0, 2.0], { requires_grad: true });
    torch.autograd.backward([x.mul(2), x.pow(2).sum()], [torch.tensor([1.0, 1.0]), null]);
    expect(x.grad!.tolist()).toEqual([4, 6]);
  });
  it("raises PyTorch's errors for bad gradients", () => {
    expectPyTorchError(() => torch.ones(2, { requires_grad: true }).mul(2).backward(), "implicit_scalar");
    expectPyTorchError(() => torch.ones(2, { requires_grad: true }).mul(2).backward(torch.ones(3)), "grad_shape_mismatch");
  });
});

describe("retain_grad and hooks", () => {
  it("retain_grad fills a non-leaf's .grad", () => {
    const x = torch.ones(2, { requires_grad: true });
    const y = x.mul(2);
    y.retain_grad();
    expect(y.retains_grad).toBe(true);
    y.mul(y).sum().backward();
    expect(y.grad!.tolist()).toEqual([4, 4]);
  });
  it("warns once when a non-leaf's .grad is read", () => {
    const warn = mock.method(console, "warn", () => {});
    const y = torch.ones(2, { requires_grad: true }).mul(2);
    expect(y.grad).toBeNull();
    expect(y.grad).toBeNull();
    expect(warn.mock.calls.length).toBeLessThanOrEqual(1);
    warn.mock.restore();
  });
  it("a leaf hook changes what is accumulated; remove() detaches it", () => {
    const x = torch.ones(2, { requires_grad: true });
    const h = x.register_hook((g) => g.mul(10));
    x.mul(2).sum().backward();
    expect(x.grad!.tolist()).toEqual([20, 20]);
    h.remove();
    x.grad = null;
    x.mul(2).sum().backward();
    expect(x.grad!.tolist()).toEqual([2, 2]);
  });
  it("a non-leaf hook sees and replaces the gradient flowing through it", () => {
    const x = torch.ones(2, { requires_grad: true });
    const y = x.mul(3);
    const seen: number[][] = [];
    y.register_hook((g) => {
      seen.push(g.tolist() as number[]);
      return g.mul(0);
    });
    y.sum().backward();
    expect(seen).toEqual([[1, 1]]);
    expect(x.grad!.tolist()).toEqual([0, 0]);
  });
  it("next_functions reach AccumulateGrad nodes of the leaves", () => {
    const x = torch.ones(2, { requires_grad: true });
    const y = torch.ones(2);
    const z = x.mul(y);
    const [[acc, slot], [none]] = z.grad_fn!.next_functions;
    expect(acc!.name()).toBe("AccumulateGrad");
    expect(slot).toBe(0);
    expect((acc as torch.autograd.AccumulateGrad).variable).toBe(x);
    expect(none).toBeNull();
    const s = z.sum();
    expect(s.grad_fn!.next_functions[0][0]).toBe(z.grad_fn);
  });
});

describe("grad modes", () => {
  it("no_grad as a callback returns its value and records nothing", () => {
    const x = torch.ones(2, { requires_grad: true });
    const y = torch.no_grad(() => x.mul(2));
    expect(y.requires_grad).toBe(false);
    expect(torch.is_grad_enabled()).toBe(true);
  });
  it("no_grad with `using`", () => {
    const x = torch.ones(2, { requires_grad: true });
    let y: Tensor;
    {
      using _guard = torch.no_grad();
      expect(torch.is_grad_enabled()).toBe(false);
      y = x.mul(2);
    }
    expect(torch.is_grad_enabled()).toBe(true);
    expect(y.requires_grad).toBe(false);
    expect(x.mul(2).requires_grad).toBe(true);
  });
  it("enable_grad inside no_grad, set_grad_enabled and inference_mode", () => {
    const x = torch.ones(2, { requires_grad: true });
    torch.no_grad(() => {
      expect(torch.enable_grad(() => x.mul(2)).requires_grad).toBe(true);
      expect(x.mul(2).requires_grad).toBe(false);
    });
    {
      using _g = torch.set_grad_enabled(false);
      expect(x.add(1).requires_grad).toBe(false);
    }
    expect(torch.inference_mode(() => x.add(1)).requires_grad).toBe(false);
    expect(torch.is_grad_enabled()).toBe(true);
  });
  it("restores the mode when the callback throws", () => {
    expect(() => torch.no_grad(() => { throw new Error("boom"); })).toThrow("boom");
    expect(torch.is_grad_enabled()).toBe(true);
  });
  it("detach and requires_grad_(false) stop tracking", () => {
    const x = torch.tensor(2.0, { requires_grad: true });
    const z = x.detach();
    expect(String(z)).toBe("tensor(2.)");
    expect(String(z.pow(2))).toBe("tensor(4.)");
    x.requires_grad_(false);
    expect(String(x)).toBe("tensor(2.)");
    expect(String(x.pow(2))).toBe("tensor(4.)");
    expectPyTorchError(() => torch.ones(2, { requires_grad: true }).mul(2).requires_grad_(false), "requires_grad_nonleaf_false");
    const intT = torch.ones(2, { dtype: torch.int64 });
    expectPyTorchError(() => { intT.requires_grad = true; }, "requires_grad_int_attr");
  });
});

describe("custom autograd.Function", () => {
  class MyExp extends torch.autograd.Function {
    static override forward(ctx: torch.autograd.FunctionCtx, x: Tensor): Tensor {
      const result = x.exp();
      ctx.save_for_backward(result);
      return result;
    }
    static override backward(ctx: torch.autograd.FunctionCtx, grad: Tensor): Tensor {
      const [result] = ctx.saved_tensors;
      return grad.mul(result!);
    }
  }
  class ScaledMul extends torch.autograd.Function {
    static override forward(ctx: torch.autograd.FunctionCtx, a: Tensor, b: Tensor, scale: number): Tensor {
      ctx.save_for_backward(a, b);
      ctx.scale = scale;
      return a.mul(b).mul(scale);
    }
    static override backward(ctx: torch.autograd.FunctionCtx, g: Tensor): (Tensor | null)[] {
      const [a, b] = ctx.saved_tensors as Tensor[];
      const s = ctx.scale as number;
      return [ctx.needs_input_grad[0] ? g.mul(b).mul(s) : null, ctx.needs_input_grad[1] ? g.mul(a).mul(s) : null, null];
    }
  }
  it("runs forward and backward, named after the class", () => {
    const x = torch.tensor([0.0, 1.0], { requires_grad: true });
    const y = MyExp.apply<Tensor>(x);
    expect(y.grad_fn!.name()).toBe("MyExpBackward");
    y.sum().backward();
    expect((x.grad!.tolist() as number[])[1]).toBeCloseTo(Math.E, 5);
  });
  it("takes non-tensor arguments and reports needs_input_grad", () => {
    const a = torch.tensor([1.0, 2.0], { requires_grad: true });
    const b = torch.tensor([3.0, 4.0]);
    ScaledMul.apply<Tensor>(a, b, 2).sum().backward();
    expect(a.grad!.tolist()).toEqual([6, 8]);
  });
  it("passes gradcheck and frees its saved tensors", () => {
    const x = torch.tensor([0.1, -0.4, 0.9], { dtype: torch.float64, requires_grad: true });
    expect(torch.autograd.gradcheck((t: Tensor) => MyExp.apply<Tensor>(t), [x])).toBe(true);
    const y = MyExp.apply<Tensor>(x).sum();
    y.backward();
    expectPyTorchError(() => y.backward(), "second_backward");
  });
  it("gradcheck catches a wrong backward", () => {
    class Wrong extends torch.autograd.Function {
      static override forward(_ctx: torch.autograd.FunctionCtx, x: Tensor): Tensor {
        return x.pow(2);
      }
      static override backward(_ctx: torch.autograd.FunctionCtx, g: Tensor): Tensor {
        return g;
      }
    }
    const x = torch.tensor([0.5, 1.5], { dtype: torch.float64, requires_grad: true });
    expect(() => torch.autograd.gradcheck((t: Tensor) => Wrong.apply<Tensor>(t), [x])).toThrow(/Jacobian mismatch for output 0 with respect to input 0/);
    expect(torch.autograd.gradcheck((t: Tensor) => Wrong.apply<Tensor>(t), [x], { raise_exception: false })).toBe(false);
  });
});

describe("version counters and in-place safety", () => {
  it("raises when a saved output was modified in place", () => {
    expectPyTorchError(() => {
      const x = torch.ones(2, 2, { requires_grad: true });
      const z = x.add(1).exp();
      z.add_(1);
      z.sum().backward();
    }, "modified_saved_output");
  });
  it("raises when a saved input was modified in place", () => {
    expectPyTorchError(() => {
      const x = torch.ones(2, 2, { requires_grad: true });
      const y = x.add(1);
      const z = y.mul(y);
      y.mul_(2);
      z.sum().backward();
    }, "modified_saved_input");
  });
  it("raises when a saved leaf was modified in place", () => {
    expectPyTorchError(() => {
      const x = torch.ones(3, { requires_grad: true });
      const w = torch.ones(3);
      const y = x.mul(w).sum();
      w.add_(1);
      y.backward();
    }, "modified_saved_leaf");
  });
  it("forbids in-place ops on a leaf that requires grad, except under no_grad", () => {
    const x = torch.ones(3, { requires_grad: true });
    expectPyTorchError(() => x.add_(1), "leaf_inplace");
    expect(x.tolist()).toEqual([1, 1, 1]);
    torch.no_grad(() => x.sub_(torch.tensor([0.5, 0.5, 0.5])));
    expect(x.tolist()).toEqual([0.5, 0.5, 0.5]);
    expect(x._version.v).toBe(1);
  });
  it("views share storage and the version counter; .data does not share the counter", () => {
    const x = torch.zeros(2, 3);
    const row = x.select(0, 1);
    row.fill_(5);
    expect(x.tolist()).toEqual([[0, 0, 0], [5, 5, 5]]);
    expect(x._version.v).toBe(1);
    const d = x.data;
    d.fill_(1);
    expect(x.tolist()).toEqual([[1, 1, 1], [1, 1, 1]]);
    expect(x._version.v).toBe(1);
    const t = x.t();
    expect(t.is_contiguous()).toBe(false);
    expect(t.contiguous().is_contiguous()).toBe(true);
  });
  it("in-place ops on non-leaves record their node and keep gradients right", () => {
    const x = torch.tensor([1.0, 2.0], { requires_grad: true });
    const y = x.mul(1);
    y.mul_(y);
    expect(y.grad_fn!.name()).toBe("MulBackward0");
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([2, 4]);
  });
});

describe("deep graphs", () => {
  it("runs backward through a chain of 1,000,000 ops without exhausting the stack", () => {
    const x = torch.tensor(0.0, { requires_grad: true });
    let y = x;
    for (let i = 0; i < 1_000_000; i++) y = y.add(1);
    y.backward();
    expect(x.grad!.item()).toBe(1);
    expect(y.item()).toBe(1_000_000);
  });
  it("matches the benchmark chain's gradient (4,762 mul-add steps with tanh every 10th)", () => {
    const x = torch.tensor(0.5, { requires_grad: true });
    let y = x;
    for (let i = 0; i < 4762; i++) {
      y = y.mul(1.0001).add(0.0001);
      if (i % 10 === 9) y = y.tanh();
    }
    y.backward();
    expect(x.grad!.item()).toBeCloseTo(1.3928e-6, 9);
  });
});

describe("errors leave state as it was", () => {
  it("a failed op changes no tensor, grad or graph", () => {
    const x = torch.ones(2, 3, { requires_grad: true });
    const y = x.mul(2);
    x.sum().backward();
    const before = { x: x.tolist(), g: x.grad!.tolist(), fn: y.grad_fn, v: x._version.v };
    expect(() => x.add(torch.ones(2, 4))).toThrow(torch.RuntimeError);
    expect(() => y.mm(torch.ones(4, 5))).toThrow("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)");
    expect(() => y.add_(torch.ones(4, 2, 3))).toThrow("output with shape [2, 3] doesn't match the broadcast shape [4, 2, 3]");
    expect(() => x.sum(5)).toThrow(torch.IndexError);
    expect({ x: x.tolist(), g: x.grad!.tolist(), fn: y.grad_fn, v: x._version.v }).toEqual(before);
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([[3, 3, 3], [3, 3, 3]]);
  });
  it("a failed backward accumulates nothing", () => {
    const x = torch.ones(2, { requires_grad: true });
    const w = torch.ones(2);
    const y = x.mul(w).sum();
    const z = x.add(1).sum();
    w.add_(1);
    const both = y.add(z);
    expect(() => both.backward()).toThrow(/modified by an inplace operation/);
    expect(x.grad).toBeNull();
  });
});

describe("tensor conveniences", () => {
  it("console.log prints what String() prints", () => {
    const t = torch.tensor([1.0, 2.0, 3.0], { requires_grad: true });
    expect(inspect(t)).toBe("tensor([1., 2., 3.], requires_grad=True)");
    expect(String(t.mul(2).grad_fn)).toBe("<MulBackward0>");
  });
  it("max(dim) destructures as [values, indices]", () => {
    const t = torch.tensor([[1.0, 5.0], [7.0, 2.0]]);
    const [values, indices] = t.max(1);
    expect(values.tolist()).toEqual([5, 7]);
    expect(indices.tolist()).toEqual([1, 0]);
    expect(t.max({ dim: 0 }).indices.tolist()).toEqual([1, 0]);
  });
  it("options objects name any parameter", () => {
    const t = torch.tensor([[1.0, 2.0], [3.0, 4.0]]);
    expect(t.sum({ dim: 1, keepdim: true }).tolist()).toEqual(t.sum(1, true).tolist());
    expect(torch.add(2, t).tolist()).toEqual([[3, 4], [5, 6]]);
    expect(t.add(t, { alpha: 2 }).tolist()).toEqual([[3, 6], [9, 12]]);
    expect(t.clamp(null, 2).tolist()).toEqual([[1, 2], [2, 2]]);
    expect(torch.ones([2, 3]).shape).toEqual(torch.ones(2, 3).shape);
  });
  it("JS numbers are float32, BigInt gives int64, an Int32Array int32 (as a NumPy int32 array), comparisons give bool", () => {
    expect(torch.tensor([1, 2, 3]).dtype).toBe(torch.float32);
    expect(torch.tensor([1n, 2n]).dtype).toBe(torch.int64);
    expect(torch.tensor(new Int32Array([1, 2])).dtype).toBe(torch.int32);
    expect(torch.arange(3).dtype).toBe(torch.int64);
    expect(torch.tensor([1, 2]).gt(1).dtype).toBe(torch.bool);
    expect(String(torch.tensor([1, 2, 3], { dtype: torch.int64 }))).toBe("tensor([1, 2, 3])");
    expect(torch.tensor([1n, 2n]).toTypedArray()).toEqual(new BigInt64Array([1n, 2n]));
  });
  it("creation helpers", () => {
    expect(torch.eye(2).tolist()).toEqual([[1, 0], [0, 1]]);
    expect(torch.linspace(0, 1, 5).tolist()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(torch.full([2], 7).tolist()).toEqual([7, 7]);
    expect(torch.zeros_like(torch.ones(2, 2, { dtype: torch.float64 })).dtype).toBe(torch.float64);
    expect(torch.arange(1, 2, 0.25).tolist()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(torch.from(new Float32Array([1, 2, 3, 4]), [2, 2]).shape).toEqual([2, 2]);
  });
});

describe("decompositions: undefined gradients and invariants", () => {
  const f64 = { dtype: torch.float64 };
  it("tied eigenvalues and singular values: the values' gradients alone stay finite, as PyTorch skips the vectors' terms", () => {
    const a = torch.eye(3, f64).requires_grad_();
    torch.linalg.eigvalsh(a).mul(torch.tensor([1, 2, 3], f64)).sum().backward();
    expect(a.grad!.sum().item()).toBeCloseTo(6, 12);
    expect(a.grad!.isfinite().all().item()).toBe(true);
    const b = torch.eye(3, f64).mul(2).requires_grad_();
    torch.linalg.svd(b).S.sum().backward();
    expect(b.grad!.tolist()).toEqual(torch.eye(3, f64).tolist());
  });
  it("the factors reconstruct the input, and their vectors are orthonormal", () => {
    torch.manual_seed(0);
    const a = torch.randn(2, 5, 3, f64);
    const { U, S, Vh } = torch.linalg.svd(a);
    expect(U.shape).toEqual([2, 5, 5]);
    const k = U.narrow(-1, 0, 3).mul(S.unsqueeze(-2)).matmul(Vh);
    expect(k.sub(a).abs().max().item()).toBeLessThan(1e-12);
    expect(U.mT.matmul(U).sub(torch.eye(5, f64)).abs().max().item()).toBeLessThan(1e-12);
    const s = a.mT.matmul(a);
    const { eigenvalues, eigenvectors: V } = torch.linalg.eigh(s);
    expect(V.mul(eigenvalues.unsqueeze(-2)).matmul(V.mT).sub(s).abs().max().item()).toBeLessThan(1e-12);
    expect(eigenvalues.sqrt().flip(-1).sub(S).abs().max().item()).toBeLessThan(1e-12);
    const { Q, R } = torch.linalg.qr(a, "complete");
    expect(Q.matmul(R).sub(a).abs().max().item()).toBeLessThan(1e-12);
    expect(R.tril(-1).abs().max().item()).toBe(0);
  });
  it("a rank-deficient matrix: zero singular values, an orthonormal completion, rank and pseudo-inverse", () => {
    const a = torch.tensor([[1, 2], [2, 4], [3, 6]], f64);
    const { U, S } = torch.linalg.svd(a);
    expect(S.select(0, 1).item()).toBeLessThan(1e-14);
    expect(U.mT.matmul(U).sub(torch.eye(3, f64)).abs().max().item()).toBeLessThan(1e-12);
    expect(torch.linalg.matrix_rank(a).item()).toBe(1);
    const p = torch.linalg.pinv(a);
    expect(a.matmul(p).matmul(a).sub(a).abs().max().item()).toBeLessThan(1e-12);
  });
  it("mode='r' has no Q to differentiate through: PyTorch's error in backward", () => {
    const a = torch.randn(3, 3).requires_grad_();
    const { R } = torch.linalg.qr(a, { mode: "r" });
    expect(() => R.sum().backward()).toThrow(/^The derivative of linalg.qr depends on Q, which is not computed when mode='r'/);
    expect(() => torch.linalg.qr(a, { mdoe: "r" })).toThrow(/unexpected keyword argument 'mdoe'/);
  });
});
