/**
 * Offered ⇔ allowed, on both engines: for every demo role, what the unit page and the import page
 * offer is exactly what the API then lets that role do. On the unit page (units STK, STK-ICT, its
 * cost centre 120101 and STK-ADM, each in every workflow state) `editable` ⇔ saving a narrative
 * succeeds, `commentable` ⇔ commenting succeeds, and each workflow action is in `actions` ⇔
 * taking it succeeds; what is not offered is refused, 403 where the role or unit does not allow
 * it and 409 where the state does not. On the import page each kind is in `kinds` ⇔ its preview
 * answers 200; the others answer 403. The workflow state is set in the database before each
 * check, so that no case depends on another; the matrix is then checked not to be vacuous.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportAnswer, ImportHistoryView } from '../../src/api/imports.js';
import type { UnitPage } from '../../src/api/pages.js';
import { writeReportState } from '../../src/db/content.js';
import { snapshot } from '../../src/db/figures.js';
import { IMPORT_KINDS, type ImportKind } from '../../src/domain/import-kinds.js';
import {
  REPORT_STATES,
  transition,
  type ReportState,
  type WorkflowAction,
} from '../../src/domain/workflow.js';
import { DEMO_MUNICIPALITY, DEMO_YEAR } from '../../src/service/demo.js';
import { ENGINES } from '../support/engines.js';
import { multipart } from './multipart.js';
import { demoServer, type DemoRole, type DemoServer } from './pages-support.js';

const ROLES: readonly DemoRole[] = ['admin', 'finance', 'editor', 'reader'];
/** The central, the editor's area, a cost centre below it, and another area. */
const UNITS = ['STK', 'STK-ICT', '120101', 'STK-ADM'] as const;
type UnitCode = (typeof UNITS)[number];
const ACTIONS: readonly WorkflowAction[] = ['submit', 'approve', 'lock', 'reopen'];
const SECTION = 'events';
const LANG = 'en';

const base = `/api/m/${DEMO_MUNICIPALITY}/${DEMO_YEAR}`;
const imports = `/api/m/${DEMO_MUNICIPALITY}/imports`;

/** A small file of each kind that the demo takes without a problem, with its form fields. */
const IMPORT_FILES: Record<ImportKind, { path: string; fields: Record<string, string> }> = {
  org: { path: 'fixtures/lovisa-2023/org.csv', fields: { year: String(DEMO_YEAR) } },
  mapping: { path: 'fixtures/import/good/mapping.csv', fields: { year: String(DEMO_YEAR) } },
  budget: {
    path: 'fixtures/import/demo/budget-change.csv',
    fields: {
      year: String(DEMO_YEAR),
      stage: 'change',
      decision: 'KF 12.6.2023 §45',
      date: '12.6.2023',
    },
  },
  actuals: { path: 'fixtures/import/demo/actuals-good.csv', fields: { year: String(DEMO_YEAR) } },
};

/**
 * Who the demo lets change a unit — finance and admin every unit, the editor STK-ICT and what is
 * below it — only to tell which refusal to expect: 403 for the role or unit, 409 for the state.
 */
function mayChange(role: DemoRole, unit: UnitCode): boolean {
  if (role === 'admin' || role === 'finance') return true;
  return role === 'editor' && (unit === 'STK-ICT' || unit === '120101');
}

function roleMayTake(
  role: DemoRole,
  unit: UnitCode,
  action: WorkflowAction,
  state: ReportState,
): boolean {
  if (action === 'submit') return mayChange(role, unit);
  // Locked is approved and closed: only an admin reopens it.
  if (action === 'reopen' && state === 'locked') return role === 'admin';
  return role === 'admin' || role === 'finance';
}

interface Offer {
  editable: boolean;
  commentable: boolean;
  actions: WorkflowAction[];
}

describe.each(ENGINES)('offered ⇔ allowed on $name', (engine) => {
  let server: DemoServer;
  /** What each page offered: `role unit state` → offer. */
  const offers = new Map<string, Offer>();
  const kindsOffered = new Map<DemoRole, ImportKind[]>();
  const unitPageImports = new Map<DemoRole, ImportKind[]>();

  beforeAll(async () => {
    server = await demoServer(engine);
  });
  afterAll(async () => {
    await server.close();
  });

  /** Puts the unit's report in a state directly, not through the workflow under test. */
  const setState = (unit: UnitCode, state: ReportState) =>
    writeReportState(
      server.store.db,
      { municipalityId: DEMO_MUNICIPALITY, year: DEMO_YEAR, unitCode: unit },
      { state, changedBy: 'test', changedAt: new Date(), reason: null },
    );

  const cases = UNITS.flatMap((unit) => REPORT_STATES.map((state) => ({ unit, state })));

  it.each(cases)(
    'unit $unit, $state: every role may do what its page offers',
    async ({ unit, state }) => {
      const url = `${base}/units/${unit}`;
      for (const role of ROLES) {
        const where = `${role} on ${unit} (${state})`;
        await setState(unit, state);
        const response = await server.as(role, { url });
        expect(response.statusCode, where).toBe(200);
        const page = response.json<UnitPage>();
        expect(page.state.state, where).toBe(state);
        offers.set(`${role} ${unit} ${state}`, {
          editable: page.editable,
          commentable: page.commentable,
          actions: page.actions,
        });
        if (unit === 'STK') unitPageImports.set(role, page.may.imports);

        // editable ⇔ a save on the page's version of the section succeeds.
        const version =
          page.narratives.find((n) => n.section === SECTION && n.lang === LANG)?.version ?? null;
        const save = await server.as(role, {
          method: 'PUT',
          url: `${url}/narratives/${SECTION}/${LANG}`,
          payload: { body: `Saved by ${role} in ${state}.`, version },
        });
        const saveWhere = `${where}: save (editable ${page.editable}): ${save.body}`;
        if (page.editable) expect(save.statusCode, saveWhere).toBe(200);
        else expect(save.statusCode, saveWhere).toBe(mayChange(role, unit) ? 409 : 403);

        // commentable ⇔ a comment is taken.
        const comment = await server.as(role, {
          method: 'POST',
          url: `${url}/comments`,
          payload: { target: `narrative:${SECTION}`, body: `Comment by ${role} in ${state}.` },
        });
        const commentWhere = `${where}: comment (commentable ${page.commentable}): ${comment.body}`;
        expect(comment.statusCode, commentWhere).toBe(page.commentable ? 201 : 403);

        // action ∈ actions ⇔ taking it succeeds, each from the page's state.
        for (const action of ACTIONS) {
          await setState(unit, state);
          const taken = await server.as(role, {
            method: 'POST',
            url: `${url}/workflow/${action}`,
            ...(action === 'reopen' ? { payload: { reason: 'Checking what is offered.' } } : {}),
          });
          const offered = page.actions.includes(action);
          const actionWhere = `${where}: ${action} (offered ${offered}): ${taken.body}`;
          if (offered) {
            expect(taken.statusCode, actionWhere).toBe(200);
            expect(taken.json<{ state: string }>().state, actionWhere).toBe(
              transition(state, action),
            );
          } else {
            expect(taken.statusCode, actionWhere).toBe(
              roleMayTake(role, unit, action, state) ? 409 : 403,
            );
          }
        }
      }
      await setState(unit, 'draft');
    },
  );

  it('import page: every role may preview exactly the kinds it offers, and nothing is written', async () => {
    const before = await snapshot(server.store.db, DEMO_MUNICIPALITY);
    for (const role of ROLES) {
      const page = await server.as(role, { url: imports });
      expect(page.statusCode, role).toBe(200);
      const { kinds } = page.json<ImportHistoryView>();
      kindsOffered.set(role, kinds);
      for (const kind of IMPORT_KINDS) {
        const file = IMPORT_FILES[kind];
        const body = multipart({ path: file.path }, file.fields);
        const preview = await server.as(role, {
          method: 'POST',
          url: `${imports}/${kind}/preview`,
          payload: body.payload,
          headers: body.headers,
        });
        const offered = kinds.includes(kind);
        const where = `${role}: ${kind} preview (offered ${offered}): ${preview.body.slice(0, 500)}`;
        if (offered) {
          expect(preview.statusCode, where).toBe(200);
          expect(preview.json<ImportAnswer>(), where).toMatchObject({
            ok: true,
            written: false,
            kind,
          });
        } else {
          expect(preview.statusCode, where).toBe(403);
        }
      }
    }
    expect(await snapshot(server.store.db, DEMO_MUNICIPALITY)).toBe(before);
  });

  it('the matrix is not vacuous: each flag is offered somewhere and withheld somewhere', () => {
    expect(offers.size).toBe(ROLES.length * UNITS.length * REPORT_STATES.length);
    const offer = (role: DemoRole, unit: UnitCode, state: ReportState) =>
      offers.get(`${role} ${unit} ${state}`)!;
    const all = [...offers.values()];
    for (const flag of ['editable', 'commentable'] as const) {
      expect(
        all.some((o) => o[flag]),
        flag,
      ).toBe(true);
      expect(
        all.some((o) => !o[flag]),
        flag,
      ).toBe(true);
    }
    for (const action of ACTIONS) {
      expect(
        all.some((o) => o.actions.includes(action)),
        action,
      ).toBe(true);
      expect(
        all.some((o) => !o.actions.includes(action)),
        action,
      ).toBe(true);
    }

    // The reader is offered nothing anywhere.
    for (const unit of UNITS) {
      for (const state of REPORT_STATES) {
        expect(offer('reader', unit, state)).toEqual({
          editable: false,
          commentable: false,
          actions: [],
        });
      }
    }
    // The editor: STK-ICT and below, not the central nor another area; submitting only.
    expect(offer('editor', 'STK-ICT', 'draft')).toEqual({
      editable: true,
      commentable: true,
      actions: ['submit'],
    });
    expect(offer('editor', '120101', 'submitted')).toMatchObject({ editable: true, actions: [] });
    expect(offer('editor', 'STK-ICT', 'approved')).toEqual({
      editable: false,
      commentable: true,
      actions: [],
    });
    for (const unit of ['STK', 'STK-ADM'] as const) {
      expect(offer('editor', unit, 'draft')).toEqual({
        editable: false,
        commentable: false,
        actions: [],
      });
    }
    // Finance moves any unit along: approve when submitted, lock and reopen when approved; lock
    // only from approved, so never on a draft or a submitted report.
    expect(offer('finance', 'STK-ADM', 'submitted').actions).toEqual(['approve', 'reopen']);
    expect(offer('finance', 'STK-ADM', 'draft').actions).toEqual(['submit']);
    expect(offer('admin', 'STK', 'draft').actions).toEqual(['submit']);
    expect(offer('finance', 'STK', 'approved')).toEqual({
      editable: false,
      commentable: true,
      actions: ['lock', 'reopen'],
    });
    // Locked is approved and closed: the admin may reopen it, finance not.
    expect(offer('admin', 'STK-ICT', 'locked')).toEqual({
      editable: false,
      commentable: true,
      actions: ['reopen'],
    });
    expect(offer('finance', 'STK-ICT', 'locked').actions).toEqual([]);

    // Imports: the organisation and the mapping are the admin's, budgets and actuals finance's.
    expect(Object.fromEntries(kindsOffered)).toEqual({
      admin: ['org', 'mapping', 'budget', 'actuals'],
      finance: ['budget', 'actuals'],
      editor: [],
      reader: [],
    });
    // The unit page's navigation offers the same kinds as the import page.
    expect(Object.fromEntries(unitPageImports)).toEqual(Object.fromEntries(kindsOffered));
  });
});
