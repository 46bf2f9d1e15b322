// Recurrent layers and gradient clipping against PyTorch (tests/golden/nn.py):
// parameter names, seeded initialisation, outputs, states and every gradient.
import { describe, it } from "node:test";
import { expect } from "expect";
import * as torch from "../src/index.js";
import type { Tensor } from "../src/index.js";
import { loadGolden, type Json } from "./helpers.js";

const golden = loadGolden("nn.json");
const { nn } = torch;

function close(got: number[], want: number[], tol = 2e-5): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    if (Math.abs(g - want[i]) > tol * (1 + Math.abs(want[i]))) throw new Error(`element ${i}: got ${g}, want ${want[i]}`);
  });
}
const flat = (t: Tensor) => t.detach().reshape(-1).tolist() as number[];

/** sin(k i) over the shape, in float64 then float32: the generator's wave(). */
function wave(shape: number[], k: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return torch.tensor(Array.from({ length: n }, (_, i) => Math.sin(i * k)), { dtype: torch.float64 }).reshape(shape).float();
}

describe("RNN, LSTM, GRU and their cells against PyTorch", () => {
  for (const c of golden.recurrent as Json[]) {
    it(`${c.repr} on [${c.shape}]${c.with_state ? " with a state" : ""}`, () => {
      torch.manual_seed(c.seed);
      const Cls = (nn as Json)[c.cls];
      const m = Object.keys(c.kwargs).length ? new Cls(...c.args, c.kwargs) : new Cls(...c.args);
      expect(String(m)).toBe(c.repr);
      expect(m.named_parameters().map(([n]: [string]) => n)).toEqual(c.names);
      m.parameters().forEach((p: Tensor, i: number) => close(flat(p), c.params[i], 1e-6));
      const x = wave(c.shape, 0.37).requires_grad_();
      const cell = c.cls.endsWith("Cell");
      const lstm = c.cls.startsWith("LSTM");
      let state: Json = null;
      if (c.with_state) {
        const sshape = c.outputs[cell ? 0 : 1].shape;
        state = lstm ? [wave(sshape, 0.21), wave(sshape, 0.13)] : wave(sshape, 0.21);
      }
      const res = m.forward(x, state);
      const outs: Tensor[] = cell ? (lstm ? res : [res]) : [res[0], ...(lstm ? res[1] : [res[1]])];
      outs.forEach((o, k) => {
        expect(o.shape).toEqual(c.outputs[k].shape);
        close(flat(o), c.outputs[k].values);
      });
      let loss = torch.tensor(0);
      for (const o of outs) {
        const up = torch.tensor(Array.from({ length: o.numel() }, (_, i) => Math.cos(i * 0.7)), { dtype: torch.float64 }).reshape(o.shape).float();
        loss = loss.add(o.mul(up).sum());
      }
      loss.backward();
      close(flat(x.grad!), c.input_grad);
      m.parameters().forEach((p: Tensor, i: number) => close(flat(p.grad!), c.param_grads[i]));
    });
  }
  it("loads a PyTorch-named state_dict and rejects a wrong hidden state", () => {
    const a = new nn.LSTM(3, 4, { num_layers: 2 });
    const b = new nn.LSTM(3, 4, 2);
    b.load_state_dict(a.state_dict());
    const x = torch.randn(5, 2, 3);
    expect(flat(b.forward(x)[0])).toEqual(flat(a.forward(x)[0]));
    expect(() => a.forward(x, [torch.zeros(1, 2, 4), torch.zeros(1, 2, 4)])).toThrow("Expected hidden size (2, 2, 4), got [1, 2, 4]");
    expect(() => new nn.GRU(3, 4, { num_layer: 2 } as never)).toThrow("GRU.__init__() got an unexpected keyword argument 'num_layer'");
  });
});

describe("gradient clipping against PyTorch", () => {
  for (const normType of [2, 1, Infinity]) {
    it(`clip_grad_norm_ with norm_type ${normType}`, () => {
      const want = golden.clipping[normType === Infinity ? "inf" : `${normType}.0`];
      const a = torch.tensor([[3, -4], [1, 2]], { requires_grad: true });
      const b = torch.tensor([0.5, -6], { requires_grad: true });
      a.mul(torch.tensor([[1, 2], [3, 4]])).sum().add(b.pow(2).sum()).backward();
      const total = nn.utils.clip_grad_norm_([a, b], 5, normType);
      expect(total.item()).toBeCloseTo(want.total, 4);
      close(flat(a.grad!), want.a);
      close(flat(b.grad!), want.b);
    });
  }
  it("clip_grad_value_", () => {
    const a = torch.tensor([3, -4, 0.5], { requires_grad: true });
    a.mul(torch.tensor([1, -2, 0.1])).sum().backward();
    nn.utils.clip_grad_value_([a], 1.5);
    close(flat(a.grad!), golden.clipping.value);
  });
});
