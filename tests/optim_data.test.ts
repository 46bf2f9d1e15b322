// torch.optim (LBFGS's strong-Wolfe line search, maximize, refused options, parameter
// groups, schedulers' zero periods) and torch.utils.data (DataLoader over sequences,
// range indexing, workers) against PyTorch 1.13 (tests/golden/optim_data.py).
import { describe, it } from "node:test";
import { expect } from "expect";
import * as torch from "../src/index.js";
import type { Tensor } from "../src/index.js";
import { loadGolden, type Json } from "./helpers.js";

const golden = loadGolden("optim_data.json");

function close(a: number[], b: number[], tol: number): void {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => {
    if (!(Math.abs(v - b[i]) <= tol * Math.max(1, Math.abs(b[i])))) throw new Error(`index ${i}: ${v} vs ${b[i]}\n${JSON.stringify(a)}\n${JSON.stringify(b)}`);
  });
}

/** Runs fn, expecting PyTorch's error class (by name) and message. */
function expectError(fn: () => unknown, want: { type: string; message: string }): void {
  let caught: unknown = null;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(Error);
  expect({ type: (caught as Error).name, message: (caught as Error).message }).toEqual(want);
}

describe("LBFGS with line_search_fn='strong_wolfe' against PyTorch", () => {
  const functions: Record<string, (x: Tensor) => Tensor> = {
    rosenbrock: (x) => {
      const n = x.shape[0] - 1, head = x.narrow(0, 0, n), tail = x.narrow(0, 1, n);
      return head.neg().add(1).pow(2).sum().add(tail.sub(head.pow(2)).pow(2).sum().mul(100));
    },
    mild: (x) => {
      const c = torch.tensor([0.5, -1, 2], { dtype: x.dtype }), w = torch.tensor([1, 3, 0.5], { dtype: x.dtype });
      return w.mul(x.sub(c).pow(2)).sum().add(x.pow(4).sum().mul(0.1));
    },
  };
  for (const c of golden.lbfgs as Json[]) {
    it(`${c.fn} in ${c.dtype} ${JSON.stringify(c.options)}`, () => {
      const x = torch.tensor(c.x0, { dtype: (torch as Json)[c.dtype], requires_grad: true });
      const opt = new torch.optim.LBFGS([x], c.options);
      const closure = () => {
        opt.zero_grad();
        const loss = functions[c.fn](x);
        loss.backward();
        return loss;
      };
      // PyTorch's BLAS dot sums in another order, and the line search amplifies the last bits.
      const tol = c.dtype === "float64" ? 1e-7 : 1e-5;
      for (const want of c.steps) {
        close([opt.step(closure).item() as number], [want.loss], tol);
        close(x.tolist() as number[], want.x, tol);
        const state = opt.state.get(x)!;
        expect([state.func_evals, state.n_iter]).toEqual([want.func_evals, want.n_iter]);
      }
    });
  }
  it("refuses other line searches at step, as PyTorch", () => {
    const w = torch.zeros(2, { requires_grad: true });
    const closure = () => {
      const loss = w.sub(1).pow(2).sum();
      loss.backward();
      return loss;
    };
    expectError(() => new torch.optim.LBFGS([w], { line_search_fn: "foo" as never }).step(closure), golden.errors.line_search);
  });
});

describe("optimizer options", () => {
  it("RMSprop's maximize follows PyTorch", () => {
    for (const c of golden.maximize as Json[]) {
      const w = torch.tensor([0.5, -1, 2], { requires_grad: true });
      const opt = new torch.optim.RMSprop([w], c.options);
      for (const want of c.trajectory) {
        opt.zero_grad();
        torch.sin(w).mul(w).sum().backward();
        opt.step();
        close(w.tolist() as number[], want, 1e-6);
      }
    }
  });
  it("positional order is PyTorch 1.13's (foreach and maximize positional in RMSprop, Rprop, ASGD)", () => {
    const w = torch.zeros(2, { requires_grad: true });
    expect(new torch.optim.RMSprop([w], 0.01, 0.99, 1e-8, 0, 0, false, null, true).param_groups[0].maximize).toBe(true);
    expect(new torch.optim.Rprop([w], 0.01, [0.5, 1.2], [1e-6, 50], null, true).param_groups[0].maximize).toBe(true);
    expect(() => new torch.optim.Adam([w], 0.01, [0.9, 0.999], 1e-8, 0, false, null as never)).toThrow("Adam.__init__() takes 5 positional arguments but 6 were given");
  });
  it("refuses capturable, differentiable and fused by name", () => {
    const w = torch.zeros(2, { requires_grad: true });
    expect(() => new torch.optim.Adam([w], { capturable: true } as never)).toThrow(torch.NotImplementedError);
    expect(() => new torch.optim.Adam([w], { capturable: true } as never)).toThrow("tensorgrad: Adam(capturable=True) is not supported");
    expect(() => new torch.optim.SGD([w], { lr: 0.1, differentiable: true } as never)).toThrow("tensorgrad: SGD(differentiable=True) is not supported");
    expect(() => new torch.optim.RMSprop([{ params: [w], differentiable: true }])).toThrow("tensorgrad: RMSprop(differentiable=True) is not supported");
    expectError(() => new torch.optim.Adam([w], { fused: true } as never), golden.errors.fused);
    // Options PyTorch 1.13 does not have for that optimizer stay misspellings.
    expect(() => new torch.optim.AdamW([w], { fused: true } as never)).toThrow("AdamW.__init__() got an unexpected keyword argument 'fused'");
    // The defaults PyTorch puts in every group.
    expect(new torch.optim.Adam([w]).param_groups[0]).toMatchObject({ capturable: false, differentiable: false, fused: false });
  });
});

describe("parameter groups", () => {
  it("a parameter in two groups, a tensor or a set for params, and a non-tensor are PyTorch's errors", () => {
    const w = torch.zeros(2, { requires_grad: true }), v = torch.zeros(2, { requires_grad: true });
    expectError(() => new torch.optim.SGD([{ params: [w] }, { params: [v, w] }], { lr: 0.1 }), golden.errors.two_groups);
    expectError(() => new torch.optim.SGD(w as never, { lr: 0.1 }), golden.errors.tensor_params);
    expectError(() => new torch.optim.SGD([{ params: new Set([w]) }], { lr: 0.1 }), golden.errors.set_params);
    expectError(() => new torch.optim.SGD([w, 3 as never], { lr: 0.1 }), golden.errors.number_param);
  });
  it("add_param_group adds a group over the defaults; a tensor that retains its grad may be optimized", () => {
    const w = torch.zeros(2, { requires_grad: true }), v = torch.zeros(2, { requires_grad: true });
    const opt = new torch.optim.SGD([w], { lr: 0.1, momentum: 0.9 });
    opt.add_param_group({ params: v, lr: 0.01 });
    expect(opt.param_groups[1]).toMatchObject({ lr: 0.01, momentum: 0.9 });
    expect(opt.param_groups[1].params[0]).toBe(v);
    expect(() => opt.add_param_group({ params: [w] })).toThrow("some parameters appear in more than one parameter group");
    const y = w.mul(2);
    y.retain_grad();
    expect(new torch.optim.SGD([y], 0.1).param_groups[0].params[0]).toBe(y);
    expect(() => new torch.optim.SGD([w.mul(2)], 0.1)).toThrow("can't optimize a non-leaf Tensor");
  });
});

describe("schedulers with a zero period raise Python's ZeroDivisionError, as PyTorch", () => {
  const S = torch.optim.lr_scheduler;
  const run = (make: (o: torch.optim.Optimizer) => { step(epoch?: number): void }, epoch?: number) => () => {
    const s = make(new torch.optim.SGD([torch.zeros(2, { requires_grad: true })], 0.1));
    s.step(epoch);
  };
  const e = golden.errors;
  it("CosineAnnealingLR(opt, 0), StepLR(opt, 0), LinearLR and PolynomialLR with total_iters=0, CyclicLR with no steps", () => {
    expect(() => new S.CosineAnnealingLR(new torch.optim.SGD([torch.zeros(1, { requires_grad: true })], 0.1), 0)).not.toThrow();
    expectError(run((o) => new S.CosineAnnealingLR(o, 0)), e.cosine_step);
    expectError(run((o) => new S.CosineAnnealingLR(o, 0), 3), e.cosine_epoch);
    expectError(run((o) => new S.StepLR(o, 0)), e.step_step);
    expectError(run((o) => new S.StepLR(o, 0), 3), e.step_epoch);
    expectError(run((o) => new S.LinearLR(o, { total_iters: 0 }), 3), e.linear_epoch);
    expectError(run((o) => new S.PolynomialLR(o, { total_iters: 0 }), 3), e.polynomial_epoch);
    expectError(() => new S.CyclicLR(new torch.optim.SGD([torch.zeros(1, { requires_grad: true })], 0.1), 0.01, 0.1, { step_size_up: 0 }), e.cyclic);
    expect(e.cosine_step.type).toBe(new torch.ZeroDivisionError("").name);
  });
});
