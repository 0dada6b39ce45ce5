import { createContext } from "react";

/**
 * Server-side lookup of pre-rendered lesson HTML by key. entry.server.tsx
 * provides it, so the lesson body is rendered into the document without being
 * repeated in the route's loader data. On the client it is null.
 */
export const LessonHtmlContext = createContext<((key: string) => string | undefined) | null>(null);
