"use client";
import { encode } from "uqr";

/**
 * The otpauth:// URI as a QR code for authenticator apps, drawn as SVG rectangles (no inline
 * markup or data: URL, so the strict CSP holds). Black on white in both themes, as scanners expect.
 */
export function OtpauthQr({ uri }: { uri: string }) {
  const { data, size } = encode(uri, { ecc: "M", border: 2 });
  const cells: string[] = [];
  data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) cells.push(`M${x} ${y}h1v1h-1z`);
    });
  });
  return (
    <svg
      viewBox={`0 0 ${size} ${size}`}
      width={192}
      height={192}
      role="img"
      aria-label="QR code of the set-up link, for an authenticator app"
      data-testid="totp-qr"
      className="rounded bg-white"
      shapeRendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={cells.join("")} fill="#000" />
    </svg>
  );
}
