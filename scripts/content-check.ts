/**
 * `npm run content:check [-- --root <content folder>]`: validates every course
 * and compiles every lesson, printing each problem as `file:line`. Exit code 1
 * when there is any error; warnings alone still pass.
 */
import path from "node:path";
import cliProgress from "cli-progress";
import { checkContent } from "~/courseware/check.server";
import { contentRoot } from "~/courseware/paths.server";
import { displayPath, formatProblem, hasErrors } from "~/courseware/problems.server";

const rootFlag = process.argv.indexOf("--root");
const root =
  rootFlag >= 0 && process.argv[rootFlag + 1] ? path.resolve(process.argv[rootFlag + 1]!) : contentRoot;

const bar = new cliProgress.SingleBar(
  {
    format: "content:check [{bar}] {value}/{total} {file}",
    hideCursor: true,
    clearOnComplete: true,
    stream: process.stderr,
  },
  cliProgress.Presets.shades_classic,
);
bar.start(1, 0, { file: "" });
const problems = await checkContent(root, {
  onProgress(done, total, file) {
    bar.setTotal(Math.max(total, 1));
    bar.update(done, { file: file ? displayPath(file) : "" });
  },
});
bar.stop();

for (const problem of problems) console.log(formatProblem(problem));
const errors = problems.filter((p) => p.severity === "error").length;
const warnings = problems.length - errors;
console.log(`\ncontent:check ${displayPath(root)}: ${errors} error(s), ${warnings} warning(s)`);
process.exit(hasErrors(problems) ? 1 : 0);
