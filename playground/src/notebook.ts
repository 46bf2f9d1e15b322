// The notebook page: index.html?notebook=<name> shows a seed notebook's cells
// (notebooks/<name>.json) as editable, runnable cells sharing one kernel, with
// the graph panel beside them; index.html alone lists the notebooks.
import * as torch from "../../src/index.js";
import { beginOutput, display, echo, endOutput, print } from "../../examples/seeds/output.js";
import { GraphView } from "./graph.js";
import type { NotebookSource } from "./notebook-source.js";
import { Kernel } from "./runner.js";
import { pageThatStays } from "./offline.js";

// Nothing takes input before the page is the one that stays (it may reload once for isolation).
await pageThatStays();

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const name = params.get("notebook");
/** The label of a cell the user added. */
const ADDED_LABEL = "In [ ]";

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
  label: string;
  /** The notebook's own source for this cell; null for a cell the user added. */
  original: string | null;
}

/** A cell as kept in localStorage: the user's version of the notebook is the list of its cells. */
interface StoredCell {
  label: string;
  source: string;
}

function openNotebook(nb: NotebookSource): void {
  document.title = `${nb.title} · tensorgrad playground`;
  $("title").textContent = nb.title;
  $("intro").querySelector("pre")!.textContent = nb.intro;
  const graph = new GraphView($("graph"), $("variables"), $("inspector"));
  const builtins = { torch, print, display, echo };
  let kernel = new Kernel(builtins, nb.variables);
  const storageKey = `tensorgrad-playground:${nb.name}`;
  const status = $("status");
  let running: Promise<unknown> = Promise.resolve();
  let cells: CellView[] = [];

  const originals = new Map(nb.cells.map((c) => [c.label, c]));
  const notebookCells = (): StoredCell[] => nb.cells.map(({ label, source }) => ({ label, source }));
  function loadCells(): StoredCell[] {
    try {
      const stored = JSON.parse(localStorage.getItem(storageKey) ?? "null") as StoredCell[] | null;
      if (Array.isArray(stored) && stored.every((c) => typeof c?.label === "string" && typeof c?.source === "string")) return stored;
    } catch {
      // A stored version this page cannot read: the notebook's own cells.
    }
    return notebookCells();
  }
  /** Keeps the user's version of the notebook, or forgets it when it is the notebook's own. */
  function save(): void {
    const current = cells.map((c) => ({ label: c.label, source: c.editor.value }));
    if (JSON.stringify(current) === JSON.stringify(notebookCells())) localStorage.removeItem(storageKey);
    else localStorage.setItem(storageKey, JSON.stringify(current));
  }

  function makeCell({ label, source }: StoredCell): CellView {
    const known = label === ADDED_LABEL ? undefined : originals.get(label);
    const editor = Object.assign(document.createElement("textarea"), { value: source, spellcheck: false, rows: 1 });
    editor.setAttribute("aria-label", `${label} source`);
    const run = Object.assign(document.createElement("button"), { className: "run", textContent: "▶", title: "Run this cell (Shift+Enter)" });
    const add = Object.assign(document.createElement("button"), { className: "add", textContent: "+ cell", title: "Add a cell below this one" });
    const output = Object.assign(document.createElement("div"), { className: "output" });
    const root = Object.assign(document.createElement("section"), { className: "cell" });
    const input = Object.assign(document.createElement("div"), { className: "input" });
    input.append(Object.assign(document.createElement("div"), { className: "label", textContent: `${label}:` }), editor, run);
    if (known?.note) root.append(Object.assign(document.createElement("p"), { className: "note", textContent: known.note }));
    const actions = Object.assign(document.createElement("div"), { className: "actions" });
    actions.append(add);
    const view: CellView = { root, editor, output, label, original: known?.source ?? null };
    if (view.original === null) {
      const remove = Object.assign(document.createElement("button"), { className: "remove", textContent: "delete", title: "Delete this cell" });
      remove.addEventListener("click", () => {
        cells = cells.filter((c) => c !== view);
        root.remove();
        save();
      });
      actions.append(remove);
    }
    root.append(input, output, actions);
    const markEdited = () => root.classList.toggle("edited", editor.value !== view.original);
    markEdited();
    editor.addEventListener("input", () => {
      fit(editor);
      markEdited();
      save();
    });
    editor.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.shiftKey || e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void runCell(view).then(() => {
          if (e.shiftKey) cells[cells.indexOf(view) + 1]?.editor.focus();
        });
      } else if (e.key === "Tab" && !e.shiftKey) {
        // Indent, as a code editor does, rather than leaving the cell.
        e.preventDefault();
        editor.setRangeText("  ", editor.selectionStart, editor.selectionEnd, "end");
        editor.dispatchEvent(new Event("input"));
      }
    });
    run.addEventListener("click", () => void runCell(view));
    add.addEventListener("click", () => {
      const added = makeCell({ label: ADDED_LABEL, source: "" });
      cells.splice(cells.indexOf(view) + 1, 0, added);
      root.after(added.root);
      fit(added.editor);
      added.editor.focus();
      save();
    });
    return view;
  }

  function showCells(list: StoredCell[]): void {
    cells = list.map(makeCell);
    $("cells").replaceChildren(...cells.map((c) => c.root));
    cells.forEach((c) => fit(c.editor));
  }
  showCells(loadCells());

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
    status.textContent = ran === cells.length ? `ran ${ran} cells` : `stopped at ${cells[ran].label} (cell ${ran + 1}): it raised`;
    document.body.dataset.state = "done";
  });
  $("restart").addEventListener("click", () => {
    restart();
    status.textContent = "kernel restarted: variables cleared";
  });
  $("reset").addEventListener("click", () => {
    localStorage.removeItem(storageKey);
    showCells(notebookCells());
    status.textContent = "edits discarded";
  });
  void graph.update(kernel.variables);
  graph.inspect(null);
  // Graphviz (a 1.5 MiB chunk) loads when the page is idle, so the first graph is drawn at once.
  requestIdleCallback(() => void torch.viz.to_svg("digraph {}"));
  if (params.get("run") === "all") $("run-all").click();
}

/** Grows a textarea to its content. */
function fit(editor: HTMLTextAreaElement): void {
  editor.style.height = "auto";
  editor.style.height = `${editor.scrollHeight + 2}px`;
}
