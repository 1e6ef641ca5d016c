import { gatewayPaths } from "@/lib/gateway/contract";
import { auditPaths } from "@/lib/audit/contract";
import { csrPaths } from "@/lib/csr/contract";
import { certificatePaths } from "@/lib/certificate/contract";
import { reminderActionPaths, reminderPaths } from "@/lib/reminder/contract";
import { calendarPaths } from "@/lib/calendar/contract";
import { metricsPaths } from "@/lib/metrics/contract";
import { signingKeyPaths } from "@/lib/signing-key/contract";
import { environmentPaths } from "@/lib/environment/contract";
import { caChangePaths } from "@/lib/ca-change/contract";
import { checklistPaths, checklistTickPaths } from "@/lib/checklist/contract";
import { searchPaths } from "@/lib/search/contract";
import { serverChainChangePaths, serverChainStepPaths } from "@/lib/server-chain-change/contract";
import { exportPaths } from "@/lib/export/contract";
import { reportPaths } from "@/lib/report/contract";
import { backupPaths } from "@/lib/backup/contract";
import { probeActionPaths, probePaths } from "@/lib/probe/contract";
import { authPaths, userPaths } from "@/lib/auth/contract";
import { renewalPaths } from "@/lib/renewal/contract";
import { actionTwinPaths } from "@/lib/api/contract";
import { installationPaths } from "@/lib/installation/contract";
import { custodyPaths } from "@/lib/custody/contract";
import { generate } from "./generate";

/** The OpenAPI 3.1 description of /api/v1, generated from the features' zod contracts. */
export function openApiDocument(serverUrl: string) {
  const schemas: Record<string, Record<string, unknown>> = {};
  const paths = generate(contractPaths(), schemas);
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
      schemas,
    },
    paths,
  };
}

/** Every path of the API with its operations; schemas are zod (each feature's contract.ts). */
export function contractPaths() {
  return {
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
  };
}
