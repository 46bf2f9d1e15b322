// PyTorch's process-wide settings: the default dtype, the default generator's
// state, and the deterministic-algorithms flag.
import { checkKeywords } from "./args.js";
import { defaultFloat, dtypeFromName, float64, setDefaultFloat, type DType } from "./dtype.js";
import { TorchTypeError } from "./errors.js";
import { tensor } from "./ops/creation.js";
import { defaultGenerator } from "./random.js";
import type { Tensor } from "./tensor.js";

/** torch.get_default_dtype(): the dtype of floating tensors made without one (float32 until set). */
export function get_default_dtype(): DType {
  return defaultFloat;
}
/** torch.set_default_dtype(d): float32 or float64, for new floating tensors, Python floats in ops, and int-to-float results. */
export function set_default_dtype(d: DType | string): void {
  const dtype = dtypeFromName(d);
  if (!dtype.is_floating_point) throw new TorchTypeError("only floating-point types are supported as the default type");
  setDefaultFloat(dtype);
}

/** torch.get_rng_state(): the default generator's state as a tensor (an opaque float64 vector here, a ByteTensor in PyTorch). */
export function get_rng_state(): Tensor {
  return tensor(defaultGenerator.get_state(), { dtype: float64 });
}
/** torch.set_rng_state(state): resumes the draws from a get_rng_state(). */
export function set_rng_state(state: Tensor): void {
  defaultGenerator.set_state(state.detach().to(float64).reshape(-1)._contiguousData());
}

let deterministic = false;
let deterministicWarnOnly = false;
/**
 * torch.use_deterministic_algorithms(mode, *, warn_only=False): recorded for the queries
 * below; every kernel here is deterministic already (scatters and index_add included).
 */
export function use_deterministic_algorithms(mode: boolean, opts: { warn_only?: boolean } = {}): void {
  checkKeywords("use_deterministic_algorithms", opts, ["warn_only"]);
  deterministic = mode;
  deterministicWarnOnly = opts.warn_only ?? false;
}
export const are_deterministic_algorithms_enabled = (): boolean => deterministic;
export const is_deterministic_algorithms_warn_only_enabled = (): boolean => deterministicWarnOnly;
