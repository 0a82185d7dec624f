import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildTouchpoint,
  buildUnit,
  buildUser,
} from '../server/src/test/factories/index.ts';
import {
  checkScreen,
  expectCleanConsole,
  expectNoOverlap,
  type Harness,
  signIn,
  startHarness,
} from './harness.ts';

const PASSWORD = 'correct horse battery staple';
let h: Harness;
let partnerId: string;
let secretTouchpointId: string;

/**
 * IT Services (Sam) runs a new VLE with the School of Music; Music's computing representative
 * raised two points at a forum. A confidential touch point with Music is there as well.
 */
beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const it = (await buildUnit(db, { name: 'IT Services' })).id;
  const sam = await buildUser(db, {
    email: 'sam@northmoor.ac.uk',
    name: 'Sam Staff',
    role: 'staff',
    unitId: it,
    password: PASSWORD,
  });
  partnerId = (await buildPartner(db, { name: 'School of Music' })).id;
  const rep = await buildContact(db, { name: 'Robin Rep', emails: ['robin@music.example'] });
  await buildAffiliation(db, {
    contactId: rep.id,
    partnerId,
    role: 'Local Computing Representative',
    isKeyContact: true,
  });
  await buildTouchpoint(db, { partnerId, unitId: it, authorId: sam.id, subject: 'Music computing forum' });
  secretTouchpointId = (
    await buildTouchpoint(db, {
      partnerId,
      unitId: it,
      authorId: sam.id,
      subject: 'Confidential staffing talk',
      visibility: 'confidential',
    })
  ).id;
});
afterAll(async () => {
  await h?.close();
});

const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000 });

/** Creates an initiative, records input, adds milestones, publishes, and reads the published page. */
async function journey(size: { width: number; height: number }, title: string) {
  const page = await h.newPage(size);
  const main = () => page.getByRole('main');
  const dialog = () => page.getByRole('dialog');
  const tag = `init-${size.width}`;
  const look = async (name: string) => {
    await checkScreen(page, `${tag}-${name}`);
    if (size.width < 500) await expectNoOverlap(page, `${tag}-${name}`);
  };
  await signIn(page, h.url, 'sam@northmoor.ac.uk', PASSWORD);

  await page.goto(`${h.url}/initiatives`, { waitUntil: 'commit' });
  await page.locator('#root div').first().waitFor();
  await checkScreen(page, `${tag}-list-loading`);
  await main().getByRole('heading', { name: 'Initiatives' }).waitFor();
  await look('list');

  await main().getByRole('button', { name: 'New initiative' }).click();
  await dialog().getByLabel('Title').fill(title);
  await dialog().getByLabel('Starts').fill('2026-09-01');
  await dialog()
    .getByLabel(/^Partner/)
    .fill('Music');
  await page.getByRole('option', { name: 'School of Music' }).click();
  await dialog().getByLabel('How', { exact: true }).click();
  await page.getByRole('option', { name: 'Co-designing' }).click();
  await dialog().getByRole('button', { name: 'Add partner' }).click();
  await dialog().getByText('School of Music · Co-designing').waitFor();
  await checkScreen(page, `${tag}-new`);
  await dialog().getByRole('button', { name: 'Start initiative' }).click();
  await page.getByRole('heading', { name: title }).waitFor();
  const initiativeUrl = page.url();
  await look('page');

  // Edit it: what it is, and how Music is involved (the dialog opens with what is saved).
  await main().getByRole('button', { name: 'Edit', exact: true }).click();
  await dialog().getByText('School of Music · Co-designing').waitFor();
  await dialog().getByLabel('What it is').fill('One place for every module, replacing the old tool');
  await checkScreen(page, `${tag}-edit`);
  await dialog().getByRole('button', { name: 'Save', exact: true }).click();
  await main().getByText('One place for every module, replacing the old tool', { exact: true }).waitFor();
  await expect.poll(() => dialog().count(), { timeout: 20_000 }).toBe(0);

  // Input from the forum, adopted and published.
  await main().getByRole('button', { name: 'Record input' }).click();
  await dialog()
    .getByLabel(/^You said/)
    .fill('Let students hand in audio recordings');
  await dialog().getByLabel('Given at a touch point').click();
  await page.getByRole('option', { name: /Music computing forum/ }).click();
  await dialog()
    .getByLabel(/^We did/)
    .fill('Audio hand-in is on from the pilot');
  await dialog().getByLabel('Status', { exact: true }).click();
  await page.getByRole('option', { name: 'Adopted', exact: true }).click();
  await dialog()
    .getByLabel(/Publish on the/)
    .check();
  await checkScreen(page, `${tag}-input`);
  await dialog().getByRole('button', { name: 'Record input' }).click();
  const log = main().getByRole('region', { name: 'You said, we did' }).first();
  await log.getByText('Let students hand in audio recordings', { exact: true }).waitFor();
  await log.getByText('Touch point: Music computing forum').waitFor();

  // "Not adopted" asks for the reason before anything is sent.
  await main().getByRole('button', { name: 'Record input' }).click();
  await dialog()
    .getByLabel(/^You said/)
    .fill('Keep the old quiz tool');
  await dialog().getByLabel('Status', { exact: true }).click();
  await page.getByRole('option', { name: 'Not adopted', exact: true }).click();
  await dialog().getByRole('button', { name: 'Record input' }).click();
  await dialog().getByText('Say why it was not adopted').waitFor();
  await dialog()
    .getByLabel(/^Why not/)
    .fill('The old tool is no longer supported');
  await dialog()
    .getByLabel(/Publish on the/)
    .check();
  await dialog().getByRole('button', { name: 'Record input' }).click();
  await log.getByText('Why not: The old tool is no longer supported').waitFor();

  // A milestone before the start is refused on its field; one after it is added and reached.
  const milestones = main().getByRole('region', { name: 'Milestones' });
  await milestones.getByLabel('Milestone').fill('Pilot in Music');
  await milestones.getByLabel('Due').fill('2026-08-01');
  await milestones.getByRole('button', { name: 'Add milestone' }).click();
  await milestones.getByText(/is before the start of the initiative/).waitFor();
  await milestones.getByLabel('Due').fill('2026-11-01');
  await milestones.getByRole('button', { name: 'Add milestone' }).click();
  await milestones.getByRole('button', { name: 'Mark “Pilot in Music” reached' }).click();
  await milestones.getByText('Reached', { exact: true }).waitFor();

  // Publish, and read the page by its private link without an account.
  const publishing = main().getByRole('region', { name: 'Publishing' });
  await publishing.getByRole('button', { name: 'Publish' }).click();
  await eventually(() => publishing.getByLabel('Private link').inputValue()).toMatch(
    /\/you-said\/[\w-]{40,}$/,
  );
  const url = await publishing.getByLabel('Private link').inputValue();
  await look('published');
  // The milestone before the start was refused on purpose: the browser reports that 400.
  expectCleanConsole(page, `${tag} initiative page`, [/status of 400 .*\/milestones\)$/]);

  // The partner page lists it with nothing open (both items were answered).
  await page.goto(`${h.url}/partners/${partnerId}/initiatives`);
  const panel = main().getByRole('region', { name: 'Initiatives' });
  await panel.getByRole('link', { name: title }).waitFor();
  await look('partner-tab');
  expectCleanConsole(page, `${tag} partner tab`);
  await page.close();

  const visitor = await h.newPage(size);
  await visitor.goto(url, { waitUntil: 'commit' });
  await visitor.locator('#root div').first().waitFor();
  await checkScreen(visitor, `${tag}-public-loading`);
  await visitor.getByRole('heading', { name: title }).waitFor();
  const text = (await visitor.getByRole('main').textContent()) ?? '';
  expect(text).toContain('Let students hand in audio recordings');
  expect(text).toContain('Audio hand-in is on from the pilot');
  expect(text).toContain('The old tool is no longer supported');
  expect(text).not.toContain('Music computing forum');
  expect(text).not.toContain('Confidential staffing talk');
  expect(text).not.toContain('Kept quiet');
  await checkScreen(visitor, `${tag}-public`);
  if (size.width < 500) await expectNoOverlap(visitor, `${tag}-public`);
  expectCleanConsole(visitor, `${tag} public page`);
  await visitor.close();
  return { initiativeUrl, publicUrl: url };
}

describe('initiatives and "you said, we did" in the browser', () => {
  it('at a desk: start an initiative, record and answer input, reach a milestone, publish', async () => {
    await journey({ width: 1280, height: 900 }, 'New virtual learning environment');
  }, 240_000);

  it('on a phone (390 px): the same journey, and a confidential source never reaches the published page', async () => {
    const { initiativeUrl: pageUrl, publicUrl } = await journey(
      { width: 390, height: 844 },
      'Timetabling change',
    );
    // Input linked to the confidential touch point, published: still never on the public page.
    const page = await h.newPage({ width: 390, height: 844 });
    await signIn(page, h.url, 'sam@northmoor.ac.uk', PASSWORD);
    const id = pageUrl.split('/').at(-1)!;
    const session = await page.request.get(`${h.url}/api/v1/auth/session`);
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const added = await page.request.post(`${h.url}/api/v1/initiatives/${id}/inputs`, {
      headers: { 'x-csrf-token': csrfToken },
      data: {
        partnerId,
        summary: 'Kept quiet',
        touchpointId: secretTouchpointId,
        status: 'adopted',
        response: 'Handled privately',
        published: true,
      },
    });
    expect(added.status(), await added.text()).toBe(201);
    await page.goto(pageUrl);
    const log = page.getByRole('main').getByRole('region', { name: 'You said, we did' }).first();
    await log.getByText('Kept quiet', { exact: true }).waitFor();
    await log.getByText('Never published').waitFor();
    // The private link was shown once, when it was made: the page no longer shows it.
    expect(await page.getByRole('main').getByLabel('Private link').count()).toBe(0);
    await page.close();
    const visitor = await h.newPage({ width: 390, height: 844 });
    await visitor.goto(publicUrl);
    await visitor.getByRole('heading', { name: 'Timetabling change' }).waitFor();
    await visitor.getByText('The old tool is no longer supported').waitFor();
    const text = (await visitor.getByRole('main').textContent()) ?? '';
    expect(text).not.toContain('Kept quiet');
    expect(text).not.toContain('Handled privately');
    await visitor.close();
  }, 240_000);
});
