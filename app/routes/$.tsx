import { ErrorPage } from "~/components/error-page";

// Unknown paths go through the root loader (so the 404 speaks the visitor's language).
export function loader() {
  throw new Response(null, { status: 404 });
}

export default function NotFound() {
  return <ErrorPage status={404} />;
}

export function ErrorBoundary() {
  return <ErrorPage status={404} />;
}
