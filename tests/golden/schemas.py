# PyTorch 1.13's operator schemas (torch._C._jit_get_all_schemas()), for
# tests/schemas.test.ts: the names and order of the arguments that
# tensorgrad's functions and methods take are checked against them.
# Public aten ops only (no leading underscore, no out= overloads), and
# torch.nn.functional's Python signatures.
# Run with /usr/bin/python3 (npm run golden).
import inspect
import json
import os
import torch

ops = {}
for s in torch._C._jit_get_all_schemas():
    if not s.name.startswith("aten::"):
        continue
    name = s.name[len("aten::"):]
    if name.startswith("_") or s.overload_name.startswith("out") or s.overload_name.endswith("_out"):
        continue
    args = []
    for a in s.arguments:
        if a.name == "out":
            continue
        # [name, type, default (Python's repr) or null, keyword-only (1) or not (0)]
        args.append([a.name, str(a.type), repr(a.default_value) if a.has_default_value() else None, int(a.kwarg_only)])
    ops.setdefault(name, []).append([s.overload_name, args])


def python_signatures(module):
    """A Python module's functions' signatures: [name, default's repr or null, keyword-only 1/0] per parameter."""
    found = {}
    for name in sorted(dir(module)):
        fn = getattr(module, name)
        if name.startswith("_") or not inspect.isfunction(fn):
            continue
        try:
            sig = inspect.signature(fn)
        except (TypeError, ValueError):
            continue
        params = [[p.name, None if p.default is inspect.Parameter.empty else repr(p.default), int(p.kind == inspect.Parameter.KEYWORD_ONLY)]
                  for p in sig.parameters.values() if p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)]
        if params:  # boolean_dispatch wrappers show only *args, **kwargs
            found[name] = params
    return found


# torch.nn.functional and torch.functional (tensordot, cdist, norm, ...) are Python.
functional = python_signatures(torch.nn.functional)
torch_functional = python_signatures(torch.functional)

out = os.path.join(os.path.dirname(__file__), "schemas.json")
with open(out, "w") as f:
    json.dump({"torch": torch.__version__, "ops": dict(sorted(ops.items())), "functional": functional, "torch_functional": torch_functional}, f, separators=(",", ":"))
    f.write("\n")
print(f"{out}: {len(ops)} ops, {sum(len(v) for v in ops.values())} overloads, {len(functional)} + {len(torch_functional)} Python functions")
