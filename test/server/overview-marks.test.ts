/**
 * What the overview says beside the figures, on the demo and both engines: its count of findings
 * is the checks page's (the page it links to lists what it counts, in each language), every unit
 * whose shown line is worse than its budget is marked whether bound or not, a cost centre under
 * a locked area shows the area's state, and the audit log answers with its actors and records
 * only the actions and entities the API names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIT_ACTIONS,
  AUDIT_ENTITIES,
  type AuditPage,
  type ChecksView,
  type Overview,
} from '../../src/api/pages.js';
import { DEMO_MUNICIPALITY, DEMO_YEAR } from '../../src/service/demo.js';
import { ENGINES } from '../support/engines.js';
import { demoServer, type DemoRole, type DemoServer } from './pages-support.js';

const base = `/api/m/${DEMO_MUNICIPALITY}/${DEMO_YEAR}`;
const LANGS = ['sv', 'fi', 'en'] as const;

describe.each(ENGINES)('the overview’s marks on $name', (engine) => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await demoServer(engine);
  }, 120_000);
  afterAll(async () => {
    await server.close();
  });

  const get = async <T>(role: DemoRole, url: string, lang: 'sv' | 'fi' | 'en' = 'en') => {
    const response = await server.as(role, { url, lang });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<T>();
  };

  it('counts the findings the checks page lists, in each language', async () => {
    for (const lang of LANGS) {
      const overview = await get<Overview>('reader', `${base}/overview`, lang);
      const checks = await get<ChecksView>('reader', `${base}/checks?lang=${lang}`, lang);
      expect(overview.findings, lang).toEqual(checks.summary);
      // Each unit's count is that of the findings on it.
      for (const unit of overview.units) {
        const on = checks.findings.filter((f) => f.unitCode === unit.code);
        expect(unit.findings, `${lang} ${unit.code}`).toEqual({
          errors: on.filter((f) => f.severity === 'error').length,
          warnings: on.filter((f) => f.severity === 'warning').length,
        });
      }
    }
    // The demo's English texts are fewer than its Swedish ones: the English report misses some,
    // and the overview in English counts them as the English checks page lists them.
    const en = await get<Overview>('reader', `${base}/overview`, 'en');
    const sv = await get<Overview>('reader', `${base}/overview`, 'sv');
    expect(en.findings.warnings).toBeGreaterThan(sv.findings.warnings);
  });

  it('marks an overrun on any unit, bound or not: the margin worse than its revised budget', async () => {
    const overview = await get<Overview>('reader', `${base}/overview`);
    const ekp = overview.units.find((u) => u.code === 'STK-EKP')!;
    // STK-EKP has no binding of its own: its margin used 105 % of the revised budget.
    expect(ekp.binding).toMatchObject({ line: 'margin', bound: false });
    expect(ekp.binding!.usePercent).toBeGreaterThan(100);
    expect(ekp).toMatchObject({ overrun: true, breach: false });
    const ict = overview.units.find((u) => u.code === 'STK-ICT')!;
    expect(ict.binding!.usePercent).toBeLessThan(100);
    expect(ict.overrun).toBe(false);
    for (const unit of overview.units) {
      if (unit.binding?.deviation === null || unit.binding === null) continue;
      expect(unit.overrun, unit.code).toBe(unit.binding.deviation < 0);
    }
  });

  it('shows a cost centre under a locked area as locked', async () => {
    const act = async (role: DemoRole, action: string) => {
      const response = await server.as(role, {
        method: 'POST',
        url: `${base}/units/STK-ICT/workflow/${action}`,
      });
      expect(response.statusCode, response.body).toBe(200);
    };
    await act('editor', 'submit');
    await act('finance', 'approve');
    let units = (await get<Overview>('reader', `${base}/overview`)).units;
    expect(units.find((u) => u.code === 'STK-ICT')!.state).toBe('approved');
    expect(units.find((u) => u.code === '120101')!.state).toBe('approved');
    await act('finance', 'lock');
    units = (await get<Overview>('reader', `${base}/overview`)).units;
    for (const code of ['STK-ICT', '120101', '120104'])
      expect(units.find((u) => u.code === code)!.state, code).toBe('locked');
    // The area's siblings and the central above it keep their own.
    expect(units.find((u) => u.code === '110101')!.state).toBe('draft');
    expect(units.find((u) => u.code === 'STK')!.state).toBe('draft');
  });

  it('answers the audit log with everyone who acted, and only the actions and entities it names', async () => {
    const log = await get<AuditPage>('reader', `/api/m/${DEMO_MUNICIPALITY}/audit?limit=1000`);
    expect(log.actors).toEqual([...new Set(log.entries.map((e) => e.actor))].sort());
    expect(log.actors).toEqual(expect.arrayContaining(['editor', 'finance']));
    for (const entry of log.entries) {
      expect(AUDIT_ACTIONS, entry.action).toContain(entry.action);
      expect(AUDIT_ENTITIES, entry.entity).toContain(entry.entity);
    }
  });
});

describe('the audit log’s actions and entities', () => {
  it('name every action and entity an operation records', () => {
    // The operations write their entries with literal codes (or a workflow action, which the
    // list takes from the API's workflow actions); each must be one the web can word.
    const dir = join(import.meta.dirname, '../../src/service');
    const actions = new Set<string>();
    const entities = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const call of text.matchAll(
        /(?:insertAudit|audit)\([^,]+,[^,]+,\s*\{([\s\S]*?)\n\s*\}\);/g,
      )) {
        const body = call[1]!;
        const action = /action:([^,\n]+)/.exec(body)?.[1] ?? '';
        for (const code of action.matchAll(/'([A-Za-z]+)'/g)) actions.add(code[1]!);
        const entity = /entity:\s*'([A-Za-z]+)'/.exec(body)?.[1];
        if (entity) entities.add(entity);
      }
    }
    expect(actions.size).toBeGreaterThan(5);
    expect(entities.size).toBeGreaterThan(10);
    for (const action of actions) expect(AUDIT_ACTIONS, action).toContain(action);
    for (const entity of entities) expect(AUDIT_ENTITIES, entity).toContain(entity);
  });
});
