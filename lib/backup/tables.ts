/**
 * What a backup holds: every model of prisma/schema.prisma, table by table, in dependency order
 * (a table comes after every table it references), with each column's type. lib/backup/
 * tables.test.ts reads the schema and fails when a model is neither here nor in EXCLUDED_MODELS,
 * or when a column differs: a new model or column cannot be forgotten.
 *
 * Column types are the schema's: a scalar or enum name, then `?` when nullable or `[]` for a list.
 */
export type ColumnType = string;

export type BackupTable = {
  /** The Prisma model, e.g. "AuditEvent". */
  model: string;
  /** Its client delegate, e.g. "auditEvent". */
  delegate: string;
  /** The database table (the document's key), e.g. "audit_event". */
  table: string;
  /** The primary key: rows are read and written in its order. */
  key: string;
  columns: Record<string, ColumnType>;
};

export const BACKUP_TABLES: readonly BackupTable[] = [
  {
    model: "User", delegate: "user", table: "user", key: "id",
    columns: { id: "String", name: "String", email: "String", emailVerified: "Boolean", image: "String?", role: "Role", createdAt: "DateTime", updatedAt: "DateTime", twoFactorEnabled: "Boolean?",
      disabledAt: "DateTime?", disabledReason: "String?", lastSeenAt: "DateTime?" },
  },
  {
    model: "Account", delegate: "account", table: "account", key: "id",
    columns: {
      id: "String", accountId: "String", providerId: "String", userId: "String", accessToken: "String?", refreshToken: "String?", idToken: "String?",
      accessTokenExpiresAt: "DateTime?", refreshTokenExpiresAt: "DateTime?", scope: "String?", password: "String?", createdAt: "DateTime", updatedAt: "DateTime",
    },
  },
  {
    model: "TwoFactor", delegate: "twoFactor", table: "two_factor", key: "id",
    columns: { id: "String", secret: "String", backupCodes: "String", userId: "String", verified: "Boolean?", failedVerificationCount: "Int?", lockedUntil: "DateTime?" },
  },
  {
    model: "ApiToken", delegate: "apiToken", table: "api_token", key: "id",
    columns: { id: "String", name: "String", tokenHash: "String", role: "Role", createdAt: "DateTime", expiresAt: "DateTime?", lastUsedAt: "DateTime?", revokedAt: "DateTime?", createdById: "String?", createdByLabel: "String?" },
  },
  {
    model: "AppSetting", delegate: "appSetting", table: "app_setting", key: "key",
    columns: { key: "String", value: "String", updatedAt: "DateTime" },
  },
  {
    model: "Gateway", delegate: "gateway", table: "gateway", key: "id",
    columns: {
      id: "String", merchantGatewayId: "String", name: "String", subjectCountry: "String?", subjectState: "String?", subjectLocality: "String?", subjectOrg: "String?",
      subjectOrgUnit: "String?", cnTemplate: "String", renewalLeadDays: "Int", keyRotationDays: "Int", reminderThresholds: "Int[]",
      reminderEmails: "String[]", webhookUrl: "String?", webhookFormat: "String", version: "Int", createdAt: "DateTime", updatedAt: "DateTime",
    },
  },
  {
    model: "Environment", delegate: "environment", table: "environment", key: "id",
    columns: { id: "String", gatewayId: "String", code: "EnvironmentCode", renewalLeadDaysOverride: "Int?", createdAt: "DateTime", oauthTokenEndpoint: "String?" },
  },
  {
    model: "Csr", delegate: "csr", table: "csr", key: "id",
    columns: {
      id: "String", environmentId: "String", pem: "String", subjectDn: "String", subject: "Json", commonName: "String", keyType: "String", keySize: "Int?", curve: "String?",
      signatureAlgorithm: "String", publicKeySha256: "String", origin: "String", cnOverridden: "Boolean", cnOverrideReason: "String?", status: "CsrStatus", submittedAt: "DateTime?", submittedTo: "String?",
      submissionRef: "String?", cancelledAt: "DateTime?", cancelReason: "String?", fulfilledAt: "DateTime?", createdById: "String?", createdByLabel: "String", createdAt: "DateTime",
      updatedAt: "DateTime",
    },
  },
  {
    model: "Certificate", delegate: "certificate", table: "certificate", key: "id",
    columns: {
      id: "String", environmentId: "String", der: "Bytes", chainPem: "String", serialNumber: "String", subjectDn: "String", subject: "Json", commonName: "String", issuerDn: "String",
      notBefore: "DateTime", notAfter: "DateTime", keyType: "String", keySize: "Int?", curve: "String?", signatureAlgorithm: "String", sha256: "String", publicKeySha256: "String",
      compliant: "Boolean", checks: "Json", csrId: "String?", supersededById: "String?", revokedAt: "DateTime?", revokedReason: "String?", createdById: "String?",
      createdByLabel: "String", createdAt: "DateTime",
    },
  },
  {
    model: "TrustStoreEntry", delegate: "trustStoreEntry", table: "trust_store_entry", key: "id",
    columns: {
      id: "String", environmentId: "String", kind: "TrustStoreKind", der: "Bytes", sha256: "String", subjectDn: "String", issuerDn: "String", subjectKeyId: "String?",
      notBefore: "DateTime", notAfter: "DateTime", isCa: "Boolean", selfIssued: "Boolean", createdById: "String?", createdByLabel: "String", createdAt: "DateTime",
    },
  },
  {
    model: "Renewal", delegate: "renewal", table: "renewal", key: "id",
    columns: {
      id: "String", environmentId: "String", oldCertificateId: "String", status: "RenewalStatus", startedAt: "DateTime", startedBy: "String", newCsrId: "String?",
      csrAt: "DateTime?", csrBy: "String?", submittedAt: "DateTime?", submittedBy: "String?", submissionRef: "String?", newCertificateId: "String?", importedAt: "DateTime?",
      importedBy: "String?", deployedAt: "DateTime?", deployedBy: "String?", deploymentNote: "String?", retiredAt: "DateTime?", retiredBy: "String?", updatedAt: "DateTime",
    },
  },
  {
    model: "ReminderDelivery", delegate: "reminderDelivery", table: "reminder_delivery", key: "id",
    columns: {
      id: "String", targetKind: "String", targetKey: "String", certificateId: "String?", environmentId: "String?", content: "String?", subject: "String",
      threshold: "String", channel: "String", status: "String", attempts: "Int", nextAttemptAt: "DateTime", lastError: "String?", sentAt: "DateTime?", createdAt: "DateTime",
    },
  },
  {
    model: "DeliveryAttempt", delegate: "deliveryAttempt", table: "delivery_attempt", key: "id",
    columns: { id: "String", deliveryId: "String", at: "DateTime", ok: "Boolean", detail: "String" },
  },
  {
    model: "ReminderState", delegate: "reminderState", table: "reminder_state", key: "id",
    columns: {
      id: "String", certificateId: "String", subject: "String", acknowledgedAt: "DateTime?", acknowledgedBy: "String?", snoozedUntil: "DateTime?", snoozeReason: "String?",
      updatedAt: "DateTime",
    },
  },
  {
    model: "Notification", delegate: "notification", table: "notification", key: "id",
    columns: { id: "String", userId: "String", deliveryId: "String", title: "String", body: "String", link: "String?", createdAt: "DateTime", readAt: "DateTime?" },
  },
  {
    model: "CalendarFeed", delegate: "calendarFeed", table: "calendar_feed", key: "id",
    columns: { id: "String", userId: "String", tokenHash: "String", createdAt: "DateTime" },
  },
  {
    model: "ClientCaChange", delegate: "clientCaChange", table: "client_ca_change", key: "id",
    columns: {
      id: "String", environmentId: "String", der: "Bytes", sha256: "String", subjectDn: "String", issuerDn: "String", notBefore: "DateTime", notAfter: "DateTime",
      source: "String", receivedAt: "DateTime", effectiveAt: "DateTime?", replacesSha256: "String?", notes: "String", createdById: "String?", createdByLabel: "String",
      createdAt: "DateTime",
    },
  },
  {
    model: "ServerChainChange", delegate: "serverChainChange", table: "server_chain_change", key: "id",
    columns: {
      id: "String", environmentId: "String", chainPem: "String", summary: "Json", plannedAt: "DateTime", status: "ServerChainChangeStatus", notifiedAt: "DateTime?",
      notifiedBy: "String?", acknowledgedAt: "DateTime?", acknowledgedBy: "String?", acknowledgementRef: "String?", switchedAt: "DateTime?", switchedBy: "String?",
      overrideReason: "String?", cancelledAt: "DateTime?", notes: "String", version: "Int", createdById: "String?", createdByLabel: "String", createdAt: "DateTime",
      updatedAt: "DateTime",
    },
  },
  {
    model: "ChecklistTick", delegate: "checklistTick", table: "checklist_tick", key: "id",
    columns: { id: "String", environmentId: "String", item: "String", note: "String", doneOn: "DateTime", tickedById: "String?", tickedByLabel: "String", createdAt: "DateTime" },
  },
  {
    model: "ProbeTarget", delegate: "probeTarget", table: "probe_target", key: "id",
    columns: { id: "String", environmentId: "String", direction: "String", host: "String", port: "Int", daily: "Boolean", createdById: "String?", createdByLabel: "String", createdAt: "DateTime" },
  },
  {
    model: "ProbeResult", delegate: "probeResult", table: "probe_result", key: "id",
    columns: { id: "String", targetId: "String", at: "DateTime", ok: "Boolean", durationMs: "Int", result: "Json" },
  },
  {
    model: "SigningKey", delegate: "signingKey", table: "signing_key", key: "id",
    columns: {
      id: "String", environmentId: "String", alg: "String", publicKeyPem: "String", jwk: "Json", thumbprint: "String", onboardedAt: "DateTime?", onboardedBy: "String?",
      retiredAt: "DateTime?", retiredBy: "String?", createdById: "String?", createdByLabel: "String", createdAt: "DateTime",
    },
  },
  {
    model: "Installation", delegate: "installation", table: "installation", key: "id",
    columns: {
      id: "String", environmentId: "String", certificateId: "String?", signingKeyId: "String?", probeTargetId: "String?", kind: "InstallationKind", systemName: "String",
      host: "String", port: "Int?", location: "String", notes: "String", custodianId: "String?", removedAt: "DateTime?", removedBy: "String?", version: "Int",
      createdById: "String?", createdByLabel: "String", createdAt: "DateTime", updatedAt: "DateTime",
    },
  },
  {
    model: "EnvironmentCustodian", delegate: "environmentCustodian", table: "environment_custodian", key: "id",
    columns: {
      id: "String", environmentId: "String", userId: "String", assignedAt: "DateTime", assignedBy: "String", acknowledgedAt: "DateTime?", removedAt: "DateTime?", removedBy: "String?",
    },
  },
  {
    model: "InventoryReview", delegate: "inventoryReview", table: "inventory_review", key: "id",
    columns: { id: "String", environmentId: "String?", reviewedOn: "DateTime", reviewerId: "String?", reviewerLabel: "String", notes: "String", changes: "String", createdAt: "DateTime" },
  },
  // Last: the chain of records about everything above. Append-only (a trigger refuses UPDATE and
  // DELETE; INSERT is allowed), so the import keeps each record's seq and hash as they were.
  {
    model: "AuditEvent", delegate: "auditEvent", table: "audit_event", key: "seq",
    columns: {
      seq: "BigInt", createdAt: "DateTime", actorType: "String", actorId: "String?", actorLabel: "String", action: "String", objectType: "String", objectId: "String?",
      gatewayId: "String?", environmentId: "String?", summary: "Json", prevHash: "String", hash: "String",
    },
  },
];

/** Models left out of a backup on purpose, and why (README "Backup and restore"). */
export const EXCLUDED_MODELS: Readonly<Record<string, string>> = {
  Session: "Sign-in sessions: restoring them would carry live session tokens into the copy. Everyone signs in again after a restore.",
  RateLimit: "Sign-in rate-limit counters: a few minutes of state about failed sign-ins, meaningless elsewhere.",
  Verification: "better-auth's one-time values (verification and reset tokens) that expire within minutes.",
  SetupCode: "First-run setup codes exist only while no user exists, one per running instance; a restored database has users.",
  ExpiryBucket: "Counts derived from certificates and trust-store entries by triggers (ADR 0021): the restored rows rebuild them.",
  ReminderOpen: "Counts derived from reminder deliveries and states by triggers (ADR 0021): the restored rows rebuild them.",
};
