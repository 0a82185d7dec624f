import { z } from 'zod';
import { consentStatuses, lawfulBases, similarityReasons } from '../labels/contacts.ts';
import { createAffiliationBody } from './affiliations.ts';
import { dateText, isoDate, optionalText, pageOf, recordFields, requiredText } from './shared.ts';

export const contactAffiliationSchema = z.object({
  id: z.uuid(),
  partnerId: z.uuid(),
  partnerName: z.string().max(300),
  role: z.string().max(200),
  isKeyContact: z.boolean(),
  isPrimary: z.boolean(),
});

export const contactSchema = z.object({
  ...recordFields,
  name: z.string().max(200),
  emails: z.array(z.string().max(320)).max(10),
  phones: z.array(z.string().max(20)).max(10),
  jobTitle: z.string().max(200).nullable(),
  notes: z.string().max(10_000).nullable(),
  lawfulBasis: z.enum(lawfulBases),
  consentStatus: z.enum(consentStatuses),
  consentRecordedOn: dateText.nullable(),
  affiliations: z
    .array(contactAffiliationSchema)
    .describe('Current affiliations (no end date, or ending today or later)'),
});
export type ContactDto = z.infer<typeof contactSchema>;

const emails = z
  .array(z.email().max(320))
  .max(10)
  .transform((list) => [...new Set(list.map((e) => e.toLowerCase()))]);
const phones = z
  .array(
    z
      .string()
      .trim()
      .max(20)
      .regex(/^\+?[0-9 ()-]{6,20}$/, 'Enter a telephone number, such as +44 113 496 0000'),
  )
  .max(10);

const contactFields = {
  name: requiredText(200),
  emails: emails.default([]),
  phones: phones.default([]),
  jobTitle: optionalText(200),
  notes: optionalText(10_000),
  lawfulBasis: z.enum(lawfulBases).default('legitimate_interests'),
  consentStatus: z.enum(consentStatuses).default('not_asked'),
  consentRecordedOn: isoDate.nullish().transform((v) => v ?? null),
};

/** The affiliation a new contact is added with: saved with the contact, or neither is saved. */
export const newContactAffiliation = createAffiliationBody.omit({ contactId: true });

/**
 * The per-contact `doNotInvite` flag was folded into consent per purpose: what it said is now a
 * withdrawal of the `events` purpose (POST /contacts/{id}/consents), which invitations, surveys,
 * assessment links and digests all honour. The API says so where the field used to be.
 */
export const DO_NOT_INVITE_REMOVED =
  'The doNotInvite flag was removed: record a withdrawal of the "events" purpose with POST /contacts/{id}/consents instead (a doNotInvite sent is ignored). Contacts flagged before were migrated to such a withdrawal.';

export const createContactBody = z
  .object({
    ...contactFields,
    affiliation: newContactAffiliation
      .optional()
      .describe('Their role at a partner, saved in the same transaction as the contact'),
  })
  .describe(DO_NOT_INVITE_REMOVED);
export type CreateContact = z.infer<typeof createContactBody>;
export const updateContactBody = z
  .object({
    name: contactFields.name.optional(),
    emails: emails.optional(),
    phones: phones.optional(),
    jobTitle: contactFields.jobTitle.optional(),
    notes: contactFields.notes.optional(),
    lawfulBasis: z.enum(lawfulBases).optional(),
    consentStatus: z.enum(consentStatuses).optional(),
    consentRecordedOn: isoDate.nullable().optional(),
  })
  .describe(DO_NOT_INVITE_REMOVED);
export type UpdateContact = z.infer<typeof updateContactBody>;
export const similarContactsQuery = z
  .object({
    name: z.string().trim().max(200).optional().describe('The name being entered'),
    email: z
      .string()
      .trim()
      .max(1000)
      .optional()
      .describe('E-mail addresses being entered, comma-separated')
      .transform((v) => [
        ...new Set(
          (v ?? '')
            .split(',')
            .map((e) => e.trim().toLowerCase())
            .filter(Boolean),
        ),
      ])
      .pipe(z.array(z.email()).max(10)),
    excludeId: z.uuid().optional().describe('Leave out this contact (the one being edited)'),
    limit: z.coerce.number().int().min(1).max(20).default(5),
  })
  .refine((q) => (q.name?.length ?? 0) >= 3 || q.email.length > 0, {
    path: ['name'],
    message: 'Give a name of at least 3 letters or an e-mail address',
  });
export type SimilarContactsQuery = z.infer<typeof similarContactsQuery>;
export const similarContactsSchema = z.object({
  items: z.array(
    contactSchema.extend({
      reason: z.enum(similarityReasons).describe('email: an address in common; name: a similar name'),
    }),
  ),
});

// The list query (filters, sorts) is declared in common/src/lists/contacts.ts.
export const contactPage = pageOf(contactSchema);
