import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  json,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { getViewer } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { SiteFooter, SiteHeader } from "~/components/site-chrome";
import { getLocale } from "~/i18n/locale.server";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locale";
import { makeT } from "~/i18n/t";
import { useNonce } from "~/utils/nonce";
import tailwindHref from "./tailwind.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: tailwindHref },
  { rel: "icon", href: "/favicon.ico" },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = makeT(data?.locale ?? DEFAULT_LOCALE);
  return [{ title: t("app.name") }, { name: "description", content: t("app.program") }];
};

/**
 * Only what every page needs and nothing that differs between two viewers with
 * the same locale and role: lesson documents are cached whole on that basis.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  const locale = await getLocale(request, viewer);
  return json({ locale, role: viewer?.role ?? null });
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  const locale: Locale = data?.locale ?? DEFAULT_LOCALE;
  return (
    <html lang={locale} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-screen flex-col">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { locale, role } = useLoaderData<typeof loader>();
  return (
    <>
      <SiteHeader locale={locale} role={role} />
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:px-6">
        <Outlet />
      </main>
      <SiteFooter />
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return (
    <>
      <SiteHeader locale={data?.locale ?? DEFAULT_LOCALE} role={data?.role ?? null} />
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:px-6">
        <ErrorPage status={status} data={isRouteErrorResponse(error) ? error.data : undefined} />
      </main>
      <SiteFooter />
    </>
  );
}
