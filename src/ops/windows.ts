// The spectral windows (torch.hann_window, hamming_window, blackman_window,
// bartlett_window, kaiser_window), computed as PyTorch's TensorFactories does:
// an arange in the window's dtype, then its in-place arithmetic.
import { bindArgs } from "../args.js";
import { defaultFloat, dtypeFromName, type DType } from "../dtype.js";
import { RuntimeError } from "../errors.js";
import { checkLayout, checkPinMemory } from "../layout.js";
import type { Tensor } from "../tensor.js";
import { arange, ones, zeros } from "./creation.js";
import { i0 } from "./special_functions.js";
import { no_grad } from "../autograd/grad_mode.js";

type WindowOptions = { dtype?: DType | string; device?: string; requires_grad?: boolean; layout?: unknown; pin_memory?: unknown };
const OPTIONS = ["dtype", "device", "requires_grad", "layout", "pin_memory"];

/**
 * The shared frame: the length checked, the trivial lengths answered, and a periodic
 * window made as the symmetric one of length + 1 less its last point.
 */
function windowOf(fn: string, length: number, periodic: boolean, opts: WindowOptions, make: (n: number, dtype: DType, device?: string) => Tensor): Tensor {
  checkLayout(fn, opts.layout);
  checkPinMemory(fn, opts.pin_memory);
  const dtype = opts.dtype === undefined ? defaultFloat : dtypeFromName(opts.dtype);
  if (!dtype.is_floating_point) {
    // PyTorch prints the TensorOptions, the dtype by its C++ name.
    const cxx = { int64: "long int", int32: "int", bool: "bool" }[String(dtype).replace("torch.", "")] ?? String(dtype);
    throw new RuntimeError(`${fn} expects floating point dtypes, got: TensorOptions(dtype=${cxx}, device=${opts.device ?? "cpu"}, layout=Strided (default), requires_grad=${opts.requires_grad ? "true" : "false (default)"}, pinned_memory=false, memory_format=(nullopt))`);
  }
  if (length < 0) throw new RuntimeError(`${fn} requires non-negative window_length, got window_length=${length}`);
  let out: Tensor;
  if (length === 0) out = zeros([0], { dtype, device: opts.device });
  else if (length === 1) out = ones([1], { dtype, device: opts.device });
  else {
    const n = periodic ? length + 1 : length;
    out = no_grad(() => make(n, dtype, opts.device));
    if (periodic) out = out.narrow(0, 0, n - 1).contiguous();
  }
  return opts.requires_grad ? out.requires_grad_() : out;
}

/** alpha - beta cos(2π n / (N - 1)): Hamming's and (alpha = beta = 0.5) Hann's. */
function raisedCosine(fn: string, length: number, periodic: boolean, alpha: number, beta: number, opts: WindowOptions): Tensor {
  return windowOf(fn, length, periodic, opts, (n, dtype, device) => arange(n, { dtype, device }).mul_((2 * Math.PI) / (n - 1)).cos_().mul_(-beta).add_(alpha));
}
/** hamming_window(window_length, periodic=True, alpha=0.54, beta=0.46, *, dtype). */
export function hamming_window(window_length: number, ...args: unknown[]): Tensor {
  const o = bindArgs("hamming_window", args, ["periodic", "alpha", "beta"], OPTIONS);
  return raisedCosine("hamming_window", window_length, (o.periodic as boolean | undefined) ?? true, (o.alpha as number | undefined) ?? 0.54, (o.beta as number | undefined) ?? 0.46, o as WindowOptions);
}
/** hann_window(window_length, periodic=True, *, dtype): 0.5 - 0.5 cos(2π n / (N - 1)). */
export function hann_window(window_length: number, ...args: unknown[]): Tensor {
  const o = bindArgs("hann_window", args, ["periodic"], OPTIONS);
  return raisedCosine("hann_window", window_length, (o.periodic as boolean | undefined) ?? true, 0.5, 0.5, o as WindowOptions);
}
/** blackman_window(window_length, periodic=True, *, dtype): 0.42 - 0.5 cos(2π n / (N - 1)) + 0.08 cos(4π n / (N - 1)). */
export function blackman_window(window_length: number, ...args: unknown[]): Tensor {
  const o = bindArgs("blackman_window", args, ["periodic"], OPTIONS);
  return windowOf("blackman_window", window_length, (o.periodic as boolean | undefined) ?? true, o as WindowOptions, (n, dtype, device) => {
    const w = arange(n, { dtype, device }).mul_(Math.PI / (n - 1));
    return w.mul(4).cos_().mul_(0.08).sub(w.mul(2).cos_().mul_(0.5)).add_(0.42);
  });
}
/** bartlett_window(window_length, periodic=True, *, dtype): the triangle 2n / (N - 1), folded at the middle. */
export function bartlett_window(window_length: number, ...args: unknown[]): Tensor {
  const o = bindArgs("bartlett_window", args, ["periodic"], OPTIONS);
  return windowOf("bartlett_window", window_length, (o.periodic as boolean | undefined) ?? true, o as WindowOptions, (n, dtype, device) => {
    const w = arange(n, { dtype, device }).mul_(2 / (n - 1));
    const firstHalf = ((n - 1) >> 1) + 1;
    w.narrow(0, firstHalf, n - firstHalf).mul_(-1).add_(2);
    return w;
  });
}
/** kaiser_window(window_length, periodic=True, beta=12.0, *, dtype): i0(β sqrt(1 - ((n - α) / α)^2)) / i0(β), α = (N - 1) / 2. */
export function kaiser_window(window_length: number, ...args: unknown[]): Tensor {
  const o = bindArgs("kaiser_window", args, ["periodic", "beta"], OPTIONS);
  const beta = (o.beta as number | undefined) ?? 12;
  return windowOf("kaiser_window", window_length, (o.periodic as boolean | undefined) ?? true, o as WindowOptions, (n, dtype, device) => {
    const alpha = (n - 1) / 2;
    const ratio = arange(n, { dtype, device }).sub(alpha).div(alpha);
    const betaT = ones([1], { dtype, device }).mul(beta);
    return i0(ratio.pow(2).rsub(1).sqrt().mul(beta)).div(i0(betaT));
  });
}
