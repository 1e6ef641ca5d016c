import { gatewayPaths } from "@/lib/gateway/openapi";
import { auditPaths } from "@/lib/audit/openapi";
import { csrPaths } from "@/lib/csr/openapi";
import { certificatePaths } from "@/lib/certificate/openapi";
import { reminderActionPaths, reminderPaths } from "@/lib/reminder/openapi";
import { calendarPaths } from "@/lib/calendar/openapi";
import { metricsPaths } from "@/lib/metrics/openapi";
import { signingKeyPaths } from "@/lib/signing-key/openapi";
import { environmentPaths } from "@/lib/environment/openapi";
import { caChangePaths } from "@/lib/ca-change/openapi";
import { checklistPaths, checklistTickPaths } from "@/lib/checklist/openapi";
import { searchPaths } from "@/lib/search/openapi";
import { serverChainChangePaths, serverChainStepPaths } from "@/lib/server-chain-change/openapi";
import { exportPaths } from "@/lib/export/openapi";
import { reportPaths } from "@/lib/report/openapi";
import { backupPaths } from "@/lib/backup/openapi";
import { probeActionPaths, probePaths } from "@/lib/probe/openapi";
import { authPaths, userPaths } from "@/lib/auth/openapi";
import { renewalPaths } from "@/lib/renewal/openapi";
import { actionTwinPaths } from "@/lib/api/openapi";
import { installationPaths } from "@/lib/installation/openapi";
import { custodyPaths } from "@/lib/custody/openapi";
import { errorSchema } from "./helpers";

/** The OpenAPI 3.1 description of /api/v1; each feature contributes its paths. */
export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "D1 mTLS dashboard API",
      version: "1",
      description:
        "Gateways, environments and (in later versions) CSRs, certificates and trust stores.",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description: "An API token from `npm run admin -- token create`.",
        },
      },
      schemas: { Error: errorSchema },
    },
    paths: {
      "/api/health": {
        get: {
          summary: "Liveness and database status",
          security: [],
          responses: {
            "200": { description: "Database up" },
            "503": { description: "Database unreachable" },
          },
        },
      },
      ...gatewayPaths(),
      ...environmentPaths(),
      ...caChangePaths(),
      ...checklistPaths(),
      ...searchPaths(),
      ...auditPaths(),
      ...csrPaths(),
      ...certificatePaths(),
      ...reminderPaths(),
      ...calendarPaths(),
      ...metricsPaths(),
      ...probePaths(),
      ...exportPaths(),
      ...reportPaths(),
      ...backupPaths(),
      ...signingKeyPaths(),
      ...serverChainChangePaths(),
      ...authPaths(),
      ...userPaths(),
      // The UI's actions over the API (issue 18): lib/security/api-twins.test.ts keeps one per action.
      ...serverChainStepPaths(),
      ...checklistTickPaths(),
      ...renewalPaths(),
      ...reminderActionPaths(),
      ...probeActionPaths(),
      ...actionTwinPaths(),
      ...installationPaths(),
      ...custodyPaths(),
    },
  };
}
