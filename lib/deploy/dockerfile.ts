import fs from "node:fs";
import path from "node:path";

export type Instruction = { keyword: string; args: string };
export type RuntimeStage = {
  from: string;
  env: Record<string, string>;
  cmd: string[];
  instructions: Instruction[];
};

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
export function dockerInstructions(text: string): Instruction[] {
  const joined = text
    .split("\n")
    .filter((line) => !/^\s*#/.test(line))
    .join("\n")
    .replace(/\\\n/g, " ");
  return joined
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword!.toUpperCase(), args: rest.join(" ") };
    });
}

/**
 * The last stage, as the image runs it: its FROM (ARGs resolved), ENV and exec-form CMD. The
 * standalone e2e test starts the server with exactly these, so the image cannot drift from it.
 */
export function runtimeStage(text = fs.readFileSync("Dockerfile", "utf8")): RuntimeStage {
  const all = dockerInstructions(text);
  const args = Object.fromEntries(
    all
      .filter((i) => i.keyword === "ARG" && i.args.includes("="))
      .map((i) => i.args.split("=", 2) as [string, string]),
  );
  const lastFrom = all.map((i) => i.keyword).lastIndexOf("FROM");
  const stage = all.slice(lastFrom);
  const env: Record<string, string> = {};
  for (const i of stage.filter((s) => s.keyword === "ENV")) {
    for (const [, key, value] of i.args.matchAll(/(\w+)=("[^"]*"|\S+)/g))
      env[key!] = value!.replace(/^"|"$/g, "");
  }
  const cmd = stage.findLast((i) => i.keyword === "CMD");
  if (!cmd?.args.startsWith("[")) throw new Error("the runtime stage needs an exec-form CMD");
  const from = stage[0]!.args
    .split(/\s+/)[0]!
    .replace(/\$\{(\w+)\}/g, (_, name: string) => args[name] ?? "");
  return { from, env, cmd: JSON.parse(cmd.args) as string[], instructions: stage };
}

/**
 * The stage's copies from the build context (COPY without --from), as [source, destination]:
 * what the tests that stand in for the image place next to the build.
 */
export function contextCopies(stage: RuntimeStage): [string, string][] {
  return stage.instructions
    .filter((i) => i.keyword === "COPY" && !i.args.startsWith("--from"))
    .flatMap((i) => {
      const sources = i.args.split(/\s+/);
      const to = sources.pop()!;
      if (sources.length === 1) return [[sources[0]!, to] as [string, string]];
      // Several sources go into a folder, each under its own name (Docker wants the "/").
      if (!to.endsWith("/"))
        throw new Error(`COPY of several files needs a folder ending in /: ${i.args}`);
      return sources.map(
        (from) => [from, path.posix.join(to, path.posix.basename(from))] as [string, string],
      );
    });
}
