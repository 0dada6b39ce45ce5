import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { type RoleName, can } from "~/auth/permissions";
import type { Locale } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";
import { PendingButton } from "./forms";

// Links and buttons in the header share one box, so their text lines up.
const NAV_ITEM = "inline-flex h-9 items-center rounded-md px-3 text-sm font-medium leading-none";

interface NavItem {
  to: string;
  label: MessageKey;
}

function navItems(role: RoleName | null): NavItem[] {
  const items: NavItem[] = [{ to: "/courses", label: "nav.courses" }];
  if (can(role, "admin:users")) items.push({ to: "/admin", label: "nav.admin" });
  return items;
}

function LanguageSwitch({ locale }: { locale: Locale }) {
  const t = useT();
  const location = useLocation();
  const other: Locale = locale === "en" ? "zh-CN" : "en";
  return (
    <Form method="post" action="/locale" className="flex">
      <input type="hidden" name="locale" value={other} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <PendingButton
        className={`${NAV_ITEM} text-slate-700 hover:bg-slate-100`}
        lang={other}
        aria-label={`${t("lang.switch")}: ${t(`lang.${other}`)}`}
        pendingLabel={t("common.working")}
      >
        {t(`lang.${other}`)}
      </PendingButton>
    </Form>
  );
}

export function SiteHeader({ locale, role }: { locale: Locale; role: RoleName | null }) {
  const t = useT();
  const items = navItems(role);
  const linkClass = ({ isActive }: { isActive: boolean }) =>
    `${NAV_ITEM} ${isActive ? "bg-brand-50 text-brand-800" : "text-slate-700 hover:bg-slate-100"}`;
  const account = role ? (
    <>
      <NavLink to="/account" className={linkClass}>
        {t("nav.account")}
      </NavLink>
      <Form method="post" action="/logout" className="flex">
        <PendingButton
          className={`${NAV_ITEM} text-slate-700 hover:bg-slate-100`}
          pendingLabel={t("common.working")}
        >
          {t("nav.logout")}
        </PendingButton>
      </Form>
    </>
  ) : (
    <NavLink to="/login" className={linkClass}>
      {t("nav.login")}
    </NavLink>
  );
  return (
    <header className="border-b border-slate-200 bg-white print:hidden">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2"
      >
        {t("nav.skip")}
      </a>
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-2 px-4 py-3 sm:px-6">
        <Link to="/" className="mr-auto flex items-center gap-2 font-semibold text-brand-800">
          <span aria-hidden="true" className="inline-block h-6 w-6 rounded bg-brand-700" />
          {t("app.name")}
        </Link>
        <nav
          aria-label={t("nav.main")}
          className="order-last flex w-full flex-wrap items-center gap-1 sm:order-none sm:w-auto"
        >
          {items.map((item) => (
            <NavLink key={item.to} to={item.to} className={linkClass}>
              {t(item.label)}
            </NavLink>
          ))}
        </nav>
        <div className="flex items-center gap-1">
          <LanguageSwitch locale={locale} />
          {account}
        </div>
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
