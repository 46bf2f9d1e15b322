// The library frees its own temporaries (Note [library scopes] in
// src/memory.ts): a training step written as in PyTorch, with no scope and no
// dispose, leaves no storage of ours behind, only the tensors the program
// itself holds; and nothing that user code called from inside the library
// can reach is ever freed.
import { describe, it, before, after } from "node:test";
import { expect } from "expect";
import * as torch from "../src/index.js";
import { nn, optim, type Tensor } from "../src/index.js";
import { setPoisonFreed } from "../src/memory.js";

const F = nn.functional;
const live = () => torch.memory_stats().live_storages;

interface Step {
  forward: (x: Tensor) => Tensor;
  loss: (out: Tensor, y: Tensor) => Tensor;
  opt: optim.Optimizer;
  x: Tensor;
  y: Tensor;
  /** Storages the program itself holds after a step (the output, the loss, and any other result it keeps). */
  held: () => number;
}

/** The tensors of an optimizer's state (LBFGS's history grows by a pair of them per iteration). */
function stateSize(opt: optim.Optimizer): number {
  let n = 0;
  for (const s of opt.state.values()) for (const v of Object.values(s)) n += v instanceof torch.Tensor ? 1 : Array.isArray(v) ? v.filter((t) => t instanceof torch.Tensor).length : 0;
  return n;
}

/** The storages left unfreed by each of three unscoped steps (after a first one that makes .grad and the state), beyond those the program holds. */
function leftPerStep(s: Step): number[] {
  const run = () => {
    s.opt.zero_grad();
    const out = s.forward(s.x);
    const loss = s.loss(out, s.y);
    loss.backward();
    s.opt.step();
    return loss.item() as number;
  };
  run();
  const left: number[] = [];
  for (let i = 0; i < 3; i++) {
    const before = live(), state = stateSize(s.opt);
    expect(Number.isFinite(run())).toBe(true);
    left.push(live() - before - s.held() - (stateSize(s.opt) - state));
  }
  return left;
}

const CASES: [string, () => Step][] = [
  ["MLP, F.cross_entropy, SGD with momentum", () => {
    const m = new nn.Sequential(new nn.Linear(20, 32), new nn.ReLU(), new nn.Linear(32, 5));
    return { forward: (x) => m.forward(x), loss: (o, y) => F.cross_entropy(o, y), opt: new optim.SGD(m.parameters(), { lr: 0.1, momentum: 0.9 }), x: torch.randn(16, 20), y: torch.randint(0, 5, [16]), held: () => 2 };
  }],
  ["MLP with dropout, nn.CrossEntropyLoss, Adam", () => {
    const m = new nn.Sequential(new nn.Linear(20, 32), new nn.Tanh(), new nn.Dropout(0.2), new nn.Linear(32, 5));
    const ce = new nn.CrossEntropyLoss({ label_smoothing: 0.1 });
    return { forward: (x) => m.forward(x), loss: (o, y) => ce.forward(o, y), opt: new optim.Adam(m.parameters(), { lr: 0.01 }), x: torch.randn(16, 20), y: torch.randint(0, 5, [16]), held: () => 2 };
  }],
  ["CNN (conv, batch norm, max pool), AdamW", () => {
    const m = new nn.Sequential(new nn.Conv2d(1, 4, 3), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(36, 5));
    const ce = new nn.CrossEntropyLoss();
    return { forward: (x) => m.forward(x), loss: (o, y) => ce.forward(o, y), opt: new optim.AdamW(m.parameters()), x: torch.randn(8, 1, 8, 8), y: torch.randint(0, 5, [8]), held: () => 2 };
  }],
  ["Transformer encoder, MSELoss, Adam, clip_grad_norm_", () => {
    const m = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(16, 2, 32, 0.1), 2);
    const mse = new nn.MSELoss();
    const opt = new optim.Adam(m.parameters());
    const step = opt.step.bind(opt);
    opt.step = () => (nn.utils.clip_grad_norm_(m.parameters(), 1.0), step());
    // clip_grad_norm_ returns the total norm, one more storage the program holds.
    return { forward: (x) => m.forward(x), loss: (o, y) => mse.forward(o, y), opt, x: torch.randn(5, 3, 16), y: torch.randn(5, 3, 16), held: () => 3 };
  }],
  ["LSTM, RMSprop (the program holds output, h and c)", () => {
    const lstm = new nn.LSTM(8, 16, 2);
    const mse = new nn.MSELoss();
    return { forward: (x) => lstm.forward(x)[0], loss: (o, y) => mse.forward(o, y), opt: new optim.RMSprop(lstm.parameters()), x: torch.randn(5, 3, 8), y: torch.randn(5, 3, 16), held: () => 4 };
  }],
  ["LBFGS with a closure", () => {
    const m = new nn.Linear(6, 1);
    const x = torch.randn(12, 6), y = torch.randn(12, 1);
    const opt = new optim.LBFGS(m.parameters(), { max_iter: 4, history_size: 2 });
    // The program holds what each evaluation of its closure made (the output and the loss), and the step's own two.
    let evaluations = 0;
    const closure = () => {
      evaluations++;
      opt.zero_grad();
      const l = F.mse_loss(m.forward(x), y);
      l.backward();
      return l;
    };
    const step = opt.step.bind(opt);
    opt.step = () => ((evaluations = 0), step(closure));
    return { forward: (x) => m.forward(x), loss: (o, y) => F.mse_loss(o, y), opt, x, y, held: () => 2 + 2 * evaluations };
  }],
];

describe("an unscoped training step leaves only what the program holds (freed storage poisoned)", () => {
  before(() => setPoisonFreed(true));
  after(() => setPoisonFreed(false));
  for (const [name, make] of CASES) {
    it(name, () => {
      torch.manual_seed(0);
      const s = make();
      expect(leftPerStep(s)).toEqual([0, 0, 0]);
    });
  }
  it("the leaves' .grad from the step before is freed by zero_grad, unless the program read it", () => {
    const m = new nn.Linear(300, 300);
    const opt = new optim.SGD(m.parameters(), { lr: 0.1 });
    const x = torch.randn(4, 300);
    const step = () => {
      opt.zero_grad();
      m.forward(x).sum().backward();
      opt.step();
    };
    step();
    const before = torch.memory_stats().bytes.cpu!;
    step();
    // The output and the loss: 4 x 300 + 1 floats; the weight's old .grad (360 KB) is gone.
    expect(torch.memory_stats().bytes.cpu! - before).toBe((4 * 300 + 1) * 4);
    const seen = m.weight.grad!;
    const copy = seen.clone();
    step();
    expect(seen.is_disposed).toBe(false);
    expect(torch.equal(seen, copy)).toBe(true);
  });
});

describe("torch.linalg and torch.special free their intermediates", () => {
  it("each call leaves its results only", () => {
    torch.manual_seed(0);
    const A = torch.randn(8, 8).add(torch.eye(8).mul(8)), B = torch.randn(8, 3), x = torch.rand(100);
    const calls: [string, () => unknown, number][] = [
      ["linalg.solve", () => torch.linalg.solve(A, B), 1],
      ["linalg.matrix_norm", () => torch.linalg.matrix_norm(A), 1],
      ["linalg.vector_norm", () => torch.linalg.vector_norm(x, 3), 1],
      ["linalg.slogdet", () => torch.linalg.slogdet(A), 2],
      ["special.log_ndtr", () => torch.special.log_ndtr(x), 1],
      ["special.xlog1py", () => torch.special.xlog1py(x, x), 1],
    ];
    for (const [name, call, results] of calls) {
      const before = live();
      call();
      expect([name, live() - before]).toEqual([name, results]);
    }
    expect(torch.linalg.LinAlgError.name).toBe("LinAlgError");
    expect(torch.linalg.inv.name).toBe("inv");
  });
});

describe("user code called from inside the library keeps what it holds", () => {
  before(() => setPoisonFreed(true));
  after(() => setPoisonFreed(false));
  it("a user's module inside a Sequential that stores its input and a tensor it makes", () => {
    class Probe extends nn.Module {
      seen: Tensor | null = null;
      made: Tensor | null = null;
      override forward(x: Tensor): Tensor {
        this.seen = x;
        this.made = x.mul(2);
        return x.relu();
      }
    }
    const probe = new Probe();
    const net = new nn.Sequential(new nn.Linear(3, 4), probe, new nn.Linear(4, 2));
    const x = torch.randn(5, 3);
    const hidden = net[0].forward(x).detach();
    net.forward(x).sum().backward();
    expect(torch.allclose(probe.seen!, hidden)).toBe(true);
    expect(torch.allclose(probe.made!, hidden.mul(2))).toBe(true);
  });
  it("a forward property (not a method) in a Sequential", () => {
    const kept: Tensor[] = [];
    const m = new nn.Module();
    m.forward = (x: Tensor) => {
      kept.push(x.exp());
      return x;
    };
    const net = new nn.Sequential(new nn.Linear(3, 3), m, new nn.Tanh());
    net.forward(torch.ones(2, 3));
    expect(kept[0].shape).toEqual([2, 3]);
    expect(Number.isFinite(kept[0].sum().item())).toBe(true);
  });
  it("forward hooks that keep a layer's input and output (feature extraction)", () => {
    const net = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 2));
    const features: Tensor[] = [];
    net[1].register_forward_hook((_m, input, output) => {
      features.push(input[0] as Tensor, output as Tensor);
    });
    const x = torch.randn(6, 3);
    net.forward(x);
    const want = net[0].forward(x);
    expect(torch.allclose(features[0], want)).toBe(true);
    expect(torch.allclose(features[1], want.relu())).toBe(true);
  });
  it("a tensor hook and a full backward hook that keep the gradients they see", () => {
    const w = torch.randn(4, requires_grad(true));
    const seen: Tensor[] = [];
    const h = w.mul(3);
    h.register_hook((g) => void seen.push(g, g.mul(10)));
    h.sin().sum().backward();
    expect(torch.allclose(seen[0], h.detach().cos())).toBe(true);
    expect(torch.allclose(seen[1], h.detach().cos().mul(10))).toBe(true);
    const lin = new nn.Linear(3, 2);
    const grads: (Tensor | null)[] = [];
    lin.register_full_backward_hook((_m, gin, gout) => void grads.push(...gin, ...gout));
    lin.forward(torch.randn(5, 3, requires_grad(true))).sum().backward();
    expect(grads.filter((g) => g !== null).every((g) => Number.isFinite(g!.sum().item()))).toBe(true);
  });
  it("a custom Function's backward that keeps its gradient", () => {
    const kept: Tensor[] = [];
    class Square extends torch.autograd.Function {
      static override forward(ctx: torch.autograd.FunctionCtx, x: Tensor): Tensor {
        ctx.save_for_backward(x);
        return x.mul(x);
      }
      static override backward(ctx: torch.autograd.FunctionCtx, g: Tensor): Tensor {
        const [x] = ctx.saved_tensors;
        const r = g.mul(x!).mul(2);
        kept.push(g, r);
        return r;
      }
    }
    const x = torch.tensor([1, 2, 3], requires_grad(true));
    Square.apply<Tensor>(x.mul(1)).sum().backward();
    expect(kept[0].tolist()).toEqual([1, 1, 1]);
    expect(kept[1].tolist()).toEqual([2, 4, 6]);
    expect(x.grad!.tolist()).toEqual([2, 4, 6]);
  });
  it("an optimizer's closure, a loss's distance function and a Transformer's activation", () => {
    const lin = new nn.Linear(2, 1);
    const opt = new optim.SGD(lin.parameters(), { lr: 0.1 });
    const made: Tensor[] = [];
    const loss = opt.step(() => {
      opt.zero_grad();
      const l = lin.forward(torch.ones(3, 2)).pow(2).mean();
      made.push(l.mul(1));
      l.backward();
      return l;
    })!;
    expect(made[0].item()).toBeCloseTo(loss.item() as number, 6);
    const distances: Tensor[] = [];
    const tl = new nn.TripletMarginWithDistanceLoss({ distance_function: (a: Tensor, b: Tensor) => { const d = a.sub(b).abs().sum(-1); distances.push(d); return d; } });
    tl.forward(torch.zeros(2, 3), torch.ones(2, 3), torch.full([2, 3], 2));
    expect(distances[0].tolist()).toEqual([3, 3]);
    const acts: Tensor[] = [];
    const layer = new nn.TransformerEncoderLayer(8, 2, { dim_feedforward: 16, dropout: 0, activation: (x: Tensor) => { acts.push(x); return x.relu(); } });
    layer.forward(torch.randn(3, 2, 8));
    expect(acts[0].shape).toEqual([3, 2, 16]);
    expect(Number.isFinite(acts[0].sum().item())).toBe(true);
  });
});

function requires_grad(flag: boolean): { requires_grad: boolean } {
  return { requires_grad: flag };
}
