import type { OutgoingMail } from '../notifications/mailer.ts';

type Person = { name: string; email: string };

const when = (date: Date) =>
  date.toLocaleString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  });

/** The invitation: a link that sets the first password. */
export function invitationMail(to: Person, link: string, expiresAt: Date, invitedBy: string): OutgoingMail {
  return {
    to: `${to.name} <${to.email}>`,
    subject: '[Rapport] You are invited to Rapport',
    text: [
      `Dear ${to.name},`,
      '',
      `${invitedBy} has given you an account on Rapport, the university's shared record of its relationships with partners.`,
      '',
      `Choose your password here to start (the link works once, until ${when(expiresAt)}):`,
      link,
      '',
      `You will sign in with ${to.email}.`,
    ].join('\n'),
  };
}

/** The answer to "Forgot password?": a link that sets a new password. */
export function resetMail(to: Person, link: string, expiresAt: Date): OutgoingMail {
  return {
    to: `${to.name} <${to.email}>`,
    subject: '[Rapport] Choose a new password',
    text: [
      `Dear ${to.name},`,
      '',
      'Someone (we hope you) asked to choose a new password for Rapport. The link works once, until ' +
        `${when(expiresAt)}:`,
      link,
      '',
      'If it was not you, ignore this e-mail: your password stays as it is.',
    ].join('\n'),
  };
}
