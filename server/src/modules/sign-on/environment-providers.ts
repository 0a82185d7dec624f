import { z } from 'zod';
import { requiredText } from '../../../../common/src/contracts/shared.ts';
import {
  createSignOnProviderBody,
  mappingRuleFields,
  providerKey,
} from '../../../../common/src/contracts/sign-on.ts';
import { roles } from '../../../../common/src/labels/users.ts';

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

const environmentRules = z
  .array(
    environmentRule.refine((rule) => rule.role !== null || rule.unit !== null, {
      message: 'give the rule a role, a unit or both',
    }),
  )
  .max(50)
  .default([]);

/**
 * SAML identity providers configured by environment: RAPPORT_SAML_PROVIDERS holds a JSON array,
 * each with its metadata file (`metadataFile`), or its entity id, sign-in address and signing
 * certificate file. The files are read, and the metadata checked, when Rapport starts.
 */
const environmentSamlProvider = z
  .object({
    key: providerKey,
    name: requiredText(100),
    metadataFile: z.string().min(1).max(1000).optional(),
    entityId: z.string().trim().min(1).max(500).optional(),
    ssoUrl: z
      .url({ protocol: /^https?$/ })
      .max(1000)
      .optional(),
    sloUrl: z
      .url({ protocol: /^https?$/ })
      .max(1000)
      .nullable()
      .default(null),
    certificateFile: z.string().min(1).max(1000).optional(),
    enabled: z.boolean().default(true),
    linkByVerifiedEmail: z.boolean().default(false),
    defaultRole: z.enum(roles).default('viewer'),
    defaultUnit: z.string().trim().min(1).max(200).nullable().default(null),
    rules: environmentRules,
  })
  .strict()
  .refine((p) => p.metadataFile !== undefined || (p.entityId && p.ssoUrl && p.certificateFile), {
    message: 'give metadataFile, or entityId, ssoUrl and certificateFile',
  });

export type EnvironmentSamlProviderInput = z.infer<typeof environmentSamlProvider>;
/** A SAML provider from the environment, its identity provider's settings read at start. */
export type EnvironmentSamlProvider = Omit<
  EnvironmentSamlProviderInput,
  'metadataFile' | 'entityId' | 'ssoUrl' | 'sloUrl' | 'certificateFile'
> & { saml: { entityId: string; ssoUrl: string; sloUrl: string | null; certificates: string[] } };

const jsonArray = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON array of providers' });
    return z.NEVER;
  }
});

export const environmentSamlProviders = jsonArray.pipe(
  z
    .array(environmentSamlProvider)
    .max(20)
    .refine(
      (list) => new Set(list.map((p) => p.key)).size === list.length,
      'each provider needs its own key',
    ),
);

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
