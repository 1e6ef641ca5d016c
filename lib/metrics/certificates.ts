import "server-only";
import { processMetricFamilies } from "./process";
import type { Db } from "@/lib/db/client";
import { daysLeft, lifecycleState, startRenewalBy, type LifecycleState } from "@/lib/renewal/dates";
import { inServiceWhere } from "@/lib/reminder/in-service";
import { effectiveLeadDays } from "@/lib/renewal/dates";
import { operationsMetricFamilies } from "./operations";
import { renderPrometheus, type MetricFamily, type Sample } from "./prometheus";

const STATES: LifecycleState[] = ["ok", "renewal-due", "expiring", "expired"];

/**
 * Gauges for existing Prometheus/Grafana alerting: per certificate in service, its not-after,
 * days left and start-renewal-by; per gateway and environment, how many are in each state
 * (zeros included, so that an alert on "expired > 0" has a series to watch).
 */
export async function certificateMetricFamilies(db: Db, now = new Date()): Promise<MetricFamily[]> {
  const [environments, certificates] = await Promise.all([
    db.environment.findMany({
      select: { code: true, gateway: { select: { merchantGatewayId: true } } },
    }),
    db.certificate.findMany({
      where: inServiceWhere,
      orderBy: [{ notAfter: "asc" }, { id: "asc" }],
      select: {
        commonName: true,
        serialNumber: true,
        notAfter: true,
        environment: {
          select: {
            code: true,
            renewalLeadDaysOverride: true,
            gateway: { select: { merchantGatewayId: true, renewalLeadDays: true } },
          },
        },
      },
    }),
  ]);
  const notAfter: Sample[] = [];
  const left: Sample[] = [];
  const srb: Sample[] = [];
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
    const { gateway, code } = cert.environment;
    const lead = effectiveLeadDays(cert.environment, gateway);
    const labels = {
      gateway: gateway.merchantGatewayId,
      environment: code,
      common_name: cert.commonName,
      serial: cert.serialNumber,
    };
    notAfter.push({ labels, value: Math.floor(cert.notAfter.getTime() / 1000) });
    left.push({ labels, value: daysLeft(cert.notAfter, now) });
    srb.push({ labels, value: Math.floor(startRenewalBy(cert.notAfter, lead).getTime() / 1000) });
    counts.get(key(gateway.merchantGatewayId, code))![lifecycleState(cert.notAfter, lead, now)] +=
      1;
  }
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
      samples: notAfter,
    },
    {
      name: "d1_certificate_days_left",
      type: "gauge",
      help: "Whole days until the client certificate expires (negative once expired).",
      samples: left,
    },
    {
      name: "d1_certificate_start_renewal_by_seconds",
      type: "gauge",
      help: "Date by which the renewal must start (not-after minus the renewal lead time), Unix seconds.",
      samples: srb,
    },
    {
      name: "d1_certificates",
      type: "gauge",
      help: "Client certificates in service per gateway and environment, by lifecycle state.",
      samples: stateSamples,
    },
  ];
}

/** Everything /api/metrics and METRICS_PORT serve: the certificate gauges and the operational ones. */
export async function certificateMetricsText(db: Db, now = new Date()): Promise<string> {
  const [certificates, operations] = await Promise.all([
    certificateMetricFamilies(db, now),
    operationsMetricFamilies(db),
  ]);
  return renderPrometheus([...certificates, ...operations, ...processMetricFamilies()]);
}
