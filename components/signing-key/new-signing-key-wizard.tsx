"use client";
import { registerSigningKeyAction } from "@/lib/signing-key/actions";
import { GenerateStep, ReviewStep, SaveKeyStep } from "@/components/key-pair/steps";
import { useBrowserKeyPair } from "@/components/key-pair/use-browser-key-pair";
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
  const keyPair = useBrowserKeyPair<Generated>();
  const { generated } = keyPair;

  const generate = () =>
    keyPair.generate(async () => {
      // The crypto code loads only here, when it is needed.
      const { generateSigningKeyPair, describeSigningKey, formatJwk } = await import(
        "@/lib/signing-key/jwk"
      );
      const pair = await generateSigningKeyPair();
      const described = await describeSigningKey(pair.publicKey);
      return {
        privateKey: pair.privateKey,
        publicKeyPem: described.publicKeyPem,
        jwkText: formatJwk(described.jwk),
        thumbprint: described.thumbprint,
      };
    });

  const save = () =>
    keyPair.save(async (key) => {
      const result = await registerSigningKeyAction(props.environmentId, {
        publicKeyPem: key.publicKeyPem,
        origin: "browser",
      });
      if (result.id && !result.message)
        return `${props.listPath}?created=${encodeURIComponent(result.id)}`;
      keyPair.setError(result.message ?? "The server refused the public key.");
      return null;
    });

  const stem = generated
    ? `ES256_${props.merchantGatewayId}_${props.env}_${generated.thumbprint.slice(0, 8)}`
    : "";
  return (
    <div className="space-y-6">
      <GenerateStep
        title="1. Generate the key pair"
        keyPair={keyPair}
        keyType="ECDSA"
        buttonLabel="Generate ES256 key pair"
        promise="Only the public key is sent to the server."
        onGenerate={generate}
      >
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
      </GenerateStep>

      <SaveKeyStep keyPair={keyPair} fileStemFrom={stem} />

      {generated && (
        <ReviewStep
          title="3. Register the public key"
          keyPair={keyPair}
          confirmation="Without it no JWT can be signed with this key, and Thales would have to onboard a new one."
          confirmationClassName="mt-4"
          submitLabel="Register the public key"
          onSubmit={save}
        >
          <p className="mb-4 text-sm text-slate-700 dark:text-slate-300">
            This is what will be stored and given to Thales. The server derives the JWK and
            thumbprint again from the PEM.
          </p>
          <SigningKeyMaterial
            publicKeyPem={generated.publicKeyPem}
            jwkText={generated.jwkText}
            thumbprint={generated.thumbprint}
          />
        </ReviewStep>
      )}
    </div>
  );
}
