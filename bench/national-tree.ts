import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Shape of a generated national tree; the counts are those of China (31 / ~340 / ~2,800 / ~39,000 / ~650,000). */
export interface NationalTreeShape {
  provinces: number;
  citiesPerProvince: number;
  districtsPerCity: number;
  townshipsPerDistrict: number;
  /** Communities/villages in all, spread evenly over the townships/subdistricts. */
  villages: number;
}

export interface NationalTreeFile {
  path: string;
  nodes: number;
  /** Nodes whose names `renameEvery` changed. */
  renamed: number;
  bytes: number;
  /** Codes to pick random nodes from by level, for the browse scenarios. */
  sample: { provinces: string[]; cities: string[]; districts: string[]; townships: string[] };
}

/** A tree of about `700_000 * scale` nodes with the fan-out of China's five official levels. */
export function nationalShape(scale: number): NationalTreeShape {
  const total = Math.round(700_000 * scale);
  const provinces = Math.max(1, Math.min(31, Math.round(31 * scale)));
  const shape = { provinces, citiesPerProvince: 11, districtsPerCity: 9, townshipsPerDistrict: 13, villages: 0 };
  const upper = provinces * (1 + 11 * (1 + 9 * (1 + 13)));
  shape.villages = Math.max(provinces * 11 * 9 * 13, total - upper);
  return shape;
}

// Name syllables: searches for a fragment such as 和平 find a few hundred nodes per province.
const SYL = '安宁和平幸福阳光东西南北新华兴隆永丰长春红星光明胜利团结建设前进朝阳向阳复兴文化花园桃李杏梨松柏青山绿水金银龙凤'.split('');

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Write the tree as a UTF-8 CSV (code,name,parent_code,level) with 12-digit codes PPCCDDTTTVVV,
 * parents before children as the statistics bureau publishes it. Even-numbered townships are
 * subdistricts with communities, odd ones townships with villages.
 */
export async function writeNationalTree(path: string, shape: NationalTreeShape, opts: { seed?: number; renameEvery?: number } = {}): Promise<NationalTreeFile> {
  const { seed = 2026, renameEvery = 0 } = opts;
  const random = rng(seed);
  const word = () => SYL[Math.floor(random() * SYL.length)] + SYL[Math.floor(random() * SYL.length)];
  const out = createWriteStream(path);
  let buffer = 'code,name,parent_code,level\n';
  let nodes = 0;
  let bytes = 0;
  // The same tree with every `renameEvery`-th node renamed, as a later edition of the codes would be.
  const write = async (code: string, name: string, parent: string, level: string) => {
    nodes++;
    buffer += `${code},${renameEvery && nodes % renameEvery === 0 ? `${name}（新）` : name},${parent},${level}\n`;
    if (buffer.length > 1 << 16) {
      bytes += Buffer.byteLength(buffer);
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  };
  const sample: NationalTreeFile['sample'] = { provinces: [], cities: [], districts: [], townships: [] };
  const townships = shape.provinces * shape.citiesPerProvince * shape.districtsPerCity * shape.townshipsPerDistrict;
  const base = Math.floor(shape.villages / townships);
  let extra = shape.villages - base * townships;
  const pad = (n: number, w: number) => String(n).padStart(w, '0');

  for (let p = 0; p < shape.provinces; p++) {
    const pp = pad(11 + p, 2);
    const province = `${pp}0000000000`;
    sample.provinces.push(province);
    await write(province, `${word()}省`, '', 'province');
    for (let c = 1; c <= shape.citiesPerProvince; c++) {
      const city = `${pp}${pad(c, 2)}00000000`;
      sample.cities.push(city);
      await write(city, `${word()}市`, province, 'city');
      for (let d = 1; d <= shape.districtsPerCity; d++) {
        const district = `${city.slice(0, 4)}${pad(d, 2)}000000`;
        sample.districts.push(district);
        await write(district, `${word()}${d % 3 ? '区' : '县'}`, city, 'district');
        for (let t = 1; t <= shape.townshipsPerDistrict; t++) {
          const urban = t % 2 === 0;
          const township = `${district.slice(0, 6)}${pad(t, 3)}000`;
          sample.townships.push(township);
          await write(township, `${word()}${urban ? '街道' : '镇'}`, district, urban ? 'subdistrict' : 'township');
          const n = base + (extra > 0 ? 1 : 0);
          if (extra > 0) extra--;
          for (let v = 1; v <= n; v++) {
            await write(`${township.slice(0, 9)}${pad(v, 3)}`, `${word()}${urban ? '社区' : '村'}`, township, urban ? 'community' : 'village');
          }
        }
      }
    }
  }
  bytes += Buffer.byteLength(buffer);
  out.end(buffer);
  await once(out, 'finish');
  return { path, nodes, renamed: renameEvery ? Math.floor(nodes / renameEvery) : 0, bytes, sample };
}
