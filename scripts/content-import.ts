/**
 * `npm run content:import -- <folder> --course <slug> [--links links.yml] [--quizzes <folder>] [--root <content folder>]`:
 * brings a folder of plain Markdown lessons (one per sub-folder: README.md
 * plus translations) into content/courses/<slug>/. Reads local files only;
 * prints what it could not do as `file:line`, and the remote images to
 * download by hand. Quizzes come from a quiz app's JSON files (--quizzes, or
 * `quiz-app/src/assets/translations` found above the folder). Exit code 1 when anything could not be imported.
 */
import path from "node:path";
import cliProgress from "cli-progress";
import { importCurriculum } from "~/courseware/import.server";
import { contentRoot } from "~/courseware/paths.server";
import { displayPath, formatProblem, hasErrors } from "~/courseware/problems.server";
import { SLUG_PATTERN } from "~/courseware/urls";

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const [folder] = process.argv
  .slice(2)
  .filter((arg, i, all) => !arg.startsWith("--") && !all[i - 1]?.startsWith("--"));
const course = flag("--course");
if (!folder || !course || !SLUG_PATTERN.test(course)) {
  console.error(
    "usage: npm run content:import -- <folder> --course <slug> [--links links.yml] [--quizzes <folder>] [--root <content folder>]",
  );
  process.exit(2);
}
const links = flag("--links");
const root = flag("--root");
const quizzes = flag("--quizzes");

const bar = new cliProgress.SingleBar(
  {
    format: "content:import [{bar}] {value}/{total} {lesson}",
    hideCursor: true,
    clearOnComplete: true,
    stream: process.stderr,
  },
  cliProgress.Presets.shades_classic,
);
bar.start(1, 0, { lesson: "" });
const result = await importCurriculum({
  source: path.resolve(folder),
  contentRoot: root ? path.resolve(root) : contentRoot,
  course,
  ...(links ? { linksFile: path.resolve(links) } : {}),
  ...(quizzes ? { quizzes: path.resolve(quizzes) } : {}),
  onProgress(done, total, lesson) {
    bar.setTotal(Math.max(total, 1));
    bar.update(done, { lesson });
  },
});
bar.stop();

for (const file of result.written) console.log(`wrote ${displayPath(file)}`);
for (const problem of result.problems) console.log(formatProblem(problem));
if (result.remoteImages.length > 0) {
  console.log("\nremote images to download into the lesson folder (nothing was fetched):");
  for (const image of result.remoteImages)
    console.log(`  ${displayPath(image.file)}${image.line ? `:${image.line}` : ""} ${image.url}`);
}
console.log(
  `\ncontent:import ${displayPath(folder)} → ${course}: ${result.written.length} file(s) written, ${result.problems.length} problem(s), ${result.remoteImages.length} remote image(s)`,
);
process.exit(hasErrors(result.problems) ? 1 : 0);
