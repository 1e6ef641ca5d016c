// Plain JavaScript, not next.config.ts: a TypeScript config is compiled with SWC at every server
// start, which leaves the compiler loaded in the server for good (14 MB resident; "Memory" in
// docs/benchmarks.md). The JSDoc type keeps the editor's checking.
/** @type {import("next").NextConfig} */
const nextConfig = {
  // BUILD_STANDALONE=1 (the Dockerfile, `npm test`): also write .next/standalone, which the image
  // runs. Not by default: `next start` (npm start) warns that it "does not work" with it.
  output: process.env.BUILD_STANDALONE === "1" ? "standalone" : undefined,
  // Bundled, PGlite cannot find its WebAssembly files; Prisma's generated client loads its
  // query compiler the same way. Keep them as plain Node modules.
  // pdfkit (the inventory report's PDF) loads fontkit and its data files at run time: kept external too.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/client",
    "pg",
    "pdfkit",
  ],
  // Certificate uploads go through server actions: allow a 1 MB file plus form overhead.
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: "2mb" } },
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
