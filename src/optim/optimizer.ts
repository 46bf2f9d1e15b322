// torch.optim: PyTorch's update rules (its single-tensor implementations),
// step by step, in tensor ops under no_grad.
import { no_grad } from "../autograd/grad_mode.js";
import { empty_like, full_like, zeros_like } from "../ops/creation.js";
import { _fused_adadelta_, _fused_adam_, _fused_sgd_ } from "../ops/fused.js";
import { where } from "../ops/elementwise.js";
import { bindArgs, type ArgsOf } from "../args.js";
import { AssertionError, NotImplementedError, RuntimeError, TorchTypeError, typeName, ValueError } from "../errors.js";
import { Tensor } from "../tensor.js";
import { warn } from "../warnings.js";
import { escape, keep, libraryScope, userCode } from "../memory.js";
import { className } from "../names.js";

export type ParamGroup = { params: Tensor[]; [option: string]: any };

/** The tensors of one parameter's state (its values, and lists of them). */
export function stateTensors(state: Record<string, unknown>): Set<Tensor> {
  const found = new Set<Tensor>();
  for (const v of Object.values(state)) {
    if (v instanceof Tensor) found.add(v);
    else if (Array.isArray(v)) for (const t of v) if (t instanceof Tensor) found.add(t);
  }
  return found;
}

/** Optimizer state is the optimizer's, never a torch.scope's to free (Note [ownership]). */
export function keepState(state: Record<string, unknown>): void {
  for (const t of stateTensors(state)) keep(t);
}

/**
 * Frees the state tensors a step replaced (`before` is the state's tensors as
 * the step began): they are the optimizer's own, unless state_dict() handed
 * them out (Note [library scopes]).
 */
export function freeReplacedState(before: Set<Tensor>, state: Record<string, unknown>): void {
  const now = stateTensors(state);
  for (const t of before) if (!now.has(t) && !t._escaped) t.dispose();
}

export abstract class Optimizer {
  param_groups: ParamGroup[];
  /** Per-parameter state (momentum buffers, moment estimates, step counts). */
  state = new Map<Tensor, Record<string, any>>();
  readonly defaults: Record<string, any>;

  constructor(params: Iterable<Tensor> | ParamGroup[], defaults: Record<string, any>) {
    this.defaults = defaults;
    if (params instanceof Tensor) throw new TorchTypeError(`params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${params.type() as string}`);
    const list = [...(params as Iterable<Tensor | ParamGroup>)];
    if (list.length === 0) throw new ValueError("optimizer got an empty parameter list");
    this.param_groups = [];
    for (const g of list[0] instanceof Tensor ? [{ params: list as Tensor[] }] : (list as ParamGroup[])) this.add_param_group(g);
  }

  /** PyTorch's add_param_group: the group's options over the defaults; a parameter belongs to one group only. */
  add_param_group(param_group: { params: Tensor | Iterable<Tensor>; [option: string]: any }): void {
    if (param_group === null || typeof param_group !== "object" || param_group instanceof Tensor || Array.isArray(param_group)) throw new AssertionError("param group must be a dict");
    const given = param_group.params;
    if (given instanceof Set) {
      throw new TorchTypeError("optimizer parameters need to be organized in ordered collections, but the ordering of tensors in sets will change between runs. Please use a list instead.");
    }
    const params = given instanceof Tensor ? [given] : [...given];
    for (const p of params) {
      if (!(p instanceof Tensor)) throw new TorchTypeError(`optimizer can only optimize Tensors, but one of the params is ${typeName(p)}`);
      if (!(p.is_leaf || p.retains_grad)) throw new ValueError("can't optimize a non-leaf Tensor");
    }
    const group: ParamGroup = { ...this.defaults, ...param_group, params };
    // PyTorch's capturable (CUDA graphs) and differentiable (a step that autograd records) have no counterpart here.
    for (const k of ["capturable", "differentiable"]) {
      if (group[k] === true) throw new NotImplementedError(`tensorgrad: ${className(this)}(${k}=True) is not supported`);
    }
    if (new Set(params).size !== params.length) {
      warn("optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more information");
    }
    const taken = new Set(this.param_groups.flatMap((g) => g.params));
    if (params.some((p) => taken.has(p))) throw new ValueError("some parameters appear in more than one parameter group");
    this.param_groups.push(group);
  }

  /** Clears gradients: to null by default (PyTorch 2's set_to_none=True), or to zeros. */
  zero_grad(...args: [boolean?] | [{ set_to_none?: boolean }]): void {
    const set_to_none = (bindArgs("zero_grad", args, ["set_to_none"]).set_to_none ?? true) as boolean;
    for (const g of this.param_groups) {
      for (const p of g.params) {
        if (p._grad === null) continue;
        if (set_to_none) p.grad = null;
        else no_grad(() => p._grad!.zero_());
      }
    }
  }

  /** One update of every parameter that has a gradient. */
  step(closure?: () => Tensor): Tensor | undefined {
    let loss: Tensor | undefined;
    if (closure) loss = userCode(closure);
    // The update's temporaries are freed as it returns (Note [library scopes]).
    libraryScope(() => no_grad(() => {
      for (const group of this.param_groups) {
        for (const p of group.params) {
          if (p._grad === null) continue;
          let state = this.state.get(p);
          if (!state) this.state.set(p, (state = {}));
          this.update(p, p._grad, state, group);
          keepState(state);
        }
      }
    }));
    return loss;
  }

  protected abstract update(param: Tensor, grad: Tensor, state: Record<string, any>, group: ParamGroup): void;

  state_dict(): { state: Record<number, Record<string, any>>; param_groups: Record<string, any>[] } {
    let index = 0;
    const ids = new Map<Tensor, number>();
    const groups = this.param_groups.map((g) => ({ ...g, params: g.params.map((p) => (ids.set(p, index), index++)) }));
    const state: Record<number, Record<string, any>> = {};
    for (const [p, s] of this.state) state[ids.get(p)!] = { ...s };
    // Handed out: no longer the optimizer's alone to free.
    escape(state);
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
    for (const st of this.state.values()) keepState(st);
  }
}

function check(cond: boolean, message: string): void {
  if (!cond) throw new ValueError(message);
}

/** PyTorch's ValueError for a negative setting ("Invalid learning rate: -1", "Invalid momentum value: -1"). */
function checkNonNegative(d: Record<string, unknown>, keys: readonly string[]): void {
  for (const k of keys) {
    const v = d[k] as number;
    check(v >= 0, k === "lr" ? `Invalid learning rate: ${v}` : `Invalid ${k === "eps" ? "epsilon" : k} value: ${v}`);
  }
}

/**
 * An optimizer's settings from PyTorch's positional order and options
 * (`new SGD(params, 0.1, 0.9)` or `new SGD(params, { lr: 0.1, momentum: 0.9 })`),
 * over its defaults; misspelled options and values of the wrong kind are errors.
 */
export function optimizerSettings(cls: string, args: readonly unknown[], names: string[], keywordOnly: string[], defaults: Record<string, unknown>): Record<string, unknown> {
  const given = bindArgs(`${cls}.__init__`, args, names, keywordOnly);
  delete given.foreach; // PyTorch's choice of implementation: the numbers are the same.
  const d = { ...defaults, ...given };
  for (const [key, value] of Object.entries(d)) {
    // Settings whose default is a number or a bool take only that kind (LBFGS's max_eval and line_search_fn default to None).
    const want = typeof defaults[key];
    if (key === "betas") {
      if (!Array.isArray(value) || value.length !== 2 || value.some((b) => typeof b !== "number")) {
        throw new TorchTypeError(`${cls}.__init__(): argument 'betas' must be a pair of numbers, not ${typeName(value)}`);
      }
    } else if ((want === "number" || want === "boolean") && typeof value !== want) throw new TorchTypeError(`${cls}.__init__(): argument '${key}' must be ${want === "number" ? "a number" : "a bool"}, not ${typeName(value)}`);
  }
  return d;
}

function checkAdam(d: Required<AdamOptions>): void {
  checkNonNegative(d, ["lr", "eps"]);
  check(d.betas[0] >= 0 && d.betas[0] < 1, `Invalid beta parameter at index 0: ${d.betas[0]}`);
  check(d.betas[1] >= 0 && d.betas[1] < 1, `Invalid beta parameter at index 1: ${d.betas[1]}`);
  checkNonNegative(d, ["weight_decay"]);
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
  constructor(params: Iterable<Tensor> | ParamGroup[], ...args: ArgsOf<["lr", "momentum", "dampening", "weight_decay", "nesterov"], ["maximize", "foreach", "differentiable"]>) {
    const d = optimizerSettings("SGD", args, ["lr", "momentum", "dampening", "weight_decay", "nesterov"], ["maximize", "foreach", "differentiable"], { lr: 1e-3, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false, maximize: false, differentiable: false }) as Required<SGDOptions>;
    checkNonNegative(d, ["lr", "momentum", "weight_decay"]);
    if (d.nesterov && (d.momentum <= 0 || d.dampening !== 0)) throw new ValueError("Nesterov momentum requires a momentum and zero dampening");
    super(params, d);
  }
  protected update(p: Tensor, grad: Tensor, state: Record<string, any>, g: ParamGroup): void {
    const first = g.momentum !== 0 && state.momentum_buffer === undefined;
    if (first) state.momentum_buffer = empty_like(p);
    const fused = { lr: g.lr, momentum: g.momentum, dampening: g.dampening, weight_decay: g.weight_decay, nesterov: g.nesterov, maximize: g.maximize, first };
    if (_fused_sgd_(p, grad, g.momentum !== 0 ? state.momentum_buffer : null, fused)) return;
    if (first) delete state.momentum_buffer;
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
  if (state.step === undefined) {
    state.step = 0;
    state.exp_avg = zeros_like(p);
    state.exp_avg_sq = zeros_like(p);
    if (g.amsgrad) state.max_exp_avg_sq = zeros_like(p);
  }
  state.step += 1;
  const fused = { lr: g.lr, beta1, beta2, eps: g.eps, weight_decay: g.weight_decay, decoupled, maximize: g.maximize, step: state.step };
  if (_fused_adam_(p, grad, state.exp_avg, state.exp_avg_sq, g.amsgrad ? state.max_exp_avg_sq : null, fused)) return;
  if (g.maximize) grad = grad.neg();
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
  constructor(params: Iterable<Tensor> | ParamGroup[], ...args: ArgsOf<["lr", "betas", "eps", "weight_decay", "amsgrad"], ["foreach", "maximize", "capturable", "differentiable", "fused"]>) {
    const o = optimizerSettings("Adam", args, ["lr", "betas", "eps", "weight_decay", "amsgrad"], ["foreach", "maximize", "capturable", "differentiable", "fused"], {
      lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false, maximize: false, capturable: false, differentiable: false, fused: false,
    });
    checkAdam(o as Required<AdamOptions>);
    super(params, o);
    // PyTorch's fused Adam is a CUDA kernel (the backend's one-kernel step is Note [fused optimizer steps], taken by itself).
    if (o.fused) throw new RuntimeError("FusedAdam requires all the params to be CUDA, floating point");
  }
  protected update(p: Tensor, grad: Tensor, state: Record<string, any>, g: ParamGroup): void {
    adamStep(p, grad, state, g, false);
  }
}

/** Adam with decoupled weight decay: the parameter shrinks by lr * weight_decay before the Adam step. */
export class AdamW extends Optimizer {
  constructor(params: Iterable<Tensor> | ParamGroup[], ...args: ArgsOf<["lr", "betas", "eps", "weight_decay", "amsgrad"], ["maximize", "foreach", "capturable"]>) {
    const d = optimizerSettings("AdamW", args, ["lr", "betas", "eps", "weight_decay", "amsgrad"], ["maximize", "foreach", "capturable"], { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 1e-2, amsgrad: false, maximize: false, capturable: false }) as Required<AdamOptions>;
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
  maximize?: boolean;
}

export class RMSprop extends Optimizer {
  constructor(params: Iterable<Tensor> | ParamGroup[], ...args: ArgsOf<["lr", "alpha", "eps", "weight_decay", "momentum", "centered", "foreach", "maximize", "differentiable"], []>) {
    const d = optimizerSettings("RMSprop", args, ["lr", "alpha", "eps", "weight_decay", "momentum", "centered", "foreach", "maximize", "differentiable"], [], {
      lr: 1e-2, alpha: 0.99, eps: 1e-8, weight_decay: 0, momentum: 0, centered: false, maximize: false, differentiable: false,
    }) as Required<RMSpropOptions>;
    checkNonNegative(d, ["lr", "eps", "momentum", "weight_decay", "alpha"]);
    super(params, d);
  }
  protected update(p: Tensor, grad: Tensor, state: Record<string, any>, g: ParamGroup): void {
    if (state.step === undefined) {
      state.step = 0;
      state.square_avg = zeros_like(p);
      if (g.momentum > 0) state.momentum_buffer = zeros_like(p);
      if (g.centered) state.grad_avg = zeros_like(p);
    }
    state.step += 1;
    if (g.maximize) grad = grad.neg();
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


export interface AdagradOptions {
  lr?: number;
  lr_decay?: number;
  weight_decay?: number;
  initial_accumulator_value?: number;
  eps?: number;
  maximize?: boolean;
}

/** Adagrad(params, lr=0.01, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10, *, maximize=False). */
export class Adagrad extends Optimizer {
  constructor(params: Iterable<Tensor> | ParamGroup[], ...args: ArgsOf<["lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps", "foreach"], ["maximize"]>) {
    const d = optimizerSettings("Adagrad", args, ["lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps", "foreach"], ["maximize"], {
      lr: 1e-2, lr_decay: 0, weight_decay: 0, initial_accumulator_value: 0, eps: 1e-10, maximize: false,
    }) as Required<AdagradOptions>;
    checkNonNegative(d, ["lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"]);
    super(params, d);
    // PyTorch fills the accumulators when the optimizer is made.
    for (const g of this.param_groups) for (const p of g.params) this.state.set(p, { step: 0, sum: keep(full_like(p, g.initial_accumulator_value)) });
  }
  protected update(p: Tensor, grad: Tensor, state: Record<string, any>, g: ParamGroup): void {
    if (g.maximize) grad = grad.neg();
    state.step += 1;
    if (g.weight_decay !== 0) grad = grad.add(p, { alpha: g.weight_decay });
    const clr = g.lr / (1 + (state.step - 1) * g.lr_decay);
    state.sum.addcmul_(grad, grad, { value: 1 });
    p.addcdiv_(grad, state.sum.sqrt().add_(g.eps), { value: -clr });
  }
}

export interface AdadeltaOptions {
  lr?: number;
  rho?: number;
  eps?: number;
  weight_decay?: number;
  maximize?: boolean;
}

/** Adadelta(params, lr=1.0, rho=0.9, eps=1e-06, weight_decay=0, *, maximize=False). */
export class Adadelta extends Optimizer {
  constructor(params: Iterable<Tensor> | ParamGroup[], ...args: ArgsOf<["lr", "rho", "eps", "weight_decay", "foreach"], ["maximize"]>) {
    const d = optimizerSettings("Adadelta", args, ["lr", "rho", "eps", "weight_decay", "foreach"], ["maximize"], { lr: 1, rho: 0.9, eps: 1e-6, weight_decay: 0, maximize: false }) as Required<AdadeltaOptions>;
    checkNonNegative(d, ["lr", "eps", "weight_decay"]);
    check(d.rho >= 0 && d.rho <= 1, `Invalid rho value: ${d.rho}`);
    super(params, d);
  }
  protected update(p: Tensor, grad: Tensor, state: Record<string, any>, g: ParamGroup): void {
    if (state.step === undefined) {
      state.step = 0;
      state.square_avg = zeros_like(p);
      state.acc_delta = zeros_like(p);
    }
    state.step += 1;
    if (_fused_adadelta_(p, grad, state.square_avg, state.acc_delta, { lr: g.lr, rho: g.rho, eps: g.eps, weight_decay: g.weight_decay, maximize: g.maximize })) return;
    if (g.maximize) grad = grad.neg();
    if (g.weight_decay !== 0) grad = grad.add(p, { alpha: g.weight_decay });
    state.square_avg.mul_(g.rho).addcmul_(grad, grad, { value: 1 - g.rho });
    const std = state.square_avg.add(g.eps).sqrt_();
    const delta = state.acc_delta.add(g.eps).sqrt_().div_(std).mul_(grad);
    state.acc_delta.mul_(g.rho).addcmul_(delta, delta, { value: 1 - g.rho });
    p.add_(delta, { alpha: -g.lr });
  }
}

/** Adamax(params, lr=0.002, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, *, maximize=False). */
export class Adamax extends Optimizer {
  constructor(params: Iterable<Tensor> | ParamGroup[], ...args: ArgsOf<["lr", "betas", "eps", "weight_decay", "foreach"], ["maximize"]>) {
    const d = optimizerSettings("Adamax", args, ["lr", "betas", "eps", "weight_decay", "foreach"], ["maximize"], { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, maximize: false }) as Required<AdamOptions>;
    checkAdam(d);
    super(params, d);
  }
  protected update(p: Tensor, grad: Tensor, state: Record<string, any>, g: ParamGroup): void {
    const [beta1, beta2] = g.betas as [number, number];
    if (state.step === undefined) {
      state.step = 0;
      state.exp_avg = zeros_like(p);
      state.exp_inf = zeros_like(p);
    }
    state.step += 1;
    if (g.maximize) grad = grad.neg();
    if (g.weight_decay !== 0) grad = grad.add(p, { alpha: g.weight_decay });
    state.exp_avg.lerp_(grad, 1 - beta1);
    state.exp_inf.copy_(state.exp_inf.mul_(beta2).maximum(grad.abs().add_(g.eps)));
    p.addcdiv_(state.exp_avg, state.exp_inf, { value: -g.lr / (1 - beta1 ** state.step) });
  }
}

export interface NAdamOptions extends AdamOptions {
  momentum_decay?: number;
}

/** NAdam(params, lr=0.002, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, momentum_decay=0.004). */
export class NAdam extends Optimizer {
  constructor(params: Iterable<Tensor> | ParamGroup[], ...args: ArgsOf<["lr", "betas", "eps", "weight_decay", "momentum_decay", "foreach"], []>) {
    const d = optimizerSettings("NAdam", args, ["lr", "betas", "eps", "weight_decay", "momentum_decay", "foreach"], [], { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, momentum_decay: 4e-3 }) as Required<NAdamOptions>;
    checkAdam(d);
    checkNonNegative(d, ["momentum_decay"]);
    super(params, d);
  }
  protected update(p: Tensor, grad: Tensor, state: Record<string, any>, g: ParamGroup): void {
    const [beta1, beta2] = g.betas as [number, number];
    if (state.step === undefined) {
      state.step = 0;
      // A float32 scalar tensor in PyTorch: its products round to float32.
      state.mu_product = 1;
      state.exp_avg = zeros_like(p);
      state.exp_avg_sq = zeros_like(p);
    }
    const step = (state.step += 1);
    const biasCorrection2 = 1 - beta2 ** step;
    if (g.weight_decay !== 0) grad = grad.add(p, { alpha: g.weight_decay });
    const mu = beta1 * (1 - 0.5 * 0.96 ** (step * g.momentum_decay));
    const muNext = beta1 * (1 - 0.5 * 0.96 ** ((step + 1) * g.momentum_decay));
    state.mu_product = Math.fround(state.mu_product * mu);
    // PyTorch 1.13's formula, mu included twice (as its _single_tensor_nadam has it).
    const muProductNext = Math.fround(Math.fround(state.mu_product * mu) * muNext);
    state.exp_avg.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
    state.exp_avg_sq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
    const denom = state.exp_avg_sq.div(biasCorrection2).sqrt().add(g.eps);
    p.addcdiv_(grad, denom, { value: (-g.lr * (1 - mu)) / (1 - state.mu_product) });
    p.addcdiv_(state.exp_avg, denom, { value: (-g.lr * muNext) / (1 - muProductNext) });
  }
}

/** RAdam(params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0): Adam with the variance rectified (plain momentum while rho_t <= 5). */
export class RAdam extends Optimizer {
  constructor(params: Iterable<Tensor> | ParamGroup[], ...args: ArgsOf<["lr", "betas", "eps", "weight_decay", "foreach"], []>) {
    const d = optimizerSettings("RAdam", args, ["lr", "betas", "eps", "weight_decay", "foreach"], [], { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0 }) as Required<AdamOptions>;
    checkAdam(d);
    super(params, d);
  }
  protected update(p: Tensor, grad: Tensor, state: Record<string, any>, g: ParamGroup): void {
    const [beta1, beta2] = g.betas as [number, number];
    if (state.step === undefined) {
      state.step = 0;
      state.exp_avg = zeros_like(p);
      state.exp_avg_sq = zeros_like(p);
    }
    const step = (state.step += 1);
    const biasCorrection1 = 1 - beta1 ** step, biasCorrection2 = 1 - beta2 ** step;
    if (g.weight_decay !== 0) grad = grad.add(p, { alpha: g.weight_decay });
    state.exp_avg.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
    state.exp_avg_sq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
    const corrected = state.exp_avg.div(biasCorrection1);
    const rhoInf = 2 / (1 - beta2) - 1;
    const rhoT = rhoInf - (2 * step * beta2 ** step) / biasCorrection2;
    if (rhoT > 5) {
      const rect = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
      // sqrt(bc2) / tensor is Python's reciprocal-then-multiply (Tensor.__rdiv__).
      const adaptiveLr = state.exp_avg_sq.sqrt().add_(g.eps).reciprocal().mul(Math.sqrt(biasCorrection2));
      p.add_(corrected.mul(g.lr).mul(adaptiveLr).mul(rect), { alpha: -1 });
    } else p.add_(corrected.mul(g.lr), { alpha: -1 });
  }
}

/** Rprop(params, lr=0.01, etas=(0.5, 1.2), step_sizes=(1e-06, 50), foreach=None, maximize=False): per-element step sizes grown or shrunk by the gradient's sign agreement. */
export class Rprop extends Optimizer {
  constructor(params: Iterable<Tensor> | ParamGroup[], ...args: ArgsOf<["lr", "etas", "step_sizes", "foreach", "maximize"], []>) {
    const d = optimizerSettings("Rprop", args, ["lr", "etas", "step_sizes", "foreach", "maximize"], [], { lr: 1e-2, etas: [0.5, 1.2], step_sizes: [1e-6, 50], maximize: false });
    checkNonNegative(d, ["lr"]);
    const [etaminus, etaplus] = d.etas as [number, number];
    check(0 < etaminus && etaminus < 1 && 1 < etaplus, `Invalid eta values: ${etaminus}, ${etaplus}`);
    super(params, d);
  }
  protected update(p: Tensor, grad: Tensor, state: Record<string, any>, g: ParamGroup): void {
    const [etaminus, etaplus] = g.etas as [number, number];
    const [stepMin, stepMax] = g.step_sizes as [number, number];
    if (state.step === undefined) {
      state.step = 0;
      state.prev = zeros_like(p);
      state.step_size = full_like(grad, g.lr);
    }
    state.step += 1;
    if (g.maximize) grad = grad.neg();
    const agreement = grad.mul(state.prev).sign();
    const factor = where(agreement.gt(0), etaplus, where(agreement.lt(0), etaminus, 1)).to(grad.dtype);
    state.step_size.mul_(factor).clamp_(stepMin, stepMax);
    // Where the sign flipped, no step this time and no memory of the gradient.
    const kept = where(agreement.lt(0), 0, grad);
    p.addcmul_(kept.sign(), state.step_size, { value: -1 });
    state.prev.copy_(kept);
  }
}

/**
 * ASGD(params, lr=0.01, lambd=0.0001, alpha=0.75, t0=1000000.0, weight_decay=0, foreach=None, maximize=False):
 * SGD with a decaying step and the parameters' running average in state.ax. eta and mu are
 * float32 scalars in PyTorch's state, so they are rounded to float32 here.
 */
export class ASGD extends Optimizer {
  constructor(params: Iterable<Tensor> | ParamGroup[], ...args: ArgsOf<["lr", "lambd", "alpha", "t0", "weight_decay", "foreach", "maximize"], []>) {
    const d = optimizerSettings("ASGD", args, ["lr", "lambd", "alpha", "t0", "weight_decay", "foreach", "maximize"], [], { lr: 1e-2, lambd: 1e-4, alpha: 0.75, t0: 1e6, weight_decay: 0, maximize: false });
    checkNonNegative(d, ["lr", "weight_decay"]);
    super(params, d);
  }
  protected update(p: Tensor, grad: Tensor, state: Record<string, any>, g: ParamGroup): void {
    if (state.step === undefined) {
      state.step = 0;
      state.eta = Math.fround(g.lr);
      state.mu = 1;
      state.ax = zeros_like(p);
    }
    const step = (state.step += 1);
    if (g.maximize) grad = grad.neg();
    if (g.weight_decay !== 0) grad = grad.add(p, { alpha: g.weight_decay });
    p.mul_(1 - g.lambd * state.eta);
    p.add_(grad, { alpha: -state.eta });
    if (state.mu !== 1) state.ax.add_(p.sub(state.ax).mul(state.mu));
    else state.ax.copy_(p);
    state.eta = Math.fround(g.lr / (1 + g.lambd * g.lr * step) ** g.alpha);
    state.mu = Math.fround(1 / Math.max(1, step - g.t0));
  }
}
