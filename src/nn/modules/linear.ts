// torch.nn's linear modules (torch/nn/modules/linear.py): Identity, Linear, Bilinear, LazyLinear.
import { empty } from "../../ops/creation.js";
import type { Tensor } from "../../tensor.js";
import * as F from "../functional.js";
import * as init from "../init.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";
import { initArgs, pyBool, type FactoryOptions, factory } from "./_args.js";

export interface LinearOptions extends FactoryOptions {
  bias?: boolean;
}

export class Linear extends Module {
  readonly in_features: number;
  readonly out_features: number;
  weight: Parameter;
  bias: Parameter | null;
  /** Linear(in_features, out_features, bias=True, device=None, dtype=None). */
  constructor(in_features: number, out_features: number, ...args: (boolean | LinearOptions | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("Linear", args, ["in_features", "out_features", "bias", "device", "dtype"], { bias: true }, 2);
    this.in_features = o.in_features;
    this.out_features = o.out_features;
    this.weight = new Parameter(empty([o.out_features, o.in_features], factory(o)));
    this.bias = o.bias ? new Parameter(empty([o.out_features], factory(o))) : null;
    this.reset_parameters();
  }
  reset_parameters(): void {
    init.kaiming_uniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const [fanIn] = init._calculate_fan_in_and_fan_out(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }
  override forward(input: Tensor): Tensor {
    return F.linear(input, this.weight, this.bias);
  }
  override extra_repr(): string {
    return `in_features=${this.in_features}, out_features=${this.out_features}, bias=${pyBool(this.bias !== null)}`;
  }
}

/** Identity(*args, **kwargs): its arguments are ignored, as in PyTorch. */
export class Identity extends Module {
  constructor(..._args: unknown[]) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return input;
  }
}
export class Bilinear extends Module {
  readonly in1_features: number;
  readonly in2_features: number;
  readonly out_features: number;
  weight: Parameter;
  bias: Parameter | null;
  /** Bilinear(in1_features, in2_features, out_features, bias=True, device=None, dtype=None): x1^T A x2 + b. */
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("Bilinear", args, ["in1_features", "in2_features", "out_features", "bias", "device", "dtype"], { bias: true }, 3);
    [this.in1_features, this.in2_features, this.out_features] = [o.in1_features, o.in2_features, o.out_features];
    this.weight = new Parameter(empty([o.out_features, o.in1_features, o.in2_features], factory(o)));
    this.bias = o.bias ? new Parameter(empty([o.out_features], factory(o))) : null;
    this.reset_parameters();
  }
  reset_parameters(): void {
    const bound = 1 / Math.sqrt(this.weight.shape[1]);
    init.uniform_(this.weight, -bound, bound);
    if (this.bias) init.uniform_(this.bias, -bound, bound);
  }
  override forward(input1: Tensor, input2: Tensor): Tensor {
    return F.bilinear(input1, input2, this.weight, this.bias);
  }
  override extra_repr(): string {
    return `in1_features=${this.in1_features}, in2_features=${this.in2_features}, out_features=${this.out_features}, bias=${pyBool(this.bias !== null)}`;
  }
}

/**
 * LazyLinear(out_features, bias=True, device=None, dtype=None): a Linear whose in_features
 * come from its first input; then it becomes a Linear (PyTorch's cls_to_become), its
 * parameters initialised as Linear's at that moment.
 */
export class LazyLinear extends Module {
  in_features = 0;
  readonly out_features: number;
  private readonly lazyBias: boolean;
  private readonly options: FactoryOptions;
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("LazyLinear", args, ["out_features", "bias", "device", "dtype"], { bias: true }, 1);
    this.out_features = o.out_features;
    this.lazyBias = o.bias;
    this.options = factory(o);
  }
  has_uninitialized_params(): boolean {
    return true;
  }
  override forward(input: Tensor): Tensor {
    const linear = this as unknown as Linear & { weight: Parameter; bias: Parameter | null; in_features: number };
    (linear as { in_features: number }).in_features = input.shape[input.dim() - 1];
    linear.weight = new Parameter(empty([this.out_features, linear.in_features], this.options));
    linear.bias = this.lazyBias ? new Parameter(empty([this.out_features], this.options)) : null;
    const fields = this as unknown as Partial<{ lazyBias: boolean; options: FactoryOptions }>;
    delete fields.lazyBias;
    delete fields.options;
    Object.setPrototypeOf(this, Linear.prototype);
    linear.reset_parameters();
    return linear.forward(input);
  }
  override extra_repr(): string {
    return `in_features=0, out_features=${this.out_features}, bias=${pyBool(this.lazyBias)}`;
  }
}
