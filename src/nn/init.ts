// torch.nn.init: PyTorch's formulas, evaluated in the same order, so that a
// seeded initialisation gives PyTorch's numbers bit for bit.
import { no_grad } from "../autograd/grad_mode.js";
import { ValueError } from "../errors.js";
import type { Tensor } from "../tensor.js";
import { float64 } from "../dtype.js";
import { empty, eye, tensor as makeTensor } from "../ops/creation.js";
import { qr } from "../ops/decomp.js";

export function calculate_gain(nonlinearity: string, param?: number): number {
  switch (nonlinearity) {
    case "linear": case "conv1d": case "conv2d": case "conv3d": case "sigmoid":
      return 1;
    case "tanh":
      return 5.0 / 3;
    case "relu":
      return Math.sqrt(2.0);
    case "leaky_relu": {
      const slope = param ?? 0.01;
      return Math.sqrt(2.0 / (1 + slope ** 2));
    }
    case "selu":
      return 3.0 / 4;
    default:
      throw new ValueError(`Unsupported nonlinearity ${nonlinearity}`);
  }
}

export function _calculate_fan_in_and_fan_out(tensor: Tensor): [number, number] {
  if (tensor.dim() < 2) throw new ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
  const receptive = tensor.shape.slice(2).reduce((a, b) => a * b, 1);
  return [tensor.shape[1] * receptive, tensor.shape[0] * receptive];
}

export function uniform_(tensor: Tensor, a = 0, b = 1): Tensor {
  return no_grad(() => tensor.uniform_(a, b));
}
export function normal_(tensor: Tensor, mean = 0, std = 1): Tensor {
  return no_grad(() => tensor.normal_(mean, std));
}
/**
 * trunc_normal_(tensor, mean=0, std=1, a=-2, b=2): normal values cut to [a, b],
 * as PyTorch draws them: uniform in the CDF's range, then erfinv.
 */
export function trunc_normal_(tensor: Tensor, mean = 0, std = 1, a = -2, b = 2): Tensor {
  const cdf = (x: number) => (1 + (makeTensor(x / Math.SQRT2, { dtype: float64 }).erf().item() as number)) / 2;
  const lo = cdf((a - mean) / std), hi = cdf((b - mean) / std);
  return no_grad(() => tensor.uniform_(2 * lo - 1, 2 * hi - 1).erfinv_().mul_(std * Math.SQRT2).add_(mean).clamp_(a, b));
}

/** eye_(tensor): the identity matrix in a 2-D tensor. */
/**
 * orthogonal_(tensor, gain=1): a (semi-)orthogonal matrix over the first dim and the rest
 * flattened, as PyTorch makes it: Q of a normal matrix's QR (of its transpose when wide),
 * its columns' signs fixed by R's diagonal, times gain.
 */
export function orthogonal_(tensor: Tensor, gain = 1): Tensor {
  if (tensor.dim() < 2) throw new ValueError("Only tensors with 2 or more dimensions are supported");
  if (tensor.numel() === 0) return tensor;
  const rows = tensor.shape[0], cols = tensor.numel() / rows;
  return no_grad(() => {
    let flattened = empty([rows, cols], { dtype: tensor.dtype, device: tensor.device }).normal_(0, 1);
    if (rows < cols) flattened = flattened.t();
    const [q0, r] = qr(flattened);
    let q = q0.mul(r.diagonal().sign());
    if (rows < cols) q = q.t();
    return tensor.copy_(q.reshape(tensor.shape as number[])).mul_(gain);
  });
}

export function eye_(tensor: Tensor): Tensor {
  if (tensor.dim() !== 2) throw new ValueError("Only tensors with 2 dimensions are supported");
  return no_grad(() => tensor.copy_(eye(tensor.shape[0], tensor.shape[1], { dtype: tensor.dtype })));
}

export function constant_(tensor: Tensor, value: number): Tensor {
  return no_grad(() => tensor.fill_(value));
}
export function zeros_(tensor: Tensor): Tensor {
  return constant_(tensor, 0);
}
export function ones_(tensor: Tensor): Tensor {
  return constant_(tensor, 1);
}

export interface KaimingOptions {
  a?: number;
  mode?: "fan_in" | "fan_out";
  nonlinearity?: string;
}

export function kaiming_uniform_(tensor: Tensor, options: KaimingOptions = {}): Tensor {
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor);
  const fan = (options.mode ?? "fan_in") === "fan_in" ? fanIn : fanOut;
  const gain = calculate_gain(options.nonlinearity ?? "leaky_relu", options.a ?? 0);
  const std = gain / Math.sqrt(fan);
  const bound = Math.sqrt(3.0) * std;
  return uniform_(tensor, -bound, bound);
}

export function kaiming_normal_(tensor: Tensor, options: KaimingOptions = {}): Tensor {
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor);
  const fan = (options.mode ?? "fan_in") === "fan_in" ? fanIn : fanOut;
  const std = calculate_gain(options.nonlinearity ?? "leaky_relu", options.a ?? 0) / Math.sqrt(fan);
  return normal_(tensor, 0, std);
}

export function xavier_uniform_(tensor: Tensor, gain = 1.0): Tensor {
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  return uniform_(tensor, -a, a);
}

export function xavier_normal_(tensor: Tensor, gain = 1.0): Tensor {
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor);
  return normal_(tensor, 0, gain * Math.sqrt(2.0 / (fanIn + fanOut)));
}
