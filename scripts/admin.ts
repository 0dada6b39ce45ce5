/**
 * Operator tool: `npm run admin -- create --email a@b.edu --name "Name" [--role admin|teacher] [--base-url https://…]`.
 * Creates a staff account (the first admin in production) and prints a one-time
 * link, valid for an hour, with which the person chooses their password.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { isMessageKey, translate } from "~/i18n/t";
import { createStaffAccount } from "~/models/accounts.server";
import { STAFF_ROLES } from "~/auth/permissions";
import { DuplicateEmailError } from "~/models/users.server";
import { env } from "~/utils/env.server";
import { emailField, textField } from "~/utils/forms.server";
import { NAME_MAX } from "~/utils/limits";

const usage =
  'usage: npm run admin -- create --email <email> --name "<name>" [--role admin|teacher] [--base-url <url>]';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    email: { type: "string" },
    name: { type: "string" },
    role: { type: "string", default: "admin" },
    "base-url": { type: "string", default: env().PUBLIC_URL ?? "http://localhost:3000" },
  },
});

const input = z
  .object({ email: emailField, name: textField(NAME_MAX), role: z.enum(STAFF_ROLES) })
  .safeParse(values);

if (positionals[0] !== "create" || !input.success) {
  console.error(usage);
  if (!input.success) {
    for (const issue of input.error.issues) {
      const message = isMessageKey(issue.message)
        ? translate("en", issue.message, { max: NAME_MAX })
        : issue.message;
      console.error(`  --${issue.path.join(".")}: ${message}`);
    }
  }
  process.exit(2);
}

try {
  const { user, token } = createStaffAccount(
    getDb(),
    { id: null, label: "cli" },
    { ...input.data, universityId: null },
  );
  console.log(`Created ${user.role} ${user.email} (id ${user.id}).`);
  console.log(`One-time password link (valid for 1 hour): ${new URL(`/reset/${token}`, values["base-url"])}`);
} catch (error) {
  if (error instanceof DuplicateEmailError) {
    console.error(`An account with the email ${input.data.email} already exists.`);
    process.exit(1);
  }
  throw error;
}
