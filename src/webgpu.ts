// torch.webgpu: getting the GPU (once, asynchronously) and its memory figures,
// the twin of torch.cuda (Devices in ../shared/API.md).
import { register_device } from "./backend/index.js";
import { RuntimeError } from "./errors.js";
import { createWebGPUBackend, type WebGPUBackend } from "./backend/webgpu/index.js";

let backend: WebGPUBackend | null = null;
let opening: Promise<void> | null = null;

/** Opens the GPU: navigator.gpu in a browser, the optional `webgpu` package (Dawn) in Node. Throws saying why when there is none. */
export function init(): Promise<void> {
  opening ??= createWebGPUBackend().then(
    (b) => {
      backend = b;
      register_device(b);
    },
    (e) => {
      opening = null;
      throw e;
    },
  );
  return opening;
}

/** True once init() has opened a GPU. */
export function is_available(): boolean {
  return backend !== null;
}

function opened(): WebGPUBackend {
  if (backend === null) throw new RuntimeError("webgpu is not initialized: call `await torch.webgpu.init()` first");
  return backend;
}

/** The adapter's name, as the driver reports it. */
export function get_device_name(): string {
  return opened().adapterName;
}

/** Bytes held by live webgpu tensors. */
export function memory_allocated(): number {
  return backend?.memoryAllocated() ?? 0;
}

/** The most bytes live webgpu tensors have held since the program began (the pool keeps at most this much, or 64 MiB). */
export function max_memory_allocated(): number {
  return backend?.maxMemoryAllocated() ?? 0;
}

/** Starts max_memory_allocated() again from what live tensors hold now (PyTorch's reset_peak_memory_stats). */
export function reset_peak_memory_stats(): void {
  backend?.resetPeak();
}

/** Bytes held by live tensors and the allocator's pool of freed buffers. */
export function memory_reserved(): number {
  return backend?.memoryReserved() ?? 0;
}

/**
 * The most bytes live webgpu tensors may hold (null: what the GPU has). Past
 * it an allocation first collects garbage where it can (Node), then throws
 * torch.OutOfMemoryError, PyTorch's CUDA message naming torch.scope: a page
 * gets that error instead of losing its device.
 */
export function set_memory_limit(bytes: number | null): void {
  if (bytes !== null && !(Number.isFinite(bytes) && bytes > 0)) throw new RuntimeError(`set_memory_limit: expected a positive number of bytes or null, got ${String(bytes)}`);
  opened().memoryLimit = bytes;
}

/** The limit set by set_memory_limit, or null. */
export function get_memory_limit(): number | null {
  return opened().memoryLimit;
}

/** Returns the pool's buffers to the GPU. */
export function empty_cache(): void {
  backend?.emptyCache();
}

/** Submits the queued kernels and waits for the GPU to finish them. */
export async function synchronize(): Promise<void> {
  if (backend === null) return;
  backend.flush();
  await backend.gpu.queue.onSubmittedWorkDone();
}
