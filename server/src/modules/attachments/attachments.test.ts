import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner, buildRelationship, buildTouchpoint, buildUnit } from '../../test/factories/index.ts';
import { ORPHAN_GRACE_HOURS, sweepOrphanFiles } from './orphans.job.ts';
import { localFolderStorage } from './storage.ts';

/** The limit this file's app takes, small so "too large" needs few bytes. */
const MAX_BYTES = 64 * 1024;

let t: TestApp;
let unitA: string;
let staffA: Agent;
let colleagueA: Agent;
let staffB: Agent;
let viewer: Agent;
let admin: Agent;
let partner: string;

beforeAll(async () => {
  t = await createTestApp({ RAPPORT_ATTACHMENT_MAX_BYTES: String(MAX_BYTES) });
  unitA = (await buildUnit(t.db, { name: 'IT Services' })).id;
  const unitB = (await buildUnit(t.db, { name: 'Careers' })).id;
  staffA = await t.signIn('staff', { unitId: unitA });
  colleagueA = await t.signIn('staff', { unitId: unitA });
  staffB = await t.signIn('staff', { unitId: unitB });
  viewer = await t.signIn('viewer', { unitId: unitA });
  admin = await t.signIn('administrator', { unitId: unitA });
  partner = (await buildPartner(t.db, { name: 'Calder Logistics' })).id;
});
afterAll(() => t.close());

/** A multipart/form-data body with one file part, as a browser's FormData sends it. */
function multipart(fileName: string, bytes: Buffer, declaredType = 'application/octet-stream') {
  const boundary = `----rapport${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${declaredType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    body: Buffer.concat([head, bytes, tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

const upload = (agent: Agent, recordPath: string, fileName: string, bytes: Buffer, declared?: string) => {
  const form = multipart(fileName, bytes, declared);
  return t.call(agent, 'POST', `/api/v1/${recordPath}/attachments`, form.body, {
    'content-type': form.contentType,
  });
};

const pdf = (text = 'Minutes of the placement review') =>
  Buffer.from(`%PDF-1.4\n1 0 obj\n<< /Title (${text}) >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`);
/** The first bytes of a Windows program: the MZ header and a PE signature. */
const exe = () => {
  const bytes = Buffer.alloc(512);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  return bytes;
};

/** Every file in the app's attachment folder, as keys. */
function storedFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string, prefix: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full, `${prefix}${name}/`);
      else found.push(`${prefix}${name}`);
    }
  };
  walk(t.attachmentsDir, '');
  return found;
}

const filesOf = (kind: string, id: string) => storedFiles().filter((f) => f.startsWith(`${kind}/${id}/`));

const touchpoint = (overrides: Record<string, unknown> = {}) =>
  buildTouchpoint(t.db, { partnerId: partner, unitId: unitA, authorId: staffA.user.id, ...overrides });

describe('attachments', () => {
  it('keeps a PDF byte for byte and serves it only as a download', async () => {
    const tp = await touchpoint();
    const bytes = pdf();
    const response = await upload(staffA, `touchpoints/${tp.id}`, 'Minutes – März 2026.pdf', bytes);
    expect(response.statusCode).toBe(201);
    const attachment = response.json();
    expect(attachment).toMatchObject({
      recordKind: 'touchpoints',
      recordId: tp.id,
      fileName: 'Minutes – März 2026.pdf',
      size: bytes.length,
      contentType: 'application/pdf',
      sha256: createHash('sha256').update(bytes).digest('hex'),
      uploadedById: staffA.user.id,
      can: { delete: true },
    });
    expect(response.headers.location).toBe(`/api/v1/attachments/${attachment.id}`);

    const list = (await t.call(viewer, 'GET', `/api/v1/touchpoints/${tp.id}/attachments`)).json();
    expect(list.items.map((a: { id: string }) => a.id)).toEqual([attachment.id]);
    expect(list.items[0].can.delete).toBe(false);
    expect(list.limits.maxBytes).toBe(MAX_BYTES);
    expect(list.can.upload).toBe(false);

    const download = await t.call(viewer, 'GET', `/api/v1/attachments/${attachment.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(bytes)).toBe(true);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="Minutes ? M?rz 2026.pdf"; filename*=UTF-8''Minutes%20%E2%80%93%20M%C3%A4rz%202026.pdf`,
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['cache-control']).toBe('private, no-store');
    expect(filesOf('touchpoints', tp.id)).toEqual([`touchpoints/${tp.id}/${attachment.id}`]);
  });

  it('recognises the type from the bytes: an Excel workbook, a CSV, a PNG whatever their names', async () => {
    const rel = await buildRelationship(t.db, { unitId: unitA, partnerId: (await buildPartner(t.db)).id });
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Placements').addRow(['Student', 'Weeks']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const png = Buffer.concat([
      Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
      Buffer.alloc(17),
      Buffer.from('0000000049454e44ae426082', 'hex'),
    ]);
    const cases = [
      ['figures.bin', xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['placements.csv', Buffer.from('Student,Weeks\nAmira Shah,12\n'), 'text/csv'],
      ['notes.txt', Buffer.from('Agreed two placements — starting in June.\n'), 'text/plain'],
      ['photo.pdf', png, 'image/png'],
    ] as const;
    for (const [name, bytes, type] of cases) {
      const response = await upload(staffA, `relationships/${rel.id}`, name, bytes, 'application/pdf');
      expect(response.statusCode, `${name}: ${response.body}`).toBe(201);
      expect(response.json().contentType, name).toBe(type);
    }
    const text = (await t.call(staffA, 'GET', `/api/v1/relationships/${rel.id}/attachments`)).json().items[1];
    const download = await t.call(staffA, 'GET', `/api/v1/attachments/${text.id}`);
    expect(download.headers['content-type']).toBe('text/csv; charset=utf-8');
  });

  it('refuses a program renamed .pdf, and an unknown binary, naming the file and keeping nothing', async () => {
    const tp = await touchpoint();
    for (const bytes of [exe(), Buffer.from([0, 1, 2, 3, 250, 251, 252, 0, 9])]) {
      const response = await upload(
        staffA,
        `touchpoints/${tp.id}`,
        'signed agreement.pdf',
        bytes,
        'application/pdf',
      );
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const [error] = response.json().errors;
      expect(error.field).toBe('file');
      expect(error.message).toMatch(
        /^is not a kind of file Rapport (takes|recognises).*: attach PDF, Word document, /,
      );
    }
    expect((await upload(staffA, `touchpoints/${tp.id}`, 'x.exe', exe())).json().errors[0].message).toBe(
      'is not a kind of file Rapport takes (its content is EXE, whatever its name says): attach PDF, Word document, Excel workbook, PowerPoint presentation, PNG image, JPEG image, Text, CSV',
    );
    const list = (await t.call(staffA, 'GET', `/api/v1/touchpoints/${tp.id}/attachments`)).json();
    expect(list.items).toEqual([]);
    expect(filesOf('touchpoints', tp.id)).toEqual([]);
  });

  it('refuses a file over the limit with 413 naming the file, and keeps nothing', async () => {
    const tp = await touchpoint();
    const big = Buffer.concat([pdf(), Buffer.alloc(MAX_BYTES, 0x20)]);
    const response = await upload(staffA, `touchpoints/${tp.id}`, 'slides.pdf', big);
    expect(response.statusCode).toBe(413);
    expect(response.json().errors).toEqual([
      { field: 'file', message: 'is larger than 64 KB, the most Rapport takes' },
    ]);
    expect((await t.call(staffA, 'GET', `/api/v1/touchpoints/${tp.id}/attachments`)).json().items).toEqual(
      [],
    );
    expect(filesOf('touchpoints', tp.id)).toEqual([]);
    // Exactly at the limit is taken.
    const exact = Buffer.concat([pdf(), Buffer.alloc(MAX_BYTES - pdf().length, 0x20)]);
    expect((await upload(staffA, `touchpoints/${tp.id}`, 'slides.pdf', exact)).statusCode).toBe(201);
  });

  it('answers a request without a file, or not multipart, with 400 naming the file', async () => {
    const tp = await touchpoint();
    const json = await t.call(staffA, 'POST', `/api/v1/touchpoints/${tp.id}/attachments`, { file: 'x' });
    expect(json.statusCode).toBe(400);
    expect(json.json().errors[0].field).toBe('file');
    const boundary = 'rapportempty';
    const empty = await t.call(
      staffA,
      'POST',
      `/api/v1/touchpoints/${tp.id}/attachments`,
      `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`,
      { 'content-type': `multipart/form-data; boundary=${boundary}` },
    );
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0]).toEqual({ field: 'file', message: 'is missing: choose a file to attach' });
    const zero = await upload(staffA, `touchpoints/${tp.id}`, 'nothing.pdf', Buffer.alloc(0));
    expect(zero.json().errors[0]).toEqual({ field: 'file', message: 'is empty' });
    expect(filesOf('touchpoints', tp.id)).toEqual([]);
  });

  it("hides a confidential touch point's files from everyone who may not read it", async () => {
    const secret = await touchpoint({ visibility: 'confidential', readerIds: [colleagueA.user.id] });
    const created = await upload(colleagueA, `touchpoints/${secret.id}`, 'grievance.pdf', pdf('Grievance'));
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    for (const outsider of [staffB, viewer]) {
      expect((await t.call(outsider, 'GET', `/api/v1/attachments/${id}`)).statusCode).toBe(404);
      expect((await t.call(outsider, 'GET', `/api/v1/touchpoints/${secret.id}/attachments`)).statusCode).toBe(
        404,
      );
    }
    expect((await t.call(staffB, 'DELETE', `/api/v1/attachments/${id}`)).statusCode).toBe(404);
    const sneaked = await upload(staffB, `touchpoints/${secret.id}`, 'more.pdf', pdf());
    expect(sneaked.statusCode).toBe(404);
    // The readers see it.
    expect((await t.call(staffA, 'GET', `/api/v1/attachments/${id}`)).statusCode).toBe(200);
    expect(filesOf('touchpoints', secret.id)).toHaveLength(1);
  });

  it("hides a confidential request's files from non-readers too", async () => {
    const raised = await t.call(staffA, 'POST', '/api/v1/requests', {
      partnerId: partner,
      kind: 'complaint',
      title: 'Placement briefing was wrong',
      visibility: 'confidential',
    });
    expect(raised.statusCode).toBe(201);
    const requestId = raised.json().id;
    const created = await upload(staffA, `requests/${requestId}`, 'letter.pdf', pdf('Letter'));
    expect(created.statusCode).toBe(201);
    expect((await t.call(staffB, 'GET', `/api/v1/attachments/${created.json().id}`)).statusCode).toBe(404);
    expect((await t.call(staffB, 'GET', `/api/v1/requests/${requestId}/attachments`)).statusCode).toBe(404);
    expect(
      (await t.call(staffA, 'GET', `/api/v1/requests/${requestId}/attachments`)).json().items,
    ).toHaveLength(1);
  });

  it('lets whoever attached a file, or an administrator, remove it: row, bytes, audit and event', async () => {
    const tp = await touchpoint();
    const first = (await upload(staffA, `touchpoints/${tp.id}`, 'a.pdf', pdf('a'))).json();
    const second = (await upload(staffA, `touchpoints/${tp.id}`, 'b.pdf', pdf('b'))).json();
    expect((await t.call(colleagueA, 'DELETE', `/api/v1/attachments/${first.id}`)).statusCode).toBe(403);
    expect((await t.call(viewer, 'DELETE', `/api/v1/attachments/${first.id}`)).statusCode).toBe(403);
    expect((await t.call(staffA, 'DELETE', `/api/v1/attachments/${first.id}`)).statusCode).toBe(204);
    expect((await t.call(admin, 'DELETE', `/api/v1/attachments/${second.id}`)).statusCode).toBe(204);
    expect((await t.call(staffA, 'DELETE', `/api/v1/attachments/${first.id}`)).statusCode).toBe(404);
    expect((await t.call(staffA, 'GET', `/api/v1/attachments/${first.id}`)).statusCode).toBe(404);
    expect(filesOf('touchpoints', tp.id)).toEqual([]);
    const events = await queryRows<{ name: string }>(
      t.db,
      sql`select name from events where entity = 'attachment' and entity_id in (${first.id}, ${second.id}) order by id`,
    );
    expect(events.map((e) => e.name)).toEqual([
      'attachment.created',
      'attachment.created',
      'attachment.deleted',
      'attachment.deleted',
    ]);
    const audit = await queryRows<{ action: string }>(
      t.db,
      sql`select action from audit_log where entity = 'attachment' and entity_id = ${first.id} order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['create', 'delete']);
  });

  it("takes a deleted touch point's and relationship's files with it", async () => {
    const tp = await touchpoint();
    await upload(staffA, `touchpoints/${tp.id}`, 'a.pdf', pdf('a'));
    await upload(staffA, `touchpoints/${tp.id}`, 'b.pdf', pdf('b'));
    const rel = await buildRelationship(t.db, { unitId: unitA, partnerId: (await buildPartner(t.db)).id });
    await upload(staffA, `relationships/${rel.id}`, 'plan.pdf', pdf('plan'));
    const keep = await touchpoint();
    await upload(staffA, `touchpoints/${keep.id}`, 'keep.pdf', pdf('keep'));
    expect(filesOf('touchpoints', tp.id)).toHaveLength(2);

    const deleted = await t.call(staffA, 'DELETE', `/api/v1/touchpoints/${tp.id}`, undefined, {
      'if-match': '"v1"',
    });
    expect(deleted.statusCode).toBe(204);
    const removed = await t.call(admin, 'DELETE', `/api/v1/relationships/${rel.id}`, undefined, {
      'if-match': '"v1"',
    });
    expect(removed.statusCode).toBe(204);
    const [left] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from attachments where touchpoint_id = ${tp.id} or relationship_id = ${rel.id}`,
    );
    expect(left!.n).toBe(0);
    expect((await t.app.events.deliver()).failed).toBe(0);
    expect(filesOf('touchpoints', tp.id)).toEqual([]);
    expect(filesOf('relationships', rel.id)).toEqual([]);
    expect(filesOf('touchpoints', keep.id)).toHaveLength(1);
  });

  it('takes several uploads to one record at once, each whole', async () => {
    const tp = await touchpoint();
    const files = Array.from({ length: 6 }, (_, i) =>
      Buffer.concat([pdf(`part ${i}`), Buffer.alloc(20_000, 65 + i)]),
    );
    const responses = await Promise.all(
      files.map((bytes, i) => upload(staffA, `touchpoints/${tp.id}`, `part-${i}.pdf`, bytes)),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(files.map(() => 201));
    const list = (await t.call(staffA, 'GET', `/api/v1/touchpoints/${tp.id}/attachments`)).json();
    expect(list.items).toHaveLength(6);
    for (const [i, bytes] of files.entries()) {
      const id = responses[i]!.json().id;
      const download = await t.call(staffA, 'GET', `/api/v1/attachments/${id}`);
      expect(download.rawPayload.equals(bytes), `part ${i}`).toBe(true);
    }
    expect(filesOf('touchpoints', tp.id)).toHaveLength(6);
  });

  it('refuses uploads to a record that does not exist, and to read-only callers', async () => {
    const missing = await upload(staffA, 'requests/0190a1b2-0000-7000-8000-000000000000', 'a.pdf', pdf());
    expect(missing.statusCode).toBe(404);
    const tp = await touchpoint();
    expect((await upload(viewer, `touchpoints/${tp.id}`, 'a.pdf', pdf())).statusCode).toBe(403);
    expect(filesOf('touchpoints', tp.id)).toEqual([]);
  });
});

describe('the orphan sweep', () => {
  it('removes old files no attachment names, and keeps attached and recent ones', async () => {
    const storage = localFolderStorage(t.attachmentsDir);
    const tp = await touchpoint();
    const kept = (await upload(staffA, `touchpoints/${tp.id}`, 'kept.pdf', pdf('kept'))).json();
    const stray = `touchpoints/${tp.id}/${randomUUID()}`;
    const fresh = `touchpoints/${tp.id}/${randomUUID()}`;
    await storage.put(stray, Readable.from([Buffer.from('left by a crash')]));
    await storage.put(fresh, Readable.from([Buffer.from('an upload still arriving')]));
    const old = new Date(Date.now() - (ORPHAN_GRACE_HOURS + 1) * 3600_000);
    for (const key of [stray, `touchpoints/${tp.id}/${kept.id}`])
      utimesSync(path.join(t.attachmentsDir, ...key.split('/')), old, old);

    expect(await sweepOrphanFiles(t.db, storage)).toBe(1);
    expect(filesOf('touchpoints', tp.id).sort()).toEqual([`touchpoints/${tp.id}/${kept.id}`, fresh].sort());
    expect((await t.call(staffA, 'GET', `/api/v1/attachments/${kept.id}`)).statusCode).toBe(200);
  });
});

describe('attachment settings', () => {
  it('takes only the types configured', async () => {
    const only = await createTestApp({ RAPPORT_ATTACHMENT_TYPES: 'application/pdf' });
    try {
      const unit = (await buildUnit(only.db)).id;
      const staff = await only.signIn('staff', { unitId: unit });
      const tp = await buildTouchpoint(only.db, {
        partnerId: (await buildPartner(only.db)).id,
        unitId: unit,
        authorId: staff.user.id,
      });
      const form = multipart('notes.txt', Buffer.from('plain words\n'));
      const response = await only.call(staff, 'POST', `/api/v1/touchpoints/${tp.id}/attachments`, form.body, {
        'content-type': form.contentType,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].message).toBe(
        'is not a kind of file Rapport takes (its content is Text, whatever its name says): attach PDF',
      );
    } finally {
      await only.close();
    }
  });
});
