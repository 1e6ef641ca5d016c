"use client";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { GenerationProgress } from "@/components/csr/generation-progress";
import { KeyProtection } from "@/components/csr/key-protection";
import type { BrowserKeyPair } from "./use-browser-key-pair";

/** What the steps read of the hook, whatever else a wizard's key pair carries. */
type KeyPair = Pick<
  BrowserKeyPair<{ privateKey: CryptoKey }>,
  | "phase"
  | "generated"
  | "reviewing"
  | "keySaved"
  | "markKeySaved"
  | "confirmed"
  | "setConfirmed"
  | "error"
>;

/**
 * Step 1 of a key pair wizard: what the key will be (`children`), the generate button with what
 * happens to the private key, the progress while WebCrypto works, and why it failed.
 */
export function GenerateStep({
  title,
  keyPair,
  keyType,
  buttonLabel,
  buttonDisabled,
  promise,
  onGenerate,
  children,
}: {
  title: string;
  keyPair: KeyPair;
  keyType: "RSA" | "ECDSA";
  buttonLabel: string;
  buttonDisabled?: boolean;
  /** One line under the button: where the private key goes. */
  promise: string;
  onGenerate: () => void;
  children: ReactNode;
}) {
  return (
    <Card title={title}>
      {children}
      {keyPair.phase === "edit" && (
        <div className="mt-5">
          <Button onClick={onGenerate} disabled={buttonDisabled}>
            {buttonLabel}
          </Button>
          <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">{promise}</p>
        </div>
      )}
      {keyPair.error && (
        <p role="alert" className="mt-4 text-sm text-red-700 dark:text-red-400">
          {keyPair.error}
        </p>
      )}
      {keyPair.phase === "generating" && <GenerationProgress keyType={keyType} />}
    </Card>
  );
}

/** Step 2: the private key offered once, encrypted with a passphrase (plain only after a warning). */
export function SaveKeyStep({ keyPair, fileStemFrom }: { keyPair: KeyPair; fileStemFrom: string }) {
  if (!keyPair.generated || !keyPair.reviewing) return null;
  return (
    <Card title="2. Save the private key">
      <KeyProtection
        privateKey={keyPair.generated.privateKey}
        fileStemFrom={fileStemFrom}
        onSaved={keyPair.markKeySaved}
      />
    </Card>
  );
}

/**
 * Step 3: what goes to the server (`children`), then a confirmation that the key file was saved
 * (possible only after the download) before the button that stores it.
 */
export function ReviewStep({
  title,
  keyPair,
  confirmation,
  confirmationClassName,
  submitLabel,
  onSubmit,
  children,
}: {
  title: string;
  keyPair: KeyPair;
  /** Why the key file matters, after "I have saved the private key file somewhere safe." */
  confirmation: string;
  /** The space above the confirmation. */
  confirmationClassName: "mt-2" | "mt-4";
  submitLabel: string;
  onSubmit: () => void;
  children: ReactNode;
}) {
  if (!keyPair.reviewing) return null;
  return (
    <Card title={title}>
      {children}
      <label className={`${confirmationClassName} flex items-start gap-2 text-sm`}>
        <input
          type="checkbox"
          checked={keyPair.confirmed}
          disabled={!keyPair.keySaved}
          onChange={(e) => keyPair.setConfirmed(e.target.checked)}
          className="mt-1"
        />
        <span>
          I have saved the private key file somewhere safe. {confirmation}
          {!keyPair.keySaved && (
            <span className="block text-xs text-slate-600 dark:text-slate-400">
              Download the key first (step 2).
            </span>
          )}
        </span>
      </label>
      <Button
        className="mt-4"
        onClick={onSubmit}
        disabled={!keyPair.confirmed || keyPair.phase === "saving"}
      >
        {keyPair.phase === "saving" ? "Saving…" : submitLabel}
      </Button>
    </Card>
  );
}
