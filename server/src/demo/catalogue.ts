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

export const partnerNamePatterns: Record<string, string[]> = {
  Employer: [
    '{place} Engineering Ltd',
    '{place} Logistics',
    '{place} Digital',
    '{place} Building Society',
    '{place} Foods plc',
    '{place} Energy',
  ],
  Business: [
    '{place} Analytics Ltd',
    '{place} Robotics',
    '{place} Materials Ltd',
    '{place} Biotech',
    '{place} Software',
  ],
  Funder: [
    '{place} Foundation',
    '{place} Research Trust',
    '{place} Heritage Fund',
    '{place} Innovation Fund',
  ],
  'School or College': [
    '{place} Grammar School',
    '{place} Academy',
    '{place} Sixth Form College',
    '{place} College',
  ],
  'Public body': [
    '{place} City Council',
    '{place} NHS Foundation Trust',
    '{place} Combined Authority',
    '{place} Police',
  ],
  'Charity or Community group': [
    '{place} Community Trust',
    'Friends of {place}',
    '{place} Youth Project',
    '{place} Food Bank',
  ],
  'Alumni group': ['Northmoor Alumni {place} Chapter', 'Northmoor Graduates in {place}'],
  Supplier: [
    '{place} Office Supplies',
    '{place} Catering Ltd',
    '{place} Print Services',
    '{place} Facilities Management',
  ],
  'International partner': [
    'University of {place} (Canada)',
    '{place} Institute of Technology (Singapore)',
    '{place} Universität',
  ],
};

export const sectors: Record<string, string[]> = {
  Employer: ['Engineering', 'Logistics', 'Financial services', 'Manufacturing', 'Energy', 'Technology'],
  Business: ['Technology', 'Life sciences', 'Advanced materials', 'Data and AI'],
  Funder: ['Research funding', 'Heritage', 'Innovation'],
  'School or College': ['Secondary education', 'Further education'],
  'Public body': ['Local government', 'Health', 'Policing'],
  'Charity or Community group': ['Community', 'Youth', 'Social care'],
  'Alumni group': ['Alumni'],
  Supplier: ['Facilities', 'Catering', 'Print'],
  'International partner': ['Higher education'],
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
    'Planning the autumn placements',
    'Service review',
    'Steering group',
  ],
  call: [
    'Catch-up call',
    'Call about the software licence renewal',
    'Follow-up call on the funding bid',
    'Call about student projects',
  ],
  email: [
    'Shared the new service catalogue',
    'Sent the draft agreement',
    'Answered a question on data access',
    'Invitation to the forum',
  ],
  visit: ['Site visit', 'Campus tour for the partner', 'Visit to the laboratory', 'Visit to the school'],
  event: [
    'Attended the careers fair',
    'Attended the research showcase',
    'Roadshow presentation',
    'Alumni networking evening',
  ],
  enquiry: [
    'Enquiry about placements',
    'Enquiry about consultancy',
    'Enquiry about a joint bid',
    'Enquiry about training',
  ],
  note: [
    'Note from the corridor conversation',
    'Concern about response times',
    'Positive feedback on the new system',
    'Change of contact',
  ],
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
