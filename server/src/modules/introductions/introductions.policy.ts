import { type Actor, hasRole } from '../access/actor.ts';

/** Who may ask a colleague for an introduction to a partner: any member of staff who may write. */
export const introductionPolicy = {
  canAsk: (actor: Actor) => !actor.readOnly && hasRole(actor, 'staff'),
};
