// One training run for tests/threads.test.ts: an MLP on fixed random data, large
// enough that matmul, elementwise, reductions and scatter-add take the native paths.
import * as torch from "../../src/index.js";

export function train(steps: number, seed: number): number[] {
  torch.manual_seed(seed);
  const model = new torch.nn.Sequential(new torch.nn.Linear(256, 256), new torch.nn.ReLU(), new torch.nn.Linear(256, 10));
  const opt = new torch.optim.SGD(model.parameters(), { lr: 0.05 });
  const x = torch.randn(512, 256);
  const y = torch.randint(0, 10, [512]);
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    opt.zero_grad();
    const loss = torch.nn.functional.cross_entropy(model.forward(x), y);
    loss.backward();
    opt.step();
    losses.push(loss.item() as number);
  }
  return losses;
}
