import "server-only";
import type { Db } from "@/lib/db/client";

export function findRenewal(db: Db, environmentId: string, id: string) {
  return db.renewal.findFirst({
    where: { id, environmentId },
    include: {
      oldCertificate: { select: { id: true, commonName: true, serialNumber: true, notAfter: true, supersededById: true } },
      newCsr: { select: { id: true, commonName: true, status: true, keyType: true } },
      newCertificate: { select: { id: true, commonName: true, serialNumber: true, notAfter: true, compliant: true } },
    },
  });
}

export function openRenewalFor(db: Db, certificateId: string) {
  return db.renewal.findFirst({ where: { oldCertificateId: certificateId, status: "open" }, select: { id: true } });
}
