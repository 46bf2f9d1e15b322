// torch.nn's Fold and Unfold (torch/nn/modules/fold.py).
import type { Tensor } from "../../tensor.js";
import * as F from "../functional.js";
import { Module } from "../module.js";
import { type Pair, initArgs } from "./_args.js";

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
