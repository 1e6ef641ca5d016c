"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { downloadText, fileStem } from "@/components/csr/download";

type Props = {
  certificatePem: string;
  chainPem: string;
  commonName: string;
  publicKeySha256: string;
};
const MIN_PASSWORD = 12;

function downloadBinary(filename: string, bytes: Uint8Array) {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: "application/x-pkcs12" }));
  const link = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Puts the certificate together with its private key for deployment, entirely in this page:
 * the key file is read locally and never uploaded.
 */
export function AssembleForDeployment(props: Props) {
  const [keyText, setKeyText] = useState<string | null>(null);
  const [keyName, setKeyName] = useState("");
  const [passphrase, setPassphrase] = useState("");
  const [key, setKey] = useState<CryptoKey | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const encrypted = keyText?.includes("ENCRYPTED PRIVATE KEY") ?? false;
  const stem = fileStem(props.commonName);

  async function pickKey(file: File | undefined) {
    setKey(null);
    setProblem(null);
    if (!file) return;
    if (file.size > 64 * 1024)
      return setProblem(`${file.name} is too large for a private key file.`);
    setKeyName(file.name);
    setKeyText(await file.text());
  }

  async function unlock() {
    if (!keyText) return;
    setBusy(true);
    setProblem(null);
    try {
      const pki = await import("@/lib/pki");
      const privateKey = encrypted
        ? await pki.decryptPrivateKey(keyText, passphrase, "auto", { extractable: true })
        : await pki.importPlainPrivateKey(keyText, undefined, { extractable: true });
      if (!(await pki.publicKeyMatches(privateKey, props.publicKeySha256))) {
        setProblem(
          "This private key does not belong to this certificate. Pick the key saved when its CSR was generated.",
        );
      } else setKey(privateKey);
    } catch (error) {
      const code = (error as { code?: string }).code;
      setProblem(
        code === "bad_passphrase"
          ? "The passphrase does not open this key."
          : `This file could not be read as a private key: ${(error as Error).message}`,
      );
    } finally {
      setBusy(false);
    }
  }

  async function makePkcs12() {
    if (!key) return;
    setBusy(true);
    const pki = await import("@/lib/pki");
    const certificate = await pki.parseCertificate(props.certificatePem);
    const chain = props.chainPem
      ? (await pki.parseCertificateBundle(props.chainPem)).certificates
      : [];
    // 100 000 PBKDF2 rounds (OpenSSL's default is 2 048): pkijs computes the MAC without WebCrypto, so
    // the default 600 000 would freeze the page for seconds.
    const p12 = await pki.createPkcs12({
      privateKey: key,
      certificate,
      chain,
      password,
      friendlyName: props.commonName,
      iterations: 100_000,
    });
    downloadBinary(`${stem}.p12`, p12);
    setBusy(false);
    setDone("The .p12 (PKCS#12, AES-256, PBKDF2) was offered as a download.");
  }

  async function makePemBundle() {
    if (!key) return;
    const pki = await import("@/lib/pki");
    const keyPem = await pki.encryptPrivateKey(key, password);
    downloadText(`${stem}.bundle.pem`, props.certificatePem + props.chainPem + keyPem);
    setDone(
      "The PEM bundle (certificate, chain, and the key encrypted with the password) was offered as a download.",
    );
  }

  const passwordOk = password.length >= MIN_PASSWORD && password === confirm;
  return (
    <div className="space-y-6">
      <section className="space-y-3">
        <h3 className="font-medium">1. Your private key</h3>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          The file is read in this page only; it is never uploaded.
        </p>
        <label className="block text-sm font-medium" htmlFor="key-file">
          Private key file (.key.pem)
        </label>
        <input
          id="key-file"
          type="file"
          accept=".pem,.key"
          onChange={(e) => pickKey(e.target.files?.[0])}
          className="text-sm"
        />
        {keyText && encrypted && (
          <Field
            label="Key passphrase"
            name="keyPassphrase"
            type="password"
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
          />
        )}
        {keyText && (
          <Button
            variant="secondary"
            onClick={unlock}
            disabled={busy || (encrypted && !passphrase)}
          >
            {busy && !key ? "Checking…" : "Check the key"}
          </Button>
        )}
        {problem && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {problem}
          </p>
        )}
        {key && (
          <p role="status" className="text-sm text-green-800 dark:text-green-300">
            ✓ {keyName} is the key of this certificate.
          </p>
        )}
      </section>
      {key && (
        <section className="space-y-3">
          <h3 className="font-medium">2. Protect the output</h3>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label="Password for the file"
              name="outputPassword"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={
                password && password.length < MIN_PASSWORD
                  ? `At least ${MIN_PASSWORD} characters.`
                  : undefined
              }
            />
            <Field
              label="Repeat the password"
              name="outputPasswordConfirm"
              type="password"
              autoComplete="new-password"
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
              error={confirm && confirm !== password ? "The two passwords differ." : undefined}
            />
          </div>
          <div className="flex flex-wrap gap-2">
            <Button onClick={makePkcs12} disabled={!passwordOk || busy}>
              {busy ? "Building…" : "Download .p12"}
            </Button>
            <Button variant="secondary" onClick={makePemBundle} disabled={!passwordOk}>
              Download PEM bundle
            </Button>
          </div>
          {done && (
            <p role="status" className="text-sm text-green-800 dark:text-green-300">
              {done}
            </p>
          )}
        </section>
      )}
    </div>
  );
}
