"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { downloadText } from "./download";

export function DownloadPemButton({ filename, pem }: { filename: string; pem: string }) {
  return (
    <Button variant="secondary" onClick={() => downloadText(filename, pem)}>
      Download PEM
    </Button>
  );
}

export function CopyCommand({ command, label }: { command: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex items-start gap-2">
      <figure className="min-w-0 flex-1" aria-label={label}>
        <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
          <code>{command}</code>
        </pre>
      </figure>
      <Button
        variant="secondary"
        aria-label={`Copy: ${label}`}
        onClick={async () => {
          await navigator.clipboard.writeText(command);
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        }}
      >
        {copied ? "Copied" : "Copy"}
      </Button>
    </div>
  );
}
