/** The units vocabularies and their labels, without zod: contracts/units.ts builds its schemas from them. */

export const unitKinds = ['faculty', 'school', 'department', 'service', 'office'] as const;
export type UnitKind = (typeof unitKinds)[number];
export const unitKindLabels: Record<UnitKind, string> = {
  faculty: 'Faculty',
  school: 'School',
  department: 'Department',
  service: 'Service',
  office: 'Office',
};

export const unitSorts = ['name', 'createdAt', 'updatedAt'] as const;
