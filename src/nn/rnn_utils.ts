// torch.nn.utils.rnn: padding a batch of variable-length sequences (packed sequences are not here yet).
import { bindArgs } from "../args.js";
import { RuntimeError } from "../errors.js";
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
