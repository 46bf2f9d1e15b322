// `npm test`'s reporter (node --test-reporter): one line per top-level suite
// with its counts and time, every failure in full, and the run's totals, in
// place of a line per passing test.
const RED = "\x1b[31m", GREEN = "\x1b[32m", DIM = "\x1b[2m", RESET = "\x1b[0m";
const color = process.stdout.isTTY ? (c, s) => `${c}${s}${RESET}` : (_c, s) => s;

function describeError(error) {
  const cause = error?.cause ?? error;
  const text = cause?.stack ?? cause?.message ?? String(cause);
  return text.split("\n").slice(0, 30).map((l) => `      ${l}`).join("\n");
}

export default async function* summary(source) {
  let passed = 0, failed = 0, skipped = 0;
  const path = [];
  for await (const event of source) {
    const data = event.data;
    if (event.type === "test:start") {
      path[data.nesting] = data.name;
      path.length = data.nesting + 1;
    } else if (event.type === "test:pass" || event.type === "test:fail") {
      const suite = data.details?.type === "suite";
      if (!suite) {
        if (event.type === "test:fail") failed++;
        else if (data.skip !== undefined || data.todo !== undefined) skipped++;
        else passed++;
      }
      // A failing suite's own failure is its tests' (reported below), unless it failed itself (a hook, an import).
      if (event.type === "test:fail" && (!suite || data.details.error?.failureType !== "subtestsFailed")) {
        yield color(RED, `  ✖ ${[...path.slice(0, data.nesting), data.name].join(" › ")}\n`) + describeError(data.details.error) + "\n";
      }
      if (data.nesting === 0) {
        const ms = Math.round(data.details?.duration_ms ?? 0);
        const counts = `${passed} passed${failed ? `, ${failed} failed` : ""}${skipped ? `, ${skipped} skipped` : ""}`;
        const mark = event.type === "test:fail" ? color(RED, "✖") : color(GREEN, "✔");
        const where = data.file ? color(DIM, ` ${data.file.replace(process.cwd() + "/", "")}`) : "";
        yield `${mark} ${data.name}: ${counts} (${ms} ms)${where}\n`;
        passed = failed = skipped = 0;
      }
    } else if (event.type === "test:diagnostic" && data.nesting === 0) {
      yield color(DIM, `${data.message}\n`);
    }
  }
}
