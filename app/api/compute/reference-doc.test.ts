import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalString, signRequest } from "~/api/compute/signature.server";
import { sign } from "../../../scripts/compute-center/client";

/** The worked example in docs/api/compute-v1.md must be right: a center's engineer checks their code against it. */
const doc = readFileSync(path.join(import.meta.dirname, "../../../docs/api/compute-v1.md"), "utf8");

function example() {
  const block = doc.split("<!-- worked-example -->")[1]?.split("<!-- /worked-example -->")[0] ?? "";
  const field = (name: string) => block.match(new RegExp(`^${name}:\\s+(.+)$`, "m"))?.[1]?.trimEnd() ?? "";
  const fences = [...block.matchAll(/```text\n([\s\S]*?)\n```/g)].map((m) => m[1] ?? "");
  return {
    secret: field("secret"),
    timestamp: field("timestamp"),
    method: field("method"),
    path: field("path"),
    body: field("body"),
    canonical: fences[1] ?? "",
    header: fences[2]?.match(/^X-Signature: (v1=[0-9a-f]{64})$/)?.[1] ?? "",
  };
}

describe("the API reference's worked example", () => {
  it("has every input", () => {
    const e = example();
    expect(e.secret).toMatch(/^cs_/);
    expect(e.timestamp).toMatch(/^\d+$/);
    expect(e.method).toBe("POST");
    expect(JSON.parse(e.body)).toHaveProperty("holdId");
    expect(e.header).not.toBe("");
  });

  it("shows the canonical string and the signature the server computes", () => {
    const e = example();
    expect(canonicalString(e.timestamp, e.method, e.path, e.body)).toBe(e.canonical);
    const request = { timestamp: e.timestamp, method: e.method, path: e.path, body: e.body };
    expect(`v1=${signRequest(e.secret, request)}`).toBe(e.header);
    // The independent client agrees.
    expect(`v1=${sign(e.secret, e.timestamp, e.method, e.path, e.body)}`).toBe(e.header);
  });

  it("shows the right signature for the GET example too", () => {
    const e = example();
    const get = doc.match(/signs `(\d+)\.GET\.(\S+)\.`[\s\S]*?`(v1=[0-9a-f]{64})`/);
    expect(get).not.toBeNull();
    const [, timestamp = "", target = ""] = get ?? [];
    expect(`v1=${signRequest(e.secret, { timestamp, method: "GET", path: target, body: "" })}`).toBe(
      get?.[3],
    );
  });
});
