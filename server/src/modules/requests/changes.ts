import type { RequestChangeField } from '../../../../common/src/labels/requests.ts';
import type { RequestFieldChange } from '../../db/schema/requests.ts';

/** The fields an edit compares, as the request row holds them (readers are compared apart). */
const compared = [
  'title',
  'description',
  'kind',
  'priority',
  'ownerId',
  'relationshipId',
  'raisedByContactId',
  'visibility',
  'resolution',
  'satisfaction',
  'responseDueAt',
  'resolveDueAt',
] as const satisfies readonly RequestChangeField[];

type Value = string | number | Date | null | undefined;
type Comparable = Record<(typeof compared)[number], Value>;

const stored = (v: Value) => (v instanceof Date ? v.toISOString() : (v ?? null));
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id) => b.includes(id));

/**
 * What an edit changes, field by field, as the timeline keeps it: `values` holds the new value
 * of each field it sets (`undefined` where it leaves one alone). Readers are compared as sets.
 */
export function fieldChanges(
  before: Comparable,
  values: Partial<Comparable>,
  readers?: { before: readonly string[]; after: readonly string[] },
): RequestFieldChange[] {
  const changes: RequestFieldChange[] = [];
  for (const field of compared) {
    const to = values[field];
    if (to === undefined) continue;
    const from = before[field];
    if (stored(from) !== stored(to)) changes.push({ field, from: stored(from), to: stored(to) });
  }
  if (readers && !sameSet(readers.before, readers.after))
    changes.push({ field: 'readerIds', from: [...readers.before].sort(), to: [...readers.after].sort() });
  return changes;
}

const asIds = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/** The ids the edits mention, by what they are, to look their names up at once. */
export function idsIn(edits: readonly { changes: RequestFieldChange[] }[]) {
  const userIds = new Set<string>();
  const contactIds = new Set<string>();
  const relationshipIds = new Set<string>();
  for (const { changes } of edits)
    for (const c of changes) {
      const ids = [...asIds(c.from), ...asIds(c.to)];
      const into =
        c.field === 'ownerId' || c.field === 'readerIds'
          ? userIds
          : c.field === 'raisedByContactId'
            ? contactIds
            : c.field === 'relationshipId'
              ? relationshipIds
              : null;
      for (const id of ids) into?.add(id);
    }
  return { userIds: [...userIds], contactIds: [...contactIds], relationshipIds: [...relationshipIds] };
}

type Names = {
  users: Map<string, string>;
  contacts: Map<string, string>;
  relationships: Map<string, string>;
};

/**
 * One change as the timeline shows it: people, contacts and relationships by name (someone no
 * longer held shows as such), everything else as stored (vocabulary keys, ISO times, text).
 */
export function presentChange(c: RequestFieldChange, names: Names) {
  const show = (v: unknown): string | null => {
    if (v === null || v === undefined) return null;
    switch (c.field) {
      case 'ownerId':
        return names.users.get(String(v)) ?? 'someone no longer listed';
      case 'readerIds':
        return asIds(v)
          .map((id) => names.users.get(id) ?? 'someone no longer listed')
          .sort()
          .join(', ');
      case 'raisedByContactId':
        return names.contacts.get(String(v)) ?? 'a contact no longer held';
      case 'relationshipId':
        return names.relationships.get(String(v)) ?? 'a relationship no longer held';
      default:
        return String(v);
    }
  };
  return { field: c.field as RequestChangeField, from: show(c.from), to: show(c.to) };
}
