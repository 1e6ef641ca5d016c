import { CopyCommand } from "@/components/csr/pem-actions";

/**
 * What Thales is given to onboard the key: the public key as PEM and as JWK, and its RFC 7638
 * thumbprint (the JWK's kid), each with a copy button. Used before and after the key is stored.
 * `jwkText` is formatJwk(jwk) (lib/signing-key/jwk.ts), so this file pulls in no crypto code.
 */
export function SigningKeyMaterial({
  publicKeyPem,
  jwkText,
  thumbprint,
}: {
  publicKeyPem: string;
  jwkText: string;
  thumbprint: string;
}) {
  return (
    // CopyCommand's dark block would vanish on a dark card: give it a darker face and an edge there.
    <div className="space-y-4 dark:[&_pre]:bg-slate-950 dark:[&_pre]:ring-1 dark:[&_pre]:ring-slate-700">
      <div>
        <p className="mb-1 text-sm font-medium">
          JWK thumbprint (RFC 7638, SHA-256, base64url) = kid
        </p>
        <CopyCommand label="JWK thumbprint" command={thumbprint} />
      </div>
      <div>
        <p className="mb-1 text-sm font-medium">Public key (PEM)</p>
        <CopyCommand label="Public key PEM" command={publicKeyPem.trimEnd()} />
      </div>
      <div>
        <p className="mb-1 text-sm font-medium">Public key (JWK)</p>
        <CopyCommand label="Public key JWK" command={jwkText} />
      </div>
    </div>
  );
}
