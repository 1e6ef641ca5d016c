// The API twins of the UI's smaller buttons (issue 18): CSR submit/cancel, certificate revoke,
// signing key onboarded/retire, trust entry removal, notifications read
// and the gateway settings. Route handlers against a real database, tokens of each role.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "@/lib/testing/databases";
import { apiHarness, type ApiHarness } from "@/lib/testing/api";
import { insertCertificate, insertUser, plusDays, seedGateway } from "@/lib/reminder/test-support";
import { registerSigningKey } from "@/lib/signing-key/mutations";
import { createApiToken } from "@/lib/auth/tokens";
import { cliActor } from "@/lib/auth/actor";
import { POST as submitCsr } from "./environments/[envId]/csrs/[csrId]/submit/route";
import { POST as cancelCsr } from "./environments/[envId]/csrs/[csrId]/cancel/route";
import { POST as revoke } from "./environments/[envId]/certificates/[certificateId]/revoke/route";
import { POST as onboarded } from "./environments/[envId]/signing-keys/[keyId]/onboarded/route";
import { POST as retireKey } from "./environments/[envId]/signing-keys/[keyId]/retire/route";
import { DELETE as removeEntry } from "./environments/[envId]/trust-stores/[kind]/[entryId]/route";
import { POST as markRead } from "./notifications/read/route";
import { GET as readSettings, PUT as saveSettings } from "./gateways/[gatewayId]/route";

const TODAY = new Date().toISOString().slice(0, 10);

describe.each(DATABASE_KINDS)("API twins of the smaller buttons on %s", (kind) => {
  let h: ApiHarness;
  let gw: { id: string; ppr: string; prd: string };
  beforeAll(async () => {
    h = await apiHarness(kind);
    gw = await seedGateway(h.prisma, { merchantGatewayId: "MGW_APITWN" });
  });
  afterAll(() => h.drop());
  const env = (envId = gw.ppr) => `/api/v1/environments/${envId}`;
  const lastAction = async () =>
    (await h.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } })).action;
  const newCsr = (environmentId = gw.ppr) =>
    h.prisma.csr.create({
      data: {
        environmentId,
        pem: "x",
        subjectDn: "CN=x",
        subject: {},
        commonName: "CN",
        keyType: "ECDSA",
        curve: "P-256",
        signatureAlgorithm: "x",
        publicKeySha256: crypto.randomUUID(),
        origin: "browser",
        createdByLabel: "t",
      },
    });

  it("submits and cancels a CSR for an operator; a viewer gets 403; bad input and a CSR of another environment change nothing", async () => {
    const csr = await newCsr();
    const p = { envId: gw.ppr, csrId: csr.id };
    const before = [
      await h.auditCount(),
      (await h.prisma.csr.findUniqueOrThrow({ where: { id: csr.id } })).status,
    ];
    const body = { submittedAt: TODAY, submittedTo: "Thales (J. Doe)", reference: "CASE-1" };
    expect(
      (
        await h.call(submitCsr, "POST", `${env()}/csrs/${csr.id}/submit`, p, {
          token: "viewer",
          body,
        })
      ).status,
    ).toBe(403);
    const bad = await h.call(submitCsr, "POST", `${env()}/csrs/${csr.id}/submit`, p, {
      token: "operator",
      body: { submittedAt: "yesterday" },
    });
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).error.fields).sort()).toEqual([
      "submittedAt",
      "submittedTo",
    ]);
    expect(
      (
        await h.call(
          submitCsr,
          "POST",
          `${env(gw.prd)}/csrs/${csr.id}/submit`,
          { envId: gw.prd, csrId: csr.id },
          { token: "operator", body },
        )
      ).status,
    ).toBe(404);
    expect([
      await h.auditCount(),
      (await h.prisma.csr.findUniqueOrThrow({ where: { id: csr.id } })).status,
    ]).toEqual(before);

    const submitted = await h.call(submitCsr, "POST", `${env()}/csrs/${csr.id}/submit`, p, {
      token: "operator",
      body,
    });
    expect(submitted.status).toBe(200);
    expect(await submitted.json()).toMatchObject({ id: csr.id, status: "submitted" });
    expect(await lastAction()).toBe("csr.submit");
    expect(
      (
        await h.call(cancelCsr, "POST", `${env()}/csrs/${csr.id}/cancel`, p, {
          token: "operator",
          body: { reason: "" },
        })
      ).status,
    ).toBe(422);
    const cancelled = await h.call(cancelCsr, "POST", `${env()}/csrs/${csr.id}/cancel`, p, {
      token: "operator",
      body: { reason: "Wrong CN" },
    });
    expect(cancelled.status).toBe(200);
    expect((await cancelled.json()).status).toBe("cancelled");
    const again = await h.call(submitCsr, "POST", `${env()}/csrs/${csr.id}/submit`, p, {
      token: "operator",
      body,
    });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe("csr.wrong_status");
  });

  it("revokes a certificate for an operator with a reason, once", async () => {
    const cert = await insertCertificate(h.prisma, gw.ppr, plusDays(new Date(), 100));
    const p = { envId: gw.ppr, certificateId: cert.id };
    const url = `${env()}/certificates/${cert.id}/revoke`;
    const before = await h.auditCount();
    expect(
      (await h.call(revoke, "POST", url, p, { token: "viewer", body: { reason: "Key exposed" } }))
        .status,
    ).toBe(403);
    const bad = await h.call(revoke, "POST", url, p, { token: "operator", body: { reason: "  " } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields).toEqual({ reason: "A reason is required." });
    expect(await h.auditCount()).toBe(before);
    expect(
      (await h.prisma.certificate.findUniqueOrThrow({ where: { id: cert.id } })).revokedAt,
    ).toBeNull();
    const response = await h.call(revoke, "POST", url, p, {
      token: "operator",
      body: { reason: "Key exposed" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id: cert.id,
      revokedReason: "Key exposed",
      revokedAt: expect.any(String),
    });
    expect(await lastAction()).toBe("certificate.revoke");
    const twice = await h.call(revoke, "POST", url, p, {
      token: "operator",
      body: { reason: "Again" },
    });
    expect(twice.status).toBe(409);
    expect((await twice.json()).error.code).toBe("certificate.already_revoked");
  });

  it("marks a signing key onboarded and retires it for an operator; a viewer gets 403; a future date is refused", async () => {
    const { publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    const registered = await registerSigningKey(h.prisma, cliActor(), {
      environmentId: gw.ppr,
      publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
      origin: "registered",
    });
    if (!registered.ok) throw new Error(registered.message);
    const keyId = registered.key.id;
    const p = { envId: gw.ppr, keyId };
    const before = await h.auditCount();
    expect(
      (
        await h.call(onboarded, "POST", `${env()}/signing-keys/${keyId}/onboarded`, p, {
          token: "viewer",
          body: { onboardedAt: TODAY },
        })
      ).status,
    ).toBe(403);
    const future = await h.call(onboarded, "POST", `${env()}/signing-keys/${keyId}/onboarded`, p, {
      token: "operator",
      body: { onboardedAt: "2999-01-01" },
    });
    expect(future.status).toBe(422);
    expect((await future.json()).error.fields.onboardedAt).toBe(
      "The onboarding date cannot be in the future.",
    );
    expect(await h.auditCount()).toBe(before);
    const ok = await h.call(onboarded, "POST", `${env()}/signing-keys/${keyId}/onboarded`, p, {
      token: "operator",
      body: { onboardedAt: TODAY },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id: keyId, retired: [] });
    expect(
      (await h.prisma.signingKey.findUniqueOrThrow({ where: { id: keyId } })).onboardedAt,
    ).not.toBeNull();
    const twice = await h.call(onboarded, "POST", `${env()}/signing-keys/${keyId}/onboarded`, p, {
      token: "operator",
      body: { onboardedAt: TODAY },
    });
    expect(twice.status).toBe(409);
    expect((await twice.json()).error.code).toBe("signing_key.wrong_state");
    const retired = await h.call(retireKey, "POST", `${env()}/signing-keys/${keyId}/retire`, p, {
      token: "operator",
      body: { reason: "Rotation" },
    });
    expect(retired.status).toBe(200);
    expect(
      (await h.prisma.signingKey.findUniqueOrThrow({ where: { id: keyId } })).retiredAt,
    ).not.toBeNull();
  });

  it("removes a trust store entry for an operator; a viewer gets 403; the wrong store or environment is a 404", async () => {
    const entry = await h.prisma.trustStoreEntry.create({
      data: {
        environmentId: gw.ppr,
        kind: "d1_server_roots",
        der: new Uint8Array([1]),
        sha256: "ab".repeat(32),
        subjectDn: "CN=Root",
        issuerDn: "CN=Root",
        notBefore: new Date("2020-01-01"),
        notAfter: new Date("2040-01-01"),
        isCa: true,
        selfIssued: true,
        createdByLabel: "t",
      },
    });
    const url = (kindSlug: string, envId = gw.ppr) =>
      `${env(envId)}/trust-stores/${kindSlug}/${entry.id}`;
    const before = [await h.auditCount(), await h.prisma.trustStoreEntry.count()];
    expect(
      (
        await h.call(
          removeEntry,
          "DELETE",
          url("d1-server-roots"),
          { envId: gw.ppr, kind: "d1-server-roots", entryId: entry.id },
          { token: "viewer" },
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await h.call(
          removeEntry,
          "DELETE",
          url("client-cert-issuers"),
          { envId: gw.ppr, kind: "client-cert-issuers", entryId: entry.id },
          { token: "operator" },
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await h.call(
          removeEntry,
          "DELETE",
          url("d1-server-roots", gw.prd),
          { envId: gw.prd, kind: "d1-server-roots", entryId: entry.id },
          { token: "operator" },
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await h.call(
          removeEntry,
          "DELETE",
          url("no-such-store"),
          { envId: gw.ppr, kind: "no-such-store", entryId: entry.id },
          { token: "operator" },
        )
      ).status,
    ).toBe(404);
    expect([await h.auditCount(), await h.prisma.trustStoreEntry.count()]).toEqual(before);
    const response = await h.call(
      removeEntry,
      "DELETE",
      url("d1-server-roots"),
      { envId: gw.ppr, kind: "d1-server-roots", entryId: entry.id },
      { token: "operator" },
    );
    expect(response.status).toBe(204);
    expect(await h.prisma.trustStoreEntry.findUnique({ where: { id: entry.id } })).toBeNull();
    expect(await lastAction()).toBe("trust_store.remove");
  });

  it("marks the token's user's notifications read, one or all; a bad body is a 422; a CLI token has none", async () => {
    const user = await insertUser(h.prisma, "reader@example.com", "viewer");
    const other = await insertUser(h.prisma, "other@example.com", "viewer");
    const made = await Promise.all(
      [1, 2, 3].map((n) =>
        h.prisma.notification.create({
          data: { userId: n < 3 ? user.id : other.id, deliveryId: `d${n}`, title: "t", body: "b" },
        }),
      ),
    );
    const created = await createApiToken(
      h.prisma,
      { type: "user", id: user.id, label: user.email, role: "viewer" },
      { name: "reader", role: "viewer" },
    );
    if (!created.ok) throw new Error(created.message);
    const { token } = created;
    const as = { token: null, headers: { authorization: `Bearer ${token}` } };
    const bad = await h.call(
      markRead,
      "POST",
      "/api/v1/notifications/read",
      {},
      { ...as, body: { id: "", all: true } },
    );
    expect(bad.status).toBe(422);
    expect(await h.prisma.notification.count({ where: { readAt: { not: null } } })).toBe(0);
    const one = await h.call(
      markRead,
      "POST",
      "/api/v1/notifications/read",
      {},
      { ...as, body: { id: made[0]!.id } },
    );
    expect(await one.json()).toEqual({ userId: user.id, unread: 1 });
    // Another user's notification id is not the caller's: nothing happens to it.
    await h.call(
      markRead,
      "POST",
      "/api/v1/notifications/read",
      {},
      { ...as, body: { id: made[2]!.id } },
    );
    expect(
      (await h.prisma.notification.findUniqueOrThrow({ where: { id: made[2]!.id } })).readAt,
    ).toBeNull();
    const all = await h.call(
      markRead,
      "POST",
      "/api/v1/notifications/read",
      {},
      { ...as, body: {} },
    );
    expect(await all.json()).toEqual({ userId: user.id, unread: 0 });
    expect(
      (await h.prisma.notification.findUniqueOrThrow({ where: { id: made[2]!.id } })).readAt,
    ).toBeNull();
    expect(
      await (
        await h.call(
          markRead,
          "POST",
          "/api/v1/notifications/read",
          {},
          { token: "viewer", body: {} },
        )
      ).json(),
    ).toEqual({ userId: null, unread: 0 });
  });

  it("reads the gateway settings (webhook URL only for admins) and saves them for an admin, refusing stale versions and bad fields", async () => {
    await h.prisma.gateway.update({
      where: { id: gw.id },
      data: { webhookUrl: "https://hooks.example.test/secret-path" },
    });
    const asViewer = await (
      await h.call(
        readSettings,
        "GET",
        `/api/v1/gateways/${gw.id}`,
        { gatewayId: gw.id },
        { token: "viewer" },
      )
    ).json();
    expect(asViewer).toMatchObject({ merchantGatewayId: "MGW_APITWN", webhookConfigured: true });
    expect(asViewer).not.toHaveProperty("webhookUrl");
    const current = await (
      await h.call(readSettings, "GET", `/api/v1/gateways/${gw.id}`, { gatewayId: gw.id })
    ).json();
    expect(current.webhookUrl).toBe("https://hooks.example.test/secret-path");
    const {
      id: _id,
      merchantGatewayId: _m,
      webhookConfigured: _w,
      environments: _e,
      ...form
    } = current;
    const url = `/api/v1/gateways/${gw.id}`;
    const before = [
      await h.auditCount(),
      JSON.stringify(await h.prisma.gateway.findUniqueOrThrow({ where: { id: gw.id } })),
    ];
    expect(
      (
        await h.call(
          saveSettings,
          "PUT",
          url,
          { gatewayId: gw.id },
          { token: "operator", body: { ...form, renewalLeadDays: 60 } },
        )
      ).status,
    ).toBe(403);
    const bad = await h.call(
      saveSettings,
      "PUT",
      url,
      { gatewayId: gw.id },
      { body: { ...form, renewalLeadDays: 3, reminderEmails: ["not-an-email"] } },
    );
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields).toEqual({
      renewalLeadDays: "Renewal lead time must be at least 7 days.",
      "reminderEmails.0": "Each recipient must be an email address.",
    });
    const stale = await h.call(
      saveSettings,
      "PUT",
      url,
      { gatewayId: gw.id },
      { body: { ...form, version: form.version + 5 } },
    );
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.code).toBe("gateway.stale");
    expect([
      await h.auditCount(),
      JSON.stringify(await h.prisma.gateway.findUniqueOrThrow({ where: { id: gw.id } })),
    ]).toEqual(before);
    const saved = await h.call(
      saveSettings,
      "PUT",
      url,
      { gatewayId: gw.id },
      {
        body: {
          ...form,
          renewalLeadDays: 60,
          reminderThresholds: "30, 7",
          reminderEmails: ["ops@example.com"],
        },
      },
    );
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({
      renewalLeadDays: 60,
      reminderThresholds: [30, 7],
      reminderEmails: ["ops@example.com"],
      version: form.version + 1,
      webhookUrl: "https://hooks.example.test/secret-path",
    });
    expect(await lastAction()).toBe("gateway.settings.update");
  });
});
