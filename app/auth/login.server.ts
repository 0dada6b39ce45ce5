import { FormStrategy } from "remix-auth-form";
import { z } from "zod";
import { type Db, getDb } from "~db/client.server";
import { findUserByEmail } from "~/models/users.server";
import { emailField, parseForm } from "~/utils/forms.server";
import { verifyPassword } from "./password.server";
import type { RoleName } from "./permissions";
import { type Throttle, checkThrottle, clearLoginFailures, recordLoginFailure } from "./throttle.server";

export interface SignedInUser {
  id: number;
  email: string;
  role: RoleName;
  locale: "zh-CN" | "en";
}

/** What sign-in can fail with; the route turns each into a message in the visitor's language. */
export class LoginError extends Error {
  constructor(
    readonly reason: "invalid" | "throttled" | "validation",
    readonly detail: {
      throttle?: Throttle;
      fieldErrors?: Record<string, { key: string }>;
      email?: string;
    } = {},
  ) {
    super(reason);
  }
}

const loginSchema = z.object({
  email: emailField,
  // Sign-in only checks presence: a too-short or too-long password is simply wrong.
  password: z.string().min(1, "field.required").max(1024, "field.tooLong"),
});

type User = NonNullable<ReturnType<typeof findUserByEmail>>;
export type PasswordCheck = { ok: true; user: User; throttle?: never } | { ok: false; throttle?: Throttle };

/**
 * Checks a password for an email, counting failures against the client
 * address: the one check behind sign-in and the current-password field.
 */
export async function checkPassword(
  db: Db,
  email: string,
  password: string,
  clientIp: string,
): Promise<PasswordCheck> {
  const throttle = checkThrottle(db, email, clientIp);
  if (throttle) return { ok: false, throttle };
  const user = findUserByEmail(db, email);
  // Every case pays for one argon2id verification: same answer, same timing.
  const matches = await verifyPassword(user?.passwordHash, password);
  if (!user || !matches || user.disabledAt) {
    recordLoginFailure(db, email, clientIp);
    return { ok: false };
  }
  clearLoginFailures(db, email, clientIp);
  return { ok: true, user };
}

async function verify(form: FormData, clientIp: string, db: Db): Promise<SignedInUser> {
  const parsed = parseForm(form, loginSchema);
  if (!parsed.ok) {
    throw new LoginError("validation", { fieldErrors: parsed.fieldErrors, email: parsed.values.email });
  }
  const { email, password } = parsed.data;
  const result = await checkPassword(db, email, password, clientIp);
  if (result.throttle) throw new LoginError("throttled", { throttle: result.throttle, email });
  if (!result.ok) throw new LoginError("invalid", { email });
  const { user } = result;
  return { id: user.id, email: user.email, role: user.role, locale: user.locale };
}

/**
 * Signs in with the posted form. The client address is handed to this call's
 * own strategy: remix-auth passes the verify callback a copy of the request,
 * so nothing keyed by the Request object would survive the trip.
 */
export function signIn(request: Request, clientIp: string, db: Db = getDb()): Promise<SignedInUser> {
  return new FormStrategy<SignedInUser>(({ form }) => verify(form, clientIp, db)).authenticate(request);
}
