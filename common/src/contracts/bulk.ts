import { z } from 'zod';
import { BULK_MAX } from '../labels/bulk.ts';
import { consentStatuses } from '../labels/contacts.ts';
import { partnerStatuses } from '../labels/partners.ts';
import { consentDecisions } from '../labels/personal-data.ts';
import { relationshipStatuses } from '../labels/relationships.ts';
import { requestPriorities, requestStatuses } from '../labels/requests.ts';
import { contactList } from '../lists/contacts.ts';
import type { FilterValues, ListMeta } from '../lists/define.ts';
import { partnerList } from '../lists/partners.ts';
import { filterShape } from '../lists/query.ts';
import { relationshipList } from '../lists/relationships.ts';
import { requestList } from '../lists/requests.ts';
import { taskList } from '../lists/tasks.ts';
import { partnerTags } from './partners.ts';
import { purposeKey, recordableConsentSources } from './personal-data.ts';
import { isoDate, optionalText } from './shared.ts';

/**
 * Bulk actions: `POST /<resource>/bulk` applies one action to the records named by `ids`, or
 * to every record the list's `filter` matches that the caller may see. All or nothing: one
 * transaction, each record checked, changed, audited and published as the single PATCH does.
 */

export { BULK_MAX, BULK_STREAM_TYPE } from '../labels/bulk.ts';

/** A list's filters as a JSON object, written as its query string would be (`status: "new,triaged"`). */
export function filterObject<const M extends ListMeta>(meta: M) {
  const { sort: _sort, ...shape } = filterShape(meta);
  return z
    .object(shape)
    .strict()
    .describe(
      `The ${meta.name} list's filters, as in its query string: every record they match that you may see`,
    ) as unknown as z.ZodType<FilterValues<M>>;
}

const selection = <const M extends ListMeta>(meta: M) => ({
  ids: z.array(z.uuid()).min(1).max(BULK_MAX).optional().describe(`The records, at most ${BULK_MAX}`),
  filter: filterObject(meta).optional(),
});

/** Every record once, and exactly one of `ids` and `filter`. */
function checkSelection(body: { ids?: string[]; filter?: object }, ctx: z.core.$RefinementCtx) {
  if ((body.ids === undefined) === (body.filter === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['ids'], message: 'Give either ids or filter (one of them)' });
    return;
  }
  const seen = new Set<string>();
  body.ids?.forEach((id, i) => {
    if (seen.has(id)) ctx.addIssue({ code: 'custom', path: ['ids', i], message: 'names a record twice' });
    seen.add(id);
  });
}

/** One bulk body: the selection beside each of the resource's actions and its parameters. */
function bulkBody<const M extends ListMeta, const A extends readonly [z.ZodObject, ...z.ZodObject[]]>(
  meta: M,
  actions: A,
) {
  const withSelection = actions.map((a) => a.extend(selection(meta))) as unknown as {
    [K in keyof A]: A[K] extends z.ZodObject<infer S>
      ? z.ZodObject<S & ReturnType<typeof selection<M>>>
      : never;
  };
  const members = withSelection as unknown as [z.ZodObject, ...z.ZodObject[]];
  // One action is its own object: a union of one is not a choice (and OpenAPI says so).
  const schema = members.length === 1 ? members[0] : z.discriminatedUnion('action', members);
  return schema.superRefine((body, ctx) =>
    checkSelection(body as { ids?: string[]; filter?: object }, ctx),
  ) as unknown as z.ZodType<z.output<z.ZodDiscriminatedUnion<typeof withSelection>>>;
}

const action = <const N extends string, S extends z.ZodRawShape>(name: N, shape: S, description: string) =>
  z.object({ action: z.literal(name), ...shape }).describe(description);

const tags = partnerTags.refine((list) => list.length > 0, 'Give at least one tag');

export const bulkPartnersBody = bulkBody(partnerList, [
  action('addTags', { tags }, 'Add these tags'),
  action('removeTags', { tags }, 'Remove these tags'),
  action('setStatus', { status: z.enum(partnerStatuses) }, 'Set the status (archived to archive)'),
  action('setType', { typeId: z.uuid() }, 'Set the partner type'),
]);
export type BulkPartners = z.output<typeof bulkPartnersBody>;

export const bulkContactsBody = bulkBody(contactList, [
  action(
    'setConsent',
    {
      consentStatus: z.enum(consentStatuses),
      consentRecordedOn: isoDate
        .nullish()
        .transform((v) => v ?? null)
        .describe('When consent was given or withdrawn (required unless not asked)'),
    },
    'Record the consent of the contacts (UK GDPR): given or withdrawn on a date, or not asked',
  ),
  action(
    'recordPurposeConsent',
    {
      purpose: purposeKey,
      decision: z.enum(consentDecisions),
      source: z.enum(recordableConsentSources),
      recordedOn: isoDate.max(10),
      evidence: optionalText(2000),
    },
    "Record a consent decision for a purpose for each contact (with the purpose's lawful basis). Replaces setDoNotInvite: a withdrawal of the events purpose is what it recorded.",
  ),
]);
export type BulkContacts = z.output<typeof bulkContactsBody>;

export const bulkRelationshipsBody = bulkBody(relationshipList, [
  action(
    'reassign',
    {
      managerId: z.uuid(),
      deputyIds: z.array(z.uuid()).max(20).optional().describe('Replaces the deputies when given'),
    },
    'Hand the relationships to another relationship manager',
  ),
  action('setStatus', { status: z.enum(relationshipStatuses) }, 'Set the status'),
]);
export type BulkRelationships = z.output<typeof bulkRelationshipsBody>;

export const bulkRequestsBody = bulkBody(requestList, [
  action(
    'triage',
    {
      ownerId: z.uuid().nullable().optional(),
      priority: z.enum(requestPriorities).optional(),
      status: z
        .enum(requestStatuses)
        .optional()
        .describe('Moved there along the lifecycle (records already there stay)'),
    },
    'Set the owner, the priority and the status',
  ),
]);
export type BulkRequests = z.output<typeof bulkRequestsBody>;

export const bulkTasksBody = bulkBody(taskList, [
  action('reassign', { assigneeId: z.uuid() }, 'Assign the tasks to someone else'),
  action('complete', {}, 'Mark the tasks done'),
  action('setDue', { dueOn: isoDate.nullable() }, 'Set (or clear) the due date'),
]);
export type BulkTasks = z.output<typeof bulkTasksBody>;

/** What a bulk action did: the records it changed, in the order they were changed. */
export const bulkResultSchema = z.object({
  count: z.int32().min(0),
  ids: z.array(z.uuid()).max(BULK_MAX),
});
export type BulkResult = z.infer<typeof bulkResultSchema>;

/** One line of the progress stream (`Accept: application/x-ndjson`). */
export type BulkStreamLine =
  | { type: 'progress'; done: number; total: number }
  | ({ type: 'done' } & BulkResult)
  | {
      type: 'error';
      problem: { status: number; detail: string; errors?: { field: string; message: string }[] };
    };
