// Character-level language models on first names (makemore style):
//   npm run charlm:lstm              an LSTM (embed 32, hidden 64)
//   npm run charlm:transformer       a causal Transformer (2 pre-norm layers, 4 heads, width 32)
//   ... -- --steps 2000 --samples 20 --seed 1
// AdamW (lr 5e-3, weight decay 0.01) on random batches of 32 names; prints the
// loss as it trains and samples new names at the end. With the default seed,
// the first 60 losses and the samples are PyTorch's (examples/charlm/fixture.json,
// written by reference.py; checked by tests/charlm.test.ts).
import { parseArgs } from "node:util";
import * as torch from "../../src/index.js";
import { makeModel, Names, sample, trainStep, type ModelName } from "./model.js";

const USAGE = `Usage: tsx examples/charlm/train.ts [options]

  --model lstm|transformer   the network (default lstm)
  --steps N                  training steps (default 500)
  --batch-size N             names per step (default 32)
  --lr X                     AdamW's learning rate (default 0.005)
  --samples N                names to sample after training (default 10)
  --seed N                   torch.manual_seed (default 0)
  --help                     this text`;

function positive(flag: string, text: string | undefined, fallback: number, integer = true): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (!(v > 0) || (integer && !Number.isInteger(v))) throw new Error(`--${flag} must be a positive ${integer ? "integer" : "number"}, got "${text}"`);
  return v;
}

function main(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        model: { type: "string" }, steps: { type: "string" }, "batch-size": { type: "string" }, lr: { type: "string" },
        samples: { type: "string" }, seed: { type: "string" }, help: { type: "boolean" },
      },
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const model = (values.model ?? "lstm") as ModelName;
  if (model !== "lstm" && model !== "transformer") {
    console.error(`--model must be lstm or transformer, got "${model}"\n\n${USAGE}`);
    return 2;
  }
  let steps: number, batch: number, lr: number, samples: number, seed: number;
  try {
    steps = positive("steps", values.steps, 500);
    batch = positive("batch-size", values["batch-size"], 32);
    lr = positive("lr", values.lr, 5e-3, false);
    samples = positive("samples", values.samples, 10);
    seed = values.seed === undefined ? 0 : Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a non-negative integer, got "${values.seed}"`);
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const data = new Names();
  torch.manual_seed(seed);
  const net = makeModel(model, data);
  const params = net.parameters().reduce((n, p) => n + p.numel(), 0);
  console.log(`${model}: ${params.toLocaleString("en-US")} parameters, ${data.words.length} names, vocabulary of ${data.vocabSize}`);
  const opt = new torch.optim.AdamW(net.parameters(), { lr, weight_decay: 0.01 });
  const start = performance.now();
  let recent = 0;
  for (let step = 1; step <= steps; step++) {
    recent += trainStep(net, opt, data, batch);
    if (step % 50 === 0 || step === steps) {
      const n = step % 50 === 0 ? 50 : step % 50;
      console.log(`step ${String(step).padStart(5)}  loss ${(recent / n).toFixed(4)}  ${((performance.now() - start) / step).toFixed(1)} ms/step`);
      recent = 0;
    }
  }
  console.log(`samples: ${sample(net, data, samples).join(", ")}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
