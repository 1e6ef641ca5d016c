// Every server action checks the caller's role itself (ADR 0006). Cheap, source-level check:
// a forgotten `actionContext(...)` in a new action fails here before any browser test runs.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { SERVER_ACTION_ACCESS } from "./server-action-roles";

const ROOT = path.resolve(__dirname, "../..");
const SCAN = ["app", "components", "lib"];
const SKIP = new Set(["node_modules", ".next", "generated"]);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|tsx|js|jsx|mjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name))
      out.push(full);
  }
  return out;
}

const isUseServer = (statement: ts.Statement | undefined) =>
  !!statement &&
  ts.isExpressionStatement(statement) &&
  ts.isStringLiteral(statement.expression) &&
  statement.expression.text === "use server";

type ExportedFunction = { name: string; node: ts.FunctionLikeDeclaration; async: boolean };

function exportedFunctions(file: ts.SourceFile): {
  functions: ExportedFunction[];
  other: string[];
} {
  const functions: ExportedFunction[] = [];
  const other: string[] = [];
  const isExported = (node: ts.Node) =>
    ts.canHaveModifiers(node) &&
    !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const isAsync = (node: ts.Node) =>
    ts.canHaveModifiers(node) &&
    !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement) && isExported(statement)) {
      functions.push({
        name: statement.name?.text ?? "default",
        node: statement,
        async: isAsync(statement),
      });
    } else if (ts.isVariableStatement(statement) && isExported(statement)) {
      for (const d of statement.declarationList.declarations) {
        const init = d.initializer;
        if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) {
          functions.push({ name: d.name.getText(file), node: init, async: isAsync(init) });
        } else {
          other.push(d.name.getText(file));
        }
      }
    } else if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) {
      other.push(statement.getText(file));
    }
  }
  return { functions, other };
}

/**
 * The role an action checks, when it starts the required way:
 *   const ctx = await actionContext("admin");   (or actorFor("admin"), for an action that needs
 *   if (!ctx) return …;                          no database: lib/auth/action-context.ts)
 * or, for an action on the caller's own data that any signed-in user may use ("viewer"):
 *   const user = await getCurrentUser();
 *   if (!user) return …;
 */
function guardRole(fn: ts.FunctionLikeDeclaration, file: ts.SourceFile): string | null {
  const body = fn.body;
  if (!body || !ts.isBlock(body)) return null;
  const [first, second] = body.statements;
  if (!first || !second || !ts.isVariableStatement(first)) return null;
  const decl = first.declarationList.declarations[0];
  const init = decl?.initializer;
  if (!decl || !ts.isIdentifier(decl.name) || !init || !ts.isAwaitExpression(init)) return null;
  const call = init.expression;
  if (!ts.isCallExpression(call)) return null;
  const callee = call.expression.getText(file);
  const arg = call.arguments[0];
  let role: string;
  if ((callee === "actionContext" || callee === "actorFor") && arg && ts.isStringLiteral(arg))
    role = arg.text;
  else if (callee === "getCurrentUser" && call.arguments.length === 0) role = "viewer";
  else return null;
  const name = decl.name.text;
  if (!ts.isIfStatement(second)) return null;
  const cond = second.expression;
  const negatesActor =
    ts.isPrefixUnaryExpression(cond) &&
    cond.operator === ts.SyntaxKind.ExclamationToken &&
    cond.operand.getText(file) === name;
  const then = second.thenStatement;
  const returns =
    ts.isReturnStatement(then) || (ts.isBlock(then) && then.statements.some(ts.isReturnStatement));
  return negatesActor && returns ? role : null;
}

const files = SCAN.flatMap((dir) => sourceFiles(path.join(ROOT, dir))).map((full) => {
  const text = fs.readFileSync(full, "utf8");
  return {
    rel: path.relative(ROOT, full).split(path.sep).join("/"),
    text,
    ast: ts.createSourceFile(full, text, ts.ScriptTarget.Latest, true),
  };
});
const actionModules = files.filter((f) => isUseServer(f.ast.statements[0]));

describe("server actions", () => {
  it("are found (the scan works)", () => {
    expect(actionModules.map((f) => f.rel)).toContain("lib/gateway/actions.ts");
  });

  it("live in their feature's folder under lib/ (lib/<feature>/actions.ts), not among the routes", () => {
    expect(
      actionModules
        .map((f) => f.rel)
        .filter((rel) => !/^lib\/[\w-]+\/[\w-]*actions\.ts$/.test(rel)),
    ).toEqual([]);
  });

  it('live only in module-level "use server" files, where this test sees them', () => {
    // An inline "use server" inside a function (a closure action in a component) would escape
    // the checks below: move it into an actions file.
    const inline: string[] = [];
    for (const f of files) {
      const visit = (node: ts.Node) => {
        if (
          ts.isFunctionLike(node) &&
          "body" in node &&
          node.body &&
          ts.isBlock(node.body) &&
          isUseServer(node.body.statements[0])
        ) {
          inline.push(`${f.rel}:${f.ast.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
        }
        ts.forEachChild(node, visit);
      };
      visit(f.ast);
    }
    expect(inline).toEqual([]);
  });

  it("each have a row in SERVER_ACTION_ACCESS, and each row an action", () => {
    const found = actionModules.flatMap((f) =>
      exportedFunctions(f.ast).functions.map((fn) => `${f.rel}#${fn.name}`),
    );
    expect(found.sort()).toEqual(Object.keys(SERVER_ACTION_ACCESS).sort());
  });

  it("export only async functions (no re-exports, no values)", () => {
    const problems = actionModules.flatMap((f) => {
      const { functions, other } = exportedFunctions(f.ast);
      return [
        ...functions.filter((fn) => !fn.async).map((fn) => `${f.rel}#${fn.name} is not async`),
        ...other.map((o) => `${f.rel}: ${o}`),
      ];
    });
    expect(problems).toEqual([]);
  });

  it("check the caller's role first: `const ctx = await actionContext(role); if (!ctx) return`", () => {
    const problems: string[] = [];
    for (const f of actionModules) {
      for (const fn of exportedFunctions(f.ast).functions) {
        const key = `${f.rel}#${fn.name}`;
        const access = SERVER_ACTION_ACCESS[key];
        if (!access) continue; // reported by the row test
        const role = guardRole(fn.node, f.ast);
        if (access.role === "public") {
          if (access.why.trim().length < 20)
            problems.push(`${key}: a public action needs a reason`);
          continue;
        }
        if (role === null)
          problems.push(
            `${key}: does not start with \`const ctx = await actionContext("${access.role}"); if (!ctx) return …\``,
          );
        else if (role !== access.role)
          problems.push(`${key}: checks the role "${role}" but its row says ${access.role}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
