/** Who may see a record: everyone, the recording unit, or named people only (administrators always). */
export const visibilities = ['institution', 'unit', 'confidential'] as const;
export type Visibility = (typeof visibilities)[number];
export const visibilityLabels: Record<Visibility, string> = {
  institution: 'Everyone at the university',
  unit: 'My unit only',
  confidential: 'Confidential: named people only',
};
/** The short form, for a badge on a record that is not open to everyone. */
export const visibilityBadges: Record<Visibility, string> = {
  institution: 'Everyone',
  unit: 'Unit only',
  confidential: 'Confidential',
};
