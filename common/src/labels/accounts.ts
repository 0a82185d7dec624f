/** The accounts vocabularies and their labels, without zod: contracts/accounts.ts builds its schemas from them. */

export const channels = ['inApp', 'email', 'digest'] as const;
export type Channel = (typeof channels)[number];
export const channelLabels: Record<Channel, string> = {
  inApp: 'In Rapport',
  email: 'E-mail at once',
  digest: 'Daily digest',
};
