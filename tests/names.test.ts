// Note [class names]: the library's classes print and raise under the names
// they are exported by, which a minifying bundler keeps (the browser tests
// check the minified build); here, unminified, those names must be the
// classes' own.
import { describe, it } from "node:test";
import { expect } from "expect";
import * as torch from "../src/index.js";
import { className } from "../src/names.js";

function classesOf(ns: object, path: string, seen: Set<object>, out: [string, new (...a: never[]) => unknown][]): void {
  if (seen.has(ns)) return;
  seen.add(ns);
  for (const [key, value] of Object.entries(ns)) {
    if (value !== null && typeof value === "object" && Object.prototype.toString.call(value) === "[object Module]") classesOf(value, `${path}.${key}`, seen, out);
    else if (typeof value === "function" && /^_?[A-Z]/.test(key) && /^class\b/.test(Function.prototype.toString.call(value))) out.push([`${path}.${key}`, value as new (...a: never[]) => unknown]);
  }
}

describe("class names (Note [class names])", () => {
  it("every exported class is named as it is exported, and that is its own name", () => {
    const classes: [string, new (...a: never[]) => unknown][] = [];
    classesOf(torch, "torch", new Set(), classes);
    expect(classes.length).toBeGreaterThan(150);
    // Exported under another name on purpose: PyTorch's names for these.
    const renamed = new Set(["torch.TypeError"]);
    const wrong = classes.filter(([path, c]) => !renamed.has(path) && className(Object.create(c.prototype)) !== c.name).map(([path, c]) => `${path}: ${className(Object.create(c.prototype))} vs ${c.name}`);
    expect(wrong).toEqual([]);
  });
  it("a user's subclass shows its own name", () => {
    class Net extends torch.nn.Module {
      fc = new torch.nn.Linear(2, 3);
    }
    expect(String(new Net())).toBe("Net(\n  (fc): Linear(in_features=2, out_features=3, bias=True)\n)");
    class MyNormal extends torch.distributions.Normal {}
    expect(String(new MyNormal(0, 1))).toBe("MyNormal(loc: 0.0, scale: 1.0)");
  });
});
