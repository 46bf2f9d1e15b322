// float32 exp, tanh, sigmoid, log1p and expm1 against PyTorch 1.13's CPU over
// tests/golden/numerics.json's sweep (Note [float32 transcendentals] in
// native/float_math.h): within 1 ulp, and in fact bit for bit, on whichever CPU
// backend loaded (native, wasm or ts: TENSORGRAD_BACKEND), through every path a
// tensor can take in src/backend/kernels/index.ts: large tensors (the kernels of
// native/kernels.h, a strided one after a copy), small contiguous ones from
// MIN_MATH_ELEMENTS (8) on (the kernels too), small strided ones and tiny ones
// (the TypeScript backend), and each wasm module's kernels directly.
import { describe, it } from "node:test";
import { existsSync, readFileSync } from "node:fs";
import { expect } from "expect";
import * as torch from "../src/index.js";
import type { Tensor } from "../src/index.js";
import { hasRelaxedSimd, wasmBackend } from "../src/backend/wasm/index.js";
import { FUNCTIONS, compareUlps, loadSweeps, type Fn } from "./golden/numerics.js";

const sweeps = loadSweeps();
const apply = (t: Tensor, fn: Fn): Tensor => t[fn]();

/** fn of x through the torch API, `chunk` elements at a time; strided: each chunk as the transpose of a [2, chunk / 2] block. */
function run(fn: Fn, x: Float32Array, chunk: number, strided: boolean): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i += chunk) {
    const part = torch.tensor(x.slice(i, i + chunk));
    const input = strided ? part.reshape([2, -1]).t() : part;
    expect(input.is_contiguous()).toBe(!strided);
    const y = apply(input, fn);
    out.set((strided ? y.t() : y).reshape([-1]).toTypedArray() as Float32Array, i);
  }
  return out;
}

function expectPyTorchBits(fn: Fn, what: string, got: Float32Array): void {
  const { x, y } = sweeps[fn];
  const r = compareUlps(x, got, y);
  console.log(`${fn} ${what}: ${r.exact} of ${y.length} exact, at most ${r.max} ulp`);
  expect(`${fn} ${what}: ${r.max} ulp (${r.worst})`).toBe(`${fn} ${what}: ${Math.min(r.max, 1)} ulp (${r.worst})`);
  expect(`${fn} ${what}: ${y.length - r.exact} not exact`).toBe(`${fn} ${what}: 0 not exact`);
}

describe("float32 transcendentals against PyTorch's CPU bits (Note [float32 transcendentals])", () => {
  for (const fn of FUNCTIONS) {
    it(`${fn}: large tensors (the kernels), contiguous and strided`, () => {
      const { x } = sweeps[fn];
      expect(x.length).toBeGreaterThanOrEqual(2 ** 16);
      expectPyTorchBits(fn, `${torch.get_backend()}, large contiguous`, run(fn, x, x.length, false));
      expectPyTorchBits(fn, `${torch.get_backend()}, large strided`, run(fn, x, x.length, true));
    });

    it(`${fn}: small tensors (the kernels from 8 elements, contiguous; the TypeScript backend, strided or fewer)`, () => {
      const { x } = sweeps[fn];
      expectPyTorchBits(fn, `${torch.get_backend()}, 128 contiguous`, run(fn, x, 128, false));
      expectPyTorchBits(fn, `${torch.get_backend()}, 128 strided`, run(fn, x, 128, true));
      expectPyTorchBits(fn, `${torch.get_backend()}, 4 contiguous`, run(fn, x, 4, false));
    });
  }

  const wasmFile = (name: string) => new URL(`../dist/wasm/${name}`, import.meta.url);
  it("each wasm module's kernels: the double-emulated multiply-add and, where relaxed SIMD's is fused, that one", { skip: existsSync(wasmFile("tensorgrad.wasm")) ? false : "dist/wasm is not built" }, async () => {
    for (const name of ["tensorgrad.wasm", "tensorgrad-relaxed.wasm"]) {
      if (name.includes("relaxed") && !hasRelaxedSimd()) continue;
      const wasm = await wasmBackend(readFileSync(wasmFile(name)));
      for (const fn of FUNCTIONS) {
        const { x } = sweeps[fn];
        const got = wasm.unary(fn, { _data: x, _shape: [x.length], _strides: [1], _offset: 0 }, torch.float32) as Float32Array;
        expectPyTorchBits(fn, name, got);
      }
    }
  });
});
