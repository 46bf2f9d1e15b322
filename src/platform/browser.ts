// What differs between Node and a browser, the browser's side (see ./node.ts,
// which the browser build replaces with this module).
import type { TypedArray } from "../dtype.js";
import type { Backend } from "../backend/backend.js";
import { tsBackend } from "../backend/ts/index.js";
import { canShareMemory, hasRelaxedSimd, wasmBackend, type WasmWorker } from "../backend/wasm/index.js";
import type { LoaderWorker, WorkerInit, WorkerReply } from "../utils/data/worker.js";
import { RuntimeError } from "../errors.js";

export const platform = "browser";

/**
 * The wasm module beside the bundle (dist/browser/tensorgrad-shared.wasm when cross-origin isolated, else tensorgrad.wasm;
 * their -relaxed twins where relaxed SIMD validates); the TypeScript backend where WebAssembly SIMD is missing.
 */
export async function loadCpuBackend(): Promise<Backend<TypedArray>> {
  if (typeof WebAssembly === "undefined" || !WebAssembly.validate(SIMD_PROBE)) {
    console.warn("tensorgrad: this browser has no WebAssembly SIMD; using the TypeScript backend.");
    return tsBackend;
  }
  // Four files beside the module; a bundler that copies assets finds the literal URLs.
  const url = hasRelaxedSimd()
    ? canShareMemory()
      ? new URL("./tensorgrad-shared-relaxed.wasm", import.meta.url)
      : new URL("./tensorgrad-relaxed.wasm", import.meta.url)
    : canShareMemory()
      ? new URL("./tensorgrad-shared.wasm", import.meta.url)
      : new URL("./tensorgrad.wasm", import.meta.url);
  // A DataLoader worker computes on one thread, as PyTorch's.
  const threads = (globalThis as { name?: string }).name === LOADER_WORKER ? 1 : navigator.hardwareConcurrency || 1;
  return wasmBackend(await fetchWasm(url), { spawn: spawnWorker, threads });
}

/** The module's bytes, or an error that names the missing file and how a bundler puts it beside the bundle. */
async function fetchWasm(url: URL): Promise<Response | ArrayBuffer> {
  const file = url.pathname.split("/").pop();
  const missing = (why: string) =>
    new RuntimeError(
      `tensorgrad: ${file} was not found beside the bundle (${url.href}: ${why}). tensorgrad's module loads its .wasm files ` +
        "from its own folder: Vite and webpack 5 copy them (they follow new URL(\"./…\", import.meta.url)); with esbuild or another " +
        "bundler, copy the four .wasm files of node_modules/tensorgrad/dist/browser/ beside your bundle.",
    );
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw missing((e as Error).message);
  }
  if (!response.ok) throw missing(`HTTP ${response.status}`);
  // A server that does not send application/wasm fails compileStreaming: compile the bytes instead.
  return response.headers.get("content-type")?.startsWith("application/wasm") ? response : response.arrayBuffer();
}

/** A Web Worker from a script's source (a blob: URL, same-origin, so a cross-origin isolated page allows it). */
function spawnWorker(source: string): WasmWorker {
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  return {
    postMessage: (m) => worker.postMessage(m),
    firstMessage: () =>
      new Promise((resolve, reject) => {
        worker.addEventListener("message", (e) => resolve(e.data), { once: true });
        worker.addEventListener("error", (e) => reject(new Error(e.message || "the worker failed to load")), { once: true });
      }),
  };
}

/** A module whose one function uses a SIMD128 instruction: it validates only where SIMD is supported. */
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

function nodeOnly(what: string): never {
  throw new Error(`${what} reads or writes files, which a browser does not have: see the API's "In a browser" section`);
}

export async function readFile(path: string): Promise<Uint8Array> {
  return nodeOnly(`reading ${path}`);
}

export async function writeFile(path: string): Promise<void> {
  return nodeOnly(`writing ${path}`);
}

export async function packageDir(): Promise<string | null> {
  return null;
}

export async function joinPath(...parts: string[]): Promise<string> {
  return parts.join("/");
}

/** The name of a DataLoader worker's global scope. */
const LOADER_WORKER = "tensorgrad-loader-worker";

/**
 * A DataLoader worker (Note [loader workers] in src/utils/data/dataloader.ts): a module
 * Web Worker that imports this bundle (this module's URL: the platform is in the entry
 * file, not a lazily loaded chunk) and runs its worker loop, its first message the loop's
 * setup. A page's main thread cannot wait, so it has no nextSync: the loader is
 * iterated with `for await`.
 */
export function spawnLoaderWorker(init: WorkerInit): LoaderWorker {
  const source = `let handler = null;
const pending = [];
const channel = { post: (reply, transfer) => self.postMessage(reply, transfer), onMessage(h) { handler = h; pending.splice(0).forEach(h); } };
self.onmessage = (e) => {
  self.onmessage = (t) => (handler ? handler(t.data) : pending.push(t.data));
  import(${JSON.stringify(import.meta.url)}).then((torch) => torch.utils.data._worker_loop(channel, e.data)).catch((err) => channel.post({ idx: -1, error: { name: err.name, message: err.message, stack: String(err.stack) } }, []));
};`;
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const worker = new Worker(url, { type: "module", name: LOADER_WORKER });
  URL.revokeObjectURL(url);
  const replies: WorkerReply[] = [];
  let wake: (() => void) | null = null;
  worker.addEventListener("message", (e: MessageEvent<WorkerReply>) => {
    replies.push(e.data);
    wake?.();
  });
  worker.addEventListener("error", (e) => {
    replies.push({ idx: -1, error: { name: "Error", message: e.message || "the worker failed to load", stack: e.message || "the worker failed to load" } });
    wake?.();
  });
  worker.postMessage(init);
  return {
    post: (task) => worker.postMessage(task),
    nextSync: null,
    async next(timeoutMs) {
      if (replies.length === 0) {
        await new Promise<void>((resolve) => {
          const timer = timeoutMs === null ? undefined : setTimeout(resolve, timeoutMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
      return replies.shift();
    },
    terminate: () => worker.terminate(),
  };
}

/** A page can neither collect nor run finalizers on demand (Note [GPU memory pressure]). */
export async function memoryCollector(): Promise<undefined> {
  return undefined;
}
