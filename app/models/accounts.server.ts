import type { Db } from "~db/client.server";
import type { Role } from "~db/schema";
import type { Actor } from "./audit.server";
import { createResetToken } from "./password-reset.server";
import { createUser } from "./users.server";

/**
 * An admin creates a staff account and gets the one-time link that lets the
 * person choose their own password: both or neither.
 */
export function createStaffAccount(
  db: Db,
  actor: Actor,
  input: {
    email: string;
    name: string;
    role: Extract<Role, "teacher" | "admin">;
    universityId: number | null;
  },
) {
  return db.transaction(
    (tx) => {
      const user = createUser(tx, actor, input);
      const token = createResetToken(tx, actor, user.id);
      return { user, token };
    },
    { behavior: "immediate" },
  );
}
