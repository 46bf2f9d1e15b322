// `npm run bench:gpu-memory`: torch.webgpu.memory_allocated() and
// memory_reserved() across 10,000 training steps of an MLP written as in
// PyTorch (no manual dispose; the loss read back every step, as a loop that
// logs it does). Freed buffers return to the pool when their tensors are
// collected, so both figures must level off. Steps and sizes: argv
// (`-- --steps 10000 --width 256`); on SwiftShader a small MLP keeps the run to minutes.
import { parseArgs } from "node:util";
import * as torch from "../src/index.js";

const { values } = parseArgs({ options: { steps: { type: "string", default: "10000" }, width: { type: "string", default: "128" }, batch: { type: "string", default: "64" } } });
const steps = Number(values.steps), width = Number(values.width), batch = Number(values.batch);
await torch.webgpu.init();
const D = "webgpu";
torch.manual_seed(0);
const model = new torch.nn.Sequential(new torch.nn.Linear(784, width), new torch.nn.ReLU(), new torch.nn.Linear(width, 10)).to(D);
const opt = new torch.optim.Adam(model.parameters(), { lr: 1e-3 });
const x = torch.randn([batch, 784], { device: D }), y = torch.randint(0, 10, [batch], { device: D });
const mib = (n: number) => (n / 2 ** 20).toFixed(2);
console.log(`${torch.webgpu.get_device_name()}: MLP 784-${width}-10, batch ${batch}, Adam, ${steps} steps`);
console.log("step\tloss\tallocated MiB\treserved MiB");
const t0 = performance.now();
const rows: [number, number, number][] = [];
for (let step = 1; step <= steps; step++) {
  const loss = torch.nn.functional.cross_entropy(model.forward(x), y);
  opt.zero_grad();
  loss.backward();
  opt.step();
  const value = (await loss.cpu()).item();
  if (step === 1 || step % (steps / 10) === 0) {
    rows.push([step, torch.webgpu.memory_allocated(), torch.webgpu.memory_reserved()]);
    console.log(`${step}\t${value.toFixed(4)}\t${mib(torch.webgpu.memory_allocated())}\t${mib(torch.webgpu.memory_reserved())}`);
  }
}
const [, firstAlloc] = rows[1] ?? rows[0];
const [, lastAlloc, lastReserved] = rows[rows.length - 1];
console.log(`${((performance.now() - t0) / steps).toFixed(1)} ms per step; allocated at step ${rows[1]?.[0]}: ${mib(firstAlloc)} MiB, at the end: ${mib(lastAlloc)} MiB (reserved ${mib(lastReserved)} MiB)`);
