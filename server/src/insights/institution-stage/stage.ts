import { stageRule } from '../../../../common/src/contracts/institution-stage.ts';
import type { AdoptionStage } from '../../../../common/src/labels/institution-stage.ts';

/** One unit's figures for one month, as counted. */
export type UnitFigures = {
  activeRelationships: number;
  touchedRelationships: number;
  recorded: number;
  sharedWithInstitution: number;
  readsOfOthers: number;
};

const shareOf = (part: number, whole: number) => (whole > 0 ? Math.min(1, part / whole) : null);

/**
 * A unit's month, judged: the shares, whether it reads others' records but shares none of its
 * own, and whether it works this way (touched at least half its active relationships and made at
 * least half of what it recorded visible to the institution).
 */
export function judgeUnit(f: UnitFigures) {
  const touchedShare = shareOf(f.touchedRelationships, f.activeRelationships);
  const sharedShare = shareOf(f.sharedWithInstitution, f.recorded);
  return {
    ...f,
    touchedShare,
    sharedShare,
    readsButDoesNotShare: f.readsOfOthers > 0 && f.sharedWithInstitution === 0,
    worksThisWay:
      touchedShare !== null &&
      sharedShare !== null &&
      touchedShare >= stageRule.touchedShare &&
      sharedShare >= stageRule.sharedShare,
  };
}

/** Whether a unit takes part in a month: it has an active relationship or recorded something. */
export const takesPart = (f: UnitFigures) => f.activeRelationships > 0 || f.recorded > 0;

/**
 * The institution's stage in a month, from its units: of the units taking part, the share that
 * work this way; strategic from 60%, tactical from 25%, peripheral below (and with none taking part).
 */
export function institutionStage(units: UnitFigures[]): {
  takingPart: number;
  workingThisWay: number;
  adoptingShare: number | null;
  stage: AdoptionStage;
} {
  const taking = units.filter(takesPart);
  const working = taking.filter((u) => judgeUnit(u).worksThisWay).length;
  const adoptingShare = shareOf(working, taking.length);
  const stage: AdoptionStage =
    adoptingShare !== null && adoptingShare >= stageRule.strategic
      ? 'strategic'
      : adoptingShare !== null && adoptingShare >= stageRule.tactical
        ? 'tactical'
        : 'peripheral';
  return { takingPart: taking.length, workingThisWay: working, adoptingShare, stage };
}
