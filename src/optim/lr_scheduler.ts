// torch.optim.lr_scheduler: PyTorch 1.13's chainable forms (and closed forms,
// used when a step names its epoch, as SequentialLR does), so that lr sequences
// match PyTorch's step for step.
import { bindArgs, expectNumber } from "../args.js";
import { TorchTypeError, ValueError, ZeroDivisionError } from "../errors.js";
import type { Optimizer } from "./optimizer.js";

/**
 * A scheduler's arguments in PyTorch's positional order or by name, over its
 * defaults (a missing one of the first `required` is Python's TypeError); the ones named in
 * `numbers` must be numbers, verbose a bool (false unless given).
 */
function schedulerArgs(cls: string, args: readonly unknown[], names: string[], defaults: Record<string, unknown>, required: number, numbers = names): Record<string, any> {
  const given = bindArgs(`${cls}.__init__`, args, names, [], required);
  if (given.verbose !== undefined && typeof given.verbose !== "boolean") throw new TorchTypeError(`${cls}.__init__(): argument 'verbose' must be a bool`);
  for (const [k, v] of Object.entries(given)) if (numbers.includes(k) && k !== "verbose") expectNumber(`${cls}.__init__`, k, v);
  return { verbose: false, ...defaults, ...given };
}

/** Python's "{:.4e}" (a two-digit exponent at least). */
function formatE4(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
  const [mantissa, exp] = v.toExponential(4).split("e");
  return `${mantissa}e${exp[0]}${exp.slice(1).padStart(2, "0")}`;
}

/** verbose's line for a group's new lr, as PyTorch's print_lr (and ReduceLROnPlateau's) prints it: "%.2f" for a fractional epoch, "%.5d" else. */
function lrMessage(action: string, group: number, lr: number, epoch?: number): string {
  const line = `${action} learning rate of group ${group} to ${formatE4(lr)}.`;
  if (epoch === undefined) return line.charAt(0).toUpperCase() + line.slice(1);
  const epochText = Number.isInteger(epoch) ? `${epoch < 0 ? "-" : ""}${String(Math.abs(epoch)).padStart(5, "0")}` : epoch.toFixed(2);
  return `Epoch ${epochText}: ${line}`;
}

/**
 * Python's a / b over a scheduler's period: a zero period is Python's ZeroDivisionError
 * (`message` names the operation as Python does), never a NaN lr.
 */
function divide(a: number, b: number, message: string): number {
  if (b === 0) throw new ZeroDivisionError(message);
  return a / b;
}

/** Python's bisect.bisect_right. */
function bisectRight(xs: readonly number[], x: number): number {
  let lo = 0, hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < xs[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export abstract class LRScheduler {
  last_epoch: number;
  base_lrs: number[];
  protected _step_count = 0;
  protected _last_lr: number[] = [];

  /** Subclasses set their own fields, then call initialStep(): PyTorch's __init__ ends with a step. verbose prints each new lr. */
  constructor(readonly optimizer: Optimizer, last_epoch = -1, readonly verbose = false) {
    if (last_epoch === -1) for (const g of optimizer.param_groups) g.initial_lr ??= g.lr;
    else if (optimizer.param_groups.some((g) => g.initial_lr === undefined)) {
      throw new Error("param 'initial_lr' is not specified in param_groups[0] when resuming an optimizer");
    }
    this.base_lrs = optimizer.param_groups.map((g) => g.initial_lr);
    this.last_epoch = last_epoch;
  }

  /** PyTorch's _initial_step. */
  initialStep(): void {
    this._step_count = 0;
    this.step();
  }

  protected abstract get_lr(): number[];
  /** The lr at last_epoch computed directly, where PyTorch has a closed form. */
  protected closedFormLr(): number[] | null {
    return null;
  }

  get_last_lr(): number[] {
    return this._last_lr;
  }

  /** step(): the next epoch; step(epoch): jump to `epoch` (the closed form where there is one, as PyTorch). */
  step(epoch?: number): void {
    this._step_count += 1;
    let lrs: number[];
    if (epoch === undefined) {
      this.last_epoch += 1;
      lrs = this.get_lr();
    } else {
      this.last_epoch = epoch;
      lrs = this.closedFormLr() ?? this.get_lr();
    }
    this.setLrs(lrs, epoch);
  }

  /** The groups' new lrs, printed when verbose. */
  protected setLrs(lrs: number[], epoch?: number): void {
    this.optimizer.param_groups.forEach((g, i) => {
      g.lr = lrs[i];
      if (this.verbose) console.log(lrMessage("adjusting", i, lrs[i], epoch));
    });
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }

  state_dict(): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this).filter(([k]) => k !== "optimizer"));
  }
  load_state_dict(state: Record<string, unknown>): void {
    Object.assign(this, state);
  }
}

/** StepLR(optimizer, step_size, gamma=0.1, last_epoch=-1). */
export class StepLR extends LRScheduler {
  readonly step_size: number;
  readonly gamma: number;
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const o = schedulerArgs("StepLR", args, ["step_size", "gamma", "last_epoch", "verbose"], { gamma: 0.1, last_epoch: -1 }, 1);
    super(optimizer, o.last_epoch, o.verbose);
    this.step_size = o.step_size;
    this.gamma = o.gamma;
    this.initialStep();
  }
  protected get_lr(): number[] {
    const { step_size, gamma } = this;
    if (this.last_epoch === 0) return this.optimizer.param_groups.map((g) => g.lr);
    if (step_size === 0) throw new ZeroDivisionError("integer modulo by zero");
    if (this.last_epoch % step_size !== 0) return this.optimizer.param_groups.map((g) => g.lr);
    return this.optimizer.param_groups.map((g) => g.lr * gamma);
  }
  protected override closedFormLr(): number[] {
    const periods = Math.floor(divide(this.last_epoch, this.step_size, "integer division or modulo by zero"));
    return this.base_lrs.map((b) => b * this.gamma ** periods);
  }
}

/** MultiStepLR(optimizer, milestones, gamma=0.1, last_epoch=-1). */
export class MultiStepLR extends LRScheduler {
  readonly milestones: number[];
  readonly gamma: number;
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const o = schedulerArgs("MultiStepLR", args, ["milestones", "gamma", "last_epoch", "verbose"], { gamma: 0.1, last_epoch: -1 }, 1, ["gamma", "last_epoch"]);
    super(optimizer, o.last_epoch, o.verbose);
    this.milestones = [...(o.milestones as number[])].sort((a, b) => a - b);
    this.gamma = o.gamma;
    this.initialStep();
  }
  protected get_lr(): number[] {
    const hits = this.milestones.filter((m) => m === this.last_epoch).length;
    if (hits === 0) return this.optimizer.param_groups.map((g) => g.lr);
    return this.optimizer.param_groups.map((g) => g.lr * this.gamma ** hits);
  }
  protected override closedFormLr(): number[] {
    return this.base_lrs.map((b) => b * this.gamma ** bisectRight(this.milestones, this.last_epoch));
  }
}

/** ExponentialLR(optimizer, gamma, last_epoch=-1). */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const o = schedulerArgs("ExponentialLR", args, ["gamma", "last_epoch", "verbose"], { last_epoch: -1 }, 1);
    super(optimizer, o.last_epoch, o.verbose);
    this.gamma = o.gamma;
    this.initialStep();
  }
  protected get_lr(): number[] {
    if (this.last_epoch === 0) return this.optimizer.param_groups.map((g) => g.lr);
    return this.optimizer.param_groups.map((g) => g.lr * this.gamma);
  }
  protected override closedFormLr(): number[] {
    return this.base_lrs.map((b) => b * this.gamma ** this.last_epoch);
  }
}

/** LinearLR(optimizer, start_factor=1/3, end_factor=1.0, total_iters=5, last_epoch=-1). */
export class LinearLR extends LRScheduler {
  readonly start_factor: number;
  readonly end_factor: number;
  readonly total_iters: number;
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const o = schedulerArgs("LinearLR", args, ["start_factor", "end_factor", "total_iters", "last_epoch", "verbose"], { start_factor: 1 / 3, end_factor: 1, total_iters: 5, last_epoch: -1 }, 0);
    if (o.start_factor > 1 || o.start_factor <= 0) throw new ValueError("Starting multiplicative factor expected to be greater than 0 and less or equal to 1.");
    if (o.end_factor > 1 || o.end_factor < 0) throw new ValueError("Ending multiplicative factor expected to be between 0 and 1.");
    super(optimizer, o.last_epoch, o.verbose);
    this.start_factor = o.start_factor;
    this.end_factor = o.end_factor;
    this.total_iters = o.total_iters;
    this.initialStep();
  }
  protected get_lr(): number[] {
    const groups = this.optimizer.param_groups;
    if (this.last_epoch === 0) return groups.map((g) => g.lr * this.start_factor);
    if (this.last_epoch > this.total_iters) return groups.map((g) => g.lr);
    const { start_factor: s, end_factor: e, total_iters: n } = this;
    return groups.map((g) => g.lr * (1 + (e - s) / (n * s + (this.last_epoch - 1) * (e - s))));
  }
  protected override closedFormLr(): number[] {
    const { start_factor: s, end_factor: e, total_iters: n } = this;
    const change = divide((e - s) * Math.min(n, this.last_epoch), n, "float division by zero");
    return this.base_lrs.map((b) => b * (s + change));
  }
}

/** CosineAnnealingLR(optimizer, T_max, eta_min=0, last_epoch=-1). */
export class CosineAnnealingLR extends LRScheduler {
  readonly T_max: number;
  readonly eta_min: number;
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const o = schedulerArgs("CosineAnnealingLR", args, ["T_max", "eta_min", "last_epoch", "verbose"], { eta_min: 0, last_epoch: -1 }, 1);
    super(optimizer, o.last_epoch, o.verbose);
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
      const angle = divide(e * Math.PI, T_max, "float division by zero");
      return this.base_lrs.map((base) => eta_min + ((base - eta_min) * (1 + Math.cos(angle))) / 2);
    }
    if (T_max === 0) throw new ZeroDivisionError("integer modulo by zero");
    if ((e - 1 - T_max) % (2 * T_max) === 0) {
      return groups.map((g, i) => g.lr + ((this.base_lrs[i] - eta_min) * (1 - Math.cos(Math.PI / T_max))) / 2);
    }
    return groups.map(
      (g) => ((1 + Math.cos((Math.PI * e) / T_max)) / (1 + Math.cos((Math.PI * (e - 1)) / T_max))) * (g.lr - eta_min) + eta_min,
    );
  }
  protected override closedFormLr(): number[] {
    const angle = divide(Math.PI * this.last_epoch, this.T_max, "float division by zero");
    return this.base_lrs.map((b) => this.eta_min + ((b - this.eta_min) * (1 + Math.cos(angle))) / 2);
  }
}

/** LambdaLR(optimizer, lr_lambda, last_epoch=-1): lr = base_lr * lr_lambda(epoch) (one function, or one per group). */
export class LambdaLR extends LRScheduler {
  readonly lr_lambdas: ((epoch: number) => number)[];
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const o = schedulerArgs("LambdaLR", args, ["lr_lambda", "last_epoch", "verbose"], { last_epoch: -1 }, 1, ["last_epoch"]);
    const groups = optimizer.param_groups.length;
    const fns = Array.isArray(o.lr_lambda) ? o.lr_lambda : new Array(groups).fill(o.lr_lambda);
    if (fns.length !== groups) throw new ValueError(`Expected ${groups} lr_lambdas, but got ${fns.length}`);
    if (fns.some((f: unknown) => typeof f !== "function")) throw new TorchTypeError("LambdaLR.__init__(): lr_lambda must be a function or a list of functions");
    super(optimizer, o.last_epoch, o.verbose);
    this.lr_lambdas = fns;
    this.initialStep();
  }
  protected get_lr(): number[] {
    return this.base_lrs.map((b, i) => b * this.lr_lambdas[i](this.last_epoch));
  }
}

/**
 * OneCycleLR(optimizer, max_lr, total_steps=None, epochs=None, steps_per_epoch=None,
 * pct_start=0.3, anneal_strategy='cos', cycle_momentum=True, base_momentum=0.85,
 * max_momentum=0.95, div_factor=25.0, final_div_factor=10000.0, three_phase=False, last_epoch=-1).
 */
export class OneCycleLR extends LRScheduler {
  readonly total_steps: number;
  readonly cycle_momentum: boolean;
  private readonly useBeta1: boolean;
  private readonly phases: { end: number; lr: [string, string]; momentum: [string, string] }[];
  private readonly anneal: (start: number, end: number, pct: number) => number;
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const o = schedulerArgs(
      "OneCycleLR",
      args,
      ["max_lr", "total_steps", "epochs", "steps_per_epoch", "pct_start", "anneal_strategy", "cycle_momentum", "base_momentum", "max_momentum", "div_factor", "final_div_factor", "three_phase", "last_epoch", "verbose"],
      { total_steps: null, epochs: null, steps_per_epoch: null, pct_start: 0.3, anneal_strategy: "cos", cycle_momentum: true, base_momentum: 0.85, max_momentum: 0.95, div_factor: 25, final_div_factor: 1e4, three_phase: false, last_epoch: -1 },
      1,
      ["pct_start", "div_factor", "final_div_factor", "last_epoch"],
    );
    let total: number;
    if (o.total_steps === null && o.epochs === null && o.steps_per_epoch === null) throw new ValueError("You must define either total_steps OR (epochs AND steps_per_epoch)");
    if (o.total_steps !== null) {
      if (!(o.total_steps > 0) || !Number.isInteger(o.total_steps)) throw new ValueError(`Expected positive integer total_steps, but got ${o.total_steps}`);
      total = o.total_steps;
    } else {
      if (!(o.epochs > 0)) throw new ValueError(`Expected positive integer epochs, but got ${o.epochs}`);
      if (!(o.steps_per_epoch > 0)) throw new ValueError(`Expected positive integer steps_per_epoch, but got ${o.steps_per_epoch}`);
      total = o.epochs * o.steps_per_epoch;
    }
    if (o.pct_start < 0 || o.pct_start > 1) throw new ValueError(`Expected float between 0 and 1 pct_start, but got ${o.pct_start}`);
    if (o.anneal_strategy !== "cos" && o.anneal_strategy !== "linear") throw new ValueError(`anneal_strategy must by one of 'cos' or 'linear', instead got ${o.anneal_strategy}`);
    const groups = optimizer.param_groups;
    const perGroup = (name: string, v: unknown): number[] => {
      if (Array.isArray(v)) {
        if (v.length !== groups.length) throw new ValueError(`expected ${groups.length} values for ${name}, got ${v.length}`);
        return v as number[];
      }
      return new Array(groups.length).fill(v);
    };
    const maxLrs = perGroup("max_lr", o.max_lr);
    if (o.last_epoch === -1) {
      groups.forEach((g, i) => {
        g.initial_lr = maxLrs[i] / o.div_factor;
        g.max_lr = maxLrs[i];
        g.min_lr = g.initial_lr / o.final_div_factor;
      });
    }
    const useBeta1 = "betas" in optimizer.defaults;
    if (o.cycle_momentum) {
      if (!("momentum" in optimizer.defaults) && !useBeta1) throw new ValueError("optimizer must support momentum with `cycle_momentum` option enabled");
      const maxM = perGroup("max_momentum", o.max_momentum), baseM = perGroup("base_momentum", o.base_momentum);
      if (o.last_epoch === -1) {
        groups.forEach((g, i) => {
          if (useBeta1) g.betas = [maxM[i], ...g.betas.slice(1)];
          else g.momentum = maxM[i];
          g.max_momentum = maxM[i];
          g.base_momentum = baseM[i];
        });
      }
    }
    super(optimizer, o.last_epoch, o.verbose);
    this.total_steps = total;
    this.cycle_momentum = o.cycle_momentum;
    this.useBeta1 = useBeta1;
    this.phases = o.three_phase
      ? [
          { end: o.pct_start * total - 1, lr: ["initial_lr", "max_lr"], momentum: ["max_momentum", "base_momentum"] },
          { end: 2 * o.pct_start * total - 2, lr: ["max_lr", "initial_lr"], momentum: ["base_momentum", "max_momentum"] },
          { end: total - 1, lr: ["initial_lr", "min_lr"], momentum: ["max_momentum", "max_momentum"] },
        ]
      : [
          { end: o.pct_start * total - 1, lr: ["initial_lr", "max_lr"], momentum: ["max_momentum", "base_momentum"] },
          { end: total - 1, lr: ["max_lr", "min_lr"], momentum: ["base_momentum", "max_momentum"] },
        ];
    this.anneal =
      o.anneal_strategy === "cos"
        ? (start, end, pct) => end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1)
        : (start, end, pct) => (end - start) * pct + start;
    this.initialStep();
  }
  protected get_lr(): number[] {
    const stepNum = this.last_epoch;
    if (stepNum > this.total_steps) throw new ValueError(`Tried to step ${stepNum} times. The specified number of total steps is ${this.total_steps}`);
    return this.optimizer.param_groups.map((g) => {
      let start = 0;
      for (let i = 0; i < this.phases.length; i++) {
        const p = this.phases[i];
        if (stepNum <= p.end || i === this.phases.length - 1) {
          const pct = (stepNum - start) / (p.end - start);
          if (this.cycle_momentum) {
            const m = this.anneal(g[p.momentum[0]], g[p.momentum[1]], pct);
            if (this.useBeta1) g.betas = [m, ...g.betas.slice(1)];
            else g.momentum = m;
          }
          return this.anneal(g[p.lr[0]], g[p.lr[1]], pct);
        }
        start = p.end;
      }
      throw new Error("unreachable");
    });
  }
}

/** MultiplicativeLR(optimizer, lr_lambda, last_epoch=-1): each step multiplies the lr by lr_lambda(epoch) (one function, or one per group). */
export class MultiplicativeLR extends LRScheduler {
  readonly lr_lambdas: ((epoch: number) => number)[];
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const o = schedulerArgs("MultiplicativeLR", args, ["lr_lambda", "last_epoch", "verbose"], { last_epoch: -1 }, 1, ["last_epoch"]);
    const groups = optimizer.param_groups.length;
    const fns = Array.isArray(o.lr_lambda) ? o.lr_lambda : new Array(groups).fill(o.lr_lambda);
    if (fns.length !== groups) throw new ValueError(`Expected ${groups} lr_lambdas, but got ${fns.length}`);
    if (fns.some((f: unknown) => typeof f !== "function")) throw new TorchTypeError("MultiplicativeLR.__init__(): lr_lambda must be a function or a list of functions");
    super(optimizer, o.last_epoch, o.verbose);
    this.lr_lambdas = fns;
    this.initialStep();
  }
  protected get_lr(): number[] {
    const groups = this.optimizer.param_groups;
    if (this.last_epoch > 0) return groups.map((g, i) => g.lr * this.lr_lambdas[i](this.last_epoch));
    return groups.map((g) => g.lr);
  }
}

/** ConstantLR(optimizer, factor=1/3, total_iters=5, last_epoch=-1): the lr times factor until total_iters, then as it was. */
export class ConstantLR extends LRScheduler {
  readonly factor: number;
  readonly total_iters: number;
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const o = schedulerArgs("ConstantLR", args, ["factor", "total_iters", "last_epoch", "verbose"], { factor: 1 / 3, total_iters: 5, last_epoch: -1 }, 0);
    if (o.factor > 1 || o.factor < 0) throw new ValueError("Constant multiplicative factor expected to be between 0 and 1.");
    super(optimizer, o.last_epoch, o.verbose);
    this.factor = o.factor;
    this.total_iters = o.total_iters;
    this.initialStep();
  }
  protected get_lr(): number[] {
    const groups = this.optimizer.param_groups;
    if (this.last_epoch === 0) return groups.map((g) => g.lr * this.factor);
    if (this.last_epoch !== this.total_iters) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * (1 / this.factor));
  }
  protected override closedFormLr(): number[] {
    return this.base_lrs.map((b) => b * (this.factor + (this.last_epoch >= this.total_iters ? 1 - this.factor : 0)));
  }
}

/** PolynomialLR(optimizer, total_iters=5, power=1.0, last_epoch=-1): the lr decayed by (1 - epoch / total_iters)^power, then held. */
export class PolynomialLR extends LRScheduler {
  readonly total_iters: number;
  readonly power: number;
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const o = schedulerArgs("PolynomialLR", args, ["total_iters", "power", "last_epoch", "verbose"], { total_iters: 5, power: 1, last_epoch: -1 }, 0);
    super(optimizer, o.last_epoch, o.verbose);
    this.total_iters = o.total_iters;
    this.power = o.power;
    this.initialStep();
  }
  protected get_lr(): number[] {
    const groups = this.optimizer.param_groups;
    const { last_epoch: e, total_iters: n } = this;
    if (e === 0 || e > n) return groups.map((g) => g.lr);
    const decay = ((1 - e / n) / (1 - (e - 1) / n)) ** this.power;
    return groups.map((g) => g.lr * decay);
  }
  protected override closedFormLr(): number[] {
    const done = divide(Math.min(this.total_iters, this.last_epoch), this.total_iters, "division by zero");
    return this.base_lrs.map((b) => b * (1 - done) ** this.power);
  }
}

/**
 * CosineAnnealingWarmRestarts(optimizer, T_0, T_mult=1, eta_min=0, last_epoch=-1): cosine
 * annealing restarted every T_i epochs (T_i growing by T_mult); step(epoch) takes
 * fractional epochs (step(epoch + i / iters) within an epoch).
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  readonly T_0: number;
  T_i: number;
  readonly T_mult: number;
  readonly eta_min: number;
  T_cur: number;
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const o = schedulerArgs("CosineAnnealingWarmRestarts", args, ["T_0", "T_mult", "eta_min", "last_epoch", "verbose"], { T_mult: 1, eta_min: 0, last_epoch: -1 }, 1);
    if (o.T_0 <= 0 || !Number.isInteger(o.T_0)) throw new ValueError(`Expected positive integer T_0, but got ${o.T_0}`);
    if (o.T_mult < 1 || !Number.isInteger(o.T_mult)) throw new ValueError(`Expected integer T_mult >= 1, but got ${o.T_mult}`);
    super(optimizer, o.last_epoch, o.verbose);
    this.T_0 = o.T_0;
    this.T_i = o.T_0;
    this.T_mult = o.T_mult;
    this.eta_min = o.eta_min;
    this.T_cur = o.last_epoch;
    this.initialStep();
  }
  protected get_lr(): number[] {
    return this.base_lrs.map((b) => this.eta_min + ((b - this.eta_min) * (1 + Math.cos((Math.PI * this.T_cur) / this.T_i))) / 2);
  }
  override step(epoch?: number): void {
    if (epoch === undefined && this.last_epoch < 0) epoch = 0;
    if (epoch === undefined) {
      epoch = this.last_epoch + 1;
      this.T_cur += 1;
      if (this.T_cur >= this.T_i) {
        this.T_cur -= this.T_i;
        this.T_i *= this.T_mult;
      }
    } else {
      if (epoch < 0) throw new ValueError(`Expected non-negative epoch, but got ${epoch}`);
      if (epoch >= this.T_0) {
        if (this.T_mult === 1) this.T_cur = epoch % this.T_0;
        else {
          const n = Math.trunc(Math.log((epoch / this.T_0) * (this.T_mult - 1) + 1) / Math.log(this.T_mult));
          this.T_cur = epoch - (this.T_0 * (this.T_mult ** n - 1)) / (this.T_mult - 1);
          this.T_i = this.T_0 * this.T_mult ** n;
        }
      } else {
        this.T_i = this.T_0;
        this.T_cur = epoch;
      }
    }
    this.last_epoch = Math.floor(epoch);
    this.setLrs(this.get_lr(), epoch);
  }
}

/** One value per param group: a list of that many, or one value for all (PyTorch's _format_param). */
function perGroup(optimizer: Optimizer, name: string, value: number | readonly number[]): number[] {
  const groups = optimizer.param_groups.length;
  if (Array.isArray(value)) {
    if (value.length !== groups) throw new ValueError(`expected ${groups} values for ${name}, got ${value.length}`);
    return [...value];
  }
  return new Array<number>(groups).fill(value as number);
}

/**
 * CyclicLR(optimizer, base_lr, max_lr, step_size_up=2000, step_size_down=None,
 * mode='triangular', gamma=1.0, scale_fn=None, scale_mode='cycle', cycle_momentum=True,
 * base_momentum=0.8, max_momentum=0.9, last_epoch=-1): the lr cycling between base_lr and
 * max_lr (and the momentum inversely), stepped every batch.
 */
export class CyclicLR extends LRScheduler {
  readonly max_lrs: number[];
  readonly total_size: number;
  readonly step_ratio: number;
  readonly mode: string;
  readonly gamma: number;
  readonly scale_fn: (x: number) => number;
  readonly scale_mode: "cycle" | "iterations";
  readonly cycle_momentum: boolean;
  readonly base_momentums: number[] = [];
  readonly max_momentums: number[] = [];
  constructor(optimizer: Optimizer, ...args: unknown[]) {
    const names = ["base_lr", "max_lr", "step_size_up", "step_size_down", "mode", "gamma", "scale_fn", "scale_mode", "cycle_momentum", "base_momentum", "max_momentum", "last_epoch", "verbose"];
    const o = schedulerArgs("CyclicLR", args, names, {
      step_size_up: 2000, step_size_down: null, mode: "triangular", gamma: 1, scale_fn: null, scale_mode: "cycle", cycle_momentum: true, base_momentum: 0.8, max_momentum: 0.9, last_epoch: -1,
    }, 2, ["step_size_up", "gamma", "last_epoch"]);
    const baseLrs = perGroup(optimizer, "base_lr", o.base_lr);
    if (o.last_epoch === -1) optimizer.param_groups.forEach((g, i) => (g.lr = baseLrs[i]));
    const maxLrs = perGroup(optimizer, "max_lr", o.max_lr);
    const up = Number(o.step_size_up), down = o.step_size_down === null || o.step_size_down === undefined ? up : Number(o.step_size_down);
    const stepRatio = divide(up, up + down, "float division by zero");
    if (!["triangular", "triangular2", "exp_range"].includes(o.mode) && o.scale_fn === null) throw new ValueError("mode is invalid and scale_fn is None");
    let scaleFn: (x: number) => number, scaleMode: "cycle" | "iterations";
    if (o.scale_fn !== null) [scaleFn, scaleMode] = [o.scale_fn, o.scale_mode];
    else if (o.mode === "triangular") [scaleFn, scaleMode] = [() => 1, "cycle"];
    else if (o.mode === "triangular2") [scaleFn, scaleMode] = [(x) => 1 / 2 ** (x - 1), "cycle"];
    else [scaleFn, scaleMode] = [(x) => o.gamma ** x, "iterations"];
    let baseMomentums: number[] = [], maxMomentums: number[] = [];
    if (o.cycle_momentum) {
      if (!("momentum" in optimizer.defaults)) throw new ValueError("optimizer must support momentum with `cycle_momentum` option enabled");
      const base = perGroup(optimizer, "base_momentum", o.base_momentum);
      if (o.last_epoch === -1) optimizer.param_groups.forEach((g, i) => (g.momentum = base[i]));
      baseMomentums = optimizer.param_groups.map((g) => g.momentum);
      maxMomentums = perGroup(optimizer, "max_momentum", o.max_momentum);
    }
    super(optimizer, o.last_epoch, o.verbose);
    this.max_lrs = maxLrs;
    this.total_size = up + down;
    this.step_ratio = stepRatio;
    this.mode = o.mode;
    this.gamma = o.gamma;
    this.scale_fn = scaleFn;
    this.scale_mode = scaleMode;
    this.cycle_momentum = o.cycle_momentum;
    this.base_momentums = baseMomentums;
    this.max_momentums = maxMomentums;
    this.initialStep();
    this.base_lrs = baseLrs;
  }
  protected get_lr(): number[] {
    const cycle = Math.floor(1 + this.last_epoch / this.total_size);
    const x = 1 + this.last_epoch / this.total_size - cycle;
    const scaleFactor = x <= this.step_ratio ? x / this.step_ratio : (x - 1) / (this.step_ratio - 1);
    const scale = this.scale_fn(this.scale_mode === "cycle" ? cycle : this.last_epoch);
    const lrs = this.base_lrs.map((b, i) => b + (this.max_lrs[i] - b) * scaleFactor * scale);
    if (this.cycle_momentum) {
      this.optimizer.param_groups.forEach((g, i) => {
        const height = (this.max_momentums[i] - this.base_momentums[i]) * scaleFactor;
        g.momentum = this.max_momentums[i] - height * scale;
      });
    }
    return lrs;
  }
}

/** ChainedScheduler(schedulers): every scheduler stepped in turn at each step (their factors multiply). */
export class ChainedScheduler {
  readonly optimizer: Optimizer;
  private readonly _schedulers: LRScheduler[];
  private _last_lr: number[];
  constructor(schedulers: LRScheduler[]) {
    this._schedulers = schedulers;
    this.optimizer = schedulers[0].optimizer;
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }
  step(): void {
    for (const s of this._schedulers) s.step();
    this._last_lr = this._schedulers[this._schedulers.length - 1].optimizer.param_groups.map((g) => g.lr);
  }
  get_last_lr(): number[] {
    return this._last_lr;
  }
}

/**
 * SequentialLR(optimizer, schedulers, milestones, last_epoch=-1, verbose=False): each scheduler in
 * turn, switching at the milestones. verbose is taken and never read, as in PyTorch 1.13: each of
 * the schedulers prints by its own verbose.
 */
export class SequentialLR {
  last_epoch: number;
  private readonly schedulers: LRScheduler[];
  private readonly milestones: number[];
  private _last_lr: number[];
  constructor(readonly optimizer: Optimizer, ...args: unknown[]) {
    const o = schedulerArgs("SequentialLR", args, ["schedulers", "milestones", "last_epoch", "verbose"], { last_epoch: -1 }, 2, ["last_epoch"]);
    const schedulers = o.schedulers as LRScheduler[];
    const milestones = o.milestones as number[];
    if (schedulers.some((s) => s.optimizer !== optimizer)) {
      throw new ValueError("Sequential Schedulers expects all schedulers to belong to the same optimizer");
    }
    if (milestones.length !== schedulers.length - 1) {
      throw new ValueError(`Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${milestones.length}`);
    }
    this.schedulers = schedulers;
    this.milestones = milestones;
    this.last_epoch = o.last_epoch + 1;
    // Back to the initial lrs, the other schedulers' initial steps undone, and the first scheduler's redone.
    for (const g of optimizer.param_groups) g.lr = g.initial_lr;
    for (const s of schedulers) s.last_epoch -= 1;
    schedulers[0].initialStep();
    this._last_lr = schedulers[0].get_last_lr();
  }
  step(): void {
    this.last_epoch += 1;
    const idx = bisectRight(this.milestones, this.last_epoch);
    const s = this.schedulers[idx];
    if (idx > 0 && this.milestones[idx - 1] === this.last_epoch) s.step(0);
    else s.step();
    this._last_lr = s.get_last_lr();
  }
  get_last_lr(): number[] {
    return this._last_lr;
  }
}

/**
 * ReduceLROnPlateau(optimizer, mode='min', factor=0.1, patience=10, threshold=1e-4,
 * threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-8): step(metric) lowers the
 * lr by `factor` after `patience` epochs without improvement.
 */
export class ReduceLROnPlateau {
  readonly mode: "min" | "max";
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly threshold_mode: "rel" | "abs";
  readonly cooldown: number;
  readonly min_lrs: number[];
  readonly eps: number;
  readonly verbose: boolean;
  best: number;
  num_bad_epochs = 0;
  cooldown_counter = 0;
  last_epoch = 0;
  private _last_lr: number[];
  constructor(readonly optimizer: Optimizer, ...args: unknown[]) {
    const o = schedulerArgs(
      "ReduceLROnPlateau",
      args,
      ["mode", "factor", "patience", "threshold", "threshold_mode", "cooldown", "min_lr", "eps", "verbose"],
      { mode: "min", factor: 0.1, patience: 10, threshold: 1e-4, threshold_mode: "rel", cooldown: 0, min_lr: 0, eps: 1e-8 },
      0,
      ["factor", "patience", "threshold", "cooldown", "eps"],
    );
    if (o.factor >= 1) throw new ValueError("Factor should be < 1.0.");
    if (o.mode !== "min" && o.mode !== "max") throw new ValueError(`mode ${o.mode} is unknown!`);
    if (o.threshold_mode !== "rel" && o.threshold_mode !== "abs") throw new ValueError(`threshold mode ${o.threshold_mode} is unknown!`);
    const groups = optimizer.param_groups.length;
    const minLrs = Array.isArray(o.min_lr) ? o.min_lr : new Array(groups).fill(o.min_lr);
    if (minLrs.length !== groups) throw new ValueError(`expected ${groups} min_lrs, got ${minLrs.length}`);
    this.mode = o.mode;
    this.factor = o.factor;
    this.patience = o.patience;
    this.threshold = o.threshold;
    this.threshold_mode = o.threshold_mode;
    this.cooldown = o.cooldown;
    this.min_lrs = minLrs;
    this.eps = o.eps;
    this.verbose = o.verbose;
    this.best = this.mode === "min" ? Infinity : -Infinity;
    this._last_lr = optimizer.param_groups.map((g) => g.lr);
  }
  private isBetter(a: number): boolean {
    const { mode, threshold_mode: tm, threshold: t, best } = this;
    if (mode === "min") return tm === "rel" ? a < best * (1 - t) : a < best - t;
    return tm === "rel" ? a > best * (t + 1) : a > best + t;
  }
  /** step(metrics): metrics is a number or a one-element tensor. */
  step(metrics: number | { item(): number | boolean }): void {
    const current = typeof metrics === "number" ? metrics : Number(metrics.item());
    this.last_epoch += 1;
    if (this.isBetter(current)) {
      this.best = current;
      this.num_bad_epochs = 0;
    } else this.num_bad_epochs += 1;
    if (this.cooldown_counter > 0) {
      this.cooldown_counter -= 1;
      this.num_bad_epochs = 0;
    }
    if (this.num_bad_epochs > this.patience) {
      this.optimizer.param_groups.forEach((g, i) => {
        const newLr = Math.max(g.lr * this.factor, this.min_lrs[i]);
        if (g.lr - newLr > this.eps) {
          g.lr = newLr;
          if (this.verbose) console.log(lrMessage("reducing", i, newLr, this.last_epoch));
        }
      });
      this.cooldown_counter = this.cooldown;
      this.num_bad_epochs = 0;
    }
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }
  get_last_lr(): number[] {
    return this._last_lr;
  }
}
