// The kernels of native/kernels.h (through the addon, or wasm) against the TypeScript
// reference (the correctness oracle), on inputs large enough to take the kernel paths.
// Skipped on the TS backend.
import { describe, it } from "node:test";
import { expect } from "expect";
import * as torch from "../src/index.js";
import type { Tensor } from "../src/index.js";
import { backend } from "../src/backend/index.js";
import { tsBackend } from "../src/backend/ts/index.js";
import type { Backend, Storage } from "../src/backend/index.js";
import type { TypedArray } from "../src/dtype.js";
import { hasRelaxedSimd, wasmBackend } from "../src/backend/wasm/index.js";
import { existsSync, readFileSync } from "node:fs";

const wasmFile = (name: string) => new URL(`../dist/wasm/${name}`, import.meta.url);

/** The reference, typed as any backend so that it takes tensors as views. */
const reference: Backend = tsBackend;

const skip = ["native", "wasm"].includes(torch.get_backend()) ? false : "neither the native addon nor wasm is loaded";

/** Max relative difference (NaN matching NaN, infinities matching exactly). */
function expectClose(gotStorage: Storage, wantStorage: Storage, rtol = 2e-6, atol = 1e-6): void {
  const got = gotStorage as TypedArray, want = wantStorage as TypedArray;
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i], w = want[i];
    if (Number.isNaN(w)) {
      if (!Number.isNaN(g)) throw new Error(`element ${i}: got ${g}, want NaN`);
      continue;
    }
    if (!Number.isFinite(w)) {
      if (g !== w) throw new Error(`element ${i}: got ${g}, want ${w}`);
      continue;
    }
    if (Math.abs(g - w) > atol + rtol * Math.abs(w)) throw new Error(`element ${i}: got ${g}, want ${w}`);
  }
}

/** Normal values with NaNs sprinkled in (every `nanEvery`-th element). */
function data(shape: number[], nanEvery = 0, dtype = torch.float32): Tensor {
  const t = torch.randn(shape, { dtype });
  if (nanEvery > 0) {
    const d = t._host();
    for (let i = 0; i < d.length; i += nanEvery) d[i] = NaN;
  }
  return t;
}

describe("the kernels (native or wasm) agree with the TypeScript reference", { skip }, () => {
  torch.manual_seed(0);
  it("exp, tanh, sigmoid, relu, erf over the float range (float32 within 2 ulp)", () => {
    const x = torch.cat([torch.linspace(-110, 90, 40000), torch.tensor([NaN, Infinity, -Infinity, 0, -0])]);
    for (const op of ["exp", "tanh", "sigmoid", "relu", "neg", "sqrt", "log", "erf"] as const) {
      expectClose(backend.unary(op, x, torch.float32), reference.unary(op, x, torch.float32), 3e-7, 1e-37);
    }
    const x64 = x.double();
    for (const op of ["exp", "tanh", "sigmoid"] as const) expectClose(backend.unary(op, x64, torch.float64), reference.unary(op, x64, torch.float64), 1e-15, 0);
    expectClose(backend.unary("erf", x64, torch.float64), reference.unary("erf", x64, torch.float64), 1e-14, 1e-300);
  });

  it("sums, maxima and argmaxes over any block of dims, NaN included", () => {
    const x = data([6, 7, 8, 40], 997);
    for (const dims of [[3], [2, 3], [1], [0], [1, 2], [0, 2, 3], [0, 1, 2, 3], [0, 3]]) {
      for (const op of ["sum", "max", "min"] as const) {
        expectClose(backend.reduce(op, x, dims, torch.float32), reference.reduce(op, x, dims, torch.float32), 1e-5, 1e-5);
      }
    }
    for (const dims of [[0], [1], [2], [3]]) {
      for (const op of ["argmax", "argmin"] as const) expectClose(backend.reduce(op, x, dims, torch.int64), reference.reduce(op, x, dims, torch.int64), 0, 0);
    }
    const full = data([100000]);
    expectClose(backend.reduce("sum", full, [0], torch.float32), reference.reduce("sum", full, [0], torch.float32), 1e-6, 1e-4);
  });

  it("a bias broadcast over rows or over channels", () => {
    const a = data([16, 12, 9, 11]);
    for (const bShape of [[11], [9, 11], [12, 1, 1], [12, 9, 1], [1, 12, 1, 1], [16, 1, 1, 1]]) {
      const b = data(bShape);
      for (const op of ["add", "sub", "mul", "div", "maximum", "minimum"] as const) {
        expectClose(backend.binary(op, a, b, a.shape, torch.float32), reference.binary(op, a, b, a.shape, torch.float32), 0, 0);
      }
    }
  });

  it("a number on the left, and operands broadcast or strided in any way", () => {
    const x = data([40, 60], 97);
    for (const op of ["add", "sub", "mul", "div", "maximum", "minimum"] as const) {
      for (const s of [2, -0.5]) expectClose(backend.binary(op, s, x, x.shape, torch.float32), reference.binary(op, s, x, x.shape, torch.float32), 0, 0);
    }
    const base = data([2400]).abs().add(0.1);
    expectClose(backend.binary("pow", 1.5, base, base.shape, torch.float32), reference.binary("pow", 1.5, base, base.shape, torch.float32), 4e-7, 0);
    const full = data([4, 32, 64]), middle = data([4, 1, 64]), column = data([32, 1]), strided = data([64, 32, 4]).permute(2, 1, 0);
    for (const [a, b] of [[full, middle], [middle, full], [full, column], [column, full], [strided, middle], [middle, strided], [full, strided.narrow(2, 0, 1)]]) {
      const shape = [4, 32, 64];
      for (const op of ["add", "sub", "mul", "div"] as const) expectClose(backend.binary(op, a, b, shape, torch.float32), reference.binary(op, a, b, shape, torch.float32), 0, 0);
    }
  });

  it("pow with a tensor exponent and with scalar exponents (products for small integers, as PyTorch)", () => {
    const base = data([20000]).abs().add(0.1);
    const e = data([20000]).mul(0.5);
    expectClose(backend.binary("pow", base, e, base.shape, torch.float32), reference.binary("pow", base, e, base.shape, torch.float32), 4e-7, 0);
    for (const s of [2, 3, 0.5, -0.5, -1, -2, 1.7]) {
      expectClose(backend.binary("pow", base, s, base.shape, torch.float32), reference.binary("pow", base, s, base.shape, torch.float32), 4e-7, 0);
    }
  });

  it("strided copies: transposes, permutes, flips, narrows and broadcasts, float32 and float64", () => {
    for (const dtype of [torch.float32, torch.float64]) {
      const x = data([24, 18, 7], 0, dtype);
      const views: Tensor[] = [x.transpose(0, 2), x.permute(1, 2, 0), x.flip(1), x.narrow(1, 3, 9), x.index(null, [null, null, 2]), x.select(2, 3).t()];
      for (const v of views) expectClose(backend.copy(v, v.shape, dtype), reference.copy(v, v.shape, dtype), 0, 0);
      const row = data([1, 1, 3000], 0, dtype);
      expectClose(backend.copy(row, [4, 3, 3000], dtype), reference.copy(row, [4, 3, 3000], dtype), 0, 0);
    }
  });

  it("where with tensors and scalars, and comparisons with a scalar", () => {
    const x = data([20000], 101), y = data([20000]);
    const cond = x.gt(0);
    for (const [a, b] of [[x, y], [x, 0], [1.5, y], [2, -3]] as const) {
      expectClose(backend.where(cond, a, b, x.shape, torch.float32), reference.where(cond, a, b, x.shape, torch.float32), 0, 0);
    }
    for (const op of ["le", "lt", "ge", "gt", "eq", "ne"] as const) {
      expectClose(backend.binary(op, x, 0.25, x.shape, torch.bool), reference.binary(op, x, 0.25, x.shape, torch.bool), 0, 0);
    }
  });

  it("scatter-adds with disjoint per-thread ranges and with collisions", () => {
    const base = data([70000]);
    const src = data([140000]);
    // col2im-like: each half of the source lands in its own half of the output, with repeats.
    const blocked = Int32Array.from({ length: 140000 }, (_, i) => Math.floor(i / 2));
    // Collisions across the halves: every index appears in both.
    const mixed = Int32Array.from({ length: 140000 }, (_, i) => (i * 7919) % 70000);
    for (const index of [blocked, mixed]) expectClose(backend.putAdd(base, index, src, torch.float32), reference.putAdd(base, index, src, torch.float32), 1e-6, 1e-6);
  });

  it("matrix products: batched, broadcast, transposed, split into row or column slabs", () => {
    const cases: [Tensor, Tensor][] = [
      [data([300, 70]), data([70, 90])], // rows split
      [data([20, 300]), data([300, 500])], // columns split
      [data([64, 300]).t(), data([64, 80])], // transposed A
      [data([16, 30, 40]), data([16, 40, 50])], // batch over threads
      [data([30, 40]).expand(16, 30, 40), data([16, 40, 50])], // broadcast A (batch stride 0)
      [data([3, 200, 100]), data([100, 300]).expand(3, 100, 300)],
    ];
    for (const [a, b] of cases) {
      const a3 = a.dim() === 2 ? a.unsqueeze(0) : a, b3 = b.dim() === 2 ? b.unsqueeze(0) : b;
      const [batch, m, k] = a3.shape, n = b3.shape[2];
      expectClose(backend.matmul(a3, b3, batch, m, k, n, torch.float32), reference.matmul(a3, b3, batch, m, k, n, torch.float32), 1e-4, 1e-4);
    }
  });

  it("max_pool2d picks each window's first maximum or first NaN, and its gradient goes there", () => {
    for (const [shape, k, stride, padding, dilation] of [[[3, 4, 9, 11], 2, 2, 0, 1], [[2, 3, 10, 10], 3, 1, 1, 1], [[2, 2, 13, 12], 3, 2, 1, 2]] as [number[], number, number, number, number][]) {
      for (const dtype of [torch.float32, torch.float64]) {
        // Small integers, so that windows hold ties; some NaNs.
        const x = torch.randint(-3, 4, shape).to(dtype), d = x._host();
        for (let i = 0; i < d.length; i += 37) d[i] = NaN;
        x.requires_grad_(true);
        const y = torch.nn.functional.max_pool2d(x, k, { stride, padding, dilation });
        const [n, c, h, w] = shape, [ho, wo] = [y.shape[2], y.shape[3]];
        const want: number[] = [], grad = new Array<number>(d.length).fill(0), g = torch.arange(n * c * ho * wo).to(dtype).reshape(y.shape);
        for (let p = 0; p < n * c; p++)
          for (let r = 0; r < ho; r++)
            for (let q = 0; q < wo; q++) {
              let best = -Infinity, at = -1;
              for (let i = 0; i < k; i++)
                for (let j = 0; j < k; j++) {
                  const row = r * stride - padding + i * dilation, col = q * stride - padding + j * dilation;
                  if (row < 0 || row >= h || col < 0 || col >= w) continue; // padding: -inf
                  const v = d[(p * h + row) * w + col];
                  if (at < 0 || (!Number.isNaN(best) && (v > best || Number.isNaN(v)))) [best, at] = [v, (p * h + row) * w + col];
                }
              want.push(best);
              grad[at] += (p * ho + r) * wo + q;
            }
        expectClose(y.detach()._host(), Float64Array.from(want), 0, 0);
        y.backward(g);
        expectClose(x.grad!._host(), Float64Array.from(grad), 0, 0);
      }
    }
  });

  it("a convolution's forward and gradients as kernels give im2col's and the composed formulas' values (Note [convolution forward])", async () => {
    const { unfoldWindows } = await import("../src/ops/nn.js");
    const cases: [number[], number[], number, number, number, boolean][] = [
      [[4, 3, 12, 11], [5, 3, 3, 3], 1, 0, 1, true],
      [[3, 2, 15, 16], [4, 2, 3, 2], 2, 1, 2, false],
      [[2, 1, 28, 28], [8, 1, 5, 5], 1, 2, 1, true],
      [[3, 2, 7, 6], [3, 2, 3, 3], 3, 2, 1, false], // padding wider than the stride's reach: whole rows and columns of zeros
      [[11, 3, 9, 9], [4, 3, 3, 3], 1, 1, 1, true], // more items than the weight gradient's eight partial sums
    ];
    for (const [xs, ws, stride, padding, dilation, withBias] of cases) {
      for (const dtype of [torch.float32, torch.float64]) {
        const x = data(xs, 0, dtype), w = data(ws, 0, dtype), bias = withBias ? data([ws[0]], 0, dtype) : null;
        const padded = torch.nn.functional.pad(x, [padding, padding, padding, padding]);
        const { cols, ho, wo } = unfoldWindows(padded, ws[2], ws[3], stride, stride, dilation, dilation);
        const k = ws[1] * ws[2] * ws[3];
        let want = w.reshape(ws[0], k).matmul(cols.reshape(xs[0], k, ho * wo)).reshape(xs[0], ws[0], ho, wo);
        if (bias) want = want.add(bias.reshape(1, ws[0], 1, 1));
        const tol = dtype === torch.float64 ? 1e-12 : 1e-4;
        const geometry = [[stride, stride], [padding, padding], [dilation, dilation]] as const;
        expectClose(backend.conv2d!(x, w, bias, ...geometry, dtype)!, want._host(), tol, tol);
        // create_graph keeps the gradients in tensor ops (the composed formulas): the kernel's reference.
        const [xg, wg] = [x.clone().requires_grad_(true), w.clone().requires_grad_(true)];
        const g = data(want.shape, 0, dtype);
        const y = torch.nn.functional.conv2d(xg, wg, null, { stride, padding, dilation });
        const [gx, gw] = torch.autograd.grad([y], [xg, wg], [g], { create_graph: true });
        for (const needs of [[true, true], [true, false], [false, true]] as [boolean, boolean][]) {
          const got = backend.conv2dBackward!(g, x, w, ...geometry, needs, dtype)!;
          if (needs[0]) expectClose(got.input!, gx!.contiguous()._host(), tol, tol);
          else expect(got.input).toBeNull();
          if (needs[1]) expectClose(got.weight!, gw!.contiguous()._host(), tol, tol);
          else expect(got.weight).toBeNull();
        }
      }
    }
  });

  it("matrix products with a bias row (addmm), whole and split into row or column slabs, float32 and float64", () => {
    // The rows split past 2^23 multiply-adds, the columns where there are more columns than rows.
    for (const [m, k, n] of [[40, 50, 60], [600, 120, 130], [20, 900, 500]]) {
      for (const dtype of [torch.float32, torch.float64]) {
        const a = data([m, k], 0, dtype), w = data([n, k], 0, dtype), bias = data([n], 0, dtype);
        const a3 = a.unsqueeze(0), b3 = w.t().unsqueeze(0);
        const want = reference.binary("add", { _data: reference.matmul(a3, b3, 1, m, k, n, dtype), _shape: [m, n], _strides: [n, 1], _offset: 0 }, bias, [m, n], dtype);
        const tol = dtype === torch.float64 ? 1e-12 : 1e-4;
        expectClose(backend.addmm!(bias, a3, b3, 1, m, k, n, dtype)!, want, tol, tol);
      }
    }
  });

  it("softmax and log_softmax rows and their gradients, as the composed ops (Note [fused softmax])", () => {
    for (const dtype of [torch.float32, torch.float64]) {
      const x = data([40, 300], 0, dtype);
      const d = x._host();
      d[5] = NaN;
      d[300] = Infinity;
      for (let i = 600; i < 900; i++) d[i] = -Infinity; // a row of -inf
      d[905] = -Infinity;
      const g = data([40, 300], 0, dtype), tol = dtype === torch.float64 ? 1e-13 : 3e-6;
      for (const log of [false, true]) {
        const shifted = x.sub(x.amax(1, true));
        const want = log ? shifted.sub(shifted.exp().sum(1, true).log()) : shifted.exp().div(shifted.exp().sum(1, true));
        const y = backend.softmax!(x, log, dtype)!;
        expectClose(y, want._host(), tol, tol);
        const wantGrad = log ? g.sub(want.exp().mul(g.sum(1, true))) : want.mul(g.sub(g.mul(want).sum(1, true)));
        expectClose(backend.softmaxBackward!(g, want, log, dtype)!, wantGrad._host(), tol, tol);
      }
    }
  });

  it("full reductions give the same value run after run", () => {
    const x = data([1 << 20]);
    const first = x.sum().item();
    for (let i = 0; i < 5; i++) expect(x.sum().item()).toBe(first);
  });
});

describe("storage allocation (Note [small storage])", () => {
  it("small arrays come zeroed, aligned and separate, large ones too", async () => {
    const { allocate } = await import("../src/dtype.js");
    const arrays = [3, 17, 100, 500, 1024, 2047, 5000, 100000].flatMap((n) => [torch.float32, torch.float64, torch.bool].map((d) => allocate(d, n)));
    for (const a of arrays) {
      expect(a.every((v) => v === 0)).toBe(true);
      expect(a.byteOffset % 8).toBe(0);
      a.fill(7);
    }
    for (const a of arrays) expect(a.every((v) => v === 7)).toBe(true);
    const t = torch.arange(300, { dtype: torch.float64 }).reshape(3, 100);
    expect(t.sum().item()).toBe((299 * 300) / 2);
  });
});

describe("wasm storage in a loop that never yields (Note [wasm storage])", { skip: torch.get_backend() === "wasm" ? false : "the wasm backend is not loaded" }, () => {
  it("outputs stay in the module's memory past the resident budget (256 MiB), with their values", () => {
    const x = torch.randn(1 << 18); // 1 MiB
    const want = torch.where(x.le(0), 0, x)._host().slice();
    let resident = 0, staged = 0;
    for (let i = 0; i < 600; i++) {
      const y = x.relu()._host();
      if (y.buffer instanceof SharedArrayBuffer) resident++;
      else staged++;
      if (i % 97 === 0) expect(Array.from(y.subarray(0, 1000))).toEqual(Array.from(want.subarray(0, 1000)));
    }
    expect({ resident, staged }).toEqual({ resident: 600, staged: 0 });
  });
});

describe("the four wasm modules (Note [relaxed SIMD] in native/kernels.h)", { skip: existsSync(wasmFile("tensorgrad-relaxed.wasm")) ? false : "dist/wasm is not built" }, () => {
  it("Node loads the -relaxed ones, and each module's products agree with the reference, float32 and float64", async () => {
    if (torch.get_backend() === "wasm") expect(hasRelaxedSimd()).toBe(true);
    for (const name of ["tensorgrad.wasm", "tensorgrad-shared.wasm", "tensorgrad-relaxed.wasm", "tensorgrad-shared-relaxed.wasm"]) {
      if (name.includes("relaxed") && !hasRelaxedSimd()) continue;
      const wasm = (await wasmBackend(readFileSync(wasmFile(name)))) as Backend;
      for (const dtype of [torch.float32, torch.float64]) {
        const a = data([3, 37, 300], 0, dtype), b = data([3, 300, 45], 0, dtype);
        expectClose(wasm.matmul(a, b, 3, 37, 300, 45, dtype), reference.matmul(a, b, 3, 37, 300, 45, dtype), 1e-4, 1e-4);
      }
    }
  });
});

describe("in-place arithmetic written straight into storage (binaryInPlace)", () => {
  it("gives the out-of-place values, for aliasing, broadcast and strided operands", () => {
    torch.manual_seed(1);
    const shapes: [number[], number[]][] = [[[40, 50], [40, 50]], [[40, 50], [50]], [[40, 50], [40, 1]], [[8, 5, 50], [8, 1, 50]]];
    for (const op of ["add_", "sub_", "mul_", "div_"] as const) {
      for (const [xs, ys] of shapes) {
        const x = torch.randn(xs), y = torch.randn(ys).add(3);
        const want = (x as any)[op.slice(0, -1)](y).tolist();
        const v = x._version.v;
        expect((x[op] as (o: unknown) => Tensor)(y)).toBe(x);
        expect(x.tolist()).toEqual(want);
        expect(x._version.v).toBe(v + 1);
      }
      const x = torch.randn(40, 50);
      const self = (x as any)[op.slice(0, -1)](x).tolist(), scalar = (x as any)[op.slice(0, -1)](2.5);
      (x[op] as (o: unknown) => Tensor)(x);
      expect(x.tolist()).toEqual(self);
      const z = torch.randn(40, 50), zWant = (z as any)[op.slice(0, -1)](2.5).tolist();
      (z[op] as (o: unknown) => Tensor)(2.5);
      expect(z.tolist()).toEqual(zWant);
      expect(scalar.shape).toEqual([40, 50]);
      // A transposed view of itself, and a strided target: the values of the out-of-place op.
      const s = torch.randn(50, 50), sWant = (s as any)[op.slice(0, -1)](s.t()).tolist();
      (s[op] as (o: unknown) => Tensor)(s.t());
      expect(s.tolist()).toEqual(sWant);
      const base = torch.randn(50, 60), col = base.narrow(1, 5, 50), colWant = (col as any)[op.slice(0, -1)](1.5).tolist();
      (col[op] as (o: unknown) => Tensor)(1.5);
      expect(base.narrow(1, 5, 50).tolist()).toEqual(colWant);
    }
  });
  it("add_ and sub_ with alpha give add's and sub's values, and a misspelled option is an error that writes nothing", () => {
    for (const op of ["add", "sub"] as const) {
      for (const [xs, ys] of [[[40, 50], [40, 50]], [[40, 50], [50]]]) {
        const x = torch.randn(xs), y = torch.randn(ys), z = torch.randn(xs);
        const want = x[op](y, { alpha: -0.37 }).tolist(), wantScalar = z[op](2, { alpha: 3 }).tolist();
        x[`${op}_`](y, { alpha: -0.37 });
        expect(x.tolist()).toEqual(want);
        z[`${op}_`](2, { alpha: 3 });
        expect(z.tolist()).toEqual(wantScalar);
        const before = x.tolist(), misspelled = { alpah: 2 } as unknown as { alpha: number };
        expect(() => x[`${op}_`](y, misspelled)).toThrow(`${op}_() got an unexpected keyword argument 'alpah'`);
        expect(() => x[op](y, misspelled)).toThrow(`${op}() got an unexpected keyword argument 'alpah'`);
        expect(x.tolist()).toEqual(before);
      }
    }
    expect(() => torch.ones(3).div_(2, { rounding: "floor" } as object)).toThrow("div_() got an unexpected keyword argument 'rounding'");
  });
  it("a tensor a graph saved still counts as modified", () => {
    const w = torch.randn(40, 50, { requires_grad: true }), x = torch.randn(40, 50);
    const y = w.mul(x).sum();
    x.add_(1);
    expect(() => y.backward()).toThrow(/modified by an inplace operation/);
  });
});

describe("the fast paths are taken where they exist (the tests above check their values)", () => {
  /** Runs fn with backend[name] wrapped; returns what each call returned, and its first view's shape. */
  function spy<K extends keyof Backend>(name: K, fn: () => void): { result: unknown; shape: readonly number[] }[] {
    const facade = backend as unknown as Record<string, (...a: unknown[]) => unknown>;
    const original = facade[name];
    const calls: { result: unknown; shape: readonly number[] }[] = [];
    facade[name] = (...a: unknown[]) => {
      const result = original(...a);
      const view = a.find((v) => typeof v === "object" && v !== null && "_shape" in v) as Tensor;
      calls.push({ result, shape: view?._shape ?? [] });
      return result;
    };
    try {
      fn();
    } finally {
      facade[name] = original;
    }
    return calls;
  }
  const kernels = ["native", "wasm"].includes(torch.get_backend());

  it("a Linear weight's gradient becomes .grad without a copy (Note [gradient ownership])", () => {
    const layer = new torch.nn.Linear(48, 40);
    const y = layer.forward(torch.randn(32, 48));
    const copies = spy("copy", () => y.pow(2).sum().backward());
    expect(copies.filter((c) => c.shape.join() === "40,48")).toEqual([]);
  });
  it("Adam, SGD and Adadelta update each parameter with one kernel on the kernel backends (Note [fused optimizer steps])", () => {
    const w = torch.randn(40, 50, { requires_grad: true });
    const steps = [[new torch.optim.Adam([w], { lr: 0.1 }), "adamStep"], [new torch.optim.SGD([w], { lr: 0.1, momentum: 0.9 }), "sgdStep"], [new torch.optim.Adadelta([w]), "adadeltaStep"]] as const;
    for (const [opt, kernel] of steps) {
      w.pow(2).sum().backward();
      const calls = spy(kernel, () => opt.step());
      expect(calls.map((c) => c.result)).toEqual([kernels]);
      w.grad = null;
    }
  });
  it("log_softmax and its gradient run as one kernel each on the kernel backends (Note [fused softmax])", () => {
    const x = torch.randn(30, 40, 1, { requires_grad: true });
    let y: Tensor | undefined;
    const forward = spy("softmax", () => (y = x.log_softmax(1)));
    const backward = spy("softmaxBackward", () => y!.pow(2).sum().backward());
    expect([forward, backward].map((calls) => calls.map((c) => c.result !== null))).toEqual([[kernels], [kernels]]);
  });
  it("a Linear layer's bias is added in its product's pass on the kernel backends (addmm)", () => {
    const layer = new torch.nn.Linear(64, 48), x = torch.randn(32, 64);
    const calls = spy("addmm", () => layer.forward(x));
    expect(calls.map((c) => c.result !== null)).toEqual([kernels]);
    expect(calls[0].shape).toEqual([48]);
  });
  it("max_pool2d and a convolution's forward run as one kernel each on the kernel backends", () => {
    const pools = spy("maxPool2d", () => torch.nn.functional.max_pool2d(torch.randn(2, 3, 8, 8), 2));
    const convs = spy("conv2d", () => new torch.nn.Conv2d(3, 4, 3, 1, 1).forward(torch.randn(2, 3, 8, 8)));
    expect([pools, convs].map((calls) => calls.map((c) => c.result !== null))).toEqual([[kernels], [kernels]]);
  });
  it("relu's gradient (threshold_backward) runs as one kernel on the kernel backends, with where's values", () => {
    const x = torch.randn(40, 50, { requires_grad: true });
    const y = x.relu();
    const g = torch.randn(40, 50);
    const calls = spy("thresholdBackward", () => y.backward(g));
    expect(calls.map((c) => c.result !== null)).toEqual([kernels]);
    for (const dtype of [torch.float32, torch.float64]) {
      const a = data([3000], 7, dtype), grad = data([3000], 0, dtype);
      a._host()[1] = 0.25; // at the threshold: 0, as where(a <= threshold) gives
      const want = torch.where(a.le(0.25), 0, grad);
      const got = backend.thresholdBackward!(grad, a, 0.25, dtype);
      if (kernels) expectClose(got!, want._host(), 0, 0);
    }
  });
  it("a convolution's and max_pool2d's gradients, and dropout's mask, come from one kernel each on the kernel backends", () => {
    const x = torch.randn(2, 3, 8, 8, { requires_grad: true }), conv = new torch.nn.Conv2d(3, 4, 3, 1, 1);
    const y = torch.nn.functional.max_pool2d(conv.forward(x), 2);
    let pools: { result: unknown }[] = [];
    const convs = spy("conv2dBackward", () => void (pools = spy("maxPool2dBackward", () => y.sum().backward())));
    expect([convs, pools].map((calls) => calls.map((c) => c.result !== null))).toEqual([[kernels], [kernels]]);
    expect(spy("bernoulli", () => torch.nn.functional.dropout(x, 0.3)).map((c) => c.result !== null)).toEqual([kernels]);
  });
  it("in-place arithmetic outside autograd writes into the tensor on the kernel backends", () => {
    const x = torch.randn(40, 50), y = torch.randn(40, 50);
    const calls = spy("binaryInPlace", () => torch.no_grad(() => x.add_(y).mul_(2).sub_(y, { alpha: 0.5 })));
    expect(calls.map((c) => c.result)).toEqual([kernels, kernels, kernels]);
  });
});
