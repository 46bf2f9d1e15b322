// The training page: an MLP learns MNIST (the subset in ./mnist/, IDX files)
// on webgpu where the browser has a GPU, on the wasm backend otherwise, with a
// live chart; then reads the digit drawn on the pad.
//   train.html?device=webgpu|wasm   forces a device
//   train.html?images=N             trains on the first N images only
//   train.html?train=1              starts training at once
import * as torch from "../../src/index.js";
import type { Tensor } from "../../src/index.js";
import { LineChart } from "./chart.js";
import { pageThatStays } from "./offline.js";
import { DrawingPad } from "./pad.js";

// Nothing takes input before the page is the one that stays (it may reload once for isolation).
await pageThatStays();

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const { nn } = torch;
const MEAN = 0.1307;
const STD = 0.3081;
const BATCH = 32;
const LR = 2e-3;

/** webgpu when this browser has a GPU (not SwiftShader, Chromium's CPU emulation of one, slower than wasm); the page's ?device= decides otherwise. */
async function chooseDevice(): Promise<{ device: "webgpu" | "cpu"; text: string }> {
  const asked = params.get("device");
  const cpu = (why: string) => ({ device: "cpu" as const, text: `${torch.get_backend()} (${why})` });
  if (asked !== null && asked !== "webgpu" && asked !== "wasm") throw new Error(`?device= must be webgpu or wasm, got "${asked}"`);
  if (asked === "wasm") return cpu("asked for");
  try {
    await torch.webgpu.init();
  } catch (e) {
    if (asked === "webgpu") throw e;
    return cpu(`no WebGPU: ${(e as Error).message}`);
  }
  const name = torch.webgpu.get_device_name();
  if (asked !== "webgpu" && /swiftshader/i.test(name)) return cpu(`this WebGPU is ${name}, a CPU emulation`);
  return { device: "webgpu", text: `webgpu (${name})` };
}

/** An IDX file of the subset: images as [N, 784] float32, normalised as torchvision's MNIST examples do; labels as int64. */
async function load(name: string): Promise<{ shape: number[]; data: Uint8Array }> {
  const response = await fetch(`mnist/${name}`);
  if (!response.ok) throw new Error(`mnist/${name}: ${response.status} ${response.statusText}`);
  return torch.datasets.parseIdx(new Uint8Array(await response.arrayBuffer()));
}

function images(idx: { shape: number[]; data: Uint8Array }): Tensor {
  return torch.tensor(idx.data, { dtype: torch.float32 }).view(idx.shape[0], 784).div(255).sub(MEAN).div(STD);
}

const status = $("status");
const trainButton = $<HTMLButtonElement>("train-button");
const fmt = new Intl.NumberFormat("en");

try {
  const { device, text } = await chooseDevice();
  $("backend").textContent = `device: ${text}`;
  document.body.dataset.device = device;
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(
    ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "test-images-idx3-ubyte", "test-labels-idx1-ubyte"].map(load),
  );
  const limit = Number(params.get("images") ?? trainImages.shape[0]);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`?images= must be a positive integer`);
  const X = images(trainImages).narrow(0, 0, Math.min(limit, trainImages.shape[0])).to(device);
  const Y = torch.tensor(trainLabels.data).narrow(0, 0, X.shape[0]).to(device);
  const XTest = images(testImages).to(device);
  const YTest = torch.tensor(testLabels.data).to(device);
  const n = X.shape[0];
  $("train-count").textContent = fmt.format(n);
  $("test-count").textContent = fmt.format(XTest.shape[0]);

  torch.manual_seed(0);
  const model = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10)).to(device);
  // One optimizer for every pass: "Train one more pass" continues with Adam's state.
  const optimizer = new torch.optim.Adam(model.parameters(), { lr: LR });
  const chart = new LineChart($<HTMLCanvasElement>("chart"));
  const pad = new DrawingPad($<HTMLCanvasElement>("pad"), $("guess"), $("probabilities"));
  $("clear").addEventListener("click", () => pad.clear());

  /** Bytes that live tensors hold on the training device: steady over a pass, since every step runs in a scope. */
  const memoryInUse = () => (device === "webgpu" ? torch.webgpu.memory_allocated() : torch.memory_stats().bytes.cpu ?? 0);
  const memoryReadings: number[] = [];

  /** The share of held-out images the model classifies right. */
  async function accuracy(): Promise<number> {
    // A scope frees the forward's activations when the count is read: a page cannot wait for the collector.
    return torch.scope(async () => {
      const correct = torch.no_grad(() => model.forward(XTest).argmax(1).eq(YTest).sum());
      return (await correct.cpu()).item() / XTest.shape[0];
    });
  }

  /** One pass over the training images in a shuffled order, batch 32, Adam; the chart and figures follow it. */
  async function trainOnePass(): Promise<void> {
    trainButton.disabled = true;
    document.body.dataset.state = "training";
    status.textContent = "training…";
    const order = torch.randperm(n).to(device);
    const steps = Math.ceil(n / BATCH);
    // The held-out accuracy, eight times a pass.
    const evalEvery = Math.ceil(steps / 8);
    let nextEval = evalEvery;
    let trainingMs = 0;
    let seen = 0;
    let pending: Tensor[] = [];
    for (let step = 0; step < steps; step++) {
      const start = performance.now();
      const size = Math.min(BATCH, n - step * BATCH);
      // One step in a scope: its batch, activations and gradients' temporaries are freed as it ends.
      pending.push(
        torch.scope(() => {
          const batch = order.narrow(0, step * BATCH, size);
          const loss = nn.functional.cross_entropy(model.forward(X.index_select(0, batch)), Y.index_select(0, batch));
          optimizer.zero_grad();
          loss.backward();
          optimizer.step();
          return loss.detach();
        }),
      );
      seen += size;
      // Every 10 steps: read the losses (one wait for the GPU), draw, and let the page breathe.
      if ((step + 1) % 10 === 0 || step === steps - 1) {
        const losses = await torch.scope(async () => (await torch.stack(pending).cpu()).tolist() as number[]);
        for (const l of pending) l.dispose();
        pending = [];
        trainingMs += performance.now() - start;
        losses.forEach((l, i) => chart.addLoss(step + 1 - losses.length + i + 1, l));
        $("step").textContent = `${step + 1} / ${steps}`;
        $("loss").textContent = losses[losses.length - 1].toFixed(4);
        memoryReadings.push(memoryInUse());
        $("memory").textContent = `${(memoryReadings[memoryReadings.length - 1] / 2 ** 20).toFixed(1)} MiB`;
        document.body.dataset.memory = memoryReadings.join(",");
        if (trainingMs > 0) $("speed").textContent = fmt.format(Math.round(seen / (trainingMs / 1000)));
        if (step + 1 >= nextEval || step === steps - 1) {
          nextEval += evalEvery;
          const acc = await accuracy();
          chart.addAccuracy(step + 1, acc);
          $("accuracy").textContent = `${(100 * acc).toFixed(2)}%`;
          document.body.dataset.accuracy = String(acc);
        }
        chart.draw(steps);
        await new Promise((resolve) => setTimeout(resolve, 0));
      } else {
        trainingMs += performance.now() - start;
      }
    }
    status.textContent = `one pass done: ${fmt.format(n)} images in ${(trainingMs / 1000).toFixed(1)} s of training. Draw a digit →`;
    document.body.dataset.state = "trained";
    trainButton.disabled = false;
    trainButton.textContent = "Train one more pass";
  }

  pad.onDrawn = async (pixels) => {
    const x = torch.tensor(pixels).view(1, 784).sub(MEAN).div(STD).to(device);
    const probabilities = torch.no_grad(() => model.forward(x).softmax(1));
    pad.show((await probabilities.cpu()).view(10).tolist() as number[]);
  };
  trainButton.addEventListener("click", () => void trainOnePass());
  trainButton.disabled = false;
  status.textContent = `ready: ${fmt.format(n)} training images loaded`;
  document.body.dataset.state = "ready";
  if (params.get("train") === "1") trainButton.click();
} catch (e) {
  status.textContent = `${(e as Error).name}: ${(e as Error).message}`;
  status.classList.add("error");
  document.body.dataset.state = "failed";
}
document.body.dataset.ready = "true";
