// The layers of torch.nn, with PyTorch's default initialisation and printing.
import { int64 } from "../dtype.js";
import { bindArgs } from "../args.js";
import { AssertionError, KeyError, NotImplementedError, RuntimeError, ValueError } from "../errors.js";
import { ones, zeros, empty } from "../ops/creation.js";
import type { Tensor } from "../tensor.js";
import * as F from "./functional.js";
import * as init from "./init.js";
import { Module } from "./module.js";
import { pyFloat } from "../format.js";
import { Parameter } from "./parameter.js";
import { checkPaddingMode, outputPadding, reversedPadding } from "./conv_options.js";

type Pair = number | [number, number];
const pair = (v: Pair): [number, number] => (typeof v === "number" ? [v, v] : v);
const tuple = (v: [number, number]) => `(${v[0]}, ${v[1]})`;
const pyBool = (b: boolean) => (b ? "True" : "False");
/** A number or pair as PyTorch prints a module's setting: 2 or (2, 3). */
const fmtPair = (v: Pair) => (typeof v === "number" ? String(v) : tuple(v));

export interface FactoryOptions {
  dtype?: import("../dtype.js").DType;
  device?: string | null;
}

/**
 * A module constructor's arguments bound as Python binds them (bindArgs): any
 * parameter by position in PyTorch's order or by name in a trailing options
 * object, over the defaults; a missing required one or an unknown option is an error.
 */
function initArgs(cls: string, args: readonly unknown[], names: readonly string[], defaults: Record<string, unknown>, required = 0): Record<string, any> {
  const o = bindArgs(`${cls}.__init__`, args, names, [], required);
  return { ...defaults, ...o };
}
/** The factory options (dtype, device) of a module's bound arguments: its parameters are created with them, as in PyTorch. */
export const factory = (o: Record<string, any>): FactoryOptions => ({
  ...(o.dtype === undefined || o.dtype === null ? {} : { dtype: o.dtype }),
  ...(o.device === undefined || o.device === null ? {} : { device: o.device }),
});

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

export class Flatten extends Module {
  readonly start_dim: number;
  readonly end_dim: number;
  /** Flatten(start_dim=1, end_dim=-1). */
  constructor(...args: (number | { start_dim?: number; end_dim?: number } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("Flatten", args, ["start_dim", "end_dim"], { start_dim: 1, end_dim: -1 });
    this.start_dim = o.start_dim;
    this.end_dim = o.end_dim;
  }
  override forward(input: Tensor): Tensor {
    return input.flatten(this.start_dim, this.end_dim);
  }
  override extra_repr(): string {
    return `start_dim=${this.start_dim}, end_dim=${this.end_dim}`;
  }
}

export class Unflatten extends Module {
  readonly dim: number;
  readonly unflattened_size: number[];
  /** Unflatten(dim, unflattened_size). */
  constructor(dim: number, unflattened_size: number[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("Unflatten", args, ["dim", "unflattened_size"], {}, 2);
    this.dim = o.dim;
    this.unflattened_size = [...o.unflattened_size];
  }
  override forward(input: Tensor): Tensor {
    return input.unflatten(this.dim, this.unflattened_size);
  }
  override extra_repr(): string {
    return `dim=${this.dim}, unflattened_size=(${this.unflattened_size.join(", ")}${this.unflattened_size.length === 1 ? "," : ""})`;
  }
}

export interface EmbeddingOptions extends FactoryOptions {
  padding_idx?: number | null;
  max_norm?: number | null;
  norm_type?: number;
  scale_grad_by_freq?: boolean;
  sparse?: boolean;
}

/** Embedding's and EmbeddingBag's max_norm, norm_type and scale_grad_by_freq where not the defaults, as PyTorch prints them. */
const embeddingOptionsRepr = (m: { max_norm: number | null; norm_type: number; scale_grad_by_freq: boolean }) =>
  (m.max_norm !== null ? `, max_norm=${pyFloat(m.max_norm)}` : "") + (m.norm_type !== 2 ? `, norm_type=${pyFloat(m.norm_type)}` : "") + (m.scale_grad_by_freq ? ", scale_grad_by_freq=True" : "");

export class Embedding extends Module {
  readonly num_embeddings: number;
  readonly embedding_dim: number;
  weight: Parameter;
  readonly padding_idx: number | null;
  readonly max_norm: number | null;
  readonly norm_type: number;
  readonly scale_grad_by_freq: boolean;
  /** Embedding(num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False, _weight=None, _freeze=False, device=None, dtype=None). */
  constructor(num_embeddings: number, embedding_dim: number, ...args: (number | null | boolean | EmbeddingOptions | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs(
      "Embedding",
      args,
      ["num_embeddings", "embedding_dim", "padding_idx", "max_norm", "norm_type", "scale_grad_by_freq", "sparse", "_weight", "_freeze", "device", "dtype"],
      { padding_idx: null, max_norm: null, norm_type: 2, scale_grad_by_freq: false, sparse: false, _weight: null, _freeze: false },
      2,
    );
    // tensorgrad has no sparse tensors, so no sparse gradient.
    if (o.sparse) throw new NotImplementedError("tensorgrad: Embedding sparse=True is not supported (no sparse tensors)");
    this.num_embeddings = o.num_embeddings;
    this.embedding_dim = o.embedding_dim;
    [this.max_norm, this.norm_type, this.scale_grad_by_freq] = [o.max_norm, o.norm_type, o.scale_grad_by_freq];
    const p = o.padding_idx as number | null;
    if (p !== null && (p >= this.num_embeddings || p < -this.num_embeddings)) throw new AssertionError("Padding_idx must be within num_embeddings");
    this.padding_idx = p === null ? null : p < 0 ? p + this.num_embeddings : p;
    if (o._weight !== null) {
      this.weight = new Parameter((o._weight as Tensor).detach(), !o._freeze);
    } else {
      this.weight = new Parameter(empty([this.num_embeddings, this.embedding_dim], factory(o)), !o._freeze);
      init.normal_(this.weight);
      if (this.padding_idx !== null) this.weight.detach().select(0, this.padding_idx).fill_(0);
    }
  }
  override forward(input: Tensor): Tensor {
    return F.embedding(input, this.weight, this.padding_idx, this.max_norm, this.norm_type, this.scale_grad_by_freq);
  }
  override extra_repr(): string {
    return `${this.num_embeddings}, ${this.embedding_dim}` + (this.padding_idx !== null ? `, padding_idx=${this.padding_idx}` : "") + embeddingOptionsRepr(this);
  }
}

export class LayerNorm extends Module {
  readonly normalized_shape: number[];
  readonly eps: number;
  readonly elementwise_affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  /** LayerNorm(normalized_shape, eps=1e-05, elementwise_affine=True, device=None, dtype=None). */
  constructor(normalized_shape: number | number[], ...args: (number | boolean | FactoryOptions & { eps?: number; elementwise_affine?: boolean } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("LayerNorm", args, ["normalized_shape", "eps", "elementwise_affine", "device", "dtype"], { eps: 1e-5, elementwise_affine: true }, 1);
    this.normalized_shape = typeof o.normalized_shape === "number" ? [o.normalized_shape] : [...o.normalized_shape];
    this.eps = o.eps;
    this.elementwise_affine = o.elementwise_affine;
    this.weight = this.elementwise_affine ? new Parameter(ones(this.normalized_shape, factory(o))) : null;
    this.bias = this.elementwise_affine ? new Parameter(zeros(this.normalized_shape, factory(o))) : null;
  }
  override forward(input: Tensor): Tensor {
    return F.layer_norm(input, this.normalized_shape, this.weight, this.bias, this.eps);
  }
  override extra_repr(): string {
    return `(${this.normalized_shape.join(", ")}${this.normalized_shape.length === 1 ? "," : ""}), eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwise_affine)}`;
  }
}

export class GroupNorm extends Module {
  readonly num_groups: number;
  readonly num_channels: number;
  readonly eps: number;
  readonly affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  /** GroupNorm(num_groups, num_channels, eps=1e-05, affine=True, device=None, dtype=None). */
  constructor(num_groups: number, num_channels: number, ...args: (number | boolean | FactoryOptions & { eps?: number; affine?: boolean } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("GroupNorm", args, ["num_groups", "num_channels", "eps", "affine", "device", "dtype"], { eps: 1e-5, affine: true }, 2);
    if (o.num_channels % o.num_groups !== 0) throw new ValueError("num_channels must be divisible by num_groups");
    this.num_groups = o.num_groups;
    this.num_channels = o.num_channels;
    this.eps = o.eps;
    this.affine = o.affine;
    this.weight = this.affine ? new Parameter(ones([this.num_channels], factory(o))) : null;
    this.bias = this.affine ? new Parameter(zeros([this.num_channels], factory(o))) : null;
  }
  override forward(input: Tensor): Tensor {
    return F.group_norm(input, this.num_groups, this.weight, this.bias, this.eps);
  }
  override extra_repr(): string {
    return `${this.num_groups}, ${this.num_channels}, eps=${pyFloat(this.eps)}, affine=${pyBool(this.affine)}`;
  }
}

/** What BatchNorm1d and BatchNorm2d share; they differ in the input dims they accept. */
abstract class BatchNorm extends Module {
  /** affine and track_running_stats unless given: true for BatchNorm, false for InstanceNorm. */
  static readonly statsByDefault: boolean = true;
  readonly num_features: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly track_running_stats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;
  protected abstract checkInput(input: Tensor): void;
  /** (num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None). */
  constructor(num_features: number, ...args: (number | null | boolean | FactoryOptions & { eps?: number; momentum?: number | null; affine?: boolean; track_running_stats?: boolean } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const byDefault = (new.target as unknown as { statsByDefault: boolean }).statsByDefault;
    const o = initArgs(this.constructor.name, args, ["num_features", "eps", "momentum", "affine", "track_running_stats", "device", "dtype"], { eps: 1e-5, momentum: 0.1, affine: byDefault, track_running_stats: byDefault }, 1);
    this.num_features = o.num_features;
    this.eps = o.eps;
    this.momentum = o.momentum;
    this.affine = o.affine;
    this.track_running_stats = o.track_running_stats;
    const n = [this.num_features];
    this.weight = this.affine ? new Parameter(ones(n, factory(o))) : null;
    this.bias = this.affine ? new Parameter(zeros(n, factory(o))) : null;
    this.register_buffer("running_mean", this.track_running_stats ? zeros(n, factory(o)) : null);
    this.register_buffer("running_var", this.track_running_stats ? ones(n, factory(o)) : null);
    this.register_buffer("num_batches_tracked", this.track_running_stats ? zeros([], { dtype: int64 }) : null);
  }
  override forward(input: Tensor): Tensor {
    this.checkInput(input);
    let momentum = this.momentum ?? 0;
    if (this.training && this.track_running_stats && this.num_batches_tracked) {
      this.num_batches_tracked.add_(1);
      // momentum=None: a cumulative moving average.
      if (this.momentum === null) momentum = 1 / (this.num_batches_tracked.item() as number);
    }
    const useBatch = this.training || !this.track_running_stats;
    return F.batch_norm(input, this.running_mean, this.running_var, this.weight, this.bias, useBatch, momentum, this.eps);
  }
  override extra_repr(): string {
    return `${this.num_features}, eps=${pyFloat(this.eps)}, momentum=${this.momentum === null ? "None" : pyFloat(this.momentum)}, affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.track_running_stats)}`;
  }
}

export class BatchNorm1d extends BatchNorm {
  protected checkInput(input: Tensor): void {
    if (input.dim() !== 2 && input.dim() !== 3) throw new ValueError(`expected 2D or 3D input (got ${input.dim()}D input)`);
  }
}

export class BatchNorm2d extends BatchNorm {
  protected checkInput(input: Tensor): void {
    if (input.dim() !== 4) throw new ValueError(`expected 4D input (got ${input.dim()}D input)`);
  }
}

/** InstanceNorm1d/2d(num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False). */
abstract class InstanceNorm extends BatchNorm {
  static override readonly statsByDefault: boolean = false;
  protected abstract spatialDims: number;
  override forward(input: Tensor): Tensor {
    this.checkInput(input);
    const batched = input.dim() === this.spatialDims + 2;
    if (this.affine && input.shape[batched ? 1 : 0] !== this.num_features) {
      throw new ValueError(`expected input's size at dim=${batched ? 1 : 0} to match num_features (${this.num_features}), but got: ${input.shape[batched ? 1 : 0]}.`);
    }
    const x = batched ? input : input.unsqueeze(0);
    const out = F.instance_norm(x, this.running_mean, this.running_var, this.weight, this.bias, this.training || !this.track_running_stats, this.momentum ?? 0.1, this.eps);
    return batched ? out : out.squeeze(0);
  }
}
export class InstanceNorm1d extends InstanceNorm {
  protected spatialDims = 1;
  protected checkInput(input: Tensor): void {
    if (input.dim() !== 2 && input.dim() !== 3) throw new ValueError(`expected 2D or 3D input (got ${input.dim()}D input)`);
  }
}
export class InstanceNorm2d extends InstanceNorm {
  protected spatialDims = 2;
  protected checkInput(input: Tensor): void {
    if (input.dim() !== 3 && input.dim() !== 4) throw new ValueError(`expected 3D or 4D input (got ${input.dim()}D input)`);
  }
}

export class Dropout extends Module {
  readonly p: number;
  readonly inplace: boolean;
  /** Dropout(p=0.5, inplace=False). */
  constructor(...args: (number | boolean | { p?: number; inplace?: boolean } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs(this.constructor.name, args, ["p", "inplace"], { p: 0.5, inplace: false });
    if (typeof o.p !== "number" || o.p < 0 || o.p > 1) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${o.p}`);
    this.p = o.p;
    this.inplace = o.inplace;
  }
  override forward(input: Tensor): Tensor {
    return F.dropout(input, this.p, this.training, this.inplace);
  }
  override extra_repr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}

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
/** Identity(*args, **kwargs): its arguments are ignored, as in PyTorch. */
export class Identity extends Module {
  constructor(..._args: unknown[]) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return input;
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
    this.dim = initArgs(this.constructor.name, args, ["dim"], { dim: null }).dim;
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

/** What Sequential and ModuleList share: children named "0", "1", ... in order. */
abstract class Container extends Module {
  /** seq[0] is the first child, as in PyTorch (children are the own properties "0", "1", ...). */
  readonly [index: number]: Module;
  get length(): number {
    return this.children().length;
  }
  at(i: number): Module {
    const c = this.children();
    return c[i < 0 ? i + c.length : i];
  }
  append(m: Module): this {
    this.add_module(String(this.length), m);
    return this;
  }
  [Symbol.iterator](): Iterator<Module> {
    return this.children()[Symbol.iterator]();
  }
}

export class Sequential extends Container {
  constructor(...modules: Module[]) {
    super();
    modules.forEach((m) => this.append(m));
  }
  override forward(input: any): any {
    let x = input;
    for (const m of this.children()) x = m.forward(x);
    return x;
  }
}

export class ModuleList extends Container {
  constructor(modules: Module[] = []) {
    super();
    modules.forEach((m) => this.append(m));
  }
  extend(ms: Module[]): this {
    for (const m of ms) this.append(m);
    return this;
  }
}

/** ModuleDict(modules?): submodules by name, in insertion order. */
export class ModuleDict extends Module {
  constructor(modules?: Record<string, Module> | Iterable<[string, Module]>) {
    super();
    if (modules !== undefined) this.update(modules);
  }
  get length(): number {
    return this.named_children().length;
  }
  get(key: string): Module {
    const m = this.named_children().find(([k]) => k === key);
    if (m === undefined) throw new KeyError(key);
    return m[1];
  }
  set(key: string, module: Module): void {
    this.add_module(key, module);
  }
  has(key: string): boolean {
    return this.named_children().some(([k]) => k === key);
  }
  pop(key: string): Module {
    const m = this.get(key);
    delete (this as unknown as Record<string, unknown>)[key];
    return m;
  }
  clear(): void {
    for (const [k] of this.named_children()) delete (this as unknown as Record<string, unknown>)[k];
  }
  keys(): string[] {
    return this.named_children().map(([k]) => k);
  }
  values(): Module[] {
    return this.children();
  }
  items(): [string, Module][] {
    return this.named_children();
  }
  update(modules: Record<string, Module> | Iterable<[string, Module]>): void {
    const entries = Symbol.iterator in Object(modules) ? [...(modules as Iterable<[string, Module]>)] : Object.entries(modules);
    for (const [k, m] of entries) this.add_module(k, m);
  }
  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }
}

/** ParameterList(values?): parameters named "0", "1", ... (a Tensor becomes a Parameter). */
export class ParameterList extends Module {
  constructor(values: Iterable<Tensor> = []) {
    super();
    this.extend(values);
  }
  get length(): number {
    return this.ownParameters().length;
  }
  at(i: number): Parameter {
    const ps = this.ownParameters();
    return ps[i < 0 ? i + ps.length : i][1];
  }
  append(value: Tensor): this {
    const p = value instanceof Parameter ? value : new Parameter(value);
    this.register_parameter(String(this.length), p);
    return this;
  }
  extend(values: Iterable<Tensor>): this {
    for (const v of values) this.append(v);
    return this;
  }
  [Symbol.iterator](): Iterator<Parameter> {
    return this.ownParameters().map((e) => e[1])[Symbol.iterator]();
  }
  override extra_repr(): string {
    return this.ownParameters()
      .map(([k, p]) => `  (${k}): Parameter containing: [${p.dtype.toString()} of size ${p.shape.join("x")}]`)
      .join("\n");
  }
}

// ---- losses ---------------------------------------------------------------------

abstract class Loss extends Module {
  readonly reduction: F.Reduction;
  /** PyTorch's deprecated size_average / reduce pair, folded into a reduction as its _Reduction.legacy_get_string does. */
  static reductionOf(o: Record<string, any>): F.Reduction {
    if (o.size_average !== undefined && o.size_average !== null || o.reduce !== undefined && o.reduce !== null) {
      const sizeAverage = o.size_average ?? true;
      const reduce = o.reduce ?? true;
      return !reduce ? "none" : sizeAverage ? "mean" : "sum";
    }
    const r = o.reduction ?? "mean";
    if (r !== "mean" && r !== "sum" && r !== "none") throw new ValueError(`${String(r)} is not a valid value for reduction`);
    return r;
  }
  constructor(reduction: F.Reduction) {
    super();
    this.reduction = reduction;
  }
  abstract override forward(input: Tensor, target: Tensor): Tensor;
}

type LossArgs = (Tensor | number | boolean | string | null | Record<string, unknown> | undefined)[];

export class MSELoss extends Loss {
  /** MSELoss(size_average=None, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    super(Loss.reductionOf(initArgs("MSELoss", args, ["size_average", "reduce", "reduction"], {})));
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.mse_loss(input, target, { reduction: this.reduction });
  }
}
export class L1Loss extends Loss {
  /** L1Loss(size_average=None, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    super(Loss.reductionOf(initArgs("L1Loss", args, ["size_average", "reduce", "reduction"], {})));
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.l1_loss(input, target, { reduction: this.reduction });
  }
}
export class BCELoss extends Loss {
  readonly weight: Tensor | null;
  /** BCELoss(weight=None, size_average=None, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    const o = initArgs("BCELoss", args, ["weight", "size_average", "reduce", "reduction"], { weight: null });
    super(Loss.reductionOf(o));
    this.weight = o.weight;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binary_cross_entropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}
export class BCEWithLogitsLoss extends Loss {
  readonly weight: Tensor | null;
  readonly pos_weight: Tensor | null;
  /** BCEWithLogitsLoss(weight=None, size_average=None, reduce=None, reduction='mean', pos_weight=None). */
  constructor(...args: LossArgs) {
    const o = initArgs("BCEWithLogitsLoss", args, ["weight", "size_average", "reduce", "reduction", "pos_weight"], { weight: null, pos_weight: null });
    super(Loss.reductionOf(o));
    this.weight = o.weight;
    this.pos_weight = o.pos_weight;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binary_cross_entropy_with_logits(input, target, { weight: this.weight, pos_weight: this.pos_weight, reduction: this.reduction });
  }
}
export class NLLLoss extends Loss {
  readonly weight: Tensor | null;
  readonly ignore_index: number;
  /** NLLLoss(weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    const o = initArgs("NLLLoss", args, ["weight", "size_average", "ignore_index", "reduce", "reduction"], { weight: null, ignore_index: -100 });
    super(Loss.reductionOf(o));
    this.weight = o.weight;
    this.ignore_index = o.ignore_index;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.nll_loss(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction });
  }
}
export class CrossEntropyLoss extends Loss {
  readonly weight: Tensor | null;
  readonly ignore_index: number;
  readonly label_smoothing: number;
  /** CrossEntropyLoss(weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0). */
  constructor(...args: LossArgs) {
    const o = initArgs("CrossEntropyLoss", args, ["weight", "size_average", "ignore_index", "reduce", "reduction", "label_smoothing"], { weight: null, ignore_index: -100, label_smoothing: 0 });
    super(Loss.reductionOf(o));
    this.weight = o.weight;
    this.ignore_index = o.ignore_index;
    this.label_smoothing = o.label_smoothing;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.cross_entropy(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction, label_smoothing: this.label_smoothing });
  }
}

// ---- more activations -------------------------------------------------------------------

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
    const o = initArgs(this.constructor.name, args, ["alpha", "inplace"], { alpha: 1, inplace: false });
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
    this.lambd = initArgs(this.constructor.name, args, ["lambd"], { lambd: 0.5 }).lambd;
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

// ---- more losses and distances -------------------------------------------------------------

export class SmoothL1Loss extends Loss {
  readonly beta: number;
  /** SmoothL1Loss(size_average=None, reduce=None, reduction='mean', beta=1.0). */
  constructor(...args: LossArgs) {
    const o = initArgs("SmoothL1Loss", args, ["size_average", "reduce", "reduction", "beta"], { beta: 1 });
    super(Loss.reductionOf(o));
    this.beta = o.beta;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.smooth_l1_loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}
export class HuberLoss extends Loss {
  readonly delta: number;
  /** HuberLoss(reduction='mean', delta=1.0). */
  constructor(...args: LossArgs) {
    const o = initArgs("HuberLoss", args, ["reduction", "delta"], { delta: 1 });
    super(Loss.reductionOf(o));
    this.delta = o.delta;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.huber_loss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}
export class SoftMarginLoss extends Loss {
  /** SoftMarginLoss(size_average=None, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    super(Loss.reductionOf(initArgs("SoftMarginLoss", args, ["size_average", "reduce", "reduction"], {})));
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.soft_margin_loss(input, target, { reduction: this.reduction });
  }
}
export class KLDivLoss extends Module {
  readonly reduction: F.Reduction | "batchmean";
  readonly log_target: boolean;
  /** KLDivLoss(size_average=None, reduce=None, reduction='mean', log_target=False). */
  constructor(...args: LossArgs) {
    super();
    const o = initArgs("KLDivLoss", args, ["size_average", "reduce", "reduction", "log_target"], { log_target: false });
    this.reduction = o.reduction === "batchmean" && o.size_average == null && o.reduce == null ? "batchmean" : Loss.reductionOf(o);
    this.log_target = o.log_target;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.kl_div(input, target, { reduction: this.reduction, log_target: this.log_target });
  }
}
export class HingeEmbeddingLoss extends Loss {
  readonly margin: number;
  /** HingeEmbeddingLoss(margin=1.0, size_average=None, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    const o = initArgs("HingeEmbeddingLoss", args, ["margin", "size_average", "reduce", "reduction"], { margin: 1 });
    super(Loss.reductionOf(o));
    this.margin = o.margin;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.hinge_embedding_loss(input, target, { margin: this.margin, reduction: this.reduction });
  }
}
export class PoissonNLLLoss extends Loss {
  readonly log_input: boolean;
  readonly full: boolean;
  readonly eps: number;
  /** PoissonNLLLoss(log_input=True, full=False, size_average=None, eps=1e-08, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    const o = initArgs("PoissonNLLLoss", args, ["log_input", "full", "size_average", "eps", "reduce", "reduction"], { log_input: true, full: false, eps: 1e-8 });
    super(Loss.reductionOf(o));
    this.log_input = o.log_input;
    this.full = o.full;
    this.eps = o.eps;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.poisson_nll_loss(input, target, { log_input: this.log_input, full: this.full, eps: this.eps, reduction: this.reduction });
  }
}
/** A loss of three tensors (PyTorch's forward takes them all). */
abstract class Loss3 extends Module {
  readonly reduction: F.Reduction;
  constructor(o: Record<string, any>) {
    super();
    this.reduction = Loss.reductionOf(o);
  }
}
export class MarginRankingLoss extends Loss3 {
  readonly margin: number;
  /** MarginRankingLoss(margin=0.0, size_average=None, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    const o = initArgs("MarginRankingLoss", args, ["margin", "size_average", "reduce", "reduction"], { margin: 0 });
    super(o);
    this.margin = o.margin;
  }
  override forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.margin_ranking_loss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}
export class GaussianNLLLoss extends Loss3 {
  readonly full: boolean;
  readonly eps: number;
  /** GaussianNLLLoss(full=False, eps=1e-06, reduction='mean'). */
  constructor(...args: LossArgs) {
    const o = initArgs("GaussianNLLLoss", args, ["full", "eps", "reduction"], { full: false, eps: 1e-6 });
    super(o);
    this.full = o.full;
    this.eps = o.eps;
  }
  override forward(input: Tensor, target: Tensor, variance: Tensor): Tensor {
    return F.gaussian_nll_loss(input, target, variance, { full: this.full, eps: this.eps, reduction: this.reduction });
  }
}
export class TripletMarginLoss extends Loss3 {
  readonly margin: number;
  readonly p: number;
  readonly eps: number;
  readonly swap: boolean;
  /** TripletMarginLoss(margin=1.0, p=2.0, eps=1e-06, swap=False, size_average=None, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    const o = initArgs("TripletMarginLoss", args, ["margin", "p", "eps", "swap", "size_average", "reduce", "reduction"], { margin: 1, p: 2, eps: 1e-6, swap: false });
    super(o);
    this.margin = o.margin;
    this.p = o.p;
    this.eps = o.eps;
    this.swap = o.swap;
  }
  override forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return F.triplet_margin_loss(anchor, positive, negative, { margin: this.margin, p: this.p, eps: this.eps, swap: this.swap, reduction: this.reduction });
  }
}
export class CosineSimilarity extends Module {
  readonly dim: number;
  readonly eps: number;
  /** CosineSimilarity(dim=1, eps=1e-08). */
  constructor(...args: (number | { dim?: number; eps?: number } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("CosineSimilarity", args, ["dim", "eps"], { dim: 1, eps: 1e-8 });
    this.dim = o.dim;
    this.eps = o.eps;
  }
  override forward(x1: Tensor, x2: Tensor): Tensor {
    return F.cosine_similarity(x1, x2, this.dim, this.eps);
  }
}
export class PairwiseDistance extends Module {
  readonly norm: number;
  readonly eps: number;
  readonly keepdim: boolean;
  /** PairwiseDistance(p=2.0, eps=1e-06, keepdim=False). */
  constructor(...args: (number | boolean | { p?: number; eps?: number; keepdim?: boolean } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("PairwiseDistance", args, ["p", "eps", "keepdim"], { p: 2, eps: 1e-6, keepdim: false });
    this.norm = o.p;
    this.eps = o.eps;
    this.keepdim = o.keepdim;
  }
  override forward(x1: Tensor, x2: Tensor): Tensor {
    return F.pairwise_distance(x1, x2, this.norm, this.eps, this.keepdim);
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

// ---- 1-d convolution and pooling -------------------------------------------------------------

const one = (v: number | readonly number[]): number => (typeof v === "number" ? v : v[0]);
/** A 1-d setting as PyTorch prints it: a one-element tuple. */
const tuple1 = (v: number) => `(${v},)`;

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

// ---- channel dropout, pixel shuffling, upsampling, padding -------------------------------------

export class Dropout2d extends Dropout {
  /** Dropout2d(p=0.5, inplace=False): whole channels zeroed. */
  override forward(input: Tensor): Tensor {
    return F.dropout2d(input, this.p, this.training, this.inplace);
  }
}
export class PixelShuffle extends Module {
  readonly upscale_factor: number;
  /** PixelShuffle(upscale_factor). */
  constructor(upscale_factor: number);
  constructor(...args: unknown[]) {
    super();
    this.upscale_factor = initArgs("PixelShuffle", args, ["upscale_factor"], {}, 1).upscale_factor;
  }
  override forward(input: Tensor): Tensor {
    return F.pixel_shuffle(input, this.upscale_factor);
  }
  override extra_repr(): string {
    return `upscale_factor=${this.upscale_factor}`;
  }
}
export class PixelUnshuffle extends Module {
  readonly downscale_factor: number;
  /** PixelUnshuffle(downscale_factor). */
  constructor(downscale_factor: number);
  constructor(...args: unknown[]) {
    super();
    this.downscale_factor = initArgs("PixelUnshuffle", args, ["downscale_factor"], {}, 1).downscale_factor;
  }
  override forward(input: Tensor): Tensor {
    return F.pixel_unshuffle(input, this.downscale_factor);
  }
  override extra_repr(): string {
    return `downscale_factor=${this.downscale_factor}`;
  }
}
export class Upsample extends Module {
  readonly size: number | number[] | null;
  readonly scale_factor: number | number[] | null;
  readonly mode: string;
  readonly align_corners: boolean | null;
  readonly recompute_scale_factor: boolean | null;
  /** Upsample(size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None). */
  constructor(...args: (number | number[] | string | boolean | null | Record<string, unknown> | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("Upsample", args, ["size", "scale_factor", "mode", "align_corners", "recompute_scale_factor"], { size: null, scale_factor: null, mode: "nearest", align_corners: null, recompute_scale_factor: null });
    this.size = o.size;
    this.scale_factor = o.scale_factor;
    this.mode = o.mode;
    this.align_corners = o.align_corners;
    this.recompute_scale_factor = o.recompute_scale_factor;
  }
  override forward(input: Tensor): Tensor {
    return F.interpolate(input, { size: this.size, scale_factor: this.scale_factor, mode: this.mode, align_corners: this.align_corners, recompute_scale_factor: this.recompute_scale_factor });
  }
  override extra_repr(): string {
    const show = (v: number | number[]) => (typeof v === "number" ? pyFloat(v) : `(${v.map(pyFloat).join(", ")})`);
    const what = this.scale_factor !== null ? `scale_factor=${show(this.scale_factor)}` : `size=${typeof this.size === "number" ? this.size : `(${(this.size ?? []).join(", ")})`}`;
    return `${what}, mode=${this.mode}`;
  }
}
/** Padding layers over F.pad: the last two dims, (left, right, top, bottom) or one number for all four. */
function padLayer(name: string, mode: string, withValue: boolean) {
  return class extends Module {
    readonly padding: [number, number, number, number];
    readonly value: number;
    constructor(...args: unknown[]) {
      super();
      const o = initArgs(name, args, withValue ? ["padding", "value"] : ["padding"], {}, withValue ? 2 : 1);
      const p = o.padding as number | number[];
      this.padding = typeof p === "number" ? [p, p, p, p] : (p as [number, number, number, number]);
      this.value = withValue ? o.value : 0;
    }
    override forward(input: Tensor): Tensor {
      return mode === "constant" ? F.pad(input, this.padding, "constant", this.value) : F.pad(input, this.padding, mode);
    }
    override extra_repr(): string {
      const p = `(${this.padding.join(", ")})`;
      return withValue ? `padding=${p}, value=${pyFloat(this.value)}` : p;
    }
  };
}
const namedPadLayer = (name: string, mode: string, withValue: boolean): new (...args: unknown[]) => Module => {
  const cls = padLayer(name, mode, withValue);
  Object.defineProperty(cls, "name", { value: name });
  return cls;
};
export const ZeroPad2d = namedPadLayer("ZeroPad2d", "constant", false);
export const ConstantPad2d = namedPadLayer("ConstantPad2d", "constant", true);
export const ReflectionPad2d = namedPadLayer("ReflectionPad2d", "reflect", false);
export const ReplicationPad2d = namedPadLayer("ReplicationPad2d", "replicate", false);

// ---- more layers ------------------------------------------------------------------

export class Dropout1d extends Dropout {
  /** Dropout1d(p=0.5, inplace=False): whole channels of (N, C, L) zeroed. */
  override forward(input: Tensor): Tensor {
    return F.dropout1d(input, this.p, this.training, this.inplace);
  }
}
export class Dropout3d extends Dropout {
  /** Dropout3d(p=0.5, inplace=False): whole channels of (N, C, D, H, W) zeroed. */
  override forward(input: Tensor): Tensor {
    return F.dropout3d(input, this.p, this.training, this.inplace);
  }
}
export class AlphaDropout extends Dropout {
  /** AlphaDropout(p=0.5, inplace=False): dropout that keeps SELU's self-normalization. */
  override forward(input: Tensor): Tensor {
    return F.alpha_dropout(input, this.p, this.training, this.inplace);
  }
}
export class FeatureAlphaDropout extends Dropout {
  /** FeatureAlphaDropout(p=0.5, inplace=False): alpha dropout of whole channels. */
  override forward(input: Tensor): Tensor {
    return F.feature_alpha_dropout(input, this.p, this.training, this.inplace);
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

export class LocalResponseNorm extends Module {
  readonly size: number;
  readonly alpha: number;
  readonly beta: number;
  readonly k: number;
  /** LocalResponseNorm(size, alpha=1e-4, beta=0.75, k=1.0). */
  constructor(size: number, ...args: (number | Record<string, unknown> | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("LocalResponseNorm", args, ["size", "alpha", "beta", "k"], { alpha: 1e-4, beta: 0.75, k: 1 }, 1);
    [this.size, this.alpha, this.beta, this.k] = [o.size, o.alpha, o.beta, o.k];
  }
  override forward(input: Tensor): Tensor {
    return F.local_response_norm(input, this.size, this.alpha, this.beta, this.k);
  }
  override extra_repr(): string {
    return `${this.size}, alpha=${pyFloat(this.alpha)}, beta=${pyFloat(this.beta)}, k=${pyFloat(this.k)}`;
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

/** The sliding-window modules over F.unfold / F.fold, printing their arguments as given. */
function windowRepr(o: Record<string, unknown>, names: string[]): string {
  const show = (v: unknown) => (Array.isArray(v) ? `(${v.join(", ")})` : String(v));
  return names.map((n) => `${n}=${show(o[n])}`).join(", ");
}
export class Unfold extends Module {
  readonly kernel_size: Pair;
  readonly dilation: Pair;
  readonly padding: Pair;
  readonly stride: Pair;
  /** Unfold(kernel_size, dilation=1, padding=0, stride=1): sliding blocks as columns. */
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("Unfold", args, ["kernel_size", "dilation", "padding", "stride"], { dilation: 1, padding: 0, stride: 1 }, 1);
    [this.kernel_size, this.dilation, this.padding, this.stride] = [o.kernel_size, o.dilation, o.padding, o.stride];
  }
  override forward(input: Tensor): Tensor {
    return F.unfold(input, this.kernel_size, this.dilation, this.padding, this.stride);
  }
  override extra_repr(): string {
    return windowRepr(this as unknown as Record<string, unknown>, ["kernel_size", "dilation", "padding", "stride"]);
  }
}
export class Fold extends Module {
  readonly output_size: Pair;
  readonly kernel_size: Pair;
  readonly dilation: Pair;
  readonly padding: Pair;
  readonly stride: Pair;
  /** Fold(output_size, kernel_size, dilation=1, padding=0, stride=1): columns summed back into an image. */
  constructor(...args: unknown[]) {
    super();
    const o = initArgs("Fold", args, ["output_size", "kernel_size", "dilation", "padding", "stride"], { dilation: 1, padding: 0, stride: 1 }, 2);
    [this.output_size, this.kernel_size, this.dilation, this.padding, this.stride] = [o.output_size, o.kernel_size, o.dilation, o.padding, o.stride];
  }
  override forward(input: Tensor): Tensor {
    return F.fold(input, this.output_size, this.kernel_size, this.dilation, this.padding, this.stride);
  }
  override extra_repr(): string {
    return windowRepr(this as unknown as Record<string, unknown>, ["output_size", "kernel_size", "dilation", "padding", "stride"]);
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

/** ParameterDict(parameters?): parameters by name, in insertion order (a Tensor becomes a Parameter). */
export class ParameterDict extends Module {
  constructor(parameters: Record<string, Tensor> | Iterable<[string, Tensor]> = {}) {
    super();
    this.update(parameters);
  }
  get(key: string): Parameter | undefined {
    return this.ownParameters().find(([k]) => k === key)?.[1];
  }
  set(key: string, value: Tensor): this {
    this.register_parameter(key, value instanceof Parameter ? value : new Parameter(value));
    return this;
  }
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
  delete(key: string): boolean {
    const had = this.has(key);
    delete (this as unknown as Record<string, unknown>)[key];
    return had;
  }
  update(parameters: Record<string, Tensor> | Iterable<[string, Tensor]>): this {
    const entries = Symbol.iterator in (parameters as object) ? [...(parameters as Iterable<[string, Tensor]>)] : Object.entries(parameters);
    for (const [k, v] of entries) this.set(k, v);
    return this;
  }
  keys(): string[] {
    return this.ownParameters().map(([k]) => k);
  }
  values(): Parameter[] {
    return this.ownParameters().map(([, p]) => p);
  }
  items(): [string, Parameter][] {
    return this.ownParameters();
  }
  get length(): number {
    return this.ownParameters().length;
  }
  override extra_repr(): string {
    return this.ownParameters().map(([k, p]) => `  (${k}): Parameter containing: [${p.type() as string} of size ${p.shape.join("x")}]`).join("\n");
  }
}

export class CosineEmbeddingLoss extends Loss3 {
  readonly margin: number;
  /** CosineEmbeddingLoss(margin=0.0, size_average=None, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    const o = initArgs("CosineEmbeddingLoss", args, ["margin", "size_average", "reduce", "reduction"], { margin: 0 });
    super(o);
    this.margin = o.margin;
  }
  override forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.cosine_embedding_loss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}
export class MultiMarginLoss extends Loss {
  readonly p: number;
  readonly margin: number;
  readonly weight: Tensor | null;
  /** MultiMarginLoss(p=1, margin=1.0, weight=None, size_average=None, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    const o = initArgs("MultiMarginLoss", args, ["p", "margin", "weight", "size_average", "reduce", "reduction"], { p: 1, margin: 1, weight: null });
    if (o.p !== 1 && o.p !== 2) throw new ValueError("only p == 1 and p == 2 supported");
    super(Loss.reductionOf(o));
    [this.p, this.margin, this.weight] = [o.p, o.margin, o.weight];
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.multi_margin_loss(input, target, { p: this.p, margin: this.margin, weight: this.weight, reduction: this.reduction });
  }
}
export class MultiLabelMarginLoss extends Loss {
  /** MultiLabelMarginLoss(size_average=None, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    super(Loss.reductionOf(initArgs("MultiLabelMarginLoss", args, ["size_average", "reduce", "reduction"], {})));
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.multilabel_margin_loss(input, target, { reduction: this.reduction });
  }
}
export class MultiLabelSoftMarginLoss extends Loss {
  readonly weight: Tensor | null;
  /** MultiLabelSoftMarginLoss(weight=None, size_average=None, reduce=None, reduction='mean'). */
  constructor(...args: LossArgs) {
    const o = initArgs("MultiLabelSoftMarginLoss", args, ["weight", "size_average", "reduce", "reduction"], { weight: null });
    super(Loss.reductionOf(o));
    this.weight = o.weight;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.multilabel_soft_margin_loss(input, target, { weight: this.weight, reduction: this.reduction });
  }
}
export class TripletMarginWithDistanceLoss extends Loss3 {
  readonly distance_function: ((a: Tensor, b: Tensor) => Tensor) | Module;
  readonly margin: number;
  readonly swap: boolean;
  /** TripletMarginWithDistanceLoss(*, distance_function=None, margin=1.0, swap=False, reduction='mean'); the default distance is a PairwiseDistance child. */
  constructor(opts: { distance_function?: ((a: Tensor, b: Tensor) => Tensor) | null; margin?: number; swap?: boolean; reduction?: F.Reduction } = {}) {
    const o = { distance_function: null, margin: 1, swap: false, reduction: "mean", ...bindArgs("TripletMarginWithDistanceLoss.__init__", [opts], [], ["distance_function", "margin", "swap", "reduction"]) } as Record<string, any>;
    super(o);
    this.distance_function = o.distance_function ?? new PairwiseDistance();
    this.margin = o.margin;
    this.swap = o.swap;
  }
  override forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    const fn = this.distance_function instanceof Module ? (a: Tensor, b: Tensor) => (this.distance_function as Module).forward(a, b) as Tensor : this.distance_function;
    return F.triplet_margin_with_distance_loss(anchor, positive, negative, { distance_function: fn, margin: this.margin, swap: this.swap, reduction: this.reduction });
  }
}

/**
 * EmbeddingBag(num_embeddings, embedding_dim, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
 * mode='mean', sparse=False, _weight=None, include_last_offset=False, padding_idx=None, device=None,
 * dtype=None): forward(input, offsets?, per_sample_weights?) gives each bag's sum, mean or max embedding.
 */
export class EmbeddingBag extends Module {
  readonly num_embeddings: number;
  readonly embedding_dim: number;
  readonly mode: "sum" | "mean" | "max";
  readonly include_last_offset: boolean;
  readonly padding_idx: number | null;
  readonly max_norm: number | null;
  readonly norm_type: number;
  readonly scale_grad_by_freq: boolean;
  weight: Parameter;
  constructor(...args: unknown[]) {
    super();
    const o = initArgs(
      "EmbeddingBag",
      args,
      ["num_embeddings", "embedding_dim", "max_norm", "norm_type", "scale_grad_by_freq", "mode", "sparse", "_weight", "include_last_offset", "padding_idx", "device", "dtype"],
      { max_norm: null, norm_type: 2, scale_grad_by_freq: false, mode: "mean", sparse: false, _weight: null, include_last_offset: false, padding_idx: null },
      2,
    );
    // tensorgrad has no sparse tensors, so no sparse gradient.
    if (o.sparse) throw new NotImplementedError("tensorgrad: EmbeddingBag sparse=True is not supported (no sparse tensors)");
    [this.num_embeddings, this.embedding_dim, this.mode, this.include_last_offset] = [o.num_embeddings, o.embedding_dim, o.mode, o.include_last_offset];
    [this.max_norm, this.norm_type, this.scale_grad_by_freq] = [o.max_norm, o.norm_type, o.scale_grad_by_freq];
    const p = o.padding_idx as number | null;
    if (p !== null && (p >= this.num_embeddings || p < -this.num_embeddings)) throw new AssertionError("padding_idx must be within num_embeddings");
    this.padding_idx = p === null ? null : p < 0 ? p + this.num_embeddings : p;
    if (o._weight !== null) this.weight = new Parameter((o._weight as Tensor).detach());
    else {
      this.weight = new Parameter(empty([this.num_embeddings, this.embedding_dim], factory(o)));
      init.normal_(this.weight);
      if (this.padding_idx !== null) this.weight.detach().select(0, this.padding_idx).fill_(0);
    }
  }
  override forward(input: Tensor, offsets: Tensor | null = null, per_sample_weights: Tensor | null = null): Tensor {
    return F.embedding_bag(input, this.weight, {
      offsets, max_norm: this.max_norm, norm_type: this.norm_type, scale_grad_by_freq: this.scale_grad_by_freq, mode: this.mode, per_sample_weights,
      include_last_offset: this.include_last_offset, padding_idx: this.padding_idx,
    });
  }
  override extra_repr(): string {
    return `${this.num_embeddings}, ${this.embedding_dim}${embeddingOptionsRepr(this)}, mode=${this.mode}` + (this.padding_idx !== null ? `, padding_idx=${this.padding_idx}` : "");
  }
}
