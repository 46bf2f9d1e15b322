// Character-level language models over first names (makemore style), shared by
// the training script (train.ts) and the parity test: the data pipeline, an
// LSTM and a small causal Transformer, built in the same order as
// reference.py builds them in PyTorch, so a seed gives the same weights.
import { readFileSync } from "node:fs";
import * as torch from "../../src/index.js";
import type { Tensor } from "../../src/index.js";

const { nn } = torch;

/** The names, the vocabulary ('.' = 0 marks start and end) and the padded examples. */
export class Names {
  readonly words: string[];
  readonly chars: string[];
  readonly maxLen: number;
  /** x: [0, ...word] padded with 0; y: [...word, 0] padded with -1 (ignored by the loss). */
  readonly x: Tensor;
  readonly y: Tensor;

  constructor(path = new URL("./names.txt", import.meta.url)) {
    this.words = readFileSync(path, "utf8").split("\n").map((w) => w.trim()).filter((w) => w.length > 0);
    this.chars = [...new Set(this.words.join(""))].sort();
    this.maxLen = Math.max(...this.words.map((w) => w.length));
    const t = this.maxLen + 1;
    const xs = new Array<number>(this.words.length * t).fill(0);
    const ys = new Array<number>(this.words.length * t).fill(-1);
    this.words.forEach((w, i) => {
      const ix = [...w].map((c) => this.chars.indexOf(c) + 1);
      ix.forEach((v, j) => (xs[i * t + j + 1] = v));
      [...ix, 0].forEach((v, j) => (ys[i * t + j] = v));
    });
    this.x = torch.tensor(xs, { dtype: torch.int64 }).view(this.words.length, t);
    this.y = torch.tensor(ys, { dtype: torch.int64 }).view(this.words.length, t);
  }
  get vocabSize(): number {
    return this.chars.length + 1;
  }
  decode(ix: number[]): string {
    return ix.map((i) => this.chars[i - 1]).join("");
  }
}

export interface LanguageModel extends torch.nn.Module {
  forward(idx: Tensor): Tensor;
}

/** Embedding -> LSTM -> Linear, over [batch, time] indices. */
export class LSTMModel extends nn.Module implements LanguageModel {
  wte: torch.nn.Embedding;
  lstm: torch.nn.LSTM;
  lm_head: torch.nn.Linear;
  constructor(vocab: number, embed = 32, hidden = 64) {
    super();
    this.wte = new nn.Embedding(vocab, embed);
    this.lstm = new nn.LSTM(embed, hidden, { batch_first: true });
    this.lm_head = new nn.Linear(hidden, vocab);
  }
  override forward(idx: Tensor): Tensor {
    const [out] = this.lstm.forward(this.wte.forward(idx));
    return this.lm_head.forward(out);
  }
}

/** Token and position embeddings -> causal TransformerEncoder (pre-norm) -> LayerNorm -> Linear. */
export class TransformerModel extends nn.Module implements LanguageModel {
  wte: torch.nn.Embedding;
  wpe: torch.nn.Embedding;
  encoder: torch.nn.TransformerEncoder;
  ln_f: torch.nn.LayerNorm;
  lm_head: torch.nn.Linear;
  constructor(vocab: number, blockSize: number, embed = 32, heads = 4, layers = 2) {
    super();
    this.wte = new nn.Embedding(vocab, embed);
    this.wpe = new nn.Embedding(blockSize, embed);
    const layer = new nn.TransformerEncoderLayer(embed, heads, { dim_feedforward: 4 * embed, dropout: 0, activation: "gelu", batch_first: true, norm_first: true });
    this.encoder = new nn.TransformerEncoder(layer, layers);
    this.ln_f = new nn.LayerNorm(embed);
    this.lm_head = new nn.Linear(embed, vocab);
  }
  override forward(idx: Tensor): Tensor {
    const t = idx.shape[1];
    const pos = torch.arange(t);
    const x = this.wte.forward(idx).add(this.wpe.forward(pos));
    const causal = torch.full([t, t], -Infinity).triu(1);
    return this.lm_head.forward(this.ln_f.forward(this.encoder.forward(x, { mask: causal })));
  }
}

export type ModelName = "lstm" | "transformer";

export function makeModel(name: ModelName, data: Names): LanguageModel {
  return name === "lstm" ? new LSTMModel(data.vocabSize) : new TransformerModel(data.vocabSize, data.maxLen + 1);
}

/** One AdamW step on a random batch (torch.randint), returning the loss. */
export function trainStep(model: LanguageModel, opt: torch.optim.Optimizer, data: Names, batchSize: number): number {
  const ix = torch.randint(0, data.words.length, [batchSize]);
  const x = data.x.index_select(0, ix), y = data.y.index_select(0, ix);
  const logits = model.forward(x);
  const loss = nn.functional.cross_entropy(logits.view(-1, logits.shape[2]), y.view(-1), { ignore_index: -1 });
  opt.zero_grad();
  loss.backward();
  opt.step();
  return loss.item() as number;
}

/** Samples names one character at a time (torch.multinomial), as makemore generates. */
export function sample(model: LanguageModel, data: Names, count: number): string[] {
  return torch.no_grad(() => {
    model.eval();
    const out: string[] = [];
    for (let n = 0; n < count; n++) {
      const ix = [0];
      while (ix.length <= data.maxLen) {
        const logits = model.forward(torch.tensor([ix], { dtype: torch.int64 }));
        const probs = logits.select(1, ix.length - 1).softmax(-1);
        const next = torch.multinomial(probs, 1).item() as number;
        if (next === 0) break;
        ix.push(next);
      }
      out.push(data.decode(ix.slice(1)));
    }
    model.train();
    return out;
  });
}
