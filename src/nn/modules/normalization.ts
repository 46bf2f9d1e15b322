// torch.nn's LayerNorm, GroupNorm and LocalResponseNorm (torch/nn/modules/normalization.py).
import { ValueError } from "../../errors.js";
import { ones, zeros } from "../../ops/creation.js";
import type { Tensor } from "../../tensor.js";
import * as F from "../functional.js";
import { Module } from "../module.js";
import { pyFloat } from "../../format.js";
import { Parameter } from "../parameter.js";
import { initArgs, pyBool, type FactoryOptions, factory } from "./_args.js";

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
