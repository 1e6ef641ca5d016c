"use client";
import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";

/** Where a wizard is: filling in, generating, saving the key (protect), sending to the server. */
export type KeyPairPhase = "edit" | "generating" | "protect" | "saving";

/**
 * The key pair of a browser wizard (CSR, OAuth signing key): made with WebCrypto and kept in this
 * page's memory only. Holds the phase, the generated material, whether the private key was
 * downloaded and its loss confirmed understood, and the error of a failed generation or save.
 */
export function useBrowserKeyPair<Generated extends { privateKey: CryptoKey }>() {
  const router = useRouter();
  const [phase, setPhase] = useState<KeyPairPhase>("edit");
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

  /** Runs `make` (which loads the crypto code only now, when it is needed) and keeps its result. */
  async function generate(make: () => Promise<Generated>) {
    setError(null);
    setPhase("generating");
    try {
      setGenerated(await make());
      setPhase("protect");
    } catch (e) {
      setError(`The key pair could not be generated in this browser: ${(e as Error).message}`);
      setPhase("edit");
    }
  }

  /**
   * Sends what the server may have (never the private key). `submit` answers the page to go to
   * once stored, or null after it recorded the refusal; the key is dropped from memory on success.
   */
  async function save(submit: (generated: Generated) => Promise<string | null>) {
    if (!generated) return;
    setPhase("saving");
    setError(null);
    const next = await submit(generated);
    if (next !== null) {
      setGenerated(null); // drop the key from memory
      router.push(next);
      return;
    }
    setPhase("protect");
  }

  return {
    phase,
    generated,
    /** Steps 2 and 3 show once a key pair exists (while saving too). */
    reviewing: generated !== null && (phase === "protect" || phase === "saving"),
    keySaved,
    markKeySaved: () => setKeySaved(true),
    confirmed,
    setConfirmed,
    error,
    setError,
    generate,
    save,
  };
}

export type BrowserKeyPair<Generated extends { privateKey: CryptoKey }> = ReturnType<
  typeof useBrowserKeyPair<Generated>
>;
