// Note [host pool]: kernel outputs on the CPU, reused once their owners free them.
import { bool, float32, type DType, type TypedArray } from "../../dtype.js";

type StorageType = typeof Float32Array | typeof Float64Array | typeof Uint8Array;

/** Outputs smaller than this come and go as before (small arrays are cheap; Note [small storage]). */
const POOL_MIN_BYTES = 65536;
/** The pool holds at most this much; past it a freed array is left to the collector. */
const POOL_MAX_BYTES = 256 << 20;

/**
 * A kernel output of at least POOL_MIN_BYTES that its owners free (Note
 * [ownership] in src/memory.ts: the last tensor viewing it disposed) goes to a
 * pool by type and length, and the next output of that size takes it: the
 * block was just written, so it is warm in cache, and it needs no allocation
 * (PyTorch's CPU allocator gives a freed block back the same way). Only arrays
 * this pool made are taken, never a user's (torch.from). Outputs are written
 * in full by their kernel, so a reused array is not cleared.
 */
export function hostPool(allocate: (dtype: DType, n: number) => TypedArray): { output: (dtype: DType, n: number) => TypedArray; free: (a: TypedArray) => void } {
  const lists = new Map<StorageType, Map<number, TypedArray[]>>();
  const made = new WeakSet<TypedArray>();
  let pooled = 0;
  return {
    output(dtype, n) {
      // The storage type of each dtype (Note [small storage] in src/dtype.ts).
      const type = dtype === float32 ? Float32Array : dtype === bool ? Uint8Array : Float64Array;
      if (n * type.BYTES_PER_ELEMENT < POOL_MIN_BYTES) return allocate(dtype, n);
      const reused = lists.get(type)?.get(n)?.pop();
      if (reused !== undefined) {
        pooled -= reused.byteLength;
        return reused;
      }
      const a = allocate(dtype, n);
      made.add(a);
      return a;
    },
    free(a) {
      if (!made.has(a) || pooled + a.byteLength > POOL_MAX_BYTES) return;
      const type = a.constructor as StorageType;
      let byLength = lists.get(type);
      if (byLength === undefined) lists.set(type, (byLength = new Map()));
      const list = byLength.get(a.length);
      if (list === undefined) byLength.set(a.length, [a]);
      else list.push(a);
      pooled += a.byteLength;
    },
  };
}
