import ExcelJS from 'exceljs';
import { idCheckChar } from '../../common/id-number.js';
import { DEFAULT_RESIDENT_TAGS } from '../../common/registry.js';
import { RELATION_CHOICES, RESIDENT_IMPORT_COLUMNS, RESIDENT_IMPORT_REQUIRED, type ResidentImportColumn, TYPE_CHOICES } from './resident-import-row.js';

const EXAMPLE_ID = (() => {
  // Not the demo district's area code (370199), so the example never collides with a demo resident.
  const first17 = '11010119800101001';
  return first17 + idCheckChar(first17);
})();

/** What to write in each column, for the second sheet. */
const EXPLAIN: Record<ResidentImportColumn, [example: string, note: string]> = {
  name: ['张伟', '居民姓名，最多 50 个字'],
  id_number: [EXAMPLE_ID, '18 位居民身份证号，校验位须正确；请把此列设为文本格式，以免 Excel 改成科学计数法'],
  phone: ['13800138000', '11 位手机号，可空'],
  gender: ['男', '男 或 女，可空；填写时须与身份证号一致'],
  birth_date: ['1980-01-01', '如 1980-01-01，可空；填写时须与身份证号一致'],
  grid: ['', '导入到社区时必填：网格名称（如“第一网格”）；导入到网格时可空'],
  building: ['3号楼', '楼栋名称（村里可写“东组1片”）；按名称匹配，没有的会新建并在预览中列出；只写数字 3 即“3号楼”'],
  unit: ['1单元', '单元名称，可空；只写数字 1 即“1单元”'],
  room: ['301', '房号，最多 20 个字；同一楼栋（单元）同一房号为一户'],
  relation: ['户主', `与户主关系：${RELATION_CHOICES}；可空（记为“其他”）；每户最多一名户主`],
  residence_type: ['户籍', `人员类型：${TYPE_CHOICES}；可空（记为“常住”）`],
  tags: ['党员', `标签，多个用“、”或“,”分隔，如：${DEFAULT_RESIDENT_TAGS.join('、')}`],
  move_in_date: ['2010-05-01', '迁入日期，如 2010-05-01，可空'],
};

/** The resident import template: the header row offices fill in, one example row, and a sheet explaining each column. */
export async function residentTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Wangge';
  const keys = Object.keys(RESIDENT_IMPORT_COLUMNS) as ResidentImportColumn[];
  const ws = wb.addWorksheet('居民');
  ws.columns = keys.map((k) => ({ header: RESIDENT_IMPORT_COLUMNS[k][0], key: k, width: k === 'id_number' ? 22 : k === 'phone' ? 14 : k === 'tags' ? 18 : 11 }));
  // ID numbers and phones as text, so Excel keeps every digit.
  for (const k of ['id_number', 'phone', 'room', 'birth_date', 'move_in_date'] as const) ws.getColumn(k).numFmt = '@';
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  ws.addRow(Object.fromEntries(keys.map((k) => [k, EXPLAIN[k][0]])));

  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', width: 12 },
    { header: '英文列名', width: 16 },
    { header: '必填', width: 6 },
    { header: '示例', width: 20 },
    { header: '说明', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const k of keys) help.addRow([RESIDENT_IMPORT_COLUMNS[k][0], RESIDENT_IMPORT_COLUMNS[k][1], RESIDENT_IMPORT_REQUIRED.includes(k) ? '是' : '', EXPLAIN[k][0], EXPLAIN[k][1]]);
  help.addRow([]);
  help.addRow(['', '', '', '', '第一行必须是列名（中文或英文均可）。先上传预览：每一行的问题都会列出行号和原因，什么都不会写入；全部无误后再确认导入，要么全部导入，要么一条也不导入。']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
