import type { CategoryLimit, CategoryRules, CodeSetKind } from './taxonomy.tables.ts';

/**
 * The taxonomy CivicGrid ships (seeder `taxonomy.builtin`): CJ/T 214-2007 events and components, the GB/T
 * 47678.5 matter classes and examples reported for it, the 12345 demand types, and the crosswalk between the
 * matters and CJ/T 214. Limits are the local defaults of domain-standards §3; a city edits them as new versions.
 */

/** The day the built-in versions start: before any case a new installation will hold. */
export const BUILTIN_VALID_FROM = '2000-01-01';

export interface BuiltinCodeSet {
  key: string;
  kind: CodeSetKind;
  nameZh: string;
  nameEn: string;
  standard: string | null;
  active: boolean;
}

export interface BuiltinCategory {
  codeSet: string;
  code: string;
  parentCode: string | null;
  nameZh: string;
  nameEn: string;
  rules: CategoryRules | null;
  position: number;
}

export const CJT214_EVENT = 'cjt214.event';
export const CJT214_COMPONENT = 'cjt214.component';
export const GBT47678_MATTER = 'gbt47678.matter';
export const DEMAND_12345 = '12345.demand';

export const BUILTIN_CODE_SETS: readonly BuiltinCodeSet[] = [
  {
    key: CJT214_EVENT,
    kind: 'event',
    nameZh: '城市管理事件(CJ/T 214)',
    nameEn: 'Urban management events (CJ/T 214)',
    standard: 'CJ/T 214-2007',
    active: true,
  },
  {
    key: CJT214_COMPONENT,
    kind: 'component',
    nameZh: '城市管理部件(CJ/T 214)',
    nameEn: 'Urban management components (CJ/T 214)',
    standard: 'CJ/T 214-2007',
    active: true,
  },
  {
    key: GBT47678_MATTER,
    kind: 'matter',
    nameZh: '城市管理事项(GB/T 47678.5,据公开转录,未经核对)',
    nameEn: 'Urban management matters (GB/T 47678.5, as reported; not verified)',
    standard: 'GB/T 47678.5-2026 (reported, not verified against the official text)',
    active: true,
  },
  {
    key: DEMAND_12345,
    kind: 'demand',
    nameZh: '12345 诉求类型',
    nameEn: '12345 demand types',
    standard: null,
    active: true,
  },
];

const wh = (amount: number): CategoryLimit => ({ amount, unit: 'working_hours' });
const wd = (amount: number): CategoryLimit => ({ amount, unit: 'working_days' });

/** The emergency handle limit: 2 working hours, or the ordinary limit when that is shorter. */
function emergencyLimit(handle: CategoryLimit): CategoryLimit {
  if (handle.unit === 'working_hours' && handle.amount < 2) return handle;
  if (handle.unit === 'natural_hours' && handle.amount < 2) return handle;
  return wh(2);
}

/**
 * A subclass's rules with the default stage limits: verify and check 0.5 working hours, dispatch 1 working
 * hour, the handle limit given; urgency normal (the handle limit), urgent (half of it) and emergency.
 */
export function defaultRules(
  handle: CategoryLimit,
  registration: readonly [zh: string, en: string],
  closing: readonly [zh: string, en: string],
): CategoryRules {
  return {
    registration: { 'zh-CN': registration[0], 'en-US': registration[1] },
    closing: { 'zh-CN': closing[0], 'en-US': closing[1] },
    limits: { verify: wh(0.5), dispatch: wh(1), handle, check: wh(0.5) },
    urgency: [
      { level: 'normal', name: { 'zh-CN': '一般', 'en-US': 'Normal' }, handle },
      {
        level: 'urgent',
        name: { 'zh-CN': '紧急', 'en-US': 'Urgent' },
        handle: { ...handle, amount: handle.amount / 2 },
      },
      { level: 'emergency', name: { 'zh-CN': '特急', 'en-US': 'Emergency' }, handle: emergencyLimit(handle) },
    ],
  };
}

type Sub = [
  code: string,
  nameZh: string,
  nameEn: string,
  handle: CategoryLimit,
  registration: readonly [string, string],
  closing: readonly [string, string],
];
type Cls = [code: string, nameZh: string, nameEn: string, subclasses: Sub[]];

/** CJ/T 214-2007 event classes and subclasses (domain-standards §2). */
const EVENTS: Cls[] = [
  [
    '01',
    '市容环境',
    'City appearance and environment',
    [
      [
        '0101',
        '私搭乱建',
        'Illegal construction',
        wd(20),
        [
          '未经批准在公共区域或建筑物上搭建、改建建筑物或构筑物',
          'A structure built or altered in a public place or on a building without approval',
        ],
        [
          '违法建设已拆除并恢复原状;须在 4 个工作时内责令停工,7 个工作日内依法作出处罚',
          'The illegal structure is removed and the site restored; work must be stopped within 4 working hours and a penalty decided within 7 working days',
        ],
      ],
      [
        '0102',
        '暴露垃圾',
        'Exposed garbage',
        wh(4),
        ['道路、广场等公共区域有暴露垃圾', 'Exposed garbage in a road, square or other public place'],
        ['垃圾清理干净', 'The garbage is cleared away'],
      ],
      [
        '0103',
        '积存垃圾渣土',
        'Accumulated garbage and muck',
        wd(4),
        [
          '公共区域积存成堆的垃圾、渣土或建筑垃圾',
          'Piles of garbage, muck or building waste accumulated in a public place',
        ],
        ['垃圾渣土清运完毕,现场整洁', 'The garbage and muck are carted away and the site is clean'],
      ],
      [
        '0104',
        '道路不洁',
        'Unclean road',
        wh(2),
        ['道路路面有明显污物、油渍、泥土或散落物', 'Visible dirt, oil, mud or spilled material on the road surface'],
        ['路面清扫冲洗干净', 'The road surface is swept and washed clean'],
      ],
      [
        '0105',
        '水域不洁',
        'Unclean water surface',
        wd(15),
        [
          '河道、湖泊等水面有漂浮垃圾或明显污染',
          'Floating garbage or visible pollution on a river, lake or other water surface',
        ],
        ['水面漂浮物清理干净', 'The floating garbage is removed from the water'],
      ],
      [
        '0106',
        '绿地脏乱',
        'Dirty or untidy green space',
        wd(1),
        ['绿地内有垃圾、杂物或明显脏乱', 'Garbage, clutter or visible mess in a green space'],
        ['绿地清理干净', 'The green space is cleaned up'],
      ],
      [
        '0107',
        '废弃车辆',
        'Abandoned vehicle',
        wd(1),
        [
          '公共区域长期停放无人使用的破损或废弃车辆',
          'A damaged or abandoned vehicle left unused in a public place for a long time',
        ],
        ['车辆已移走或由车主处理', 'The vehicle is removed or dealt with by its owner'],
      ],
      [
        '0108',
        '废弃家具设备',
        'Abandoned furniture or equipment',
        wd(1),
        ['公共区域堆放废弃家具、家电或设备', 'Discarded furniture, appliances or equipment left in a public place'],
        ['废弃物已清运', 'The discarded items are carted away'],
      ],
      [
        '0109',
        '非装饰性树挂',
        'Non-decorative objects hung on trees',
        wd(1),
        [
          '树木上悬挂塑料袋、衣物、绳索等非装饰物',
          'Plastic bags, clothes, ropes or other non-decorative objects hang from trees',
        ],
        ['树上悬挂物已清除', 'The objects are removed from the trees'],
      ],
    ],
  ],
  [
    '02',
    '宣传广告',
    'Publicity and advertising',
    [
      [
        '0201',
        '非法小广告',
        'Illegal small advertisements',
        wd(1),
        [
          '墙面、设施上张贴、涂写、喷涂非法小广告',
          'Illegal small advertisements posted, written or sprayed on walls or facilities',
        ],
        ['小广告清除干净,无明显痕迹', 'The advertisements are removed without visible traces'],
      ],
      [
        '0202',
        '违章张贴悬挂广告牌匾',
        'Unauthorised posters, banners and signboards',
        wd(1),
        [
          '未经批准或不符合规定张贴、悬挂广告、横幅或牌匾',
          'Advertisements, banners or signboards posted or hung without approval or against the rules',
        ],
        ['违规广告牌匾已拆除或整改', 'The unauthorised advertisement or signboard is removed or corrected'],
      ],
      [
        '0203',
        '占道广告牌',
        'Advertising board occupying the road',
        wd(1),
        ['广告牌占用道路或人行道', 'An advertising board occupies the road or pavement'],
        ['占道广告牌已移除', 'The advertising board is removed from the road'],
      ],
      [
        '0204',
        '街头散发广告',
        'Leafleting in the street',
        wd(1),
        ['在街头向行人散发广告传单', 'Advertising leaflets handed out to passers-by in the street'],
        ['散发行为已制止,散落传单已清理', 'The leafleting is stopped and scattered leaflets are cleared'],
      ],
    ],
  ],
  [
    '03',
    '施工管理',
    'Construction management',
    [
      [
        '0301',
        '施工扰民',
        'Construction disturbing residents',
        wd(1),
        [
          '施工在规定时段外作业或噪声、振动影响居民',
          'Construction works outside permitted hours, or its noise or vibration disturbs residents',
        ],
        ['扰民施工已停止或整改', 'The disturbing work is stopped or corrected'],
      ],
      [
        '0302',
        '工地扬尘',
        'Construction site dust',
        wd(1),
        [
          '工地未采取覆盖、洒水等措施,扬尘明显',
          'Visible dust from a construction site without covering, sprinkling or similar measures',
        ],
        ['防尘措施落实,无明显扬尘', 'Dust control is in place and no visible dust remains'],
      ],
      [
        '0303',
        '施工废弃料',
        'Construction waste',
        wd(1),
        ['施工废弃料堆放在工地外的公共区域', 'Construction waste left in a public place outside the site'],
        ['施工废弃料已清运', 'The construction waste is carted away'],
      ],
      [
        '0304',
        '施工占道',
        'Construction occupying the road',
        wd(1),
        [
          '施工未经批准或超出批准范围占用道路',
          'Construction occupies the road without approval or beyond the approved area',
        ],
        ['占道已清除或已办理许可', 'The road is cleared or the occupation is permitted'],
      ],
      [
        '0305',
        '无证掘路',
        'Road excavation without a permit',
        wd(1),
        ['未取得许可开挖道路', 'A road dug up without a permit'],
        ['掘路已停止,路面已恢复', 'The digging is stopped and the road surface restored'],
      ],
    ],
  ],
  [
    '04',
    '突发事件',
    'Emergencies',
    [
      [
        '0401',
        '路面塌陷',
        'Road surface collapse',
        wd(1),
        ['道路路面塌陷或出现坑洞', 'The road surface has collapsed or a pit has opened'],
        ['现场已设置防护,路面已修复', 'The site is secured and the road surface repaired'],
      ],
      [
        '0402',
        '自来水管破裂',
        'Burst water main',
        wd(1),
        ['供水管道破裂,水外溢', 'A water pipe has burst and water is escaping'],
        ['管道已修复,供水恢复', 'The pipe is repaired and the supply restored'],
      ],
      [
        '0403',
        '燃气管道破裂',
        'Ruptured gas pipe',
        wd(1),
        ['燃气管道破裂或有燃气泄漏', 'A gas pipe has ruptured or gas is leaking'],
        ['泄漏已排除,管道已修复', 'The leak is stopped and the pipe repaired'],
      ],
      [
        '0404',
        '下水道堵塞或破损',
        'Blocked or damaged sewer',
        wd(1),
        ['下水道堵塞、冒溢或管道破损', 'A sewer is blocked, overflowing or damaged'],
        ['下水道已疏通或修复', 'The sewer is cleared or repaired'],
      ],
      [
        '0405',
        '热力管道破裂',
        'Ruptured heating pipe',
        wd(1),
        ['供热管道破裂或泄漏', 'A heating pipe has ruptured or is leaking'],
        ['管道已修复,供热恢复', 'The pipe is repaired and heating restored'],
      ],
      [
        '0406',
        '道路积水',
        'Waterlogged road',
        wd(1),
        ['道路积水影响通行', 'Water standing on the road hinders traffic'],
        ['积水已排除,道路恢复通行', 'The water is drained and the road is passable'],
      ],
      [
        '0407',
        '道路积雪结冰',
        'Snow or ice on the road',
        wd(1),
        ['道路积雪或结冰影响通行安全', 'Snow or ice on the road makes it unsafe'],
        ['积雪冰层已清除', 'The snow and ice are cleared'],
      ],
      [
        '0408',
        '架空线缆损坏',
        'Damaged overhead cable',
        wd(1),
        ['架空线缆断落、低垂或破损', 'An overhead cable is down, sagging or damaged'],
        ['线缆已修复或规整', 'The cable is repaired or put in order'],
      ],
      [
        '0409',
        '群发性事件',
        'Mass incident',
        wd(1),
        ['发生人员聚集等群体性事件', 'People gather in a mass incident'],
        ['事件已平息,现场秩序恢复', 'The incident has calmed down and order is restored'],
      ],
    ],
  ],
  [
    '05',
    '街面秩序',
    'Street order',
    [
      [
        '0501',
        '无照经营游商',
        'Unlicensed street vendor',
        wd(1),
        ['无照商贩在街面流动经营', 'An unlicensed vendor trades in the street'],
        ['经营行为已劝离或依法处理', 'The vendor has been moved on or dealt with according to law'],
      ],
      [
        '0502',
        '流浪乞讨',
        'Vagrancy and begging',
        wd(1),
        ['街面有流浪乞讨人员', 'A homeless person or beggar in the street'],
        ['人员已劝导或交救助机构安置', 'The person is counselled or taken in by a relief agency'],
      ],
      [
        '0503',
        '占道废品收购',
        'Scrap collection occupying the road',
        wd(1),
        ['占用道路收购、堆放废品', 'Scrap bought or piled up on the road'],
        ['占道已清除', 'The road is cleared'],
      ],
      [
        '0504',
        '店外经营',
        'Business outside the shop',
        wd(1),
        ['商户超出门窗在店外经营、摆放商品', 'A shop trades or displays goods outside its doors and windows'],
        ['店外经营已停止,物品收回店内', 'Trading outside has stopped and the goods are back inside'],
      ],
      [
        '0505',
        '机动车乱停放',
        'Illegally parked motor vehicle',
        wd(1),
        [
          '机动车停放在人行道、绿地等禁止停车区域',
          'A motor vehicle is parked on the pavement, a green space or elsewhere parking is forbidden',
        ],
        ['车辆已驶离或依法处理', 'The vehicle is moved or dealt with according to law'],
      ],
      [
        '0506',
        '非机动车乱停放',
        'Illegally parked non-motor vehicle',
        wd(1),
        [
          '非机动车停放杂乱,影响通行或市容',
          'Bicycles or e-bikes parked at random, hindering passage or spoiling the street',
        ],
        ['车辆已规整摆放', 'The vehicles are parked in order'],
      ],
      [
        '0507',
        '乱堆物堆料',
        'Materials piled up at random',
        wd(1),
        ['在公共区域乱堆物品、材料', 'Goods or materials piled up in a public place'],
        ['堆放物已清除', 'The piles are removed'],
      ],
      [
        '0508',
        '商业噪音',
        'Commercial noise',
        wd(1),
        [
          '商户使用音响等招揽顾客,噪声扰民',
          'A shop attracts customers with loudspeakers or similar, disturbing residents',
        ],
        ['噪声已停止', 'The noise has stopped'],
      ],
      [
        '0509',
        '黑车拉客',
        'Unlicensed taxi touting',
        wd(1),
        ['无营运资质车辆招揽乘客', 'A vehicle without an operating licence touts for passengers'],
        ['拉客行为已制止或依法处理', 'The touting is stopped or dealt with according to law'],
      ],
      [
        '0510',
        '露天烧烤',
        'Open-air barbecue',
        wd(1),
        ['在街面露天烧烤经营', 'Barbecue sold in the open air in the street'],
        ['露天烧烤已停止,现场清理干净', 'The barbecue has stopped and the site is cleaned'],
      ],
      [
        '0511',
        '沿街晾挂',
        'Laundry hung along the street',
        wd(1),
        ['沿街设施、树木上晾晒衣物', 'Laundry hung on street furniture or trees along the street'],
        ['晾挂物已收回', 'The laundry is taken down'],
      ],
      [
        '0512',
        '非法出版物销售',
        'Sale of illegal publications',
        wd(1),
        ['街面销售非法出版物', 'Illegal publications sold in the street'],
        ['销售已制止,出版物已依法处理', 'The sale is stopped and the publications are dealt with according to law'],
      ],
      [
        '0513',
        '空调室外机低挂',
        'Outdoor air-conditioner unit hung too low',
        wd(1),
        [
          '空调室外机安装过低,影响行人通行或安全',
          'An outdoor air-conditioner unit hangs so low that it hinders or endangers pedestrians',
        ],
        ['室外机已移高或整改', 'The unit is raised or otherwise corrected'],
      ],
    ],
  ],
  ['99', '其他', 'Other', []],
];

/** CJ/T 214-2007 component classes (classes only). */
const COMPONENTS: Cls[] = [
  ['01', '公用设施', 'Public utilities', []],
  ['02', '道路交通', 'Roads and traffic', []],
  ['03', '市容环境', 'City appearance and environment', []],
  ['04', '园林绿化', 'Landscaping and greening', []],
  ['05', '房屋土地', 'Buildings and land', []],
  ['06', '其他设施', 'Other facilities', []],
];

/**
 * GB/T 47678.5 matter classes 06–10 and the example subclasses named in domain-standards §2 (reported from a
 * public transcription; the official text must be checked before relying on the codes).
 */
const MATTERS: Cls[] = [
  [
    '06',
    '市容环境类',
    'City appearance and environment matters',
    [
      [
        '06010',
        '暴露垃圾',
        'Exposed garbage',
        wh(4),
        ['道路、广场等公共区域有暴露垃圾', 'Exposed garbage in a road, square or other public place'],
        ['垃圾清理干净', 'The garbage is cleared away'],
      ],
      [
        '06011',
        '积存垃圾渣土',
        'Accumulated garbage and muck',
        wd(4),
        [
          '公共区域积存成堆的垃圾、渣土或建筑垃圾',
          'Piles of garbage, muck or building waste accumulated in a public place',
        ],
        ['垃圾渣土清运完毕,现场整洁', 'The garbage and muck are carted away and the site is clean'],
      ],
      [
        '06012',
        '道路不洁',
        'Unclean road',
        wh(2),
        ['道路路面有明显污物、油渍、泥土或散落物', 'Visible dirt, oil, mud or spilled material on the road surface'],
        ['路面清扫冲洗干净', 'The road surface is swept and washed clean'],
      ],
    ],
  ],
  ['07', '宣传广告类', 'Publicity and advertising matters', []],
  ['08', '施工管理类', 'Construction management matters', []],
  [
    '09',
    '街面秩序类',
    'Street order matters',
    [
      [
        '09006',
        '占道经营',
        'Trading on the road',
        wd(1),
        ['占用道路、人行道或广场摆摊经营', 'Stalls trading on a road, pavement or square'],
        ['占道经营已清除,现场整洁', 'The stalls are gone and the site is clean'],
      ],
      [
        '09012',
        '占用消防通道',
        'Fire lane obstructed',
        wd(1),
        ['车辆或物品占用、堵塞消防通道', 'A vehicle or goods occupy or block a fire lane'],
        ['消防通道已清空畅通', 'The fire lane is clear'],
      ],
    ],
  ],
  ['10', '其他事项类', 'Other matters', []],
];

/** 12345 demand types (classes only). */
const DEMANDS: Cls[] = [
  ['01', '咨询', 'Inquiry', []],
  ['02', '求助', 'Help request', []],
  ['03', '投诉', 'Complaint', []],
  ['04', '建议', 'Suggestion', []],
  ['05', '举报', 'Tip-off', []],
  ['06', '感谢', 'Thanks', []],
  ['07', '其他', 'Other', []],
];

function categoriesOf(codeSet: string, classes: readonly Cls[]): BuiltinCategory[] {
  const out: BuiltinCategory[] = [];
  classes.forEach(([code, nameZh, nameEn, subclasses], i) => {
    out.push({ codeSet, code, parentCode: null, nameZh, nameEn, rules: null, position: i + 1 });
    subclasses.forEach(([subCode, subZh, subEn, handle, registration, closing], j) => {
      out.push({
        codeSet,
        code: subCode,
        parentCode: code,
        nameZh: subZh,
        nameEn: subEn,
        rules: defaultRules(handle, registration, closing),
        position: j + 1,
      });
    });
  });
  return out;
}

/** Every built-in class and subclass, classes before their subclasses. */
export const BUILTIN_CATEGORIES: readonly BuiltinCategory[] = [
  ...categoriesOf(CJT214_EVENT, EVENTS),
  ...categoriesOf(CJT214_COMPONENT, COMPONENTS),
  ...categoriesOf(GBT47678_MATTER, MATTERS),
  ...categoriesOf(DEMAND_12345, DEMANDS),
];

/** GB/T 47678.5 matters ↔ CJ/T 214 events (read both ways round). */
export const BUILTIN_CROSSWALK: readonly { fromSet: string; fromCode: string; toSet: string; toCode: string }[] = [
  { fromSet: GBT47678_MATTER, fromCode: '06010', toSet: CJT214_EVENT, toCode: '0102' },
  { fromSet: GBT47678_MATTER, fromCode: '06011', toSet: CJT214_EVENT, toCode: '0103' },
  { fromSet: GBT47678_MATTER, fromCode: '06012', toSet: CJT214_EVENT, toCode: '0104' },
];
