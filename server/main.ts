import { readFileSync, createReadStream, existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Kysely } from 'kysely';
import { ROLES, DUTIES, type Duty, type Role } from '../common/roles.js';
import { ZPassword, ZUsername } from '../common/users.js';
import { buildApp } from './app.js';
import { ensureDefaultCategories } from './cases/default-categories.js';
import { importAreas } from './areas/area-import.js';
import { createApiKey, listApiKeys, revokeApiKey } from './open311/api-keys.service.js';
import type { Actor } from './auth/actor.js';
import { purgeExpiredSessions } from './auth/auth.service.js';
import { hashPassword } from './auth/password.js';
import { recordAudit } from './audit/audit.service.js';
import { loadConfig, type AppConfig } from './config.js';
import { openDatabase, type DatabaseHandle } from './db/database.js';
import { nowIso } from './db/dialect.js';
import { migrateToLatest } from './db/migrate.js';
import { ensurePlannerStatistics } from './db/planner-statistics.js';
import type { Database } from './db/types.js';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from './demo/seed-demo.js';
import { AppError } from './http/errors.js';
import { detectFormat, readRows } from './imports/read-rows.js';
import { createCipher, loadMasterKey } from './registry/personal-data-cipher.js';
import { importResidents } from './registry/resident-import.js';
import { createAssignment } from './roster/roster.service.js';

/** The CLI acts with full rights, recorded in the audit log as "cli". */
const CLI_ACTOR: Actor = { userId: 0, username: 'cli', displayName: 'command line', isSuperAdmin: true, ip: null, grants: [] };

const HELP: Record<string, string> = {
  main: `wangge — grid-based community governance (网格化社区治理)

Usage: wangge <command> [options]

Commands:
  serve                      start the web app and API (default port 3000)
  migrate                    bring the database schema up to date
  seed-demo                  add the demo district (once)
  import areas FILE          import an area tree from CSV/XLSX (code,name,parent_code,level)
  import residents FILE --area CODE
                             import residents into a grid or community from CSV/XLSX
  user add                   create a user (see: wangge user add --help)
  user assign                give a user a role at an area (see: wangge user assign --help)
  apikey add --name NAME [--area CODE]
                             make an Open311 API key (printed once); apikey list, apikey revoke --name NAME

Environment: WANGGE_DATA_DIR (SQLite folder, default ./data), DATABASE_URL (postgres://… to use
PostgreSQL), PORT (default 3000), WANGGE_DEMO=0 (no demo data), WANGGE_PUBLIC_URL (base URL on QR codes),
WANGGE_TIME_ZONE (default Asia/Shanghai), WANGGE_RATE_LIMITS=off (benchmarks/trusted networks only).
Every command migrates first when needed. Add --help after any command for its options.`,
  serve: `wangge serve — start Wangge. Migrates, seeds the demo district on first start unless WANGGE_DEMO=0,
and listens on PORT (default 3000).`,
  migrate: `wangge migrate — apply pending database migrations and exit.`,
  'seed-demo': `wangge seed-demo — add the demo district (示范区) with staff and logins; does nothing if already there.`,
  'import areas': `wangge import areas FILE — import an area tree.

FILE is CSV (UTF-8, with or without BOM) or XLSX with a header row: code,name,parent_code,level
(Chinese headers 代码,名称,上级代码,级别 work too; optional sort_order). Parents may come after children.
Importing again updates names and adds new nodes. If any row is bad, every bad row is printed as
"row N: reason", nothing is written, and the exit code is 1.`,
  'import residents': `wangge import residents FILE --area CODE — import residents into a grid or community.

FILE is CSV (UTF-8, with or without BOM) or XLSX with a header row in Chinese or English:
  姓名 name · 身份证号 id_number · 手机号 phone · 性别 gender · 出生日期 birth_date · 网格 grid ·
  楼栋 building · 单元 unit · 房号 room · 与户主关系 relation · 人员类型 residence_type · 标签 tags ·
  迁入日期 move_in_date
姓名, 身份证号, 楼栋 and 房号 are required. --area is the code of a grid, or of a community (then each row
names its 网格). Buildings and units are matched by name and created when missing; each room is one
household. ID numbers are checked (check digit, birth date and gender) and must not be registered yet.
If any row is bad, every bad row is printed as "row N: reason", nothing is written, and the exit code is 1.
The template: GET /api/imports/residents/template.xlsx (or 居民导入 in the web app).`,
  'user add': `wangge user add --username U --password P [--name NAME] [--phone PHONE] [--role ROLE --area CODE]

--role admin without --area makes a system administrator. Roles: ${ROLES.join(', ')}.`,
  'apikey add': `wangge apikey add --name NAME [--area CODE] — make an API key for an Open311 client.

The key is printed once; only its hash is kept, so store it now. Requests created with it land at the
area CODE (a community or grid), or at an area under it named by the request's address_id. Without
--area, every request must name its area in address_id. Open311 lives at /open311/v2/ (discovery.json).`,
  'apikey list': `wangge apikey list — the API keys: name, first characters, area, created, last used, revoked.`,
  'apikey revoke': `wangge apikey revoke --name NAME — revoke the active key of that name; its clients get 403 from then on.`,
  'user assign': `wangge user assign --username U --role ROLE --area CODE [--duties d1,d2]

Roles: ${ROLES.join(', ')}. Duties (grid workers): ${DUTIES.join(', ')}.`,
};

class UsageError extends Error {}

function parseFlags(args: string[]): { positional: string[]; flags: Record<string, string | true> } {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2);
      if (v !== undefined) flags[k] = v;
      else if (args[i + 1] !== undefined && !args[i + 1].startsWith('--')) flags[k] = args[++i];
      else flags[k] = true;
    } else positional.push(a);
  }
  return { positional, flags };
}

function flag(flags: Record<string, string | true>, name: string, required: true): string;
function flag(flags: Record<string, string | true>, name: string, required?: false): string | undefined;
function flag(flags: Record<string, string | true>, name: string, required = false): string | undefined {
  const v = flags[name];
  if (v === true || (v === undefined && required)) throw new UsageError(`--${name} needs a value`);
  return v;
}

async function openAndMigrate(config: AppConfig): Promise<DatabaseHandle> {
  const handle = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db);
  } catch (err) {
    await handle.close();
    throw new Error(`cannot prepare the database (${handle.describe}): ${(err as Error).message}`);
  }
  return handle;
}

async function findAreaId(db: Kysely<Database>, code: string): Promise<number> {
  const area = await db.selectFrom('areas').select('id').where('code', '=', code).executeTakeFirst();
  if (!area) throw new UsageError(`no area with code ${code}`);
  return area.id;
}

/** The cipher for personal data: the configured key, or the key file in the data folder. */
const cipherOf = (config: AppConfig) => createCipher(loadMasterKey(config.encryptionKey, config.dataDir));

async function serve(config: AppConfig) {
  const handle = await openAndMigrate(config);
  const cipher = cipherOf(config);
  if (config.demo && (await seedDemo(handle.db, cipher))) console.log('[wangge] demo district seeded');
  await ensurePlannerStatistics(handle.db);
  await ensureDefaultCategories(handle.db);
  await purgeExpiredSessions(handle.db);
  const app = await buildApp({ db: handle.db, dialect: handle.dialect, config, cipher }, { logger: { level: config.logLevel } });
  if (!config.rateLimits.enabled) app.log.warn('WANGGE_RATE_LIMITS=off: every rate limit is off (logins, public pages, form submissions); use this only for benchmarks or on a trusted network');
  const shutdown = async () => {
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await app.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${(app.server.address() as { port: number }).port}`;
  console.log(`\n  Wangge 网格 is running at ${url}  (database: ${handle.dialect} ${handle.describe})`);
  console.log(`  API docs: ${url}/api/docs`);
  const demo = await handle.db.selectFrom('users').select('username').where('username', 'in', DEMO_LOGINS.map((d) => d.username)).execute();
  if (demo.length) {
    console.log(`\n  Demo logins (password ${DEMO_PASSWORD}):`);
    for (const d of DEMO_LOGINS) if (demo.some((u) => u.username === d.username)) console.log(`    ${d.username.padEnd(10)} ${d.role}`);
  }
  console.log('');
}

async function importAreasCommand(config: AppConfig, file: string | undefined) {
  if (!file) throw new UsageError('name the file: wangge import areas FILE');
  if (!existsSync(file)) throw new UsageError(`file not found: ${file}`);
  const handle = await openAndMigrate(config);
  try {
    const head = readFileSync(file).subarray(0, 4);
    const started = Date.now();
    let last = 0;
    const result = await importAreas(handle.db, CLI_ACTOR, readRows(createReadStream(file), detectFormat(basename(file), head)), (p) => {
      if (process.stderr.isTTY && Date.now() - last > 500) {
        last = Date.now();
        process.stderr.write(`\r${p.phase} ${p.processed}${p.total ? `/${p.total}` : ''}   `);
      }
    });
    if (process.stderr.isTTY) process.stderr.write('\r');
    console.log(`imported ${result.rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged`);
  } finally {
    await handle.close();
  }
}

async function importResidentsCommand(config: AppConfig, file: string | undefined, flags: Record<string, string | true>) {
  if (!file) throw new UsageError('name the file: wangge import residents FILE --area CODE');
  const areaCode = flag(flags, 'area');
  if (!areaCode) throw new UsageError('name the grid or community to import into: --area CODE');
  if (!existsSync(file)) throw new UsageError(`file not found: ${file}`);
  const handle = await openAndMigrate(config);
  try {
    const areaId = await findAreaId(handle.db, areaCode);
    const format = detectFormat(basename(file), readFileSync(file).subarray(0, 4));
    const started = Date.now();
    const r = await importResidents(handle.db, cipherOf(config), CLI_ACTOR, areaId, () => readRows(createReadStream(file), format), basename(file));
    const places = r.newBuildings || r.newUnits ? `; created ${r.newBuildings} building(s) and ${r.newUnits} unit(s)` : '';
    console.log(`imported ${r.residents} residents into ${r.households} households (${r.newHouseholds} new) in ${((Date.now() - started) / 1000).toFixed(1)} s${places}`);
  } finally {
    await handle.close();
  }
}

async function userAdd(config: AppConfig, flags: Record<string, string | true>) {
  const username = ZUsername.safeParse(flag(flags, 'username', true));
  if (!username.success) throw new UsageError(`--username: ${username.error.issues[0].message}`);
  const password = ZPassword.safeParse(flag(flags, 'password', true));
  if (!password.success) throw new UsageError(`--password: ${password.error.issues[0].message}`);
  const role = flag(flags, 'role') as Role | undefined;
  if (role && !ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const areaCode = flag(flags, 'area');
  if (role && role !== 'admin' && !areaCode) throw new UsageError('--role needs --area CODE (only admin may go without, making a system administrator)');
  const handle = await openAndMigrate(config);
  try {
    const db = handle.db;
    if (await db.selectFrom('users').select('id').where('username', '=', username.data).executeTakeFirst()) throw new UsageError(`username ${username.data} is taken`);
    const superAdmin = role === 'admin' && !areaCode;
    const areaId = areaCode ? await findAreaId(db, areaCode) : undefined;
    const { id } = await db
      .insertInto('users')
      .values({ username: username.data, password_hash: await hashPassword(password.data), display_name: flag(flags, 'name') ?? username.data, phone: flag(flags, 'phone') ?? null, show_phone: 0, is_super_admin: superAdmin ? 1 : 0, disabled: 0, failed_logins: 0, locked_until: null, created_at: nowIso(), created_by: null, last_login_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(db, { userId: null, username: 'cli', ip: null }, { action: 'user.create', entityType: 'user', entityId: id, after: { username: username.data, superAdmin } });
    if (role && areaId) await createAssignment(db, CLI_ACTOR, { userId: id, areaId, role });
    console.log(`created user ${username.data} (id ${id})${superAdmin ? ' as system administrator' : role ? ` as ${role} at ${areaCode}` : ''}`);
  } finally {
    await handle.close();
  }
}

async function userAssign(config: AppConfig, flags: Record<string, string | true>) {
  const username = flag(flags, 'username', true);
  const role = flag(flags, 'role', true) as Role;
  if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const areaCode = flag(flags, 'area', true);
  const duties = flag(flags, 'duties')?.split(',').map((d) => d.trim()) as Duty[] | undefined;
  const bad = duties?.filter((d) => !DUTIES.includes(d));
  if (bad?.length) throw new UsageError(`unknown duties: ${bad.join(', ')} (use ${DUTIES.join(', ')})`);
  const handle = await openAndMigrate(config);
  try {
    const user = await handle.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
    if (!user) throw new UsageError(`no user named ${username}`);
    const a = await createAssignment(handle.db, CLI_ACTOR, { userId: user.id, areaId: await findAreaId(handle.db, areaCode), role, duties });
    console.log(`${username} is now ${role} of ${a.areaName} (${a.areaCode})`);
  } finally {
    await handle.close();
  }
}

/** Open311 API keys: add (prints the key once), list, revoke. */
async function apikeyCommand(config: AppConfig, key: string, flags: Record<string, string | true>) {
  const name = key === 'apikey list' ? undefined : flag(flags, 'name', true);
  const areaCode = key === 'apikey add' ? flag(flags, 'area') : undefined;
  const handle = await openAndMigrate(config);
  try {
    if (key === 'apikey add') {
      const made = await createApiKey(handle.db, { name: name!, areaCode });
      console.log(made.key);
      console.error(`API key "${made.name}" made${made.areaCode ? ` for area ${made.areaCode}` : ' (requests must give address_id)'}; it is shown only this once, store it now`);
    } else if (key === 'apikey revoke') {
      await revokeApiKey(handle.db, name!);
      console.log(`revoked API key "${name}"`);
    } else {
      const keys = await listApiKeys(handle.db);
      if (!keys.length) console.log('no API keys yet: wangge apikey add --name NAME [--area CODE]');
      for (const k of keys) {
        const state = k.revokedAt ? `revoked ${k.revokedAt}` : `last used ${k.lastUsedAt ?? 'never'}`;
        console.log(`${k.name}\t${k.prefix}…\t${k.areaCode ? `${k.areaCode} ${k.areaName}` : '(any area by address_id)'}\tcreated ${k.createdAt}\t${state}`);
      }
    }
  } finally {
    await handle.close();
  }
}

/** Run the CLI; returns the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const { positional, flags } = parseFlags(argv);
  const [cmd, sub, ...rest] = positional;
  const key = cmd === 'import' || cmd === 'user' || cmd === 'apikey' ? `${cmd} ${sub ?? ''}`.trim() : (cmd ?? 'main');
  if (flags.help || cmd === 'help' || !cmd) {
    console.log(HELP[key] ?? HELP.main);
    return cmd && !HELP[key] && cmd !== 'help' ? 2 : 0;
  }
  const config = loadConfig();
  try {
    switch (key) {
      case 'serve':
        await serve(config);
        return -1; // keep running
      case 'migrate': {
        const handle = await openAndMigrate(config);
        await handle.close();
        console.log(`database is up to date (${handle.dialect} ${handle.describe})`);
        return 0;
      }
      case 'seed-demo': {
        const handle = await openAndMigrate(config);
        const seeded = await seedDemo(handle.db, cipherOf(config));
        await handle.close();
        console.log(seeded ? `demo district seeded; log in as admin / ${DEMO_PASSWORD}` : 'the demo district is already there');
        return 0;
      }
      case 'import areas':
        await importAreasCommand(config, sub === 'areas' ? rest[0] : undefined);
        return 0;
      case 'import residents':
        await importResidentsCommand(config, rest[0], flags);
        return 0;
      case 'user add':
        await userAdd(config, flags);
        return 0;
      case 'user assign':
        await userAssign(config, flags);
        return 0;
      case 'apikey add':
      case 'apikey list':
      case 'apikey revoke':
        await apikeyCommand(config, key, flags);
        return 0;
      default:
        console.error(`unknown command "${positional.join(' ')}"\n\n${HELP.main}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof AppError && err.rows?.length) {
      for (const r of err.rows) console.error(`row ${r.row}: ${r.message}`);
      console.error(err.message);
      return 1;
    }
    if (err instanceof UsageError || err instanceof AppError) {
      console.error(`error: ${err.message}`);
      return err instanceof UsageError ? 2 : 1;
    }
    console.error(`error: ${(err as Error).message}`);
    return 1;
  }
}
