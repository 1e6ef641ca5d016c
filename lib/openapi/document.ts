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
import { z } from "zod";
import { generate } from "./generate";
import { errorResponse } from "./helpers";

let generated: {
  paths: ReturnType<typeof contractPaths>;
  schemas: Record<string, Record<string, unknown>>;
};

/** The OpenAPI 3.1 description of /api/v1, generated from the features' zod contracts. */
export function openApiDocument(serverUrl: string) {
  // The contracts are constants: generate once per process (z.toJSONSchema takes a while).
  if (!generated) {
    const schemas: Record<string, Record<string, unknown>> = {};
    generated = { paths: generate(contractPaths(), schemas), schemas };
  }
  const { paths, schemas } = structuredClone(generated);
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
  return withTokenRefusals(featurePaths());
}

/** apiRoute answers 401 to any /api/v1 request without a valid token: said once, here. */
function withTokenRefusals<T extends object>(paths: T): T {
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith("/api/v1/")) continue;
    for (const [method, operation] of Object.entries(item as Record<string, unknown>)) {
      const responses = (operation as { responses?: Record<string, unknown> }).responses;
      if (method !== "parameters" && responses && !responses["401"])
        responses["401"] = errorResponse("No valid token");
    }
  }
  return paths;
}

function featurePaths() {
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
    "/api/v1/openapi.json": {
      get: {
        summary: "This document: the OpenAPI 3.1 description of /api/v1",
        responses: {
          "200": {
            description: "The document",
            content: {
              "application/json": {
                schema: z.looseObject({
                  openapi: z.string(),
                  paths: z.record(z.string(), z.unknown()),
                }),
              },
            },
          },
          "401": errorResponse("No valid token"),
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
    // The UI's actions over the API: lib/security/api-twins.test.ts keeps one per action.
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
