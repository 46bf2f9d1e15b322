// torch.nn.utils: gradient clipping, parameters as one vector, weight_norm and
// spectral_norm (weight_norm.ts); nn.utils.rnn (rnn_utils.ts).
import { no_grad } from "../autograd/grad_mode.js";
import { float32 } from "../dtype.js";
import { RuntimeError } from "../errors.js";
import { cat, stack } from "../ops/shape.js";
import { TorchTypeError, typeName } from "../errors.js";
export { weight_norm, remove_weight_norm, spectral_norm, remove_spectral_norm } from "./weight_norm.js";
import { Tensor } from "../tensor.js";
import { libraryScope } from "../memory.js";

function gradsOf(parameters: Tensor | Iterable<Tensor>): Tensor[] {
  const list = parameters instanceof Tensor ? [parameters] : [...parameters];
  return list.filter((p) => p._grad !== null).map((p) => p._grad!);
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
  return libraryScope(() => no_grad(() => {
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
  }));
}

/** clip_grad_value_(parameters, clip_value): clamps every gradient to [-clip_value, clip_value] in place. */
export function clip_grad_value_(parameters: Tensor | Iterable<Tensor>, clip_value: number): void {
  no_grad(() => {
    for (const g of gradsOf(parameters)) g.clamp_(-clip_value, clip_value);
  });
}
export * as rnn from "./rnn_utils.js";

function tensorsOf(parameters: Tensor | Iterable<Tensor>): Tensor[] {
  const list = parameters instanceof Tensor ? [parameters] : [...parameters];
  for (const p of list) if (!(p instanceof Tensor)) throw new TorchTypeError(`expected torch.Tensor, but got: ${typeName(p)}`);
  return list;
}

/** parameters_to_vector(parameters): every parameter flattened, concatenated (differentiable). */
export function parameters_to_vector(parameters: Tensor | Iterable<Tensor>): Tensor {
  return libraryScope(() => cat(tensorsOf(parameters).map((p) => p.view(-1))));
}

/** vector_to_parameters(vec, parameters): each parameter's data set to its slice of vec (a view of it, as PyTorch's param.data =). */
export function vector_to_parameters(vec: Tensor, parameters: Tensor | Iterable<Tensor>): void {
  if (!(vec instanceof Tensor)) throw new TorchTypeError(`expected torch.Tensor, but got: ${typeName(vec)}`);
  let pointer = 0;
  libraryScope(() => {
    for (const p of tensorsOf(parameters)) {
      const n = p.numel();
      p.data = vec.narrow(0, pointer, n).view_as(p).data;
      pointer += n;
    }
  });
}
