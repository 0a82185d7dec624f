import type { ChecklistItem } from '../../../../common/src/labels/assessments.ts';
import type { EvidenceFacts } from './assessments.repository.ts';

/** "This term": the evidence looks back this many days (a university term and a little more). */
export const TERM_DAYS = 120;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const words = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven'];
const inWords = (n: number) => words[n] ?? String(n);

/**
 * The evidence the form suggests for each item, in words, from figures counted over what the
 * viewer may read; null where the records say nothing about the item (the assessor writes it).
 */
export function suggestEvidence(f: EvidenceFacts): Record<ChecklistItem, string | null> {
  const term = 'this term';
  const touch = `${plural(f.touchpoints, 'touch point')} of ${inWords(f.kinds)} ${f.kinds === 1 ? 'kind' : 'kinds'} ${term}`;
  return {
    trust_openness:
      f.sentiment === null
        ? `${touch}; no sentiment recorded`
        : `${touch}; average sentiment ${f.sentiment >= 0 ? '+' : ''}${f.sentiment.toFixed(1)} (−2 to +2)`,
    proactive_improvement: null,
    stakeholders_heard: `${plural(f.contacts, 'contact')} of the partner took part in touch points ${term}`,
    communication_framework: null,
    communication_flows: `${touch}, ${f.formal} formal`,
    peer_to_peer: `${plural(f.staff, 'member')} of staff took part in touch points ${term}`,
    dispute_resolution: `${plural(f.disputes, 'complaint or dispute', 'complaints or disputes')} ${term}, ${f.disputesResolved} resolved`,
    soft_tensions: `${plural(f.concerns, 'concern')} raised ${term}, ${f.concernsResolved} resolved`,
    managing_upwards: `${plural(f.escalations, 'escalation')} raised ${term}`,
    regular_reporting: `${plural(f.formal, 'formal touch point')} ${term}`,
    information_sharing: `${plural(f.invitations, 'invitation')} of the partner's contacts to activities ${term}, ${f.placesTaken} places taken`,
    understanding_practices: null,
    authority_to_change: null,
  };
}
