/** The version of this Utfall, as package.json states it (semantic versioning; CHANGELOG.md). */
import { readFileSync } from 'node:fs';

/** src/service/version.ts and dist/service/version.js both sit two folders below package.json. */
const manifest = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { version?: unknown };

export const VERSION: string = typeof manifest.version === 'string' ? manifest.version : '0.0.0';
