/**
 * Workbooks are bounded before they are expanded: a ZIP whose sheet inflates to far more than
 * the limit, a sheet that lies about its size and a shared-string table that claims millions of
 * strings are refused with their reason, quickly and without the memory they would take. The
 * bombs are made here at run time (deflating zeros chunk by chunk), never stored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBudget } from '../../src/import/budget.js';
import { XLSX_LIMITS } from '../../src/import/zip.js';
import { context } from './context.js';
import { bomb, deflated, frame, MAIN, SHEET_HEAD, SHEET_TAIL, zip } from './zip-writer.js';

const work = mkdtempSync(join(tmpdir(), 'utfall-xlsx-limits-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SHEET_ROWS =
  '<row r="1"><c r="A1" t="inlineStr"><is><t>unit</t></is></c><c r="B1" t="inlineStr"><is><t>account</t></is></c><c r="C1" t="inlineStr"><is><t>amount</t></is></c></row>' +
  '<row r="2"><c r="A2"><v>110100</v></c><c r="B2"><v>3000</v></c><c r="C2"><v>12.5</v></c></row>';

/** Refuses `path`; returns the problem, the seconds taken and the growth of the heap + buffers. */
async function refused(path: string) {
  globalThis.gc?.();
  const before = process.memoryUsage();
  const started = performance.now();
  let peak = 0;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peak = Math.max(peak, now.rss - before.rss);
  }, 5);
  const result = await parseBudget(path, context());
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss - before.rss);
  return { result, seconds: (performance.now() - started) / 1000, growthMb: peak / 2 ** 20 };
}

describe('workbook limits', () => {
  it('refuses a sheet whose declared size is over the limit from the directory, inflating nothing', async () => {
    const megabytes = XLSX_LIMITS.totalBytes / 2 ** 20 + 64;
    const path = join(work, 'bomb.xlsx');
    zip(path, [
      ...frame(),
      await bomb('xl/worksheets/sheet1.xml', SHEET_HEAD + SHEET_ROWS, megabytes, SHEET_TAIL),
    ]);
    const { result, seconds, growthMb } = await refused(path);
    expect(result.problems.map((p) => [p.code, p.params?.reason])).toEqual([
      ['file.tooLarge', 'xl/worksheets/sheet1.xml expands beyond 256 MB'],
    ]);
    expect(result.records).toEqual([]);
    expect(seconds).toBeLessThan(5);
    expect(growthMb).toBeLessThan(100);
  });

  it('stops inflating a sheet that claims a small size at that size', async () => {
    const path = join(work, 'lying.xlsx');
    const sheet = await bomb('xl/worksheets/sheet1.xml', SHEET_HEAD + SHEET_ROWS, 300, SHEET_TAIL);
    zip(path, [...frame(), { ...sheet, declared: 4096 }]);
    const { result, growthMb } = await refused(path);
    expect(result.problems.map((p) => p.code)).toEqual(['file.damaged']);
    expect(result.problems[0]?.params?.reason).toMatch(/size mismatch/);
    expect(growthMb).toBeLessThan(100);
  });

  it('refuses a shared-string table that claims more strings than the limit', async () => {
    const path = join(work, 'strings.xlsx');
    zip(path, [
      ...frame(),
      deflated('xl/worksheets/sheet1.xml', SHEET_HEAD + SHEET_ROWS + SHEET_TAIL),
      deflated(
        'xl/sharedStrings.xml',
        `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}" count="50000000" uniqueCount="50000000"><si><t>x</t></si></sst>`,
      ),
    ]);
    const { result } = await refused(path);
    expect(result.problems.map((p) => [p.code, p.params?.reason])).toEqual([
      ['file.tooLarge', `50000000 shared strings (at most ${XLSX_LIMITS.sharedStrings})`],
    ]);
  });

  it('refuses a shared-string table that inflates past its own limit', async () => {
    const path = join(work, 'strings-bomb.xlsx');
    const megabytes = XLSX_LIMITS.sharedStringBytes / 2 ** 20 + 8;
    zip(path, [
      ...frame(),
      deflated('xl/worksheets/sheet1.xml', SHEET_HEAD + SHEET_ROWS + SHEET_TAIL),
      await bomb(
        'xl/sharedStrings.xml',
        `<sst xmlns="${MAIN}"><si><t>`,
        megabytes,
        '</t></si></sst>',
      ),
    ]);
    const { result, growthMb } = await refused(path);
    expect(result.problems.map((p) => [p.code, p.params?.reason])).toEqual([
      ['file.tooLarge', 'xl/sharedStrings.xml expands beyond 32 MB'],
    ]);
    expect(growthMb).toBeLessThan(100);
  });
});
