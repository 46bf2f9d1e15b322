// Python's warnings as PyTorch programs see them: under the default filter a
// warning from one place prints once, so a loop that triggers it does not
// flood the console. Keyed by category and text.
const seen = new Set<string>();

/** warnings.warn(message, category): printed to the console the first time this text is seen. */
export function warn(message: string, category = "UserWarning"): void {
  const text = `${category}: ${message}`;
  if (seen.has(text)) return;
  seen.add(text);
  console.warn(text);
}
