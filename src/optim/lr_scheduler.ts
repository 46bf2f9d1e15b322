// torch.optim.lr_scheduler: PyTorch's chainable forms, so that lr sequences
// match PyTorch's step for step.
import { bindArgs, expectNumber } from "../args.js";
import { TorchTypeError } from "../errors.js";
import type { Optimizer } from "./optimizer.js";

/**
 * A scheduler's arguments in PyTorch's positional order or by name, over its
 * defaults: every one a number (a missing required one is Python's TypeError).
 */
function schedulerArgs(cls: string, args: readonly unknown[], names: string[], defaults: Record<string, number>, required: string[]): Record<string, number> {
  const given = bindArgs(`${cls}.__init__`, args, names);
  for (const r of required) if (given[r] === undefined) throw new TorchTypeError(`${cls}.__init__() missing 1 required positional argument: '${r}'`);
  if (given.verbose !== undefined && typeof given.verbose !== "boolean") throw new TorchTypeError(`${cls}.__init__(): argument 'verbose' must be a bool`);
  delete given.verbose;
  const out: Record<string, number> = { ...defaults };
  for (const [k, v] of Object.entries(given)) out[k] = expectNumber(`${cls}.__init__`, k, v);
  return out;
}

export abstract class LRScheduler {
  last_epoch: number;
  base_lrs: number[];
  protected _step_count = 0;
  private _last_lr: number[] = [];

  /** Subclasses set their own fields, then call initialStep(): PyTorch's __init__ ends with a step. */
  constructor(readonly optimizer: Optimizer, last_epoch = -1) {
    if (last_epoch === -1) for (const g of optimizer.param_groups) g.initial_lr ??= g.lr;
    this.base_lrs = optimizer.param_groups.map((g) => g.initial_lr);
    this.last_epoch = last_epoch;
  }

  protected initialStep(): void {
    this.step();
  }

  protected abstract get_lr(): number[];

  get_last_lr(): number[] {
    return this._last_lr;
  }

  step(): void {
    this._step_count += 1;
    this.last_epoch += 1;
    const lrs = this.get_lr();
    this.optimizer.param_groups.forEach((g, i) => (g.lr = lrs[i]));
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }
}

export class StepLR extends LRScheduler {
  readonly step_size: number;
  readonly gamma: number;
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const o = schedulerArgs("StepLR", args, ["step_size", "gamma", "last_epoch", "verbose"], { gamma: 0.1, last_epoch: -1 }, ["step_size"]);
    super(optimizer, o.last_epoch);
    this.step_size = o.step_size;
    this.gamma = o.gamma;
    this.initialStep();
  }
  protected get_lr(): number[] {
    const { step_size, gamma } = this;
    if (this.last_epoch === 0 || this.last_epoch % step_size !== 0) return this.optimizer.param_groups.map((g) => g.lr);
    return this.optimizer.param_groups.map((g) => g.lr * gamma);
  }
}

export class CosineAnnealingLR extends LRScheduler {
  readonly T_max: number;
  readonly eta_min: number;
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const o = schedulerArgs("CosineAnnealingLR", args, ["T_max", "eta_min", "last_epoch", "verbose"], { eta_min: 0, last_epoch: -1 }, ["T_max"]);
    super(optimizer, o.last_epoch);
    this.T_max = o.T_max;
    this.eta_min = o.eta_min;
    this.initialStep();
  }
  protected get_lr(): number[] {
    const { T_max, eta_min } = this;
    const groups = this.optimizer.param_groups;
    const e = this.last_epoch;
    if (e === 0) return groups.map((g) => g.lr);
    if (this._step_count === 1 && e > 0) {
      return this.base_lrs.map((base) => eta_min + ((base - eta_min) * (1 + Math.cos((e * Math.PI) / T_max))) / 2);
    }
    if ((e - 1 - T_max) % (2 * T_max) === 0) {
      return groups.map((g, i) => g.lr + ((this.base_lrs[i] - eta_min) * (1 - Math.cos(Math.PI / T_max))) / 2);
    }
    return groups.map(
      (g) => ((1 + Math.cos((Math.PI * e) / T_max)) / (1 + Math.cos((Math.PI * (e - 1)) / T_max))) * (g.lr - eta_min) + eta_min,
    );
  }
}
