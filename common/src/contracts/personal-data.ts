import { z } from 'zod';
import { lawfulBases } from '../labels/contacts.ts';
import {
  type ConsentSource,
  consentDecisions,
  consentSources,
  type RetentionRuleKey,
  retentionRuleKeys,
} from '../labels/personal-data.ts';
import { isoDate, isoDateTime, optionalText, requiredText } from './shared.ts';

/**
 * Personal data under the UK GDPR: consent per purpose, subject access, erasure, retention
 * rules and the records of processing.
 */

/**
 * The sources a person may record: `migrated` is only for the decisions carried over from the
 * old per-contact "do not invite" flag when it was folded into consent per purpose.
 */
export const recordableConsentSources = consentSources.filter(
  (s): s is Exclude<ConsentSource, 'migrated'> => s !== 'migrated',
);

/** A purpose key: lower-case words joined by underscores ("events", "research_collaboration"). */
export const purposeKey = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[a-z][a-z0-9_]*$/, 'Use lower-case letters, digits and underscores, starting with a letter');

export const purposeSchema = z.object({
  key: z.string().max(60),
  name: z.string().max(200),
  description: z.string().max(2000).nullable(),
  lawfulBasis: z
    .enum(lawfulBases)
    .describe('consent: nobody is contacted without it; otherwise until they withdraw'),
  dataHeld: z.string().max(2000).nullable().describe('The personal data used for this purpose'),
  retiredAt: isoDateTime
    .nullable()
    .describe('When it was retired: nobody is contacted for it, no new decision is recorded'),
  version: z.int32(),
});
export type PurposeDto = z.infer<typeof purposeSchema>;
export const purposeList = z.object({ items: z.array(purposeSchema).max(100) });

export const savePurposeBody = z.object({
  name: requiredText(200),
  description: optionalText(2000),
  lawfulBasis: z.enum(lawfulBases),
  dataHeld: optionalText(2000),
});
export type SavePurpose = z.infer<typeof savePurposeBody>;
export const purposeParams = z.object({ key: purposeKey });
/**
 * The purposes Rapport itself sends for, by what it sends: activity invitations (`events`),
 * survey and assessment links (`surveys`), initiative digests (`initiatives`), and agreement
 * changes and dispute outcomes (`arrangements`). They can be renamed, never retired.
 */
export const PURPOSE = {
  events: 'events',
  surveys: 'surveys',
  initiatives: 'initiatives',
  arrangements: 'arrangements',
} as const;
export const builtInPurposes = Object.values(PURPOSE);
export const isBuiltInPurpose = (key: string) => (builtInPurposes as readonly string[]).includes(key);

/** One recorded decision of a contact about a purpose: the history keeps every one. */
export const consentSchema = z.object({
  id: z.uuid(),
  contactId: z.uuid(),
  purpose: z.string().max(60),
  decision: z.enum(consentDecisions),
  lawfulBasis: z.enum(lawfulBases),
  source: z.enum(consentSources),
  recordedOn: z.string().max(10),
  evidence: z.string().max(2000).nullable(),
  recordedByName: z.string().max(200).nullable(),
  recordedAt: isoDateTime,
});
export type ConsentDto = z.infer<typeof consentSchema>;

/** A purpose as it stands for one contact: the latest decision, and whether they may be contacted. */
export const consentStateSchema = z.object({
  purpose: z.string().max(60),
  purposeName: z.string().max(200),
  mayContact: z.boolean(),
  current: consentSchema.nullable(),
});
export const contactConsents = z.object({
  erased: z.boolean().describe("The contact's personal data has been erased"),
  purposes: z.array(consentStateSchema).max(100),
  history: z.array(consentSchema).max(5000),
});
export type ContactConsents = z.infer<typeof contactConsents>;

export const recordConsentBody = z.object({
  purpose: purposeKey,
  decision: z.enum(consentDecisions),
  lawfulBasis: z.enum(lawfulBases),
  source: z.enum(recordableConsentSources),
  recordedOn: isoDate.max(10),
  evidence: optionalText(2000),
});
export type RecordConsent = z.infer<typeof recordConsentBody>;

/** The typed confirmation of an erasure: the person's name exactly as Rapport holds it. */
export const eraseContactBody = z.object({
  confirmName: z.string().max(200).default('').describe("The contact's full name, typed to confirm"),
});
export const erasureResult = z.object({
  contactId: z.uuid(),
  erasedAt: isoDateTime,
  cleared: z.record(z.string().max(60), z.int32().min(0)).describe('Rows changed per kind of record'),
});

/** Who holds the data protection ability besides administrators. */
export const dataProtectionHolder = z.object({
  userId: z.uuid(),
  name: z.string().max(200),
  email: z.string().max(320),
  grantedAt: isoDateTime,
});
export const dataProtectionHolders = z.object({ items: z.array(dataProtectionHolder).max(5000) });
export const grantParams = z.object({ userId: z.uuid() });
export const dataProtectionAccess = z.object({
  dataProtection: z.boolean().describe('The caller may export and erase personal data'),
});
export const retentionRuleLabels: Record<RetentionRuleKey, { name: string; action: string }> = {
  touchpoint_notes: {
    name: 'Touch-point notes',
    action: 'Notes of touch points older than the period are cleared; the touch points stay.',
  },
  unlinked_contacts: {
    name: 'Contacts with no link',
    action:
      'Contacts with no current affiliation and no touch point, request or invitation in the period are erased.',
  },
  dormant_partners: {
    name: 'Dormant partners',
    action:
      "Dormant partners with no touch point in the period are listed for review of their contacts' personal data.",
  },
};

export const retentionRuleSchema = z.object({
  key: z.enum(retentionRuleKeys),
  name: z.string().max(200),
  action: z.string().max(500),
  years: z.int32().min(1).max(100),
  enabled: z.boolean(),
  version: z.int32(),
  lastRun: z.object({ at: isoDateTime, dryRun: z.boolean(), affected: z.int32().min(0) }).nullable(),
});
export type RetentionRuleDto = z.infer<typeof retentionRuleSchema>;
export const retentionRuleList = z.object({ items: z.array(retentionRuleSchema).max(10) });
/** A rule's key; an unknown one answers 404 (after the ability check, so outsiders learn nothing). */
export const retentionRuleParams = z.object({
  key: z
    .string()
    .max(60)
    .describe(`One of ${retentionRuleKeys.join(', ')}`),
});
export const isRetentionRuleKey = (key: string): key is RetentionRuleKey =>
  (retentionRuleKeys as readonly string[]).includes(key);
export const updateRetentionRuleBody = z.object({
  years: z.int32().min(1).max(100).optional(),
  enabled: z.boolean().optional(),
});

/** What a run found (a dry run) or did: counts, and the first records by name. */
export const retentionReport = z.object({
  rule: z.enum(retentionRuleKeys),
  dryRun: z.boolean(),
  cutoff: isoDate.max(10),
  affected: z.int32().min(0),
  examples: z.array(z.object({ id: z.uuid(), label: z.string().max(300) })).max(20),
  runId: z.uuid(),
});
export type RetentionReport = z.infer<typeof retentionReport>;

export const retentionRunSchema = z.object({
  id: z.uuid(),
  rule: z.enum(retentionRuleKeys),
  dryRun: z.boolean(),
  affected: z.int32().min(0),
  byName: z.string().max(200).nullable().describe('Null for the scheduled job'),
  at: isoDateTime,
});
export const retentionRunList = z.object({ items: z.array(retentionRunSchema).max(100) });

/** One line of the records of processing. */
export const processingRecord = z.object({
  purpose: z.string().max(200),
  description: z.string().max(2000).nullable(),
  lawfulBasis: z.string().max(100),
  dataHeld: z.string().max(2000).nullable(),
  retention: z.string().max(500),
  contactsWithConsent: z.int32().min(0),
  contactsWithdrawn: z.int32().min(0),
});
export const processingRecords = z.object({ items: z.array(processingRecord).max(200) });

const text = (max: number) => z.string().max(max);
const when = isoDateTime.nullable();
const many = <T extends z.ZodType>(item: T) => z.array(item).max(50_000);
/** Everything Rapport holds about one person (subject access), as the JSON export carries it. */
export const subjectAccessExport = z.object({
  exportedAt: isoDateTime,
  exportedBy: text(200),
  erased: z.boolean(),
  contact: z.object({
    id: z.uuid(),
    name: text(200),
    emails: z.array(text(320)).max(10),
    phones: z.array(text(20)).max(10),
    jobTitle: text(200).nullable(),
    notes: text(10_000).nullable(),
    lawfulBasis: text(40),
    consentStatus: text(40),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  }),
  affiliations: many(
    z.object({
      id: z.uuid(),
      partnerName: text(300),
      role: text(200),
      isKeyContact: z.boolean(),
      isPrimary: z.boolean(),
      startDate: text(10).nullable(),
      endDate: text(10).nullable(),
    }),
  ),
  consents: many(consentSchema),
  touchpoints: many(
    z.object({
      id: z.uuid(),
      occurredAt: isoDateTime,
      kind: text(40),
      subject: text(300),
      notes: text(20_000).nullable(),
      partnerName: text(300),
      unitName: text(200),
      visibility: text(40),
    }),
  ),
  requests: many(
    z.object({
      id: z.uuid(),
      reference: z.int32().min(0),
      kind: text(40),
      title: text(300),
      description: text(20_000).nullable(),
      status: text(40),
      resolution: text(20_000).nullable(),
      partnerName: text(300),
      createdAt: isoDateTime,
    }),
  ),
  requestComments: many(z.object({ requestId: z.uuid(), body: text(20_000), at: isoDateTime })),
  invitations: many(
    z.object({
      activityTitle: text(300),
      startsAt: isoDateTime,
      status: text(40),
      email: text(320).nullable(),
      invitedAt: when,
      respondedAt: when,
    }),
  ),
  feedback: many(
    z.object({
      activityTitle: text(300),
      rating: z.int32(),
      useful: text(2_000).nullable(),
      change: text(2_000).nullable(),
      createdAt: isoDateTime,
    }),
  ),
  attendance: many(
    z.object({
      activityTitle: text(300),
      meetingStartsAt: isoDateTime,
      status: text(40),
      walkIn: z.boolean(),
    }),
  ),
  workingGroups: many(
    z.object({
      workingGroup: text(300),
      partnerName: text(300).nullable(),
      role: text(200).nullable(),
      joinedOn: text(10),
      leftOn: text(10).nullable(),
    }),
  ),
  attachments: many(
    z.object({
      id: z.uuid(),
      fileName: text(300),
      size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      contentType: text(200),
      uploadedAt: isoDateTime,
      touchpointId: z.uuid().nullable(),
      requestId: z.uuid().nullable(),
    }),
  ),
  audit: many(
    z.object({
      id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
      entity: text(60),
      entityId: z.uuid(),
      action: text(20),
      at: isoDateTime,
      before: z.record(z.string().max(100), z.unknown()).nullable(),
      after: z.record(z.string().max(100), z.unknown()).nullable(),
    }),
  ),
});
