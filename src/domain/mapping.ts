import { isLineCode, lineDefinition, LINES, type LineCode } from './lines.js';

/**
 * Maps external accounts to report lines by inclusive ranges. Bounds are digit strings; an
 * account is compared on as many leading digits as the bound has, so that a range 4000–4299
 * also covers the six-digit accounts 400000–429999 of an ERP.
 */
export interface AccountRange {
  from: string;
  to: string;
  line: LineCode;
}

export type AccountMapping = readonly AccountRange[];

/** The default mapping of the Finnish municipal chart of accounts. */
export const DEFAULT_MAPPING: AccountMapping = LINES.flatMap((line) =>
  line.accounts
    ? [{ from: String(line.accounts.from), to: String(line.accounts.to), line: line.code }]
    : [],
);

/** The line an account maps to, or undefined when it is unmapped. The first matching range wins. */
export function lineForAccount(mapping: AccountMapping, account: string): LineCode | undefined {
  if (!/^\d+$/.test(account)) return undefined;
  for (const range of mapping) {
    const digits = range.from.length;
    if (account.length < digits) continue;
    const head = Number(account.slice(0, digits));
    if (head >= Number(range.from) && head <= Number(range.to)) return range.line;
  }
  return undefined;
}

/** A memoising resolver: ledgers repeat the same accounts millions of times. */
export function accountResolver(
  mapping: AccountMapping,
): (account: string) => LineCode | undefined {
  const cache = new Map<string, LineCode | undefined>();
  return (account) => {
    if (cache.has(account)) return cache.get(account);
    const line = lineForAccount(mapping, account);
    cache.set(account, line);
    return line;
  };
}

/**
 * The leaf line a stored entry counts on, as every figure reads it: internal and imputed entries
 * on their own lines, an entry with an account by the mapping, one entered by line on that line
 * (a leaf line only); null where it maps nowhere.
 */
export function entryLine(
  lineOf: (account: string) => LineCode | undefined,
  account: string | null,
  kind: string,
  storedLine: string | null,
): LineCode | null {
  if (kind === 'internal' || kind === 'imputed') return kind;
  if (account !== null) return lineOf(account) ?? null;
  return storedLine !== null && isLineCode(storedLine) && !lineDefinition(storedLine).sumOf
    ? storedLine
    : null;
}
