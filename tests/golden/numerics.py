#!/usr/bin/env python3
"""PyTorch's float32 exp, tanh, sigmoid, log1p and expm1 over a dense sweep of inputs.

Run with PyTorch 1.13:  /usr/bin/python3 tests/golden/numerics.py
Writes tests/golden/numerics.json, read by tests/numerics.test.ts and
tests/webgpu/numerics.test.ts (Note [float32 transcendentals] in
native/float_math.h).

Each function's inputs are: special values (zeros, infinities, NaN, the ends
of the subnormal and normal ranges); every 2^16-th float32 bit pattern of
either sign (128 per binade, so tiny and huge magnitudes alike); an even grid
over the range where the function is neither constant nor the identity; and
runs of consecutive floats around the points where its rounding is delicate
(sigmoid's 17, where 1 + exp(-17) rounds to 1, and -16.7, where a 1-ulp
difference in exp becomes 4; exp's overflow and underflow; log1p near -1).

PyTorch computes these with Sleef's vectorized functions, sigmoid as
1 / (1 + exp(-x)) over them; its scalar tail (sigmoid's last elements of a
chunk) uses std::exp instead. One thread and a length that is a multiple of
16 keep every element on the vectorized path.

Arrays are stored compactly: the differences of consecutive int32 bit
patterns (wrapping), zlib-compressed, in base64.
"""
import base64
import json
import os
import zlib

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
torch.set_num_threads(1)

F32 = np.finfo(np.float32)
SPECIALS = [0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, float(F32.tiny), -float(F32.tiny), float(F32.max), -float(F32.max),
            float(F32.smallest_subnormal), -float(F32.smallest_subnormal), float(F32.tiny) * (1 - 2**-23), -float(F32.tiny) * (1 - 2**-23)]


def bit_sweep():
    """Every 2^16-th bit pattern of either sign, NaN patterns excepted."""
    bits = np.arange(0, 0x7F800001, 1 << 16, dtype=np.int64).astype(np.uint32)
    return np.concatenate([bits, bits | np.uint32(0x80000000)]).view(np.float32)


def around(x, count=512):
    """The `count` floats either side of x."""
    b = np.array([x], dtype=np.float32).view(np.int32)[0]
    out = np.arange(b - count, b + count + 1, dtype=np.int64)
    if b < 0:  # negative patterns: stay on the sign's own side
        out = out[out < 0]
    return out.astype(np.int32).view(np.float32)


def grid(lo, hi, n):
    return np.linspace(lo, hi, n, dtype=np.float64).astype(np.float32)


SWEEPS = {
    "exp": [grid(-104, 100, 40000), around(88.72283935546875), around(-87.33654022216797), around(-103.97), around(0.0, 2048)],
    "tanh": [grid(-10, 10, 40000), around(8.664339742), around(-8.664339742), around(0.625), around(0.0, 2048)],
    "sigmoid": [grid(-105, 105, 40000), around(17.0, 2048), around(-16.7, 4096), around(-88.7), around(0.0, 2048)],
    "log1p": [grid(-1, 10, 30000), grid(10, 1e4, 10000), around(-1.0, 4096), around(1e38), around(0.0, 2048)],
    "expm1": [grid(-17, 89, 40000), around(-16.635532333438687), around(88.72283172607421875), around(0.0, 2048)],
}


def encode(values):
    """float32 values as base64 of zlib of the wrapping differences of their int32 bit patterns."""
    bits = np.asarray(values, dtype=np.float32).view(np.int32).astype(np.int64)
    deltas = np.diff(bits, prepend=0).astype(np.int64)
    deltas = ((deltas + 2**31) % 2**32 - 2**31).astype("<i4")
    return base64.b64encode(zlib.compress(deltas.tobytes(), 9)).decode("ascii")


def main():
    out = {"encoding": "base64 of zlib of int32 differences of the float32 bit patterns", "torch": torch.__version__, "functions": {}}
    for name, parts in SWEEPS.items():
        x = np.concatenate([np.array(SPECIALS, dtype=np.float32), bit_sweep(), *parts])
        x = np.unique(x.view(np.int32)).view(np.float32)  # sorted by bit pattern, so the differences stay small
        pad = -len(x) % 16
        x = np.concatenate([x, np.zeros(pad, dtype=np.float32)])
        y = getattr(torch, name)(torch.from_numpy(x.copy())).numpy()
        out["functions"][name] = {"count": len(x), "x": encode(x), "y": encode(y)}
    path = os.path.join(HERE, "numerics.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    sizes = {k: v["count"] for k, v in out["functions"].items()}
    print(f"wrote {path}: {os.path.getsize(path)} bytes; inputs per function {sizes}")


if __name__ == "__main__":
    main()
