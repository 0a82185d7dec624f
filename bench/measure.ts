/** Latency statistics from raw samples (milliseconds). */
export type Stats = { requests: number; rps: number; p50: number; p95: number; p99: number; errors: number };

export function summarise(samples: number[], seconds: number, errors: number): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : Number.NaN;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    requests: sorted.length,
    rps: Math.round(sorted.length / seconds),
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    errors,
  };
}

/** Runs `task` from `concurrency` loops for `seconds`, timing each call. */
export async function loop(
  seconds: number,
  concurrency: number,
  task: () => Promise<unknown>,
): Promise<Stats> {
  const samples: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const started = performance.now();
        try {
          await task();
          samples.push(performance.now() - started);
        } catch {
          errors++;
        }
      }
    }),
  );
  return summarise(samples, seconds, errors);
}
