// torch.nn.utils.rnn: padding and packing a batch of variable-length sequences
// (PackedSequence, which the recurrent layers take and return).
import { bindArgs } from "../args.js";
import { no_grad } from "../autograd/grad_mode.js";
import { int64 } from "../dtype.js";
import { RuntimeError, ValueError } from "../errors.js";
import { tensor, zeros } from "../ops/creation.js";
import { needsGrad, record, type OpDef } from "../ops/registry.js";
import { broadcastShapes } from "../shape.js";
import { Tensor } from "../tensor.js";

/**
 * pad_sequence(sequences, batch_first=False, padding_value=0.0): the sequences
 * (each L_i x *) stacked into max(L) x B x * (B x max(L) x * with batch_first),
 * padded with padding_value; each is copied into its slot (CopySlices, as PyTorch).
 */
export function pad_sequence(sequences: readonly Tensor[], ...args: unknown[]): Tensor {
  const o = bindArgs("pad_sequence", args, ["batch_first", "padding_value"]);
  const batchFirst = (o.batch_first as boolean | undefined) ?? false, value = (o.padding_value as number | undefined) ?? 0;
  if (sequences.length === 0) throw new RuntimeError("received an empty list of sequences");
  const trailing = sequences.map((s) => s.shape.slice(1)).reduce((a, b) => broadcastShapes(a, b));
  const maxLen = Math.max(...sequences.map((s) => s.shape[0]));
  const first = sequences[0];
  const out = first.new_full(batchFirst ? [sequences.length, maxLen, ...trailing] : [maxLen, sequences.length, ...trailing], value);
  sequences.forEach((s, i) => {
    const slot = batchFirst ? out.select(0, i) : out.select(1, i);
    slot.narrow(0, 0, s.shape[0]).copy_(s);
  });
  return out;
}

/** unpad_sequence(padded_sequences, lengths, batch_first=False): the sequences again, each cut to its length. */
export function unpad_sequence(padded: Tensor, lengths: Tensor | readonly number[], ...args: unknown[]): Tensor[] {
  const batchFirst = (bindArgs("unpad_sequence", args, ["batch_first"]).batch_first as boolean | undefined) ?? false;
  const byBatch = batchFirst ? padded : padded.transpose(0, 1);
  const lens = lengths instanceof Tensor ? (lengths.tolist() as number[]) : [...lengths];
  return lens.map((n, i) => byBatch.select(0, i).narrow(0, 0, n));
}

/**
 * A batch of variable-length sequences packed time step by time step: `data` holds, for
 * each step, the rows of the sequences still running (longest first), `batch_sizes` how
 * many (int64, on the CPU), `sorted_indices` / `unsorted_indices` the permutation to and
 * from length order (null when the batch came sorted). Iterates as PyTorch's 4-tuple.
 */
export class PackedSequence {
  constructor(readonly data: Tensor, readonly batch_sizes: Tensor, readonly sorted_indices: Tensor | null = null, readonly unsorted_indices: Tensor | null = null) {}
  *[Symbol.iterator](): Iterator<Tensor | null> {
    yield this.data;
    yield this.batch_sizes;
    yield this.sorted_indices;
    yield this.unsorted_indices;
  }
  /** The same packing around new data (an RNN's output). */
  withData(data: Tensor): PackedSequence {
    return new PackedSequence(data, this.batch_sizes, this.sorted_indices, this.unsorted_indices);
  }
  /** PackedSequence.to(...): data (and the indices) moved or cast; batch_sizes stays on the CPU. */
  to(...args: unknown[]): PackedSequence {
    const data = (this.data.to as (...a: unknown[]) => Tensor)(...args);
    const move = (t: Tensor | null) => (t === null ? null : t.to(data.device));
    return new PackedSequence(data, this.batch_sizes, move(this.sorted_indices), move(this.unsorted_indices));
  }
  get is_cuda(): boolean {
    return false;
  }
  is_pinned(): boolean {
    return false;
  }
  toString(): string {
    return `PackedSequence(data=${this.data}, batch_sizes=${this.batch_sizes}, sorted_indices=${this.sorted_indices ?? "None"}, unsorted_indices=${this.unsorted_indices ?? "None"})`;
  }
}

/** Rows of a time-major [T, B, *] tensor read flat as [T * B, *], step by step for the running sequences. */
function packedRows(batchSizes: readonly number[], batch: number): Int32Array {
  const rows = new Int32Array(batchSizes.reduce((a, b) => a + b, 0));
  let k = 0;
  batchSizes.forEach((bs, t) => {
    for (let b = 0; b < bs; b++) rows[k++] = t * batch + b;
  });
  return rows;
}

const PACK_PADDED: OpDef = {
  name: "_pack_padded_sequence",
  node: "PackPaddedSequenceBackward0",
  backward: (g: Tensor, { rows, timeMajorShape, batchFirst }) => {
    const [steps, batch, ...rest] = timeMajorShape as number[];
    const flat = zeros([steps * batch, ...rest], { dtype: g.dtype, device: g.device }).index_add(0, rows, g).view([steps, batch, ...rest]);
    return [batchFirst ? flat.transpose(0, 1) : flat];
  },
};

/**
 * pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True): a padded
 * batch (T x B x *, or B x T x *) packed; with enforce_sorted false the batch is first put in
 * order of decreasing length (kept in sorted_indices).
 */
export function pack_padded_sequence(input: Tensor, lengths: Tensor | readonly number[], ...args: unknown[]): PackedSequence {
  const o = bindArgs("pack_padded_sequence", args, ["batch_first", "enforce_sorted"]);
  const batchFirst = (o.batch_first as boolean | undefined) ?? false, enforceSorted = (o.enforce_sorted as boolean | undefined) ?? true;
  let lens = lengths instanceof Tensor ? (lengths.tolist() as number[]) : [...lengths];
  let sorted: Tensor | null = null;
  if (!enforceSorted) {
    const order = lens.map((_, i) => i).sort((a, b) => lens[b] - lens[a] || a - b);
    sorted = tensor(order, { dtype: int64 });
    lens = order.map((i) => lens[i]);
    input = input.index_select(batchFirst ? 0 : 1, sorted.to(input.device));
  }
  if (lens.some((n, i) => i > 0 && n > lens[i - 1])) {
    throw new RuntimeError("`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do not need ONNX exportability.");
  }
  if (lens.some((n) => n <= 0)) throw new RuntimeError("Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0");
  const timeMajor = batchFirst ? input.transpose(0, 1) : input;
  const [steps, batch] = timeMajor.shape;
  if (lens.length !== batch) throw new RuntimeError(`Expected \`len(lengths)\` to be equal to batch_size, but got ${lens.length} (batch_size=${batch})`);
  // PyTorch reads past the input here; an error instead.
  if (lens[0] > steps) throw new RuntimeError(`pack_padded_sequence: a length of ${lens[0]} is more than the input's ${steps} steps`);
  const batchSizes = Array.from({ length: lens[0] }, (_, t) => lens.filter((n) => n > t).length);
  const rows = tensor(Array.from(packedRows(batchSizes, batch)), { dtype: int64, device: input.device });
  const data = no_grad(() => timeMajor.reshape([steps * batch, ...timeMajor.shape.slice(2)]).index_select(0, rows));
  if (needsGrad(input)) record(PACK_PADDED, [input], data, { rows, timeMajorShape: timeMajor.shape, batchFirst });
  const unsorted = sorted === null ? null : invertPermutation(sorted);
  return new PackedSequence(data, tensor(batchSizes, { dtype: int64 }), sorted === null ? null : sorted.to(input.device), unsorted === null ? null : unsorted.to(input.device));
}

function invertPermutation(p: Tensor): Tensor {
  const order = p.tolist() as number[];
  const inverse = new Array<number>(order.length);
  order.forEach((v, i) => (inverse[v] = i));
  return tensor(inverse, { dtype: int64 });
}

/**
 * pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
 * [padded, lengths], the batch back in its original order; total_length pads to that many steps.
 */
export function pad_packed_sequence(sequence: PackedSequence, ...args: unknown[]): [Tensor, Tensor] {
  const o = bindArgs("pad_packed_sequence", args, ["batch_first", "padding_value", "total_length"]);
  const batchFirst = (o.batch_first as boolean | undefined) ?? false, value = (o.padding_value as number | undefined) ?? 0;
  const batchSizes = sequence.batch_sizes.tolist() as number[];
  let maxLen = batchSizes.length;
  const total = o.total_length as number | null | undefined;
  if (total !== undefined && total !== null) {
    if (total < maxLen) throw new ValueError(`Expected total_length to be at least the length of the longest sequence in input, but got total_length=${total} and max sequence length being ${maxLen}`);
    maxLen = total;
  }
  const data = sequence.data;
  const batch = batchSizes[0];
  let out = data.new_full([maxLen, batch, ...data.shape.slice(1)], value);
  let offset = 0;
  batchSizes.forEach((bs, t) => {
    out.select(0, t).narrow(0, 0, bs).copy_(data.narrow(0, offset, bs));
    offset += bs;
  });
  const lengths = Array.from({ length: batch }, (_, b) => batchSizes.filter((bs) => bs > b).length);
  let lens = tensor(lengths, { dtype: int64 });
  if (batchFirst) out = out.transpose(0, 1);
  if (sequence.unsorted_indices !== null) {
    out = out.index_select(batchFirst ? 0 : 1, sequence.unsorted_indices);
    lens = lens.index_select(0, sequence.unsorted_indices.to("cpu"));
  }
  return [out, lens];
}

/** pack_sequence(sequences, enforce_sorted=True): pad_sequence then pack_padded_sequence. */
export function pack_sequence(sequences: readonly Tensor[], ...args: unknown[]): PackedSequence {
  const o = bindArgs("pack_sequence", args, ["enforce_sorted"]);
  return pack_padded_sequence(pad_sequence(sequences), sequences.map((s) => s.shape[0]), { enforce_sorted: (o.enforce_sorted as boolean | undefined) ?? true });
}

/** unpack_sequence(packed_sequences): the sequences again, in their original order. */
export function unpack_sequence(packed: PackedSequence): Tensor[] {
  const [padded, lengths] = pad_packed_sequence(packed, { batch_first: true });
  return unpad_sequence(padded, lengths, { batch_first: true });
}
