// Recurrent layers: RNN, LSTM, GRU and their cells, with PyTorch's parameter
// names (weight_ih_l0, bias_hh_l1_reverse, ...), shapes and initialisation,
// so a PyTorch state_dict loads. Each step is a few tensor ops; the input
// projection of a whole layer is one matrix product, as PyTorch's CPU path.
import { bindArgs } from "../args.js";
import { RuntimeError, ValueError } from "../errors.js";
import { empty, zeros } from "../ops/creation.js";
import { cat, stack } from "../ops/shape.js";
import type { Tensor } from "../tensor.js";
import * as F from "./functional.js";
import * as init from "./init.js";
import { factory } from "./layers.js";
import { Module } from "./module.js";
import { Parameter } from "./parameter.js";
import { PackedSequence } from "./rnn_utils.js";
import { className } from "../names.js";

type Mode = "RNN_TANH" | "RNN_RELU" | "LSTM" | "GRU";
const GATES: Record<Mode, number> = { RNN_TANH: 1, RNN_RELU: 1, LSTM: 4, GRU: 3 };
const pyBool = (b: boolean) => (b ? "True" : "False");

/**
 * One step of a cell from the input's projection xw (x W_ih^T + b_ih) and the
 * state's (h W_hh^T + b_hh). A layer passes them gate-major, [gates, batch,
 * hidden], so that each gate is a contiguous tensor the native kernels take; a
 * cell passes PyTorch's [batch, gates * hidden].
 */
function step(mode: Mode, xw: Tensor, hw: Tensor, h: Tensor, c: Tensor | null, gateMajor: boolean): [Tensor, Tensor | null] {
  const split = (t: Tensor) => (gateMajor ? t.unbind(0) : t.chunk(GATES[mode], 1));
  if (mode === "RNN_TANH" || mode === "RNN_RELU") {
    const pre = xw.add(hw);
    const out = mode === "RNN_TANH" ? pre.tanh() : pre.relu();
    return [gateMajor ? out.squeeze(0) : out, null];
  }
  if (mode === "LSTM") {
    const [i, f, g, o] = split(xw.add(hw));
    const c2 = f.sigmoid().mul(c!).add(i.sigmoid().mul(g.tanh()));
    return [o.sigmoid().mul(c2.tanh()), c2];
  }
  const [xr, xz, xn] = split(xw);
  const [hr, hz, hn] = split(hw);
  const r = xr.add(hr).sigmoid();
  const z = xz.add(hz).sigmoid();
  const n = xn.add(r.mul(hn)).tanh();
  return [n.sub(n.mul(z)).add(z.mul(h)), null];
}

/** The arguments every recurrent layer shares, in PyTorch's order. */
const RNN_NAMES = ["input_size", "hidden_size", "num_layers", "bias", "batch_first", "dropout", "bidirectional", "proj_size", "device", "dtype"];

abstract class RNNBase extends Module {
  readonly mode: Mode;
  readonly input_size: number;
  readonly hidden_size: number;
  readonly num_layers: number;
  readonly bias: boolean;
  readonly batch_first: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  readonly proj_size: number;
  readonly nonlinearity: "tanh" | "relu";

  constructor(cls: string, mode: Mode | null, args: readonly unknown[]) {
    super();
    const names = cls === "RNN" ? ["input_size", "hidden_size", "num_layers", "nonlinearity", "bias", "batch_first", "dropout", "bidirectional", "proj_size", "device", "dtype"] : RNN_NAMES;
    const bound = bindArgs(`${cls}.__init__`, args, names, [], 2);
    if (mode !== "LSTM" && bound.proj_size !== undefined) throw new ValueError("proj_size argument is only supported for LSTM, not RNN or GRU");
    const o = { num_layers: 1, nonlinearity: "tanh", bias: true, batch_first: false, dropout: 0, bidirectional: false, proj_size: 0, ...bound } as Record<string, any>;
    if (o.nonlinearity !== "tanh" && o.nonlinearity !== "relu") throw new ValueError(`Unknown nonlinearity '${String(o.nonlinearity)}'. Select from 'tanh' or 'relu'.`);
    if (typeof o.dropout !== "number" || o.dropout < 0 || o.dropout > 1) throw new ValueError("dropout should be a number in range [0, 1] representing the probability of an element being zeroed");
    if (!Number.isInteger(o.hidden_size) || o.hidden_size <= 0) throw new ValueError("hidden_size must be greater than zero");
    if (!Number.isInteger(o.num_layers) || o.num_layers <= 0) throw new ValueError("num_layers must be greater than zero");
    if (!Number.isInteger(o.proj_size) || o.proj_size < 0) throw new ValueError("proj_size should be a positive integer or zero to disable projections");
    if (o.proj_size >= o.hidden_size) throw new ValueError("proj_size has to be smaller than hidden_size");
    this.mode = mode ?? (o.nonlinearity === "relu" ? "RNN_RELU" : "RNN_TANH");
    this.nonlinearity = o.nonlinearity;
    this.input_size = o.input_size;
    this.hidden_size = o.hidden_size;
    this.num_layers = o.num_layers;
    this.bias = o.bias;
    this.batch_first = o.batch_first;
    this.dropout = o.dropout;
    this.bidirectional = o.bidirectional;
    this.proj_size = o.proj_size;
    const gate = GATES[this.mode] * this.hidden_size;
    const dirs = this.bidirectional ? 2 : 1;
    const opts = factory(o);
    for (let layer = 0; layer < this.num_layers; layer++) {
      for (let d = 0; d < dirs; d++) {
        const sfx = `_l${layer}${d === 1 ? "_reverse" : ""}`;
        const inSize = layer === 0 ? this.input_size : this.outSize * dirs;
        this.register_parameter(`weight_ih${sfx}`, new Parameter(empty([gate, inSize], opts)));
        this.register_parameter(`weight_hh${sfx}`, new Parameter(empty([gate, this.outSize], opts)));
        if (this.bias) {
          this.register_parameter(`bias_ih${sfx}`, new Parameter(empty([gate], opts)));
          this.register_parameter(`bias_hh${sfx}`, new Parameter(empty([gate], opts)));
        }
        if (this.proj_size > 0) this.register_parameter(`weight_hr${sfx}`, new Parameter(empty([this.proj_size, this.hidden_size], opts)));
      }
    }
    this.reset_parameters();
  }

  /** The size of h: proj_size when the LSTM projects its output, else hidden_size. */
  private get outSize(): number {
    return this.proj_size > 0 ? this.proj_size : this.hidden_size;
  }

  reset_parameters(): void {
    const stdv = 1 / Math.sqrt(this.hidden_size);
    for (const w of this.parameters()) init.uniform_(w, -stdv, stdv);
  }

  private param(name: string): Tensor | null {
    return ((this as unknown as Record<string, Tensor | undefined>)[name] ?? null) as Tensor | null;
  }

  /** (input, hx?): output and the last state, h_n (RNN, GRU) or [h_n, c_n] (LSTM); a PackedSequence in, one out. */
  override forward(input: Tensor | PackedSequence, hx: Tensor | [Tensor, Tensor] | null = null): [Tensor | PackedSequence, Tensor | [Tensor, Tensor]] {
    if (input instanceof PackedSequence) return this.forwardPacked(input, hx);
    const lstm = this.mode === "LSTM";
    const batched = input.dim() === 3;
    if (input.dim() !== 2 && input.dim() !== 3) throw new ValueError(`${className(this)}: Expected input to be 2D or 3D, got ${input.dim()}D instead`);
    let x = batched ? (this.batch_first ? input.transpose(0, 1) : input) : input.unsqueeze(1);
    if (x.shape[2] !== this.input_size) throw new RuntimeError(`input.size(-1) must be equal to input_size. Expected ${this.input_size}, got ${x.shape[2]}`);
    const dirs = this.bidirectional ? 2 : 1;
    const [steps, batch] = x.shape;
    const [h0, c0] = this.initialState(hx, this.num_layers * dirs, batch, input, batched);
    const hn: Tensor[] = [], cn: Tensor[] = [];
    for (let layer = 0; layer < this.num_layers; layer++) {
      const outs: Tensor[] = [];
      for (let d = 0; d < dirs; d++) {
        const k = layer * dirs + d;
        const gates = GATES[this.mode], hs = this.hidden_size;
        const { project, wHH, bHH, wHR } = this.directionWeights(layer, d);
        // The input projection of every step at once, gate-major: [steps, gates, batch, hidden].
        const xw = project(x).view(steps, batch, gates, hs).permute(0, 2, 1, 3).contiguous().unbind(0);
        let h = h0.select(0, k), c = c0 === null ? null : c0.select(0, k);
        const ys = new Array<Tensor>(steps);
        for (let s = 0; s < steps; s++) {
          const t = d === 0 ? s : steps - 1 - s;
          let hw = h.unsqueeze(0).expand(gates, batch, this.outSize).bmm(wHH);
          if (bHH !== null) hw = hw.add(bHH);
          [h, c] = step(this.mode, xw[t], hw, h, c, true);
          if (wHR !== null) h = h.matmul(wHR);
          ys[t] = h;
        }
        outs.push(stack(ys, 0));
        hn.push(h);
        if (c !== null) cn.push(c);
      }
      x = dirs === 1 ? outs[0] : cat(outs, 2);
      if (this.dropout > 0 && this.training && layer < this.num_layers - 1) x = F.dropout(x, this.dropout, true);
    }
    const output = batched ? (this.batch_first ? x.transpose(0, 1) : x) : x.squeeze(1);
    let hOut = stack(hn, 0), cOut = lstm ? stack(cn, 0) : null;
    if (!batched) {
      hOut = hOut.squeeze(1);
      if (cOut !== null) cOut = cOut.squeeze(1);
    }
    return [output, lstm ? [hOut, cOut!] : hOut];
  }

  /**
   * One layer and direction's weights: the input projection (x W_ih^T + b_ih), W_hh as one
   * batched product over the gates ([gates, h size, hidden]) with its bias [gates, 1, hidden],
   * and the LSTM's output projection W_hr^T ([hidden, proj_size]) where it has one.
   */
  private directionWeights(layer: number, d: number): { project: (x: Tensor) => Tensor; wHH: Tensor; bHH: Tensor | null; wHR: Tensor | null } {
    const sfx = `_l${layer}${d === 1 ? "_reverse" : ""}`;
    const gates = GATES[this.mode], hs = this.hidden_size;
    return {
      project: (x) => F.linear(x, this.param(`weight_ih${sfx}`)!, this.param(`bias_ih${sfx}`)),
      wHH: this.param(`weight_hh${sfx}`)!.view(gates, hs, this.outSize).transpose(1, 2),
      bHH: this.param(`bias_hh${sfx}`)?.view(gates, 1, hs) ?? null,
      wHR: this.param(`weight_hr${sfx}`)?.t() ?? null,
    };
  }

  /** The initial states, zeros or hx checked against [layers * dirs, batch, h size] (and c's [..., hidden]). */
  private initialState(hx: Tensor | [Tensor, Tensor] | null, states: number, batch: number, like: Tensor, batched: boolean): [Tensor, Tensor | null] {
    const lstm = this.mode === "LSTM";
    const hShape = [states, batch, this.outSize], cShape = [states, batch, this.hidden_size];
    const opts = { dtype: like.dtype, device: like.device };
    if (hx === null) return [zeros(hShape, opts), lstm ? zeros(cShape, opts) : null];
    const [h, c] = lstm ? (hx as [Tensor, Tensor]) : [hx as Tensor, null];
    const h0 = batched ? h : h.unsqueeze(1);
    const c0 = c === null ? null : batched ? c : c.unsqueeze(1);
    const check = (t: Tensor, shape: number[], what: string) => {
      if (t.shape.join() !== shape.join()) throw new RuntimeError(`Expected ${what} size (${shape.join(", ")}), got [${t.shape.join(", ")}]`);
    };
    check(h0, hShape, lstm ? "hidden[0]" : "hidden");
    if (lstm) check(c0!, cShape, "hidden[1]");
    return [h0, c0];
  }

  /**
   * The packed path: at step t only the first batch_sizes[t] rows (the sequences still
   * running, longest first) are updated; the rest keep their state, so each sequence's
   * h_n is its state after its own last step, and the reverse direction starts each
   * sequence at its own end. The states come in and go out in the batch's original order.
   */
  private forwardPacked(input: PackedSequence, hx: Tensor | [Tensor, Tensor] | null): [PackedSequence, Tensor | [Tensor, Tensor]] {
    const lstm = this.mode === "LSTM";
    const batchSizes = input.batch_sizes.tolist() as number[];
    const offsets = batchSizes.map((_, t) => batchSizes.slice(0, t).reduce((a, b) => a + b, 0));
    const dirs = this.bidirectional ? 2 : 1;
    const batch = batchSizes[0], gates = GATES[this.mode];
    if (input.data.shape[1] !== this.input_size) throw new RuntimeError(`input.size(-1) must be equal to input_size. Expected ${this.input_size}, got ${input.data.shape[1]}`);
    const sorted = input.sorted_indices, unsorted = input.unsorted_indices;
    const permute = (t: Tensor | null, order: Tensor | null) => (t === null || order === null ? t : t.index_select(1, order));
    let [h0, c0] = this.initialState(hx, this.num_layers * dirs, batch, input.data, true);
    [h0, c0] = [permute(h0, sorted)!, permute(c0, sorted)];
    let x = input.data;
    const hn: Tensor[] = [], cn: Tensor[] = [];
    for (let layer = 0; layer < this.num_layers; layer++) {
      const outs: Tensor[] = [];
      for (let d = 0; d < dirs; d++) {
        const k = layer * dirs + d;
        const { project, wHH, bHH, wHR } = this.directionWeights(layer, d);
        const xw = project(x).view(-1, gates, this.hidden_size);
        let h = h0.select(0, k), c = c0 === null ? null : c0.select(0, k);
        const ys = new Array<Tensor>(batchSizes.length);
        for (let s = 0; s < batchSizes.length; s++) {
          const t = d === 0 ? s : batchSizes.length - 1 - s;
          const bs = batchSizes[t];
          const hActive = h.narrow(0, 0, bs), cActive = c === null ? null : c.narrow(0, 0, bs);
          let hw = hActive.unsqueeze(0).expand(gates, bs, this.outSize).bmm(wHH);
          if (bHH !== null) hw = hw.add(bHH);
          const [out, c2] = step(this.mode, xw.narrow(0, offsets[t], bs).transpose(0, 1), hw, hActive, cActive, true);
          const h2 = wHR === null ? out : out.matmul(wHR);
          ys[t] = h2;
          h = bs === batch ? h2 : cat([h2, h.narrow(0, bs, batch - bs)], 0);
          if (c !== null) c = bs === batch ? c2 : cat([c2!, c.narrow(0, bs, batch - bs)], 0);
        }
        outs.push(cat(ys, 0));
        hn.push(h);
        if (c !== null) cn.push(c);
      }
      x = dirs === 1 ? outs[0] : cat(outs, 1);
      if (this.dropout > 0 && this.training && layer < this.num_layers - 1) x = F.dropout(x, this.dropout, true);
    }
    const hOut = permute(stack(hn, 0), unsorted)!, cOut = lstm ? permute(stack(cn, 0), unsorted) : null;
    return [input.withData(x), lstm ? [hOut, cOut!] : hOut];
  }

  override extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (this.proj_size !== 0) s += `, proj_size=${this.proj_size}`;
    if (this.num_layers !== 1) s += `, num_layers=${this.num_layers}`;
    if (!this.bias) s += `, bias=${pyBool(this.bias)}`;
    if (this.batch_first) s += `, batch_first=${pyBool(this.batch_first)}`;
    if (this.dropout !== 0) s += `, dropout=${this.dropout}`;
    if (this.bidirectional) s += `, bidirectional=${pyBool(this.bidirectional)}`;
    return s;
  }
}

export interface RNNOptions {
  num_layers?: number;
  nonlinearity?: "tanh" | "relu";
  bias?: boolean;
  batch_first?: boolean;
  dropout?: number;
  bidirectional?: boolean;
  proj_size?: number;
  dtype?: import("../dtype.js").DType;
  device?: string | null;
}
type RNNArgs = (number | boolean | string | RNNOptions | undefined)[];

/** RNN(input_size, hidden_size, num_layers=1, nonlinearity='tanh', bias=True, batch_first=False, dropout=0.0, bidirectional=False). */
export class RNN extends RNNBase {
  constructor(input_size: number | RNNOptions & { input_size: number; hidden_size: number }, ...args: RNNArgs) {
    super("RNN", null, [input_size, ...args]);
  }
}
/** LSTM(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0, bidirectional=False, proj_size=0): h of size proj_size where it is set. */
export class LSTM extends RNNBase {
  constructor(input_size: number | RNNOptions & { input_size: number; hidden_size: number }, ...args: RNNArgs) {
    super("LSTM", "LSTM", [input_size, ...args]);
  }
  override forward(input: Tensor, hx?: [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]];
  override forward(input: PackedSequence, hx?: [Tensor, Tensor] | null): [PackedSequence, [Tensor, Tensor]];
  override forward(input: Tensor | PackedSequence, hx: [Tensor, Tensor] | null = null): [Tensor | PackedSequence, [Tensor, Tensor]] {
    return super.forward(input, hx) as [Tensor | PackedSequence, [Tensor, Tensor]];
  }
}
/** GRU(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0, bidirectional=False). */
export class GRU extends RNNBase {
  constructor(input_size: number | RNNOptions & { input_size: number; hidden_size: number }, ...args: RNNArgs) {
    super("GRU", "GRU", [input_size, ...args]);
  }
  override forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  override forward(input: PackedSequence, hx?: Tensor | null): [PackedSequence, Tensor];
  override forward(input: Tensor | PackedSequence, hx: Tensor | null = null): [Tensor | PackedSequence, Tensor] {
    return super.forward(input, hx) as [Tensor | PackedSequence, Tensor];
  }
}

// ---- cells ------------------------------------------------------------------------------

abstract class CellBase extends Module {
  readonly input_size: number;
  readonly hidden_size: number;
  readonly bias: boolean;
  readonly nonlinearity: "tanh" | "relu";
  weight_ih: Parameter;
  weight_hh: Parameter;
  bias_ih: Parameter | null;
  bias_hh: Parameter | null;
  protected readonly mode: Mode;

  constructor(cls: string, mode: Mode | null, args: readonly unknown[]) {
    super();
    const names = cls === "RNNCell" ? ["input_size", "hidden_size", "bias", "nonlinearity", "device", "dtype"] : ["input_size", "hidden_size", "bias", "device", "dtype"];
    const o = { bias: true, nonlinearity: "tanh", ...bindArgs(`${cls}.__init__`, args, names, [], 2) } as Record<string, any>;
    if (o.nonlinearity !== "tanh" && o.nonlinearity !== "relu") throw new ValueError(`Unknown nonlinearity: ${String(o.nonlinearity)}`);
    this.mode = mode ?? (o.nonlinearity === "relu" ? "RNN_RELU" : "RNN_TANH");
    this.input_size = o.input_size;
    this.hidden_size = o.hidden_size;
    this.bias = o.bias;
    this.nonlinearity = o.nonlinearity;
    const gate = GATES[this.mode] * this.hidden_size;
    const opts = factory(o);
    this.weight_ih = new Parameter(empty([gate, this.input_size], opts));
    this.weight_hh = new Parameter(empty([gate, this.hidden_size], opts));
    this.bias_ih = this.bias ? new Parameter(empty([gate], opts)) : null;
    this.bias_hh = this.bias ? new Parameter(empty([gate], opts)) : null;
    const stdv = 1 / Math.sqrt(this.hidden_size);
    for (const w of this.parameters()) init.uniform_(w, -stdv, stdv);
  }

  protected run(input: Tensor, h: Tensor | null, c: Tensor | null): [Tensor, Tensor | null] {
    const batched = input.dim() === 2;
    if (input.dim() !== 1 && input.dim() !== 2) throw new ValueError(`${className(this)}: Expected input to be 1D or 2D, got ${input.dim()}D instead`);
    const x = batched ? input : input.unsqueeze(0);
    const shape = [x.shape[0], this.hidden_size];
    const h0 = h === null ? zeros(shape, { dtype: input.dtype, device: input.device }) : batched ? h : h.unsqueeze(0);
    const c0 = this.mode !== "LSTM" ? null : c === null ? zeros(shape, { dtype: input.dtype, device: input.device }) : batched ? c : c.unsqueeze(0);
    const [h1, c1] = step(this.mode, F.linear(x, this.weight_ih, this.bias_ih), F.linear(h0, this.weight_hh, this.bias_hh), h0, c0, false);
    return batched ? [h1, c1] : [h1.squeeze(0), c1 === null ? null : c1.squeeze(0)];
  }

  override extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (!this.bias) s += ", bias=False";
    if (this.mode === "RNN_RELU") s += ", nonlinearity=relu";
    return s;
  }
}

type CellArgs = (number | boolean | string | { bias?: boolean; nonlinearity?: "tanh" | "relu"; dtype?: import("../dtype.js").DType } | undefined)[];

/** RNNCell(input_size, hidden_size, bias=True, nonlinearity='tanh'). */
export class RNNCell extends CellBase {
  constructor(input_size: number, hidden_size: number, ...args: CellArgs) {
    super("RNNCell", null, [input_size, hidden_size, ...args]);
  }
  override forward(input: Tensor, hx: Tensor | null = null): Tensor {
    return this.run(input, hx, null)[0];
  }
}
/** LSTMCell(input_size, hidden_size, bias=True): forward(input, [h, c]?) gives [h', c']. */
export class LSTMCell extends CellBase {
  constructor(input_size: number, hidden_size: number, ...args: CellArgs) {
    super("LSTMCell", "LSTM", [input_size, hidden_size, ...args]);
  }
  override forward(input: Tensor, hx: [Tensor, Tensor] | null = null): [Tensor, Tensor] {
    const [h, c] = this.run(input, hx?.[0] ?? null, hx?.[1] ?? null);
    return [h, c!];
  }
}
/** GRUCell(input_size, hidden_size, bias=True). */
export class GRUCell extends CellBase {
  constructor(input_size: number, hidden_size: number, ...args: CellArgs) {
    super("GRUCell", "GRU", [input_size, hidden_size, ...args]);
  }
  override forward(input: Tensor, hx: Tensor | null = null): Tensor {
    return this.run(input, hx, null)[0];
  }
}
