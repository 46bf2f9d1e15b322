/// <reference lib="esnext.disposable" preserve="true" />
// tensorgrad: PyTorch's tensor and autograd model in TypeScript.
//   import * as torch from "tensorgrad";
export { Tensor, ValuesIndices, Device, Size } from "./tensor.js";
export { DType, float32, float64, int64, int32, bool, float, double, long, int, finfo, iinfo } from "./dtype.js";
export { RuntimeError, IndexError, TorchTypeError as TypeError, ValueError, AssertionError, NotImplementedError, KeyError, ZeroDivisionError, OutOfMemoryError } from "./errors.js";
export * from "./functional.js";
export { variance as var } from "./functional.js";
export {
  tensor, from, zeros, ones, empty, full, zeros_like, ones_like, empty_like, full_like, eye, arange, linspace,
  rand, randn, randint, rand_like, randn_like, randint_like, randperm,
  FloatTensor, DoubleTensor, LongTensor, IntTensor, BoolTensor,
} from "./ops/creation.js";
export { manual_seed, seed, initial_seed, Generator, defaultGenerator as default_generator } from "./random.js";
export { no_grad, enable_grad, set_grad_enabled, is_grad_enabled, inference_mode, is_inference_mode_enabled } from "./autograd/grad_mode.js";
export { set_printoptions } from "./format.js";
export { scope, memory_stats } from "./memory.js";
export { Layout as layout, MemoryFormat as memory_format, strided, sparse_coo, sparse_csr, contiguous_format, preserve_format, channels_last, channels_last_3d } from "./layout.js";
export { get_backend, get_backend_info, set_backend, set_num_threads, get_num_threads } from "./backend/index.js";
export type { Backend, BackendInfo, View, UnaryOp, BinaryOp, ReduceOp } from "./backend/index.js";
export type { IndexSpec } from "./ops/shape.js";
export * as autograd from "./autograd/index.js";
export * as viz from "./viz/index.js";
export * as nn from "./nn/index.js";
import * as linalgOps from "./linalg.js";
import * as specialOps from "./special.js";
import { libraryFunctions } from "./memory.js";
/** torch.linalg and torch.special; each function frees its temporaries as it returns (Note [library scopes]). */
export const linalg = libraryFunctions(linalgOps);
export const special = libraryFunctions(specialOps);
export * as distributions from "./distributions/index.js";
export * as optim from "./optim/index.js";
export * as utils from "./utils/index.js";
export * as datasets from "./datasets/index.js";
export * as webgpu from "./webgpu.js";
export { set_default_device, get_default_device } from "./ops/creation.js";
export {
  get_default_dtype, set_default_dtype, get_rng_state, set_rng_state,
  use_deterministic_algorithms, are_deterministic_algorithms_enabled, is_deterministic_algorithms_warn_only_enabled,
} from "./global_state.js";
import { Device } from "./tensor.js";
/** torch.device("cpu" | "webgpu"). */
export function device(type: string | Device): Device {
  return Device.of(type);
}
export { save, load, serialize, deserialize } from "./io/safetensors.js";

// Every exported class carries its export name, for printing in a minified bundle (Note [class names]).
import * as self from "./index.js";
import { nameClasses } from "./names.js";
nameClasses(self);
