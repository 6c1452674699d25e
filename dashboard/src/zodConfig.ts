import { z } from 'zod';

// zod compiles object parsers with `new Function` when it may; helmet's Content-Security-Policy forbids eval, and the
// attempt alone is reported as a violation. Schemas read this when they are built, so main.tsx imports this module
// before any other.
z.config({ jitless: true });
