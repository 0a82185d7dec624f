/** Who knows whom: the members of staff with the strongest links to a partner, and asking one of them for an introduction. */
import { z } from 'zod';
import { touchpointKinds } from '../labels/touchpoints.ts';
import { type LinkPartKey, linkPartKeys } from '../labels/who-knows-whom.ts';
import { isoDateTime, optionalText, person } from './shared.ts';

/** The weights of the link-strength formula (they add up to 100); README "Who knows whom". */
export const linkWeights: Record<LinkPartKey, number> = {
  recency: 30,
  frequency: 25,
  reciprocity: 20,
  longevity: 15,
  sharedActivities: 10,
};

export const whoKnowsWhomQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

const linkPart = z.object({
  key: z.enum(linkPartKeys),
  /** 0 to 1. */
  value: z.number().min(0).max(1),
  weight: z.int().min(0).max(100),
  /** The part's points in the strength: value × weight. */
  points: z.number().min(0).max(100),
  evidence: z
    .string()
    .max(300)
    .describe('The data behind the part, e.g. "9 touch points in the last 12 months"'),
});

const evidenceTouchpoint = z.object({
  id: z.uuid(),
  subject: z.string().max(300),
  kind: z.enum(touchpointKinds),
  occurredAt: isoDateTime,
  twoWay: z.boolean(),
});

export const linkSchema = z.object({
  rank: z.int().min(1),
  colleague: person,
  unitName: z.string().max(200).nullable(),
  strength: z.int().min(0).max(100),
  parts: z.array(linkPart).max(linkPartKeys.length),
  touchpoints: z.int().min(0).describe('Touch points with the partner they took part in, that you may see'),
  twoWay: z.int().min(0),
  lastYear: z.int().min(0),
  events: z.int().min(0),
  firstContact: isoDateTime,
  lastContact: isoDateTime,
  recent: z.array(evidenceTouchpoint).max(3).describe('The latest touch points behind the link'),
});
export type Link = z.infer<typeof linkSchema>;

export const whoKnowsWhomSchema = z.object({
  partnerId: z.uuid(),
  links: z.array(linkSchema).max(50),
  canAskForIntroduction: z.boolean(),
});
export type WhoKnowsWhom = z.infer<typeof whoKnowsWhomSchema>;

export const askForIntroductionBody = z.object({
  colleagueId: z.uuid(),
  message: optionalText(2000),
});
export type AskForIntroduction = z.infer<typeof askForIntroductionBody>;

export const introductionRequestSchema = z.object({
  id: z.uuid(),
  partner: person,
  askedBy: person,
  colleague: person,
  message: z.string().max(2000).nullable(),
  createdAt: isoDateTime,
});
export type IntroductionRequest = z.infer<typeof introductionRequestSchema>;
