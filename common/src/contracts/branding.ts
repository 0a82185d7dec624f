import { z } from 'zod';
import { AA_TEXT, contrastRatio } from '../colour.ts';
export const LOGO_MAX_BYTES = 256 * 1024;

const hexColour = z
  .string()
  .max(7)
  .regex(/^#[0-9a-fA-F]{6}$/, 'Enter a colour as # and six hexadecimal digits, such as #0b6d68');

/** A primary colour white text can be read on: buttons and the current menu entry use it. */
export const primaryColour = hexColour.refine((colour) => contrastRatio(colour, '#ffffff') >= AA_TEXT, {
  message: `Choose a darker colour: white text on it must read at ${AA_TEXT}:1 or more (WCAG 2.2 AA)`,
});

/** How the university brands Rapport: its name, its primary colour, its logo. */
export const brandingSchema = z.object({
  name: z.string().max(120).nullable().describe("The university's name, shown beside Rapport's"),
  primaryColour: z.string().max(7).nullable().describe('#rrggbb; null keeps Rapport’s teal'),
  logoUrl: z.string().max(200).nullable().describe('Where the logo is served (changes when it changes)'),
  version: z.int32().min(0),
});
export type Branding = z.infer<typeof brandingSchema>;

export const updateBrandingBody = z
  .object({
    name: z.string().trim().max(120).nullable(),
    primaryColour: primaryColour.nullable(),
  })
  .strict();
export type UpdateBranding = z.infer<typeof updateBrandingBody>;

export const logoParams = z.object({
  sha: z
    .string()
    .max(64)
    .regex(/^[0-9a-f]{64}$/, 'must be the logo’s SHA-256'),
});
