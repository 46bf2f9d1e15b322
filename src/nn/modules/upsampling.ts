// torch.nn's Upsample (torch/nn/modules/upsampling.py).
import type { Tensor } from "../../tensor.js";
import * as F from "../functional.js";
import { Module } from "../module.js";
import { pyFloat } from "../../format.js";
import { initArgs } from "./_args.js";

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
