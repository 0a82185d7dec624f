import { deflateSync } from 'node:zlib';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/audit.ts';
import { settings } from '../../db/schema/settings.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';

let t: TestApp;
let admin: Agent;
let staff: Agent;

/** A real PNG of one pixel of `rgb`: signature, IHDR, IDAT (zlib) and IEND, each with its CRC. */
function png(rgb: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, ...rgb]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const putLogo = (agent: Agent | null, body: Buffer | string, type = 'image/png') =>
  t.call(agent, 'PUT', '/api/v1/branding/logo', body, { 'content-type': type });
const branding = async () => (await t.call(null, 'GET', '/api/v1/branding')).json();

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('administrator');
  staff = await t.signIn('staff');
});
afterAll(() => t.close());

describe('branding', () => {
  it("starts as Rapport's own, readable without signing in", async () => {
    const response = await t.call(null, 'GET', '/api/v1/branding');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ name: null, primaryColour: null, logoUrl: null, version: 0 });
  });

  it('lets an administrator set the name and a colour white text reads on, and audits it', async () => {
    const response = await t.call(admin, 'PUT', '/api/v1/branding', {
      name: '  University of Northmoor ',
      primaryColour: '#1F3A93',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      name: 'University of Northmoor',
      primaryColour: '#1f3a93',
      version: 1,
    });
    expect(await branding()).toMatchObject({ name: 'University of Northmoor', primaryColour: '#1f3a93' });
    const [entry] = await t.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.entity, 'setting'), eq(auditLog.entityId, '00000000-0000-4000-8000-000000000003')),
      );
    expect(entry?.after).toEqual({ name: 'University of Northmoor', primaryColour: '#1f3a93' });
    expect(entry?.actorUserId).toBe(admin.user.id);
  });

  it('refuses a colour white text cannot be read on, naming the field, and changes nothing', async () => {
    const before = await branding();
    for (const primaryColour of ['#ffd43b', '#7fdbda']) {
      const response = await t.call(admin, 'PUT', '/api/v1/branding', { name: 'Pale', primaryColour });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([
        { field: 'primaryColour', message: expect.stringMatching(/darker colour.*4\.5:1/) },
      ]);
    }
    for (const primaryColour of ['blue', '#12345', '#1234567', 'red\u0000']) {
      const response = await t.call(admin, 'PUT', '/api/v1/branding', { name: 'Odd', primaryColour });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe('primaryColour');
    }
    const long = await t.call(admin, 'PUT', '/api/v1/branding', {
      name: 'x'.repeat(121),
      primaryColour: null,
    });
    expect(long.statusCode).toBe(400);
    expect(long.json().errors[0].field).toBe('name');
    expect(await branding()).toEqual(before);
  });

  it('lets no one but an administrator change it', async () => {
    const before = await branding();
    expect(
      (await t.call(staff, 'PUT', '/api/v1/branding', { name: 'Mine', primaryColour: null })).statusCode,
    ).toBe(403);
    expect(
      (await t.call(null, 'PUT', '/api/v1/branding', { name: 'Mine', primaryColour: null })).statusCode,
    ).toBe(401);
    expect((await putLogo(staff, png([0, 0, 0]))).statusCode).toBe(403);
    expect((await t.call(staff, 'DELETE', '/api/v1/branding/logo')).statusCode).toBe(403);
    expect(await branding()).toEqual(before);
  });

  it('takes a PNG logo, serves it at an address that changes with it, and keeps its bytes out of the audit log', async () => {
    const image = png([11, 109, 104]);
    const response = await putLogo(admin, image);
    expect(response.statusCode).toBe(200);
    const { logoUrl } = response.json();
    expect(logoUrl).toMatch(/^\/api\/v1\/branding\/logo\/[0-9a-f]{64}$/);
    const served = await t.call(null, 'GET', logoUrl);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.rawPayload.equals(image)).toBe(true);

    const replaced = (await putLogo(admin, png([200, 30, 30]))).json();
    expect(replaced.logoUrl).not.toBe(logoUrl);
    expect((await t.call(null, 'GET', logoUrl)).statusCode).toBe(404);

    const entries = await t.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.entity, 'setting'), eq(auditLog.entityId, '00000000-0000-4000-8000-000000000004')),
      );
    expect(entries).toHaveLength(2);
    for (const entry of entries) expect(JSON.stringify(entry.after)).not.toContain('data');
  });

  it('refuses what is not a small PNG, JPEG or WebP, whatever it is called, and keeps the logo it had', async () => {
    const before = await branding();
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    const textAsPng = await putLogo(admin, Buffer.from(svg));
    expect(textAsPng.statusCode).toBe(400);
    expect(textAsPng.json().errors).toEqual([
      { field: 'logo', message: expect.stringMatching(/PNG, JPEG or WebP/) },
    ]);
    expect((await putLogo(admin, Buffer.from(svg), 'image/svg+xml')).statusCode).toBe(415);
    expect((await putLogo(admin, Buffer.alloc(0))).statusCode).toBe(400);
    const asJson = await t.call(admin, 'PUT', '/api/v1/branding/logo', { logo: 'x' });
    expect(asJson.statusCode).toBe(400);
    expect(asJson.json().errors[0].field).toBe('logo');
    expect((await t.call(admin, 'PUT', '/api/v1/branding/logo')).statusCode).toBe(400);
    const huge = Buffer.concat([png([0, 0, 0]), Buffer.alloc(300 * 1024)]);
    const tooLarge = await putLogo(admin, huge);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.headers['content-type']).toMatch(/problem\+json/);
    expect(await branding()).toEqual(before);
  });

  it('answers a crafted logo address with a 4xx, never 500', async () => {
    expect((await t.call(null, 'GET', '/api/v1/branding/logo/not-a-hash')).statusCode).toBe(400);
    expect((await t.call(null, 'GET', `/api/v1/branding/logo/${'0'.repeat(64)}`)).statusCode).toBe(404);
    // Over the server's URL limit: refused before routing, as 414.
    expect((await t.call(null, 'GET', `/api/v1/branding/logo/${'a'.repeat(5000)}`)).statusCode).toBe(414);
    expect((await t.call(null, 'GET', `/api/v1/branding/logo/${'a'.repeat(65)}`)).statusCode).toBe(400);
    expect((await t.call(null, 'GET', '/api/v1/branding/logo/%00')).statusCode).toBe(400);
  });

  it('removes the logo, and a second removal changes nothing', async () => {
    const removed = await t.call(admin, 'DELETE', '/api/v1/branding/logo');
    expect(removed.statusCode).toBe(200);
    expect(removed.json().logoUrl).toBeNull();
    const again = await t.call(admin, 'DELETE', '/api/v1/branding/logo');
    expect(again.statusCode).toBe(200);
    expect(await t.db.select().from(settings).where(eq(settings.key, 'branding.logo'))).toEqual([]);
  });

  it('keeps both changes when two administrators save at once', async () => {
    const [a, b] = await Promise.all([
      t.call(admin, 'PUT', '/api/v1/branding', { name: 'First', primaryColour: null }),
      putLogo(admin, png([1, 2, 3])),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const now = await branding();
    expect(now.name).toBe('First');
    expect(now.logoUrl).not.toBeNull();
  });
});
