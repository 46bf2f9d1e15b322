// PyTorch's exception classes. Messages are PyTorch's text, so ported code that
// matches on them keeps working.
import { className } from "./names.js";
export class RuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RuntimeError";
  }
}
/** A device ran out of memory (torch.cuda.OutOfMemoryError, a RuntimeError). */
export class OutOfMemoryError extends RuntimeError {
  constructor(message: string) {
    super(message);
    this.name = "OutOfMemoryError";
  }
}
/** torch.linalg's error for a singular matrix (torch._C._LinAlgError, a RuntimeError). */
export class LinAlgError extends RuntimeError {
  constructor(message: string) {
    super(message);
    this.name = "_LinAlgError";
  }
}
export class IndexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IndexError";
  }
}
export class TorchTypeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TypeError";
  }
}
export class ValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ValueError";
  }
}
/** Python's AssertionError, where PyTorch's Python code asserts on its arguments (MultiheadAttention's shapes). */
export class AssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AssertionError";
  }
}
/** Python's KeyError: its message is the missing key's repr. */
export class KeyError extends Error {
  constructor(key: string) {
    super(`'${key}'`);
    this.name = "KeyError";
  }
}
export class NotImplementedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotImplementedError";
  }
}
/** Python's ZeroDivisionError, where PyTorch's Python code divides by a zero argument (a scheduler's period). */
export class ZeroDivisionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZeroDivisionError";
  }
}

/** Python's name for the type of a JS value, as PyTorch's argument errors print it ("str", "float", "NoneType"). */
export function typeName(v: unknown): string {
  if (v === undefined) return "undefined";
  if (v === null) return "NoneType";
  if (typeof v === "string") return "str";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "bigint") return "int";
  if (Array.isArray(v)) return "list";
  if (typeof v === "function") return "function";
  const name = className(v as object);
  return name === undefined || name === "Object" ? "dict" : name;
}
