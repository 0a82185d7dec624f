import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import {
  activities,
  activityAttendance,
  activityInvitations,
  activityTargets,
  workingGroupMembers,
} from '../../db/schema/activities.ts';
import { agreementChanges, agreements } from '../../db/schema/agreements.ts';
import { assessments } from '../../db/schema/assessments.ts';
import { attachments } from '../../db/schema/attachments.ts';
import { briefingItems, briefings } from '../../db/schema/briefings.ts';
import {
  communicationLevels,
  communicationPlanItems,
  peerPairs,
} from '../../db/schema/communication-plans.ts';
import { disputeProcedures } from '../../db/schema/disputes.ts';
import {
  initiativeInputs,
  initiativeMilestones,
  initiativeOutbox,
  initiativePartners,
  initiatives,
} from '../../db/schema/initiatives.ts';
import { introductionRequests } from '../../db/schema/introductions.ts';
import { consents, erasures } from '../../db/schema/personal-data.ts';
import { playbookRuns } from '../../db/schema/playbooks.ts';
import { relationshipDeputies } from '../../db/schema/relationships.ts';
import { escalations, requests } from '../../db/schema/requests.ts';
import { relationshipReviews, reviewActions } from '../../db/schema/reviews.ts';
import { savedViews } from '../../db/schema/saved-views.ts';
import { settings } from '../../db/schema/settings.ts';
import { surveyInvitations, surveys } from '../../db/schema/surveys.ts';
import { touchpointContacts, touchpointPartners } from '../../db/schema/touchpoints.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildRelationship,
  buildTask,
  buildTouchpoint,
  buildUnit,
} from '../../test/factories/index.ts';
import { type Reference, referencesOf } from './references.ts';

let t: TestApp;
let admin: Agent;
let staff: Agent;
let unitA: string;
let unitB: string;

beforeAll(async () => {
  t = await createTestApp();
  unitA = (await buildUnit(t.db, { name: 'Careers' })).id;
  unitB = (await buildUnit(t.db, { name: 'Research Office' })).id;
  admin = await t.signIn('administrator', { unitId: unitA });
  staff = await t.signIn('senior_manager', { unitId: unitA });
});
afterAll(() => t.close());

const tag = () => randomUUID().slice(0, 8);

/**
 * Two partners linked from every table that points at a partner (and, through their
 * relationships, at a relationship): the merged one's links are the ones that must move.
 */
async function seedPartners() {
  const keep = await buildPartner(t.db, { name: `Ashdown Building Society ${tag()}`, city: 'Leeds' });
  const gone = await buildPartner(t.db, {
    name: 'Ashdown Bldg Society',
    website: 'https://www.ashdown.example',
    sector: 'Finance',
    tags: ['placements'],
  });
  const other = await buildPartner(t.db, { name: `Calder Logistics ${tag()}` });
  const site = await buildPartner(t.db, { name: `Ashdown Leeds branch ${tag()}`, parentId: gone.id });
  // Two relationships of one unit become one; the other unit's moves.
  const keptRel = await buildRelationship(t.db, {
    unitId: unitA,
    partnerId: keep.id,
    objectives: 'Placements',
  });
  const goneRel = await buildRelationship(t.db, {
    unitId: unitA,
    partnerId: gone.id,
    objectives: 'Graduate fair',
  });
  const movedRel = await buildRelationship(t.db, { unitId: unitB, partnerId: gone.id });
  await t.db.insert(relationshipDeputies).values({ relationshipId: goneRel.id, userId: staff.user.id });
  // The relationship's communication plan and a peer pair move with it when it becomes part of the kept one.
  const [level] = await t.db.select().from(communicationLevels).limit(1);
  const counterpart = await buildContact(t.db, { name: 'Jo Counterpart' });
  await t.db.insert(communicationPlanItems).values({
    relationshipId: goneRel.id,
    purpose: 'Termly service review',
    channel: 'meeting',
    direction: 'both',
    frequencyDays: 91,
  });
  await t.db.insert(peerPairs).values({
    relationshipId: goneRel.id,
    levelId: level!.id,
    userId: staff.user.id,
    contactId: counterpart.id,
    cadenceDays: 60,
  });
  await t.db.insert(agreements).values({
    relationshipId: goneRel.id,
    unitId: unitA,
    kind: 'placement_agreement',
    title: 'Placement agreement',
    ownerId: admin.user.id,
    createdById: admin.user.id,
  });
  // A colleague was asked for an introduction to the merged partner.
  await t.db
    .insert(introductionRequests)
    .values({ partnerId: gone.id, askedById: staff.user.id, colleagueId: admin.user.id });
  await t.db.insert(relationshipReviews).values({
    relationshipId: goneRel.id,
    unitId: unitA,
    scheduledFor: '2026-06-01',
    createdById: admin.user.id,
  });
  // A senior manager's briefing named the merged partner and its relationship.
  const [briefing] = await t.db
    .insert(briefings)
    .values({ recipientId: staff.user.id, weekOf: '2026-06-01' })
    .returning();
  await t.db.insert(briefingItems).values({
    briefingId: briefing!.id,
    position: 0,
    section: 'overdue_review',
    partnerId: gone.id,
    relationshipId: goneRel.id,
    title: 'Review overdue',
  });
  await t.db.insert(playbookRuns).values({
    relationshipId: goneRel.id,
    managerId: null,
    reason: 'started',
    startedByEvent: null,
  });
  await t.db.insert(assessments).values({
    relationshipId: goneRel.id,
    unitId: unitA,
    assessedById: admin.user.id,
    meanScore: 250,
    stage: 'trusted_advisor',
  });
  await seedInitiative(gone.id, counterpart.id, admin.user.id, unitA);
  await t.db.insert(escalations).values({
    relationshipId: goneRel.id,
    level: 'line_manager',
    briefing: 'Placement briefing went badly',
    raisedById: admin.user.id,
  });
  await t.db.insert(attachments).values({
    relationshipId: goneRel.id,
    fileName: 'minutes.pdf',
    size: 10,
    contentType: 'application/pdf',
    sha256: 'a'.repeat(64),
    storageKey: `merge-test/${tag()}`,
    uploadedById: admin.user.id,
  });
  const person = await buildContact(t.db, { name: `Priya Shah ${tag()}` });
  const colleague = await buildContact(t.db);
  await buildAffiliation(t.db, { contactId: person.id, partnerId: keep.id, role: 'Director' });
  await buildAffiliation(t.db, { contactId: person.id, partnerId: gone.id, role: 'director' });
  await buildAffiliation(t.db, { contactId: colleague.id, partnerId: gone.id, role: 'Finance manager' });
  // Touch points: the merged partner's own, a joint one with both, and one of a third partner.
  const own = await buildTouchpoint(t.db, {
    partnerId: gone.id,
    unitId: unitA,
    authorId: admin.user.id,
    relationshipId: goneRel.id,
  });
  const joint = await buildTouchpoint(t.db, { partnerId: keep.id, unitId: unitA, authorId: admin.user.id });
  const both = await buildTouchpoint(t.db, { partnerId: gone.id, unitId: unitA, authorId: admin.user.id });
  const third = await buildTouchpoint(t.db, { partnerId: other.id, unitId: unitB, authorId: admin.user.id });
  const secondary = (touchpointId: string, partnerId: string) =>
    t.db.insert(touchpointPartners).values({
      touchpointId,
      partnerId,
      occurredAt: new Date(),
      unitId: unitA,
      kind: 'meeting',
      visibility: 'institution',
    });
  await secondary(joint.id, gone.id);
  await secondary(both.id, keep.id);
  await secondary(third.id, gone.id);
  const [request] = await t.db
    .insert(requests)
    .values({
      partnerId: gone.id,
      relationshipId: goneRel.id,
      unitId: unitA,
      kind: 'complaint',
      title: 'Placement briefing',
      createdById: admin.user.id,
      raisedByContactId: colleague.id,
    })
    .returning();
  await buildTask(t.db, { assigneeId: admin.user.id, partnerId: gone.id, relationshipId: goneRel.id });
  const [activity] = await t.db
    .insert(activities)
    .values({
      kind: 'forum',
      title: 'Employer forum',
      unitId: unitA,
      ownerId: admin.user.id,
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 3_600_000),
    })
    .returning();
  await t.db.insert(activityTargets).values({ activityId: activity!.id, partnerId: gone.id });
  await t.db.insert(surveys).values({
    relationshipId: goneRel.id,
    unitId: unitA,
    title: 'How are we doing?',
    questions: [],
    closesAt: new Date(Date.now() + 86_400_000),
    createdById: admin.user.id,
  });
  await t.db.insert(workingGroupMembers).values({
    activityId: activity!.id,
    contactId: colleague.id,
    partnerId: gone.id,
    joinedOn: '2026-01-06',
  });
  await t.db.insert(savedViews).values({
    list: 'tasks',
    name: `Ashdown ${tag()}`,
    query: `partnerId=${gone.id}`,
    ownerId: admin.user.id,
  });
  return {
    keep,
    gone,
    other,
    site,
    keptRel,
    goneRel,
    movedRel,
    own,
    joint,
    both,
    third,
    request: request!,
    person,
  };
}

/** Every row of every table a merge may touch, without what a merge and its undo bump. */
async function snapshot(kind: 'partner' | 'contact') {
  const tables = new Set([
    kind === 'partner' ? 'partners' : 'contacts',
    ...referencesOf[kind].map((r) => r.table),
    ...referencesOf.relationship.map((r) => r.table),
    'relationships',
  ]);
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = await queryRows<{ row: Record<string, unknown> }>(
      t.db,
      sql.raw(
        `select to_jsonb(x) - 'version' - 'updated_at' - 'search' as row from "${table}" x order by to_jsonb(x)::text`,
      ),
    );
    out[table] = rows.map((r) => r.row);
  }
  return out;
}

const pointingAt = async (ref: Reference, id: string) => {
  const where = ref.text ? `position('${id}' in "${ref.column}") > 0` : `"${ref.column}" = '${id}'`;
  const [row] = await queryRows<{ n: number }>(
    t.db,
    sql.raw(`select count(*)::int as n from "${ref.table}" where ${where}`),
  );
  return row!.n;
};

const merge = (agent: Agent, body: Record<string, unknown>) => t.call(agent, 'POST', '/api/v1/merges', body);

/** An initiative with the partner involved, its input, and a digest queued to the contact (for the registry's links). */
async function seedInitiative(partnerId: string, contactId: string, ownerId: string, unitId: string) {
  const [initiative] = await t.db
    .insert(initiatives)
    .values({ title: `A new VLE ${tag()}`, unitId, ownerId, createdById: ownerId })
    .returning();
  await t.db
    .insert(initiativePartners)
    .values({ initiativeId: initiative!.id, partnerId, involvement: 'consulted' });
  await t.db.insert(initiativeInputs).values({
    initiativeId: initiative!.id,
    partnerId,
    summary: 'Keep the old links working',
    createdById: ownerId,
  });
  const [milestone] = await t.db
    .insert(initiativeMilestones)
    .values({ initiativeId: initiative!.id, title: 'Pilot', dueDate: '2026-09-01' })
    .returning();
  await t.db
    .insert(initiativeOutbox)
    .values({ milestoneId: milestone!.id, contactId, partnerId, email: 'digest@ashdown.example' });
}

describe('merging partners', () => {
  it('moves every link to the survivor, makes duplicates one, and unmerge restores every row exactly', async () => {
    const s = await seedPartners();
    // The fixture reaches every registered link, so the registry test (every foreign key) covers this one.
    for (const ref of [...referencesOf.partner, ...referencesOf.relationship]) {
      const id = referencesOf.relationship.includes(ref) ? s.goneRel.id : s.gone.id;
      expect(await pointingAt(ref, id), `${ref.table}.${ref.column} is seeded`).toBeGreaterThan(0);
    }
    const before = await snapshot('partner');

    const preview = await t.call(admin, 'POST', '/api/v1/merges/preview', {
      kind: 'partner',
      survivorId: s.keep.id,
      mergedIds: [s.gone.id],
      fields: { website: s.gone.id, sector: s.gone.id },
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().result).toMatchObject({
      name: s.keep.name,
      website: 'https://www.ashdown.example',
      city: 'Leeds',
      tags: ['placements'],
    });
    const moves = Object.fromEntries(
      preview.json().moves.map((m: { link: string; count: number }) => [m.link, m.count]),
    );
    expect(moves).toMatchObject({
      'touchpoints.partner_id': 2,
      'touchpoint_partners.partner_id': 2,
      'relationships.partner_id': 2,
      'requests.partner_id': 1,
    });
    expect(preview.json().conflicts).toEqual(
      expect.arrayContaining([
        { label: 'Relationships', count: 1 },
        { label: 'Contacts (affiliations)', count: 1 },
      ]),
    );

    const merged = await merge(admin, {
      kind: 'partner',
      survivorId: s.keep.id,
      mergedIds: [s.gone.id],
      fields: { website: s.gone.id, sector: s.gone.id },
    });
    expect(merged.statusCode, merged.body).toBe(201);
    expect(merged.json()).toMatchObject({ survivorId: s.keep.id, mergedIds: [s.gone.id], canUnmerge: true });

    for (const ref of [...referencesOf.partner]) expect(await pointingAt(ref, s.gone.id), ref.table).toBe(0);
    expect((await t.call(admin, 'GET', `/api/v1/partners/${s.gone.id}`)).statusCode).toBe(404);
    const kept = (await t.call(admin, 'GET', `/api/v1/partners/${s.keep.id}`)).json();
    expect(kept).toMatchObject({ website: 'https://www.ashdown.example', sector: 'Finance', city: 'Leeds' });
    // One relationship of Careers, holding both relationships' touch points, requests, files, deputies.
    const rels = await t.call(admin, 'GET', `/api/v1/relationships?partnerId=${s.keep.id}`);
    expect(
      rels
        .json()
        .items.map((r: { id: string }) => r.id)
        .sort(),
    ).toEqual([s.keptRel.id, s.movedRel.id].sort());
    expect(await pointingAt(referencesOf.relationship[0]!, s.keptRel.id)).toBe(1);
    for (const ref of referencesOf.relationship)
      expect(await pointingAt(ref, s.goneRel.id), ref.table).toBe(0);
    // The same person's role once; the colleague's moved.
    const roles = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from affiliations where partner_id = ${s.keep.id}`,
    );
    expect(roles[0]!.n).toBe(2);
    // The joint touch points are on the survivor's timeline once each.
    const timeline = (await t.call(admin, 'GET', `/api/v1/partners/${s.keep.id}/timeline`)).json();
    const ids = timeline.items.map((i: { id: string }) => i.id);
    expect(ids.sort()).toEqual([s.own.id, s.joint.id, s.both.id, s.third.id].sort());
    // The site is the survivor's now.
    expect((await t.call(admin, 'GET', `/api/v1/partners/${s.site.id}`)).json().parentId).toBe(s.keep.id);
    // History: the survivor says what was merged; a moved record says it moved.
    const history = (await t.call(admin, 'GET', `/api/v1/partners/${s.keep.id}/history`)).json();
    expect(history.items[0]).toMatchObject({
      action: 'update',
      after: { website: 'https://www.ashdown.example' },
    });
    const relationshipHistory = (
      await t.call(admin, 'GET', `/api/v1/relationships/${s.keptRel.id}/history`)
    ).json();
    expect(relationshipHistory.items[0]).toMatchObject({
      after: { mergedRelationshipId: s.goneRel.id, mergedRelationshipName: `the one with ${s.gone.name}` },
    });
    const requestHistory = (await t.call(admin, 'GET', `/api/v1/requests/${s.request.id}/history`)).json();
    expect(requestHistory.items[0]).toMatchObject({
      before: { partnerId: s.gone.id, partnerName: s.gone.name },
      after: { partnerId: s.keep.id, partnerName: s.keep.name },
    });
    const events = await queryRows<{ name: string }>(
      t.db,
      sql`select name from events where entity_id in (${s.keep.id}, ${s.gone.id}) order by id`,
    );
    expect(events.map((e) => e.name)).toEqual(expect.arrayContaining(['partner.merged', 'partner.deleted']));

    const undone = await t.call(admin, 'POST', `/api/v1/merges/${merged.json().id}/unmerge`);
    expect(undone.statusCode, undone.body).toBe(200);
    expect(undone.json()).toMatchObject({ canUnmerge: false });
    expect(undone.json().unmergedAt).not.toBeNull();
    expect(await snapshot('partner')).toEqual(before);
    const again = await t.call(admin, 'POST', `/api/v1/merges/${merged.json().id}/unmerge`);
    expect(again.statusCode).toBe(409);
    const survivorEvents = await queryRows<{ name: string }>(
      t.db,
      sql`select name from events where entity_id = ${s.keep.id} order by id desc limit 1`,
    );
    expect(survivorEvents[0]!.name).toBe('partner.unmerged');
  });

  it('merges three at once', async () => {
    const [a, b, c] = [await buildPartner(t.db), await buildPartner(t.db), await buildPartner(t.db)];
    const contact = await buildContact(t.db);
    for (const p of [a, b, c])
      await buildAffiliation(t.db, { contactId: contact.id, partnerId: p.id, role: 'Director' });
    await buildTouchpoint(t.db, { partnerId: b.id, unitId: unitA, authorId: admin.user.id });
    await buildTouchpoint(t.db, { partnerId: c.id, unitId: unitA, authorId: admin.user.id });
    const res = await merge(admin, { kind: 'partner', survivorId: a.id, mergedIds: [b.id, c.id] });
    expect(res.statusCode, res.body).toBe(201);
    const [row] = await queryRows<{ tps: number; roles: number }>(
      t.db,
      sql`select (select count(*)::int from touchpoints where partner_id = ${a.id}) as tps,
                 (select count(*)::int from affiliations where partner_id = ${a.id}) as roles`,
    );
    expect(row).toEqual({ tps: 2, roles: 1 });
  });

  it('refuses bad input with the field named, and changes nothing', async () => {
    const a = await buildPartner(t.db);
    const b = await buildPartner(t.db);
    const archived = await buildPartner(t.db, { status: 'archived' });
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'partner', survivorId: a.id, mergedIds: [a.id] }, 'mergedIds'],
      [{ kind: 'partner', survivorId: a.id, mergedIds: [b.id, b.id] }, 'mergedIds'],
      [{ kind: 'partner', survivorId: a.id, mergedIds: [randomUUID()] }, 'mergedIds.0'],
      [{ kind: 'partner', survivorId: randomUUID(), mergedIds: [a.id] }, 'survivorId'],
      [{ kind: 'partner', survivorId: archived.id, mergedIds: [a.id] }, 'survivorId'],
      [{ kind: 'partner', survivorId: a.id, mergedIds: [b.id], fields: { emails: a.id } }, 'fields.emails'],
      [
        { kind: 'partner', survivorId: a.id, mergedIds: [b.id], fields: { name: randomUUID() } },
        'fields.name',
      ],
      [{ kind: 'partner', survivorId: a.id, mergedIds: [b.id], fields: { name: 'all' } }, 'fields.name'],
      [
        { kind: 'partner', survivorId: a.id, mergedIds: [b.id], fields: { constructor: a.id } },
        'fields.constructor',
      ],
      [{ kind: 'partner', survivorId: 'not-an-id', mergedIds: [b.id] }, 'survivorId'],
      [{ kind: 'contact', survivorId: a.id, mergedIds: [b.id] }, 'survivorId'],
      [{ kind: 'partner', survivorId: a.id, mergedIds: [] }, 'mergedIds'],
      [{ kind: 'partner', survivorId: `${a.id}\u0000`, mergedIds: [b.id] }, 'survivorId'],
    ];
    for (const [body, field] of cases) {
      const res = await merge(admin, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(
        res
          .json()
          .errors.map((e: { field: string }) => e.field)
          .join(' '),
      ).toContain(field);
    }
    expect((await t.call(admin, 'GET', `/api/v1/partners/${b.id}`)).json().version).toBe(1);
    const many = await merge(admin, {
      kind: 'partner',
      survivorId: a.id,
      mergedIds: Array.from({ length: 20 }, () => randomUUID()),
    });
    expect(many.statusCode).toBe(400);
    const unknown = await t.call(admin, 'POST', `/api/v1/merges/${randomUUID()}/unmerge`);
    expect(unknown.statusCode).toBe(404);
  });

  it('lets only administrators merge and unmerge (403, nothing changes)', async () => {
    const a = await buildPartner(t.db);
    const b = await buildPartner(t.db);
    const refused = await merge(staff, { kind: 'partner', survivorId: a.id, mergedIds: [b.id] });
    expect(refused.statusCode).toBe(403);
    expect((await t.call(admin, 'GET', `/api/v1/partners/${b.id}`)).statusCode).toBe(200);
    const done = await merge(admin, { kind: 'partner', survivorId: a.id, mergedIds: [b.id] });
    const undo = await t.call(staff, 'POST', `/api/v1/merges/${done.json().id}/unmerge`);
    expect(undo.statusCode).toBe(403);
    expect((await t.call(admin, 'GET', `/api/v1/partners/${b.id}`)).statusCode).toBe(404);
    expect((await t.call(staff, 'GET', `/api/v1/merges?recordId=${a.id}`)).statusCode).toBe(403);
    const list = await t.call(admin, 'GET', `/api/v1/merges?recordId=${a.id}`);
    expect(list.json().items.map((m: { id: string }) => m.id)).toEqual([done.json().id]);
  });

  it('lets one of two concurrent merges of the same record win; the other is a 409', async () => {
    const a = await buildPartner(t.db);
    const b = await buildPartner(t.db);
    const c = await buildPartner(t.db);
    await buildTouchpoint(t.db, { partnerId: b.id, unitId: unitA, authorId: admin.user.id });
    const results = await Promise.all([
      merge(admin, { kind: 'partner', survivorId: a.id, mergedIds: [b.id] }),
      merge(admin, { kind: 'partner', survivorId: c.id, mergedIds: [b.id] }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const winner = results.find((r) => r.statusCode === 201)!.json().survivorId;
    const [row] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from touchpoints where partner_id = ${winner}`,
    );
    expect(row!.n).toBe(1);
  });

  it('refuses an unmerge after the grace period (a setting), and one whose survivor was merged again', async () => {
    const a = await buildPartner(t.db);
    const b = await buildPartner(t.db);
    const c = await buildPartner(t.db);
    const first = (await merge(admin, { kind: 'partner', survivorId: a.id, mergedIds: [b.id] })).json();
    const second = (await merge(admin, { kind: 'partner', survivorId: c.id, mergedIds: [a.id] })).json();
    const blocked = await t.call(admin, 'POST', `/api/v1/merges/${first.id}/unmerge`);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().detail).toContain('merged');
    await t.db.insert(settings).values({ key: 'merge.unmerge_days', value: 0 });
    try {
      const late = await t.call(admin, 'POST', `/api/v1/merges/${second.id}/unmerge`);
      expect(late.statusCode).toBe(409);
      expect(late.json().detail).toContain('0 days');
    } finally {
      await t.db.execute(sql`delete from settings where key = 'merge.unmerge_days'`);
    }
    expect((await t.call(admin, 'POST', `/api/v1/merges/${second.id}/unmerge`)).statusCode).toBe(200);
    expect((await t.call(admin, 'POST', `/api/v1/merges/${first.id}/unmerge`)).statusCode).toBe(200);
    for (const p of [a, b, c])
      expect((await t.call(admin, 'GET', `/api/v1/partners/${p.id}`)).statusCode).toBe(200);
  });
});

describe('merging contacts', () => {
  it('moves roles, participation, requests raised and invitations; unmerge restores every row', async () => {
    const partner = await buildPartner(t.db);
    const keep = await buildContact(t.db, { name: 'Priya Shah', emails: ['priya@ashdown.example'] });
    const gone = await buildContact(t.db, {
      name: 'Priya Shah',
      emails: ['p.shah@ashdown.example', 'Priya@ashdown.example'],
      jobTitle: 'Head of Talent',
    });
    await buildAffiliation(t.db, { contactId: keep.id, partnerId: partner.id, role: 'Head of Talent' });
    await buildAffiliation(t.db, { contactId: gone.id, partnerId: partner.id, role: 'head of talent' });
    const tp = await buildTouchpoint(t.db, { partnerId: partner.id, unitId: unitA, authorId: admin.user.id });
    const tp2 = await buildTouchpoint(t.db, {
      partnerId: partner.id,
      unitId: unitA,
      authorId: admin.user.id,
    });
    await t.db.insert(touchpointContacts).values([
      { touchpointId: tp.id, contactId: keep.id },
      { touchpointId: tp.id, contactId: gone.id },
      { touchpointId: tp2.id, contactId: gone.id },
    ]);
    await t.db.insert(requests).values({
      partnerId: partner.id,
      unitId: unitA,
      kind: 'enquiry',
      title: 'Placements',
      createdById: admin.user.id,
      raisedByContactId: gone.id,
    });
    const [disputed] = await t.db
      .insert(requests)
      .values({
        partnerId: partner.id,
        unitId: unitA,
        kind: 'dispute',
        title: 'Fees',
        createdById: admin.user.id,
      })
      .returning();
    await t.db.insert(disputeProcedures).values({
      requestId: disputed!.id,
      stage: 'outcome',
      stageStartedAt: new Date(),
      agreed: 'Half the fee',
      contactId: gone.id,
      linkHash: tag(),
      linkExpiresAt: new Date(Date.now() + 86_400_000),
    });
    const [activity] = await t.db
      .insert(activities)
      .values({
        kind: 'seminar',
        title: 'Seminar',
        unitId: unitA,
        ownerId: admin.user.id,
        startsAt: new Date(),
        endsAt: new Date(Date.now() + 3_600_000),
      })
      .returning();
    await t.db.insert(activityTargets).values({ activityId: activity!.id, contactId: gone.id });
    await t.db.insert(workingGroupMembers).values({
      activityId: activity!.id,
      contactId: gone.id,
      partnerId: partner.id,
      joinedOn: '2026-01-06',
    });
    await t.db.insert(activityAttendance).values({
      activityId: activity!.id,
      occurrenceStartsAt: activity!.startsAt,
      contactId: gone.id,
      status: 'attended',
      recordedById: admin.user.id,
    });
    await t.db.insert(consents).values({
      contactId: gone.id,
      purpose: 'events',
      decision: 'given',
      lawfulBasis: 'consent',
      source: 'form',
      recordedOn: '2026-01-15',
    });
    const pairRel = await buildRelationship(t.db, { unitId: unitA, partnerId: partner.id });
    const [review] = await t.db
      .insert(relationshipReviews)
      .values({
        relationshipId: pairRel.id,
        unitId: unitA,
        scheduledFor: '2026-06-01',
        createdById: admin.user.id,
      })
      .returning();
    await t.db.insert(assessments).values({
      relationshipId: pairRel.id,
      unitId: unitA,
      assessedById: admin.user.id,
      meanScore: 200,
      stage: 'service_provider',
      partnerContactId: gone.id,
    });
    await seedInitiative(partner.id, gone.id, admin.user.id, unitA);
    const followUp = await buildTask(t.db, { assigneeId: admin.user.id, partnerId: partner.id });
    await t.db.insert(reviewActions).values({
      reviewId: review!.id,
      description: 'Send the fee schedule',
      ownerContactId: gone.id,
      dueOn: '2026-07-01',
      taskId: followUp.id,
    });
    const [level] = await t.db.select().from(communicationLevels).limit(1);
    await t.db.insert(peerPairs).values({
      relationshipId: pairRel.id,
      levelId: level!.id,
      userId: admin.user.id,
      contactId: gone.id,
      cadenceDays: 30,
    });
    const [agreement] = await t.db
      .insert(agreements)
      .values({
        relationshipId: pairRel.id,
        unitId: unitA,
        kind: 'contract',
        title: 'Talent contract',
        status: 'active',
        revision: 1,
        ownerId: admin.user.id,
        createdById: admin.user.id,
        partnerContactId: gone.id,
      })
      .returning();
    await t.db.insert(agreementChanges).values({
      agreementId: agreement!.id,
      baseRevision: 1,
      reason: 'New fee',
      terms: { keyTerms: 'Fee £200' },
      baseTerms: {
        title: 'Talent contract',
        universityCommitments: null,
        partnerCommitments: null,
        keyTerms: null,
        startDate: null,
        endDate: null,
        reviewDate: null,
      },
      proposedById: admin.user.id,
      partnerContactId: gone.id,
    });
    await t.db.insert(activityInvitations).values([
      { activityId: activity!.id, contactId: keep.id, tokenHash: tag() },
      { activityId: activity!.id, contactId: gone.id, tokenHash: tag(), status: 'registered' },
    ]);
    // Asked twice, once as each record: the survivor keeps one invitation (its twin is dropped).
    const [survey] = await t.db
      .insert(surveys)
      .values({
        relationshipId: pairRel.id,
        unitId: unitA,
        title: 'How are we doing?',
        questions: [],
        closesAt: new Date(Date.now() + 86_400_000),
        createdById: admin.user.id,
      })
      .returning();
    await t.db.insert(surveyInvitations).values([
      { surveyId: survey!.id, contactId: keep.id, tokenHash: tag() },
      { surveyId: survey!.id, contactId: gone.id, tokenHash: tag() },
    ]);
    await t.db.insert(savedViews).values({
      list: 'touchpoints',
      name: `Priya ${tag()}`,
      query: `contactId=${gone.id}`,
      ownerId: admin.user.id,
    });
    for (const ref of referencesOf.contact)
      expect(await pointingAt(ref, gone.id), ref.table).toBeGreaterThan(0);
    const before = await snapshot('contact');

    const res = await merge(admin, {
      kind: 'contact',
      survivorId: keep.id,
      mergedIds: [gone.id],
      fields: { jobTitle: gone.id },
    });
    expect(res.statusCode, res.body).toBe(201);
    for (const ref of referencesOf.contact) expect(await pointingAt(ref, gone.id), ref.table).toBe(0);
    const kept = (await t.call(admin, 'GET', `/api/v1/contacts/${keep.id}`)).json();
    expect(kept.emails.sort()).toEqual(['p.shah@ashdown.example', 'priya@ashdown.example']);
    expect(kept.jobTitle).toBe('Head of Talent');
    const [row] = await queryRows<{ roles: number; tps: number; invites: number }>(
      t.db,
      sql`select (select count(*)::int from affiliations where contact_id = ${keep.id}) as roles,
                 (select count(*)::int from touchpoint_contacts where contact_id = ${keep.id}) as tps,
                 (select count(*)::int from activity_invitations where contact_id = ${keep.id}) as invites`,
    );
    expect(row).toEqual({ roles: 1, tps: 2, invites: 1 });

    expect((await t.call(admin, 'POST', `/api/v1/merges/${res.json().id}/unmerge`)).statusCode).toBe(200);
    expect(await snapshot('contact')).toEqual(before);
  });

  it('refuses to merge an erased contact, naming it, and changes nothing', async () => {
    const keep = await buildContact(t.db, { name: 'Sam Keep' });
    const erased = await buildContact(t.db, { name: 'Erased contact' });
    await t.db.insert(erasures).values({ contactId: erased.id, erasedById: admin.user.id });
    const before = await snapshot('contact');
    for (const [survivorId, mergedIds, field] of [
      [keep.id, [erased.id], 'mergedIds.0'],
      [erased.id, [keep.id], 'survivorId'],
    ] as const) {
      const res = await merge(admin, { kind: 'contact', survivorId, mergedIds, fields: {} });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([{ field, message: expect.stringMatching(/erased contact/) }]);
    }
    expect(await snapshot('contact')).toEqual(before);
  });
});
