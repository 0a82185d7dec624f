import { type Actor, isAdministrator } from '../access/actor.ts';

/** Every member of staff reads the unit tree; only administrators shape it. */
export const unitPolicy = {
  canRead: (_actor: Actor) => true,
  canWrite: (actor: Actor) => isAdministrator(actor),
};
