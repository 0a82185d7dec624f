import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { partners } from '../db/schema/partners.ts';
import { type Agent, createTestApp, type TestApp } from '../test/app.ts';
import { partnerTypeId } from '../test/factories/index.ts';

let t: TestApp;
let staff: Agent;
let employer: string;

beforeAll(async () => {
  t = await createTestApp();
  staff = await t.signIn('staff');
  employer = await partnerTypeId(t.db, 'Employer');
});
afterAll(() => t.close());

const create = (name: string, key: string) =>
  t.call(staff, 'POST', '/api/v1/partners', { name, typeId: employer }, { 'idempotency-key': key });
const partnersNamed = async (name: string) =>
  (await t.db.select({ id: partners.id }).from(partners).where(eq(partners.name, name))).map((p) => p.id);

/**
 * Leaves a key as a process killed mid-request would: claimed, no answer stored. The claim is
 * taken by a real first request (so its fingerprint is right), then turned back into an open one.
 * `lease` is how long the dead owner's lease still runs (negative: it has run out).
 */
async function abandonClaim(key: string, claim: { leaseSeconds: number; requestId?: string | null }) {
  const requestId = claim.requestId === undefined ? sql`request_id` : claim.requestId;
  await t.db.execute(sql`
    update idempotency_keys
       set status_code = null, body = null, headers = null, owner = 'a process that was killed',
           request_id = ${requestId}, lease_until = now() + make_interval(secs => ${claim.leaseSeconds})
     where user_id = ${staff.user.id} and key = ${key}`);
}

describe('Idempotency-Key after a crash', () => {
  it('lets a retry take over a claim whose owner died before writing, and perform the write', async () => {
    const first = await create('Crashed Before Writing Ltd', 'crash-1');
    expect(first.statusCode).toBe(201);
    // The crash came before the write committed: no partner, and the claim names a request that wrote nothing.
    await t.db.delete(partners).where(eq(partners.id, first.json().id));
    await abandonClaim('crash-1', { leaseSeconds: -1, requestId: randomUUID() });

    const retry = await create('Crashed Before Writing Ltd', 'crash-1');
    expect(retry.statusCode).toBe(201);
    expect(await partnersNamed('Crashed Before Writing Ltd')).toEqual([retry.json().id]);
    const replay = await create('Crashed Before Writing Ltd', 'crash-1');
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().id).toBe(retry.json().id);
  });

  it('does not write twice when the owner died after its write committed: the retry is told the record', async () => {
    const first = await create('Crashed After Writing Ltd', 'crash-2');
    expect(first.statusCode).toBe(201);
    await abandonClaim('crash-2', { leaseSeconds: -1 });

    const retry = await create('Crashed After Writing Ltd', 'crash-2');
    expect(retry.statusCode).toBe(409);
    expect(retry.headers['content-type']).toContain('application/problem+json');
    expect(retry.json()).toMatchObject({
      code: 'conflict',
      detail: expect.stringMatching(/was carried out, but its answer was lost/),
      record: { entity: 'partner', id: first.json().id },
    });
    expect(await partnersNamed('Crashed After Writing Ltd')).toEqual([first.json().id]);
    const again = await create('Crashed After Writing Ltd', 'crash-2');
    expect(again.statusCode).toBe(409);
    expect(again.json().record).toEqual({ entity: 'partner', id: first.json().id });
  });

  it('still answers 409 "still being processed" while the owner holds a live lease', async () => {
    await create('Still Running Ltd', 'crash-3');
    await abandonClaim('crash-3', { leaseSeconds: 60, requestId: randomUUID() });
    const retry = await create('Still Running Ltd', 'crash-3');
    expect(retry.statusCode).toBe(409);
    expect(retry.json().detail).toBe('A request with this Idempotency-Key is still being processed');
    const [row] = await queryRows<{ owner: string }>(
      t.db,
      sql`select owner from idempotency_keys where user_id = ${staff.user.id} and key = 'crash-3'`,
    );
    expect(row!.owner).toBe('a process that was killed');
  });

  it('records the owner, the request id and a lease on every claim', async () => {
    const response = await create('Leased Ltd', 'lease-1');
    const [row] = await queryRows<{ owner: string; request_id: string; live: boolean; status_code: number }>(
      t.db,
      sql`select owner, request_id, lease_until > now() as live, status_code from idempotency_keys
           where user_id = ${staff.user.id} and key = 'lease-1'`,
    );
    expect(row).toMatchObject({ request_id: response.headers['x-request-id'], status_code: 201 });
    expect(row!.owner).toMatch(new RegExp(`:${process.pid}:`));
    expect(row!.live).toBe(true);
  });
});
