import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { checkAnswers, definitionProblems } from '../../common/form-answers.js';
import type { FormDefinition, FormField } from '../../common/form-definition.js';
import { ZFormDefinition } from '../../common/forms.js';
import { AppError } from '../http/errors.js';
import { localizeXlsFormNotes, xlsformMessageZh, xlsformToDefinition, type XlsFormNote } from './xlsform.js';

type Rows = (string | number | boolean | null)[][];

/** An XLSX built the way Kobo/ODK users write them: one sheet per part, header in row 1. */
async function xlsform(sheets: Record<string, Rows>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r.map((v) => (v === null ? undefined : v)));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function field(definition: FormDefinition, name: string): FormField {
  const f = definition.fields.find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name} in ${definition.fields.map((x) => x.name).join(', ')}`);
  return f;
}

function noteAt(notes: XlsFormNote[], sheet: string, row: number): string {
  return notes
    .filter((n) => n.sheet === sheet && n.row === row)
    .map((n) => n.message)
    .join(' | ');
}

/** Every note has its Chinese (the admin UI is Chinese first). */
function allTranslated(notes: XlsFormNote[]) {
  const zh = localizeXlsFormNotes(notes, 'zh');
  expect(zh.filter((n, i) => n.message === notes[i].message).map((n) => n.message)).toEqual([]);
  expect(localizeXlsFormNotes(notes, 'en')).toEqual(notes);
}

function publishable(definition: FormDefinition) {
  expect(ZFormDefinition.parse(definition)).toEqual(definition);
  expect(definitionProblems(definition)).toEqual({});
}

async function importError(file: Buffer): Promise<AppError> {
  try {
    await xlsformToDefinition(file);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the import to fail');
}

describe('XLSForm import', () => {
  it('turns a Kobo-style Chinese health check-in into a Wangge form, with groups, conditions and limits', async () => {
    const H = ['type', 'name', 'label::English (en)', 'label::Chinese (zh)', 'hint::Chinese (zh)', 'required', 'relevant', 'constraint', 'constraint_message::Chinese (zh)', 'appearance', 'calculation', '$kuid'];
    const file = await xlsform({
      survey: [
        H,
        ['begin_group', 'basic', 'Basic information', '基本信息', null, null, null, null, null, 'field-list', null, 'a1'],
        ['text', 'phone_number', 'Phone', '联系电话', '请填写本人手机号', 'yes', null, "regex(., '^1[3-9]\\d{9}$')", '请输入11位手机号', 'numbers', null, 'a2'],
        ['text', 'sfz', 'ID card', '身份证号', null, 'no', null, null, null, null, null, 'a3'],
        ['integer', 'age', 'Age', '年龄', null, 'yes', null, '. >= 0 and . <= 120', '年龄不正确', 'numbers', null, 'a4'],
        ['end_group', null, null, null, null, null, null, null, null, null, null, 'a5'],
        ['begin_group', 'health', 'Health', '健康状况', null, null, null, null, null, null, null, 'a6'],
        ['decimal', 'tiwen', 'Temperature', '今日体温（℃）', '腋下体温', 'TRUE', null, '. >= 35 and . <= 42', '体温应在35到42之间', null, null, 'a7'],
        ['select_one yes_no', 'fever', 'Fever?', '是否发热', null, 'yes', null, null, null, null, null, 'a8'],
        ['select_multiple symptoms', 'symptoms', 'Symptoms', '症状', '可多选', null, "${fever} = 'yes'", 'count-selected(.) <= 3', null, null, null, 'a9'],
        ['text', 'symptom_other', 'Other symptom', '其他症状', null, null, "selected(${symptoms}, 'other') and ${age} >= 60", null, null, null, null, 'a10'],
        ['date', 'onset', 'Onset', '发病日期', null, null, "${fever}='yes'", '. <= today()', null, null, null, 'a11'],
        ['end_group', null, null, null, null, null, null, null, null, null, null, 'a12'],
        ['begin_group', 'travel', 'Travel', '行程', null, null, "${fever} = 'yes' or (${age} > 65)", null, null, null, null, 'a13'],
        ['select_one yes_no', 'out_of_city', 'Left the city?', '近14天是否离开本市', null, 'yes', null, null, null, null, null, 'a14'],
        ['text', 'where-to', 'Where', '去过哪里', null, null, "${out_of_city} = 'yes'", 'string-length(.) <= 100', null, 'multiline', null, 'a15'],
        ['end_group', null, null, null, null, null, null, null, null, null, null, 'a16'],
        ['note', 'thanks', 'Thank you', '感谢您的配合！', null, null, null, null, null, null, null, 'a17'],
        ['calculate', 'risk', null, null, null, null, null, null, null, null, "if(${fever}='yes', 1, 0)", 'a18'],
        ['geopoint', 'location', 'Location', '当前位置', null, null, null, null, null, null, null, 'a19'],
      ],
      choices: [
        ['list_name', 'name', 'label::English (en)', 'label::Chinese (zh)'],
        ['yes_no', 'yes', 'Yes', '是'],
        ['yes_no', 'no', 'No', '否'],
        ['symptoms', 'cough', 'Cough', '咳嗽'],
        ['symptoms', 'fatigue', 'Fatigue', '乏力'],
        ['symptoms', 'other', 'Other', '其他'],
      ],
      settings: [
        ['form_title', 'form_id', 'version', 'default_language'],
        ['社区每日健康打卡', 'health_checkin', '2026011501', 'English (en)'],
      ],
    });

    const { definition, unsupported } = await xlsformToDefinition(file);
    publishable(definition);
    expect(definition.title).toBe('社区每日健康打卡');
    expect(definition.fields.map((f) => [f.name, f.type])).toEqual([
      ['basic', 'section'],
      ['phone_number', 'phone'],
      ['sfz', 'id_number'],
      ['age', 'number'],
      ['health', 'section'],
      ['tiwen', 'temperature'],
      ['fever', 'yes_no'],
      ['symptoms', 'multiple_choice'],
      ['symptom_other', 'text'],
      ['onset', 'date'],
      ['travel', 'section'],
      ['out_of_city', 'yes_no'],
      ['where_to', 'text'],
      ['thanks', 'section'],
    ]);
    // Chinese labels win over English even though default_language says English.
    expect(field(definition, 'basic').label).toBe('基本信息');
    expect(field(definition, 'phone_number')).toEqual({
      name: 'phone_number',
      type: 'phone',
      label: '联系电话',
      help: '请填写本人手机号',
      required: true,
      pattern: '1[3-9]\\d{9}',
      patternMessage: '请输入11位手机号',
    });
    expect(field(definition, 'sfz').required).toBeUndefined();
    expect(field(definition, 'age')).toMatchObject({ required: true, min: 0, max: 120 });
    expect(field(definition, 'tiwen')).toMatchObject({ label: '今日体温（℃）', help: '腋下体温', required: true, min: 35, max: 42 });
    expect(field(definition, 'symptoms')).toMatchObject({
      options: [
        { value: 'cough', label: '咳嗽' },
        { value: 'fatigue', label: '乏力' },
        { value: 'other', label: '其他' },
      ],
      max: 3,
      showIf: { field: 'fever', op: 'eq', value: 'yes' },
    });
    expect(field(definition, 'symptom_other').showIf).toEqual({
      all: [
        { field: 'symptoms', op: 'includes', value: 'other' },
        { field: 'age', op: 'gte', value: 60 },
      ],
    });
    expect(field(definition, 'onset')).toMatchObject({ maxDate: 'today', showIf: { field: 'fever', op: 'eq', value: 'yes' } });
    const travelIf = {
      any: [
        { field: 'fever', op: 'eq', value: 'yes' },
        { field: 'age', op: 'gt', value: 65 },
      ],
    };
    expect(field(definition, 'travel').showIf).toEqual(travelIf);
    expect(field(definition, 'out_of_city').showIf).toEqual(travelIf);
    // The group's condition is ANDed into its children's own.
    expect(field(definition, 'where_to')).toMatchObject({ max: 100, showIf: { all: [travelIf, { field: 'out_of_city', op: 'eq', value: 'yes' }] } });

    expect(noteAt(unsupported, 'settings', 2)).toMatch(/form_id "health_checkin".*\| version "2026011501"/);
    expect(noteAt(unsupported, 'survey', 3)).toMatch(/mobile phone number/);
    expect(noteAt(unsupported, 'survey', 4)).toMatch(/ID card number/);
    expect(noteAt(unsupported, 'survey', 16)).toMatch(/"where-to" is named "where_to"/);
    expect(noteAt(unsupported, 'survey', 19)).toMatch(/"risk" \(calculate\).*left out/);
    expect(noteAt(unsupported, 'survey', 20)).toMatch(/"location" \(geopoint\).*left out/);
    // Columns Wangge ignores are reported once, with their rows; Kobo's $kuid bookkeeping is not.
    expect(unsupported.find((n) => n.message.startsWith('constraint_message'))?.message).toMatch(/rows 5, 8/);
    expect(unsupported.some((n) => n.message.includes('$kuid'))).toBe(false);
    expect(unsupported.some((n) => n.message.includes('column calculation'))).toBe(false); // only on the dropped calculate row
    // Nothing else was lost silently: every note is accounted for above or is the language choice.
    expect(unsupported).toHaveLength(9);
    allTranslated(unsupported);
    expect(localizeXlsFormNotes(unsupported, 'zh').find((n) => n.row === 5)?.message).toBe('数字、日期和长度限制不显示 constraint_message，系统会说明限制范围（第 5、8 行）');
    expect(noteAt(unsupported, 'survey', 1)).toMatch(/several languages; Wangge keeps one: Chinese \(zh\)/);

    // The converted form behaves like the original: follow-up questions only after "yes".
    const ok = checkAnswers(definition, { reporter_name: '张三', reporter_phone: '13800000000', phone_number: '13912345678', age: 70, tiwen: 36.5, fever: 'no', out_of_city: 'no' }, { today: '2026-01-15' });
    expect(ok.errors).toEqual({});
    const bad = checkAnswers(definition, { reporter_name: '张三', reporter_phone: '13800000000', phone_number: '12345', age: 130, tiwen: 39, fever: 'yes', symptoms: ['cough'], out_of_city: 'yes', where_to: 'x'.repeat(101) }, { today: '2026-01-15' });
    expect(Object.keys(bad.errors).sort()).toEqual(['age', 'phone_number', 'where_to']);
  });

  it('imports an ODK household survey: select_multiple or_other, choice_filter and a repeat are flattened and listed', async () => {
    const file = await xlsform({
      survey: [
        ['type', 'name', 'label', 'hint', 'required', 'relevant', 'constraint', 'choice_filter', 'default', 'repeat_count'],
        ['text', 'hh_head', 'Name of household head', null, 'yes', null, null, null, null, null],
        ['integer', 'hh_size', 'Number of people in the household', null, 'yes', null, '. > 0 and . < 30', null, null, null],
        ['select_one district', 'district', 'District', null, 'yes', null, null, null, null, null],
        ['select_one village', 'village', 'Village', null, 'yes', null, null, 'district = ${district}', null, null],
        ['select_multiple assets or_other', 'assets', 'Which of these does the household own?', 'Tick all that apply', null, null, null, null, null, null],
        ['select_one water', 'water_source', 'Main drinking water source', null, null, null, null, null, 'piped', null],
        ['begin repeat', 'member', 'Household member', null, null, null, null, null, null, '${hh_size}'],
        ['text', 'member_name', 'Name', null, 'yes', null, null, null, null, null],
        ['integer', 'member_age', 'Age', null, null, null, '. >= 0 and . <= 120', null, null, null],
        ['select_one sex', 'member_sex', 'Sex', null, null, null, null, null, null, null],
        ['end repeat', null, null, null, null, null, null, null, null, null],
        ['text', 'comments', 'Comments', null, null, "${hh_size} > 3 and not(selected(${assets}, 'car'))", null, null, null, null],
        ['integer', 'rooms', 'Rooms', null, null, '${hh_size} div 2 > 1', null, null, null, null],
        ['start', 'start', null, null, null, null, null, null, null, null],
        ['end', 'end', null, null, null, null, null, null, null, null],
        ['dateTime', 'visit_time', 'Visit time', null, null, null, null, null, null, null],
        ['barcode', 'hh_code', 'Household barcode', null, null, null, null, null, null, null],
        ['select_one water', 'water_treated', 'Is it treated?', null, null, "not(selected(${water_source}, 'piped'))", null, null, null, null],
      ],
      choices: [
        ['list_name', 'name', 'label', 'district', 'media::image'],
        ['district', 'north', 'North', null, null],
        ['district', 'south', 'South', null, null],
        ['village', 'v1', 'Village 1', 'north', null],
        ['village', 'v2', 'Village 2', 'north', null],
        ['village', 'v3', 'Village 3', 'south', 'v3.png'],
        ['assets', 'tv', 'Television', null, null],
        ['assets', 'radio', 'Radio', null, null],
        ['assets', 'car', 'Car', null, null],
        ['water', 'piped', 'Piped water', null, null],
        ['water', 'well', 'Well', null, null],
        ['water', 'river', 'River or lake', null, null],
        ['sex', 'male', 'Male', null, null],
        ['sex', 'female', 'Female', null, null],
      ],
      settings: [
        ['form_title', 'form_id'],
        ['Household Survey 2026', 'hh_2026'],
      ],
    });
    const { definition, unsupported } = await xlsformToDefinition(file);
    publishable(definition);
    expect(definition.title).toBe('Household Survey 2026');
    expect(definition.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'hh_head:text',
      'hh_size:number',
      'district:single_choice',
      'village:single_choice',
      'assets:multiple_choice',
      'assets_other:text',
      'water_source:single_choice',
      'member:section',
      'member_name:text',
      'member_age:number',
      'member_sex:single_choice',
      'comments:text',
      'rooms:number',
      'visit_time:date',
      'water_treated:single_choice',
    ]);
    // Strict bounds on an integer become exact inclusive ones.
    expect(field(definition, 'hh_size')).toMatchObject({ required: true, min: 1, max: 29 });
    expect(field(definition, 'village').options?.map((o) => o.value)).toEqual(['v1', 'v2', 'v3']);
    expect(field(definition, 'assets')).toMatchObject({ help: 'Tick all that apply' });
    expect(field(definition, 'assets').options?.map((o) => o.value)).toEqual(['tv', 'radio', 'car', 'other']);
    expect(field(definition, 'assets_other').showIf).toEqual({ field: 'assets', op: 'includes', value: 'other' });
    expect(field(definition, 'member')).toMatchObject({ label: 'Household member' });
    expect(field(definition, 'member_age')).toMatchObject({ min: 0, max: 120 });
    expect(field(definition, 'comments').showIf).toBeUndefined();
    expect(field(definition, 'rooms').showIf).toBeUndefined();
    expect(field(definition, 'water_treated').showIf).toEqual({ field: 'water_source', op: 'neq', value: 'piped' });

    expect(noteAt(unsupported, 'settings', 2)).toMatch(/form_id "hh_2026"/);
    expect(noteAt(unsupported, 'survey', 5)).toMatch(/choice_filter "district = \$\{district\}" is not supported; all options of list "village" are shown/);
    expect(noteAt(unsupported, 'survey', 7)).toMatch(/default "piped" is not supported/);
    expect(noteAt(unsupported, 'survey', 8)).toMatch(/repeat "member".*asked once.*repeat_count "\$\{hh_size\}" is not used/);
    expect(noteAt(unsupported, 'survey', 13)).toMatch(/not\(selected\(…\)\) on a multiple-choice question.*"comments" is always shown/);
    expect(noteAt(unsupported, 'survey', 14)).toMatch(/relevant "\$\{hh_size\} div 2 > 1" cannot be converted.*"rooms" is always shown/);
    expect(noteAt(unsupported, 'survey', 15)).toMatch(/"start" \(start\) is device metadata/);
    expect(noteAt(unsupported, 'survey', 16)).toMatch(/"end" \(end\) is device metadata/);
    expect(noteAt(unsupported, 'survey', 17)).toMatch(/time of day is not asked/);
    expect(noteAt(unsupported, 'survey', 18)).toMatch(/"hh_code" \(barcode\).*left out/);
    expect(noteAt(unsupported, 'choices', 4)).toMatch(/column district is not used.*rows 4, 5, 6/);
    expect(noteAt(unsupported, 'choices', 6)).toMatch(/media::image: pictures/);
    expect(unsupported).toHaveLength(12);
    allTranslated(unsupported);
    expect(localizeXlsFormNotes(unsupported, 'zh').find((n) => n.row === 13)?.message).toBe(
      "显示条件 relevant「${hh_size} > 3 and not(selected(${assets}, 'car'))」无法转换：多选题的 not(selected(…)) 无法表达；「comments」将始终显示",
    );
  });

  it('imports a minimal survey-only sheet and names it', async () => {
    const file = await xlsform({
      survey: [
        ['type', 'name', 'label'],
        ['text', 'full_name', '您的姓名'],
        ['integer', 'age', '年龄'],
      ],
    });
    const { definition, unsupported } = await xlsformToDefinition(file);
    publishable(definition);
    expect(definition).toEqual({
      title: 'XLSForm 导入的表单',
      fields: [
        { name: 'full_name', type: 'text', label: '您的姓名' },
        { name: 'age', type: 'number', label: '年龄' },
      ],
    });
    expect(unsupported).toEqual([{ sheet: 'settings', row: 1, message: 'the form has no form_title; it is titled "XLSForm 导入的表单" (change it in the designer)' }]);
  });

  it('renames names Wangge cannot use and keeps references to them working', async () => {
    const file = await xlsform({
      survey: [
        ['type', 'name', 'label', 'relevant', 'required'],
        ['text', 'reporter_phone', '备用电话', null, null],
        ['select_one yn', '是否外出', '是否外出', null, null],
        ['text', 'trip.dest', '目的地', '${是否外出} = "yes"', null],
        ['integer', '_count', '人数', 'string-length(${trip.dest}) > 0', '${trip.dest} != ""'],
        ['select_one one', 'single', '只有一个选项', null, null],
        ['select_one yn', 'ok', '确认', null, null],
      ],
      choices: [
        ['list name', 'name', 'label'],
        ['yn', 'yes', '是'],
        ['yn', 'no', '否'],
        ['one', 'x', '唯一'],
      ],
      settings: [['form_title'], ['外出登记']],
    });
    const { definition, unsupported } = await xlsformToDefinition(file);
    publishable(definition);
    expect(definition.fields.map((f) => [f.name, f.type, f.showIf, f.required])).toEqual([
      ['reporter_phone_q', 'phone', undefined, undefined],
      ['q3', 'yes_no', undefined, undefined],
      ['trip_dest', 'text', { field: 'q3', op: 'eq', value: 'yes' }, undefined],
      ['q_count', 'number', { field: 'trip_dest', op: 'answered' }, undefined],
      ['ok', 'yes_no', undefined, undefined],
    ]);
    expect(noteAt(unsupported, 'survey', 2)).toMatch(/"reporter_phone" is named "reporter_phone_q".*reserved/);
    expect(noteAt(unsupported, 'survey', 3)).toMatch(/"是否外出" is named "q3"/);
    expect(noteAt(unsupported, 'survey', 4)).toMatch(/"trip.dest" is named "trip_dest"/);
    expect(noteAt(unsupported, 'survey', 5)).toMatch(/"_count" is named "q_count".*\| required "\$\{trip.dest\} != """ is a condition/);
    expect(noteAt(unsupported, 'survey', 6)).toMatch(/"single" uses list "one", which has 1 option.*left out/);
    allTranslated(unsupported);
  });

  it('refuses a file that cannot make a form, listing every problem by row', async () => {
    const file = await xlsform({
      survey: [
        ['type', 'name', 'label'],
        ['text', 'q1', 'First'],
        ['integer', 'q1', 'Same name again'],
        ['select_one colours', 'colour', 'Colour'],
        ['text', null, 'No name'],
        ['begin group', 'g', 'Group'],
        ['select_one sizes', 'size', 'Size'],
        ['end repeat', null, null],
        ['end group', null, null],
      ],
      choices: [
        ['list_name', 'name', 'label'],
        ['sizes', 's', 'Small'],
        ['sizes', 's', 'Small again'],
        ['sizes', 'x'.repeat(65), 'Too long'],
        ['shapes', 'round', 'Round'],
      ],
    });
    const err = await importError(file);
    expect(err.code).toBe('IMPORT_INVALID');
    expect(err.status).toBe(422);
    expect(err.rows).toEqual([
      { row: 3, message: 'survey: the name "q1" is already used in row 2; every question needs its own name' },
      { row: 4, message: 'survey: the list "colours" is not in the choices sheet' },
      { row: 5, message: 'survey: the text question has no name; every question needs a name (letters, digits and _)' },
      { row: 3, message: 'choices: list "sizes" already has a choice named "s" (row 2)' },
      { row: 4, message: `choices: the value "${'x'.repeat(20)}…" is longer than 64 characters; shorten it` },
      { row: 8, message: 'survey: "end repeat" closes the group begun in row 6' },
      { row: 9, message: 'survey: "end group" without a matching "begin group"' },
    ]);

    for (const r of err.rows ?? []) expect(xlsformMessageZh(r.message)).not.toBe(r.message);
    expect(xlsformMessageZh(err.message)).toBe('XLSForm 无法导入：共 7 处问题，已按行列出');

    const noSurvey = await importError(await xlsform({ Sheet1: [['type', 'name'], ['text', 'a']] }));
    expect(noSurvey.code).toBe('IMPORT_INVALID');
    expect(noSurvey.message).toMatch(/no "survey" sheet \(sheets found: Sheet1\)/);

    const noColumns = await importError(await xlsform({ survey: [['kind', 'label'], ['text', 'A']] }));
    expect(noColumns.rows).toEqual([
      { row: 1, message: 'survey: no "type" column' },
      { row: 1, message: 'survey: no "name" column' },
    ]);

    const nothingLeft = await importError(await xlsform({ survey: [['type', 'name', 'label'], ['geopoint', 'where', 'Where'], ['calculate', 'c', null]] }));
    expect(nothingLeft.message).toBe('the XLSForm has no question Wangge can ask');
    expect(nothingLeft.rows?.map((r) => r.row)).toEqual([2, 3]);

    const notXlsx = await importError(Buffer.from('type,name\ntext,a\n'));
    expect(notXlsx.code).toBe('FILE_INVALID');
  });
});
