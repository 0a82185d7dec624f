import { describe, expect, it } from 'vitest';
import { fromSearchParams, toSearchParams } from './define.ts';
import { partnerList } from './partners.ts';

describe('list declarations in the address', () => {
  it('writes filters in the declaration’s order and reads them back', () => {
    const values = { status: ['active', 'dormant'], q: 'Leeds', isInternal: false, sort: '-updatedAt' };
    const text = toSearchParams(partnerList, values).toString();
    expect(text).toBe('q=Leeds&status=active%2Cdormant&isInternal=false&sort=-updatedAt');
    expect(fromSearchParams(partnerList, new URLSearchParams(text))).toEqual(values);
  });

  it('leaves out the default sort and empty values', () => {
    expect(toSearchParams(partnerList, { q: '', status: [], sort: 'name' }).toString()).toBe('');
  });

  it('drops what does not parse from an old or hand-edited link, keeping the rest', () => {
    const read = fromSearchParams(
      partnerList,
      new URLSearchParams('status=closed&typeId=nope&tag=KTP&sort=colour&isInternal=yes'),
    );
    expect(read).toEqual({ tag: 'ktp', sort: 'name' });
  });
});
