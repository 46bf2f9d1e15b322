// F.embedding's options over the embedding op (ops/nn.ts): padding_idx, max_norm
// (torch.embedding_renorm_ on the weight) and scale_grad_by_freq; and F.embedding_bag.
import { bindArgs, type ArgsOf } from "../args.js";
import { no_grad } from "../autograd/grad_mode.js";
import { float64, int32, int64 } from "../dtype.js";
import { AssertionError, NotImplementedError, RuntimeError, ValueError } from "../errors.js";
import { tensor, zeros } from "../ops/creation.js";
import { div, where } from "../ops/elementwise.js";
import * as P from "../ops/nn.js";
import { needsGrad, record, type OpDef } from "../ops/registry.js";
import { Tensor } from "../tensor.js";
import type { T } from "./functional/common.js";

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
export function embedding(input: Tensor, weight: Tensor, ...args: ArgsOf<["padding_idx", "max_norm", "norm_type", "scale_grad_by_freq", "sparse"]>): Tensor {
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

const EMBEDDING_BAG: OpDef = {
  name: "embedding_bag",
  node: "EmbeddingBagBackward0",
  // Each bag's gradient row back to the rows it read, scaled by 1/count (mean) or its sample weight;
  // in max mode each (bag, column) to the row that held the maximum (flat positions in the weight).
  backward: (g: T, { weightShape, rows, bags, positions, scale, weights, psw, maxAt }, needs) => {
    if (maxAt !== null) {
      const flat = zeros([weightShape[0] * weightShape[1]], { dtype: g.dtype, device: g.device });
      return [flat.index_add(0, maxAt.positions, g.reshape(-1).index_select(0, maxAt.from)).reshape(weightShape), null];
    }
    const perRow = g.index_select(0, bags);
    const gW = needs[0] ? zeros(weightShape, { dtype: g.dtype, device: g.device }).index_add(0, rows, scale === null ? perRow : perRow.mul(scale.unsqueeze(-1))) : null;
    // A sample weight's gradient is its row's dot with the bag's gradient (zero at padding positions).
    const gPsw = needs[1] && psw !== null ? zeros([psw.numel()], { dtype: g.dtype, device: g.device }).index_add(0, positions, perRow.mul(weights).sum(-1)).reshape(psw.shape) : null;
    return [gW, gPsw];
  },
};
/**
 * embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False,
 * mode='mean', sparse=False, per_sample_weights=None, include_last_offset=False, padding_idx=None):
 * the sum, mean or max of each bag's embeddings (bags are input's rows, or 1-d input cut at
 * offsets; padding_idx entries left out; an empty bag gives zeros).
 */
export function embedding_bag(input: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("embedding_bag", args, ["offsets", "max_norm", "norm_type", "scale_grad_by_freq", "mode", "sparse", "per_sample_weights", "include_last_offset", "padding_idx"]);
  const mode = (o.mode as string | undefined) ?? "mean";
  const offsets = (o.offsets as Tensor | null | undefined) ?? null, psw = (o.per_sample_weights as Tensor | null | undefined) ?? null;
  if (!["sum", "mean", "max"].includes(mode)) throw new ValueError("mode has to be one of sum, mean or max");
  if (psw !== null && mode !== "sum") throw new NotImplementedError(`embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='${mode}'). Please open a feature request on GitHub.`);
  if (input.dim() === 2 && offsets !== null) throw new ValueError("if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. However, found offsets of type <class 'torch.Tensor'>");
  if (input.dim() === 1 && offsets === null) throw new ValueError("offsets has to be a 1D Tensor but got None");
  if (input.dim() === 1 && offsets!.dim() !== 1) throw new ValueError("offsets has to be a 1D Tensor");
  if (mode === "max" && o.scale_grad_by_freq) throw new ValueError("max mode does not support scaling the gradient by the frequency");
  if (mode === "max" && o.sparse) throw new ValueError("max mode does not support sparse weights");
  // tensorgrad has no sparse tensors, so no sparse gradient.
  if (o.sparse) throw new NotImplementedError("tensorgrad: embedding_bag sparse=True is not supported (no sparse tensors)");
  const ids = input.reshape(-1).tolist() as number[];
  let starts = input.dim() === 2 ? Array.from({ length: input.shape[0] }, (_, b) => b * input.shape[1]) : (offsets!.tolist() as number[]);
  if (input.dim() === 1 && starts.length > 0) {
    // PyTorch's message prints offsets[0] as a tensor.
    if (starts[0] !== 0) throw new RuntimeError(`offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0. However, got ${starts[0]}\n[ ${offsets!.dtype.legacyName}{} ]`);
    const last = starts[starts.length - 1];
    if (last > ids.length) throw new RuntimeError(`offsets[-1] can not be greater than input's length ${ids.length} but got offsets[-1] of ${last}`);
  }
  if (o.max_norm !== undefined && o.max_norm !== null) embedding_renorm_(weight, input, o.max_norm as number, (o.norm_type as number | undefined) ?? 2);
  if (input.dim() === 1 && o.include_last_offset) starts = starts.slice(0, -1);
  const padding = (o.padding_idx as number | null | undefined) ?? null;
  const pad = padding === null ? null : padding < 0 ? padding + weight.shape[0] : padding;
  const pswValues = psw === null ? null : (psw.reshape(-1).tolist() as number[]);
  // The rows each bag reads (in order), and for each the bag and the input position.
  const rows: number[] = [], bags: number[] = [], positions: number[] = [];
  const counts = new Array<number>(starts.length).fill(0);
  starts.forEach((start, b) => {
    const end = b + 1 < starts.length ? starts[b + 1] : input.dim() === 2 ? start + input.shape[1] : ids.length;
    for (let i = start; i < end; i++) {
      if (ids[i] === pad) continue;
      rows.push(ids[i]);
      bags.push(b);
      positions.push(i);
      counts[b]++;
    }
  });
  const [nBags, dim, device] = [starts.length, weight.shape[1], weight.device];
  const rowsT = tensor(rows, { dtype: int64, device }), bagsT = tensor(bags, { dtype: int64, device });
  const gathered = no_grad(() => weight.index_select(0, rowsT));
  const pswRows = pswValues === null ? null : tensor(positions.map((i) => pswValues[i]), { dtype: weight.dtype, device });
  let out: Tensor, scale: Tensor | null = pswRows;
  let maxAt: { positions: Tensor; from: Tensor } | null = null;
  if (mode === "max") {
    // Each (bag, column)'s maximum and the first row that holds it, found on the host.
    const values = gathered.contiguous()._contiguousData();
    const best = new Float64Array(nBags * dim), at = new Array<number>(nBags * dim).fill(-1);
    bags.forEach((b, k) => {
      for (let c = 0; c < dim; c++) {
        const v = values[k * dim + c];
        if (at[b * dim + c] < 0 || v > best[b * dim + c]) [best[b * dim + c], at[b * dim + c]] = [v, rows[k]];
      }
    });
    out = Tensor._make(best, [nBags, dim], float64).to(weight.dtype).to(device);
    const held = at.map((r, f) => [r, f] as const).filter(([r]) => r >= 0);
    maxAt = { positions: tensor(held.map(([r, f]) => r * dim + (f % dim)), { dtype: int64, device }), from: tensor(held.map(([, f]) => f), { dtype: int64, device }) };
  } else {
    const summed = no_grad(() => Tensor._full([nBags, dim], 0, weight.dtype, device).index_add(0, bagsT, pswRows === null ? gathered : gathered.mul(pswRows.unsqueeze(-1))));
    out = summed;
    if (mode === "mean") {
      scale = tensor(bags.map((b) => 1 / counts[b]), { dtype: weight.dtype, device });
      out = no_grad(() => summed.div(tensor(counts.map((c) => Math.max(c, 1)), { dtype: weight.dtype, device }).unsqueeze(-1)));
    }
    if (o.scale_grad_by_freq) {
      // Each row's gradient over how often its index occurs in the whole input.
      const freq = new Map<number, number>();
      for (const id of ids) freq.set(id, (freq.get(id) ?? 0) + 1);
      const byFreq = tensor(rows.map((r) => 1 / freq.get(r)!), { dtype: weight.dtype, device });
      scale = scale === null ? byFreq : scale.mul(byFreq);
    }
  }
  const positionsT = tensor(positions, { dtype: int64, device });
  if (needsGrad(weight, psw)) record(EMBEDDING_BAG, [weight, psw], out, { weightShape: weight.shape, rows: rowsT, bags: bagsT, positions: positionsT, scale, weights: gathered, psw, maxAt });
  return out;
}
