import { z } from 'zod';
import { isoDate, optionalText, pageOf, recordFields, requiredText } from './shared.ts';

export const consentStatuses = ['not_asked', 'given', 'withdrawn'] as const;
export type ConsentStatus = (typeof consentStatuses)[number];
export const consentStatusLabels: Record<ConsentStatus, string> = {
  not_asked: 'Not asked',
  given: 'Given',
  withdrawn: 'Withdrawn',
};
/** The lawful bases for processing personal data (UK GDPR article 6). */
export const lawfulBases = [
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interests',
] as const;
export type LawfulBasis = (typeof lawfulBases)[number];
export const lawfulBasisLabels: Record<LawfulBasis, string> = {
  consent: 'Consent',
  contract: 'Contract',
  legal_obligation: 'Legal obligation',
  vital_interests: 'Vital interests',
  public_task: 'Public task',
  legitimate_interests: 'Legitimate interests',
};

export const contactAffiliationSchema = z.object({
  id: z.uuid(),
  partnerId: z.uuid(),
  partnerName: z.string(),
  role: z.string(),
  isKeyContact: z.boolean(),
  isPrimary: z.boolean(),
});

export const contactSchema = z.object({
  ...recordFields,
  name: z.string(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  jobTitle: z.string().nullable(),
  notes: z.string().nullable(),
  lawfulBasis: z.enum(lawfulBases),
  consentStatus: z.enum(consentStatuses),
  consentRecordedOn: z.string().nullable(),
  doNotInvite: z.boolean().describe('Sent no activity invitations'),
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
  doNotInvite: z.boolean().default(false),
};

export const createContactBody = z.object(contactFields);
export type CreateContact = z.infer<typeof createContactBody>;
export const updateContactBody = z.object({
  name: contactFields.name.optional(),
  emails: emails.optional(),
  phones: phones.optional(),
  jobTitle: contactFields.jobTitle.optional(),
  notes: contactFields.notes.optional(),
  lawfulBasis: z.enum(lawfulBases).optional(),
  consentStatus: z.enum(consentStatuses).optional(),
  consentRecordedOn: isoDate.nullable().optional(),
  doNotInvite: z.boolean().optional(),
});
export type UpdateContact = z.infer<typeof updateContactBody>;

// The list query (filters, sorts) is declared in common/src/lists/contacts.ts.
export const contactPage = pageOf(contactSchema);
