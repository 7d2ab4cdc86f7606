import type { Rule } from '../../src/server/access.js';
export interface RouteExample {
  /** The concrete URL, placeholders filled, for the demo database (municipality lovisa, year 2023). */
  url: string;
  /** JSON body for POST/PUT/PATCH. */
  body?: unknown;
  /** multipart upload: a fixture file and form fields. */
  multipart?: { file: string; fields?: Record<string, string> };
  /** The rule this request must be judged by; default: the route's x-rule in the OpenAPI document. */
  rule?: Rule;
  /** unit-editor only: whether the demo editor (assigned to unit STK-ICT and its sub-units) may do it. */
  editorAllowed?: boolean;
}
/** Keyed by 'METHOD /path' exactly as the OpenAPI document names the path (e.g. 'GET /api/m/{m}/{year}/overview'). */
export const ROUTE_EXAMPLES: Record<string, RouteExample[]> = {
  // Pages, content, checks, reports, budget changes and audit (src/server/routes/year.ts).
  'GET /api/m/{m}/{year}/overview': [
    { url: '/api/m/lovisa/2023/overview' },
    { url: '/api/m/lovisa/2023/overview?period=2023-06' },
  ],
  'GET /api/m/{m}/{year}/units/{code}': [
    { url: '/api/m/lovisa/2023/units/STK' },
    { url: '/api/m/lovisa/2023/units/STK-ICT?period=2023-08' },
  ],
  'GET /api/m/{m}/{year}/drill': [
    { url: '/api/m/lovisa/2023/drill?unit=STK&line=services' },
    { url: '/api/m/lovisa/2023/drill?unit=120103&line=services&account=4320&month=3' },
  ],
  'GET /api/m/{m}/{year}/drill.csv': [
    { url: '/api/m/lovisa/2023/drill.csv?unit=STK&line=services' },
  ],
  'GET /api/m/{m}/{year}/drill.xlsx': [
    {
      url: '/api/m/lovisa/2023/drill.xlsx?unit=STK-ICT&line=services&account=4320&month=3&by=postings',
    },
  ],
  'GET /api/m/{m}/{year}/drill/explanation': [
    { url: '/api/m/lovisa/2023/drill/explanation?unit=STK&line=services&period=2023-08' },
  ],
  'PUT /api/m/{m}/{year}/units/{code}/narratives/{section}/{lang}': [
    {
      url: '/api/m/lovisa/2023/units/STK-ICT/narratives/events/en',
      body: { body: 'The route walk wrote this.', version: null },
      editorAllowed: true,
    },
    {
      url: '/api/m/lovisa/2023/units/120101/narratives/events/en',
      body: { body: 'The route walk wrote this.', version: null },
      editorAllowed: true,
    },
    {
      url: '/api/m/lovisa/2023/units/STK-ADM/narratives/events/en',
      body: { body: 'The route walk wrote this.', version: null },
      editorAllowed: false,
    },
  ],
  // Forecasts exist for interim periods (months 1–11): the form of one, and entering a line.
  'GET /api/m/{m}/{year}/units/{code}/forecasts': [
    { url: '/api/m/lovisa/2023/units/STK-ICT/forecasts?period=2023-08' },
    { url: '/api/m/lovisa/2023/units/STK/forecasts?period=2023-04' },
  ],
  'PUT /api/m/{m}/{year}/units/{code}/forecasts/{line}': [
    {
      url: '/api/m/lovisa/2023/units/STK-ICT/forecasts/services',
      body: { period: '2023-08', amount: -80_000_000, version: null },
      editorAllowed: true,
    },
    {
      url: '/api/m/lovisa/2023/units/120101/forecasts/materials',
      body: { period: '2023-08', amount: -500_000, version: null },
      editorAllowed: true,
    },
    {
      url: '/api/m/lovisa/2023/units/STK-ADM/forecasts/services',
      body: { period: '2023-08', amount: -80_000_000, version: null },
      editorAllowed: false,
    },
  ],
  // The demo's key goals are all the central's (STK); goal 1 is its first.
  'PATCH /api/m/{m}/{year}/goals/{id}': [
    {
      url: '/api/m/lovisa/2023/goals/1',
      body: { status: 'partlyAchieved' },
      editorAllowed: false,
    },
  ],
  // A key goal added to a unit, by its editor; a binding one only by finance.
  'POST /api/m/{m}/{year}/units/{code}/goals': [
    {
      url: '/api/m/lovisa/2023/units/STK-ICT/goals',
      body: { theme: 1, goal: { en: 'Added by the route walk.' } },
      editorAllowed: true,
    },
    {
      url: '/api/m/lovisa/2023/units/STK-ADM/goals',
      body: { theme: 1, goal: { en: 'Added by the route walk.' } },
      editorAllowed: false,
    },
  ],
  // The demo's risks by id: 1–3 are STK-ADM's, 4–6 STK-ICT's, 7–9 STK-EKP's.
  'PATCH /api/m/{m}/{year}/risks/{id}': [
    { url: '/api/m/lovisa/2023/risks/4', body: { likelihood: 3, version: 1 }, editorAllowed: true },
    {
      url: '/api/m/lovisa/2023/risks/1',
      body: { likelihood: 3, version: 1 },
      editorAllowed: false,
    },
  ],
  'POST /api/m/{m}/{year}/units/{code}/comments': [
    {
      url: '/api/m/lovisa/2023/units/STK-ICT/comments',
      body: { target: 'narrative:events', body: 'Checked by the route walk.' },
      editorAllowed: true,
    },
    {
      url: '/api/m/lovisa/2023/units/STK-ADM/comments',
      body: { target: 'narrative:events', body: 'Checked by the route walk.' },
      editorAllowed: false,
    },
  ],
  'POST /api/m/{m}/{year}/units/{code}/workflow/submit': [
    { url: '/api/m/lovisa/2023/units/120102/workflow/submit', body: {}, editorAllowed: true },
    { url: '/api/m/lovisa/2023/units/STK-ADM/workflow/submit', body: {}, editorAllowed: false },
  ],
  'POST /api/m/{m}/{year}/units/{code}/workflow/approve': [
    { url: '/api/m/lovisa/2023/units/120102/workflow/approve', body: {} },
  ],
  'POST /api/m/{m}/{year}/units/{code}/workflow/lock': [
    { url: '/api/m/lovisa/2023/units/120103/workflow/lock', body: {} },
  ],
  'POST /api/m/{m}/{year}/units/{code}/workflow/reopen': [
    {
      url: '/api/m/lovisa/2023/units/120103/workflow/reopen',
      body: { reason: 'The route walk reopens it.' },
    },
  ],
  'GET /api/m/{m}/{year}/checks': [
    { url: '/api/m/lovisa/2023/checks?lang=sv' },
    { url: '/api/m/lovisa/2023/checks?period=2023-08&reports=false' },
  ],
  'GET /api/m/{m}/{year}/budget-changes': [{ url: '/api/m/lovisa/2023/budget-changes' }],
  'POST /api/m/{m}/{year}/budget-changes': [
    {
      url: '/api/m/lovisa/2023/budget-changes',
      body: {
        decision: 'Route walk §1',
        date: '2023-06-12',
        amounts: [{ unit: 'STK-ICT', line: 'services', amount: -100 }],
      },
    },
  ],
  // A decision that does not exist: the rule is judged before the operation answers 404.
  'PATCH /api/m/{m}/{year}/budget-changes/{id}': [
    {
      url: '/api/m/lovisa/2023/budget-changes/999999',
      body: {
        version: 1,
        decision: 'Route walk §1',
        date: '2023-06-12',
        text: 'Corrected',
        amounts: [{ unit: 'STK-ICT', line: 'services', amount: -200 }],
      },
    },
  ],
  'DELETE /api/m/{m}/{year}/budget-changes/{id}': [
    { url: '/api/m/lovisa/2023/budget-changes/999999?version=1' },
  ],
  // Budget profiles: the year's own, set and removed by finance (src/server/routes/profiles.ts).
  'GET /api/m/{m}/{year}/profiles': [{ url: '/api/m/lovisa/2023/profiles' }],
  'PUT /api/m/{m}/{year}/profiles': [
    {
      url: '/api/m/lovisa/2023/profiles',
      body: { name: 'route-walk', weights: [8, 8, 8, 8, 8, 12, 12, 4, 8, 8, 8, 8], line: null },
    },
  ],
  'DELETE /api/m/{m}/{year}/profiles/{name}': [{ url: '/api/m/lovisa/2023/profiles/route-walk' }],
  'GET /api/m/{m}/{year}/report': [
    { url: '/api/m/lovisa/2023/report?unit=STK&lang=sv&format=document' },
    { url: '/api/m/lovisa/2023/report?unit=STK-ICT&lang=fi&format=csv' },
  ],
  'GET /api/m/{m}/{year}/snapshots': [
    { url: '/api/m/lovisa/2023/snapshots' },
    { url: '/api/m/lovisa/2023/snapshots?unit=STK' },
  ],
  'GET /api/m/{m}/audit': [
    { url: '/api/m/lovisa/audit' },
    { url: '/api/m/lovisa/audit?entity=narrative&unit=STK&limit=10' },
  ],
  // The years: the first caller allowed starts 2024, the later ones are refused with 409.
  'GET /api/m/{m}/years': [{ url: '/api/m/lovisa/years' }],
  'POST /api/m/{m}/years': [{ url: '/api/m/lovisa/years', body: { year: 2024, from: 2023 } }],

  // Sessions and meta (src/server/routes/session.ts, meta.ts). Logging in is public: everyone,
  // logged in or not, may log in (as the reader here). Logging out ends the caller's session,
  // so the route walk sends it last.
  'POST /api/session': [
    { url: '/api/session', body: { username: 'reader', password: 'demo-reader-2023' } },
  ],
  'GET /api/session': [{ url: '/api/session' }],
  'DELETE /api/session': [{ url: '/api/session' }],
  'GET /api/health': [{ url: '/api/health' }],
  'GET /api/meta': [{ url: '/api/meta' }],

  // Imports (src/server/routes/imports.ts): units and the mapping are the admin's. Commits of
  // bad files answer 422 and write nothing; the budget change and the organisation (the demo's
  // own, again) are written, which leaves the demo as the other examples expect it. A forecast
  // file is for whoever may change each of its units: the editor of STK-ICT imports the file of
  // STK-ICT and its cost centre 120101, not one with rows of STK-ADM.
  'GET /api/m/{m}/imports': [{ url: '/api/m/lovisa/imports' }],
  'POST /api/m/{m}/imports/{kind}/preview': [
    {
      url: '/api/m/lovisa/imports/budget/preview',
      multipart: { file: 'fixtures/import/bad/text-in-amount.csv', fields: { year: '2023' } },
    },
    {
      url: '/api/m/lovisa/imports/budget/preview',
      multipart: {
        file: 'fixtures/import/demo/budget-own-headers.csv',
        fields: {
          year: '2023',
          stage: 'change',
          decision: 'Route walk §2',
          date: '2023-06-12',
          columns: JSON.stringify({ unit: 'Ansvar', line: 'Post', amount: 'Netto' }),
        },
      },
    },
    {
      url: '/api/m/lovisa/imports/actuals/preview',
      multipart: { file: 'fixtures/import/demo/actuals-bad.csv', fields: { year: '2023' } },
    },
    {
      url: '/api/m/lovisa/imports/org/preview',
      multipart: { file: 'fixtures/lovisa-2023/org.csv', fields: { year: '2023' } },
      rule: 'admin',
    },
    {
      url: '/api/m/lovisa/imports/mapping/preview',
      multipart: { file: 'fixtures/import/good/mapping.csv', fields: { year: '2023' } },
      rule: 'admin',
    },
    {
      url: '/api/m/lovisa/imports/forecast/preview',
      multipart: { file: 'fixtures/import/good/forecast.csv', fields: { period: '2023-08' } },
      rule: 'unit-editor',
      editorAllowed: false,
    },
  ],
  'POST /api/m/{m}/imports/{kind}': [
    {
      url: '/api/m/lovisa/imports/budget',
      multipart: {
        file: 'fixtures/import/demo/budget-change.csv',
        fields: { year: '2023', stage: 'change', decision: 'Route walk §3', date: '2023-06-12' },
      },
    },
    {
      url: '/api/m/lovisa/imports/actuals',
      multipart: { file: 'fixtures/import/demo/actuals-bad.csv', fields: { year: '2023' } },
    },
    {
      url: '/api/m/lovisa/imports/org',
      multipart: { file: 'fixtures/lovisa-2023/org.csv', fields: { year: '2023' } },
      rule: 'admin',
    },
    {
      url: '/api/m/lovisa/imports/mapping',
      multipart: { file: 'fixtures/import/bad/mapping-overlap.csv', fields: { year: '2023' } },
      rule: 'admin',
    },
    {
      url: '/api/m/lovisa/imports/forecast',
      multipart: { file: 'fixtures/import/demo/forecast-ict.csv', fields: { period: '2023-08' } },
      rule: 'unit-editor',
      editorAllowed: true,
    },
  ],

  // An import that does not exist: the rule lets finance through to the 404.
  'POST /api/m/{m}/imports/undo/{id}': [{ url: '/api/m/lovisa/imports/undo/999999' }],
  // Column mappings remembered for an ERP's export (issue 14): the budget kind is finance's.
  'GET /api/m/{m}/imports/mappings': [{ url: '/api/m/lovisa/imports/mappings' }],
  'POST /api/m/{m}/imports/mappings': [
    {
      url: '/api/m/lovisa/imports/mappings',
      body: {
        kind: 'budget',
        name: 'Route walk export',
        header: ['Ansvar', 'Post', 'Netto'],
        columns: { unit: 'Ansvar', line: 'Post', amount: 'Netto' },
      },
    },
  ],
  'DELETE /api/m/{m}/imports/mappings/{id}': [{ url: '/api/m/lovisa/imports/mappings/999999' }],

  // Users (src/server/routes/users.ts). The admin's attempt to demote themselves is refused
  // with a 400, which the walk counts as allowed: the rule let it through.
  'GET /api/users': [{ url: '/api/users' }],
  'POST /api/users': [
    {
      url: '/api/users',
      body: {
        username: 'walker',
        displayName: 'Route Walker',
        role: 'reader',
        password: 'walk-every-route-2023',
      },
    },
  ],
  'PATCH /api/users/{username}': [
    { url: '/api/users/reader', body: { displayName: 'Rasmus Läsare' } },
    { url: '/api/users/admin', body: { role: 'reader' } },
  ],
};
