import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Bundled, PGlite cannot find its WebAssembly files; Prisma's generated client loads its
  // query compiler the same way. Keep them as plain Node modules.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/client", "pg"],
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
