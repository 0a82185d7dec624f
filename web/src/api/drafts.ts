import { notifications } from '@mantine/notifications';
import type { QueryClient } from '@tanstack/react-query';
import { ApiError, api } from './client.ts';

/**
 * What someone was saving when their session ended (a touch point, a request): kept in this
 * tab's sessionStorage (gone when the tab closes, never seen by another tab or person) and sent
 * once they have signed in again as the same person. The Idempotency-Key makes a repeat harmless.
 */
type Draft = { key: string; userId: string; what: string; path: string; body: unknown };

const STORE = 'rapport.drafts';

const read = (): Draft[] => {
  try {
    return JSON.parse(sessionStorage.getItem(STORE) ?? '[]') as Draft[];
  } catch {
    return [];
  }
};
const write = (drafts: Draft[]) =>
  drafts.length ? sessionStorage.setItem(STORE, JSON.stringify(drafts)) : sessionStorage.removeItem(STORE);

/** Whether the error is the end of the session (401), not a refusal of what was sent. */
export const isSessionEnded = (error: unknown) => error instanceof ApiError && error.status === 401;

/**
 * Keeps the draft and sends the person to sign in again (the layout does, once the session is
 * known to be gone). `what` names it in the notices: "touch point “Kick-off call”".
 */
export function keepDraft(client: QueryClient, draft: Omit<Draft, 'key'>) {
  write([...read(), { ...draft, key: crypto.randomUUID() }]);
  notifications.show({
    color: 'yellow.4',
    autoClose: false,
    title: 'Your session has ended',
    message: `Your ${draft.what} is kept: sign in again and it is saved.`,
  });
  client.setQueryData(['session'], null);
}

/** After signing in: sends this person's kept drafts, once each, and drops anyone else's; answers how many were sent. */
export async function sendKeptDrafts(userId: string): Promise<number> {
  const drafts = read();
  if (!drafts.length) return 0;
  write([]);
  const mine = drafts.filter((d) => d.userId === userId);
  for (const draft of mine) {
    try {
      await api('POST', draft.path, draft.body, { idempotencyKey: draft.key });
      notifications.show({ color: 'success', title: 'Saved', message: `Your ${draft.what} is saved.` });
    } catch (error) {
      notifications.show({
        color: 'red',
        autoClose: false,
        title: `Your ${draft.what} could not be saved`,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return mine.length;
}
