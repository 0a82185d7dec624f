import { z } from 'zod';
import { createSignOnProviderBody, mappingRuleFields } from '../../../../common/src/contracts/sign-on.ts';
import { roles } from '../../../../common/src/contracts/users.ts';

/**
 * Providers configured by environment: RAPPORT_SIGN_ON_PROVIDERS holds a JSON array of them. Unit
 * ids differ between installations, so rules and the default unit name units by their name
 * (`"unit": "IT Services"`), found when someone signs in.
 */
const environmentRule = z.object({
  ...mappingRuleFields,
  unit: z.string().trim().min(1).max(200).nullable().default(null),
});

const environmentProvider = createSignOnProviderBody
  .omit({ defaultUnitId: true, rules: true })
  .extend({
    defaultRole: z.enum(roles).default('viewer'),
    defaultUnit: z.string().trim().min(1).max(200).nullable().default(null),
    rules: z
      .array(
        environmentRule.refine((rule) => rule.role !== null || rule.unit !== null, {
          message: 'give the rule a role, a unit or both',
        }),
      )
      .max(50)
      .default([]),
  })
  .strict();

export type EnvironmentProvider = z.infer<typeof environmentProvider>;

export const environmentProviders = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of providers' });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .array(environmentProvider)
      .max(20)
      .refine(
        (list) => new Set(list.map((p) => p.key)).size === list.length,
        'each provider needs its own key',
      ),
  );
