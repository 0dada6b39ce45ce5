import { mkdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { closeDb } from "~db/client.server";
import { loader } from "./healthz";

const args = {
  request: new Request("http://localhost/healthz"),
  params: {},
  context: { requestId: "test", clientIp: "127.0.0.1", nonce: "" },
};

describe("/healthz", () => {
  it("answers 200 when the database answers", async () => {
    const res = loader(args);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("answers 503 when it does not", async () => {
    const original = process.env.DATABASE_PATH;
    // A directory cannot be opened as a database file.
    const dir = path.resolve(`test/.tmp/not-a-db-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    closeDb();
    process.env.DATABASE_PATH = dir;
    try {
      const res = loader(args);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ ok: false });
    } finally {
      process.env.DATABASE_PATH = original;
      closeDb();
    }
  });
});
