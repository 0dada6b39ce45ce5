import { type RefObject, useEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { useT } from "~/i18n/use-t";

/**
 * Reader conveniences added to the static lesson HTML after hydration: a copy
 * button on each code block and tap-to-enlarge figures. The lesson document
 * is cached whole and shared by every viewer (no per-user data, no inline
 * scripts under its CSP), so all of this is attached here, in the browser,
 * with event listeners. Before hydration the lesson reads as it always did.
 */

/** Writes text to the clipboard; plain-http demo servers on a LAN address have no Clipboard API. */
async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) return navigator.clipboard.writeText(text);
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("copy refused");
}

type CopyState = "idle" | "copying" | "copied" | "failed";

function CopyButton({ pre }: { pre: HTMLElement }) {
  const t = useT();
  const [state, setState] = useState<CopyState>("idle");
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async () => {
    clearTimeout(timer.current);
    setState("copying");
    try {
      await copyText((pre.querySelector("code") ?? pre).textContent ?? "");
      setState("copied");
    } catch {
      setState("failed");
    }
    timer.current = setTimeout(() => setState("idle"), 2500);
  };
  const label = {
    idle: t("lesson.copyCode"),
    copying: t("lesson.copying"),
    copied: t("lesson.copied"),
    failed: t("lesson.copyFailed"),
  }[state];
  return (
    <>
      <button
        type="button"
        className="code-copy"
        data-state={state}
        disabled={state === "copying"}
        aria-busy={state === "copying"}
        onClick={copy}
      >
        {label}
      </button>
      <span role="status" className="sr-only">
        {state === "copied" || state === "failed" ? label : ""}
      </span>
    </>
  );
}

/** Puts each <pre> in a positioned wrapper with a slot for its copy button. */
function codeBlocks(root: HTMLElement): { pre: HTMLElement; slot: HTMLElement }[] {
  return [...root.querySelectorAll<HTMLElement>("pre")].map((pre) => {
    let wrapper = pre.parentElement;
    if (!wrapper?.classList.contains("code-block")) {
      wrapper = document.createElement("div");
      wrapper.className = "code-block";
      pre.replaceWith(wrapper);
      wrapper.append(pre);
    }
    let slot = wrapper.querySelector<HTMLElement>(":scope > .code-copy-slot");
    if (!slot) {
      slot = document.createElement("div");
      slot.className = "code-copy-slot";
      wrapper.prepend(slot);
    }
    return { pre, slot };
  });
}

interface Shown {
  src: string;
  alt: string;
  /** Its own width: on a phone, that is what makes the labels readable again. */
  width: number;
  caption: string;
  trigger: HTMLElement;
}

/** The enlarged figure: a modal <dialog> (focus kept inside, Escape closes), scrollable both ways. */
function FigureDialog({ shown, onClose }: { shown: Shown | null; onClose: () => void }) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (shown && !element.open) element.showModal();
    if (!shown && element.open) element.close();
  }, [shown]);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click on the backdrop; Escape closes a modal dialog natively
    <dialog
      ref={dialog}
      className="figure-dialog"
      aria-label={shown?.alt || t("lesson.figure")}
      onClose={() => {
        onClose();
        shown?.trigger.focus();
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget) event.currentTarget.close();
      }}
    >
      <button
        type="button"
        className="figure-dialog-close btn-secondary"
        onClick={() => dialog.current?.close()}
      >
        {t("lesson.closeFigure")}
      </button>
      {shown ? (
        <figure>
          <img src={shown.src} alt={shown.alt} style={{ width: `${shown.width}px` }} />
          {shown.caption ? (
            <figcaption className="mt-3 text-sm text-slate-700">{shown.caption}</figcaption>
          ) : null}
        </figure>
      ) : null}
    </dialog>
  );
}

/** Makes each lesson figure a button that opens it full-screen at its own size. */
function useFigureButtons(body: RefObject<HTMLElement>, show: (shown: Shown) => void) {
  const t = useT();
  const latestShow = useRef(show);
  latestShow.current = show;
  useEffect(() => {
    const root = body.current;
    if (!root) return;
    const cleanups: (() => void)[] = [];
    for (const img of root.querySelectorAll<HTMLImageElement>("figure img")) {
      const parent = img.parentElement;
      let button: HTMLButtonElement;
      if (parent instanceof HTMLButtonElement && parent.classList.contains("figure-zoom")) button = parent;
      else {
        button = document.createElement("button");
        button.type = "button";
        button.className = "figure-zoom";
        img.replaceWith(button);
        button.append(img);
      }
      button.setAttribute("aria-label", t("lesson.enlargeFigure", { name: img.alt || t("lesson.figure") }));
      const trigger = button;
      const open = () => {
        const width = Number(img.getAttribute("width")) || img.naturalWidth || img.width;
        const caption = img.closest("figure")?.querySelector("figcaption")?.textContent ?? "";
        latestShow.current({ src: img.currentSrc || img.src, alt: img.alt, width, caption, trigger });
      };
      trigger.addEventListener("click", open);
      cleanups.push(() => trigger.removeEventListener("click", open));
    }
    return () => {
      for (const cleanup of cleanups) cleanup();
    };
  }, [body, t]);
}

export function LessonEnhancements({ body }: { body: RefObject<HTMLElement> }) {
  const [blocks, setBlocks] = useState<{ pre: HTMLElement; slot: HTMLElement }[]>([]);
  const [shown, setShown] = useState<Shown | null>(null);
  useEffect(() => {
    if (body.current) setBlocks(codeBlocks(body.current));
  }, [body]);
  useFigureButtons(body, setShown);
  return (
    <>
      {blocks.map(({ pre, slot }, index) => createPortal(<CopyButton pre={pre} />, slot, `copy-${index}`))}
      <FigureDialog shown={shown} onClose={() => setShown(null)} />
    </>
  );
}
