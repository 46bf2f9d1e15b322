// torch.nn's batch norms (torch/nn/modules/batchnorm.py).
import { int64 } from "../../dtype.js";
import { ValueError } from "../../errors.js";
import { ones, zeros } from "../../ops/creation.js";
import type { Tensor } from "../../tensor.js";
import * as F from "../functional.js";
import { Module } from "../module.js";
import { pyFloat } from "../../format.js";
import { Parameter } from "../parameter.js";
import { initArgs, pyBool, type FactoryOptions, factory } from "./_args.js";
import { className } from "../../names.js";

/** What BatchNorm1d and BatchNorm2d share; they differ in the input dims they accept. */
export abstract class BatchNorm extends Module {
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
    const o = initArgs(className(this), args, ["num_features", "eps", "momentum", "affine", "track_running_stats", "device", "dtype"], { eps: 1e-5, momentum: 0.1, affine: byDefault, track_running_stats: byDefault }, 1);
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
