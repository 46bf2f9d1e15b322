// torch.nn's Embedding and EmbeddingBag (torch/nn/modules/sparse.py).
import { AssertionError, NotImplementedError } from "../../errors.js";
import { empty } from "../../ops/creation.js";
import type { Tensor } from "../../tensor.js";
import * as F from "../functional.js";
import * as init from "../init.js";
import { Module } from "../module.js";
import { pyFloat } from "../../format.js";
import { Parameter } from "../parameter.js";
import { initArgs, type FactoryOptions, factory } from "./_args.js";

export interface EmbeddingOptions extends FactoryOptions {
  padding_idx?: number | null;
  max_norm?: number | null;
  norm_type?: number;
  scale_grad_by_freq?: boolean;
  sparse?: boolean;
}

/** Embedding's and EmbeddingBag's max_norm, norm_type and scale_grad_by_freq where not the defaults, as PyTorch prints them. */
const embeddingOptionsRepr = (m: { max_norm: number | null; norm_type: number; scale_grad_by_freq: boolean }) =>
  (m.max_norm !== null ? `, max_norm=${pyFloat(m.max_norm)}` : "") + (m.norm_type !== 2 ? `, norm_type=${pyFloat(m.norm_type)}` : "") + (m.scale_grad_by_freq ? ", scale_grad_by_freq=True" : "");

export class Embedding extends Module {
  readonly num_embeddings: number;
  readonly embedding_dim: number;
  weight: Parameter;
  readonly padding_idx: number | null;
  readonly max_norm: number | null;
  readonly norm_type: number;
  readonly scale_grad_by_freq: boolean;
  /** Embedding(num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False, _weight=None, _freeze=False, device=None, dtype=None). */
  constructor(num_embeddings: number, embedding_dim: number, ...args: (number | null | boolean | EmbeddingOptions | undefined)[]);
  constructor(...args: unknown[]) {
    super();
    const o = initArgs(
      "Embedding",
      args,
      ["num_embeddings", "embedding_dim", "padding_idx", "max_norm", "norm_type", "scale_grad_by_freq", "sparse", "_weight", "_freeze", "device", "dtype"],
      { padding_idx: null, max_norm: null, norm_type: 2, scale_grad_by_freq: false, sparse: false, _weight: null, _freeze: false },
      2,
    );
    // tensorgrad has no sparse tensors, so no sparse gradient.
    if (o.sparse) throw new NotImplementedError("tensorgrad: Embedding sparse=True is not supported (no sparse tensors)");
    this.num_embeddings = o.num_embeddings;
    this.embedding_dim = o.embedding_dim;
    [this.max_norm, this.norm_type, this.scale_grad_by_freq] = [o.max_norm, o.norm_type, o.scale_grad_by_freq];
    const p = o.padding_idx as number | null;
    if (p !== null && (p >= this.num_embeddings || p < -this.num_embeddings)) throw new AssertionError("Padding_idx must be within num_embeddings");
    this.padding_idx = p === null ? null : p < 0 ? p + this.num_embeddings : p;
    if (o._weight !== null) {
      this.weight = new Parameter((o._weight as Tensor).detach(), !o._freeze);
    } else {
      this.weight = new Parameter(empty([this.num_embeddings, this.embedding_dim], factory(o)), !o._freeze);
      init.normal_(this.weight);
      if (this.padding_idx !== null) this.weight.detach().select(0, this.padding_idx).fill_(0);
    }
  }
  override forward(input: Tensor): Tensor {
    return F.embedding(input, this.weight, this.padding_idx, this.max_norm, this.norm_type, this.scale_grad_by_freq);
  }
  override extra_repr(): string {
    return `${this.num_embeddings}, ${this.embedding_dim}` + (this.padding_idx !== null ? `, padding_idx=${this.padding_idx}` : "") + embeddingOptionsRepr(this);
  }
}

/**
 * EmbeddingBag(num_embeddings, embedding_dim, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
 * mode='mean', sparse=False, _weight=None, include_last_offset=False, padding_idx=None, device=None,
 * dtype=None): forward(input, offsets?, per_sample_weights?) gives each bag's sum, mean or max embedding.
 */
export class EmbeddingBag extends Module {
  readonly num_embeddings: number;
  readonly embedding_dim: number;
  readonly mode: "sum" | "mean" | "max";
  readonly include_last_offset: boolean;
  readonly padding_idx: number | null;
  readonly max_norm: number | null;
  readonly norm_type: number;
  readonly scale_grad_by_freq: boolean;
  weight: Parameter;
  constructor(...args: unknown[]) {
    super();
    const o = initArgs(
      "EmbeddingBag",
      args,
      ["num_embeddings", "embedding_dim", "max_norm", "norm_type", "scale_grad_by_freq", "mode", "sparse", "_weight", "include_last_offset", "padding_idx", "device", "dtype"],
      { max_norm: null, norm_type: 2, scale_grad_by_freq: false, mode: "mean", sparse: false, _weight: null, include_last_offset: false, padding_idx: null },
      2,
    );
    // tensorgrad has no sparse tensors, so no sparse gradient.
    if (o.sparse) throw new NotImplementedError("tensorgrad: EmbeddingBag sparse=True is not supported (no sparse tensors)");
    [this.num_embeddings, this.embedding_dim, this.mode, this.include_last_offset] = [o.num_embeddings, o.embedding_dim, o.mode, o.include_last_offset];
    [this.max_norm, this.norm_type, this.scale_grad_by_freq] = [o.max_norm, o.norm_type, o.scale_grad_by_freq];
    const p = o.padding_idx as number | null;
    if (p !== null && (p >= this.num_embeddings || p < -this.num_embeddings)) throw new AssertionError("padding_idx must be within num_embeddings");
    this.padding_idx = p === null ? null : p < 0 ? p + this.num_embeddings : p;
    if (o._weight !== null) this.weight = new Parameter((o._weight as Tensor).detach());
    else {
      this.weight = new Parameter(empty([this.num_embeddings, this.embedding_dim], factory(o)));
      init.normal_(this.weight);
      if (this.padding_idx !== null) this.weight.detach().select(0, this.padding_idx).fill_(0);
    }
  }
  override forward(input: Tensor, offsets: Tensor | null = null, per_sample_weights: Tensor | null = null): Tensor {
    return F.embedding_bag(input, this.weight, {
      offsets, max_norm: this.max_norm, norm_type: this.norm_type, scale_grad_by_freq: this.scale_grad_by_freq, mode: this.mode, per_sample_weights,
      include_last_offset: this.include_last_offset, padding_idx: this.padding_idx,
    });
  }
  override extra_repr(): string {
    return `${this.num_embeddings}, ${this.embedding_dim}${embeddingOptionsRepr(this)}, mode=${this.mode}` + (this.padding_idx !== null ? `, padding_idx=${this.padding_idx}` : "");
  }
}
