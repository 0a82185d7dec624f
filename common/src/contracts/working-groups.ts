import { z } from 'zod';
import { dateText, isoDate, optionalText } from './shared.ts';

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
