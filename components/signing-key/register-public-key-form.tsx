"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { registerSigningKeyAction } from "@/lib/signing-key/actions";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { ViolationList } from "@/components/csr/violation-list";

const MAX_FILE_BYTES = 16 * 1024;

/** Paste or pick the public key of an ES256 key pair made elsewhere; the server checks it. */
export function RegisterPublicKeyForm({
  environmentId,
  listPath,
}: {
  environmentId: string;
  listPath: string;
}) {
  const router = useRouter();
  const [pem, setPem] = useState("");
  const [pending, setPending] = useState(false);
  const [refusal, setRefusal] = useState<{
    message: string;
    code: string;
    keyExposed?: boolean;
  } | null>(null);

  async function pickFile(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setRefusal({
        message: `${file.name} is ${Math.round(file.size / 1024)} KB; an EC public key is a few hundred bytes. Pick the public key file.`,
        code: "signing_key.too_large",
      });
      return;
    }
    setPem(await file.text());
    setRefusal(null);
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setPending(true);
    const response = await registerSigningKeyAction(environmentId, {
      publicKeyPem: pem,
      origin: "registered",
    });
    setPending(false);
    if (response.id) {
      setPem("");
      setRefusal(null);
      router.push(`${listPath}?created=${encodeURIComponent(response.id)}`);
      return;
    }
    setRefusal({
      message: response.message ?? "The public key was refused.",
      code: response.code ?? "signing_key.refused",
      keyExposed: response.keyExposed,
    });
    if (response.keyExposed) setPem(""); // do not keep a private key on screen
  }

  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Register a public key made elsewhere">
      {refusal && (
        <ViolationList
          title={
            refusal.keyExposed
              ? "A private key was pasted. Nothing was stored."
              : "The public key was refused. Nothing was stored."
          }
          problems={[{ code: refusal.code, message: refusal.message }]}
          tone={refusal.keyExposed ? "amber" : "red"}
        />
      )}
      <div>
        <label htmlFor="signing-key-file" className="block text-sm font-medium">
          Public key file (.pem)
        </label>
        <input
          id="signing-key-file"
          type="file"
          accept=".pem,.pub,.txt,.key"
          onChange={(e) => pickFile(e.target.files?.[0])}
          className="mt-1 text-sm"
        />
      </div>
      <div>
        <label htmlFor="signing-key-pem" className="block text-sm font-medium">
          …or paste the public key PEM
        </label>
        <textarea
          id="signing-key-pem"
          value={pem}
          onChange={(e) => setPem(e.target.value)}
          rows={6}
          spellCheck={false}
          placeholder="-----BEGIN PUBLIC KEY-----"
          className={`${inputClass} mt-1 font-mono text-xs`}
        />
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          Only the public key: <code>openssl pkey -in es256.key.pem -pubout</code>. Never paste the
          private key.
        </p>
      </div>
      <Button type="submit" disabled={pending || pem.trim() === ""}>
        {pending ? "Checking…" : "Check and register"}
      </Button>
    </form>
  );
}
