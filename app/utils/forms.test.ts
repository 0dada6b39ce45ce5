import { describe, expect, it } from "vitest";
import { z } from "zod";
import { emailField, idField, parseForm, passwordField, textField } from "./forms.server";
import { normaliseEmail, normaliseSearch } from "./text";

const schema = z.object({ email: emailField, name: textField(10), password: passwordField });

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
    expect(result.fieldErrors.password).toEqual({
      key: "field.passwordLength",
      params: { min: 8, max: 128 },
    });
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

  it("refuses a file where text belongs", () => {
    const data = form([["name", "A"]]);
    data.append("email", new Blob(["a@b.cn"]), "email.txt");
    const result = parseForm(data, z.object({ email: emailField, name: textField(10) }));
    expect(result.ok ? null : result.fieldErrors.email?.key).toBe("field.invalid");
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

describe("textField", () => {
  const parse = (value: string) => textField(20).safeParse(value);

  it("stores names in NFC, trimmed", () => {
    const decomposed = " Jose\u0301 Zhe\u0300ng ";
    expect(parse(decomposed)).toEqual({ success: true, data: "José Zhèng" });
    expect(parse(decomposed).data).toBe("José Zhèng".normalize("NFC"));
  });

  it.each([
    ["NUL", "Li\u0000Wei"],
    ["a tab", "Li\tWei"],
    ["a newline", "Li\nWei"],
    ["DEL", "Li\u007fWei"],
    ["a C1 control", "Li\u0085Wei"],
    ["a right-to-left override", "Li\u202eieW"],
    ["a left-to-right embedding", "\u202aLi Wei"],
    ["a first-strong isolate", "Li\u2068Wei\u2069"],
    ["a line separator", "Li\u2028Wei"],
    ["a byte-order mark", "Li\ufeffWei"],
  ])("refuses %s", (_label, value) => {
    const result = parse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("field.badCharacters");
  });

  it("keeps ordinary Chinese, accented and hyphenated names", () => {
    for (const name of ["李伟", "欧阳·娜娜", "Zoë O'Neil-Smith", "Nguyễn Văn An"])
      expect(parse(name).success, name).toBe(true);
  });

  it("refuses control characters in emails too", () => {
    expect(emailField.safeParse("li\u202e@example.edu").success).toBe(false);
  });
});

describe("idField", () => {
  it("accepts positive integers only", () => {
    expect(idField.safeParse("42")).toEqual({ success: true, data: 42 });
    for (const bad of ["0", "-1", "1.5", "1e3", " 7", "", "99999999999999999"])
      expect(idField.safeParse(bad).success, bad).toBe(false);
  });
});

describe("normalisation", () => {
  it("normaliseEmail trims, lower-cases and applies NFC", () => {
    expect(normaliseEmail(" JOSE\u0301@Example.edu ")).toBe("josé@example.edu");
  });

  it("normaliseSearch applies NFC and drops characters no stored text has", () => {
    expect(normaliseSearch(" Jose\u0301\u0000 ")).toBe("José");
    expect(normaliseSearch("x".repeat(300))).toHaveLength(200);
  });
});
