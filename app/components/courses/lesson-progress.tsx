import { useCallback, useEffect, useRef, useState } from "react";
import { useT } from "~/i18n/use-t";
import { LabBalances } from "./lab-balances";

export type LessonStates = Readonly<Record<string, "not-started" | "started" | "complete">>;

interface StateJson {
  lessonStates: LessonStates;
  lesson: { state: "not-started" | "started" | "complete" };
  certificateId: string | null;
  labBalances?: Record<string, number>;
}

// Active reading: the tab is visible and the reader did something in the last two minutes.
const IDLE_MS = 2 * 60 * 1000;
const BATCH_SECONDS = 30;

function post(url: string, body: Record<string, string>, keepalive = false): Promise<StateJson | null> {
  return fetch(url, {
    method: "POST",
    headers: { Accept: "application/json" },
    body: new URLSearchParams(body),
    credentials: "same-origin",
    keepalive,
  })
    .then((res) => (res.ok ? (res.json() as Promise<StateJson>) : null))
    .catch(() => null);
}

/**
 * "Mark as complete" and the reader's own progress. The server renders a
 * plain form (the same for everyone, so the page stays cacheable; it works
 * without JavaScript); after hydration one private request records the view
 * and brings this person's state, and visible, active reading time is sent
 * in small batches.
 */
export function LessonProgress({
  endpoint,
  onStates,
}: {
  endpoint: string;
  onStates: (states: LessonStates) => void;
}) {
  const t = useT();
  const [state, setState] = useState<StateJson | null>(null);
  const [pending, setPending] = useState(false);
  const report = useRef(onStates);
  report.current = onStates;

  const apply = useCallback((next: StateJson | null) => {
    if (!next) return;
    setState(next);
    report.current(next.lessonStates);
  }, []);

  useEffect(() => {
    void post(endpoint, { intent: "open" }).then(apply);
    let counted = 0;
    let lastActive = Date.now();
    const active = () => {
      lastActive = Date.now();
    };
    const events = ["pointermove", "keydown", "scroll", "touchstart"] as const;
    for (const name of events) window.addEventListener(name, active, { passive: true });
    const send = (keepalive: boolean) => {
      if (counted > 0) void post(endpoint, { intent: "time", seconds: String(counted) }, keepalive);
      counted = 0;
    };
    const tick = window.setInterval(() => {
      if (document.visibilityState !== "visible" || Date.now() - lastActive > IDLE_MS) return;
      counted += 1;
      if (counted >= BATCH_SECONDS) send(false);
    }, 1000);
    const hide = () => send(true);
    window.addEventListener("pagehide", hide);
    return () => {
      window.clearInterval(tick);
      for (const name of events) window.removeEventListener(name, active);
      window.removeEventListener("pagehide", hide);
      send(true);
    };
  }, [endpoint, apply]);

  const complete = state?.lesson.state === "complete";
  return (
    <div className="mt-8 flex flex-wrap items-center gap-4 print:hidden" data-lesson-progress>
      <LabBalances balances={state?.labBalances} />
      {complete ? (
        <p role="status" className="font-semibold text-green-800">
          ✓ {t("lesson.completed")}
        </p>
      ) : (
        <form
          method="post"
          action={endpoint}
          onSubmit={(event) => {
            event.preventDefault();
            setPending(true);
            void post(endpoint, { intent: "complete" })
              .then(apply)
              .finally(() => setPending(false));
          }}
        >
          <input type="hidden" name="intent" value="complete" />
          <button type="submit" className="btn-primary" disabled={pending} aria-busy={pending}>
            {pending ? t("lesson.marking") : t("lesson.markComplete")}
          </button>
        </form>
      )}
      {state?.certificateId ? (
        <p>
          {t("lesson.courseDone")}{" "}
          <a className="link" href={`/certificates/${state.certificateId}`}>
            {t("lesson.viewCertificate")}
          </a>
        </p>
      ) : null}
    </div>
  );
}
