// Grad mode: whether ops record a graph. A callback form returns the callback's
// value; without a callback the guard is a Disposable for `using`.

export const gradState = { enabled: true, inference: false };

export interface GradModeGuard extends Disposable {
  /** Restores the previous mode (what `using` calls). */
  [Symbol.dispose](): void;
}

function withMode<T>(enabled: boolean, inference: boolean, fn?: () => T): T | GradModeGuard {
  const prev = { enabled: gradState.enabled, inference: gradState.inference };
  gradState.enabled = enabled;
  gradState.inference = inference;
  const restore = () => {
    gradState.enabled = prev.enabled;
    gradState.inference = prev.inference;
  };
  if (fn === undefined) return { [Symbol.dispose]: restore };
  try {
    return fn();
  } finally {
    restore();
  }
}

/** Runs fn (or opens a `using` scope) with graph recording off. */
export function no_grad<T>(fn: () => T): T;
export function no_grad(): GradModeGuard;
export function no_grad<T>(fn?: () => T): T | GradModeGuard {
  return withMode(false, gradState.inference, fn);
}

export function enable_grad<T>(fn: () => T): T;
export function enable_grad(): GradModeGuard;
export function enable_grad<T>(fn?: () => T): T | GradModeGuard {
  return withMode(true, gradState.inference, fn);
}

export function set_grad_enabled<T>(mode: boolean, fn: () => T): T;
export function set_grad_enabled(mode: boolean): GradModeGuard;
export function set_grad_enabled<T>(mode: boolean, fn?: () => T): T | GradModeGuard {
  // As in PyTorch, set_grad_enabled(False) takes effect at once, even without `using`.
  return withMode(mode, gradState.inference, fn);
}

export function inference_mode<T>(fn: () => T): T;
export function inference_mode(mode?: boolean): GradModeGuard;
export function inference_mode<T>(arg?: boolean | (() => T), maybeFn?: () => T): T | GradModeGuard {
  if (typeof arg === "function") return withMode(false, true, arg);
  const on = arg ?? true;
  return withMode(on ? false : gradState.enabled, on, maybeFn);
}

export function is_grad_enabled(): boolean {
  return gradState.enabled;
}

export function is_inference_mode_enabled(): boolean {
  return gradState.inference;
}
