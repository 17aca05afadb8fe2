// A throwaway PostgreSQL server of the scenarios' own (never the shared one on 5432): created
// with initdb on first use, then stopped, crashed and restarted at will.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { now, sleep } from "./lib";

function binDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, "bin", "pg_ctl")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) return ""; // rely on PATH
  return path.join(root, versions[0], "bin");
}

export class ThrowawayPostgres {
  readonly dir = process.env.FAULTS_PG_DIR ?? "/tmp/craft-faults-pg";
  readonly port = Number(process.env.FAULTS_PG_PORT ?? 5499);
  readonly logFile = `${this.dir}.log`;
  private readonly bin = binDir();

  url(database = "postgres"): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /**
   * Runs a PostgreSQL program as the postgres user (it refuses to run as root). Asynchronous:
   * the scenario's clients keep running (and timing) while pg_ctl works.
   */
  private run(program: string, args: string[]): Promise<{ status: number | null; output: string }> {
    const command = this.bin ? path.join(this.bin, program) : program;
    const asRoot = process.getuid?.() === 0;
    const child = asRoot
      ? spawn("runuser", ["-u", "postgres", "--", command, ...args])
      : spawn(command, args);
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    return new Promise((resolve) => {
      child.on("error", (error) => resolve({ status: -1, output: String(error) }));
      child.on("close", (status) => resolve({ status, output }));
    });
  }

  private async ctl(args: string[]): Promise<string> {
    const result = await this.run("pg_ctl", ["-D", this.dir, ...args]);
    if (result.status !== 0)
      throw new Error(`pg_ctl ${args.join(" ")} failed (${result.status}): ${result.output}`);
    return result.output;
  }

  async running(): Promise<boolean> {
    return (await this.run("pg_ctl", ["-D", this.dir, "status"])).status === 0;
  }

  /** Creates the cluster if needed and starts it if it is not running. Idempotent. */
  async ensureRunning(): Promise<void> {
    if (!fs.existsSync(path.join(this.dir, "PG_VERSION"))) {
      fs.rmSync(this.dir, { recursive: true, force: true });
      const init = await this.run("initdb", [
        "-D",
        this.dir,
        "-A",
        "trust",
        "-U",
        "postgres",
        "-E",
        "UTF8",
        "--no-sync",
      ]);
      if (init.status !== 0) throw new Error(`initdb failed: ${init.output}`);
      fs.appendFileSync(
        path.join(this.dir, "postgresql.conf"),
        [
          "",
          "# craft reliability scenarios",
          `port = ${this.port}`,
          "listen_addresses = '127.0.0.1'",
          "unix_socket_directories = '/tmp'",
          "max_connections = 200",
          "",
        ].join("\n"),
      );
    }
    if (!(await this.running())) await this.start();
    await this.waitReady();
  }

  /** pg_ctl start, waiting until it accepts connections (after crash recovery, if any). */
  async start(): Promise<void> {
    if (!fs.existsSync(this.logFile)) fs.writeFileSync(this.logFile, "");
    if (process.getuid?.() === 0) await this.chownLog();
    await this.ctl(["-l", this.logFile, "-w", "-t", "120", "start"]);
  }

  private chownLog(): Promise<void> {
    return new Promise((resolve) => {
      spawn("chown", ["postgres", this.logFile]).on("close", () => resolve());
    });
  }

  /** `fast` is a clean shutdown (sessions are told); `immediate` is a crash (no checkpoint). */
  async stop(mode: "fast" | "immediate"): Promise<void> {
    await this.ctl(["-m", mode, "-w", "-t", "120", "stop"]);
  }

  async restart(mode: "fast" | "immediate"): Promise<void> {
    await this.ctl(["-l", this.logFile, "-m", mode, "-w", "-t", "120", "restart"]);
  }

  /** True when a connection and `select 1` succeed within a second. */
  async ready(): Promise<boolean> {
    const client = new pg.Client({ connectionString: this.url(), connectionTimeoutMillis: 1_000 });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.query("select 1");
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  }

  /** Polls until the server answers; resolves with when it did (ms since the script started). */
  async waitReady(timeoutMs = 120_000): Promise<number> {
    const deadline = now() + timeoutMs;
    for (;;) {
      if (await this.ready()) return now();
      if (now() > deadline) throw new Error(`PostgreSQL on ${this.port} is not answering`);
      await sleep(100);
    }
  }

  async admin<T>(body: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: this.url() });
    await client.connect();
    try {
      return await body(client);
    } finally {
      await client.end();
    }
  }

  /** A fresh database on this server; returns its connection string. */
  async createDatabase(prefix: string): Promise<{ name: string; url: string }> {
    const name = `${prefix}_${randomBytes(5).toString("hex")}`;
    await this.admin((c) => c.query(`create database ${name}`));
    return { name, url: this.url(name) };
  }

  async dropDatabase(name: string): Promise<void> {
    await this.admin((c) => c.query(`drop database if exists ${name} with (force)`));
  }
}
