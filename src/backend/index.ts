import { deviceOf, type Backend, type DeviceBackend, type HostView, type Storage, type View } from "./backend.js";
import type { DType, TypedArray } from "../dtype.js";
import { contiguousStrides } from "../shape.js";
import { RuntimeError, TorchTypeError, typeName } from "../errors.js";
import { loadCpuBackend } from "../platform/node.js";

export type { AdadeltaStep, AdamStep, Backend, DeviceBackend, DeviceStorage, HostView, SgdStep, Storage, View, UnaryOp, BinaryOp, ReduceOp } from "./backend.js";
export { deviceOf } from "./backend.js";

/**
 * The CPU's backend, ready before the package's import resolves: in Node the
 * native addon, else wasm, else TypeScript; in a browser wasm (../platform).
 */
let cpu: Backend<TypedArray> = await loadCpuBackend();

/** Backends of devices other than the CPU, registered once they are ready (torch.webgpu.init()). */
const devices = new Map<string, DeviceBackend>();

export function register_device(b: DeviceBackend): void {
  devices.set(b.device, b);
}

/** The backend of a device, or the error a user gets for a device that is not ready. */
export function backendFor(device: string): Backend {
  if (device === "cpu") return cpu;
  const b = devices.get(device);
  if (b === undefined) {
    if (device === "webgpu") throw new RuntimeError("webgpu is not initialized: call `await torch.webgpu.init()` first");
    throw new RuntimeError(`Expected one of cpu, webgpu device type at start of device string: ${device}`);
  }
  return b;
}

/** The device backend that owns a storage (for reading it back). */
export function deviceBackendOf(s: Storage): DeviceBackend {
  return backendFor(deviceOf(s)) as DeviceBackend;
}

type Operand = View | number;

function mixedDevices(a: string, b: string): never {
  throw new RuntimeError(`Expected all tensors to be on the same device, but found at least two devices, ${a} and ${b}!`);
}

/** The one device of an op's tensor operands (Note [storage]); two devices is PyTorch's error. */
function deviceOfViews(views: readonly (View | undefined)[]): string {
  let dev = "cpu";
  let first = "";
  for (const v of views) {
    if (v === undefined) continue;
    const d = deviceOf(v._data);
    if (first === "") first = d;
    else if (d !== first) mixedDevices(first, d);
    dev = d;
  }
  return dev;
}

/**
 * A one-element CPU tensor beside device tensors is read as a number, as PyTorch
 * lets a CPU scalar tensor join a CUDA op.
 */
function onDevice(v: Operand, device: string): Operand {
  if (typeof v === "number" || device === "cpu" || deviceOf(v._data) !== "cpu") return v;
  if (v._shape.length !== 0) mixedDevices(device, "cpu");
  return (v as HostView)._data[v._offset];
}

const isView = (v: Operand): v is View => typeof v !== "number";

function deviceOfOperands(a: Operand, b: Operand, c?: View): string {
  if (devices.size === 0) return "cpu";
  const views = [a, b, c].filter((v): v is View => v !== undefined && isView(v));
  // CPU scalars do not decide the device when a device tensor is present.
  const onDev = views.filter((v) => deviceOf(v._data) !== "cpu");
  if (onDev.length === 0) return "cpu";
  return deviceOfViews(onDev);
}

/**
 * What ops call: each kernel runs on the backend of its operands' device. With
 * no device initialised this is one map-size test per call.
 */
export const backend: Backend = {
  get name() {
    return cpu.name;
  },
  device: "cpu",
  get blas() {
    return cpu.blas;
  },
  full: (n, value, out) => cpu.full(n, value, out),
  unary: (op, x, out) => on(x).unary(op, x, out),
  binary(op, a, b, shape, out) {
    const dev = deviceOfOperands(a, b);
    return backendFor(dev).binary(op, onDevice(a, dev), onDevice(b, dev), shape, out);
  },
  clamp: (x, lo, hi, out) => on(x).clamp(x, lo, hi, out),
  reduce: (op, x, dims, out) => on(x).reduce(op, x, dims, out),
  copy: (x, shape, out) => on(x).copy(x, shape, out),
  copyInto(dst, src, dtype) {
    const dev = deviceOf(dst._data);
    if (typeof src !== "number" && deviceOf(src._data) !== dev) {
      // copy_ across devices: to a device, the source goes up first; from one, it must be awaited.
      if (dev === "cpu") throw new RuntimeError(`copy_(): reading a ${deviceOf(src._data)} tensor into a CPU tensor needs \`await src.cpu()\` first`);
      if (deviceOf(src._data) !== "cpu") mixedDevices(dev, deviceOf(src._data));
      const up = hostToDevice(src as HostView, dev, dtype);
      return backendFor(dev).copyInto(dst, up, dtype);
    }
    return backendFor(dev).copyInto(dst, src, dtype);
  },
  where(cond, a, b, shape, out) {
    const dev = deviceOfOperands(a, b, cond);
    if (deviceOf(cond._data) !== dev) mixedDevices(dev, deviceOf(cond._data));
    return backendFor(dev).where(cond, onDevice(a, dev), onDevice(b, dev), shape, out);
  },
  matmul: (a, b, batch, m, k, n, out) => on(a, b).matmul(a, b, batch, m, k, n, out),
  addmm: (bias, a, b, batch, m, k, n, out) => on(a, b, bias).addmm?.(bias, a, b, batch, m, k, n, out) ?? null,
  cumsum: (x, dim, out) => on(x).cumsum(x, dim, out),
  argsort: (x, dim, descending, out) => on(x).argsort(x, dim, descending, out),
  take: (x, index, out) => on(x, isIndexView(index) ? index : undefined).take(x, index, out),
  putAdd: (base, index, src, out) => on(base, src, isIndexView(index) ? index : undefined).putAdd(base, index, src, out),
  binaryInPlace(op, dst, b, dtype) {
    const dev = deviceOf(dst._data);
    if (typeof b !== "number" && deviceOf(b._data) !== dev) return false;
    return backendFor(dev).binaryInPlace?.(op, dst, b, dtype) ?? false;
  },
  adamStep: (p, g, m, v, vmax, step) => onAll([p, g, m, v, vmax ?? undefined]).adamStep?.(p, g, m, v, vmax, step) ?? false,
  sgdStep: (p, g, buf, step) => onAll([p, g, buf ?? undefined]).sgdStep?.(p, g, buf, step) ?? false,
  adadeltaStep: (p, g, sq, acc, step) => onAll([p, g, sq, acc]).adadeltaStep?.(p, g, sq, acc, step) ?? false,
  thresholdBackward: (g, x, threshold, out) => on(g, x).thresholdBackward?.(g, x, threshold, out) ?? null,
  softmax: (x, log, out) => on(x).softmax?.(x, log, out) ?? null,
  softmaxBackward: (g, y, log, out) => on(g, y).softmaxBackward?.(g, y, log, out) ?? null,
  maxPool2d: (x, kernel, stride, dilation, out) => on(x).maxPool2d?.(x, kernel, stride, dilation, out) ?? null,
  bernoulli: (generator, p, n, out) => cpu.bernoulli?.(generator, p, n, out) ?? null,
  maxPool2dBackward: (g, indices, shape, out) => on(g).maxPool2dBackward?.(g, indices, shape, out) ?? null,
  conv2d: (x, weight, bias, stride, padding, dilation, out) => on(x, weight, bias ?? undefined).conv2d?.(x, weight, bias, stride, padding, dilation, out) ?? null,
  conv2dBackward: (g, x, weight, stride, padding, dilation, needs, out) => on(g, x, weight).conv2dBackward?.(g, x, weight, stride, padding, dilation, needs, out) ?? null,
  set_num_threads: (n) => cpu.set_num_threads?.(n),
  get_num_threads: () => cpu.get_num_threads?.() ?? 1,
};

/** The backend of many views' one device (PyTorch's error for two). */
function onAll(views: readonly (View | undefined)[]): Backend {
  return devices.size === 0 ? cpu : backendFor(deviceOfViews(views));
}

const isIndexView = (i: ArrayLike<number> | View): i is View => (i as View)._data !== undefined;

/** The backend of the views' device (all on one device, or PyTorch's error). Fixed parameters: no array on the CPU's hot path. */
function on(a: View, b?: View, c?: View): Backend {
  if (devices.size === 0) return cpu;
  return backendFor(deviceOfViews([a, b, c]));
}

/** A contiguous device copy of a host view. */
function hostToDevice(v: HostView, device: string, dtype: DType): View {
  const data = cpu.copy(v, v._shape, dtype);
  return { _data: (backendFor(device) as DeviceBackend).upload(data, dtype), _shape: v._shape, _strides: contiguousStrides(v._shape), _offset: 0 };
}

export function set_backend(b: Backend<TypedArray>): void {
  cpu = b;
}

/** The CPU's backend: "native" (the N-API addon), "wasm" (WebAssembly) or "ts" (the TypeScript reference). */
export function get_backend(): string {
  return cpu.name;
}

/** What get_backend_info() reports. */
export interface BackendInfo {
  /** get_backend()'s name: "native", "wasm" or "ts". */
  backend: string;
  /** The library behind the CPU's matrix products: "openblas" (the addon found it at load) or "none" (the built-in kernels). */
  blas: string;
  /** The native addon's build: "baseline", "v3" or "v4" (a prebuilt for that x86-64 level), "prebuilt" or "source" (built by npm install); null for the other backends. */
  variant: string | null;
}

/** get_backend() with its details: which BLAS, which build of the addon (Note [prebuilt variants]). */
export function get_backend_info(): BackendInfo {
  return { backend: cpu.name, blas: cpu.blas ?? "none", variant: cpu.variant ?? null };
}

/** Threads used by the native backend's kernels (PyTorch's torch.set_num_threads). */
export function set_num_threads(n: number): void {
  if (typeof n !== "number" || !Number.isInteger(n)) throw new TorchTypeError(`set_num_threads(): argument 'int' (position 1) must be int, not ${typeName(n)}`);
  if (n < 1) throw new RuntimeError("set_num_threads expects a positive integer");
  if (n > MAX_THREADS) throw new RuntimeError(`set_num_threads: ${n} threads is more than this backend allows (at most ${MAX_THREADS})`);
  cpu.set_num_threads?.(n);
}

/** More threads than any CPU this runs on has cores; far fewer than a system's thread limit. */
const MAX_THREADS = 1024;

export function get_num_threads(): number {
  return cpu.get_num_threads?.() ?? 1;
}
