import type { DisputeTimescales } from '../../../../common/src/contracts/disputes.ts';
import {
  type DisputeStage,
  disputeStageLabels,
  type TimedStage,
  timedStages,
} from '../../../../common/src/labels/disputes.ts';

/**
 * The stage timescales an agreement's key terms set, as they are written there: "Informal
 * discussion: 5 days", "formal review within 15 working days". A stage the terms do not name is
 * left out (the institution's default applies).
 */
export function timescalesInTerms(keyTerms: string | null): Partial<DisputeTimescales> {
  if (!keyTerms) return {};
  const found: Partial<DisputeTimescales> = {};
  for (const stage of timedStages) {
    const name = disputeStageLabels[stage].replace(' ', '\\s+');
    const match = new RegExp(
      `${name}[^\\d\\n]{0,40}?(\\d{1,3})\\s*(?:working\\s+|calendar\\s+)?days?\\b`,
      'i',
    ).exec(keyTerms);
    const days = match ? Number(match[1]) : 0;
    if (days >= 1 && days <= 365) found[stage] = days;
  }
  return found;
}

export const isTimed = (stage: DisputeStage): stage is TimedStage => stage !== 'outcome';
