import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../app.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildRelationship,
  buildTask,
  buildTouchpoint,
} from '../factories/index.ts';
import { type OpenApiDocument, operationsOf } from './requests.ts';
import { type FuzzFigures, runFuzz } from './run.ts';

// The short form runs in `npm test` on both databases; `npm run test:fuzz` sets these for the long form.
const REQUESTS = Number(process.env.RAPPORT_FUZZ_REQUESTS ?? 2_000);
const SEED = Number(process.env.RAPPORT_FUZZ_SEED ?? 20261201);
const REPORT = process.env.RAPPORT_FUZZ_REPORT;

let t: TestApp;
let baseUrl: string;
const errorLines: string[] = [];

beforeAll(async () => {
  // Error-level log lines (pino level 50 and up) are findings too: an error handled quietly is still a bug.
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) errorLines.push(line.slice(0, 2_000));
      done();
    },
  });
  // One hop of proxy is believed, so each fuzzed request comes from its own address and the
  // sign-in limits of one address (which slow attempts down on purpose) never build up.
  t = await createTestApp({ RAPPORT_TRUST_PROXY: '1' }, { logger: { level: 'error', stream } });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t?.close());

/** The headers an agent sends: the session cookie and CSRF token, or a bearer API token. */
async function sessionOf(role: Agent['user']['role']) {
  return (await t.signIn(role)).headers;
}

async function tokenOf(role: Agent['user']['role']) {
  const owner = await t.signIn(role);
  const created = await t.call(owner, 'POST', '/api/v1/tokens', { name: 'fuzz' });
  if (created.statusCode !== 201) throw new Error(`token: ${created.statusCode} ${created.body}`);
  return { authorization: `Bearer ${created.json<{ token: string }>().token}` };
}

describe('the API under fuzzed requests from its OpenAPI document', () => {
  it(
    `answers ${REQUESTS} schema-valid and mutated requests as every role without a 5xx, with problem+json for every error, and logs no error`,
    async () => {
      const document = (
        await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
      ).json<OpenApiDocument>();
      const operations = operationsOf(document);
      expect(operations.length).toBeGreaterThan(50);

      // A few records of each kind, so schema-valid ids reach the handlers; answers add more as the run goes.
      const manager = await t.signIn('relationship_manager');
      const partner = await buildPartner(t.db);
      const contact = await buildContact(t.db);
      const affiliation = await buildAffiliation(t.db, { contactId: contact.id, partnerId: partner.id });
      const relationship = await buildRelationship(t.db, {
        unitId: manager.user.unitId!,
        partnerId: partner.id,
      });
      const touchpoint = await buildTouchpoint(t.db, {
        partnerId: partner.id,
        unitId: manager.user.unitId!,
        authorId: manager.user.id,
      });
      const task = await buildTask(t.db, { assigneeId: manager.user.id, partnerId: partner.id });
      const pool = {
        ids: [
          partner.id,
          contact.id,
          affiliation.id,
          relationship.id,
          touchpoint.id,
          task.id,
          manager.user.unitId!,
        ],
      };

      const figures: FuzzFigures = await runFuzz({
        baseUrl,
        operations,
        agents: {
          administrator: () => sessionOf('administrator'),
          senior_manager: () => sessionOf('senior_manager'),
          relationship_manager: () => sessionOf('relationship_manager'),
          staff: () => sessionOf('staff'),
          viewer: () => sessionOf('viewer'),
          token: () => tokenOf('staff'),
        },
        pool,
        requests: REQUESTS,
        seed: SEED,
        errorLog: () => errorLines,
      });
      if (REPORT) writeFileSync(REPORT, `${JSON.stringify(figures, null, 2)}\n`);

      expect(figures.findings).toEqual([]);
      expect(figures.errorLog).toEqual([]);
      expect(figures.requests).toBe(REQUESTS);
      // The run reached every operation, and got past validation often enough to mean something.
      expect(figures.operationsReached).toBe(operations.length);
      expect(figures.byStatus['2xx'] ?? 0).toBeGreaterThan(REQUESTS * 0.05);
      expect(figures.byStatus['4xx'] ?? 0).toBeGreaterThan(REQUESTS * 0.3);
    },
    // generous: on a loaded two-core machine the short form has taken 2 minutes
    120_000 + REQUESTS * 200,
  );
});
