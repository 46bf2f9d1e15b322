// float32 exp, tanh, sigmoid, log1p and expm1 on the webgpu device against
// PyTorch 1.13's CPU over tests/golden/numerics.json's sweep: the WGSL of
// src/backend/webgpu/math.ts computes them as the CPU does (Note [float32
// transcendentals] in native/float_math.h), so within 1 ulp, and bit for bit,
// wherever input and result are normal floats. A WebGPU implementation may
// flush subnormals (SwiftShader flushes inputs and results): there the result
// is that of zero, and those elements are counted apart, each within the
// smallest normal float of PyTorch's.
import { describe, it } from "node:test";
import { expect } from "expect";
import * as torch from "../../src/index.js";
import { FUNCTIONS, compareUlps, loadSweeps } from "../golden/numerics.js";

let skip: string | false = false;
try {
  await torch.webgpu.init();
} catch (e) {
  skip = `no WebGPU adapter here: ${(e as Error).message}`;
  console.log(`# skipping the webgpu numerics tests: ${skip}`);
}

const FLT_MIN = 2 ** -126;
const subnormal = (v: number) => v !== 0 && Math.abs(v) < FLT_MIN;

describe("float32 transcendentals on webgpu against PyTorch's CPU bits (Note [float32 transcendentals])", { skip }, () => {
  const sweeps = skip ? null : loadSweeps();
  for (const fn of FUNCTIONS) {
    it(`${fn}: contiguous and strided`, async () => {
      const { x, y } = sweeps![fn];
      const t = torch.tensor(x).to("webgpu");
      const strided = t.reshape([16, -1]).t();
      expect(strided.is_contiguous()).toBe(false);
      const outs = { contiguous: (await t[fn]().cpu()).toTypedArray() as Float32Array, strided: (await strided[fn]().t().reshape([-1]).cpu()).toTypedArray() as Float32Array };
      for (const [what, got] of Object.entries(outs)) {
        // Elements whose input or expected result is subnormal: flushed to zero's result, within FLT_MIN.
        const flushed = x.map((v, i) => (subnormal(v) || subnormal(y[i]) ? 1 : 0));
        const keep = (a: Float32Array) => a.filter((_, i) => flushed[i] === 0);
        const r = compareUlps(keep(x), keep(got), keep(y));
        const count = flushed.reduce((a, b) => a + b, 0);
        const far = x.filter((_, i) => flushed[i] === 1 && !(Math.abs(got[i] - y[i]) <= FLT_MIN));
        console.log(`${fn} webgpu ${what}: ${r.exact} of ${y.length - count} exact, at most ${r.max} ulp; ${count} with a subnormal input or result`);
        expect(`${fn} ${what}: ${r.max} ulp (${r.worst})`).toBe(`${fn} ${what}: ${Math.min(r.max, 1)} ulp (${r.worst})`);
        expect(`${fn} ${what}: ${y.length - count - r.exact} not exact`).toBe(`${fn} ${what}: 0 not exact`);
        expect(Array.from(far)).toEqual([]);
      }
    });
  }
});
