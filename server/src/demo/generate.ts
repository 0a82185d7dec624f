import { en, en_GB, Faker } from '@faker-js/faker';
import { relationshipStages } from '../../../common/src/contracts/relationships.ts';
import {
  demoAccounts,
  externalRoles,
  faculties,
  partnerNamePatterns,
  places,
  requestTitles,
  sectors,
  services,
  staffJobTitles,
  touchpointSubjects,
} from './catalogue.ts';

type Role = 'administrator' | 'senior_manager' | 'relationship_manager' | 'staff' | 'viewer';
type Kind = 'meeting' | 'call' | 'email' | 'visit' | 'event' | 'enquiry' | 'note';

export type DemoData = ReturnType<typeof generateDemo>;

const SEED = 20090608; // the date of the first seed text
const DAY = 86_400_000;

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
      const first = f.person.firstName();
      const last = f.person.lastName();
      users.push({
        id: id(),
        email: `${first}.${last}.${users.length}@northmoor.ac.uk`.toLowerCase().replace(/[^a-z0-9.@-]/g, ''),
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
  }));
  const used = new Set<string>();
  for (const [type, patterns] of Object.entries(partnerNamePatterns)) {
    const count = type === 'Employer' || type === 'Business' ? 40 : 18;
    for (let i = 0; i < count; i++) {
      let name = '';
      for (let tries = 0; tries < 20 && (!name || used.has(name)); tries++) {
        name = f.helpers.arrayElement(patterns).replace('{place}', f.helpers.arrayElement(places));
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
        sector: f.helpers.arrayElement(sectors[type] ?? ['General']),
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
      });
    }
  }
  // Company groups with sites.
  for (const group of partners.filter((p) => p.type === 'Employer').slice(0, 4)) {
    for (const site of ['Leeds site', 'Sheffield site']) {
      partners.push({ ...group, id: id(), name: `${group.name} — ${site}`, parentId: group.id, tags: [] });
    }
  }

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
    const first = f.person.firstName();
    const last = f.person.lastName();
    const domain = partner.isInternal
      ? 'northmoor.ac.uk'
      : (partner.website ?? 'https://partner.example').replace('https://', '');
    const contactId = id();
    const consent = f.datatype.boolean(0.3);
    contacts.push({
      id: contactId,
      name: `${first} ${last}`,
      emails: [`${first}.${last}@${domain}`.toLowerCase().replace(/[^a-z0-9.@-]/g, '')],
      phones: [`+44 113 496 ${String(f.number.int({ min: 1000, max: 9999 }))}`],
      jobTitle: role,
      consentStatus: consent ? 'given' : 'not_asked',
      consentRecordedOn: consent ? dateOnly(daysAgo(f.number.int({ min: 30, max: 700 }))) : null,
      lawfulBasis: consent ? 'consent' : 'legitimate_interests',
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
  }[] = [];
  const itServices = unitByName.get('IT Services')!;
  const itManagers = staffOf(itServices).filter(
    (u) => u.role === 'relationship_manager' || u.role === 'senior_manager',
  );
  const relate = (unitId: string, partner: Partner, managerId: string) => {
    const colleagues = staffOf(unitId).filter((u) => u.id !== managerId);
    relationships.push({
      id: id(),
      unitId,
      partnerId: partner.id,
      managerId,
      deputyIds: colleagues.length ? [f.helpers.arrayElement(colleagues).id] : [],
      stage: f.helpers.arrayElement(relationshipStages),
      cadenceDays: f.helpers.arrayElement([14, 30, 30, 60, 90]),
      startDate: dateOnly(daysAgo(f.number.int({ min: 90, max: 1400 }))),
      reviewDate: dateOnly(daysAgo(-f.number.int({ min: -30, max: 300 }))),
      objectives: f.helpers.arrayElement([
        'Agree the communication plan and meet each term',
        'Grow placements and graduate recruitment',
        'Develop a joint research bid',
        'Resolve open service issues and rebuild trust',
      ]),
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
  for (const r of relationships) {
    const isBusy = busy.some((b) => b.id === r.partnerId);
    const count = f.number.int({ min: isBusy ? 20 : 4, max: isBusy ? 45 : 16 });
    const people = staffOf(r.unitId);
    for (let i = 0; i < count; i++) {
      const kind = f.helpers.arrayElement(kinds);
      const author = f.helpers.arrayElement(people);
      const visibility = f.helpers.weightedArrayElement([
        { value: 'institution' as const, weight: 90 },
        { value: 'unit' as const, weight: 7 },
        { value: 'confidential' as const, weight: 3 },
      ]);
      const partnerContacts = contactsOf.get(r.partnerId) ?? [];
      touchpoints.push({
        id: id(),
        partnerId: r.partnerId,
        relationshipId: f.datatype.boolean(0.7) ? r.id : null,
        unitId: r.unitId,
        authorId: author.id,
        kind,
        isFormal: kind === 'meeting' ? f.datatype.boolean(0.6) : false,
        occurredAt: new Date(
          today.getTime() -
            f.number.int({ min: 1, max: 540 }) * DAY -
            f.number.int({ min: 0, max: 8 * 3600 }) * 1000,
        ),
        subject: f.helpers.arrayElement(touchpointSubjects[kind]!),
        notes: f.datatype.boolean(0.6) ? f.lorem.sentences({ min: 1, max: 3 }) : null,
        sentiment: f.datatype.boolean(0.7)
          ? f.helpers.weightedArrayElement([
              { value: -2, weight: 3 },
              { value: -1, weight: 8 },
              { value: 0, weight: 30 },
              { value: 1, weight: 40 },
              { value: 2, weight: 19 },
            ])
          : null,
        visibility,
        staffIds: [author.id],
        contactIds: partnerContacts.length ? [f.helpers.arrayElement(partnerContacts)] : [],
        readerIds:
          visibility === 'confidential'
            ? [author.id, r.managerId].filter((v, i, a) => a.indexOf(v) === i)
            : [],
      });
    }
  }

  // Open follow-ups for the demo accounts and others.
  const tasks = touchpoints
    .filter((_, i) => i % 40 === 0)
    .map((tp) => ({
      id: id(),
      title: `Follow up: ${tp.subject.toLowerCase()}`,
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
    const createdAt = new Date(today.getTime() - age * DAY - f.number.int({ min: 0, max: 6 * 3600 }) * 1000);
    const steps = pathTo[status];
    const transitions: (typeof requests)[number]['transitions'] = [
      { fromStatus: null, toStatus: 'new', actorId: creator.id, at: createdAt },
    ];
    steps.forEach((to, s) => {
      const at = new Date(
        createdAt.getTime() + ((s + 1) * (today.getTime() - createdAt.getTime())) / (steps.length + 2),
      );
      transitions.push({ fromStatus: transitions.at(-1)!.toStatus, toStatus: to, actorId: owner.id, at });
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
      description: f.lorem.sentences({ min: 1, max: 3 }),
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
  };
  const escalations: Escalation[] = open.slice(0, 2).map((r) => ({
    id: id(),
    requestId: r.id,
    relationshipId: null,
    level: 'senior_management',
    briefing:
      'The partner has asked for a call with senior management; the relationship is at risk if this drags on.',
    raisedById: r.ownerId,
    raisedAt: new Date(today.getTime() - 2 * DAY),
  }));
  const troubled = relationships.find((r) => r.unitId === managerAccount.unitId) ?? relationships[0]!;
  escalations.push({
    id: id(),
    requestId: null,
    relationshipId: troubled.id,
    level: 'head_of_unit',
    briefing: 'Our main contact has left the partner and nobody has replied for two months.',
    raisedById: managerAccount.id,
    raisedAt: new Date(today.getTime() - 5 * DAY),
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
