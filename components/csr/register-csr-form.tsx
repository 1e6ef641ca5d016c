"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { registerCsrAction } from "@/lib/csr/actions";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { ViolationList, type Problem } from "./violation-list";

const MAX_FILE_BYTES = 64 * 1024;

/** Paste or pick a CSR made elsewhere; the server checks it against the partner's policy. */
export function RegisterCsrForm({
  environmentId,
  detailPath,
}: {
  environmentId: string;
  detailPath: string;
}) {
  const router = useRouter();
  const [pem, setPem] = useState("");
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<{
    message: string;
    problems: Problem[];
    keyExposed?: boolean;
  } | null>(null);

  async function pickFile(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setResult({
        message: `${file.name} is ${Math.round(file.size / 1024)} KB; a CSR is a few KB. Pick the .csr or .pem file.`,
        problems: [],
      });
      return;
    }
    setPem(await file.text());
    setResult(null);
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setPending(true);
    const response = await registerCsrAction(environmentId, { pem, origin: "registered" });
    setPending(false);
    if (response.id) {
      router.push(`${detailPath}/${response.id}?created=1`);
      return;
    }
    setResult({
      message: response.message ?? "The CSR was refused.",
      problems: response.violations ?? [],
      keyExposed: response.keyExposed,
    });
    if (response.keyExposed) setPem(""); // do not keep a private key on screen
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      {result && (
        <ViolationList
          title={result.message}
          problems={
            result.problems.length ? result.problems : [{ code: "input", message: result.message }]
          }
          tone={result.keyExposed ? "amber" : "red"}
        />
      )}
      <div>
        <label htmlFor="csr-file" className="block text-sm font-medium">
          CSR file (.csr, .pem)
        </label>
        <input
          id="csr-file"
          type="file"
          accept=".csr,.pem,.req,.txt"
          onChange={(e) => pickFile(e.target.files?.[0])}
          className="mt-1 text-sm"
        />
      </div>
      <div>
        <label htmlFor="csr-pem" className="block text-sm font-medium">
          …or paste the PEM
        </label>
        <textarea
          id="csr-pem"
          value={pem}
          onChange={(e) => setPem(e.target.value)}
          rows={12}
          spellCheck={false}
          placeholder="-----BEGIN CERTIFICATE REQUEST-----"
          className={`${inputClass} mt-1 font-mono text-xs`}
        />
      </div>
      <Button type="submit" disabled={pending || pem.trim() === ""}>
        {pending ? "Checking…" : "Check and register"}
      </Button>
    </form>
  );
}
