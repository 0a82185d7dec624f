import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { createMailer, type Mailer, type OutgoingMail } from '../modules/notifications/mailer.ts';

/**
 * E-mail sent on behalf of a request (invitations, password resets) after it is answered, so
 * the time an answer takes never tells whether an address has an account.
 */
export type AccountMail = {
  /** Whether e-mail is configured (SMTP_URL). */
  enabled: boolean;
  /** The web app's address, for links in e-mails. */
  baseUrl: string;
  /** Queues the mail; a failure is logged, never answered. */
  send(mail: OutgoingMail): void;
  /** Resolves once every queued mail was handed to the SMTP server (tests, shutdown). */
  drain(): Promise<void>;
};

declare module 'fastify' {
  interface FastifyInstance {
    mailer: Mailer | null;
    accountMail: AccountMail;
  }
}

export const mailPlugin = fp<{ config: Config }>(async (app, { config }) => {
  const mailer = createMailer(config.smtp);
  const pending = new Set<Promise<void>>();
  const accountMail: AccountMail = {
    enabled: mailer !== null,
    baseUrl: (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/$/, ''),
    send(mail) {
      if (!mailer) return;
      const sending = mailer
        .send(mail)
        .catch((err) => app.log.error({ err }, 'could not send an account e-mail'))
        .finally(() => pending.delete(sending));
      pending.add(sending);
    },
    async drain() {
      while (pending.size) await Promise.all(pending);
    },
  };
  app.decorate('mailer', mailer);
  app.decorate('accountMail', accountMail);
  app.addHook('onClose', async () => {
    await accountMail.drain();
    mailer?.close();
  });
});
