// tests/golden/numerics.json (written by numerics.py): PyTorch's float32 exp,
// tanh, sigmoid, log1p and expm1 over a sweep of inputs, and the ulp count
// that tests/numerics.test.ts and tests/webgpu/numerics.test.ts compare by.
import { readFileSync } from "node:fs";
import { inflateSync } from "node:zlib";

export const FUNCTIONS = ["exp", "tanh", "sigmoid", "log1p", "expm1"] as const;
export type Fn = (typeof FUNCTIONS)[number];

/** float32 values from base64 of zlib of the wrapping int32 differences of their bit patterns. */
function decode(text: string): Float32Array {
  const bytes = new Uint8Array(inflateSync(Buffer.from(text, "base64")));
  const deltas = new Int32Array(bytes.buffer);
  const bits = new Int32Array(deltas.length);
  let acc = 0;
  for (let i = 0; i < deltas.length; i++) bits[i] = acc = (acc + deltas[i]) | 0;
  return new Float32Array(bits.buffer);
}

/** Each function's inputs and PyTorch's outputs. */
export function loadSweeps(): Record<Fn, { x: Float32Array; y: Float32Array }> {
  const golden = JSON.parse(readFileSync(new URL("./numerics.json", import.meta.url), "utf8"));
  const entries = FUNCTIONS.map((name) => [name, { x: decode(golden.functions[name].x), y: decode(golden.functions[name].y) }]);
  return Object.fromEntries(entries);
}

/** A float's place on the line of float32 bit patterns (-0 and +0 both 0), so that neighbours differ by 1. */
function rank(bits: number): number {
  return bits < 0 ? -(bits & 0x7fffffff) : bits;
}

export interface UlpReport {
  /** The most ulps any element is off (Infinity: a NaN against a number). */
  max: number;
  /** Elements with PyTorch's bits exactly (NaN for NaN). */
  exact: number;
  /** The input, output and expected value of the worst element. */
  worst: string;
}

/** How many ulps got is from want, element by element. */
export function compareUlps(x: Float32Array, got: Float32Array, want: Float32Array): UlpReport {
  const gb = new Int32Array(got.buffer, got.byteOffset, got.length), wb = new Int32Array(want.buffer, want.byteOffset, want.length);
  let max = 0, exact = 0, worst = "";
  for (let i = 0; i < want.length; i++) {
    const gNaN = got[i] !== got[i], wNaN = want[i] !== want[i];
    const ulps = gNaN || wNaN ? (gNaN && wNaN ? 0 : Infinity) : Math.abs(rank(gb[i]) - rank(wb[i]));
    if (gb[i] === wb[i] || (gNaN && wNaN)) exact++;
    if (ulps > max) {
      max = ulps;
      worst = `x = ${x[i]}: got ${got[i]}, want ${want[i]}`;
    }
  }
  return { max, exact, worst };
}
