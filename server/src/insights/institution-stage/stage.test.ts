import { describe, expect, it } from 'vitest';
import { institutionStage, judgeUnit, type UnitFigures } from './stage.ts';

const unit = (over: Partial<UnitFigures> = {}): UnitFigures => ({
  activeRelationships: 10,
  touchedRelationships: 5,
  recorded: 20,
  sharedWithInstitution: 10,
  readsOfOthers: 0,
  ...over,
});
/** A unit that works this way, one that does not, and one that takes no part. */
const working = unit();
const notWorking = unit({ touchedRelationships: 2 });
const idle = unit({ activeRelationships: 0, touchedRelationships: 0, recorded: 0, sharedWithInstitution: 0 });

describe('a unit in a month', () => {
  it('works this way at half its relationships touched and half its records shared, not below either', () => {
    expect(judgeUnit(working)).toMatchObject({ touchedShare: 0.5, sharedShare: 0.5, worksThisWay: true });
    expect(judgeUnit(unit({ touchedRelationships: 4 })).worksThisWay).toBe(false);
    expect(judgeUnit(unit({ sharedWithInstitution: 9 })).worksThisWay).toBe(false);
  });

  it('has no share (not zero) with nothing to divide by, and then does not work this way', () => {
    const none = judgeUnit(unit({ activeRelationships: 0, touchedRelationships: 0 }));
    expect(none.touchedShare).toBeNull();
    expect(none.worksThisWay).toBe(false);
    expect(judgeUnit(unit({ recorded: 0, sharedWithInstitution: 0 })).sharedShare).toBeNull();
  });

  it('is flagged when it reads others’ records but shares none of its own', () => {
    expect(judgeUnit(unit({ readsOfOthers: 40, sharedWithInstitution: 0 })).readsButDoesNotShare).toBe(true);
    expect(judgeUnit(unit({ readsOfOthers: 40, sharedWithInstitution: 1 })).readsButDoesNotShare).toBe(false);
    expect(judgeUnit(unit({ readsOfOthers: 0, sharedWithInstitution: 0 })).readsButDoesNotShare).toBe(false);
  });
});

describe("the institution's stage", () => {
  it('is peripheral below a quarter of the units taking part, tactical from a quarter, strategic from 60%', () => {
    // 1 of 5 = 20%
    expect(institutionStage([working, notWorking, notWorking, notWorking, notWorking])).toEqual({
      takingPart: 5,
      workingThisWay: 1,
      adoptingShare: 0.2,
      stage: 'peripheral',
    });
    // 1 of 4 = 25%
    expect(institutionStage([working, notWorking, notWorking, notWorking]).stage).toBe('tactical');
    // 2 of 4 = 50%
    expect(institutionStage([working, working, notWorking, notWorking]).stage).toBe('tactical');
    // 3 of 5 = 60%
    expect(institutionStage([working, working, working, notWorking, notWorking]).stage).toBe('strategic');
  });

  it('leaves out units that take no part, and is peripheral with none', () => {
    expect(institutionStage([working, idle, idle, idle])).toMatchObject({
      takingPart: 1,
      stage: 'strategic',
    });
    expect(institutionStage([idle])).toEqual({
      takingPart: 0,
      workingThisWay: 0,
      adoptingShare: null,
      stage: 'peripheral',
    });
    expect(institutionStage([]).stage).toBe('peripheral');
  });
});
