// torch.nn.functional's attention: scaled_dot_product_attention.
import { bindArgs } from "../../args.js";
import { RuntimeError } from "../../errors.js";
import { Tensor } from "../../tensor.js";
import { dropout } from "./dropout.js";

/**
 * scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0,
 * is_causal=False, *, scale=None): softmax(q k^T * scale + mask) v, PyTorch 2's
 * reference math (a bool mask is true where attention is allowed; a float mask is added).
 */
export function scaled_dot_product_attention(query: Tensor, key: Tensor, value: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("scaled_dot_product_attention", args, ["attn_mask", "dropout_p", "is_causal"], ["scale"]);
  const mask = (o.attn_mask as Tensor | null | undefined) ?? null;
  const dropoutP = (o.dropout_p as number | undefined) ?? 0;
  const causal = (o.is_causal as boolean | undefined) ?? false;
  const l = query.shape[query.dim() - 2], s = key.shape[key.dim() - 2];
  const scale = (o.scale as number | null | undefined) ?? 1 / Math.sqrt(query.shape[query.dim() - 1]);
  let bias: Tensor | null = null;
  if (causal) {
    if (mask !== null) throw new RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True");
    bias = Tensor._full([l, s], 0, query.dtype, query.device).masked_fill(Tensor._full([l, s], 1, query.dtype, query.device).tril().eq(0), -Infinity);
  }
  if (mask !== null) bias = mask.dtype.name === "bool" ? Tensor._full(mask.shape, 0, query.dtype, query.device).masked_fill(mask.logical_not(), -Infinity) : mask;
  let w = query.matmul(key.transpose(-2, -1)).mul(scale);
  if (bias !== null) w = w.add(bias);
  w = w.softmax(-1);
  if (dropoutP > 0) w = dropout(w, dropoutP, true);
  return w.matmul(value);
}
