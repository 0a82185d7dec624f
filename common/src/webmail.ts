/**
 * Mail services shared by people of unrelated organisations: an address there says nothing
 * about where its owner works, so its domain never matches a partner (the import's e-mail-domain
 * match, the duplicate finder's "same domain"). Yahoo's, Hotmail's and Outlook's country domains
 * count as well (`yahoo.fr`, `hotmail.de`).
 */
export const webmailDomains: readonly string[] = [
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'hotmail.co.uk',
  'live.com',
  'live.co.uk',
  'msn.com',
  'yahoo.com',
  'yahoo.co.uk',
  'ymail.com',
  'rocketmail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'aol.co.uk',
  'btinternet.com',
  'sky.com',
  'virginmedia.com',
  'talktalk.net',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.co.uk',
  'mail.com',
  'zoho.com',
  'yandex.com',
];

const known = new Set(webmailDomains);

/** Whether a (lower-case) domain is a personal webmail one. */
export const isWebmailDomain = (domain: string) =>
  known.has(domain) || /^(yahoo|ymail|hotmail|outlook)\.[a-z]{2,3}(\.[a-z]{2})?$/.test(domain);
