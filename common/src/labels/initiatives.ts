/** The initiatives vocabularies and their labels, without zod: contracts/initiatives.ts builds its schemas from them. */

/** How a partner takes part in an initiative (PRODUCT.md 2, issue 16 part 7). */
export const involvementKinds = ['informed', 'consulted', 'co_designing', 'piloting'] as const;
export type InvolvementKind = (typeof involvementKinds)[number];
export const involvementLabels: Record<InvolvementKind, string> = {
  informed: 'Informed',
  consulted: 'Consulted',
  co_designing: 'Co-designing',
  piloting: 'Piloting',
};

/** Where an initiative stands. */
export const initiativeStatuses = ['planned', 'in_progress', 'completed', 'cancelled'] as const;
export type InitiativeStatus = (typeof initiativeStatuses)[number];
export const initiativeStatusLabels: Record<InitiativeStatus, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

/** What was done with a piece of input: open until the university responds ("you said, we did"). */
export const inputStatuses = ['open', 'adopted', 'adapted', 'not_adopted'] as const;
export type InputStatus = (typeof inputStatuses)[number];
export const inputStatusLabels: Record<InputStatus, string> = {
  open: 'Open',
  adopted: 'Adopted',
  adapted: 'Adapted',
  not_adopted: 'Not adopted',
};

/** The record a piece of input came from: a touch point, activity feedback or a request. */
export const inputSourceKinds = ['touchpoint', 'feedback', 'request'] as const;
export type InputSourceKind = (typeof inputSourceKinds)[number];
export const inputSourceLabels: Record<InputSourceKind, string> = {
  touchpoint: 'Touch point',
  feedback: 'Activity feedback',
  request: 'Request',
};
