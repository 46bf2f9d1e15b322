/// <reference types="@webgpu/types" />
// The webgpu backend: storage in GPU buffers, kernels in WGSL (./wgsl.ts). Ops
// return at once: each kernel is recorded into a command batch that is
// submitted every few dozen kernels and whenever values are read back, the one
// asynchronous step (download).
import { bool, float32, float64, int64, type DType, type TypedArray } from "../../dtype.js";
import { OutOfMemoryError, RuntimeError } from "../../errors.js";
import { broadcastStrides, contiguousStrides, isContiguous, numelOf } from "../../shape.js";
import type { BinaryOp, DeviceBackend, DeviceStorage, ReduceOp, UnaryOp, View } from "../backend.js";
import * as W from "./wgsl.js";
import type { Collector } from "../wasm/index.js";
import { memoryCollector } from "../../platform/node.js";
import type { Kind, Compute, Operand } from "./wgsl.js";

// GPUBufferUsage / GPUMapMode values (the globals are absent in Node until the webgpu package installs them).
const MAP_READ = 1, COPY_SRC = 4, COPY_DST = 8, STORAGE = 128;
const STORAGE_USAGE = STORAGE | COPY_SRC | COPY_DST;

/** A tensor's elements in a GPU buffer (Note [storage]); the buffer goes back to the pool when this is collected. */
export class GPUStorage implements DeviceStorage {
  readonly device = "webgpu";
  constructor(
    readonly buffer: GPUBuffer,
    readonly length: number,
    readonly kind: Kind,
  ) {}
}

export const FLOAT64_ERROR = "Cannot convert a WebGPU tensor to float64 dtype as WebGPU doesn't support float64. Please use float32 instead.";

function kindOf(dtype: DType): Kind {
  if (dtype === float32) return "f32";
  if (dtype === bool) return "u32";
  if (dtype === float64) throw new TypeError(FLOAT64_ERROR);
  return "i32";
}

/** Kernels up to this many in one command buffer; then it is submitted so the GPU starts on them. */
const BATCH = 64;

/** Pool size classes: small buffers in 256-byte steps, larger in steps of an eighth of their power of two. */
/** The pool may always keep this much, however little live tensors hold. */
const POOL_MIN_BYTES = 64 << 20;

/**
 * Note [GPU memory pressure]: tensors that are never disposed free their
 * buffers only when V8 collects them, and V8 sees a few bytes per tensor, not
 * the GPU memory behind it. So where the platform can collect on demand (Node:
 * `Collector`), a new buffer that would take the live bytes past
 * PRESSURE_BYTES first runs a full collection and the finalizers, as PyTorch's
 * CUDA allocator frees its cache and retries before giving up; at most once
 * per quarter of that of new buffers, so memory that live tensors really hold
 * does not collect on every allocation. A loop written without scopes then
 * stays near the budget. A page cannot collect: there, scopes free memory.
 * Past the memory limit (torch.webgpu.set_memory_limit), and when the GPU
 * itself reports running out, the error is PyTorch's CUDA out-of-memory
 * message, naming torch.scope, instead of a lost device (outOfMemoryMessage).
 */
const PRESSURE_BYTES = 512 << 20;

const mib = (n: number) => `${(n / 2 ** 20).toFixed(2)} MiB`;

function sizeClass(bytes: number): number {
  if (bytes <= 4096) return Math.max(256, Math.ceil(bytes / 256) * 256);
  const step = 2 ** Math.floor(Math.log2(bytes)) / 8;
  return Math.ceil(bytes / step) * step;
}

export class WebGPUBackend implements DeviceBackend {
  readonly name = "webgpu";
  readonly device = "webgpu";
  /** Freed buffers by size class, reused before allocating (PyTorch's caching allocator). */
  private pool = new Map<number, GPUBuffer[]>();
  private live = 0;
  private reserved = 0;
  /** The most that live tensors have held, which bounds what the pool keeps. */
  private peakLive = 0;
  /** Buffers past the pool's bound, destroyed once the batch that may still use them is submitted. */
  private retired: GPUBuffer[] = [];
  private readonly freed: FinalizationRegistry<GPUBuffer>;
  /** Bytes of buffers created since the last collection under pressure. */
  private createdSinceCollection = 0;
  /** What live tensors may hold at most (torch.webgpu.set_memory_limit), or null for what the GPU has. */
  memoryLimit: number | null = null;
  /** A buffer no tensor uses any more: back to the pool, or destroyed past the pool's bound. */
  private recycle(buffer: GPUBuffer): void {
    this.live -= buffer.size;
    // The pool keeps at most as much as live tensors ever held (and at least POOL_MIN_BYTES): collections
    // come late, so a loop allocates ahead of them, and without a bound those extra buffers would pile up.
    if (this.reserved - this.live > Math.max(POOL_MIN_BYTES, this.peakLive)) {
      this.reserved -= buffer.size;
      if (this.encoder === null) buffer.destroy();
      else this.retired.push(buffer);
      return;
    }
    const list = this.pool.get(buffer.size);
    if (list) list.push(buffer);
    else this.pool.set(buffer.size, [buffer]);
  }
  private pipelines = new Map<string, GPUComputePipeline>();
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private recorded = 0;
  /** Parameter buffers of the open batch, destroyed once it is submitted. */
  private transient: GPUBuffer[] = [];
  private error: string | null = null;

  /**
   * The GPU object and the adapter are kept alive with the device: in Node,
   * collecting Dawn's instance while its device works crashes the process.
   */
  constructor(
    readonly gpu: GPUDevice,
    readonly adapterName: string,
    readonly keepAlive: readonly unknown[],
    private readonly collector?: Collector,
  ) {
    this.freed = new (collector?.Registry ?? FinalizationRegistry)<GPUBuffer>((buffer) => this.recycle(buffer));
    gpu.addEventListener("uncapturederror", (e) => {
      const error = (e as GPUUncapturedErrorEvent).error;
      this.error ??= error.constructor.name === "GPUOutOfMemoryError" ? this.outOfMemoryMessage(null) : error.message;
    });
  }

  // ---- memory --------------------------------------------------------------------
  /** Bytes held by live tensors (torch.webgpu.memory_allocated()). */
  memoryAllocated(): number {
    return this.live;
  }
  /** The most bytes live tensors have held (torch.webgpu.max_memory_allocated()). */
  maxMemoryAllocated(): number {
    return this.peakLive;
  }
  /** The peak starts again from the live bytes (torch.webgpu.reset_peak_memory_stats()); the pool's bound follows it. */
  resetPeak(): void {
    this.peakLive = this.live;
  }
  /** Bytes held by live tensors and the pool (torch.webgpu.memory_reserved()). */
  memoryReserved(): number {
    return this.reserved;
  }
  /** Frees the pool's buffers (torch.webgpu.empty_cache()). */
  emptyCache(): void {
    this.flush();
    for (const list of this.pool.values()) for (const b of list) {
      this.reserved -= b.size;
      b.destroy();
    }
    this.pool.clear();
  }

  private alloc(n: number, kind: Kind): GPUStorage {
    const size = sizeClass(Math.max(n, 1) * 4);
    if (this.memoryLimit !== null && this.live + size > this.memoryLimit) this.makeRoom(size, this.memoryLimit);
    let buffer = this.pool.get(size)?.pop();
    if (buffer === undefined && this.collectUnderPressure(size)) buffer = this.pool.get(size)?.pop();
    if (buffer === undefined) {
      if (this.memoryLimit !== null && this.reserved + size > this.memoryLimit) this.emptyCache();
      buffer = this.gpu.createBuffer({ size, usage: STORAGE_USAGE });
      this.reserved += size;
      this.createdSinceCollection += size;
    }
    return this.track(new GPUStorage(buffer, n, kind));
  }
  /** Past the limit: a collection where the platform has one, then PyTorch's out-of-memory error if live tensors still hold too much. */
  private makeRoom(size: number, limit: number): void {
    if (this.collector !== undefined) {
      this.createdSinceCollection = 0;
      this.collector.collect();
      (this.freed as FinalizationRegistry<GPUBuffer> & { cleanupSome(): void }).cleanupSome();
    }
    if (this.live + size > limit) throw new OutOfMemoryError(this.outOfMemoryMessage(size));
  }
  /** PyTorch's CUDA out-of-memory text, and what to do about it here. */
  private outOfMemoryMessage(size: number | null): string {
    const tried = size === null ? "The GPU could not allocate a buffer" : `Tried to allocate ${mib(size)}`;
    const limit = this.memoryLimit === null ? "" : `${mib(this.memoryLimit)} limit; `;
    const hint = this.collector === undefined
      ? "Tensors that are never disposed wait for the garbage collector, which a page cannot run on demand. Free them when they die"
      : "Live tensors hold this even after a garbage collection. Free the ones a loop no longer needs";
    return `webgpu out of memory. ${tried} (${this.adapterName}; ${limit}${mib(this.live)} already allocated; ${mib(this.reserved)} reserved in total by tensorgrad). ` +
      `${hint}: run each step in torch.scope(() => ...), or use \`using\` or t.dispose() (the README's Memory section).`;
  }
  /** Note [GPU memory pressure]: whether a collection ran to make room for `size` more bytes. */
  private collectUnderPressure(size: number): boolean {
    const c = this.collector;
    if (c === undefined || this.live + size <= PRESSURE_BYTES || this.createdSinceCollection < PRESSURE_BYTES / 4) return false;
    this.createdSinceCollection = 0;
    c.collect();
    (this.freed as FinalizationRegistry<GPUBuffer> & { cleanupSome(): void }).cleanupSome();
    return true;
  }
  private track(s: GPUStorage): GPUStorage {
    this.live += s.buffer.size;
    this.peakLive = Math.max(this.peakLive, this.live);
    this.freed.register(s, s.buffer, s);
    return s;
  }
  /**
   * A storage freed by its owner (Note [ownership]): its buffer is reused at
   * once. Work queued before still reads it first, since the queue runs in order.
   */
  free(s: GPUStorage): void {
    if (this.freed.unregister(s)) this.recycle(s.buffer);
  }

  // ---- batching ------------------------------------------------------------------
  private pipeline(code: string): GPUComputePipeline {
    let p = this.pipelines.get(code);
    if (p === undefined) {
      p = this.gpu.createComputePipeline({ layout: "auto", compute: { module: this.gpu.createShaderModule({ code }), entryPoint: "main" } });
      this.pipelines.set(code, p);
    }
    return p;
  }
  /** A read-only buffer holding `data`, written at creation (no queue write, so the open batch keeps its order). */
  private constant(data: Int32Array | Float32Array | Uint32Array, usage = STORAGE): GPUBuffer {
    const size = Math.max(16, Math.ceil(data.byteLength / 4) * 4);
    const b = this.gpu.createBuffer({ size, usage, mappedAtCreation: true });
    new Uint8Array(b.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    b.unmap();
    return b;
  }
  private dispatch(code: string, params: Int32Array, buffers: GPUBuffer[], groups: readonly [number, number, number]): void {
    const pipeline = this.pipeline(code);
    const p = this.constant(params);
    this.transient.push(p);
    const entries = [p, ...buffers].map((buffer, binding) => ({ binding, resource: { buffer } }));
    const group = this.gpu.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
    if (this.pass === null) {
      this.encoder = this.gpu.createCommandEncoder();
      this.pass = this.encoder.beginComputePass();
    }
    this.pass.setPipeline(pipeline);
    this.pass.setBindGroup(0, group);
    this.pass.dispatchWorkgroups(groups[0], groups[1], groups[2]);
    if (++this.recorded >= BATCH) this.flush();
  }
  /** Submits the open batch. */
  flush(): void {
    if (this.encoder === null) return;
    this.pass!.end();
    this.gpu.queue.submit([this.encoder.finish()]);
    this.encoder = null;
    this.pass = null;
    this.recorded = 0;
    for (const b of this.transient) b.destroy();
    this.transient = [];
    for (const b of this.retired) b.destroy();
    this.retired = [];
  }
  /** Workgroup counts for `count` workgroups: x up to 65535, the rest in y. */
  private grid(count: number): [number, number, number] {
    const x = Math.min(count, 65535);
    return [Math.max(x, 1), Math.ceil(count / 65535) || 1, 1];
  }

  // ---- host transfers ------------------------------------------------------------
  upload(data: TypedArray, dtype: DType): GPUStorage {
    const kind = kindOf(dtype);
    let words: Int32Array | Float32Array | Uint32Array;
    if (kind === "f32") words = data instanceof Float32Array ? data : Float32Array.from(data);
    else if (kind === "u32") words = Uint32Array.from(data);
    else {
      words = new Int32Array(data.length);
      for (let i = 0; i < data.length; i++) {
        const v = data[i];
        if (v > 2147483647 || v < -2147483648) throw new RuntimeError(`webgpu: the int64 value ${v} does not fit the GPU's 32-bit integers`);
        words[i] = v;
      }
    }
    const size = sizeClass(Math.max(data.length, 1) * 4);
    const b = this.gpu.createBuffer({ size, usage: STORAGE_USAGE, mappedAtCreation: true });
    new Uint8Array(b.getMappedRange()).set(new Uint8Array(words.buffer, words.byteOffset, words.byteLength));
    b.unmap();
    this.reserved += size;
    return this.track(new GPUStorage(b, data.length, kind));
  }
  async download(s: DeviceStorage, dtype: DType): Promise<TypedArray> {
    const src = s as GPUStorage;
    const bytes = Math.max(src.length, 1) * 4;
    const staging = this.gpu.createBuffer({ size: Math.ceil(bytes / 4) * 4, usage: MAP_READ | COPY_DST });
    this.flush();
    const encoder = this.gpu.createCommandEncoder();
    encoder.copyBufferToBuffer(src.buffer, 0, staging, 0, staging.size);
    this.gpu.queue.submit([encoder.finish()]);
    await staging.mapAsync(1);
    const raw = staging.getMappedRange().slice(0, src.length * 4);
    staging.unmap();
    staging.destroy();
    if (this.error !== null) {
      const e = this.error;
      this.error = null;
      throw e.startsWith("webgpu out of memory") ? new OutOfMemoryError(e) : new RuntimeError(`webgpu: ${e}`);
    }
    if (dtype === float32) return new Float32Array(raw);
    if (dtype === bool) return Uint8Array.from(new Uint32Array(raw));
    return Float64Array.from(new Int32Array(raw));
  }

  // ---- kernels ---------------------------------------------------------------------
  /** P for an elementwise kernel over `shape` (Note [kernel parameters]). */
  private params(count: number, shape: readonly number[], operands: readonly (View | number)[], compute: Compute): Int32Array {
    if (shape.length > W.MAX_RANK) throw new RuntimeError(`webgpu: tensors of more than ${W.MAX_RANK} dims are not supported (got ${shape.length})`);
    const scalars = operands.filter((o) => typeof o === "number") as number[];
    const P = new Int32Array(W.INPUT_BASE + W.INPUT_SLOTS * operands.length + scalars.length);
    P[0] = count;
    P[1] = shape.length;
    shape.forEach((s, d) => (P[2 + d] = s));
    operands.forEach((o, k) => {
      if (typeof o === "number") return;
      const base = W.INPUT_BASE + W.INPUT_SLOTS * k;
      P[base] = o._offset;
      broadcastStrides(o._shape, o._strides, shape).forEach((s, d) => (P[base + 1 + d] = s));
    });
    const f = new Float32Array(P.buffer);
    scalars.forEach((v, j) => {
      const slot = W.INPUT_BASE + W.INPUT_SLOTS * operands.length + j;
      if (compute === "f32") f[slot] = v;
      else P[slot] = Number.isFinite(v) ? Math.trunc(v) : v > 0 ? 2147483647 : -2147483647;
    });
    return P;
  }

  private elementwise(operands: readonly (View | number)[], shape: readonly number[], out: DType, compute: Compute, expr: string): GPUStorage {
    const n = numelOf(shape);
    const outKind = kindOf(out);
    const res = this.alloc(n, outKind);
    if (n === 0) return res;
    const ops: Operand[] = operands.map((o) => (typeof o === "number" ? "scalar" : { kind: (o._data as GPUStorage).kind }));
    const code = W.elementwise(ops, outKind, compute, expr);
    const buffers = operands.filter((o): o is View => typeof o !== "number").map((o) => (o._data as GPUStorage).buffer);
    this.dispatch(code, this.params(n, shape, operands, compute), [...buffers, res.buffer], this.grid(Math.ceil(n / W.WORKGROUP)));
    return res;
  }

  full(n: number, value: number, out: DType): GPUStorage {
    const compute: Compute = out === float32 ? "f32" : "i32";
    return this.elementwise([value], [n], out, compute, "x");
  }

  unary(op: UnaryOp, x: View, out: DType): GPUStorage {
    const compute: Compute = kindOf(out) === "i32" && W.unaryExpr(op, "i32") !== undefined ? "i32" : "f32";
    return this.elementwise([x], x._shape, out, compute, W.unaryExpr(op, compute)!);
  }

  binary(op: BinaryOp, a: View | number, b: View | number, shape: readonly number[], out: DType): GPUStorage {
    const outKind = kindOf(out);
    const intInputs = [a, b].every((v) => typeof v === "number" ? Number.isInteger(v) : (v._data as GPUStorage).kind !== "f32");
    const compute: Compute = W.binaryExpr(op, "i32") !== undefined && (outKind === "i32" || (outKind === "u32" && intInputs)) ? "i32" : "f32";
    const expr = op === "pow" && compute === "f32" && typeof b !== "number" ? W.POW_TENSOR_EXPONENT : W.binaryExpr(op, compute)!;
    return this.elementwise([a, b], shape, out, compute, expr);
  }

  clamp(x: View, lo: number, hi: number, out: DType): GPUStorage {
    const compute: Compute = kindOf(out) === "f32" ? "f32" : "i32";
    const expr = compute === "f32" ? "select(min(max(a, b), c), a, isnan_(a))" : "min(max(a, b), c)";
    return this.elementwise([x, lo, hi], x._shape, out, compute, expr);
  }

  where(cond: View, a: View | number, b: View | number, shape: readonly number[], out: DType): GPUStorage {
    const compute: Compute = kindOf(out) === "f32" ? "f32" : "i32";
    return this.elementwise([cond, a, b], shape, out, compute, `select(c, b, a != ${compute}(0))`);
  }

  copy(x: View, shape: readonly number[], out: DType): GPUStorage {
    return this.elementwise([x], shape, out, kindOf(out) === "f32" ? "f32" : "i32", "x");
  }

  copyInto(dst: View, src: View | number, dtype: DType): void {
    const n = numelOf(dst._shape);
    if (n === 0) return;
    const d = dst._data as GPUStorage;
    // WebGPU forbids binding one buffer for reading and writing in a dispatch: a source that aliases goes through a copy.
    let from: View | number = src;
    if (typeof src !== "number" && (src._data as GPUStorage).buffer === d.buffer) {
      from = { _data: this.copy(src, src._shape, dtype), _shape: src._shape, _strides: contiguousStrides(src._shape), _offset: 0 };
    }
    const compute: Compute = d.kind === "f32" ? "f32" : "i32";
    // The scalar, if any, lands after both operand blocks, where scatterCopy reads it.
    const P = this.params(n, dst._shape, [dst, from], compute);
    const operand: Operand = typeof from === "number" ? "scalar" : { kind: (from._data as GPUStorage).kind };
    const buffers = typeof from === "number" ? [d.buffer] : [(from._data as GPUStorage).buffer, d.buffer];
    this.dispatch(W.scatterCopy(operand, d.kind), P, buffers, this.grid(Math.ceil(n / W.WORKGROUP)));
  }

  reduce(op: ReduceOp, x: View, dims: readonly number[], out: DType): GPUStorage {
    const kept: number[] = [], keptStrides: number[] = [], red: number[] = [], redStrides: number[] = [];
    x._shape.forEach((s, d) => {
      if (dims.includes(d)) {
        red.push(s);
        redStrides.push(x._strides[d]);
      } else {
        kept.push(s);
        keptStrides.push(x._strides[d]);
      }
    });
    if (kept.length > W.MAX_RANK || red.length > W.MAX_RANK) throw new RuntimeError(`webgpu: tensors of more than ${W.MAX_RANK} dims are not supported`);
    const nOut = numelOf(kept), nRed = numelOf(red);
    const outKind = kindOf(out);
    const res = this.alloc(nOut, outKind);
    if (nOut === 0) return res;
    const M = W.MAX_RANK;
    const P = new Int32Array(4 + 4 * M + 1);
    P[0] = nOut;
    P[1] = nRed;
    P[2] = kept.length;
    kept.forEach((s, d) => ((P[3 + d] = s), (P[3 + M + d] = keptStrides[d])));
    P[3 + 2 * M] = red.length;
    red.forEach((s, d) => ((P[4 + 2 * M + d] = s), (P[4 + 3 * M + d] = redStrides[d])));
    P[4 + 4 * M] = x._offset;
    const code = W.reduction(op, (x._data as GPUStorage).kind, outKind);
    this.dispatch(code, P, [(x._data as GPUStorage).buffer, res.buffer], this.grid(nOut));
    return res;
  }

  /** A contiguous float32 copy where a kernel needs one. */
  private asF32(v: View): View {
    if ((v._data as GPUStorage).kind === "f32") return v;
    return { _data: this.copy(v, v._shape, float32), _shape: v._shape, _strides: contiguousStrides(v._shape), _offset: 0 };
  }

  matmul(a: View, b: View, batch: number, m: number, k: number, n: number, out: DType): GPUStorage {
    if (out !== float32) throw new RuntimeError(`webgpu: matmul computes in float32 (got ${out.name})`);
    const res = this.alloc(batch * m * n, "f32");
    if (batch * m * n === 0) return res;
    if (k === 0) return this.full(batch * m * n, 0, float32);
    const A = this.asF32(a), B = this.asF32(b);
    const [abs, ars, acs] = A._strides, [bbs, brs, bcs] = B._strides;
    const P = Int32Array.of(batch, m, k, n, A._offset, abs, ars, acs, B._offset, bbs, brs, bcs);
    const groups: [number, number, number] = [Math.ceil(n / W.MM_TILE), Math.ceil(m / W.MM_TILE), batch];
    this.dispatch(W.matmul(), P, [(A._data as GPUStorage).buffer, (B._data as GPUStorage).buffer, res.buffer], groups);
    return res;
  }

  cumsum(x: View, dim: number, out: DType): GPUStorage {
    const kind = kindOf(out);
    const compute: Compute = kind === "f32" ? "f32" : "i32";
    const src = this.copy(x, x._shape, out);
    const res = this.alloc(src.length, kind);
    const len = x._shape[dim] ?? 1;
    const inner = numelOf(x._shape.slice(dim + 1));
    const outer = src.length / Math.max(len * inner, 1);
    if (src.length === 0) return res;
    this.dispatch(W.cumsum(kind, compute), Int32Array.of(outer, len, inner), [src.buffer, res.buffer], this.grid(Math.ceil((outer * inner) / W.WORKGROUP)));
    return res;
  }

  argsort(x: View, dim: number, descending: boolean, out: DType): GPUStorage {
    const src = (x._data as GPUStorage).kind;
    const n = x._shape[dim];
    const total = numelOf(x._shape);
    const res = this.alloc(total, kindOf(out));
    if (total === 0) return res;
    const lines = total / n;
    const inner = numelOf(x._shape.slice(dim + 1));
    let width = 1;
    while (width < n) width *= 2;
    const keys = this.alloc(lines * width, src);
    const idx = this.alloc(lines * width, "i32");
    const params = (block: number, stride: number) => Int32Array.of(lines, n, width, inner, block, stride, descending ? 1 : 0);
    const contiguous = this.copy(x, x._shape, dtypeOfKind(src));
    this.dispatch(W.argsortInit(src), params(0, 0), [keys.buffer, idx.buffer, contiguous.buffer], this.grid(Math.ceil((lines * width) / W.WORKGROUP)));
    // The bitonic network: blocks of 2, 4, ... width, each merged by strides of block/2 down to 1.
    const step = W.argsortStep(src);
    const pairs = this.grid(Math.ceil((lines * width) / 2 / W.WORKGROUP));
    for (let block = 2; block <= width; block *= 2) {
      for (let stride = block / 2; stride >= 1; stride /= 2) this.dispatch(step, params(block, stride), [keys.buffer, idx.buffer], pairs);
    }
    this.dispatch(W.argsortFinish(), params(0, 0), [idx.buffer, res.buffer], this.grid(Math.ceil(total / W.WORKGROUP)));
    return res;
  }

  /** An index as a contiguous i32 buffer on the device, and its length. */
  private indexBuffer(index: ArrayLike<number> | View): [GPUBuffer, number] {
    if ((index as View)._data === undefined) {
      const host = index as ArrayLike<number>;
      const b = this.constant(host instanceof Int32Array ? host : Int32Array.from(host));
      this.transient.push(b);
      return [b, host.length];
    }
    const v = index as View;
    const n = numelOf(v._shape);
    const s = v._data as GPUStorage;
    if (s.kind === "i32" && v._offset === 0 && isContiguous(v._shape, v._strides)) return [s.buffer, n];
    return [this.elementwise([v], v._shape, dtypeOfKind("i32"), "i32", "x").buffer, n];
  }

  take(x: View, index: ArrayLike<number> | View, out: DType): GPUStorage {
    const [ib, count] = this.indexBuffer(index);
    const kind = (x._data as GPUStorage).kind;
    const res = this.alloc(count, kind);
    if (count === 0) return res;
    const P = this.params(count, x._shape, [x], "f32");
    this.dispatch(W.take(kind), P, [(x._data as GPUStorage).buffer, ib, res.buffer], this.grid(Math.ceil(count / W.WORKGROUP)));
    return kindOf(out) === kind ? res : this.copy({ _data: res, _shape: [count], _strides: [1], _offset: 0 }, [count], out);
  }

  putAdd(base: View, index: ArrayLike<number> | View, src: View, out: DType): GPUStorage {
    const res = this.copy(base, base._shape, out);
    const [ib, count] = this.indexBuffer(index);
    if (count === 0) return res;
    const s = (src._data as GPUStorage).kind === res.kind ? src : { _data: this.copy(src, src._shape, out), _shape: src._shape, _strides: contiguousStrides(src._shape), _offset: 0 };
    const P = this.params(count, s._shape, [s], "f32");
    this.dispatch(W.scatterAdd(res.kind), P, [(s._data as GPUStorage).buffer, ib, res.buffer], this.grid(Math.ceil(count / W.WORKGROUP)));
    return res;
  }
}

/** The dtype a kernel writes for a kind (int indices are int64 to the library). */
function dtypeOfKind(kind: Kind): DType {
  return kind === "f32" ? float32 : kind === "u32" ? bool : int64;
}

/** navigator.gpu in a browser; in Node, the `webgpu` package (Dawn, an optional peer the user installs), loaded on demand. */
async function findGPU(): Promise<GPU> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return nav.gpu;
  if (typeof process !== "undefined" && process.versions?.node) {
    const name = "webgpu";
    let mod: { create(options: string[]): GPU; globals: object };
    try {
      mod = (await import(name)) as typeof mod;
    } catch (e) {
      throw new RuntimeError(
        "webgpu: in Node, a GPU needs the 'webgpu' package (Dawn, about 130 MB of prebuilt binaries, so tensorgrad does not install it): " +
          `run \`npm install webgpu@0.6\`. It did not load: ${(e as Error).message}`,
      );
    }
    Object.assign(globalThis, mod.globals);
    return mod.create([]);
  }
  throw new RuntimeError("webgpu: this runtime has no WebGPU (navigator.gpu is undefined)");
}

/** Opens the GPU: an adapter, a device with the adapter's storage limits, and the backend over it. */
export async function createWebGPUBackend(): Promise<WebGPUBackend> {
  const gpu = await findGPU();
  const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  if (adapter === null) {
    const hint = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu === gpu
      ? "the browser offers none: its GPU may be blocked or disabled (chrome://gpu says why)"
      : "in Node without a GPU, install chromium's SwiftShader and set VK_ICD_FILENAMES; see the README's Devices section";
    throw new RuntimeError(`webgpu: no GPU adapter is available (${hint})`);
  }
  const limits = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxStorageBuffersPerShaderStage: Math.min(limits.maxStorageBuffersPerShaderStage, 8),
    },
  });
  const info = adapter.info;
  const name = [info?.vendor, info?.architecture, info?.device, info?.description].filter((s) => s).join(" ") || "unknown adapter";
  return new WebGPUBackend(device, name, [gpu, adapter], await memoryCollector());
}
