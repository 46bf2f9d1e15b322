// torch.nn.utils: gradient clipping; nn.utils.rnn (rnn_utils.ts).
import { no_grad } from "../autograd/grad_mode.js";
import { float32 } from "../dtype.js";
import { RuntimeError } from "../errors.js";
import { stack } from "../ops/shape.js";
import { Tensor } from "../tensor.js";

function gradsOf(parameters: Tensor | Iterable<Tensor>): Tensor[] {
  const list = parameters instanceof Tensor ? [parameters] : [...parameters];
  return list.filter((p) => p.grad !== null).map((p) => p.grad!);
}

/**
 * clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False):
 * scales every gradient in place so that their joint norm is at most max_norm;
 * returns the joint norm before clipping (PyTorch's formula: coef = max_norm / (norm + 1e-6), at most 1).
 */
export function clip_grad_norm_(parameters: Tensor | Iterable<Tensor>, max_norm: number, ...args: (number | boolean | { norm_type?: number; error_if_nonfinite?: boolean; foreach?: boolean | null } | undefined)[]): Tensor {
  const last = args[args.length - 1];
  const o = typeof last === "object" && last !== null ? (last as Record<string, unknown>) : {};
  const normType = Number((typeof args[0] === "number" ? args[0] : o.norm_type) ?? 2);
  const errorIfNonfinite = Boolean((typeof args[1] === "boolean" ? args[1] : o.error_if_nonfinite) ?? false);
  const grads = gradsOf(parameters);
  if (grads.length === 0) return Tensor._full([], 0, float32);
  return no_grad(() => {
    const norms = grads.map((g) => (normType === Infinity ? g.abs().max() : g.norm(normType)));
    const total = normType === Infinity ? stack(norms).max() : stack(norms).norm(normType);
    if (errorIfNonfinite && !(total.isfinite().item() as boolean)) {
      throw new RuntimeError(
        `The total norm of order ${normType} for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`error_if_nonfinite=False\``,
      );
    }
    const coef = total.add(1e-6).reciprocal().mul(max_norm).clamp(null, 1);
    for (const g of grads) g.mul_(coef);
    return total;
  });
}

/** clip_grad_value_(parameters, clip_value): clamps every gradient to [-clip_value, clip_value] in place. */
export function clip_grad_value_(parameters: Tensor | Iterable<Tensor>, clip_value: number): void {
  no_grad(() => {
    for (const g of gradsOf(parameters)) g.clamp_(-clip_value, clip_value);
  });
}
export * as rnn from "./rnn_utils.js";
