// PyTorch's exception classes. Messages are PyTorch's text, so ported code that
// matches on them keeps working.
export class RuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RuntimeError";
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
export class NotImplementedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotImplementedError";
  }
}
