// Arguments as PyTorch binds them: any parameter by position or by name, a
// value of the wrong kind is PyTorch's TypeError, and autograd.grad's
// is_grads_batched. Values and messages from tests/golden/arguments.py.
import { describe, it } from "node:test";
import { expect } from "expect";
import * as torch from "../src/index.js";
import type { Tensor } from "../src/index.js";
import { expectTensor, loadGolden, thrown, type Json } from "./helpers.js";

const golden = loadGolden("arguments.json");
const x = torch.arange(6).float().reshape(2, 3);
const y = torch.arange(6, 12).float().reshape(2, 3);

function batchedGrad(): (Tensor | null)[] {
  const a = torch.tensor([1, 2, 3], { requires_grad: true });
  const w = torch.tensor([1, 2], { requires_grad: true });
  const out = a.pow(2).mul(w.sum());
  const gs = torch.stack([torch.eye(3).index(0), torch.ones(3), torch.arange(3).float()]);
  return torch.autograd.grad(out, [a, w], gs, { is_grads_batched: true, allow_unused: true });
}

function withOut(f: (out: Tensor) => Tensor, out: Tensor): Tensor {
  expect(f(out)).toBe(out);
  return out;
}

const CALLS: Record<string, () => unknown> = {
  "torch.add out": () => withOut((o) => torch.add(x, y, { alpha: 2, out: o }), torch.empty(2, 3)),
  "torch.exp out resized": () => withOut((o) => torch.exp(x, { out: o }), torch.empty(0)),
  "torch.mul out float64": () => withOut((o) => torch.mul(x, y, { out: o }), torch.empty(2, 3, { dtype: torch.float64 })),
  "torch.zeros out takes its dtype": () => withOut((o) => torch.zeros(2, 2, { out: o }), torch.empty(0, { dtype: torch.int64 })),
  "torch.arange out": () => withOut((o) => torch.arange(4, { out: o }), torch.empty(4)),
  "F.normalize out": () => withOut((o) => torch.nn.functional.normalize(x, { out: o }), torch.empty(0)),
  "F.normalize out requires grad": () => torch.nn.functional.normalize(x.clone().requires_grad_(), { out: torch.empty(2, 3) }),
  "torch.eq out": () => withOut((o) => torch.eq(x, y.sub(6), { out: o }), torch.empty(0, { dtype: torch.bool })),
  "torch.where out": () => withOut((o) => torch.where(x.gt(2), x, y, { out: o }), torch.empty(0)),
  "torch.clamp out": () => withOut((o) => torch.clamp(x, 1, 4, { out: o }), torch.empty(0)),
  "torch.lerp out": () => withOut((o) => torch.lerp(x, y, 0.25, { out: o }), torch.empty(0)),
  "torch.logical_and out": () => withOut((o) => torch.logical_and(x, y, { out: o }), torch.empty(0, { dtype: torch.bool })),
  "torch.isnan takes no out": () => torch.isnan(x, { out: torch.empty(0, { dtype: torch.bool }) }),
  "torch.nonzero as_tuple takes no out": () => torch.nonzero(x, { as_tuple: true, out: torch.empty(0) } as never),
  "torch.add out cannot cast": () => torch.add(x, y, { out: torch.empty(2, 3, { dtype: torch.int64 }) }),
  "torch.exp out requires grad": () => torch.exp(x.clone().requires_grad_(), { out: torch.empty(2, 3) }),
  "cat dim by name": () => torch.cat([x, y], { dim: 1 }),
  "stack dim by name": () => torch.stack([x, y], { dim: 1 }),
  "split by name": () => x.split({ split_size: 2, dim: 1 }),
  "torch.split by name": () => torch.split(x, { split_size_or_sections: [1, 2], dim: 1 }),
  "chunk by name": () => x.chunk(2, { dim: 1 }),
  "unbind by name": () => x.unbind({ dim: 1 }),
  "transpose by name": () => x.transpose({ dim0: 0, dim1: 1 }),
  "narrow by name": () => x.narrow(1, { start: 1, length: 2 }),
  "select by name": () => x.select({ dim: 1, index: 2 }),
  "movedim by name": () => x.unsqueeze(0).movedim({ source: 0, destination: 2 }),
  "diagonal by name": () => x.diagonal({ offset: 1 }),
  "softmax by name with dtype": () => x.softmax({ dim: 1, dtype: torch.float64 }),
  "log_softmax by name": () => torch.log_softmax(x, { dim: 0 }),
  "tril by name": () => x.tril({ diagonal: 1 }),
  "triu by name": () => torch.triu(x, { diagonal: -1 }),
  "roll by name": () => x.roll({ shifts: 1, dims: 1 }),
  "cummax by name": () => x.cummax({ dim: 1 }),
  "unfold by name": () => x.unfold(1, { size: 2, step: 1 }),
  "dist by name": () => x.dist(y, { p: 1 }),
  "diagonal_scatter by name": () => x.diagonal_scatter(torch.ones(2), { offset: 1 }),
  "tril diagonal of the wrong kind": () => x.tril(0.5),
  "stack dim of the wrong kind": () => torch.stack([x, y], { dim: "a" as unknown as number }),
  "chunk chunks of the wrong kind": () => x.chunk("a" as unknown as number),
  "flatten start_dim of the wrong kind": () => x.flatten(0.5),
  "grad is_grads_batched": batchedGrad,
  "grad is_grads_batched create_graph": () => {
    const a = torch.tensor([1, 2, 3], { requires_grad: true });
    const [g] = torch.autograd.grad(a.pow(3), a, torch.eye(3), { is_grads_batched: true, create_graph: true });
    return torch.autograd.grad(g!.sum(), a);
  },
  "grad is_grads_batched shape mismatch": () => {
    const a = torch.tensor([1, 2, 3], { requires_grad: true });
    return torch.autograd.grad(a.pow(2), a, torch.ones(3), { is_grads_batched: true });
  },
};

function expectValue(got: unknown, want: Json): void {
  if (want === null) return expect(got).toBeNull();
  if (Array.isArray(want)) {
    const list = Array.from(got as Iterable<unknown>);
    expect(list.length).toBe(want.length);
    return want.forEach((w, i) => expectValue(list[i], w));
  }
  expectTensor(got as Tensor, want);
}

describe("arguments against PyTorch", () => {
  it("every golden case has a call", () => expect(Object.keys(CALLS).sort()).toEqual(Object.keys(golden).sort()));
  for (const [name, call] of Object.entries(CALLS)) {
    it(name, () => {
      const want = golden[name];
      if (want.error === undefined) return expectValue(call(), want.value);
      const err = thrown(call);
      expect(err?.name).toBe(want.error.type);
      expect(err?.message).toBe(want.error.message);
    });
  }
});

describe("layouts, memory formats and copies", () => {
  const refused = (f: () => unknown) => thrown(f)?.name ?? null;
  it("strided and contiguous_format are honoured; sparse layouts, channels_last and pinned memory are refused by name", () => {
    expect(torch.zeros(2, { layout: torch.strided, memory_format: torch.contiguous_format }).tolist()).toEqual([0, 0]);
    expect(x.contiguous({ memory_format: torch.contiguous_format })).toBe(x);
    // memory_format is keyword-only, as in PyTorch (and linalg.cross's dim).
    expect(thrown(() => x.contiguous(torch.contiguous_format as never))?.message).toBe("contiguous() takes 0 positional arguments but 1 was given");
    expect(thrown(() => torch.linalg.cross(torch.ones(3), torch.ones(3), 0 as never))?.message).toBe("linalg_cross() takes 2 positional arguments but 3 were given");
    expect(torch.linalg.cross(torch.tensor([1, 0, 0]), torch.tensor([0, 1, 0]), { dim: 0 }).tolist()).toEqual([0, 0, 1]);
    expect(x.clone({ memory_format: torch.preserve_format }).tolist()).toEqual(x.tolist());
    expect(refused(() => torch.zeros(2, { layout: torch.sparse_coo }))).toBe("NotImplementedError");
    expect(refused(() => torch.ones(2, 3, { pin_memory: true }))).toBe("NotImplementedError");
    expect(refused(() => x.contiguous({ memory_format: torch.channels_last }))).toBe("NotImplementedError");
    expect(refused(() => torch.zeros_like(x, { memory_format: torch.channels_last }))).toBe("NotImplementedError");
  });
  it("to(..., { copy: true }) copies even when nothing changes", () => {
    const c = x.to(torch.float32, { copy: true });
    expect(c).not.toBe(x);
    c.add_(1);
    expect(x.index(0, 0).item()).toBe(0);
    expect(x.to(torch.float32)).toBe(x);
  });
});

describe("arguments of the wrong kind", () => {
  const typeError = (f: () => unknown) => {
    const err = thrown(f);
    return err === null ? null : [err.name, err.message];
  };
  it("x.sum(1, 'yes') is a TypeError naming keepdim, not a truthy keepdim", () => {
    // Both fail to compile too (ArgsOf: each parameter name has one type).
    // @ts-expect-error keepdim is a boolean
    expect(typeError(() => x.sum(1, "yes"))).toEqual(["TypeError", "sum(): argument 'keepdim' (position 2) must be bool, not str"]);
    // @ts-expect-error keepdim is a boolean
    expect(typeError(() => x.mean({ dim: 1, keepdim: 1 }))).toEqual(["TypeError", "mean(): argument 'keepdim' must be bool, not int"]);
    // @ts-expect-error descending is a boolean
    expect(typeError(() => x.sort(0, "desc"))).toEqual(["TypeError", "sort(): argument 'descending' (position 2) must be bool, not str"]);
    expect(typeError(() => x.to(torch.float64, { copy: "yes" as unknown as boolean }))).toEqual(["TypeError", "to(): argument 'copy' must be bool, not str"]);
  });
  it("a misspelled option of a torch.* function is Python's TypeError, not dropped", () => {
    expect(typeError(() => torch.mul(x, x, { outt: x } as never))).toEqual(["TypeError", "mul() got an unexpected keyword argument 'outt'"]);
    expect(typeError(() => torch.pow(x, x, { foo: x } as never))?.[0]).toBe("TypeError");
  });
  it("a wrong kind leaves the tensor as it was", () => {
    const before = x.tolist();
    expect(typeError(() => x.narrow(0, "1" as unknown as number, 1))?.[0]).toBe("TypeError");
    expect(x.tolist()).toEqual(before);
  });
  it("gather's sparse_grad is refused by name", () => {
    expect(typeError(() => x.gather(1, torch.tensor([[0], [1]], { dtype: torch.int64 }), { sparse_grad: true }))?.[0]).toBe("NotImplementedError");
  });
});
