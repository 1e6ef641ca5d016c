import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-next";
import {
  AUTH_BODY_LIMIT_BYTES,
  setupBodyRefusal,
  appUrlOrigin,
  claimedOrigin,
  originRefusal,
  prepareAuthBody,
  readBodyCapped,
  safeCallbackQuery,
  siteOrigin,
} from "./request-guard";

const h = (init: Record<string, string>) => new Headers(init);

describe("siteOrigin: the address the browser used", () => {
  it.each([
    [{ host: "127.0.0.1:3000" }, "http://127.0.0.1:3000"],
    [{ host: "certs-box.lan:3000" }, "http://certs-box.lan:3000"],
    [{ host: "[::1]:3000" }, "http://[::1]:3000"],
    [{ host: "localhost:3000", "x-forwarded-proto": "https" }, "https://localhost:3000"],
    [
      {
        host: "internal:3000",
        "x-forwarded-host": "certs.example.com",
        "x-forwarded-proto": "https",
      },
      "https://certs.example.com",
    ],
    [{ host: "CERTS.example.com" }, "http://certs.example.com"],
  ])("%j → %s", (headers, origin) => {
    expect(siteOrigin(h(headers), "http://localhost:3000/api/auth/sign-in/email")).toBe(origin);
  });

  it("takes the scheme of the connection when no proxy says otherwise", () => {
    expect(siteOrigin(h({ host: "10.0.0.5:8443" }), "https://localhost:8443/x")).toBe(
      "https://10.0.0.5:8443",
    );
  });

  it.each(["evil.example/path", "a b", "user@host", ""])(
    "has no origin for a Host of %j",
    (host) => {
      expect(siteOrigin(h({ host }), "http://localhost:3000/")).toBeNull();
    },
  );
});

describe("originRefusal", () => {
  it("accepts the same origin, and a request that names none (scripts, curl)", () => {
    expect(originRefusal("http://127.0.0.1:3000", "http://127.0.0.1:3000", undefined)).toBeNull();
    expect(originRefusal(null, "http://127.0.0.1:3000", undefined)).toBeNull();
  });

  it("refuses another origin, naming APP_URL when it is set", () => {
    expect(
      originRefusal(
        "http://10.0.0.5:3000",
        "https://certs.example.com",
        "https://certs.example.com/",
      ),
    ).toEqual({
      status: 403,
      code: "INVALID_ORIGIN",
      message:
        "This dashboard is configured for https://certs.example.com: open it there, or change APP_URL. (This page was opened at http://10.0.0.5:3000.)",
    });
    const refusal = originRefusal("https://evil.example", "http://127.0.0.1:3000", undefined);
    expect(refusal?.status).toBe(403);
    expect(refusal?.message).toBe(
      "This request came from https://evil.example, not from this dashboard (http://127.0.0.1:3000). Sign in on the dashboard's own page.",
    );
    expect(originRefusal("null", "http://127.0.0.1:3000", undefined)?.status).toBe(403);
  });

  it("reads Origin, else the Referer's origin", () => {
    expect(claimedOrigin(h({ origin: "http://a.example" }))).toBe("http://a.example");
    expect(claimedOrigin(h({ referer: "http://b.example/sign-in?next=/x" }))).toBe(
      "http://b.example",
    );
    expect(claimedOrigin(h({ origin: "null" }))).toBe("null");
    expect(claimedOrigin(h({}))).toBeNull();
  });

  it("APP_URL's origin, or null", () => {
    expect(appUrlOrigin("https://certs.example.com/")).toBe("https://certs.example.com");
    expect(appUrlOrigin(" ")).toBeNull();
    expect(appUrlOrigin(undefined)).toBeNull();
  });
});

describe("auth request bodies", () => {
  it("keeps callback URLs on this site, in JSON, forms and the query", () => {
    const json = prepareAuthBody(
      JSON.stringify({
        email: "a@example.com",
        callbackURL: "//evil.example",
        errorCallbackURL: "/sign-in",
      }),
      "application/json",
      safeNextPath,
    );
    expect(JSON.parse(json.body)).toEqual({
      email: "a@example.com",
      callbackURL: "/",
      errorCallbackURL: "/sign-in",
    });
    expect(json.email).toBe("a@example.com");
    const form = prepareAuthBody(
      "email=b%40example.com&newUserCallbackURL=https%3A%2F%2Fevil.example",
      "application/x-www-form-urlencoded",
      safeNextPath,
    );
    expect(new URLSearchParams(form.body).get("newUserCallbackURL")).toBe("/");
    expect(form.email).toBe("b@example.com");
    const url = safeCallbackQuery(
      new URL("http://x/api/auth/verify?callbackURL=/%5Cevil.example&token=t"),
      safeNextPath,
    );
    expect(url.searchParams.get("callbackURL")).toBe("/");
    expect(url.searchParams.get("token")).toBe("t");
  });

  it("finds no email in a body it cannot read", () => {
    expect(prepareAuthBody("{not json", "application/json", safeNextPath).email).toBeNull();
    expect(prepareAuthBody("[1]", "application/json", safeNextPath).email).toBeNull();
    expect(prepareAuthBody("email=a", "text/plain", safeNextPath).email).toBeNull();
  });

  it("reads a body up to the limit, and stops past it, declared or not", async () => {
    const post = (body: BodyInit, headers: Record<string, string> = {}) =>
      new Request("http://x/", { method: "POST", body, headers, duplex: "half" } as RequestInit);
    expect(await readBodyCapped(post("x".repeat(AUTH_BODY_LIMIT_BYTES)))).toHaveLength(
      AUTH_BODY_LIMIT_BYTES,
    );
    expect(await readBodyCapped(post("x".repeat(AUTH_BODY_LIMIT_BYTES + 1)))).toBeNull();
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    expect(await readBodyCapped(post(endless))).toBeNull();
    expect(pulled).toBeLessThan(20);
    expect(
      await readBodyCapped(post("small", { "content-length": String(10 * 1024 * 1024) })),
    ).toBeNull();
  });
});

describe("setupBodyRefusal", () => {
  it("lets a small setup form through, refuses a large or undeclared one", () => {
    expect(setupBodyRefusal("900")).toBeNull();
    expect(setupBodyRefusal(String(AUTH_BODY_LIMIT_BYTES + 1))).toMatchObject({
      status: 413,
      code: "BODY_TOO_LARGE",
    });
    expect(setupBodyRefusal(null)).toMatchObject({ status: 411, code: "LENGTH_REQUIRED" });
    expect(setupBodyRefusal("12, 12")).toMatchObject({ status: 411 });
  });
});
