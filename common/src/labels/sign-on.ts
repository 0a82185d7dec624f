/** The sign on vocabularies and their labels, without zod: contracts/sign-on.ts builds its schemas from them. */

export const signOnProtocols = ['oidc', 'saml'] as const;
export type SignOnProtocol = (typeof signOnProtocols)[number];
export const signOnProtocolLabels: Record<SignOnProtocol, string> = {
  oidc: 'OpenID Connect',
  saml: 'SAML 2.0',
};

export const passwordPolicies = ['everyone', 'break_glass_only'] as const;
export const passwordPolicyLabels: Record<(typeof passwordPolicies)[number], string> = {
  everyone: 'Everyone may sign in with a password',
  break_glass_only: 'Only the break-glass administrator may sign in with a password',
};
