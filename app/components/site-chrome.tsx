import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { type ReactNode, useEffect, useRef } from "react";
import { type RoleName, can } from "~/auth/permissions";
import type { Locale } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";
import { PendingButton } from "./forms";

// Links and buttons in the header share one box, so their text lines up.
const NAV_ITEM = "inline-flex h-9 items-center rounded-md px-3 text-sm font-medium leading-none";
const PLAIN = "text-slate-700 hover:bg-slate-100";

interface NavItem {
  to: string;
  label: MessageKey;
}

function navItems(role: RoleName | null): NavItem[] {
  const items: NavItem[] = [{ to: "/courses", label: "nav.courses" }];
  // Shown by role, not by enrolment: the root data must stay the same for everyone with one
  // role, since cached lesson pages are keyed on it. Any account can be a learner (teacher
  // training), so every signed-in role gets the link; without enrolments the page says how to join.
  if (role) items.push({ to: "/dashboard", label: "nav.dashboard" });
  if (can(role, "compute:use")) items.push({ to: "/compute", label: "nav.compute" });
  if (can(role, "cohort:teach")) items.push({ to: "/teach", label: "nav.teach" });
  if (can(role, "admin:users")) items.push({ to: "/admin", label: "nav.admin" });
  if (role) items.push({ to: "/account", label: "nav.account" });
  else items.push({ to: "/login", label: "nav.login" });
  return items;
}

const linkClass = ({ isActive }: { isActive: boolean }) =>
  `${NAV_ITEM} ${isActive ? "bg-brand-50 text-brand-800" : PLAIN}`;

function LanguageSwitch({ locale }: { locale: Locale }) {
  const t = useT();
  const location = useLocation();
  const other: Locale = locale === "en" ? "zh-CN" : "en";
  return (
    <Form method="post" action="/locale" className="flex">
      <input type="hidden" name="locale" value={other} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <PendingButton
        className={`${NAV_ITEM} ${PLAIN}`}
        lang={other}
        aria-label={`${t("lang.switch")}: ${t(`lang.${other}`)}`}
        pendingLabel={t("common.working")}
      >
        {t(`lang.${other}`)}
      </PendingButton>
    </Form>
  );
}

function SignOut({ className }: { className: string }) {
  const t = useT();
  return (
    <Form method="post" action="/logout" className="flex">
      <PendingButton className={className} pendingLabel={t("common.working")}>
        {t("nav.logout")}
      </PendingButton>
    </Form>
  );
}

/**
 * The phone menu: a native disclosure, so it opens by keyboard and without
 * JavaScript. After hydration it also closes on Escape, on a click outside
 * and when the page changes.
 */
function PhoneMenu({ children }: { children: ReactNode }) {
  const t = useT();
  const menu = useRef<HTMLDetailsElement>(null);
  const location = useLocation();

  // biome-ignore lint/correctness/useExhaustiveDependencies: closing is the point of a new location
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [location.key]);

  useEffect(() => {
    const details = menu.current;
    if (!details) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || !details.open) return;
      details.open = false;
      details.querySelector("summary")?.focus();
    };
    const onClick = (event: MouseEvent) => {
      if (details.open && !details.contains(event.target as Node)) details.open = false;
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("click", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("click", onClick);
    };
  }, []);

  return (
    <details ref={menu} className="group sm:hidden" data-phone-menu="">
      <summary
        className={`${NAV_ITEM} ${PLAIN} cursor-pointer list-none gap-2 [&::-webkit-details-marker]:hidden`}
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
          <path className="group-open:hidden" d="M3 5h14v2H3zM3 9h14v2H3zM3 13h14v2H3z" />
          <path
            className="hidden group-open:inline"
            d="M5.4 4 4 5.4 8.6 10 4 14.6 5.4 16l4.6-4.6 4.6 4.6 1.4-1.4-4.6-4.6L16 5.4 14.6 4 10 8.6z"
          />
        </svg>
        {t("nav.menu")}
      </summary>
      <div className="absolute inset-x-0 top-full z-40 border-b border-slate-200 bg-white px-4 py-3 shadow-md">
        {children}
      </div>
    </details>
  );
}

export function SiteHeader({ locale, role }: { locale: Locale; role: RoleName | null }) {
  const t = useT();
  const items = navItems(role);
  const links = (vertical: boolean) =>
    items.map((item) => (
      <li key={item.to}>
        <NavLink to={item.to} className={(state) => `${linkClass(state)} ${vertical ? "w-full" : ""}`}>
          {t(item.label)}
        </NavLink>
      </li>
    ));
  return (
    <header className="relative border-b border-slate-200 bg-white print:hidden">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2"
      >
        {t("nav.skip")}
      </a>
      <div className="mx-auto flex max-w-6xl items-center gap-2 px-4 py-3 sm:px-6">
        <Link to="/" className="mr-auto flex min-w-0 items-center gap-2 font-semibold text-brand-800">
          <span aria-hidden="true" className="inline-block h-6 w-6 shrink-0 rounded bg-brand-700" />
          <span className="truncate">{t("app.name")}</span>
        </Link>
        <nav aria-label={t("nav.main")} className="hidden sm:block">
          <ul className="flex items-center gap-1">{links(false)}</ul>
        </nav>
        <LanguageSwitch locale={locale} />
        {role ? (
          <div className="hidden sm:flex">
            <SignOut className={`${NAV_ITEM} ${PLAIN}`} />
          </div>
        ) : null}
        <PhoneMenu>
          <nav aria-label={t("nav.main")}>
            <ul className="flex flex-col gap-1">{links(true)}</ul>
          </nav>
          {role ? (
            <div className="mt-2 border-t border-slate-200 pt-2">
              <SignOut className={`${NAV_ITEM} ${PLAIN} w-full`} />
            </div>
          ) : null}
        </PhoneMenu>
      </div>
    </header>
  );
}

export function SiteFooter() {
  const t = useT();
  return (
    <footer className="border-t border-slate-200 bg-white px-4 py-6 text-center text-sm text-slate-600 print:hidden">
      {t("footer.text")}
    </footer>
  );
}
