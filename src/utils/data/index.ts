// torch.utils.data: Dataset, TensorDataset and DataLoader. The shuffled order
// is PyTorch's for the same seed: each pass first draws a base seed from the
// loader's generator (or the global one), then RandomSampler seeds a fresh
// generator from another draw (when none was given) and takes randperm.
import { float64, int64 } from "../../dtype.js";
import { ValueError } from "../../errors.js";
import { stack } from "../../functional.js";
import { defaultGenerator, Generator, randpermValues } from "../../random.js";
import { Tensor } from "../../tensor.js";

export interface Dataset<T = Tensor[]> {
  length: number;
  get(index: number): T;
}

export class TensorDataset implements Dataset<Tensor[]> {
  readonly tensors: Tensor[];
  constructor(...tensors: Tensor[]) {
    if (tensors.length === 0) throw new ValueError("TensorDataset needs at least one tensor");
    const n = tensors[0].shape[0];
    if (!tensors.every((t) => t.shape[0] === n)) throw new ValueError("Size mismatch between tensors");
    this.tensors = tensors;
  }
  get length(): number {
    return this.tensors[0].shape[0];
  }
  get(index: number): Tensor[] {
    return this.tensors.map((t) => t.select(0, index));
  }
}

export interface DataLoaderOptions<T> {
  batch_size?: number;
  shuffle?: boolean;
  drop_last?: boolean;
  generator?: Generator | null;
  collate_fn?: (items: T[]) => any;
}

/** Stacks each field of the items: [x, y] items become [stack(xs), stack(ys)]. */
export function default_collate(items: unknown[]): any {
  const first = items[0];
  if (first instanceof Tensor) return stack(items as Tensor[]);
  // PyTorch collates Python ints to int64 and floats to float64.
  if (typeof first === "number") return Tensor._make(Float64Array.from(items as number[]), [items.length], (items as number[]).every(Number.isInteger) ? int64 : float64);
  if (Array.isArray(first)) return first.map((_, k) => default_collate(items.map((it) => (it as unknown[])[k])));
  throw new ValueError(`default_collate: unsupported item type ${typeof first}`);
}

export class DataLoader<T = Tensor[]> implements Iterable<any> {
  readonly batch_size: number;
  readonly shuffle: boolean;
  readonly drop_last: boolean;
  readonly generator: Generator | null;
  private readonly collate: ((items: T[]) => any) | null;

  constructor(readonly dataset: Dataset<T>, options: DataLoaderOptions<T> = {}) {
    this.batch_size = options.batch_size ?? 1;
    this.shuffle = options.shuffle ?? false;
    this.drop_last = options.drop_last ?? false;
    this.generator = options.generator ?? null;
    this.collate = options.collate_fn ?? null;
    if (!Number.isInteger(this.batch_size) || this.batch_size <= 0) {
      throw new ValueError(`batch_size should be a positive integer value, but got batch_size=${this.batch_size}`);
    }
  }

  /** The number of batches per pass. */
  get length(): number {
    const n = this.dataset.length;
    return this.drop_last ? Math.floor(n / this.batch_size) : Math.ceil(n / this.batch_size);
  }

  /** The sample order of one pass, drawing from the generators as PyTorch's loader does. */
  private order(): Float64Array {
    const n = this.dataset.length;
    const gen = this.generator ?? defaultGenerator;
    gen.random63(); // _BaseDataLoaderIter's base seed
    if (!this.shuffle) return Float64Array.from({ length: n }, (_, i) => i);
    let samplerGen = this.generator;
    if (samplerGen === null) samplerGen = new Generator().manual_seed(defaultGenerator.random63());
    const order = randpermValues(n, samplerGen);
    // RandomSampler ends with randperm(n)[:num_samples % n]: one more permutation is drawn
    // (and dropped) when the pass runs out, which moves a shared generator on.
    randpermValues(n, samplerGen);
    return order;
  }

  *[Symbol.iterator](): Iterator<any> {
    const order = this.order();
    const n = order.length;
    const bs = this.batch_size;
    const tensors = this.collate === null && this.dataset instanceof TensorDataset ? this.dataset.tensors : null;
    for (let start = 0; start < n; start += bs) {
      const end = Math.min(start + bs, n);
      if (end - start < bs && this.drop_last) break;
      const idx = order.subarray(start, end);
      if (tensors !== null) {
        // Fast path: one gather per tensor instead of stacking single rows.
        const index = Tensor._make(Float64Array.from(idx), [idx.length], int64);
        yield tensors.map((t) => t.index_select(0, index));
      } else {
        const items = Array.from(idx, (i) => this.dataset.get(i));
        yield (this.collate ?? default_collate)(items);
      }
    }
  }
}
