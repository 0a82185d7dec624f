import { type Actor, hasRole } from '../access/actor.ts';

/** Everyone reads the shared record; staff and above keep it up to date; senior managers remove. */
export const partnerPolicy = {
  canWrite: (actor: Actor) => hasRole(actor, 'staff'),
  canDelete: (actor: Actor) => hasRole(actor, 'senior_manager'),
};
