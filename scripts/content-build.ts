/**
 * Second half of `npm run build`: runs every rule of `npm run content:check`,
 * compiling lessons into the content cache (a lesson whose key is already
 * there is not compiled again; a lesson with errors is never cached), then
 * writes the manifest the production server starts from. Any error, cold
 * cache or warm, is printed with its file:line and fails the build before a
 * manifest is written.
 *
 * `-- --root <content folder> --out <folder>` builds another content tree
 * into <folder>/cache and <folder>/content-manifest.json (tests use it).
 */
import path from "node:path";
import cliProgress from "cli-progress";
import { pruneCache } from "~/courseware/cache.server";
import { checkContent } from "~/courseware/check.server";
import { listVariants, scanContent, variantId } from "~/courseware/content-index.server";
import { writeManifest } from "~/courseware/manifest.server";
import { contentCacheDir, contentManifestPath, contentRoot } from "~/courseware/paths.server";
import { displayPath, formatProblem, hasErrors } from "~/courseware/problems.server";

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? process.argv[at + 1] : undefined;
  return value ? path.resolve(value) : undefined;
}

const root = flag("--root") ?? contentRoot;
const out = flag("--out");
const cacheDir = out ? path.join(out, "cache") : contentCacheDir;
const manifestPath = out ? path.join(out, "content-manifest.json") : contentManifestPath;

const started = Date.now();
const keys: Record<string, string> = {};
let compiled = 0;
let total = 0;

const bar = new cliProgress.SingleBar(
  { format: "content [{bar}] {value}/{total} {file}", hideCursor: true, stream: process.stderr },
  cliProgress.Presets.shades_classic,
);
bar.start(1, 0, { file: "" });
const problems = await checkContent(root, {
  cacheDir,
  onProgress(done, count, file) {
    bar.setTotal(Math.max(count, 1));
    bar.update(done, { file: file ? displayPath(file) : "" });
  },
  onCompiled(ref, result) {
    total += 1;
    if (result.compiled) compiled += 1;
    keys[variantId(ref)] = result.key;
  },
});
bar.stop();

for (const problem of problems) console.log(formatProblem(problem));
if (hasErrors(problems)) {
  const errors = problems.filter((problem) => problem.severity === "error").length;
  console.error(`content build failed: ${errors} error(s) above; nothing was published`);
  process.exit(1);
}
const { index } = scanContent(root);
const published = Object.fromEntries(
  listVariants(index).map((ref) => [variantId(ref), keys[variantId(ref)] as string]),
);
writeManifest(manifestPath, index, published);
const pruned = pruneCache(cacheDir, new Set(Object.values(published)));
console.log(
  `content: ${total} lesson files (${compiled} compiled, ${total - compiled} from cache, ${pruned} stale removed) → ${displayPath(manifestPath)} in ${Date.now() - started} ms`,
);
