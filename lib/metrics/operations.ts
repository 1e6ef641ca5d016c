import "server-only";
import type { Db } from "@/lib/db/client";
import { schedulerConfigFromEnv } from "@/lib/reminder/config";
import { LAST_SWEEP_KEY } from "@/lib/reminder/sweep";
import { lazily, type MetricFamily, type Sample } from "./prometheus";
import { type EnvSource, processEnv } from "@/lib/env";

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

// Raw timestamps come back as epoch seconds: a `timestamp` column read raw would be taken as local time.
type Unacknowledged = {
  gateway: string;
  environment: string;
  common_name: string;
  serial: string;
  subject: string;
  first_sent: number;
};
type LatestProbe = {
  gateway: string;
  environment: string;
  direction: string;
  host: string;
  port: number;
  ok: boolean;
  at: number;
};

/**
 * What the shipped alert rules (deploy/monitoring) watch besides certificates: trust-store CA
 * expiry, reminders sent but never acknowledged, the last complete sweep, the latest probe result.
 */
export async function operationsMetricFamilies(
  db: Db,
  env: EnvSource = processEnv(),
): Promise<MetricFamily[]> {
  const [cas, unacknowledged, lastSweep, probes] = await Promise.all([
    db.trustStoreEntry.findMany({
      where: { isCa: true },
      orderBy: [{ notAfter: "asc" }, { id: "asc" }],
      select: {
        kind: true,
        subjectDn: true,
        sha256: true,
        notAfter: true,
        environment: { select: { code: true, gateway: { select: { merchantGatewayId: true } } } },
      },
    }),
    // Per certificate in service and subject: the first reminder sent that nobody has acknowledged
    // (or snoozed) since. The same rule as lib/reminder/in-service.ts, in SQL.
    db.$queryRaw<Unacknowledged[]>`
      SELECT g."merchantGatewayId" AS gateway, e.code::text AS environment, c."commonName" AS common_name, c."serialNumber" AS serial, d.subject, floor(extract(epoch FROM min(d."sentAt")))::float8 AS first_sent
      FROM reminder_delivery d
      JOIN certificate c ON c.id = d."certificateId"
      JOIN environment e ON e.id = c."environmentId"
      JOIN gateway g ON g.id = e."gatewayId"
      LEFT JOIN reminder_state rs ON rs."certificateId" = d."certificateId" AND rs.subject = d.subject
      WHERE d.status = 'sent'
        AND c."revokedAt" IS NULL AND c."supersededById" IS NULL
        AND NOT EXISTS (SELECT 1 FROM renewal r WHERE r."oldCertificateId" = c.id AND (r.status = 'completed' OR r."deployedAt" IS NOT NULL))
        AND (rs.id IS NULL OR (rs."acknowledgedAt" IS NULL AND (rs."snoozedUntil" IS NULL OR rs."snoozedUntil" <= now())))
      GROUP BY g."merchantGatewayId", e.code, c."commonName", c."serialNumber", c.id, d.subject
      ORDER BY first_sent, c.id, d.subject`,
    db.appSetting.findUnique({ where: { key: LAST_SWEEP_KEY } }),
    db.$queryRaw<LatestProbe[]>`
      SELECT DISTINCT ON (t.id) g."merchantGatewayId" AS gateway, e.code::text AS environment, t.direction, t.host, t.port, r.ok, floor(extract(epoch FROM r.at))::float8 AS at
      FROM probe_target t
      JOIN probe_result r ON r."targetId" = t.id
      JOIN environment e ON e.id = t."environmentId"
      JOIN gateway g ON g.id = e."gatewayId"
      ORDER BY t.id, r.at DESC, r.id DESC`,
  ]);
  const caSamples: Sample[] = cas.map((ca) => ({
    labels: {
      gateway: ca.environment.gateway.merchantGatewayId,
      environment: ca.environment.code,
      store: storeName(ca.kind),
      subject: ca.subjectDn,
      sha256: ca.sha256,
    },
    value: seconds(ca.notAfter),
  }));
  // One per certificate and subject: tens of thousands in a large fleet, so made as written.
  const reminderSamples = lazily(unacknowledged, ({ first_sent, ...labels }) => ({
    labels,
    value: Number(first_sent),
  }));
  const probeLabels = (p: LatestProbe) => ({
    gateway: p.gateway,
    environment: p.environment,
    direction: p.direction,
    target: `${p.host}:${p.port}`,
  });
  const lastSweepAt = lastSweep ? new Date(lastSweep.value) : null;
  return [
    {
      name: "d1_trust_store_ca_not_after_seconds",
      type: "gauge",
      help: "Expiry (not-after) of a CA certificate in an environment's trust store, Unix seconds.",
      samples: caSamples,
    },
    {
      name: "d1_reminder_unacknowledged_since_seconds",
      type: "gauge",
      help: "When the first reminder about a certificate in service was sent that nobody has acknowledged or snoozed since, Unix seconds.",
      samples: reminderSamples,
    },
    {
      name: "d1_reminder_last_sweep_timestamp_seconds",
      type: "gauge",
      help: "End of the latest complete reminder sweep on any instance, Unix seconds (absent before the first).",
      samples:
        lastSweepAt && !Number.isNaN(lastSweepAt.getTime())
          ? [{ labels: {}, value: seconds(lastSweepAt) }]
          : [],
    },
    {
      name: "d1_reminder_sweep_interval_seconds",
      type: "gauge",
      help: "Seconds between two sweeps of this instance's scheduler (REMINDERS_INTERVAL_SECONDS).",
      samples: [{ labels: {}, value: schedulerConfigFromEnv(env).intervalMs / 1000 }],
    },
    {
      name: "d1_probe_success",
      type: "gauge",
      help: "1 when the latest TLS probe of a target passed, 0 when it failed.",
      samples: probes.map((p) => ({ labels: probeLabels(p), value: p.ok ? 1 : 0 })),
    },
    {
      name: "d1_probe_last_run_timestamp_seconds",
      type: "gauge",
      help: "When the latest TLS probe of a target ran, Unix seconds.",
      samples: probes.map((p) => ({ labels: probeLabels(p), value: Number(p.at) })),
    },
  ];
}

/** The stores' names as the UI and the API spell them (client-cert-issuers, …). */
const storeName = (kind: string) => kind.replace(/_/g, "-");
