import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { listCatalogue } from './catalogue.ts';
import { type FilterMeta, fromSearchParams, type ListMeta } from './define.ts';
import { duplicateList } from './duplicates.ts';
import { filterSchema, filterShape } from './query.ts';
import { datePattern, dateTimePattern, readFilter, readSort, uuidPattern } from './read.ts';
import { partnerTimelineList } from './touchpoints.ts';

/*
 * The web reads list filters from the address with read.ts; the server checks them with the zod
 * schema built from the same declaration (query.ts). These tests hold the two to one answer, so a
 * link the web reads as filtered is one the server accepts, and one it drops the server refuses.
 */

const lists: ListMeta[] = [...Object.values(listCatalogue), duplicateList, partnerTimelineList];

/** What the zod schema makes of one raw value: its parsed value, or undefined when refused. */
const byZod = (filter: FilterMeta, raw: string) => {
  const parsed = filterSchema(filter).safeParse(raw);
  return parsed.success ? parsed.data : undefined;
};

/** The reading the web used to do with zod itself, as the reference. */
function fromSearchParamsByZod(meta: ListMeta, params: URLSearchParams) {
  const values: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(filterShape(meta))) {
    const raw = params.get(name);
    if (raw === null) continue;
    const parsed = schema.safeParse(raw);
    if (parsed.success && parsed.data !== undefined) values[name] = parsed.data;
  }
  values.sort ??= meta.defaultSort;
  return values;
}

/** A small deterministic generator (mulberry32), so a failure names inputs that come back. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const uuid = '0b7f3c1e-5a2d-4c8b-9e1f-2a3b4c5d6e7f';
const odd = [
  '',
  ' ',
  ',',
  ',,,',
  '\0',
  'me',
  'ME',
  ' me',
  'true',
  'TRUE',
  'false ',
  '1',
  '__proto__',
  'constructor',
  'toString',
  'İ'.repeat(60),
  'İ'.repeat(61),
  '\u00a0spaced\u00a0',
  '\ufeffmarked\ufeff',
  '\u2028line\u2029',
  'x'.repeat(199),
  'x'.repeat(200),
  'x'.repeat(201),
  ` ${'y'.repeat(200)} `,
  'z'.repeat(100_000),
  uuid,
  uuid.toUpperCase(),
  `${uuid}\0`,
  `\0${uuid}`,
  ` ${uuid}`,
  uuid.replace('4c8b', '0c8b'),
  uuid.replace('4c8b', '9c8b'),
  uuid.replace('9e1f', 'ce1f'),
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '2026-12-03',
  '2024-02-29',
  '2023-02-29',
  '2000-02-29',
  '1900-02-29',
  '2026-04-31',
  '2026-13-01',
  '2026-1-01',
  '+2026-12-03',
  '2026-12-03T09:30:00Z',
  '2026-12-03T09:30Z',
  '2026-12-03T09:30:00.5+01:00',
  '2026-12-03T09:30:00+24:00',
  '2026-12-03T24:00:00Z',
  '2026-12-03t09:30:00z',
  '2026-12-03T09:30:00',
  `2026-12-03T09:30:00.${'1'.repeat(19)}Z`,
  `2026-12-03T09:30:00.${'1'.repeat(20)}Z`,
  `2026-12-03T09:30:00.${'1'.repeat(1000)}Z`,
  '2026-12-03T09:30:00Z\0',
];

/** Values a filter could take, and near misses of them. */
function candidates(filter: FilterMeta): string[] {
  const options = 'options' in filter ? [...filter.options] : [];
  const near = options.flatMap((o) => [o, o.toUpperCase(), ` ${o}`, `${o}\0`, `${o},`, `,${o}`]);
  const pairs = options.flatMap((a, i) => [`${a},${options[(i + 1) % options.length]}`, `${a},,${a}`]);
  const long = options.length ? [Array(400).fill(options[0]).join(',').slice(0, 1001)] : [];
  const many = options.length ? [Array(200).fill(options[0]).join(',')] : [];
  return [...odd, ...near, ...pairs, ...long, ...many];
}

/** Random strings from an alphabet of the characters that matter to these patterns. */
function fuzz(next: () => number, seeds: string[], count: number): string[] {
  const alphabet = [
    '0',
    '9',
    'a',
    'f',
    'F',
    'g',
    '-',
    ':',
    '.',
    'T',
    'Z',
    '+',
    ',',
    ' ',
    '\0',
    'é',
    'İ',
    'me',
  ];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const seed = seeds[Math.floor(next() * seeds.length)] ?? '';
    let text = seed;
    const edits = 1 + Math.floor(next() * 3);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(next() * (text.length + 1));
      const char = alphabet[Math.floor(next() * alphabet.length)]!;
      text =
        next() < 0.5
          ? text.slice(0, at) + char + text.slice(at + 1)
          : text.slice(0, at) + char + text.slice(at);
    }
    out.push(text);
  }
  return out;
}

describe('reading list filters without zod', () => {
  it('uses the patterns zod checks with', () => {
    expect(uuidPattern.source).toBe(z.regexes.uuid().source);
    expect(datePattern.source).toBe(z.regexes.date.source);
    expect(dateTimePattern.source).toBe(z.regexes.datetime({ offset: true }).source);
  });

  it('gives the same answer as the zod schema for every filter of every list, for valid, invalid and odd values', () => {
    const next = random(20);
    let compared = 0;
    for (const meta of lists) {
      for (const [name, filter] of Object.entries(meta.filters)) {
        const inputs = candidates(filter);
        for (const raw of [...inputs, ...fuzz(next, inputs, 300)]) {
          expect(
            readFilter(filter, raw),
            `${meta.name}.${name} = ${JSON.stringify(raw.slice(0, 80))}`,
          ).toEqual(byZod(filter, raw));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(20_000);
  });

  it('reads the sort as the zod enum does, with the default when it is missing or unknown', () => {
    for (const meta of lists) {
      const sort = filterShape(meta).sort!;
      const names = Object.keys(meta.sorts);
      const inputs = [
        ...names.flatMap((n) => [n, `-${n}`, `--${n}`, ` ${n}`, `${n}\0`, n.toUpperCase(), `+${n}`]),
        '',
        '-',
        'toString',
        '-__proto__',
        'hasOwnProperty',
      ];
      for (const raw of inputs) {
        const parsed = sort.safeParse(raw);
        expect(readSort(meta, raw), `${meta.name} sort=${raw}`).toBe(
          parsed.success ? parsed.data : meta.defaultSort,
        );
      }
      expect(readSort(meta, null)).toBe(meta.defaultSort);
    }
  });

  it('reads a whole address as the zod schema did: repeated keys, encoded NULs, unknown keys, empty values', () => {
    const next = random(3);
    for (const meta of lists) {
      const names = [...Object.keys(meta.filters), 'sort', 'limit', 'nope'];
      const values = Object.values(meta.filters).flatMap((f) => candidates(f).slice(0, 80));
      for (let i = 0; i < 200; i++) {
        const params = new URLSearchParams();
        const pairs = 1 + Math.floor(next() * 6);
        for (let p = 0; p < pairs; p++) {
          // Drawn from a few names, so keys repeat (the first one counts, for both readers).
          const name = names[Math.floor(next() * names.length)]!;
          params.append(name, values[Math.floor(next() * values.length)]!);
        }
        expect(fromSearchParams(meta, params), `${meta.name}?${params}`).toEqual(
          fromSearchParamsByZod(meta, params),
        );
      }
      const raw = new URLSearchParams(`q=%00&sort=&status=&isInternal=true&isInternal=false&kind=%00call`);
      expect(fromSearchParams(meta, raw)).toEqual(fromSearchParamsByZod(meta, raw));
    }
  });
});
