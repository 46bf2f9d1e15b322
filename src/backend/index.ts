import type { Backend } from "./backend.js";
import { tsBackend } from "./ts/index.js";

export type { Backend, View, UnaryOp, BinaryOp, ReduceOp } from "./backend.js";

/** The active backend. Ops call kernels only through this object. */
export let backend: Backend = tsBackend;

export function set_backend(b: Backend): void {
  backend = b;
}

export function get_backend(): string {
  return backend.name;
}
