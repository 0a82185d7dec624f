/** The surveys vocabularies and their labels, without zod: contracts/surveys.ts builds its schemas from them. */

export const surveyQuestionKinds = ['scale', 'choice', 'text'] as const;
export type SurveyQuestionKind = (typeof surveyQuestionKinds)[number];
export const surveyQuestionKindLabels: Record<SurveyQuestionKind, string> = {
  scale: 'Scale',
  choice: 'Choice',
  text: 'Free text',
};
