// The wasm backend: the kernels of native/kernels.h compiled to WebAssembly
// (native/wasm.cc, built by scripts/build-wasm.sh), behind the same JS wrapper
// as the native addon (kernelBackend). It is the browser's CPU backend, and
// Node's where the addon did not build.
import { allocate, bool, float32, type DType, type TypedArray } from "../../dtype.js";
import type { Backend } from "../backend.js";
import { kernelBackend, type Kernels } from "../kernels/index.js";

interface WasmExports {
  memory: WebAssembly.Memory;
  tg_malloc(bytes: number): number;
  tg_free(ptr: number): void;
  tg_matmul(f64: number, a: number, abs: number, ars: number, acs: number, b: number, bbs: number, brs: number, bcs: number, out: number, batch: number, m: number, k: number, n: number, bias: number): void;
  tg_binary(f64: number, op: number, a: number, b: number, out: number, n: number, mode: number, mid: number, inner: number): void;
  tg_unary(f64: number, op: number, x: number, out: number, n: number): void;
  tg_reduce_middle(xF64: number, outF64: number, op: number, x: number, outer: number, red: number, inner: number, out: number): void;
  tg_take(f64: number, x: number, index: number, out: number, n: number): void;
  tg_put_add(f64: number, out: number, index: number, src: number, n: number): void;
  tg_copy_strided(f64: number, src: number, nd: number, shape: number, strides: number, out: number): void;
  tg_compare_scalar(f64: number, op: number, x: number, scalar: number, out: number, n: number): void;
  tg_where(f64: number, cond: number, a: number, aScalar: number, av: number, b: number, bScalar: number, bv: number, out: number, n: number): void;
  tg_adam(f64: number, p: number, g: number, m: number, v: number, vmax: number, n: number, h: number): void;
  tg_softmax(f64: number, x: number, out: number, rows: number, size: number, log: number): void;
  tg_softmax_backward(f64: number, g: number, y: number, out: number, rows: number, size: number, log: number): void;
  tg_max_pool2d(f64: number, x: number, out: number, indices: number, geometry: number): void;
  tg_threshold_backward(f64: number, g: number, x: number, threshold: number, out: number, n: number): void;
  tg_bernoulli(f64: number, mt: number, index: number, out: number, n: number, p: number): number;
  tg_max_pool2d_backward(f64: number, g: number, indices: number, out: number, planes: number, planeIn: number, planeOut: number): void;
  tg_conv2d(f64: number, x: number, weight: number, bias: number, out: number, geometry: number): void;
  tg_conv2d_backward(f64: number, g: number, x: number, weight: number, gradInput: number, gradWeight: number, geometry: number): void;
  tg_sgd(f64: number, p: number, g: number, buf: number, n: number, h: number): void;
  tg_adadelta(f64: number, p: number, g: number, squareAvg: number, accDelta: number, n: number, h: number): void;
  tg_set_num_threads(n: number): void;
  tg_get_num_threads(): number;
  /** The shared-memory module only: a worker's loop (never returns); the worker sets the exported __stack_pointer first. */
  tg_worker_main?(): void;
}

/** A worker as the platform starts one (a Web Worker, or a worker_thread in Node) from a script's source. */
export interface WasmWorker {
  postMessage(message: unknown): void;
  /** The worker's first message (or its error). */
  firstMessage(): Promise<unknown>;
}
export type SpawnWorker = (source: string) => WasmWorker;

/**
 * A pool worker (Note [wasm threads] in native/kernels.h): its own instance of
 * the module over the shared memory, with its own stack, parked in
 * tg_worker_main. `self` is a Web Worker's scope; in Node the platform defines
 * `self` over worker_threads' parentPort before this source.
 */
const WORKER_SOURCE = `
self.onmessage = async ({ data: { module, memory, stackTop } }) => {
  try {
    const instance = await WebAssembly.instantiate(module, { env: { memory }, wasi_snapshot_preview1: { fd_close: () => 0, fd_seek: () => 0, fd_write: () => 0 } });
    instance.exports.__stack_pointer.value = stackTop;
    self.postMessage("ready");
    instance.exports.tg_worker_main();
  } catch (e) {
    self.postMessage(String(e));
  }
};`;
/** Each worker's stack, in the shared memory: the kernels keep big buffers on the heap, not the stack. */
const WORKER_STACK_BYTES = 1 << 20;

/** The few WASI calls libc links in (its abort message); the kernels never make them. */
const WASI_STUBS = { fd_close: () => 0, fd_seek: () => 0, fd_write: () => 0 };

/** The arrays kernels read and write: storage, index arrays, a generator's state. */
type HostArray = TypedArray | Int32Array | Uint8Array | Uint32Array;
const f64 = (a: TypedArray) => (a instanceof Float64Array ? 1 : 0);

/** Pages of 64 KiB: the shared memory's maximum (scripts/build-wasm.sh links tensorgrad-shared.wasm for at most 2 GiB). */
const SHARED_MAX_PAGES = 32768;
/** At most this much tensor storage lives in the module's memory at once; past it, outputs are ordinary arrays. */
const RESIDENT_BUDGET_BYTES = 256 << 20;
/** Smaller outputs are ordinary arrays: a malloc and a finalizer cost more than copying them. */
const RESIDENT_MIN_BYTES = 16384;

/**
 * What a platform offers to free resident storage without the event loop (Note
 * [wasm storage]): a FinalizationRegistry with cleanupSome(), and a full collection.
 */
export interface Collector {
  Registry: FinalizationRegistryConstructor;
  collect(): void;
}

/**
 * Note [wasm storage]: kernels read and write the module's own memory.
 * - Staging (always available): a call copies its arrays into blocks malloc'd
 *   there and its outputs back out. A plain memory detaches its old buffer when
 *   it grows, so no view of it is kept across a call.
 * - Resident (where memory can be shared: Node, a cross-origin isolated page):
 *   a shared memory never moves, so a kernel's output can be a typed array over
 *   it, which later kernels read in place. It is freed when the array is
 *   collected (a FinalizationRegistry), and finalizers run only when the event
 *   loop turns: a loop that never yields frees nothing. So resident storage
 *   is capped at RESIDENT_BUDGET_BYTES; past it outputs are ordinary arrays
 *   (staged) until collections bring it back under. Where the platform offers
 *   a `Collector` (Node), the budget running out instead starts a full
 *   collection (only V8's full collections find registered objects dead) and
 *   runs the finalizers at once (cleanupSome), as PyTorch's CUDA allocator
 *   frees its cache and retries: a training loop written without awaits keeps
 *   its storage resident (bench's MLP step in Node, two threads: 5.7-6.5 ms
 *   staged, 3.2-4.5 ms resident, alternating runs). At most one collection
 *   per quarter budget of new storage, so a budget held by live tensors does
 *   not collect on every call. Measured in headless
 *   Chromium here: a fresh 4 MB Float32Array costs 15-18 ms of page faults,
 *   while a freed block of module memory is reused without any.
 * No derived view (subarray, an array over `.buffer`) may outlive the array it
 * came from: the block is freed with that array.
 */
export function wasmKernels(instance: WebAssembly.Instance, memory: WebAssembly.Memory, collector?: Collector): { kernels: Kernels; output?: (dtype: DType, n: number) => TypedArray; free?: (a: TypedArray) => void } {
  const x = instance.exports as unknown as WasmExports;
  const shared = typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer;
  /** The buffer objects resident arrays were made over (memory.buffer is a new object after each growth). */
  const residentBuffers = new WeakSet<ArrayBufferLike>();
  const isResident = (a: ArrayBufferView) => shared && residentBuffers.has(a.buffer);
  const blocks: number[] = [];
  const bytes = () => new Uint8Array(memory.buffer);
  function block(n: number): number {
    const p = x.tg_malloc(Math.max(n, 8));
    if (p === 0) {
      release();
      throw new RangeError(`tensorgrad wasm: out of memory allocating ${n} bytes`);
    }
    blocks.push(p);
    return p;
  }
  /** The address of the `count` elements of a from `offset` (all after it by default): in place when resident, else of a copy. */
  function input(a: HostArray, offset = 0, count = a.length - offset): number {
    const size = a.BYTES_PER_ELEMENT;
    if (isResident(a)) return a.byteOffset + offset * size;
    const p = block(count * size);
    bytes().set(new Uint8Array(a.buffer, a.byteOffset + offset * size, count * size), p);
    return p;
  }
  /** The address of element `offset` of a, in place when resident, else in a copy of the elements a strided read reaches (strides may be negative). */
  function stridedInput(a: TypedArray, offset: number, shape: ArrayLike<number>, strides: ArrayLike<number>): number {
    if (isResident(a)) return a.byteOffset + offset * a.BYTES_PER_ELEMENT;
    let lo = offset, hi = offset;
    for (let d = 0; d < shape.length; d++) {
      const reach = (shape[d] - 1) * strides[d];
      if (reach < 0) lo += reach;
      else hi += reach;
    }
    return input(a, lo, hi - lo + 1) + (offset - lo) * a.BYTES_PER_ELEMENT;
  }
  const outputs: [HostArray, number][] = [];
  /** The address of the `count` elements of a from `offset`, which the kernel reads and writes: in place when resident, else of a copy that finish() copies back. */
  function inout(a: TypedArray | Uint32Array, offset: number, count: number): number {
    const p = input(a, offset, count);
    if (!isResident(a)) outputs.push([a.subarray(offset, offset + count), p]);
    return p;
  }
  /** Where the kernel writes a: in place when resident, else a block that finish() copies into a. */
  function output(a: HostArray): number {
    if (isResident(a)) return a.byteOffset;
    const p = block(a.byteLength);
    outputs.push([a, p]);
    return p;
  }
  function finish(): void {
    const heap = memory.buffer;
    for (const [a, p] of outputs) new Uint8Array(a.buffer, a.byteOffset, a.byteLength).set(new Uint8Array(heap, p, a.byteLength));
    release();
  }
  function release(): void {
    for (const p of blocks) x.tg_free(p);
    blocks.length = 0;
    outputs.length = 0;
  }

  let residentBytes = 0;
  const freed = new (collector?.Registry ?? FinalizationRegistry)<[number, number]>(([p, size]) => {
    x.tg_free(p);
    residentBytes -= size;
  });
  let residentSinceCollection = 0;
  /** Whether `size` more bytes fit the budget, after a collection where the platform can run one (Note [wasm storage]). */
  function fits(size: number): boolean {
    if (residentBytes + size <= RESIDENT_BUDGET_BYTES) return true;
    if (collector === undefined || residentSinceCollection < RESIDENT_BUDGET_BYTES / 4) return false;
    residentSinceCollection = 0;
    collector.collect();
    (freed as FinalizationRegistry<[number, number]> & { cleanupSome(): void }).cleanupSome();
    return residentBytes + size <= RESIDENT_BUDGET_BYTES;
  }
  /** Storage for a kernel's output (written in full, so not zeroed): resident while the budget allows. */
  function residentOutput(dtype: DType, n: number): TypedArray {
    const size = n * (dtype === float32 ? 4 : dtype === bool ? 1 : 8);
    if (size < RESIDENT_MIN_BYTES || !fits(size)) return allocate(dtype, n);
    const p = x.tg_malloc(size);
    if (p === 0) return allocate(dtype, n);
    const buffer = memory.buffer;
    residentBuffers.add(buffer);
    const a = dtype === float32 ? new Float32Array(buffer, p, n) : dtype === bool ? new Uint8Array(buffer, p, n) : new Float64Array(buffer, p, n);
    residentBytes += size;
    residentSinceCollection += size;
    freed.register(a, [p, size], a);
    return a;
  }
  /** A resident array freed by its owner (Note [ownership] in src/memory.ts): its block goes back now, not when collected. */
  function free(a: TypedArray): void {
    if (!freed.unregister(a)) return;
    x.tg_free(a.byteOffset);
    residentBytes -= a.byteLength;
  }

  const kernels: Kernels = {
    matmul(a, aOff, abs, ars, acs, b, bOff, bbs, brs, bcs, batch, m, k, n, out, bias, biasOff) {
      const ap = stridedInput(a, aOff, [batch, m, k], [abs, ars, acs]), bp = stridedInput(b, bOff, [batch, k, n], [bbs, brs, bcs]);
      x.tg_matmul(f64(out), ap, abs, ars, acs, bp, bbs, brs, bcs, output(out), batch, m, k, n, bias === null ? 0 : input(bias, biasOff, n));
      finish();
    },
    binary(op, a, aOff, b, bOff, out, n, mode, mid, inner) {
      // mode 1: b is one element; 2: a is; 3: b is a block of mid (see binary_kernel).
      const bCount = mode === 1 ? 1 : mode === 3 ? mid : n;
      x.tg_binary(f64(out), op, input(a, aOff, mode === 2 ? 1 : n), input(b, bOff, bCount), output(out), n, mode, mid, inner);
      finish();
    },
    unary(op, a, aOff, out, n) {
      x.tg_unary(f64(out), op, input(a, aOff, n), output(out), n);
      finish();
    },
    reduceMiddle(op, a, aOff, outer, red, inner, out) {
      x.tg_reduce_middle(f64(a), f64(out), op, input(a, aOff, outer * red * inner), outer, red, inner, output(out));
      finish();
    },
    softmax(a, aOff, out, rows, size, log) {
      x.tg_softmax(f64(out), input(a, aOff, rows * size), output(out), rows, size, log);
      finish();
    },
    softmaxBackward(g, gOff, y, yOff, out, rows, size, log) {
      x.tg_softmax_backward(f64(out), input(g, gOff, rows * size), input(y, yOff, rows * size), output(out), rows, size, log);
      finish();
    },
    conv2d(a, aOff, weight, weightOff, bias, biasOff, out, g) {
      const k = g[1] * g[5] * g[6];
      x.tg_conv2d(f64(out), input(a, aOff, g[0] * g[1] * g[2] * g[3]), input(weight, weightOff, g[4] * k), bias === null ? 0 : input(bias, biasOff, g[4]), output(out), input(g));
      finish();
    },
    conv2dBackward(gy, gyOff, a, aOff, weight, weightOff, gradInput, gradWeight, g) {
      const k = g[1] * g[5] * g[6];
      x.tg_conv2d_backward(f64(weight), input(gy, gyOff, g[0] * g[4] * g[11] * g[12]), input(a, aOff, g[0] * g[1] * g[2] * g[3]), input(weight, weightOff, g[4] * k), gradInput === null ? 0 : output(gradInput), gradWeight === null ? 0 : output(gradWeight), input(g));
      finish();
    },
    maxPool2d(a, aOff, out, indices, g) {
      x.tg_max_pool2d(f64(out), input(a, aOff, g[0] * g[1] * g[2]), output(out), output(indices), input(g));
      finish();
    },
    bernoulli(mt, index, out, p) {
      const next = x.tg_bernoulli(f64(out), inout(mt, 0, mt.length), index, output(out), out.length, p);
      finish();
      return next;
    },
    maxPool2dBackward(g, gOff, indices, out, planes, planeIn) {
      x.tg_max_pool2d_backward(f64(out), input(g, gOff, indices.length), input(indices), output(out), planes, planeIn, planes > 0 ? indices.length / planes : 0);
      finish();
    },
    take(a, aOff, index, out) {
      x.tg_take(f64(out), input(a, aOff), input(index), output(out), index.length);
      finish();
    },
    putAdd(out, index, src, srcOff) {
      const o = inout(out, 0, out.length);
      x.tg_put_add(f64(out), o, input(index), input(src, srcOff, index.length), index.length);
      finish();
    },
    disjointChunks: () => false,
    compareScalar(op, a, aOff, scalar, out, n) {
      x.tg_compare_scalar(f64(a), op, input(a, aOff, n), scalar, output(out), n);
      finish();
    },
    where(cond, cOff, a, aOff, aScalar, b, bOff, bScalar, out, n) {
      x.tg_where(f64(out), input(cond, cOff, n), aScalar === null ? input(a, aOff, n) : 0, aScalar === null ? 0 : 1, aScalar ?? 0, bScalar === null ? input(b, bOff, n) : 0, bScalar === null ? 0 : 1, bScalar ?? 0, output(out), n);
      finish();
    },
    thresholdBackward(g, gOff, a, aOff, threshold, out, n) {
      x.tg_threshold_backward(f64(out), input(g, gOff, n), input(a, aOff, n), threshold, output(out), n);
      finish();
    },
    copyStrided(src, offset, shape, strides, out) {
      x.tg_copy_strided(f64(out), stridedInput(src, offset, shape, strides), shape.length, input(Int32Array.from(shape)), input(Int32Array.from(strides)), output(out));
      finish();
    },
    adam(p, pOff, g, gOff, m, mOff, v, vOff, vmax, vmaxOff, n, h) {
      x.tg_adam(f64(p), inout(p, pOff, n), input(g, gOff, n), inout(m, mOff, n), inout(v, vOff, n), vmax === null ? 0 : inout(vmax, vmaxOff, n), n, input(h));
      finish();
    },
    sgd(p, pOff, g, gOff, buf, bufOff, n, h) {
      x.tg_sgd(f64(p), inout(p, pOff, n), input(g, gOff, n), buf === null ? 0 : inout(buf, bufOff, n), n, input(h));
      finish();
    },
    adadelta(p, pOff, g, gOff, sq, sqOff, acc, accOff, n, h) {
      x.tg_adadelta(f64(p), inout(p, pOff, n), input(g, gOff, n), inout(sq, sqOff, n), inout(acc, accOff, n), n, input(h));
      finish();
    },
    setNumThreads: (n) => x.tg_set_num_threads(n),
    getNumThreads: () => x.tg_get_num_threads(),
    blas: () => "none",
  };
  return { kernels, output: shared ? residentOutput : undefined, free: shared ? free : undefined };
}

/** Whether memory can be shared here (Node; a cross-origin isolated page): then tensorgrad-shared*.wasm, else tensorgrad*.wasm. */
export function canShareMemory(): boolean {
  return typeof SharedArrayBuffer !== "undefined" && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
}

/** Whether this engine validates relaxed SIMD (Note [relaxed SIMD] in native/kernels.h): then the -relaxed modules. */
export const hasRelaxedSimd = (): boolean => WebAssembly.validate(RELAXED_SIMD_PROBE);

/** A module whose one function uses f32x4.relaxed_madd: it validates only where relaxed SIMD is supported. */
const RELAXED_SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 19, 1, 17, 0, 65, 0, 253, 17, 65, 0, 253, 17, 65, 0, 253, 17, 253, 133, 2, 11]);

/** The module's file name for this environment (see canShareMemory and hasRelaxedSimd). */
export const wasmFileName = (): string => `tensorgrad${canShareMemory() ? "-shared" : ""}${hasRelaxedSimd() ? "-relaxed" : ""}.wasm`;

/**
 * The wasm backend from one of the modules' bytes (or their fetch); the
 * shared one imports its memory and, given a way to start workers, runs
 * `threads` threads (the caller's and threads - 1 workers, started before this resolves).
 */
export async function wasmBackend(source: BufferSource | Response | Promise<Response>, pool?: { spawn: SpawnWorker; threads: number }, collector?: Collector): Promise<Backend<TypedArray>> {
  const module = source instanceof Response || source instanceof Promise ? await WebAssembly.compileStreaming(source) : await WebAssembly.compile(source);
  const importsMemory = WebAssembly.Module.imports(module).some((i) => i.kind === "memory");
  const imported = importsMemory ? new WebAssembly.Memory({ initial: 256, maximum: SHARED_MAX_PAGES, shared: true }) : undefined;
  const instance = await WebAssembly.instantiate(module, { env: imported ? { memory: imported } : {}, wasi_snapshot_preview1: WASI_STUBS });
  const exports = instance.exports as unknown as WasmExports;
  if (imported && pool && exports.tg_worker_main) await startWorkers(module, imported, exports, pool.spawn, pool.threads - 1);
  const { kernels, output, free } = wasmKernels(instance, imported ?? (instance.exports.memory as WebAssembly.Memory), collector);
  const backend = kernelBackend("wasm", kernels, output);
  if (free !== undefined) backend.free = free;
  return backend;
}

/** Starts the pool's workers; one that fails to start leaves the pool smaller, with a warning. */
async function startWorkers(module: WebAssembly.Module, memory: WebAssembly.Memory, x: WasmExports, spawn: SpawnWorker, count: number): Promise<void> {
  const started = await Promise.all(
    Array.from({ length: Math.max(0, count) }, async () => {
      const stack = x.tg_malloc(WORKER_STACK_BYTES);
      try {
        const worker = spawn(WORKER_SOURCE);
        const reply = worker.firstMessage();
        worker.postMessage({ module, memory, stackTop: stack + WORKER_STACK_BYTES });
        const answer = await reply;
        if (answer !== "ready") throw new Error(String(answer));
        return true;
      } catch (e) {
        console.warn(`tensorgrad: a wasm worker thread did not start (${(e as Error).message}); fewer threads`);
        x.tg_free(stack);
        return false;
      }
    }),
  );
  // Workers count themselves in when they enter their loop; wait until all that started have.
  const expected = started.filter(Boolean).length + 1;
  for (let spins = 0; x.tg_get_num_threads() < expected && spins < 1000; spins++) await new Promise((resolve) => setTimeout(resolve, 1));
}
