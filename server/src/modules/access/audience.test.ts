import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner, buildRelationship, buildUnit } from '../../test/factories/index.ts';

/**
 * "Unit" visibility reaches the recording unit and the senior managers of every unit above it
 * (a faculty's head sees the unit records of its Schools), and nobody else: not the faculty's
 * other staff, not a sibling School's senior manager. Checked on every read path of touch
 * points and requests.
 */
let t: TestApp;
let schoolStaff: Agent;
let facultyHead: Agent;
let universityHead: Agent;
let facultyStaff: Agent;
let facultyManager: Agent;
let siblingHead: Agent;
let partnerId: string;
let touchpointId: string;
let requestId: string;
const NOTE = 'Wolverton laboratory access';
const REQUEST = 'Marlowe placement complaint';

beforeAll(async () => {
  t = await createTestApp();
  const university = (await buildUnit(t.db, { name: 'University Executive', kind: 'office' })).id;
  const faculty = (
    await buildUnit(t.db, { name: 'Faculty of Science', kind: 'faculty', parentId: university })
  ).id;
  const school = (await buildUnit(t.db, { name: 'School of Chemistry', kind: 'school', parentId: faculty }))
    .id;
  const sibling = (await buildUnit(t.db, { name: 'School of Physics', kind: 'school', parentId: faculty }))
    .id;
  schoolStaff = await t.signIn('staff', { unitId: school });
  facultyHead = await t.signIn('senior_manager', { unitId: faculty });
  universityHead = await t.signIn('senior_manager', { unitId: university });
  facultyStaff = await t.signIn('staff', { unitId: faculty });
  facultyManager = await t.signIn('relationship_manager', { unitId: faculty });
  siblingHead = await t.signIn('senior_manager', { unitId: sibling });
  partnerId = (await buildPartner(t.db, { name: 'Wolverton Instruments' })).id;
  await buildRelationship(t.db, {
    unitId: school,
    partnerId,
    managerId: schoolStaff.user.id,
    cadenceDays: 30,
  });
  const tp = await t.call(schoolStaff, 'POST', '/api/v1/touchpoints', {
    partnerId,
    kind: 'meeting',
    subject: NOTE,
    visibility: 'unit',
  });
  expect(tp.statusCode).toBe(201);
  touchpointId = tp.json().id;
  const request = await t.call(schoolStaff, 'POST', '/api/v1/requests', {
    partnerId,
    kind: 'complaint',
    title: REQUEST,
    visibility: 'unit',
  });
  expect(request.statusCode).toBe(201);
  requestId = request.json().id;
});
afterAll(() => t.close());

/** Every read path, each answering whether the agent saw the unit's records. */
async function sees(agent: Agent) {
  const body = async (url: string) => {
    const response = await t.call(agent, 'GET', url);
    expect(response.statusCode).toBeLessThan(500);
    return { status: response.statusCode, text: response.body };
  };
  const touchpoint = await body(`/api/v1/touchpoints/${touchpointId}`);
  const request = await body(`/api/v1/requests/${requestId}`);
  return {
    touchpoint: touchpoint.status === 200,
    touchpointHistory: (await body(`/api/v1/touchpoints/${touchpointId}/history`)).status === 200,
    touchpointList: (await body(`/api/v1/touchpoints?partnerId=${partnerId}`)).text.includes(NOTE),
    timeline: (await body(`/api/v1/partners/${partnerId}/timeline`)).text.includes(NOTE),
    overview: (await body(`/api/v1/partners/${partnerId}/overview`)).text.includes(NOTE),
    search: (await body(`/api/v1/search?q=${encodeURIComponent('Wolverton laboratory')}`)).text.includes(
      NOTE,
    ),
    request: request.status === 200,
    requestList: (await body('/api/v1/requests?limit=500')).text.includes(REQUEST),
    board: (await body(`/api/v1/requests/board?partnerId=${partnerId}`)).text.includes('"new":1'),
  };
}

const everywhere = (value: boolean) => ({
  touchpoint: value,
  touchpointHistory: value,
  touchpointList: value,
  timeline: value,
  overview: value,
  search: value,
  request: value,
  requestList: value,
  board: value,
});

describe('the audience rule for unit records', () => {
  it('shows them to the recording unit', async () => {
    expect(await sees(schoolStaff)).toEqual(everywhere(true));
  });

  it('shows them to the senior managers of every unit above the recording unit', async () => {
    expect(await sees(facultyHead)).toEqual(everywhere(true));
    expect(await sees(universityHead)).toEqual(everywhere(true));
  });

  it('hides them from other staff of a parent unit and from senior managers of a sibling unit', async () => {
    expect(await sees(facultyStaff)).toEqual(everywhere(false));
    expect(await sees(facultyManager)).toEqual(everywhere(false));
    expect(await sees(siblingHead)).toEqual(everywhere(false));
  });

  it('follows the tree when a unit moves', async () => {
    const newFaculty = (await buildUnit(t.db, { name: 'Faculty of Life Sciences', kind: 'faculty' })).id;
    const newHead = await t.signIn('senior_manager', { unitId: newFaculty });
    expect((await sees(newHead)).touchpoint).toBe(false);
    const admin = await t.signIn('administrator');
    const school = (await t.call(admin, 'GET', `/api/v1/touchpoints/${touchpointId}`)).json().unitId;
    const unit = (await t.call(admin, 'GET', `/api/v1/units/${school}`)).json();
    const moved = await t.call(
      admin,
      'PATCH',
      `/api/v1/units/${school}`,
      { parentId: newFaculty },
      { 'if-match': `"v${unit.version}"` },
    );
    expect(moved.statusCode).toBe(200);
    expect(await sees(newHead)).toEqual(everywhere(true));
    expect(await sees(facultyHead)).toEqual(everywhere(false));
  });
});
