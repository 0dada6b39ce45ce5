import { copyFileSync } from "node:fs";
import path from "node:path";

// Each worker gets its own database file copied from the migrated base: fast and isolated.
const file = path.resolve(`test/.tmp/worker-${process.env.VITEST_POOL_ID ?? "0"}-${process.pid}.db`);
copyFileSync(path.resolve("test/.tmp/base.db"), file);
process.env.DATABASE_PATH = file;
process.env.APP_MODE = "test";
process.env.SESSION_SECRET ??= "test-secret-test-secret-test-secret-0123";
