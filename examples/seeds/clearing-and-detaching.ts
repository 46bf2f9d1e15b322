// Seed notebook 004: "Autograd" — a leaf's gradient, backward with an explicit
// gradient for a non-scalar output, clearing gradients with zero_(), and
// removing tracking with requires_grad_(false) and detach().
//
// Differences from the notebook, and why:
// - In [44], [48] and [59] are random; they use torch.manual_seed(0), so the values are
//   PyTorch's for that seed rather than the notebook's.
// - In [51]: the notebook shows tensor(0.) because, as its text says, the cell was run again
//   after zero_(); run in order, x1.grad is 3 * 5^2 = 75.
// - The notebook's unnumbered cells (In [ ]) are numbered here in order: In [46], [47], [49]-[51].
import * as torch from "../../src/index.js";
import type { Tensor } from "../../src/index.js";
import { echo, isMain, notebook, runNotebook } from "./notebook.js";

let a: Tensor, b: Tensor, x: Tensor, y: Tensor, z: Tensor, x1: Tensor, y1: Tensor, x2: Tensor;
let graph: { output: Tensor; params: Record<string, Tensor> };

const nb = notebook("Autograd: clearing gradients and removing tracking", import.meta.url, [
  // In [38]:
  ["In [38]", () => { a = torch.tensor(3.0, { requires_grad: true }); }],
  // In [39]:
  ["In [39]", () => { b = a.pow(2); }],
  // In [40]:
  ["In [40]", () => echo(a)],
  // In [41]:
  ["In [41]", () => echo(b)],
  // In [42]:
  ["In [42]", () => b.backward()],
  // In [43]:
  ["In [43]", () => echo(a.grad)],
  // In [44]: Example Number 2
  ["In [44]", () => {
    torch.manual_seed(0);
    x = torch.randn([4, 4], { requires_grad: true });
  }],
  // In [45]:
  ["In [45]", () => { y = x.add(32); }],
  // In [46]:
  ["In [46]", () => {
    z = y.pow(2).div(3);
    graph = { output: z, params: { x } };
  }],
  // In [47]: z is not a scalar, so backward needs the gradient argument
  ["In [47]", () => z.backward(torch.ones_like(z))],
  // In [48]:
  ["In [48]", () => echo(x.grad)],
  // In [49]: clearing gradients
  ["In [49]", () => {
    x1 = torch.tensor(5.0, { requires_grad: true });
    y1 = x1.pow(3);
  }],
  // In [50]:
  ["In [50]", () => y1.backward()],
  // In [51]:
  ["In [51]", () => echo(x1.grad)],
  // In [55]:
  ["In [55]", () => echo(x1.grad!.zero_())],
  // In [57]: removing the gradient tracking
  ["In [57]", () => {
    x2 = torch.tensor(5.0, { requires_grad: true });
    echo(x2);
  }],
  // In [58]:
  ["In [58]", () => {
    x2.requires_grad_(false);
    echo(x2);
  }],
  // In [59]: Method 2
  ["In [59]", () => {
    x2 = x.detach();
    echo(x2);
  }],
], () => graph);

export default nb;
if (isMain(import.meta.url)) await runNotebook(nb);
