import type { RowMatch } from '../../../../common/src/contracts/imports.ts';
import type { ImportKind } from '../../../../common/src/labels/imports.ts';
import type { Executor } from '../../db/client.ts';
import type { Actor } from '../access/actor.ts';
import type { CheckedRow, Lookups } from './checking.ts';
import { domainOf, memoryKey, workDomainOf } from './checking.ts';
import { contactsLike, partnersLike, relationshipsLike, touchpointsLike } from './imports.repository.ts';

/**
 * Which rows of a file may be records Rapport already has, or repeat an earlier row: the
 * matching rules in one place.
 * - A partner: the same website domain, or a name at least `partnerSimilarity` alike (pg_trgm).
 *   A partner's general e-mail address counts too: its domain (never a webmail one) against
 *   the partners' website domains.
 * - A contact: the same e-mail address, or a name alike (pg_trgm similarity ≥ 0.5, as the
 *   contacts' own "similar" check) at the same partner.
 * - A relationship: one of the same unit with the same partner (there can be only one).
 * - A touch point: one the uploader may see, with the same partner, day and subject.
 * Within the file an earlier row counts when it has the same domain or the same name (partners),
 * or the same name at the same partner (contacts; a repeated e-mail is a problem of its own).
 */

/**
 * What is remembered of the rows before, for matches within the file: for each key (by
 * `memoryKey`, a number whatever the key's length) the first row that has it and its name, as
 * one string "<row> <name>" copied out of the file's text (a cell is a slice of the chunk it was
 * read in, which a kept cell would keep alive whole): a map entry and the name, about 70 bytes a
 * row and the name's length.
 */
export type MatchMemory = { keys: Map<number, string> };
export const newMatchMemory = (): MatchMemory => ({ keys: new Map() });

/** The row before with this key, or null; else this row is remembered as the first with it. */
function earlierWith(memory: MatchMemory, key: string, row: number, name: string) {
  const hashed = memoryKey(key);
  const kept = memory.keys.get(hashed);
  if (kept === undefined) {
    memory.keys.set(hashed, JSON.parse(JSON.stringify(`${row} ${name}`)) as string);
    return null;
  }
  const space = kept.indexOf(' ');
  return { row: Number(kept.slice(0, space)), name: kept.slice(space + 1) };
}

export type MatchSettings = { partnerSimilarity: number };

const SIMILAR_CONTACT = 0.5;
const percent = (score: number) => `${Math.round(score * 100)}%`;

/** Matches for a checked batch: against Rapport in two round trips, then against the rows before. */
export async function matchBatch(
  db: Executor,
  kind: ImportKind,
  rows: CheckedRow[],
  // The partners a contact names are resolved when the row is checked (its `partnerId`).
  _lookups: Lookups,
  memory: MatchMemory,
  settings: MatchSettings,
  actor: Actor,
  /** During a run, the import: the records it created are not compared (contacts). */
  ownImportId: string | null = null,
): Promise<Map<number, RowMatch[]>> {
  const found = new Map<number, RowMatch[]>();
  const add = (row: number, match: RowMatch) => {
    const list = found.get(row) ?? [];
    const same = list.find((m) => m.recordId && m.recordId === match.recordId);
    if (same) same.evidence = [...new Set([...same.evidence, ...match.evidence])];
    else if (list.length < 5) list.push(match);
    found.set(row, list);
  };
  if (kind === 'partners') await matchPartners(db, rows, memory, settings, add);
  else if (kind === 'contacts') await matchContacts(db, rows, memory, add, ownImportId);
  else if (kind === 'relationships') await matchRelationships(db, rows, memory, add);
  else await matchTouchpoints(db, rows, memory, actor, add);
  return found;
}

type Add = (row: number, match: RowMatch) => void;

async function matchPartners(
  db: Executor,
  rows: CheckedRow[],
  memory: MatchMemory,
  settings: MatchSettings,
  add: Add,
) {
  const probes = rows
    .filter((r) => r.values.name)
    .map((r) => ({
      row: r.row,
      name: r.values.name as string,
      domain: r.values.website ? domainOf(r.values.website as string) : null,
      emailDomain: workDomainOf(r.values.email as string | null),
    }));
  const existing = await partnersLike(db, probes, settings.partnerSimilarity);
  for (const m of existing)
    add(m.row, {
      recordId: m.id,
      row: null,
      name: m.name,
      evidence: [
        ...(m.sameDomain ? ['same website domain'] : []),
        ...(m.sameEmailDomain ? ['e-mail domain matches its website'] : []),
        ...(m.score >= settings.partnerSimilarity ? [`similar name (${percent(m.score)})`] : []),
      ],
    });
  for (const probe of probes) {
    const domains = [...new Set([probe.domain, probe.emailDomain].filter((d) => d !== null))];
    const keys = [`name:${probe.name.toLowerCase()}`, ...domains.map((d) => `domain:${d}`)];
    for (const key of keys) {
      const earlier = earlierWith(memory, key, probe.row, probe.name);
      if (earlier)
        add(probe.row, {
          recordId: null,
          row: earlier.row,
          name: earlier.name,
          evidence: [key.startsWith('name:') ? 'same name' : 'same website domain'],
        });
    }
  }
}

async function matchContacts(
  db: Executor,
  rows: CheckedRow[],
  memory: MatchMemory,
  add: Add,
  ownImportId: string | null,
) {
  const probes = rows
    .filter((r) => r.values.name)
    .map((r) => {
      // The id the partner's name, domain or id resolved to when the row was checked.
      const partnerId = (r.values.partnerId as string | undefined) ?? null;
      return {
        row: r.row,
        name: r.values.name as string,
        email: (r.values.email as string | null) ?? null,
        partnerId,
      };
    });
  const existing = await contactsLike(db, probes, SIMILAR_CONTACT, ownImportId);
  for (const m of existing)
    add(m.row, {
      recordId: m.id,
      row: null,
      name: m.name,
      evidence: [
        ...(m.sameEmail ? ['same e-mail'] : []),
        ...(m.sameEmail ? [] : [`similar name at the same partner (${percent(m.score)})`]),
      ],
    });
  for (const probe of probes) {
    if (!probe.partnerId) continue;
    const earlier = earlierWith(
      memory,
      `${probe.partnerId}:${probe.name.toLowerCase()}`,
      probe.row,
      probe.name,
    );
    if (earlier)
      add(probe.row, {
        recordId: null,
        row: earlier.row,
        name: earlier.name,
        evidence: ['same name at the same partner'],
      });
  }
}

/** Row number → what the row names, for the relationships and touch points of a batch. */
const idOf = (r: CheckedRow, key: string) => (r.values[key] as string | undefined) ?? null;

async function matchRelationships(db: Executor, rows: CheckedRow[], memory: MatchMemory, add: Add) {
  const pairs = rows.flatMap((r) => {
    const unitId = idOf(r, 'unitId');
    const partnerId = idOf(r, 'partnerId');
    return unitId && partnerId && r.errors.length === 0 ? [{ row: r.row, unitId, partnerId }] : [];
  });
  for (const m of await relationshipsLike(db, pairs))
    add(m.row, { recordId: m.id, row: null, name: m.name, evidence: ['same unit and partner'] });
  const byRow = new Map(rows.map((r) => [r.row, r]));
  for (const pair of pairs) {
    const row = byRow.get(pair.row)!;
    const name = `${row.values.partner} and ${row.values.unit}`;
    const earlier = earlierWith(memory, `${pair.unitId}/${pair.partnerId}`, pair.row, name);
    if (earlier)
      add(pair.row, {
        recordId: null,
        row: earlier.row,
        name: earlier.name,
        evidence: ['same unit and partner'],
      });
  }
}

/** The day a moment falls on in the UK, for "the same day". */
const ukDay = (iso: string) => new Date(iso).toLocaleDateString('en-CA', { timeZone: 'Europe/London' });

async function matchTouchpoints(
  db: Executor,
  rows: CheckedRow[],
  memory: MatchMemory,
  actor: Actor,
  add: Add,
) {
  const probes = rows.flatMap((r) => {
    const partnerId = idOf(r, 'partnerId');
    const when = r.values.occurredAt as string | null;
    const subject = r.values.subject as string | null;
    return partnerId && when && subject && r.errors.length === 0
      ? [{ row: r.row, partnerId, day: ukDay(when), subject }]
      : [];
  });
  for (const m of await touchpointsLike(db, probes, actor))
    add(m.row, { recordId: m.id, row: null, name: m.name, evidence: ['same partner, day and subject'] });
  for (const probe of probes) {
    const key = `${probe.partnerId}/${probe.day}/${probe.subject.toLowerCase()}`;
    const earlier = earlierWith(memory, key, probe.row, probe.subject);
    if (earlier)
      add(probe.row, {
        recordId: null,
        row: earlier.row,
        name: earlier.name,
        evidence: ['same partner, day and subject'],
      });
  }
}
