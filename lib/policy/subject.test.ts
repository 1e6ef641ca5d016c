import { describe, expect, it } from "vitest";
import { forbiddenCharacters, validateSubject, validateSubjectField } from "./subject";

const codes = (field: Parameters<typeof validateSubjectField>[0], value: string | undefined) =>
  validateSubjectField(field, value).map((v) => v.code);

describe("validateSubjectField (as the user types)", () => {
  it("country: exactly two uppercase letters", () => {
    for (const ok of ["FR", "DE", "US"]) expect(codes("C", ok)).toEqual([]);
    for (const bad of ["fr", "FRA", "F", "F1", " FR", "FR "])
      expect(codes("C", bad)).toEqual(["subject.country_format"]);
    expect(codes("C", "")).toEqual(["subject.missing_field"]);
  });

  it("accepts the documented character set, including _ & and the CN slashes", () => {
    expect(codes("O", "Smith & Sons (Payments) Ltd., O'Neil + Co: a=b?")).toEqual([]);
    expect(codes("CN", "TLSMA-RSA/MGW_000001/PPR")).toEqual([]);
  });

  it.each([
    ["double quote", 'A "B"', '"'],
    ["angle brackets", "<B>", "< >"],
    ["backslash", "A\\B", "\\"],
    ["semicolon", "A;B", ";"],
    ["hash", "#1", "#"],
    ["asterisk", "*.example.com", "*"],
    ["accented letter", "Société", "é"],
    ["tab", "A\tB", "U+0009"],
    ["newline", "A\nB", "U+000A"],
    ["non-breaking space", "A\u00a0B", "U+00A0"],
    ["NUL", "A\u0000B", "U+0000"],
  ])("rejects %s", (_name, value, shown) => {
    const [issue] = validateSubjectField("O", value);
    expect(issue?.code).toBe("subject.forbidden_characters");
    expect(issue?.params?.chars).toBe(shown);
  });

  it("rejects leading/trailing spaces and whitespace-only values", () => {
    expect(codes("L", " Paris")).toEqual(["subject.whitespace"]);
    expect(codes("L", "Paris ")).toEqual(["subject.whitespace"]);
    expect(codes("L", "   ")).toEqual(["subject.missing_field"]);
  });

  it("caps length at 64 characters", () => {
    expect(codes("OU", "x".repeat(64))).toEqual([]);
    expect(codes("OU", "x".repeat(65))).toEqual(["subject.too_long"]);
  });

  it("can report several issues for one value", () => {
    expect(codes("O", ` ${"é".repeat(70)}`)).toEqual([
      "subject.whitespace",
      "subject.forbidden_characters",
      "subject.too_long",
    ]);
  });
});

describe("validateSubject", () => {
  it("checks all six fields and reports missing ones", () => {
    expect(validateSubject({ C: "FR", CN: "x" }).map((v) => v.field)).toEqual([
      "ST",
      "L",
      "O",
      "OU",
    ]);
  });

  it("forbiddenCharacters lists each character once", () => {
    expect(forbiddenCharacters('a"b"c;')).toEqual(['"', ";"]);
  });
});
