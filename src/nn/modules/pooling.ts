// torch.nn's pooling modules (torch/nn/modules/pooling.py).
import type { Tensor } from "../../tensor.js";
import * as F from "../functional.js";
import { Module } from "../module.js";
import { type Pair, fmtPair, initArgs, one, pyBool, tuple1 } from "./_args.js";

export interface MaxPool2dOptions {
  stride?: Pair | null;
  padding?: Pair;
  dilation?: Pair;
  return_indices?: boolean;
  ceil_mode?: boolean;
}

export class MaxPool2d extends Module {
  readonly kernel_size: Pair;
  readonly stride: Pair;
  readonly padding: Pair;
  readonly dilation: Pair;
  readonly return_indices: boolean;
  readonly ceil_mode: boolean;
  /** MaxPool2d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False): with return_indices, forward gives [values, indices]. */
  constructor(kernel_size: Pair, ...args: (Pair | null | boolean | MaxPool2dOptions | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("MaxPool2d", args, ["kernel_size", "stride", "padding", "dilation", "return_indices", "ceil_mode"], { stride: null, padding: 0, dilation: 1, return_indices: false, ceil_mode: false }, 1);
    this.kernel_size = o.kernel_size;
    this.stride = o.stride ?? o.kernel_size;
    this.padding = o.padding;
    this.dilation = o.dilation;
    this.return_indices = o.return_indices;
    this.ceil_mode = o.ceil_mode;
  }
  override forward(input: Tensor): Tensor {
    return F.max_pool2d(input, this.kernel_size, { stride: this.stride, padding: this.padding, dilation: this.dilation, ceil_mode: this.ceil_mode, return_indices: this.return_indices });
  }
  override extra_repr(): string {
    return `kernel_size=${fmtPair(this.kernel_size)}, stride=${fmtPair(this.stride)}, padding=${fmtPair(this.padding)}, dilation=${fmtPair(this.dilation)}, ceil_mode=${pyBool(this.ceil_mode)}`;
  }
}

export interface AvgPool2dOptions {
  stride?: Pair | null;
  padding?: Pair;
  ceil_mode?: boolean;
  count_include_pad?: boolean;
  divisor_override?: number | null;
}

export class AvgPool2d extends Module {
  readonly kernel_size: Pair;
  readonly stride: Pair;
  readonly padding: Pair;
  readonly ceil_mode: boolean;
  readonly count_include_pad: boolean;
  readonly divisor_override: number | null;
  /** AvgPool2d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None). */
  constructor(kernel_size: Pair, ...args: (Pair | null | boolean | number | AvgPool2dOptions | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("AvgPool2d", args, ["kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"], { stride: null, padding: 0, ceil_mode: false, count_include_pad: true, divisor_override: null }, 1);
    this.kernel_size = o.kernel_size;
    this.stride = o.stride ?? o.kernel_size;
    this.padding = o.padding;
    this.ceil_mode = o.ceil_mode;
    this.count_include_pad = o.count_include_pad;
    this.divisor_override = o.divisor_override;
  }
  override forward(input: Tensor): Tensor {
    return F.avg_pool2d(input, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad, this.divisor_override);
  }
  override extra_repr(): string {
    return `kernel_size=${fmtPair(this.kernel_size)}, stride=${fmtPair(this.stride)}, padding=${fmtPair(this.padding)}`;
  }
}

export class AdaptiveAvgPool2d extends Module {
  readonly output_size: number | [number | null, number | null];
  /** AdaptiveAvgPool2d(output_size). */
  constructor(output_size: number | [number | null, number | null] | { output_size: number | [number | null, number | null] });
  constructor(...args: unknown[]) {
    super();
    this.output_size = initArgs("AdaptiveAvgPool2d", args, ["output_size"], {}, 1).output_size;
  }
  override forward(input: Tensor): Tensor {
    return F.adaptive_avg_pool2d(input, this.output_size);
  }
  override extra_repr(): string {
    const v = this.output_size;
    return `output_size=${typeof v === "number" ? v : `(${v.map((x) => (x === null ? "None" : x)).join(", ")})`}`;
  }
}

export class MaxPool1d extends Module {
  readonly kernel_size: number;
  readonly stride: number;
  readonly padding: number;
  readonly dilation: number;
  readonly return_indices: boolean;
  readonly ceil_mode: boolean;
  /** MaxPool1d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False): with return_indices, forward gives [values, indices]. */
  constructor(kernel_size: number, ...args: (number | boolean | null | Record<string, unknown> | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("MaxPool1d", args, ["kernel_size", "stride", "padding", "dilation", "return_indices", "ceil_mode"], { stride: null, padding: 0, dilation: 1, return_indices: false, ceil_mode: false }, 1);
    this.kernel_size = one(o.kernel_size);
    this.stride = one(o.stride ?? o.kernel_size);
    this.padding = one(o.padding);
    this.dilation = one(o.dilation);
    this.return_indices = o.return_indices;
    this.ceil_mode = o.ceil_mode;
  }
  override forward(input: Tensor): Tensor {
    return F.max_pool1d(input, this.kernel_size, this.stride, this.padding, this.dilation, this.ceil_mode, this.return_indices);
  }
  override extra_repr(): string {
    return `kernel_size=${this.kernel_size}, stride=${this.stride}, padding=${this.padding}, dilation=${this.dilation}, ceil_mode=${pyBool(this.ceil_mode)}`;
  }
}

export class AvgPool1d extends Module {
  readonly kernel_size: number;
  readonly stride: number;
  readonly padding: number;
  readonly ceil_mode: boolean;
  readonly count_include_pad: boolean;
  /** AvgPool1d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True). */
  constructor(kernel_size: number, ...args: (number | boolean | null | Record<string, unknown> | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("AvgPool1d", args, ["kernel_size", "stride", "padding", "ceil_mode", "count_include_pad"], { stride: null, padding: 0, ceil_mode: false, count_include_pad: true }, 1);
    this.kernel_size = one(o.kernel_size);
    this.stride = one(o.stride ?? o.kernel_size);
    this.padding = one(o.padding);
    this.ceil_mode = o.ceil_mode;
    this.count_include_pad = o.count_include_pad;
  }
  override forward(input: Tensor): Tensor {
    return F.avg_pool1d(input, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad);
  }
  override extra_repr(): string {
    return `kernel_size=${tuple1(this.kernel_size)}, stride=${tuple1(this.stride)}, padding=${tuple1(this.padding)}`;
  }
}

export class AdaptiveAvgPool1d extends Module {
  readonly output_size: number;
  /** AdaptiveAvgPool1d(output_size). */
  constructor(output_size: number | [number]);
  constructor(...args: unknown[]) {
    super();
    this.output_size = one(initArgs("AdaptiveAvgPool1d", args, ["output_size"], {}, 1).output_size);
  }
  override forward(input: Tensor): Tensor {
    return F.adaptive_avg_pool1d(input, this.output_size);
  }
  override extra_repr(): string {
    return `output_size=${this.output_size}`;
  }
}

/** AdaptiveMaxPool2d(output_size, return_indices=False). */
export class AdaptiveMaxPool2d extends Module {
  readonly output_size: number | [number | null, number | null];
  readonly return_indices: boolean;
  constructor(output_size: number | [number | null, number | null], ...args: (boolean | Record<string, unknown> | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("AdaptiveMaxPool2d", args, ["output_size", "return_indices"], { return_indices: false }, 1);
    this.output_size = o.output_size;
    this.return_indices = o.return_indices;
  }
  override forward(input: Tensor): Tensor | [Tensor, Tensor] {
    return F.adaptive_max_pool2d(input, this.output_size, this.return_indices);
  }
  override extra_repr(): string {
    const v = this.output_size;
    return `output_size=${typeof v === "number" ? v : `(${v.map((x) => (x === null ? "None" : x)).join(", ")})`}`;
  }
}

/** AdaptiveMaxPool1d(output_size, return_indices=False). */
export class AdaptiveMaxPool1d extends Module {
  readonly output_size: number;
  readonly return_indices: boolean;
  constructor(output_size: number | [number], ...args: (boolean | Record<string, unknown> | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("AdaptiveMaxPool1d", args, ["output_size", "return_indices"], { return_indices: false }, 1);
    this.output_size = one(o.output_size);
    this.return_indices = o.return_indices;
  }
  override forward(input: Tensor): Tensor | [Tensor, Tensor] {
    return F.adaptive_max_pool1d(input, this.output_size, this.return_indices);
  }
  override extra_repr(): string {
    return `output_size=${this.output_size}`;
  }
}

/** The power-mean pools: printing PyTorch's arguments as given. */
abstract class LPPool extends Module {
  readonly norm_type: number;
  readonly kernel_size: number | number[];
  readonly stride: number | number[] | null;
  readonly ceil_mode: boolean;
  constructor(cls: string, args: readonly unknown[]) {
    super();
    const o = initArgs(cls, args, ["norm_type", "kernel_size", "stride", "ceil_mode"], { stride: null, ceil_mode: false }, 2);
    [this.norm_type, this.kernel_size, this.stride, this.ceil_mode] = [o.norm_type, o.kernel_size, o.stride, o.ceil_mode];
  }
  override extra_repr(): string {
    const show = (v: number | number[] | null) => (v === null ? "None" : Array.isArray(v) ? `(${v.join(", ")})` : String(v));
    return `norm_type=${show(this.norm_type)}, kernel_size=${show(this.kernel_size)}, stride=${show(this.stride)}, ceil_mode=${pyBool(this.ceil_mode)}`;
  }
}
export class LPPool1d extends LPPool {
  /** LPPool1d(norm_type, kernel_size, stride=None, ceil_mode=False). */
  constructor(...args: unknown[]) {
    super("LPPool1d", args);
  }
  override forward(input: Tensor): Tensor {
    return F.lp_pool1d(input, this.norm_type, this.kernel_size as number, this.stride, this.ceil_mode);
  }
}
export class LPPool2d extends LPPool {
  /** LPPool2d(norm_type, kernel_size, stride=None, ceil_mode=False). */
  constructor(...args: unknown[]) {
    super("LPPool2d", args);
  }
  override forward(input: Tensor): Tensor {
    return F.lp_pool2d(input, this.norm_type, this.kernel_size as number | [number, number], this.stride, this.ceil_mode);
  }
}

/** max_pool's inverse: its values put back at its indices. */
abstract class MaxUnpool extends Module {
  readonly kernel_size: number[];
  readonly stride: number[];
  readonly padding: number[];
  constructor(cls: string, dims: number, args: readonly unknown[]) {
    super();
    const o = initArgs(cls, args, ["kernel_size", "stride", "padding"], { stride: null, padding: 0 }, 1);
    const tuple = (v: number | number[]) => (typeof v === "number" ? new Array<number>(dims).fill(v) : [...v]);
    this.kernel_size = tuple(o.kernel_size);
    this.stride = tuple(o.stride ?? o.kernel_size);
    this.padding = tuple(o.padding);
  }
  override extra_repr(): string {
    const t = (v: number[]) => `(${v.join(", ")}${v.length === 1 ? "," : ""})`;
    return `kernel_size=${t(this.kernel_size)}, stride=${t(this.stride)}, padding=${t(this.padding)}`;
  }
}
export class MaxUnpool1d extends MaxUnpool {
  /** MaxUnpool1d(kernel_size, stride=None, padding=0): forward(input, indices, output_size?). */
  constructor(...args: unknown[]) {
    super("MaxUnpool1d", 1, args);
  }
  override forward(input: Tensor, indices: Tensor, output_size: number[] | null = null): Tensor {
    return F.max_unpool1d(input, indices, this.kernel_size, this.stride, this.padding, output_size);
  }
}
export class MaxUnpool2d extends MaxUnpool {
  /** MaxUnpool2d(kernel_size, stride=None, padding=0): forward(input, indices, output_size?). */
  constructor(...args: unknown[]) {
    super("MaxUnpool2d", 2, args);
  }
  override forward(input: Tensor, indices: Tensor, output_size: number[] | null = null): Tensor {
    return F.max_unpool2d(input, indices, this.kernel_size, this.stride, this.padding, output_size);
  }
}
