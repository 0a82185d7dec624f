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
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'viewer',
  'GET /api/v1/auth/status': 'public',
  // The private link in an invitation is the only credential: no account (activities).
  'GET /api/v1/public/invitations/{token}': 'public',
  'POST /api/v1/public/invitations/{token}/register': 'public',
  'POST /api/v1/public/invitations/{token}/decline': 'public',
  'POST /api/v1/public/invitations/{token}/cancel': 'public',
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
// Saved views: everyone keeps their own; the service lets only the owner or an administrator change one.
crud('saved-views', 'viewer', 'viewer');
for (const list of ['partners', 'contacts', 'relationships', 'touchpoints', 'requests', 'activities'])
  expected[`GET /api/v1/${list}/export`] = 'viewer';
expected['POST /api/v1/touchpoints/bulk'] = 'staff';
// Bulk actions: the role the single PATCH needs; the service checks each record as the PATCH does.
for (const [list, role] of Object.entries({
  partners: 'staff',
  relationships: 'relationship_manager',
  requests: 'staff',
  tasks: 'staff',
} as const))
  expected[`POST /api/v1/${list}/bulk`] = role;
expected['GET /api/v1/partners/{id}/overview'] = 'viewer';
expected['GET /api/v1/partners/{id}/timeline'] = 'viewer';
expected['GET /api/v1/contacts/{id}/timeline'] = 'viewer';
expected['GET /api/v1/contacts/similar'] = 'viewer';
expected['GET /api/v1/search'] = 'viewer';
expected['GET /api/v1/me/home'] = 'viewer';
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
  'GET /api/v1/me/notifications': 'viewer',
  'POST /api/v1/me/notifications/read': 'viewer',
  'GET /api/v1/service-levels': 'viewer',
  'PATCH /api/v1/service-levels/{id}': 'administrator',
  'GET /api/v1/working-week': 'viewer',
  'PUT /api/v1/working-week': 'administrator',
  'GET /api/v1/attention-rules': 'viewer',
  'PUT /api/v1/attention-rules': 'administrator',
  'GET /api/v1/holidays': 'viewer',
  'POST /api/v1/holidays': 'administrator',
  'DELETE /api/v1/holidays/{day}': 'administrator',
  'GET /api/v1/activities/{id}/occurrences': 'viewer',
  'GET /api/v1/activities/{id}/invitations': 'viewer',
  'POST /api/v1/activities/{id}/invitations': 'staff',
  'POST /api/v1/activities/{id}/registrations': 'staff',
} as Record<string, Role>))
  expected[op] = role;

// Attachments: readers of the record list and download; staff attach (the service narrows removal to
// whoever attached the file or an administrator).
for (const kind of ['touchpoints', 'requests', 'relationships']) {
  expected[`GET /api/v1/${kind}/{id}/attachments`] = 'viewer';
  expected[`POST /api/v1/${kind}/{id}/attachments`] = 'staff';
}
expected['GET /api/v1/attachments/{id}'] = 'viewer';
expected['DELETE /api/v1/attachments/{id}'] = 'staff';

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
  const who = operation === 'POST /api/v1/auth/logout' && agent ? await t.signIn(agent.user.role) : agent;
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
