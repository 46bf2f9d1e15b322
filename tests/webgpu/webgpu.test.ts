// The webgpu device on whatever adapter this machine has: in CI, SwiftShader
// (a CPU Vulkan; VK_ICD_FILENAMES from `npm run unit:webgpu`). Without an
// adapter every test here is skipped, with the reason printed.
import { before, describe, it } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { expect } from "expect";
import * as torch from "../../src/index.js";
import type { Tensor } from "../../src/index.js";
import { programsByKind, runProgram } from "../programs.js";

let skip: string | false = false;
try {
  await torch.webgpu.init();
  console.log(`# webgpu adapter: ${torch.webgpu.get_device_name()}`);
} catch (e) {
  skip = `no WebGPU adapter here: ${(e as Error).message}`;
  console.log(`# skipping the webgpu tests: ${skip}`);
}

const GPU = "webgpu";

/** An op whose output shape depends on values (nonzero, masked_select, boolean-mask indexing) must read them: on a GPU that is `await`. */
const VALUE_DEPENDENT = /\b(nonzero|masked_select)\b/;

describe("the webgpu device", { skip }, () => {
  it("runs the differential programs with PyTorch's values", async () => {
    const failures: string[] = [];
    let ran = 0, valueDependent = 0;
    for (const [kind, programs] of programsByKind()) {
      for (const p of programs) {
        ran++;
        try {
          await runProgram(p, GPU);
        } catch (e) {
          const err = e as Error;
          // The one accepted failure: a value-dependent shape, refused with the error that says to await.
          if (/needs its values on the CPU: use `await t.cpu\(\)`/.test(err.message) && VALUE_DEPENDENT.test(err.stack ?? "")) valueDependent++;
          else failures.push(`${kind} program ${p.name}: ${err.message.split("\n")[0]}`);
        }
      }
    }
    if (failures.length > 0) throw new Error(`${failures.length} of ${ran} programs failed on webgpu:\n${failures.slice(0, 12).join("\n")}`);
    expect(ran).toBeGreaterThanOrEqual(2000);
    // Most programs take no value-dependent step.
    expect(valueDependent).toBeLessThan(ran / 10);
  });

  it("gives the contract's errors", async () => {
    const x = torch.tensor([1, 2, 3], { device: GPU });
    expect(String(x.device)).toBe("webgpu");
    expect(x.is_webgpu).toBe(true);
    expect(() => torch.tensor([7], { device: GPU }).item()).toThrow("use `await t.cpu()` first");
    expect(() => x.sum().item()).toThrow("item() of a webgpu tensor needs its values on the CPU");
    expect(() => x.tolist()).toThrow("await t.cpu()");
    expect(() => String(x)).toThrow("await t.cpu()");
    expect(() => x.add(torch.tensor([1, 2, 3]))).toThrow("Expected all tensors to be on the same device, but found at least two devices, webgpu and cpu!");
    expect(() => torch.tensor([1, 2], { dtype: torch.float64 }).to(GPU)).toThrow("Cannot convert a WebGPU tensor to float64 dtype as WebGPU doesn't support float64. Please use float32 instead.");
    expect(() => x.to("cpu")).toThrow("await t.cpu()");
    expect(() => torch.tensor([2 ** 40], { dtype: torch.int64 }).to(GPU)).toThrow("does not fit the GPU's 32-bit integers");
    // A CPU scalar tensor joins a device op, as in PyTorch.
    expect((await x.mul(torch.tensor(2)).cpu()).tolist()).toEqual([2, 4, 6]);
    // Plain numbers mix freely; values come back with await.
    expect((await x.add(1).cpu()).tolist()).toEqual([2, 3, 4]);
    const cpu = torch.tensor([5]);
    expect(await cpu.cpu()).toBe(cpu);
  });

  it("keeps autograd device-blind: .grad lives beside its leaf", async () => {
    const w = torch.tensor([[1, -2], [3, 4]], { device: GPU, requires_grad: true });
    const loss = w.relu().mul(w).sum();
    loss.backward();
    expect(w.grad!.is_webgpu).toBe(true);
    expect((await w.grad!.cpu()).tolist()).toEqual([[2, 0], [6, 8]]);
    expect(w.is_leaf).toBe(true);
  });

  it("trains the MNIST MLP for 20 SGD steps with the CPU's losses (1e-4 relative)", async () => {
    const { images, labels } = await torch.datasets.MNIST({ train: true, limit: 640 });
    const x = images.sub(0.1307).div(0.3081);
    const run = async (device: string): Promise<{ losses: number[]; model: torch.nn.Module }> => {
      torch.manual_seed(0);
      const model = new torch.nn.Sequential(new torch.nn.Flatten(), new torch.nn.Linear(784, 256), new torch.nn.ReLU(), new torch.nn.Linear(256, 128), new torch.nn.ReLU(), new torch.nn.Linear(128, 10));
      const params = model.parameters();
      model.to(device);
      // The same Parameter objects after to(device): an optimizer built from them trains the moved model.
      model.parameters().forEach((p, i) => expect(p).toBe(params[i]));
      const opt = new torch.optim.SGD(params, 0.05, { momentum: 0.9 });
      const losses: number[] = [];
      for (let step = 0; step < 20; step++) {
        const xb = x.narrow(0, step * 32, 32).to(device), yb = labels.narrow(0, step * 32, 32).to(device);
        const loss = torch.nn.functional.cross_entropy(model.forward(xb), yb);
        opt.zero_grad();
        loss.backward();
        opt.step();
        losses.push((await loss.cpu()).item());
      }
      return { losses, model };
    };
    const cpu = await run("cpu");
    const gpu = await run(GPU);
    gpu.losses.forEach((l, i) => expect(Math.abs(l - cpu.losses[i])).toBeLessThanOrEqual(1e-4 * cpu.losses[i]));
    expect(gpu.losses[19]).toBeLessThan(gpu.losses[0]);
    // The checkpoint, read back on the CPU, holds the GPU's weights.
    for (const [k, v] of Object.entries(gpu.model.state_dict())) {
      const back = await v.cpu();
      const want = cpu.model.state_dict()[k];
      expect(back.sub(want).abs().max().item()).toBeLessThan(1e-4);
    }
  });

  it("runs an Embedding and an LSTM as the CPU does, gradients included", async () => {
    torch.manual_seed(0);
    const emb = new torch.nn.Embedding(10, 4, { padding_idx: 0 });
    const lstm = new torch.nn.LSTM(4, 8, { num_layers: 2 });
    const idx = torch.tensor([[1, 2, 0], [3, 9, 0]], { dtype: torch.int64 });
    const run = (device: string) => {
      const [out] = lstm.forward(emb.forward(idx.to(device)));
      out.pow(2).sum().backward();
      return out;
    };
    const want = run("cpu").detach();
    const wantGrads = [emb.weight, ...lstm.parameters()].map((p) => p.grad!.clone());
    emb.zero_grad();
    lstm.zero_grad();
    emb.to(GPU);
    lstm.to(GPU);
    const got = await run(GPU).detach().cpu();
    expect(got.sub(want).abs().max().item()).toBeLessThan(1e-5);
    const grads = [emb.weight, ...lstm.parameters()];
    for (const [i, p] of grads.entries()) expect((await p.grad!.cpu()).sub(wantGrads[i]).abs().max().item()).toBeLessThan(1e-5);
    // The padding row takes no gradient on the GPU either.
    expect((await emb.weight.grad!.cpu()).select(0, 0).abs().sum().item()).toBe(0);
  });

  it("builds modules on the device with the CPU's initial values ({ device } in a constructor)", async () => {
    torch.manual_seed(3);
    const gpu = new torch.nn.Linear(5, 4, { device: GPU });
    const lstm = new torch.nn.LSTM(3, 2, { device: GPU });
    torch.manual_seed(3);
    const cpu = new torch.nn.Linear(5, 4);
    expect(gpu.weight.is_webgpu && gpu.bias!.is_webgpu && lstm.parameters().every((p) => p.is_webgpu)).toBe(true);
    expect((await gpu.weight.cpu()).equal(cpu.weight.detach())).toBe(true);
    expect(() => new torch.nn.Linear(5, 4, { device: "cuda" })).toThrow("Expected one of cpu, webgpu device type at start of device string: cuda");
  });

  describe("memory", () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    /** Collects garbage and lets the finalizers that return buffers to the pool run. */
    const collect = async () => {
      for (let i = 0; i < 3; i++) {
        gc();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    let model: torch.nn.Module;
    before(() => {
      torch.manual_seed(1);
      model = new torch.nn.Sequential(new torch.nn.Linear(64, 64), new torch.nn.ReLU(), new torch.nn.Linear(64, 10)).to(GPU);
    });
    it("does not grow over a training loop written as in PyTorch (freed buffers are reused)", async () => {
      const opt = new torch.optim.Adam(model.parameters(), { lr: 1e-3 });
      const x = torch.randn([32, 64], { device: GPU }), y = torch.randint(0, 10, [32], { device: GPU });
      const allocated: number[] = [];
      for (let step = 0; step < 400; step++) {
        const loss = torch.nn.functional.cross_entropy(model.forward(x), y);
        opt.zero_grad();
        loss.backward();
        opt.step();
        await loss.cpu();
        if (step % 100 === 99) {
          // What the loop keeps alive, not what the collector has yet to free.
          await collect();
          allocated.push(torch.webgpu.memory_allocated());
        }
      }
      // Each step allocates about 100 buffers; what stays alive after a step is the model, the optimizer and the data.
      expect(allocated[3]).toBeLessThanOrEqual(allocated[0]);
      expect(torch.webgpu.memory_reserved()).toBeGreaterThanOrEqual(torch.webgpu.memory_allocated());
    });

    it("keeps in its pool no more than live tensors ever held (at least 64 MiB), so late collections cannot pile buffers up", async () => {
      const MiB = 1 << 20;
      // 96 MiB of tensors of one size, then of another (another size class, so no reuse).
      const hold = (bytes: number) => Array.from({ length: (96 * MiB) / bytes }, () => torch.zeros(bytes / 4, { device: GPU }));
      let held: Tensor[] | null = hold(MiB);
      await held[0].cpu();
      expect(torch.webgpu.memory_allocated()).toBeGreaterThanOrEqual(96 * MiB);
      held = null;
      await collect();
      expect(torch.webgpu.memory_allocated()).toBeLessThan(16 * MiB);
      held = hold(2 * MiB);
      await held[0].cpu();
      held = null;
      await collect();
      // Both rounds pooled would be 192 MiB more; the bound is the peak of live tensors.
      const peak = torch.webgpu.max_memory_allocated();
      expect(peak).toBeLessThan(192 * MiB);
      expect(torch.webgpu.memory_reserved() - torch.webgpu.memory_allocated()).toBeLessThanOrEqual(Math.max(64 * MiB, peak) + 2 * MiB);
      expect(torch.webgpu.memory_reserved() - torch.webgpu.memory_allocated()).toBeGreaterThanOrEqual(64 * MiB);
    });
  });
});

