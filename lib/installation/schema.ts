import { z } from "zod";
import type { InstallationKind as DbKind } from "@/lib/db/generated/enums";

/** The kinds of place a key or certificate is installed; the slug is what forms and the API use. */
export const INSTALLATION_KINDS = {
  file: { db: "file", label: "File", location: "Path, e.g. /etc/ssl/d1/client.pem" },
  "java-keystore": {
    db: "java_keystore",
    label: "Java keystore",
    location: "Keystore path and alias, e.g. /opt/gw/d1.jks#d1-client",
  },
  pkcs11: {
    db: "pkcs11",
    label: "PKCS#11 / HSM label",
    location: "Token and key label, e.g. luna-p1/d1-client-2026",
  },
  "kubernetes-secret": {
    db: "kubernetes_secret",
    label: "Kubernetes secret",
    location: "Namespace/secret, e.g. payments/d1-mtls",
  },
  "host-port": {
    db: "host_port",
    label: "host:port (TLS server)",
    location: "Optional: a load balancer or listener name",
  },
  other: { db: "other", label: "Other", location: "Where it is, in words" },
} as const satisfies Record<string, { db: DbKind; label: string; location: string }>;

export type InstallationKindSlug = keyof typeof INSTALLATION_KINDS;
export const INSTALLATION_KIND_SLUGS = Object.keys(INSTALLATION_KINDS) as [
  InstallationKindSlug,
  ...InstallationKindSlug[],
];
export const kindSlugOf = (kind: DbKind): InstallationKindSlug =>
  INSTALLATION_KIND_SLUGS.find((s) => INSTALLATION_KINDS[s].db === kind)!;

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .max(max, { error: `${label} must be at most ${max} characters.` });

/** Empty text, null or absent: no custodian of its own (the environment's custodians hold it). */
const custodianId = z
  .preprocess(
    (v) => (v === "" || v === undefined ? null : v),
    z
      .string({ error: "custodianId must be a user id or null." })
      .trim()
      .max(64, { error: "custodianId is too long." })
      .nullable(),
  )
  .optional();

const port = z.preprocess(
  (v) => (v === "" || v === null ? undefined : v),
  z.coerce
    .number({ error: "The port must be a number from 1 to 65535." })
    .int({ error: "The port must be a whole number from 1 to 65535." })
    .min(1, { error: "The port must be a number from 1 to 65535." })
    .max(65535, { error: "The port must be a number from 1 to 65535." })
    .optional(),
);

/** What describes an installation, from the forms and the API alike. */
export const installationFieldsSchema = z
  .object({
    systemName: text("The system name", 120).min(1, {
      error: "Name the system, e.g. payments-gw-prd-01.",
    }),
    host: text("The host", 253).default(""),
    port,
    kind: z.enum(INSTALLATION_KIND_SLUGS, {
      error: `The kind must be one of: ${INSTALLATION_KIND_SLUGS.join(", ")}.`,
    }),
    location: text("The path or label", 500).default(""),
    notes: text("The notes", 2000).default(""),
    custodianId,
  })
  .superRefine((v, ctx) => {
    if (v.kind === "host-port") {
      if (!v.host)
        ctx.addIssue({
          code: "custom",
          path: ["host"],
          message: "A host:port installation needs the host.",
        });
      if (v.port === undefined)
        ctx.addIssue({
          code: "custom",
          path: ["port"],
          message: "A host:port installation needs the port.",
        });
    } else if (v.port !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["port"],
        message: "Only a host:port installation has a port.",
      });
    }
  });
export type InstallationFields = z.infer<typeof installationFieldsSchema>;

/** What an installation is of: a client certificate, an OAuth signing key, or our server (its chain). */
export const installationOwnerSchema = z.union(
  [
    z.strictObject({ certificateId: z.string().trim().min(1).max(64) }),
    z.strictObject({ signingKeyId: z.string().trim().min(1).max(64) }),
    z.strictObject({ serverChain: z.literal(true) }),
  ],
  {
    error:
      'Say what is installed: { "certificateId": … }, { "signingKeyId": … } or { "serverChain": true }.',
  },
);
export type InstallationOwner = z.infer<typeof installationOwnerSchema>;

/** POST /api/v1/installations: the environment, what is installed, and where. */
export const createInstallationSchema = z.intersection(
  z.object({
    environmentId: z
      .string({ error: "environmentId is required." })
      .trim()
      .min(1, { error: "environmentId is required." })
      .max(64),
    of: installationOwnerSchema,
  }),
  installationFieldsSchema,
);

const version = z.coerce
  .number({ error: "version is required (the one you read)." })
  .int({ error: "version must be a whole number." })
  .positive({ error: "version must be positive." });

/** An edit names the version it was made from: a concurrent edit is refused, not overwritten. */
export const updateInstallationSchema = z.intersection(
  z.object({ version }),
  installationFieldsSchema,
);
export type UpdateInstallationInput = z.infer<typeof updateInstallationSchema>;

export const removeInstallationSchema = z.object({ version });
