// Test data builders, one file per domain area; each builds independent rows so test files run in parallel.
export * from './core.ts';
export * from './partners.ts';
export * from './people.ts';
export * from './touchpoints.ts';
