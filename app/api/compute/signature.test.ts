import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readSignedRequest } from "./authenticate.server";
import { ApiError } from "./errors.server";
import { isComputeApiPath, isOriginExemptPath } from "./paths.server";
import {
  canonicalString,
  isFresh,
  parseSignatureHeader,
  parseTimestamp,
  signRequest,
  signatureMatches,
} from "./signature.server";

const SECRET = "cs_test_secret";
const NOW = 1_790_000_000_000;
const TS = String(NOW / 1000);

function signed(init: {
  method?: string;
  path?: string;
  body?: string;
  secret?: string;
  timestamp?: string;
  signature?: string;
  clientId?: string;
}) {
  const method = init.method ?? "POST";
  const path = init.path ?? "/api/compute/v1/holds";
  const body = init.body ?? (method === "GET" ? "" : '{"a":1}');
  const timestamp = init.timestamp ?? TS;
  const hex = signRequest(init.secret ?? SECRET, { timestamp, method, path, body });
  const headers = new Headers({
    "X-Client-Id": init.clientId ?? "cc_1",
    "X-Timestamp": timestamp,
    "X-Signature": init.signature ?? `v1=${hex}`,
  });
  if (method !== "GET") headers.set("Content-Type", "application/json");
  return new Request(`http://localhost${path}`, {
    method,
    headers,
    body: method === "GET" ? undefined : body,
  });
}

const secretsFor = (id: string) => (id === "cc_1" ? [SECRET] : null);

async function codeOf(request: Request): Promise<string> {
  try {
    await readSignedRequest(request, secretsFor, NOW);
    return "ok";
  } catch (error) {
    if (error instanceof ApiError) return error.code;
    throw error;
  }
}

describe("request signatures", () => {
  it("signs the canonical string with HMAC-SHA256, hex", () => {
    expect(canonicalString("1", "post", "/p?q=1", "{}")).toBe("1.POST./p?q=1.{}");
    const expected = createHmac("sha256", "k").update("1.GET./x.").digest("hex");
    expect(signRequest("k", { timestamp: "1", method: "GET", path: "/x", body: "" })).toBe(expected);
  });

  it("reads one or several v1 values and refuses malformed headers", () => {
    const hex = "ab".repeat(32);
    expect(parseSignatureHeader(`v1=${hex}`)).toHaveLength(1);
    expect(parseSignatureHeader(`v1=${hex} v1=${"cd".repeat(32)}`)).toHaveLength(2);
    expect(parseSignatureHeader(`v2=zzz v1=${hex}`)).toHaveLength(1);
    for (const bad of [
      null,
      "",
      "v1=",
      `v1=${hex.slice(2)}`,
      `v1=${hex}00`,
      "v2=abc",
      `v1=${"zz".repeat(32)}`,
    ]) {
      expect(parseSignatureHeader(bad)).toBeNull();
    }
    expect(parseSignatureHeader(Array(5).fill(`v1=${hex}`).join(" "))).toBeNull();
  });

  it("accepts timestamps within five minutes either way, and only plain integers", () => {
    expect(isFresh(NOW / 1000 - 300, NOW)).toBe(true);
    expect(isFresh(NOW / 1000 + 300, NOW)).toBe(true);
    expect(isFresh(NOW / 1000 - 301, NOW)).toBe(false);
    expect(isFresh(NOW / 1000 + 301, NOW)).toBe(false);
    for (const bad of ["", "-1", "1.5", "1e9", " 1", "0x10", "1790000000000000"])
      expect(parseTimestamp(bad)).toBeNull();
  });

  it("matches any of the client's secrets against any sent value", () => {
    const request = { timestamp: TS, method: "GET", path: "/x", body: "" };
    const good = Buffer.from(signRequest("new", request), "hex");
    const other = Buffer.from(signRequest("other", request), "hex");
    expect(signatureMatches(["old", "new"], [other, good], request)).toBe(true);
    expect(signatureMatches(["old"], [other, good], request)).toBe(false);
    expect(signatureMatches(["new"], [Buffer.alloc(31)], request)).toBe(false);
  });
});

describe("authenticating a request", () => {
  it("accepts a correctly signed request and returns its body", async () => {
    const result = await readSignedRequest(signed({}), secretsFor, NOW);
    expect(result).toEqual({ clientId: "cc_1", body: '{"a":1}' });
    expect(await codeOf(signed({ method: "GET", path: "/api/compute/v1/accounts/x?y=1" }))).toBe("ok");
  });

  it("refuses each kind of bad signature with its code", async () => {
    expect(await codeOf(signed({ clientId: "cc_2" }))).toBe("unknown_client");
    expect(await codeOf(signed({ clientId: "" }))).toBe("unknown_client");
    expect(await codeOf(signed({ secret: "wrong" }))).toBe("invalid_signature");
    expect(await codeOf(signed({ signature: "" }))).toBe("invalid_signature");
    expect(await codeOf(signed({ signature: "sha256=abc" }))).toBe("invalid_signature");
    expect(await codeOf(signed({ timestamp: String(NOW / 1000 - 301) }))).toBe("stale_timestamp");
    expect(await codeOf(signed({ timestamp: "soon" }))).toBe("invalid_signature");
  });

  it("refuses a body changed by one byte, another method, or another path", async () => {
    const good = signed({});
    const hex = good.headers.get("X-Signature") ?? "";
    const tampered = (method: string, path: string, body: string) =>
      new Request(`http://localhost${path}`, {
        method,
        headers: {
          "X-Client-Id": "cc_1",
          "X-Timestamp": TS,
          "X-Signature": hex,
          "Content-Type": "application/json",
        },
        body,
      });
    expect(await codeOf(tampered("POST", "/api/compute/v1/holds", '{"a":2}'))).toBe("invalid_signature");
    expect(await codeOf(tampered("PUT", "/api/compute/v1/holds", '{"a":1}'))).toBe("invalid_signature");
    expect(await codeOf(tampered("POST", "/api/compute/v1/usage", '{"a":1}'))).toBe("invalid_signature");
    expect(await codeOf(tampered("POST", "/api/compute/v1/holds?x=1", '{"a":1}'))).toBe("invalid_signature");
  });

  it("refuses oversized and non-UTF-8 bodies before looking at anything else", async () => {
    expect(await codeOf(signed({ body: "x".repeat(17 * 1024) }))).toBe("payload_too_large");
    const request = new Request("http://localhost/api/compute/v1/holds", {
      method: "POST",
      body: new Uint8Array([0x7b, 0xff, 0x7d]),
    });
    expect(await codeOf(request)).toBe("validation_failed");
  });
});

describe("which paths are the API", () => {
  it("decides on the normalised path", () => {
    expect(isComputeApiPath("/api/compute/v1/holds")).toBe(true);
    expect(isOriginExemptPath("/api/compute/v1/holds/h1/release?x=1")).toBe(true);
    for (const trick of [
      "/api/compute/v1/../../admin",
      "/api/compute/v1/%2e%2e/%2E%2E/admin/users",
      "/api/compute/v1/..\\..\\admin",
      "//api/compute/v1/holds",
      "/api/compute/v2/holds",
      "/api/compute/v1",
      "/API/compute/v1/holds",
    ]) {
      expect(isOriginExemptPath(trick), trick).toBe(false);
      expect(isComputeApiPath(trick), trick).toBe(false);
    }
    // Under the prefix, but spelled so another reader might place it elsewhere: no exemption.
    for (const odd of ["/api/compute/v1//holds", "/api/compute/v1/%2fadmin", "/api/compute/v1/a%2F..%2F"]) {
      expect(isOriginExemptPath(odd), odd).toBe(false);
    }
  });
});
