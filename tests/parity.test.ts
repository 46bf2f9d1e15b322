// The parity and safety fixes that the golden JSON cannot express: JS-only
// argument kinds, in-place ops on views as ported programs write them, state
// left intact after errors, sizes that used to exhaust memory, and hostile
// safetensors files. (PyTorch's values for these paths are in the golden
// cases and the differential programs.)
import { describe, it } from "node:test";
import { expect } from "expect";
import * as torch from "../src/index.js";
import type { Tensor } from "../src/index.js";

const grid = () => torch.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]], { requires_grad: true });

describe("in-place ops on views of tensors that require grad", () => {
  it("v = x.clone(); v.narrow(0, 0, 2).mul_(2) rebases v's history (CopySlices)", () => {
    const x = grid();
    const v = x.clone();
    const n = v.narrow(0, 0, 2);
    n.mul_(2);
    expect(v.grad_fn!.name()).toBe("torch::autograd::CopySlices");
    expect(String(v.grad_fn)).toBe("<CopySlices>");
    expect(n.grad_fn!.name()).toBe("AsStridedBackward0");
    expect(v.grad_fn!.next_functions.map(([f]) => (f === null ? null : f.name()))).toEqual(["CloneBackward0", null]);
    v.mul(v).sum().backward();
    expect(x.grad!.tolist()).toEqual([[8, 16, 24], [32, 40, 48], [14, 16, 18], [20, 22, 24]]);
  });
  it("h.index(null, 1).zero_() on an activation, with a view taken before it", () => {
    const x = grid();
    const h = x.mul(1);
    const before = h.index(null, 0);
    h.index(null, 1).zero_();
    expect(before.grad_fn!.name()).toBe("AsStridedBackward0");
    h.mul(torch.arange(12).reshape(4, 3)).sum().add(before.sum()).backward();
    expect(x.grad!.tolist()).toEqual([[1, 0, 2], [4, 0, 5], [7, 0, 8], [10, 0, 11]]);
  });
  it("x[mask] = 0 on an activation is index_put_ (IndexPutBackward0)", () => {
    const x = grid();
    const a = x.mul(1);
    a.index_put_([a.gt(5)], 0);
    expect(a.grad_fn!.name()).toBe("IndexPutBackward0");
    a.sum().backward();
    expect(x.grad!.tolist()).toEqual([[1, 1, 1], [1, 1, 0], [0, 0, 0], [0, 0, 0]]);
  });
  it("a view of a leaf that requires grad: PyTorch's error, and nothing changes", () => {
    const x = grid();
    for (const f of [() => x.narrow(0, 0, 1).mul_(2), () => x.index(0).zero_(), () => x.index_put_([0], 1)]) {
      expect(f).toThrow("a view of a leaf Variable that requires grad is being used in an in-place operation.");
    }
    // x[mask] = 0 writes the leaf itself.
    expect(() => x.index_put_([x.gt(3)], 0)).toThrow(/^a leaf Variable that requires grad is being used in an in-place operation.$/);
    expect(x.tolist()).toEqual(grid().tolist());
    expect(x._versionNumber).toBe(0);
    expect(x.grad_fn).toBeNull();
    // Under no_grad the write is allowed, as in PyTorch's init code.
    torch.no_grad(() => x.narrow(0, 0, 1).zero_());
    expect((x.tolist() as number[][])[0]).toEqual([0, 0, 0]);
  });
  it("a view of a strided base (a transposed tensor) written in place routes its gradient by position", () => {
    const x = torch.randn(3, 4, { requires_grad: true });
    const b = torch.randn(4, 3).t().detach();
    b.narrow(0, 1, 2).copy_(x.narrow(0, 0, 2).mul(2));
    b.mul(torch.arange(12).reshape(3, 4)).sum().backward();
    expect(x.grad!.tolist()).toEqual([[8, 10, 12, 14], [16, 18, 20, 22], [0, 0, 0, 0]]);
  });
  it("an expanded view cannot be written in place", () => {
    const e = torch.zeros(3).expand(2, 3);
    expect(() => e.add_(1)).toThrow("unsupported operation: more than one element of the written-to tensor refers to a single memory location.");
  });
  it("double backward through CopySlices", () => {
    const z = torch.tensor([1.5, 2, 3], { requires_grad: true, dtype: torch.float64 });
    const c = z.mul(1);
    c.narrow(0, 1, 2).pow_(3);
    const [g] = torch.autograd.grad(c.sum(), [z], undefined, { create_graph: true });
    expect(g!.tolist()).toEqual([1, 12, 27]);
    const [gg] = torch.autograd.grad(g!.sum(), [z]);
    expect(gg!.tolist()).toEqual([0, 12, 18]);
  });
  it("gradcheck through in-place ops on views", () => {
    const f = (x: Tensor, y: Tensor) => {
      const b = x.mul(2);
      b.narrow(1, 1, 2).mul_(y);
      b.index(0).add_(y.sum());
      return b.exp();
    };
    const x = torch.randn(3, 4, { dtype: torch.float64, requires_grad: true });
    const y = torch.randn(3, 2, { dtype: torch.float64, requires_grad: true });
    expect(torch.autograd.gradcheck(f, [x, y])).toBe(true);
    expect(torch.autograd.gradgradcheck(f, [x, y])).toBe(true);
  });
});

describe("prod's gradient with zeros", () => {
  it("scales to 70,000 elements (no n x n mask) and gives the product of the others at the zero", () => {
    const x = torch.full([70_000], 1.0001);
    x.index_put_([3], 0);
    x.requires_grad_();
    x.prod().backward();
    const g = x.grad!;
    // float32 products drift from the exact value by about 1e-3 over 70,000 factors.
    expect(Math.abs((g.index(3).item() as number) / 1.0001 ** 69_999 - 1)).toBeLessThan(5e-3);
    expect(g.index(0).item()).toBe(0);
  });
});

describe("arguments of the wrong kind", () => {
  it("binary ops say what PyTorch says of a wrong argument", () => {
    const x = torch.ones(2);
    expect(() => x.add(undefined as never)).toThrow("add(): argument 'other' (position 1) must be Tensor, not undefined");
    expect(() => x.sub({} as never)).toThrow("sub(): argument 'other' (position 1) must be Tensor, not dict");
    expect(() => x.mul([1, 2] as never)).toThrow("mul(): argument 'other' (position 1) must be Tensor, not list");
    expect(() => x.pow("2" as never)).toThrow("pow(): argument 'exponent' (position 1) must be Tensor, not str");
    expect(() => x.matmul(undefined as never)).toThrow("matmul(): argument 'other' (position 1) must be Tensor, not undefined");
    expect(() => x.maximum(1 as never)).toThrow("maximum(): argument 'other' (position 1) must be Tensor, not int");
    expect(() => torch.add("a" as never, x)).toThrow("add(): argument 'input' (position 1) must be Tensor, not str");
    expect(() => x.index_put_([0], "a" as never)).toThrow("can't assign a str to a torch.FloatTensor");
  });
});

/** Safetensors bytes from a header object (or raw header text) and a data section. */
function file(header: unknown, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const text = typeof header === "string" ? header : JSON.stringify(header);
  const h = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

describe("torch.load rejects hostile safetensors files before allocating", () => {
  const f32 = (n: number) => new Uint8Array(4 * n);
  const cases: [string, Uint8Array, string][] = [
    ["negative offsets", file({ a: { dtype: "F32", shape: [1], data_offsets: [-4, 0] } }, f32(1)), "invalid data_offsets"],
    ["overlapping offsets", file({ a: { dtype: "F32", shape: [2], data_offsets: [0, 8] }, b: { dtype: "F32", shape: [2], data_offsets: [4, 12] } }, f32(3)), "offsets must not overlap or leave gaps"],
    ["a gap", file({ a: { dtype: "F32", shape: [1], data_offsets: [4, 8] } }, f32(2)), "offsets must not overlap or leave gaps"],
    ["offsets past the data", file({ a: { dtype: "F32", shape: [4], data_offsets: [0, 16] } }, f32(2)), "the tensors cover 16 bytes, but the data section has 8"],
    ["trailing data", file({ a: { dtype: "F32", shape: [1], data_offsets: [0, 4] } }, f32(2)), "the tensors cover 4 bytes, but the data section has 8"],
    ["a negative shape", file({ a: { dtype: "F32", shape: [-1, -2], data_offsets: [0, 8] } }, f32(2)), "invalid shape [-1,-2]"],
    ["a fractional shape", file({ a: { dtype: "F32", shape: [0.5, 4], data_offsets: [0, 8] } }, f32(2)), "invalid shape [0.5,4]"],
    ["shape x dtype size off the byte range", file({ a: { dtype: "F32", shape: [3], data_offsets: [0, 8] } }, f32(2)), "covers 8 bytes, but shape [3] of F32 needs 12"],
    ["an unknown dtype", file({ a: { dtype: "F99", shape: [1], data_offsets: [0, 4] } }, f32(1)), 'unsupported dtype "F99"'],
    ["a header that is not JSON", file("{not json", f32(1)), "header is not valid UTF-8 JSON"],
    ["a JSON array header", file("[1, 2]"), "header is not a JSON object"],
    ["a header longer than the file", (() => { const b = file({}); new DataView(b.buffer).setBigUint64(0, 1000n, true); return b; })(), "header length 1000 exceeds the file"],
    ["a huge header length", (() => { const b = file({}); new DataView(b.buffer).setBigUint64(0, 2n ** 60n, true); return b; })(), "larger than the format allows"],
    ["bad metadata", file({ __metadata__: { a: 1 } }), "__metadata__ must map strings to strings"],
    ["too short", new Uint8Array(4), "file too small"],
  ];
  for (const [name, bytes, message] of cases) {
    it(name, () => {
      let err: Error | null = null;
      try {
        torch.deserialize(bytes);
      } catch (e) {
        err = e as Error;
      }
      expect(err).toBeInstanceOf(torch.RuntimeError);
      expect(err!.message).toContain(message);
    });
  }
  it("a tensor named __proto__ is a plain entry, not a prototype", () => {
    const sd = torch.deserialize(file({ ["__proto__"]: { dtype: "F32", shape: [1], data_offsets: [0, 4] } }, f32(1))) as Record<string, Tensor>;
    expect(Object.getPrototypeOf(sd)).toBe(Object.prototype);
    expect(Object.keys(sd)).toEqual(["__proto__"]);
    expect(sd["__proto__"].shape).toEqual([1]);
    expect(({} as Record<string, unknown>).dtype).toBeUndefined();
  });
  it("a valid file still round-trips", () => {
    const sd = { w: torch.tensor([[1, 2], [3, 4]]), n: torch.tensor([5n, 6n]), e: torch.zeros(0) };
    const back = torch.deserialize(torch.serialize(sd)) as Record<string, Tensor>;
    expect(back.w.tolist()).toEqual([[1, 2], [3, 4]]);
    expect(back.n.tolist()).toEqual([5, 6]);
    expect(back.e.shape).toEqual([0]);
  });
});

describe("options: PyTorch's names (and NumPy's aliases) or Python's TypeError", () => {
  it("an option a function does not take is a TypeError naming it", () => {
    const x = torch.ones(2, 3);
    expect(() => torch.ones(2, { requires_gard: true } as never)).toThrow("ones() got an unexpected keyword argument 'requires_gard'");
    expect(() => torch.randn(2, { seed: 1 } as never)).toThrow("randn() got an unexpected keyword argument 'seed'");
    // @ts-expect-error a misspelled option fails to compile too
    expect(() => x.sum({ dim: 1, keepdimz: true })).toThrow("sum() got an unexpected keyword argument 'keepdimz'");
    expect(() => x.mean(1, { keepdim: true, dim: 0 })).toThrow("mean() got multiple values for argument 'dim'");
    expect(() => new torch.nn.Linear(3, 2, { biass: false } as never)).toThrow("Linear.__init__() got an unexpected keyword argument 'biass'");
    // @ts-expect-error a misspelled option fails to compile too
    expect(() => torch.nn.functional.cross_entropy(x, torch.tensor([0, 1], { dtype: torch.int64 }), { reduce_: "sum" })).toThrow(
      "cross_entropy() got an unexpected keyword argument 'reduce_'",
    );
    const y = x.mul(2).sum();
    expect(() => y.backward(undefined, { retain_grpah: true } as never)).toThrow("backward() got an unexpected keyword argument 'retain_grpah'");
  });
  it("NumPy's keepdims and axis are PyTorch's keepdim and dim", () => {
    const x = torch.arange(6).float().reshape(2, 3);
    expect(x.sum({ dim: 1, keepdims: true }).shape).toEqual([2, 1]);
    expect(x.sum({ axis: 0 }).tolist()).toEqual([3, 5, 7]);
    expect(x.mean({ axis: 1, keepdims: true }).tolist()).toEqual([[1], [4]]);
  });
  it("a random function checks its options before drawing", () => {
    torch.manual_seed(0);
    expect(() => torch.rand(3, { gnerator: null } as never)).toThrow("rand() got an unexpected keyword argument 'gnerator'");
    const a = torch.rand(3).tolist();
    torch.manual_seed(0);
    expect(torch.rand(3).tolist()).toEqual(a);
  });
});

describe("legacy constructors and saved-value introspection", () => {
  it("new torch.Tensor(data | sizes) and torch.FloatTensor / LongTensor / IntTensor / DoubleTensor / BoolTensor", () => {
    const t = new torch.Tensor([1.5, 2]);
    expect(t.dtype).toBe(torch.float32);
    expect(t.tolist()).toEqual([1.5, 2]);
    expect(new torch.Tensor(2, 3).shape).toEqual([2, 3]);
    expect(new torch.Tensor().shape).toEqual([0]);
    expect(torch.LongTensor([1, 2]).dtype).toBe(torch.int64);
    expect(new torch.DoubleTensor([1]).dtype).toBe(torch.float64);
    expect(torch.IntTensor(3).shape).toEqual([3]);
    expect(torch.BoolTensor([true, false]).tolist()).toEqual([true, false]);
    expect(() => new torch.Tensor("a" as never)).toThrow("new(): data must be a sequence (got str)");
  });
  it("grad_fn._saved_self is the input; _saved_result is a new tensor; both are gone after backward", () => {
    const a = torch.randn(5, { requires_grad: true });
    const b = torch.ones(5, { requires_grad: true });
    const y = a.mul(b);
    const node = y.grad_fn as unknown as Record<string, Tensor>;
    expect(node._saved_self).toBe(a);
    expect(node._saved_other).toBe(b);
    const z = a.exp();
    const saved = (z.grad_fn as unknown as Record<string, Tensor>)._saved_result;
    expect(saved).not.toBe(z);
    expect(saved.equal(z)).toBe(true);
    expect(saved.grad_fn).toBe(z.grad_fn);
    y.sum().backward();
    expect(() => node._saved_self).toThrow("Trying to backward through the graph a second time");
  });
});

describe("torch.Size", () => {
  it("size() is a torch.Size: an array of the dims with numel() and PyTorch's printing", () => {
    const s = torch.zeros(2, 3, 4).size();
    expect(s).toBeInstanceOf(torch.Size);
    expect([...s]).toEqual([2, 3, 4]);
    expect(s.numel()).toBe(24);
    expect(String(s)).toBe("torch.Size([2, 3, 4])");
    expect(s.slice(1)).toEqual([3, 4]);
    expect(String(torch.tensor(1).size())).toBe("torch.Size([])");
    expect(torch.zeros(2, 3).size(-1)).toBe(3);
  });
});
