import { describe, expect, it } from "vitest";
import { z } from "zod";
import { emailField, normaliseEmail, parseForm, passwordField, requiredText } from "./forms.server";

const schema = z.object({ email: emailField, name: requiredText(10), password: passwordField });

function form(entries: [string, string][]) {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
}

describe("parseForm", () => {
  it("returns only declared fields, normalised", () => {
    const result = parseForm(
      form([
        ["email", "  Maria@Example.EDU "],
        ["name", " Maria "],
        ["password", "12345678"],
        ["role", "admin"],
      ]),
      schema,
    );
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(result.data).toEqual({ email: "maria@example.edu", name: "Maria", password: "12345678" });
  });

  it("reports each bad field with a catalogue key and never echoes passwords", () => {
    const result = parseForm(
      form([
        ["email", "nope"],
        ["name", ""],
        ["password", "short"],
      ]),
      schema,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors.email?.key).toBe("field.email");
    expect(result.fieldErrors.name?.key).toBe("field.required");
    expect(result.fieldErrors.password?.key).toBe("field.passwordLength");
    expect(result.values).not.toHaveProperty("password");
  });

  it("refuses duplicated and oversized fields", () => {
    const result = parseForm(
      form([
        ["email", "a@b.cn"],
        ["email", "c@d.cn"],
        ["name", "x".repeat(20_000)],
        ["password", "12345678"],
      ]),
      schema,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors.email?.key).toBe("field.duplicate");
    expect(result.fieldErrors.name?.key).toBe("field.tooLong");
    expect(result.fieldErrors.password).toBeUndefined();
  });

  it("caps passwords at 128 characters", () => {
    const result = parseForm(
      form([
        ["email", "a@b.cn"],
        ["name", "A"],
        ["password", "x".repeat(129)],
      ]),
      schema,
    );
    expect(result.ok ? null : result.fieldErrors.password?.key).toBe("field.passwordLength");
  });
});

describe("normaliseEmail", () => {
  it("trims, lower-cases and applies NFC", () => {
    expect(normaliseEmail(" JOSE\u0301@Example.edu ")).toBe("josé@example.edu");
  });
});
