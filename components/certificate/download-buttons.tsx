"use client";
import { Button } from "@/components/ui/button";
import { downloadText } from "@/components/csr/download";

function downloadBytes(filename: string, base64: string) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: "application/pkix-cert" }));
  const link = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function CertificateDownloads({
  stem,
  pem,
  derBase64,
  chainPem,
}: {
  stem: string;
  pem: string;
  derBase64: string;
  chainPem: string;
}) {
  return (
    <div className="flex flex-wrap gap-2">
      <Button variant="secondary" onClick={() => downloadText(`${stem}.crt.pem`, pem)}>
        Download PEM
      </Button>
      <Button variant="secondary" onClick={() => downloadBytes(`${stem}.cer`, derBase64)}>
        Download DER
      </Button>
      {chainPem && (
        <Button
          variant="secondary"
          onClick={() => downloadText(`${stem}.chain.pem`, pem + chainPem)}
        >
          Download PEM with chain
        </Button>
      )}
    </div>
  );
}
