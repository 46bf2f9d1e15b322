// Recurrent layers and gradient clipping against PyTorch (tests/golden/nn.py):
// parameter names, seeded initialisation, outputs, states and every gradient.
import { describe, it } from "node:test";
import { expect } from "expect";
import * as torch from "../src/index.js";
import type { Tensor } from "../src/index.js";
import { loadGolden, type Json } from "./helpers.js";

const golden = loadGolden("nn.json");
const { nn } = torch;

function close(got: number[], want: number[], tol = 2e-5): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    if (Math.abs(g - want[i]) > tol * (1 + Math.abs(want[i]))) throw new Error(`element ${i}: got ${g}, want ${want[i]}`);
  });
}
const flat = (t: Tensor) => t.detach().reshape(-1).tolist() as number[];

/** sin(k i) over the shape, in float64 then float32: the generator's wave(). */
function wave(shape: number[], k: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return torch.tensor(Array.from({ length: n }, (_, i) => Math.sin(i * k)), { dtype: torch.float64 }).reshape(shape).float();
}

describe("RNN, LSTM, GRU and their cells against PyTorch", () => {
  for (const c of golden.recurrent as Json[]) {
    it(`${c.repr} on [${c.shape}]${c.with_state ? " with a state" : ""}`, () => {
      torch.manual_seed(c.seed);
      const Cls = (nn as Json)[c.cls];
      const m = Object.keys(c.kwargs).length ? new Cls(...c.args, c.kwargs) : new Cls(...c.args);
      expect(String(m)).toBe(c.repr);
      expect(m.named_parameters().map(([n]: [string]) => n)).toEqual(c.names);
      m.parameters().forEach((p: Tensor, i: number) => close(flat(p), c.params[i], 1e-6));
      const x = wave(c.shape, 0.37).requires_grad_();
      const cell = c.cls.endsWith("Cell");
      const lstm = c.cls.startsWith("LSTM");
      let state: Json = null;
      if (c.with_state) {
        const sshape = c.outputs[cell ? 0 : 1].shape;
        state = lstm ? [wave(sshape, 0.21), wave(sshape, 0.13)] : wave(sshape, 0.21);
      }
      const res = m.forward(x, state);
      const outs: Tensor[] = cell ? (lstm ? res : [res]) : [res[0], ...(lstm ? res[1] : [res[1]])];
      outs.forEach((o, k) => {
        expect(o.shape).toEqual(c.outputs[k].shape);
        close(flat(o), c.outputs[k].values);
      });
      let loss = torch.tensor(0);
      for (const o of outs) {
        const up = torch.tensor(Array.from({ length: o.numel() }, (_, i) => Math.cos(i * 0.7)), { dtype: torch.float64 }).reshape(o.shape).float();
        loss = loss.add(o.mul(up).sum());
      }
      loss.backward();
      close(flat(x.grad!), c.input_grad);
      m.parameters().forEach((p: Tensor, i: number) => close(flat(p.grad!), c.param_grads[i]));
    });
  }
  it("loads a PyTorch-named state_dict and rejects a wrong hidden state", () => {
    const a = new nn.LSTM(3, 4, { num_layers: 2 });
    const b = new nn.LSTM(3, 4, 2);
    b.load_state_dict(a.state_dict());
    const x = torch.randn(5, 2, 3);
    expect(flat(b.forward(x)[0])).toEqual(flat(a.forward(x)[0]));
    expect(() => a.forward(x, [torch.zeros(1, 2, 4), torch.zeros(1, 2, 4)])).toThrow("Expected hidden[0] size (2, 2, 4), got [1, 2, 4]");
    expect(() => new nn.GRU(3, 4, { num_layer: 2 } as never)).toThrow("GRU.__init__() got an unexpected keyword argument 'num_layer'");
  });
});

describe("gradient clipping against PyTorch", () => {
  for (const normType of [2, 1, Infinity]) {
    it(`clip_grad_norm_ with norm_type ${normType}`, () => {
      const want = golden.clipping[normType === Infinity ? "inf" : `${normType}.0`];
      const a = torch.tensor([[3, -4], [1, 2]], { requires_grad: true });
      const b = torch.tensor([0.5, -6], { requires_grad: true });
      a.mul(torch.tensor([[1, 2], [3, 4]])).sum().add(b.pow(2).sum()).backward();
      const total = nn.utils.clip_grad_norm_([a, b], 5, normType);
      expect(total.item()).toBeCloseTo(want.total, 4);
      close(flat(a.grad!), want.a);
      close(flat(b.grad!), want.b);
    });
  }
  it("clip_grad_value_", () => {
    const a = torch.tensor([3, -4, 0.5], { requires_grad: true });
    a.mul(torch.tensor([1, -2, 0.1])).sum().backward();
    nn.utils.clip_grad_value_([a], 1.5);
    close(flat(a.grad!), golden.clipping.value);
  });
});

describe("nn.utils.rnn against PyTorch", () => {
  it("pad_sequence (both layouts) copies each sequence into its slot; unpad_sequence cuts them out again", () => {
    const want = golden.rnn_utils;
    const seqs = [wave([3, 2], 0.3).requires_grad_(), wave([1, 2], 0.7).requires_grad_(), wave([2, 2], 1.1).requires_grad_()];
    const p = nn.utils.rnn.pad_sequence(seqs), q = nn.utils.rnn.pad_sequence(seqs, { batch_first: true, padding_value: -1 });
    expect([p.shape, q.shape]).toEqual([want.pad_shape, want.pad_batch_first_shape]);
    close(flat(p), want.pad);
    close(flat(q), want.pad_batch_first);
    expect(p.grad_fn!.name()).toBe(want.grad_fn);
    let loss = torch.tensor(0);
    for (const t of [p, q]) loss = loss.add(t.mul(torch.tensor(Array.from({ length: t.numel() }, (_, i) => Math.cos(i * 0.7)), { dtype: torch.float64 }).reshape(t.shape).float()).sum());
    loss.backward();
    seqs.forEach((s, i) => close(flat(s.grad!), want.grads[i]));
    nn.utils.rnn.unpad_sequence(q, torch.tensor([3, 1, 2], { dtype: torch.int64 }), { batch_first: true }).forEach((t, i) => close(flat(t), want.unpad[i]));
    expect(() => nn.utils.rnn.pad_sequence([])).toThrow("received an empty list of sequences");
  });
});

describe("packed sequences against PyTorch", () => {
  const R = nn.utils.rnn;
  const want = golden.packed;
  it("pack_padded_sequence / pad_packed_sequence: data, batch_sizes, nodes, total_length and the gradient", () => {
    const x = wave([4, 3, 2], 0.37).requires_grad_();
    const p = R.pack_padded_sequence(x, [4, 2, 1]);
    const [padded, lengths] = R.pad_packed_sequence(p, { total_length: 5 });
    padded.mul(wave([5, 3, 2], 0.9)).sum().backward();
    close(flat(p.data), want.pack.data);
    expect(p.batch_sizes.tolist()).toEqual(want.pack.batch_sizes);
    expect(p.data.grad_fn!.name()).toBe(want.pack.grad_fn);
    expect(padded.shape).toEqual(want.pack.padded_shape);
    close(flat(padded), want.pack.padded);
    expect(lengths.tolist()).toEqual(want.pack.lengths);
    expect(padded.grad_fn!.name()).toBe(want.pack.padded_grad_fn);
    close(flat(x.grad!), want.pack.grad);
    expect(() => R.pack_padded_sequence(x, [2, 4, 1])).toThrow(/^`lengths` array must be sorted in decreasing order when `enforce_sorted` is True/);
    expect(() => R.pad_packed_sequence(p, { total_length: 3 })).toThrow(/^Expected total_length to be at least the length of the longest sequence in input, but got total_length=3 and max sequence length being 4$/);
  });
  it("enforce_sorted=False: the sorting permutation, and the batch back in its order", () => {
    const xb = wave([3, 4, 2], 0.5).requires_grad_();
    const q = R.pack_padded_sequence(xb, torch.tensor([2, 4, 1], { dtype: torch.int64 }), { batch_first: true, enforce_sorted: false });
    const [padded, lengths] = R.pad_packed_sequence(q, { batch_first: true });
    close(flat(q.data), want.unsorted.data);
    expect([q.batch_sizes.tolist(), q.sorted_indices!.tolist(), q.unsorted_indices!.tolist()]).toEqual([want.unsorted.batch_sizes, want.unsorted.sorted, want.unsorted.unsorted]);
    close(flat(padded), want.unsorted.padded);
    expect(lengths.tolist()).toEqual(want.unsorted.lengths);
    expect(padded.grad_fn!.name()).toBe(want.unsorted.padded_grad_fn);
    const seqs = [wave([2, 3], 0.2), wave([3, 3], 0.4), wave([1, 3], 0.6)];
    const r = R.pack_sequence(seqs, { enforce_sorted: false });
    close(flat(r.data), want.pack_sequence.data);
    expect(r.batch_sizes.tolist()).toEqual(want.pack_sequence.batch_sizes);
    R.unpack_sequence(r).forEach((t, i) => close(flat(t), want.pack_sequence.unpacked[i]));
  });
  for (const [i, { cls, kw }] of (want.layers as Json[]).entries()) {
    it(`${cls} ${JSON.stringify(kw)} over a packed batch: output data, final states (each sequence's own last step), gradients`, () => {
      const w = want.layers[i];
      torch.manual_seed(21);
      const m = new (nn as Json)[cls](2, 3, kw);
      const inp = wave(kw.batch_first ? [3, 4, 2] : [4, 3, 2], 0.29).requires_grad_();
      const packed = R.pack_padded_sequence(inp, torch.tensor([2, 4, 1], { dtype: torch.int64 }), { batch_first: kw.batch_first ?? false, enforce_sorted: false });
      const dirs = kw.bidirectional ? 2 : 1;
      const sshape = [(kw.num_layers ?? 1) * dirs, 3, 3];
      const hx = cls === "LSTM" ? [wave(sshape, 0.21), wave(sshape, 0.13)] : wave(sshape, 0.21);
      const [o, h] = m.forward(packed, hx);
      expect(o).toBeInstanceOf(R.PackedSequence);
      const hs: Tensor[] = cls === "LSTM" ? h : [h];
      close(flat(o.data), w.data, 1e-5);
      hs.forEach((t, k) => close(flat(t), w.h[k], 1e-5));
      let loss = o.data.mul(torch.arange(o.data.numel()).cos().reshape(o.data.shape)).sum();
      for (const t of hs) loss = loss.add(t.mul(t).sum());
      loss.backward();
      m.parameters().forEach((p: Tensor, k: number) => close(flat(p.grad!), w.grads[k], 1e-4));
      close(flat(inp.grad!), w.input_grad, 1e-4);
    });
  }
});

describe("attention and the Transformer encoder against PyTorch", () => {
  const want = golden.attention;
  const check = (m: torch.nn.Module, outs: Tensor[], inputs: Tensor[], w: Json, tol = 2e-5) => {
    expect(String(m)).toBe(w.repr);
    expect(m.named_parameters().map(([n]) => n)).toEqual(w.names);
    m.parameters().forEach((p, i) => close(flat(p), w.params[i], 1e-6));
    outs.forEach((o, k) => {
      expect(o.shape).toEqual(w.outputs[k].shape);
      close(flat(o), w.outputs[k].values, tol);
    });
    let loss = torch.tensor(0);
    for (const o of outs) {
      const up = torch.tensor(Array.from({ length: o.numel() }, (_, i) => Math.cos(i * 0.7)), { dtype: torch.float64 }).reshape(o.shape).float();
      loss = loss.add(o.mul(up).sum());
    }
    loss.backward();
    inputs.forEach((x, i) => close(flat(x.grad!), w.input_grads[i], tol));
    m.parameters().forEach((p, i) => close(flat(p.grad!), w.param_grads[i], tol));
  };
  it("MultiheadAttention, self-attention", () => {
    torch.manual_seed(0);
    const m = new nn.MultiheadAttention(8, 2);
    const x = wave([5, 3, 8], 0.37).requires_grad_();
    const [o, w] = m.forward(x, x, x);
    check(m, [o, w!], [x], want.mha_self);
  });
  it("MultiheadAttention, batch_first cross-attention with attn_mask and key_padding_mask, per-head weights", () => {
    torch.manual_seed(1);
    const m = new nn.MultiheadAttention(8, 4, { batch_first: true });
    const q = wave([2, 4, 8], 0.37).requires_grad_();
    const kv = wave([2, 6, 8], 0.19).requires_grad_();
    const mask = torch.ones(4, 6).triu(3).bool();
    const kpm = torch.tensor([[false, false, false, false, false, true], [false, false, false, false, false, false]]);
    const [o, w] = m.forward(q, kv, kv, { key_padding_mask: kpm, attn_mask: mask, average_attn_weights: false });
    check(m, [o, w!], [q, kv], want.mha_cross_masks);
  });
  it("TransformerEncoderLayer in training: PyTorch's dropout draws after manual_seed", () => {
    torch.manual_seed(2);
    const layer = new nn.TransformerEncoderLayer(8, 2, { dim_feedforward: 16, dropout: 0.1 });
    const x = wave([5, 3, 8], 0.37).requires_grad_();
    torch.manual_seed(20);
    const y = layer.forward(x, { src_mask: torch.full([5, 5], -Infinity).triu(1) });
    check(layer, [y], [x], want.encoder_layer_train);
  });
  it("TransformerEncoder of norm-first GELU layers with a final norm, in eval mode", () => {
    torch.manual_seed(3);
    const layer = new nn.TransformerEncoderLayer(8, 2, 16, 0.0, "gelu", { batch_first: true, norm_first: true });
    const enc = new nn.TransformerEncoder(layer, 2, { norm: new nn.LayerNorm(8) });
    enc.eval();
    const x = wave([2, 5, 8], 0.37).requires_grad_();
    check(enc, [enc.forward(x)], [x], want.encoder_eval);
  });
  it("TransformerDecoderLayer in training, with a causal mask and a memory key padding mask", () => {
    torch.manual_seed(4);
    const layer = new nn.TransformerDecoderLayer(8, 2, { dim_feedforward: 16, dropout: 0.1 });
    const tgt = wave([4, 3, 8], 0.37).requires_grad_(), mem = wave([5, 3, 8], 0.23).requires_grad_();
    torch.manual_seed(21);
    const kpm = torch.tensor([[false, false, false, false, false], [false, false, false, false, true], [false, false, false, false, false]]);
    const y = layer.forward(tgt, mem, { tgt_mask: nn.Transformer.generate_square_subsequent_mask(4), memory_key_padding_mask: kpm });
    check(layer, [y], [tgt, mem], want.decoder_layer_train);
  });
  it("nn.Transformer: PyTorch's xavier re-initialisation, norm-first GELU layers, masks, in eval mode", () => {
    torch.manual_seed(5);
    const model = new nn.Transformer({ d_model: 8, nhead: 2, num_encoder_layers: 2, num_decoder_layers: 1, dim_feedforward: 16, dropout: 0.0, activation: "gelu", batch_first: true, norm_first: true });
    model.eval();
    const src = wave([2, 5, 8], 0.37).requires_grad_(), tgt = wave([2, 4, 8], 0.19).requires_grad_();
    const spm = torch.tensor([[false, false, false, false, false], [false, false, false, true, true]]);
    const y = model.forward(src, tgt, { tgt_mask: nn.Transformer.generate_square_subsequent_mask(4), src_key_padding_mask: spm, memory_key_padding_mask: spm });
    check(model, [y], [src, tgt], want.transformer_eval);
    close(flat(nn.Transformer.generate_square_subsequent_mask(3).nan_to_num(0, null, -1)), want.square_mask);
    expect(() => model.forward(src, wave([3, 4, 8], 0.1))).toThrow("the batch number of src and tgt must be equal");
    expect(() => model.forward(src, wave([2, 4, 6], 0.1))).toThrow("the feature number of src and tgt must be equal to d_model");
  });
  it("scaled_dot_product_attention: a bool mask and is_causal", () => {
    const q = wave([2, 3, 4, 8], 0.37).requires_grad_();
    const k = wave([2, 3, 6, 8], 0.23).requires_grad_();
    const v = wave([2, 3, 6, 8], 0.11).requires_grad_();
    const y = nn.functional.scaled_dot_product_attention(q, k, v, torch.ones(4, 6).tril(2).bool());
    close(flat(y), want.sdpa_mask.output);
    const up = torch.tensor(Array.from({ length: y.numel() }, (_, i) => Math.cos(i * 0.7)), { dtype: torch.float64 }).reshape(y.shape).float();
    y.mul(up).sum().backward();
    [q, k, v].forEach((t, i) => close(flat(t.grad!), want.sdpa_mask.grads[i]));
    const q2 = wave([3, 4, 8], 0.37);
    close(flat(nn.functional.scaled_dot_product_attention(q2, q2, q2, { is_causal: true })), want.sdpa_causal);
  });
});

describe("more layers against PyTorch", () => {
  const want = golden.more_layers;
  it("print as PyTorch's", () => {
    const made = [
      new nn.LazyLinear(3), new nn.Bilinear(2, 3, 4), new nn.LocalResponseNorm(3), new nn.LPPool2d(2, 3), new nn.LPPool1d(2, 3, { stride: 2 }), new nn.MaxUnpool2d(2),
      new nn.MaxUnpool1d(3, { stride: 2, padding: 1 }), new nn.Fold(4, 2), new nn.Unfold(2, { padding: 1 }), new nn.RReLU(), new nn.RReLU(0.1, 0.2, true), new nn.AlphaDropout(0.2), new nn.Dropout1d(),
      new nn.Dropout3d(0.3), new nn.FeatureAlphaDropout(), new nn.Softmax2d(), new nn.CosineEmbeddingLoss(), new nn.MultiMarginLoss(), new nn.MultiLabelMarginLoss(),
      new nn.MultiLabelSoftMarginLoss(), new nn.TripletMarginWithDistanceLoss(),
      new nn.ParameterDict({ a: new nn.Parameter(torch.zeros(2, 3)), b: new nn.Parameter(torch.ones(1)) }),
    ];
    expect(made.map(String)).toEqual(want.repr);
  });
  it("LazyLinear: in_features from the first input, then a Linear initialised as PyTorch's", () => {
    torch.manual_seed(31);
    const lazy = new nn.LazyLinear(3);
    const y = lazy.forward(wave([2, 5], 0.3));
    expect(String(lazy)).toBe(want.lazy.repr);
    expect(lazy).toBeInstanceOf(nn.Linear);
    expect(lazy.named_parameters().map(([n]) => n)).toEqual(want.lazy.names);
    const l = lazy as unknown as InstanceType<typeof nn.Linear>;
    close(flat(l.weight), want.lazy.weight, 1e-7);
    close(flat(l.bias!), want.lazy.bias, 1e-7);
    close(flat(y), want.lazy.output, 1e-6);
  });
  it("Bilinear: initialisation and output", () => {
    torch.manual_seed(32);
    const bil = new nn.Bilinear(2, 3, 4);
    close(flat(bil.weight), want.bilinear.weight, 1e-7);
    close(flat(bil.bias!), want.bilinear.bias, 1e-7);
    close(flat(bil.forward(wave([5, 2], 0.4), wave([5, 3], 0.6))), want.bilinear.output, 1e-6);
  });
  it("MaxUnpool1d/2d invert MaxPool's indices", () => {
    const [o, idx] = new nn.MaxPool2d(2, { return_indices: true }).forward(wave([1, 2, 4, 4], 0.7)) as unknown as [Tensor, Tensor];
    const unpool = new nn.MaxUnpool2d(2);
    expect(idx.reshape(-1).tolist()).toEqual(want.unpool.indices);
    close(flat(unpool.forward(o, idx)), want.unpool.output);
    expect(unpool.forward(o, idx, [5, 5]).shape).toEqual(want.unpool.sized);
    const [o1, idx1] = new nn.MaxPool1d(2, { stride: 2, return_indices: true }).forward(wave([1, 2, 6], 0.5)) as unknown as [Tensor, Tensor];
    expect(idx1.reshape(-1).tolist()).toEqual(want.unpool1d.indices);
    close(flat(new nn.MaxUnpool1d(2, { stride: 2 }).forward(o1, idx1)), want.unpool1d.output);
  });
});

describe("EmbeddingBag against PyTorch", () => {
  for (const [i, { mode, kw }] of (golden.more_layers.embedding_bag as Json[]).entries()) {
    it(`mode=${mode} ${JSON.stringify(kw)}: bags by offsets (one empty), 2-d input, gradients`, () => {
      const want = golden.more_layers.embedding_bag[i];
      torch.manual_seed(33);
      const eb = new nn.EmbeddingBag(10, 3, { mode, ...kw });
      expect(String(eb)).toBe(want.repr);
      close(flat(eb.weight), want.weight, 1e-6);
      const psw = mode === "sum" ? torch.linspace(0.5, 2.0, 8).requires_grad_() : null;
      const y = eb.forward(torch.tensor([1, 2, 4, 5, 4, 3, 2, 9], { dtype: torch.int64 }), torch.tensor([0, 4, 4], { dtype: torch.int64 }), psw);
      close(flat(y), want.output, 1e-6);
      expect(y.grad_fn!.name()).toBe(want.grad_fn);
      y.mul(wave(y.shape, 0.8)).sum().backward();
      close(flat(eb.weight.grad!), want.grad, 1e-6);
      if (psw) close(flat(psw.grad!), want.psw_grad, 1e-5);
      close(flat(eb.forward(torch.tensor([[1, 2], [4, 5]], { dtype: torch.int64 }))), want.output2d, 1e-6);
    });
  }
});
