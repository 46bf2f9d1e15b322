// torch.optim (LBFGS's strong-Wolfe line search, maximize, refused options, parameter
// groups, schedulers' zero periods) and torch.utils.data (DataLoader over sequences,
// range indexing, workers) against PyTorch 1.13 (tests/golden/optim_data.py).
import { describe, it } from "node:test";
import { expect } from "expect";
import * as torch from "../src/index.js";
import type { Tensor } from "../src/index.js";
import { reraise } from "../src/utils/data/worker.js";
import { expectError, loadGolden, thrown, type Json } from "./helpers.js";

const golden = loadGolden("optim_data.json");

function close(a: number[], b: number[], tol: number): void {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => {
    if (!(Math.abs(v - b[i]) <= tol * Math.max(1, Math.abs(b[i])))) throw new Error(`index ${i}: ${v} vs ${b[i]}\n${JSON.stringify(a)}\n${JSON.stringify(b)}`);
  });
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
    expectError(() => new torch.optim.SGD([{ params: new Set([w]) as never }], { lr: 0.1 }), golden.errors.set_params);
    expectError(() => new torch.optim.SGD([w, 3 as never], { lr: 0.1 }), golden.errors.number_param);
  });
  it("add_param_group adds a group over the defaults; a tensor that retains its grad may be optimized", () => {
    const w = torch.zeros(2, { requires_grad: true }), v = torch.zeros(2, { requires_grad: true });
    const opt = new torch.optim.SGD([w], { lr: 0.1, momentum: 0.9 });
    opt.add_param_group({ params: v, lr: 0.01 });
    expect(opt.param_groups[1]).toMatchObject({ lr: 0.01, momentum: 0.9 });
    expect(opt.param_groups[1].params[0]).toBe(v);
    expect(() => opt.add_param_group({ params: [w] })).toThrow("some parameters appear in more than one parameter group");
    expect(() => opt.add_param_group(w as never)).toThrow(new torch.AssertionError("param group must be a dict"));
    const y = w.mul(2);
    y.retain_grad();
    expect(new torch.optim.SGD([y], 0.1).param_groups[0].params[0]).toBe(y);
    expect(() => new torch.optim.SGD([w.mul(2)], 0.1)).toThrow("can't optimize a non-leaf Tensor");
  });
});

describe("schedulers' verbose", () => {
  it("prints PyTorch's lines for each group's new lr", () => {
    const S = torch.optim.lr_scheduler;
    const cases: [string, (o: torch.optim.Optimizer) => { step(a?: number): void }, (number | undefined)[]][] = [
      ["step", (o) => new S.StepLR(o, 2, { gamma: 0.5, verbose: true }), [undefined, undefined, undefined]],
      ["warm_restarts", (o) => new S.CosineAnnealingWarmRestarts(o, 3, { verbose: true }), [undefined, 1.5, 4.25]],
      ["plateau", (o) => new S.ReduceLROnPlateau(o, { patience: 1, verbose: true }) as never, [1, 2, 3, 4]],
    ];
    const log = console.log;
    for (const [name, make, steps] of cases) {
      const lines: string[] = [];
      console.log = (line: string) => lines.push(line);
      try {
        const opt = new torch.optim.SGD([torch.zeros(1, { requires_grad: true })], 0.1);
        opt.add_param_group({ params: [torch.zeros(1, { requires_grad: true })], lr: 0.02 });
        const s = make(opt);
        for (const a of steps) s.step(a);
      } finally {
        console.log = log;
      }
      expect(lines).toEqual(golden.verbose[name]);
    }
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

describe("DataLoader over sequences, TensorDataset ranges, collation", () => {
  const D = torch.utils.data;
  const want = golden.data;
  const plain = (b: unknown): unknown =>
    b instanceof torch.Tensor ? b.tolist() : Array.isArray(b) ? b.map(plain) : b !== null && typeof b === "object" ? Object.fromEntries(Object.entries(b).map(([k, v]) => [k, plain(v)])) : b;
  it("takes an array, a Tensor's rows, or an array of pairs as its dataset, as PyTorch takes any sequence", () => {
    const rows = Array.from({ length: 5 }, (_, i) => torch.tensor([i, -i]));
    expect([Array.from(new D.DataLoader(rows, { batch_size: 2 }), plain)]).toEqual(want.list_of_tensors);
    expect([Array.from(new D.DataLoader(torch.arange(7), { batch_size: 3 }), plain)]).toEqual(want.tensor_rows);
    const pairs = Array.from({ length: 4 }, (_, i) => [torch.tensor(i), i] as [Tensor, number]);
    expect([Array.from(new D.DataLoader(pairs, { batch_size: 3 }), plain)]).toEqual(want.list_of_pairs);
    expect(new D.DataLoader(rows, { batch_size: 2, shuffle: true }).length).toBe(3);
  });
  it("batch_size=None calls collate_fn on each item (not a list of one)", () => {
    expect([Array.from(new D.DataLoader(new D.TensorDataset(torch.arange(4)), { batch_size: null, collate_fn: (item: Tensor[]) => item.length }))]).toEqual(want.unbatched_collate);
  });
  it("TensorDataset.get takes a slice [start, end, step] or an index tensor, as ds[1:4], ds[0:5:2], ds[tensor([4, 0])]", () => {
    const td = new D.TensorDataset(torch.arange(10).reshape(5, 2), torch.arange(5, { dtype: torch.float32 }));
    expect(plain(td.get([1, 4]))).toEqual(want.tensor_dataset_slice);
    expect(plain(td.get([0, 5, 2]))).toEqual(want.tensor_dataset_step);
    expect(plain(td.get(torch.tensor([4, 0], { dtype: torch.int64 })))).toEqual(want.tensor_dataset_index);
  });
  it("default_collate: objects by key, booleans to bool, strings kept, PyTorch's errors", () => {
    expect(plain(D.default_collate([{ a: 1, b: true, c: "x", d: [1.5, 2] }, { a: 2, b: false, c: "y", d: [2.5, 3] }]))).toEqual(want.collate_kinds);
    expect((D.default_collate([[1, 1.5, true], [2, 2.5, false]]) as Tensor[]).map((t) => `torch.${t.dtype.name}`)).toEqual(want.collate_dtypes);
    expectError(() => D.default_collate([[1, 2], [3]]), want.errors.collate_unequal);
    expectError(() => D.default_collate([null, null]), want.errors.collate_unknown);
    // PyTorch 1.13 reads batch[0] of an empty batch.
    expectError(() => D.default_collate([]), { type: "IndexError", message: "list index out of range" });
  });
  it("default_collate: an int64 past 2^53 is torch.tensor's error, not rounded", () => {
    const big = 2n ** 53n + 1n;
    expect(thrown(() => D.default_collate([big, 1n]))?.message).toBe(thrown(() => torch.tensor([big]))!.message);
    expect(thrown(() => D.default_collate([1n, 2n ** 63n]))?.message).toBe("Overflow when unpacking long");
    const exact = D.default_collate([2n ** 53n, -3n]) as Tensor;
    expect([exact.dtype, exact.tolist()]).toEqual([torch.int64, [2 ** 53, -3]]);
  });
  it("an index past a dataset's end is PyTorch's IndexError", () => {
    const list = "list index out of range";
    // Python's list[i]: from the end if negative, else an IndexError.
    expect(new D.Subset([1, 2, 3], [-1, 0]).get(0)).toBe(3);
    expectError(() => new D.Subset([1, 2, 3], [3]).get(0), { type: "IndexError", message: list });
    expectError(() => new D.Subset([1, 2, 3], [-4]).get(0), { type: "IndexError", message: list });
    expectError(() => new D.Subset([1, 2, 3], [0, 1]).get(2), { type: "IndexError", message: list });
    expectError(() => Array.from(new D.DataLoader([1, 2], { sampler: [0, 5] })), { type: "IndexError", message: list });
    expectError(() => new D.ConcatDataset([[1, 2], [3]]).get(3), { type: "IndexError", message: list });
    // A tensor's rows as tensor[i], and TensorDataset's as each tensor's.
    const bounds = { type: "IndexError", message: "index 5 is out of bounds for dimension 0 with size 5" };
    expectError(() => new D.Subset(torch.arange(5), [5]).get(0), bounds);
    expectError(() => new D.TensorDataset(torch.arange(5)).get(5), bounds);
  });
});

describe("DataLoader workers (num_workers > 0)", () => {
  const D = torch.utils.data;
  const want = golden.data;
  const module = new URL("./workers/dataset.ts", import.meta.url);
  const plain = (b: unknown): unknown =>
    b instanceof torch.Tensor ? b.tolist() : Array.isArray(b) ? b.map(plain) : b !== null && typeof b === "object" ? Object.fromEntries(Object.entries(b).map(([k, v]) => [k, plain(v)])) : b;
  const epochs = (loader: Iterable<unknown>, n: number) => Array.from({ length: n }, () => Array.from(loader, plain));
  const closeNested = (a: unknown, b: unknown): void => {
    if (Array.isArray(b)) {
      expect(Array.isArray(a) && a.length).toBe(b.length);
      b.forEach((v, i) => closeNested((a as unknown[])[i], v));
    } else if (b !== null && typeof b === "object") {
      expect(Object.keys(a as object).sort()).toEqual(Object.keys(b).sort());
      for (const [k, v] of Object.entries(b)) closeNested((a as Record<string, unknown>)[k], v);
    } else if (typeof b === "number" && !Number.isInteger(b)) close([a as number], [b], 1e-7);
    else expect(a).toEqual(b);
  };
  it("a TensorDataset sent to two workers: PyTorch's batches and generator state, in the order of num_workers=0", () => {
    torch.manual_seed(0);
    const ds = new D.TensorDataset(torch.arange(10), torch.arange(10, { dtype: torch.float32 }).mul(2));
    closeNested(epochs(new D.DataLoader(ds, { batch_size: 3, shuffle: true, num_workers: 2 }), 2), want.tensor_workers);
    close(torch.rand(2).tolist() as number[], want.tensor_workers_after, 1e-7);
  });
  it("a dataset from worker_module: each worker seeded base_seed + id, worker_init_fn and get_worker_info in the worker", async () => {
    const { dataset, worker_init_fn, collate_fn } = await import("./workers/dataset.js");
    torch.manual_seed(1);
    closeNested(epochs(new D.DataLoader(dataset, { batch_size: 2, num_workers: 2, worker_init_fn, worker_module: module }), 1), want.noisy);
    close(torch.rand(2).tolist() as number[], want.noisy_after, 1e-7);
    // Persistent workers keep their generators across epochs; the base seed is drawn once.
    torch.manual_seed(2);
    const loader = new D.DataLoader(dataset, { batch_size: 3, shuffle: true, num_workers: 3, prefetch_factor: 1, persistent_workers: true, collate_fn, worker_module: module });
    closeNested(epochs(loader, 2), want.noisy_persistent);
    close(torch.rand(2).tolist() as number[], want.noisy_persistent_after, 1e-7);
    // Without batching, items themselves, from the loader's own generator's base seed.
    torch.manual_seed(3);
    closeNested(epochs(new D.DataLoader(dataset, { batch_size: null, num_workers: 2, generator: new torch.Generator().manual_seed(7), worker_module: module }), 1), want.noisy_unbatched);
    close(torch.rand(2).tolist() as number[], want.noisy_unbatched_after, 1e-7);
    expect(D.get_worker_info()).toBeNull();
  });
  it("for await gives the same batches; an abandoned epoch of persistent workers is drained", async () => {
    const { dataset } = await import("./workers/dataset.js");
    const make = () => new D.DataLoader(dataset, { batch_size: 2, num_workers: 2, persistent_workers: true, worker_module: module });
    torch.manual_seed(1);
    const sync = epochs(make(), 1);
    torch.manual_seed(1);
    const loader = make();
    const got: unknown[] = [];
    for await (const b of loader) got.push(plain(b));
    expect([got]).toEqual(sync);
    for (const b of loader) {
      expect(plain(b[0])).toEqual([[0], [1]]);
      break;
    }
    expect(Array.from(loader, (b: Tensor[]) => b[0].tolist())).toEqual([[[0], [1]], [[2], [3]], [[4], [5]], [[6], [7]], [[8], [9]]]);
  });
  it("a worker's error is raised in the main thread as PyTorch's ExceptionWrapper raises it", () => {
    const dataset = { length: 10, get: () => torch.zeros(1) };
    const loader = new D.DataLoader(dataset, { batch_size: 2, num_workers: 2, worker_module: new URL("./workers/broken_dataset.ts", import.meta.url) });
    let caught: Error | null = null;
    try {
      for (const _ of loader) void _;
    } catch (e) {
      caught = e as Error;
    }
    expect(caught).toBeInstanceOf(torch.ValueError);
    expect(caught!.message).toMatch(/^Caught ValueError in DataLoader worker process 1\.\nOriginal ValueError: item 7 is broken\n/);
  });
  it("a worker's KeyError, AssertionError, ZeroDivisionError or _LinAlgError is raised as its class", () => {
    const dataset = { length: 10, get: () => torch.zeros(1) };
    // Item 9 alone: worker 0 raises KeyError('label'); PyTorch's KeyErrorMessage keeps the message unquoted.
    const loader = new D.DataLoader(dataset, { sampler: [9], num_workers: 1, worker_module: new URL("./workers/broken_dataset.ts", import.meta.url) });
    const caught = thrown(() => Array.from(loader));
    expect(caught).toBeInstanceOf(torch.KeyError);
    expect(caught!.name).toBe("KeyError");
    expect(caught!.message).toMatch(/^Caught KeyError in DataLoader worker process 0\.\nOriginal KeyError: 'label'\n/);
    const classes = [["AssertionError", torch.AssertionError], ["ZeroDivisionError", torch.ZeroDivisionError], ["_LinAlgError", torch.linalg.LinAlgError]] as const;
    for (const [name, cls] of classes) {
      const e = thrown(() => reraise({ name, message: "m", stack: `${name}: m` }, 2));
      expect([e instanceof cls, e!.name, e!.message]).toEqual([true, name, `Caught ${name} in DataLoader worker process 2.\nOriginal ${name}: m`]);
    }
  });
  it("honours timeout (PyTorch's RuntimeError), and refuses what a thread cannot do by name", () => {
    const ds = new D.TensorDataset(torch.arange(4));
    const e = want.errors;
    expectError(() => new D.DataLoader(ds, { num_workers: -1 }), e.negative_workers);
    expectError(() => new D.DataLoader(ds, { num_workers: 1.5 }), { type: "TypeError", message: "DataLoader.__init__(): argument 'num_workers' must be int, not float" });
    expectError(() => new D.DataLoader(ds, { num_workers: 1, prefetch_factor: "2" as never }), { type: "TypeError", message: "DataLoader.__init__(): argument 'prefetch_factor' must be int, not str" });
    expect(new D.DataLoader(ds, { num_workers: 1n as never, prefetch_factor: 3n as never })).toMatchObject({ num_workers: 1, prefetch_factor: 3 });
    expectError(() => new D.DataLoader(ds, { timeout: -1 }), e.negative_timeout);
    expectError(() => new D.DataLoader(ds, { prefetch_factor: 3 }), e.prefetch_without_workers);
    expectError(() => new D.DataLoader(ds, { persistent_workers: true }), e.persistent_without_workers);
    expectError(() => new D.DataLoader(ds, { multiprocessing_context: "spawn" }), e.context_without_workers);
    expectError(() => new D.DataLoader(ds, { num_workers: 1, multiprocessing_context: "thread" }), e.context_unknown);
    expect(() => new D.DataLoader(ds, { num_workers: 1, multiprocessing_context: "fork" })).toThrow("tensorgrad: DataLoader(multiprocessing_context='fork') is not supported");
    expect(new D.DataLoader(ds, { num_workers: 1, multiprocessing_context: "spawn" }).multiprocessing_context).toBe("spawn");
    expect(() => new D.DataLoader(ds, { pin_memory: true, pin_memory_device: "cuda" })).toThrow(torch.NotImplementedError);
    expect(new D.DataLoader(ds, { pin_memory: true }).pin_memory).toBe(true);
    expect(() => Array.from(new D.DataLoader(ds, { timeout: 1 }))).toThrow(torch.AssertionError);
    expect(() => new D.DataLoader(ds, { num_workers: 1, prefetch_factor: 0 })).toThrow(torch.AssertionError);
    const custom = { length: 4, get: (i: number) => torch.tensor([i]) };
    expect(() => new D.DataLoader(custom, { num_workers: 2 })).toThrow("tensorgrad: DataLoader(num_workers > 0) over a dict needs worker_module");
    expect(() => new D.DataLoader(ds, { num_workers: 2, collate_fn: (b: unknown) => b })).toThrow("with a collate_fn needs worker_module");
    expect(() => new D.DataLoader(ds, { num_workers: 2, worker_init_fn: () => undefined })).toThrow("with a worker_init_fn needs worker_module");
    expect(() => new D.DataLoader(ds, { worker_module: module })).toThrow("it needs num_workers > 0");
    expect(() => new D.DataLoader(ds, { num_workers: 1, worker_module: "./workers/dataset.ts" })).toThrow("worker_module must be an absolute URL");
    const slow = new URL("./workers/slow_dataset.ts", import.meta.url);
    const loader = new D.DataLoader({ length: 2, get: () => torch.zeros(1) }, { num_workers: 1, timeout: 0.25, worker_module: slow });
    expect(() => Array.from(loader)).toThrow(new RegExp(`^${e.timed_out_message}$`));
  });
  it("checks worker_module's functions against the loader's", async () => {
    const { dataset } = await import("./workers/dataset.js");
    const loader = new D.DataLoader(dataset, { num_workers: 1, collate_fn: (b: unknown) => b, worker_module: module });
    expect(() => Array.from(loader)).toThrow("DataLoader: the collate_fn given to DataLoader is not worker_module's export 'collate_fn'");
  });
});
