// The names and order of the arguments each function and method binds
// (bindArgs(name, args, positional, keywordOnly) in src/) against PyTorch
// 1.13's own: its operator schemas and torch.nn.functional's Python
// signatures (tests/golden/schemas.py writes tests/golden/schemas.json). A
// bound list must be a run of PyTorch's positional parameters, in order (a
// function binds its leading operands itself), and every keyword-only name
// one of PyTorch's parameters. The first step of one definition per op.
import { describe, it } from "node:test";
import { expect } from "expect";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

type Param = { name: string; kwargOnly: boolean };
const root = fileURLToPath(new URL("../", import.meta.url));
const golden = JSON.parse(readFileSync(join(root, "tests/golden/schemas.json"), "utf8")) as {
  ops: Record<string, [string, [string, string, string | null, number][]][]>;
  functional: Record<string, [string, string | null, number][]>;
  torch_functional: Record<string, [string, string | null, number][]>;
};
const python = (params: [string, string | null, number][]): Param[] => params.map(([n, , k]) => ({ name: n, kwargOnly: k === 1 }));
/** torch.* and Tensor methods: the aten overloads, and torch.functional's Python signature where there is one. */
function torchSignatures(name: string): Param[][] | undefined {
  const found = [...(golden.ops[name]?.map(([, args]) => args.map(([n, , , k]) => ({ name: n, kwargOnly: k === 1 }))) ?? []), ...(golden.torch_functional[name] ? [python(golden.torch_functional[name])] : [])];
  return found.length > 0 ? found : undefined;
}
/** torch.nn.functional: its Python signature (a boolean-dispatched pooling function's is its _with_indices twin's). */
function functionalSignatures(name: string): Param[][] | undefined {
  const params = golden.functional[name] ?? golden.functional[`${name}_with_indices`];
  return params ? [python(params)] : undefined;
}

/** Our names for PyTorch's: a few ops are defined under their namespace's name (linalg_cross is torch.linalg.cross). */
const pytorchName = (fn: string) => fn.replace(/^(torch|Tensor|F)\./, "");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** Whether `positional` is a run of the signature's positional names, in order, and every keyword-only name is one of its names. */
function fits(signature: Param[], positional: string[], keywordOnly: string[]): boolean {
  const names = signature.filter((p) => !p.kwargOnly).map((p) => p.name);
  const all = signature.map((p) => p.name);
  const start = positional.length === 0 ? 0 : names.indexOf(positional[0]);
  if (start < 0 || positional.some((n, i) => names[start + i] !== n)) return false;
  return keywordOnly.every((n) => all.includes(n));
}

const CALL = /bindArgs\(\s*"([\w.]+)",\s*[\w.[\]]+,\s*\[([^\]]*)\](?:,\s*\[([^\]]*)\])?/g;
const names = (s: string | undefined) => (s ?? "").split(",").map((x) => x.trim().replace(/^"|"$/g, "")).filter((x) => x !== "");

/**
 * Bindings that differ from PyTorch on purpose, each with why. Anything else
 * that does not fit is a mistake to fix, not to add here.
 */
const DIFFERENT_ON_PURPOSE: Record<string, string> = {
  "clamp": "`out` is PyTorch's keyword too; it is dropped from the golden file with every out= overload",
  "nonzero": "as_tuple is a Python-level keyword of torch.nonzero, not in the aten schema",
  "normal": "torch.normal's size form with its factory keywords, bound as the Python binding does",
  "split": "bound through shape_args with the overload's own size name (split_size or split_sizes)",
  "var": "PyTorch 2's keyword form (dim, unbiased, keepdim, *, correction) merges var's overloads",
  "sort": "the stable overload's keywords merged with the positional one's, as Python's binding accepts both",
  "argsort": "the stable overload's keywords merged with the positional one's, as Python's binding accepts both",
  "linalg_pinv": "the atol/rtol and rcond overloads merged",
  "linalg_matrix_rank": "the atol/rtol and tol overloads merged",
  "trapezoid": "the x and dx overloads merged, as Python's binding accepts either",
  "cumulative_trapezoid": "the x and dx overloads merged, as Python's binding accepts either",
};

describe("argument names and order against PyTorch's schemas", () => {
  it("every bindArgs list of an op PyTorch has fits one of PyTorch's signatures", () => {
    const misfits: string[] = [];
    let checked = 0;
    for (const file of sourceFiles(join(root, "src"))) {
      const functionalFile = /src\/nn\//.test(file);
      for (const m of readFileSync(file, "utf8").matchAll(CALL)) {
        const name = pytorchName(m[1]);
        const positional = names(m[2]).filter((n) => !n.startsWith("...")), keywordOnly = names(m[3]);
        const signatures = functionalFile ? functionalSignatures(name) ?? torchSignatures(name) : torchSignatures(name) ?? functionalSignatures(name);
        if (signatures === undefined || name in DIFFERENT_ON_PURPOSE) continue;
        checked++;
        if (!signatures.some((s) => fits(s, positional, keywordOnly))) {
          misfits.push(`${file.slice(root.length)}: ${m[1]}(${positional.join(", ")}${keywordOnly.length ? `, *, ${keywordOnly.join(", ")}` : ""}) vs ${signatures.map((s) => `(${s.map((p) => (p.kwargOnly ? "*" : "") + p.name).join(", ")})`).join(" | ")}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(120);
    expect(misfits).toEqual([]);
  });
});
