import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The container image runs .next/standalone/server.js (Dockerfile); `next start` is unaffected.
  output: "standalone",
  // Bundled, PGlite cannot find its WebAssembly files; Prisma's generated client loads its
  // query compiler the same way. Keep them as plain Node modules.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/client", "pg"],
  // Certificate uploads go through server actions: allow a 1 MB file plus form overhead.
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: "2mb" } },
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
