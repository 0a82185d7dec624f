import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import type { Role } from './actor.ts';

/**
 * Every operation in the OpenAPI document, with the lowest role that may call it.
 * A new route that is not listed here fails this test: decide its policy, then add it.
 */
const expected: Record<string, Role | 'public'> = {
  'GET /api/v1/health': 'public',
  // The university's branding: the sign-in page shows it; administrators change it.
  'GET /api/v1/branding': 'public',
  'GET /api/v1/branding/logo/{sha}': 'public',
  'PUT /api/v1/branding': 'administrator',
  'PUT /api/v1/branding/logo': 'administrator',
  'DELETE /api/v1/branding/logo': 'administrator',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'viewer',
  'GET /api/v1/auth/status': 'public',
  // The private link in an invitation is the only credential: no account (activities).
  'GET /api/v1/public/invitations/{token}': 'public',
  'POST /api/v1/public/invitations/{token}/register': 'public',
  'POST /api/v1/public/invitations/{token}/decline': 'public',
  'POST /api/v1/public/invitations/{token}/cancel': 'public',
  'POST /api/v1/public/invitations/{token}/feedback': 'public',
  // A calendar feed's private address is its only credential: calendar programs send no other.
  'GET /api/v1/public/calendars/{token}/activities.ics': 'public',
  // A survey's private link is the only credential of the contact answering it.
  'GET /api/v1/public/surveys/{token}': 'public',
  'POST /api/v1/public/surveys/{token}': 'public',
  // A maturity assessment's private link is the only credential of the partner's key contact scoring it.
  'GET /api/v1/public/assessments/{token}': 'public',
  'POST /api/v1/public/assessments/{token}': 'public',
  // A dispute outcome's private link is the only credential of the contact acknowledging it.
  'GET /api/v1/public/dispute-outcomes/{token}': 'public',
  'POST /api/v1/public/dispute-outcomes/{token}/acknowledge': 'public',
  // A published "you said, we did" page: its private link is the only credential (initiatives).
  'GET /api/v1/public/initiatives/{token}': 'public',
  'GET /api/v1/auth/session': 'viewer',
  'POST /api/v1/auth/password': 'viewer',
  'GET /api/v1/tokens': 'viewer',
  'POST /api/v1/tokens': 'viewer',
  'DELETE /api/v1/tokens/{id}': 'viewer',
  'GET /api/v1/users': 'viewer',
  'POST /api/v1/users': 'administrator',
  'GET /api/v1/users/{id}': 'viewer',
  'PATCH /api/v1/users/{id}': 'administrator',
  'GET /api/v1/users/{id}/history': 'viewer',
  'POST /api/v1/users/{id}/deactivate': 'administrator',
  'POST /api/v1/users/{id}/reactivate': 'administrator',
  'GET /api/v1/users/export': 'administrator',
  'POST /api/v1/users/{id}/invite': 'administrator',
  'POST /api/v1/auth/forgot': 'public',
  'POST /api/v1/auth/reset': 'public',
  'POST /api/v1/auth/invitation': 'public',
  'GET /api/v1/me': 'viewer',
  'PATCH /api/v1/me': 'viewer',
  'GET /api/v1/me/notification-preferences': 'viewer',
  'PUT /api/v1/me/notification-preferences': 'viewer',
  // Single sign-on: the sign-in page's buttons and the round trip through a provider need no account.
  'GET /api/v1/sign-on/options': 'public',
  'GET /api/v1/sign-on/{key}/start': 'public',
  'GET /api/v1/sign-on/{key}/callback': 'public',
  'GET /api/v1/sign-on/{key}/saml/metadata': 'public',
  'POST /api/v1/sign-on/{key}/saml/acs': 'public',
  'GET /api/v1/sign-on/{key}/saml/complete': 'public',
  'GET /api/v1/sign-on/{key}/saml/logout': 'public',
  'POST /api/v1/sign-on/logout': 'viewer',
  'GET /api/v1/sign-on-providers': 'administrator',
  'POST /api/v1/sign-on-providers': 'administrator',
  'POST /api/v1/sign-on-providers/saml': 'administrator',
  'GET /api/v1/sign-on-providers/{id}': 'administrator',
  'PATCH /api/v1/sign-on-providers/{id}': 'administrator',
  'DELETE /api/v1/sign-on-providers/{id}': 'administrator',
  'GET /api/v1/sign-on-providers/{id}/history': 'administrator',
  'GET /api/v1/sign-in-policy': 'administrator',
  'PUT /api/v1/sign-in-policy': 'administrator',
};

/** The shared record's resources follow one pattern. */
const crud = (path: string, write: Role, remove: Role) => {
  expected[`GET /api/v1/${path}`] = 'viewer';
  expected[`POST /api/v1/${path}`] = write;
  expected[`GET /api/v1/${path}/{id}`] = 'viewer';
  expected[`PATCH /api/v1/${path}/{id}`] = write;
  expected[`DELETE /api/v1/${path}/{id}`] = remove;
  expected[`GET /api/v1/${path}/{id}/history`] = 'viewer';
};
crud('units', 'administrator', 'administrator');
crud('partner-types', 'administrator', 'administrator');
crud('partners', 'staff', 'senior_manager');
crud('contacts', 'staff', 'senior_manager');
crud('affiliations', 'staff', 'senior_manager');
crud('relationships', 'relationship_manager', 'senior_manager');
crud('touchpoints', 'staff', 'staff');
crud('tasks', 'staff', 'staff');
crud('activities', 'staff', 'staff');
// Initiatives are never deleted (they are cancelled); the service narrows changes to those who run one.
crud('initiatives', 'staff', 'staff');
delete expected['DELETE /api/v1/initiatives/{id}'];
for (const op of [
  'POST /api/v1/initiatives/{id}/milestones',
  'POST /api/v1/initiatives/{id}/milestones/{milestoneId}/reached',
  'PUT /api/v1/initiatives/{id}/publication',
  'DELETE /api/v1/initiatives/{id}/publication',
  'POST /api/v1/initiatives/{id}/inputs',
  'PATCH /api/v1/initiatives/{id}/inputs/{inputId}',
])
  expected[op] = 'staff';
expected['GET /api/v1/initiatives/{id}/inputs'] = 'viewer';
expected['GET /api/v1/partners/{id}/initiatives'] = 'viewer';
// Saved views: everyone keeps their own; the service lets only the owner or an administrator change one.
crud('saved-views', 'viewer', 'viewer');
for (const list of [
  'partners',
  'contacts',
  'relationships',
  'touchpoints',
  'requests',
  'activities',
  'initiatives',
])
  expected[`GET /api/v1/${list}/export`] = 'viewer';
expected['POST /api/v1/touchpoints/bulk'] = 'staff';
// Bulk actions: the role the single PATCH needs; the service checks each record as the PATCH does.
for (const [list, role] of Object.entries({
  partners: 'staff',
  contacts: 'staff',
  relationships: 'relationship_manager',
  requests: 'staff',
  tasks: 'staff',
} as const))
  expected[`POST /api/v1/${list}/bulk`] = role;
// A list's total ("Select all N that match"): whoever reads the list.
for (const list of ['contacts', 'relationships', 'tasks']) expected[`GET /api/v1/${list}/count`] = 'viewer';
expected['GET /api/v1/partners/{id}/overview'] = 'viewer';
expected['GET /api/v1/partners/{id}/timeline'] = 'viewer';
expected['GET /api/v1/contacts/{id}/timeline'] = 'viewer';
expected['GET /api/v1/contacts/similar'] = 'viewer';
expected['GET /api/v1/partners/similar'] = 'viewer';
// Duplicates and merges: staff look for duplicates; administrators (the data stewards) dismiss, merge and unmerge.
expected['GET /api/v1/duplicates'] = 'staff';
expected['POST /api/v1/duplicates/dismissals'] = 'administrator';
expected['GET /api/v1/duplicates/dismissals'] = 'administrator';
expected['DELETE /api/v1/duplicates/dismissals/{id}'] = 'administrator';
expected['POST /api/v1/merges/preview'] = 'administrator';
expected['POST /api/v1/merges'] = 'administrator';
expected['GET /api/v1/merges'] = 'administrator';
expected['GET /api/v1/merges/{id}'] = 'administrator';
expected['POST /api/v1/merges/{id}/unmerge'] = 'administrator';
expected['GET /api/v1/search'] = 'viewer';
expected['GET /api/v1/me/home'] = 'viewer';
// Personal data: of the roles, administrators alone hold the data protection ability; staff an
// administrator gives it to pass too (personal-data.test.ts). The service checks it.
for (const [op, role] of Object.entries({
  'GET /api/v1/personal-data/access': 'viewer',
  'GET /api/v1/personal-data/purposes': 'viewer',
  'PUT /api/v1/personal-data/purposes/{key}': 'administrator',
  'POST /api/v1/personal-data/purposes/{key}/retire': 'administrator',
  'POST /api/v1/personal-data/purposes/{key}/reinstate': 'administrator',
  'GET /api/v1/contacts/{id}/consents': 'viewer',
  'POST /api/v1/contacts/{id}/consents': 'staff',
  'GET /api/v1/contacts/{id}/personal-data': 'administrator',
  'GET /api/v1/contacts/{id}/personal-data/pdf': 'administrator',
  'POST /api/v1/contacts/{id}/erase': 'administrator',
  'GET /api/v1/personal-data/holders': 'administrator',
  'PUT /api/v1/personal-data/holders/{userId}': 'administrator',
  'DELETE /api/v1/personal-data/holders/{userId}': 'administrator',
  'GET /api/v1/personal-data/retention-rules': 'administrator',
  'PATCH /api/v1/personal-data/retention-rules/{key}': 'administrator',
  'POST /api/v1/personal-data/retention-rules/{key}/dry-run': 'administrator',
  'POST /api/v1/personal-data/retention-rules/{key}/run': 'administrator',
  'GET /api/v1/personal-data/retention-runs': 'administrator',
  'GET /api/v1/personal-data/processing': 'administrator',
  'GET /api/v1/personal-data/processing/export': 'administrator',
} as const))
  expected[op] = role;
// Requests: everyone reads what they may see; staff raise and work them (service policy narrows it).
for (const [op, role] of Object.entries({
  'GET /api/v1/requests': 'viewer',
  'POST /api/v1/requests': 'staff',
  'GET /api/v1/requests/board': 'viewer',
  'GET /api/v1/requests/{id}': 'viewer',
  'PATCH /api/v1/requests/{id}': 'staff',
  'GET /api/v1/requests/{id}/history': 'viewer',
  'POST /api/v1/requests/{id}/transition': 'staff',
  'GET /api/v1/requests/{id}/activity': 'viewer',
  'POST /api/v1/requests/{id}/comments': 'staff',
  'POST /api/v1/requests/{id}/escalate': 'staff',
  'POST /api/v1/requests/{id}/deescalate': 'staff',
  'GET /api/v1/requests/{id}/escalations': 'viewer',
  'POST /api/v1/relationships/{id}/escalate': 'staff',
  'POST /api/v1/relationships/{id}/deescalate': 'staff',
  'GET /api/v1/relationships/{id}/escalations': 'viewer',
  'GET /api/v1/escalations': 'senior_manager',
  // Weekly briefings: each senior manager's own (the service answers "not found" for anyone
  // else's); the measure counts only the escalations the caller may see.
  'GET /api/v1/escalations/informed-before': 'senior_manager',
  'GET /api/v1/me/briefings': 'senior_manager',
  'GET /api/v1/me/briefings/{id}': 'senior_manager',
  'POST /api/v1/me/briefings/{id}/items/{itemId}/acted': 'senior_manager',
  'GET /api/v1/me/notifications': 'viewer',
  'POST /api/v1/me/notifications/read': 'viewer',
  'GET /api/v1/service-levels': 'viewer',
  'PATCH /api/v1/service-levels/{id}': 'administrator',
  'GET /api/v1/working-week': 'viewer',
  'PUT /api/v1/working-week': 'administrator',
  'GET /api/v1/attention-rules': 'viewer',
  'GET /api/v1/relationships/{id}/health': 'viewer',
  'GET /api/v1/partners/{id}/health': 'viewer',
  // Who knows whom: counts only the touch points the caller may see; asking for an introduction is a write.
  'GET /api/v1/partners/{id}/who-knows-whom': 'viewer',
  'POST /api/v1/partners/{id}/introductions': 'staff',
  // The institution's stage and who shares: counts per unit, for senior managers and administrators.
  'GET /api/v1/institution-stage': 'senior_manager',
  'GET /api/v1/partners/{id}/surveys': 'viewer',
  'GET /api/v1/partners/{id}/surveys/export': 'viewer',
  // Survey templates: everyone reads them; relationship managers save them; the service lets only
  // a template's author or an administrator edit it.
  'GET /api/v1/survey-templates': 'viewer',
  'GET /api/v1/survey-templates/{id}': 'viewer',
  'POST /api/v1/survey-templates': 'relationship_manager',
  'PATCH /api/v1/survey-templates/{id}': 'relationship_manager',
  'POST /api/v1/relationships/{id}/surveys': 'relationship_manager',
  'POST /api/v1/surveys/{id}/close': 'relationship_manager',
  'GET /api/v1/relationships/{id}/assessments': 'viewer',
  // Assessments across units: figures per unit, for senior managers and administrators.
  'GET /api/v1/assessments/by-unit': 'senior_manager',
  'GET /api/v1/relationships/{id}/assessment-evidence': 'viewer',
  'POST /api/v1/relationships/{id}/assessments': 'relationship_manager',
  'GET /api/v1/me/health': 'viewer',
  'GET /api/v1/health-rules': 'viewer',
  'POST /api/v1/health-rules': 'administrator',
  'PUT /api/v1/attention-rules': 'administrator',
  'GET /api/v1/holidays': 'viewer',
  'POST /api/v1/holidays': 'administrator',
  'DELETE /api/v1/holidays/{day}': 'administrator',
  'GET /api/v1/activities/{id}/occurrences': 'viewer',
  'GET /api/v1/activities/{id}/invitations': 'viewer',
  'POST /api/v1/activities/{id}/invitations': 'staff',
  'POST /api/v1/activities/{id}/registrations': 'staff',
  // Communication plans: levels are configuration; a relationship's plan and pairs are changed
  // by those who look after it (the service narrows it to the relationship's managers).
  'GET /api/v1/communication-levels': 'viewer',
  'POST /api/v1/communication-levels': 'administrator',
  'PATCH /api/v1/communication-levels/{id}': 'administrator',
  'GET /api/v1/partner-types/{id}/communication-plan': 'viewer',
  'GET /api/v1/relationships/{id}/communication-plan': 'viewer',
  'GET /api/v1/communication-plans/due': 'viewer',
  'POST /api/v1/communication-plans/items': 'relationship_manager',
  'GET /api/v1/communication-plans/items/{id}': 'viewer',
  'PATCH /api/v1/communication-plans/items/{id}': 'relationship_manager',
  'DELETE /api/v1/communication-plans/items/{id}': 'relationship_manager',
  'POST /api/v1/peer-pairs': 'relationship_manager',
  'DELETE /api/v1/peer-pairs/{id}': 'relationship_manager',
  // Getting-to-know-you playbooks: administrators set the steps; those who look after a relationship tick them.
  'GET /api/v1/partner-types/{id}/playbook': 'viewer',
  'PUT /api/v1/partner-types/{id}/playbook': 'administrator',
  'POST /api/v1/partner-types/{id}/playbook/runs': 'administrator',
  'GET /api/v1/relationships/{id}/playbook': 'viewer',
  'GET /api/v1/playbook-runs/mine': 'viewer',
  'POST /api/v1/playbook-runs/{id}/steps/{stepId}/tick': 'relationship_manager',
  'GET /api/v1/partners/{id}/open-concerns': 'viewer',
  // Agreements: staff reach the write routes; the service narrows them to those who look after the
  // relationship (and the owner), and a decision for the university to the relationship's manager.
  'GET /api/v1/agreements': 'viewer',
  'POST /api/v1/agreements': 'staff',
  'GET /api/v1/agreements/{id}': 'viewer',
  'PATCH /api/v1/agreements/{id}': 'staff',
  'GET /api/v1/agreements/{id}/versions': 'viewer',
  'GET /api/v1/agreements/{id}/changes': 'viewer',
  'POST /api/v1/agreements/{id}/changes': 'staff',
  'POST /api/v1/agreement-changes/{id}/decisions': 'staff',
  'GET /api/v1/agreement-approval-rules': 'viewer',
  'PUT /api/v1/agreement-approval-rules': 'administrator',
  // Reviews: everyone sees them (the agenda counts what each reader may see); those who look after the relationship hold them.
  'GET /api/v1/relationships/{id}/reviews': 'viewer',
  'POST /api/v1/relationships/{id}/reviews': 'relationship_manager',
  'GET /api/v1/reviews/{id}': 'viewer',
  'PATCH /api/v1/reviews/{id}': 'relationship_manager',
  'GET /api/v1/reviews/{id}/agenda': 'viewer',
  'POST /api/v1/reviews/{id}/actions': 'relationship_manager',
  // Disputes: readers of the request see its stage; those who work it move it; administrators set the defaults.
  'GET /api/v1/requests/{id}/dispute': 'viewer',
  'POST /api/v1/requests/{id}/dispute/stage': 'staff',
  'POST /api/v1/requests/{id}/dispute/outcome': 'staff',
  'GET /api/v1/dispute-timescales': 'viewer',
  'PUT /api/v1/dispute-timescales': 'administrator',
  'GET /api/v1/activities/{id}/attendance': 'viewer',
  'PUT /api/v1/activities/{id}/attendance/{contactId}': 'staff',
  'POST /api/v1/activities/{id}/attendance/no-shows': 'staff',
  'GET /api/v1/activities/{id}/feedback': 'viewer',
  'POST /api/v1/activities/{id}/feedback': 'staff',
  'GET /api/v1/activities/{id}/members': 'viewer',
  'POST /api/v1/activities/{id}/members': 'staff',
  'POST /api/v1/activities/{id}/members/{memberId}/leave': 'staff',
  'GET /api/v1/activities/{id}/actions': 'viewer',
  'POST /api/v1/activities/{id}/actions': 'staff',
  'POST /api/v1/activities/{id}/actions/{actionId}/done': 'staff',
  'GET /api/v1/partners/{id}/activities': 'viewer',
  'GET /api/v1/activities/{id}/calendar': 'viewer',
  'GET /api/v1/me/calendar-feed': 'viewer',
  'POST /api/v1/me/calendar-feed': 'viewer',
  'DELETE /api/v1/me/calendar-feed': 'viewer',
} as Record<string, Role>))
  expected[op] = role;

// Attachments: readers of the record list and download; staff attach (the service narrows removal to
// whoever attached the file or an administrator).
for (const kind of ['touchpoints', 'requests', 'relationships', 'agreements']) {
  expected[`GET /api/v1/${kind}/{id}/attachments`] = 'viewer';
  expected[`POST /api/v1/${kind}/{id}/attachments`] = 'staff';
}
expected['GET /api/v1/attachments/{id}'] = 'viewer';
expected['DELETE /api/v1/attachments/{id}'] = 'staff';

// Imports: staff import; the service narrows an import to whoever uploaded it or an administrator.
for (const op of [
  'POST /api/v1/imports',
  'GET /api/v1/imports',
  'GET /api/v1/imports/{id}',
  'GET /api/v1/imports/{id}/file',
  'PATCH /api/v1/imports/{id}',
  'GET /api/v1/imports/{id}/preview',
  'POST /api/v1/imports/{id}/run',
  'POST /api/v1/imports/{id}/undo',
  'GET /api/v1/imports/{id}/report',
  'GET /api/v1/import-mappings',
  'POST /api/v1/import-mappings',
])
  expected[op] = 'staff';

const roles: Role[] = ['viewer', 'staff', 'relationship_manager', 'senior_manager', 'administrator'];
const rank = (r: Role) => roles.indexOf(r);

let t: TestApp;
const agents = {} as Record<Role, Agent>;

beforeAll(async () => {
  t = await createTestApp();
  for (const role of roles) agents[role] = await t.signIn(role);
});
afterAll(() => t.close());

function operations(): string[] {
  const document = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => `${m.toUpperCase()} ${path}`),
  );
}

/** Calls an operation with a random id and an empty body: authorisation comes before validation. */
async function call(operation: string, agent: Agent | null) {
  const [method, path] = operation.split(' ') as [string, string];
  const url = path.replace(/\{[^}]+\}/g, () => randomUUID());
  const body = method === 'GET' || method === 'DELETE' ? undefined : {};
  // Signing out would end the agent's session for the rest of the matrix: use a fresh one.
  const signsOut = ['POST /api/v1/auth/logout', 'POST /api/v1/sign-on/logout'].includes(operation);
  const who = signsOut && agent ? await t.signIn(agent.user.role) : agent;
  return t.call(who, method as 'GET', url, body);
}

describe('authorisation matrix', () => {
  it('lists every operation of the API', () => {
    const missing = operations().filter((op) => !(op in expected));
    expect(
      missing,
      `add these operations to the matrix with their lowest role: ${missing.join(', ')}`,
    ).toEqual([]);
  });

  it('refuses anonymous calls to every non-public operation with 401', async () => {
    for (const op of operations()) {
      const response = await call(op, null);
      if (expected[op] === 'public') {
        expect(response.statusCode, `anonymous ${op} → ${response.statusCode}`).not.toBe(401);
        expect(response.statusCode, `anonymous ${op} → ${response.statusCode}`).toBeLessThan(500);
      } else expect(response.statusCode, op).toBe(401);
    }
  });

  for (const role of roles) {
    it(`gives ${role} exactly the operations of its role`, async () => {
      for (const op of operations()) {
        const minimum = expected[op]!;
        const response = await call(op, agents[role]);
        if (minimum === 'public' || rank(role) >= rank(minimum)) {
          // Permitted: anything but a refusal, and never a crash (a random id, an empty body).
          const seen = `${role} ${op} → ${response.statusCode} ${response.body.slice(0, 200)}`;
          expect([401, 403], seen).not.toContain(response.statusCode);
          expect(response.statusCode, seen).toBeLessThan(500);
        } else {
          expect(response.statusCode, `${role} ${op}`).toBe(403);
        }
      }
    });
  }
});
