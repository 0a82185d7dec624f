/**
 * CPU time spent by the server process and by the database's backend processes during a
 * scenario, read from /proc (Linux; PostgreSQL on the same machine). On a shared, busy machine
 * latency and throughput move with the neighbours' load; CPU milliseconds per request much less.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of a process in milliseconds, or null when it is gone (or /proc is missing). */
export function cpuMsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** The PostgreSQL backends of one database other than the asking one (none on PGlite). */
async function backendsOf(client: pg.Client | null): Promise<number[]> {
  if (!client) return [];
  const { rows } = await client.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  );
  return rows.map((r) => r.pid);
}

export type CpuSample = { server: number; database: number };

/** Measures CPU between start() and stop(), for the server process and the database's backends. */
export async function cpuMeter(serverPid: number, databaseUrl: string | undefined) {
  const client = databaseUrl ? new pg.Client({ connectionString: databaseUrl }) : null;
  await client?.connect();
  const snapshot = async () => {
    const backends = new Map<number, number>();
    for (const pid of await backendsOf(client)) backends.set(pid, cpuMsOf(pid) ?? 0);
    return { server: cpuMsOf(serverPid) ?? 0, backends };
  };
  return {
    start: snapshot,
    /** CPU milliseconds since `from`; a backend that started meanwhile counts from zero. */
    async since(from: Awaited<ReturnType<typeof snapshot>>): Promise<CpuSample> {
      const now = await snapshot();
      let database = 0;
      for (const [pid, ms] of now.backends) database += ms - (from.backends.get(pid) ?? 0);
      return { server: now.server - from.server, database };
    },
    /**
     * Waits until the server and database are idle again (under 10 ms of CPU in half a second),
     * at most `limitMs`, after a scenario whose writes set off work in the background; resolves
     * with how long that took.
     */
    async idle(limitMs = 60_000): Promise<number> {
      const started = performance.now();
      let previous = await snapshot();
      while (performance.now() - started < limitMs) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const current = await snapshot();
        let database = 0;
        for (const [pid, ms] of current.backends) database += ms - (previous.backends.get(pid) ?? 0);
        if (current.server - previous.server + database < 10) break;
        previous = current;
      }
      return Math.round(performance.now() - started);
    },
    close: () => client?.end(),
  };
}
