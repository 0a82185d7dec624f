import { z } from 'zod';
import { type PlaybookStepKind, playbookRunReasons, playbookStepKinds } from '../labels/playbooks.ts';
import { type TouchpointKind, touchpointKinds } from '../labels/touchpoints.ts';
import { isoDateTime, person, requiredText } from './shared.ts';

/** Most steps one playbook holds. */
export const PLAYBOOK_MAX_STEPS = 20;

export const playbookStepInput = z
  .object({
    title: requiredText(200),
    completesWhen: z.enum(playbookStepKinds),
    touchpointKind: z
      .enum(touchpointKinds)
      .nullish()
      .transform((v) => v ?? null)
      .describe('For a step completed by a touch point: its kind'),
  })
  .superRefine((step, ctx) => {
    if (step.completesWhen === 'touchpoint' && !step.touchpointKind)
      ctx.addIssue({ code: 'custom', path: ['touchpointKind'], message: 'Choose the kind of touch point' });
    if (step.completesWhen !== 'touchpoint' && step.touchpointKind)
      ctx.addIssue({
        code: 'custom',
        path: ['touchpointKind'],
        message: 'only a step completed by a touch point names a kind',
      });
  });
export type PlaybookStepInput = z.input<typeof playbookStepInput>;

/** A partner type's playbook as a whole: the steps in order (PUT replaces them). */
export const playbookBody = z.object({
  steps: z.array(playbookStepInput).max(PLAYBOOK_MAX_STEPS),
});
export type PlaybookBody = z.input<typeof playbookBody>;

export const playbookStepSchema = z.object({
  id: z.uuid(),
  position: z.int32(),
  title: z.string().max(200),
  completesWhen: z.enum(playbookStepKinds),
  touchpointKind: z.enum(touchpointKinds).nullable(),
});
export const playbookSchema = z.object({
  partnerTypeId: z.uuid(),
  steps: z.array(playbookStepSchema).max(PLAYBOOK_MAX_STEPS),
  waiting: z
    .int32()
    .min(0)
    .describe(
      'Active relationships with partners of this type that have never had a run (they began before the playbook had steps): starting the playbook on them begins one each',
    ),
});
export type Playbook = z.infer<typeof playbookSchema>;

/** The record that completed a step: always one the caller may read. */
export const stepEvidenceSchema = z.object({
  entity: z.enum(['touchpoint', 'communication_plan_item', 'peer_pair', 'review']),
  id: z.uuid(),
  label: z.string().max(300).nullable(),
});

export const runStepSchema = z.object({
  id: z.uuid(),
  position: z.int32(),
  title: z.string().max(200),
  completesWhen: z.enum(playbookStepKinds),
  touchpointKind: z.enum(touchpointKinds).nullable(),
  done: z.boolean(),
  doneAt: isoDateTime.nullable(),
  how: z.enum(['record', 'by_hand']).nullable(),
  record: stepEvidenceSchema.nullable(),
  note: z.string().max(2000).nullable().describe('The evidence given when it was ticked by hand'),
  tickedBy: person.nullable(),
});
export type RunStep = z.infer<typeof runStepSchema>;

export const playbookRunSchema = z.object({
  id: z.uuid(),
  relationshipId: z.uuid(),
  partner: person,
  unit: person,
  manager: person.nullable(),
  reason: z.enum(playbookRunReasons),
  startedAt: isoDateTime,
  steps: z.array(runStepSchema).max(PLAYBOOK_MAX_STEPS),
  progress: z.object({ done: z.int32().min(0), total: z.int32().min(0) }),
  can: z.object({ tick: z.boolean() }),
});
export type PlaybookRun = z.infer<typeof playbookRunSchema>;

export const relationshipPlaybookSchema = z.object({ run: playbookRunSchema.nullable() });
export const playbookRunList = z.object({ items: z.array(playbookRunSchema).max(300) });

/** What starting the playbook on the relationships already under way did. */
export const startedRunsSchema = z.object({
  started: z.int32().min(0).describe('Runs begun, one per relationship that had none'),
});
export type StartedRuns = z.infer<typeof startedRunsSchema>;

export const runStepParams = z.object({ id: z.uuid(), stepId: z.uuid() });
export const tickStepBody = z.object({
  evidence: requiredText(2000).describe('What shows the step was done: a note, required'),
});
export type TickStep = z.infer<typeof tickStepBody>;

/** The defaults a new installation (and the demo) starts from. */
export const defaultPlaybookSteps: {
  title: string;
  completesWhen: PlaybookStepKind;
  touchpointKind: TouchpointKind | null;
}[] = [
  { title: 'Hold an introductory meeting', completesWhen: 'touchpoint', touchpointKind: 'meeting' },
  { title: 'Agree the communication plan', completesWhen: 'communication_plan', touchpointKind: null },
  {
    title: "Exchange information about each other's services and practices",
    completesWhen: 'by_hand',
    touchpointKind: null,
  },
  { title: 'Name the peer pairs', completesWhen: 'peer_pairs', touchpointKind: null },
  { title: 'Set the first review date', completesWhen: 'review', touchpointKind: null },
];
