import { describe, expect, it } from 'vitest';
import { partnerList } from '../../../../common/src/lists/partners.ts';
import type { AppError } from '../../errors.ts';
import { keysetPages, neutralise } from './export.ts';
import { canonicalQuery } from './query.ts';

describe('export cells', () => {
  it('prefixes text a spreadsheet would run as a formula, and only that', () => {
    for (const text of ['=1+1', '+44 113', '-x', '@SUM(A1)', '\tx', '\rx'])
      expect(neutralise(text)).toBe(`'${text}`);
    for (const value of ['Leeds', ' =1', 'a=b', '', -2, 3.5, true, null])
      expect(neutralise(value)).toBe(value);
  });
});

describe('keyset pages', () => {
  it('follows the cursors to the end, one page at a time', async () => {
    const asked: (string | undefined)[] = [];
    const pages = { start: { items: [1, 2], nextCursor: 'b' }, b: { items: [3], nextCursor: null } };
    const seen: number[][] = [];
    for await (const page of keysetPages(async (cursor) => {
      asked.push(cursor);
      return cursor === 'b' ? pages.b : pages.start;
    }))
      seen.push(page);
    expect(seen).toEqual([[1, 2], [3]]);
    expect(asked).toEqual([undefined, 'b']);
  });
});

describe('canonical query of a saved view', () => {
  it('orders, normalises and drops paging', () => {
    expect(canonicalQuery(partnerList, 'sort=-name&limit=5&tag=KTP&cursor=x&format=csv')).toBe(
      'tag=ktp&sort=-name',
    );
  });

  it('names the parameter that is wrong', () => {
    const fieldOf = (raw: string) => {
      try {
        canonicalQuery(partnerList, raw);
      } catch (error) {
        return (error as AppError).extra.errors?.[0]?.field;
      }
      return null;
    };
    expect(fieldOf('isInternal=maybe')).toBe('query.isInternal');
    expect(fieldOf('owner=me')).toBe('query.owner');
    expect(fieldOf('status=active')).toBeNull();
  });
});
