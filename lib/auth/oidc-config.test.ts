import { describe, expect, it } from "vitest";
import {
  claimValues,
  localSignInFromEnv,
  OidcConfigError,
  oidcConfigFromEnv,
  parseRoleMap,
  roleFor,
  ssoErrorMessage,
  type RoleMap,
} from "./oidc-config";

function map(text: string): RoleMap {
  const parsed = parseRoleMap(text);
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  return parsed.map;
}

describe("OIDC_ROLE_MAP parsing", () => {
  it("reads group=role pairs and the * fallback", () => {
    const m = map("d1-admins=admin, d1-ops=operator ,*=viewer");
    expect([...m.entries]).toEqual([
      ["d1-admins", "admin"],
      ["d1-ops", "operator"],
    ]);
    expect(m.fallback).toBe("viewer");
  });

  it("has no fallback without *", () => {
    expect(map("d1-admins=admin").fallback).toBeNull();
  });

  it("accepts upper-case roles and ignores empty entries", () => {
    expect([...map("a=ADMIN,,b=Viewer,").entries]).toEqual([
      ["a", "admin"],
      ["b", "viewer"],
    ]);
  });

  it("splits on semicolons when there is one, so LDAP DNs with commas and = work", () => {
    const m = map("CN=D1 Admins,OU=Groups,DC=corp=admin; CN=D1 Ops,OU=Groups,DC=corp=operator");
    expect(m.entries.get("CN=D1 Admins,OU=Groups,DC=corp")).toBe("admin");
    expect(m.entries.get("CN=D1 Ops,OU=Groups,DC=corp")).toBe("operator");
  });

  it("refuses bad entries with a message per entry", () => {
    const parsed = parseRoleMap("d1-admins=root,=viewer,d1-ops,d1-admins=admin,*=viewer,*=admin");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      'OIDC_ROLE_MAP entry "d1-admins=root": the role must be viewer, operator or admin, not "root".',
      'OIDC_ROLE_MAP entry "=viewer" has no group before "=".',
      'OIDC_ROLE_MAP entry "d1-ops" has no "=": write group=role.',
      'OIDC_ROLE_MAP lists "*" twice.',
    ]);
  });

  it("refuses a group listed twice", () => {
    expect(parseRoleMap("a=admin,a=viewer")).toEqual({
      ok: false,
      problems: ['OIDC_ROLE_MAP lists the group "a" twice.'],
    });
  });

  it("refuses a map that maps nothing", () => {
    expect(parseRoleMap(" , ").ok).toBe(false);
  });
});

describe("role decision", () => {
  const m = map("d1-admins=admin,d1-ops=operator,d1-read=viewer");

  it("gives the highest role among the listed groups, whatever their order", () => {
    expect(roleFor(m, ["other", "d1-read", "d1-admins", "d1-ops"])).toMatchObject({
      role: "admin",
      matched: "d1-admins",
    });
    expect(roleFor(m, ["d1-ops", "d1-read"])).toMatchObject({
      role: "operator",
      matched: "d1-ops",
    });
  });

  it("refuses a user whose groups map to nothing when there is no *", () => {
    expect(roleFor(m, ["marketing"])).toEqual({ role: null, matched: null, values: ["marketing"] });
    expect(roleFor(m, [])).toMatchObject({ role: null });
  });

  it("gives the * role to anyone else when there is one", () => {
    expect(roleFor(map("d1-admins=admin,*=viewer"), ["marketing"])).toMatchObject({
      role: "viewer",
      matched: "*",
    });
    // A listed group still wins over *, even when * is higher.
    expect(roleFor(map("d1-read=viewer,*=operator"), ["d1-read"])).toMatchObject({
      role: "viewer",
      matched: "d1-read",
    });
  });

  it("compares group names exactly (case matters)", () => {
    expect(roleFor(m, ["D1-Admins"]).role).toBeNull();
  });
});

describe("role claim values", () => {
  it("reads an array, a single string, a number, or a dotted path", () => {
    expect(claimValues({ groups: ["a", 2, null, { x: 1 }] }, "groups")).toEqual(["a", "2"]);
    expect(claimValues({ groups: "a" }, "groups")).toEqual(["a"]);
    expect(claimValues({ realm_access: { roles: ["d1-admins"] } }, "realm_access.roles")).toEqual([
      "d1-admins",
    ]);
    expect(
      claimValues({ "https://example.com/roles": ["x"] }, "https://example.com/roles"),
    ).toEqual(["x"]);
    expect(claimValues({}, "groups")).toEqual([]);
    expect(claimValues({ groups: { a: 1 } }, "groups")).toEqual([]);
  });
});

describe("OIDC settings from the environment", () => {
  const full = {
    OIDC_ISSUER: "https://login.example.com/realms/d1/",
    OIDC_CLIENT_ID: "d1-dashboard",
    OIDC_CLIENT_SECRET: "s3cret",
    OIDC_ROLE_MAP: "d1-admins=admin",
  };

  it("is off when no OIDC variable is set", () => {
    expect(oidcConfigFromEnv({})).toBeNull();
  });

  it("uses discovery under the issuer and the documented defaults", () => {
    expect(oidcConfigFromEnv(full)).toMatchObject({
      issuer: "https://login.example.com/realms/d1",
      discoveryUrl: "https://login.example.com/realms/d1/.well-known/openid-configuration",
      roleClaim: "groups",
      scopes: ["openid", "email", "profile"],
      buttonLabel: "Sign in with SSO",
    });
    expect(
      oidcConfigFromEnv({
        ...full,
        OIDC_SCOPES: "email groups",
        OIDC_ROLE_CLAIM: "roles",
        OIDC_BUTTON_LABEL: "Sign in with Okta",
      }),
    ).toMatchObject({
      scopes: ["openid", "email", "groups"],
      roleClaim: "roles",
      buttonLabel: "Sign in with Okta",
    });
  });

  it("names every missing or wrong setting at once", () => {
    expect(() =>
      oidcConfigFromEnv({ OIDC_ISSUER: "http://idp.example.com", OIDC_ROLE_MAP: "x=boss" }),
    ).toThrow(OidcConfigError);
    try {
      oidcConfigFromEnv({ OIDC_ISSUER: "http://idp.example.com", OIDC_ROLE_MAP: "x=boss" });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("OIDC_CLIENT_ID is not set");
      expect(message).toContain("OIDC_CLIENT_SECRET is not set");
      expect(message).toContain("OIDC_ISSUER must be an https:// URL");
      expect(message).toContain('not "boss"');
    }
  });

  it("allows plain http only on loopback", () => {
    expect(oidcConfigFromEnv({ ...full, OIDC_ISSUER: "http://127.0.0.1:4000" })?.issuer).toBe(
      "http://127.0.0.1:4000",
    );
    expect(oidcConfigFromEnv({ ...full, OIDC_ISSUER: "http://localhost:4000" })?.issuer).toBe(
      "http://localhost:4000",
    );
    expect(() => oidcConfigFromEnv({ ...full, OIDC_ISSUER: "not a url" })).toThrow(/not a URL/);
  });
});

describe("LOCAL_SIGN_IN", () => {
  it("is on by default, off when asked, and refuses anything else", () => {
    expect(localSignInFromEnv({})).toBe("on");
    expect(localSignInFromEnv({ LOCAL_SIGN_IN: "OFF" })).toBe("off");
    expect(localSignInFromEnv({ LOCAL_SIGN_IN: "false" })).toBe("off");
    expect(() => localSignInFromEnv({ LOCAL_SIGN_IN: "sometimes" })).toThrow(/"on" or "off"/);
  });
});

describe("sign-in page messages", () => {
  it("explains a refusal, and never echoes markup from the URL", () => {
    expect(ssoErrorMessage("oidc_no_role")).toMatch(/no group that gives access/);
    expect(ssoErrorMessage("<script>x</script>")).toBe(
      "Single sign-on failed (scriptxscript). Try again, or ask an administrator to check the server log.",
    );
  });
});
