import type { Backend } from "./backend.js";
import { RuntimeError, TorchTypeError, typeName } from "../errors.js";
import { loadNative } from "./native/index.js";
import { tsBackend } from "./ts/index.js";

export type { Backend, View, UnaryOp, BinaryOp, ReduceOp } from "./backend.js";

/** The active backend. Ops call kernels only through this object. */
export let backend: Backend = tsBackend;

// Node: the native addon when it was built, unless TENSORGRAD_BACKEND=ts asks for the reference.
const env = typeof process !== "undefined" ? process.env : undefined;
if (env !== undefined && process.versions?.node && env.TENSORGRAD_BACKEND !== "ts") {
  const native = await loadNative();
  if (native) backend = native;
  else if (env.TENSORGRAD_BACKEND === "native") throw new Error("tensorgrad: TENSORGRAD_BACKEND=native, but the native addon is not built (npm install builds it)");
  else console.warn("tensorgrad: the native backend is not built here (npm install builds it with node-gyp); using the TypeScript backend.");
}

export function set_backend(b: Backend): void {
  backend = b;
}

/** "native" (the N-API addon) or "ts" (the TypeScript reference). */
export function get_backend(): string {
  return backend.name;
}

/** Threads used by the native backend's kernels (PyTorch's torch.set_num_threads). */
export function set_num_threads(n: number): void {
  if (typeof n !== "number" || !Number.isInteger(n)) throw new TorchTypeError(`set_num_threads(): argument 'int' (position 1) must be int, not ${typeName(n)}`);
  if (n < 1) throw new RuntimeError("set_num_threads expects a positive integer");
  if (n > MAX_THREADS) throw new RuntimeError(`set_num_threads: ${n} threads is more than this backend allows (at most ${MAX_THREADS})`);
  backend.set_num_threads?.(n);
}

/** More threads than any CPU this runs on has cores; far fewer than a system's thread limit. */
const MAX_THREADS = 1024;

export function get_num_threads(): number {
  return backend.get_num_threads?.() ?? 1;
}
