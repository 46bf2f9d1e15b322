// inplace=True as PyTorch honours it: the activation or dropout is written into
// its input, which is returned, under PyTorch's node, with PyTorch's gradient.
// Values from tests/golden/inplace.py.
import { describe, it } from "node:test";
import { expect } from "expect";
import * as torch from "../src/index.js";
import type { Tensor } from "../src/index.js";
import { loadGolden } from "./helpers.js";

const golden = loadGolden("inplace.json");
const F = torch.nn.functional;
const nn = torch.nn;
const VALUES = [-2.0, -0.5, 0.0, 0.25, 1.5, 4.0, 7.0, -3.5];

const CALLS: Record<string, (h: Tensor) => Tensor> = {
  "F.relu": (h) => F.relu(h, { inplace: true }),
  "F.relu6": (h) => F.relu6(h, { inplace: true }),
  "F.leaky_relu": (h) => F.leaky_relu(h, 0.2, { inplace: true }),
  "F.elu": (h) => F.elu(h, 0.7, { inplace: true }),
  "F.selu": (h) => F.selu(h, { inplace: true }),
  "F.celu": (h) => F.celu(h, 1.3, { inplace: true }),
  "F.silu": (h) => F.silu(h, { inplace: true }),
  "F.hardtanh": (h) => F.hardtanh(h, -1.0, 2.0, { inplace: true }),
  "F.hardswish": (h) => F.hardswish(h, { inplace: true }),
  "F.hardsigmoid": (h) => F.hardsigmoid(h, { inplace: true }),
  "F.mish": (h) => F.mish(h, { inplace: true }),
  "F.threshold": (h) => F.threshold(h, 0.1, -5.0, { inplace: true }),
  "nn.ReLU": (h) => new nn.ReLU({ inplace: true }).forward(h),
  "nn.LeakyReLU": (h) => new nn.LeakyReLU(0.1, true).forward(h),
  "nn.Hardswish": (h) => new nn.Hardswish({ inplace: true }).forward(h),
  "nn.ReLU6": (h) => new nn.ReLU6(true).forward(h),
  "nn.SiLU": (h) => new nn.SiLU({ inplace: true }).forward(h),
  "nn.ELU": (h) => new nn.ELU({ inplace: true }).forward(h),
  "F.dropout": (h) => F.dropout(h, 0.4, true, { inplace: true }),
  "nn.Dropout": (h) => new nn.Dropout(0.3, { inplace: true }).forward(h),
  "F.rrelu": (h) => F.rrelu(h, 0.1, 0.3, true, { inplace: true }),
};
const SEEDED = new Set(["F.dropout", "nn.Dropout", "F.rrelu"]);

function close(got: number[], want: number[]): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i])).toBeLessThanOrEqual(1e-5 + 1e-4 * Math.abs(want[i])));
}

describe("inplace=True against PyTorch", () => {
  it("every golden case has a call", () => expect(Object.keys(CALLS).sort()).toEqual(Object.keys(golden).sort()));
  for (const [name, call] of Object.entries(CALLS)) {
    it(name, () => {
      const want = golden[name];
      const leaf = torch.tensor(VALUES, { requires_grad: true });
      const h = leaf.mul(1);
      if (SEEDED.has(name)) torch.manual_seed(5);
      const out = call(h);
      expect(out === h).toBe(want.same);
      close(h.detach().tolist() as number[], want.values);
      expect(h.grad_fn!.name()).toBe(want.grad_fn);
      const upstream = torch.arange(VALUES.length).float().mul(0.7).cos();
      out.mul(upstream).sum().backward();
      close(leaf.grad!.tolist() as number[], want.grad);
    });
  }
  it("an in-place activation of a leaf that requires grad is PyTorch's error, and leaves the leaf as it was", () => {
    const leaf = torch.tensor([-1, 2], { requires_grad: true });
    expect(() => F.relu(leaf, { inplace: true })).toThrow("a leaf Variable that requires grad is being used in an in-place operation.");
    expect(leaf.tolist()).toEqual([-1, 2]);
  });
  it("inplace in eval mode is the identity, returning the input", () => {
    const h = torch.tensor([1, 2]);
    expect(F.dropout(h, 0.5, false, true)).toBe(h);
  });
});
