// Every page and layout checks the user before it reads anything; every API route is wrapped in
// apiRoute(role, …). Source-level and cheap; see lib/security/route-guards.ts and ADR 0006.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { LAYOUTS_READING_BEFORE_AUTH, PUBLIC_PAGES, PUBLIC_ROUTES } from "./route-guards";

const ROOT = path.resolve(__dirname, "../..");
const rel = (full: string) => path.relative(ROOT, full).split(path.sep).join("/");

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
const appFiles = walk(path.join(ROOT, "app"));
const parse = (full: string) =>
  ts.createSourceFile(full, fs.readFileSync(full, "utf8"), ts.ScriptTarget.Latest, true);

function defaultExport(file: ts.SourceFile): ts.FunctionLikeDeclaration | null {
  for (const s of file.statements) {
    const mods = ts.canHaveModifiers(s) ? (ts.getModifiers(s) ?? []) : [];
    if (ts.isFunctionDeclaration(s) && mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword))
      return s;
  }
  return null;
}

/** The awaits of a function body in source order, not looking into nested functions. */
function awaits(node: ts.Node, out: ts.AwaitExpression[] = []): ts.AwaitExpression[] {
  ts.forEachChild(node, (child) => {
    if (ts.isFunctionLike(child)) return;
    if (ts.isAwaitExpression(child)) out.push(child);
    awaits(child, out);
  });
  return out;
}

const isParamsRead = (a: ts.AwaitExpression, file: ts.SourceFile) =>
  /^(props\.)?(params|searchParams)$/.test(a.expression.getText(file));
const isRequireUser = (a: ts.AwaitExpression, file: ts.SourceFile) =>
  ts.isCallExpression(a.expression) && a.expression.expression.getText(file) === "requireUser";

/** Null when the component awaits requireUser(…) before anything but its params; else why not. */
function guardProblem(full: string): string | null {
  const file = parse(full);
  const fn = defaultExport(file);
  if (!fn?.body) return "no `export default function` found";
  const first = awaits(fn.body).find((a) => !isParamsRead(a, file));
  if (!first) return "never awaits requireUser(…)";
  if (!isRequireUser(first, file))
    return `awaits \`${first.expression.getText(file).slice(0, 60)}\` before requireUser(…)`;
  return null;
}

describe("route guards", () => {
  const pages = appFiles.filter((f) => /\/page\.tsx$/.test(f));
  const layouts = appFiles.filter((f) => /\/layout\.tsx$/.test(f) && rel(f) !== "app/layout.tsx");

  it("every page outside the public list awaits requireUser(…) before reading anything", () => {
    expect(pages.length).toBeGreaterThan(10);
    const problems = pages
      .filter((f) => !(rel(f) in PUBLIC_PAGES))
      .map((f) => [rel(f), guardProblem(f)] as const)
      .filter(([, problem]) => problem)
      .map(([file, problem]) => `${file}: ${problem}`);
    expect(problems).toEqual([]);
    for (const page of Object.keys(PUBLIC_PAGES))
      expect(pages.map(rel), `stale PUBLIC_PAGES row ${page}`).toContain(page);
  });

  it("every layout awaits requireUser(…) first, except the known bugs listed in LAYOUTS_READING_BEFORE_AUTH", () => {
    // The root layout reads only the theme cookie.
    const unguarded = layouts
      .filter((f) => guardProblem(f) !== null)
      .map(rel)
      .sort();
    expect(unguarded).toEqual([...LAYOUTS_READING_BEFORE_AUTH].sort());
  });

  it("every route handler is wrapped in apiRoute(role, …), except the public ones", () => {
    const routes = appFiles.filter((f) => /\/route\.ts$/.test(f));
    const problems: string[] = [];
    for (const full of routes) {
      if (rel(full) in PUBLIC_ROUTES) continue;
      const file = parse(full);
      let methods = 0;
      for (const s of file.statements) {
        const exported =
          ts.canHaveModifiers(s) &&
          ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
        if (ts.isFunctionDeclaration(s) && exported && /^[A-Z]+$/.test(s.name?.text ?? ""))
          problems.push(`${rel(full)}: ${s.name!.text} is a bare function, not apiRoute(…)`);
        if (!ts.isVariableStatement(s) || !exported) continue;
        for (const d of s.declarationList.declarations) {
          const name = d.name.getText(file);
          if (!/^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$/.test(name)) continue;
          methods++;
          const init = d.initializer;
          const wrapped =
            !!init &&
            ts.isCallExpression(init) &&
            init.expression.getText(file) === "apiRoute" &&
            !!init.arguments[0] &&
            ts.isStringLiteral(init.arguments[0]);
          if (!wrapped) problems.push(`${rel(full)}: ${name} is not apiRoute("<role>", …)`);
        }
      }
      if (/export\s*\{/.test(file.text))
        problems.push(
          `${rel(full)}: re-exports a handler; wrap it in apiRoute(…) where it is defined`,
        );
      if (methods === 0) problems.push(`${rel(full)}: no HTTP method found`);
    }
    expect(problems).toEqual([]);
    for (const route of Object.keys(PUBLIC_ROUTES))
      expect(routes.map(rel), `stale PUBLIC_ROUTES row ${route}`).toContain(route);
  });
});
