import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import { HoursMinutes } from "~/components/compute-minutes";
import { useT } from "~/i18n/use-t";

/**
 * The reader's own balance inside each lab block of the (shared, cached)
 * lesson body: the numbers come with the per-person state, so they are added
 * in the browser, never baked into the document.
 */
export function LabBalances({ balances }: { balances: Record<string, number> | undefined }) {
  const t = useT();
  const [slots, setSlots] = useState<{ pool: string; node: HTMLElement }[]>([]);
  useEffect(() => {
    if (!balances) return;
    const made = [...document.querySelectorAll<HTMLElement>("section.lab[data-pool]")].map((lab) => {
      const node = document.createElement("p");
      node.className = "mt-2 text-sm text-violet-900";
      node.dataset.labBalance = "";
      lab.append(node);
      return { pool: lab.dataset.pool ?? "", node };
    });
    setSlots(made);
    return () => {
      for (const { node } of made) node.remove();
    };
  }, [balances]);
  if (!balances) return null;
  return (
    <>
      {slots.map(({ pool, node }, i) =>
        createPortal(
          <>
            {t("lesson.lab.balance")}{" "}
            <HoursMinutes minutes={Object.hasOwn(balances, pool) ? (balances[pool] ?? 0) : 0} />{" "}
            <a className="link" href="/compute">
              {t("compute.open")}
            </a>
          </>,
          node,
          `${pool}-${i}`,
        ),
      )}
    </>
  );
}
