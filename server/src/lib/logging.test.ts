import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app.ts';
import { createLogger, resolveLogFormat } from './logging.ts';

/** A stream that keeps every line written to it. */
function lineSink() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const json = lineSink();
let dist: string;
let t: TestApp;

beforeAll(async () => {
  dist = mkdtempSync(path.join(tmpdir(), 'rapport-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(path.join(dist, 'assets', 'index-Lg7Qd2.js'), 'console.log("Rapport");');
  const logger = createLogger({ level: 'info', format: 'json', destination: json.stream });
  t = await createTestApp({}, { loggerInstance: logger, webDist: dist });
});
afterAll(async () => {
  await t.close();
  rmSync(dist, { recursive: true, force: true });
});

const entries = () => json.lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('the request log', () => {
  it('writes one info line per request: method, path, status, time and request id', async () => {
    const before = json.lines.length;
    const answer = await t.call(null, 'GET', '/api/v1/partners?q=Jo%20Bloggs');
    expect(answer.statusCode).toBe(401);
    const lines = entries().slice(before);
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({
      level: 30,
      method: 'GET',
      path: '/api/v1/partners',
      statusCode: 401,
      reqId: answer.headers['x-request-id'],
    });
    expect(line!.reqId).toMatch(UUID);
    expect(line!.responseTime).toEqual(expect.any(Number));
    expect(line!.msg).toMatch(/^GET \/api\/v1\/partners 401 \d+(\.\d)? ms$/);
    // What someone searched for is not written down.
    expect(JSON.stringify(lines)).not.toContain('Bloggs');
  });

  it('never writes the secret of a private invitation link, from the API or the page', async () => {
    const before = json.lines.length;
    const secret = 'Zq8xW3vT9kLmN2pR7sY4uB6cD1eF5gH0';
    const api = await t.call(null, 'GET', `/api/v1/public/invitations/${secret}`);
    expect(api.statusCode).toBe(404);
    const page = await t.call(null, 'GET', `/invitations/${secret}`);
    expect(page.statusCode).toBe(200);
    const lines = entries().slice(before);
    expect(lines.map((l) => l.path)).toEqual(['/api/v1/public/invitations/[token]', '/invitations/[token]']);
    expect(JSON.stringify(lines)).not.toContain(secret);
  });

  it('never writes the secret of a survey link, from the API or the answer page', async () => {
    const before = json.lines.length;
    const secret = 'Sv8xW3vT9kLmN2pR7sY4uB6cD1eF5gH0aa';
    expect((await t.call(null, 'GET', `/api/v1/public/surveys/${secret}`)).statusCode).toBe(404);
    expect((await t.call(null, 'POST', `/api/v1/public/surveys/${secret}`, { answers: [] })).statusCode).toBe(
      400,
    );
    expect((await t.call(null, 'GET', `/surveys/answer/${secret}`)).statusCode).toBe(200);
    const lines = entries().slice(before);
    expect(lines.map((l) => l.path)).toEqual([
      '/api/v1/public/surveys/[token]',
      '/api/v1/public/surveys/[token]',
      '/surveys/answer/[token]',
    ]);
    expect(JSON.stringify(lines)).not.toContain(secret);
  });

  it("never writes the secret of a maturity assessment's partner link, from the API or the page", async () => {
    const before = json.lines.length;
    const secret = 'As8xW3vT9kLmN2pR7sY4uB6cD1eF5gH0bb';
    expect((await t.call(null, 'GET', `/api/v1/public/assessments/${secret}`)).statusCode).toBe(404);
    expect(
      (await t.call(null, 'POST', `/api/v1/public/assessments/${secret}`, { items: [] })).statusCode,
    ).toBe(400);
    expect((await t.call(null, 'GET', `/assessments/answer/${secret}`)).statusCode).toBe(200);
    const lines = entries().slice(before);
    expect(lines.map((l) => l.path)).toEqual([
      '/api/v1/public/assessments/[token]',
      '/api/v1/public/assessments/[token]',
      '/assessments/answer/[token]',
    ]);
    expect(JSON.stringify(lines)).not.toContain(secret);
  });

  it("never writes the secret of a dispute outcome's link, from the API or the acknowledgement page", async () => {
    const before = json.lines.length;
    const secret = 'do_Zq8xW3vT9kLmN2pR7sY4uB6cD1eF5gH0aa';
    expect((await t.call(null, 'GET', `/api/v1/public/dispute-outcomes/${secret}`)).statusCode).toBe(404);
    expect(
      (await t.call(null, 'POST', `/api/v1/public/dispute-outcomes/${secret}/acknowledge`)).statusCode,
    ).toBe(404);
    expect((await t.call(null, 'GET', `/outcome/${secret}`)).statusCode).toBe(200);
    const lines = entries().slice(before);
    expect(lines.map((l) => l.path)).toEqual([
      '/api/v1/public/dispute-outcomes/[token]',
      '/api/v1/public/dispute-outcomes/[token]/acknowledge',
      '/outcome/[token]',
    ]);
    expect(JSON.stringify(lines)).not.toContain(secret);
  });

  it('never writes the secret of a published "you said, we did" page, from the API or the page', async () => {
    const before = json.lines.length;
    const secret = 'Ys8xW3vT9kLmN2pR7sY4uB6cD1eF5gH0bb';
    expect((await t.call(null, 'GET', `/api/v1/public/initiatives/${secret}`)).statusCode).toBe(404);
    expect((await t.call(null, 'GET', `/you-said/${secret}`)).statusCode).toBe(200);
    const lines = entries().slice(before);
    expect(lines.map((l) => l.path)).toEqual(['/api/v1/public/initiatives/[token]', '/you-said/[token]']);
    expect(JSON.stringify(lines)).not.toContain(secret);
  });

  it('never writes the secret of a private calendar feed address', async () => {
    const before = json.lines.length;
    const secret = 'cal_Zq8xW3vT9kLmN2pR7sY4uB6cD1eF5gH0';
    const feed = await t.call(null, 'GET', `/api/v1/public/calendars/${secret}/activities.ics`);
    expect(feed.statusCode).toBe(404);
    const lines = entries().slice(before);
    expect(lines.map((l) => l.path)).toEqual(['/api/v1/public/calendars/[token]/activities.ics']);
    expect(JSON.stringify(lines)).not.toContain(secret);
  });

  it('writes nothing for the web app’s assets, and one line for a page', async () => {
    const before = json.lines.length;
    const asset = await t.call(null, 'GET', '/assets/index-Lg7Qd2.js');
    expect(asset.statusCode).toBe(200);
    expect(json.lines.length).toBe(before);
    const page = await t.call(null, 'GET', '/partners');
    expect(page.statusCode).toBe(200);
    expect(entries().slice(before)).toEqual([
      expect.objectContaining({ path: '/partners', statusCode: 200 }),
    ]);
  });

  it('keeps SQL parameters out of an error logged through the same logger', async () => {
    const secret = 'jo.bloggs@northmoor.ac.uk';
    const error = await t.db.execute(sql`select ${secret}::text, 1 / 0`).catch((e: unknown) => e);
    t.app.log.error({ err: error }, 'unhandled error');
    const line = json.lines.at(-1)!;
    expect(line).toContain('unhandled error');
    expect(line).toContain('division by zero');
    expect(line).not.toContain(secret);
  });
});

describe('LOG_FORMAT', () => {
  it('is readable on a terminal and JSON elsewhere unless set', () => {
    expect(resolveLogFormat('auto', true)).toBe('pretty');
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });

  it('pretty: one line per entry, the request id at its end, no JSON', () => {
    const sink = lineSink();
    const logger = createLogger({ level: 'info', format: 'pretty', colour: false, destination: sink.stream });
    const id = '0b9a6f4e-3c1d-4e2a-9f8b-7a6c5d4e3f21';
    logger
      .child({ reqId: id })
      .info(
        { method: 'GET', path: '/api/v1/health', statusCode: 200, responseTime: 3.2 },
        'GET /api/v1/health 200 3.2 ms',
      );
    expect(sink.lines).toHaveLength(1);
    expect(sink.lines[0]).toMatch(
      new RegExp(`^\\[\\d\\d:\\d\\d:\\d\\d\\] INFO: GET /api/v1/health 200 3\\.2 ms \\[${id}\\]$`),
    );
  });

  it('pretty: keeps SQL parameters out of errors too', async () => {
    const sink = lineSink();
    const logger = createLogger({ level: 'info', format: 'pretty', colour: false, destination: sink.stream });
    const secret = 'jo.bloggs@northmoor.ac.uk';
    const error = await t.db.execute(sql`select ${secret}::text, 1 / 0`).catch((e: unknown) => e);
    logger.error({ err: error }, 'unhandled error');
    const text = sink.lines.join('\n');
    expect(text).toContain('unhandled error');
    expect(text).toContain('division by zero');
    expect(text).not.toContain(secret);
  });
});
