"use client";
import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { registerSigningKeyAction } from "@/lib/signing-key/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { KeyProtection } from "@/components/csr/key-protection";
import { GenerationProgress } from "@/components/csr/generation-progress";
import { SigningKeyMaterial } from "./key-material";

type Generated = {
  privateKey: CryptoKey;
  publicKeyPem: string;
  jwkText: string;
  thumbprint: string;
};

export type NewSigningKeyProps = {
  environmentId: string;
  merchantGatewayId: string;
  env: string;
  listPath: string;
  /** The key in use now, if any: it stays in use until the new one is marked onboarded. */
  currentKid: string | null;
};

/**
 * New ES256 signing key: the key pair is made and kept in this page's memory (WebCrypto), the
 * private key is offered for download (encrypted, as for CSRs), and only the public key's PEM
 * goes to the server. Nothing is written to browser storage.
 */
export function NewSigningKeyWizard(props: NewSigningKeyProps) {
  const router = useRouter();
  const [phase, setPhase] = useState<"start" | "generating" | "protect" | "saving">("start");
  const [generated, setGenerated] = useState<Generated | null>(null);
  const [keySaved, setKeySaved] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // A generated key that was not saved is lost with the page: warn before leaving.
  useEffect(() => {
    if (!generated || keySaved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [generated, keySaved]);

  async function generate() {
    setError(null);
    setPhase("generating");
    try {
      // The crypto code loads only here, when it is needed.
      const { generateSigningKeyPair, describeSigningKey, formatJwk } = await import(
        "@/lib/signing-key/jwk"
      );
      const pair = await generateSigningKeyPair();
      const described = await describeSigningKey(pair.publicKey);
      setGenerated({
        privateKey: pair.privateKey,
        publicKeyPem: described.publicKeyPem,
        jwkText: formatJwk(described.jwk),
        thumbprint: described.thumbprint,
      });
      setPhase("protect");
    } catch (e) {
      setError(`The key pair could not be generated in this browser: ${(e as Error).message}`);
      setPhase("start");
    }
  }

  async function save() {
    if (!generated) return;
    setPhase("saving");
    setError(null);
    const result = await registerSigningKeyAction(props.environmentId, {
      publicKeyPem: generated.publicKeyPem,
      origin: "browser",
    });
    if (result.id && !result.message) {
      setGenerated(null); // drop the key from memory
      router.push(`${props.listPath}?created=${encodeURIComponent(result.id)}`);
      return;
    }
    setError(result.message ?? "The server refused the public key.");
    setPhase("protect");
  }

  const stem = generated
    ? `ES256_${props.merchantGatewayId}_${props.env}_${generated.thumbprint.slice(0, 8)}`
    : "";
  return (
    <div className="space-y-6">
      <Card title="1. Generate the key pair">
        <p className="text-sm text-slate-700 dark:text-slate-300">
          An ECDSA P-256 key pair for ES256, made in this browser. The private key signs the JWTs
          your backend sends to D1&apos;s
          <code className="mx-1">/oauth2/token</code>(<code>iss</code> ={" "}
          <code>{props.merchantGatewayId}</code>); it never leaves this page except as the file you
          download.
        </p>
        {props.currentKid && (
          <p className="mt-3 text-sm text-slate-700 dark:text-slate-300">
            The key in use now (<code className="text-xs">{props.currentKid}</code>) stays in use
            until this new one is marked onboarded with Thales; then it is retired.
          </p>
        )}
        {phase === "start" && (
          <div className="mt-5">
            <Button onClick={generate}>Generate ES256 key pair</Button>
            <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
              Only the public key is sent to the server.
            </p>
          </div>
        )}
        {phase === "generating" && <GenerationProgress keyType="ECDSA" />}
        {error && (
          <p role="alert" className="mt-4 text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
      </Card>

      {generated && phase !== "start" && (
        <Card title="2. Save the private key">
          <KeyProtection
            privateKey={generated.privateKey}
            fileStemFrom={stem}
            onSaved={() => setKeySaved(true)}
          />
        </Card>
      )}

      {generated && phase !== "start" && (
        <Card title="3. Register the public key">
          <p className="mb-4 text-sm text-slate-700 dark:text-slate-300">
            This is what will be stored and given to Thales. The server derives the JWK and
            thumbprint again from the PEM.
          </p>
          <SigningKeyMaterial
            publicKeyPem={generated.publicKeyPem}
            jwkText={generated.jwkText}
            thumbprint={generated.thumbprint}
          />
          <label className="mt-4 flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              checked={confirmed}
              disabled={!keySaved}
              onChange={(e) => setConfirmed(e.target.checked)}
              className="mt-1"
            />
            <span>
              I have saved the private key file somewhere safe. Without it no JWT can be signed with
              this key, and Thales would have to onboard a new one.
              {!keySaved && (
                <span className="block text-xs text-slate-600 dark:text-slate-400">
                  Download the key first (step 2).
                </span>
              )}
            </span>
          </label>
          <Button className="mt-4" onClick={save} disabled={!confirmed || phase === "saving"}>
            {phase === "saving" ? "Saving…" : "Register the public key"}
          </Button>
        </Card>
      )}
    </div>
  );
}
