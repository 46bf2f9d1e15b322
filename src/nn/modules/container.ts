// torch.nn's containers (torch/nn/modules/container.py).
import { KeyError } from "../../errors.js";
import type { Tensor } from "../../tensor.js";
import { callModule, Module } from "../module.js";
import { Parameter } from "../parameter.js";

/** What Sequential and ModuleList share: children named "0", "1", ... in order. */
abstract class Container extends Module {
  /** seq[0] is the first child, as in PyTorch (children are the own properties "0", "1", ...). */
  readonly [index: number]: Module;
  get length(): number {
    return this.children().length;
  }
  at(i: number): Module {
    const c = this.children();
    return c[i < 0 ? i + c.length : i];
  }
  append(m: Module): this {
    this.add_module(String(this.length), m);
    return this;
  }
  [Symbol.iterator](): Iterator<Module> {
    return this.children()[Symbol.iterator]();
  }
}

export class Sequential extends Container {
  constructor(...modules: Module[]) {
    super();
    modules.forEach((m) => this.append(m));
  }
  override forward(input: any): any {
    let x = input;
    for (const m of this.children()) x = callModule(m, x);
    return x;
  }
}

export class ModuleList extends Container {
  constructor(modules: Module[] = []) {
    super();
    modules.forEach((m) => this.append(m));
  }
  extend(ms: Module[]): this {
    for (const m of ms) this.append(m);
    return this;
  }
}

/** ModuleDict(modules?): submodules by name, in insertion order. */
export class ModuleDict extends Module {
  constructor(modules?: Record<string, Module> | Iterable<[string, Module]>) {
    super();
    if (modules !== undefined) this.update(modules);
  }
  get length(): number {
    return this.named_children().length;
  }
  get(key: string): Module {
    const m = this.named_children().find(([k]) => k === key);
    if (m === undefined) throw new KeyError(key);
    return m[1];
  }
  set(key: string, module: Module): void {
    this.add_module(key, module);
  }
  has(key: string): boolean {
    return this.named_children().some(([k]) => k === key);
  }
  pop(key: string): Module {
    const m = this.get(key);
    delete (this as unknown as Record<string, unknown>)[key];
    return m;
  }
  clear(): void {
    for (const [k] of this.named_children()) delete (this as unknown as Record<string, unknown>)[k];
  }
  keys(): string[] {
    return this.named_children().map(([k]) => k);
  }
  values(): Module[] {
    return this.children();
  }
  items(): [string, Module][] {
    return this.named_children();
  }
  update(modules: Record<string, Module> | Iterable<[string, Module]>): void {
    const entries = Symbol.iterator in Object(modules) ? [...(modules as Iterable<[string, Module]>)] : Object.entries(modules);
    for (const [k, m] of entries) this.add_module(k, m);
  }
  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }
}

/** ParameterList(values?): parameters named "0", "1", ... (a Tensor becomes a Parameter). */
export class ParameterList extends Module {
  constructor(values: Iterable<Tensor> = []) {
    super();
    this.extend(values);
  }
  get length(): number {
    return this.ownParameters().length;
  }
  at(i: number): Parameter {
    const ps = this.ownParameters();
    return ps[i < 0 ? i + ps.length : i][1];
  }
  append(value: Tensor): this {
    const p = value instanceof Parameter ? value : new Parameter(value);
    this.register_parameter(String(this.length), p);
    return this;
  }
  extend(values: Iterable<Tensor>): this {
    for (const v of values) this.append(v);
    return this;
  }
  [Symbol.iterator](): Iterator<Parameter> {
    return this.ownParameters().map((e) => e[1])[Symbol.iterator]();
  }
  override extra_repr(): string {
    return this.ownParameters()
      .map(([k, p]) => `  (${k}): Parameter containing: [${p.dtype.toString()} of size ${p.shape.join("x")}]`)
      .join("\n");
  }
}

/** ParameterDict(parameters?): parameters by name, in insertion order (a Tensor becomes a Parameter). */
export class ParameterDict extends Module {
  constructor(parameters: Record<string, Tensor> | Iterable<[string, Tensor]> = {}) {
    super();
    this.update(parameters);
  }
  get(key: string): Parameter | undefined {
    return this.ownParameters().find(([k]) => k === key)?.[1];
  }
  set(key: string, value: Tensor): this {
    this.register_parameter(key, value instanceof Parameter ? value : new Parameter(value));
    return this;
  }
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
  delete(key: string): boolean {
    const had = this.has(key);
    delete (this as unknown as Record<string, unknown>)[key];
    return had;
  }
  update(parameters: Record<string, Tensor> | Iterable<[string, Tensor]>): this {
    const entries = Symbol.iterator in (parameters as object) ? [...(parameters as Iterable<[string, Tensor]>)] : Object.entries(parameters);
    for (const [k, v] of entries) this.set(k, v);
    return this;
  }
  keys(): string[] {
    return this.ownParameters().map(([k]) => k);
  }
  values(): Parameter[] {
    return this.ownParameters().map(([, p]) => p);
  }
  items(): [string, Parameter][] {
    return this.ownParameters();
  }
  get length(): number {
    return this.ownParameters().length;
  }
  override extra_repr(): string {
    return this.ownParameters().map(([k, p]) => `  (${k}): Parameter containing: [${p.type() as string} of size ${p.shape.join("x")}]`).join("\n");
  }
}
