import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { processMetricFamilies } from "./process";
import type { Db } from "@/lib/db/client";
import { daysLeft, lifecycleState, startRenewalBy, type LifecycleState } from "@/lib/renewal/dates";
import { EFFECTIVE_LEAD_DAYS_SQL } from "@/lib/renewal/data";
import { operationsMetricFamilies } from "./operations";
import { lazily, prometheusChunks, type MetricFamily, type Sample } from "./prometheus";

const STATES: LifecycleState[] = ["ok", "renewal-due", "expiring", "expired"];

/** One certificate in service, flat: one small object per row, not Prisma's four nested ones. */
type InService = {
  gateway: string;
  environment: string;
  common_name: string;
  serial: string;
  not_after_ms: number;
  lead: number;
};

/**
 * The certificates in service (lib/reminder/in-service.ts's rule, in SQL as lib/reminder/due.ts
 * states it; lib/metrics/metrics.test.ts holds them together), with their effective lead time.
 */
const IN_SERVICE_SQL = Prisma.sql`
  SELECT g."merchantGatewayId" AS gateway, e.code::text AS environment,
         c."commonName" AS common_name, c."serialNumber" AS serial,
         round(extract(epoch FROM c."notAfter") * 1000)::float8 AS not_after_ms,
         ${EFFECTIVE_LEAD_DAYS_SQL} AS lead
  FROM certificate c
  JOIN environment e ON e.id = c."environmentId"
  JOIN gateway g ON g.id = e."gatewayId"
  WHERE c."revokedAt" IS NULL AND c."supersededById" IS NULL
    AND NOT EXISTS (SELECT 1 FROM renewal r
                    WHERE r."oldCertificateId" = c.id AND (r.status = 'completed' OR r."deployedAt" IS NOT NULL))
  ORDER BY c."notAfter", c.id`;

/**
 * Gauges for existing Prometheus/Grafana alerting: per certificate in service, its not-after,
 * days left and start-renewal-by; per gateway and environment, how many are in each state
 * (zeros included, so that an alert on "expired > 0" has a series to watch). The per-certificate
 * samples are made as they are written (`lazily`).
 */
export async function certificateMetricFamilies(db: Db, now = new Date()): Promise<MetricFamily[]> {
  const [environments, certificates] = await Promise.all([
    db.environment.findMany({
      select: { code: true, gateway: { select: { merchantGatewayId: true } } },
    }),
    db.$queryRaw<InService[]>(IN_SERVICE_SQL),
  ]);
  const counts = new Map<string, Record<LifecycleState, number>>();
  const key = (gateway: string, environment: string) => `${gateway}\u0000${environment}`;
  for (const env of environments)
    counts.set(key(env.gateway.merchantGatewayId, env.code), {
      ok: 0,
      "renewal-due": 0,
      expiring: 0,
      expired: 0,
    });
  for (const cert of certificates) {
    const state = lifecycleState(new Date(cert.not_after_ms), Number(cert.lead), now);
    counts.get(key(cert.gateway, cert.environment))![state] += 1;
  }
  const labels = (cert: InService) => ({
    gateway: cert.gateway,
    environment: cert.environment,
    common_name: cert.common_name,
    serial: cert.serial,
  });
  const stateSamples: Sample[] = [];
  for (const [k, byState] of counts) {
    const [gateway, environment] = k.split("\u0000") as [string, string];
    for (const state of STATES)
      stateSamples.push({ labels: { gateway, environment, state }, value: byState[state] });
  }
  return [
    {
      name: "d1_certificate_not_after_seconds",
      type: "gauge",
      help: "Expiry (not-after) of a client certificate in service, Unix seconds.",
      samples: lazily(certificates, (c) => ({
        labels: labels(c),
        value: Math.floor(c.not_after_ms / 1000),
      })),
    },
    {
      name: "d1_certificate_days_left",
      type: "gauge",
      help: "Whole days until the client certificate expires (negative once expired).",
      samples: lazily(certificates, (c) => ({
        labels: labels(c),
        value: daysLeft(new Date(c.not_after_ms), now),
      })),
    },
    {
      name: "d1_certificate_start_renewal_by_seconds",
      type: "gauge",
      help: "Date by which the renewal must start (not-after minus the renewal lead time), Unix seconds.",
      samples: lazily(certificates, (c) => ({
        labels: labels(c),
        value: Math.floor(
          startRenewalBy(new Date(c.not_after_ms), Number(c.lead)).getTime() / 1000,
        ),
      })),
    },
    {
      name: "d1_certificates",
      type: "gauge",
      help: "Client certificates in service per gateway and environment, by lifecycle state.",
      samples: stateSamples,
    },
  ];
}

/**
 * Everything /api/metrics and METRICS_PORT serve (the certificate gauges, the operational ones,
 * the process's memory), as text chunks made one at a time (prometheusBody streams them). The
 * database is read before this returns, so a database error is still a 503, not a cut body.
 */
export async function certificateMetricsChunks(
  db: Db,
  now = new Date(),
): Promise<Iterable<string>> {
  const [certificates, operations] = await Promise.all([
    certificateMetricFamilies(db, now),
    operationsMetricFamilies(db),
  ]);
  return prometheusChunks([...certificates, ...operations, ...processMetricFamilies()]);
}

/** The same as one text (tests, and callers that want it whole). */
export async function certificateMetricsText(db: Db, now = new Date()): Promise<string> {
  return [...(await certificateMetricsChunks(db, now))].join("");
}
