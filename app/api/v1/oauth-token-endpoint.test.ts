// The OAuth token endpoint setting over the API (issue 17 item 6): read by any role, set or
// cleared by an admin, audited; bad input stores nothing. Route handlers against a real
// database, tokens of each role.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "@/lib/testing/databases";
import { apiHarness, type ApiHarness } from "@/lib/testing/api";
import { seedGateway } from "@/lib/reminder/test-support";
import { openApiDocument } from "@/lib/openapi/document";
import { GET, PUT } from "./environments/[envId]/oauth-token-endpoint/route";

const STAGING = "https://api.d1-stg.thalescloud.io/authz/v1/oauth2/token";
const PRODUCTION = "https://api.d1.thalescloud.io/authz/v1/oauth2/token";

describe.each(DATABASE_KINDS)("OAuth token endpoint over the API on %s", (kind) => {
  let h: ApiHarness;
  let gw: { id: string; ppr: string; prd: string };
  beforeAll(async () => {
    h = await apiHarness(kind);
    gw = await seedGateway(h.prisma, { merchantGatewayId: "MGW_TOKEP1" });
  });
  afterAll(() => h.drop());
  const url = (envId: string) => `/api/v1/environments/${envId}/oauth-token-endpoint`;
  const stored = async (envId: string) =>
    (await h.prisma.environment.findUniqueOrThrow({ where: { id: envId } })).oauthTokenEndpoint;

  it("reads the partner's defaults: Staging for PPR, Production for PRD, for a viewer too", async () => {
    const ppr = await h.call(GET, "GET", url(gw.ppr), { envId: gw.ppr }, { token: "viewer" });
    expect(ppr.status).toBe(200);
    expect(await ppr.json()).toEqual({
      environmentId: gw.ppr,
      env: "PPR",
      merchantGatewayId: "MGW_TOKEP1",
      oauthTokenEndpoint: null,
      effectiveTokenEndpoint: STAGING,
      partnerDefault: STAGING,
      partnerServer: "Staging",
    });
    expect(
      await (await h.call(GET, "GET", url(gw.prd), { envId: gw.prd }, { token: "viewer" })).json(),
    ).toMatchObject({
      env: "PRD",
      effectiveTokenEndpoint: PRODUCTION,
      partnerServer: "Production",
    });
    expect((await h.call(GET, "GET", url("nope"), { envId: "nope" })).status).toBe(404);
    expect((await h.call(GET, "GET", url(gw.ppr), { envId: gw.ppr }, { token: null })).status).toBe(
      401,
    );
  });

  it("lets an admin set it and clear it, audited once per change", async () => {
    const before = await h.auditCount();
    const custom = "https://api.d1-ppr.example.com/authz/v1/oauth2/token";
    const saved = await h.call(
      PUT,
      "PUT",
      url(gw.ppr),
      { envId: gw.ppr },
      { token: "admin", body: { oauthTokenEndpoint: ` ${custom} ` } },
    );
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({
      oauthTokenEndpoint: custom,
      effectiveTokenEndpoint: custom,
      partnerDefault: STAGING,
    });
    expect(await stored(gw.ppr)).toBe(custom);
    expect(await stored(gw.prd)).toBeNull();
    // The same value again records nothing.
    expect(
      (
        await h.call(
          PUT,
          "PUT",
          url(gw.ppr),
          { envId: gw.ppr },
          { token: "admin", body: { oauthTokenEndpoint: custom } },
        )
      ).status,
    ).toBe(200);
    expect(await h.auditCount()).toBe(before + 1);
    const event = await h.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    expect(event).toMatchObject({
      action: "environment.oauth-token-endpoint.update",
      objectType: "environment",
      objectId: gw.ppr,
      environmentId: gw.ppr,
    });
    expect(event.summary).toMatchObject({ env: "PPR", from: null, to: custom, effective: custom });

    const cleared = await h.call(
      PUT,
      "PUT",
      url(gw.ppr),
      { envId: gw.ppr },
      { token: "admin", body: { oauthTokenEndpoint: null } },
    );
    expect(await cleared.json()).toMatchObject({
      oauthTokenEndpoint: null,
      effectiveTokenEndpoint: STAGING,
    });
    expect(await stored(gw.ppr)).toBeNull();
    expect(await h.auditCount()).toBe(before + 2);
    expect(
      (await h.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } })).summary,
    ).toMatchObject({ from: custom, to: null, effective: STAGING });
  });

  it("refuses operators and viewers (403), and bad URLs (422) with nothing stored or audited", async () => {
    const good = { oauthTokenEndpoint: "https://idp.example/oauth2/token" };
    await h.call(
      PUT,
      "PUT",
      url(gw.prd),
      { envId: gw.prd },
      { token: "admin", body: { oauthTokenEndpoint: PRODUCTION } },
    );
    const before = await h.auditCount();
    for (const token of ["viewer", "operator"] as const) {
      const refused = await h.call(
        PUT,
        "PUT",
        url(gw.prd),
        { envId: gw.prd },
        { token, body: good },
      );
      expect(refused.status).toBe(403);
      expect((await refused.json()).error.code).toBe("forbidden");
    }
    const bad: [unknown, RegExp][] = [
      [{ oauthTokenEndpoint: "http://idp.example/oauth2/token" }, /must use https/],
      [{ oauthTokenEndpoint: "not a url" }, /spaces|full URL/],
      [{ oauthTokenEndpoint: "https://u:p@idp.example/oauth2/token" }, /user name or password/],
      [{ oauthTokenEndpoint: "https://idp.example/oauth2/token#frag" }, /fragment/],
      [{ oauthTokenEndpoint: 7 }, /https URL/],
      [{}, /https URL/],
    ];
    for (const [body, message] of bad) {
      const response = await h.call(
        PUT,
        "PUT",
        url(gw.prd),
        { envId: gw.prd },
        { token: "admin", body },
      );
      expect(response.status, JSON.stringify(body)).toBe(422);
      const error = (await response.json()).error;
      expect(error.code).toBe("invalid_body");
      expect(error.fields.oauthTokenEndpoint).toMatch(message);
    }
    expect(
      (
        await h.call(
          PUT,
          "PUT",
          url(gw.prd),
          { envId: gw.prd },
          { token: "admin", body: "{not json" },
        )
      ).status,
    ).toBe(400);
    expect(
      (await h.call(PUT, "PUT", url("nope"), { envId: "nope" }, { token: "admin", body: good }))
        .status,
    ).toBe(404);
    expect(await stored(gw.prd)).toBe(PRODUCTION);
    expect(await h.auditCount()).toBe(before);
  });

  it("is in the OpenAPI document", () => {
    const doc = openApiDocument("http://localhost") as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(
      Object.keys(doc.paths["/api/v1/environments/{envId}/oauth-token-endpoint"]!).filter(
        (k) => k !== "parameters",
      ),
    ).toEqual(["get", "put"]);
  });
});
