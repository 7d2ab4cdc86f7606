/**
 * The drill-down's routes on the demo, on both engines: the JSON levels add up to the figure
 * above them; the CSV (BOM, `;`, CRLF, decimal comma) and the workbook of a level hold every
 * row of it — for postings every posting, whatever page the query names — and read back, sum
 * to the cent to the figure; a reader may download, no one without a session, and a query that
 * names no line, month, account or level the scope has is a 400.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrillView } from '../../src/api/drill.js';
import { DEMO_MUNICIPALITY, DEMO_YEAR } from '../../src/service/demo.js';
import { ENGINES } from '../support/engines.js';
import { demoServer, type DemoServer } from './pages-support.js';
import { csvCents as cents, parseCsv } from '../support/csv.js';

const base = `/api/m/${DEMO_MUNICIPALITY}/${DEMO_YEAR}`;
/** The scope the tests go down to: ICT services on licences and cloud (4320) in March. */
const ACCOUNT = 'unit=STK-ICT&line=services&account=4320';

describe.each(ENGINES)('drill-down routes on $name', (engine) => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await demoServer(engine);
  });
  afterAll(async () => {
    await server.close();
  });

  const json = async (query: string): Promise<DrillView> => {
    const response = await server.as('reader', { url: `${base}/drill?${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<DrillView>();
  };
  const download = (query: string, format: 'csv' | 'xlsx', lang?: 'sv' | 'fi' | 'en') =>
    server.as('reader', { url: `${base}/drill.${format}?${query}`, ...(lang ? { lang } : {}) });

  it('answers the JSON levels, each adding up to the figure above it', async () => {
    const stk = await json('unit=STK&line=services');
    expect(stk.by).toBe('units');
    expect(stk.figure.deviation).toBe(9852100);
    expect(stk.rows.reduce((s, r) => s + r.deviation!, 0)).toBe(9852100);
    expect(stk.adds).toBe(true);
    const months = await json(`${ACCOUNT}&by=months`);
    expect(months.rows.map((r) => r.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(months.rows.reduce((s, r) => s + r.actual!, 0)).toBe(months.figure.actual);
    const page = await json(`${ACCOUNT}&month=3&by=postings&pageSize=10`);
    expect(page.postings!.rows).toHaveLength(10);
    expect(page.postings!.count).toBeGreaterThan(10);
  });

  it('downloads every posting of an account and month as CSV that sums to its actual', async () => {
    const march = (await json(`${ACCOUNT}&by=months`)).rows.find((r) => r.month === 3)!;
    const postings = await json(`${ACCOUNT}&month=3&by=postings`);
    // Paging is the JSON's: the download is the whole level.
    const response = await download(`${ACCOUNT}&month=3&by=postings&page=2&pageSize=10`, 'csv');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="utfall-drill-lovisa-2023-STK-ICT-services-4320-03-postings.csv"',
    );
    const body = response.body;
    expect(body.startsWith('\uFEFF')).toBe(true);
    expect(body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const [header, ...lines] = parseCsv(body);
    expect(header).toEqual([
      'Date',
      'Unit',
      'Account',
      'Voucher',
      'Text',
      'Amount',
      'Import',
      'Row in file',
    ]);
    const sum = lines.pop()!;
    expect(sum[0]).toBe('Total');
    expect(lines).toHaveLength(postings.postings!.count);
    for (const line of lines) {
      expect(line).toHaveLength(8);
      expect(line[0]).toMatch(/^2023-03-\d\d$/);
      expect(line[2]).toBe('4320');
    }
    const total = lines.reduce((s, line) => s + cents(line[5]!), 0);
    expect(postings.postings!.balances).toBe(0);
    expect(total).toBe(march.actual);
    expect(cents(sum[5]!)).toBe(march.actual);
  });

  it('downloads a level with its total row in the language asked', async () => {
    const view = await json('unit=STK&line=services');
    const response = await download('unit=STK&line=services&lang=sv', 'csv');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="utfall-drill-lovisa-2023-STK-services-units.csv"',
    );
    const [header, ...lines] = parseCsv(response.body);
    expect(header).toEqual([
      'Enhet',
      'Namn',
      'Budget',
      'Utfall',
      'Avvikelse',
      'Andel av avvikelsen %',
    ]);
    const total = lines.pop()!;
    expect(total.slice(0, 5)).toEqual(['Summa', '', '-2034505,00', '-1935984,00', '98521,00']);
    expect(lines.map((l) => l[0])).toEqual(view.rows.map((r) => r.unit!.code));
    for (const column of [2, 3, 4])
      expect(lines.reduce((s, l) => s + cents(l[column]!), 0)).toBe(cents(total[column]!));
    // A search downloads what matches, summed.
    const search = await json(`${ACCOUNT}&month=3&by=postings&q=licenser`);
    const found = parseCsv(
      (await download(`${ACCOUNT}&month=3&by=postings&q=licenser`, 'csv')).body,
    );
    found.shift();
    const sum = found.pop()!;
    expect(found).toHaveLength(search.postings!.matching);
    expect(found.length).toBeLessThan(search.postings!.count);
    for (const line of found) expect(line[4]!.toLowerCase()).toContain('licenser');
    expect(cents(sum[5]!)).toBe(search.postings!.matchingAmount);
  });

  it('downloads a workbook that reads back to the same postings and sum', async () => {
    const postings = await json(`${ACCOUNT}&month=3&by=postings`);
    const response = await download(`${ACCOUNT}&month=3&by=postings`, 'xlsx', 'fi');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="utfall-drill-lovisa-2023-STK-ICT-services-4320-03-postings.xlsx"',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell(1, 1).value).toBe(
      'STK-ICT Tieto- ja viestintäteknologiapalvelut — Palvelujen ostot — tili 4320 — maaliskuu 2023 — viennit',
    );
    const header = sheet.getRow(3);
    expect(header.getCell(1).value).toBe('Päivämäärä');
    expect(header.getCell(6).value).toBe('Summa');
    expect(header.font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    const count = postings.postings!.count;
    expect(sheet.autoFilter).toBe(`A3:H${3 + count}`);
    let total = 0;
    for (let r = 4; r < 4 + count; r += 1) {
      const row = sheet.getRow(r);
      expect(row.getCell(1).value).toBeInstanceOf(Date);
      expect((row.getCell(1).value as Date).toISOString().slice(0, 7)).toBe('2023-03');
      total += Math.round((row.getCell(6).value as number) * 100);
    }
    expect(total).toBe(postings.figure.actual);
    const sum = sheet.getRow(4 + count);
    expect(sum.getCell(1).value).toBe('Yhteensä');
    expect(sum.getCell(6).value).toEqual({
      formula: `SUM(F4:F${3 + count})`,
      result: postings.figure.actual! / 100,
    });
  });

  it('refuses a download without a session, and a query the scope does not have', async () => {
    const anonymous = await server.app.inject({ url: `${base}/drill.csv?unit=STK&line=services` });
    expect(anonymous.statusCode).toBe(401);
    const bad = async (query: string, error: string) => {
      for (const format of ['csv', 'xlsx'] as const) {
        const response = await download(query, format);
        expect(response.statusCode, `${format}?${query}: ${response.body}`).toBe(400);
        expect(response.json<{ error: string }>().error).toBe(error);
      }
    };
    await bad('unit=STK&line=nope', 'validation');
    await bad('unit=STK&line=services&by=postings', 'drill.level');
    await bad('unit=STK&line=services&account=43x0', 'validation');
    await bad('unit=STK&line=services&month=13', 'validation');
    await bad('unit=STK&line=services&period=2023-04&month=5', 'drill.month');
    const unknown = await download('unit=NOPE&line=services', 'csv');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ error: string }>().error).toBe('unit.unknown');
  });
});
