import { describe, expect, it } from "vitest";
import { CODE_LENGTH, newCode, parseCode } from "./voucher-codes.server";

describe("voucher codes", () => {
  it("are six groups of four with at least 100 random bits, all different", () => {
    const codes = new Set(Array.from({ length: 2000 }, newCode));
    expect(codes.size).toBe(2000);
    for (const code of [...codes].slice(0, 50)) {
      expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){5}[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(parseCode(code).ok).toBe(true);
    }
    expect((CODE_LENGTH - 1) * 5).toBeGreaterThanOrEqual(100);
  });

  it("reads case, spaces, dashes, I/L and O the Crockford way", () => {
    const code = newCode();
    const parsed = parseCode(code);
    if (!parsed.ok) throw new Error("fresh code refused");
    const sloppy = code.toLowerCase().replace(/-/g, " ").replace(/1/g, "l").replace(/0/g, "o");
    expect(parseCode(`  ${sloppy} `)).toEqual(parsed);
    expect(parseCode(code.replace(/-/g, ""))).toEqual(parsed);
  });

  it("tells a single mistyped character or a swap apart from a malformed code", () => {
    const code = newCode().replace(/-/g, "");
    for (let i = 0; i < code.length; i++) {
      const wrong = code[i] === "A" ? "B" : "A";
      expect(parseCode(code.slice(0, i) + wrong + code.slice(i + 1))).toEqual({ ok: false, reason: "typo" });
    }
    // Luhn mod 32 misses only swaps of 0 and Z.
    const swapAt = [...code].findIndex((c, i) => i > 0 && c !== code[i - 1] && !/[0Z]/.test(c + code[i - 1]));
    const swapped = code.slice(0, swapAt - 1) + code[swapAt] + code[swapAt - 1] + code.slice(swapAt + 1);
    expect(parseCode(swapped)).toEqual({ ok: false, reason: "typo" });
    expect(parseCode("ABCD")).toEqual({ ok: false, reason: "format" });
    expect(parseCode(`${code}U`)).toEqual({ ok: false, reason: "format" });
    expect(parseCode("")).toEqual({ ok: false, reason: "format" });
  });
});
