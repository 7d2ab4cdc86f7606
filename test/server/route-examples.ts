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
  // The demo's key goals are all the central's (STK); goal 1 is its first.
  'PATCH /api/m/{m}/{year}/goals/{id}': [
    {
      url: '/api/m/lovisa/2023/goals/1',
      body: { status: 'partlyAchieved' },
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
  'GET /api/m/{m}/{year}/checks': [{ url: '/api/m/lovisa/2023/checks?lang=sv' }],
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
  'GET /api/m/{m}/{year}/report': [
    { url: '/api/m/lovisa/2023/report?unit=STK&lang=sv&format=document' },
    { url: '/api/m/lovisa/2023/report?unit=STK-ICT&lang=fi&format=csv' },
  ],
  'GET /api/m/{m}/audit': [
    { url: '/api/m/lovisa/audit' },
    { url: '/api/m/lovisa/audit?entity=narrative&unit=STK&limit=10' },
  ],
};
