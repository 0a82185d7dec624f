/** The users vocabularies and their labels, without zod: contracts/users.ts builds its schemas from them. */

export const roles = ['administrator', 'senior_manager', 'relationship_manager', 'staff', 'viewer'] as const;
export type Role = (typeof roles)[number];
export const roleLabels: Record<Role, string> = {
  administrator: 'Administrator',
  senior_manager: 'Senior manager',
  relationship_manager: 'Relationship manager',
  staff: 'Staff',
  viewer: 'Viewer',
};
