// Every `import … from 'zod'` in the web app's code (the contracts' schemas) resolves to this
// module (web/vite.config.ts, configuredZod), so zod is configured before any schema is built,
// wherever it first loads, and main.tsx does not load zod with the first page:
// - jitless: zod never compiles its checks at run time. Under the page's CSP (no eval) its probe
//   for `new Function`, made as each object schema is built, would be reported as a policy
//   violation on every page;
// - the staff's messages: the forms check their values with the contracts, in the same words the
//   server uses.
// This module's own imports (and messages.ts's) are zod itself.
import { config } from 'zod';
import { installStaffMessages } from '../../common/src/contracts/messages.ts';

config({ jitless: true });
installStaffMessages();

export * from 'zod';
export { z as default } from 'zod';
