import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORGOT_PASSWORD_MESSAGE } from '../../../../common/src/contracts/accounts.ts';
import { notificationKinds } from '../../../../common/src/labels/notifications.ts';
import { accountLinks, passwordResetAsks } from '../../db/schema/account-links.ts';
import { notifications } from '../../db/schema/notifications.ts';
import { users } from '../../db/schema/users.ts';
import { JOB } from '../../jobs/names.ts';
import { type Agent, createTestApp, TEST_PASSWORD, type TestApp } from '../../test/app.ts';
import { buildPartner, buildUnit } from '../../test/factories/index.ts';
import { startTestSmtp } from '../../test/smtp.ts';
import { RESET_LIMITS } from '../auth/account-links.service.ts';
import { createMailer } from '../notifications/mailer.ts';
import { sendDigests } from '../notifications/notifications.service.ts';

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let admin: Agent;

const NEW_PASSWORD = 'lantern quarry velvet orbit';

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp(
    {
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Rapport <rapport@northmoor.ac.uk>',
      RAPPORT_PUBLIC_URL: 'https://rapport.northmoor.ac.uk',
      RAPPORT_TRUST_PROXY: '1',
    },
    { jobs: { work: true, queue: 'in-process' } },
  );
  admin = await t.signIn('administrator');
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const mailsTo = (address: string) =>
  smtp.received.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((to) => to?.text.includes(address)));
/** The secret of the newest link e-mailed to the address, and the page it opens. */
const linkIn = async (address: string) => {
  await t.app.accountMail.drain();
  const mail = mailsTo(address).at(-1);
  const match = mail?.text?.match(/https:\/\/rapport\.northmoor\.ac\.uk(\/[a-z-]+)#token=([\w-]+)/);
  if (!match) throw new Error(`no link e-mailed to ${address}`);
  return { page: match[1]!, token: match[2]!, mail: mail! };
};
const login = (email: string, password: string) =>
  t.call(null, 'POST', '/api/v1/auth/login', { email, password });
const fieldsOf = (body: { errors?: { field: string; message: string }[] }) =>
  (body.errors ?? []).map((e) => e.field);
let addresses = 0;
const address = (who: string) => `${who}.${++addresses}@northmoor.ac.uk`;

describe('invitations', () => {
  it('e-mails a user created without a password a link that sets it, once', async () => {
    const email = address('ada.invited');
    const created = await t.call(admin, 'POST', '/api/v1/users', {
      email,
      name: 'Ada Invited',
      role: 'staff',
      unitId: null,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().hasPassword).toBe(false);
    const { page, token, mail } = await linkIn(email);
    expect(page).toBe('/welcome');
    expect(mail.subject).toBe('[Rapport] You are invited to Rapport');
    // Only the hash is stored.
    const stored = await t.db.select().from(accountLinks).where(eq(accountLinks.userId, created.json().id));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toContain(token);

    // A weak password is refused and the link still works afterwards.
    const weak = await t.call(null, 'POST', '/api/v1/auth/invitation', {
      token,
      newPassword: 'password1234',
    });
    expect(weak.statusCode).toBe(400);
    expect(fieldsOf(weak.json())).toEqual(['newPassword']);

    const accepted = await t.call(null, 'POST', '/api/v1/auth/invitation', {
      token,
      newPassword: NEW_PASSWORD,
    });
    expect(accepted.statusCode).toBe(204);
    expect((await login(email, NEW_PASSWORD)).statusCode).toBe(200);

    // Used once: a second use is refused, names the field, and changes nothing.
    const again = await t.call(null, 'POST', '/api/v1/auth/invitation', {
      token,
      newPassword: 'another four random words',
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors).toEqual([
      { field: 'token', message: 'this link has already been used: ask for a new one' },
    ]);
    expect((await login(email, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses an expired link, and a reset link used as an invitation', async () => {
    const email = address('expired');
    const user = (
      await t.call(admin, 'POST', '/api/v1/users', { email, name: 'Eve Late', role: 'viewer', unitId: null })
    ).json();
    const { token } = await linkIn(email);
    await t.db
      .update(accountLinks)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(accountLinks.userId, user.id));
    const late = await t.call(null, 'POST', '/api/v1/auth/invitation', { token, newPassword: NEW_PASSWORD });
    expect(late.statusCode).toBe(400);
    expect(late.json().errors[0]).toEqual({
      field: 'token',
      message: 'this link has expired: ask for a new one',
    });
    const [row] = await t.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id));
    expect(row!.hash).toBeNull();

    // The administrator sends a fresh one; it works, and it is an invitation, not a reset.
    const resent = await t.call(admin, 'POST', `/api/v1/users/${user.id}/invite`);
    expect(resent.statusCode).toBe(202);
    expect(resent.json().sentTo).toBe(email);
    const fresh = await linkIn(email);
    expect(fresh.token).not.toBe(token);
    const wrongKind = await t.call(null, 'POST', '/api/v1/auth/reset', {
      token: fresh.token,
      newPassword: NEW_PASSWORD,
    });
    expect(wrongKind.statusCode).toBe(400);
    expect(fieldsOf(wrongKind.json())).toEqual(['token']);
    const ok = await t.call(null, 'POST', '/api/v1/auth/invitation', {
      token: fresh.token,
      newPassword: NEW_PASSWORD,
    });
    expect(ok.statusCode).toBe(204);
  });

  it('lets only administrators invite, and never a deactivated user', async () => {
    const staff = await t.signIn('staff');
    expect((await t.call(staff, 'POST', `/api/v1/users/${staff.user.id}/invite`)).statusCode).toBe(403);
    const gone = await t.signIn('viewer');
    const etag = (await t.call(admin, 'GET', `/api/v1/users/${gone.user.id}`)).headers.etag as string;
    const off = await t.call(admin, 'POST', `/api/v1/users/${gone.user.id}/deactivate`, undefined, {
      'if-match': etag,
    });
    expect(off.statusCode).toBe(200);
    expect((await t.call(admin, 'POST', `/api/v1/users/${gone.user.id}/invite`)).statusCode).toBe(409);
    const unknown = await t.call(null, 'POST', '/api/v1/auth/invitation', {
      token: 'x'.repeat(43),
      newPassword: NEW_PASSWORD,
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].message).toBe('this link is not valid: ask for a new one');
  });
});

describe('forgot password', () => {
  const forgot = (email: unknown, ip: string) =>
    t.call(null, 'POST', '/api/v1/auth/forgot', { email }, { 'x-forwarded-for': ip });

  it('answers the same for an unknown address as for a known one, and e-mails only the known', async () => {
    const known = await t.signIn('staff', { email: address('kim.known') });
    const unknownAddress = address('nobody');
    const a = await forgot(known.user.email, '198.51.100.1');
    const b = await forgot(unknownAddress, '198.51.100.1');
    expect([a.statusCode, b.statusCode]).toEqual([202, 202]);
    expect(a.body).toBe(b.body);
    expect(a.json()).toEqual({ message: FORGOT_PASSWORD_MESSAGE });
    await t.app.accountMail.drain();
    expect(mailsTo(unknownAddress)).toHaveLength(0);

    const { page, token } = await linkIn(known.user.email);
    expect(page).toBe('/reset-password');
    const token1 = (await t.call(known, 'POST', '/api/v1/tokens', { name: 'Timetable sync' })).json()
      .token as string;
    const reset = await t.call(null, 'POST', '/api/v1/auth/reset', { token, newPassword: NEW_PASSWORD });
    expect(reset.statusCode).toBe(204);
    // Every session ended and every API token revoked; the new password works, the old does not.
    expect((await t.call(known, 'GET', '/api/v1/auth/session')).statusCode).toBe(401);
    expect(
      (await t.call(null, 'GET', '/api/v1/auth/session', undefined, { authorization: `Bearer ${token1}` }))
        .statusCode,
    ).toBe(401);
    expect((await login(known.user.email, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login(known.user.email, NEW_PASSWORD)).statusCode).toBe(200);
    expect(
      (await t.call(null, 'POST', '/api/v1/auth/reset', { token, newPassword: 'yet another four words' }))
        .statusCode,
    ).toBe(400);
  });

  it('limits asks per address typed and per client, known or not', async () => {
    const target = address('flooded');
    for (let i = 0; i < RESET_LIMITS.perEmail; i++) {
      expect((await forgot(target, `192.0.2.${i + 1}`)).statusCode).toBe(202);
    }
    const refused = await forgot(target, '192.0.2.99');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');

    const client = '203.0.113.50';
    for (let i = 0; i < RESET_LIMITS.perAddress; i++) {
      expect((await forgot(address('guess'), client)).statusCode).toBe(202);
    }
    expect((await forgot(address('guess'), client)).statusCode).toBe(429);
    // Another client is not held up.
    expect((await forgot(address('guess'), '203.0.113.51')).statusCode).toBe(202);
  });

  it('answers bad input with 400 naming the field, and writes nothing', async () => {
    const asks = async () => (await t.db.select().from(passwordResetAsks)).length;
    const before = await asks();
    const bad = await forgot('not an address', '198.51.100.9');
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad.json())).toEqual(['email']);
    const short = await t.call(null, 'POST', '/api/v1/auth/reset', { newPassword: NEW_PASSWORD });
    expect(short.statusCode).toBe(400);
    expect(fieldsOf(short.json())).toEqual(['token']);
    expect(await asks()).toBe(before);
  });
});

describe('my account', () => {
  it('changes my name, and refuses an empty one', async () => {
    const me = await t.signIn('viewer');
    const renamed = await t.call(me, 'PATCH', '/api/v1/me', { name: '  Grace Hopper ' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().name).toBe('Grace Hopper');
    const empty = await t.call(me, 'PATCH', '/api/v1/me', { name: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(fieldsOf(empty.json())).toEqual(['name']);
    expect((await t.call(me, 'GET', '/api/v1/me')).json().name).toBe('Grace Hopper');
    expect((await t.call(null, 'GET', '/api/v1/me')).statusCode).toBe(401);
  });
});

describe('notification preferences', () => {
  const settle = async () => {
    await t.app.jobs.trigger(JOB.deliverEvents);
    await t.app.jobs.drain();
  };

  it('start with every channel on (another unit’s ordinary work: not by e-mail), and refuse an unknown kind', async () => {
    const me = await t.signIn('staff');
    const mine = (await t.call(me, 'GET', '/api/v1/me/notification-preferences')).json();
    expect(mine.items.map((i: { kind: string }) => i.kind)).toEqual([...notificationKinds]);
    expect(mine.items[0]).toEqual({ kind: 'assigned', inApp: true, email: true, digest: true });
    expect(mine.items).toContainEqual({ kind: 'partner_concern', inApp: true, email: true, digest: true });
    expect(mine.items).toContainEqual({ kind: 'partner_activity', inApp: true, email: false, digest: true });
    const bad = await t.call(me, 'PUT', '/api/v1/me/notification-preferences', {
      items: [{ kind: 'gossip', inApp: false, email: false, digest: false }],
    });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad.json())[0]).toMatch(/^items\.0\.kind$/);
    const still = (await t.call(me, 'GET', '/api/v1/me/notification-preferences')).json();
    expect(still).toEqual(mine);
  });

  it('are honoured by the notifier: in the app only, by e-mail only, or not at all', async () => {
    const unit = (await buildUnit(t.db)).id;
    const raiser = await t.signIn('staff', { unitId: unit });
    const appOnly = await t.signIn('staff', { unitId: unit, email: address('app.only') });
    const mailOnly = await t.signIn('staff', { unitId: unit, email: address('mail.only') });
    const nowhere = await t.signIn('staff', { unitId: unit, email: address('nowhere') });
    const partner = (await buildPartner(t.db)).id;
    const choose = (agent: Agent, inApp: boolean, email: boolean, digest: boolean) =>
      t.call(agent, 'PUT', '/api/v1/me/notification-preferences', {
        items: [{ kind: 'assigned', inApp, email, digest }],
      });
    expect((await choose(appOnly, true, false, false)).statusCode).toBe(200);
    expect((await choose(mailOnly, false, true, false)).statusCode).toBe(200);
    expect((await choose(nowhere, false, false, false)).statusCode).toBe(200);
    for (const owner of [appOnly, mailOnly, nowhere]) {
      const created = await t.call(raiser, 'POST', '/api/v1/requests', {
        partnerId: partner,
        kind: 'incident',
        title: `Printer jam for ${owner.user.email}`,
        ownerId: owner.user.id,
      });
      expect(created.statusCode).toBe(201);
    }
    await settle();

    const listed = async (agent: Agent) => (await t.call(agent, 'GET', '/api/v1/me/notifications')).json();
    expect((await listed(appOnly)).items).toHaveLength(1);
    expect(mailsTo(appOnly.user.email)).toHaveLength(0);
    expect(await listed(mailOnly)).toMatchObject({ items: [], unreadCount: 0 });
    expect(mailsTo(mailOnly.user.email)).toHaveLength(1);
    expect(await listed(nowhere)).toMatchObject({ items: [], unreadCount: 0 });
    expect(mailsTo(nowhere.user.email)).toHaveLength(0);
    const stored = await t.db.select().from(notifications).where(eq(notifications.userId, nowhere.user.id));
    expect(stored).toHaveLength(0);

    // The digest leaves out kinds its reader took out of it.
    const mailer = createMailer({ url: smtp.url, from: 'rapport@northmoor.ac.uk' })!;
    await sendDigests(t.db, mailer, 'https://rapport.northmoor.ac.uk');
    mailer.close();
    expect(mailsTo(appOnly.user.email)).toHaveLength(0);
  });
});
