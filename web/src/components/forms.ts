import { notifications } from '@mantine/notifications';
import { ApiError } from '../api/client.ts';

/** Puts the server's validation messages on the right fields, and anything else in a notice. */
export function showServerErrors(error: unknown, setErrors: (errors: Record<string, string>) => void) {
  if (error instanceof ApiError && error.errors.length) {
    setErrors(error.fieldErrors());
    return;
  }
  notifications.show({
    color: 'red',
    title: 'Not saved',
    message: error instanceof Error ? error.message : String(error),
  });
}

export const saved = (message: string) => notifications.show({ color: 'green', title: 'Saved', message });

/** Empty strings from inputs become null for the API. */
export function blankToNull<T extends Record<string, unknown>>(values: T): T {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === '' ? null : v])) as T;
}

export const formatDate = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }) : '—';
export const formatDateTime = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
export const humanise = (value: string) => value.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
