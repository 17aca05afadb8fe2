// What the benchmark reads from the machine: processes (CPU time, memory), the host, Redis.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";

const CLOCK_TICKS = 100; // USER_HZ: 100 on every Linux build we run on (getconf CLK_TCK)

function readProc(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  /** user + system CPU time, in milliseconds */
  cpuMs: number;
}

/** CPU ms used so far by one thread (the main thread of a process has tid = pid). */
export function threadCpuMs(pid: number, tid = pid): number | null {
  return procStat(pid, `/proc/${pid}/task/${tid}/stat`)?.cpuMs ?? null;
}

function procStat(pid: number, file = `/proc/${pid}/stat`): ProcStat | null {
  const text = readProc(file);
  if (!text) return null;
  // comm may hold spaces and parentheses: the fields after it start after the last ')'
  const close = text.lastIndexOf(")");
  const comm = text.slice(text.indexOf("(") + 1, close);
  const fields = text
    .slice(close + 2)
    .trim()
    .split(" ");
  // fields[0] is field 3 (state): utime is field 14, stime field 15, ppid field 4
  const ppid = Number(fields[1]);
  const cpuTicks = Number(fields[11]) + Number(fields[12]);
  return { pid, comm, ppid, cpuMs: (cpuTicks * 1000) / CLOCK_TICKS };
}

function allPids(): number[] {
  return fs
    .readdirSync("/proc")
    .filter((name) => /^[0-9]+$/.test(name))
    .map(Number);
}

/** The process and all its descendants. */
export function processTree(root: number): number[] {
  const stats = allPids()
    .map((pid) => procStat(pid))
    .filter((s): s is ProcStat => s !== null);
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const s of stats) if (s.ppid === tree[i]) tree.push(s.pid);
  }
  return tree;
}

/**
 * Pids of the PostgreSQL backends serving `database` (their title names it), or of every
 * PostgreSQL process when no database is given. Backends of other databases on a shared server
 * are someone else's load, not ours.
 */
export function postgresPids(database?: string): number[] {
  return allPids().filter((pid) => {
    if (procStat(pid)?.comm !== "postgres") return false;
    if (!database) return true;
    const title = readProc(`/proc/${pid}/cmdline`)?.replace(/\0/g, " ") ?? "";
    return title.includes(` ${database} `);
  });
}

/** CPU time (ms) used so far by each pid; pids gone are left out. */
export function cpuTimes(pids: number[]): Map<number, number> {
  const times = new Map<number, number>();
  for (const pid of pids) {
    const s = procStat(pid);
    if (s) times.set(pid, s.cpuMs);
  }
  return times;
}

/** CPU ms used between two snapshots (a pid new in `after` counts from its start). */
export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

export interface MachineCpu {
  busy: number;
  total: number;
}

/** Machine-wide CPU jiffies from /proc/stat. */
export function machineCpu(): MachineCpu {
  const line = (readProc("/proc/stat") ?? "").split("\n")[0] ?? "";
  const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

export function machineBusyBetween(before: MachineCpu, after: MachineCpu): number {
  const total = after.total - before.total;
  return total > 0 ? (after.busy - before.busy) / total : Number.NaN;
}

function statusKb(pid: number, field: "VmHWM" | "VmRSS"): number | null {
  const text = readProc(`/proc/${pid}/status`);
  const match = text?.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
  return match ? Number(match[1]) : null;
}

/** Peak resident set size of a process (VmHWM), in MiB. */
export const peakRssMiB = (pid: number) => {
  const kb = statusKb(pid, "VmHWM");
  return kb === null ? null : kb / 1024;
};

/** Current resident set size of a process (VmRSS), in MiB. */
export const rssMiB = (pid: number) => {
  const kb = statusKb(pid, "VmRSS");
  return kb === null ? null : kb / 1024;
};

/**
 * The pid of the process listening on a TCP port. `startApp` runs `node scripts/start.mjs`,
 * which spawns `next start`: the server is a grandchild; ask the kernel who holds the socket.
 */
export function listeningPid(port: number, treeRoot?: number): number | null {
  try {
    const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
    const match = out.match(/pid=(\d+)/);
    if (match) return Number(match[1]);
  } catch {
    // no ss: fall back to the deepest node process of the tree
  }
  if (treeRoot === undefined) return null;
  const tree = processTree(treeRoot);
  return tree.at(-1) ?? null;
}

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
}

export function machine(): Machine {
  const cpuinfo = readProc("/proc/cpuinfo") ?? "";
  const model = cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1] ?? os.cpus()[0]?.model ?? "unknown";
  const mem = (readProc("/proc/meminfo") ?? "").match(/^MemTotal:\s+(\d+) kB/m);
  return {
    cpuModel: model.trim(),
    cores: os.cpus().length,
    memoryGiB: mem ? Number(mem[1]) / 1024 / 1024 : os.totalmem() / 1024 ** 3,
    kernel: `${os.type()} ${os.release()}`,
  };
}

/** The version field of an installed package's package.json. */
export function packageVersion(name: string): string {
  try {
    const text = fs.readFileSync(`node_modules/${name}/package.json`, "utf8");
    return (JSON.parse(text) as { version: string }).version;
  } catch {
    return "not installed";
  }
}

type RespValue = string | number | null | RespValue[];

/**
 * One Redis command over a raw socket (RESP2), so the benchmark needs no Redis client of its
 * own. Enough for INFO, SCAN, DEL and EVAL replies.
 */
export function redisCommand(redisUrl: string, args: string[]): Promise<RespValue> {
  const url = new URL(redisUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port || 6379), url.hostname);
    let buffer = Buffer.alloc(0);
    const frames: string[][] = [];
    if (url.password) frames.push(["AUTH", decodeURIComponent(url.password)]);
    const db = url.pathname.slice(1);
    if (db) frames.push(["SELECT", db]);
    frames.push(args);
    let pending = frames.length;
    socket.setTimeout(5_000, () => socket.destroy(new Error("redis: timeout")));
    socket.on("error", reject);
    socket.on("connect", () => {
      for (const frame of frames) {
        let out = `*${frame.length}\r\n`;
        for (const a of frame) out += `$${Buffer.byteLength(a)}\r\n${a}\r\n`;
        socket.write(out);
      }
    });
    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const parsed = parseResp(buffer, 0);
        if (!parsed) return;
        buffer = buffer.subarray(parsed.end);
        pending--;
        if (parsed.error) {
          socket.end();
          return reject(new Error(`redis: ${parsed.error}`));
        }
        if (pending === 0) {
          socket.end();
          return resolve(parsed.value);
        }
      }
    });
  });
}

function parseResp(
  buf: Buffer,
  start: number,
): { value: RespValue; end: number; error?: string } | null {
  const lineEnd = buf.indexOf("\r\n", start);
  if (lineEnd < 0) return null;
  const type = String.fromCharCode(buf[start] ?? 0);
  const line = buf.toString("utf8", start + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case "+":
      return { value: line, end: next };
    case "-":
      return { value: null, end: next, error: line };
    case ":":
      return { value: Number(line), end: next };
    case "$": {
      const len = Number(line);
      if (len < 0) return { value: null, end: next };
      if (buf.length < next + len + 2) return null;
      return { value: buf.toString("utf8", next, next + len), end: next + len + 2 };
    }
    case "*": {
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      const items: RespValue[] = [];
      let pos = next;
      for (let i = 0; i < count; i++) {
        const item = parseResp(buf, pos);
        if (!item) return null;
        if (item.error) return item;
        items.push(item.value);
        pos = item.end;
      }
      return { value: items, end: pos };
    }
    default:
      return { value: null, end: next, error: `unexpected reply type ${type}` };
  }
}

/** Deletes every key starting with `prefix`; returns how many went. */
export async function redisDeletePrefix(redisUrl: string, prefix: string): Promise<number> {
  const script =
    "local n = 0 local cursor = '0' repeat " +
    "local r = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 1000) cursor = r[1] " +
    "for _, k in ipairs(r[2]) do redis.call('DEL', k) n = n + 1 end " +
    "until cursor == '0' return n";
  const deleted = await redisCommand(redisUrl, ["EVAL", script, "0", `${prefix}*`]);
  return typeof deleted === "number" ? deleted : 0;
}

/** Number of keys starting with `prefix` (a SCAN, not KEYS). */
export async function redisCountPrefix(redisUrl: string, prefix: string): Promise<number> {
  const script =
    "local n = 0 local cursor = '0' repeat " +
    "local r = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 1000) cursor = r[1] " +
    "n = n + #r[2] until cursor == '0' return n";
  const count = await redisCommand(redisUrl, ["EVAL", script, "0", `${prefix}*`]);
  return typeof count === "number" ? count : 0;
}

export async function redisVersion(redisUrl: string): Promise<string> {
  const info = await redisCommand(redisUrl, ["INFO", "server"]);
  return typeof info === "string"
    ? (info.match(/redis_version:(\S+)/)?.[1] ?? "unknown")
    : "unknown";
}
