// The standalone build (the container image) has no next.config.mjs: its frozen configuration
// must reach Next.js as Next's own server.js hands it over. A checkout keeps its config file.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without types
import { applyStandaloneConfig } from "./next-handler.mjs";

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

function buildRoot({ configFile }: { configFile: boolean }) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "d1-next-handler-"));
  roots.push(root);
  fs.mkdirSync(path.join(root, ".next"));
  fs.writeFileSync(
    path.join(root, ".next", "required-server-files.json"),
    JSON.stringify({ version: 1, config: { distDir: "./.next", serverExternalPackages: ["x"] } }),
  );
  if (configFile) fs.writeFileSync(path.join(root, "next.config.mjs"), "export default {};\n");
  return root;
}

describe("applyStandaloneConfig", () => {
  it("hands a standalone build's frozen configuration to Next.js", () => {
    const env: Record<string, string> = {};
    expect(applyStandaloneConfig(buildRoot({ configFile: false }), env)).toBe(true);
    expect(JSON.parse(env.__NEXT_PRIVATE_STANDALONE_CONFIG!)).toEqual({
      distDir: "./.next",
      serverExternalPackages: ["x"],
    });
  });

  it("leaves a checkout to its next.config.mjs, and a configuration already given alone", () => {
    const checkout: Record<string, string> = {};
    expect(applyStandaloneConfig(buildRoot({ configFile: true }), checkout)).toBe(false);
    expect(checkout).toEqual({});
    const given = { __NEXT_PRIVATE_STANDALONE_CONFIG: '{"distDir":"elsewhere"}' };
    expect(applyStandaloneConfig(buildRoot({ configFile: false }), given)).toBe(false);
    expect(given.__NEXT_PRIVATE_STANDALONE_CONFIG).toBe('{"distDir":"elsewhere"}');
  });

  it("does nothing where there is no build", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "d1-next-handler-"));
    roots.push(root);
    const env: Record<string, string> = {};
    expect(applyStandaloneConfig(root, env)).toBe(false);
    expect(env).toEqual({});
  });
});
