import type { MetadataRoute } from "next";

// Served as /manifest.webmanifest; Next.js links it from every page. The icons are in public/
// (scripts/icons.mjs renders them from public/icon.svg).
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "D1 mTLS dashboard",
    short_name: "D1 mTLS",
    description: "Certificate lifecycle for mutual TLS with Thales D1",
    start_url: "/",
    display: "standalone",
    background_color: "#0f172a",
    theme_color: "#0f172a",
    icons: [
      { src: "/icon-192.png", sizes: "192x192", type: "image/png" },
      { src: "/icon-512.png", sizes: "512x512", type: "image/png" },
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml" },
    ],
  };
}
