// torch.utils.data: Dataset, TensorDataset and DataLoader. The shuffled order
// is PyTorch's for the same seed: each pass first draws a base seed from the
// loader's generator (or the global one), then RandomSampler seeds a fresh
// generator from another draw (when none was given) and takes randperm.
import { float64, int64 } from "../../dtype.js";
import { bindArgs } from "../../args.js";
import { TorchTypeError, ValueError } from "../../errors.js";
import { stack } from "../../functional.js";
import { multinomial } from "../../ops/creation.js";
import { defaultGenerator, Generator, randintValues, randpermValues } from "../../random.js";
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

// ---- datasets built from datasets -------------------------------------------------------

/** Subset(dataset, indices): the items of dataset at indices. */
export class Subset<T = Tensor[]> implements Dataset<T> {
  constructor(readonly dataset: Dataset<T>, readonly indices: readonly number[]) {}
  get length(): number {
    return this.indices.length;
  }
  get(index: number): T {
    return this.dataset.get(this.indices[index < 0 ? index + this.indices.length : index]);
  }
}

/** ConcatDataset(datasets): the datasets one after another. */
export class ConcatDataset<T = Tensor[]> implements Dataset<T> {
  readonly datasets: Dataset<T>[];
  readonly cumulative_sizes: number[];
  constructor(datasets: Iterable<Dataset<T>>) {
    this.datasets = [...datasets];
    if (this.datasets.length === 0) throw new ValueError("datasets should not be an empty iterable");
    let total = 0;
    this.cumulative_sizes = this.datasets.map((d) => (total += d.length));
  }
  get length(): number {
    return this.cumulative_sizes[this.cumulative_sizes.length - 1];
  }
  get(index: number): T {
    let i = index;
    if (i < 0) {
      if (-i > this.length) throw new ValueError("absolute value of index should not exceed dataset length");
      i += this.length;
    }
    const d = this.cumulative_sizes.findIndex((c) => i < c);
    if (d < 0) throw new RangeError(`index ${index} is out of range`);
    return this.datasets[d].get(d === 0 ? i : i - this.cumulative_sizes[d - 1]);
  }
}

/**
 * random_split(dataset, lengths, generator=default_generator): lengths as counts, or
 * as fractions summing to 1 (the remainder dealt one by one from the first), over
 * randperm(n) as PyTorch draws it.
 */
export function random_split<T>(dataset: Dataset<T>, lengths: readonly number[], generator: Generator = defaultGenerator): Subset<T>[] {
  let sizes = [...lengths];
  const total = sizes.reduce((a, b) => a + b, 0);
  if (Math.abs(total - 1) <= 1e-9 && total <= 1 && sizes.some((l) => !Number.isInteger(l))) {
    for (const f of sizes) if (f < 0 || f > 1) throw new ValueError(`Fraction at index ${sizes.indexOf(f)} is not between 0 and 1`);
    sizes = sizes.map((f) => Math.floor(dataset.length * f));
    const remainder = dataset.length - sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length] += 1;
  }
  if (sizes.reduce((a, b) => a + b, 0) !== dataset.length) throw new ValueError("Sum of input lengths does not equal the length of the input dataset!");
  const perm = Array.from(randpermValues(dataset.length, generator));
  let offset = 0;
  return sizes.map((n) => new Subset(dataset, perm.slice(offset, (offset += n))));
}

// ---- samplers: iterables of indices (BatchSampler: of index lists) ------------------------

export interface Sampler<I = number> extends Iterable<I> {
  readonly length: number;
}

/** SequentialSampler(data_source): 0, 1, ..., n - 1. */
export class SequentialSampler implements Sampler {
  constructor(readonly data_source: { length: number }) {}
  get length(): number {
    return this.data_source.length;
  }
  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.data_source.length; i++) yield i;
  }
}

/** A generator seeded from the default one, as PyTorch's samplers make one when none is given. */
function freshGenerator(): Generator {
  return new Generator().manual_seed(defaultGenerator.random63());
}

/**
 * RandomSampler(data_source, replacement=False, num_samples=None, generator=None):
 * permutations (or, with replacement, randint in blocks of 32), as PyTorch draws them.
 */
export class RandomSampler implements Sampler {
  readonly replacement: boolean;
  readonly generator: Generator | null;
  private readonly _num_samples: number | null;
  constructor(readonly data_source: { length: number }, ...args: unknown[]) {
    const o = bindArgs("RandomSampler.__init__", args, ["replacement", "num_samples", "generator"]);
    this.replacement = (o.replacement as boolean | undefined) ?? false;
    this._num_samples = (o.num_samples as number | null | undefined) ?? null;
    this.generator = (o.generator as Generator | null | undefined) ?? null;
    if (typeof this.replacement !== "boolean") throw new TorchTypeError(`replacement should be a boolean value, but got replacement=${String(this.replacement)}`);
    if (!Number.isInteger(this.num_samples) || this.num_samples <= 0) throw new ValueError(`num_samples should be a positive integer value, but got num_samples=${this.num_samples}`);
  }
  get num_samples(): number {
    return this._num_samples ?? this.data_source.length;
  }
  get length(): number {
    return this.num_samples;
  }
  *[Symbol.iterator](): Iterator<number> {
    const n = this.data_source.length;
    const gen = this.generator ?? freshGenerator();
    const k = this.num_samples;
    if (this.replacement) {
      for (let b = 0; b < Math.floor(k / 32); b++) yield* randintValues(32, 0, n, gen);
      yield* randintValues(k % 32, 0, n, gen);
    } else {
      for (let b = 0; b < Math.floor(k / n); b++) yield* randpermValues(n, gen);
      yield* randpermValues(n, gen).subarray(0, k % n);
    }
  }
}

/** SubsetRandomSampler(indices, generator=None): the indices in the order of randperm. */
export class SubsetRandomSampler implements Sampler {
  constructor(readonly indices: readonly number[], readonly generator: Generator | null = null) {}
  get length(): number {
    return this.indices.length;
  }
  *[Symbol.iterator](): Iterator<number> {
    for (const i of randpermValues(this.indices.length, this.generator ?? defaultGenerator)) yield this.indices[i];
  }
}

/** WeightedRandomSampler(weights, num_samples, replacement=True, generator=None): torch.multinomial over the weights. */
export class WeightedRandomSampler implements Sampler {
  readonly weights: Tensor;
  readonly num_samples: number;
  readonly replacement: boolean;
  readonly generator: Generator | null;
  constructor(weights: readonly number[] | Tensor, ...args: unknown[]) {
    const o = bindArgs("WeightedRandomSampler.__init__", args, ["num_samples", "replacement", "generator"]);
    this.num_samples = o.num_samples as number;
    this.replacement = (o.replacement as boolean | undefined) ?? true;
    this.generator = (o.generator as Generator | null | undefined) ?? null;
    if (!Number.isInteger(this.num_samples) || this.num_samples <= 0) throw new ValueError(`num_samples should be a positive integer value, but got num_samples=${this.num_samples}`);
    this.weights = weights instanceof Tensor ? weights.double() : Tensor._make(Float64Array.from(weights), [weights.length], float64);
    if (this.weights.dim() !== 1) throw new ValueError(`weights should be a 1d sequence but given weights have shape [${this.weights.shape.join(", ")}]`);
  }
  get length(): number {
    return this.num_samples;
  }
  *[Symbol.iterator](): Iterator<number> {
    yield* multinomial(this.weights, this.num_samples, this.replacement, { generator: this.generator ?? defaultGenerator })._contiguousData();
  }
}

/** BatchSampler(sampler, batch_size, drop_last): the sampler's indices in lists of batch_size. */
export class BatchSampler implements Sampler<number[]> {
  readonly batch_size: number;
  readonly drop_last: boolean;
  constructor(readonly sampler: Sampler | Iterable<number> & { length: number }, ...args: unknown[]) {
    const o = bindArgs("BatchSampler.__init__", args, ["batch_size", "drop_last"]);
    this.batch_size = o.batch_size as number;
    this.drop_last = (o.drop_last as boolean | undefined) ?? false;
    if (!Number.isInteger(this.batch_size) || this.batch_size <= 0) {
      throw new ValueError(`batch_size should be a positive integer value, but got batch_size=${String(this.batch_size)}`);
    }
    if (typeof this.drop_last !== "boolean") throw new ValueError(`drop_last should be a boolean value, but got drop_last=${String(this.drop_last)}`);
  }
  get length(): number {
    const n = this.sampler.length;
    return this.drop_last ? Math.floor(n / this.batch_size) : Math.ceil(n / this.batch_size);
  }
  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    for (const i of this.sampler) {
      batch.push(i);
      if (batch.length === this.batch_size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.drop_last) yield batch;
  }
}

// ---- the loader ------------------------------------------------------------------------------

export interface DataLoaderOptions<T> {
  batch_size?: number | null;
  shuffle?: boolean;
  sampler?: Sampler | Iterable<number> & { length: number } | null;
  batch_sampler?: Iterable<number[]> & { length: number } | null;
  num_workers?: number;
  drop_last?: boolean;
  generator?: Generator | null;
  collate_fn?: ((items: T[]) => any) | null;
  pin_memory?: boolean;
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

/**
 * DataLoader(dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None,
 * num_workers=0, collate_fn=None, pin_memory=False, drop_last=False, ..., generator=None):
 * batches in PyTorch's order for the same seed. Each pass first draws a base seed
 * from the loader's generator (or the global one), as _BaseDataLoaderIter does;
 * then the sampler draws its own.
 */
export class DataLoader<T = Tensor[]> implements Iterable<any> {
  readonly batch_size: number | null;
  readonly drop_last: boolean;
  readonly generator: Generator | null;
  readonly sampler: Sampler | Iterable<number> & { length: number };
  readonly batch_sampler: (Iterable<number[]> & { length: number }) | null;
  private readonly collate: ((items: T[]) => any) | null;

  constructor(readonly dataset: Dataset<T>, ...args: unknown[]) {
    const o = bindArgs(
      "DataLoader.__init__",
      args,
      ["batch_size", "shuffle", "sampler", "batch_sampler", "num_workers", "collate_fn", "pin_memory", "drop_last", "timeout", "worker_init_fn", "multiprocessing_context", "generator"],
      ["prefetch_factor", "persistent_workers", "pin_memory_device"],
    ) as DataLoaderOptions<T> & Record<string, unknown>;
    const shuffle = o.shuffle ?? false;
    let batchSize = o.batch_size === undefined ? 1 : o.batch_size;
    this.drop_last = o.drop_last ?? false;
    this.generator = o.generator ?? null;
    this.collate = o.collate_fn ?? null;
    if ((o.num_workers ?? 0) !== 0) throw new ValueError("tensorgrad: DataLoader loads in the calling thread (num_workers=0)");
    if (o.sampler != null && shuffle) throw new ValueError("sampler option is mutually exclusive with shuffle");
    if (o.batch_sampler != null) {
      if (batchSize !== 1 || shuffle || o.sampler != null || this.drop_last) {
        throw new ValueError("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last");
      }
      batchSize = null;
    } else if (batchSize === null && this.drop_last) {
      throw new ValueError("batch_size=None option disables auto-batching and is mutually exclusive with drop_last");
    }
    if (batchSize !== null && (!Number.isInteger(batchSize) || batchSize <= 0)) {
      throw new ValueError(`batch_size should be a positive integer value, but got batch_size=${batchSize}`);
    }
    this.batch_size = batchSize;
    this.sampler = o.sampler ?? (shuffle ? new RandomSampler(dataset, { generator: this.generator }) : new SequentialSampler(dataset));
    this.batch_sampler = o.batch_sampler ?? (batchSize !== null ? new BatchSampler(this.sampler, batchSize, this.drop_last) : null);
  }

  /** The number of batches per pass (of samples, without batching). */
  get length(): number {
    return (this.batch_sampler ?? this.sampler).length;
  }

  *[Symbol.iterator](): Iterator<any> {
    const indices = (this.batch_sampler ?? this.sampler)[Symbol.iterator]();
    (this.generator ?? defaultGenerator).random63(); // _BaseDataLoaderIter's base seed
    const tensors = this.collate === null && this.dataset instanceof TensorDataset ? this.dataset.tensors : null;
    for (let r = indices.next(); !r.done; r = indices.next()) {
      const value = r.value as number | number[];
      if (this.batch_sampler === null) {
        yield this.collate === null ? this.dataset.get(value as number) : this.collate([this.dataset.get(value as number)]);
      } else if (tensors !== null) {
        // Fast path: one gather per tensor instead of stacking single rows.
        const index = Tensor._make(Float64Array.from(value as number[]), [(value as number[]).length], int64);
        yield tensors.map((t) => t.index_select(0, index));
      } else {
        yield (this.collate ?? default_collate)((value as number[]).map((i) => this.dataset.get(i)));
      }
    }
  }
}
