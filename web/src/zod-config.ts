import { z } from 'zod';

// Imported first by main.tsx, before any contract is built: zod then never compiles its checks
// at run time. Under the page's CSP (no eval) its probe for `new Function`, made as each object
// schema is built, would be reported as a policy violation on every page.
z.config({ jitless: true });
