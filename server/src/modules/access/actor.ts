import type { Role } from '../../../../common/src/labels/users.ts';

export type { Role };

/** Who is asking: a member of staff, through a browser session or an API token. */
export type Actor = {
  kind: 'staff';
  userId: string;
  role: Role;
  unitId: string | null;
  /**
   * The units whose unit-visible records this actor reads: their own unit and, for a senior
   * manager, every unit below it. Empty for someone in no unit.
   */
  unitScope: readonly string[];
  sessionId: string | null;
  tokenId: string | null;
  /** A read-only API token may only read. */
  readOnly: boolean;
};

const rank: Record<Role, number> = {
  viewer: 0,
  staff: 1,
  relationship_manager: 2,
  senior_manager: 3,
  administrator: 4,
};

/** True when the actor's role is at least `min` in the order viewer < staff < relationship manager < senior manager < administrator. */
export const hasRole = (actor: Actor, min: Role): boolean => rank[actor.role] >= rank[min];

export const isAdministrator = (actor: Actor): boolean => actor.role === 'administrator';

/**
 * A partner's contact, signed in to the partner portal (to come). They act for one partner and
 * see only what is shared with it; the write path records them as the actor (`Writer.contactId`,
 * `audit_log.actor_contact_id`, an event actor of kind `contact`).
 */
export type ContactActor = {
  kind: 'contact';
  contactId: string;
  partnerId: string;
  sessionId: string | null;
  readOnly: boolean;
};

/** Anyone who can be signed in: staff everywhere today, partner contacts in the portal later. */
export type Principal = Actor | ContactActor;

export const isStaff = (principal: Principal): principal is Actor => principal.kind === 'staff';
