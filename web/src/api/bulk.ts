import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { BulkResult, BulkStreamLine } from '../../../common/src/contracts/bulk.ts';
import { BULK_STREAM_TYPE } from '../../../common/src/labels/bulk.ts';
import { ApiError, csrfHeader } from './client.ts';

/** A bulk action one record refused: which record, and why (nothing was changed). */
export class BulkRefusal extends ApiError {
  constructor(
    status: number,
    message: string,
    readonly recordId: string | null,
    readonly reason: string,
  ) {
    super(status, message);
  }
}

type Problem = {
  status: number;
  detail?: string;
  recordId?: string;
  errors?: { field: string; message: string }[];
};
const refusal = (problem: Problem) =>
  new BulkRefusal(
    problem.status,
    problem.detail ?? `The server answered ${problem.status}`,
    problem.recordId ?? null,
    problem.errors?.map((e) => `${e.field}: ${e.message}`).join('; ') || (problem.detail ?? ''),
  );

export type BulkResource = 'partners' | 'contacts' | 'requests' | 'tasks' | 'relationships';
export type BulkProgress = { done: number; total: number };

/**
 * Runs a bulk action, reading its progress lines as they come. Resolves with what it changed;
 * rejects with the problem (nothing was changed) as an ApiError naming the record.
 */
export async function runBulk(
  resource: BulkResource,
  body: Record<string, unknown>,
  onProgress: (progress: BulkProgress) => void,
): Promise<BulkResult> {
  const response = await fetch(`/api/v1/${resource}/bulk`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: BULK_STREAM_TYPE, ...csrfHeader() },
    credentials: 'same-origin',
    body: JSON.stringify(body),
  });
  if (!response.ok || !response.body) {
    const problem = (await response.json().catch(() => ({}))) as Partial<Problem>;
    throw refusal({ ...problem, status: response.status });
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffered += value;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const text of lines.filter(Boolean)) {
      const line = JSON.parse(text) as BulkStreamLine;
      if (line.type === 'progress') onProgress({ done: line.done, total: line.total });
      else if (line.type === 'done') return { count: line.count, ids: line.ids };
      else throw refusal(line.problem as Problem);
    }
    if (done) throw new ApiError(500, 'The connection ended before the action finished; nothing was changed');
  }
}

/** A bulk action's state for a screen: run it, watch its progress, and refresh every list after. */
export function useBulkAction(resource: BulkResource) {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<BulkProgress | null>(null);
  const [running, setRunning] = useState(false);
  const run = async (body: Record<string, unknown>) => {
    setRunning(true);
    setProgress(null);
    try {
      return await runBulk(resource, body, setProgress);
    } finally {
      setRunning(false);
      await queryClient.invalidateQueries();
    }
  };
  return { run, running, progress };
}
