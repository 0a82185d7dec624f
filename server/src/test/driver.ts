/** Which database the tests run on: RAPPORT_TEST_DRIVER=postgres needs TEST_DATABASE_URL. */
export function testDriver(): { kind: 'pglite' } | { kind: 'postgres'; url: string } {
  const env = process.env;
  if (env.RAPPORT_TEST_DRIVER === 'postgres') {
    if (!env.TEST_DATABASE_URL) throw new Error('RAPPORT_TEST_DRIVER=postgres needs TEST_DATABASE_URL');
    return { kind: 'postgres', url: env.TEST_DATABASE_URL };
  }
  return { kind: 'pglite' };
}

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
