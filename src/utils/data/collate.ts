// torch.utils.data.default_collate and default_convert: how DataLoader makes a batch of
// items (torch/utils/data/_utils/collate.py).
import { isOptions } from "../../args.js";
import { bool, float64, int64, int64Element } from "../../dtype.js";
import { IndexError, RuntimeError, TorchTypeError } from "../../errors.js";
import { stack } from "../../functional.js";
import { Tensor } from "../../tensor.js";
import { className } from "../../names.js";

/**
 * A batch from a list of items, field by field: tensors stacked, numbers to int64 (all
 * integers) or float64, booleans to bool, strings kept as a list, objects and arrays
 * collated per key and position.
 */
export function default_collate(batch: readonly unknown[]): any {
  // PyTorch reads batch[0] first: an empty batch is Python's IndexError.
  if (batch.length === 0) throw new IndexError("list index out of range");
  const elem = batch[0];
  if (elem instanceof Tensor) return stack(batch as Tensor[]);
  // Python's floats collate to float64 and its ints (bools among them) to int64 (bool).
  if (typeof elem === "number") return Tensor._make(Float64Array.from(batch as number[]), [batch.length], (batch as number[]).every(Number.isInteger) ? int64 : float64);
  if (typeof elem === "bigint") return Tensor._make(Float64Array.from(batch as bigint[], (v) => (typeof v === "bigint" ? int64Element(v) : Number(v))), [batch.length], int64);
  if (typeof elem === "boolean") return Tensor._make(Uint8Array.from(batch as boolean[], Number), [batch.length], bool);
  if (typeof elem === "string") return batch;
  if (isOptions(elem)) return Object.fromEntries(Object.keys(elem).map((k) => [k, default_collate(batch.map((d) => (d as Record<string, unknown>)[k]))]));
  if (Array.isArray(elem)) {
    if (!batch.every((b) => (b as unknown[]).length === elem.length)) throw new RuntimeError("each element in list of batch should be of equal size");
    return elem.map((_, k) => default_collate(batch.map((b) => (b as unknown[])[k])));
  }
  const type = elem === null ? "NoneType" : typeof elem === "object" ? className(elem as object) : typeof elem;
  throw new TorchTypeError(`default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found <class '${type}'>`);
}

/** The collation without batching (batch_size=None): PyTorch converts numpy arrays only, so an item is itself. */
export function default_convert<T>(data: T): T {
  return data;
}
