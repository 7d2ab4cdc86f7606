/** Table types for Kysely. Every table carries municipality_id so data can be distributed by tenant. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type { Timestamp };
/** int8 amounts: drivers return number, bigint or text; read them with centsFrom(). */
type Int8 = ColumnType<string | number | bigint, number, number>;

export interface MunicipalityTable {
  id: string;
  name: string;
  created_at: Timestamp;
}

export interface FiscalYearTable {
  municipality_id: string;
  year: number;
  status: Generated<string>;
}

export interface UnitTable {
  municipality_id: string;
  year: number;
  code: string;
  parent_code: string | null;
  kind: string;
  name_sv: string;
  name_fi: string;
  name_en: string;
  responsible: string | null;
  board: string | null;
  position: number;
}

export interface BindingTable {
  municipality_id: string;
  year: number;
  unit_code: string;
  line: string;
}

export interface AccountRangeTable {
  municipality_id: string;
  year: number;
  from_account: string;
  to_account: string;
  line: string;
  position: number;
}

export interface ImportLogTable {
  municipality_id: string;
  id: Generated<number>;
  kind: string;
  year: number | null;
  file_name: string;
  sha256: string;
  format: string;
  rows: number;
  options: string;
  imported_at: Timestamp;
  /** When the import was undone (utfall imports undo), and by whom; null while it stands. */
  undone_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** False for imports made before undo existed: they kept nothing they superseded. */
  keeps_superseded: Generated<boolean>;
  undone_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** Postings a ledger import kept for the drill-down; null when it kept none. */
  postings: ColumnType<number | null, number | null | undefined, number | null>;
}

/**
 * One unit × account's postings of a ledger import, compressed (src/import/postings.ts): in
 * `data` on PostgreSQL, in a segment file of the data folder's ledger store on the embedded
 * engine (src/db/postings.ts).
 */
export interface PostingBlockTable {
  municipality_id: string;
  import_id: number;
  year: number;
  unit_code: string;
  account: string;
  postings: number;
  raw_length: number;
  /** Whether the block is deflated (src/import/postings.ts compressBlock). */
  compressed: boolean;
  data: Uint8Array | null;
  segment: string | null;
  segment_offset: ColumnType<string | null, number | null, number | null>;
  segment_length: number | null;
}

/** The unit × month cells an actuals import replaced (its months, for its units or for all). */
export interface ImportReplacedTable {
  municipality_id: string;
  import_id: number;
  year: number;
  unit_code: string;
  month: number;
}

/**
 * What an actuals import's replace took away from a stored row: the replaced months' amounts
 * and lines (the other months zero), with the import that had written them.
 */
export interface SupersededActualTable extends ActualTable {
  /** Here: the import that superseded the row; `source_import_id` the one that wrote it. */
  source_import_id: number;
}

/** The budget entries an original budget import replaced, with the import that had written them. */
export interface SupersededBudgetTable extends BudgetEntryTable {
  /** Here: the import that superseded the entry; `source_import_id` the one that wrote it. */
  source_import_id: number;
}

export interface BudgetChangeTable {
  municipality_id: string;
  year: number;
  id: Generated<number>;
  decision: string;
  decision_date: string;
  import_id: number;
  /** The decision's text (what the council decided), beside its reference. */
  text: Generated<string>;
  /** Raised by every correction: one based on an older version is refused. */
  version: Generated<number>;
}

/** An ERP's column mapping, remembered for the next file with the same header row. */
export interface ColumnMappingTable {
  municipality_id: string;
  id: Generated<number>;
  kind: string;
  name: string;
  /** The header's cells, trimmed and in lower case, joined by U+001F. */
  header_key: string;
  /** The header's cells as written in the file it was made for. */
  header: string[];
  /** JSON: field → the header of its column. */
  columns: string;
  created_at: Timestamp;
  created_by: string;
}

export interface BudgetEntryTable {
  municipality_id: string;
  year: number;
  stage: string;
  change_id: number | null;
  unit_code: string;
  account: string | null;
  line: string;
  kind: string;
  amount: Int8;
  /** The amount month by month, January first (they add up to `amount`). */
  months: ColumnType<(string | number | bigint)[], string[], string[]>;
  import_id: number;
}

/** A named way of spreading a year's budget over its months; with `line`, that line's default. */
export interface BudgetProfileTable {
  municipality_id: string;
  year: number;
  name: string;
  line: string | null;
  /** Twelve non-negative weights, January first. */
  weights: number[];
  updated_at: Timestamp;
  updated_by: string;
}

/** A unit's forecast for the year on one leaf line, as entered for a reporting period. */
export interface ForecastTable {
  municipality_id: string;
  year: number;
  /** The reporting period's last month. */
  period: number;
  unit_code: string;
  line: string;
  /** Report sign, cents. */
  amount: Int8;
  version: Generated<number>;
  updated_at: Timestamp;
  updated_by: string;
}

export interface ActualTable {
  municipality_id: string;
  year: number;
  unit_code: string;
  account: string;
  kind: string;
  /** Twelve monthly amounts in cents, January first. */
  amounts: ColumnType<(string | number | bigint)[], string[], string[]>;
  lines: number[];
  import_id: number;
}

export interface StrategyThemeTable {
  municipality_id: string;
  year: number;
  number: number;
  /** JSON: names by language */
  names: string;
}

export interface KeyGoalTable {
  municipality_id: string;
  year: number;
  id: Generated<number>;
  unit_code: string;
  theme: number;
  position: number;
  status: string;
  binding: boolean;
  /** JSON: the KeyGoal */
  content: string;
  /** 1 when written, raised by every update */
  version: Generated<number>;
}

/**
 * key_goal_period (migration 010): a key goal's outcome and status for an interim reporting
 * period (1–11), by the goal's unit and position. The year's (12) are in key_goal.content.
 */
export interface KeyGoalPeriodTable {
  municipality_id: string;
  year: number;
  unit_code: string;
  position: number;
  period: number;
  /** JSON: Texts */
  outcome: string;
  status: string;
  version: Generated<number>;
  updated_at: Timestamp;
  updated_by: string;
}

export interface NarrativeTable {
  municipality_id: string;
  year: number;
  unit_code: string;
  section: string;
  lang: string;
  /** The reporting period's last month: 12 for the year's text, e.g. 8 for the interim report 1–8. */
  period: Generated<number>;
  body: string;
  version: number;
  updated_at: Timestamp;
  updated_by: string;
}

export interface RiskTable {
  municipality_id: string;
  year: number;
  id: Generated<number>;
  unit_code: string;
  /** JSON: the Risk */
  content: string;
  /** 1 when imported, raised by every edit (migration 012). */
  version: Generated<number>;
}

export interface ReportStateTable {
  municipality_id: string;
  year: number;
  unit_code: string;
  /** The reporting period's last month: 12 for the year, 4 and 8 for interim periods. */
  period: Generated<number>;
  state: string;
  changed_at: Timestamp;
  changed_by: string;
  reason: string | null;
}

/** What an approved report was built from, kept for good (a reopening only marks it released). */
export interface ReportSnapshotTable {
  municipality_id: string;
  id: Generated<number>;
  year: number;
  unit_code: string;
  period: number;
  approved_at: Timestamp;
  approved_by: string;
  sha256: string;
  /** JSON: the SnapshotData */
  data: string;
  released_at: Timestamp | null;
  released_by: string | null;
  released_reason: string | null;
}

export interface CommentTable {
  municipality_id: string;
  id: Generated<number>;
  year: number;
  unit_code: string;
  target: string;
  author: string;
  body: string;
  created_at: Timestamp;
}

export interface AuditLogTable {
  municipality_id: string;
  id: Generated<number>;
  at: Timestamp;
  actor: string;
  action: string;
  entity: string;
  entity_key: string;
  before: string | null;
  after: string | null;
  /** The units the change touched, beside the one its key may name (imports touch many). */
  unit_codes: ColumnType<string[], string[] | undefined, string[]>;
}

/** Users are the installation's; an editor's units are named per municipality. */
export interface AppUserTable {
  username: string;
  display_name: string;
  role: string;
  password_hash: string;
  disabled: Generated<boolean>;
  created_at: Timestamp;
}

/**
 * A user's role in a municipality they belong to: a user who has none there does not see it.
 * (app_user.role is the installation's role: 'admin' for an installation administrator, else
 * 'none'.)
 */
export interface MembershipTable {
  username: string;
  municipality_id: string;
  role: string;
  created_at: Timestamp;
}

export interface UserUnitTable {
  username: string;
  municipality_id: string;
  unit_code: string;
}

/** Sessions are stored by the SHA-256 of their token: a database dump holds no usable session. */
export interface UserSessionTable {
  id_hash: string;
  username: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
}

/** Attempts of a throttling key (`account:…`, `address:…`) in the window that began at window_start. */
export interface LoginThrottleTable {
  key: string;
  window_start: Timestamp;
  attempts: number;
}

export interface Database {
  app_user: AppUserTable;
  user_unit: UserUnitTable;
  membership: MembershipTable;
  user_session: UserSessionTable;
  login_throttle: LoginThrottleTable;
  strategy_theme: StrategyThemeTable;
  key_goal: KeyGoalTable;
  key_goal_period: KeyGoalPeriodTable;
  narrative: NarrativeTable;
  risk: RiskTable;
  report_state: ReportStateTable;
  report_snapshot: ReportSnapshotTable;
  comment: CommentTable;
  audit_log: AuditLogTable;
  municipality: MunicipalityTable;
  fiscal_year: FiscalYearTable;
  unit: UnitTable;
  binding: BindingTable;
  account_range: AccountRangeTable;
  import_log: ImportLogTable;
  import_replaced: ImportReplacedTable;
  posting_block: PostingBlockTable;
  superseded_actual: SupersededActualTable;
  superseded_budget: SupersededBudgetTable;
  budget_change: BudgetChangeTable;
  column_mapping: ColumnMappingTable;
  budget_entry: BudgetEntryTable;
  budget_profile: BudgetProfileTable;
  forecast: ForecastTable;
  actual: ActualTable;
}
