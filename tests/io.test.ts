// torch.save / torch.load against PyTorch: int64 never silently rounded, the
// safetensors reader's edge cases (bool bytes, deep headers, null metadata),
// PyTorch's own checkpoint formats named, and bit-exact round trips.
// (The hostile-file cases are in parity.test.ts.)
import { describe, it } from "node:test";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "expect";
import * as torch from "../src/index.js";
import type { Tensor } from "../src/index.js";
import { thrown } from "./helpers.js";

/** A safetensors file from its header (an object, or raw JSON text) and data bytes. */
function file(header: unknown, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const h = new TextEncoder().encode(typeof header === "string" ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

/** The JSON header of safetensors bytes. */
function headerOf(bytes: Uint8Array): Record<string, unknown> {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
}

async function rejection(p: Promise<unknown>): Promise<Error | null> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  return null;
}

const i64 = (...values: bigint[]) => new Uint8Array(BigInt64Array.from(values).buffer);
const roundTrip = (sd: Record<string, Tensor>) => torch.deserialize(torch.serialize(sd)) as Record<string, Tensor>;
const golden = (name: string) => fileURLToPath(new URL(`./golden/${name}`, import.meta.url));

describe("int64: exact, or a clear error, never rounded", () => {
  const limit = "exact for integers up to ±2^53 (9007199254740992)";
  it("a BigInt a double cannot hold is a RuntimeError naming it and the limit (it came back as -9223372036854776000)", () => {
    for (const make of [
      () => torch.tensor([9223372036854775807n]),
      () => torch.tensor(2n ** 53n + 1n),
      () => torch.tensor(BigInt64Array.of(1n, -(2n ** 60n) - 1n)),
      () => torch.from(BigInt64Array.of(9223372036854775807n), [1, 1]),
    ]) {
      const err = thrown(make);
      expect(err).toBeInstanceOf(torch.RuntimeError);
      expect(err!.message).toMatch(/^int64 value -?\d+ cannot be held exactly/);
      expect(err!.message).toContain(limit);
    }
    expect(thrown(() => torch.tensor([9223372036854775807n]))!.message).toContain("int64 value 9223372036854775807 ");
  });
  it("values a double holds exactly, past 2^53 too, print, convert and save exactly", () => {
    const t = torch.tensor([2n ** 60n, -(2n ** 63n), 2n ** 53n]);
    // PyTorch: print(torch.tensor([2**60, -2**63, 2**53]))
    expect(String(t)).toBe("tensor([ 1152921504606846976, -9223372036854775808,     9007199254740992])");
    expect(String(torch.tensor(2n ** 60n))).toBe("tensor(1152921504606846976)");
    expect(String(torch.tensor([[2n ** 62n, 1n], [3n, -(2n ** 62n)]]))).toBe(
      "tensor([[ 4611686018427387904,                    1],\n        [                   3, -4611686018427387904]])",
    );
    expect(t.toTypedArray()).toEqual(BigInt64Array.of(2n ** 60n, -(2n ** 63n), 2n ** 53n));
    expect(t.tolist()).toEqual([2 ** 60, -(2 ** 63), 2 ** 53]);
    const back = roundTrip({ t }).t;
    expect(back.toTypedArray()).toEqual(t.toTypedArray());
  });
  it("outside int64 is PyTorch's overflow error; int32 and floating targets are PyTorch's", () => {
    expect(() => torch.tensor([2n ** 63n])).toThrow(new torch.RuntimeError("Overflow when unpacking long"));
    expect(() => torch.tensor([-(2n ** 63n) - 1n])).toThrow("Overflow when unpacking long");
    expect(() => torch.tensor([2n ** 31n], { dtype: torch.int32 })).toThrow("value cannot be converted to type int32 without overflow");
    expect(() => torch.tensor([2n ** 64n], { dtype: torch.int32 })).toThrow("Overflow when unpacking long");
    expect(torch.tensor([2n ** 31n - 1n], { dtype: torch.int32 }).tolist()).toEqual([2 ** 31 - 1]);
    expect(torch.tensor([2n ** 64n], { dtype: torch.float64 }).item()).toBe(2 ** 64);
  });
  it("safetensors: an I64 value a double cannot hold is an error naming the tensor, the value and the limit", () => {
    const err = thrown(() => torch.deserialize(file({ n: { dtype: "I64", shape: [2], data_offsets: [0, 16] } }, i64(1n, 9223372036854775807n))));
    expect(err).toBeInstanceOf(torch.RuntimeError);
    expect(err!.message).toBe(`safetensors: "n": int64 value 9223372036854775807 cannot be held exactly: tensorgrad keeps int64 elements in doubles, ${limit}`);
    const ok = torch.deserialize(file({ n: { dtype: "I64", shape: [3], data_offsets: [0, 24] } }, i64(-(2n ** 63n), 2n ** 53n - 1n, -7n))) as Record<string, Tensor>;
    expect(ok.n.toTypedArray()).toEqual(BigInt64Array.of(-(2n ** 63n), 2n ** 53n - 1n, -7n));
  });
  it("an int64 element that is no int64 (NaN, 2^63) is an error on save and toTypedArray, not a wrap to -2^63", () => {
    for (const [v, text] of [[2 ** 63, "9223372036854775808"], [NaN, "NaN"]] as const) {
      const t = torch.tensor([v], { dtype: torch.int64 });
      for (const fn of [() => torch.serialize({ t }), () => t.toTypedArray()]) {
        const err = thrown(fn);
        expect(err).toBeInstanceOf(torch.RuntimeError);
        expect(err!.message).toBe(`int64 element ${text} is not an int64 value (integers in [-9223372036854775808, 9223372036854775807])`);
      }
    }
  });
});

describe("safetensors: the reference reader's edge cases", () => {
  it("a BOOL byte other than 0 or 1 is true, and 1 in arithmetic (PyTorch: sum 3, float 1.0)", () => {
    const { m } = torch.deserialize(file({ m: { dtype: "BOOL", shape: [4], data_offsets: [0, 4] } }, Uint8Array.of(0, 1, 2, 255))) as Record<string, Tensor>;
    expect(m.tolist()).toEqual([false, true, true, true]);
    expect(m.sum().item()).toBe(3);
    expect(m.float().tolist()).toEqual([0, 1, 1, 1]);
    expect(Array.from(torch.serialize({ m }).slice(-4))).toEqual([0, 1, 1, 1]);
  });
  it("a header nested 100,000 deep is a safetensors: error, not a stack overflow", () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    for (const [entry, message] of [
      [`{"dtype":"F32","shape":${deep},"data_offsets":[0,4]}`, '"a" has an invalid shape an array of 1 (nested or long)'],
      [`{"dtype":${deep},"shape":[1],"data_offsets":[0,4]}`, "unsupported dtype an array of 1 (nested or long)"],
      [`{"dtype":"F32","shape":[1],"data_offsets":${deep}}`, '"a" has invalid data_offsets an array of 1 (nested or long)'],
    ]) {
      const err = thrown(() => torch.deserialize(file(`{"a":${entry}}`, new Uint8Array(4))));
      expect(err).toBeInstanceOf(torch.RuntimeError);
      expect(err!.message).toContain(`safetensors: ${message}`);
    }
    const meta = thrown(() => torch.deserialize(file(`{"__metadata__":{"a":${deep}}}`)));
    expect(meta!.message).toBe("safetensors: __metadata__ must map strings to strings");
  });
  it("a JSON parser that overflows on deep nesting reports a safetensors: error", () => {
    const parse = JSON.parse;
    JSON.parse = () => {
      throw new RangeError("Maximum call stack size exceeded");
    };
    try {
      const err = thrown(() => torch.deserialize(file("{}")));
      expect(err).toBeInstanceOf(torch.RuntimeError);
      expect(err!.message).toBe("safetensors: header is nested too deeply to parse");
    } finally {
      JSON.parse = parse;
    }
  });
  it("__metadata__: null is no metadata, as the reference reader takes it", () => {
    const sd = torch.deserialize(file({ __metadata__: null, w: { dtype: "F32", shape: [1], data_offsets: [0, 4] } }, new Uint8Array(new Float32Array([1.5]).buffer)));
    expect(Object.keys(sd)).toEqual(["w"]);
    expect((sd as Record<string, Tensor>).w.tolist()).toEqual([1.5]);
  });
  it("a single-tensor marker on a file of several tensors is refused, not half read", () => {
    const f32 = new Uint8Array(8);
    const bytes = file({ __metadata__: { "tensorgrad.single_tensor": "tensor" }, tensor: { dtype: "F32", shape: [1], data_offsets: [0, 4] }, b: { dtype: "F32", shape: [1], data_offsets: [4, 8] } }, f32);
    expect(() => torch.deserialize(bytes)).toThrow('safetensors: a single-tensor file must hold one tensor named "tensor"');
  });
});

describe("PyTorch's checkpoints and modules are named, not misread", () => {
  it("torch.save(module) says to save its state_dict() (it said: value of _buffers is not a Tensor)", async () => {
    const err = await rejection(torch.save(new torch.nn.Linear(2, 2) as never));
    expect(err).toBeInstanceOf(torch.TypeError);
    expect(err!.message).toBe(
      "torch.save cannot save a Module (Linear): safetensors files hold tensors, not pickled objects; save its state_dict() instead: torch.save(model.state_dict(), path)",
    );
  });
  const advice = "which tensorgrad cannot read: it holds pickled Python objects, and tensorgrad reads safetensors. In PyTorch, save the weights as safetensors: safetensors.torch.save_file(model.state_dict(), path)";
  it("a .pt zip checkpoint (tests/golden/checkpoint.py) is named as one", async () => {
    const err = await rejection(torch.load(golden("checkpoint.pt")));
    expect(err).toBeInstanceOf(torch.RuntimeError);
    expect(err!.message).toBe(`torch.load: this is a PyTorch zip checkpoint (what torch.save writes), ${advice}`);
  });
  it("a legacy pickle checkpoint is named as one", async () => {
    const err = await rejection(torch.load(readFileSync(golden("checkpoint_legacy.pt"))));
    expect(err).toBeInstanceOf(torch.RuntimeError);
    expect(err!.message).toBe(`torch.load: this is a PyTorch pickle checkpoint (torch.save's legacy format), ${advice}`);
  });
  it("a safetensors file whose header length starts with the byte 0x80 is still safetensors", () => {
    const header = JSON.stringify({ w: { dtype: "F32", shape: [1], data_offsets: [0, 4] } });
    const bytes = file(header.padEnd(128 + 0x200, " "), new Uint8Array(4));
    expect(bytes[0]).toBe(0x80);
    expect(bytes[1]).toBe(0x02);
    expect((torch.deserialize(bytes) as Record<string, Tensor>).w.tolist()).toEqual([0]);
  });
});

/** The raw bytes of a tensor's elements in row-major order. */
const bytesOf = (t: Tensor) => {
  const a = t.toTypedArray();
  return Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
};

describe("what is saved loads back bit for bit", () => {
  const f32 = torch.from(new Float32Array(new Uint32Array([0x7fc00001, 0xffc12345, 0x80000000, 0x7f800000, 0x00000001, 0x3f800000]).buffer));
  const f64 = torch.from(new Float64Array(new BigUint64Array([0x7ff8000000000001n, 0xfff0000000abcdefn, 0x8000000000000000n, 0x0000000000000001n]).buffer));
  const grid = torch.arange(24).reshape(2, 3, 4).double();
  const cases: Record<string, Tensor> = {
    f32,
    f64,
    i32: torch.tensor(Int32Array.of(-(2 ** 31), 2 ** 31 - 1, 0, -1)),
    i64: torch.tensor([-(2n ** 53n), 2n ** 53n - 1n, 0n]),
    bool: torch.tensor([true, false, true]),
    empty: torch.zeros(0, 3, { dtype: torch.float64 }),
    empty_i64: torch.zeros([2, 0], { dtype: torch.int64 }),
    scalar: torch.tensor(-0),
    scalar_i64: torch.tensor(7n),
    transposed: grid.transpose(0, 2),
    transposed_nan: f32.reshape(2, 3).t(),
    narrowed: grid.narrow(2, 1, 2),
    expanded: torch.tensor([[1], [2]]).expand(2, 3),
    selected: grid.select(1, 2),
  };
  it("every dtype, empty and 0-d tensors, NaN payloads, -0 and non-contiguous views", () => {
    const back = roundTrip(cases);
    expect(Object.keys(back).sort()).toEqual(Object.keys(cases).sort());
    for (const [name, t] of Object.entries(cases)) {
      expect([name, back[name].dtype, back[name].shape]).toEqual([name, t.dtype, t.shape]);
      expect([name, bytesOf(back[name])]).toEqual([name, bytesOf(t)]);
    }
    expect(torch.serialize(back)).toEqual(torch.serialize(cases));
  });
  it("a single tensor keeps its metadata in the header, beside tensorgrad's marker", () => {
    const bytes = torch.serialize(f32, { note: "ünïcode" });
    expect(headerOf(bytes).__metadata__).toEqual({ note: "ünïcode", "tensorgrad.single_tensor": "tensor" });
    expect(bytesOf(torch.deserialize(bytes) as Tensor)).toEqual(bytesOf(f32));
  });
  it("metadata the reader would refuse, or that would change what loads, is refused on save", () => {
    const t = torch.ones(1);
    expect(() => torch.serialize({ t }, { epoch: 3 } as never)).toThrow(new torch.TypeError('safetensors: metadata must map strings to strings, but "epoch" is int'));
    expect(() => torch.serialize({ t }, "v1" as never)).toThrow("safetensors: metadata must map strings to strings, not str");
    expect(() => torch.serialize({ t }, { "tensorgrad.single_tensor": "tensor" })).toThrow('safetensors: the metadata key "tensorgrad.single_tensor" is reserved');
    expect(() => torch.serialize({ __metadata__: t })).toThrow('safetensors: "__metadata__" names the file\'s metadata, not a tensor');
  });
  it("only a tensor or a plain object of tensors saves (a Map or an optimizer's nested state would save nothing, or half)", () => {
    expect(() => torch.serialize(new Map([["t", torch.ones(1)]]) as never)).toThrow(new torch.TypeError("torch.save takes a Tensor or a state dict (a plain object of tensors), not Map"));
    expect(() => torch.serialize([torch.ones(1)] as never)).toThrow("not list");
    expect(() => torch.serialize({ state: {}, w: torch.ones(1) } as never)).toThrow(
      'safetensors: value of "state" is not a Tensor (got dict): a file holds a flat mapping of names to tensors',
    );
  });
  it("torch.load takes PyTorch's map_location and weights_only, and names anything else", async () => {
    const bytes = torch.serialize({ w: torch.ones(2) });
    const sd = (await torch.load(bytes, { map_location: "cpu", weights_only: true })) as Record<string, Tensor>;
    expect(sd.w.device.type).toBe("cpu");
    expect(sd.w.tolist()).toEqual([1, 1]);
    expect(await rejection(torch.load(bytes, { map_locaton: "cpu" } as never))).toEqual(new torch.TypeError("load() got an unexpected keyword argument 'map_locaton'"));
    expect((await rejection(torch.load(bytes, { map_location: () => "cpu" } as never)))!.message).toBe(
      "torch.load: map_location must be a device or its name here, not function",
    );
    expect((await rejection(torch.load(42 as never)))!.message).toBe("torch.load takes a path, a Uint8Array or an ArrayBuffer, not int");
  });
});
