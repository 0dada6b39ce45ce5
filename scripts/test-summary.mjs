// Adds up what Vitest and Playwright ran into one closing line for CI logs.
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync("test/.tmp/vitest.json")) {
  const v = JSON.parse(readFileSync("test/.tmp/vitest.json", "utf8"));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + v.numTodoTests;
}
if (existsSync("test/.tmp/playwright.json")) {
  const p = JSON.parse(readFileSync("test/.tmp/playwright.json", "utf8"));
  passed += p.stats.expected + p.stats.flaky;
  failed += p.stats.unexpected;
  skipped += p.stats.skipped;
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;
