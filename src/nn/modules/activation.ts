// torch.nn's activation modules (torch/nn/modules/activation.py).
import { RuntimeError, ValueError } from "../../errors.js";
import { empty } from "../../ops/creation.js";
import type { Tensor } from "../../tensor.js";
import * as F from "../functional.js";
import { Module } from "../module.js";
import { pyFloat } from "../../format.js";
import { Parameter } from "../parameter.js";
import { initArgs, type FactoryOptions, factory } from "./_args.js";
import { className } from "../../names.js";

/** An activation with PyTorch's `inplace` flag: its forward writes the result into its input. */
abstract class Activation extends Module {
  readonly inplace: boolean = false;
  protected setInplace(v: unknown): void {
    (this as { inplace: boolean }).inplace = Boolean(v);
  }
  override extra_repr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}

export class ReLU extends Activation {
  /** ReLU(inplace=False). */
  constructor(...args: (boolean | { inplace?: boolean } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    this.setInplace(initArgs("ReLU", args, ["inplace"], { inplace: false }).inplace);
  }
  override forward(input: Tensor): Tensor {
    return F.relu(input, this.inplace);
  }
}
export class SiLU extends Activation {
  /** SiLU(inplace=False). */
  constructor(...args: (boolean | { inplace?: boolean } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    this.setInplace(initArgs("SiLU", args, ["inplace"], { inplace: false }).inplace);
  }
  override forward(input: Tensor): Tensor {
    return F.silu(input, this.inplace);
  }
}
export class LeakyReLU extends Activation {
  readonly negative_slope: number;
  /** LeakyReLU(negative_slope=0.01, inplace=False). */
  constructor(...args: (number | boolean | { negative_slope?: number; inplace?: boolean } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("LeakyReLU", args, ["negative_slope", "inplace"], { negative_slope: 0.01, inplace: false });
    this.negative_slope = o.negative_slope;
    this.setInplace(o.inplace);
  }
  override forward(input: Tensor): Tensor {
    return F.leaky_relu(input, this.negative_slope, this.inplace);
  }
  override extra_repr(): string {
    return `negative_slope=${pyFloat(this.negative_slope)}${this.inplace ? ", inplace=True" : ""}`;
  }
}
export class Hardtanh extends Activation {
  readonly min_val: number;
  readonly max_val: number;
  /** Hardtanh(min_val=-1.0, max_val=1.0, inplace=False). */
  constructor(...args: (number | boolean | { min_val?: number; max_val?: number; inplace?: boolean } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("Hardtanh", args, ["min_val", "max_val", "inplace"], { min_val: -1, max_val: 1, inplace: false });
    if (!(o.max_val > o.min_val)) throw new RuntimeError("max_val must be greater than min_val");
    this.min_val = o.min_val;
    this.max_val = o.max_val;
    this.setInplace(o.inplace);
  }
  override forward(input: Tensor): Tensor {
    return F.hardtanh(input, this.min_val, this.max_val, this.inplace);
  }
  override extra_repr(): string {
    return `min_val=${pyFloat(this.min_val)}, max_val=${pyFloat(this.max_val)}${this.inplace ? ", inplace=True" : ""}`;
  }
}
export class Softplus extends Module {
  readonly beta: number;
  readonly threshold: number;
  /** Softplus(beta=1, threshold=20). */
  constructor(...args: (number | { beta?: number; threshold?: number } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("Softplus", args, ["beta", "threshold"], { beta: 1, threshold: 20 });
    this.beta = o.beta;
    this.threshold = o.threshold;
  }
  override forward(input: Tensor): Tensor {
    return F.softplus(input, this.beta, this.threshold);
  }
  override extra_repr(): string {
    return `beta=${this.beta}, threshold=${this.threshold}`;
  }
}
export class Sigmoid extends Module {
  override forward(input: Tensor): Tensor {
    return input.sigmoid();
  }
}
export class Tanh extends Module {
  override forward(input: Tensor): Tensor {
    return input.tanh();
  }
}
export class GELU extends Module {
  readonly approximate: "none" | "tanh";
  /** GELU(approximate='none'). */
  constructor(...args: ("none" | "tanh" | { approximate?: "none" | "tanh" } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    this.approximate = initArgs("GELU", args, ["approximate"], { approximate: "none" }).approximate;
  }
  override forward(input: Tensor): Tensor {
    return F.gelu(input, this.approximate);
  }
  override extra_repr(): string {
    return `approximate='${this.approximate}'`;
  }
}
export class Softmax extends Module {
  readonly dim: number | null;
  /** Softmax(dim=None). */
  constructor(...args: (number | null | { dim?: number | null } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    this.dim = initArgs(className(this), args, ["dim"], { dim: null }).dim;
  }
  override forward(input: Tensor): Tensor {
    // PyTorch's legacy default for dim=None: 0 for 0-, 1- and 3-D input, else 1.
    const d = this.dim ?? ([0, 1, 3].includes(input.dim()) ? 0 : 1);
    return F.softmax(input, d);
  }
  override extra_repr(): string {
    return `dim=${this.dim === null ? "None" : this.dim}`;
  }
}
export class LogSoftmax extends Module {
  readonly dim: number | null;
  /** LogSoftmax(dim=None). */
  constructor(...args: (number | null | { dim?: number | null } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    this.dim = initArgs("LogSoftmax", args, ["dim"], { dim: null }).dim;
  }
  override forward(input: Tensor): Tensor {
    const d = this.dim ?? ([0, 1, 3].includes(input.dim()) ? 0 : 1);
    return F.log_softmax(input, d);
  }
  override extra_repr(): string {
    return `dim=${this.dim === null ? "None" : this.dim}`;
  }
}

/** An activation module without settings but PyTorch's `inplace` where it takes one (not printed, as PyTorch's). */
function simpleActivation(name: string, fn: (x: Tensor, inplace: boolean) => Tensor, takesInplace: boolean): new (...args: unknown[]) => Module {
  const cls = class extends Module {
    readonly inplace: boolean;
    constructor(...args: unknown[]) {
      super();
      this.inplace = initArgs(name, args, takesInplace ? ["inplace"] : [], { inplace: false }).inplace;
    }
    override forward(input: Tensor): Tensor {
      return fn(input, this.inplace);
    }
  };
  // Printing and errors name a module by its class's name.
  Object.defineProperty(cls, "name", { value: name });
  return cls;
}
export const Hardswish = simpleActivation("Hardswish", (x, inplace) => F.hardswish(x, inplace), true);
export const Hardsigmoid = simpleActivation("Hardsigmoid", (x, inplace) => F.hardsigmoid(x, inplace), true);
export const Mish = simpleActivation("Mish", (x, inplace) => F.mish(x, inplace), true);
export const LogSigmoid = simpleActivation("LogSigmoid", (x) => F.logsigmoid(x), false);
export const Softsign = simpleActivation("Softsign", (x) => F.softsign(x), false);
export const Tanhshrink = simpleActivation("Tanhshrink", (x) => F.tanhshrink(x), false);

export class ELU extends Activation {
  readonly alpha: number;
  /** ELU(alpha=1.0, inplace=False). */
  constructor(...args: (number | boolean | { alpha?: number; inplace?: boolean } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs(className(this), args, ["alpha", "inplace"], { alpha: 1, inplace: false });
    this.alpha = o.alpha;
    this.setInplace(o.inplace);
  }
  override forward(input: Tensor): Tensor {
    return F.elu(input, this.alpha, this.inplace);
  }
  override extra_repr(): string {
    return `alpha=${pyFloat(this.alpha)}${this.inplace ? ", inplace=True" : ""}`;
  }
}
export class CELU extends ELU {
  /** CELU(alpha=1.0, inplace=False). */
  override forward(input: Tensor): Tensor {
    return F.celu(input, this.alpha, this.inplace);
  }
}
export class SELU extends Activation {
  /** SELU(inplace=False). */
  constructor(...args: (boolean | { inplace?: boolean } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    this.setInplace(initArgs("SELU", args, ["inplace"], { inplace: false }).inplace);
  }
  override forward(input: Tensor): Tensor {
    return F.selu(input, this.inplace);
  }
}
export class ReLU6 extends Activation {
  /** ReLU6(inplace=False): Hardtanh(0, 6). */
  constructor(...args: (boolean | { inplace?: boolean } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    this.setInplace(initArgs("ReLU6", args, ["inplace"], { inplace: false }).inplace);
  }
  override forward(input: Tensor): Tensor {
    return F.relu6(input, this.inplace);
  }
}
/** Hardshrink(lambd=0.5) and Softshrink(lambd=0.5), printed with the bare lambd as PyTorch does. */
export class Hardshrink extends Module {
  readonly lambd: number;
  constructor(...args: (number | { lambd?: number } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    this.lambd = initArgs(className(this), args, ["lambd"], { lambd: 0.5 }).lambd;
  }
  override forward(input: Tensor): Tensor {
    return F.hardshrink(input, this.lambd);
  }
  override extra_repr(): string {
    return pyFloat(this.lambd);
  }
}
export class Softshrink extends Hardshrink {
  override forward(input: Tensor): Tensor {
    return F.softshrink(input, this.lambd);
  }
}
export class Threshold extends Activation {
  readonly threshold: number;
  readonly value: number;
  /** Threshold(threshold, value, inplace=False). */
  constructor(...args: (number | boolean | { threshold?: number; value?: number; inplace?: boolean } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("Threshold", args, ["threshold", "value", "inplace"], { inplace: false }, 2);
    this.threshold = o.threshold;
    this.value = o.value;
    this.setInplace(o.inplace);
  }
  override forward(input: Tensor): Tensor {
    return F.threshold(input, this.threshold, this.value, this.inplace);
  }
  override extra_repr(): string {
    // PyTorch prints the numbers as given (20 or 20.0); a JS number has one form.
    return `threshold=${this.threshold}, value=${this.value}${this.inplace ? ", inplace=True" : ""}`;
  }
}
export class GLU extends Module {
  readonly dim: number;
  /** GLU(dim=-1). */
  constructor(...args: (number | { dim?: number } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    this.dim = initArgs("GLU", args, ["dim"], { dim: -1 }).dim;
  }
  override forward(input: Tensor): Tensor {
    return F.glu(input, this.dim);
  }
  override extra_repr(): string {
    return `dim=${this.dim}`;
  }
}
export class Softmin extends Softmax {
  /** Softmin(dim=None). */
  override forward(input: Tensor): Tensor {
    return F.softmin(input, this.dim ?? ([0, 1, 3].includes(input.dim()) ? 0 : 1));
  }
}
export class PReLU extends Module {
  readonly num_parameters: number;
  weight: Parameter;
  /** PReLU(num_parameters=1, init=0.25, device=None, dtype=None). */
  constructor(...args: (number | { num_parameters?: number; init?: number } & FactoryOptions | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("PReLU", args, ["num_parameters", "init", "device", "dtype"], { num_parameters: 1, init: 0.25 });
    this.num_parameters = o.num_parameters;
    this.weight = new Parameter(empty([o.num_parameters], factory(o)).fill_(o.init));
  }
  override forward(input: Tensor): Tensor {
    return F.prelu(input, this.weight);
  }
  override extra_repr(): string {
    return `num_parameters=${this.num_parameters}`;
  }
}

export class RReLU extends Activation {
  readonly lower: number;
  readonly upper: number;
  /** RReLU(lower=1/8, upper=1/3, inplace=False): random negative slopes in training, their mean in eval. */
  constructor(...args: (number | boolean | Record<string, unknown> | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("RReLU", args, ["lower", "upper", "inplace"], { lower: 1 / 8, upper: 1 / 3, inplace: false });
    this.lower = o.lower;
    this.upper = o.upper;
    this.setInplace(o.inplace);
  }
  override forward(input: Tensor): Tensor {
    return F.rrelu(input, this.lower, this.upper, this.training, this.inplace);
  }
  override extra_repr(): string {
    return `lower=${pyFloat(this.lower)}, upper=${pyFloat(this.upper)}${this.inplace ? ", inplace=True" : ""}`;
  }
}

export class Softmax2d extends Module {
  /** Softmax2d(): softmax over the channels of (N, C, H, W) or (C, H, W). */
  override forward(input: Tensor): Tensor {
    if (input.dim() !== 3 && input.dim() !== 4) throw new ValueError(`Softmax2d: expected input to be 3D or 4D, got ${input.dim()}D instead`);
    return F.softmax(input, -3);
  }
}
