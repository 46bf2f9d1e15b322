// Creation functions. A JS number is a float (float32 by default); integers
// come from { dtype: torch.int64 }, BigInt values, integer typed arrays, and
// integer arguments of arange.
import { bindArgs, checkKeywords, parseShapeArgs, isOptions, type Options, type ShapeArgs, type ArgsOf } from "../args.js";
import { allocate, bool, defaultFloat, dtypeFromName, float32, float64, int32, int64, int64Element, type DType } from "../dtype.js";
import { RuntimeError, TorchTypeError, typeName, ValueError } from "../errors.js";
import { numelOf } from "../shape.js";
import { Device, Tensor } from "../tensor.js";
import { backend, backendFor } from "../backend/index.js";
import { toDevice } from "./shape.js";
import { defaultGenerator, normalValues, randintValues, randpermValues, uniformValues, type Generator } from "../random.js";
import { assertInplaceAllowed } from "./inplace.js";
import { writeOut } from "./out.js";
import { checkLayout, checkMemoryFormat, checkPinMemory, type Layout, type MemoryFormat } from "../layout.js";

export interface CreateOptions {
  dtype?: DType | string | null;
  requires_grad?: boolean;
  device?: string | Device | null;
  generator?: Generator;
  layout?: Layout;
  pin_memory?: boolean;
  memory_format?: MemoryFormat;
  out?: Tensor;
}

/** The options every creation function takes (PyTorch's factory keywords); anything else is Python's TypeError. */
const FACTORY_OPTIONS = ["dtype", "device", "requires_grad", "layout", "pin_memory", "memory_format", "out", "generator", "size"];

/** Python's TypeError for an option creation function `fn` does not take (random ones check before drawing). */
function checkOptions(fn: string, opts: CreateOptions | Options | undefined): void {
  if (opts === undefined || opts === null) return;
  checkKeywords(fn, opts, FACTORY_OPTIONS);
  checkLayout(fn, opts.layout);
  checkPinMemory(fn, opts.pin_memory);
  checkMemoryFormat(fn, opts.memory_format);
  deviceOpt(opts);
}

let defaultDevice = "cpu";

/** torch.set_default_device(d): where creation functions put tensors when no device is given. */
export function set_default_device(device: Device | string | null): void {
  const d = Device.of(device ?? "cpu");
  if (d.type !== "cpu") backendFor(d.type); // the device must be ready
  defaultDevice = d.type;
}
export function get_default_device(): Device {
  return Device.of(defaultDevice);
}

/** The device option, or the default device. */
function deviceOpt(opts: CreateOptions | Options | undefined): string {
  const d = opts?.device as Device | string | undefined | null;
  return d === undefined || d === null ? defaultDevice : Device.of(d).type;
}

/** Checks the options of creation function `fn`, then applies requires_grad. */
function finish(fn: string, t: Tensor, opts: CreateOptions | Options | undefined): Tensor {
  checkOptions(fn, opts);
  return applyFactoryOptions(fn, t, opts);
}

/** The factory options, checked already, applied to a new tensor: its device, requires_grad, then out=. */
function applyFactoryOptions(fn: string, t: Tensor, opts: CreateOptions | Options | undefined): Tensor {
  t = toDevice(t, deviceOpt(opts));
  if (opts?.requires_grad) {
    if (!t.dtype.is_floating_point) throw new RuntimeError("Only Tensors of floating point and complex dtype can require gradients");
    t.requires_grad_(true);
  }
  const out = opts?.out;
  if (out === undefined || out === null) return t;
  // Without a dtype, a factory makes out's dtype.
  if ((opts?.dtype === undefined || opts.dtype === null) && out instanceof Tensor && !t.requires_grad) t = t.to(out.dtype);
  return writeOut(fn, t, out);
}

function optDtype(opts: CreateOptions | Options | undefined, fallback: DType): DType {
  return opts?.dtype === undefined || opts.dtype === null ? fallback : dtypeFromName(opts.dtype as DType);
}

type Nested = number | boolean | bigint | Nested[] | ArrayLike<number | bigint>;

function inferDtype(flat: readonly unknown[]): DType {
  if (flat.length === 0) return defaultFloat;
  if (flat.every((v) => typeof v === "boolean")) return bool;
  if (flat.every((v) => typeof v === "bigint" || typeof v === "boolean")) return int64;
  return defaultFloat;
}

/** torch.tensor(data, { dtype, requires_grad }): a copy of nested arrays, a number or a typed array. */
export function tensor(data: Nested | Tensor, opts?: CreateOptions): Tensor {
  if (data instanceof Tensor) {
    return finish("tensor", data.detach().clone().to(optDtype(opts, data.dtype)), opts);
  }
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) {
    const ta = data as unknown as ArrayLike<number | bigint>;
    const natural = data instanceof Float64Array ? float64 : data instanceof Float32Array ? float32 : data instanceof Uint8Array && opts?.dtype === bool ? bool : data instanceof Int32Array ? int32 : int64;
    const dtype = optDtype(opts, natural);
    const arr = allocate(dtype, ta.length);
    for (let i = 0; i < ta.length; i++) arr[i] = element(ta[i], dtype);
    return finish("tensor", Tensor._make(castInto(arr, dtype), [ta.length], dtype), opts);
  }
  const shape: number[] = [];
  let probe: unknown = data;
  while (Array.isArray(probe) || (ArrayBuffer.isView(probe) && !(probe instanceof DataView))) {
    const len = (probe as ArrayLike<unknown>).length;
    shape.push(len);
    if (len === 0) break;
    probe = (probe as ArrayLike<unknown>)[0];
  }
  const flat: unknown[] = [];
  const walk = (v: unknown, d: number) => {
    if (d === shape.length) {
      if (Array.isArray(v)) throw new ValueError(`expected sequence of length ${shape[d - 1]} at dim ${d - 1} (got ${v.length})`);
      if (typeof v !== "number" && typeof v !== "boolean" && typeof v !== "bigint") {
        throw new TorchTypeError(`new(): invalid data type '${typeof v}'`);
      }
      flat.push(v);
      return;
    }
    const arr = v as ArrayLike<unknown>;
    if (!(Array.isArray(v) || ArrayBuffer.isView(v)) || arr.length !== shape[d]) {
      const got = Array.isArray(v) || ArrayBuffer.isView(v) ? `got ${arr.length}` : `got ${typeof v}`;
      throw new ValueError(`expected sequence of length ${shape[d]} at dim ${d} (${got})`);
    }
    for (let i = 0; i < arr.length; i++) walk(arr[i], d + 1);
  };
  walk(data, 0);
  const dtype = optDtype(opts, inferDtype(flat));
  const arr = allocate(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) arr[i] = element(flat[i] as number | boolean | bigint, dtype);
  return finish("tensor", Tensor._make(castInto(arr, dtype), shape, dtype), opts);
}

/** A data element in dtype's storage; a BigInt is unpacked as PyTorch does, exactly for int64 or with an error. */
function element(v: number | boolean | bigint, dtype: DType): number {
  if (typeof v !== "bigint") return Number(v);
  if (dtype === int64) return int64Element(v);
  if (dtype === int32 && (v < -(2n ** 31n) || v >= 2n ** 31n)) {
    throw new RuntimeError(v < -(2n ** 63n) || v >= 2n ** 63n ? "Overflow when unpacking long" : "value cannot be converted to type int32 without overflow");
  }
  return Number(v);
}

function castInto(arr: ReturnType<typeof allocate>, dtype: DType): ReturnType<typeof allocate> {
  if (dtype === int64) for (let i = 0; i < arr.length; i++) arr[i] = Math.trunc(arr[i]);
  else if (dtype === int32) for (let i = 0; i < arr.length; i++) arr[i] = arr[i] | 0;
  if (dtype === bool) for (let i = 0; i < arr.length; i++) arr[i] = arr[i] ? 1 : 0;
  return arr;
}

/** torch.from(typedArray, shape): wraps a typed array's copy with a shape. */
export function from(data: Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array, shape?: number[], opts?: CreateOptions): Tensor {
  const t = tensor(data as unknown as Nested, opts);
  return shape === undefined ? t : t.reshape(shape);
}

export function full(shape: number[] | number, value: number | boolean, opts?: CreateOptions): Tensor {
  if (typeof value !== "number" && typeof value !== "boolean") {
    throw new TorchTypeError(`full(): argument 'fill_value' (position 2) must be Number, not ${typeName(value)}`);
  }
  const s = typeof shape === "number" ? [shape] : shape;
  const dtype = optDtype(opts, typeof value === "boolean" ? bool : defaultFloat);
  return finish("full", Tensor._full(s, +value, dtype, deviceOpt(opts)), opts);
}

export function zeros(...args: ShapeArgs<CreateOptions>): Tensor {
  const { shape, options } = parseShapeArgs(args);
  return finish("zeros", Tensor._full(shape, 0, optDtype(options, defaultFloat), deviceOpt(options)), options);
}
export function ones(...args: ShapeArgs<CreateOptions>): Tensor {
  const { shape, options } = parseShapeArgs(args);
  return finish("ones", Tensor._full(shape, 1, optDtype(options, defaultFloat), deviceOpt(options)), options);
}
export function empty(...args: ShapeArgs<CreateOptions>): Tensor {
  return zeros(...args);
}

function likeOpts(t: Tensor, opts?: CreateOptions): CreateOptions {
  return { ...opts, dtype: opts?.dtype ?? t.dtype, device: opts?.device ?? t.device };
}
export function zeros_like(t: Tensor, opts?: CreateOptions): Tensor {
  return zeros(t.shape, likeOpts(t, opts));
}
export function ones_like(t: Tensor, opts?: CreateOptions): Tensor {
  return ones(t.shape, likeOpts(t, opts));
}
export function empty_like(t: Tensor, opts?: CreateOptions): Tensor {
  return zeros(t.shape, likeOpts(t, opts));
}
export function full_like(t: Tensor, value: number, opts?: CreateOptions): Tensor {
  return full(t.shape, value, likeOpts(t, opts));
}

export function eye(n: number, m?: number | CreateOptions, opts?: CreateOptions): Tensor {
  if (isOptions(m)) {
    opts = m as CreateOptions;
    m = undefined;
  }
  const cols = (m as number | undefined) ?? n;
  const dtype = optDtype(opts, defaultFloat);
  const t = Tensor._full([n, cols], 0, dtype);
  const data = t._host();
  for (let i = 0; i < Math.min(n, cols); i++) data[i * cols + i] = 1;
  return finish("eye", t, opts);
}

/** arange(end), arange(start, end), arange(start, end, step); integer arguments give int64. */
export function arange(...args: unknown[]): Tensor {
  let opts: CreateOptions = {};
  if (args.length > 0 && isOptions(args[args.length - 1])) opts = args.pop() as CreateOptions;
  const names = ["start", "end", "step"];
  args.forEach((v, i) => {
    if (typeof v !== "number") throw new TorchTypeError(`arange(): argument '${args.length === 1 ? "end" : names[i]}' (position ${i + 1}) must be Number, not ${typeName(v)}`);
  });
  const nums = args as number[];
  const [start, end, step] = nums.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1];
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new RuntimeError(`unsupported range: ${pyFloat(start)} -> ${pyFloat(end)}`);
  if (step === 0) throw new RuntimeError("step must be nonzero");
  if ((end - start) * step < 0 && end !== start) throw new RuntimeError("upper bound and larger bound inconsistent with step sign");
  const allInt = [start, end, step].every((v) => Number.isInteger(v));
  const dtype = optDtype(opts, allInt ? int64 : defaultFloat);
  const n = Math.max(0, Math.ceil((end - start) / step));
  const data = allocate(dtype, n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return finish("arange", Tensor._make(castInto(data, dtype), [n], dtype), opts);
}

/** A number as Python prints it in these messages (nan, inf). */
function pyFloat(v: number): string {
  return Number.isNaN(v) ? "nan" : v === Infinity ? "inf" : v === -Infinity ? "-inf" : String(v);
}

export function linspace(start: number, end: number, steps: number, opts?: CreateOptions): Tensor {
  const dtype = optDtype(opts, defaultFloat);
  const data = allocate(dtype, steps);
  for (let i = 0; i < steps; i++) data[i] = linspaceValue(start, end, steps, i);
  return finish("linspace", Tensor._make(data, [steps], dtype), opts);
}

/** Element i of linspace: PyTorch fills the first half from start and the second half from end, for symmetry. */
function linspaceValue(start: number, end: number, steps: number, i: number): number {
  if (steps === 1) return start;
  const step = (end - start) / (steps - 1);
  return i < Math.floor(steps / 2) ? start + step * i : end - step * (steps - i - 1);
}

/** logspace(start, end, steps, base=10.0): base ** linspace(start, end, steps), as PyTorch's kernel computes it. */
export function logspace(start: number, end: number, steps: number, ...args: unknown[]): Tensor {
  let base = 10;
  if (typeof args[0] === "number") base = args.shift() as number;
  const opts = (args[0] as CreateOptions | undefined) ?? {};
  const dtype = optDtype(opts, defaultFloat);
  const data = allocate(dtype, steps);
  for (let i = 0; i < steps; i++) data[i] = base ** linspaceValue(start, end, steps, i);
  return finish("logspace", Tensor._make(data, [steps], dtype), opts);
}

function randomTensor(fn: string, args: unknown[], values: (n: number, dtype: DType, gen: Generator) => Float64Array, floatOnly = true): Tensor {
  const { shape, options } = parseShapeArgs(args);
  checkOptions(fn, options);
  const dtype = optDtype(options, defaultFloat);
  if (floatOnly && !dtype.is_floating_point) throw new RuntimeError(`"check_uniform_bounds" not implemented for '${dtype.scalarName}'`);
  const gen = (options.generator as Generator | undefined) ?? defaultGenerator;
  const data = allocate(dtype, numelOf(shape));
  data.set(values(data.length, dtype, gen));
  return applyFactoryOptions(fn, Tensor._make(data, shape, dtype), options);
}

export function rand(...args: ShapeArgs<CreateOptions>): Tensor {
  return randomTensor("rand", args, (n, d, g) => uniformValues(n, d, 0, 1, g));
}
export function randn(...args: ShapeArgs<CreateOptions>): Tensor {
  return randomTensor("randn", args, (n, d, g) => normalValues(n, d, 0, 1, g));
}
export function rand_like(t: Tensor, opts?: CreateOptions): Tensor {
  return rand(t.shape, likeOpts(t, opts));
}
export function randn_like(t: Tensor, opts?: CreateOptions): Tensor {
  return randn(t.shape, likeOpts(t, opts));
}

/** randint(high, size) or randint(low, high, size): int64 by default. */
export function randint(...args: unknown[]): Tensor {
  let opts: CreateOptions = {};
  if (args.length > 0 && isOptions(args[args.length - 1])) opts = args.pop() as CreateOptions;
  const [low, high, size] = args.length === 2 ? [0, args[0] as number, args[1] as number[]] : (args as [number, number, number[]]);
  checkOptions("randint", opts);
  const dtype = optDtype(opts, int64);
  const data = allocate(dtype, numelOf(size));
  data.set(randintValues(data.length, low, high, opts.generator ?? defaultGenerator));
  return applyFactoryOptions("randint", Tensor._make(data, [...size], dtype), opts);
}
export function randint_like(t: Tensor, low: number, high?: number, opts?: CreateOptions): Tensor {
  return high === undefined ? randint(0, low, t.shape, likeOpts(t, opts)) : randint(low, high, t.shape, likeOpts(t, opts));
}

export function randperm(n: number, opts?: CreateOptions): Tensor {
  checkOptions("randperm", opts);
  const dtype = optDtype(opts, int64);
  const data = allocate(dtype, n);
  data.set(randpermValues(n, opts?.generator ?? defaultGenerator));
  return applyFactoryOptions("randperm", Tensor._make(data, [n], dtype), opts);
}

// ---- in-place random fills ------------------------------------------------------

function fillWith(t: Tensor, values: Float64Array | Tensor): void {
  assertInplaceAllowed(t);
  t._writeFrom(values instanceof Tensor ? values : Tensor._make(values, t.shape, float64));
}
export function fillUniform(t: Tensor, from: number, to: number, gen?: Generator): void {
  fillWith(t, uniformValues(t.numel(), t.dtype, from, to, gen));
}
export function fillNormal(t: Tensor, mean: number, std: number, gen?: Generator): void {
  fillWith(t, normalValues(t.numel(), t.dtype, mean, std, gen));
}
/**
 * bernoulli_(p) with a scalar p: one double uniform (53 bits) per element, as
 * PyTorch's CPU kernel draws it (so F.dropout's masks match after manual_seed);
 * with a tensor of probabilities, one float uniform (24 bits) per element.
 */
export function fillBernoulli(t: Tensor, p: number | Tensor, gen: Generator = defaultGenerator): void {
  const n = t.numel();
  if (typeof p === "number") {
    checkBernoulliP(p);
    // The CPU backend's kernel where it has one (in t's dtype: 0 and 1 are exact in any).
    const dtype = t.dtype.is_floating_point ? t.dtype : float64;
    const drawn = backend.bernoulli?.(gen, p, n, dtype) ?? null;
    return fillWith(t, drawn !== null ? Tensor._make(drawn, t.shape, dtype) : bernoulliValues(n, p, gen));
  }
  const u = new Float64Array(n);
  const probs = p.detach().expand(t.shape).to(float64)._contiguousData();
  for (let i = 0; i < n; i++) {
    if (!(probs[i] >= 0 && probs[i] <= 1)) throw new RuntimeError("Expected p_in >= 0 && p_in <= 1 to be true, but got false.");
  }
  // PyTorch's CPU kernel draws a double uniform for double probabilities, a float one otherwise.
  const uniform = p.dtype === float64 ? () => gen.uniform53() : () => gen.uniform24();
  for (let i = 0; i < n; i++) u[i] = uniform() < probs[i] ? 1 : 0;
  fillWith(t, u);
}

function checkBernoulliP(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RuntimeError(`bernoulli_ expects p to be in [0, 1], but got p=${p}`);
}

/** n draws of bernoulli_(p) in JS, as the kernels draw them. */
function bernoulliValues(n: number, p: number, gen: Generator): Float64Array {
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) u[i] = gen.uniform53() < p ? 1 : 0;
  return u;
}

/**
 * A new tensor of bernoulli_(p) draws with a scalar p (dropout's mask): on the CPU,
 * the backend kernel's output as it is, without a zero fill and a copy into it.
 */
export function bernoulliScalar(shape: readonly number[], p: number, dtype: DType, device: Device, gen: Generator = defaultGenerator): Tensor {
  checkBernoulliP(p);
  const drawn = device.type === "cpu" && dtype.is_floating_point ? backend.bernoulli?.(gen, p, numelOf(shape), dtype) ?? null : null;
  if (drawn !== null) return Tensor._make(drawn, [...shape], dtype);
  const out = Tensor._full(shape, 0, dtype, device);
  fillWith(out, bernoulliValues(out.numel(), p, gen));
  return out;
}

/** torch.bernoulli(input) (input holds the probabilities) or torch.bernoulli(input, p). */
export function bernoulli(input: Tensor, ...args: ArgsOf<["p"], ["generator"]>): Tensor {
  const o = bindArgs("bernoulli", args, ["p"], ["generator"]);
  const dtype = input.dtype.is_floating_point ? input.dtype : defaultFloat;
  const gen = o.generator as Generator | undefined;
  if (typeof o.p === "number") return bernoulliScalar(input.shape, o.p, dtype, input.device, gen);
  const out = Tensor._full(input.shape, 0, dtype, input.device);
  fillBernoulli(out, (o.p as number | undefined) ?? input, gen);
  return out;
}

/** cauchy_(median, sigma): median + sigma tan(pi (u - 1/2)) with a double uniform, PyTorch's CPU transformation. */
export function fillCauchy(t: Tensor, median: number, sigma: number, gen: Generator = defaultGenerator): void {
  if (!(sigma > 0)) throw new RuntimeError(`cauchy_ expects sigma > 0.0, but found sigma=${sigma}`);
  const n = t.numel();
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) u[i] = median + sigma * Math.tan(Math.PI * (gen.uniform53() - 0.5));
  fillWith(t, u);
}

/** exponential_(lambd): -log(1 - u) / lambd with a double uniform, PyTorch's CPU transformation. */
export function fillExponential(t: Tensor, lambd: number, gen: Generator = defaultGenerator): void {
  if (!(lambd > 0)) throw new RuntimeError(`exponential_ expects lambda > 0.0, but found lambda=${lambd}`);
  const n = t.numel();
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) u[i] = (-1 / lambd) * Math.log(1 - gen.uniform53());
  fillWith(t, u);
}

/**
 * torch.multinomial(input, num_samples, replacement=False, *, generator) as
 * PyTorch 1.13's CPU draws it: without replacement, the top num_samples of
 * p / q with q ~ Exp(1) (the Gumbel trick); with replacement, a binary search
 * of each double uniform in the normalised cumulative sums.
 */
export function multinomial(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("multinomial", args, ["num_samples", "replacement"], ["generator"]);
  const k = o.num_samples as number;
  const replacement = (o.replacement as boolean | undefined) ?? false;
  const gen = (o.generator as Generator | undefined) ?? defaultGenerator;
  if (input.dim() < 1 || input.dim() > 2) throw new RuntimeError("prob_dist must be 1 or 2 dim");
  if (!input.dtype.is_floating_point) throw new RuntimeError(`multinomial only supports floating-point dtypes for input, got: ${input.dtype.scalarName}`);
  if (!Number.isInteger(k) || k <= 0) throw new RuntimeError("cannot sample n_sample <= 0 samples");
  const c = input.shape[input.dim() - 1];
  if (!replacement && k > c) throw new RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement");
  const p = input.detach();
  if (!replacement) {
    const finite = p.lt(Infinity).logical_and(p.ge(0)).all().item() as boolean;
    if (!finite) throw new RuntimeError("probability tensor contains either `inf`, `nan` or element < 0");
    if (p.sum(-1).eq(0).any().item() as boolean) throw new RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)");
    const q = Tensor._full(p.shape, 0, p.dtype, p.device);
    fillExponential(q, 1, gen);
    const ratio = p.div(q);
    return k === 1 ? ratio.argmax(-1, true) : ratio.topk(k).indices;
  }
  const rows = input.dim() === 2 ? input.shape[0] : 1;
  const round = p.dtype === float64 ? (v: number) => v : Math.fround;
  const probs = p._contiguousData();
  const out = new Float64Array(rows * k);
  const cum = new Float64Array(c);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < c; j++) {
      const v = probs[r * c + j];
      if (!(v >= 0)) throw new RuntimeError("invalid multinomial distribution (encountering probability entry < 0)");
      if (!Number.isFinite(v)) throw new RuntimeError("invalid multinomial distribution (encountering probability entry = infinity or NaN)");
      sum = round(sum + v);
      cum[j] = sum;
    }
    if (!(sum > 0)) throw new RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)");
    for (let j = 0; j < c; j++) cum[j] = round(cum[j] / sum);
    cum[c - 1] = 1;
    for (let s = 0; s < k; s++) {
      const u = gen.uniform53();
      let lo = 0, hi = c;
      while (hi - lo > 0) {
        const mid = lo + ((hi - lo) >> 1);
        if (cum[mid] < u) lo = mid + 1;
        else hi = mid;
      }
      out[r * k + s] = lo;
    }
  }
  return Tensor._make(out, input.dim() === 2 ? [rows, k] : [k], int64);
}

// ---- legacy constructors: torch.FloatTensor([...]), torch.LongTensor(2, 3), new torch.Tensor(...) ----

/** What a legacy constructor of `dtype` makes from its arguments: data (a nested array or a number list) or sizes. */
export function legacyTensor(dtype: DType, args: unknown[]): Tensor {
  if (args.length === 0) return Tensor._full([0], 0, dtype);
  const first = args[0];
  if (args.every((a) => typeof a === "number" && Number.isInteger(a) && a >= 0) && args.length > 0) {
    // Sizes: new torch.Tensor(2, 3). PyTorch leaves the memory uninitialised; here it is zeros.
    return Tensor._full(args as number[], 0, dtype);
  }
  if (args.length === 1 && (Array.isArray(first) || ArrayBuffer.isView(first) || first instanceof Tensor)) return tensor(first as never, { dtype });
  throw new TorchTypeError(`new(): data must be a sequence (got ${typeName(first)})`);
}

export type LegacyConstructor = { (...args: unknown[]): Tensor; new (...args: unknown[]): Tensor };

/** torch.FloatTensor and friends: a function that also works with `new`. */
function legacyConstructor(dtype: DType): LegacyConstructor {
  return function (...args: unknown[]) {
    return legacyTensor(dtype, args);
  } as LegacyConstructor;
}
export const FloatTensor = legacyConstructor(float32);
export const DoubleTensor = legacyConstructor(float64);
export const LongTensor = legacyConstructor(int64);
export const IntTensor = legacyConstructor(int32);
export const BoolTensor = legacyConstructor(bool);
