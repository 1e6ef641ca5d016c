"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** The recovery codes, shown once: download, copy, and an explicit "I saved them" before leaving. */
export function RecoveryCodes({
  codes,
  email,
  onDone,
  doneLabel = "Done",
}: {
  codes: string[];
  email: string;
  onDone: () => void;
  doneLabel?: string;
}) {
  const [saved, setSaved] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const text = `D1 mTLS dashboard: recovery codes for ${email}\nEach code signs you in once, in place of the code from your authenticator app.\n\n${codes.join("\n")}\n`;

  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = "d1-dashboard-recovery-codes.txt";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("Copied to the clipboard.");
    } catch {
      setCopied(
        "This browser did not allow copying: select the codes and copy them, or download them.",
      );
    }
  }

  return (
    <div className="space-y-4">
      <div
        role="status"
        className="rounded-md bg-amber-50 p-3 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100"
      >
        <p className="font-medium">Save these recovery codes now: they are shown only this once.</p>
        <p className="mt-1">
          If you lose your phone, each code lets you sign in once; type it as shown (capitals
          matter). Keep them somewhere safe, apart from your password.
        </p>
      </div>
      <ol
        className="grid grid-cols-2 gap-x-6 gap-y-1 rounded-md border border-slate-200 bg-slate-50 p-4 font-mono text-sm sm:max-w-md dark:border-slate-700 dark:bg-slate-950"
        data-testid="recovery-codes"
      >
        {codes.map((code) => (
          <li key={code} className="select-all">
            {code}
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="secondary" onClick={download}>
          Download as a text file
        </Button>
        <Button type="button" variant="secondary" onClick={copy}>
          Copy
        </Button>
      </div>
      {copied && (
        <p role="status" className="text-sm text-slate-700 dark:text-slate-300">
          {copied}
        </p>
      )}
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          className="mt-0.5"
          checked={saved}
          onChange={(e) => setSaved(e.target.checked)}
        />
        I have saved the recovery codes.
      </label>
      <Button type="button" disabled={!saved} onClick={onDone}>
        {doneLabel}
      </Button>
    </div>
  );
}
