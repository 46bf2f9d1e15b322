// tensorgrad's side of `npm run bench`.
import * as torch from "../../src/index.js";
import { MODELS, type ModelName } from "../../examples/mnist/models.js";
import { MNIST_BATCH, epochEstimate as epochSteps, mnistTrain, runAll, time as timeSteps } from "./common.js";
import { makeModel, Names, trainStep, type ModelName as CharModel } from "../../examples/charlm/model.js";
import { makemoreMlp, mnistExample, wordLanguageModel } from "./programs.js";

const { nn } = torch;
torch.manual_seed(0);
// bench/index.ts runs this script more than once: with the native addon's default threads, with one thread, on wasm.
const env = typeof process !== "undefined" ? process.env : {};
if (env.BENCH_THREADS) torch.set_num_threads(Number(env.BENCH_THREADS));

// Each timed step runs in a torch.scope, as TF.js's runs in tf.tidy: what it made is freed as it ends
// (but the word language model's, whose state crosses steps).
const time = (fn: () => unknown, runs?: number, warmup?: number) => timeSteps(() => torch.scope(fn), runs, warmup);
const epochEstimate = (step: (i: number) => unknown, steps: number, warmup: number) => epochSteps((i) => torch.scope(() => step(i)), steps, warmup);

const mnist = mnistTrain();
const images = torch.tensor(mnist.images).reshape(mnist.n, 1, 28, 28);
const labels = torch.tensor(mnist.labels, { dtype: torch.int64 });

function mnistEpoch(name: ModelName, steps: number, warmup: number): Promise<number> {
  torch.manual_seed(0);
  const model = new MODELS[name]();
  const opt = new torch.optim.Adam(model.parameters(), { lr: 1e-3 });
  return epochEstimate((i) => {
    const x = images.narrow(0, i * MNIST_BATCH, MNIST_BATCH), y = labels.narrow(0, i * MNIST_BATCH, MNIST_BATCH);
    const loss = nn.functional.cross_entropy(model.forward(x), y);
    opt.zero_grad();
    loss.backward();
    opt.step();
  }, steps, warmup);
}

/** One training step of examples/charlm's model (the same batches and steps as bench/peers/pytorch.py's). */
function charlmStep(name: CharModel): Promise<number> {
  const data = (names ??= new Names());
  torch.manual_seed(0);
  const model = makeModel(name, data);
  const opt = new torch.optim.AdamW(model.parameters(), { lr: 5e-3, weight_decay: 0.01 });
  return time(() => trainStep(model, opt, data, 32), 20, 10);
}
let names: Names | undefined;

/** One step of a ported program (bench/peers/programs.ts), from the same seed as pytorch.py's twin. */
function program(make: () => () => void, runs = 20, warmup = 5, scoped = true): Promise<number> {
  torch.manual_seed(0);
  return (scoped ? time : timeSteps)(make(), runs, warmup);
}

await runAll(env.BENCH_NAME ?? "tensorgrad", {
  matmul1024: async () => {
    const a = torch.randn(1024, 1024), b = torch.randn(1024, 1024);
    return time(() => a.matmul(b));
  },
  matmul512_fwd_bwd: async () => {
    const a = torch.randn(512, 512, { requires_grad: true }), b = torch.randn(512, 512, { requires_grad: true });
    return time(() => {
      a.grad = null;
      b.grad = null;
      a.matmul(b).sum().backward();
    });
  },
  mlp_step: async () => {
    const model = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 128), new nn.ReLU(), new nn.Linear(128, 10));
    const opt = new torch.optim.SGD(model.parameters(), { lr: 0.01 });
    const x = torch.randn(128, 784), y = torch.randint(0, 10, [128]);
    return time(() => {
      const loss = nn.functional.cross_entropy(model.forward(x), y);
      opt.zero_grad();
      loss.backward();
      opt.step();
    }, 20, 5);
  },
  elementwise_1e6: async () => {
    const a = torch.randn(1_000_000, { requires_grad: true }), b = torch.randn(1_000_000);
    return time(() => {
      a.grad = null;
      a.mul(b).add(a.exp()).sum().backward();
    }, 10, 3);
  },
  chain_10k: async () =>
    time(() => {
      const x = torch.tensor(0.5, { requires_grad: true });
      let y = x;
      for (let i = 0; i < 4762; i++) {
        y = y.mul(1.0001).add(0.0001);
        if (i % 10 === 9) y = y.tanh();
      }
      y.backward();
    }, 9, 3),
  mnist_mlp_epoch: () => mnistEpoch("mlp", 100, 20),
  mnist_cnn_epoch: () => mnistEpoch("cnn", 10, 3),
  charlm_lstm_step: () => charlmStep("lstm"),
  charlm_transformer_step: () => charlmStep("transformer"),
  makemore_mlp_step: () => program(makemoreMlp),
  mnist_example_step: () => program(() => mnistExample(images, labels)),
  // Its hidden state crosses steps, so its steps run as written in PyTorch, without a scope.
  word_lm_step: () => program(wordLanguageModel, 5, 2, false),
}, { backend: torch.get_backend(), threads: torch.get_num_threads(), blas: torch.get_backend_info().blas });
