import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyFileVariables } from "./file-variables";

describe("NAME_FILE variables (Compose and Kubernetes secrets)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "d1-file-vars-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: string) => {
    fs.writeFileSync(path.join(dir, name), content);
    return path.join(dir, name);
  };

  it("reads the secret from the file, without its trailing newline, unless the variable itself is set", () => {
    const env: Record<string, string | undefined> = {
      AUTH_SECRET_FILE: write("auth", "s3cr3t value\n"),
      SMTP_URL: "smtp://direct:25",
      SMTP_URL_FILE: write("smtp", "smtp://file:25"),
    };
    expect(applyFileVariables(env)).toEqual(["AUTH_SECRET"]);
    expect(env.AUTH_SECRET).toBe("s3cr3t value");
    expect(env.SMTP_URL).toBe("smtp://direct:25");
  });

  it("refuses a missing or empty file instead of falling back to a generated secret", () => {
    expect(() => applyFileVariables({ AUTH_SECRET_FILE: path.join(dir, "nope") })).toThrow(
      `AUTH_SECRET_FILE=${path.join(dir, "nope")} cannot be read: ENOENT`,
    );
    expect(() => applyFileVariables({ DATABASE_URL_FILE: write("empty", "\n") })).toThrow(
      `DATABASE_URL_FILE=${path.join(dir, "empty")} is empty`,
    );
  });
});
