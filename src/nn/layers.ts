// The layers of torch.nn, with PyTorch's default initialisation and printing.
import { int64 } from "../dtype.js";
import { ValueError } from "../errors.js";
import { ones, zeros, empty } from "../ops/creation.js";
import type { Tensor } from "../tensor.js";
import * as F from "./functional.js";
import * as init from "./init.js";
import { Module, pyFloat } from "./module.js";
import { Parameter } from "./parameter.js";

type Pair = number | [number, number];
const pair = (v: Pair): [number, number] => (typeof v === "number" ? [v, v] : v);
const tuple = (v: [number, number]) => `(${v[0]}, ${v[1]})`;
const pyBool = (b: boolean) => (b ? "True" : "False");

export interface FactoryOptions {
  dtype?: import("../dtype.js").DType;
}

export class Linear extends Module {
  weight: Parameter;
  bias: Parameter | null;
  constructor(readonly in_features: number, readonly out_features: number, bias = true, options: FactoryOptions = {}) {
    super();
    this.weight = new Parameter(empty([out_features, in_features], options));
    this.bias = bias ? new Parameter(empty([out_features], options)) : null;
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
  padding?: Pair;
  dilation?: Pair;
  groups?: number;
  bias?: boolean;
}

export class Conv2d extends Module {
  weight: Parameter;
  bias: Parameter | null;
  readonly kernel_size: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly dilation: [number, number];
  readonly groups: number;
  constructor(readonly in_channels: number, readonly out_channels: number, kernel_size: Pair, options: Conv2dOptions = {}) {
    super();
    this.kernel_size = pair(kernel_size);
    this.stride = pair(options.stride ?? 1);
    this.padding = pair(options.padding ?? 0);
    this.dilation = pair(options.dilation ?? 1);
    this.groups = options.groups ?? 1;
    if (in_channels % this.groups !== 0) throw new ValueError("in_channels must be divisible by groups");
    this.weight = new Parameter(empty([out_channels, in_channels / this.groups, ...this.kernel_size], options));
    this.bias = options.bias ?? true ? new Parameter(empty([out_channels], options)) : null;
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
    return F.conv2d(input, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
  }
  override extra_repr(): string {
    let s = `${this.in_channels}, ${this.out_channels}, kernel_size=${tuple(this.kernel_size)}, stride=${tuple(this.stride)}`;
    if (this.padding[0] || this.padding[1]) s += `, padding=${tuple(this.padding)}`;
    if (this.dilation[0] !== 1 || this.dilation[1] !== 1) s += `, dilation=${tuple(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ", bias=False";
    return s;
  }
}

export class MaxPool2d extends Module {
  readonly stride: Pair;
  constructor(readonly kernel_size: Pair, options: { stride?: Pair | null; padding?: Pair; dilation?: Pair } = {}) {
    super();
    this.stride = options.stride ?? kernel_size;
    this.padding = options.padding ?? 0;
    this.dilation = options.dilation ?? 1;
  }
  readonly padding: Pair;
  readonly dilation: Pair;
  override forward(input: Tensor): Tensor {
    return F.max_pool2d(input, this.kernel_size, { stride: this.stride, padding: this.padding, dilation: this.dilation });
  }
  override extra_repr(): string {
    const fmt = (v: Pair) => (typeof v === "number" ? String(v) : tuple(v));
    return `kernel_size=${fmt(this.kernel_size)}, stride=${fmt(this.stride)}, padding=${fmt(this.padding)}, dilation=${fmt(this.dilation)}, ceil_mode=False`;
  }
}

export class Flatten extends Module {
  constructor(readonly start_dim = 1, readonly end_dim = -1) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return input.flatten(this.start_dim, this.end_dim);
  }
  override extra_repr(): string {
    return `start_dim=${this.start_dim}, end_dim=${this.end_dim}`;
  }
}

export class Embedding extends Module {
  weight: Parameter;
  readonly padding_idx: number | null;
  constructor(readonly num_embeddings: number, readonly embedding_dim: number, options: FactoryOptions & { padding_idx?: number | null } = {}) {
    super();
    const p = options.padding_idx ?? null;
    this.padding_idx = p === null ? null : p < 0 ? p + num_embeddings : p;
    this.weight = new Parameter(empty([num_embeddings, embedding_dim], options));
    init.normal_(this.weight);
    if (this.padding_idx !== null) this.weight.detach().select(0, this.padding_idx).fill_(0);
  }
  override forward(input: Tensor): Tensor {
    return F.embedding(input, this.weight, this.padding_idx);
  }
  override extra_repr(): string {
    return `${this.num_embeddings}, ${this.embedding_dim}` + (this.padding_idx !== null ? `, padding_idx=${this.padding_idx}` : "");
  }
}

export class LayerNorm extends Module {
  readonly normalized_shape: number[];
  weight: Parameter | null;
  bias: Parameter | null;
  constructor(normalized_shape: number | number[], readonly eps = 1e-5, readonly elementwise_affine = true, options: FactoryOptions = {}) {
    super();
    this.normalized_shape = typeof normalized_shape === "number" ? [normalized_shape] : [...normalized_shape];
    this.weight = elementwise_affine ? new Parameter(ones(this.normalized_shape, options)) : null;
    this.bias = elementwise_affine ? new Parameter(zeros(this.normalized_shape, options)) : null;
  }
  override forward(input: Tensor): Tensor {
    return F.layer_norm(input, this.normalized_shape, this.weight, this.bias, this.eps);
  }
  override extra_repr(): string {
    return `(${this.normalized_shape.join(", ")}${this.normalized_shape.length === 1 ? "," : ""}), eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwise_affine)}`;
  }
}

export class BatchNorm1d extends Module {
  weight: Parameter | null;
  bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;
  constructor(
    readonly num_features: number,
    readonly eps = 1e-5,
    readonly momentum = 0.1,
    readonly affine = true,
    readonly track_running_stats = true,
    options: FactoryOptions = {},
  ) {
    super();
    this.weight = affine ? new Parameter(ones([num_features], options)) : null;
    this.bias = affine ? new Parameter(zeros([num_features], options)) : null;
    this.register_buffer("running_mean", track_running_stats ? zeros([num_features], options) : null);
    this.register_buffer("running_var", track_running_stats ? ones([num_features], options) : null);
    this.register_buffer("num_batches_tracked", track_running_stats ? zeros([], { dtype: int64 }) : null);
  }
  override forward(input: Tensor): Tensor {
    if (input.dim() !== 2 && input.dim() !== 3) throw new ValueError(`expected 2D or 3D input (got ${input.dim()}D input)`);
    const useBatch = this.training || !this.track_running_stats;
    if (this.training && this.track_running_stats && this.num_batches_tracked) this.num_batches_tracked.add_(1);
    return F.batch_norm(
      input,
      this.running_mean,
      this.running_var,
      this.weight,
      this.bias,
      useBatch,
      this.momentum,
      this.eps,
    );
  }
  override extra_repr(): string {
    return `${this.num_features}, eps=${pyFloat(this.eps)}, momentum=${pyFloat(this.momentum)}, affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.track_running_stats)}`;
  }
}

export class Dropout extends Module {
  constructor(readonly p = 0.5, readonly inplace = false) {
    super();
    if (p < 0 || p > 1) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
  }
  override forward(input: Tensor): Tensor {
    return F.dropout(input, this.p, this.training);
  }
  override extra_repr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}

export class ReLU extends Module {
  override forward(input: Tensor): Tensor {
    return input.relu();
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
  constructor(readonly approximate: "none" | "tanh" = "none") {
    super();
  }
  override forward(input: Tensor): Tensor {
    return F.gelu(input, this.approximate);
  }
  override extra_repr(): string {
    return `approximate='${this.approximate}'`;
  }
}
export class Softmax extends Module {
  constructor(readonly dim: number | null = null) {
    super();
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
  constructor(readonly dim: number) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return F.log_softmax(input, this.dim);
  }
  override extra_repr(): string {
    return `dim=${this.dim}`;
  }
}

/** What Sequential and ModuleList share: children named "0", "1", ... in order. */
abstract class Container extends Module {
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

// ---- losses ---------------------------------------------------------------------

abstract class Loss extends Module {
  readonly reduction: F.Reduction;
  constructor(options: { reduction?: F.Reduction } = {}) {
    super();
    this.reduction = options.reduction ?? "mean";
  }
  abstract override forward(input: Tensor, target: Tensor): Tensor;
}

export class MSELoss extends Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.mse_loss(input, target, { reduction: this.reduction });
  }
}
export class L1Loss extends Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.l1_loss(input, target, { reduction: this.reduction });
  }
}
export class BCELoss extends Loss {
  readonly weight: Tensor | null;
  constructor(options: { weight?: Tensor | null; reduction?: F.Reduction } = {}) {
    super(options);
    this.weight = options.weight ?? null;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binary_cross_entropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}
export class BCEWithLogitsLoss extends Loss {
  readonly weight: Tensor | null;
  readonly pos_weight: Tensor | null;
  constructor(options: { weight?: Tensor | null; pos_weight?: Tensor | null; reduction?: F.Reduction } = {}) {
    super(options);
    this.weight = options.weight ?? null;
    this.pos_weight = options.pos_weight ?? null;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binary_cross_entropy_with_logits(input, target, { weight: this.weight, pos_weight: this.pos_weight, reduction: this.reduction });
  }
}
export class NLLLoss extends Loss {
  readonly weight: Tensor | null;
  readonly ignore_index: number;
  constructor(options: { weight?: Tensor | null; ignore_index?: number; reduction?: F.Reduction } = {}) {
    super(options);
    this.weight = options.weight ?? null;
    this.ignore_index = options.ignore_index ?? -100;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.nll_loss(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction });
  }
}
export class CrossEntropyLoss extends Loss {
  readonly weight: Tensor | null;
  readonly ignore_index: number;
  readonly label_smoothing: number;
  constructor(options: { weight?: Tensor | null; ignore_index?: number; reduction?: F.Reduction; label_smoothing?: number } = {}) {
    super(options);
    this.weight = options.weight ?? null;
    this.ignore_index = options.ignore_index ?? -100;
    this.label_smoothing = options.label_smoothing ?? 0;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.cross_entropy(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction, label_smoothing: this.label_smoothing });
  }
}
