// torch.nn's Flatten and Unflatten (torch/nn/modules/flatten.py).
import type { Tensor } from "../../tensor.js";
import { Module } from "../module.js";
import { initArgs } from "./_args.js";

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
