import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// E2E_PORT lets two checkouts run their end-to-end suites side by side.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_DB = path.resolve("test/.tmp/e2e/talent.db");
export const E2E_SECRET = "e2e-secret-e2e-secret-e2e-secret-e2e-000";

export default defineConfig({
  testDir: "test/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  reporter: [["list"], ["json", { outputFile: "test/.tmp/playwright.json" }]],
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    // Most users browse in Chinese; the first visit follows Accept-Language.
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    // The production build on its own database: e2e never touches a developer's data.
    command: "rm -rf test/.tmp/e2e && npm run serve",
    url: `http://localhost:${E2E_PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORT: String(E2E_PORT),
      APP_MODE: "demo",
      DATABASE_PATH: E2E_DB,
      SESSION_SECRET: E2E_SECRET,
      ACCESS_LOG: "0",
    },
  },
});
