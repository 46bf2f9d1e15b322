#!/usr/bin/env python3
"""Expected output of the seed notebooks, cell by cell, from PyTorch.

Run with PyTorch 1.13:  /usr/bin/python3 tests/golden/seeds.py [path/to/shared/seeds]
Writes tests/golden/seeds.json. Each notebook's code cells are replayed in
order, in one namespace, with Jupyter's output rules: print() writes to a
stream, display() and a cell's last expression add an output block, and the
blocks are joined by a blank line (as the notebooks' text shows them). Cells
whose values are random get torch.manual_seed so the output is stable; the
examples in examples/seeds/ do the same.

For every cell that is not random, the output is checked against the
notebook's own text (object addresses aside). The few cells where they differ
carry the reason, which the examples repeat.
"""
import ast
import json
import os
import re
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "shared", "seeds")


def normalize(text):
    """Object addresses differ from run to run: <AddBackward0 object at 0x..> and <AddBackward0 at 0x..> become <AddBackward0>."""
    text = re.sub(r"<([\w:]+) (object )?at 0x[0-9A-Fa-f]+>", r"<\1>", text)
    return "\n".join(line.rstrip() for line in text.splitlines())


class Cell:
    def __init__(self, label, code, random=False, difference=None):
        self.label, self.code, self.random, self.difference = label, code, random, difference


def run_notebook(cells):
    ns = {"torch": torch}
    out = []
    for cell in cells:
        blocks = []
        stream = []

        def flush():
            if stream:
                blocks.append("".join(stream).rstrip("\n"))
                stream.clear()

        def fake_print(*args, sep=" ", end="\n"):
            stream.append(sep.join(str(a) for a in args) + end)

        def display(*objs):
            flush()
            for o in objs:
                blocks.append(repr(o))

        ns["print"] = fake_print
        ns["display"] = display
        tree = ast.parse(cell.code)
        last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        body = tree.body[:-1] if last is not None else tree.body
        exec(compile(ast.Module(body=body, type_ignores=[]), cell.label, "exec"), ns)
        if last is not None:
            value = eval(compile(ast.Expression(body=last.value), cell.label, "eval"), ns)
            if value is not None and not (isinstance(last.value, ast.Call) and getattr(last.value.func, "id", "") in ("print", "display")):
                display(value)
        flush()
        out.append({"label": cell.label, "random": cell.random, "difference": cell.difference, "output": "\n\n".join(blocks)})
    return out


ERR = 'try:\n    {stmt}\nexcept RuntimeError as e:\n    print(f"RuntimeError: {{e}}")'

NOTEBOOKS = [
    ("000_d30c86fb9549f30f.txt", "autograd-basics", [
        Cell("In [1]", 'torch.manual_seed(0)\nx = torch.rand(3,3)\nprint("3x3 Tensor:\\n", x)', random=True),
        Cell("In [2]", "x = torch.rand(3,3, requires_grad=True)\nprint(x)", random=True),
        Cell("In [3]", 'y = x + 5\nprint("y Tensor after adding Grad True with x:\\n", y)', random=True),
        Cell("In [4]", "print(y.grad_fn)"),
        Cell("In [5]", "print(y.requires_grad)"),
        Cell("In [6]", "x = torch.rand(3,3, requires_grad=True)\ny = x * 2\nprint(y)\nprint(y.grad_fn)\nprint(y.requires_grad)", random=True),
        Cell("In [17]", 'x = torch.ones(2,2, requires_grad=True)\ny = x + 3\nz = y ** 2\nres = z.mean()\nprint("Z:\\n",z)\nprint("Result:\\n", res)'),
        Cell("In [18]", "res.backward()\nprint(x.grad)"),
        Cell("In [19]", "x = torch.ones(1,1)\nprint(x.requires_grad, x.grad_fn, x.is_leaf)\ny = torch.ones(1,1)\nprint(y.requires_grad, y.grad_fn, y.is_leaf)\nz = x + y\nprint(z)\nprint(z.requires_grad, z.grad_fn, z.is_leaf)"),
        Cell("In [22]", ERR.format(stmt="z.backward()")),
        Cell("In [23]", "x = torch.ones(1,1, requires_grad=True)\nprint(x.requires_grad, x.grad_fn, x.is_leaf)\ny = torch.ones(1,1, requires_grad=True)\nprint(y.requires_grad, y.grad_fn, y.is_leaf)\nz = x + y\nprint(z)\nprint(z.requires_grad, z.grad_fn, z.is_leaf)\nz.backward()\nprint(z)"),
    ]),
    ("001_d7c669b472e9b7fd.txt", "gradients-by-example", [
        Cell("In [3]", "x = torch.tensor(3.0, requires_grad=True)"),
        Cell("In [4]", "print(x)"),
        Cell("In [5]", "y = x ** 2"),
        Cell("In [6]", "print(y)"),
        Cell("In [7]", "y.backward()"),
        Cell("In [8]", "x.grad"),
        Cell("In [9]", "x = torch.tensor(4.0, requires_grad=True)\nprint(x)"),
        Cell("In [10]", "y = x **2\nprint(y)"),
        Cell("In [11]", "z = torch.sin(y)\nprint(z)"),
        Cell("In [12]", "z.backward()"),
        Cell("In [13]", "x.grad"),
        Cell("In [14]", "x = torch.tensor(6.7)\ny = torch.tensor(0.0)"),
        Cell("In [16]", "w = torch.tensor(1.0, requires_grad=True)\nb = torch.tensor(0.0, requires_grad=True)"),
        Cell("In [17]", "print(w)\nprint(b)"),
        Cell("In [18]", "z = w * x + b\nprint(z)"),
        Cell("In [19]", "y_pred = torch.sigmoid(z)\nprint(y_pred)"),
        Cell("In [20]", "def binary_cross_entropy_loss(predicted, target):\n  epsilon = 1e-8\n  predicted = torch.clamp(predicted, epsilon, 1-epsilon)\n  return -(target * torch.log(predicted) + (1-target) * torch.log(1-predicted))"),
        Cell("In [21]", "loss = binary_cross_entropy_loss(y_pred, y)\nprint(loss)"),
        Cell("In [22]", "loss.backward()"),
        Cell("In [23]", "print(w.grad)\nprint(b.grad)"),
        Cell("In [24]", "x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\nprint(x)"),
        Cell("In [27]", "y = (x ** 2).mean()\nprint(y)"),
        Cell("In [28]", "y.backward()"),
        Cell("In [29]", "print(x.grad)"),
        Cell("In [30]", "x = torch.tensor(4.0, requires_grad=True)"),
        Cell("In [31]", "y = x ** 2"),
        Cell("In [32]", "y.backward()"),
        Cell("In [33]", "print(x.grad)"),
        Cell("In [34]", "print(x.grad.zero_())"),
        Cell("In [36]", "x = torch.tensor(2.0, requires_grad=True)\nprint(x)"),
        Cell("In [37]", "y = x ** 2\nprint(y)"),
        Cell("In [38]", "y.backward()"),
        Cell("In [40]", "x.grad"),
        Cell("In [41]", "x.requires_grad_(False)\nprint(x)"),
        Cell("In [42]", "y = x ** 2\nprint(y)"),
        Cell("In [43]", "x = torch.tensor(2.0, requires_grad=True)\nprint(x)\nz = x.detach()\nprint(z)"),
        Cell("In [44]", "y = z ** 2\nprint(y)"),
        Cell("In [45]", "x = torch.tensor(2.0, requires_grad=True)\nprint(x)"),
        Cell("In [47]", "with torch.no_grad():\n  y = x ** 2\nprint(y)"),
    ]),
    ("002_536d960e84df41a4.txt", "automatic-differentiation", [
        Cell("In [7]", "x = torch.tensor([1., 2., 3], requires_grad=True)\ny = torch.tensor([4., 5., 6], requires_grad=True)\nz = x + y\nprint(z)\nprint(z.grad_fn)\ns = z.sum()\nprint(s)\nprint(s.grad_fn)",
             difference="the notebook's saved output lacks the first line, print(z)"),
        Cell("In [8]", "s.backward()\nprint(x.grad)"),
        Cell("In [9]", "torch.manual_seed(0)\nx = torch.randn(2, 2)\ny = torch.randn(2, 2)\nprint(x.requires_grad, y.requires_grad)\nz = x + y\nprint(z.grad_fn)\nx.requires_grad_()\ny.requires_grad_()\nz = x + y\nprint(z.grad_fn)\nprint(z.requires_grad)\nnew_z = z.detach()\nprint(new_z.grad_fn)\nprint(x.requires_grad)\nprint((x + 10).requires_grad)\nwith torch.no_grad():\n    print((x + 10).requires_grad)",
             random=True, difference="the notebook never ran this cell (In [ ]), so it shows no output"),
        Cell("In [12]", "x = torch.ones(2,2, requires_grad=True)\nprint(x)\ny = x + 2\nprint(y)\nprint(y.grad_fn)\nz = y * y * 3\nout = z.mean()\nprint(z, out)\nout.backward()\nprint(x.grad)"),
    ]),
    ("003_399a7b875f2289c3.txt", "autograd-tutorial", [
        Cell("In [38]", "x = torch.ones(2, 2)\nx.requires_grad"),
        Cell("In [39]", "x = torch.ones(2, 2, requires_grad=True)\ndisplay(x)"),
        Cell("In [40]", "y = x + 2.0\ndisplay(y)"),
        Cell("In [41]", "y.grad_fn"),
        Cell("In [42]", "z = y * y * 3\nout = z.mean()\ndisplay(z, out)"),
        Cell("In [43]", 'torch.manual_seed(0)\na = torch.randn(2, 2)\ndisplay(a)\na = ((a * 3) / (a - 1))\ndisplay(a)\nprint("a.requires_grad = {}".format(a.requires_grad))', random=True),
        Cell("In [44]", 'a.requires_grad_(True)\nprint("a.requires_grad = {}".format(a.requires_grad))'),
        Cell("In [45]", "b = (a * a).sum()\ndisplay(b, b.grad_fn)", random=True),
        Cell("In [46]", "out"),
        Cell("In [47]", "out.backward(gradient=torch.tensor(1.))"),
        Cell("In [48]", "display(x.grad)"),
        Cell("In [49]", ERR.format(stmt="out.backward()"),
             difference="the notebook leaves the call commented out and only says it raises; here it runs and prints the error"),
    ]),
    ("004_ec1adade552b328e.txt", "clearing-and-detaching", [
        Cell("In [38]", "a = torch.tensor(3.0, requires_grad= True)"),
        Cell("In [39]", "b = a**2"),
        Cell("In [40]", "a"),
        Cell("In [41]", "b"),
        Cell("In [42]", "b.backward()"),
        Cell("In [43]", "a.grad"),
        Cell("In [44]", "torch.manual_seed(0)\nx = torch.randn((4,4), requires_grad = True)", random=True),
        Cell("In [45]", "y = x+ 32"),
        Cell("In [46]", "z =( y**2 /3)"),
        Cell("In [47]", "z.backward(torch.ones_like(z))"),
        Cell("In [48]", "x.grad", random=True),
        Cell("In [49]", "x1 = torch.tensor(5.0, requires_grad=True)\ny1 = x1**3"),
        Cell("In [50]", "y1.backward()"),
        Cell("In [51]", "x1.grad",
             difference="the notebook ran this cell again after zero_() (its text says so), so it shows tensor(0.); in order it is 3 * 5**2"),
        Cell("In [55]", "x1.grad.zero_()"),
        Cell("In [57]", "x2 = torch.tensor(5.0, requires_grad=True)\nx2"),
        Cell("In [58]", "x2.requires_grad_(False)\nx2"),
        Cell("In [59]", "x2 = x.detach()\nx2", random=True),
    ]),
]


def main():
    result = []
    for fname, example, cells in NOTEBOOKS:
        text = normalize(open(os.path.join(SEEDS, fname), encoding="utf-8").read())
        outputs = run_notebook(cells)
        for cell in outputs:
            cell["notebook_match"] = normalize(cell["output"]) in text if cell["output"] else None
            if not cell["random"] and cell["output"] and not cell["notebook_match"] and not cell["difference"]:
                raise SystemExit(f"{example} {cell['label']}: output differs from the notebook and no reason is given:\n{cell['output']}")
        result.append({"notebook": fname, "example": example, "cells": outputs})
    with open(os.path.join(HERE, "seeds.json"), "w") as fh:
        json.dump({"torch_version": torch.__version__, "generator": "tests/golden/seeds.py", "notebooks": result}, fh, indent=1)
        fh.write("\n")
    print(f"wrote {sum(len(n['cells']) for n in result)} cells of {len(result)} notebooks", file=sys.stderr)


if __name__ == "__main__":
    main()
