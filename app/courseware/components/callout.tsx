import type { ReactNode } from "react";
import { useStaticLocale } from "./static-t";

type CalloutType = "note" | "tip" | "warning";

const STYLES: Record<CalloutType, string> = {
  note: "border-sky-600 bg-sky-50",
  tip: "border-emerald-600 bg-emerald-50",
  warning: "border-amber-600 bg-amber-50",
};

export function Callout({ type, title, children }: { type?: string; title?: string; children?: ReactNode }) {
  const { t } = useStaticLocale();
  const kind: CalloutType = type === "tip" || type === "warning" ? type : "note";
  return (
    <aside
      className={`callout my-6 rounded-md border-l-4 px-4 py-3 print:break-inside-avoid ${STYLES[kind]}`}
    >
      <p className="callout-title font-semibold">{title ?? t(`lesson.callout.${kind}`)}</p>
      {children}
    </aside>
  );
}
