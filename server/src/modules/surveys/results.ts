import type { SurveyAnswer, SurveyQuestion } from '../../../../common/src/contracts/surveys.ts';
import { invalid } from '../../errors.ts';

/**
 * A survey's results, pure: the questions and the anonymous answers in, one summary per
 * question out. Below the anonymity threshold only how many answered is shown: no average, no
 * counts, no comments, so a small group's answers cannot be told apart.
 */
export function summarise(questions: SurveyQuestion[], responses: SurveyAnswer[][], threshold: number) {
  const shown = responses.length >= threshold;
  return {
    shown,
    questions: questions.map((q) => {
      const values = responses
        .map((answers) => answers.find((a) => a.questionId === q.id)?.value)
        .filter((v) => v !== undefined);
      const scale = q.kind === 'scale' ? { min: q.min, max: q.max } : null;
      const base = { id: q.id, kind: q.kind, text: q.text, scale, answered: values.length };
      if (!shown) return { ...base, average: null, counts: null, comments: null };
      if (q.kind === 'text') return { ...base, average: null, counts: null, comments: values.map(String) };
      const keys =
        q.kind === 'scale'
          ? Array.from({ length: q.max - q.min + 1 }, (_, i) => String(q.min + i))
          : q.options;
      const counts = keys.map((value) => ({
        value,
        count: values.filter((v) => String(v) === value).length,
      }));
      const numbers = values.filter((v): v is number => typeof v === 'number');
      const average =
        q.kind === 'scale' && numbers.length
          ? Math.round((numbers.reduce((a, b) => a + b, 0) / numbers.length) * 10) / 10
          : null;
      return { ...base, average, counts, comments: null };
    }),
  };
}

/**
 * Checks answers against the survey's questions and returns them as kept: each names a
 * question once; a scale's value is a whole number in its range, a choice's one of its
 * options, free text is trimmed (empty text is left out). The field of the first bad one is named.
 */
export function checkAnswers(questions: SurveyQuestion[], answers: SurveyAnswer[]): SurveyAnswer[] {
  const seen = new Set<string>();
  const kept: SurveyAnswer[] = [];
  answers.forEach((answer, i) => {
    const q = questions.find((x) => x.id === answer.questionId);
    if (!q) throw invalid(`answers.${i}.questionId`, 'is not a question of this survey');
    if (seen.has(q.id)) throw invalid(`answers.${i}.questionId`, 'is answered twice');
    seen.add(q.id);
    const v = answer.value;
    if (q.kind === 'scale') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < q.min || v > q.max)
        throw invalid(`answers.${i}.value`, `must be a whole number from ${q.min} to ${q.max}`);
      kept.push({ questionId: q.id, value: v });
    } else if (q.kind === 'choice') {
      if (typeof v !== 'string' || !q.options.includes(v))
        throw invalid(`answers.${i}.value`, 'must be one of the options');
      kept.push({ questionId: q.id, value: v });
    } else {
      if (typeof v !== 'string') throw invalid(`answers.${i}.value`, 'must be text');
      const text = v.trim();
      if (text) kept.push({ questionId: q.id, value: text });
    }
  });
  if (kept.length === 0) throw invalid('answers', 'Answer at least one question');
  return kept;
}
