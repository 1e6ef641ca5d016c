"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { downloadText, fileStem } from "./download";

const MIN_PASSPHRASE = 12;

/**
 * Offers the private key once, encrypted (PKCS#8, PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC) with a
 * passphrase the person chooses; a plain PKCS#8 only after an explicit warning.
 */
export function KeyProtection({
  privateKey,
  fileStemFrom,
  onSaved,
}: {
  privateKey: CryptoKey;
  fileStemFrom: string;
  onSaved: () => void;
}) {
  const [passphrase, setPassphrase] = useState("");
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState(false);
  const [downloaded, setDownloaded] = useState<null | "encrypted" | "plain">(null);
  const [plainAcknowledged, setPlainAcknowledged] = useState(false);
  const [showPlain, setShowPlain] = useState(false);
  const tooShort = passphrase.length > 0 && passphrase.length < MIN_PASSPHRASE;
  const mismatch = confirm.length > 0 && confirm !== passphrase;
  const stem = fileStem(fileStemFrom);

  async function downloadEncrypted() {
    setBusy(true);
    const { encryptPrivateKey } = await import("@/lib/pki");
    const pem = await encryptPrivateKey(privateKey, passphrase);
    downloadText(`${stem}.key.pem`, pem);
    setBusy(false);
    setDownloaded("encrypted");
    onSaved();
  }

  async function downloadPlain() {
    const { exportPrivateKeyPlain } = await import("@/lib/pki");
    downloadText(`${stem}.unencrypted.key.pem`, await exportPrivateKeyPlain(privateKey));
    setDownloaded("plain");
    onSaved();
  }

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Choose a passphrase to encrypt the private key. The key exists only in this page: if you
        leave without saving it, it is gone.
      </p>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Passphrase"
          name="passphrase"
          type="password"
          autoComplete="new-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          error={tooShort ? `At least ${MIN_PASSPHRASE} characters.` : undefined}
        />
        <Field
          label="Repeat the passphrase"
          name="passphraseConfirm"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          error={mismatch ? "The two passphrases differ." : undefined}
        />
      </div>
      <Button
        onClick={downloadEncrypted}
        disabled={busy || passphrase.length < MIN_PASSPHRASE || confirm !== passphrase}
      >
        {busy ? "Encrypting…" : "Download encrypted private key"}
      </Button>
      {downloaded && (
        <p role="status" className="text-sm text-green-800 dark:text-green-300">
          ✓ The {downloaded === "encrypted" ? "encrypted" : "UNENCRYPTED"} private key was offered
          as a download. Keep it safe.
        </p>
      )}
      <div className="border-t border-slate-200 pt-3 dark:border-slate-700">
        {!showPlain ? (
          <button
            type="button"
            className="text-sm text-slate-600 underline dark:text-slate-400"
            onClick={() => setShowPlain(true)}
          >
            I need the key unencrypted…
          </button>
        ) : (
          <div className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-800 dark:bg-amber-950">
            <p className="font-medium">
              An unencrypted private key file can be copied and used by anyone who gets it: from a
              shared folder, a backup, a laptop.
            </p>
            <label className="flex items-start gap-2">
              <input
                type="checkbox"
                checked={plainAcknowledged}
                onChange={(e) => setPlainAcknowledged(e.target.checked)}
                className="mt-1"
              />
              I understand and will protect the file myself.
            </label>
            <Button variant="danger" onClick={downloadPlain} disabled={!plainAcknowledged}>
              Download unencrypted private key
            </Button>
          </div>
        )}
      </div>
    </div>
  );
}
