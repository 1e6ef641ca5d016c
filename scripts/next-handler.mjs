// Next.js's request handler for `npm start`'s servers (scripts/http-server.mjs,
// scripts/https-server.mjs), from a checkout or from the standalone output that the container
// image holds (ADR 0037).
import fs from "node:fs";
import path from "node:path";

/**
 * The standalone output has no next.config.mjs: `next build` froze the configuration into
 * .next/required-server-files.json, and Next's own standalone server.js hands it over in
 * __NEXT_PRIVATE_STANDALONE_CONFIG before it loads Next. Without it Next would run with its
 * defaults (no serverExternalPackages, no headers). Sets it from that file when `root` holds a
 * build and no configuration file; returns whether it did.
 */
export function applyStandaloneConfig(root, env = process.env) {
  if (env.__NEXT_PRIVATE_STANDALONE_CONFIG) return false;
  const configFiles = ["next.config.mjs", "next.config.js", "next.config.ts"];
  if (configFiles.some((file) => fs.existsSync(path.join(root, file)))) return false;
  const required = path.join(root, ".next", "required-server-files.json");
  if (!fs.existsSync(required)) return false;
  env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(
    JSON.parse(fs.readFileSync(required, "utf8")).config,
  );
  return true;
}

/** The production build under `root`, prepared: its `(req, res)` handler. */
export async function nextRequestHandler({ root, port, hostname }) {
  process.env.NODE_ENV = "production";
  process.env.PORT = String(port);
  applyStandaloneConfig(root);
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: root, hostname: hostname ?? "localhost", port });
  await app.prepare();
  return app.getRequestHandler();
}
