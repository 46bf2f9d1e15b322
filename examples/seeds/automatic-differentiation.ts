// Seed notebook 002: "Automatic Differentiation" — how z = x + y remembers its
// history (grad_fn), backward through a sum, requires_grad_, detach and no_grad.
//
// Differences from the notebook, and why:
// - In [7]: the notebook's saved output lacks the first line (print(z)); PyTorch prints it,
//   and so does this example.
// - In [9] was never run in the notebook (In [ ]), so it has no output to compare; its
//   values are random, so it uses torch.manual_seed(0) and is compared with PyTorch's output.
// - grad_fn prints as <AddBackward0>; Python adds a memory address that differs on every run.
import * as torch from "../../src/index.js";
import type { Tensor } from "../../src/index.js";
import { isMain, notebook, print, runNotebook } from "./notebook.js";

let x: Tensor, y: Tensor, z: Tensor, s: Tensor, out: Tensor;
let graph: { output: Tensor; params: Record<string, Tensor> };

const nb = notebook("Automatic differentiation: graphs that remember how they were made", import.meta.url, [
  // In [7]:
  ["In [7]", () => {
    x = torch.tensor([1, 2, 3], { requires_grad: true });
    y = torch.tensor([4, 5, 6], { requires_grad: true });
    z = x.add(y);
    print(z);
    print(z.grad_fn);
    s = z.sum();
    print(s);
    print(s.grad_fn);
  }],
  // In [8]:
  ["In [8]", () => {
    s.backward();
    print(x.grad);
  }],
  // In [9]: (In [ ] in the notebook)
  ["In [9]", () => {
    torch.manual_seed(0);
    x = torch.randn(2, 2);
    y = torch.randn(2, 2);
    print(x.requires_grad, y.requires_grad);
    z = x.add(y);
    print(z.grad_fn);
    x.requires_grad_();
    y.requires_grad_();
    z = x.add(y);
    print(z.grad_fn);
    print(z.requires_grad);
    const new_z = z.detach();
    print(new_z.grad_fn);
    print(x.requires_grad);
    print(x.add(10).requires_grad);
    torch.no_grad(() => print(x.add(10).requires_grad));
  }],
  // In [12]:
  ["In [12]", () => {
    x = torch.ones(2, 2, { requires_grad: true });
    print(x);
    y = x.add(2);
    print(y);
    print(y.grad_fn);
    z = y.mul(y).mul(3);
    out = z.mean();
    print(z, out);
    graph = { output: out, params: { x } };
    out.backward();
    print(x.grad);
  }],
], () => graph);

export default nb;
if (isMain(import.meta.url)) await runNotebook(nb);
