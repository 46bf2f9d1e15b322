// PyTorch's CPU generator: mt19937 with PyTorch's transforms, so that
// manual_seed(n) followed by rand/randn/randint/uniform_/normal_ gives
// PyTorch's numbers (aten/src/ATen/core/DistributionsHelper.h and
// native/cpu/DistributionTemplates.h).
import { float32, type DType } from "./dtype.js";
import { RuntimeError } from "./errors.js";

const N = 624;
const M = 397;

export class Generator {
  /** The state, for kernels that draw from it (Backend.bernoulli). */
  readonly _mt = new Uint32Array(N);
  _index = N;
  private seed = 67280421310721;
  /** Box-Muller's second double, cached as PyTorch's generator caches it. */
  nextDoubleNormal: number | null = null;

  constructor() {
    this.manual_seed(67280421310721);
  }

  manual_seed(seed: number | bigint): this {
    this.seed = Number(seed);
    const s = Number(BigInt.asUintN(32, BigInt(seed)));
    this._mt[0] = s;
    for (let i = 1; i < N; i++) {
      const prev = this._mt[i - 1] ^ (this._mt[i - 1] >>> 30);
      // 1812433253 * prev + i, in 32-bit arithmetic.
      this._mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this._index = N;
    this.nextDoubleNormal = null;
    return this;
  }

  initial_seed(): number {
    return this.seed;
  }

  private twist(): void {
    const mt = this._mt;
    for (let i = 0; i < N; i++) {
      const y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
      let v = mt[(i + M) % N] ^ (y >>> 1);
      if (y & 1) v ^= 0x9908b0df;
      mt[i] = v >>> 0;
    }
    this._index = 0;
  }

  /** The next 32-bit output. */
  random(): number {
    if (this._index >= N) this.twist();
    let y = this._mt[this._index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** random64() masked to 53 bits, as a double in [0, 1). */
  uniform53(): number {
    const hi = this.random();
    const lo = this.random();
    return ((hi & 0x1fffff) * 4294967296 + lo) / 9007199254740992;
  }

  /** random() masked to 24 bits, as a float in [0, 1). */
  uniform24(): number {
    return (this.random() & 0xffffff) / 16777216;
  }

  /**
   * uniform_real_distribution<scalar_t>(from, to): for float32, PyTorch casts the bounds
   * to float and takes their difference in float before scaling in double.
   */
  uniform(dtype: DType, from: number, to: number): number {
    if (dtype === float32) {
      const f = Math.fround(from);
      const range = Math.fround(Math.fround(to) - f);
      return this.uniform24() * range + f;
    }
    return this.uniform53() * (to - from) + from;
  }

  /** random_() on int64: random64 modulo 2^63, as a BigInt. */
  random63(): bigint {
    const hi = BigInt(this.random());
    const lo = BigInt(this.random());
    return ((hi << 32n) | lo) % (1n << 63n);
  }

  /** normal_distribution<double>: Box-Muller on two doubles, caching the sine half. */
  normalDouble(mean: number, std: number): number {
    if (this.nextDoubleNormal !== null) {
      const r = this.nextDoubleNormal;
      this.nextDoubleNormal = null;
      return r * std + mean;
    }
    const u1 = this.uniform53();
    const u2 = this.uniform53();
    const r = Math.sqrt(-2 * Math.log(1 - u2));
    const theta = 2 * Math.PI * u1;
    this.nextDoubleNormal = r * Math.sin(theta);
    return r * Math.cos(theta) * std + mean;
  }

  /**
   * The generator's whole state: the Mersenne Twister's 624 words, its position, and the
   * cached second normal (NaN for none), so that set_state resumes the same draws.
   */
  get_state(): Float64Array {
    return Float64Array.from([...this._mt, this._index, this.nextDoubleNormal ?? NaN]);
  }
  set_state(state: ArrayLike<number>): void {
    if (state.length !== N + 2) throw new RuntimeError(`Expected a generator state of ${N + 2} values, got ${state.length}`);
    for (let i = 0; i < N; i++) this._mt[i] = state[i];
    this._index = state[N];
    this.nextDoubleNormal = Number.isNaN(state[N + 1]) ? null : state[N + 1];
  }
}

export const defaultGenerator = new Generator();

export function manual_seed(seed: number | bigint): Generator {
  return defaultGenerator.manual_seed(seed);
}
export function seed(): number {
  const s = Date.now();
  defaultGenerator.manual_seed(s);
  return s;
}
export function initial_seed(): number {
  return defaultGenerator.initial_seed();
}

/** Values to fill a contiguous tensor of n elements with, in PyTorch's order. */
export function uniformValues(n: number, dtype: DType, from: number, to: number, gen = defaultGenerator): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = gen.uniform(dtype, from, to);
  return out;
}

/** PyTorch's normal_fill: 16 at a time by Box-Muller over a uniform buffer; the tail recomputes the last 16. */
function normalFill16(data: Float64Array, at: number, mean: number, std: number, round: (v: number) => number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = round(1 - data[at + j]);
    const u2 = data[at + j + 8];
    const radius = round(Math.sqrt(round(-2 * round(Math.log(u1)))));
    const theta = round(2 * Math.PI * u2);
    data[at + j] = round(round(radius * round(Math.cos(theta))) * std + mean);
    data[at + j + 8] = round(round(radius * round(Math.sin(theta))) * std + mean);
  }
}

export function normalValues(n: number, dtype: DType, mean: number, std: number, gen = defaultGenerator): Float64Array {
  if (std < 0) throw new RuntimeError(`normal expects std >= 0.0, but found std ${std}`);
  const out = new Float64Array(n);
  if (n >= 16) {
    const round = dtype === float32 ? Math.fround : (v: number) => v;
    for (let i = 0; i < n; i++) out[i] = round(gen.uniform(dtype, 0, 1));
    for (let i = 0; i + 16 <= n; i += 16) normalFill16(out, i, mean, std, round);
    if (n % 16 !== 0) {
      const at = n - 16;
      for (let i = 0; i < 16; i++) out[at + i] = round(gen.uniform(dtype, 0, 1));
      normalFill16(out, at, mean, std, round);
    }
  } else {
    for (let i = 0; i < n; i++) out[i] = gen.normalDouble(mean, std);
  }
  return out;
}

/** random_from_to: value % range + low, on 32 bits when the range fits, 64 otherwise. */
export function randintValues(n: number, low: number, high: number, gen = defaultGenerator): Float64Array {
  if (high <= low) throw new RuntimeError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  const range = high - low;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (range >= 2 ** 32) {
      const hi = BigInt(gen.random());
      const lo = BigInt(gen.random());
      out[i] = Number(((hi << 32n) | lo) % BigInt(range)) + low;
    } else out[i] = (gen.random() % range) + low;
  }
  return out;
}

/** PyTorch's CPU randperm: a Fisher-Yates shuffle driven by random() % (n - i). */
export function randpermValues(n: number, gen = defaultGenerator): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const z = gen.random() % (n - i);
    const t = out[i];
    out[i] = out[z + i];
    out[z + i] = t;
  }
  return out;
}
