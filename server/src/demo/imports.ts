import { createHash } from 'node:crypto';
import type { DemoData } from './generate.ts';

/**
 * The demo's import: the Careers and Employability service's spreadsheet of employer contacts,
 * imported by Sasha Staff two days before "today", with its report (four created, one skipped as
 * a duplicate of a contact Rapport holds, one repeated in the file, one with a bad e-mail). The
 * same file, a small CSV built from the demo's own partners, is kept with the import, so a
 * newcomer can download it from the import's page and try the wizard with it: the wizard then
 * says it was imported before and finds its people as duplicates.
 *
 * Derived from the generated data without drawing from its seed, so the rest of the demo stays
 * as it was. Ids are fixed hashes of a label: the same every time.
 */

const fixedId = (label: string) => {
  const h = createHash('sha256').update(`rapport-demo-import:${label}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

const newPeople = [
  { name: 'Nadia Okafor', mailbox: 'nadia.okafor', jobTitle: 'Graduate recruitment manager' },
  { name: 'Tom Brennan', mailbox: 'tom.brennan', jobTitle: 'Placement coordinator' },
  { name: 'Aisha Rahman', mailbox: 'aisha.rahman', jobTitle: 'Early careers manager' },
  { name: 'Callum Reid', mailbox: 'callum.reid', jobTitle: 'Apprenticeships adviser' },
];

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function demoImport(data: DemoData, today: Date, uploadedById: string) {
  const employers = data.partners.filter((p) => p.type === 'Employer' && !p.parentId && p.website);
  const domainOf = (p: (typeof employers)[number]) => p.website!.replace(/^https:\/\/(www\.)?/, '');
  const partnerFor = (i: number) => employers[i % Math.min(3, employers.length)]!;
  // Someone Rapport holds already, at one of those employers: the file names them again.
  const affiliated = new Map(data.affiliations.map((a) => [a.contactId, a.partnerId]));
  const known = data.contacts.find((c) => employers.slice(0, 3).some((p) => p.id === affiliated.get(c.id)))!;
  const knownAt = data.partners.find((p) => p.id === affiliated.get(known.id))!;

  const at = (days: number, minutes = 0) =>
    new Date(today.getTime() - days * 86_400_000 + minutes * 60_000 - 3 * 3_600_000);
  const uploadedAt = at(2);
  const finishedAt = at(2, 6);

  const created = newPeople.map((person, i) => {
    const partner = partnerFor(i);
    return {
      contact: {
        id: fixedId(`contact:${person.mailbox}`),
        name: person.name,
        emails: [`${person.mailbox}@${domainOf(partner)}`],
        phones: [] as string[],
        jobTitle: person.jobTitle,
        consentStatus: 'not_asked' as const,
        consentRecordedOn: null,
        lawfulBasis: 'legitimate_interests' as const,
        createdAt: finishedAt,
        updatedAt: finishedAt,
      },
      affiliation: {
        id: fixedId(`affiliation:${person.mailbox}`),
        contactId: fixedId(`contact:${person.mailbox}`),
        partnerId: partner.id,
        role: person.jobTitle,
        isKeyContact: false,
        isPrimary: true,
        startDate: finishedAt.toISOString().slice(0, 10),
      },
      partner,
    };
  });
  const first = created[0]!;
  const badEmail = `priya.desai(at)${domainOf(partnerFor(1))}`;
  const lines: string[][] = [
    ['Full name', 'E-mail', 'Job title', 'Organisation'],
    ...created.map((c) => [c.contact.name, c.contact.emails[0]!, c.contact.jobTitle, c.partner.name]),
    [known.name, known.emails[0]!, known.jobTitle, knownAt.name],
    [first.contact.name, first.contact.emails[0]!, first.contact.jobTitle, first.partner.name],
    ['Priya Desai', badEmail, 'Talent partner', partnerFor(1).name],
  ];
  const file = Buffer.from(`${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`, 'utf8');
  const importId = fixedId('import');
  const rows = [
    ...created.map((c, i) => ({
      importId,
      row: i + 2,
      outcome: 'created' as const,
      entity: 'contact' as const,
      recordId: c.contact.id,
      name: c.contact.name,
      reason: `a role at ${c.partner.name}`,
      before: null,
      after: null,
    })),
    {
      importId,
      row: 6,
      outcome: 'skipped' as const,
      entity: 'contact' as const,
      recordId: known.id,
      name: known.name,
      reason: `skipped as chosen: it looks like "${known.name}" in Rapport (same e-mail)`,
      before: null,
      after: null,
    },
    {
      importId,
      row: 7,
      outcome: 'skipped' as const,
      entity: 'contact' as const,
      recordId: null,
      name: first.contact.name,
      reason: `skipped as chosen: it looks like row 2 ("${first.contact.name}")`,
      before: null,
      after: null,
    },
    {
      importId,
      row: 8,
      outcome: 'failed' as const,
      entity: 'contact' as const,
      recordId: null,
      name: 'Priya Desai',
      reason: `E-mail holds "${badEmail}", which is not an e-mail address`,
      before: null,
      after: null,
    },
  ];
  const run = {
    id: importId,
    kind: 'contacts' as const,
    fileName: 'careers-employer-contacts.csv',
    size: file.length,
    sha256: createHash('sha256').update(file).digest('hex'),
    storageKey: `imports/${importId}`,
    format: 'csv' as const,
    encoding: 'utf-8',
    delimiter: ',',
    columns: lines[0]!,
    rowCount: lines.length - 1,
    mapping: { name: 'Full name', email: 'E-mail', jobTitle: 'Job title', partner: 'Organisation' },
    choices: { all: 'skip' as const, rows: {} },
    uploadedById,
    uploadedAt,
    status: 'finished' as const,
    rowsDone: lines.length - 1,
    createdCount: created.length,
    updatedCount: 0,
    skippedCount: 2,
    failedCount: 1,
    startedAt: at(2, 5),
    progressAt: finishedAt,
    finishedAt,
  };
  return {
    file,
    run,
    rows,
    contacts: created.map((c) => c.contact),
    affiliations: created.map((c) => c.affiliation),
  };
}
