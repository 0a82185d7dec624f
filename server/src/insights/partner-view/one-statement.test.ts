import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OVERVIEW_RELATIONSHIPS, OVERVIEW_TASKS } from '../../../../common/src/contracts/partner-view.ts';
import { affiliations } from '../../db/schema/affiliations.ts';
import { relationshipDeputies } from '../../db/schema/relationships.ts';
import { touchpointContacts, touchpointReaders, touchpointStaff } from '../../db/schema/touchpoints.ts';
import { InProcessQueue } from '../../jobs/in-process-queue.ts';
import type { Ctx } from '../../lib/context.ts';
import type { Actor } from '../../modules/access/actor.ts';
import { actorsOf, touchpointPartnerScope } from '../../modules/access/audience.repository.ts';
import { getPartner } from '../../modules/partners/partners.service.ts';
import { listRelationshipsFor } from '../../modules/relationships/relationships.service.ts';
import { tasksPage } from '../../modules/tasks/tasks.service.ts';
import { replaceOtherPartners } from '../../modules/touchpoints/touchpoints.repository.ts';
import { timelineFor } from '../../modules/touchpoints/touchpoints.service.ts';
import { createTestApp, type TestApp } from '../../test/app.ts';
import {
  buildContact,
  buildPartner,
  buildRelationship,
  buildTask,
  buildTouchpoint,
  buildUnit,
  buildUser,
} from '../../test/factories/index.ts';
import { withCadence } from './cadence.ts';
import { countsOfLastYear, keyContactsOf } from './partner-view.repository.ts';
import { lastContactsOf, partnerOverview } from './partner-view.service.ts';

/**
 * The one-statement overview against the composition it replaced: the parts' own services, each
 * its own statements, put together as the overview did. On varied data (joint and confidential
 * touch points with participants and readers, a long timeline, deputies, tasks on hidden touch
 * points, ended affiliations) and for every kind of viewer, the answers are equal.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const ctxOf = (actor: Actor): Ctx => ({
  db: t.db,
  actor,
  requestId: 'one-statement',
  log: pino({ level: 'silent' }),
  jobs: new InProcessQueue(pino({ level: 'silent' })),
});

/** The overview as ten statements in three waves composed it. */
async function composed(ctx: Ctx, partnerId: string) {
  const scope = touchpointPartnerScope(ctx.actor);
  const [partner, relationships, lastById, keyContacts, timeline, counts, tasks] = await Promise.all([
    getPartner(ctx, partnerId),
    listRelationshipsFor(ctx, { partnerId, limit: OVERVIEW_RELATIONSHIPS, sort: 'createdAt' }),
    lastContactsOf(ctx, { partnerId }),
    keyContactsOf(ctx.db, partnerId),
    timelineFor(ctx, { partnerId }, { limit: 50 }),
    countsOfLastYear(ctx.db, partnerId, scope),
    tasksPage(ctx, { partnerId, done: false }, { limit: OVERVIEW_TASKS }),
  ]);
  const byUnit = counts
    .filter((c) => c.unitId !== null)
    .map((c) => ({ unitId: c.unitId!, unitName: c.unitName!, count: c.count }));
  return {
    partner,
    relationships: relationships.items.map((r) => withCadence(r, lastById.get(r.id) ?? null)),
    keyContacts,
    timeline,
    lastYear: {
      total: byUnit.reduce((sum, u) => sum + u.count, 0),
      byUnit: byUnit.sort((a, b) => b.count - a.count),
      byKind: counts
        .filter((c) => c.unitId === null && c.kind !== null)
        .map((c) => ({ kind: c.kind as 'meeting', count: c.count }))
        .sort((a, b) => b.count - a.count),
    },
    openTasks: tasks.items,
  };
}

/** A small seeded generator, so a failure can be replayed. */
function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('the one-statement partner overview', () => {
  it('answers as the composition of its parts did, for every viewer, on varied data', async () => {
    const random = seeded(19);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const faculty = await buildUnit(t.db, { name: 'Faculty of Science' });
    const units = [
      await buildUnit(t.db, { name: 'Careers', parentId: faculty.id }),
      await buildUnit(t.db, { name: 'Research', parentId: faculty.id }),
      await buildUnit(t.db, { name: 'Estates' }),
    ];
    const staff = await Promise.all(
      units.flatMap((u) => [buildUser(t.db, { unitId: u.id }), buildUser(t.db, { unitId: u.id })]),
    );
    const senior = await buildUser(t.db, { role: 'senior_manager', unitId: faculty.id });
    const viewer = await buildUser(t.db, { role: 'viewer', unitId: units[2]!.id });
    const admin = await buildUser(t.db, { role: 'administrator' });
    const group = await buildPartner(t.db, { name: 'Ribble Group' });
    const partner = await buildPartner(t.db, {
      name: 'Ribble Energy',
      parentId: group.id,
      tags: ['energy', 'north'],
      city: 'Preston',
    });
    const empty = await buildPartner(t.db, { name: 'Quiet Partner' });
    const others = [group, await buildPartner(t.db, { name: 'Alder Logistics' })];

    const relationships = [];
    for (const [i, unit] of units.entries()) {
      const r = await buildRelationship(t.db, {
        unitId: unit.id,
        partnerId: partner.id,
        managerId: i === 2 ? null : staff[i * 2]!.id,
        cadenceDays: i === 1 ? null : 30 + i * 30,
      });
      relationships.push(r);
    }
    await t.db.insert(relationshipDeputies).values([
      { relationshipId: relationships[0]!.id, userId: staff[1]!.id },
      { relationshipId: relationships[0]!.id, userId: staff[3]!.id },
      { relationshipId: relationships[1]!.id, userId: staff[0]!.id },
    ]);

    const people = await Promise.all([0, 1, 2, 3].map((i) => buildContact(t.db, { name: `Contact ${i}` })));
    await t.db.insert(affiliations).values([
      { contactId: people[0]!.id, partnerId: partner.id, role: 'Head of Talent', isKeyContact: true },
      { contactId: people[1]!.id, partnerId: partner.id, role: 'Buyer' },
      { contactId: people[2]!.id, partnerId: partner.id, role: 'Former', endDate: '2020-01-01' },
      { contactId: people[3]!.id, partnerId: others[1]!.id, role: 'Elsewhere' },
    ]);

    const touchpointIds: string[] = [];
    for (let i = 0; i < 70; i++) {
      const unitIndex = Math.floor(random() * units.length);
      const author = staff[unitIndex * 2 + Math.floor(random() * 2)]!;
      const visibility = pick(['institution', 'institution', 'unit', 'confidential'] as const);
      const joint = random() < 0.25;
      // Some touch points are another partner's, with this one joining them.
      const primary = joint && random() < 0.5 ? pick(others) : partner;
      const tp = await buildTouchpoint(t.db, {
        partnerId: primary.id,
        unitId: units[unitIndex]!.id,
        authorId: author.id,
        kind: pick(['meeting', 'call', 'email', 'visit', 'event'] as const),
        visibility,
        subject: `Touch point ${i}`,
        notes: random() < 0.5 ? `Notes ${i}` : null,
        sentiment: random() < 0.5 ? Math.floor(random() * 5) - 2 : null,
        isFormal: random() < 0.3,
        // Some in the same millisecond, some over a year ago.
        occurredAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 40) * 86_400_000 * 12),
        readerIds: visibility === 'confidential' && random() < 0.5 ? [pick(staff).id] : [],
      });
      touchpointIds.push(tp.id);
      if (joint) {
        const joined = primary.id === partner.id ? [partner.id, pick(others).id] : [primary.id, partner.id];
        await replaceOtherPartners(t.db, tp.id, primary.id, joined);
      }
      if (random() < 0.4)
        await t.db.insert(touchpointContacts).values({ touchpointId: tp.id, contactId: pick(people).id });
      if (random() < 0.3) {
        const extra = pick(staff.filter((s) => s.id !== author.id));
        await t.db
          .insert(touchpointStaff)
          .values({ touchpointId: tp.id, userId: extra.id })
          .onConflictDoNothing();
      }
      if (visibility !== 'confidential' && random() < 0.1)
        await t.db
          .insert(touchpointReaders)
          .values({ touchpointId: tp.id, userId: pick(staff).id })
          .onConflictDoNothing();
    }
    for (let i = 0; i < 30; i++) {
      await buildTask(t.db, {
        title: `Task ${i}`,
        assigneeId: pick(staff).id,
        createdById: pick(staff).id,
        partnerId: random() < 0.9 ? partner.id : others[1]!.id,
        relationshipId: random() < 0.3 ? pick(relationships).id : null,
        touchpointId: random() < 0.5 ? pick(touchpointIds) : null,
        dueOn: random() < 0.7 ? `2027-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}` : null,
        doneAt: random() < 0.2 ? new Date() : null,
      });
    }

    const found = await actorsOf(t.db, [...staff.map((s) => s.id), senior.id, viewer.id, admin.id]);
    const actors = [...found, ...found.map((a) => ({ ...a, readOnly: false }))];
    expect(actors).toHaveLength(2 * (staff.length + 3));
    for (const actor of actors) {
      const ctx = ctxOf(actor);
      for (const id of [partner.id, others[0]!.id, others[1]!.id, empty.id]) {
        const [one, parts] = [await partnerOverview(ctx, id), await composed(ctx, id)];
        expect(one, `${actor.role} ${actor.userId} on ${id}`).toEqual(parts);
      }
    }
    // The data exercised what it is for: a next page, joint partners, people, deputies, hidden tasks.
    const full = await partnerOverview(ctxOf({ ...found.at(-1)!, readOnly: false }), partner.id);
    expect(full.timeline.nextCursor).not.toBeNull();
    expect(full.timeline.items.some((i) => i.partners.length > 1)).toBe(true);
    expect(full.timeline.items.some((i) => i.contacts.length > 0 && i.readers.length > 0)).toBe(true);
    expect(full.relationships.some((r) => r.deputies.length === 2)).toBe(true);
    const asViewer = await partnerOverview(ctxOf(found.find((a) => a.role === 'viewer')!), partner.id);
    expect(asViewer.openTasks.length).toBeLessThan(full.openTasks.length);
    expect(asViewer.lastYear.total).toBeLessThan(full.lastYear.total);
  });

  it('answers 404 for a partner that does not exist, as before', async () => {
    const [admin] = await actorsOf(t.db, [(await buildUser(t.db, { role: 'administrator' })).id]);
    await expect(
      partnerOverview(ctxOf(admin!), '0190b7a0-0000-7000-8000-000000000000'),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
