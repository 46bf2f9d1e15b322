// torch.optim: PyTorch's update rules (its single-tensor implementations),
// step by step, in tensor ops under no_grad.
import { no_grad } from "../autograd/grad_mode.js";
import { bindArgs } from "../args.js";
import { TorchTypeError, typeName, ValueError } from "../errors.js";
import { Tensor } from "../tensor.js";

export type ParamGroup = { params: Tensor[]; [option: string]: any };

export abstract class Optimizer {
  param_groups: ParamGroup[];
  /** Per-parameter state (momentum buffers, moment estimates, step counts). */
  state = new Map<Tensor, Record<string, any>>();
  readonly defaults: Record<string, any>;

  constructor(params: Iterable<Tensor> | ParamGroup[], defaults: Record<string, any>) {
    this.defaults = defaults;
    const list = [...(params as Iterable<Tensor | ParamGroup>)];
    if (list.length === 0) throw new ValueError("optimizer got an empty parameter list");
    const groups: ParamGroup[] = list[0] instanceof Tensor ? [{ params: list as Tensor[] }] : (list as ParamGroup[]);
    this.param_groups = groups.map((g) => ({ ...defaults, ...g, params: [...g.params] }));
    for (const g of this.param_groups) {
      for (const p of g.params) if (!p.is_leaf) throw new ValueError("can't optimize a non-leaf Tensor");
    }
  }

  /** Clears gradients: to null by default (PyTorch 2's set_to_none=True), or to zeros. */
  zero_grad(...args: [boolean?] | [{ set_to_none?: boolean }]): void {
    const set_to_none = (bindArgs("zero_grad", args, ["set_to_none"]).set_to_none ?? true) as boolean;
    for (const g of this.param_groups) {
      for (const p of g.params) {
        if (p.grad === null) continue;
        if (set_to_none) p.grad = null;
        else no_grad(() => p.grad!.zero_());
      }
    }
  }

  /** One update of every parameter that has a gradient. */
  step(closure?: () => Tensor): Tensor | undefined {
    let loss: Tensor | undefined;
    if (closure) loss = closure();
    no_grad(() => {
      for (const group of this.param_groups) {
        for (const p of group.params) {
          if (p.grad === null) continue;
          let state = this.state.get(p);
          if (!state) this.state.set(p, (state = {}));
          this.update(p, p.grad, state, group);
        }
      }
    });
    return loss;
  }

  protected abstract update(param: Tensor, grad: Tensor, state: Record<string, any>, group: ParamGroup): void;

  state_dict(): { state: Record<number, Record<string, any>>; param_groups: Record<string, any>[] } {
    let index = 0;
    const ids = new Map<Tensor, number>();
    const groups = this.param_groups.map((g) => ({ ...g, params: g.params.map((p) => (ids.set(p, index), index++)) }));
    const state: Record<number, Record<string, any>> = {};
    for (const [p, s] of this.state) state[ids.get(p)!] = { ...s };
    return { state, param_groups: groups };
  }

  load_state_dict(sd: { state: Record<number, Record<string, any>>; param_groups: Record<string, any>[] }): void {
    if (sd.param_groups.length !== this.param_groups.length) throw new ValueError("loaded state dict has a different number of parameter groups");
    const params = this.param_groups.flatMap((g) => g.params);
    sd.param_groups.forEach((g, i) => {
      if (g.params.length !== this.param_groups[i].params.length) {
        throw new ValueError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
      }
      Object.assign(this.param_groups[i], { ...g, params: this.param_groups[i].params });
    });
    this.state = new Map(Object.entries(sd.state).map(([k, v]) => [params[Number(k)], { ...v }]));
  }
}

function check(cond: boolean, message: string): void {
  if (!cond) throw new ValueError(message);
}

/**
 * An optimizer's settings from PyTorch's positional order and options
 * (`new SGD(params, 0.1, 0.9)` or `new SGD(params, { lr: 0.1, momentum: 0.9 })`),
 * over its defaults; misspelled options and values of the wrong kind are errors.
 */
function optimizerSettings(cls: string, args: readonly unknown[], names: string[], keywordOnly: string[], defaults: Record<string, unknown>): Record<string, unknown> {
  const given = bindArgs(`${cls}.__init__`, args, names, keywordOnly);
  delete given.foreach; // PyTorch's choice of implementation: the numbers are the same.
  const d = { ...defaults, ...given };
  for (const [key, value] of Object.entries(d)) {
    const want = typeof defaults[key];
    if (key === "betas") {
      if (!Array.isArray(value) || value.length !== 2 || value.some((b) => typeof b !== "number")) {
        throw new TorchTypeError(`${cls}.__init__(): argument 'betas' must be a pair of numbers, not ${typeName(value)}`);
      }
    } else if (typeof value !== want) throw new TorchTypeError(`${cls}.__init__(): argument '${key}' must be ${want === "number" ? "a number" : "a bool"}, not ${typeName(value)}`);
  }
  return d;
}

function checkAdam(d: Required<AdamOptions>): void {
  check(d.lr >= 0, `Invalid learning rate: ${d.lr}`);
  check(d.eps >= 0, `Invalid epsilon value: ${d.eps}`);
  check(d.betas[0] >= 0 && d.betas[0] < 1, `Invalid beta parameter at index 0: ${d.betas[0]}`);
  check(d.betas[1] >= 0 && d.betas[1] < 1, `Invalid beta parameter at index 1: ${d.betas[1]}`);
  check(d.weight_decay >= 0, `Invalid weight_decay value: ${d.weight_decay}`);
}

export interface SGDOptions {
  lr?: number;
  momentum?: number;
  dampening?: number;
  weight_decay?: number;
  nesterov?: boolean;
  maximize?: boolean;
}

export class SGD extends Optimizer {
  constructor(params: Iterable<Tensor> | ParamGroup[], ...args: unknown[]) {
    const d = optimizerSettings("SGD", args, ["lr", "momentum", "dampening", "weight_decay", "nesterov"], ["maximize", "foreach"], { lr: 1e-3, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false, maximize: false }) as Required<SGDOptions>;
    check(d.lr >= 0, `Invalid learning rate: ${d.lr}`);
    check(d.momentum >= 0, `Invalid momentum value: ${d.momentum}`);
    check(d.weight_decay >= 0, `Invalid weight_decay value: ${d.weight_decay}`);
    if (d.nesterov && (d.momentum <= 0 || d.dampening !== 0)) throw new ValueError("Nesterov momentum requires a momentum and zero dampening");
    super(params, d);
  }
  protected update(p: Tensor, grad: Tensor, state: Record<string, any>, g: ParamGroup): void {
    let d_p = g.maximize ? grad.neg() : grad;
    if (g.weight_decay !== 0) d_p = d_p.add(p, { alpha: g.weight_decay });
    if (g.momentum !== 0) {
      let buf: Tensor | undefined = state.momentum_buffer;
      if (buf === undefined) state.momentum_buffer = buf = d_p.clone().detach();
      else buf.mul_(g.momentum).add_(d_p, { alpha: 1 - g.dampening });
      d_p = g.nesterov ? d_p.add(buf, { alpha: g.momentum }) : buf;
    }
    p.add_(d_p, { alpha: -g.lr });
  }
}

export interface AdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weight_decay?: number;
  amsgrad?: boolean;
  maximize?: boolean;
}

function adamStep(p: Tensor, grad: Tensor, state: Record<string, any>, g: ParamGroup, decoupled: boolean): void {
  const [beta1, beta2] = g.betas as [number, number];
  if (g.maximize) grad = grad.neg();
  if (state.step === undefined) {
    state.step = 0;
    state.exp_avg = Tensor._full(p.shape, 0, p.dtype);
    state.exp_avg_sq = Tensor._full(p.shape, 0, p.dtype);
    if (g.amsgrad) state.max_exp_avg_sq = Tensor._full(p.shape, 0, p.dtype);
  }
  state.step += 1;
  if (decoupled) p.mul_(1 - g.lr * g.weight_decay);
  else if (g.weight_decay !== 0) grad = grad.add(p, { alpha: g.weight_decay });
  const expAvg: Tensor = state.exp_avg;
  const expAvgSq: Tensor = state.exp_avg_sq;
  expAvg.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
  expAvgSq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
  const biasCorrection1 = 1 - beta1 ** state.step;
  const biasCorrection2 = 1 - beta2 ** state.step;
  const stepSize = g.lr / biasCorrection1;
  const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
  let denom: Tensor;
  if (g.amsgrad) {
    state.max_exp_avg_sq = state.max_exp_avg_sq.maximum(expAvgSq);
    denom = state.max_exp_avg_sq.sqrt().div(biasCorrection2Sqrt).add_(g.eps);
  } else {
    denom = expAvgSq.sqrt().div(biasCorrection2Sqrt).add_(g.eps);
  }
  p.addcdiv_(expAvg, denom, { value: -stepSize });
}

export class Adam extends Optimizer {
  constructor(params: Iterable<Tensor> | ParamGroup[], ...args: unknown[]) {
    const d = optimizerSettings("Adam", args, ["lr", "betas", "eps", "weight_decay", "amsgrad"], ["maximize", "foreach"], { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false, maximize: false }) as Required<AdamOptions>;
    checkAdam(d);
    super(params, d);
  }
  protected update(p: Tensor, grad: Tensor, state: Record<string, any>, g: ParamGroup): void {
    adamStep(p, grad, state, g, false);
  }
}

/** Adam with decoupled weight decay: the parameter shrinks by lr * weight_decay before the Adam step. */
export class AdamW extends Optimizer {
  constructor(params: Iterable<Tensor> | ParamGroup[], ...args: unknown[]) {
    const d = optimizerSettings("AdamW", args, ["lr", "betas", "eps", "weight_decay", "amsgrad"], ["maximize", "foreach"], { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 1e-2, amsgrad: false, maximize: false }) as Required<AdamOptions>;
    checkAdam(d);
    super(params, d);
  }
  protected update(p: Tensor, grad: Tensor, state: Record<string, any>, g: ParamGroup): void {
    adamStep(p, grad, state, g, true);
  }
}

export interface RMSpropOptions {
  lr?: number;
  alpha?: number;
  eps?: number;
  weight_decay?: number;
  momentum?: number;
  centered?: boolean;
}

export class RMSprop extends Optimizer {
  constructor(params: Iterable<Tensor> | ParamGroup[], ...args: unknown[]) {
    const d = optimizerSettings("RMSprop", args, ["lr", "alpha", "eps", "weight_decay", "momentum", "centered"], ["maximize", "foreach"], { lr: 1e-2, alpha: 0.99, eps: 1e-8, weight_decay: 0, momentum: 0, centered: false, maximize: false }) as Required<RMSpropOptions>;
    check(d.lr >= 0, `Invalid learning rate: ${d.lr}`);
    check(d.eps >= 0, `Invalid epsilon value: ${d.eps}`);
    check(d.momentum >= 0, `Invalid momentum value: ${d.momentum}`);
    check(d.weight_decay >= 0, `Invalid weight_decay value: ${d.weight_decay}`);
    check(d.alpha >= 0, `Invalid alpha value: ${d.alpha}`);
    super(params, d);
  }
  protected update(p: Tensor, grad: Tensor, state: Record<string, any>, g: ParamGroup): void {
    if (state.step === undefined) {
      state.step = 0;
      state.square_avg = Tensor._full(p.shape, 0, p.dtype);
      if (g.momentum > 0) state.momentum_buffer = Tensor._full(p.shape, 0, p.dtype);
      if (g.centered) state.grad_avg = Tensor._full(p.shape, 0, p.dtype);
    }
    state.step += 1;
    if (g.weight_decay !== 0) grad = grad.add(p, { alpha: g.weight_decay });
    const squareAvg: Tensor = state.square_avg;
    squareAvg.mul_(g.alpha).addcmul_(grad, grad, { value: 1 - g.alpha });
    let avg: Tensor;
    if (g.centered) {
      state.grad_avg.mul_(g.alpha).add_(grad, { alpha: 1 - g.alpha });
      avg = squareAvg.addcmul(state.grad_avg, state.grad_avg, { value: -1 }).sqrt_().add_(g.eps);
    } else {
      avg = squareAvg.sqrt().add_(g.eps);
    }
    if (g.momentum > 0) {
      state.momentum_buffer.mul_(g.momentum).addcdiv_(grad, avg);
      p.add_(state.momentum_buffer, { alpha: -g.lr });
    } else {
      p.addcdiv_(grad, avg, { value: -g.lr });
    }
  }
}

