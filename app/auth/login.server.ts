import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { z } from "zod";
import { type Db, getDb } from "~db/client.server";
import { findUserByEmail } from "~/models/users.server";
import { emailField, parseForm } from "~/utils/forms.server";
import { verifyPassword } from "./password.server";
import type { RoleName } from "./permissions";
import { clearLoginFailures, recordLoginFailure, throttledUntil } from "./throttle.server";

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
    readonly detail: { retryAt?: Date; fieldErrors?: Record<string, { key: string }>; email?: string } = {},
  ) {
    super(reason);
  }
}

const loginSchema = z.object({
  email: emailField,
  // Sign-in only checks presence: a too-short or too-long password is simply wrong.
  password: z.string().min(1, "field.required").max(1024, "field.tooLong"),
});

// The client address travels beside the request: remix-auth's verify callback only sees the request.
const clientIps = new WeakMap<Request, string>();

async function verify(
  { form, request }: FormStrategy.VerifyOptions,
  db: Db = getDb(),
): Promise<SignedInUser> {
  const parsed = parseForm(form, loginSchema);
  if (!parsed.ok) {
    throw new LoginError("validation", { fieldErrors: parsed.fieldErrors, email: parsed.values.email });
  }
  const { email, password } = parsed.data;
  const ip = clientIps.get(request) ?? "unknown";
  const retryAt = throttledUntil(db, email, ip);
  if (retryAt) throw new LoginError("throttled", { retryAt, email });

  const user = findUserByEmail(db, email);
  // Unknown emails still pay for a hash check: same answer, comparable timing.
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!user || !ok || user.disabledAt) {
    recordLoginFailure(db, email, ip);
    throw new LoginError("invalid", { email });
  }
  clearLoginFailures(db, email);
  return { id: user.id, email: user.email, role: user.role, locale: user.locale };
}

const authenticator = new Authenticator<SignedInUser>();
authenticator.use(new FormStrategy((options) => verify(options)), "form");

export function signIn(request: Request, clientIp: string): Promise<SignedInUser> {
  clientIps.set(request, clientIp);
  return authenticator.authenticate("form", request);
}
