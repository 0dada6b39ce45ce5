import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { balance } from "~/models/ledger.server";
import { type Db, openDatabase } from "~db/client.server";
import { ledgerProblems } from "../support/compute";
import {
  ComputeCenterClient,
  createFundedAccount,
  createTestClient,
  type HoldInput,
  type UsageInput,
} from "../support/compute-client";
import { type RunningServer, copyBaseDatabase, startProductionServer } from "../support/server";

/**
 * Concurrency and crashes through the signed API, with TWO production server
 * processes sharing one database file: SQLite's write lock, not anything in
 * one process's memory, must keep every hold and usage record exactly-once.
 */
let file: string;
let servers: RunningServer[] = [];
let db: Db;
let clients: ComputeCenterClient[];
let clientId: string;
let secret: string;

beforeAll(async () => {
  file = copyBaseDatabase("compute-concurrency");
  db = openDatabase(file);
  servers = await Promise.all([startProductionServer(file), startProductionServer(file)]);
  ({ clientId, secret } = createTestClient(db, servers[0]!.url));
  clients = servers.map((s) => new ComputeCenterClient({ baseUrl: s.url, clientId, secrets: [secret] }));
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  db?.$client.close();
});

let n = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++n}`;
const either = (i: number) => clients[i % clients.length]!;

function usage(holdId: string, account: string, pool: string, minutes: number): UsageInput {
  return {
    recordId: unique("rec"),
    holdId,
    account,
    pool,
    jobId: "job",
    startedAt: "2026-11-30T08:00:00Z",
    endedAt: "2026-11-30T08:30:00Z",
    minutes,
  };
}

describe("two servers, one database", () => {
  it("grants exactly one of 20 parallel holds that each want 60% of the balance", async () => {
    const { handle, poolSlug, accountId } = await createFundedAccount(db, 1000);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        either(i).placeHold({
          holdId: unique("h"),
          account: handle,
          pool: poolSlug,
          minutes: 600,
          jobId: `j${i}`,
        }),
      ),
    );
    const statuses = answers.map((a) => `${a.status} ${a.json.error?.code ?? ""}`.trim()).sort();
    expect(statuses).toEqual(["201", ...Array(19).fill("409 insufficient_balance")]);
    expect(answers.filter((a) => a.status === 409).every((a) => a.json.error?.shortfallMinutes === 200)).toBe(
      true,
    );
    expect(balance(db, accountId)).toBe(400);
    expect(ledgerProblems(db, accountId)).toEqual([]);
  });

  it("debits one usage record once, sent 10 times in sequence and 10 times at once", async () => {
    const { handle, poolSlug, accountId } = await createFundedAccount(db, 1000);
    const holdId = unique("h");
    expect(
      (await clients[0]!.placeHold({ holdId, account: handle, pool: poolSlug, minutes: 100, jobId: "job" }))
        .status,
    ).toBe(201);
    const record = usage(holdId, handle, poolSlug, 70);
    const sequence = [];
    for (let i = 0; i < 10; i++) sequence.push(await either(i).recordUsage(record));
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => either(i).recordUsage(record)));
    const texts = new Set([...sequence, ...burst].map((a) => `${a.status} ${a.text}`));
    expect(texts.size).toBe(1);
    expect([...texts][0]).toMatch(/^201 .*"debitedMinutes":70/);

    // The same at once for a fresh hold: the first of the burst wins, every other gets its answer.
    const holdId2 = unique("h");
    await clients[1]!.placeHold({
      holdId: holdId2,
      account: handle,
      pool: poolSlug,
      minutes: 100,
      jobId: "job",
    });
    const record2 = usage(holdId2, handle, poolSlug, 30);
    const burst2 = await Promise.all(Array.from({ length: 10 }, (_, i) => either(i).recordUsage(record2)));
    expect(new Set(burst2.map((a) => `${a.status} ${a.text}`)).size).toBe(1);
    expect(burst2[0]!.status).toBe(201);

    const debits = db.$client
      .prepare(
        "SELECT count(*) AS n, sum(minutes) AS s FROM ledger_entries WHERE account_id = ? AND kind = 'usage'",
      )
      .get(accountId);
    expect(debits).toEqual({ n: 2, s: -100 });
    expect(balance(db, accountId)).toBe(900);
    expect(ledgerProblems(db, accountId)).toEqual([]);
  });
});

describe("kill -9 in the middle of a hold and usage storm", () => {
  it("keeps every acknowledged hold and usage record, and the invariants, after a restart", async () => {
    const accounts = await Promise.all(Array.from({ length: 4 }, () => createFundedAccount(db, 100_000)));
    const acknowledged: {
      kind: "hold" | "usage";
      id: string;
      text: string;
      input: HoldInput | UsageInput;
    }[] = [];
    let stop = false;
    const victim = servers[0]!;
    const worker = async (w: number) => {
      const center = either(w); // half the workers on each server; the first one dies
      const a = accounts[w % accounts.length]!;
      for (let i = 0; !stop; i++) {
        const hold = {
          holdId: unique("storm"),
          account: a.handle,
          pool: a.poolSlug,
          minutes: 5,
          jobId: `w${w}`,
        };
        try {
          const held = await center.placeHold(hold);
          if (held.status !== 201) continue;
          acknowledged.push({ kind: "hold", id: hold.holdId, text: held.text, input: hold });
          const record = usage(hold.holdId, a.handle, a.poolSlug, 1 + (i % 5));
          const used = await center.recordUsage(record);
          if (used.status === 201)
            acknowledged.push({ kind: "usage", id: record.recordId, text: used.text, input: record });
        } catch {
          return; // the server is gone: this worker's in-flight request may or may not have landed
        }
      }
    };
    const storm = Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    while (acknowledged.length < 60) await new Promise((r) => setTimeout(r, 10));
    victim.process.kill("SIGKILL");
    stop = true;
    await storm;
    const restarted = await startProductionServer(file);
    servers[0] = restarted;
    const fresh = new ComputeCenterClient({ baseUrl: restarted.url, clientId, secrets: [secret] });

    for (const ack of acknowledged) {
      const table = ack.kind === "hold" ? "compute_holds" : "compute_usage_records";
      const column = ack.kind === "hold" ? "hold_id" : "record_id";
      const row = db.$client.prepare(`SELECT response FROM ${table} WHERE ${column} = ?`).get(ack.id) as
        | { response: string }
        | undefined;
      expect(row, `${ack.kind} ${ack.id} acknowledged but lost`).toBeDefined();
      expect(JSON.parse(row!.response).body).toBe(ack.text);
    }
    // A retry of an acknowledged operation, now to the restarted server, is still the first answer.
    for (const ack of acknowledged.slice(-10)) {
      const again =
        ack.kind === "hold"
          ? await fresh.placeHold(ack.input as HoldInput)
          : await fresh.recordUsage(ack.input as UsageInput);
      expect(again.text).toBe(ack.text);
    }
    for (const a of accounts) {
      expect(ledgerProblems(db, a.accountId)).toEqual([]);
      const usageCount = db.$client
        .prepare("SELECT count(*) AS n FROM ledger_entries WHERE account_id = ? AND kind = 'usage'")
        .get(a.accountId) as { n: number };
      const records = db.$client
        .prepare("SELECT count(*) AS n FROM compute_usage_records WHERE account_id = ?")
        .get(a.accountId) as { n: number };
      expect(usageCount.n).toBe(records.n);
    }
    const balances = (await fresh.balance(accounts[0]!.handle)).json.pools;
    expect(balances.every((p) => p.balanceMinutes >= 0)).toBe(true);
  }, 90_000);
});
