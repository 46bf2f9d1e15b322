// torch.nn.Module. Parameters and submodules are the module's own properties,
// found in assignment order (PyTorch's registration order); buffers are
// registered with register_buffer. Printing follows Module.__repr__.
import { no_grad } from "../autograd/grad_mode.js";
import { Function, type FunctionCtx } from "../autograd/function.js";
import { gradState } from "../autograd/grad_mode.js";
import type { RemovableHandle } from "../autograd/node.js";
import { DType, dtypeFromName, float32, float64 } from "../dtype.js";
import { NotImplementedError, RuntimeError, TorchTypeError } from "../errors.js";
import { checkKeywords } from "../args.js";
import { Device, Tensor } from "../tensor.js";
import { Parameter } from "./parameter.js";
import { keep, libraryScope, userCode } from "../memory.js";
import { className } from "../names.js";

export type StateDict = Record<string, Tensor>;
export type ForwardPreHook = (module: Module, input: unknown[]) => unknown;
export type ForwardHook = (module: Module, input: unknown[], output: any) => unknown;
export type BackwardHook = (module: Module, grad_input: (Tensor | null)[], grad_output: (Tensor | null)[]) => (Tensor | null)[] | undefined | void;

const isDeviceName = (s: string) => /^(cpu|cuda|mps|webgpu|meta)(:\d+)?$/.test(s);

interface BackwardHookState {
  module: Module;
  hooks: BackwardHook[];
  gradOutputs: (Tensor | null)[] | null;
  inputsHooked: boolean;
}

function runBackwardHooks(state: BackwardHookState, gradInput: (Tensor | null)[]): (Tensor | null)[] {
  let grads = gradInput;
  for (const hook of [...state.hooks]) {
    const r = userCode(() => hook(state.module, grads, state.gradOutputs ?? []), [grads, state.gradOutputs]);
    if (r !== undefined && r !== null) {
      if (!Array.isArray(r) || r.length !== grads.length) throw new RuntimeError(`Backward hook returned an invalid number of grad_input, got ${Array.isArray(r) ? r.length : 1}, but expected ${grads.length}`);
      grads = r;
    }
  }
  return grads;
}

/**
 * PyTorch's BackwardHookFunction: an identity on the module's inputs (and,
 * separately, outputs) whose node sees their gradients: the outputs' node
 * records grad_output, the inputs' node runs the full backward hooks.
 */
class BackwardHookFunction extends Function {
  static override forward(ctx: FunctionCtx, state: BackwardHookState, role: "input" | "output", ...tensors: Tensor[]): Tensor | Tensor[] {
    ctx.state = state;
    ctx.role = role;
    return tensors.length === 1 ? tensors[0] : tensors;
  }
  static override backward(ctx: FunctionCtx, ...grads: (Tensor | null)[]): (Tensor | null)[] {
    const state = ctx.state as BackwardHookState;
    if (ctx.role === "output") {
      state.gradOutputs = grads;
      // With no input that requires grad, the hooks run here, with grad_input = [null].
      if (!state.inputsHooked) runBackwardHooks(state, [null]);
      return [null, null, ...grads];
    }
    return [null, null, ...runBackwardHooks(state, grads)];
  }
}

/** Passes the tensor arguments that require grad through BackwardHookFunction. */
function wrapInputs(state: BackwardHookState, input: unknown[]): unknown[] {
  const idx = input.map((a, i) => (a instanceof Tensor && a.requires_grad ? i : -1)).filter((i) => i >= 0);
  if (idx.length === 0) return input;
  state.inputsHooked = true;
  const raw = BackwardHookFunction.apply<Tensor | Tensor[]>(state, "input", ...idx.map((i) => input[i]));
  const wrapped = Array.isArray(raw) ? raw : [raw];
  const out = [...input];
  idx.forEach((i, k) => (out[i] = wrapped[k]));
  return out;
}

/** Passes the output tensor (or the tensors of an output array) through BackwardHookFunction. */
function wrapOutputs(state: BackwardHookState, output: unknown): unknown {
  const list = output instanceof Tensor ? [output] : Array.isArray(output) ? output : [];
  const idx = list.map((a, i) => (a instanceof Tensor && a.requires_grad ? i : -1)).filter((i) => i >= 0);
  if (idx.length === 0) return output;
  const raw = BackwardHookFunction.apply<Tensor | Tensor[]>(state, "output", ...idx.map((i) => list[i]));
  const wrapped = Array.isArray(raw) ? raw : [raw];
  if (output instanceof Tensor) return wrapped[0];
  const out = [...list];
  idx.forEach((i, k) => (out[i] = wrapped[k]));
  return out;
}

/** The forwards of the library's own modules, each run in a library scope (Note [library scopes]). */
const libraryForwards = new WeakSet<object>();

/**
 * Makes the forward of each of these library module classes (and of their
 * library base classes) free its temporaries as it returns. Called once by
 * torch.nn's index over every module class it exports.
 */
export function markLibraryModules(classes: Iterable<unknown>): void {
  for (const c of classes) {
    if (typeof c !== "function" || !(c.prototype instanceof Module)) continue;
    for (let p: object = c.prototype as object; p !== Module.prototype; p = Object.getPrototypeOf(p) as object) {
      const original = Object.getOwnPropertyDescriptor(p, "forward")?.value as ((...args: unknown[]) => unknown) | undefined;
      if (original === undefined || libraryForwards.has(original)) continue;
      const forward = function (this: Module, ...args: unknown[]): unknown {
        return libraryScope(() => original.apply(this, args));
      };
      Object.defineProperty(forward, "name", { value: "forward" });
      libraryForwards.add(forward);
      Object.defineProperty(p, "forward", { value: forward, writable: true, configurable: true, enumerable: false });
    }
  }
}

/**
 * A library module calling a child that may be the user's (a Sequential's
 * module, a Transformer's layers): a forward of the user's own runs as user
 * code, so that no library scope frees what it keeps (Note [library scopes]).
 */
export function callModule(m: Module, ...args: unknown[]): any {
  return libraryForwards.has(m.forward) ? m.forward(...args) : userCode(() => m.forward(...args), args);
}

function addIndent(s: string, spaces: number): string {
  const lines = s.split("\n");
  if (lines.length === 1) return s;
  return [lines[0], ...lines.slice(1).map((l) => " ".repeat(spaces) + l)].join("\n");
}

export class Module {
  /** Train or eval mode (train() / eval()). */
  training = true;
  private readonly _buffers = new Map<string, Tensor | null>();
  private readonly _nonPersistent = new Set<string>();

  /** Subclasses compute their output here; call module.forward(x). */
  forward(..._args: any[]): any {
    throw new NotImplementedError(`Module [${className(this)}] is missing the required "forward" function`);
  }

  /** Registers a tensor that is state but not a parameter (running statistics), saved in state_dict. */
  register_buffer(name: string, tensor: Tensor | null, persistent = true): void {
    this._buffers.set(name, keep(tensor));
    if (!persistent) this._nonPersistent.add(name);
    Object.defineProperty(this, name, {
      get: () => this._buffers.get(name) ?? null,
      set: (v: Tensor | null) => this._buffers.set(name, keep(v)),
      enumerable: false,
      configurable: true,
    });
  }

  register_parameter(name: string, param: Parameter | null): void {
    (this as unknown as Record<string, unknown>)[name] = param;
  }

  add_module(name: string, module: Module | null): void {
    (this as unknown as Record<string, unknown>)[name] = module;
  }

  /** This module's own parameters, in assignment order. */
  protected ownParameters(): [string, Parameter][] {
    return Object.entries(this).filter((e): e is [string, Parameter] => e[1] instanceof Parameter);
  }

  named_children(): [string, Module][] {
    return Object.entries(this).filter((e): e is [string, Module] => e[1] instanceof Module);
  }
  children(): Module[] {
    return this.named_children().map((e) => e[1]);
  }

  named_modules(prefix = ""): [string, Module][] {
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, child] of this.named_children()) out.push(...child.named_modules(prefix ? `${prefix}.${name}` : name));
    return out;
  }
  modules(): Module[] {
    return this.named_modules().map((e) => e[1]);
  }

  named_parameters(prefix = "", recurse = true): [string, Parameter][] {
    const seen = new Set<Parameter>();
    const out: [string, Parameter][] = [];
    for (const [mprefix, m] of recurse ? this.named_modules(prefix) : [[prefix, this] as [string, Module]]) {
      for (const [name, p] of m.ownParameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([mprefix ? `${mprefix}.${name}` : name, p]);
      }
    }
    return out;
  }
  parameters(recurse = true): Parameter[] {
    return this.named_parameters("", recurse).map((e) => e[1]);
  }

  named_buffers(prefix = "", recurse = true): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [mprefix, m] of recurse ? this.named_modules(prefix) : [[prefix, this] as [string, Module]]) {
      for (const [name, b] of m._buffers) if (b !== null) out.push([mprefix ? `${mprefix}.${name}` : name, b]);
    }
    return out;
  }
  buffers(recurse = true): Tensor[] {
    return this.named_buffers("", recurse).map((e) => e[1]);
  }

  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }
  eval(): this {
    return this.train(false);
  }

  /** Clears the gradients of every parameter: to null by default (PyTorch 2), or to zeros. */
  zero_grad(set_to_none = true): void {
    for (const p of this.parameters()) {
      if (p._grad === null) continue;
      if (set_to_none) p.grad = null;
      else no_grad(() => p._grad!.zero_());
    }
  }

  apply(fn: (m: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /** Parameters and persistent buffers by dotted name, detached (sharing storage), as PyTorch's. */
  state_dict(prefix = ""): StateDict {
    const out: StateDict = {};
    for (const [mprefix, m] of this.named_modules(prefix)) {
      const p = mprefix ? `${mprefix}.` : "";
      for (const [name, param] of m.ownParameters()) out[p + name] = param.detach();
      for (const [name, b] of m._buffers) if (b !== null && !m._nonPersistent.has(name)) out[p + name] = b.detach();
    }
    return out;
  }

  /** Copies values in; PyTorch's errors for missing, unexpected and mis-sized keys when strict. */
  load_state_dict(state: StateDict, strict = true): { missing_keys: string[]; unexpected_keys: string[] } {
    const own = this.state_dict();
    const missing = Object.keys(own).filter((k) => !(k in state));
    const unexpected = Object.keys(state).filter((k) => !(k in own));
    const errors: string[] = [];
    for (const [k, t] of Object.entries(own)) {
      const src = state[k];
      if (src === undefined) continue;
      if (src.shape.join() !== t.shape.join()) {
        errors.push(`size mismatch for ${k}: copying a param with shape torch.Size([${src.shape.join(", ")}]) from checkpoint, the shape in current model is torch.Size([${t.shape.join(", ")}]).`);
      }
    }
    if (strict) {
      if (unexpected.length) errors.unshift(`Unexpected key(s) in state_dict: ${unexpected.map((k) => `"${k}"`).join(", ")}. `);
      if (missing.length) errors.unshift(`Missing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(", ")}. `);
    }
    if (errors.length) {
      throw new RuntimeError(`Error(s) in loading state_dict for ${className(this)}:\n\t${errors.join("\n\t")}`);
    }
    no_grad(() => {
      for (const [k, t] of Object.entries(own)) if (state[k] !== undefined) t.copy_(state[k]);
    });
    return { missing_keys: missing, unexpected_keys: unexpected };
  }

  /**
   * Module.to(dtype), to(device), to(device, dtype), to(tensor) or to({ device, dtype }):
   * converts floating parameters (and their gradients) and buffers in place. The
   * Parameter objects stay the same, so an optimizer built before keeps training them.
   */
  to(...args: (DType | string | Tensor | Device | { dtype?: DType | string; device?: string | Device } | null | undefined)[]): this {
    let dtype: DType | null = null;
    let device: string | null = null;
    for (const a of args) {
      if (a === null || a === undefined) continue;
      if (a instanceof Tensor) dtype = a.dtype;
      else if (a instanceof Device) device = a.type;
      else if (typeof a === "object" && !(a instanceof DType)) {
        const o = a as { dtype?: DType | string; device?: string | Device; non_blocking?: boolean; copy?: boolean };
        checkKeywords("to", o, ["dtype", "device", "non_blocking", "copy"]);
        if (o.dtype !== undefined) dtype = dtypeFromName(o.dtype);
        if (o.device !== undefined) device = String(o.device);
      } else if (typeof a === "string" && isDeviceName(a)) device = a;
      else dtype = dtypeFromName(a as DType | string);
    }
    const dev = device === null ? null : Device.of(device);
    if (dtype !== null && !dtype.is_floating_point) throw new TorchTypeError(`nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=${dtype.toString()}`);
    if (dtype === null && dev === null) return this;
    // Floating tensors take the dtype; every tensor takes the device.
    const convert = (t: Tensor) => t.to(...(dev === null ? [] : [dev]), ...(dtype !== null && t.dtype.is_floating_point ? [dtype] : []));
    for (const m of this.modules()) {
      for (const [, p] of m.ownParameters()) {
        p.data = convert(p.data);
        if (p._grad !== null) p._grad = keep(convert(p._grad));
      }
      for (const [name, b] of m._buffers) if (b !== null) m._buffers.set(name, keep(convert(b)));
    }
    return this;
  }
  float(): this {
    return this.to(float32);
  }
  double(): this {
    return this.to(float64);
  }
  /** The CPU is the only device here: the module itself. */
  cpu(): this {
    return this;
  }

  /** Sets requires_grad on every parameter (freezing or unfreezing the module). */
  requires_grad_(requires_grad = true): this {
    for (const p of this.parameters()) p.requires_grad_(requires_grad);
    return this;
  }

  // ---- hooks (Note [module hooks]) ------------------------------------------------
  private _hooks: { pre: ForwardPreHook[]; forward: ForwardHook[]; backward: BackwardHook[] } | null = null;

  /** hook(module, input) runs before forward; a returned value replaces the input (an array of arguments, or the one argument). */
  register_forward_pre_hook(hook: ForwardPreHook): RemovableHandle {
    return this.addHook("pre", hook);
  }
  /** hook(module, input, output) runs after forward; a returned value replaces the output. */
  register_forward_hook(hook: ForwardHook): RemovableHandle {
    return this.addHook("forward", hook);
  }
  /** hook(module, grad_input, grad_output) runs when the gradients of the module's inputs are computed; a returned array replaces grad_input. */
  register_full_backward_hook(hook: BackwardHook): RemovableHandle {
    return this.addHook("backward", hook);
  }

  private addHook<K extends "pre" | "forward" | "backward">(kind: K, hook: NonNullable<Module["_hooks"]>[K][number]): RemovableHandle {
    if (this._hooks === null) {
      this._hooks = { pre: [], forward: [], backward: [] };
      // Note [module hooks]: JS has no __call__, so forward itself is wrapped (an own,
      // non-enumerable property) once the first hook is registered.
      const original = this.forward;
      Object.defineProperty(this, "forward", { value: (...args: unknown[]) => this.callWithHooks(original, args), writable: true, configurable: true, enumerable: false });
    }
    const list = this._hooks[kind] as unknown[];
    list.push(hook);
    return { remove: () => { const i = list.indexOf(hook); if (i >= 0) list.splice(i, 1); } };
  }

  private callWithHooks(original: (...args: any[]) => any, args: unknown[]): any {
    const hooks = this._hooks!;
    let input = args;
    for (const hook of [...hooks.pre]) {
      const r = userCode(() => hook(this, input), input);
      if (r !== undefined && r !== null) input = Array.isArray(r) ? r : [r];
    }
    const state: BackwardHookState = { module: this, hooks: hooks.backward, gradOutputs: null, inputsHooked: false };
    const hooked = hooks.backward.length > 0 && gradState.enabled;
    if (hooked) input = wrapInputs(state, input);
    let output = original.apply(this, input);
    for (const hook of [...hooks.forward]) {
      const r = userCode(() => hook(this, input, output), [input, output]);
      if (r !== undefined) output = r;
    }
    if (hooked) output = wrapOutputs(state, output);
    return output;
  }

  /**
   * Python's copy.deepcopy of a module: the same class and settings, with new
   * parameters and buffers holding copies of the values (hooks are not copied).
   */
  deepcopy(): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as Record<string, unknown>;
    for (const [k, v] of Object.entries(this)) {
      if (k === "_buffers" || k === "_nonPersistent" || k === "_hooks") continue;
      if (v instanceof Parameter) copy[k] = new Parameter(v.detach().clone(), v.requires_grad);
      else if (v instanceof Module) copy[k] = v.deepcopy();
      else if (v instanceof Tensor) copy[k] = v.detach().clone();
      else copy[k] = v;
    }
    Object.assign(copy, { _buffers: new Map(), _nonPersistent: new Set(), _hooks: null });
    const m = copy as unknown as Module;
    for (const [name, b] of this._buffers) m.register_buffer(name, b === null ? null : b.detach().clone(), !this._nonPersistent.has(name));
    return m as this;
  }

  /** The text inside the parentheses of this module's line in toString(). */
  extra_repr(): string {
    return "";
  }

  toString(): string {
    const extra = this.extra_repr();
    const extraLines = extra ? extra.split("\n") : [];
    const childLines = this.named_children().map(([k, m]) => `(${k}): ${addIndent(m.toString(), 2)}`);
    const lines = [...extraLines, ...childLines];
    let s = `${className(this)}(`;
    if (lines.length) {
      if (extraLines.length === 1 && childLines.length === 0) s += extraLines[0];
      else s += "\n  " + lines.join("\n  ") + "\n";
    }
    return s + ")";
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
