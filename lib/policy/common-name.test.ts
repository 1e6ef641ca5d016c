import { describe, expect, it } from "vitest";
import { renderCommonName, validateCnTemplate } from "./common-name";
import { D1_ECOM_PROFILE } from "./profile";

describe("renderCommonName", () => {
  it("renders the D1 default template for both key types and environments", () => {
    const t = D1_ECOM_PROFILE.defaultCnTemplate;
    expect(
      renderCommonName(t, { keyType: "RSA", merchantGatewayId: "MGW_000001", env: "PPR" }),
    ).toBe("TLSMA-RSA/MGW_000001/PPR");
    expect(
      renderCommonName(t, { keyType: "ECDSA", merchantGatewayId: "MGW_000001", env: "PRD" }),
    ).toBe("TLSMA-ECDSA/MGW_000001/PRD");
  });

  it("supports repeated and reordered placeholders", () => {
    expect(
      renderCommonName("{env}-{env}:{merchantGatewayId}:{keyType}", {
        keyType: "RSA",
        merchantGatewayId: "ABCDEFGHIJ",
        env: "PRD",
      }),
    ).toBe("PRD-PRD:ABCDEFGHIJ:RSA");
  });

  it("throws on an invalid template", () => {
    expect(() =>
      renderCommonName("{gateway}", {
        keyType: "RSA",
        merchantGatewayId: "MGW_000001",
        env: "PPR",
      }),
    ).toThrow(/unknown placeholder/);
  });
});

describe("validateCnTemplate", () => {
  it("accepts the default and simple variants", () => {
    expect(validateCnTemplate(D1_ECOM_PROFILE.defaultCnTemplate)).toBeNull();
    expect(validateCnTemplate("TLSMA_{keyType}_{merchantGatewayId}_{env}")).toBeNull();
    expect(validateCnTemplate("{env}:{merchantGatewayId}:{keyType}")).toBeNull();
  });

  it.each([
    ["", /empty/],
    ["TLSMA-{keyType}/{gatewayId}/{env}", /unknown placeholder \{gatewayId\}/],
    [
      "TLSMA-{keyType}/{merchantGatewayId}",
      /lacks \{env\}, and every template must contain \{merchantGatewayId\}, \{env\} and \{keyType\}/,
    ],
    ["TLSMA-RSA/{merchantGatewayId}/{env}", /lacks \{keyType\}/],
    ["TLSMA-RSA/MGW_000001/PPR", /lacks \{keyType\} and \{merchantGatewayId\} and \{env\}/],
    ["TLSMA-{KeyType}", /unknown placeholder \{KeyType\}/],
    ["TLSMA-{}", /unknown placeholder \{\}/],
    ["TLSMA-{keyType}{{merchantGatewayId}/{env}", /unmatched/],
    ["TLSMA-{keyType}}/{merchantGatewayId}/{env}", /unmatched/],
    ["TLSMA;{keyType}/{merchantGatewayId}/{env}", /characters Thales may reject \(;\)/],
    [" {keyType}/{merchantGatewayId}/{env}", /space/],
    [
      `${"X".repeat(47)}{keyType}{merchantGatewayId}{env}`,
      /65 characters long, over the 64 allowed/,
    ],
  ])("rejects %j", (template, problem) => {
    expect(validateCnTemplate(template)).toMatch(problem);
  });
});
