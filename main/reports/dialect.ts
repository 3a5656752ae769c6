/**
 * What differs between the two engines a report runs on: the desk's SQLite file and the
 * organisation's PostgreSQL record. Each report's SQL is written once against this, so the
 * two can never drift; everything else in a definition is plain SQL both engines accept.
 */
export interface ReportDialect {
  /** `audit_events` as `alias`, scoped to the organisation on PostgreSQL; `index` is a SQLite partial index to insist on. */
  events(alias: string, index?: string): string;
  /** A field of a JSON detail column, typed: text, a number, or a boolean. */
  json(column: string, key: string, type: 'text' | 'number' | 'boolean'): string;
  /** True when event `x` was written before event `r` of the same case. */
  before(x: string, r: string): string;
  /** The desk (audit chain) an event came from; NULL on a desk, where there is only one. */
  chain(alias: string): string;
  /** The start (inclusive) and end (exclusive) UTC instants of the range. */
  start: string;
  end: string;
  /** Common table expressions the grouping and day need, with a trailing comma, or ''. */
  prelude: string;
  /** The UK calendar day (Europe/London) of an instant column, as YYYY-MM-DD text. */
  ukDay(column: string): string;
  /**
   * Each case's registered practice as a relation `(case_id, practice)` to join facts to, or
   * undefined to look it up per fact. A desk's facts are few and SQLite answers the lookup from a
   * partial index; the organisation's run to millions, where an index probe per fact made the
   * biggest reports 40-55x a bare count over 10M events and one hashed pass over the case-opened
   * events keeps them under 20x (bench org-reports; restricting that pass to the facts' cases
   * let the planner fall back to probes).
   */
  practices?: string;
}

/**
 * A desk's SQLite: JSON through json_extract, bound parameters @start/@end/@bst, and the BST
 * spans as a CTE (SQLite has no time zones). Only an instant in the 23:00 UTC hour can fall on
 * the next UK day (during summer time), so only those consult the spans.
 */
export const SQLITE: ReportDialect = {
  events: (alias, index) => `audit_events ${alias}${index !== undefined ? ` INDEXED BY ${index}` : ''}`,
  json: (column, key) => `json_extract(${column}, '$.${key}')`,
  before: (x, r) => `${x}.seq < ${r}.seq`,
  chain: () => 'NULL',
  start: '@start',
  end: '@end',
  prelude: `bst(s, e) AS (SELECT json_extract(value, '$.s'), json_extract(value, '$.e') FROM json_each(@bst)),`,
  ukDay: (at) => `CASE WHEN substr(${at}, 12, 2) = '23' AND EXISTS (SELECT 1 FROM bst WHERE ${at} >= bst.s AND ${at} < bst.e)
    THEN date(${at}, '+1 hours') ELSE substr(${at}, 1, 10) END`,
};

/** Positional parameters of every organisation report: the range, then the organisation. */
export const POSTGRES_PARAMS = ['start', 'end', 'org'] as const;

/**
 * The organisation record: every events reference is scoped to the organisation ($3), which
 * leads every index. Within one desk's chain `seq` orders events exactly as on the desk; events
 * of one case written on two desks are ordered by their time.
 */
export const POSTGRES: ReportDialect = {
  events: (alias) => `(SELECT * FROM audit_events WHERE org = $3) ${alias}`,
  json: (column, key, type) => {
    const text = `(${column}->>'${key}')`;
    switch (type) {
      case 'text':
        return text;
      case 'number':
        return `${text}::numeric`;
      case 'boolean':
        return `${text}::boolean`;
    }
  },
  before: (x, r) => `(CASE WHEN ${x}.chain_id = ${r}.chain_id THEN ${x}.seq < ${r}.seq ELSE ${x}.at < ${r}.at END)`,
  chain: (alias) => `${alias}.chain_id`,
  start: '$1::timestamptz',
  end: '$2::timestamptz',
  prelude: '',
  ukDay: (at) => `to_char(${at} AT TIME ZONE 'Europe/London', 'YYYY-MM-DD')`,
  // A case is opened once (CaseService.start); min() keeps one row per case even if a copy were ever
  // uploaded twice, and picks what SQLite's (case_id, practice) index gives first. Hash-aggregated, no sort.
  practices: `(SELECT o.case_id, min(o.detail->>'practiceOds') AS practice
    FROM audit_events o WHERE o.org = $3 AND o.type = 'case.opened' GROUP BY o.case_id)`,
};
