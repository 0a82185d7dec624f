import { en, en_GB, Faker } from '@faker-js/faker';
import { relationshipStages } from '../../../common/src/labels/relationships.ts';
import {
  demoAccounts,
  externalRoles,
  faculties,
  firstNames,
  lastNames,
  noteTemplates,
  partnerNamePatterns,
  places,
  requestDescriptions,
  requestTitles,
  sentimentNotes,
  services,
  staffJobTitles,
  topicsByType,
  touchpointSubjects,
} from './catalogue.ts';
import { STORIES } from './stories.ts';

type Role = 'administrator' | 'senior_manager' | 'relationship_manager' | 'staff' | 'viewer';
type Kind = 'meeting' | 'call' | 'email' | 'visit' | 'event' | 'enquiry' | 'note';

export type DemoData = ReturnType<typeof generateDemo>;

const SEED = 20090608; // the date of the first seed text
const DAY = 86_400_000;
const MINUTE = 60_000;
const ukZone = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'short' });
const ukMonth = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', month: 'long' });

/** An address's local part from a name: no accents, apostrophes or spaces. */
const mailbox = (first: string, last: string) =>
  `${first}.${last}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9.-]/g, '');

/** The template with `{name}` placeholders filled in. */
const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? key);

/**
 * The University of Northmoor, generated from a fixed seed: the same content every time. Dates
 * are offsets from `today`, so the demo always looks current.
 */
export function generateDemo(today: Date) {
  const f = new Faker({ locale: [en_GB, en] });
  f.seed(SEED);
  const id = () => f.string.uuid();
  const daysAgo = (days: number) => new Date(today.getTime() - days * DAY);
  const dateOnly = (d: Date) => d.toISOString().slice(0, 10);
  /**
   * A moment in working hours on a working day `days` ago (a weekend moves back to the Friday):
   * between 09:00 and 16:30 UK time, on the quarter hour, or from `fromMinute` on that day.
   */
  const workingTime = (days: number, fromMinute = 9 * 60): Date => {
    const day = new Date(today.getTime() - days * DAY);
    const weekday = day.getUTCDay();
    const back = weekday === 6 ? 1 : weekday === 0 ? 2 : 0;
    const start = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() - back);
    const first = Math.min(Math.max(fromMinute, 9 * 60), 16 * 60 + 30);
    const minute = first + 15 * f.number.int({ min: 0, max: Math.floor((16 * 60 + 30 - first) / 15) });
    // UK time is UTC in winter and UTC+1 in summer: subtract the hour when it is summer there.
    const summer = ukZone.format(new Date(start + 12 * 3600_000)).includes('BST');
    const at = new Date(start + minute * MINUTE - (summer ? 60 * MINUTE : 0));
    // Never later than now: today's moments are earlier today, or on the working day before.
    return at > today ? workingTime(days + 1, fromMinute) : at;
  };
  /** A working moment `days` after `after` (the same day: later that day), never before it. */
  const laterAtWork = (after: Date, days: number) => {
    const afterDays = Math.floor((today.getTime() - after.getTime()) / DAY);
    const target = Math.max(afterDays - Math.max(days, 0), 0);
    const at = workingTime(target);
    if (at > after) return at;
    const ukMinute =
      (after.getTime() - Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate())) / MINUTE;
    const sameDay = workingTime(afterDays, ukMinute + 60);
    return sameDay > after ? sameDay : new Date(after.getTime() + 15 * MINUTE);
  };
  const monthName = (d: Date) => ukMonth.format(d);
  /** When a record was created, some years ago, and last changed since then, mostly recently. */
  const history = (minYears: number, maxYears: number) => {
    const createdDays = f.number.int({ min: Math.round(minYears * 365), max: Math.round(maxYears * 365) });
    const updatedDays = Math.floor(createdDays * f.number.float({ min: 0, max: 1 }) ** 2);
    return { createdAt: workingTime(createdDays), updatedAt: workingTime(updatedDays) };
  };
  const person = () => ({
    first: f.helpers.arrayElement(firstNames),
    last: f.helpers.arrayElement(lastNames),
  });

  // Units: the university, four faculties with their Schools, professional services.
  const units: {
    id: string;
    name: string;
    code: string;
    kind: 'faculty' | 'school' | 'service' | 'office';
    parentId: string | null;
  }[] = [];
  const schools: { unitId: string; name: string }[] = [];
  for (const faculty of faculties) {
    const facultyId = id();
    units.push({ id: facultyId, name: faculty.name, code: faculty.code, kind: 'faculty', parentId: null });
    faculty.schools.forEach((name, i) => {
      const unitId = id();
      units.push({ id: unitId, name, code: `${faculty.code}-${i + 1}`, kind: 'school', parentId: facultyId });
      schools.push({ unitId, name });
    });
  }
  for (const service of services) units.push({ id: id(), ...service, parentId: null });
  const unitByName = new Map(units.map((u) => [u.name, u.id]));
  const serviceUnits = units.filter((u) => u.kind === 'service' || u.kind === 'office');

  // Staff: one demo account per role, then colleagues across the units.
  const users: { id: string; email: string; name: string; role: Role; unitId: string; jobTitle: string }[] =
    demoAccounts.map((a) => ({
      id: id(),
      email: a.email,
      name: a.name,
      role: a.role,
      unitId: unitByName.get(a.unit)!,
      jobTitle:
        a.role === 'relationship_manager'
          ? 'IT Consultant (School liaison)'
          : f.helpers.arrayElement(staffJobTitles),
    }));
  for (const unit of units.filter((u) => u.kind !== 'faculty')) {
    for (const role of ['relationship_manager', 'staff'] as const) {
      const { first, last } = person();
      users.push({
        id: id(),
        email: `${mailbox(first, last)}.${users.length}@northmoor.ac.uk`,
        name: `${first} ${last}`,
        role,
        unitId: unit.id,
        jobTitle:
          role === 'relationship_manager' ? 'Relationship Manager' : f.helpers.arrayElement(staffJobTitles),
      });
    }
  }
  const staffOf = (unitId: string) => users.filter((u) => u.unitId === unitId && u.role !== 'viewer');

  // Partners: each academic School as an internal partner, then external partners of every type.
  type Partner = {
    id: string;
    name: string;
    type: string;
    parentId: string | null;
    isInternal: boolean;
    unitId: string | null;
    status: 'active' | 'dormant' | 'archived';
    sector: string | null;
    city: string | null;
    website: string | null;
    tags: string[];
    createdAt: Date;
    updatedAt: Date;
  };
  const partners: Partner[] = schools.map((s) => ({
    id: id(),
    name: s.name,
    type: 'Academic School',
    parentId: null,
    isInternal: true,
    unitId: s.unitId,
    status: 'active',
    sector: 'Higher education',
    city: 'Northmoor',
    website: null,
    tags: ['internal'],
    ...history(3, 8),
  }));
  const used = new Set<string>();
  for (const [type, patterns] of Object.entries(partnerNamePatterns)) {
    const count = type === 'Employer' || type === 'Business' ? 40 : 18;
    for (let i = 0; i < count; i++) {
      let name = '';
      let sector = '';
      for (let tries = 0; tries < 20 && (!name || used.has(name)); tries++) {
        const pick = f.helpers.arrayElement(patterns);
        name = pick.pattern.replace('{place}', f.helpers.arrayElement(places));
        sector = pick.sector;
      }
      if (used.has(name)) continue;
      used.add(name);
      const slug = name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '');
      partners.push({
        id: id(),
        name,
        type,
        parentId: null,
        isInternal: false,
        unitId: null,
        status: f.helpers.weightedArrayElement([
          { value: 'active', weight: 85 },
          { value: 'dormant', weight: 12 },
          { value: 'archived', weight: 3 },
        ]),
        sector,
        city: f.helpers.arrayElement([
          'Leeds',
          'Sheffield',
          'York',
          'Bradford',
          'Manchester',
          'Hull',
          'Newcastle',
          'Durham',
          'Lancaster',
          'Huddersfield',
        ]),
        website: `https://${slug}.example`,
        tags: f.helpers.arrayElements(
          ['placements', 'ktp', 'research', 'outreach', 'sponsorship', 'degree apprenticeships'],
          { min: 0, max: 2 },
        ),
        ...history(1, 9),
      });
    }
  }
  // Company groups with sites.
  for (const group of partners.filter((p) => p.type === 'Employer').slice(0, 4)) {
    for (const site of ['Leeds site', 'Sheffield site']) {
      partners.push({
        ...group,
        id: id(),
        name: `${group.name} — ${site}`,
        parentId: group.id,
        tags: [],
        ...history(0.5, 3),
      });
    }
  }

  // One employer entered twice, by another unit's spreadsheet: the duplicate finder proposes the pair.
  const twin = partners.find((p) => p.name.endsWith(' Building Society') && p.parentId === null);
  if (twin)
    partners.push({
      ...twin,
      // Derived from the original's id, not drawn from the seed: the rest of the demo stays as it was.
      id: twin.id.replace(/.{4}$/, 'd0b1'),
      name: twin.name.replace(' Building Society', ' Bldg Society'),
      website: twin.website?.replace('https://', 'https://www.') ?? null,
      tags: [],
      createdAt: twin.updatedAt,
      updatedAt: twin.updatedAt,
    });

  // Contacts and affiliations: each School's Local Computing Representative and Head of School; key people elsewhere.
  const contacts: {
    id: string;
    name: string;
    emails: string[];
    phones: string[];
    jobTitle: string;
    consentStatus: 'not_asked' | 'given';
    consentRecordedOn: string | null;
    lawfulBasis: 'legitimate_interests' | 'consent';
    createdAt: Date;
    updatedAt: Date;
  }[] = [];
  const affiliations: {
    id: string;
    contactId: string;
    partnerId: string;
    role: string;
    isKeyContact: boolean;
    isPrimary: boolean;
    startDate: string;
  }[] = [];
  const contactsOf = new Map<string, string[]>();
  const addContact = (partner: Partner, role: string, isKey: boolean) => {
    const { first, last } = person();
    const domain = partner.isInternal
      ? 'northmoor.ac.uk'
      : (partner.website ?? 'https://partner.example').replace('https://', '');
    const contactId = id();
    const consent = f.datatype.boolean(0.3);
    contacts.push({
      id: contactId,
      name: `${first} ${last}`,
      emails: [`${mailbox(first, last)}@${domain}`],
      phones: [`+44 113 496 ${String(f.number.int({ min: 1000, max: 9999 }))}`],
      jobTitle: role,
      consentStatus: consent ? 'given' : 'not_asked',
      consentRecordedOn: consent ? dateOnly(daysAgo(f.number.int({ min: 30, max: 700 }))) : null,
      lawfulBasis: consent ? 'consent' : 'legitimate_interests',
      ...history(0.3, 5),
    });
    affiliations.push({
      id: id(),
      contactId,
      partnerId: partner.id,
      role,
      isKeyContact: isKey,
      isPrimary: true,
      startDate: dateOnly(daysAgo(f.number.int({ min: 60, max: 1500 }))),
    });
    contactsOf.set(partner.id, [...(contactsOf.get(partner.id) ?? []), contactId]);
  };
  for (const partner of partners) {
    if (partner.isInternal) {
      addContact(partner, 'Local Computing Representative', true);
      addContact(partner, 'Head of School', true);
      addContact(partner, 'School Manager', false);
    } else {
      const n = partner.parentId ? 1 : f.number.int({ min: 1, max: 4 });
      for (let i = 0; i < n; i++) addContact(partner, f.helpers.arrayElement(externalRoles), i === 0);
    }
  }

  // Relationships: IT Services with every School; services with external partners.
  const relationships: {
    id: string;
    unitId: string;
    partnerId: string;
    managerId: string;
    deputyIds: string[];
    stage: 'getting_to_know' | 'developing' | 'established' | 'strategic';
    cadenceDays: number;
    startDate: string;
    reviewDate: string;
    objectives: string;
    createdAt: Date;
    updatedAt: Date;
  }[] = [];
  const itServices = unitByName.get('IT Services')!;
  const itManagers = staffOf(itServices).filter(
    (u) => u.role === 'relationship_manager' || u.role === 'senior_manager',
  );
  const relate = (unitId: string, partner: Partner, managerId: string) => {
    const colleagues = staffOf(unitId).filter((u) => u.id !== managerId);
    const startDays = f.number.int({ min: 90, max: 1400 });
    relationships.push({
      id: id(),
      unitId,
      partnerId: partner.id,
      managerId,
      deputyIds: colleagues.length ? [f.helpers.arrayElement(colleagues).id] : [],
      stage: f.helpers.arrayElement(relationshipStages),
      cadenceDays: f.helpers.arrayElement([14, 30, 30, 60, 90]),
      startDate: dateOnly(daysAgo(startDays)),
      reviewDate: dateOnly(daysAgo(-f.number.int({ min: -30, max: 300 }))),
      objectives: f.helpers.arrayElement([
        'Agree the communication plan and meet each term',
        'Grow placements and graduate recruitment',
        'Develop a joint research bid',
        'Resolve open service issues and rebuild trust',
      ]),
      createdAt: workingTime(startDays),
      updatedAt: workingTime(f.number.int({ min: 1, max: startDays })),
    });
  };
  for (const [i, p] of partners.filter((p) => p.isInternal).entries()) {
    relate(itServices, p, itManagers[i % itManagers.length]!.id);
  }
  const externals = partners.filter((p) => !p.isInternal && !p.parentId);
  for (const partner of externals) {
    const count = f.number.int({ min: 0, max: 2 });
    for (const unit of f.helpers.arrayElements(
      serviceUnits.filter((u) => u.id !== itServices),
      count,
    )) {
      const managers = staffOf(unit.id).filter((u) => u.role === 'relationship_manager');
      if (managers[0]) relate(unit.id, partner, managers[0].id);
    }
  }
  // The point of the product: a few partners that many units touch.
  const busy = externals.filter((p) => p.type === 'Employer' || p.type === 'Public body').slice(0, 5);
  for (const partner of busy) {
    for (const unit of units.filter((u) => u.kind !== 'faculty').slice(0, 12)) {
      if (relationships.some((r) => r.unitId === unit.id && r.partnerId === partner.id)) continue;
      const managers = staffOf(unit.id).filter((u) => u.role === 'relationship_manager');
      if (managers[0] && f.datatype.boolean(0.5)) relate(unit.id, partner, managers[0].id);
    }
  }
  // Each story's partner works with the units its story runs through.
  const told = STORIES.map((story) => {
    const partner =
      busy.find(
        (p) => p.type === story.partner.type && (!story.partner.sector || p.sector === story.partner.sector),
      ) ??
      externals.find(
        (p) => p.type === story.partner.type && (!story.partner.sector || p.sector === story.partner.sector),
      )!;
    partner.status = 'active';
    for (const name of story.units) {
      const unitId = unitByName.get(name)!;
      if (relationships.some((r) => r.unitId === unitId && r.partnerId === partner.id)) continue;
      const manager =
        unitId === itServices
          ? itManagers[0]!
          : staffOf(unitId).find((u) => u.role === 'relationship_manager')!;
      relate(unitId, partner, manager.id);
    }
    const relationshipIn = (unitName: string) =>
      relationships.find((r) => r.unitId === unitByName.get(unitName) && r.partnerId === partner.id)!;
    const main = relationshipIn(story.units[0]!);
    main.stage = 'established';
    main.objectives = story.objectives;
    return { story, partner, main, relationshipIn };
  });
  const storyOf = new Map(told.map((t) => [t.partner.id, t.story]));

  // Touch points over the last 18 months, more for busy partners and many units.
  const touchpoints: {
    id: string;
    partnerId: string;
    relationshipId: string | null;
    unitId: string;
    authorId: string;
    kind: Kind;
    isFormal: boolean;
    occurredAt: Date;
    subject: string;
    notes: string | null;
    sentiment: number | null;
    visibility: 'institution' | 'unit' | 'confidential';
    staffIds: string[];
    contactIds: string[];
    readerIds: string[];
  }[] = [];
  const kinds = Object.keys(touchpointSubjects) as Kind[];
  const partnerById = new Map(partners.map((p) => [p.id, p]));
  const contactName = new Map(contacts.map((c) => [c.id, c.name]));
  const usualSentiment = () =>
    f.helpers.weightedArrayElement([
      { value: -2, weight: 3 },
      { value: -1, weight: 8 },
      { value: 0, weight: 30 },
      { value: 1, weight: 40 },
      { value: 2, weight: 19 },
    ]);
  /** How a touch point went: as usual, or for a story's partner, as its story goes. */
  const sentimentFor = (partnerId: string, days: number): number | null => {
    const story = storyOf.get(partnerId);
    if (!story) return f.datatype.boolean(0.7) ? usualSentiment() : null;
    if (days > story.complaintDaysAgo) return f.helpers.arrayElement([0, 0, 1]);
    if (days > story.resolvedDaysAgo) return f.helpers.arrayElement([-2, -1, -1, 0]);
    return f.helpers.arrayElement([1, 1, 2]);
  };
  /** Subject and notes in a member of staff's words, about what this partner and the university share. */
  const describe = (
    kind: Kind,
    partner: Partner,
    contactId: string | undefined,
    sentiment: number | null,
    at: Date,
  ) => {
    const values = {
      topic: f.helpers.arrayElement(topicsByType[partner.type] ?? topicsByType.Employer!),
      contact: (contactId && contactName.get(contactId)) || 'their team',
      partner: partner.name,
      month: monthName(new Date(at.getTime() + f.number.int({ min: 20, max: 80 }) * DAY)),
    };
    const notes = [fill(f.helpers.arrayElement(noteTemplates[kind]!), values)];
    if (sentiment !== null)
      notes.push(fill(f.helpers.arrayElement(sentimentNotes[String(sentiment)]!), values));
    return {
      subject: fill(f.helpers.arrayElement(touchpointSubjects[kind]!), values),
      notes: f.datatype.boolean(0.8) ? notes.join(' ') : null,
    };
  };
  for (const r of relationships) {
    const isBusy = busy.some((b) => b.id === r.partnerId);
    const count = f.number.int({ min: isBusy ? 20 : 4, max: isBusy ? 45 : 16 });
    const people = staffOf(r.unitId);
    const partner = partnerById.get(r.partnerId)!;
    for (let i = 0; i < count; i++) {
      const kind = f.helpers.arrayElement(kinds);
      const author = f.helpers.arrayElement(people);
      const visibility = f.helpers.weightedArrayElement([
        { value: 'institution' as const, weight: 90 },
        { value: 'unit' as const, weight: 7 },
        { value: 'confidential' as const, weight: 3 },
      ]);
      const partnerContacts = contactsOf.get(r.partnerId) ?? [];
      const contactId = partnerContacts.length ? f.helpers.arrayElement(partnerContacts) : undefined;
      const days = f.number.int({ min: 1, max: 540 });
      const occurredAt = workingTime(days);
      const sentiment = sentimentFor(r.partnerId, days);
      touchpoints.push({
        id: id(),
        partnerId: r.partnerId,
        relationshipId: f.datatype.boolean(0.7) ? r.id : null,
        unitId: r.unitId,
        authorId: author.id,
        kind,
        isFormal: kind === 'meeting' ? f.datatype.boolean(0.6) : false,
        occurredAt,
        ...describe(kind, partner, contactId, sentiment, occurredAt),
        sentiment,
        visibility,
        staffIds: [author.id],
        contactIds: contactId ? [contactId] : [],
        readerIds:
          visibility === 'confidential'
            ? [author.id, r.managerId].filter((v, i, a) => a.indexOf(v) === i)
            : [],
      });
    }
  }

  // The stories, told across units: the complaint, the apology, the fix, and what came after.
  const storyValues = new Map(
    told.map(({ story, partner }) => {
      const contact = contactsOf.get(partner.id)?.[0];
      return [
        partner.id,
        {
          contactId: contact ?? null,
          values: {
            contact: (contact && contactName.get(contact)) || 'their team',
            partner: partner.name,
            month: monthName(daysAgo(story.resolvedDaysAgo - 40)),
          },
        },
      ] as const;
    }),
  );
  for (const { story, partner, relationshipIn } of told) {
    const { contactId, values } = storyValues.get(partner.id)!;
    for (const chapter of story.chapters) {
      const r = relationshipIn(chapter.unit);
      const occurredAt = workingTime(chapter.days);
      touchpoints.push({
        id: id(),
        partnerId: partner.id,
        relationshipId: r.id,
        unitId: r.unitId,
        authorId: r.managerId,
        kind: chapter.kind,
        isFormal: chapter.kind === 'meeting',
        occurredAt,
        subject: chapter.subject,
        notes: fill(chapter.notes, values),
        sentiment: chapter.sentiment,
        visibility: 'institution',
        staffIds: [r.managerId],
        contactIds: contactId ? [contactId] : [],
        readerIds: [],
      });
    }
  }

  // Open follow-ups for the demo accounts and others.
  const tasks = touchpoints
    .filter((_, i) => i % 40 === 0)
    .map((tp) => ({
      id: id(),
      title: `Follow up: ${tp.subject[0]!.toLowerCase()}${tp.subject.slice(1)}`,
      assigneeId: tp.authorId,
      createdById: tp.authorId,
      dueOn: dateOnly(daysAgo(-f.number.int({ min: -10, max: 30 }))),
      touchpointId: tp.id,
      partnerId: tp.partnerId,
    }));

  // The request register: mostly settled, some open and a few late, escalated or disputed.
  type Status = 'new' | 'triaged' | 'in_progress' | 'waiting_on_partner' | 'resolved' | 'closed';
  const pathTo: Record<Status, Status[]> = {
    new: [],
    triaged: ['triaged'],
    in_progress: ['triaged', 'in_progress'],
    waiting_on_partner: ['triaged', 'in_progress', 'waiting_on_partner'],
    resolved: ['triaged', 'in_progress', 'resolved'],
    closed: ['triaged', 'in_progress', 'resolved', 'closed'],
  };
  const requestKinds = Object.keys(requestTitles) as (keyof typeof requestTitles & string)[];
  const requests: {
    id: string;
    partnerId: string;
    relationshipId: string | null;
    unitId: string;
    kind: 'incident' | 'enhancement' | 'enquiry' | 'complaint' | 'dispute' | 'concern';
    title: string;
    description: string;
    priority: 'low' | 'normal' | 'high' | 'critical';
    status: Status;
    raisedByContactId: string | null;
    raisedByUserId: string | null;
    ownerId: string;
    createdById: string;
    visibility: 'institution' | 'unit' | 'confidential';
    resolution: string | null;
    satisfaction: number | null;
    createdAt: Date;
    transitions: { fromStatus: Status | null; toStatus: Status; actorId: string; at: Date }[];
    comments: { authorId: string; body: string; isShareable: boolean; createdAt: Date }[];
  }[] = [];
  const withRequests = f.helpers.arrayElements(relationships, 90);
  // The demo accounts' own units get a few each, so every account sees some.
  const staffAccount = users.find((u) => u.email === 'staff@northmoor.ac.uk')!;
  const managerAccount = users.find((u) => u.email === 'manager@northmoor.ac.uk')!;
  for (const [i, r] of withRequests.entries()) {
    const kind = f.helpers.weightedArrayElement(
      requestKinds.map((k) => ({ value: k, weight: k === 'dispute' ? 1 : k === 'concern' ? 3 : 5 })),
    ) as (typeof requests)[number]['kind'];
    const age = f.number.int({ min: 0, max: 200 });
    const status: Status =
      age > 60
        ? f.helpers.arrayElement(['closed', 'closed', 'resolved'] as const)
        : f.helpers.arrayElement([
            'new',
            'triaged',
            'in_progress',
            'in_progress',
            'waiting_on_partner',
            'resolved',
          ] as const);
    const people = staffOf(r.unitId);
    const owner =
      i % 12 === 0
        ? staffAccount
        : i % 12 === 1
          ? managerAccount
          : r.managerId
            ? users.find((u) => u.id === r.managerId)!
            : f.helpers.arrayElement(people);
    const creator = f.helpers.arrayElement(people);
    const createdAt = workingTime(age);
    const steps = pathTo[status];
    const transitions: (typeof requests)[number]['transitions'] = [
      { fromStatus: null, toStatus: 'new', actorId: creator.id, at: createdAt },
    ];
    steps.forEach((to, s) => {
      transitions.push({
        fromStatus: transitions.at(-1)!.toStatus,
        toStatus: to,
        actorId: owner.id,
        at: laterAtWork(transitions.at(-1)!.at, Math.round(((s + 1) * age) / (steps.length + 2))),
      });
    });
    const partnerContacts = contactsOf.get(r.partnerId) ?? [];
    const settled = status === 'resolved' || status === 'closed';
    requests.push({
      id: id(),
      partnerId: r.partnerId,
      relationshipId: r.id,
      unitId: r.unitId,
      kind,
      title: f.helpers.arrayElement(requestTitles[kind]!),
      description: f.helpers.arrayElement(requestDescriptions[kind]!),
      priority: f.helpers.weightedArrayElement([
        { value: 'low' as const, weight: 2 },
        { value: 'normal' as const, weight: 6 },
        { value: 'high' as const, weight: 2 },
        { value: 'critical' as const, weight: 1 },
      ]),
      status,
      raisedByContactId:
        partnerContacts.length && f.datatype.boolean(0.6) ? f.helpers.arrayElement(partnerContacts) : null,
      raisedByUserId: null,
      ownerId: owner.id,
      createdById: creator.id,
      visibility: f.helpers.weightedArrayElement([
        { value: 'institution' as const, weight: 90 },
        { value: 'unit' as const, weight: 8 },
        { value: 'confidential' as const, weight: 2 },
      ]),
      resolution: settled ? 'Agreed a way forward with the partner and confirmed in writing.' : null,
      satisfaction: settled && f.datatype.boolean(0.7) ? f.number.int({ min: 2, max: 5 }) : null,
      createdAt,
      transitions,
      comments:
        steps.length > 0
          ? [
              {
                authorId: owner.id,
                body: 'Spoken to the partner; next steps agreed.',
                isShareable: f.datatype.boolean(0.3),
                createdAt: transitions[1]!.at,
              },
            ]
          : [],
    });
  }
  // Each story's complaint: raised by the partner, escalated, resolved to their satisfaction.
  const complaints = told.map(({ story, partner, main }) => {
    const owner = main.managerId;
    const complaintAt = workingTime(story.complaintDaysAgo, 10 * 60);
    const transitions: (typeof requests)[number]['transitions'] = [
      { fromStatus: null, toStatus: 'new', actorId: owner, at: complaintAt },
    ];
    for (const [to, days] of [
      ['triaged', story.complaintDaysAgo],
      ['in_progress', story.escalatedDaysAgo],
      ['resolved', story.resolvedDaysAgo],
      ['closed', story.resolvedDaysAgo - 5],
    ] as const) {
      const from = transitions.at(-1)!;
      transitions.push({
        fromStatus: from.toStatus,
        toStatus: to,
        actorId: owner,
        at: laterAtWork(from.at, story.complaintDaysAgo - days),
      });
    }
    const request: (typeof requests)[number] = {
      id: id(),
      partnerId: partner.id,
      relationshipId: main.id,
      unitId: main.unitId,
      kind: 'complaint',
      title: story.complaint.title,
      description: story.complaint.description,
      priority: 'high',
      status: 'closed',
      raisedByContactId: storyValues.get(partner.id)!.contactId,
      raisedByUserId: null,
      ownerId: owner,
      createdById: owner,
      visibility: 'institution',
      resolution: story.complaint.resolution,
      satisfaction: 5,
      createdAt: complaintAt,
      transitions,
      comments: [
        {
          authorId: owner,
          body: story.complaint.escalatedComment,
          isShareable: true,
          createdAt: transitions[2]!.at,
        },
        {
          authorId: owner,
          body: story.complaint.resolvedComment,
          isShareable: true,
          createdAt: transitions[3]!.at,
        },
      ],
    };
    requests.push(request);
    return { story, request, owner, escalatedAt: transitions[2]!.at, resolvedAt: transitions[3]!.at };
  });
  for (const r of requests) if (!r.raisedByContactId) r.raisedByUserId = r.createdById;
  // Escalations: two open requests to senior management, one relationship to its head of unit.
  const open = requests.filter(
    (r) => !['resolved', 'closed'].includes(r.status) && r.visibility === 'institution',
  );
  type Escalation = {
    id: string;
    requestId: string | null;
    relationshipId: string | null;
    level: 'line_manager' | 'head_of_unit' | 'senior_management';
    briefing: string;
    raisedById: string;
    raisedAt: Date;
    deescalatedAt?: Date;
    deescalatedById?: string;
    deescalationReason?: string;
  };
  const escalations: Escalation[] = open.slice(0, 2).map((r) => ({
    id: id(),
    requestId: r.id,
    relationshipId: null,
    level: 'senior_management',
    briefing:
      'The partner has asked for a call with senior management; the relationship is at risk if this drags on.',
    raisedById: r.ownerId,
    raisedAt: workingTime(2),
  }));
  for (const { story, request, owner, escalatedAt, resolvedAt } of complaints) {
    escalations.push({
      id: id(),
      requestId: request.id,
      relationshipId: null,
      level: 'head_of_unit',
      briefing: story.escalation.briefing,
      raisedById: owner,
      raisedAt: escalatedAt,
      deescalatedAt: resolvedAt,
      deescalatedById: owner,
      deescalationReason: story.escalation.deescalationReason,
    });
  }
  const troubled = relationships.find((r) => r.unitId === managerAccount.unitId) ?? relationships[0]!;
  escalations.push({
    id: id(),
    requestId: null,
    relationshipId: troubled.id,
    level: 'head_of_unit',
    briefing: 'Our main contact has left the partner and nobody has replied for two months.',
    raisedById: managerAccount.id,
    raisedAt: workingTime(5),
  });

  return {
    units,
    users,
    partners,
    contacts,
    affiliations,
    relationships,
    touchpoints,
    tasks,
    requests,
    escalations,
  };
}
