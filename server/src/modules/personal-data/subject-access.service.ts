import { recordChange } from '../../db/records.ts';
import { notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { consentHistory, isErased, userNameOf } from './consents.repository.ts';
import { presentConsent, requireDataProtection } from './consents.service.ts';
import { subjectAccessPdf } from './subject-access.pdf.ts';
import { unsafeEverythingAbout } from './subject-access.repository.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Everything held about a contact, including records the asker could not otherwise read: the
 * data protection ability is the gate, and every export is recorded in the contact's audit.
 */
export async function subjectAccess(ctx: Ctx, contactId: string, format: 'json' | 'pdf') {
  await requireDataProtection(ctx);
  const data = await gather(ctx, contactId);
  await ctx.db.transaction((tx) =>
    recordChange(tx, ctx, { entity: 'contact', entityId: contactId, action: 'exported', detail: { format } }),
  );
  if (format === 'json') return { format, data } as const;
  return { format, data, pdf: await subjectAccessPdf(data) } as const;
}

async function gather(ctx: Ctx, contactId: string) {
  const found = await unsafeEverythingAbout(ctx.db, contactId);
  if (!found) throw notFound('Contact');
  const consents = await consentHistory(ctx.db, contactId);
  const erased = await isErased(ctx.db, contactId);
  const me = (await userNameOf(ctx.db, ctx.actor.userId)) ?? 'a member of staff';
  const c = found.contact;
  return {
    exportedAt: new Date().toISOString(),
    exportedBy: me,
    erased,
    contact: {
      id: c.id,
      name: c.name,
      emails: c.emails,
      phones: c.phones,
      jobTitle: c.jobTitle,
      notes: c.notes,
      lawfulBasis: c.lawfulBasis,
      consentStatus: c.consentStatus,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    },
    affiliations: found.affiliations,
    consents: consents.map(presentConsent),
    touchpoints: found.touchpoints.map((t) => ({ ...t, occurredAt: t.occurredAt.toISOString() })),
    requests: found.requests.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    requestComments: found.requestComments.map((r) => ({ ...r, at: r.at.toISOString() })),
    invitations: found.invitations.map((i) => ({
      ...i,
      startsAt: i.startsAt.toISOString(),
      invitedAt: iso(i.invitedAt),
      respondedAt: iso(i.respondedAt),
    })),
    feedback: found.feedback.map((f) => ({ ...f, createdAt: f.createdAt.toISOString() })),
    attendance: found.attendance.map((a) => ({ ...a, meetingStartsAt: a.meetingStartsAt.toISOString() })),
    workingGroups: found.workingGroups,
    attachments: found.attachments.map((a) => ({ ...a, uploadedAt: a.uploadedAt.toISOString() })),
    audit: found.audit.map((e) => ({
      ...e,
      at: e.at.toISOString(),
      before: e.before as Record<string, unknown> | null,
      after: e.after as Record<string, unknown> | null,
    })),
  };
}

export type SubjectAccessExport = Awaited<ReturnType<typeof gather>>;
