/** What an error says, in the caller's language: the one wording of each code (namespace errors). */
import type { ErrorParams, UtfallError } from '../domain/errors.js';
import type { Translate } from './index.js';

/** Where the message is read: the CLI has wordings of its own that name its options. */
export type Channel = 'api' | 'cli';

export function errorMessage(
  error: Pick<UtfallError, 'code' | 'params'>,
  t: Translate,
  channel: Channel,
  params: ErrorParams = error.params,
): string {
  // i18next's context picks `<code>_cli` where the CLI words it otherwise, else `<code>`.
  return t(`errors:${error.code}`, channel === 'cli' ? { ...params, context: 'cli' } : params);
}
