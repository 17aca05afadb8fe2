// One autocannon run, with the latencies kept at full resolution (autocannon's own histogram
// rounds to whole milliseconds) and the CPU time every party spent meanwhile.
import os from "node:os";
import autocannon from "autocannon";
import { percentile } from "./lib";
import {
  cpuDelta,
  cpuTimes,
  machineBusyBetween,
  machineCpu,
  postgresPids,
  processTree,
  rssMiB,
  threadCpuMs,
} from "./system";

export interface Endpoint {
  key: string;
  label: string;
  method: "GET" | "POST";
  path: string;
  body?: string;
}

export interface LoadResult {
  connections: number;
  seconds: number;
  requests: number;
  p50: number;
  p99: number;
  rps: number;
  /** Non-2xx responses plus socket errors and timeouts. */
  errors: number;
  non2xx: number;
  socketErrors: number;
  statusCodes: Record<string, number>;
  /** CPU milliseconds per request: the server's process tree, PostgreSQL, the load generator. */
  serverCpuMsPerReq: number;
  postgresCpuMsPerReq: number;
  loaderCpuMsPerReq: number;
  /** Share of the run the server's main (event-loop) thread was on a CPU: 100 % = saturated. */
  mainThreadBusy: number;
  /** Share of all cores busy during the run (server + PostgreSQL + load generator). */
  cpuBusy: number;
  /** Share of all cores busy machine-wide (/proc/stat): above cpuBusy means someone else ran. */
  machineBusy: number;
  /** Highest VmRSS of the server seen during the run, MiB. */
  serverRssMiB: number | null;
}

export interface LoadTarget {
  url: string;
  cookie: string;
  /** Root of the server's process tree (CPU time) and the server itself (RSS). */
  rootPid: number;
  serverPid: number;
  /** The PostgreSQL database the server uses, to count its backends' CPU (none: PGlite). */
  database?: string;
}

export async function runLoad(
  target: LoadTarget,
  endpoint: Endpoint,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const serverPids = processTree(target.rootPid);
  const pgOf = () => (target.database ? postgresPids(target.database) : []);
  const pgPids = pgOf();
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let peakRss = rssMiB(target.serverPid) ?? 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssMiB(target.serverPid) ?? 0);
  }, 200);

  const serverBefore = cpuTimes(serverPids);
  const mainBefore = threadCpuMs(target.serverPid);
  const pgBefore = cpuTimes(pgPids);
  const loaderBefore = process.cpuUsage();
  const machineBefore = machineCpu();
  const wallStart = performance.now();

  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${target.url}${endpoint.path}`,
        method: endpoint.method,
        connections,
        duration: seconds,
        timeout: 30,
        headers: {
          cookie: target.cookie,
          ...(endpoint.body ? { "content-type": "application/json" } : {}),
        },
        body: endpoint.body,
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });

  const wall = (performance.now() - wallStart) / 1000;
  clearInterval(sampler);
  const loaderUsage = process.cpuUsage(loaderBefore);
  const serverCpu = cpuDelta(serverBefore, cpuTimes(serverPids));
  const mainAfter = threadCpuMs(target.serverPid);
  // backends the pool opened during the run count too
  const pgCpu = cpuDelta(pgBefore, cpuTimes(pgOf()));
  const loaderCpu = (loaderUsage.user + loaderUsage.system) / 1000;
  const total = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  const ok = latencies.length;
  const perReq = (cpu: number) => (total > 0 ? cpu / total : Number.NaN);
  return {
    connections,
    seconds: result.duration,
    requests: total,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    rps: ok / result.duration,
    // autocannon's `errors` counts timeouts too
    errors: result.non2xx + result.errors,
    non2xx: result.non2xx,
    socketErrors: result.errors,
    statusCodes,
    serverCpuMsPerReq: perReq(serverCpu),
    postgresCpuMsPerReq: perReq(pgCpu),
    loaderCpuMsPerReq: perReq(loaderCpu),
    mainThreadBusy:
      mainBefore === null || mainAfter === null
        ? Number.NaN
        : (mainAfter - mainBefore) / (wall * 1000),
    cpuBusy: (serverCpu + pgCpu + loaderCpu) / (wall * 1000 * os.cpus().length),
    machineBusy: machineBusyBetween(machineBefore, machineCpu()),
    serverRssMiB: peakRss || null,
  };
}
