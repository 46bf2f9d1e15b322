// The notebook page: index.html?notebook=<name> shows a seed notebook's cells
// (notebooks/<name>.json) as editable, runnable cells sharing one kernel, with
// the graph panel beside them; index.html alone lists the notebooks.
import * as torch from "../../src/index.js";
import { beginOutput, display, echo, endOutput, print } from "../../examples/seeds/output.js";
import { GraphView } from "./graph.js";
import type { NotebookSource } from "./notebook-source.js";
import { Kernel } from "./runner.js";
import { registerServiceWorker } from "./offline.js";

registerServiceWorker();

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const name = params.get("notebook");

async function fetchJson<T>(path: string): Promise<T> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${response.statusText}`);
  return response.json() as Promise<T>;
}

const index = await fetchJson<{ name: string; title: string }[]>("notebooks/index.json");
$("notebooks").replaceChildren(
  ...index.map((nb, i) => Object.assign(document.createElement("a"), { href: `?notebook=${nb.name}`, textContent: `${i + 1}. ${nb.name}`, title: nb.title, className: nb.name === name ? "current" : "" })),
  Object.assign(document.createElement("a"), { href: "train.html", textContent: "Train on MNIST" }),
);
$("backend").textContent = `backend: ${torch.get_backend()}`;

if (name === null) {
  document.body.classList.add("home");
  $("home-list").replaceChildren(
    ...index.map((nb) => {
      const li = document.createElement("li");
      li.append(Object.assign(document.createElement("a"), { href: `?notebook=${nb.name}`, textContent: nb.title }));
      return li;
    }),
  );
} else if (!index.some((nb) => nb.name === name)) {
  $("title").textContent = `No notebook named "${name}"`;
} else {
  const nb = await fetchJson<NotebookSource>(`notebooks/${name}.json`);
  openNotebook(nb);
}
document.body.dataset.ready = "true";

interface CellView {
  root: HTMLElement;
  editor: HTMLTextAreaElement;
  output: HTMLElement;
  original: string;
}

function openNotebook(nb: NotebookSource): void {
  document.title = `${nb.title} · tensorgrad playground`;
  $("title").textContent = nb.title;
  $("intro").querySelector("pre")!.textContent = nb.intro;
  const graph = new GraphView($("graph"), $("variables"), $("inspector"));
  const builtins = { torch, print, display, echo };
  let kernel = new Kernel(builtins, nb.variables);
  const storageKey = (i: number) => `tensorgrad-playground:${nb.name}:${i}`;
  const status = $("status");
  let running: Promise<unknown> = Promise.resolve();

  const cells: CellView[] = nb.cells.map((cell, i) => {
    const saved = localStorage.getItem(storageKey(i));
    const editor = Object.assign(document.createElement("textarea"), { value: saved ?? cell.source, spellcheck: false, rows: 1 });
    editor.setAttribute("aria-label", `${cell.label} source`);
    const run = Object.assign(document.createElement("button"), { className: "run", textContent: "▶", title: "Run this cell (Shift+Enter)" });
    const output = Object.assign(document.createElement("div"), { className: "output" });
    const label = Object.assign(document.createElement("div"), { className: "label", textContent: `${cell.label}:` });
    const root = Object.assign(document.createElement("section"), { className: "cell" });
    if (saved !== null && saved !== cell.source) root.classList.add("edited");
    const input = Object.assign(document.createElement("div"), { className: "input" });
    input.append(label, editor, run);
    if (cell.note) root.append(Object.assign(document.createElement("p"), { className: "note", textContent: cell.note }));
    root.append(input, output);
    const view = { root, editor, output, original: cell.source };
    editor.addEventListener("input", () => {
      fit(editor);
      if (editor.value === cell.source) localStorage.removeItem(storageKey(i));
      else localStorage.setItem(storageKey(i), editor.value);
      root.classList.toggle("edited", editor.value !== cell.source);
    });
    editor.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.shiftKey || e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void runCell(view).then(() => {
          if (e.shiftKey) cells[i + 1]?.editor.focus();
        });
      } else if (e.key === "Tab" && !e.shiftKey) {
        // Indent, as a code editor does, rather than leaving the cell.
        e.preventDefault();
        editor.setRangeText("  ", editor.selectionStart, editor.selectionEnd, "end");
        editor.dispatchEvent(new Event("input"));
      }
    });
    run.addEventListener("click", () => void runCell(view));
    return view;
  });
  $("cells").replaceChildren(...cells.map((c) => c.root));
  cells.forEach((c) => fit(c.editor));

  /** Runs one cell in the kernel; resolves to false when it raised. Cells run one at a time, in the order asked. */
  function runCell(cell: CellView): Promise<boolean> {
    const result = running.then(async () => {
      cell.root.classList.add("running");
      cell.root.classList.remove("failed");
      let error: Error | null = null;
      beginOutput();
      try {
        echo(await kernel.run(cell.editor.value));
      } catch (e) {
        error = e instanceof Error ? e : new Error(String(e));
      }
      const text = endOutput();
      const children: HTMLElement[] = [];
      if (text !== "") children.push(Object.assign(document.createElement("pre"), { className: "stdout", textContent: text }));
      if (error !== null) children.push(Object.assign(document.createElement("pre"), { className: "error", textContent: `${error.name}: ${error.message}` }));
      cell.output.replaceChildren(...children);
      cell.root.classList.remove("running");
      cell.root.classList.toggle("failed", error !== null);
      cell.root.classList.add("ran");
      await graph.update(kernel.variables);
      return error === null;
    });
    running = result.catch(() => false);
    return result;
  }

  function restart(): void {
    kernel = new Kernel(builtins, nb.variables);
    for (const c of cells) {
      c.output.replaceChildren();
      c.root.classList.remove("ran", "failed");
    }
    graph.inspect(null);
    void graph.update(kernel.variables);
  }

  $("run-all").addEventListener("click", async () => {
    // Run all starts from a fresh kernel, so the cells see what they see in order (as Jupyter's "Restart and run all").
    restart();
    status.textContent = "running";
    document.body.dataset.state = "running";
    let ran = 0;
    for (const cell of cells) {
      if (!(await runCell(cell))) break;
      ran++;
    }
    status.textContent = ran === cells.length ? `ran ${ran} cells` : `stopped at ${nb.cells[ran].label}: it raised`;
    document.body.dataset.state = "done";
  });
  $("restart").addEventListener("click", () => {
    restart();
    status.textContent = "kernel restarted: variables cleared";
  });
  $("reset").addEventListener("click", () => {
    cells.forEach((c, i) => {
      localStorage.removeItem(storageKey(i));
      c.editor.value = c.original;
      c.root.classList.remove("edited");
      fit(c.editor);
    });
    status.textContent = "edits discarded";
  });
  void graph.update(kernel.variables);
  graph.inspect(null);
  if (params.get("run") === "all") $("run-all").click();
}

/** Grows a textarea to its content. */
function fit(editor: HTMLTextAreaElement): void {
  editor.style.height = "auto";
  editor.style.height = `${editor.scrollHeight + 2}px`;
}
