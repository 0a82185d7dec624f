import { describe, expect, it } from 'vitest';
import { timescalesInTerms } from './timescales.ts';

describe('timescales in an agreement’s key terms', () => {
  it('reads the stages the terms name, in the ways they are written', () => {
    expect(
      timescalesInTerms(
        'Disputes: informal discussion within 5 working days; Formal review: 15 days.\nMediation 40 calendar days.',
      ),
    ).toEqual({ informal_discussion: 5, formal_review: 15, mediation: 40 });
  });

  it('ignores terms that set none, a number on another line, and impossible values', () => {
    expect(timescalesInTerms(null)).toEqual({});
    expect(timescalesInTerms('Ten placements each summer')).toEqual({});
    expect(timescalesInTerms('Senior panel\n12 days')).toEqual({});
    expect(timescalesInTerms('Senior panel: 0 days; formal review: 999 days')).toEqual({});
  });
});
