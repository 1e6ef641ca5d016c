"use client";
import { useEffect, useState } from "react";

/** WebCrypto works off the main thread, so the page stays responsive; this shows it is busy. */
export function GenerationProgress({ keyType }: { keyType: "RSA" | "ECDSA" }) {
  const [started] = useState(() => performance.now());
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setElapsed(performance.now() - started), 100);
    return () => clearInterval(timer);
  }, [started]);
  return (
    <div role="status" aria-live="polite" className="mt-5 flex items-center gap-3 text-sm">
      <span
        className="inline-block h-4 w-4 animate-spin rounded-full border-2 border-blue-600 border-t-transparent"
        aria-hidden
      />
      <span>
        Generating {keyType === "RSA" ? "an RSA 4096" : "an ECDSA P-256"} key pair in your browser…{" "}
        {(elapsed / 1000).toFixed(1)} s
        {keyType === "RSA" && (
          <span className="block text-xs text-slate-600 dark:text-slate-400">
            RSA 4096 can take a few seconds.
          </span>
        )}
      </span>
    </div>
  );
}
