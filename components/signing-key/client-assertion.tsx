"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { CopyCommand } from "@/components/csr/pem-actions";

export type AssertionKey = { thumbprint: string; publicKeyPem: string; onboarded: boolean };

type Built = {
  jwt: string;
  header: string;
  claims: string;
  curl: string;
  verified: boolean;
  kid: string;
  iat: number;
  exp: number;
};

const MAX_MINUTES = 15; // lib/signing-key/client-assertion.ts MAX_ASSERTION_MINUTES (not imported: it pulls in the crypto code)
const KEY_FILE_MAX_BYTES = 64 * 1024;
const muted = "text-slate-600 dark:text-slate-400";
const utc = (seconds: number) =>
  `${new Date(seconds * 1000).toISOString().slice(0, 19).replace("T", " ")} UTC`;

/**
 * Builds the JWT bearer grant's client assertion in this page: the key file is read and opened
 * here (WebCrypto), the JWT is signed here and checked here against the stored public key. This
 * component calls no server action and no fetch: nothing of the key, the file or the passphrase
 * leaves the browser.
 */
export function ClientAssertionBuilder({
  merchantGatewayId,
  tokenEndpoint,
  keys,
}: {
  merchantGatewayId: string;
  tokenEndpoint: string;
  keys: AssertionKey[];
}) {
  const [kid, setKid] = useState(
    keys.find((k) => k.onboarded)?.thumbprint ?? keys[0]?.thumbprint ?? "",
  );
  const [fileText, setFileText] = useState<string | null>(null);
  const [fileName, setFileName] = useState("");
  const [passphrase, setPassphrase] = useState("");
  const [minutes, setMinutes] = useState("5");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [built, setBuilt] = useState<Built | null>(null);
  const target = keys.find((k) => k.thumbprint === kid) ?? null;
  const lifetime = Number(minutes);
  const lifetimeError =
    minutes.trim() === "" || !Number.isInteger(lifetime) || lifetime < 1 || lifetime > MAX_MINUTES
      ? `Whole minutes from 1 to ${MAX_MINUTES}.`
      : undefined;
  const encrypted = fileText?.includes("ENCRYPTED PRIVATE KEY") ?? true;

  async function pick(file: File | undefined) {
    setProblem(null);
    setBuilt(null);
    setFileText(null);
    if (!file) return;
    if (file.size > KEY_FILE_MAX_BYTES)
      return setProblem(`${file.name} is too large for a private key file.`);
    setFileName(file.name);
    setFileText(await file.text());
  }

  async function build() {
    if (!fileText || !target || lifetimeError) return;
    setBusy(true);
    setProblem(null);
    setBuilt(null);
    try {
      // The crypto code loads only here, when it is needed.
      const lib = await import("@/lib/signing-key/client-assertion");
      const opened = await lib.openSigningKey(fileText, passphrase, target.thumbprint);
      if (!opened.ok) {
        setProblem(opened.message);
        return;
      }
      const claims = lib.assertionClaims({
        merchantGatewayId,
        audience: tokenEndpoint,
        lifetimeMinutes: lifetime,
      });
      const jwt = await lib.signAssertion(opened.privateKey, opened.thumbprint, claims);
      const decoded = lib.decodeJwt(jwt);
      const verified = await lib.verifyAssertion(jwt, target.publicKeyPem);
      setBuilt({
        jwt,
        header: JSON.stringify(decoded.header, null, 2),
        claims: JSON.stringify(decoded.claims, null, 2),
        curl: lib.curlCommand(tokenEndpoint, jwt),
        verified,
        kid: opened.thumbprint,
        iat: claims.iat,
        exp: claims.exp,
      });
      setPassphrase(""); // not kept once used
    } catch (error) {
      setProblem(`The assertion could not be built in this browser: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  if (keys.length === 0) {
    return (
      <p className={`text-sm ${muted}`}>
        Generate or register a key first: the assertion is signed with its private key.
      </p>
    );
  }
  return (
    <div className="space-y-5">
      <div className="grid gap-4 sm:grid-cols-2">
        {keys.length > 1 && (
          <div className="space-y-1 sm:col-span-2">
            <label htmlFor="assertion-key" className="block text-sm font-medium">
              Key to sign with
            </label>
            <select
              id="assertion-key"
              value={kid}
              onChange={(e) => {
                setKid(e.target.value);
                setBuilt(null);
                setProblem(null);
              }}
              className={inputClass}
            >
              {keys.map((k) => (
                <option key={k.thumbprint} value={k.thumbprint}>
                  {k.thumbprint}
                  {k.onboarded ? " (onboarded)" : " (not yet onboarded)"}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="space-y-1 sm:col-span-2">
          <label htmlFor="assertion-key-file" className="block text-sm font-medium">
            Private key file (.key.pem)
          </label>
          <input
            id="assertion-key-file"
            type="file"
            accept=".pem,.key"
            onChange={(e) => pick(e.target.files?.[0])}
            className="text-sm"
          />
          <p className={`text-xs ${muted}`}>
            Read in this page only; never uploaded. {fileText ? `Read: ${fileName}.` : ""}
          </p>
        </div>
        <Field
          label="Key passphrase"
          name="assertionPassphrase"
          type="password"
          autoComplete="off"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          disabled={!encrypted}
          hint={
            encrypted
              ? "The passphrase chosen when the key file was saved."
              : "This key file is not encrypted: no passphrase is needed."
          }
        />
        <Field
          label="Lifetime (minutes, at most 15)"
          name="assertionMinutes"
          inputMode="numeric"
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          error={lifetimeError}
          hint="exp = iat + this. D1's access tokens live 15 minutes."
        />
      </div>
      {target && !target.onboarded && (
        <p
          role="note"
          className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
        >
          This key is not marked onboarded with Thales yet: D1 refuses assertions signed with it
          until it is.
        </p>
      )}
      <Button
        onClick={build}
        disabled={busy || !fileText || !!lifetimeError || (encrypted && !passphrase)}
      >
        {busy ? "Building…" : "Build the client assertion"}
      </Button>
      {problem && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {problem}
        </p>
      )}

      {built && (
        <div className="space-y-4 border-t border-slate-200 pt-4 dark:border-slate-800 dark:[&_pre]:bg-slate-950 dark:[&_pre]:ring-1 dark:[&_pre]:ring-slate-700">
          <p
            role="status"
            data-testid="assertion-verdict"
            data-verified={built.verified ? "true" : "false"}
            className={
              built.verified
                ? "rounded-md bg-green-50 p-3 text-sm text-green-900 dark:bg-green-950 dark:text-green-200"
                : "rounded-md bg-red-50 p-3 text-sm text-red-900 dark:bg-red-950 dark:text-red-200"
            }
          >
            {built.verified
              ? `✓ The signature verifies with the stored public key ${built.kid} (checked in this page with WebCrypto).`
              : `✗ The signature does NOT verify with the stored public key ${built.kid}. Do not send this assertion.`}
          </p>
          <p className={`text-sm ${muted}`}>
            Valid from {utc(built.iat)} to {utc(built.exp)} (
            {Math.round((built.exp - built.iat) / 60)} min). Each build has a new <code>jti</code>:
            D1 may refuse one it has seen.
          </p>
          <div>
            <p className="mb-1 text-sm font-medium">Client assertion (JWT)</p>
            <CopyCommand label="Client assertion JWT" command={built.jwt} />
          </div>
          <div className="grid gap-4 lg:grid-cols-2">
            <div>
              <p className="mb-1 text-sm font-medium">Header</p>
              <CopyCommand label="Decoded JWT header" command={built.header} />
            </div>
            <div>
              <p className="mb-1 text-sm font-medium">Claims</p>
              <CopyCommand label="Decoded JWT claims" command={built.claims} />
            </div>
          </div>
          <div>
            <p className="mb-1 text-sm font-medium">Token request</p>
            <CopyCommand label="curl for the token endpoint" command={built.curl} />
            <p className={`mt-1 text-xs ${muted}`}>
              D1&apos;s API is mutual TLS: replace <code>./d1-client-cert.pem</code> and{" "}
              <code>./d1-client-key.pem</code> with this environment&apos;s client certificate and
              its key. The assertion is the only credential in the body.
            </p>
          </div>
        </div>
      )}
    </div>
  );
}
