/**
 * The demo's stories: a few partners whose record tells, across several units, what Rapport is for.
 * Each runs the same arc: a complaint, its escalation, its resolution, and a better relationship
 * afterwards. Dates are days before the demo's `today`; `{contact}`, `{partner}` and `{month}` are
 * filled in from the partner's first contact, its name, and a month after the resolution.
 */

type ChapterKind = 'meeting' | 'call' | 'email' | 'visit' | 'event';

export type Story = {
  /** Which partner the story is about: the first one, among the partners many units touch, that fits. */
  partner: { type: string; sector?: string };
  complaintDaysAgo: number;
  escalatedDaysAgo: number;
  resolvedDaysAgo: number;
  /** The units the story runs through; the first one owns the complaint and its relationship. */
  units: string[];
  /** The complaint unit's relationship afterwards. */
  objectives: string;
  complaint: {
    title: string;
    description: string;
    resolution: string;
    /** What the owner wrote when it was escalated, and when it was resolved. */
    escalatedComment: string;
    resolvedComment: string;
  };
  escalation: { briefing: string; deescalationReason: string };
  chapters: {
    unit: string;
    days: number;
    kind: ChapterKind;
    sentiment: number;
    subject: string;
    notes: string;
  }[];
};

export const STORIES: readonly Story[] = [
  {
    partner: { type: 'Employer' },
    complaintDaysAgo: 146,
    escalatedDaysAgo: 141,
    resolvedDaysAgo: 104,
    units: ['Careers and Employability', 'IT Services', 'Research and Innovation Office', 'Alumni Relations'],
    objectives: 'Rebuild trust after the briefing complaint, then grow placements to forty a year',
    complaint: {
      title: 'Placement students arrived without the agreed safety briefing',
      description:
        'Eight students arrived on site without the safety briefing agreed in the placement agreement. The partner wants a written reply and to know what will change before the next cohort.',
      resolution:
        'New briefing pack agreed with the partner: every cohort is briefed a week before arrival and the supervisor signs it off.',
      escalatedComment:
        'Escalated to the Head of Careers; we apologised in person and promised a new briefing pack.',
      resolvedComment: 'The partner has approved the new briefing pack; two more cohorts are booked.',
    },
    escalation: {
      briefing:
        'A formal complaint from a major placement employer: students arrived without the agreed briefing.',
      deescalationReason: 'Resolved with the partner: a new briefing pack agreed and the apology accepted.',
    },
    chapters: [
      {
        unit: 'Careers and Employability',
        days: 146,
        kind: 'call',
        sentiment: -2,
        subject: 'Complaint about the placement briefing',
        notes:
          '{contact} rang to complain that eight students arrived on site without the safety briefing we agreed. Logged it as a complaint and promised a written reply within five working days.',
      },
      {
        unit: 'Careers and Employability',
        days: 141,
        kind: 'meeting',
        sentiment: -1,
        subject: 'Apology meeting with the Head of Careers',
        notes:
          'Escalated to the Head of Careers, who came with me to apologise in person. {contact} accepted the apology but wants to see what will change before the next cohort.',
      },
      {
        unit: 'IT Services',
        days: 129,
        kind: 'call',
        sentiment: -1,
        subject: 'Access to the placement portal',
        notes:
          'Their supervisors could not see the students’ briefing records in the placement portal. Fixed the permissions while on the call.',
      },
      {
        unit: 'Careers and Employability',
        days: 104,
        kind: 'meeting',
        sentiment: 1,
        subject: 'New briefing pack agreed',
        notes:
          'Agreed the new briefing pack with {contact}: every cohort is briefed a week before arrival, and their supervisor signs it off. Complaint resolved; they will take two more cohorts from {month}.',
      },
      {
        unit: 'Research and Innovation Office',
        days: 58,
        kind: 'visit',
        sentiment: 1,
        subject: 'Visit about a Knowledge Transfer Partnership',
        notes:
          'Visited {partner} to explore a Knowledge Transfer Partnership. {contact} said the way the complaint was handled is why they want to do more with us.',
      },
      {
        unit: 'Alumni Relations',
        days: 19,
        kind: 'event',
        sentiment: 2,
        subject: 'Alumni networking evening',
        notes:
          '{contact} spoke at the alumni networking evening about the placement scheme and said they want to expand it next year.',
      },
    ],
  },
  {
    partner: { type: 'Public body', sector: 'Health' },
    complaintDaysAgo: 232,
    escalatedDaysAgo: 228,
    resolvedDaysAgo: 197,
    units: ['School of Nursing and Midwifery', 'IT Services', 'Research and Innovation Office'],
    objectives: 'Keep every placement cleared in time, and build the joint research on the health workforce',
    complaint: {
      title: 'Occupational health clearances for the spring nursing cohort not sent',
      description:
        'The trust’s placement office had clearances for only half of the spring cohort two days before the start, and had to turn twelve students away for the first week.',
      resolution:
        'Clearances now reach the trust three weeks before every placement, checked by a named administrator; the lost week was made up in the Easter vacation.',
      escalatedComment:
        'Escalated to the Head of School, who wrote to the trust’s Director of Nursing the same day.',
      resolvedComment:
        'The trust has confirmed the new clearance timetable works; the summer cohort started on time.',
    },
    escalation: {
      briefing:
        'A major NHS placement provider turned twelve nursing students away: the placements agreement is at risk.',
      deescalationReason: 'Resolved with the trust: clearances three weeks ahead and the lost week made up.',
    },
    chapters: [
      {
        unit: 'School of Nursing and Midwifery',
        days: 232,
        kind: 'call',
        sentiment: -2,
        subject: 'Complaint about missing occupational health clearances',
        notes:
          '{contact} rang: twelve of our students could not start their placement because their occupational health clearances had not arrived. Logged it as a complaint and promised a reply by Friday.',
      },
      {
        unit: 'School of Nursing and Midwifery',
        days: 228,
        kind: 'meeting',
        sentiment: -1,
        subject: 'Meeting with the Head of School about the clearances',
        notes:
          'The Head of School met {contact} and apologised. They want a timetable for clearances they can hold us to before the summer cohort.',
      },
      {
        unit: 'IT Services',
        days: 215,
        kind: 'email',
        sentiment: -1,
        subject: 'Sharing clearance records securely',
        notes:
          'Set up a secure shared folder so the trust’s placement office sees each student’s clearance as soon as it is issued, instead of waiting for a spreadsheet.',
      },
      {
        unit: 'School of Nursing and Midwifery',
        days: 197,
        kind: 'meeting',
        sentiment: 1,
        subject: 'Clearance timetable agreed with the trust',
        notes:
          'Agreed with {contact}: clearances reach the trust three weeks before each placement, and a named administrator checks them. Complaint resolved; the summer cohort starts in {month}.',
      },
      {
        unit: 'Research and Innovation Office',
        days: 96,
        kind: 'visit',
        sentiment: 1,
        subject: 'Visit about joint research on the health workforce',
        notes:
          'Visited {partner} to scope a joint study of nurse retention. {contact} said the way we fixed the clearances made them confident to work with us on research.',
      },
      {
        unit: 'School of Nursing and Midwifery',
        days: 33,
        kind: 'event',
        sentiment: 2,
        subject: 'Practice educators’ celebration',
        notes:
          '{contact} thanked our students at the practice educators’ celebration and asked for more placements next year.',
      },
    ],
  },
  {
    partner: { type: 'School or College' },
    complaintDaysAgo: 301,
    escalatedDaysAgo: 299,
    resolvedDaysAgo: 272,
    units: ['Widening Participation', 'Estates and Facilities', 'Student Recruitment'],
    objectives: 'Run every campus visit as promised, and grow applications from the college’s students',
    complaint: {
      title: 'Year 12 campus visit cancelled the day before',
      description:
        'Sixty Year 12 students were due on campus on Thursday; the visit was cancelled by e-mail on Wednesday afternoon because the lecture theatre had been double-booked. The coach had already been paid for.',
      resolution:
        'Visit rebooked with a guaranteed room, the coach refunded, and one named contact in Widening Participation for every visit.',
      escalatedComment:
        'Escalated to the Head of Widening Participation, who rang the college’s principal to apologise.',
      resolvedComment: 'The rebooked visit went ahead; the college has booked two more for the spring.',
    },
    escalation: {
      briefing:
        'A partner college had a campus visit for sixty students cancelled at a day’s notice and lost the cost of its coach.',
      deescalationReason:
        'Resolved with the college: the visit rebooked, the coach refunded, one named contact.',
    },
    chapters: [
      {
        unit: 'Widening Participation',
        days: 301,
        kind: 'email',
        sentiment: -2,
        subject: 'Complaint about the cancelled campus visit',
        notes:
          '{contact} wrote to complain that the Year 12 visit was cancelled the day before, with the coach already paid for. Logged it as a complaint and replied to apologise.',
      },
      {
        unit: 'Widening Participation',
        days: 299,
        kind: 'call',
        sentiment: -1,
        subject: 'Call with the Head of Widening Participation',
        notes:
          'The Head of Widening Participation rang {contact} to apologise and offered to refund the coach. They want one person to call for every visit.',
      },
      {
        unit: 'Estates and Facilities',
        days: 290,
        kind: 'meeting',
        sentiment: -1,
        subject: 'Room bookings for partner visits',
        notes:
          'Explained how the lecture theatre was double-booked. Partner visits are now protected bookings that timetabling cannot move.',
      },
      {
        unit: 'Widening Participation',
        days: 272,
        kind: 'visit',
        sentiment: 1,
        subject: 'Rebooked Year 12 campus visit',
        notes:
          'The rebooked visit went well: sixty students, two taster lectures and a campus tour. {contact} agreed that I am their named contact for every visit, and booked two more from {month}.',
      },
      {
        unit: 'Student Recruitment',
        days: 120,
        kind: 'meeting',
        sentiment: 1,
        subject: 'Applications from the college’s students',
        notes:
          'Met {contact} about this year’s applications: twice as many of their students have applied to us as last year.',
      },
      {
        unit: 'Widening Participation',
        days: 41,
        kind: 'meeting',
        sentiment: 2,
        subject: 'Summer school places agreed',
        notes:
          'Agreed twenty summer school places for {partner}’s students. {contact} said the visits are now the best run of any university they work with.',
      },
    ],
  },
];
