import { appMode } from "~/utils/env.server";
import { log } from "~/utils/log.server";
import { type CompiledLesson, KEY_PATTERN, readCachedLesson } from "./cache.server";
import {
  type ContentIndex,
  type VariantRef,
  listVariants,
  scanContent,
  variantId,
} from "./content-index.server";
import { readManifest } from "./manifest.server";
import { contentCacheDir, contentManifestPath, contentRoot } from "./paths.server";
import { checkContent } from "./check.server";
import { type Ensured, ensureCompiled, keyOf } from "./precompile.server";
import { type Problem, formatProblem } from "./problems.server";

interface Store {
  index: ContentIndex;
  /** variantId → key of the compiled lesson currently served for it */
  keys: Map<string, string>;
  lessons: Map<string, CompiledLesson>;
  inFlight: Map<string, Promise<Ensured>>;
}

declare global {
  // Kept across module re-evaluation in development, like the database handle.
  var __courseware: { ready: Promise<Store>; lessons?: Map<string, CompiledLesson> } | undefined;
}

const report = (problem: Problem) =>
  log(problem.severity === "error" ? "error" : "warn", "content problem", {
    problem: formatProblem(problem),
  });
const isDevelopment = () => appMode() === "development";
// Production and demo serve a production build: every lesson is compiled before the first request.
const compilesEagerly = () => appMode() === "production" || appMode() === "demo";

async function compileInto(store: Store, ref: VariantRef, key: string): Promise<Ensured> {
  const running = store.inFlight.get(key);
  if (running) return running;
  const work = ensureCompiled(store.index, ref, contentCacheDir, key).then((result) => {
    for (const problem of result.problems) report(problem);
    if (result.lesson) store.lessons.set(key, result.lesson);
    return result;
  });
  store.inFlight.set(key, work);
  try {
    return await work;
  } finally {
    store.inFlight.delete(key);
  }
}

async function buildStore(): Promise<Store> {
  const started = Date.now();
  const manifest = isDevelopment() ? undefined : readManifest(contentManifestPath);
  const scanned = manifest ? undefined : scanContent(contentRoot);
  const index: ContentIndex = manifest ? { root: contentRoot, courses: manifest.courses } : scanned!.index;
  if (!manifest && !isDevelopment()) {
    log(
      "warn",
      "no content manifest for this pipeline version: reading content/ directly (run npm run build)",
    );
  }
  for (const problem of scanned?.problems ?? []) report(problem);
  // Without a manifest nobody has checked this content: apply the build's rules before serving it.
  const refused =
    !manifest && compilesEagerly()
      ? (await checkContent(contentRoot, { cacheDir: contentCacheDir })).filter((p) => p.severity === "error")
      : [];
  const store: Store = { index, keys: new Map(), lessons: new Map(), inFlight: new Map() };
  if (globalThis.__courseware) globalThis.__courseware.lessons = store.lessons;
  let compiled = 0;
  for (const ref of listVariants(index)) {
    const key = manifest?.keys[variantId(ref)] ?? keyOf(index, ref);
    store.keys.set(variantId(ref), key);
    const cached = readCachedLesson(contentCacheDir, key);
    if (cached) store.lessons.set(key, cached);
    else if (compilesEagerly()) {
      compiled += 1;
      const result = await compileInto(store, ref, key);
      if (!result.lesson) refused.push(...result.problems.filter((p) => p.severity === "error"));
    }
  }
  if (refused.length > 0) {
    // A lesson with errors is never published: production and demo do not start on it.
    const unique = [...new Set(refused.map(formatProblem))];
    throw new Error(`content has errors; not starting:\n${unique.join("\n")}`);
  }
  log("info", "content ready", {
    lessonFiles: store.lessons.size,
    compiledAtStart: compiled,
    ms: Date.now() - started,
  });
  return store;
}

/**
 * Loads the content index and every compiled lesson into memory; in
 * production also compiles any lesson whose cache file is missing, so no
 * request ever waits on a compile. The server awaits this before listening.
 */
export function warmContent(): Promise<void> {
  return started().then(() => undefined);
}

function started(): Promise<Store> {
  if (!globalThis.__courseware) {
    globalThis.__courseware = { ready: Promise.resolve().then(buildStore) };
  }
  return globalThis.__courseware.ready;
}

async function store(): Promise<Store> {
  const current = await started();
  // In development content/ is re-read on every request, so an edit shows on the next page view.
  if (isDevelopment()) current.index = scanContent(contentRoot).index;
  return current;
}

export async function getContentIndex(): Promise<ContentIndex> {
  return (await store()).index;
}

/** A lesson file compiled for its current source (development recompiles a changed file here). */
export async function getCompiledLesson(ref: VariantRef): Promise<CompiledLesson | undefined> {
  const current = await store();
  const id = variantId(ref);
  let key = current.keys.get(id);
  if (isDevelopment()) {
    const fresh = keyOf(current.index, ref);
    if (key && key !== fresh) current.lessons.delete(key);
    key = fresh;
    current.keys.set(id, key);
  }
  if (!key) return undefined;
  const ready = current.lessons.get(key) ?? readCachedLesson(contentCacheDir, key);
  if (ready) {
    current.lessons.set(key, ready);
    return ready;
  }
  if (!isDevelopment())
    log("warn", "lesson compiled during a request (missing from the warm-up)", { lesson: id });
  return (await compileInto(current, ref, key)).lesson;
}

/** A compiled lesson by cache key, e.g. to serve its body to client navigation. */
export function findCompiledLesson(key: string): CompiledLesson | undefined {
  if (!KEY_PATTERN.test(key)) return undefined;
  return globalThis.__courseware?.lessons?.get(key) ?? readCachedLesson(contentCacheDir, key);
}

/**
 * The pre-rendered body of a lesson by key. entry.server.tsx provides it as
 * LessonHtmlContext, so lesson HTML goes into the document without being
 * repeated in loader data. Synchronous: the lesson was compiled by its loader.
 */
export function getLessonHtml(key: string): string | undefined {
  return findCompiledLesson(key)?.html;
}
