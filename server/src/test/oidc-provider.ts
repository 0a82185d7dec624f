import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

/** What the test provider says about a person: `sub` and any claims (email, department, groups …). */
export type TestAccount = { sub: string } & Record<string, unknown>;

/**
 * A real OpenID Connect provider (oidc-provider) on a free local port, for tests. Its login and
 * consent step is done by the test's choice: `signInAs(sub)` names who the next person at its
 * login is (nobody: the provider answers access_denied), and consent is given at once.
 */
export async function startTestOidcProvider(client: {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
}) {
  const accounts = new Map<string, TestAccount>();
  let next: string | null = null;
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: client.redirectUris,
        post_logout_redirect_uris: client.postLogoutRedirectUris ?? [],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    async findAccount(_ctx: KoaContextWithOIDC, id: string) {
      const account = accounts.get(id);
      return account ? { accountId: id, claims: async () => ({ ...account }) } : undefined;
    },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'department', 'groups'],
    },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: {
      url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    pkce: { required: () => true },
    cookies: { keys: ['rapport-test-provider-cookie-key'] },
    ttl: {
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      AccessToken: 600,
      IdToken: 600,
      AuthorizationCode: 60,
    },
  });
  const handle = provider.callback();

  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/interaction/')) {
      handle(req, res);
      return;
    }
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      if (!next) {
        await provider.interactionFinished(req, res, {
          error: 'access_denied',
          error_description: 'Nobody signed in',
        });
        return;
      }
      if (details.prompt.name === 'login') {
        await provider.interactionFinished(req, res, { login: { accountId: next } });
        return;
      }
      const grant = details.grantId
        ? (await provider.Grant.find(details.grantId))!
        : new provider.Grant({
            accountId: details.session!.accountId,
            clientId: details.params.client_id as string,
          });
      const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });

  return {
    issuer,
    /** Adds (or replaces) a person the provider knows. */
    addAccount(account: TestAccount) {
      accounts.set(account.sub, account);
    },
    /** Who signs in at the provider's next login (null: nobody, so the provider refuses). */
    signInAs(sub: string | null) {
      next = sub;
    },
    /**
     * Follows the browser's way from Rapport's redirect through the provider (its cookies kept)
     * until the provider sends it back to `redirectPrefix`; answers that address.
     */
    async authorize(url: string, redirectPrefix: string): Promise<URL> {
      const jar = new Map<string, string>();
      let location = url;
      for (let hop = 0; hop < 12; hop++) {
        if (location.startsWith(redirectPrefix)) return new URL(location);
        const response = await fetch(location, {
          redirect: 'manual',
          headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
        });
        for (const cookie of response.headers.getSetCookie()) {
          const [pair = ''] = cookie.split(';');
          const eq = pair.indexOf('=');
          jar.set(pair.slice(0, eq), pair.slice(eq + 1));
        }
        const next = response.headers.get('location');
        if (!next) throw new Error(`The provider stopped at ${location} with ${response.status}`);
        location = new URL(next, location).href;
      }
      throw new Error('Too many redirects at the provider');
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
