import type { Kysely } from 'kysely';
import type { Relation, ResidenceType } from '../../common/registry.js';
import { bulkInsert } from '../db/bulk-insert.js';
import { nowIso } from '../db/dialect.js';
import { reserveIds } from '../db/reserve-ids.js';
import type { AreaRow, Database } from '../db/types.js';
import type { PersonalDataCipher } from '../registry/personal-data-cipher.js';
import { idNumberColumns, namePinyin, phoneColumns, tagsToColumn } from '../registry/resident-fields.js';
import { insertResidentTags } from '../registry/resident-tags-index.js';
import { fakeBirthDate, fakeGivenName, fakeIdNumber, fakePhone, pickSurname, type FakeGender, type Random, seededRandom } from './fake-people.js';

/** The demo district's county code: every demo ID number starts with it. */
export const DEMO_ID_AREA = '370199';

interface Person {
  name: string;
  gender: FakeGender;
  birthDate: string;
  relation: Relation;
  tags: string[];
}

interface Household {
  place: AreaRow;
  room: string;
  address: string;
  residenceType: ResidenceType;
  members: Person[];
}

const THIS_YEAR = new Date().getUTCFullYear();
const other = (g: FakeGender): FakeGender => (g === 'male' ? 'female' : 'male');

/** A family as communities see them: people living alone, couples, parents with children, three generations. */
function family(rnd: Random, village: boolean): Person[] {
  const person = (surname: string, gender: FakeGender, age: number, relation: Relation): Person => {
    const year = THIS_YEAR - Math.max(1, age); // at least a year old: no birth date in the future
    return { name: surname + fakeGivenName(rnd, gender, year), gender, birthDate: fakeBirthDate(rnd, year), relation, tags: [] };
  };
  const size = rnd.next();
  const members: Person[] = [];
  if (size < 0.15) {
    // Living alone: many of them elderly.
    const age = rnd.chance(0.45) ? rnd.int(65, 92) : rnd.int(22, 64);
    const head = person(pickSurname(rnd), rnd.chance(0.5) ? 'male' : 'female', age, 'head');
    if (age >= 65 && rnd.chance(0.8)) head.tags.push('独居老人');
    return [head];
  }
  const headGender: FakeGender = rnd.chance(0.78) ? 'male' : 'female';
  const couple = size < 0.42;
  const headAge = couple ? rnd.int(26, 86) : size >= 0.9 ? rnd.int(48, 72) : rnd.int(30, 62);
  const surname = pickSurname(rnd);
  const head = person(surname, headGender, headAge, 'head');
  const spouse = person(pickSurname(rnd), other(headGender), headAge + rnd.int(-4, 3), 'spouse');
  members.push(head, spouse);
  const familyName = headGender === 'male' ? surname : spouse.name[0];
  if (couple) {
    if (headAge >= 62 && rnd.chance(0.6)) for (const m of members) m.tags.push('空巢老人');
    return members;
  }
  const childAge = () => Math.max(0, headAge - rnd.int(23, 34));
  const child = person(familyName, rnd.chance(0.5) ? 'male' : 'female', childAge(), 'child');
  members.push(child);
  if (size < 0.72) return members;
  if (size < 0.9) {
    // Four: a second child, or one of the head's parents.
    if (rnd.chance(0.55)) members.push(person(familyName, rnd.chance(0.5) ? 'male' : 'female', childAge(), 'child'));
    else {
      const g: FakeGender = rnd.chance(0.35) ? 'male' : 'female';
      members.push(person(g === 'male' ? surname : pickSurname(rnd), g, Math.min(99, headAge + rnd.int(24, 32)), 'parent'));
    }
    return members;
  }
  // Five: three generations — a grown child married, with a small child of their own.
  child.birthDate = fakeBirthDate(rnd, THIS_YEAR - Math.max(24, headAge - rnd.int(23, 28)));
  const childAgeNow = THIS_YEAR - Number(child.birthDate.slice(0, 4));
  members.push(person(pickSurname(rnd), other(child.gender), childAgeNow + rnd.int(-2, 2), 'in_law'));
  members.push(person(child.gender === 'male' ? familyName : members[3].name[0], rnd.chance(0.5) ? 'male' : 'female', rnd.int(0, Math.max(0, Math.min(12, childAgeNow - 22))), 'grandchild'));
  if (village) for (const m of members) if (m.relation === 'grandchild' && rnd.chance(0.3)) m.tags.push('留守儿童');
  return members;
}

const ageOf = (p: Person) => THIS_YEAR - Number(p.birthDate.slice(0, 4));

/** Care and attention tags in realistic small shares. */
function addTags(rnd: Random, members: Person[], village: boolean) {
  const poor = rnd.chance(0.02);
  for (const m of members) {
    const age = ageOf(m);
    if (age >= 22 && rnd.chance(0.07)) m.tags.push('党员');
    if (m.gender === 'male' && age >= 25 && rnd.chance(0.04)) m.tags.push('退役军人');
    if (age >= 55 && rnd.chance(0.12)) m.tags.push('慢性病');
    if (rnd.chance(0.02)) m.tags.push('残疾人');
    if (m.gender === 'female' && age >= 22 && age <= 38 && rnd.chance(village ? 0.04 : 0.03)) m.tags.push('孕产妇');
    if (age >= 18 && rnd.chance(0.003)) m.tags.push('重点人员');
    if (poor && m.relation === 'head') m.tags.push('低保户');
  }
}

/** Where households go: every unit of a building, or the building itself (a village 片) when it has no units. */
function placesOf(areas: AreaRow[]): { place: AreaRow; prefix: string; village: boolean }[] {
  const byId = new Map(areas.map((a) => [a.id, a]));
  const hasUnits = new Set(areas.filter((a) => a.level === 'unit').map((a) => a.parent_id));
  const villages = new Set(areas.filter((a) => a.level === 'village').map((a) => a.path));
  const inVillage = (a: AreaRow) => [...villages].some((p) => a.path.startsWith(p));
  const places = [];
  for (const a of areas) {
    if (a.level === 'unit') places.push({ place: a, prefix: `${byId.get(a.parent_id!)?.name ?? ''}${a.name}`, village: inVillage(a) });
    else if (a.level === 'building' && !hasUnits.has(a.id)) places.push({ place: a, prefix: a.name, village: inVillage(a) });
  }
  return places.sort((x, y) => x.place.id - y.place.id);
}

/**
 * Seed the demo district's households and residents: rooms 101–602 in every unit of the town, numbered
 * houses in the village 片, families of one to five with the head first, a mix of 户籍/常住/流动, care
 * tags in small shares, and ID numbers (area 370199) with correct check digits. Deterministic.
 * Returns how many residents it added.
 */
export async function seedResidents(db: Kysely<Database>, cipher: PersonalDataCipher, areas: AreaRow[]): Promise<number> {
  const rnd = seededRandom(20261129);
  const taken = new Set<string>();
  const households: Household[] = [];
  for (const { place, prefix, village } of placesOf(areas)) {
    const rooms = village ? Array.from({ length: 18 }, (_, i) => `${i + 1}号`) : [1, 2, 3, 4, 5, 6].flatMap((f) => [`${f}01`, `${f}02`]);
    for (const room of rooms) {
      if (!village && rnd.chance(0.08)) continue; // some flats stand empty
      const members = family(rnd, village);
      addTags(rnd, members, village);
      const r = rnd.next();
      const residenceType: ResidenceType = village ? (r < 0.92 ? 'registered' : r < 0.97 ? 'resident' : 'migrant') : r < 0.55 ? 'registered' : r < 0.83 ? 'resident' : 'migrant';
      households.push({ place, room, address: `${prefix}${room}`, residenceType, members });
    }
  }
  const count = households.reduce((n, h) => n + h.members.length, 0);
  const residentStart = await reserveIds(db, 'residents', count);
  const householdStart = await reserveIds(db, 'households', households.length);
  const now = nowIso();

  const householdRows = [];
  const residentRows = [];
  let rid = residentStart;
  for (const [i, h] of households.entries()) {
    const householdId = householdStart + i;
    let headPhone: string | null = null;
    for (const m of h.members) {
      const age = ageOf(m);
      const phone = age >= 16 && rnd.chance(age > 75 ? 0.4 : 0.92) ? fakePhone(rnd) : null;
      if (m.relation === 'head') headPhone = phone;
      const id = fakeIdNumber(rnd, DEMO_ID_AREA, m.birthDate, m.gender, taken);
      const bornYear = Number(m.birthDate.slice(0, 4));
      const from = Math.max(bornYear, 1995);
      const moveIn = h.residenceType === 'registered' && rnd.chance(0.4) ? m.birthDate : `${rnd.int(from, Math.max(from, THIS_YEAR - 1))}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`;
      const movedOut = m.relation !== 'head' && age >= 18 && rnd.chance(0.01);
      const py = namePinyin(m.name);
      residentRows.push({
        id: rid++,
        household_id: householdId,
        area_id: h.place.id,
        area_path: h.place.path,
        name: m.name,
        name_initials: py.initials,
        name_pinyin: py.full,
        gender: m.gender,
        birth_date: m.birthDate,
        ...idNumberColumns(cipher, id),
        ...phoneColumns(cipher, phone),
        relation: m.relation,
        residence_type: h.residenceType,
        status: movedOut ? 'moved_out' : 'present',
        tags: tagsToColumn(m.tags),
        address: h.address,
        move_in_date: moveIn < m.birthDate ? m.birthDate : moveIn,
        move_out_date: movedOut ? `${THIS_YEAR - 1}-${String(rnd.int(1, 12)).padStart(2, '0')}-15` : null,
        merged_into: null,
        created_at: now,
        updated_at: now,
      });
    }
    const { phone_enc, phone_hash, phone_last4 } = phoneColumns(cipher, headPhone);
    const headIndex = residentRows.length - h.members.length; // the head comes first
    householdRows.push({
      id: householdId,
      area_id: h.place.id,
      area_path: h.place.path,
      room: h.room,
      address: h.address,
      phone_enc,
      phone_hash,
      phone_last4,
      tags: h.members[0].tags.includes('低保户') ? tagsToColumn(['低保户']) : '',
      head_resident_id: residentRows[headIndex].id,
      created_at: now,
      updated_at: now,
    });
  }
  await bulkInsert(db, 'households', householdRows, ['id', 'area_id', 'head_resident_id']);
  await bulkInsert(db, 'residents', residentRows, ['id', 'household_id', 'area_id', 'merged_into']);
  await insertResidentTags(db, residentRows.map((r) => ({ id: r.id, tags: r.tags, area_path: r.area_path })));
  return count;
}
