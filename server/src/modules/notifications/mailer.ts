import nodemailer, { type Transporter } from 'nodemailer';

export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  attachments?: { filename: string; content: string; contentType: string }[];
};

/** Sends e-mail through the configured SMTP server; absent when SMTP_URL is unset (e-mail is off). */
export type Mailer = { send(mail: OutgoingMail): Promise<void>; close(): void };

export function createMailer(smtp: { url: string; from: string } | undefined): Mailer | null {
  if (!smtp) return null;
  const transport: Transporter = nodemailer.createTransport(smtp.url);
  return {
    async send(mail) {
      await transport.sendMail({ from: smtp.from, ...mail });
    },
    close: () => transport.close(),
  };
}
