import type { FormErrors } from '@mantine/form';
import {
  type SurveyQuestion,
  type SurveyTemplateBody,
  surveyTemplateBody,
} from '../../../../common/src/contracts/surveys.ts';
import { checkWith } from '../../components/forms.ts';

/** A question as the editor holds it: choice options as lines of text, numbers as typed. */
export type QuestionValues = {
  /** React's key for the row, so a moved question keeps its inputs. */
  rowKey: string;
  id: string;
  kind: SurveyQuestion['kind'];
  text: string;
  min: number | string;
  max: number | string;
  lowLabel: string;
  highLabel: string;
  optionsText: string;
};
export type TemplateValues = { name: string; questions: QuestionValues[] };

let rows = 0;
const nextRowKey = () => `q${++rows}`;

export const toValues = (q: SurveyQuestion): QuestionValues => ({
  rowKey: nextRowKey(),
  id: q.id,
  kind: q.kind,
  text: q.text,
  min: q.kind === 'scale' ? q.min : 1,
  max: q.kind === 'scale' ? q.max : 5,
  lowLabel: q.kind === 'scale' ? q.lowLabel : '',
  highLabel: q.kind === 'scale' ? q.highLabel : '',
  optionsText: q.kind === 'choice' ? q.options.join('\n') : '',
});

/** A new question, with a key not yet used in the template. */
export function blankQuestion(taken: string[]): QuestionValues {
  let n = taken.length + 1;
  while (taken.includes(`question_${n}`)) n++;
  return toValues({
    id: `question_${n}`,
    kind: 'scale',
    text: '',
    min: 1,
    max: 5,
    lowLabel: '',
    highLabel: '',
  });
}

const toQuestion = (q: QuestionValues): SurveyQuestion =>
  q.kind === 'scale'
    ? {
        id: q.id,
        kind: 'scale',
        text: q.text,
        min: Number(q.min),
        max: Number(q.max),
        lowLabel: q.lowLabel,
        highLabel: q.highLabel,
      }
    : q.kind === 'choice'
      ? {
          id: q.id,
          kind: 'choice',
          text: q.text,
          options: q.optionsText
            .split('\n')
            .map((o) => o.trim())
            .filter(Boolean),
        }
      : { id: q.id, kind: 'text', text: q.text };

export const toBody = (v: TemplateValues): SurveyTemplateBody => ({
  name: v.name,
  questions: v.questions.map(toQuestion),
});

/** A choice's options are one field on screen: its messages (about the list or one option) go there. */
export function onScreen(errors: Record<string, string>): FormErrors {
  const out: FormErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    const key = path.replace(/^(questions\.\d+)\.options(\.\d+)?$/, '$1.optionsText');
    out[key] ??= message;
  }
  return out;
}

const check = checkWith<TemplateValues>(surveyTemplateBody, toBody);
/** The form's check: the server's own contract, with messages on the fields shown. */
export const validateTemplate = (values: TemplateValues) => onScreen(check(values) as Record<string, string>);
