// Runs a notebook's cells in one shared scope, as a notebook kernel does.
//
// A cell is TypeScript (or JavaScript). Sucrase strips its types; acorn finds
// its top-level declarations and assignments, which become the notebook's
// variables (so `const w = ...` in one cell is `w` in the next, and running the
// cell again rebinds it), and its last expression, which is shown as Jupyter shows a
// cell's value. The code then runs as an async function inside
// `with (scope)`: a proxy that holds the notebook's variables and lets every
// other name fall through to the page's globals.
import { parse, type Node as AcornNode, type Program } from "acorn";
import { transform } from "sucrase";

export interface CompiledCell {
  /** The cell as a function body: run it with the scope as its one argument. */
  body: string;
  /** The names the cell declares at its top level. */
  declared: string[];
}

interface Declarator {
  id: AcornNode & { name?: string };
  init: AcornNode | null;
}

/** A last statement that shows nothing: Python's assignments are statements, not expressions, and Jupyter shows no value for them. */
const SILENT = new Set(["AssignmentExpression", "UpdateExpression"]);

/** The names a binding pattern binds (`a`, `{ a, b: [c] }`, `...rest`). */
function boundNames(pattern: any, into: string[] = []): string[] {
  switch (pattern.type) {
    case "Identifier":
      into.push(pattern.name);
      break;
    case "ObjectPattern":
      for (const p of pattern.properties) boundNames(p.type === "RestElement" ? p.argument : p.value, into);
      break;
    case "ArrayPattern":
      for (const e of pattern.elements) if (e !== null) boundNames(e, into);
      break;
    case "RestElement":
      boundNames(pattern.argument, into);
      break;
    case "AssignmentPattern":
      boundNames(pattern.left, into);
      break;
  }
  return into;
}

/** Compiles a cell's source; a syntax error is thrown as a SyntaxError naming the line. */
export function compileCell(source: string): CompiledCell {
  const js = transform(source, { transforms: ["typescript"], disableESTransforms: true }).code;
  const program = parse(js, { ecmaVersion: "latest", sourceType: "script", allowAwaitOutsideFunction: true, allowReturnOutsideFunction: true }) as Program;
  const text = (n: AcornNode) => js.slice(n.start, n.end);
  const declared: string[] = [];
  const hoisted: string[] = [];
  // Replacements of top-level statements, as [start, end, text].
  const edits: [number, number, string][] = [];
  const statements = program.body;
  statements.forEach((s: any, i) => {
    if (s.type === "VariableDeclaration") {
      const parts = (s.declarations as Declarator[]).map((d) => {
        declared.push(...boundNames(d.id));
        return `${text(d.id)} = ${d.init === null ? "undefined" : text(d.init)}`;
      });
      edits.push([s.start, s.end, `;(${parts.join(", ")});`]);
    } else if (s.type === "FunctionDeclaration") {
      // Function declarations are hoisted: bound before the cell's first statement runs.
      declared.push(s.id.name);
      hoisted.push(`${s.id.name} = ${text(s)};`);
      edits.push([s.start, s.end, ""]);
    } else if (s.type === "ClassDeclaration") {
      declared.push(s.id.name);
      edits.push([s.start, s.end, `${s.id.name} = ${text(s)};`]);
    } else if (s.type === "ExpressionStatement") {
      // `x = ...` at the top level, undeclared (as the seed notebooks write): a notebook variable too.
      const assignments = s.expression.type === "SequenceExpression" ? s.expression.expressions : [s.expression];
      for (const a of assignments) if (a.type === "AssignmentExpression" && a.left.type === "Identifier") declared.push(a.left.name);
      if (i === statements.length - 1 && !SILENT.has(s.expression.type)) edits.push([s.start, s.end, `return (${text(s.expression)});`]);
    }
  });
  let code = js;
  for (const [start, end, replacement] of edits.reverse()) code = code.slice(0, start) + replacement + code.slice(end);
  return { body: `with (scope) {\n${hoisted.join("\n")}\n${code}\n}`, declared };
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (scope: object) => Promise<unknown>;

/** A notebook's variables, and the names every cell sees (torch, print, ...). */
export class Kernel {
  readonly variables: Record<string, unknown> = Object.create(null);
  private readonly scope: object;

  constructor(
    private readonly builtins: Record<string, unknown>,
    declared: string[] = [],
  ) {
    for (const name of declared) this.variables[name] = undefined;
    const { variables } = this;
    this.scope = new Proxy(variables, {
      // A name is the notebook's when a cell declared or assigned it at its top level; others are the page's
      // (so an unknown name is JavaScript's ReferenceError, and `typeof` of it is "undefined").
      has: (_, key) => typeof key === "string" && (key in variables || key in builtins),
      get: (_, key) => {
        if (typeof key !== "string") return undefined;
        return key in variables ? variables[key] : builtins[key];
      },
      set: (_, key, value) => {
        if (typeof key !== "string") return false;
        if (key in builtins && !(key in variables)) throw new TypeError(`${key} is part of the notebook and cannot be assigned`);
        variables[key] = value;
        return true;
      },
    });
  }

  /** Runs a cell; resolves to its last expression's value. */
  async run(source: string): Promise<unknown> {
    const { body, declared } = compileCell(source);
    for (const name of declared) if (!(name in this.variables)) this.variables[name] = undefined;
    return new AsyncFunction("scope", body)(this.scope);
  }
}
