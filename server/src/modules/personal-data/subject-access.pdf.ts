import PDFDocument from 'pdfkit';
import type { SubjectAccessExport } from './subject-access.service.ts';

const when = (iso: string | null | undefined) =>
  iso
    ? new Date(iso).toLocaleString('en-GB', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'Europe/London',
      })
    : '—';

/** The export as a document a person can read: one section per kind of record, in plain words. */
export function subjectAccessPdf(data: SubjectAccessExport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Personal data held about ${data.contact.name}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const heading = (text: string) =>
    doc.moveDown().font('Helvetica-Bold').fontSize(14).text(text).moveDown(0.3);
  const line = (label: string, value: string | number | boolean | null | undefined) =>
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(`${label}: `, { continued: true })
      .font('Helvetica')
      .text(value === null || value === undefined || value === '' ? '—' : String(value));
  const none = (items: unknown[]) => {
    if (items.length === 0) doc.font('Helvetica-Oblique').fontSize(10).text('None held.');
    return items.length === 0;
  };

  doc.font('Helvetica-Bold').fontSize(18).text(`Personal data held about ${data.contact.name}`);
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(`Exported ${when(data.exportedAt)} by ${data.exportedBy}. Rapport id ${data.contact.id}.`);

  heading('Contact record');
  const c = data.contact;
  line('Name', c.name);
  line('E-mail addresses', c.emails.join(', '));
  line('Telephone numbers', c.phones.join(', '));
  line('Job title', c.jobTitle);
  line('Notes', c.notes);
  line('Lawful basis', c.lawfulBasis);
  line('Recorded since', when(c.createdAt));

  heading('Affiliations');
  if (!none(data.affiliations))
    for (const a of data.affiliations)
      doc
        .font('Helvetica')
        .fontSize(10)
        .text(
          `${a.role} at ${a.partnerName}${a.startDate ? ` from ${a.startDate}` : ''}${a.endDate ? ` to ${a.endDate}` : ''}${a.isKeyContact ? ' (key contact)' : ''}`,
        );

  heading('Consent per purpose');
  if (!none(data.consents))
    for (const k of data.consents)
      doc
        .font('Helvetica')
        .fontSize(10)
        .text(
          `${k.recordedOn}: ${k.purpose}, ${k.decision} (${k.lawfulBasis}, ${k.source})${k.evidence ? `: ${k.evidence}` : ''}`,
        );

  heading('Touch points naming them');
  if (!none(data.touchpoints))
    for (const t of data.touchpoints) {
      doc
        .font('Helvetica-Bold')
        .fontSize(10)
        .text(`${when(t.occurredAt)}: ${t.subject}`);
      doc
        .font('Helvetica')
        .text(`${t.kind} with ${t.partnerName}, recorded by ${t.unitName}${t.notes ? `. ${t.notes}` : ''}`);
    }

  heading('Requests they raised');
  if (!none(data.requests))
    for (const r of data.requests) {
      doc.font('Helvetica-Bold').fontSize(10).text(`#${r.reference} ${r.title} (${r.status})`);
      doc
        .font('Helvetica')
        .text(
          `${r.kind} for ${r.partnerName}, raised ${when(r.createdAt)}${r.description ? `. ${r.description}` : ''}`,
        );
    }

  heading('Activity invitations');
  if (!none(data.invitations))
    for (const i of data.invitations)
      doc
        .font('Helvetica')
        .fontSize(10)
        .text(`${i.activityTitle} (${when(i.startsAt)}): ${i.status}`);

  heading('Feedback on activities');
  if (!none(data.feedback))
    for (const f of data.feedback)
      doc
        .font('Helvetica')
        .fontSize(10)
        .text(
          `${f.activityTitle} (${when(f.createdAt)}): rated ${f.rating} of 5${f.useful ? `. Useful: ${f.useful}` : ''}${f.change ? `. To change: ${f.change}` : ''}`,
        );

  heading('Attendance at activities');
  if (!none(data.attendance))
    for (const a of data.attendance)
      doc
        .font('Helvetica')
        .fontSize(10)
        .text(
          `${a.activityTitle} (${when(a.meetingStartsAt)}): ${a.status === 'attended' ? 'came' : 'did not come'}${a.walkIn ? ' (walk-in)' : ''}`,
        );

  heading('Working groups');
  if (!none(data.workingGroups))
    for (const w of data.workingGroups)
      doc
        .font('Helvetica')
        .fontSize(10)
        .text(
          `${w.workingGroup}${w.partnerName ? ` for ${w.partnerName}` : ''}${w.role ? `, ${w.role}` : ''}: joined ${w.joinedOn}${w.leftOn ? `, left ${w.leftOn}` : ''}`,
        );

  heading('Attachments');
  if (!none(data.attachments))
    for (const a of data.attachments)
      doc
        .font('Helvetica')
        .fontSize(10)
        .text(`${a.fileName} (${a.contentType}, ${a.size} bytes, ${when(a.uploadedAt)})`);

  heading('Change history');
  if (!none(data.audit))
    for (const e of data.audit)
      doc
        .font('Helvetica')
        .fontSize(9)
        .text(`${when(e.at)}: ${e.entity} ${e.action}${e.after ? ` ${JSON.stringify(e.after)}` : ''}`);

  doc.end();
  return done;
}
