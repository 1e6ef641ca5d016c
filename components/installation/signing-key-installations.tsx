import { signingKeyInstallationsPageData } from "@/lib/installation/data";
import { Card } from "@/components/ui/card";
import { Installations } from "./installations";

/**
 * Where each live OAuth signing key is installed, as its own section of the signing-key
 * page: the key's private half lives on our systems (a file, a keystore, an HSM label), never here.
 */
export async function SigningKeyInstallations({
  environmentId,
  keys,
  canWrite,
}: {
  environmentId: string;
  keys: { id: string; thumbprint: string }[];
  canWrite: boolean;
}) {
  if (keys.length === 0) return null;
  const lists = await signingKeyInstallationsPageData(
    environmentId,
    keys.map((k) => k.id),
  );
  return (
    <>
      {keys.map((key, index) => (
        <Card
          key={key.id}
          title={
            <>
              Installations of key{" "}
              <code className="break-all text-xs font-normal">{key.thumbprint.slice(0, 16)}…</code>{" "}
              ({lists[index]!.rows.length})
            </>
          }
        >
          <Installations
            rows={lists[index]!.rows}
            environmentId={environmentId}
            of={{ signingKeyId: key.id }}
            canWrite={canWrite}
            users={lists[index]!.users}
            emptyText="No installation recorded: record where the private key is held (HSM label, keystore, file) and which system signs with it."
          />
        </Card>
      ))}
    </>
  );
}
