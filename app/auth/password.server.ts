import { hash, verify } from "@node-rs/argon2";

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane). The library's `Algorithm` is a
// const enum, which isolated modules cannot read: 2 is its `Argon2id`.
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password with exactly one argon2id verification whatever the
 * account: unknown emails and accounts without a password yet (their stored
 * value is a marker, not a hash) are checked against a dummy hash with the
 * same parameters, so none of the three can be told apart by timing.
 */
export async function verifyPassword(
  storedHash: string | null | undefined,
  password: string,
): Promise<boolean> {
  const real = typeof storedHash === "string" && storedHash.startsWith("$argon2id$");
  dummyHash ??= hashPassword("timing-equaliser-not-a-password");
  const against = real ? storedHash : await dummyHash;
  try {
    return (await verify(against, password)) && real;
  } catch {
    return false;
  }
}
