// The main job's command line: a short run must train (the loss falls) and
// write its outputs; bad options exit non-zero with a clear message.
import { execFile } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { promisify } from "node:util";
import { describe, it } from "node:test";
import { expect } from "expect";

const run = promisify(execFile);
const tsx = ["--import", "tsx", "examples/mnist/train.ts"];

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...tsx, ...args], { maxBuffer: 1 << 24 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe("npm start (examples/mnist/train.ts)", () => {
  it("a short run with --limit reduces the loss and writes the checkpoint, metrics and chart", async () => {
    const name = "test-short-run";
    rmSync(`runs/${name}`, { recursive: true, force: true });
    const { code, stdout } = await cli(["--limit", "640", "--epochs", "3", "--batch-size", "64", "--name", name, "--seed", "1"]);
    expect(code).toBe(0);
    expect(stdout).toContain("epoch 3/3");
    const metrics = JSON.parse(readFileSync(`runs/${name}/metrics.json`, "utf8"));
    const losses = metrics.epochs.map((e: { train_loss: number }) => e.train_loss);
    expect(losses[2]).toBeLessThan(losses[0] * 0.7);
    expect(metrics.test_accuracy).toBeGreaterThan(60);
    expect(existsSync(`runs/${name}/model.safetensors`)).toBe(true);
    expect(readFileSync(`runs/${name}/chart.svg`, "utf8")).toContain("<svg");
    rmSync(`runs/${name}`, { recursive: true, force: true });
  });
  for (const [args, message] of [
    [["--model", "resnet"], '--model must be one of mlp, cnn, got "resnet"'],
    [["--epochs", "0"], '--epochs must be a positive integer, got "0"'],
    [["--lr", "fast"], '--lr must be a positive number, got "fast"'],
    [["--bogus"], "Unknown option '--bogus'"],
  ] as const) {
    it(`rejects ${args.join(" ")}`, async () => {
      const { code, stderr } = await cli([...args]);
      expect(code).toBe(2);
      expect(stderr).toContain(message);
      expect(stderr).toContain("Usage: npm start -- [options]");
    });
  }
});
