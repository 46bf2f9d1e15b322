// Seed notebook 000: "What is AutoGrad?" — tensors with and without gradients,
// grad_fn, leaf nodes and the computational graph.
//
// Differences from the notebook, and why:
// - Random cells (In [1], [2], [3], [6]) use torch.manual_seed(0), so their values
//   are PyTorch's for that seed, not the notebook's (which had no seed).
// - print(y.grad_fn) shows <AddBackward0>; Python adds the object's memory address
//   (<AddBackward0 object at 0x...>), which differs on every run.
// - In [22]: the notebook shows the error z.backward() raises; here it is caught and printed.
import * as torch from "../../src/index.js";
import type { Tensor } from "../../src/index.js";
import { isMain, notebook, print, runNotebook } from "./notebook.js";

let x: Tensor, y: Tensor, z: Tensor, res: Tensor;
let graph: { output: Tensor; params: Record<string, Tensor> };

const nb = notebook("What is AutoGrad? Leaf nodes and the computational graph", import.meta.url, [
  // In [1]:
  ["In [1]", () => {
    torch.manual_seed(0);
    x = torch.rand(3, 3);
    print("3x3 Tensor:\n", x);
  }],
  // In [2]:
  ["In [2]", () => {
    x = torch.rand(3, 3, { requires_grad: true });
    print(x);
  }],
  // In [3]:
  ["In [3]", () => {
    y = x.add(5);
    print("y Tensor after adding Grad True with x:\n", y);
  }],
  // In [4]:
  ["In [4]", () => print(y.grad_fn)],
  // In [5]:
  ["In [5]", () => print(y.requires_grad)],
  // In [6]:
  ["In [6]", () => {
    x = torch.rand(3, 3, { requires_grad: true });
    y = x.mul(2);
    print(y);
    print(y.grad_fn);
    print(y.requires_grad);
  }],
  // In [17]:
  ["In [17]", () => {
    x = torch.ones(2, 2, { requires_grad: true });
    y = x.add(3);
    z = y.pow(2);
    res = z.mean();
    print("Z:\n", z);
    print("Result:\n", res);
    graph = { output: res, params: { x } };
  }],
  // In [18]:
  ["In [18]", () => {
    res.backward();
    print(x.grad);
  }],
  // In [19]:
  ["In [19]", () => {
    x = torch.ones(1, 1);
    print(x.requires_grad, x.grad_fn, x.is_leaf);
    y = torch.ones(1, 1);
    print(y.requires_grad, y.grad_fn, y.is_leaf);
    z = x.add(y);
    print(z);
    print(z.requires_grad, z.grad_fn, z.is_leaf);
  }],
  // In [22]: z.backward() raises, as in the notebook
  ["In [22]", () => {
    try {
      z.backward();
    } catch (e) {
      print(`${(e as Error).name}: ${(e as Error).message}`);
    }
  }],
  // In [23]:
  ["In [23]", () => {
    x = torch.ones(1, 1, { requires_grad: true });
    print(x.requires_grad, x.grad_fn, x.is_leaf);
    y = torch.ones(1, 1, { requires_grad: true });
    print(y.requires_grad, y.grad_fn, y.is_leaf);
    z = x.add(y);
    print(z);
    print(z.requires_grad, z.grad_fn, z.is_leaf);
    z.backward();
    print(z);
  }],
], () => graph);

export default nb;
if (isMain(import.meta.url)) await runNotebook(nb);
