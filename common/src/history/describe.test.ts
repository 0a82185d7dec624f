import { describe, expect, it } from 'vitest';
import { describeChange, formatValue, labelOf } from './describe.ts';

const partner = {
  id: 'p1',
  version: 1,
  name: 'Kirkby Works',
  typeId: 't1',
  typeName: 'Employer',
  parentId: null,
  parentName: null,
  status: 'active',
  website: null,
  tags: [],
  isInternal: false,
  updatedAt: '2026-01-01T10:00:00.000Z',
};

describe('history in words', () => {
  it("says an activity's audience in words, part by part, and leaves its derived counts out", () => {
    const created = {
      id: 'a1',
      title: 'Employer forum',
      audience: {
        partnerTypes: [{ id: 't1', name: 'Employer' }],
        partners: [],
        contacts: [{ id: 'c1', name: 'Priya Shah' }],
      },
      counts: { invited: 0, registered: 0, waiting: 0, declined: 0 },
    };
    expect(describeChange('activity', null, created).map((c) => `${c.label}: ${c.after}`)).toEqual([
      'Title: Employer forum',
      'Audience: Partner types: Employer; Contacts: Priya Shah',
    ]);
    const nobody = { ...created, audience: { partnerTypes: [], partners: [], contacts: [] } };
    expect(describeChange('activity', created, nobody).map((c) => [c.label, c.after])).toEqual([
      ['Audience', 'none'],
    ]);
  });

  it("says an activity's times as entered, leaves out the instants they make, and its rule in the caller's words", () => {
    const created = {
      id: 'a1',
      title: 'Employer forum',
      startsAt: '2026-12-02T14:00:00.000Z',
      localStart: '2026-12-02T14:00',
      timeZone: 'Europe/Paris',
      recurrence: 'FREQ=WEEKLY;BYDAY=WE',
    };
    const said = (rule: string) => (rule === 'FREQ=WEEKLY;BYDAY=WE' ? 'Every week on Wednesday' : null);
    expect(
      describeChange('activity', null, created, { recurrence: said }).map((c) => `${c.label}: ${c.after}`),
    ).toEqual([
      'Title: Employer forum',
      'Starts: 2 Dec 2026, 14:00',
      'Time zone: Europe/Paris',
      'Repeats: Every week on Wednesday',
    ]);
    // A rule the caller cannot say is shown as it is; without the caller's words, too.
    const odd = { ...created, recurrence: 'FREQ=YEARLY' };
    expect(describeChange('activity', created, odd, { recurrence: said })).toEqual([
      { field: 'recurrence', label: 'Repeats', before: 'Every week on Wednesday', after: 'FREQ=YEARLY' },
    ]);
    expect(describeChange('activity', created, odd).at(0)?.before).toBe('FREQ=WEEKLY;BYDAY=WE');
  });

  it("shows an initiative's nested records by name and its publication without the private link", () => {
    const before = {
      id: 'i1',
      title: 'New VLE',
      owner: { id: 'u1', name: 'Sam Staff' },
      milestones: [],
      counts: { inputs: 0, open: 0 },
      publication: null,
    };
    const after = {
      ...before,
      owner: { id: 'u2', name: 'Ola Owner' },
      milestones: [{ id: 'm1', title: 'Pilot in Music', dueDate: '2026-11-01' }],
      counts: { inputs: 1, open: 1 },
      publication: { path: '/you-said/secret-token', publishedAt: '2026-12-02T10:00:00.000Z' },
    };
    const changes = describeChange('initiative', before, after);
    expect(changes.map((c) => [c.label, c.before, c.after])).toEqual([
      ['Owner', 'Sam Staff', 'Ola Owner'],
      ['Milestones', 'none', 'Pilot in Music'],
      ['Publication', 'none', 'Published 2 Dec 2026, 10:00'],
    ]);
    expect(JSON.stringify(changes)).not.toContain('secret-token');
  });

  it('names the fields that changed, enums in words, ids through their names', () => {
    const after = {
      ...partner,
      version: 2,
      status: 'dormant',
      parentId: 'g1',
      parentName: 'Kirkby Group',
      tags: ['placements', 'ktp'],
      updatedAt: '2026-02-01T10:00:00.000Z',
    };
    expect(describeChange('partner', partner, after)).toEqual([
      { field: 'parentId', label: 'Part of', before: 'none', after: 'Kirkby Group' },
      { field: 'status', label: 'Status', before: 'Active', after: 'Dormant' },
      { field: 'tags', label: 'Tags', before: 'none', after: 'placements, ktp' },
    ]);
  });

  it('lists what a creation filled in, and nothing for a deletion', () => {
    expect(describeChange('partner', null, partner).map((c) => `${c.label}: ${c.after}`)).toEqual([
      'Name: Kirkby Works',
      'Type: Employer',
      'Status: Active',
    ]);
    expect(describeChange('partner', partner, null)).toEqual([]);
  });

  it('formats dates, booleans, people and long text', () => {
    expect(formatValue('relationship', 'reviewDate', '2026-12-01')).toBe('1 Dec 2026');
    expect(formatValue('contact', 'consentStatus', 'withdrawn')).toBe('Withdrawn');
    expect(formatValue('affiliation', 'isKeyContact', true)).toBe('Yes');
    expect(formatValue('relationship', 'deputies', [{ id: 'u', name: 'Sam Patel' }])).toBe('Sam Patel');
    expect(formatValue('contact', 'notes', 'x'.repeat(300))).toHaveLength(200);
    expect(labelOf('consentRecordedOn')).toBe('Consent recorded on');
    expect(labelOf('cadenceDays')).toBe('Expected contact (days)');
  });

  it('shows a renamed owner as the name even when only the name field differs', () => {
    const before = { ownerId: 'u1', ownerName: 'Ann', title: 'Printer' };
    const after = { ownerId: 'u2', ownerName: 'Bob', title: 'Printer' };
    expect(describeChange('request', before, after)).toEqual([
      { field: 'ownerId', label: 'Owner', before: 'Ann', after: 'Bob' },
    ]);
  });
});
