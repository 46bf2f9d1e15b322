// torch.utils.data's map-style datasets: Dataset, TensorDataset, Subset, ConcatDataset,
// random_split, and the sequences PyTorch also takes as datasets (anything with a length
// and items by index: an array, a typed array, a Tensor's rows).
import { IndexError, TorchTypeError, ValueError } from "../../errors.js";
import type { IndexSpec } from "../../ops/shape.js";
import { defaultGenerator, Generator, randpermValues } from "../../random.js";
import { Tensor } from "../../tensor.js";

/** A map-style dataset: PyTorch's __len__ as `length`, __getitem__ as `get`. */
export interface Dataset<T = Tensor[]> {
  length: number;
  get(index: number): T;
}

/** What DataLoader and the samplers take as a dataset: a Dataset, or a sequence (Python's len and []). */
export type DatasetLike<T> = Dataset<T> | ArrayLike<T> | Tensor;

const isDataset = <T>(d: DatasetLike<T>): d is Dataset<T> => typeof (d as Dataset<T>).get === "function";

/** len(dataset). */
export function datasetLength(d: DatasetLike<unknown>): number {
  if (d instanceof Tensor) {
    if (d.dim() === 0) throw new TorchTypeError("len() of a 0-d tensor");
    return d.shape[0];
  }
  return d.length;
}

/** dataset[index]: a Tensor's row as tensor[index] takes it, a sequence's item as Python's list[index] (from the end if negative). */
export function datasetItem<T>(d: DatasetLike<T>, index: number): T {
  if (d instanceof Tensor) return d.index(index) as T;
  if (isDataset(d)) return d.get(index);
  const i = index < 0 ? index + d.length : index;
  if (!(i >= 0 && i < d.length)) throw new IndexError("list index out of range");
  return d[i];
}

/**
 * TensorDataset(*tensors): item i is the i-th row of each tensor. get() takes any of
 * Tensor.index's first specs, as PyTorch's `ds[2:5]` indexes every tensor: a number (a
 * row), a `[start, end?, step?]` slice, or an int64/bool Tensor of rows.
 */
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
  get(index: number | Exclude<IndexSpec, "..." | null>): Tensor[] {
    return this.tensors.map((t) => t.index(index));
  }
}

/** Subset(dataset, indices): the items of dataset at indices. */
export class Subset<T = Tensor[]> implements Dataset<T> {
  constructor(readonly dataset: DatasetLike<T>, readonly indices: readonly number[]) {}
  get length(): number {
    return this.indices.length;
  }
  get(index: number): T {
    return datasetItem(this.dataset, this.indices[index < 0 ? index + this.indices.length : index]);
  }
}

/** ConcatDataset(datasets): the datasets one after another. */
export class ConcatDataset<T = Tensor[]> implements Dataset<T> {
  readonly datasets: DatasetLike<T>[];
  readonly cumulative_sizes: number[];
  constructor(datasets: Iterable<DatasetLike<T>>) {
    this.datasets = [...datasets];
    if (this.datasets.length === 0) throw new ValueError("datasets should not be an empty iterable");
    let total = 0;
    this.cumulative_sizes = this.datasets.map((d) => (total += datasetLength(d)));
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
    // PyTorch's self.datasets[dataset_idx] past the last dataset.
    if (d < 0) throw new IndexError("list index out of range");
    return datasetItem(this.datasets[d], d === 0 ? i : i - this.cumulative_sizes[d - 1]);
  }
}

/**
 * random_split(dataset, lengths, generator=default_generator): lengths as counts, or
 * as fractions summing to 1 (the remainder dealt one by one from the first), over
 * randperm(n) as PyTorch draws it.
 */
export function random_split<T>(dataset: DatasetLike<T>, lengths: readonly number[], generator: Generator = defaultGenerator): Subset<T>[] {
  const n = datasetLength(dataset);
  let sizes = [...lengths];
  const total = sizes.reduce((a, b) => a + b, 0);
  if (Math.abs(total - 1) <= 1e-9 && total <= 1 && sizes.some((l) => !Number.isInteger(l))) {
    for (const f of sizes) if (f < 0 || f > 1) throw new ValueError(`Fraction at index ${sizes.indexOf(f)} is not between 0 and 1`);
    sizes = sizes.map((f) => Math.floor(n * f));
    const remainder = n - sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length] += 1;
  }
  if (sizes.reduce((a, b) => a + b, 0) !== n) throw new ValueError("Sum of input lengths does not equal the length of the input dataset!");
  const perm = Array.from(randpermValues(n, generator));
  let offset = 0;
  return sizes.map((k) => new Subset(dataset, perm.slice(offset, (offset += k))));
}
