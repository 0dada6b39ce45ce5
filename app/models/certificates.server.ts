import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db, Tx } from "~db/client.server";
import { type Certificate, certificates, cohorts, universities, users } from "~db/schema";
import { type Actor, recordAudit } from "./audit.server";

/** 128 random bits in hex: unguessable, and unambiguous when typed from paper. */
export function newCertificateId(): string {
  return randomBytes(16).toString("hex");
}

export const CERTIFICATE_ID_PATTERN = /^[0-9a-f]{32}$/;

export function getCertificate(db: Tx, id: string): Certificate | undefined {
  if (!CERTIFICATE_ID_PATTERN.test(id)) return undefined;
  return db.select().from(certificates).where(eq(certificates.id, id)).get();
}

export interface PublicCertificate {
  id: string;
  status: "valid" | "revoked";
  student: string;
  courseId: string;
  university: { zh: string; en: string };
  cohort: { name: string; term: string };
  issuedAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
}

/** What the public verification page shows; undefined for anything that is not an issued certificate. */
export function getPublicCertificate(db: Tx, id: string): PublicCertificate | undefined {
  if (!CERTIFICATE_ID_PATTERN.test(id)) return undefined;
  const row = db
    .select({
      certificate: certificates,
      student: users.name,
      cohortName: cohorts.name,
      term: cohorts.term,
      universityZh: universities.nameZh,
      universityEn: universities.nameEn,
    })
    .from(certificates)
    .innerJoin(users, eq(users.id, certificates.userId))
    .innerJoin(cohorts, eq(cohorts.id, certificates.cohortId))
    .innerJoin(universities, eq(universities.id, cohorts.universityId))
    .where(eq(certificates.id, id))
    .get();
  if (!row) return undefined;
  const { certificate } = row;
  return {
    id: certificate.id,
    status: certificate.revokedAt ? "revoked" : "valid",
    student: row.student,
    courseId: certificate.courseId,
    university: { zh: row.universityZh, en: row.universityEn },
    cohort: { name: row.cohortName, term: row.term },
    issuedAt: certificate.issuedAt,
    revokedAt: certificate.revokedAt,
    revokedReason: certificate.revokedReason,
  };
}

export type RevokeResult =
  | { ok: true; certificate: Certificate }
  | { ok: false; reason: "not-found" | "already-revoked" | "no-reason" };

/** Revokes a certificate for good, with a reason the public page shows; audited in the same transaction. */
export function revokeCertificate(
  db: Db,
  actor: Actor,
  id: string,
  reason: string,
  now = Date.now(),
): RevokeResult {
  const why = reason.trim();
  if (why.length === 0 || why.length > 500) return { ok: false, reason: "no-reason" };
  return db.transaction(
    (tx): RevokeResult => {
      const before = getCertificate(tx, id);
      if (!before) return { ok: false, reason: "not-found" };
      if (before.revokedAt) return { ok: false, reason: "already-revoked" };
      const after = tx
        .update(certificates)
        .set({ revokedAt: new Date(now), revokedReason: why, revokedBy: actor.id })
        .where(eq(certificates.id, id))
        .returning()
        .get();
      recordAudit(tx, actor, {
        action: "certificate.revoke",
        targetType: "certificate",
        targetId: id,
        before: { revokedAt: null },
        after: { revokedAt: after.revokedAt, reason: why },
      });
      return { ok: true, certificate: after };
    },
    { behavior: "immediate" },
  );
}
