import { createHash } from 'node:crypto';

/** Dataset sizes: large is the university PRODUCT.md section 6 designs for; medium 1/10, small 1/100. */
export const scales = {
  large: {
    units: 200,
    users: 3000,
    partners: 50_000,
    contacts: 300_000,
    touchpoints: 5_000_000,
    requests: 20_000,
    giants: 5,
  },
  medium: {
    units: 60,
    users: 300,
    partners: 5_000,
    contacts: 30_000,
    touchpoints: 500_000,
    requests: 2_000,
    giants: 5,
  },
  small: {
    units: 20,
    users: 50,
    partners: 500,
    contacts: 3_000,
    touchpoints: 50_000,
    requests: 200,
    giants: 3,
  },
} as const;
export type ScaleName = keyof typeof scales;
export type Scale = (typeof scales)[ScaleName];

/** Share of all touch points that go to the few giant partners (5 × 50,000 at large scale). */
export const GIANT_SHARE = 0.05;
export const BENCH_PASSWORD = 'bench-password-not-secret';

/** Deterministic version-4 ids from md5(prefix || i), the same in SQL (see uid() in data.ts) and here. */
export function benchId(prefix: 'p' | 'u' | 's' | 'c', i: number): string {
  const m = createHash('md5').update(`${prefix}${i}`).digest('hex');
  const h = `${m.slice(0, 12)}4${m.slice(13, 16)}8${m.slice(17)}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const benchEmail = (i: number) => `bench-user-${i}@northmoor.ac.uk`;

export const placeWords = [
  'Northmoor',
  'Pennine',
  'Kirkby',
  'Calder',
  'Wharfedale',
  'Ashdown',
  'Brindle',
  'Coldstream',
  'Harrowgate',
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
];
export const trades = [
  'Engineering',
  'Logistics',
  'Digital',
  'Foods',
  'Energy',
  'Analytics',
  'Robotics',
  'Foundation',
  'Academy',
  'Council',
  'Trust',
  'Software',
];

/** The name bench partner i gets (mirrors the SQL in data.ts). */
export function benchPartnerName(i: number): string {
  return `${placeWords[i % placeWords.length]} ${trades[Math.floor(i / placeWords.length) % trades.length]} ${i}`;
}
