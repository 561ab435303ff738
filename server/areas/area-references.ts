/**
 * Tables that point at areas. Other modules add theirs here so that deleting refuses (archive instead)
 * and moving a subtree rewrites every copy of the materialized path.
 */
export interface AreaReference {
  table: string;
  /** Column holding the area id; a row referencing the area blocks deletion. Absent for derived copies (an index table). */
  idColumn?: string;
  /** Column holding a copy of the area's path, rewritten when the subtree moves. */
  pathColumn?: string;
}

export const AREA_REFERENCES: AreaReference[] = [
  { table: 'assignments', idColumn: 'area_id' },
  { table: 'audit_log', idColumn: 'area_id', pathColumn: 'area_path' },
  { table: 'households', idColumn: 'area_id', pathColumn: 'area_path' },
  { table: 'residents', idColumn: 'area_id', pathColumn: 'area_path' },
  { table: 'announcements', idColumn: 'area_id', pathColumn: 'area_path' },
  { table: 'announcement_acks', idColumn: 'area_id', pathColumn: 'area_path' },
  { table: 'announcement_webhooks', idColumn: 'area_id', pathColumn: 'area_path' },
  // The tag index follows its residents (which block deletion themselves); only its path copy needs rewriting.
  { table: 'resident_tags', pathColumn: 'area_path' },
  { table: 'forms', idColumn: 'area_id', pathColumn: 'area_path' },
  { table: 'form_links', idColumn: 'area_id', pathColumn: 'area_path' },
  { table: 'form_submissions', idColumn: 'area_id', pathColumn: 'area_path' },
  { table: 'form_alerts', idColumn: 'area_id', pathColumn: 'area_path' },
  // Tallies are derived from submissions (which block deletion); their path copy follows a move.
  { table: 'form_tallies', pathColumn: 'area_path' },
  { table: 'cases', idColumn: 'area_id', pathColumn: 'area_path' },
  { table: 'cases', pathColumn: 'assignee_area_path' },
  { table: 'inspections', idColumn: 'area_id', pathColumn: 'area_path' },
  { table: 'api_keys', idColumn: 'area_id' },
];

/** References that block deletion: history-only tables (the audit log) do not. */
export const BLOCKING_REFERENCES = new Set(['assignments', 'households', 'residents', 'announcements', 'announcement_acks', 'announcement_webhooks', 'forms', 'form_links', 'form_submissions', 'form_alerts', 'cases', 'inspections', 'api_keys']);
