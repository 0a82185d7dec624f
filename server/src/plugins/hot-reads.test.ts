import Fastify from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type App, buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { type Agent, createTestApp, type TestApp } from '../test/app.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildRelationship,
  buildTask,
  buildTouchpoint,
  buildUnit,
  buildUser,
} from '../test/factories/index.ts';
import { skipValidationOfHotReads } from './hot-reads.ts';

describe('hot reads without response validation', () => {
  async function tinyApp(validate: boolean) {
    const app = Fastify().withTypeProvider<ZodTypeProvider>();
    app.setSerializerCompiler(serializerCompiler);
    skipValidationOfHotReads(app, validate);
    const schema = { response: { 200: z.object({ name: z.string() }) } };
    const answer = async () => ({ name: 'Ribble', internal: 'not in the schema' });
    app.get('/hot', { config: { hotRead: true }, schema }, answer);
    app.get('/cold', { schema }, answer);
    await app.ready();
    return app;
  }

  it('writes a hot read as it is when not validating, and checks every other route', async () => {
    const plain = await tinyApp(false);
    const checked = await tinyApp(true);
    try {
      // The zod encoding drops what the schema does not name; the plain writer does not look.
      expect((await plain.inject('/hot')).json()).toEqual({ name: 'Ribble', internal: 'not in the schema' });
      expect((await plain.inject('/cold')).json()).toEqual({ name: 'Ribble' });
      expect((await checked.inject('/hot')).json()).toEqual({ name: 'Ribble' });
    } finally {
      await plain.close();
      await checked.close();
    }
  });
});

describe('hot routes answer the same with and without validation', () => {
  let t: TestApp;
  let plain: App;
  let staff: Agent;
  let partnerId: string;
  let contactId: string;

  beforeAll(async () => {
    t = await createTestApp();
    plain = await buildApp({
      config: loadConfig({ RAPPORT_DEMO: '0', LOG_LEVEL: 'silent' }),
      database: t.database,
      validateResponses: false,
    });
    await plain.ready();
    const unit = await buildUnit(t.db);
    staff = await t.signIn('staff', { unitId: unit.id });
    const partner = await buildPartner(t.db, { name: 'Pennine Logistics', tags: ['freight'] });
    partnerId = partner.id;
    const contact = await buildContact(t.db, { name: 'Ada Pennine' });
    contactId = contact.id;
    await buildAffiliation(t.db, { partnerId, contactId, isKeyContact: true });
    const manager = await buildUser(t.db, { unitId: unit.id });
    await buildRelationship(t.db, { unitId: unit.id, partnerId, managerId: manager.id, cadenceDays: 30 });
    for (const [i, visibility] of (['institution', 'unit', 'confidential'] as const).entries()) {
      const touchpoint = await buildTouchpoint(t.db, {
        partnerId,
        unitId: unit.id,
        authorId: staff.user.id,
        visibility,
        subject: `Pennine freight review ${i}`,
        occurredAt: new Date(Date.now() - (i + 1) * 86_400_000),
      });
      await buildTask(t.db, { partnerId, touchpointId: touchpoint.id, assigneeId: staff.user.id });
    }
    const raised = await t.call(staff, 'POST', '/api/v1/requests', {
      partnerId,
      kind: 'enquiry',
      title: 'Pennine freight placements',
      priority: 'normal',
    });
    expect(raised.statusCode).toBe(201);
  });
  afterAll(async () => {
    await plain.close();
    await t.close();
  });

  it.each([
    ['the overview', () => `/api/v1/partners/${partnerId}/overview`],
    ['the partner timeline', () => `/api/v1/partners/${partnerId}/timeline?limit=2`],
    ['the contact timeline', () => `/api/v1/contacts/${contactId}/timeline`],
    ['the partner list', () => '/api/v1/partners?limit=5'],
    ['the request register', () => `/api/v1/requests?partnerId=${partnerId}`],
    ['search', () => '/api/v1/search?q=pennine'],
  ])('%s', async (_name, url) => {
    const checked = await t.call(staff, 'GET', url());
    const fast = await plain.inject({ method: 'GET', url: url(), headers: staff.headers });
    expect(checked.statusCode).toBe(200);
    expect(fast.statusCode).toBe(200);
    expect(fast.json()).toEqual(checked.json());
    expect(JSON.stringify(fast.json())).not.toBe('{}');
  });
});
