/** Fixed word lists for the fictional University of Northmoor and its partners. */

export const faculties: { name: string; code: string; schools: string[] }[] = [
  {
    name: 'Faculty of Science and Engineering',
    code: 'FSE',
    schools: [
      'School of Computing',
      'School of Engineering',
      'School of Chemistry',
      'School of Physics and Astronomy',
      'School of Mathematics',
    ],
  },
  {
    name: 'Faculty of Medicine and Health',
    code: 'FMH',
    schools: ['School of Medicine', 'School of Nursing and Midwifery', 'School of Healthcare Sciences'],
  },
  {
    name: 'Faculty of Arts and Humanities',
    code: 'FAH',
    schools: ['School of History', 'School of English', 'School of Music', 'School of Modern Languages'],
  },
  {
    name: 'Faculty of Social Sciences',
    code: 'FSS',
    schools: ['Business School', 'School of Law', 'School of Education', 'School of Psychology'],
  },
];

export const services: { name: string; code: string; kind: 'service' | 'office' }[] = [
  { name: 'IT Services', code: 'ITS', kind: 'service' },
  { name: 'Careers and Employability', code: 'CAR', kind: 'service' },
  { name: 'Research and Innovation Office', code: 'RIO', kind: 'office' },
  { name: 'Student Recruitment', code: 'REC', kind: 'service' },
  { name: 'Alumni Relations', code: 'ALU', kind: 'office' },
  { name: 'Estates and Facilities', code: 'EST', kind: 'service' },
  { name: 'Library Services', code: 'LIB', kind: 'service' },
  { name: 'International Office', code: 'INT', kind: 'office' },
  { name: 'Procurement', code: 'PRO', kind: 'office' },
  { name: 'Widening Participation', code: 'WP', kind: 'office' },
];

export const places = [
  'Northmoor',
  'Pennine',
  'Kirkby',
  'Calder',
  'Wharfedale',
  'Ashdown',
  'Brindle',
  'Coldstream',
  'Harrowgate',
  'Aire Valley',
  'Ravensworth',
  'Holmfirth',
  'Skelton',
  'Thornbury',
  'Marsden',
  'Ilkley',
  'Otterburn',
  'Fellside',
  'Greystone',
  'Oakworth',
  'Ribble',
  'Swaledale',
  'Hebden',
  'Luddenden',
  'Bramley',
  'Castleford',
  'Denholme',
];

/** Partner names by type, each pattern with the sector it belongs to. */
export const partnerNamePatterns: Record<string, { pattern: string; sector: string }[]> = {
  Employer: [
    { pattern: '{place} Engineering Ltd', sector: 'Engineering' },
    { pattern: '{place} Logistics', sector: 'Logistics' },
    { pattern: '{place} Digital', sector: 'Technology' },
    { pattern: '{place} Building Society', sector: 'Financial services' },
    { pattern: '{place} Foods plc', sector: 'Manufacturing' },
    { pattern: '{place} Energy', sector: 'Energy' },
  ],
  Business: [
    { pattern: '{place} Analytics Ltd', sector: 'Data and AI' },
    { pattern: '{place} Robotics', sector: 'Technology' },
    { pattern: '{place} Materials Ltd', sector: 'Advanced materials' },
    { pattern: '{place} Biotech', sector: 'Life sciences' },
    { pattern: '{place} Software', sector: 'Technology' },
  ],
  Funder: [
    { pattern: '{place} Foundation', sector: 'Research funding' },
    { pattern: '{place} Research Trust', sector: 'Research funding' },
    { pattern: '{place} Heritage Fund', sector: 'Heritage' },
    { pattern: '{place} Innovation Fund', sector: 'Innovation' },
  ],
  'School or College': [
    { pattern: '{place} Grammar School', sector: 'Secondary education' },
    { pattern: '{place} Academy', sector: 'Secondary education' },
    { pattern: '{place} Sixth Form College', sector: 'Further education' },
    { pattern: '{place} College', sector: 'Further education' },
  ],
  'Public body': [
    { pattern: '{place} City Council', sector: 'Local government' },
    { pattern: '{place} NHS Foundation Trust', sector: 'Health' },
    { pattern: '{place} Combined Authority', sector: 'Local government' },
    { pattern: '{place} Police', sector: 'Policing' },
  ],
  'Charity or Community group': [
    { pattern: '{place} Community Trust', sector: 'Community' },
    { pattern: 'Friends of {place}', sector: 'Community' },
    { pattern: '{place} Youth Project', sector: 'Youth' },
    { pattern: '{place} Food Bank', sector: 'Social care' },
  ],
  'Alumni group': [
    { pattern: 'Northmoor Alumni {place} Chapter', sector: 'Alumni' },
    { pattern: 'Northmoor Graduates in {place}', sector: 'Alumni' },
  ],
  Supplier: [
    { pattern: '{place} Office Supplies', sector: 'Facilities' },
    { pattern: '{place} Catering Ltd', sector: 'Catering' },
    { pattern: '{place} Print Services', sector: 'Print' },
    { pattern: '{place} Facilities Management', sector: 'Facilities' },
  ],
  'International partner': [
    { pattern: 'University of {place} (Canada)', sector: 'Higher education' },
    { pattern: '{place} Institute of Technology (Singapore)', sector: 'Higher education' },
    { pattern: '{place} Universität', sector: 'Higher education' },
  ],
};

/** Given names and family names as a staff list in the north of England reads today. */
export const firstNames = [
  'Amelia',
  'Oliver',
  'Isla',
  'Harry',
  'Ava',
  'George',
  'Freya',
  'Jack',
  'Poppy',
  'Thomas',
  'Sophie',
  'James',
  'Grace',
  'William',
  'Evie',
  'Charlie',
  'Ruby',
  'Alfie',
  'Ella',
  'Joshua',
  'Hannah',
  'Daniel',
  'Chloe',
  'Samuel',
  'Lucy',
  'Joseph',
  'Emily',
  'Owen',
  'Megan',
  'Rhys',
  'Niamh',
  'Callum',
  'Eilidh',
  'Fraser',
  'Siobhan',
  'Ciaran',
  'Priya',
  'Arjun',
  'Aisha',
  'Imran',
  'Fatima',
  'Bilal',
  'Zainab',
  'Hamza',
  'Anita',
  'Rajesh',
  'Mei',
  'Wei',
  'Kasia',
  'Tomasz',
  'Agnieszka',
  'Chidi',
  'Adaeze',
  'Kwame',
  'Abena',
  'Helen',
  'Gareth',
  'Sian',
  'Dafydd',
  'Bethan',
  'Rachel',
  'Simon',
  'Claire',
  'Andrew',
  'Joanne',
  'Stuart',
  'Louise',
  'Mark',
  'Kirsty',
  'Neil',
];

export const lastNames = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Robinson',
  'Wright',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
  'Green',
  'Hall',
  'Wood',
  'Jackson',
  'Clarke',
  'Hughes',
  'Turner',
  'Hill',
  'Cooper',
  'Ward',
  'Morris',
  'Moore',
  'Harrison',
  'Lewis',
  'Shaw',
  'Atkinson',
  'Holroyd',
  'Sutcliffe',
  'Ackroyd',
  'Barraclough',
  'Hirst',
  'Greenwood',
  'Brook',
  'Pickles',
  'Haigh',
  'Patel',
  'Khan',
  'Hussain',
  'Ahmed',
  'Begum',
  'Ali',
  'Sharma',
  'Singh',
  'Chowdhury',
  'Mistry',
  'Nowak',
  'Kowalski',
  'Wiśniewska',
  'Okafor',
  'Mensah',
  'Adeyemi',
  'Chen',
  'Wong',
  'Nguyen',
  'Murphy',
  "O'Brien",
  'Kelly',
  'MacDonald',
  'Campbell',
  'Stewart',
  'Fraser',
  'Reid',
  'Price',
  'Pritchard',
  'Llewellyn',
];

/** What a partner of each type talks to the university about. */
export const topicsByType: Record<string, string[]> = {
  'Academic School': [
    'the laptop refresh for teaching staff',
    'lecture capture in the new building',
    'the research computing allocation',
    'access to the student records reports',
    'the move to the new virtual learning environment',
  ],
  Employer: [
    'the placement agreement',
    'graduate recruitment',
    'the degree apprenticeship',
    'summer internships',
    'the employer mentoring scheme',
  ],
  Business: [
    'the Knowledge Transfer Partnership',
    'a consultancy project',
    'the joint Innovate UK bid',
    'student projects on their data',
    'access to the laboratories',
  ],
  Funder: ['the joint bid', 'the annual grant report', 'the next funding round', 'the impact case study'],
  'School or College': [
    'the summer school',
    'campus visits for Year 12',
    'the widening participation programme',
    'teacher training placements',
  ],
  'Public body': [
    'the civic partnership',
    'the health workforce programme',
    'the regional skills plan',
    'student volunteering',
  ],
  'Charity or Community group': [
    'student volunteering',
    'the community research project',
    'use of the sports hall',
    'the food donation scheme',
  ],
  'Alumni group': [
    'the annual reunion',
    'the mentoring network',
    'the alumni fund',
    'the regional drinks evening',
  ],
  Supplier: [
    'the contract renewal',
    'delivery times',
    'the service levels in the contract',
    'the new price list',
  ],
  'International partner': [
    'the student exchange',
    'the joint doctoral programme',
    'the visiting scholars scheme',
    'the articulation agreement',
  ],
};

/**
 * Touch-point notes in the words a member of staff would write them, by kind. `{topic}`,
 * `{contact}`, `{partner}` and `{month}` are filled in from the partner and the date.
 */
export const noteTemplates: Record<string, string[]> = {
  meeting: [
    'Met {contact} to talk through {topic}. Agreed to start with a small pilot from {month}.',
    'Review meeting with {contact} and two colleagues from {partner}. Went through {topic} point by point; actions are in the shared minutes.',
    'Introductory meeting about {topic}. {contact} will send their timetable and we will propose dates by the end of the month.',
    'Steering group on {topic}. Numbers are on track; the next meeting moves to {month}.',
  ],
  call: [
    'Call with {contact} about {topic}. They asked for a one-page summary they can take to their board.',
    'Short catch-up call with {contact}: {topic} is going ahead, and they want a named contact on our side.',
    'Rang {contact} to check on {topic}; they will confirm the numbers by {month}.',
  ],
  email: [
    'E-mailed {contact} the draft terms for {topic}, with the changes we discussed.',
    'Sent {contact} the dates for {topic} and the booking link.',
    'Replied to {contact} about {topic}, copying in the school office.',
  ],
  visit: [
    'Visited {partner} with two colleagues to talk about {topic}, and met the people who would be involved day to day.',
    'Hosted {contact} on campus: a tour of the new building and a conversation about {topic}.',
  ],
  event: [
    '{contact} came to our stand and asked about {topic}; we swapped details.',
    'Presented {topic} to about forty people from local organisations; {partner} asked for the slides.',
  ],
  enquiry: [
    '{contact} asked whether we could help with {topic}. Passed to the right team and told them who will reply.',
    'Enquiry from {partner} about {topic}. Sent the information pack and offered a call.',
  ],
  note: [
    'Heard from a colleague that {partner} is reorganising; {contact} may change role. Worth keeping in touch about {topic}.',
    'Note for the file: {contact} prefers a phone call to e-mail for anything about {topic}.',
  ],
};

/** A closing sentence in keeping with how the touch point went (sentiment −2 … +2). */
export const sentimentNotes: Record<string, string[]> = {
  '-2': [
    'They are unhappy that earlier promises were not kept and want to see a plan in writing.',
    '{contact} was frustrated: three e-mails have gone unanswered since the spring.',
  ],
  '-1': [
    'Some concern about how long replies are taking on our side.',
    'They are not yet convinced the timing works for them.',
  ],
  '0': ['No decision yet; we will pick this up at the next meeting.', 'Nothing further needed for now.'],
  '1': ['A positive conversation; they are keen to do more.', 'They thanked us for the quick turnaround.'],
  '2': [
    'Very positive: they described us as their best university partner.',
    'They want to expand the arrangement next year and will put it to their board.',
  ],
};

/** What a request of each kind says, in the words of whoever raised it. */
export const requestDescriptions: Record<string, string[]> = {
  incident: [
    'The partner reports that this stopped working this week. Several of their staff are affected and they need it fixed before their next intake.',
    'Reported by phone; the partner has a workaround for now but it is slowing them down.',
  ],
  enhancement: [
    'The partner would like this added for next year and has offered to share the cost of a pilot.',
    'Raised at the last review meeting as something that would make the arrangement easier to run.',
  ],
  enquiry: [
    'The partner asked who can help with this and when they can expect an answer.',
    'A question from the partner that needs a reply from the right team.',
  ],
  complaint: [
    'The partner is unhappy with how this was handled and expects a written reply with what will change.',
    'Raised formally by the partner after two informal reminders went unanswered.',
  ],
  dispute: [
    'The partner and the university read the agreement differently; both sides want it settled before renewal.',
  ],
  concern: [
    'Not a complaint yet, but the partner has said they are worried and want to talk it through.',
    'Picked up in conversation: the partner is uneasy and the relationship manager wants to act early.',
  ],
};

export const externalRoles = [
  'Head of Early Careers',
  'Graduate Recruitment Manager',
  'Research Partnerships Manager',
  'Head of Sixth Form',
  'Programme Officer',
  'Director of Operations',
  'Partnerships Manager',
  'Chief Executive',
  'Account Manager',
];

export const staffJobTitles = [
  'Service Desk Analyst',
  'Business Partner',
  'Careers Consultant',
  'Research Development Manager',
  'Administrator',
  'Project Officer',
  'Engagement Officer',
  'Head of Service',
  'Systems Librarian',
  'Partnerships Officer',
];

export const touchpointSubjects: Record<string, string[]> = {
  meeting: [
    'Quarterly review meeting',
    'Introductory meeting',
    'Meeting about {topic}',
    'Service review',
    'Steering group: {topic}',
  ],
  call: ['Catch-up call', 'Call about {topic}', 'Follow-up call on {topic}'],
  email: [
    'Sent the draft terms for {topic}',
    'Shared the dates for {topic}',
    'Answered a question on {topic}',
  ],
  visit: ['Site visit', 'Campus tour for the partner', 'Visit about {topic}'],
  event: [
    'Partners’ breakfast',
    'Presentation on {topic}',
    'Roadshow presentation',
    'Annual partners’ forum',
  ],
  enquiry: ['Enquiry about {topic}', 'Question about {topic}'],
  note: ['Note from a corridor conversation', 'Change of contact', 'Note on {topic}'],
};

export const demoPassword = 'northmoor-demo';

export const demoAccounts = [
  { email: 'admin@northmoor.ac.uk', name: 'Alex Administrator', role: 'administrator', unit: 'IT Services' },
  { email: 'senior@northmoor.ac.uk', name: 'Sam Senior', role: 'senior_manager', unit: 'IT Services' },
  {
    email: 'manager@northmoor.ac.uk',
    name: 'Morgan Manager',
    role: 'relationship_manager',
    unit: 'IT Services',
  },
  { email: 'staff@northmoor.ac.uk', name: 'Sasha Staff', role: 'staff', unit: 'Careers and Employability' },
  {
    email: 'viewer@northmoor.ac.uk',
    name: 'Vic Viewer',
    role: 'viewer',
    unit: 'Research and Innovation Office',
  },
] as const;

/** Request titles by kind, for the demo register. */
export const requestTitles: Record<string, string[]> = {
  incident: [
    'Placement portal rejects partner log-ins',
    'Invoice sent to the wrong address',
    'Visitor passes not ready for site visit',
    'Shared data folder no longer accessible',
    'Event booking confirmation never arrived',
  ],
  enhancement: [
    'Add a second intake to the placement scheme',
    'Quarterly report on student project outcomes',
    'Joint branding on the careers fair stand',
    'Access to the library for partner staff',
  ],
  enquiry: [
    'Dates for the next graduate recruitment fair',
    'Who to contact about a research collaboration',
    'Room hire for a partner away day',
    'Guest lecture availability next term',
  ],
  complaint: [
    'Slow reply to placement applications',
    'Students arrived without the agreed briefing',
    'Parking for partner visitors was refused',
  ],
  dispute: ['Disagreement over intellectual property terms', 'Contested invoice for the CPD programme'],
  concern: [
    'Partner unhappy with the change of contact',
    'Fewer students applying than agreed',
    'Worry about the renewal of the agreement',
  ],
};
