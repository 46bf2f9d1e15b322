// Seed notebook 003: "Autograd: Automatic Differentiation" (the PyTorch
// tutorial) — requires_grad, grad_fn, requires_grad_, backward with an explicit
// gradient, and the error of a second backward.
//
// Differences from the notebook, and why:
// - In [43] and [45] are random; they use torch.manual_seed(0), so the values are
//   PyTorch's for that seed rather than the notebook's.
// - y.grad_fn shows <AddBackward0>; Jupyter adds a memory address (<AddBackward0 at 0x...>).
// - In [49]: the notebook leaves `out.backward()` commented out and says it raises; here
//   it runs, and the error is caught and printed.
import * as torch from "../../src/index.js";
import type { Tensor } from "../../src/index.js";
import { display, echo, isMain, notebook, print, runNotebook } from "./notebook.js";

let x: Tensor, y: Tensor, z: Tensor, out: Tensor, a: Tensor, b: Tensor;
let graph: { output: Tensor; params: Record<string, Tensor> };

const nb = notebook("Autograd: automatic differentiation (the PyTorch tutorial)", import.meta.url, [
  // In [38]:
  ["In [38]", () => {
    x = torch.ones(2, 2);
    echo(x.requires_grad);
  }],
  // In [39]:
  ["In [39]", () => {
    x = torch.ones(2, 2, { requires_grad: true });
    display(x);
  }],
  // In [40]:
  ["In [40]", () => {
    y = x.add(2.0);
    display(y);
  }],
  // In [41]:
  ["In [41]", () => echo(y.grad_fn)],
  // In [42]:
  ["In [42]", () => {
    z = y.mul(y).mul(3);
    out = z.mean();
    display(z, out);
    graph = { output: out, params: { x } };
  }],
  // In [43]:
  ["In [43]", () => {
    torch.manual_seed(0);
    a = torch.randn(2, 2);
    display(a);
    a = a.mul(3).div(a.sub(1));
    display(a);
    print(`a.requires_grad = ${a.requires_grad ? "True" : "False"}`);
  }],
  // In [44]:
  ["In [44]", () => {
    a.requires_grad_(true);
    print(`a.requires_grad = ${a.requires_grad ? "True" : "False"}`);
  }],
  // In [45]:
  ["In [45]", () => {
    b = a.mul(a).sum();
    display(b, b.grad_fn);
  }],
  // In [46]:
  ["In [46]", () => echo(out)],
  // In [47]:
  ["In [47]", () => out.backward(torch.tensor(1.0))],
  // In [48]:
  ["In [48]", () => display(x.grad)],
  // In [49]: a second backward raises
  ["In [49]", () => {
    try {
      out.backward();
    } catch (e) {
      print(`${(e as Error).name}: ${(e as Error).message}`);
    }
  }],
], () => graph);

export default nb;
if (isMain(import.meta.url)) await runNotebook(nb);
