import { z } from 'zod';
import {
  dateText,
  isoDate,
  isoDateTime,
  isoDateTimeWithOffset,
  optionalText,
  requiredText,
} from './shared.ts';

/** One person's membership of a working group: a partner's contact (for that partner) or a member of staff. */
export const memberSchema = z.object({
  id: z.uuid(),
  side: z
    .enum(['partner', 'university'])
    .describe("The partner's side (a contact) or the university's (staff)"),
  contactId: z.uuid().nullable(),
  userId: z.uuid().nullable(),
  name: z.string().max(200),
  partnerId: z.uuid().nullable(),
  partnerName: z.string().max(300).nullable(),
  role: z.string().max(200).nullable(),
  joinedOn: dateText,
  leftOn: dateText.nullable(),
});
export type MemberDto = z.infer<typeof memberSchema>;

/** The most memberships one group lists (current and past). */
export const MEMBERS_LIMIT = 2_000;
export const memberList = z.object({
  items: z.array(memberSchema).max(MEMBERS_LIMIT).describe('Current members first, then past, by name'),
  current: z.int32(),
  can: z.object({ change: z.boolean() }),
});

/** Someone joins: a contact (for a partner they are affiliated with) or a member of staff. */
export const addMemberBody = z.object({
  contactId: z
    .uuid()
    .nullish()
    .transform((v) => v ?? null),
  partnerId: z
    .uuid()
    .nullish()
    .transform((v) => v ?? null)
    .describe("Which partner the contact represents; defaults to the contact's only current affiliation"),
  userId: z
    .uuid()
    .nullish()
    .transform((v) => v ?? null),
  role: optionalText(200).describe('e.g. Chair, Secretary'),
  joinedOn: isoDate.optional().describe('Default: today'),
});
export type AddMember = z.input<typeof addMemberBody>;

/** Someone leaves, on a day. */
export const endMembershipBody = z.object({ leftOn: isoDate });
export const memberParams = z.object({ id: z.uuid(), memberId: z.uuid() });

/** An action agreed at a meeting of the group, owned by a member on either side. */
export const actionSchema = z.object({
  id: z.uuid(),
  meetingStartsAt: isoDateTime.describe('The meeting it was agreed at (one occurrence of the series)'),
  title: z.string().max(300),
  owner: z.object({
    memberId: z.uuid(),
    side: z.enum(['partner', 'university']),
    name: z.string().max(200),
    partnerName: z.string().max(300).nullable(),
  }),
  dueOn: dateText.nullable(),
  done: z.boolean(),
  doneAt: isoDateTime.nullable(),
  taskId: z
    .uuid()
    .nullable()
    .describe("A member of staff's action is a task in their list too (groups open to everyone)"),
});
export type ActionDto = z.infer<typeof actionSchema>;

/** The most actions one group lists. */
export const ACTIONS_LIMIT = 2_000;
export const actionList = z.object({
  items: z.array(actionSchema).max(ACTIONS_LIMIT).describe('By meeting, latest first; open before done'),
  can: z.object({ change: z.boolean() }),
});

/** An action agreed at a meeting: its owner is a current member of the group. */
export const createActionBody = z.object({
  meetingStartsAt: isoDateTimeWithOffset.describe('The start of the meeting (an occurrence of the series)'),
  title: requiredText(300),
  memberId: z.uuid().describe('The member who owns it: a partner contact or a member of staff'),
  dueOn: isoDate.nullish().transform((v) => v ?? null),
});
export type CreateAction = z.input<typeof createActionBody>;

export const actionDoneBody = z.object({ done: z.boolean() });
export const actionParams = z.object({ id: z.uuid(), actionId: z.uuid() });
