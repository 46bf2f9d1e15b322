// A short autograd tour: the seed notebooks' core ideas, printed as PyTorch prints them.
//   npm start
import * as torch from "../src/index.js";

function section(title: string): void {
  console.log(`\n=== ${title} ===`);
}

section("Tensors that remember how they were made");
const x = torch.ones(2, 2, { requires_grad: true });
console.log(x);
const y = x.add(2);
console.log(y);
console.log(y.grad_fn, y.is_leaf, x.is_leaf);
const z = y.mul(y).mul(3);
const out = z.mean();
console.log(z, out);

section("backward() fills .grad of the leaves");
out.backward();
console.log(x.grad);

section("d/dx sin(x^2) at x = 4");
const a = torch.tensor(4.0, { requires_grad: true });
const s = torch.sin(a.pow(2));
console.log(s);
s.backward();
console.log(a.grad);

section("A tiny logistic neuron");
const xin = torch.tensor(6.7);
const target = torch.tensor(0.0);
const w = torch.tensor(1.0, { requires_grad: true });
const b = torch.tensor(0.0, { requires_grad: true });
const yPred = torch.sigmoid(w.mul(xin).add(b));
const p = torch.clamp(yPred, 1e-8, 1 - 1e-8);
const loss = target.mul(torch.log(p)).add(torch.sub(1, target).mul(torch.log(torch.sub(1, p)))).neg();
console.log(yPred, loss);
loss.backward();
console.log(w.grad, b.grad);

section("Gradients accumulate until cleared");
const c = torch.tensor(4.0, { requires_grad: true });
c.pow(2).backward();
c.pow(2).backward();
console.log(c.grad);
console.log(c.grad!.zero_());

section("Stopping the tape: no_grad, detach, requires_grad_(false)");
const d = torch.tensor(2.0, { requires_grad: true });
console.log(torch.no_grad(() => d.pow(2)));
console.log(d.detach().pow(2));
d.requires_grad_(false);
console.log(d.pow(2));

section("Errors are PyTorch's");
try {
  torch.ones(1, 1).add(torch.ones(1, 1)).backward();
} catch (e) {
  console.log(`${(e as Error).name}: ${(e as Error).message}`);
}
try {
  out.backward();
} catch (e) {
  console.log(`${(e as Error).name}: ${(e as Error).message}`);
}

section("Higher-order gradients: a Hessian-vector product");
const h = torch.tensor([1.0, 2.0, 3.0], { requires_grad: true });
const [g] = torch.autograd.grad(h.pow(3).sum(), h, undefined, { create_graph: true });
const [hv] = torch.autograd.grad(g!.mul(torch.tensor([1.0, 0.5, -1.0])).sum(), h);
console.log(g, hv);

section("Reproducible randomness: manual_seed gives PyTorch's numbers");
torch.manual_seed(0);
console.log(torch.rand(3, 3));
