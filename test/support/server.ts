import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

/** A port nobody listens on right now: the OS picks it, so parallel runs never collide. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * `npm run serve` as package.json spells it, without npm in between (so signals
 * reach the server); `${NAME:-default}` is expanded as the shell would.
 */
function serveArgs(env: NodeJS.ProcessEnv): string[] {
  return (JSON.parse(readFileSync("package.json", "utf8")).scripts.serve as string)
    .split(" ")
    .slice(1)
    .map((arg) =>
      arg.replace(/\$\{(\w+):-([^}]*)\}/g, (_m, name: string, fallback: string) => env[name] || fallback),
    );
}

export interface RunningServer {
  url: string;
  port: number;
  output: () => string;
  stop: () => Promise<void>;
  process: ChildProcess;
}

/** Starts the real production server (scripts/serve.ts, bundled into the build) on its own port and database. */
export async function startServer(
  env: Record<string, string>,
  wanted?: number,
  nodeArgs: string[] = [],
): Promise<RunningServer> {
  const port = wanted ?? (await freePort());
  if (!existsSync(path.resolve("build/index.js")) || !existsSync(path.resolve("build/server.mjs"))) {
    throw new Error("No production build: run `npm run build` first (npm test does).");
  }
  const fullEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    ACCESS_LOG: "0",
    // Production requires its public address; tests reach the server at this one.
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...env,
  };
  const child = spawn(process.execPath, [...nodeArgs, ...serveArgs(fullEnv)], {
    env: fullEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Only the recent output is kept: a long benchmark logs a lot.
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-256 * 1024);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const code = await Promise.race([exited, new Promise((r) => setTimeout(r, 100, "waiting"))]);
    if (code !== "waiting") throw new Error(`server exited (${String(code)}):\n${output}`);
    if (output.includes("is running in")) break;
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`server did not start:\n${output}`);
    }
  }
  return {
    url,
    port,
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Runs the server expecting it to refuse to start; returns its exit code and output. */
export async function startExpectingFailure(env: Record<string, string>, wanted?: number) {
  const port = wanted ?? (await freePort());
  const fullEnv = { ...process.env, PORT: String(port), ...env };
  const child = spawn(process.execPath, serveArgs(fullEnv), {
    env: fullEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (c) => {
    output += c;
  });
  child.stderr?.on("data", (c) => {
    output += c;
  });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { code, output };
}

/** A copy of the migrated base database for one test file, so its server writes to nothing shared. */
export function copyBaseDatabase(name: string): string {
  const file = path.resolve(`test/.tmp/${name}-${process.pid}.db`);
  copyFileSync(path.resolve("test/.tmp/base.db"), file);
  return file;
}

/** The server as an operator runs it in production, on the given database; `env` adds or overrides. */
export function startProductionServer(databasePath: string, env: Record<string, string> = {}) {
  return startServer({
    APP_MODE: "production",
    NODE_ENV: "production",
    SESSION_SECRET: process.env.SESSION_SECRET ?? "",
    DATABASE_PATH: databasePath,
    ...env,
  });
}
