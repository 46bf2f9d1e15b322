// js-pytorch's side of `npm run bench` (run with a larger stack: its backward is recursive).
// It has no tanh, so its chain is the 10,000 mul/add ops alone; its only optimizer is Adam;
// it has no convolution, so no CNN.
import { MNIST_BATCH, epochEstimate, mnistTrain, runAll, time } from "./common.js";

// Not a dependency: its GPU dependency (gl) fails to build here. Install it for the bench with
// `npm install --no-save --ignore-scripts js-pytorch@0.7.2`. The specifier is a variable so that
// type-checking does not need the package.
const specifier = "js-pytorch";
const t = ((await import(specifier)) as { torch: any }).torch;

const mnist = mnistTrain();

function mlpEpoch(steps: number, warmup: number): Promise<number> {
  const nn = t.nn;
  const layers = [new nn.Linear(784, 256), new nn.Linear(256, 128), new nn.Linear(128, 10)];
  const opt = new t.optim.Adam(layers.flatMap((l: any) => l.parameters()), 1e-3, 0);
  const relu = new nn.ReLU();
  const lossFn = new nn.CrossEntropyLoss();
  return epochEstimate((i) => {
    // js-pytorch builds tensors from nested arrays.
    const rows: number[][] = [];
    for (let r = 0; r < MNIST_BATCH; r++) rows.push(Array.from(mnist.images.subarray((i * MNIST_BATCH + r) * 784, (i * MNIST_BATCH + r + 1) * 784)));
    let h = t.tensor(rows);
    layers.forEach((l: any, k: number) => {
      h = l.forward(h);
      if (k < layers.length - 1) h = relu.forward(h);
    });
    const loss = lossFn.forward(h, t.tensor(Array.from(mnist.labels.subarray(i * MNIST_BATCH, (i + 1) * MNIST_BATCH))));
    loss.backward();
    opt.step();
    opt.zero_grad();
  }, steps, warmup);
}

await runAll("js-pytorch", {
  matmul1024: async () => {
    const a = t.randn([1024, 1024]), b = t.randn([1024, 1024]);
    return time(() => t.matmul(a, b), 1, 0);
  },
  matmul512_fwd_bwd: async () => {
    const a = t.randn([512, 512], true), b = t.randn([512, 512], true);
    return time(() => t.matmul(a, b).sum().backward(), 1, 0);
  },
  mlp_step: async () => {
    const nn = t.nn;
    const layers = [new nn.Linear(784, 256), new nn.Linear(256, 128), new nn.Linear(128, 10)];
    const params = layers.flatMap((l: any) => l.parameters());
    const opt = new t.optim.Adam(params, 0.01, 0);
    const x = t.randn([128, 784]);
    const y = t.randint(0, 10, [128]);
    const lossFn = new nn.CrossEntropyLoss();
    return time(() => {
      let h = x;
      layers.forEach((l: any, i: number) => {
        h = l.forward(h);
        if (i < layers.length - 1) h = t.relu ? t.relu(h) : new nn.ReLU().forward(h);
      });
      const loss = lossFn.forward(h, y);
      loss.backward();
      opt.step();
      opt.zero_grad();
    }, 3, 1);
  },
  elementwise_1e6: async () => {
    const a = t.randn([1_000_000], true), b = t.randn([1_000_000]);
    return time(() => t.add(t.mul(a, b), t.exp(a)).sum().backward(), 3, 1);
  },
  chain_10k: async () =>
    time(() => {
      let y = t.tensor(0.5, true);
      for (let i = 0; i < 5000; i++) y = t.add(t.mul(y, 1.0001), 0.0001);
      y.backward();
    }, 3, 1),
  mnist_mlp_epoch: () => mlpEpoch(4, 1),
}, {}, { mnist_cnn_epoch: "n/a (no conv2d)" });
