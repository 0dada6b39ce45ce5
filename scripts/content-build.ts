/**
 * Second half of `npm run build`: compiles every lesson into .cache/content
 * (skipping those whose key is already there) and writes the manifest the
 * production server starts from. Fails when a lesson does not compile.
 */
import cliProgress from "cli-progress";
import { listVariants, scanContent, variantId } from "~/courseware/content-index.server";
import { pruneCache } from "~/courseware/cache.server";
import { writeManifest } from "~/courseware/manifest.server";
import { contentCacheDir, contentManifestPath, contentRoot } from "~/courseware/paths.server";
import { ensureCompiled } from "~/courseware/precompile.server";
import { type Problem, displayPath, formatProblem } from "~/courseware/problems.server";

const started = Date.now();
const { index, problems: scanProblems } = scanContent(contentRoot);
const variants = listVariants(index);
const keys: Record<string, string> = {};
const failed: string[] = [];
const problems: Problem[] = [...scanProblems];
let compiled = 0;

const bar = new cliProgress.SingleBar(
  { format: "content [{bar}] {value}/{total} {file}", hideCursor: true, stream: process.stderr },
  cliProgress.Presets.shades_classic,
);
bar.start(variants.length, 0, { file: "" });
for (const ref of variants) {
  bar.update({ file: variantId(ref) });
  const result = await ensureCompiled(index, ref, contentCacheDir);
  keys[variantId(ref)] = result.key;
  problems.push(...result.problems);
  if (result.compiled) compiled += 1;
  if (!result.lesson) failed.push(variantId(ref));
  bar.increment();
}
bar.stop();

for (const problem of problems) console.log(formatProblem(problem));
if (failed.length > 0) {
  console.error(
    `content build failed: ${failed.join(", ")} did not compile (run npm run content:check for details)`,
  );
  process.exit(1);
}
writeManifest(contentManifestPath, index, keys);
const pruned = pruneCache(contentCacheDir, new Set(Object.values(keys)));
console.log(
  `content: ${variants.length} lesson files (${compiled} compiled, ${variants.length - compiled} from cache, ${pruned} stale removed) → ${displayPath(contentManifestPath)} in ${Date.now() - started} ms`,
);
