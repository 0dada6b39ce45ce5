import type { ServerBuild } from "@remix-run/node";
import { loadBuild, pageRouteIds, routeUrl } from "../support/routes";
import { expect, hydrated, signInAs, test } from "./fixtures";

/**
 * Every page of the route manifest, as every kind of visitor, in a real
 * browser: the page's scripts must start (a route module that throws at load
 * leaves the page without confirmations or pending states) and nothing may
 * reach the console as an error.
 */
const WHO = ["visitor", "student", "teacher", "admin"] as const;

let build: ServerBuild;
test.beforeAll(async () => {
  build = await loadBuild();
});

for (const who of WHO) {
  test(`every page loads without a script error as ${who}`, async ({ page }) => {
    test.setTimeout(120_000);
    if (who !== "visitor") await signInAs(page, who);
    const problems: string[] = [];
    let current = "";
    page.on("pageerror", (error) => problems.push(`${current}: page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() !== "error") return;
      // The browser reports a document's own 403/404 as a failed load: that status is the page's answer.
      const ownStatus =
        /^Failed to load resource: the server responded with a status of 40[34]/.test(message.text()) &&
        message.location().url === page.url();
      if (!ownStatus) problems.push(`${current}: console: ${message.text()} (${message.location().url})`);
    });
    for (const routeId of pageRouteIds(build)) {
      // Admins see every cohort: with the demo seed's first cohort they get the workspace pages, not a 404.
      current = routeUrl(build, routeId, who === "admin" ? { cohort: "1" } : {});
      await page.goto(current);
      await hydrated(page);
      const started = await page.evaluate(() => "__remixRouter" in window);
      if (!started) problems.push(`${current}: the page's scripts did not start`);
    }
    expect(problems).toEqual([]);
  });
}
