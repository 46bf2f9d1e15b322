// torch.nn's convolutions (torch/nn/modules/conv.py).
import { ValueError } from "../../errors.js";
import { empty } from "../../ops/creation.js";
import type { Tensor } from "../../tensor.js";
import * as F from "../functional.js";
import * as init from "../init.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";
import { checkPaddingMode, outputPadding, reversedPadding } from "../conv_options.js";
import { type Pair, initArgs, one, pair, tuple, tuple1, type FactoryOptions, factory } from "./_args.js";

export interface Conv2dOptions extends FactoryOptions {
  stride?: Pair;
  padding?: Pair | "same" | "valid";
  dilation?: Pair;
  groups?: number;
  bias?: boolean;
  padding_mode?: PaddingMode;
}

export type PaddingMode = "zeros" | "reflect" | "replicate" | "circular";

export class Conv2d extends Module {
  readonly in_channels: number;
  readonly out_channels: number;
  weight: Parameter;
  bias: Parameter | null;
  readonly kernel_size: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number] | "same" | "valid";
  readonly dilation: [number, number];
  readonly groups: number;
  readonly padding_mode: PaddingMode;
  /** F.pad's padding for a padding_mode other than zeros. */
  readonly _reversed_padding_repeated_twice: number[];
  /** Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros', device=None, dtype=None). */
  constructor(in_channels: number, out_channels: number, kernel_size: Pair, ...args: (Pair | string | boolean | Conv2dOptions | undefined)[]);
  constructor(in_channels: number, out_channels: number, options: Conv2dOptions & { kernel_size: Pair });
  constructor(options: Conv2dOptions & { in_channels: number; out_channels: number; kernel_size: Pair });
  constructor(...args: unknown[]) {
    super();
    const o = initArgs(
      "Conv2d",
      args,
      ["in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "bias", "padding_mode", "device", "dtype"],
      { stride: 1, padding: 0, dilation: 1, groups: 1, bias: true, padding_mode: "zeros" },
      3,
    );
    checkPaddingMode(o.padding_mode);
    this.padding_mode = o.padding_mode;
    this.in_channels = o.in_channels;
    this.out_channels = o.out_channels;
    this.kernel_size = pair(o.kernel_size);
    this.stride = pair(o.stride);
    this.padding = typeof o.padding === "string" ? (o.padding as "same" | "valid") : pair(o.padding);
    if (this.padding === "same" && (this.stride[0] !== 1 || this.stride[1] !== 1)) throw new ValueError("padding='same' is not supported for strided convolutions");
    if (typeof this.padding === "string" && this.padding !== "same" && this.padding !== "valid") {
      throw new ValueError(`Invalid padding string '${String(this.padding)}', should be one of {'valid', 'same'}`);
    }
    this.dilation = pair(o.dilation);
    this.groups = o.groups;
    if (this.in_channels % this.groups !== 0) throw new ValueError("in_channels must be divisible by groups");
    if (this.out_channels % this.groups !== 0) throw new ValueError("out_channels must be divisible by groups");
    this._reversed_padding_repeated_twice = reversedPadding(this.padding, this.kernel_size, this.dilation);
    this.weight = new Parameter(empty([this.out_channels, this.in_channels / this.groups, ...this.kernel_size], factory(o)));
    this.bias = o.bias ? new Parameter(empty([this.out_channels], factory(o))) : null;
    this.reset_parameters();
  }
  reset_parameters(): void {
    init.kaiming_uniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const [fanIn] = init._calculate_fan_in_and_fan_out(this.weight);
      if (fanIn !== 0) {
        const bound = 1 / Math.sqrt(fanIn);
        init.uniform_(this.bias, -bound, bound);
      }
    }
  }
  override forward(input: Tensor): Tensor {
    if (this.padding_mode !== "zeros") {
      const padded = F.pad(input, this._reversed_padding_repeated_twice, this.padding_mode);
      return F.conv2d(padded, this.weight, this.bias, { stride: this.stride, padding: 0, dilation: this.dilation, groups: this.groups });
    }
    return F.conv2d(input, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
  }
  override extra_repr(): string {
    let s = `${this.in_channels}, ${this.out_channels}, kernel_size=${tuple(this.kernel_size)}, stride=${tuple(this.stride)}`;
    if (typeof this.padding === "string") s += `, padding=${this.padding}`;
    else if (this.padding[0] || this.padding[1]) s += `, padding=${tuple(this.padding)}`;
    if (this.dilation[0] !== 1 || this.dilation[1] !== 1) s += `, dilation=${tuple(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ", bias=False";
    if (this.padding_mode !== "zeros") s += `, padding_mode=${this.padding_mode}`;
    return s;
  }
}

export class ConvTranspose2d extends Module {
  readonly in_channels: number;
  readonly out_channels: number;
  weight: Parameter;
  bias: Parameter | null;
  readonly kernel_size: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly output_padding: [number, number];
  readonly groups: number;
  readonly dilation: [number, number];
  /** ConvTranspose2d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros', device=None, dtype=None). */
  constructor(in_channels: number, out_channels: number, kernel_size: Pair, ...args: (Pair | string | boolean | Record<string, unknown> | undefined)[]);
  constructor(in_channels: number, out_channels: number, options: Record<string, unknown> & { kernel_size: Pair });
  constructor(...args: unknown[]) {
    super();
    const o = initArgs(
      "ConvTranspose2d",
      args,
      ["in_channels", "out_channels", "kernel_size", "stride", "padding", "output_padding", "groups", "bias", "dilation", "padding_mode", "device", "dtype"],
      { stride: 1, padding: 0, output_padding: 0, groups: 1, bias: true, dilation: 1, padding_mode: "zeros" },
      3,
    );
    if (o.padding_mode !== "zeros") throw new ValueError('Only "zeros" padding mode is supported for ConvTranspose2d');
    this.in_channels = o.in_channels;
    this.out_channels = o.out_channels;
    this.kernel_size = pair(o.kernel_size);
    this.stride = pair(o.stride);
    this.padding = pair(o.padding);
    this.output_padding = pair(o.output_padding);
    this.groups = o.groups;
    this.dilation = pair(o.dilation);
    if (this.in_channels % this.groups !== 0) throw new ValueError("in_channels must be divisible by groups");
    if (this.out_channels % this.groups !== 0) throw new ValueError("out_channels must be divisible by groups");
    this.weight = new Parameter(empty([this.in_channels, this.out_channels / this.groups, ...this.kernel_size], factory(o)));
    this.bias = o.bias ? new Parameter(empty([this.out_channels], factory(o))) : null;
    this.reset_parameters();
  }
  reset_parameters(): void {
    init.kaiming_uniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const [fanIn] = init._calculate_fan_in_and_fan_out(this.weight);
      if (fanIn !== 0) init.uniform_(this.bias, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn));
    }
  }
  /** forward(input, output_size=None): output_size picks the output padding (_output_padding). */
  override forward(input: Tensor, output_size: number[] | null = null): Tensor {
    const [ph, pw] = outputPadding(input, output_size, this.output_padding, this.stride, this.padding, this.kernel_size, this.dilation);
    return F.conv_transpose2d(input, this.weight, this.bias, this.stride, this.padding, [ph, pw], this.groups, this.dilation);
  }
  override extra_repr(): string {
    let s = `${this.in_channels}, ${this.out_channels}, kernel_size=${tuple(this.kernel_size)}, stride=${tuple(this.stride)}`;
    if (this.padding[0] || this.padding[1]) s += `, padding=${tuple(this.padding)}`;
    if (this.dilation[0] !== 1 || this.dilation[1] !== 1) s += `, dilation=${tuple(this.dilation)}`;
    if (this.output_padding[0] || this.output_padding[1]) s += `, output_padding=${tuple(this.output_padding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ", bias=False";
    return s;
  }
}

export class Conv1d extends Module {
  readonly in_channels: number;
  readonly out_channels: number;
  weight: Parameter;
  bias: Parameter | null;
  readonly kernel_size: [number];
  readonly stride: [number];
  readonly padding: [number] | "same" | "valid";
  readonly dilation: [number];
  readonly groups: number;
  readonly padding_mode: PaddingMode;
  /** F.pad's padding for a padding_mode other than zeros. */
  readonly _reversed_padding_repeated_twice: number[];
  /** Conv1d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros', device=None, dtype=None). */
  constructor(in_channels: number, out_channels: number, kernel_size: number | [number], ...args: (number | [number] | string | boolean | Record<string, unknown> | undefined)[]);
  constructor(in_channels: number, out_channels: number, options: Record<string, unknown> & { kernel_size: number | [number] });
  constructor(...args: unknown[]) {
    super();
    const o = initArgs(
      "Conv1d",
      args,
      ["in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "bias", "padding_mode", "device", "dtype"],
      { stride: 1, padding: 0, dilation: 1, groups: 1, bias: true, padding_mode: "zeros" },
      3,
    );
    checkPaddingMode(o.padding_mode);
    this.padding_mode = o.padding_mode;
    this.in_channels = o.in_channels;
    this.out_channels = o.out_channels;
    this.kernel_size = [one(o.kernel_size)];
    this.stride = [one(o.stride)];
    if (typeof o.padding === "string" && o.padding !== "same" && o.padding !== "valid") throw new ValueError(`Invalid padding string '${String(o.padding)}', should be one of {'valid', 'same'}`);
    this.padding = typeof o.padding === "string" ? (o.padding as "same" | "valid") : [one(o.padding)];
    if (this.padding === "same" && this.stride[0] !== 1) throw new ValueError("padding='same' is not supported for strided convolutions");
    this.dilation = [one(o.dilation)];
    this.groups = o.groups;
    if (this.in_channels % this.groups !== 0) throw new ValueError("in_channels must be divisible by groups");
    if (this.out_channels % this.groups !== 0) throw new ValueError("out_channels must be divisible by groups");
    this._reversed_padding_repeated_twice = reversedPadding(this.padding, this.kernel_size, this.dilation);
    this.weight = new Parameter(empty([this.out_channels, this.in_channels / this.groups, this.kernel_size[0]], factory(o)));
    this.bias = o.bias ? new Parameter(empty([this.out_channels], factory(o))) : null;
    this.reset_parameters();
  }
  reset_parameters(): void {
    init.kaiming_uniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const [fanIn] = init._calculate_fan_in_and_fan_out(this.weight);
      if (fanIn !== 0) init.uniform_(this.bias, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn));
    }
  }
  override forward(input: Tensor): Tensor {
    if (this.padding_mode !== "zeros") {
      const padded = F.pad(input, this._reversed_padding_repeated_twice, this.padding_mode);
      return F.conv1d(padded, this.weight, this.bias, { stride: this.stride[0], padding: 0, dilation: this.dilation[0], groups: this.groups });
    }
    const padding = typeof this.padding === "string" ? this.padding : this.padding[0];
    return F.conv1d(input, this.weight, this.bias, { stride: this.stride[0], padding, dilation: this.dilation[0], groups: this.groups });
  }
  override extra_repr(): string {
    let s = `${this.in_channels}, ${this.out_channels}, kernel_size=${tuple1(this.kernel_size[0])}, stride=${tuple1(this.stride[0])}`;
    if (typeof this.padding === "string") s += `, padding=${this.padding}`;
    else if (this.padding[0]) s += `, padding=${tuple1(this.padding[0])}`;
    if (this.dilation[0] !== 1) s += `, dilation=${tuple1(this.dilation[0])}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ", bias=False";
    if (this.padding_mode !== "zeros") s += `, padding_mode=${this.padding_mode}`;
    return s;
  }
}

/** ConvTranspose1d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros', device=None, dtype=None). */
export class ConvTranspose1d extends Module {
  readonly in_channels: number;
  readonly out_channels: number;
  weight: Parameter;
  bias: Parameter | null;
  readonly kernel_size: [number];
  readonly stride: [number];
  readonly padding: [number];
  readonly output_padding: [number];
  readonly groups: number;
  readonly dilation: [number];
  constructor(in_channels: number, out_channels: number, kernel_size: number | [number], ...args: (number | [number] | string | boolean | Record<string, unknown> | undefined)[]);
  constructor(in_channels: number, out_channels: number, options: Record<string, unknown> & { kernel_size: number | [number] });
  constructor(...args: unknown[]) {
    super();
    const o = initArgs(
      "ConvTranspose1d",
      args,
      ["in_channels", "out_channels", "kernel_size", "stride", "padding", "output_padding", "groups", "bias", "dilation", "padding_mode", "device", "dtype"],
      { stride: 1, padding: 0, output_padding: 0, groups: 1, bias: true, dilation: 1, padding_mode: "zeros" },
      3,
    );
    if (o.padding_mode !== "zeros") throw new ValueError('Only "zeros" padding mode is supported for ConvTranspose1d');
    this.in_channels = o.in_channels;
    this.out_channels = o.out_channels;
    this.kernel_size = [one(o.kernel_size)];
    this.stride = [one(o.stride)];
    this.padding = [one(o.padding)];
    this.output_padding = [one(o.output_padding)];
    this.groups = o.groups;
    this.dilation = [one(o.dilation)];
    if (this.in_channels % this.groups !== 0) throw new ValueError("in_channels must be divisible by groups");
    if (this.out_channels % this.groups !== 0) throw new ValueError("out_channels must be divisible by groups");
    this.weight = new Parameter(empty([this.in_channels, this.out_channels / this.groups, this.kernel_size[0]], factory(o)));
    this.bias = o.bias ? new Parameter(empty([this.out_channels], factory(o))) : null;
    this.reset_parameters();
  }
  reset_parameters(): void {
    init.kaiming_uniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const [fanIn] = init._calculate_fan_in_and_fan_out(this.weight);
      if (fanIn !== 0) init.uniform_(this.bias, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn));
    }
  }
  /** forward(input, output_size=None): output_size picks the output padding (_output_padding). */
  override forward(input: Tensor, output_size: number[] | null = null): Tensor {
    const [p] = outputPadding(input, output_size, this.output_padding, this.stride, this.padding, this.kernel_size, this.dilation);
    return F.conv_transpose1d(input, this.weight, this.bias, this.stride[0], this.padding[0], p, this.groups, this.dilation[0]);
  }
  override extra_repr(): string {
    let s = `${this.in_channels}, ${this.out_channels}, kernel_size=${tuple1(this.kernel_size[0])}, stride=${tuple1(this.stride[0])}`;
    if (this.padding[0]) s += `, padding=${tuple1(this.padding[0])}`;
    if (this.dilation[0] !== 1) s += `, dilation=${tuple1(this.dilation[0])}`;
    if (this.output_padding[0]) s += `, output_padding=${tuple1(this.output_padding[0])}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ", bias=False";
    return s;
  }
}
