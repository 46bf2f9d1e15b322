// Who owns a storage, and when it is freed: dispose(), `using`, torch.scope()
// and torch.memory_stats(). See Note [ownership].
import { backendFor, deviceOf, type Storage } from "./backend/index.js";
import { Tensor } from "./tensor.js";

/**
 * Note [ownership]: a storage is owned by the tensors that view it, each
 * wrapper holding one share from its construction (Tensor's constructor calls
 * `acquire`) until it is disposed. The share given back last frees the storage
 * to its backend at once (`Backend.free`: a GPU buffer back to the pool, a wasm
 * block back to the module's allocator) instead of when V8 collects it.
 *
 * An autograd node that saved a tensor keeps it alive: disposing a tensor that
 * a graph still needs (`_savedBy > 0`, counted by SavedValues) only marks it,
 * and the dispose completes when the last such graph releases its saved values
 * (after backward without retain_graph). Until then the tensor stays readable.
 *
 * A wrapper that is never disposed keeps its share until it is collected, and
 * the collector frees its storage as before (the backends' own registries):
 * disposal is an addition, so a program written as in PyTorch works
 * unchanged. `torch.scope(fn)` disposes
 * every tensor made while fn runs except those it returns (and their bases)
 * and those kept by the library (`keep`: parameters, buffers, .grad, optimizer
 * state), so inside a scope the shares balance and every storage fn made and
 * dropped is freed when it ends.
 */
/**
 * Each storage's shares, in a symbol-keyed property of the storage itself: an
 * acquire is on every tensor's path, and a WeakMap entry per storage cost a
 * lookup each way and the collector's ephemeron work. 0 or absent: not owned.
 */
const SHARES = Symbol("tensorgrad.shares");
type Owned = Storage & { [SHARES]?: number };
/** Live and peak bytes: the CPU's in plain fields (the hot case), other devices' in maps. */
let cpuBytes = 0;
let cpuPeak = 0;
const deviceBytes = new Map<string, number>();
const devicePeak = new Map<string, number>();
let liveStorages = 0;

function account(s: Storage, sign: 1 | -1): void {
  if (ArrayBuffer.isView(s)) {
    cpuBytes += sign * s.byteLength;
    if (cpuBytes > cpuPeak) cpuPeak = cpuBytes;
    return;
  }
  const device = deviceOf(s);
  const now = (deviceBytes.get(device) ?? 0) + sign * ((s as { buffer?: { size: number } }).buffer?.size ?? 0);
  deviceBytes.set(device, now);
  if (now > (devicePeak.get(device) ?? 0)) devicePeak.set(device, now);
}

/** One more wrapper viewing `s`. */
export function acquire(s: Storage): void {
  const shares = (s as Owned)[SHARES];
  if (shares !== undefined && shares > 0) {
    (s as Owned)[SHARES] = shares + 1;
    return;
  }
  (s as Owned)[SHARES] = 1;
  account(s, 1);
  liveStorages++;
}

let poisonFreed = false;

/**
 * Tests' use-after-free check: with `on`, a freed host storage is first filled
 * with NaN (integers -777, bools 7), so any later read of it shows.
 */
export function setPoisonFreed(on: boolean): void {
  poisonFreed = on;
}

/** One wrapper fewer viewing `s`: the last frees it (Note [ownership]). */
export function release(s: Storage): void {
  const shares = (s as Owned)[SHARES];
  if (shares === undefined || shares === 0) return;
  (s as Owned)[SHARES] = shares - 1;
  if (shares > 1) return;
  account(s, -1);
  liveStorages--;
  if (poisonFreed && ArrayBuffer.isView(s)) s.fill(s instanceof Uint8Array ? 7 : s instanceof Float32Array || s instanceof Float64Array ? NaN : -777);
  backendFor(deviceOf(s)).free?.(s);
}

/** PyTorch's error text model: what a program sees when it uses a tensor after freeing it. */
export const DISPOSED_MESSAGE =
  "Trying to use a tensor that was disposed (by t.dispose(), `using`, or the end of the torch.scope() that made it). " +
  "Return it from the scope, or make it outside, to keep it.";

// ---- scopes ---------------------------------------------------------------------------

/**
 * Note [library scopes]: the library frees its own temporaries. Each composite
 * that makes intermediates (a built-in module's forward, the backward engine, an
 * optimizer's step, a loss) runs in a library scope, which disposes at its end
 * every tensor made meanwhile and not returned, as torch.scope does; a tensor a
 * graph saved stays until the graph lets go (Note [ownership]). A library scope
 * frees only what no user code can hold: user code called from inside one (a
 * forward, a hook, a closure, a custom Function's backward; see `userCode`)
 * makes its tensors in the user's own scope (or none), and every tensor handed
 * to it is marked escaped, which no library scope frees.
 */

/** Where new tensors go, innermost last: a scope's list, or UNTRACKED in user code outside any torch.scope. */
const scopes: Tensor[][] = [];
/** The lists of the open torch.scope() calls, innermost last. */
const userScopes: Tensor[][] = [];
const UNTRACKED: Tensor[] = [];

/** Called by Tensor's constructor: the innermost open scope owns the new wrapper. */
export function track(t: Tensor): void {
  if (scopes.length !== 0) {
    const s = scopes[scopes.length - 1];
    if (s !== UNTRACKED) s.push(t);
  }
}

/** Marks a tensor as the library's to keep (a parameter, buffer, .grad or optimizer state): no scope disposes it. */
export function keep<T extends Tensor | null | undefined>(t: T): T {
  if (t !== null && t !== undefined) t._kept = true;
  return t;
}

/** The tensors a scope's result holds (and their bases): tensors anywhere in arrays, objects, Maps and named tuples. */
function collectEscaping(v: unknown, out: Set<Tensor>, seen: Set<object>): void {
  // A typed array holds numbers only: not walked element by element.
  if (v === null || typeof v !== "object" || ArrayBuffer.isView(v) || seen.has(v)) return;
  seen.add(v);
  if (v instanceof Tensor) {
    for (let t: Tensor | null = v; t !== null && !out.has(t); t = t._base) out.add(t);
    return;
  }
  for (const x of v instanceof Map ? v.values() : Object.values(v)) collectEscaping(x, out, seen);
}

/** Disposes what a scope made, but its result, kept tensors and (in a library scope) escaped ones, which go to the outer scope. */
function close(made: Tensor[], result: unknown, library: boolean): void {
  if (made.length === 0) return;
  // The common result, one tensor (every module forward and functional op): its base chain, with no sets built.
  const single = result instanceof Tensor ? result : null;
  const escaping = single === null ? new Set<Tensor>() : null;
  if (escaping !== null && result !== null && typeof result === "object") collectEscaping(result, escaping, new Set());
  const escapes = (t: Tensor): boolean => {
    if (escaping !== null) return escaping.has(t);
    for (let b: Tensor | null = single; b !== null; b = b._base) if (b === t) return true;
    return false;
  };
  const outer = scopes.length !== 0 && scopes[scopes.length - 1] !== UNTRACKED ? scopes[scopes.length - 1] : null;
  for (const t of made) {
    if (t._kept) continue;
    if (escapes(t) || (library && t._escaped)) outer?.push(t);
    else t.dispose();
  }
}

/**
 * torch.scope(fn): runs fn (sync or async) and then disposes every tensor made
 * meanwhile, except those in its result (a tensor, or arrays and objects of
 * them) and those the library keeps (parameters, buffers, .grad, optimizer
 * state). Scopes nest: what an inner scope returns belongs to the outer one.
 * Returns fn's result (a promise of it for an async fn).
 */
export function scope<T>(fn: () => T): T {
  const made: Tensor[] = [];
  scopes.push(made);
  userScopes.push(made);
  const leave = () => {
    scopes.splice(scopes.lastIndexOf(made), 1);
    userScopes.splice(userScopes.lastIndexOf(made), 1);
  };
  let result: T;
  try {
    result = fn();
  } catch (e) {
    leave();
    close(made, null, false);
    throw e;
  }
  if (result instanceof Promise) {
    // An async fn's scope stays open until its promise settles: tensors made meanwhile are its own.
    return result.then(
      (value) => {
        leave();
        close(made, value, false);
        return value;
      },
      (e: unknown) => {
        leave();
        close(made, null, false);
        throw e;
      },
    ) as T;
  }
  leave();
  close(made, result, false);
  return result;
}

/** Runs library code that makes temporaries: what fn makes and does not return is freed at its end (Note [library scopes]). */
export function libraryScope<T>(fn: () => T): T {
  const made: Tensor[] = [];
  scopes.push(made);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    scopes.pop();
    close(made, null, true);
    throw e;
  }
  scopes.pop();
  close(made, result, true);
  return result;
}

/** A namespace of library functions, each run in a library scope (torch.nn.functional's and torch.linalg's composites); classes stay as they are. */
export function libraryFunctions<T extends object>(ns: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(ns)) {
    if (typeof v !== "function" || /^class\b/.test(Function.prototype.toString.call(v))) {
      out[name] = v;
      continue;
    }
    const f = v as (...args: unknown[]) => unknown;
    const scoped = (...args: unknown[]): unknown => libraryScope(() => f(...args));
    Object.defineProperty(scoped, "name", { value: f.name });
    out[name] = scoped;
  }
  return Object.freeze(out) as T;
}

/** Marks the tensors in `v` (a tensor, or arrays and objects of them) as handed to user code: no library scope frees them. */
export function escape(v: unknown): void {
  if (v instanceof Tensor) {
    for (let t: Tensor | null = v; t !== null; t = t._base) t._escaped = true;
  } else if (v !== null && typeof v === "object" && !ArrayBuffer.isView(v)) {
    const found = new Set<Tensor>();
    collectEscaping(v, found, new Set());
    for (const t of found) t._escaped = true;
  }
}

/**
 * Calls user code (a forward, a hook, a closure) from library code: `handed`
 * (its tensor arguments) escape, and the tensors it makes belong to the
 * innermost torch.scope, or to none, never to a library scope (Note [library scopes]).
 */
export function userCode<T>(fn: () => T, handed?: unknown): T {
  if (scopes.length === 0 || scopes[scopes.length - 1] === userScopes[userScopes.length - 1]) return fn();
  if (handed !== undefined) escape(handed);
  scopes.push(userScopes.length !== 0 ? userScopes[userScopes.length - 1] : UNTRACKED);
  try {
    return fn();
  } finally {
    scopes.pop();
  }
}

/**
 * torch.memory_stats(), for finding leaks: the storages not yet freed by their
 * owners (dispose, using, a scope) and their bytes per device, now and at the
 * peak. A storage left to the collector stays counted (tracking collections
 * would cost every allocation a FinalizationRegistry entry, a quarter of a
 * small training step), so in a program that scopes its loop these figures
 * stay flat, and growth means tensors made outside any scope.
 * torch.webgpu.memory_allocated() is the GPU's live figure, collections included.
 */
export function memory_stats(): { live_storages: number; bytes: Record<string, number>; peak_bytes: Record<string, number> } {
  return { live_storages: liveStorages, bytes: { cpu: cpuBytes, ...Object.fromEntries(deviceBytes) }, peak_bytes: { cpu: cpuPeak, ...Object.fromEntries(devicePeak) } };
}
