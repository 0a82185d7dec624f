/**
 * The walls between parts of the code (.dependency-cruiser.cjs), checked on every `npm test`:
 * each forbidden import is named, with the rule it breaks and why the wall is there.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cruise, type IConfiguration, type ICruiseResult } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const config = createRequire(import.meta.url)(path.join(root, '.dependency-cruiser.cjs')) as IConfiguration;

const isFolderRule = (rule: object) => 'scope' in rule && rule.scope === 'folder';
const fileRules = config.forbidden?.filter((r) => !isFolderRule(r)) ?? [];
const folderRules = config.forbidden?.filter(isFolderRule) ?? [];
const excluded = (config.options!.exclude as { path: string }).path;

/**
 * Every import that breaks a wall, as "rule: from → to (why)". The rules between folders (a cycle
 * between modules) see the modules and insights alone, without their tests: a test, lib/ or
 * jobs/ may reach many modules without making them depend on each other.
 */
async function violations(baseDir: string, folders: string[]): Promise<string[]> {
  const run = async (ruleSet: IConfiguration['forbidden'], extra: IConfiguration['options'] = {}) => {
    const { output } = await cruise(folders, {
      ...config.options,
      ...extra,
      baseDir,
      validate: true,
      ruleSet: { forbidden: ruleSet },
    });
    return (output as ICruiseResult).summary.violations;
  };
  const found = [
    ...(await run(fileRules)),
    ...(await run(folderRules, {
      includeOnly: '^server/src/(modules|insights)/',
      exclude: { path: `${excluded}|\\.test\\.tsx?$` },
    })),
  ];
  const comments = new Map(config.forbidden?.map((r) => [r.name, r.comment]));
  // A package is named by its name, wherever its files were found.
  const named = (to: string) => to.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+)\/.*$/, '$1');
  return found.map(
    (v) =>
      `${v.rule.name}: ${v.from} → ${named(v.to)} (${comments.get(v.rule.name) ?? 'see .dependency-cruiser.cjs'})`,
  );
}

describe('walls', () => {
  it('no import in server/, web/ or common/ breaks a wall', async () => {
    const found = await violations(root, ['server', 'web', 'common']);
    expect(found, `Imports that break a wall:\n${found.join('\n')}`).toEqual([]);
  }, 120_000);

  it("names each forbidden import: web → server, common → server or web, the database outside repositories, another module's or insight's repository, a module from lib/, an insight from a record, a cycle between modules, a package in common/ other than zod, zod or a contract in common/src/labels or a list's declaration, an unresolvable import", async () => {
    // The same rules on a throw-away tree that breaks each wall once, so a rule that stopped
    // matching (a typo in a pattern, a resolver that no longer follows .ts imports) fails here.
    // Inside the repository, so packages resolve from its node_modules.
    await mkdir(path.join(root, 'test-output'), { recursive: true });
    const dir = await mkdtemp(path.join(root, 'test-output', 'walls-'));
    try {
      const files: Record<string, string> = {
        'server/src/db/client.ts': 'export const db = 1;\n',
        'web/src/api/types.ts':
          "import type { db } from '../../../server/src/db/client.ts';\nexport type T = typeof db;\n",
        'web/src/ok.ts':
          "import { kinds } from '../../common/src/contracts/kinds.ts';\nexport const k = kinds;\n",
        'common/src/contracts/kinds.ts': "import { z } from 'zod';\nexport const kinds = z.enum(['a']);\n",
        'common/src/contracts/zone.ts':
          "import { DateTime } from 'luxon';\nexport const now = DateTime.now();\n",
        'web/src/broken.ts': "export { gone } from './gone.ts';\n",
        'server/src/db/schema/things.ts': 'export const things = 1;\n',
        'server/src/modules/things/things.repository.ts':
          "import { things } from '../../db/schema/things.ts';\nexport const findThing = () => things;\n",
        'server/src/modules/things/things.service.ts':
          "import type { db } from '../../db/client.ts';\nimport { findThing } from './things.repository.ts';\nexport type D = typeof db;\nexport const getThing = () => findThing();\n",
        'server/src/modules/others/others.service.ts':
          "import { things } from '../../db/schema/things.ts';\nimport { findThing } from '../things/things.repository.ts';\nexport const x = [things, findThing];\n",
        'server/src/lib/helper.ts':
          "import { getThing } from '../modules/things/things.service.ts';\nexport const y = getThing;\n",
        // An insight reads through its own repository and records' services (allowed), not through
        // another one's repository or the database itself; no record imports an insight.
        'server/src/insights/overview/overview.repository.ts':
          "import { things } from '../../db/schema/things.ts';\nexport const countThings = () => things;\n",
        'server/src/insights/overview/overview.service.ts':
          "import { countThings } from './overview.repository.ts';\nimport { getThing } from '../../modules/things/things.service.ts';\nexport const overview = () => [countThings(), getThing()];\n",
        'server/src/insights/board/board.service.ts':
          "import { db } from '../../db/client.ts';\nimport { countThings } from '../overview/overview.repository.ts';\nimport { findThing } from '../../modules/things/things.repository.ts';\nexport const board = () => [db, countThings(), findThing()];\n",
        'server/src/modules/things/things.routes.ts':
          "import { overview } from '../../insights/overview/overview.service.ts';\nexport const routes = overview;\n",
        // Two modules that need each other break the one-way rule even when no file imports itself
        // (visits.service → plans.service → visits.policy); a cycle inside one module does not.
        'server/src/modules/visits/visits.service.ts':
          "import { plan } from '../plans/plans.service.ts';\nimport { canVisit } from './visits.policy.ts';\nexport const visit = () => [plan, canVisit];\n",
        'server/src/modules/visits/visits.policy.ts':
          "import { visit } from './visits.service.ts';\nexport const canVisit = () => visit;\n",
        'server/src/modules/plans/plans.service.ts':
          "import { canVisit } from '../visits/visits.policy.ts';\nexport const plan = () => canVisit;\n",
        // A test may import any module (it is left out of the graph between modules).
        'server/src/modules/plans/plans.test.ts':
          "import { visit } from '../visits/visits.service.ts';\nexport const t = visit;\n",
        'server/src/modules/visits/visits.test.ts':
          "import { plan } from '../plans/plans.service.ts';\nexport const t = plan;\n",
        // A vocabulary module stays plain values: neither zod nor a contract.
        'common/src/labels/kinds.ts':
          "import { z } from 'zod';\nimport { kinds } from '../contracts/kinds.ts';\nexport const k = [z, kinds];\n",
        // A list's declaration stays plain values too: the web reads it without zod.
        'common/src/lists/things.ts':
          "import { z } from 'zod';\nimport { kinds } from '../contracts/kinds.ts';\nimport { q } from './query.ts';\nexport const l = [z, kinds, q];\n",
        'common/src/lists/query.ts': "import { z } from 'zod';\nexport const q = z.string();\n",
        'common/src/contracts/bad.ts':
          "import { db } from '../../../server/src/db/client.ts';\nimport { k } from '../../../web/src/ok.ts';\nexport const x = [db, k];\n",
      };
      for (const [file, text] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
        await writeFile(path.join(dir, file), text);
      }
      const found = await violations(dir, ['server', 'web', 'common']);
      expect(found.map((v) => v.split(' (')[0]).sort()).toEqual([
        'common-not-to-server-or-web: common/src/contracts/bad.ts → server/src/db/client.ts',
        'common-not-to-server-or-web: common/src/contracts/bad.ts → web/src/ok.ts',
        'common-zod-only: common/src/contracts/zone.ts → luxon',
        'labels-are-plain-values: common/src/labels/kinds.ts → common/src/contracts/kinds.ts',
        'labels-are-plain-values: common/src/labels/kinds.ts → zod',
        'lib-imports-no-module: server/src/lib/helper.ts → server/src/modules/things/things.service.ts',
        'lists-are-plain-values: common/src/lists/things.ts → common/src/contracts/kinds.ts',
        'lists-are-plain-values: common/src/lists/things.ts → common/src/lists/query.ts',
        'lists-are-plain-values: common/src/lists/things.ts → zod',
        // things.routes imports an insight that reads things: a cycle as well as a broken wall.
        'no-circular-between-modules: server/src/insights/overview → server/src/modules/things',
        'no-circular-between-modules: server/src/modules/plans → server/src/modules/visits',
        'no-circular-between-modules: server/src/modules/things → server/src/insights/overview',
        'no-circular-between-modules: server/src/modules/visits → server/src/modules/plans',
        'no-module-imports-another-modules-repository: server/src/insights/board/board.service.ts → server/src/insights/overview/overview.repository.ts',
        'no-module-imports-another-modules-repository: server/src/insights/board/board.service.ts → server/src/modules/things/things.repository.ts',
        'no-module-imports-another-modules-repository: server/src/modules/others/others.service.ts → server/src/modules/things/things.repository.ts',
        'only-repositories-import-the-database: server/src/insights/board/board.service.ts → server/src/db/client.ts',
        'only-repositories-import-the-database: server/src/modules/others/others.service.ts → server/src/db/schema/things.ts',
        'records-never-import-insights: server/src/modules/things/things.routes.ts → server/src/insights/overview/overview.service.ts',
        'resolvable: web/src/broken.ts → ./gone.ts',
        'web-not-to-server: web/src/api/types.ts → server/src/db/client.ts',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
