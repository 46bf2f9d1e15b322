// torch.nn.functional's activations (softmax, relu, ..., rrelu) and distance functions. Where
// PyTorch has one node (EluBackward0, MishBackward0, ...) the forward is
// composed outside autograd and the node's gradient is derivatives.yaml's
// formula in tensor ops; where PyTorch composes (softsign, tanhshrink,
// normalize, cosine_similarity, pairwise_distance), so does this, in PyTorch's
// order, so the nodes and the rounding are PyTorch's.
import { bindArgs, castTo, type ArgsOf } from "../args.js";
import { no_grad } from "../autograd/grad_mode.js";
import { RuntimeError } from "../errors.js";
import { broadcastShapes, wrapDim } from "../shape.js";
import { composite, needsGrad, record, type OpDef } from "../ops/registry.js";
import { applyInplace } from "../ops/inplace.js";
import { writeOut } from "../ops/out.js";
import { where } from "../ops/elementwise.js";
import * as P from "../ops/nn.js";
import { cat } from "../ops/shape.js";
import { Tensor } from "../tensor.js";
import { defaultGenerator } from "../random.js";
import { float64 } from "../dtype.js";
import { warn } from "../warnings.js";

type T = Tensor;

const ELU: OpDef = {
  name: "elu",
  node: "EluBackward0",
  // elu_backward: scale above 0, alpha * scale * input_scale * exp(x * input_scale) below.
  backward: (g: T, { self, alpha, scale, inputScale }) => [where(self.gt(0), g.mul(scale), g.mul(self.mul(inputScale).exp().mul(alpha * scale * inputScale)))],
};
const CELU: OpDef = { ...ELU, name: "celu", node: "CeluBackward0" };
// The in-place forms save the result, not the input (derivatives.yaml's elu_ / celu_): below 0, d/dx = input_scale (y + alpha scale).
const ELU_RESULT: OpDef = {
  name: "elu_",
  node: "EluBackward1",
  backward: (g: T, { result, alpha, scale, inputScale }) => [where(result.gt(0), g.mul(scale), g.mul(result.add(alpha * scale).mul(inputScale)))],
};
const CELU_RESULT: OpDef = { ...ELU_RESULT, name: "celu_", node: "CeluBackward1" };

/** An ELU-family activation written into its input, its node the result-saving one. */
function eluInplace(def: OpDef, input: Tensor, alpha: number, scale: number, inputScale: number): Tensor {
  return applyInplace(input, () => {
    const out = no_grad(() => eluForward(input, alpha, scale, inputScale));
    if (needsGrad(input)) record(def, [input], out, { result: out, alpha, scale, inputScale });
    return out;
  });
}
/** elu_(input, alpha=1.0). */
export const elu_ = (input: Tensor, ...args: unknown[]): Tensor => eluInplace(ELU_RESULT, input, (bindArgs("elu_", args, ["alpha"]).alpha as number | undefined) ?? 1, 1, 1);
/** selu_(input). */
export const selu_ = (input: Tensor): Tensor => eluInplace(ELU_RESULT, input, SELU_ALPHA, SELU_SCALE, 1);
/** celu_(input, alpha=1.0). */
export function celu_(input: Tensor, ...args: unknown[]): Tensor {
  const alpha = (bindArgs("celu_", args, ["alpha"]).alpha as number | undefined) ?? 1;
  if (alpha === 0) throw new RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU");
  return eluInplace(CELU_RESULT, input, alpha, 1, 1 / alpha);
}

function eluForward(x: T, alpha: number, scale: number, inputScale: number): T {
  return where(x.gt(0), x.mul(scale), x.mul(inputScale).expm1().mul(alpha * scale));
}

/** elu(input, alpha=1.0, inplace=False): x above 0, alpha (exp(x) - 1) below. */
export function elu(input: Tensor, ...args: ArgsOf<["alpha", "inplace"]>): Tensor {
  const o = bindArgs("elu", args, ["alpha", "inplace"]);
  const alpha = (o.alpha as number | undefined) ?? 1;
  if (o.inplace === true) return elu_(input, alpha);
  return composite(ELU, [input], () => eluForward(input, alpha, 1, 1), { self: input, alpha, scale: 1, inputScale: 1 });
}

export const SELU_ALPHA = 1.6732632423543772848170429916717;
export const SELU_SCALE = 1.0507009873554804934193349852946;
/** selu(input, inplace=False): scale * elu(x, alpha) with PyTorch's constants (its node is EluBackward0). */
export function selu(input: Tensor, ...args: unknown[]): Tensor {
  if (bindArgs("selu", args, ["inplace"]).inplace === true) return selu_(input);
  return composite(ELU, [input], () => eluForward(input, SELU_ALPHA, SELU_SCALE, 1), { self: input, alpha: SELU_ALPHA, scale: SELU_SCALE, inputScale: 1 });
}

/** celu(input, alpha=1.0, inplace=False): max(0, x) + min(0, alpha (exp(x / alpha) - 1)). */
export function celu(input: Tensor, ...args: ArgsOf<["alpha", "inplace"]>): Tensor {
  const o = bindArgs("celu", args, ["alpha", "inplace"]);
  const alpha = (o.alpha as number | undefined) ?? 1;
  if (o.inplace === true) return celu_(input, alpha);
  if (alpha === 0) throw new RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU");
  return composite(CELU, [input], () => eluForward(input, alpha, 1, 1 / alpha), { self: input, alpha, scale: 1, inputScale: 1 / alpha });
}

const HARDSWISH: OpDef = {
  name: "hardswish",
  node: "HardswishBackward0",
  backward: (g: T, { self }) => [where(self.lt(-3), 0, where(self.le(3), g.mul(self.div(3).add(0.5)), g))],
};
/** hardswish(input, inplace=False): x * relu6(x + 3) / 6. */
export function hardswish(input: Tensor, ...args: unknown[]): Tensor {
  if (bindArgs("hardswish", args, ["inplace"]).inplace === true) return applyInplace(input, () => hardswish(input));
  return composite(HARDSWISH, [input], () => input.mul(input.add(3).clamp(0, 6)).div(6), { self: input });
}

const HARDSIGMOID: OpDef = {
  name: "hardsigmoid",
  node: "HardsigmoidBackward0",
  backward: (g: T, { self }) => [where(self.gt(-3).logical_and(self.lt(3)), g.div(6), 0)],
};
/** hardsigmoid(input, inplace=False): relu6(x + 3) / 6. */
export function hardsigmoid(input: Tensor, ...args: unknown[]): Tensor {
  if (bindArgs("hardsigmoid", args, ["inplace"]).inplace === true) return applyInplace(input, () => hardsigmoid(input));
  return composite(HARDSIGMOID, [input], () => input.add(3).clamp(0, 6).div(6), { self: input });
}

const LOGSIGMOID: OpDef = {
  name: "logsigmoid",
  node: "LogSigmoidBackward0",
  backward: (g: T, { self }) => [g.mul(self.neg().sigmoid())],
};
/** logsigmoid(input): log(sigmoid(x)), computed as min(x, 0) - log1p(exp(-|x|)) so it neither overflows nor rounds to 0. */
export function logsigmoid(input: Tensor): Tensor {
  return composite(LOGSIGMOID, [input], () => input.clamp_max(0).sub(input.abs().neg().exp().log1p()), { self: input });
}

/** softsign(input): x / (1 + |x|) (PyTorch composes it too). */
export const softsign = (input: Tensor): Tensor => input.div(input.abs().add(1));

/** softplus with PyTorch's default beta 1 and threshold 20. */
const defaultSoftplus = (x: T): T => where(x.gt(20), x, x.exp().log1p());

const MISH: OpDef = {
  name: "mish",
  node: "MishBackward0",
  backward: (g: T, { self }) => {
    const t = defaultSoftplus(self).tanh();
    return [g.mul(t.add(self.mul(self.sigmoid()).mul(t.square().rsub(1))))];
  },
};
/** mish(input, inplace=False): x * tanh(softplus(x)). */
export function mish(input: Tensor, ...args: unknown[]): Tensor {
  if (bindArgs("mish", args, ["inplace"]).inplace === true) return applyInplace(input, () => mish(input));
  return composite(MISH, [input], () => input.mul(defaultSoftplus(input).tanh()), { self: input });
}

/** tanhshrink(input): x - tanh(x) (PyTorch composes it too). */
export const tanhshrink = (input: Tensor): Tensor => input.sub(input.tanh());

/** hardshrink's and softshrink's gradient alike: g outside [-lambd, lambd], 0 inside. */
const shrinkGradient = (g: T, { self, lambd }: { self: T; lambd: number }) => [where(self.ge(-lambd).logical_and(self.le(lambd)), 0, g)];
const HARDSHRINK: OpDef = { name: "hardshrink", node: "HardshrinkBackward0", backward: shrinkGradient };
/** hardshrink(input, lambd=0.5): x where |x| > lambd, else 0. */
export function hardshrink(input: Tensor, ...args: unknown[]): Tensor {
  const lambd = (bindArgs("hardshrink", args, ["lambd"]).lambd as number | undefined) ?? 0.5;
  return composite(HARDSHRINK, [input], () => where(input.ge(-lambd).logical_and(input.le(lambd)), 0, input), { self: input, lambd });
}

const SOFTSHRINK: OpDef = { name: "softshrink", node: "SoftshrinkBackward0", backward: shrinkGradient };
/** softshrink(input, lambd=0.5): x - lambd above lambd, x + lambd below -lambd, 0 between. */
export function softshrink(input: Tensor, ...args: unknown[]): Tensor {
  const lambd = (bindArgs("softshrink", args, ["lambd"]).lambd as number | undefined) ?? 0.5;
  if (lambd < 0) throw new RuntimeError(`lambda must be greater or equal to 0, but found to be ${lambd}.`);
  return composite(SOFTSHRINK, [input], () => where(input.gt(lambd), input.sub(lambd), where(input.lt(-lambd), input.add(lambd), 0)), { self: input, lambd });
}

const THRESHOLD: OpDef = {
  name: "threshold",
  node: "ThresholdBackward0",
  backward: (g: T, { self, threshold }) => [where(self.le(threshold), 0, g)],
};
// threshold_ saves its result (derivatives.yaml), which is at or below the threshold exactly where the input was.
const THRESHOLD_RESULT: OpDef = {
  name: "threshold_",
  node: "ThresholdBackward1",
  backward: (g: T, { result, threshold }) => [where(result.le(threshold), 0, g)],
};
/** threshold(input, threshold, value, inplace=False): x where x > threshold, else value. */
export function threshold(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("threshold", args, ["threshold", "value", "inplace"], [], 2);
  const th = o.threshold as number, value = o.value as number;
  if (o.inplace !== true) return composite(THRESHOLD, [input], () => where(input.gt(th), input, value), { self: input, threshold: th });
  return applyInplace(input, () => {
    const out = no_grad(() => where(input.gt(th), input, value));
    if (needsGrad(input)) record(THRESHOLD_RESULT, [input], out, { result: out, threshold: th });
    return out;
  });
}
/** threshold_(input, threshold, value). */
export const threshold_ = (input: Tensor, th: number, value: number): Tensor => threshold(input, th, value, true);

const GLU: OpDef = {
  name: "glu",
  node: "GluBackward0",
  backward: (g: T, { self, dim }) => {
    const half = self.shape[dim] / 2;
    const a = self.narrow(dim, 0, half), sb = self.narrow(dim, half, half).sigmoid();
    return [cat([g.mul(sb), g.mul(a).mul(sb).mul(sb.rsub(1))], dim)];
  },
};
/** glu(input, dim=-1): a * sigmoid(b), a and b the halves of input along dim. */
export function glu(input: Tensor, ...args: unknown[]): Tensor {
  const d = wrapDim((bindArgs("glu", args, ["dim"]).dim as number | undefined) ?? -1, input.dim());
  if (input.dim() === 0) throw new RuntimeError("glu does not support scalars because halving size must be even");
  const n = input.shape[d];
  if (n % 2 !== 0) throw new RuntimeError(`Halving dimension must be even, but dimension ${d} is size ${n}`);
  return composite(GLU, [input], () => input.narrow(d, 0, n / 2).mul(input.narrow(d, n / 2, n / 2).sigmoid()), { self: input, dim: d });
}

/** softmin(input, dim): softmax(-x, dim). */
export function softmin(input: Tensor, ...args: ArgsOf<["dim", "_stacklevel", "dtype"]>): Tensor {
  const o = bindArgs("softmin", args, ["dim", "_stacklevel", "dtype"]);
  return P.softmax(castTo(input.neg(), o.dtype), o.dim as number);
}

const PRELU: OpDef = {
  name: "prelu",
  node: "PreluBackward0",
  backward: (g: T, { self, weight, channelShape }: { self: T; weight: T; channelShape: number[] }, needs) => {
    const w = weight.reshape(channelShape);
    const gx = needs[0] ? where(self.gt(0), g, g.mul(w)) : null;
    let gw: T | null = null;
    if (needs[1]) {
      const part = where(self.gt(0), 0, g.mul(self));
      const dims = self.shape.map((_, d) => d).filter((d) => !(weight.numel() > 1 && d === 1));
      gw = (dims.length > 0 ? part.sum({ dim: dims }) : part).reshape(weight.shape);
    }
    return [gx, gw];
  },
};
/** prelu(input, weight): x above 0, weight * x below; weight has 1 element or one per channel (dim 1). */
export function prelu(input: Tensor, weight: Tensor): Tensor {
  const channels = input.dim() >= 2 ? input.shape[1] : 1;
  if (weight.numel() !== 1 && weight.numel() !== channels) {
    throw new RuntimeError(`Mismatch of parameter numbers and input channel size. Found parameter numbers = ${weight.numel()} and channel size = ${channels}.`);
  }
  const channelShape = input.shape.map((s, d) => (d === 1 && weight.numel() > 1 ? s : 1));
  return composite(PRELU, [input, weight], () => where(input.gt(0), input, input.mul(weight.reshape(channelShape))), { self: input, weight, channelShape });
}

/** normalize(input, p=2.0, dim=1, eps=1e-12): input over its p-norm along dim (at least eps), as PyTorch composes it. */
export function normalize(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("normalize", args, ["p", "dim", "eps", "out"]);
  const p = (o.p as number | undefined) ?? 2, dim = (o.dim as number | undefined) ?? 1, eps = (o.eps as number | undefined) ?? 1e-12;
  const denom = input.norm(p, dim, true).clamp_min(eps).expand_as(input);
  return o.out === undefined || o.out === null ? input.div(denom) : writeOut("div", input.div(denom), o.out, [input]);
}

/**
 * cosine_similarity(x1, x2, dim=1, eps=1e-8): each tensor over its norm (at
 * least eps: PyTorch clamps clones of the norms in place without a gradient),
 * multiplied and summed along dim.
 */
export function cosine_similarity(x1: Tensor, x2: Tensor, ...args: ArgsOf<["dim", "eps"]>): Tensor {
  const o = bindArgs("cosine_similarity", args, ["dim", "eps"]);
  const dim = (o.dim as number | undefined) ?? 1, eps = (o.eps as number | undefined) ?? 1e-8;
  const shape = broadcastShapes(x1.shape, x2.shape);
  const a = x1.expand(shape), b = x2.expand(shape);
  const na = a.norm(2, dim, true).clone(), nb = b.norm(2, dim, true).clone();
  no_grad(() => {
    na.clamp_min_(eps);
    nb.clamp_min_(eps);
  });
  return a.div(na).mul(b.div(nb)).sum(dim);
}

/** pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False): the p-norm of x1 - x2 + eps over the last dim. */
export function pairwise_distance(x1: Tensor, x2: Tensor, ...args: ArgsOf<["p", "eps", "keepdim"]>): Tensor {
  const o = bindArgs("pairwise_distance", args, ["p", "eps", "keepdim"]);
  const p = (o.p as number | undefined) ?? 2, eps = (o.eps as number | undefined) ?? 1e-6, keepdim = (o.keepdim as boolean | undefined) ?? false;
  const last = Math.max(x1.dim(), x2.dim()) - 1;
  return x1.sub(x2).add(eps).norm(p, Math.max(last, 0), keepdim);
}

/** softmax(input, dim) or softmax(input, { dim }). */
export function softmax(input: Tensor, ...args: ArgsOf<["dim", "_stacklevel", "dtype"]>): Tensor {
  const o = bindArgs("softmax", args, ["dim", "_stacklevel", "dtype"]);
  return P.softmax(castTo(input, o.dtype), o.dim as number);
}
export function log_softmax(input: Tensor, ...args: ArgsOf<["dim", "_stacklevel", "dtype"]>): Tensor {
  const o = bindArgs("log_softmax", args, ["dim", "_stacklevel", "dtype"]);
  return P.log_softmax(castTo(input, o.dtype), o.dim as number);
}
/** gelu(input, { approximate: "none" | "tanh" }). */
export function gelu(input: Tensor, options: { approximate?: "none" | "tanh" } | "none" | "tanh" = {}): Tensor {
  return P.gelu(input, typeof options === "string" ? options : options.approximate ?? "none");
}

/** relu(input, inplace=False). */
export function relu(input: Tensor, ...args: unknown[]): Tensor {
  return bindArgs("relu", args, ["inplace"]).inplace === true ? input.relu_() : input.relu();
}
export const sigmoid = (x: Tensor): Tensor => x.sigmoid();
export const tanh = (x: Tensor): Tensor => x.tanh();
export const erf = P.erf;

// ---- more activations: PyTorch's nodes, formulas from derivatives.yaml --------------

const LEAKY_RELU: OpDef = {
  name: "leaky_relu",
  node: "LeakyReluBackward0",
  backward: (g: T, s) => [where(s.self.gt(0), g, g.mul(s.slope))],
};

const LEAKY_RELU_RESULT: OpDef = { name: "leaky_relu_", node: "LeakyReluBackward1", backward: (g: T, s) => [where(s.result.gt(0), g, g.mul(s.slope))] };
/** leaky_relu_(input, negative_slope=0.01): in place, its node saving the result. */
export function leaky_relu_(input: Tensor, ...args: unknown[]): Tensor {
  const slope = (bindArgs("leaky_relu_", args, ["negative_slope"]).negative_slope as number | undefined) ?? 0.01;
  return applyInplace(input, () => {
    const out = no_grad(() => where(input.gt(0), input, input.mul(slope)));
    if (needsGrad(input)) record(LEAKY_RELU_RESULT, [input], out, { result: out, slope });
    return out;
  });
}

/** leaky_relu(input, negative_slope=0.01). */
export function leaky_relu(input: Tensor, ...args: ArgsOf<["negative_slope", "inplace"]>): Tensor {
  const o = bindArgs("leaky_relu", args, ["negative_slope", "inplace"]);
  const slope = (o.negative_slope as number | undefined) ?? 0.01;
  if (o.inplace === true) return leaky_relu_(input, slope);
  const out = no_grad(() => where(input.gt(0), input, input.mul(slope)));
  if (needsGrad(input)) record(LEAKY_RELU, [input], out, { self: input, slope });
  return out;
}

const SILU: OpDef = {
  name: "silu",
  node: "SiluBackward0",
  backward: (g: T, s) => {
    const sig = s.self.sigmoid();
    return [g.mul(sig.mul(s.self.mul(sig.rsub(1)).add(1)))];
  },
};

/** silu(input, inplace=False) = input * sigmoid(input). */
export function silu(input: Tensor, ...args: unknown[]): Tensor {
  if (bindArgs("silu", args, ["inplace"]).inplace === true) return applyInplace(input, () => silu(input));
  const out = no_grad(() => input.mul(input.sigmoid()));
  if (needsGrad(input)) record(SILU, [input], out, { self: input });
  return out;
}

const SOFTPLUS: OpDef = {
  name: "softplus",
  node: "SoftplusBackward0",
  backward: (g: T, s) => {
    const bx = s.self.mul(s.beta);
    return [where(bx.gt(s.threshold), g, g.mul(bx.sigmoid()))];
  },
};

/** softplus(input, beta=1, threshold=20): log(1 + exp(beta x)) / beta, linear above the threshold. */
export function softplus(input: Tensor, ...args: ArgsOf<["beta", "threshold"]>): Tensor {
  const o = bindArgs("softplus", args, ["beta", "threshold"]);
  const beta = (o.beta as number | undefined) ?? 1;
  const threshold = (o.threshold as number | undefined) ?? 20;
  const out = no_grad(() => {
    const bx = input.mul(beta);
    return where(bx.gt(threshold), input, bx.exp().log1p().div(beta));
  });
  if (needsGrad(input)) record(SOFTPLUS, [input], out, { self: input, beta, threshold });
  return out;
}

const HARDTANH: OpDef = {
  name: "hardtanh",
  node: "HardtanhBackward0",
  backward: (g: T, s) => [where(s.self.le(s.min).logical_or(s.self.ge(s.max)), 0, g)],
};

/** hardtanh(input, min_val=-1.0, max_val=1.0). */
export function hardtanh(input: Tensor, ...args: ArgsOf<["min_val", "max_val", "inplace"]>): Tensor {
  const o = bindArgs("hardtanh", args, ["min_val", "max_val", "inplace"]);
  const min = (o.min_val as number | undefined) ?? -1;
  const max = (o.max_val as number | undefined) ?? 1;
  if (o.inplace === true) return applyInplace(input, () => hardtanh(input, min, max));
  const out = no_grad(() => input.clamp(min, max));
  if (needsGrad(input)) record(HARDTANH, [input], out, { self: input, min, max });
  return out;
}

/** relu6(input, inplace=False): hardtanh(x, 0, 6), as PyTorch computes it. */
export function relu6(input: Tensor, ...args: unknown[]): Tensor {
  return hardtanh(input, 0, 6, bindArgs("relu6", args, ["inplace"]).inplace);
}

/**
 * gumbel_softmax(logits, tau=1, hard=False, eps=1e-10, dim=-1): softmax((logits + g) / tau)
 * with g ~ Gumbel(0, 1) drawn as PyTorch draws it (-log of exponential_); with hard, the
 * one-hot of its argmax, with the soft sample's gradient (straight through).
 */
export function gumbel_softmax(logits: Tensor, ...args: ArgsOf<["tau", "hard", "eps", "dim"]>): Tensor {
  const o = bindArgs("gumbel_softmax", args, ["tau", "hard", "eps", "dim"]);
  const tau = (o.tau as number | undefined) ?? 1, dim = (o.dim as number | undefined) ?? -1;
  if (o.eps !== undefined && o.eps !== 1e-10) warn("`eps` parameter is deprecated and has no effect.");
  const gumbels = no_grad(() => Tensor._full(logits.shape, 0, logits.dtype, logits.device).exponential_().log().neg());
  const ySoft = logits.add(gumbels).div(tau).softmax(dim);
  if (!o.hard) return ySoft;
  const index = ySoft.max(dim, true).indices;
  const yHard = Tensor._full(logits.shape, 0, logits.dtype, logits.device).scatter_(dim, index, 1.0);
  return yHard.sub(ySoft.detach()).add(ySoft);
}

/** The in-place activations (relu_, elu_, ...): the activation written back into its input. */
const inplace = <A extends unknown[]>(fn: (x: Tensor, ...a: A) => Tensor) => (input: Tensor, ...args: A): Tensor => applyInplace(input, () => fn(input, ...args));
export const relu_ = inplace((x) => x.relu());

export const hardtanh_ = inplace(hardtanh);

const RRELU_WITH_NOISE: OpDef = {
  name: "rrelu_with_noise",
  node: "RreluWithNoiseBackward0",
  backward: (g: T, { noise }) => [g.mul(noise)],
};
// rrelu_with_noise_ saves its result; the gradient is the same noise (or slope), as derivatives.yaml's is_result form.
const RRELU_WITH_NOISE_RESULT: OpDef = { ...RRELU_WITH_NOISE, name: "rrelu_with_noise_", node: "RreluWithNoiseBackward1" };
/**
 * rrelu(input, lower=1/8, upper=1/3, training=False, inplace=False): in training each
 * non-positive element scaled by its own uniform draw in [lower, upper] (drawn in order,
 * only for those elements, as PyTorch's CPU kernel); in eval leaky_relu with their mean.
 */
export function rrelu(input: Tensor, ...args: ArgsOf<["lower", "upper", "training", "inplace"]>): Tensor {
  const o = bindArgs("rrelu", args, ["lower", "upper", "training", "inplace"]);
  const lower = (o.lower as number | undefined) ?? 1 / 8, upper = (o.upper as number | undefined) ?? 1 / 3;
  const training = o.training === true;
  if (o.inplace !== true) return rreluWithNoise(RRELU_WITH_NOISE, input, lower, upper, training);
  return applyInplace(input, () => rreluWithNoise(RRELU_WITH_NOISE_RESULT, input, lower, upper, training));
}
/** rrelu_(input, lower=1/8, upper=1/3, training=False). */
export function rrelu_(input: Tensor, ...args: ArgsOf<["lower", "upper", "training"]>): Tensor {
  const o = bindArgs("rrelu_", args, ["lower", "upper", "training"]);
  return rrelu(input, o.lower, o.upper, o.training, true);
}
function rreluWithNoise(def: OpDef, input: Tensor, lower: number, upper: number, training: boolean): Tensor {
  if (!training || upper - lower <= 1e-6) {
    // PyTorch's rrelu_with_noise in eval: leaky_relu's values and gradient, under its own node.
    const slope = (lower + upper) / 2;
    const out = no_grad(() => where(input.gt(0), input, input.mul(slope)));
    if (needsGrad(input)) record(def, [input], out, { noise: no_grad(() => where(input.gt(0), 1, slope).to(input.dtype)) });
    return out;
  }
  const values = input.detach().contiguous()._contiguousData();
  const noise = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) noise[i] = values[i] <= 0 ? defaultGenerator.uniform53() * (upper - lower) + lower : 1;
  const noiseT = Tensor._make(noise, input.shape, float64).to(input.dtype).to(input.device);
  const out = no_grad(() => input.mul(noiseT));
  if (needsGrad(input)) record(def, [input], out, { noise: noiseT });
  return out;
}
