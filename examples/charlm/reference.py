#!/usr/bin/env python3
"""The PyTorch side of the character-level language models (examples/charlm):
the same data, models, initialisation order, batches and sampling as model.ts.

Run:  /usr/bin/python3 examples/charlm/reference.py
Writes examples/charlm/fixture.json: the loss of each training step and the
sampled names, per model, for seed 0.
"""
import json
import os

import torch
from torch import nn
from torch.nn import functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
STEPS = 60
BATCH = 32
SAMPLES = 10


class Names:
    def __init__(self):
        with open(os.path.join(HERE, "names.txt")) as fh:
            self.words = [w.strip() for w in fh.read().split("\n") if w.strip()]
        self.chars = sorted(set("".join(self.words)))
        self.max_len = max(len(w) for w in self.words)
        t = self.max_len + 1
        self.x = torch.zeros(len(self.words), t, dtype=torch.long)
        self.y = torch.full((len(self.words), t), -1, dtype=torch.long)
        for i, w in enumerate(self.words):
            ix = [self.chars.index(c) + 1 for c in w]
            self.x[i, 1:1 + len(ix)] = torch.tensor(ix)
            self.y[i, :len(ix) + 1] = torch.tensor(ix + [0])

    @property
    def vocab_size(self):
        return len(self.chars) + 1

    def decode(self, ix):
        return "".join(self.chars[i - 1] for i in ix)


class LSTMModel(nn.Module):
    def __init__(self, vocab, embed=32, hidden=64):
        super().__init__()
        self.wte = nn.Embedding(vocab, embed)
        self.lstm = nn.LSTM(embed, hidden, batch_first=True)
        self.lm_head = nn.Linear(hidden, vocab)

    def forward(self, idx):
        out, _ = self.lstm(self.wte(idx))
        return self.lm_head(out)


class TransformerModel(nn.Module):
    def __init__(self, vocab, block_size, embed=32, heads=4, layers=2):
        super().__init__()
        self.wte = nn.Embedding(vocab, embed)
        self.wpe = nn.Embedding(block_size, embed)
        layer = nn.TransformerEncoderLayer(embed, heads, dim_feedforward=4 * embed, dropout=0.0, activation="gelu", batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.ln_f = nn.LayerNorm(embed)
        self.lm_head = nn.Linear(embed, vocab)

    def forward(self, idx):
        t = idx.shape[1]
        x = self.wte(idx) + self.wpe(torch.arange(t))
        causal = torch.full((t, t), float("-inf")).triu(1)
        return self.lm_head(self.ln_f(self.encoder(x, mask=causal)))


def sample(model, data, count):
    out = []
    with torch.no_grad():
        model.eval()
        for _ in range(count):
            ix = [0]
            while len(ix) <= data.max_len:
                logits = model(torch.tensor([ix]))
                probs = logits[:, len(ix) - 1].softmax(-1)
                nxt = torch.multinomial(probs, 1).item()
                if nxt == 0:
                    break
                ix.append(nxt)
            out.append(data.decode(ix[1:]))
        model.train()
    return out


def run(name, data):
    torch.manual_seed(0)
    model = LSTMModel(data.vocab_size) if name == "lstm" else TransformerModel(data.vocab_size, data.max_len + 1)
    opt = torch.optim.AdamW(model.parameters(), lr=5e-3, weight_decay=0.01)
    losses = []
    for _ in range(STEPS):
        ix = torch.randint(0, len(data.words), (BATCH,))
        x, y = data.x[ix], data.y[ix]
        logits = model(x)
        loss = F.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1), ignore_index=-1)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return {"losses": losses, "samples": sample(model, data, SAMPLES)}


def main():
    data = Names()
    doc = {"torch_version": torch.__version__, "generator": "examples/charlm/reference.py", "seed": 0, "steps": STEPS, "batch_size": BATCH,
           "lr": 5e-3, "weight_decay": 0.01, "lstm": run("lstm", data), "transformer": run("transformer", data)}
    with open(os.path.join(HERE, "fixture.json"), "w") as fh:
        json.dump(doc, fh, indent=1)
    print({k: (v["losses"][0], v["losses"][-1], v["samples"][:3]) for k, v in doc.items() if k in ("lstm", "transformer")})


if __name__ == "__main__":
    main()
