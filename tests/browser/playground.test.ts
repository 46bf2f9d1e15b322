// The playground (dist/playground, written by npm run build) in headless
// Chromium: every notebook page runs all its cells and shows what the Node
// example prints; the graph is drawn and its nodes open their tensors; edits
// survive a reload; a cell's error shows PyTorch's message; the training page
// learns MNIST to 90% on its held-out images and reads digits drawn on its pad.
import { after, before, describe, it } from "node:test";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "expect";
import { chromium, type Browser, type Page } from "playwright-core";
import { runCell, type Notebook } from "../../examples/seeds/notebook.js";
import { serve } from "../../scripts/serve.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const playground = `${root}dist/playground/`;
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const skip = !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM} (apt-get install chromium)` : false;

/** Each cell's output as the page shows it: printed text, then the error if it raised. */
function cellOutputs(page: Page): Promise<string[]> {
  return page.$$eval("#cells .cell .output", (outputs) => outputs.map((o) => [...o.querySelectorAll("pre")].map((p) => p.textContent).join("\n")));
}

async function runAll(page: Page): Promise<void> {
  await page.click("#run-all");
  await page.waitForSelector("body[data-state=done]", { state: "attached", timeout: 120_000 });
}

describe("the playground in headless Chromium", { skip }, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  before(async () => {
    if (!existsSync(`${playground}index.html`)) throw new Error("dist/playground is missing: npm run build writes it");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--enable-unsafe-webgpu"],
    });
    // A base path other than the root: every URL in the playground is relative.
    server = await serve(`${root}dist`);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  const url = (path: string) => `${server.url}playground/${path}`;

  async function open(path: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url(path));
    await page.waitForSelector("body[data-ready]", { state: "attached", timeout: 60_000 });
    return { page, errors };
  }

  const notebooks = JSON.parse(existsSync(`${playground}notebooks/index.json`) ? readFileSync(`${playground}notebooks/index.json`, "utf8") : "[]") as { name: string }[];
  it("has the five seed notebooks", () => {
    expect(notebooks.map((n) => n.name).sort()).toEqual(["autograd-basics", "autograd-tutorial", "automatic-differentiation", "clearing-and-detaching", "gradients-by-example"]);
  });

  for (const { name } of notebooks) {
    it(`${name}: Run all shows what the Node example prints, cell by cell`, async () => {
      const nb: Notebook = (await import(`../../examples/seeds/${name}.ts`)).default;
      const want = nb.cells.map((c) => runCell(c));
      const { page, errors } = await open(`index.html?notebook=${name}`);
      await runAll(page);
      expect(await page.$$eval("#cells .cell .label", (ls) => ls.map((l) => l.textContent))).toEqual(nb.cells.map((c) => `${c[0]}:`));
      expect(await cellOutputs(page)).toEqual(want);
      expect(await page.textContent("#status")).toBe(`ran ${nb.cells.length} cells`);
      expect(await page.$$eval("#graph svg g.node", (nodes) => nodes.length)).toBeGreaterThan(2);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it("autograd-tutorial: the gradient, MeanBackward0 in the graph, and a click on a node opens its tensor", async () => {
    const { page } = await open("index.html?notebook=autograd-tutorial");
    await runAll(page);
    expect((await cellOutputs(page)).join("\n")).toContain("tensor([[4.5000, 4.5000],");
    const svg = await page.innerHTML("#graph");
    expect(svg).toContain("<svg");
    expect(svg).toContain("MeanBackward0");
    // The leaf x, named as the notebook names it: its value, flags and gradient.
    await page.click("#graph g.node[data-kind=tensor]:has(text:text-is('x'))");
    expect(await page.textContent("#inspector h3")).toBe("x");
    const fields = await page.$$eval("#inspector dt", (dts) => Object.fromEntries(dts.map((dt) => [dt.textContent, dt.nextElementSibling!.textContent])));
    expect(fields).toEqual({
      value: "tensor([[1., 1.],\n        [1., 1.]], requires_grad=True)",
      shape: "torch.Size([2, 2])",
      dtype: "torch.float32",
      requires_grad: "True",
      is_leaf: "True",
      grad_fn: "None",
      ".grad": "tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])",
    });
    // A grad_fn node: the tensor it made and the tensors it saved.
    await page.click("#graph g.node[data-kind=grad_fn]:has(text:text-is('MeanBackward0'))");
    expect(await page.textContent("#inspector h3")).toBe("<MeanBackward0>");
    expect(await page.textContent("#inspector dl")).toContain("madeout");
    await page.close();
  });

  it("runs edited cells in one shared scope, keeps the edits on reload, and shows a cell's error with PyTorch's message", async () => {
    const { page } = await open("index.html?notebook=autograd-tutorial");
    await page.evaluate("localStorage.clear()");
    await page.reload();
    await page.waitForSelector("body[data-ready]", { state: "attached" });
    const editors = page.locator("#cells .cell textarea");
    // A declaration in one cell is a variable of the next; a cell's last expression is shown (a list as Python prints
    // one); a name no cell made is the page's (typeof gives "undefined").
    await editors.nth(0).fill("const k: number = 3\nx = torch.ones(2, 2, { requires_grad: true }).mul(k)\nx");
    await editors.nth(0).press("Shift+Enter");
    await editors.nth(1).fill("[k * 2, typeof nothingHere]");
    await editors.nth(1).press("Shift+Enter");
    await page.waitForFunction("document.querySelectorAll('#cells .cell.ran').length === 2");
    const outputs = await cellOutputs(page);
    expect(outputs.slice(0, 2)).toEqual(["tensor([[3., 3.],\n        [3., 3.]], grad_fn=<MulBackward0>)", "[6, 'undefined']"]);
    // A second backward through a freed graph raises PyTorch's RuntimeError.
    await editors.nth(2).fill("const s = x.sum()\ns.backward()\ns.backward()");
    await page.locator("#cells .cell .run").nth(2).click();
    await page.waitForSelector("#cells .cell:nth-child(3).failed pre.error");
    expect(await page.textContent("#cells .cell:nth-child(3) pre.error")).toMatch(/^RuntimeError: Trying to backward through the graph a second time/);
    // A cell added below the second one sees the notebook's variables.
    await page.locator("#cells .cell .add").nth(1).click();
    const added = page.locator("#cells .cell").nth(2);
    expect(await added.locator(".label").textContent()).toBe("In [ ]:");
    await added.locator("textarea").fill("x.sum().item() + k");
    await added.locator(".run").click();
    await page.waitForFunction("document.querySelectorAll('#cells .cell')[2].classList.contains('ran')");
    expect(await added.locator(".output").textContent()).toBe("15");
    // The edits and the added cell are kept on reload; Reset edits brings the notebook's cells back.
    await page.reload();
    await page.waitForSelector("body[data-ready]", { state: "attached" });
    expect(await editors.nth(1).inputValue()).toBe("[k * 2, typeof nothingHere]");
    expect(await editors.nth(2).inputValue()).toBe("x.sum().item() + k");
    expect(await page.locator("#cells .cell.edited").count()).toBe(4);
    await page.click("#reset");
    expect(await page.locator("#cells .cell.edited").count()).toBe(0);
    expect(await page.locator("#cells .cell").count()).toBe(12);
    expect(await editors.nth(1).inputValue()).toBe("x = torch.ones(2, 2, { requires_grad: true });\ndisplay(x);");
    await page.close();
  });

  it("works offline once loaded (a service worker keeps its files)", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url("index.html?notebook=autograd-basics"));
    await page.waitForSelector("body[data-ready]", { state: "attached" });
    await page.evaluate("navigator.serviceWorker.ready.then(() => undefined)");
    // Run once online, so the lazily loaded Graphviz chunk is fetched (and kept) too.
    await runAll(page);
    await context.setOffline(true);
    await page.goto(url("index.html?notebook=autograd-tutorial"));
    await page.waitForSelector("body[data-ready]", { state: "attached" });
    await runAll(page);
    expect((await cellOutputs(page)).join("\n")).toContain("tensor([[4.5000, 4.5000],");
    expect(await page.innerHTML("#graph")).toContain("MeanBackward0");
    await context.close();
  });

  it("is cross-origin isolated on a host that sends no isolation headers (its service worker adds them): wasm threads there", async () => {
    const plain = await serve(`${root}dist`, { isolated: false });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      // Counts the loads that became ready (took input): only the page that stays may.
      await page.addInitScript(`new MutationObserver(() => {
        if (document.body?.dataset.ready === "true" && !window.__counted) {
          window.__counted = true;
          sessionStorage.setItem("ready-loads", String(Number(sessionStorage.getItem("ready-loads") ?? 0) + 1));
        }
      }).observe(document, { attributes: true, subtree: true, childList: true });`);
      await page.goto(`${plain.url}playground/index.html?notebook=autograd-basics`);
      // The first load registers the worker, which reloads the page once it can serve it isolated.
      let isolated = false;
      for (let i = 0; i < 150 && !isolated; i++) {
        isolated = await page.evaluate("crossOriginIsolated && document.body.dataset.ready === 'true'").catch(() => false) as boolean;
        if (!isolated) await page.waitForTimeout(200);
      }
      expect(isolated).toBe(true);
      expect(await page.evaluate("performance.getEntriesByType('navigation')[0].type")).toBe("reload");
      expect(await page.evaluate("sessionStorage.getItem('ready-loads')")).toBe("1");
      const cell = page.locator("#cells .cell").nth(0);
      await cell.locator("textarea").fill("torch.get_num_threads()");
      await cell.locator(".run").click();
      await page.waitForFunction("document.querySelector('#cells .cell').classList.contains('ran')");
      expect(await cell.locator(".output").textContent()).toBe(String(await page.evaluate("navigator.hardwareConcurrency")));
    } finally {
      await context.close();
      await plain.close();
    }
  });

  it("trains on webgpu where the page asks for it (SwiftShader here: 20 steps), and reads a digit there", async () => {
    const { page, errors } = await open("train.html?device=webgpu&images=640&train=1");
    await page.waitForSelector("body[data-state=trained], body[data-state=failed]", { state: "attached", timeout: 5 * 60_000 });
    expect(await page.textContent("#status")).toMatch(/^one pass done: 640 images/);
    expect(await page.getAttribute("body", "data-device")).toBe("webgpu");
    expect(await page.textContent("#backend")).toMatch(/^device: webgpu \(/);
    expect(await page.textContent("#step")).toBe("20 / 20");
    // Every step runs in a scope: the GPU memory that tensors hold is the same at each reading of the pass.
    const gpuMemory = (await page.getAttribute("body", "data-memory"))!.split(",").map(Number);
    expect(gpuMemory.length).toBe(2);
    expect(gpuMemory[0]).toBeGreaterThan(0);
    expect(new Set(gpuMemory).size).toBe(1);
    // 640 images are enough to be far above chance (10%).
    expect(Number(await page.getAttribute("body", "data-accuracy"))).toBeGreaterThan(0.5);
    await page.evaluate(`(() => {
      const pad = document.getElementById("pad");
      const ctx = pad.getContext("2d");
      ctx.beginPath(); ctx.moveTo(140, 40); ctx.lineTo(140, 240); ctx.stroke();
      pad.dispatchEvent(new PointerEvent("pointerup"));
    })()`);
    await page.waitForSelector("#guess[data-digit]");
    expect(await page.locator("#probabilities .bar").count()).toBe(10);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("trains one pass over its MNIST images to at least 90% held-out accuracy, and reads digits drawn on the pad", async () => {
    const { page, errors } = await open("train.html?train=1");
    await page.waitForSelector("body[data-state=trained]", { state: "attached", timeout: 10 * 60_000 });
    const accuracy = Number(await page.getAttribute("body", "data-accuracy"));
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    // The memory that tensors hold stays flat over the pass (a reading every 10 steps).
    const memory = (await page.getAttribute("body", "data-memory"))!.split(",").map(Number);
    expect(memory.length).toBeGreaterThan(50);
    expect(new Set(memory).size).toBe(1);
    expect(await page.textContent("#accuracy")).toBe(`${(100 * accuracy).toFixed(2)}%`);
    // Held-out images, drawn on the pad ten times their size, as a user's strokes would be.
    const images = readFileSync(`${playground}mnist/test-images-idx3-ubyte`).subarray(16);
    const labels = readFileSync(`${playground}mnist/test-labels-idx1-ubyte`).subarray(8);
    let right = 0;
    for (let i = 0; i < 10; i++) {
      const pixels = [...images.subarray(784 * i, 784 * (i + 1))];
      await page.click("#clear");
      await page.evaluate(`(() => {
        const pad = document.getElementById("pad");
        const ctx = pad.getContext("2d");
        const pixels = ${JSON.stringify(pixels)};
        for (let p = 0; p < 784; p++) {
          ctx.fillStyle = "rgb(" + pixels[p] + "," + pixels[p] + "," + pixels[p] + ")";
          ctx.fillRect((p % 28) * 10, Math.floor(p / 28) * 10, 10, 10);
        }
        pad.dispatchEvent(new PointerEvent("pointerup"));
      })()`);
      await page.waitForSelector("#guess[data-digit]");
      if (Number(await page.getAttribute("#guess", "data-digit")) === labels[i]) right++;
    }
    expect(right).toBeGreaterThanOrEqual(9);
    expect(errors).toEqual([]);
    await page.close();
  });
});
