/**
 * The `utfall` command end to end on the embedded database in a fresh data folder: the demo,
 * the terminal table, the figures contract, units, checks, verify-table and a refused import.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const root = join(import.meta.dirname, '..', '..');
const published = ['stk', 'stk-adm', 'stk-ict', 'stk-ekp'].map((f) =>
  join(root, 'fixtures', 'lovisa-2023', 'published', `${f}.csv`),
);
let dataDir: string;
let env: Record<string, string>;
const utfall = (...args: string[]) => runCli(args, env);

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'utfall-cli-'));
  env = { UTFALL_DATA: dataDir, DATABASE_URL: '', UTFALL_LANG: 'en' };
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('utfall start', () => {
  it("loads the demo into an empty database and prints the central's table in Swedish", async () => {
    const run = await utfall('start', '--no-serve');
    expect(run.code).toBe(0);
    expect(run.err).toContain('Lovisa 2023');
    const lines = run.out.split('\n');
    expect(lines[0]).toContain('Stadskanslicentralen');
    expect(run.out).toContain('BUDGETFÖRÄNDRINGAR');
    const row = (label: string) =>
      lines
        .find((l) => l.startsWith(label))!
        .replace(/\u00a0/g, ' ')
        .replace(/\u2212/g, '-');
    expect(row('Försäljningsintäkter').split(/\s{2,}/)).toEqual([
      'Försäljningsintäkter',
      '27 400',
      '27 400',
      '30 291',
      '2 891',
    ]);
    expect(row('Avgiftsintäkter').split(/\s{2,}/)).toEqual(['Avgiftsintäkter', '-675', '-675']);
    expect(row('Verksamhetens intäkter').split(/\s{2,}/)).toEqual([
      'Verksamhetens intäkter',
      '167 600',
      '167 600',
      '185 185',
      '17 585',
    ]);
    expect(row('Verksamhetsbidrag, externt').split(/\s{2,}/)).toEqual([
      'Verksamhetsbidrag, externt',
      '-4 136 458',
      '-4 136 458',
      '-3 890 507',
      '245 951',
    ]);
    expect(row('Interna poster').split(/\s{2,}/)).toEqual([
      'Interna poster',
      '-221 633',
      '-221 633',
    ]);
    // Lines without any figure are left out, as the printed report does.
    expect(run.out).not.toContain('Förändring av produktlager');
  });

  it('serves the API and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [join(root, 'bin', 'utfall.js'), 'serve', '--port', '0', '--no-log'],
      {
        env: { ...process.env, ...env },
      },
    );
    const address = await new Promise<string>((resolve, reject) => {
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => {
        err += chunk.toString();
        const match = /(http:\/\/\S+)/.exec(err);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
    const health = await fetch(`${address}/api/health`);
    expect(await health.json()).toEqual({ ok: true });
    expect(health.headers.get('content-security-policy')).toContain("default-src 'self'");
    const openapi = (await (await fetch(`${address}/api/openapi.json`)).json()) as {
      openapi: string;
    };
    expect(openapi.openapi).toMatch(/^3\./);
    expect((await fetch(`${address}/api/meta`)).status).toBe(401);
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('does not load the demo again when the database has data', async () => {
    const run = await utfall('start', '--no-serve');
    expect(run.code).toBe(0);
    expect(run.err).not.toContain('Lovisa 2023');
  });
});

describe('utfall report, units and check', () => {
  it('gives the figures contract as JSON', async () => {
    const run = await utfall('report', '--year', '2023', '--unit', 'STK', '--format', 'json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.out) as {
      year: number;
      unit: { code: string; name: Record<string, string> };
      lines: Record<string, unknown>[];
    };
    expect(Object.keys(report)).toEqual(['year', 'unit', 'lines']);
    expect(report.unit).toEqual({
      code: 'STK',
      name: {
        sv: 'Stadskanslicentralen',
        fi: 'Kaupunginkanslian keskus',
        en: 'City Chancellery Central',
      },
    });
    expect(report.lines).toHaveLength(17);
    expect(report.lines[0]).toEqual({
      code: 'sales',
      budget: 2740000,
      changes: 0,
      revised: 2740000,
      actual: 3029060,
      deviation: 289060,
    });
    expect(report.lines.find((l) => l.code === 'stockChange')).toEqual({
      code: 'stockChange',
      budget: null,
      changes: null,
      revised: null,
      actual: null,
      deviation: null,
    });
  });

  it('prints the table in Finnish and names an unknown unit clearly', async () => {
    const fi = await utfall('report', '--unit', 'STK-ICT', '--lang', 'fi');
    expect(fi.out).toContain('Toimintakate, ulkoinen');
    expect(fi.out).toContain('TILINPÄÄTÖS 2023');
    const unknown = await utfall('report', '--unit', 'NOPE');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Unknown unit "NOPE"');
  });

  it('prints English figures Nordic style, as the reports and the web do', async () => {
    const en = await utfall('report', '--unit', 'STK', '--lang', 'en');
    expect(en.code).toBe(0);
    const margin = en.out.split('\n').find((l) => l.startsWith('Operating margin, external'));
    // The same string for the same figure as test/report/text.test.ts and web/src/rules.test.ts.
    expect(margin).toContain('\u22124\u00a0136\u00a0458');
    expect(en.out).not.toMatch(/\d,\d{3}/);
  });

  it('lists the unit tree', async () => {
    const run = await utfall('units', '--json');
    const units = JSON.parse(run.out) as { code: string; parent: string | null; kind: string }[];
    expect(units[0]).toMatchObject({ code: 'LOVISA', parent: null, kind: 'city' });
    expect(units.find((u) => u.code === 'STK')).toMatchObject({
      parent: 'LOVISA',
      kind: 'central',
    });
    expect(units.filter((u) => u.parent === 'STK').map((u) => u.code)).toEqual([
      'STK-ADM',
      'STK-ICT',
      'STK-EKP',
    ]);
    expect(units.filter((u) => u.kind === 'costcenter').length).toBeGreaterThanOrEqual(9);
  });

  it('checks the demo: no errors, exit 0', async () => {
    const run = await utfall('check', '--year', '2023', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ year: 2023, errors: 0 });
  });
});

describe('utfall verify-table on the seed as published', () => {
  type Finding = {
    rule: string;
    severity: string;
    unitCode: string;
    line: string;
    column: string;
    expected: number;
    found: number | null;
  };
  const errorsOf = (out: string) =>
    (JSON.parse(out) as { findings: Finding[] }).findings
      .filter((f) => f.severity === 'error')
      .map((f) => `${f.rule} ${f.unitCode} ${f.line} ${f.column} ${f.expected} ${f.found}`)
      .sort();

  it("reports each of the seed's printing errors and nothing that is only rounding", async () => {
    const run = await utfall('verify-table', '--no-data', '--json', ...published);
    expect(run.code).toBe(1);
    expect(errorsOf(run.out)).toEqual([
      'table.areas STK internal budget -31952100 -22163300',
      'table.areas STK internal revised -31952100 -22163300',
      'table.missing-cell STK-ICT margin actual -90212900 null',
      'table.total STK-EKP margin actual -177326500 -177597500',
    ]);
    const rounding = (JSON.parse(run.out) as { findings: Finding[] }).findings.filter(
      (f) => f.severity === 'rounding',
    );
    expect(rounding.length).toBe(10);
  });

  it('against the data, also shows where the printed cells differ from the database', async () => {
    const run = await utfall('verify-table', '--json', ...published);
    expect(run.code).toBe(1);
    const errors = errorsOf(run.out);
    expect(errors).toContain('table.data STK-EKP margin actual -177326500 -177597500');
    // The demo keeps the central's internal items; the seed's ICT figure cannot hold with it.
    expect(errors).toContain('table.data STK-ICT internal budget -840000 -10628800');
    // Every cell of the central's table is what the data gives, rounded to the euro.
    expect(errors.filter((e) => e.includes('table.data STK ')).length).toBe(0);
  });

  it('prints findings in the chosen language', async () => {
    const run = await runCli(['verify-table', '--no-data', ...published], {
      ...env,
      UTFALL_LANG: 'sv',
    });
    expect(run.out).toContain('FEL');
    expect(run.out).toContain('avrundning');
  });
});

describe('utfall import', () => {
  it('refuses a bad file with every problem named, and changes nothing', async () => {
    const before = (await utfall('report', '--unit', 'STK', '--format', 'json')).out;
    const run = await utfall(
      'import',
      'actuals',
      join(root, 'fixtures', 'import', 'bad', 'many-errors.csv'),
      '--year',
      '2023',
    );
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/many-errors\.csv, row 4, column "[^"]+"/);
    expect(run.err).toContain('nothing was written');
    expect((await utfall('report', '--unit', 'STK', '--format', 'json')).out).toBe(before);
  });

  it('imports a good ledger and records it in the history', async () => {
    await utfall(
      'import',
      'org',
      join(root, 'fixtures', 'import', 'good', 'org.csv'),
      '--year',
      '2023',
    );
    const run = await utfall(
      'import',
      'actuals',
      join(root, 'fixtures', 'import', 'good', 'ledger.csv'),
      '--append',
    );
    expect(run.code).toBe(0);
    const log = JSON.parse((await utfall('imports', '--json')).out) as {
      fileName: string;
      sha256: string;
      rows: number;
    }[];
    expect(log.at(-1)).toMatchObject({
      fileName: join(root, 'fixtures', 'import', 'good', 'ledger.csv'),
      rows: expect.any(Number) as number,
    });
    expect(log.at(-1)!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('utfall narrative, outcome, workflow and audit', () => {
  it('refuses a stale save with a clear message and keeps both texts', async () => {
    const file = join(dataDir, 'events.md');
    writeFileSync(file, 'Min **nya** text om året.\n');
    const current = JSON.parse(
      (
        await utfall(
          'narrative',
          'get',
          '--unit',
          'STK-ADM',
          '--section',
          'events',
          '--lang',
          'sv',
          '--json',
        )
      ).out,
    ) as { version: number; body: string }[];
    const base = String(current[0]!.version);
    expect(
      (
        await utfall(
          'narrative',
          'set',
          '--unit',
          'STK-ADM',
          '--section',
          'events',
          '--lang',
          'sv',
          '--file',
          file,
          '--base-version',
          base,
        )
      ).code,
    ).toBe(0);
    writeFileSync(file, 'En annan text, skriven samtidigt.\n');
    const stale = await utfall(
      'narrative',
      'set',
      '--unit',
      'STK-ADM',
      '--section',
      'events',
      '--lang',
      'sv',
      '--file',
      file,
      '--base-version',
      base,
    );
    expect(stale.code).toBe(2);
    // --lang sets the message language too.
    expect(stale.err).toContain('Inte sparat: avsnittet har ändrats under tiden');
    expect(readFileSync(file, 'utf8')).toBe('En annan text, skriven samtidigt.\n');
    const stored = JSON.parse(
      (
        await utfall(
          'narrative',
          'get',
          '--unit',
          'STK-ADM',
          '--section',
          'events',
          '--lang',
          'sv',
          '--json',
        )
      ).out,
    ) as { body: string }[];
    expect(stored[0]!.body).toBe('Min **nya** text om året.\n');
  });

  it('renders a narrative with a script and a javascript: link inert', async () => {
    const file = join(dataDir, 'risks.md');
    writeFileSync(
      file,
      '# Risker\n\n<script>alert(1)</script> [klicka](javascript:alert(1)) <img src=x onerror=alert(1)>\n',
    );
    expect(
      (
        await utfall(
          'narrative',
          'set',
          '--unit',
          'STK-ICT',
          '--section',
          'risks',
          '--lang',
          'en',
          '--file',
          file,
        )
      ).code,
    ).toBe(0);
    const html = (
      await utfall(
        'narrative',
        'get',
        '--unit',
        'STK-ICT',
        '--section',
        'risks',
        '--lang',
        'en',
        '--html',
      )
    ).out;
    expect(html).toContain('<h1>Risker</h1>');
    expect(html).not.toMatch(/<script|href="javascript:|<img/i);
  });

  it('proposes the outcome sentences and moves the report through the workflow', async () => {
    const outcome = await utfall('outcome', '--unit', 'STK', '--lang', 'fi');
    expect(outcome.out).toContain('henkilöstökuluissa');
    // Lock only from approved: refused on a draft and on a submitted report, naming its state.
    const fromDraft = await utfall('workflow', 'lock', '--unit', 'STK-EKP');
    expect(fromDraft.code).toBe(2);
    expect(fromDraft.err).toContain(
      'Cannot lock the report of STK-EKP: it is a draft. The steps are draft → submitted → approved → locked.',
    );
    expect((await utfall('workflow', 'submit', '--unit', 'STK-EKP')).code).toBe(0);
    const fromSubmitted = await runCli(['workflow', 'lock', '--unit', 'STK-EKP'], {
      ...env,
      UTFALL_LANG: 'sv',
    });
    expect(fromSubmitted.code).toBe(2);
    expect(fromSubmitted.err).toContain(
      'Kan inte utföra lock för rapporten för STK-EKP: den är inlämnad.',
    );
    expect((await utfall('workflow', 'approve', '--unit', 'STK-EKP')).code).toBe(0);
    expect((await utfall('workflow', 'lock', '--unit', 'STK-EKP')).code).toBe(0);
    const refused = await utfall('outcome', '--unit', 'STK-EKP', '--accept', 'margin');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('locked');
    expect((await utfall('workflow', 'reopen', '--unit', 'STK-EKP')).code).toBe(2);
    // Locked is approved and closed: finance may not reopen it, an admin may, with a reason.
    const byFinance = await runCli(
      ['workflow', 'reopen', '--unit', 'STK-EKP', '--reason', 'Korrigering'],
      { ...env, UTFALL_USER: 'finance' },
    );
    expect(byFinance.code).not.toBe(0);
    expect(byFinance.err).toContain('Only an administrator can reopen the report of STK-EKP');
    expect(
      (
        await runCli(['workflow', 'reopen', '--unit', 'STK-EKP', '--reason', 'Korrigering'], {
          ...env,
          UTFALL_USER: 'admin',
        })
      ).code,
    ).toBe(0);
    const log = JSON.parse((await utfall('audit', '--entity', 'workflow', '--json')).out) as {
      action: string;
      actor: string;
      after: unknown;
    }[];
    expect(log.map((e) => e.action)).toEqual(['submit', 'approve', 'lock', 'reopen']);
    expect(log[3]).toMatchObject({
      actor: 'admin',
      after: { state: 'draft', reason: 'Korrigering' },
    });
    // The approval's snapshot is kept after the reopening, and prints as it was approved.
    const listed = JSON.parse((await utfall('snapshots', '--unit', 'STK-EKP', '--json')).out) as {
      id: number;
      sha256: string;
      released: { reason: string } | null;
    }[];
    expect(listed).toHaveLength(1);
    expect(listed[0]!.released?.reason).toBe('Korrigering');
    const copy = await utfall('report', '--snapshot', String(listed[0]!.id), '--format', 'html');
    expect(copy.code).toBe(0);
    expect(copy.out).toContain(listed[0]!.sha256);
    expect(copy.out).toContain('öppnades igen');
    // The audit log by unit and action.
    const approvals = JSON.parse(
      (await utfall('audit', '--unit', 'STK-EKP', '--action', 'approve', '--json')).out,
    ) as { action: string; key: string }[];
    expect(approvals.map((e) => [e.action, e.key])).toEqual([['approve', '2023/STK-EKP']]);
  });
});

describe('the built command', () => {
  it('runs from bin/utfall.js', () => {
    if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
      execFileSync(process.execPath, [
        join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-p',
        join(root, 'tsconfig.build.json'),
      ]);
    }
    const run = spawnSync(process.execPath, [join(root, 'bin', 'utfall.js'), 'units', '--json'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toContainEqual(expect.objectContaining({ code: 'STK' }));
  });
});
