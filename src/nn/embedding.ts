// F.embedding's options over the embedding op (ops/nn.ts): padding_idx, max_norm
// (torch.embedding_renorm_ on the weight) and scale_grad_by_freq.
import { bindArgs } from "../args.js";
import { no_grad } from "../autograd/grad_mode.js";
import { int32, int64 } from "../dtype.js";
import { AssertionError, NotImplementedError, RuntimeError } from "../errors.js";
import { div, where } from "../ops/elementwise.js";
import * as P from "../ops/nn.js";
import type { Tensor } from "../tensor.js";

/**
 * torch.embedding_renorm_(weight, input, max_norm, norm_type): each row that input names
 * whose norm exceeds max_norm is scaled by max_norm / (norm + 1e-7), in place and without
 * grad; other rows are left as they are.
 */
export function embedding_renorm_(weight: Tensor, input: Tensor, max_norm: number, norm_type: number): Tensor {
  if (input.dtype !== int64 && input.dtype !== int32) {
    throw new RuntimeError(`Expected tensor for argument #2 'indices' to have one of the following scalar types: Long, Int; but got ${input.dtype.legacyName} instead (while checking arguments for embedding_renorm_)`);
  }
  no_grad(() => {
    const idx = input.reshape(-1).long();
    const rows = weight.index_select(0, idx);
    const norms = rows.norm(norm_type, 1, true);
    // A repeated index writes the same scaled row again.
    weight.index_copy_(0, idx, rows.mul(where(norms.gt(max_norm), div(max_norm, norms.add(1e-7)), 1)));
  });
  return weight;
}

/**
 * embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False):
 * with max_norm, the rows input names are renormalised in the weight first (as PyTorch, in place).
 */
export function embedding(input: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("embedding", args, ["padding_idx", "max_norm", "norm_type", "scale_grad_by_freq", "sparse"]);
  let padding = (o.padding_idx as number | null | undefined) ?? null;
  const num = weight.shape[0];
  if (padding !== null && (padding >= num || padding < -num)) throw new AssertionError("Padding_idx must be within num_embeddings");
  if (padding !== null && padding < 0) padding += num;
  // tensorgrad has no sparse tensors, so no sparse gradient.
  if (o.sparse) throw new NotImplementedError("tensorgrad: embedding sparse=True is not supported (no sparse tensors)");
  const maxNorm = (o.max_norm as number | null | undefined) ?? null;
  if (maxNorm !== null) embedding_renorm_(weight, input, maxNorm, (o.norm_type as number | undefined) ?? 2);
  return P.embedding(input, weight, padding, Boolean(o.scale_grad_by_freq));
}
