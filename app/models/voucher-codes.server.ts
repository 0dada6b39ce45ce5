import { createHash, randomBytes } from "node:crypto";

/**
 * Voucher codes: 23 random Crockford base32 characters (115 bits) and one
 * check character, written in six groups of four (XXXX-XXXX-XXXX-XXXX-XXXX-XXXX).
 * The check character (Luhn mod 32) catches every single mistyped character
 * and every swap of two neighbours but 0↔Z, so a typo is told apart from a wrong code.
 */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const DATA_LENGTH = 23;
export const CODE_LENGTH = DATA_LENGTH + 1;

function value(ch: string): number {
  return ALPHABET.indexOf(ch);
}

function checkCharacter(data: string): string {
  // Luhn mod N: double every second value from the right, fold back into the alphabet.
  let factor = 2;
  let total = 0;
  for (let i = data.length - 1; i >= 0; i--) {
    let addend = factor * value(data[i]!);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / 32) + (addend % 32);
    total += addend;
  }
  return ALPHABET[(32 - (total % 32)) % 32]!;
}

/** A fresh code, grouped for reading. */
export function newCode(): string {
  // 5 bits per character from 120 random bits; the top 5 bits are never used.
  let bits = 0n;
  for (const b of randomBytes(15)) bits = (bits << 8n) | BigInt(b);
  let data = "";
  for (let i = 0; i < DATA_LENGTH; i++) {
    data += ALPHABET[Number(bits & 31n)];
    bits >>= 5n;
  }
  return group(data + checkCharacter(data));
}

function group(code: string): string {
  return code.match(/.{1,4}/g)!.join("-");
}

export type ParsedCode =
  | { ok: true; normalised: string; hash: string }
  | { ok: false; reason: "format" | "typo" };

/**
 * What a person typed, read the way Crockford base32 intends: any case,
 * spaces and dashes ignored, I and L read as 1, O as 0.
 */
export function parseCode(input: string): ParsedCode {
  const normalised = input
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\-‐‑–—_]/g, "")
    .replace(/[IL]/g, "1")
    .replace(/O/g, "0");
  if (normalised.length !== CODE_LENGTH || ![...normalised].every((c) => ALPHABET.includes(c))) {
    return { ok: false, reason: "format" };
  }
  if (checkCharacter(normalised.slice(0, DATA_LENGTH)) !== normalised[DATA_LENGTH])
    return { ok: false, reason: "typo" };
  return { ok: true, normalised, hash: hashCode(normalised) };
}

/** Codes carry 115 random bits, so a plain SHA-256 cannot be reversed or guessed. */
export function hashCode(normalised: string): string {
  return createHash("sha256").update(normalised).digest("hex");
}

export function formatCode(normalised: string): string {
  return group(normalised);
}
