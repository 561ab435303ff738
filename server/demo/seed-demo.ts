import type { Kysely } from 'kysely';
import type { AreaLevel } from '../../common/areas.js';
import { DUTIES, type Role } from '../../common/roles.js';
import { insertArea } from '../areas/areas.repository.js';
import { hashPassword } from '../auth/password.js';
import { recordAudit } from '../audit/audit.service.js';
import { nowIso } from '../db/dialect.js';
import type { AreaRow, Database } from '../db/types.js';
import type { PersonalDataCipher } from '../registry/personal-data-cipher.js';
import { seedResidents } from './seed-residents.js';

export const DEMO_PASSWORD = 'Wangge@2026';
export const DEMO_ROOT_CODE = '370199000000';

/** The logins printed at start-up, so anyone can try each kind of user. */
export const DEMO_LOGINS: { username: string; role: string }[] = [
  { username: 'admin', role: '系统管理员 system administrator' },
  { username: 'jiedao', role: '网格总指导员 chief advisor, 示范街道' },
  { username: 'xingfu', role: '总网格长 chief grid leader, 幸福社区' },
  { username: 'wgy0101', role: '网格员 grid worker, 幸福社区第一网格' },
  { username: 'guancha', role: '观察员 observer, 示范街道' },
];

interface Node {
  code: string;
  name: string;
  level: AreaLevel;
  children?: Node[];
}

const ZH_NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function urbanGrids(communityCode: string, communityName: string, count: number): Node[] {
  return Array.from({ length: count }, (_, g) => ({
    code: `${communityCode}-G${String(g + 1).padStart(2, '0')}`,
    name: `${communityName}第${ZH_NUM[g]}网格`,
    level: 'grid' as const,
    children: Array.from({ length: 3 }, (_, b) => ({
      code: `${communityCode}-G${String(g + 1).padStart(2, '0')}-B${b + 1}`,
      name: `${g * 3 + b + 1}号楼`,
      level: 'building' as const,
      children: [1, 2].map((u) => ({ code: `${communityCode}-G${String(g + 1).padStart(2, '0')}-B${b + 1}-U${u}`, name: `${u}单元`, level: 'unit' as const })),
    })),
  }));
}

const DEMO_TREE: Node = {
  code: DEMO_ROOT_CODE,
  name: '示范区',
  level: 'district',
  children: [
    {
      code: '370199001000',
      name: '示范街道',
      level: 'subdistrict',
      children: [
        { code: '370199001001', name: '幸福社区', level: 'community', children: urbanGrids('370199001001', '幸福社区', 4) },
        { code: '370199001002', name: '和平社区', level: 'community', children: urbanGrids('370199001002', '和平社区', 4) },
        { code: '370199001003', name: '阳光社区', level: 'community', children: urbanGrids('370199001003', '阳光社区', 3) },
        {
          code: '370199001201',
          name: '柳树村',
          level: 'village',
          children: ['东组', '西组', '南组'].map((n, i) => ({
            code: `370199001201-G0${i + 1}`,
            name: `柳树村${n}网格`,
            level: 'grid' as const,
            children: [1, 2].map((b) => ({ code: `370199001201-G0${i + 1}-B${b}`, name: `${n}${b}片`, level: 'building' as const })),
          })),
        },
      ],
    },
  ],
};

interface DemoUser {
  username: string;
  name: string;
  phone: string;
  showPhone: boolean;
  superAdmin?: boolean;
  role?: Role;
  areaCode?: string;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭'];
const GIVEN = ['建国', '秀英', '桂兰', '志强', '丽娟', '海燕', '明', '伟', '芳', '静', '磊', '洋', '艳', '勇', '军', '敏'];

function demoUsers(): DemoUser[] {
  const users: DemoUser[] = [
    { username: 'admin', name: '系统管理员', phone: '13800000000', showPhone: false, superAdmin: true },
    { username: 'jiedao', name: '王建国', phone: '13805310001', showPhone: true, role: 'chief_advisor', areaCode: '370199001000' },
    { username: 'guancha', name: '赵观察', phone: '13805310002', showPhone: false, role: 'observer', areaCode: '370199001000' },
    { username: 'xingfu', name: '李秀英', phone: '13805310011', showPhone: true, role: 'chief_grid_leader', areaCode: '370199001001' },
    { username: 'heping', name: '张志强', phone: '13805310012', showPhone: true, role: 'chief_grid_leader', areaCode: '370199001002' },
    { username: 'yangguang', name: '刘丽娟', phone: '13805310013', showPhone: true, role: 'chief_grid_leader', areaCode: '370199001003' },
    { username: 'liushu', name: '陈海燕', phone: '13805310014', showPhone: true, role: 'chief_grid_leader', areaCode: '370199001201' },
  ];
  let n = 0;
  const staff = (areaCode: string, username: string, role: Role) => {
    const name = SURNAMES[n % SURNAMES.length] + GIVEN[(n * 7 + 3 + Math.floor(n / SURNAMES.length) * 5) % GIVEN.length];
    users.push({ username, name, phone: `1390531${String(1000 + n).slice(-4)}`, showPhone: n % 3 !== 0, role, areaCode });
    n++;
  };
  // Some grids are left without anyone, so the roster shows real gaps.
  const staffed: [string, number][] = [
    ['370199001001', 4],
    ['370199001002', 3],
    ['370199001003', 2],
    ['370199001201', 2],
  ];
  for (const [i, [community, grids]] of staffed.entries()) {
    const short = String(i + 1).padStart(2, '0');
    for (let g = 1; g <= grids; g++) {
      const grid = `${community}-G${String(g).padStart(2, '0')}`;
      staff(grid, `wgz${short}${String(g).padStart(2, '0')}`, 'grid_leader');
      staff(grid, `wgy${short}${String(g).padStart(2, '0')}`, 'grid_worker');
    }
  }
  return users;
}

/**
 * Seed the demo district once: the area tree, staff with logins, their roster, and households with
 * residents (their ID numbers and phones encrypted with `cipher`). Returns false when already there.
 */
export async function seedDemo(db: Kysely<Database>, cipher: PersonalDataCipher): Promise<boolean> {
  const exists = await db.selectFrom('areas').select('id').where('code', '=', DEMO_ROOT_CODE).executeTakeFirst();
  if (exists) return false;
  const hash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    const now = nowIso();
    const byCode = new Map<string, AreaRow>();
    const insert = async (node: Node, parent: AreaRow | null, sort: number) => {
      const row = await insertArea(trx, { code: node.code, name: node.name, level: node.level, parent_id: parent?.id ?? null, sort_order: sort, archived_at: null, geo: null, created_at: now, updated_at: now }, parent?.path ?? null);
      byCode.set(node.code, row);
      for (const [i, child] of (node.children ?? []).entries()) await insert(child, row, i + 1);
    };
    await insert(DEMO_TREE, null, 0);
    for (const u of demoUsers()) {
      const existing = await trx.selectFrom('users').select('id').where('username', '=', u.username).executeTakeFirst();
      const id =
        existing?.id ??
        (
          await trx
            .insertInto('users')
            .values({ username: u.username, password_hash: hash, display_name: u.name, phone: u.phone, show_phone: u.showPhone ? 1 : 0, is_super_admin: u.superAdmin ? 1 : 0, disabled: 0, failed_logins: 0, locked_until: null, created_at: now, created_by: null, last_login_at: null })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      if (u.role && u.areaCode) {
        const area = byCode.get(u.areaCode)!;
        await trx
          .insertInto('assignments')
          .values({ user_id: id, area_id: area.id, role: u.role, duties: u.role === 'grid_worker' ? DUTIES.join(',') : '', started_at: now, ended_at: null, created_by: null, ended_by: null })
          .execute();
      }
    }
    const residents = await seedResidents(trx, cipher, [...byCode.values()]);
    await recordAudit(trx, { userId: null, username: 'system', ip: null }, { action: 'demo.seed', entityType: 'area', entityId: DEMO_ROOT_CODE, after: { residents } });
  });
  return true;
}
