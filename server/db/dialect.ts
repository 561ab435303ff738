import { type Kysely, PostgresAdapter, sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/** Which database a Kysely instance talks to; migrations and repositories branch on this only. */
export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Current time as the ISO string every table stores. */
export function nowIso(): string {
  return new Date().toISOString();
}

/**
 * The exclusive upper bound of every string starting with `prefix`: paths use only digits and `/`,
 * and the path column sorts bytewise (COLLATE "C" on PostgreSQL), so `[prefix, upper)` is the subtree.
 */
export function pathUpperBound(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/**
 * `column` lies under one of `paths` (a node's own path counts as under itself).
 * @example db.selectFrom('areas').where((eb) => underAnyPath(eb, 'areas.path', ['/1/', '/7/9/']))
 */
export function underAnyPath<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, column: string, paths: readonly string[]): Expression<SqlBool> {
  if (paths.length === 0) return sql<SqlBool>`1 = 0`;
  const ref = sql.ref(column);
  const ranges = paths.map((p) => sql<SqlBool>`(${ref} >= ${p} and ${ref} < ${pathUpperBound(p)})`);
  return eb.or(ranges as any);
}

/** Escape `%`, `_` and `\` for a LIKE pattern used with `escape '\'`. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A case-insensitive "contains" that works on both databases. */
export function containsIgnoreCase(column: string, text: string) {
  const pattern = `%${likeEscape(text.toLowerCase())}%`;
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

/** Convert a count that `pg` hands back as a string. */
export function toInt(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}

/** Whether a database error is a unique-constraint violation (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
}
