import { stringify } from 'csv-stringify/sync';
import { retentionRuleLabels } from '../../../../common/src/contracts/personal-data.ts';
import { lawfulBasisLabels } from '../../../../common/src/labels/contacts.ts';
import type { Ctx } from '../../lib/context.ts';
import { consentCounts, listPurposes } from './consents.repository.ts';
import { requireDataProtection } from './consents.service.ts';
import { listRules } from './retention.repository.ts';

type Rule = Awaited<ReturnType<typeof listRules>>[number];
const retentionText = (rule: Rule | undefined) =>
  rule
    ? `${retentionRuleLabels[rule.key].name}: after ${rule.years} years${rule.enabled ? '' : ' (not yet applied)'}`
    : 'No rule';

/**
 * The records of processing: per purpose what personal data Rapport holds, on what basis and for
 * how long, and the contact record and touch points that every purpose relies on.
 */
export async function processingRecordsOf(ctx: Ctx) {
  await requireDataProtection(ctx);
  const [purposes, counts, rules] = await Promise.all([
    listPurposes(ctx.db),
    consentCounts(ctx.db),
    listRules(ctx.db),
  ]);
  const rule = (key: string) => rules.find((r) => r.key === key);
  const countOf = (purpose: string, decision: string) =>
    counts.find((c) => c.purpose === purpose && c.decision === decision)?.count ?? 0;
  return {
    items: [
      {
        purpose: 'Relationship management: contact records',
        description: "Partners' staff, their roles at partners and how to reach them",
        lawfulBasis: lawfulBasisLabels.legitimate_interests,
        dataHeld: 'Name, e-mail addresses, telephone numbers, job title, affiliations and roles, notes',
        retention: retentionText(rule('unlinked_contacts')),
        contactsWithConsent: 0,
        contactsWithdrawn: 0,
      },
      {
        purpose: 'Relationship management: touch points',
        description: 'Meetings, calls, e-mails and visits with partners, naming the people taking part',
        lawfulBasis: lawfulBasisLabels.legitimate_interests,
        dataHeld: 'Participants, subject and notes',
        retention: `${retentionText(rule('touchpoint_notes'))}; ${retentionText(rule('dormant_partners'))}`,
        contactsWithConsent: 0,
        contactsWithdrawn: 0,
      },
      ...purposes.map((p) => ({
        // A retired purpose is listed while its recorded decisions are held.
        purpose: p.retiredAt ? `${p.name} (retired)` : p.name,
        description: p.description,
        lawfulBasis: lawfulBasisLabels[p.lawfulBasis],
        dataHeld: p.dataHeld,
        retention: retentionText(rule('unlinked_contacts')),
        contactsWithConsent: countOf(p.key, 'given'),
        contactsWithdrawn: countOf(p.key, 'withdrawn'),
      })),
    ],
  };
}

export function processingRecordsCsv(records: Awaited<ReturnType<typeof processingRecordsOf>>) {
  return stringify(
    records.items.map((r) => [
      r.purpose,
      r.description ?? '',
      r.lawfulBasis,
      r.dataHeld ?? '',
      r.retention,
      r.contactsWithConsent,
      r.contactsWithdrawn,
    ]),
    {
      header: true,
      columns: [
        'Purpose',
        'Description',
        'Lawful basis',
        'Personal data held',
        'Retention',
        'Contacts who consented',
        'Contacts who withdrew',
      ],
    },
  );
}
