import QRCode from "qrcode";
import type { Tx } from "~db/client.server";
import { getContentIndex } from "~/courseware/store.server";
import { getPublicCertificate } from "./certificates.server";

/** The machine-readable verification answer (`/certificates/:id.json`). */
export interface CertificateJson {
  id: string;
  status: "valid" | "revoked";
  student: string;
  course: { id: string; zh: string; en: string };
  university: { zh: string; en: string };
  cohort: { name: string; term: string };
  issuedAt: string;
  revokedAt: string | null;
}

/** A certificate as the public sees it, or undefined for an unknown id (the caller answers 404 the same way for all). */
export async function certificateJson(
  db: Tx,
  id: string,
): Promise<(CertificateJson & { revokedReason: string | null }) | undefined> {
  const found = getPublicCertificate(db, id);
  if (!found) return undefined;
  const course = (await getContentIndex()).courses.find((c) => c.meta.id === found.courseId);
  return {
    id: found.id,
    status: found.status,
    student: found.student,
    course: {
      id: found.courseId,
      zh: course?.meta.title.zh ?? found.courseId,
      en: course?.meta.title.en ?? found.courseId,
    },
    university: found.university,
    cohort: found.cohort,
    issuedAt: found.issuedAt.toISOString(),
    revokedAt: found.revokedAt?.toISOString() ?? null,
    revokedReason: found.revokedReason,
  };
}

/** The QR code of the page's own address, as SVG markup (made here from our own URL, never from user text). */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
}
