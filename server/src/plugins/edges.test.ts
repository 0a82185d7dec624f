import { Writable } from 'node:stream';
import { desc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../db/schema/audit.ts';
import { type Agent, createTestApp, type TestApp } from '../test/app.ts';

/** Every line the app logs, parsed. */
const lines: Record<string, unknown>[] = [];
const stream = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});

let t: TestApp;
let admin: Agent;

beforeAll(async () => {
  t = await createTestApp({}, { logger: { level: 'info', stream } });
  admin = await t.signIn('administrator');
});
afterAll(() => t.close());

const logged = () => JSON.stringify(lines);
const errorsLogged = () => lines.filter((l) => (l.level as number) >= 50);

describe('the small edges', () => {
  it('removes a holiday with one 204 and no error in the log', async () => {
    await t.call(admin, 'POST', '/api/v1/holidays', { day: '2031-12-26', name: 'Boxing Day' });
    const before = errorsLogged().length;
    const removed = await t.call(admin, 'DELETE', '/api/v1/holidays/2031-12-26');
    expect(removed.statusCode).toBe(204);
    expect(removed.body).toBe('');
    expect(errorsLogged().slice(before)).toEqual([]);
    expect(logged()).not.toContain('Cannot write headers');
  });

  it('answers bad URL encoding and over-long path parameters as problem+json', async () => {
    const bad = await t.call(admin, 'GET', '/api/v1/partners/%E0%A4%A');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json()).toMatchObject({ status: 400, code: 'bad_request' });
    const long = await t.call(admin, 'GET', `/api/v1/partners/${'a'.repeat(500)}`);
    expect(long.statusCode).toBe(414);
    expect(long.headers['content-type']).toContain('application/problem+json');
    expect(long.json()).toMatchObject({ status: 414, code: 'uri_too_long' });
    expect(long.body.length).toBeLessThan(1_000);
  });

  it('does not echo a 5,000-character path in a 404', async () => {
    const path = `/api/v1/${'x'.repeat(5_000)}`;
    const missing = await t.call(admin, 'GET', path);
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.body.length).toBeLessThan(1_000);
    expect(missing.json().detail).toMatch(/^No route GET \/api\/v1\/x+…$/);
  });

  it('keeps a client X-Request-Id only when it is a UUID, in the answer, the log and the audit log', async () => {
    const forged = 'admin-did-it\n{"level":60}';
    const created = await t.call(
      admin,
      'POST',
      '/api/v1/partner-types',
      { name: 'Forged Id Type' },
      {
        'x-request-id': forged,
      },
    );
    const id = created.headers['x-request-id'] as string;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(logged()).not.toContain('admin-did-it');
    const [entry] = await t.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    expect(entry!.requestId).toBe(id);

    const mine = '0b9a6f4e-3c1d-4e2a-9f8b-7a6c5d4e3f21';
    const kept = await t.call(admin, 'GET', '/api/v1/health', undefined, { 'x-request-id': mine });
    expect(kept.headers['x-request-id']).toBe(mine);
    const upper = await t.call(admin, 'GET', '/api/v1/health', undefined, {
      'x-request-id': mine.toUpperCase(),
    });
    expect(upper.headers['x-request-id']).toBe(mine);
  });

  it('logs a database error without its SQL parameters', async () => {
    const secret = 'jo.bloggs@northmoor.ac.uk';
    const error = await t.db.execute(sql`select ${secret}::text, 1 / 0`).catch((e: unknown) => e);
    t.app.log.error({ err: error }, 'unhandled error');
    const line = lines.at(-1)!;
    expect(line.msg).toBe('unhandled error');
    expect(JSON.stringify(line)).not.toContain(secret);
    expect(JSON.stringify(line)).toContain('select $1::text, 1 / 0');
    expect(JSON.stringify(line)).toContain('division by zero');
    expect(JSON.stringify(line)).toContain('[redacted]');
  });
});
