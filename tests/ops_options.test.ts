// Op options and forms against PyTorch 1.13 (tests/golden/ops_options.json, from ops_options.py):
// index_put's accumulate, scatter's reduce, searchsorted's sorter, unique's dim, cov's weights,
// var/std and xlogy gradients at their edges, tuple results by position, einsum's errors.
import { describe, it } from "node:test";
import { expect } from "expect";
import * as torch from "../src/index.js";
import type { Tensor } from "../src/index.js";
import { loadGolden, replayCases } from "./helpers.js";

replayCases(loadGolden("ops_options.json").cases);

describe("(values, indices) results as PyTorch's tuples", () => {
  const x = torch.tensor([[3, 1, 2], [0, 5, 4]]);
  it("index by position, have length 2 and destructure", () => {
    const results = [torch.sort(x), x.max(1), x.min(0), x.topk(2), x.kthvalue(1), x.mode(1), x.median(1), x.nanmedian(1), x.cummax(1), x.cummin(0)];
    for (const r of results) {
      const [values, indices]: Tensor[] = [...r];
      expect(r.length).toBe(2);
      expect(r[0]).toBe(r.values);
      expect(r[1]).toBe(r.indices);
      expect([values, indices]).toEqual([r.values, r.indices]);
    }
    // Typed by position: [0] and [1] are Tensors, length is the literal 2.
    const values: Tensor = torch.sort(x)[0], indices: Tensor = x.max(1)[1], length: 2 = x.topk(2).length;
    expect([values.shape, indices.dtype, length]).toEqual([[2, 3], torch.int64, 2]);
    const mm = torch.aminmax(x, { dim: 1 });
    expect([mm.length, mm[0], mm[1]]).toEqual([2, mm.min, mm.max]);
  });
});

describe("einsum's sublist form", () => {
  it("takes '...' for Ellipsis", () => {
    const a = torch.arange(6).float().reshape(2, 3);
    expect(torch.einsum(a, ["...", 1], [1]).tolist()).toEqual([3, 5, 7]);
  });
});

describe("window functions' factory options", () => {
  it("refuse other layouts and pinned memory as the creation functions do", () => {
    expect(() => torch.hann_window(4, { layout: torch.sparse_coo })).toThrow("hann_window(): layout=torch.sparse_coo is not supported: tensorgrad's tensors are strided");
    expect(() => torch.kaiser_window(4, { pin_memory: true })).toThrow(torch.NotImplementedError);
    expect(torch.hann_window(4, { layout: torch.strided }).tolist()).toEqual([0, 0.5, 1, 0.5]);
  });
});

describe("x[idx] = value (index_put_)", () => {
  it("drops the value's leading 1s as Python's setitem does, with the gradient in the value's shape", () => {
    const x = torch.zeros(2, 3, { requires_grad: true }).clone();
    const v = torch.tensor([[[1, 2, 3]]], { requires_grad: true });
    x.index_put_([torch.tensor([0], { dtype: torch.int64 })], v);
    expect(x.tolist()).toEqual([[1, 2, 3], [0, 0, 0]]);
    x.sum().backward();
    expect(v.grad!.shape).toEqual([1, 1, 3]);
    expect(v.grad!.tolist()).toEqual([[[1, 1, 1]]]);
  });
});
