/**
 * Scaled out: three web instances and a worker (`serve --role web|worker`) on one PostgreSQL
 * database behind HAProxy (server/src/test/cluster.ts), driven over real HTTP through the
 * balancer. Each behaviour that keeps state is shown to hold across instances as on one: HAProxy
 * balances every request round-robin and names the instance in `x-served-by`, and each test
 * checks that its requests really were answered by different instances.
 * PostgreSQL only (vitest.config.ts): the embedded database admits one process.
 */
import { eq, isNull, sql } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from './db/client.ts';
import { signInFailures } from './db/schema/access.ts';
import { eventDeliveries } from './db/schema/events.ts';
import { notifications } from './db/schema/notifications.ts';
import { partners } from './db/schema/partners.ts';
import { SIGN_IN_LIMITS } from './modules/auth/sign-in-limits.ts';
import { TEST_PASSWORD } from './test/app.ts';
import { type Cluster, startCluster } from './test/cluster.ts';
import { openTestDatabase } from './test/database.ts';
import { buildPartner, buildUnit, buildUser, partnerTypeId } from './test/factories/index.ts';
import { startTestSmtp } from './test/smtp.ts';

let database: Database;
let cluster: Cluster;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let employer: string;

beforeAll(async () => {
  database = await openTestDatabase();
  smtp = await startTestSmtp();
  employer = await partnerTypeId(database.db, 'Employer');
  cluster = await startCluster({
    databaseUrl: database.url!,
    ports: [4300, 4339],
    web: 3,
    workers: 1,
    env: { SMTP_URL: smtp.url, RAPPORT_PUBLIC_URL: 'http://rapport.test' },
  });
}, 300_000);
afterAll(async () => {
  await cluster?.stop();
  await smtp?.close();
  await database?.close();
}, 120_000);

type Answer = { status: number; by: string; headers: Headers; body: Record<string, unknown> };
type Session = { cookie: string; csrf: string };

/** One request through the balancer, with the session's cookie (and CSRF token unless overridden). */
async function call(
  method: string,
  path: string,
  options: { session?: Session; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.session) {
    headers.cookie = options.session.cookie;
    headers['x-csrf-token'] ??= options.session.csrf;
  }
  const response = await fetch(`${cluster.url}/api/v1${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    by: response.headers.get('x-served-by') ?? '',
    headers: response.headers,
    body: text ? JSON.parse(text) : {},
  };
}

async function signIn(email: string): Promise<Session & { by: string }> {
  const response = await fetch(`${cluster.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken, by: response.headers.get('x-served-by')! };
}

async function newStaff(unitId?: string) {
  const unit = unitId ?? (await buildUnit(database.db)).id;
  return buildUser(database.db, { role: 'staff', unitId: unit, password: TEST_PASSWORD });
}

const servedBy = (answers: Answer[]) => new Set(answers.map((a) => a.by));
const everyInstance = () => new Set(cluster.web.map((w) => w.name));

/** Polls `check` until it returns true, for at most `ms`; fails naming what it waited for. */
async function until(what: string, check: () => Promise<boolean>, ms = 90_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still waiting after ${ms} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('scaled out: three web instances and a worker behind HAProxy, on one PostgreSQL', () => {
  it('balances requests over all three instances', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => call('GET', '/health')));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(servedBy(answers)).toEqual(everyInstance());
  });

  it('a session made on one instance works on every instance, and signing out on one ends it on all', async () => {
    const user = await newStaff();
    const session = await signIn(user.email);
    const reads = [];
    for (let i = 0; i < 6; i++) reads.push(await call('GET', '/auth/session', { session }));
    expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(reads.map((r) => (r.body.user as { email: string }).email)).toEqual(Array(6).fill(user.email));
    expect(servedBy(reads)).toEqual(everyInstance());

    const out = await call('POST', '/auth/logout', { session });
    expect(out.status).toBeLessThan(300);
    const after = [];
    for (let i = 0; i < 3; i++) after.push(await call('GET', '/auth/session', { session }));
    expect(after.map((r) => r.status)).toEqual([401, 401, 401]);
    expect(servedBy(after)).toEqual(everyInstance());
  });

  it('checks the CSRF token on every instance: writes without it or with a wrong one change nothing', async () => {
    const session = await signIn((await newStaff()).email);
    const create = (name: string, csrf?: string) =>
      call('POST', '/partners', {
        session,
        body: { name, typeId: employer },
        headers: csrf === undefined ? {} : { 'x-csrf-token': csrf },
      });
    const refused = [];
    for (let i = 0; i < 3; i++) refused.push(await create(`Forged Without Token ${i}`, ''));
    for (let i = 0; i < 3; i++) refused.push(await create(`Forged Wrong Token ${i}`, 'x'.repeat(43)));
    expect(refused.map((r) => r.status)).toEqual(Array(6).fill(403));
    expect(servedBy(refused)).toEqual(everyInstance());
    const forged = await database.db
      .select({ id: partners.id })
      .from(partners)
      .where(sql`${partners.name} like 'Forged %'`);
    expect(forged).toEqual([]);

    const made = [];
    for (let i = 0; i < 3; i++) made.push(await create(`Made With Token ${i}`));
    expect(made.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(servedBy(made)).toEqual(everyInstance());
  });

  it('performs an Idempotency-Key once, whichever instances the retries reach', async () => {
    const session = await signIn((await newStaff()).email);
    const post = (name: string, key: string) =>
      call('POST', '/partners', {
        session,
        body: { name, typeId: employer },
        headers: { 'idempotency-key': key },
      });
    const named = async (name: string) =>
      database.db.select({ id: partners.id }).from(partners).where(eq(partners.name, name));

    // Retried one after another: the first performs it, the other instances replay its answer.
    const tries = [];
    for (let i = 0; i < 3; i++) tries.push(await post('Retried Across Instances Ltd', 'scale-out-1'));
    expect(tries.map((t) => t.status)).toEqual([201, 201, 201]);
    expect(servedBy(tries)).toEqual(everyInstance());
    expect(tries.map((t) => t.headers.get('idempotent-replayed'))).toEqual([null, 'true', 'true']);
    expect(new Set(tries.map((t) => t.body.id))).toEqual(new Set([tries[0]!.body.id]));
    expect((await named('Retried Across Instances Ltd')).map((p) => p.id)).toEqual([tries[0]!.body.id]);

    // Sent at once to all three: one performs it; the others wait their turn (409) or replay it.
    const burst = await Promise.all(Array.from({ length: 3 }, () => post('Sent At Once Ltd', 'scale-out-2')));
    expect(burst.every((b) => b.status === 201 || b.status === 409)).toBe(true);
    const rows = await named('Sent At Once Ltd');
    expect(rows).toHaveLength(1);
    const replay = await post('Sent At Once Ltd', 'scale-out-2');
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(rows[0]!.id);
    expect(burst.filter((b) => b.status === 201).every((b) => b.body.id === rows[0]!.id)).toBe(true);
  });

  it('counts failed sign-ins across instances, by the client address HAProxy forwards', async () => {
    const user = await newStaff();
    const failures = [];
    for (let i = 0; i < SIGN_IN_LIMITS.perPair; i++) {
      // A forged X-Forwarded-For entry, different each time: only the proxy's own hop is believed.
      failures.push(
        await call('POST', '/auth/login', {
          body: { email: user.email, password: 'not the password' },
          headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
        }),
      );
    }
    expect(failures.map((f) => f.status)).toEqual(Array(SIGN_IN_LIMITS.perPair).fill(401));
    expect(servedBy(failures)).toEqual(everyInstance());
    const blocked = await call('POST', '/auth/login', {
      body: { email: user.email, password: TEST_PASSWORD },
    });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe(String(SIGN_IN_LIMITS.windowMinutes * 60));
    const recorded = await database.db
      .select({ ipAddress: signInFailures.ipAddress })
      .from(signInFailures)
      .where(eq(signInFailures.email, user.email));
    expect(recorded.map((r) => r.ipAddress)).toEqual(Array(SIGN_IN_LIMITS.perPair).fill('127.0.0.1'));
  });

  it('with two workers, delivers each event once and sends each e-mail once', async () => {
    await cluster.addWorker();
    const unit = (await buildUnit(database.db)).id;
    const raiser = await signIn((await newStaff(unit)).email);
    const owner = await buildUser(database.db, {
      role: 'staff',
      unitId: unit,
      email: 'scale.out.owner@northmoor.ac.uk',
      password: TEST_PASSWORD,
    });
    const partner = (await buildPartner(database.db, { name: 'Scale Out Foods' })).id;
    const raised = [];
    for (let i = 0; i < 6; i++) {
      raised.push(
        await call('POST', '/requests', {
          session: raiser,
          body: { partnerId: partner, kind: 'incident', title: `Scaled request ${i}`, ownerId: owner.id },
        }),
      );
    }
    expect(raised.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(servedBy(raised)).toEqual(everyInstance());

    const mine = () => database.db.select().from(notifications).where(eq(notifications.userId, owner.id));
    const mailsToOwner = (): ParsedMail[] =>
      smtp.received.filter((m) =>
        (Array.isArray(m.to) ? m.to : [m.to]).some((to) => to?.text.includes(owner.email)),
      );
    await until('six notifications, all e-mailed, and no delivery left', async () => {
      const rows = await mine();
      const pending = await database.db
        .select({ id: eventDeliveries.eventId })
        .from(eventDeliveries)
        .where(isNull(eventDeliveries.deliveredAt));
      return rows.length >= 6 && rows.every((r) => r.emailedAt !== null) && pending.length === 0;
    });
    const rows = await mine();
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((r) => r.link))).toEqual(new Set(raised.map((r) => `/requests/${r.body.id}`)));
    // The SMTP server has accepted each mail before the worker set emailed_at.
    const subjects = mailsToOwner().map((m) => m.subject);
    expect(subjects).toHaveLength(6);
    expect(new Set(subjects)).toEqual(
      new Set(raised.map((r) => `[Rapport] You own request #${r.body.reference}: ${r.body.title}`)),
    );

    // The jobs the web instances sent ran on the workers, never two runs of one job at once.
    const completed = await queryRows<{ name: string; runs: number }>(
      database.db,
      sql`select name, count(*)::int as runs from pgboss.job
           where name in ('deliver-events', 'deliver-email') and state = 'completed' group by name order by name`,
    );
    expect(completed.map((c) => c.name)).toEqual(['deliver-email', 'deliver-events']);
    const overlapping = await queryRows<{ name: string }>(
      database.db,
      sql`select a.name from pgboss.job a join pgboss.job b
            on b.name = a.name and b.id <> a.id and a.started_on < b.completed_on and b.started_on < a.completed_on
           where a.name in ('deliver-events', 'deliver-email') and a.state = 'completed' and b.state = 'completed'`,
    );
    expect(overlapping).toEqual([]);
  }, 180_000);
});
