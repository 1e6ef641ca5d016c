import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { requireEnvironment } from "@/lib/environment/data";
import { certificateOf } from "@/lib/certificate/data";
import { toPem } from "@/lib/pki";
import { Card } from "@/components/ui/card";
import { AssembleForDeployment } from "@/components/certificate/assemble";

export const metadata = { title: "Assemble for deployment" };

export default async function AssemblePage({
  params,
}: {
  params: Promise<{ merchantGatewayId: string; env: string; certificateId: string }>;
}) {
  await requireUser("operator");
  const { merchantGatewayId, env, certificateId } = await params;
  const { environment } = await requireEnvironment(merchantGatewayId, env);
  const cert = await certificateOf(environment.id, certificateId);
  if (!cert) notFound();
  return (
    <Card title={`Assemble ${cert.commonName} for deployment`}>
      <AssembleForDeployment
        certificatePem={toPem("CERTIFICATE", new Uint8Array(cert.der))}
        chainPem={cert.chainPem}
        commonName={cert.commonName || cert.serialNumber}
        publicKeySha256={cert.publicKeySha256}
      />
    </Card>
  );
}
