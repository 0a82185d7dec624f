import { type FormErrors, schemaResolver } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { z } from 'zod';
import { ApiError } from '../api/client.ts';

/**
 * The form layer: a form checks its values with the same contract the server validates the
 * request with (same rules, same messages) before it sends them, and shows the server's own
 * answers with `showServerErrors`. `toBody` turns the form's values into the request body.
 * Forms carry `noValidate`, so browser bubbles never mix with these messages.
 */
export function checkWith<V>(
  schema: z.ZodType,
  toBody: (values: V) => unknown = (v) => v,
  /** Body paths shown on a differently named form field, e.g. `{ 'followUp.title': 'followUp' }`. */
  fieldOf: Record<string, string> = {},
) {
  const resolve = schemaResolver(schema, { sync: true });
  return (values: V): FormErrors =>
    Object.fromEntries(
      Object.entries(resolve(toBody(values))).map(([path, m]) => [fieldOf[path] ?? path, m]),
    );
}

/**
 * Puts the server's validation messages on the right fields, and anything else in a notice.
 * With `fields` (the names the form shows), messages about other fields go in the notice too,
 * so none is lost.
 */
export function showServerErrors(
  error: unknown,
  setErrors: (errors: Record<string, string>) => void,
  fields?: readonly string[],
) {
  if (error instanceof ApiError && error.errors.length) {
    setErrors(error.fieldErrors());
    const elsewhere = fields ? error.errors.filter((e) => !fields.includes(e.field)) : [];
    if (!elsewhere.length) return;
    notifications.show({
      color: 'red',
      title: 'Not saved',
      message: elsewhere.map((e) => `${fieldName(e.field)}: ${e.message}`).join('; '),
    });
    return;
  }
  notifications.show({
    color: 'red',
    title: 'Not saved',
    message: error instanceof Error ? error.message : String(error),
  });
}

/** `unitId` → "Unit", `notifyUserIds` → "Notify users": a field as a person would say it. */
const fieldName = (field: string) =>
  humanise(
    field
      .replace(/Id(s?)$/, '$1')
      .replace(/([A-Z])/g, ' $1')
      .toLowerCase(),
  );

export const saved = (message: string) => notifications.show({ color: 'green', title: 'Saved', message });

/** Empty strings from inputs become null for the API. */
export function blankToNull<T extends Record<string, unknown>>(values: T): T {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === '' ? null : v])) as T;
}

// Made once, not on every call (toLocaleString makes a formatter each time): lists draw many dates.
const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
/** As toLocaleString says a date it cannot read, rather than throwing as a formatter does. */
const formatWith = (format: Intl.DateTimeFormat, iso: string) => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? 'Invalid Date' : format.format(date);
};
export const formatDate = (iso: string | null | undefined) => (iso ? formatWith(dateFormat, iso) : '—');
export const formatDateTime = (iso: string) => formatWith(dateTimeFormat, iso);
export const humanise = (value: string) => value.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
