import { createHash, randomBytes } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { and, eq, lt, or, sql } from "drizzle-orm";
import { type Db, type Tx, getDb, isDatabaseBusy, perConnection } from "~db/client.server";
import { sessions, users } from "~db/schema";
import { appMode, sessionSecret } from "~/utils/env.server";
import type { RoleName } from "./permissions";

export const IDLE_TIMEOUT_MS = 7 * 24 * 60 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 30 * 24 * 60 * 60 * 1000;
// lastSeenAt is refreshed at most this often, so reading a page rarely writes.
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

export interface Viewer {
  id: number;
  email: string;
  name: string;
  role: RoleName;
  locale: "zh-CN" | "en";
  universityId: number | null;
  sessionIdHash: string;
}

let cookie: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  cookie ??= createCookie("ta_session", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secrets: [sessionSecret()],
    maxAge: ABSOLUTE_TIMEOUT_MS / 1000,
  });
  return cookie;
}

export function isSecureRequest(request: Request): boolean {
  return appMode() === "production" || new URL(request.url).protocol === "https:";
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

// Asked on every signed-in request: built once per connection.
const lookup = perConnection((db) =>
  db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      locale: users.locale,
      universityId: users.universityId,
      disabledAt: users.disabledAt,
      sessionIdHash: sessions.idHash,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.idHash, sql.placeholder("idHash")))
    .prepare(),
);

// A signed session value is 43 characters of id, a dot and a signature: anything
// much longer is not ours and is not worth verifying, let alone remembering.
const SESSION_VALUE = /(?:^|;\s*)ta_session=([^;]{1,200})(?:;|$)/;

/** The raw ta_session value of the Cookie header (never the whole header: other cookies can be KBs). */
function sessionCookieValue(request: Request): string | null {
  return sessionValueOf(request.headers.get("Cookie"));
}

function sessionValueOf(header: string | null | undefined): string | null {
  if (!header?.includes("ta_session=")) return null;
  const value = SESSION_VALUE.exec(header)?.[1];
  // A regex match is a slice that keeps the whole header alive in V8: copy the few bytes out.
  return value === undefined ? null : Buffer.from(value, "latin1").toString("latin1");
}

// Verifying the cookie's signature is a pure function of its value, and every
// loader of a request gets its own Request copy from Remix: remember recent
// answers, keyed by the short value only, so the memo stays under a few MB.
const parsedCookies = new Map<string, string | null>();
const PARSED_COOKIES_MAX = 10_000;

async function readSessionId(request: Request): Promise<string | null> {
  return sessionIdOf(sessionCookieValue(request));
}

async function sessionIdOf(raw: string | null): Promise<string | null> {
  if (raw === null) return null;
  const known = parsedCookies.get(raw);
  if (known !== undefined) return known;
  // A tampered or foreign cookie fails the signature check and parses to null: signed out.
  const value = await sessionCookie().parse(`ta_session=${raw}`);
  const id = typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
  if (parsedCookies.size >= PARSED_COOKIES_MAX) parsedCookies.clear();
  parsedCookies.set(raw, id);
  return id;
}

export function findViewerBySessionId(db: Db, sessionId: string, now = Date.now()): Viewer | null {
  const row = lookup(db).get({ idHash: hashToken(sessionId) });
  if (!row) return null;
  const expired = row.expiresAt.getTime() <= now || row.lastSeenAt.getTime() + IDLE_TIMEOUT_MS <= now;
  if (expired || row.disabledAt) {
    db.delete(sessions).where(eq(sessions.idHash, row.sessionIdHash)).run();
    return null;
  }
  if (now - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    try {
      db.update(sessions)
        .set({ lastSeenAt: new Date(now) })
        .where(eq(sessions.idHash, row.sessionIdHash))
        .run();
    } catch (error) {
      // Another process holds the write lock: the page can still be read; the touch waits for the next view.
      if (!isDatabaseBusy(error)) throw error;
    }
  }
  const { disabledAt: _d, lastSeenAt: _l, expiresAt: _e, ...viewer } = row;
  return viewer;
}

// Remix hands each loader of a page its own copy of the request, and calls them
// all in one turn of the event loop: reads for the same session in that turn
// share one lookup. Only reads: a write (an action) must see its own effects.
const thisTurn = new Map<string, Promise<Viewer | null>>();

function lookUp(request: Request) {
  return readSessionId(request).then((id) => (id ? findViewerBySessionId(getDb(), id) : null));
}

export function getViewer(request: Request): Promise<Viewer | null> {
  if (request.method !== "GET" && request.method !== "HEAD") return lookUp(request);
  const key = sessionCookieValue(request) ?? "";
  let pending = thisTurn.get(key);
  if (!pending) {
    if (thisTurn.size === 0) setImmediate(() => thisTurn.clear());
    pending = lookUp(request);
    thisTurn.set(key, pending);
  }
  return pending;
}

/**
 * The viewer of a raw Cookie header, for the server's cached-document path
 * (app/utils/cached-document.server.ts), which answers before a Request exists.
 */
export async function viewerOfCookieHeader(header: string | undefined): Promise<Viewer | null> {
  const id = await sessionIdOf(sessionValueOf(header));
  return id ? findViewerBySessionId(getDb(), id) : null;
}

/** Starts a fresh session (a new id at every sign-in) and returns its Set-Cookie header. */
export async function createSession(request: Request, userId: number, db: Db = getDb()): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  const now = Date.now();
  db.insert(sessions)
    .values({
      idHash: hashToken(id),
      userId,
      lastSeenAt: new Date(now),
      expiresAt: new Date(now + ABSOLUTE_TIMEOUT_MS),
    })
    .run();
  // Opportunistic clean-up of this user's dead sessions.
  db.delete(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        or(lt(sessions.expiresAt, new Date(now)), lt(sessions.lastSeenAt, new Date(now - IDLE_TIMEOUT_MS))),
      ),
    )
    .run();
  return sessionCookie().serialize(id, { secure: isSecureRequest(request) });
}

/** Ends the request's session (if any) and returns a Set-Cookie header that clears the cookie. */
export async function destroySession(request: Request, db: Db = getDb()): Promise<string> {
  const id = await readSessionId(request);
  if (id)
    db.delete(sessions)
      .where(eq(sessions.idHash, hashToken(id)))
      .run();
  return sessionCookie().serialize("", { maxAge: 0, expires: new Date(0), secure: isSecureRequest(request) });
}

/** Ends every session of a user, optionally keeping one (the one that asked). */
export function revokeUserSessions(db: Tx, userId: number, keepIdHash?: string): void {
  const condition = keepIdHash
    ? and(eq(sessions.userId, userId), sql`${sessions.idHash} <> ${keepIdHash}`)
    : eq(sessions.userId, userId);
  db.delete(sessions).where(condition).run();
}
