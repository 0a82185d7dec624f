import { describe, expect, it } from 'vitest';
import { claimMatches, mapAccount, type ResolvedRule } from './mapping.ts';
import { decryptSecret, encryptSecret } from './secret-box.ts';

const IT = '0190a000-0000-7000-8000-000000000001';
const CAREERS = '0190a000-0000-7000-8000-000000000002';
const rules: ResolvedRule[] = [
  { claim: 'department', value: 'IT Services', role: null, unitId: IT },
  { claim: 'groups', value: 'rapport-admins', role: 'administrator', unitId: null },
  { claim: 'groups', value: 'careers-staff', role: 'staff', unitId: CAREERS },
  { claim: 'department', value: 'IT Services', role: 'relationship_manager', unitId: CAREERS },
];
const defaults = { role: 'viewer' as const, unitId: null };

describe('mapping claims to a role and a unit', () => {
  it('matches a value case aside, in a list claim, and never an object or a missing claim', () => {
    expect(claimMatches({ department: ' it services ' }, 'department', 'IT Services')).toBe(true);
    expect(claimMatches({ groups: ['a', 'Rapport-Admins'] }, 'groups', 'rapport-admins')).toBe(true);
    expect(claimMatches({ staff: true }, 'staff', 'true')).toBe(true);
    expect(claimMatches({ department: { name: 'IT Services' } }, 'department', 'IT Services')).toBe(false);
    expect(claimMatches({}, 'department', 'IT Services')).toBe(false);
    expect(claimMatches({ department: 'IT Services Desk' }, 'department', 'IT Services')).toBe(false);
  });

  it('takes the role from the first matching rule that gives one, and the unit likewise', () => {
    expect(mapAccount({ department: 'IT Services' }, rules, defaults)).toEqual({
      role: 'relationship_manager',
      unitId: IT,
    });
    expect(mapAccount({ department: 'IT Services', groups: ['rapport-admins'] }, rules, defaults)).toEqual({
      role: 'administrator',
      unitId: IT,
    });
    expect(mapAccount({ groups: ['careers-staff'] }, rules, defaults)).toEqual({
      role: 'staff',
      unitId: CAREERS,
    });
  });

  it("falls back to the provider's default role and unit", () => {
    expect(mapAccount({ department: 'Estates' }, rules, { role: 'staff', unitId: CAREERS })).toEqual({
      role: 'staff',
      unitId: CAREERS,
    });
    expect(mapAccount({}, [], defaults)).toEqual(defaults);
  });
});

describe('secrets kept encrypted', () => {
  const key = 'a-key-of-at-least-thirty-two-characters!';
  it('reads back what it sealed, never shows it, and differs each time', () => {
    const sealed = encryptSecret(key, 'client-secret');
    expect(sealed).not.toContain('client-secret');
    expect(encryptSecret(key, 'client-secret')).not.toBe(sealed);
    expect(decryptSecret(key, sealed)).toBe('client-secret');
  });

  it('answers null under another key or for a tampered text', () => {
    const sealed = encryptSecret(key, 'client-secret');
    expect(decryptSecret(`${key}x`, sealed)).toBeNull();
    const [v, iv, tag, data] = sealed.split('.');
    const flipped = `${data!.slice(0, 1) === 'A' ? 'B' : 'A'}${data!.slice(1)}`;
    expect(decryptSecret(key, [v, iv, tag, flipped].join('.'))).toBeNull();
    expect(decryptSecret(key, 'plain text')).toBeNull();
  });
});
