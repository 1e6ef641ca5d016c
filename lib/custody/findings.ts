import type { Db } from "@/lib/db/client";
import type { DeliverableFinding } from "@/lib/finding/deliverable";
import { environmentPath } from "@/lib/environment/paths";

/**
 * Custody findings, as deliverable findings: the same condition gives the
 * same key on every sweep, so the reminder sweep sends each once per recipient and channel.
 * - an environment with no active custodian (none named, or all of them removed or disabled);
 * - a custodian (of the environment, or named by an installation) whose account is disabled;
 * - an installation still on a retired (superseded) or revoked certificate, or a retired key.
 */
export async function custodyFindings(
  db: Db,
  options: { environmentId?: string; now?: Date } = {},
): Promise<DeliverableFinding[]> {
  const environments = await db.environment.findMany({
    where: options.environmentId ? { id: options.environmentId } : {},
    orderBy: [{ gatewayId: "asc" }, { code: "asc" }],
    select: {
      id: true,
      code: true,
      gateway: { select: { merchantGatewayId: true } },
      custodians: {
        where: { removedAt: null },
        select: { userId: true, user: { select: { email: true, disabledAt: true } } },
      },
      installations: {
        where: {
          removedAt: null,
          OR: [
            { custodian: { disabledAt: { not: null } } },
            {
              certificate: {
                OR: [{ supersededById: { not: null } }, { revokedAt: { not: null } }],
              },
            },
            { signingKey: { retiredAt: { not: null } } },
          ],
        },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: {
          id: true,
          systemName: true,
          custodianId: true,
          custodian: { select: { email: true, disabledAt: true } },
          certificate: {
            select: { id: true, commonName: true, supersededById: true, revokedAt: true },
          },
          signingKey: { select: { id: true, thumbprint: true, retiredAt: true } },
        },
      },
    },
  });
  const findings: DeliverableFinding[] = [];
  for (const env of environments) {
    const where = `${env.gateway.merchantGatewayId} ${env.code}`;
    const path = (section: string) =>
      environmentPath(env.gateway.merchantGatewayId, env.code, section);
    const active = env.custodians.filter((c) => !c.user.disabledAt);
    if (active.length === 0) {
      findings.push({
        key: `custody.no-custodian:${env.id}`,
        environmentId: env.id,
        severity: "warning",
        title: `No custodian for ${where}`,
        detail: `Nobody is named custodian of the keys and certificates of ${where}${env.custodians.length > 0 ? " (every custodian's account is disabled)" : ""}. PCI DSS 4.2.1.1 asks for the key custodians: an admin names at least one.`,
        link: path("custody"),
      });
    }
    for (const c of env.custodians.filter((c) => c.user.disabledAt)) {
      findings.push({
        key: `custody.disabled-custodian:${env.id}:${c.userId}`,
        environmentId: env.id,
        severity: "warning",
        title: `Disabled custodian of ${where}`,
        detail: `${c.user.email} is a custodian of ${where} but their account is disabled. Name another custodian and remove this one.`,
        link: path("custody"),
      });
    }
    for (const i of env.installations) {
      if (i.custodian?.disabledAt) {
        findings.push({
          key: `custody.disabled-installation-custodian:${i.id}:${i.custodianId}`,
          environmentId: env.id,
          severity: "warning",
          title: `Disabled custodian of ${i.systemName} (${where})`,
          detail: `${i.custodian.email} holds the installation on ${i.systemName} but their account is disabled. Name another custodian for it.`,
          link: path("custody"),
        });
      }
      const cert = i.certificate;
      if (cert && (cert.revokedAt || cert.supersededById)) {
        const state = cert.revokedAt ? "revoked" : "retired";
        findings.push({
          key: `custody.installation-on-${state}:${i.id}:${cert.id}`,
          environmentId: env.id,
          severity: cert.revokedAt ? "critical" : "warning",
          title: `${i.systemName} still on a ${state} certificate (${where})`,
          detail: `The inventory says ${i.systemName} still carries ${cert.commonName}, which is ${state}. Deploy the current certificate there and record it, or remove the installation if it is gone.`,
          link: `${path("certificates")}/${cert.id}`,
        });
      }
      const key = i.signingKey;
      if (key?.retiredAt) {
        findings.push({
          key: `custody.installation-on-retired-key:${i.id}:${key.id}`,
          environmentId: env.id,
          severity: "warning",
          title: `${i.systemName} still on a retired signing key (${where})`,
          detail: `The inventory says ${i.systemName} still holds the retired OAuth signing key ${key.thumbprint}. Install the current key there, or remove the installation.`,
          link: path("signing-keys"),
        });
      }
    }
  }
  return findings;
}
