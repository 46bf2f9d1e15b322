// torch.utils.data's samplers: iterables of dataset indices (BatchSampler: of index
// lists), drawing from their generator (or a fresh one seeded from the global one) as
// PyTorch's do, so that the order is PyTorch's for the same seed.
import { float64 } from "../../dtype.js";
import { bindArgs } from "../../args.js";
import { TorchTypeError, ValueError } from "../../errors.js";
import { multinomial } from "../../ops/creation.js";
import { defaultGenerator, Generator, randintValues, randpermValues } from "../../random.js";
import { Tensor } from "../../tensor.js";
import { datasetLength, type DatasetLike } from "./dataset.js";

export interface Sampler<I = number> extends Iterable<I> {
  readonly length: number;
}

/** SequentialSampler(data_source): 0, 1, ..., n - 1. */
export class SequentialSampler implements Sampler {
  constructor(readonly data_source: DatasetLike<unknown>) {}
  get length(): number {
    return datasetLength(this.data_source);
  }
  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.length; i++) yield i;
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
  constructor(readonly data_source: DatasetLike<unknown>, ...args: unknown[]) {
    const o = bindArgs("RandomSampler.__init__", args, ["replacement", "num_samples", "generator"]);
    this.replacement = (o.replacement as boolean | undefined) ?? false;
    this._num_samples = (o.num_samples as number | null | undefined) ?? null;
    this.generator = (o.generator as Generator | null | undefined) ?? null;
    if (typeof this.replacement !== "boolean") throw new TorchTypeError(`replacement should be a boolean value, but got replacement=${String(this.replacement)}`);
    if (!Number.isInteger(this.num_samples) || this.num_samples <= 0) throw new ValueError(`num_samples should be a positive integer value, but got num_samples=${this.num_samples}`);
  }
  get num_samples(): number {
    return this._num_samples ?? datasetLength(this.data_source);
  }
  get length(): number {
    return this.num_samples;
  }
  *[Symbol.iterator](): Iterator<number> {
    const n = datasetLength(this.data_source);
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
