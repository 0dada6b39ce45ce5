import { describe, expect, it } from "vitest";
import { ConfigError, checkProductionConfig, detectMode, parseEnv } from "./env.server";
import { redactSecrets } from "./log.server";

describe("the environment", () => {
  it("decides the mode in one place: APP_MODE, then NODE_ENV, then the caller's default", () => {
    expect(detectMode({ APP_MODE: "demo", NODE_ENV: "production" })).toBe("demo");
    expect(detectMode({ NODE_ENV: "production" }, "demo")).toBe("production");
    expect(detectMode({ NODE_ENV: "development" }, "demo")).toBe("development");
    expect(detectMode({}, "demo")).toBe("demo");
    expect(detectMode({})).toBe("development");
    // An empty variable is no variable.
    expect(parseEnv({ APP_MODE: "", NODE_ENV: "production" }, "demo").mode).toBe("production");
  });

  it("applies defaults and refuses malformed values, naming each", () => {
    const defaults = parseEnv({}, "demo");
    expect(defaults).toMatchObject({
      PORT: 3000,
      HOST: "0.0.0.0",
      HEAP_MB: 512,
      LOG_LEVEL: "info",
      ACCESS_LOG: "1",
    });
    const bad = () => parseEnv({ PORT: "eighty", HEAP_MB: "12", SESSION_SECRET: "short" });
    expect(bad).toThrow(/PORT must be a port number/);
    expect(bad).toThrow(/HEAP_MB must be at least 128/);
    expect(bad).toThrow(/SESSION_SECRET must be at least 32 characters/);
    expect(() => parseEnv({ PUBLIC_URL: "talent.example.edu" })).toThrow(ConfigError);
    expect(parseEnv({ PUBLIC_URL: "https://talent.example.edu/some/path" }).PUBLIC_URL).toBe(
      "https://talent.example.edu",
    );
  });

  it("requires SESSION_SECRET and PUBLIC_URL in production, saying why", () => {
    const production = parseEnv({ NODE_ENV: "production" });
    expect(() => checkProductionConfig(production)).toThrow(
      /SESSION_SECRET is not set.*PUBLIC_URL is not set/,
    );
    const demo = parseEnv({}, "demo");
    expect(() => checkProductionConfig(demo)).not.toThrow();
  });
});

describe("log redaction", () => {
  it("removes reset tokens, join codes and secret query values, and keeps the rest", () => {
    const line = JSON.stringify({
      path: "/reset/AbC-123_xyz?_data=routes%2Freset.%24token",
      other: "/join/K7QX-99?utm=mail&code=XYZ&token=abc&api_key=k&page=2",
    });
    const redacted = redactSecrets(line);
    expect(redacted).not.toMatch(/AbC-123_xyz|K7QX-99|XYZ|=abc|=k&/);
    expect(redacted).toContain("/reset/[redacted]");
    expect(redacted).toContain("utm=mail");
    expect(redacted).toContain("page=2");
    expect(redacted).toContain("_data=routes%2Freset.%24token");
  });
});
