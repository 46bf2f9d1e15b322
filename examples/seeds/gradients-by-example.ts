// Seed notebook 001: "AutoGrad" — y = x^2, z = sin(x^2), the gradients of a
// one-neuron logistic model, a vector example, clearing gradients, and three
// ways to stop tracking (requires_grad_(false), detach(), no_grad).
//
// Differences from the notebook, and why:
// - `x ** 2` is x.pow(2), `1 - t` is torch.sub(1, t), `with torch.no_grad():` is
//   torch.no_grad(() => ...): JavaScript has no operator overloading and no `with`.
// - A cell whose last line is an expression (In [8], [13], [40]) shows its value,
//   as Jupyter does.
import * as torch from "../../src/index.js";
import type { Tensor } from "../../src/index.js";
import { echo, isMain, notebook, print, runNotebook } from "./notebook.js";

let x: Tensor, y: Tensor, z: Tensor, w: Tensor, b: Tensor, yPred: Tensor, loss: Tensor;
let binary_cross_entropy_loss: (predicted: Tensor, target: Tensor) => Tensor;
let graph: { output: Tensor; params: Record<string, Tensor> };

const nb = notebook("AutoGrad by example: y = x^2, sin(x^2), a neuron, clearing and stopping gradients", import.meta.url, [
  // In [3]:
  ["In [3]", () => { x = torch.tensor(3.0, { requires_grad: true }); }],
  // In [4]:
  ["In [4]", () => print(x)],
  // In [5]:
  ["In [5]", () => { y = x.pow(2); }],
  // In [6]:
  ["In [6]", () => print(y)],
  // In [7]:
  ["In [7]", () => y.backward()],
  // In [8]:
  ["In [8]", () => echo(x.grad)],
  // In [9]:
  ["In [9]", () => {
    x = torch.tensor(4.0, { requires_grad: true });
    print(x);
  }],
  // In [10]:
  ["In [10]", () => {
    y = x.pow(2);
    print(y);
  }],
  // In [11]:
  ["In [11]", () => {
    z = torch.sin(y);
    print(z);
  }],
  // In [12]:
  ["In [12]", () => z.backward()],
  // In [13]:
  ["In [13]", () => echo(x.grad)],
  // In [14]:
  ["In [14]", () => {
    x = torch.tensor(6.7);
    y = torch.tensor(0.0);
  }],
  // In [16]:
  ["In [16]", () => {
    w = torch.tensor(1.0, { requires_grad: true });
    b = torch.tensor(0.0, { requires_grad: true });
  }],
  // In [17]:
  ["In [17]", () => {
    print(w);
    print(b);
  }],
  // In [18]:
  ["In [18]", () => {
    z = w.mul(x).add(b);
    print(z);
  }],
  // In [19]:
  ["In [19]", () => {
    yPred = torch.sigmoid(z);
    print(yPred);
  }],
  // In [20]:
  ["In [20]", () => {
    binary_cross_entropy_loss = (predicted: Tensor, target: Tensor): Tensor => {
      const epsilon = 1e-8; // to prevent log(0)
      predicted = torch.clamp(predicted, epsilon, 1 - epsilon);
      return target.mul(torch.log(predicted)).add(torch.sub(1, target).mul(torch.log(torch.sub(1, predicted)))).neg();
    };
  }],
  // In [21]:
  ["In [21]", () => {
    loss = binary_cross_entropy_loss(yPred, y);
    print(loss);
    graph = { output: loss, params: { w, b } };
  }],
  // In [22]:
  ["In [22]", () => loss.backward()],
  // In [23]:
  ["In [23]", () => {
    print(w.grad);
    print(b.grad);
  }],
  // In [24]:
  ["In [24]", () => {
    x = torch.tensor([1.0, 2.0, 3.0], { requires_grad: true });
    print(x);
  }],
  // In [27]:
  ["In [27]", () => {
    y = x.pow(2).mean();
    print(y);
  }],
  // In [28]:
  ["In [28]", () => y.backward()],
  // In [29]:
  ["In [29]", () => print(x.grad)],
  // In [30]: clearing grad
  ["In [30]", () => { x = torch.tensor(4.0, { requires_grad: true }); }],
  // In [31]:
  ["In [31]", () => { y = x.pow(2); }],
  // In [32]:
  ["In [32]", () => y.backward()],
  // In [33]:
  ["In [33]", () => print(x.grad)],
  // In [34]:
  ["In [34]", () => print(x.grad!.zero_())],
  // In [36]: disable gradient tracking
  ["In [36]", () => {
    x = torch.tensor(2.0, { requires_grad: true });
    print(x);
  }],
  // In [37]:
  ["In [37]", () => {
    y = x.pow(2);
    print(y);
  }],
  // In [38]:
  ["In [38]", () => y.backward()],
  // In [40]:
  ["In [40]", () => echo(x.grad)],
  // In [41]: option 1: requires_grad_(False)
  ["In [41]", () => {
    x.requires_grad_(false);
    print(x);
  }],
  // In [42]:
  ["In [42]", () => {
    y = x.pow(2);
    print(y);
  }],
  // In [43]: option 2: detach()
  ["In [43]", () => {
    x = torch.tensor(2.0, { requires_grad: true });
    print(x);
    z = x.detach();
    print(z);
  }],
  // In [44]:
  ["In [44]", () => {
    y = z.pow(2);
    print(y);
  }],
  // In [45]: option 3: torch.no_grad()
  ["In [45]", () => {
    x = torch.tensor(2.0, { requires_grad: true });
    print(x);
  }],
  // In [47]:
  ["In [47]", () => {
    y = torch.no_grad(() => x.pow(2));
    print(y);
  }],
], () => graph);

export default nb;
if (isMain(import.meta.url)) await runNotebook(nb);
