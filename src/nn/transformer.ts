// Attention and the Transformer: MultiheadAttention (PyTorch's
// multi_head_attention_forward, step for step), the encoder and decoder layers
// and stacks, and nn.Transformer, with PyTorch's parameter names,
// initialisation order and dropout draws, so seeded training matches.
import { bindArgs } from "../args.js";
import { AssertionError, RuntimeError, TorchTypeError, typeName, ValueError } from "../errors.js";
import { empty, full } from "../ops/creation.js";
import { baddbmm } from "../ops/linalg.js";
import { cat } from "../ops/shape.js";
import { Tensor } from "../tensor.js";
import * as F from "./functional.js";
import * as init from "./init.js";
import { Dropout, factory, LayerNorm, Linear, ModuleList } from "./layers.js";
import { callModule, Module } from "./module.js";
import { userCode } from "../memory.js";
import { Parameter } from "./parameter.js";

/** MultiheadAttention's output projection: a Linear under the name PyTorch prints. */
export class NonDynamicallyQuantizableLinear extends Linear {}

/** An attention mask as an additive float mask: a bool mask is -inf where true (PyTorch's MHA convention). */
function additiveMask(mask: Tensor, dtype: Tensor["dtype"]): Tensor {
  if (mask.dtype.name === "bool") return Tensor._full(mask.shape, 0, dtype, mask.device).masked_fill(mask, -Infinity);
  if (!mask.dtype.is_floating_point) throw new RuntimeError(`only bool and floating types of attn_mask are supported`);
  return mask;
}

export interface MultiheadAttentionOptions {
  dropout?: number;
  bias?: boolean;
  add_bias_kv?: boolean;
  add_zero_attn?: boolean;
  kdim?: number | null;
  vdim?: number | null;
  batch_first?: boolean;
  dtype?: import("../dtype.js").DType;
  device?: string | null;
}

export interface AttentionForwardOptions {
  key_padding_mask?: Tensor | null;
  need_weights?: boolean;
  attn_mask?: Tensor | null;
  average_attn_weights?: boolean;
  is_causal?: boolean;
}

/**
 * MultiheadAttention(embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False,
 * add_zero_attn=False, kdim=None, vdim=None, batch_first=False). forward(query, key,
 * value, key_padding_mask=None, need_weights=True, attn_mask=None, average_attn_weights=True)
 * returns [attn_output, attn_weights | null]. Keys and values of other sizes (kdim, vdim)
 * have their own projections, q_proj_weight, k_proj_weight and v_proj_weight, as in PyTorch.
 * add_bias_kv appends the learnt bias_k and bias_v to the keys and values, add_zero_attn a zero
 * key and value per head; the masks gain a zero column for each.
 */
export class MultiheadAttention extends Module {
  readonly embed_dim: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly _qkv_same_embed_dim: boolean;
  readonly num_heads: number;
  readonly dropout: number;
  readonly batch_first: boolean;
  readonly head_dim: number;
  // Declared in PyTorch's registration order: the parameters are listed in it.
  in_proj_weight: Parameter | null;
  q_proj_weight: Parameter | null;
  k_proj_weight: Parameter | null;
  v_proj_weight: Parameter | null;
  in_proj_bias: Parameter | null;
  out_proj: NonDynamicallyQuantizableLinear;
  bias_k: Parameter | null;
  bias_v: Parameter | null;
  readonly add_zero_attn: boolean;

  constructor(embed_dim: number, num_heads: number, ...args: (number | boolean | MultiheadAttentionOptions | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = {
      dropout: 0, bias: true, add_bias_kv: false, add_zero_attn: false, kdim: null, vdim: null, batch_first: false,
      ...bindArgs("MultiheadAttention.__init__", args, ["embed_dim", "num_heads", "dropout", "bias", "add_bias_kv", "add_zero_attn", "kdim", "vdim", "batch_first", "device", "dtype"], [], 2),
    } as Record<string, any>;
    this.embed_dim = o.embed_dim;
    this.kdim = o.kdim ?? o.embed_dim;
    this.vdim = o.vdim ?? o.embed_dim;
    this._qkv_same_embed_dim = this.kdim === this.embed_dim && this.vdim === this.embed_dim;
    this.num_heads = o.num_heads;
    this.dropout = o.dropout;
    this.batch_first = o.batch_first;
    this.head_dim = Math.floor(this.embed_dim / this.num_heads);
    if (this.head_dim * this.num_heads !== this.embed_dim) throw new RuntimeError("embed_dim must be divisible by num_heads");
    const opts = factory(o);
    const e = this.embed_dim, same = this._qkv_same_embed_dim;
    this.in_proj_weight = same ? new Parameter(empty([3 * e, e], opts)) : null;
    this.q_proj_weight = same ? null : new Parameter(empty([e, e], opts));
    this.k_proj_weight = same ? null : new Parameter(empty([e, this.kdim], opts));
    this.v_proj_weight = same ? null : new Parameter(empty([e, this.vdim], opts));
    this.in_proj_bias = o.bias ? new Parameter(empty([3 * e], opts)) : null;
    // PyTorch makes out_proj (drawing its Linear init) before _reset_parameters draws the input projections.
    this.out_proj = new NonDynamicallyQuantizableLinear(e, e, { bias: o.bias, ...opts });
    this.bias_k = o.add_bias_kv ? new Parameter(empty([1, 1, e], opts)) : null;
    this.bias_v = o.add_bias_kv ? new Parameter(empty([1, 1, e], opts)) : null;
    this.add_zero_attn = o.add_zero_attn;
    for (const w of same ? [this.in_proj_weight!] : [this.q_proj_weight!, this.k_proj_weight!, this.v_proj_weight!]) init.xavier_uniform_(w);
    if (this.in_proj_bias !== null) {
      init.constant_(this.in_proj_bias, 0);
      init.constant_(this.out_proj.bias!, 0);
    }
    for (const b of [this.bias_k, this.bias_v]) if (b !== null) init.xavier_normal_(b);
  }

  override forward(query: Tensor, key: Tensor, value: Tensor, ...args: (Tensor | boolean | null | AttentionForwardOptions | undefined)[]): [Tensor, Tensor | null] {
    const o = bindArgs("forward", args, ["key_padding_mask", "need_weights", "attn_mask", "average_attn_weights", "is_causal"]) as AttentionForwardOptions;
    const needWeights = o.need_weights ?? true;
    const average = o.average_attn_weights ?? true;
    const batched = query.dim() === 3;
    let q = query, k = key, v = value;
    if (!batched) [q, k, v] = [q.unsqueeze(1), k.unsqueeze(1), v.unsqueeze(1)];
    else if (this.batch_first) [q, k, v] = [q.transpose(1, 0), k.transpose(1, 0), v.transpose(1, 0)];
    const [tgtLen, bsz, e] = q.shape;
    let srcLen = k.shape[0];
    if (e !== this.embed_dim) throw new RuntimeError(`was expecting embedding dimension of ${this.embed_dim}, but got ${e}`);
    const size = (t: Tensor, n = t.dim()) => `torch.Size([${t.shape.slice(0, n).join(", ")}])`;
    if (this._qkv_same_embed_dim) {
      if (k.shape.join() !== v.shape.join()) throw new AssertionError(`key shape ${size(k)} does not match value shape ${size(v)}`);
    } else if (k.shape.slice(0, 2).join() !== v.shape.slice(0, 2).join()) {
      throw new AssertionError(`key's sequence and batch dims ${size(k, 2)} do not match value's ${size(v, 2)}`);
    }
    const heads = this.num_heads, hd = this.head_dim;
    const bs = this.in_proj_bias === null ? [null, null, null] : this.in_proj_bias.chunk(3, 0);
    let qp: Tensor, kp: Tensor, vp: Tensor;
    if (!this._qkv_same_embed_dim) {
      // PyTorch's _in_projection: each of q, k and v through its own weight.
      const check = (w: Tensor, x: Tensor, what: string) => {
        if (w.shape[0] !== e || w.shape[1] !== x.shape[x.dim() - 1]) throw new AssertionError(`expecting ${what} weights shape of (${e}, ${x.shape[x.dim() - 1]}), but got ${size(w)}`);
      };
      check(this.k_proj_weight!, k, "key");
      check(this.v_proj_weight!, v, "value");
      [qp, kp, vp] = [F.linear(q, this.q_proj_weight!, bs[0]), F.linear(k, this.k_proj_weight!, bs[1]), F.linear(v, this.v_proj_weight!, bs[2])];
    } else if (query === key && key === value) {
      // One product for self-attention, as PyTorch's _in_projection_packed.
      const proj = F.linear(q, this.in_proj_weight!, this.in_proj_bias).unflatten(-1, [3, e]).unsqueeze(0).transpose(0, -2).squeeze(-2).contiguous();
      [qp, kp, vp] = [proj.select(0, 0), proj.select(0, 1), proj.select(0, 2)];
    } else {
      const ws = this.in_proj_weight!.chunk(3, 0);
      [qp, kp, vp] = [F.linear(q, ws[0], bs[0]), F.linear(k, ws[1], bs[1]), F.linear(v, ws[2], bs[2])];
    }
    let mask: Tensor | null = o.attn_mask ? additiveMask(o.attn_mask, qp.dtype) : null;
    if (mask !== null) {
      if (mask.dim() === 2) {
        if (mask.shape[0] !== tgtLen || mask.shape[1] !== srcLen) throw new RuntimeError(`The shape of the 2D attn_mask is [${mask.shape.join(", ")}], but should be (${tgtLen}, ${srcLen}).`);
        mask = mask.unsqueeze(0);
      } else if (mask.dim() !== 3 || mask.shape[0] !== bsz * heads) {
        throw new RuntimeError(`The shape of the 3D attn_mask is [${mask.shape.join(", ")}], but should be (${bsz * heads}, ${tgtLen}, ${srcLen}).`);
      }
    }
    let kpm: Tensor | null = o.key_padding_mask ? additiveMask(o.key_padding_mask, qp.dtype) : null;
    if (kpm !== null && !batched) kpm = kpm.unsqueeze(0);
    // Each appended key (bias_k, the zero key) is masked by neither mask: a zero column.
    const padColumn = (m: Tensor | null) => m && F.pad(m, [0, 1]);
    if (this.bias_k !== null && this.bias_v !== null) {
      kp = cat([kp, this.bias_k.repeat(1, bsz, 1)]);
      vp = cat([vp, this.bias_v.repeat(1, bsz, 1)]);
      [mask, kpm] = [padColumn(mask), padColumn(kpm)];
    }
    const qh = qp.view(tgtLen, bsz * heads, hd).transpose(0, 1);
    let kh = kp.view(kp.shape[0], bsz * heads, hd).transpose(0, 1);
    let vh = vp.view(vp.shape[0], bsz * heads, hd).transpose(0, 1);
    if (this.add_zero_attn) {
      const zero = Tensor._full([bsz * heads, 1, hd], 0, kh.dtype, kh.device);
      [kh, vh] = [cat([kh, zero], 1), cat([vh, zero], 1)];
      [mask, kpm] = [padColumn(mask), padColumn(kpm)];
    }
    srcLen = kh.shape[1];
    if (kpm !== null) {
      if (kpm.shape.join() !== `${bsz},${srcLen}`) throw new AssertionError(`expecting key_padding_mask shape of (${bsz}, ${srcLen}), but got ${size(kpm)}`);
      kpm = kpm.view(bsz, 1, 1, srcLen).expand(-1, heads, -1, -1).reshape(bsz * heads, 1, srcLen);
      mask = mask === null ? kpm : mask.add(kpm);
    }
    const dropoutP = this.training ? this.dropout : 0;
    const scaled = qh.div(Math.sqrt(hd));
    let weights = mask === null ? scaled.bmm(kh.transpose(-2, -1)) : baddbmm(mask, scaled, kh.transpose(-2, -1));
    weights = weights.softmax(-1);
    if (dropoutP > 0) weights = F.dropout(weights, dropoutP);
    let out = weights.bmm(vh).transpose(0, 1).contiguous().view(tgtLen * bsz, e);
    out = F.linear(out, this.out_proj.weight, this.out_proj.bias).view(tgtLen, bsz, e);
    let w: Tensor | null = null;
    if (needWeights) {
      let perHead = weights.view(bsz, heads, tgtLen, srcLen);
      if (average) perHead = perHead.sum(1).div(heads);
      w = batched ? perHead : perHead.squeeze(0);
    }
    if (!batched) out = out.squeeze(1);
    else if (this.batch_first) out = out.transpose(1, 0);
    return [out, w];
  }
}

export interface TransformerEncoderLayerOptions {
  dim_feedforward?: number;
  dropout?: number;
  activation?: "relu" | "gelu" | ((x: Tensor) => Tensor);
  layer_norm_eps?: number;
  batch_first?: boolean;
  norm_first?: boolean;
  dtype?: import("../dtype.js").DType;
  device?: string | null;
}

/** A layer's activation argument: "relu", "gelu" or a function. */
function activationOf(activation: unknown): (x: Tensor) => Tensor {
  if (activation === "relu") return (x) => x.relu();
  if (activation === "gelu") return (x) => F.gelu(x);
  // The user's function runs as user code (Note [library scopes]).
  if (typeof activation === "function") return (x) => userCode(() => (activation as (x: Tensor) => Tensor)(x), x);
  throw new RuntimeError(`activation should be relu/gelu, not ${String(activation)}`);
}

/** The arguments of TransformerEncoderLayer and TransformerDecoderLayer, with PyTorch's defaults. */
function layerOptions(cls: string, args: readonly unknown[]): Record<string, any> {
  return {
    dim_feedforward: 2048, dropout: 0.1, activation: "relu", layer_norm_eps: 1e-5, batch_first: false, norm_first: false,
    ...bindArgs(`${cls}.__init__`, args, ["d_model", "nhead", "dim_feedforward", "dropout", "activation", "layer_norm_eps", "batch_first", "norm_first", "device", "dtype"], [], 2),
  };
}

/** num_layers deep copies of a layer, so every layer starts from the same weights (PyTorch's _get_clones). */
function clones(cls: string, argName: string, layer: unknown, numLayers: unknown): ModuleList {
  if (!(layer instanceof Module)) throw new TorchTypeError(`${cls}.__init__(): argument '${argName}' must be a Module, not ${typeName(layer)}`);
  if (!Number.isInteger(numLayers) || (numLayers as number) < 1) throw new ValueError(`num_layers must be a positive integer, got ${String(numLayers)}`);
  return new ModuleList(Array.from({ length: numLayers as number }, () => layer.deepcopy()));
}

/**
 * TransformerEncoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1,
 * activation=relu, layer_norm_eps=1e-05, batch_first=False, norm_first=False).
 * forward(src, src_mask=None, src_key_padding_mask=None).
 */
export class TransformerEncoderLayer extends Module {
  self_attn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  readonly norm_first: boolean;
  norm1: LayerNorm;
  norm2: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  readonly activation: (x: Tensor) => Tensor;

  constructor(d_model: number, nhead: number, ...args: (number | string | boolean | ((x: Tensor) => Tensor) | TransformerEncoderLayerOptions | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = layerOptions("TransformerEncoderLayer", args);
    const f = factory(o);
    this.self_attn = new MultiheadAttention(o.d_model, o.nhead, { dropout: o.dropout, batch_first: o.batch_first, ...f });
    this.linear1 = new Linear(o.d_model, o.dim_feedforward, f);
    this.dropout = new Dropout(o.dropout);
    this.linear2 = new Linear(o.dim_feedforward, o.d_model, f);
    this.norm_first = o.norm_first;
    this.norm1 = new LayerNorm(o.d_model, { eps: o.layer_norm_eps, ...f });
    this.norm2 = new LayerNorm(o.d_model, { eps: o.layer_norm_eps, ...f });
    this.dropout1 = new Dropout(o.dropout);
    this.dropout2 = new Dropout(o.dropout);
    this.activation = activationOf(o.activation);
  }

  override forward(src: Tensor, ...args: (Tensor | boolean | null | { src_mask?: Tensor | null; src_key_padding_mask?: Tensor | null; is_causal?: boolean } | undefined)[]): Tensor {
    const o = bindArgs("forward", args, ["src_mask", "src_key_padding_mask", "is_causal"]) as { src_mask?: Tensor | null; src_key_padding_mask?: Tensor | null };
    const sa = (x: Tensor) => callModule(this.dropout1, callModule(this.self_attn, x, x, x, { attn_mask: o.src_mask ?? null, key_padding_mask: o.src_key_padding_mask ?? null, need_weights: false })[0]);
    const ff = (x: Tensor) => callModule(this.dropout2, callModule(this.linear2, callModule(this.dropout, this.activation(callModule(this.linear1, x)))));
    let x = src;
    if (this.norm_first) {
      x = x.add(sa(callModule(this.norm1, x)));
      x = x.add(ff(callModule(this.norm2, x)));
    } else {
      x = callModule(this.norm1, x.add(sa(x)));
      x = callModule(this.norm2, x.add(ff(x)));
    }
    return x;
  }
}

/** TransformerEncoder(encoder_layer, num_layers, norm=None): num_layers copies of encoder_layer. */
export class TransformerEncoder extends Module {
  layers: ModuleList;
  readonly num_layers: number;
  norm: Module | null;
  constructor(encoder_layer: TransformerEncoderLayer, ...args: (number | Module | null | boolean | { num_layers?: number; norm?: Module | null; enable_nested_tensor?: boolean; mask_check?: boolean } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = { norm: null, ...bindArgs("TransformerEncoder.__init__", args, ["encoder_layer", "num_layers", "norm", "enable_nested_tensor", "mask_check"], [], 2) } as Record<string, any>;
    this.layers = clones("TransformerEncoder", "encoder_layer", o.encoder_layer, o.num_layers);
    this.num_layers = o.num_layers;
    this.norm = o.norm;
  }
  override forward(src: Tensor, ...args: (Tensor | boolean | null | { mask?: Tensor | null; src_key_padding_mask?: Tensor | null; is_causal?: boolean } | undefined)[]): Tensor {
    const o = bindArgs("forward", args, ["mask", "src_key_padding_mask", "is_causal"]) as { mask?: Tensor | null; src_key_padding_mask?: Tensor | null };
    let x = src;
    for (const layer of this.layers) x = callModule(layer, x, { src_mask: o.mask ?? null, src_key_padding_mask: o.src_key_padding_mask ?? null });
    return this.norm === null ? x : callModule(this.norm, x);
  }
}

type Mask = Tensor | null;
interface DecoderMasks {
  tgt_mask?: Mask;
  memory_mask?: Mask;
  tgt_key_padding_mask?: Mask;
  memory_key_padding_mask?: Mask;
  tgt_is_causal?: boolean;
  memory_is_causal?: boolean;
}
const DECODER_MASKS = ["tgt_mask", "memory_mask", "tgt_key_padding_mask", "memory_key_padding_mask", "tgt_is_causal", "memory_is_causal"];

/**
 * TransformerDecoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1,
 * activation=relu, layer_norm_eps=1e-05, batch_first=False, norm_first=False):
 * self-attention, attention over the encoder's memory, feed-forward.
 * forward(tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None, memory_key_padding_mask=None).
 */
export class TransformerDecoderLayer extends Module {
  self_attn: MultiheadAttention;
  multihead_attn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  readonly norm_first: boolean;
  norm1: LayerNorm;
  norm2: LayerNorm;
  norm3: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  dropout3: Dropout;
  readonly activation: (x: Tensor) => Tensor;

  constructor(d_model: number, nhead: number, ...args: (number | string | boolean | ((x: Tensor) => Tensor) | TransformerEncoderLayerOptions | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = layerOptions("TransformerDecoderLayer", args);
    const f = factory(o);
    this.self_attn = new MultiheadAttention(o.d_model, o.nhead, { dropout: o.dropout, batch_first: o.batch_first, ...f });
    this.multihead_attn = new MultiheadAttention(o.d_model, o.nhead, { dropout: o.dropout, batch_first: o.batch_first, ...f });
    this.linear1 = new Linear(o.d_model, o.dim_feedforward, f);
    this.dropout = new Dropout(o.dropout);
    this.linear2 = new Linear(o.dim_feedforward, o.d_model, f);
    this.norm_first = o.norm_first;
    this.norm1 = new LayerNorm(o.d_model, { eps: o.layer_norm_eps, ...f });
    this.norm2 = new LayerNorm(o.d_model, { eps: o.layer_norm_eps, ...f });
    this.norm3 = new LayerNorm(o.d_model, { eps: o.layer_norm_eps, ...f });
    this.dropout1 = new Dropout(o.dropout);
    this.dropout2 = new Dropout(o.dropout);
    this.dropout3 = new Dropout(o.dropout);
    this.activation = activationOf(o.activation);
  }

  override forward(tgt: Tensor, memory: Tensor, ...args: (Mask | boolean | DecoderMasks | undefined)[]): Tensor {
    const o = bindArgs("forward", args, DECODER_MASKS) as DecoderMasks;
    const sa = (x: Tensor) => callModule(this.dropout1, callModule(this.self_attn, x, x, x, { attn_mask: o.tgt_mask ?? null, key_padding_mask: o.tgt_key_padding_mask ?? null, need_weights: false })[0]);
    const mha = (x: Tensor) => callModule(this.dropout2, callModule(this.multihead_attn, x, memory, memory, { attn_mask: o.memory_mask ?? null, key_padding_mask: o.memory_key_padding_mask ?? null, need_weights: false })[0]);
    const ff = (x: Tensor) => callModule(this.dropout3, callModule(this.linear2, callModule(this.dropout, this.activation(callModule(this.linear1, x)))));
    let x = tgt;
    if (this.norm_first) {
      x = x.add(sa(callModule(this.norm1, x)));
      x = x.add(mha(callModule(this.norm2, x)));
      x = x.add(ff(callModule(this.norm3, x)));
    } else {
      x = callModule(this.norm1, x.add(sa(x)));
      x = callModule(this.norm2, x.add(mha(x)));
      x = callModule(this.norm3, x.add(ff(x)));
    }
    return x;
  }
}

/** TransformerDecoder(decoder_layer, num_layers, norm=None): num_layers deep copies of decoder_layer. */
export class TransformerDecoder extends Module {
  layers: ModuleList;
  readonly num_layers: number;
  norm: Module | null;
  constructor(decoder_layer: TransformerDecoderLayer, ...args: (number | Module | null | { num_layers?: number; norm?: Module | null } | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = { norm: null, ...bindArgs("TransformerDecoder.__init__", args, ["decoder_layer", "num_layers", "norm"], [], 2) } as Record<string, any>;
    this.layers = clones("TransformerDecoder", "decoder_layer", o.decoder_layer, o.num_layers);
    this.num_layers = o.num_layers;
    this.norm = o.norm;
  }
  override forward(tgt: Tensor, memory: Tensor, ...args: (Mask | boolean | DecoderMasks | undefined)[]): Tensor {
    const o = bindArgs("forward", args, DECODER_MASKS) as DecoderMasks;
    let x = tgt;
    for (const layer of this.layers) x = callModule(layer, x, memory, o);
    return this.norm === null ? x : callModule(this.norm, x);
  }
}

/**
 * Transformer(d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6,
 * dim_feedforward=2048, dropout=0.1, activation=relu, custom_encoder=None,
 * custom_decoder=None, layer_norm_eps=1e-05, batch_first=False, norm_first=False):
 * an encoder and a decoder stack, each with a final LayerNorm; every weight of
 * two or more dims then re-drawn by xavier_uniform_, as PyTorch's _reset_parameters.
 * forward(src, tgt, src_mask, tgt_mask, memory_mask, src_key_padding_mask,
 * tgt_key_padding_mask, memory_key_padding_mask).
 */
export class Transformer extends Module {
  encoder: Module;
  decoder: Module;
  readonly d_model: number;
  readonly nhead: number;
  readonly batch_first: boolean;
  constructor(...args: unknown[]) {
    super();
    const o = {
      d_model: 512, nhead: 8, num_encoder_layers: 6, num_decoder_layers: 6, dim_feedforward: 2048, dropout: 0.1, activation: "relu",
      custom_encoder: null, custom_decoder: null, layer_norm_eps: 1e-5, batch_first: false, norm_first: false,
      ...bindArgs("Transformer.__init__", args, ["d_model", "nhead", "num_encoder_layers", "num_decoder_layers", "dim_feedforward", "dropout", "activation", "custom_encoder", "custom_decoder", "layer_norm_eps", "batch_first", "norm_first", "device", "dtype"]),
    } as Record<string, any>;
    const f = factory(o);
    const layerArgs = [o.d_model, o.nhead, o.dim_feedforward, o.dropout, o.activation, o.layer_norm_eps, o.batch_first, o.norm_first, f] as const;
    this.encoder = o.custom_encoder ?? new TransformerEncoder(new TransformerEncoderLayer(...layerArgs), o.num_encoder_layers, new LayerNorm(o.d_model, { eps: o.layer_norm_eps, ...f }));
    this.decoder = o.custom_decoder ?? new TransformerDecoder(new TransformerDecoderLayer(...layerArgs), o.num_decoder_layers, new LayerNorm(o.d_model, { eps: o.layer_norm_eps, ...f }));
    for (const p of this.parameters()) if (p.dim() > 1) init.xavier_uniform_(p);
    this.d_model = o.d_model;
    this.nhead = o.nhead;
    this.batch_first = o.batch_first;
  }

  override forward(src: Tensor, tgt: Tensor, ...args: (Mask | boolean | (DecoderMasks & { src_mask?: Mask; src_key_padding_mask?: Mask; src_is_causal?: boolean }) | undefined)[]): Tensor {
    const o = bindArgs("forward", args, ["src_mask", "tgt_mask", "memory_mask", "src_key_padding_mask", "tgt_key_padding_mask", "memory_key_padding_mask"], ["src_is_causal", "tgt_is_causal", "memory_is_causal"]) as DecoderMasks & { src_mask?: Mask; src_key_padding_mask?: Mask };
    const batched = src.dim() === 3, batchDim = this.batch_first ? 0 : 1;
    if (batched && src.shape[batchDim] !== tgt.shape[batchDim]) throw new RuntimeError("the batch number of src and tgt must be equal");
    if (src.shape[src.dim() - 1] !== this.d_model || tgt.shape[tgt.dim() - 1] !== this.d_model) throw new RuntimeError("the feature number of src and tgt must be equal to d_model");
    const memory = callModule(this.encoder, src, { mask: o.src_mask ?? null, src_key_padding_mask: o.src_key_padding_mask ?? null });
    return callModule(this.decoder, tgt, memory, { tgt_mask: o.tgt_mask ?? null, memory_mask: o.memory_mask ?? null, tgt_key_padding_mask: o.tgt_key_padding_mask ?? null, memory_key_padding_mask: o.memory_key_padding_mask ?? null });
  }

  /** The causal mask of size sz: -inf above the diagonal, 0 elsewhere. */
  static generate_square_subsequent_mask(sz: number, device: string = "cpu"): Tensor {
    return full([sz, sz], -Infinity, { device }).triu(1);
  }
}
