import ExcelJS from 'exceljs';
import type { TRowError } from '../../common/areas.js';
import { definitionProblems } from '../../common/form-answers.js';
import { FIELD_NAME, RESERVED_FIELD_NAMES, type ChoiceOption, type Condition, type FieldType, type FormDefinition, type FormField } from '../../common/form-definition.js';
import { ZFormDefinition } from '../../common/forms.js';
import { AppError } from '../http/errors.js';

/** Something in the XLSForm that Wangge could not carry over as written, and what happened instead. */
export interface XlsFormNote {
  sheet: string;
  /** 1-based row as the spreadsheet shows it (the header is row 1). */
  row: number;
  message: string;
}

export interface XlsFormImport {
  definition: FormDefinition;
  unsupported: XlsFormNote[];
}

const LIMITS = { fields: 300, options: 200, optionValue: 64, optionLabel: 200, label: 500, help: 1000, title: 200, patternMessage: 200, conditionParts: 20 } as const;

/**
 * Convert an XLSForm (https://xlsform.org: `survey`, `choices`, `settings` sheets) into a Wangge form
 * definition. What Wangge cannot express (repeats, calculations, GPS, choice filters, unparseable
 * `relevant`/`constraint` expressions…) is listed in `unsupported` with its sheet and row; the form
 * is still made. When the file cannot make a form at all (no survey sheet, no type/name column,
 * duplicate names, a list missing from `choices`, unbalanced groups…) this throws `IMPORT_INVALID`
 * with every problem listed by row.
 *
 * @example
 * const { definition, unsupported } = await xlsformToDefinition(await readFile('health.xlsx'));
 */
export async function xlsformToDefinition(file: Buffer): Promise<XlsFormImport> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch (err) {
    throw new AppError('FILE_INVALID', `the file is not a readable XLSX workbook: ${(err as Error).message}`);
  }
  return new Converter(workbook).run();
}

// ---------------------------------------------------------------------------------------------
// Sheets

interface Column {
  index: number;
  header: string;
  base: string;
  lang: string | null;
}

interface SheetRow {
  row: number;
  cells: Map<number, string>;
}

const COLUMN_ALIASES: Record<string, string> = {
  caption: 'label',
  'jr:constraintmsg': 'constraint_message',
  'jr:requiredmsg': 'required_message',
  'list name': 'list_name',
  'constraint message': 'constraint_message',
  'required message': 'required_message',
  'choice filter': 'choice_filter',
  'repeat count': 'repeat_count',
  'read only': 'read_only',
};

const CHINESE = /chinese|中文|汉语|漢語|简体|繁體|繁体|普通话|\bzh\b|\bcn\b/i;

function cellText(value: ExcelJS.CellValue): string {
  if (value == null) return '';
  if (typeof value === 'object') {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return value.result == null ? '' : String(value.result);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

class Sheet {
  readonly columns: Column[] = [];
  readonly rows: SheetRow[] = [];
  private lang: string | null = null;

  constructor(
    readonly name: string,
    worksheet: ExcelJS.Worksheet,
  ) {
    const header = worksheet.getRow(1);
    header.eachCell({ includeEmpty: false }, (cell, index) => {
      const text = cellText(cell.value).trim();
      if (!text || text.startsWith('$')) return; // Kobo's $kuid/$autoname bookkeeping, not form content
      let [base, ...rest] = text.split('::');
      base = base.trim().toLowerCase();
      let lang: string | null = rest.join('::').trim() || null;
      if ((base === 'bind' || base === 'body' || base === 'control') && lang) {
        base = lang.toLowerCase();
        lang = null;
      }
      base = COLUMN_ALIASES[base] ?? base.replace(/\s+/g, '_');
      this.columns.push({ index, header: text, base, lang });
    });
    for (let r = 2; r <= worksheet.rowCount; r++) {
      const cells = new Map<number, string>();
      for (const col of this.columns) {
        const text = cellText(worksheet.getRow(r).getCell(col.index).value).trim();
        if (text) cells.set(col.index, text);
      }
      if (cells.size) this.rows.push({ row: r, cells });
    }
  }

  has(base: string): boolean {
    return this.columns.some((c) => c.base === base);
  }

  /** Languages the sheet has `label::…` columns for. */
  languages(): string[] {
    return [...new Set(this.columns.filter((c) => c.base === 'label' && c.lang).map((c) => c.lang!))];
  }

  useLanguage(lang: string | null) {
    this.lang = lang;
  }

  /** The plain column (no language), e.g. `type`, `name`, `relevant`. */
  get(row: SheetRow, base: string): string {
    const col = this.columns.find((c) => c.base === base && !c.lang) ?? this.columns.find((c) => c.base === base);
    return (col && row.cells.get(col.index)) || '';
  }

  /** A translatable column in the chosen language, else the untranslated one, else any translation. */
  localized(row: SheetRow, base: string): string {
    const candidates = this.columns.filter((c) => c.base === base);
    const order = [
      ...candidates.filter((c) => this.lang !== null && c.lang === this.lang),
      ...candidates.filter((c) => c.lang === null),
      ...candidates.filter((c) => c.lang !== null && CHINESE.test(c.lang)),
      ...candidates,
    ];
    for (const c of order) {
      const v = row.cells.get(c.index);
      if (v) return v;
    }
    return '';
  }
}

function findSheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet | undefined {
  return workbook.worksheets.find((w) => w.name.trim().toLowerCase() === name);
}

// ---------------------------------------------------------------------------------------------
// Expressions (`relevant`, `constraint`): a small tokenizer and parser for the forms people write.

type Token =
  | { t: 'ref'; v: string }
  | { t: 'str'; v: string }
  | { t: 'num'; v: number }
  | { t: 'op'; v: '=' | '!=' | '>' | '>=' | '<' | '<=' }
  | { t: 'and' | 'or' | '(' | ')' | ',' | '.' }
  | { t: 'fn'; v: string };

function tokenize(text: string): Token[] | null {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const rest = text.slice(i);
    let m: RegExpMatchArray | null;
    if ((m = rest.match(/^\$\{\s*([^}\s]+)\s*\}/))) tokens.push({ t: 'ref', v: m[1] });
    else if ((m = rest.match(/^'([^']*)'/)) || (m = rest.match(/^"([^"]*)"/))) tokens.push({ t: 'str', v: m[1] });
    else if ((m = rest.match(/^-?\d+(\.\d+)?/)) && !(tokens.length && ['ref', 'num', 'str', ')', '.'].includes(tokens[tokens.length - 1].t) && rest[0] === '-'))
      tokens.push({ t: 'num', v: Number(m[0]) });
    else if ((m = rest.match(/^(!=|>=|<=|=|>|<)/))) tokens.push({ t: 'op', v: m[1] as '=' });
    else if ((m = rest.match(/^(and|or)\b/i))) tokens.push({ t: m[1].toLowerCase() as 'and' });
    else if ((m = rest.match(/^([A-Za-z][\w:-]*)\s*\(/))) tokens.push({ t: 'fn', v: m[1].toLowerCase() });
    else if ((m = rest.match(/^[(),]/))) tokens.push({ t: m[0] as '(' });
    else if ((m = rest.match(/^\.(?![.\d/])/))) tokens.push({ t: '.' });
    else return null;
    // A function token consumed its "(": the parser treats `fn` as "name(".
    i += m[0].length;
  }
  return tokens;
}

type Operand = { k: 'ref'; name: string } | { k: 'self' } | { k: 'lit'; value: string | number } | { k: 'call'; fn: string; args: Operand[] };
type Expr =
  | { k: 'and' | 'or'; parts: Expr[] }
  | { k: 'not'; expr: Expr }
  | { k: 'cmp'; left: Operand; op: '=' | '!=' | '>' | '>=' | '<' | '<='; right: Operand }
  | { k: 'call'; fn: string; args: Operand[] };

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  static parse(text: string): Expr | null {
    const tokens = tokenize(text);
    if (!tokens || !tokens.length) return null;
    const p = new Parser(tokens);
    try {
      const expr = p.or();
      return p.i === tokens.length ? expr : null;
    } catch {
      return null;
    }
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }
  private take(t: Token['t']): Token {
    const tok = this.tokens[this.i];
    if (!tok || tok.t !== t) throw new Error('unexpected');
    this.i++;
    return tok;
  }

  private or(): Expr {
    const parts = [this.and()];
    while (this.peek()?.t === 'or') {
      this.i++;
      parts.push(this.and());
    }
    return parts.length === 1 ? parts[0] : { k: 'or', parts };
  }
  private and(): Expr {
    const parts = [this.unary()];
    while (this.peek()?.t === 'and') {
      this.i++;
      parts.push(this.unary());
    }
    return parts.length === 1 ? parts[0] : { k: 'and', parts };
  }
  private unary(): Expr {
    const tok = this.peek();
    if (tok?.t === 'fn' && tok.v === 'not') {
      this.i++;
      const expr = this.or();
      this.take(')');
      return { k: 'not', expr };
    }
    if (tok?.t === '(') {
      this.i++;
      const expr = this.or();
      this.take(')');
      return expr;
    }
    const left = this.operand();
    const op = this.peek();
    if (op?.t === 'op') {
      this.i++;
      return { k: 'cmp', left, op: op.v, right: this.operand() };
    }
    if (left.k === 'call') return left;
    throw new Error('a value is not a condition');
  }
  private operand(): Operand {
    const tok = this.tokens[this.i++];
    if (!tok) throw new Error('end');
    switch (tok.t) {
      case 'ref':
        return { k: 'ref', name: tok.v };
      case '.':
        return { k: 'self' };
      case 'str':
      case 'num':
        return { k: 'lit', value: tok.v };
      case 'fn': {
        const args: Operand[] = [];
        if (this.peek()?.t !== ')') {
          args.push(this.operand());
          while (this.peek()?.t === ',') {
            this.i++;
            args.push(this.operand());
          }
        }
        this.take(')');
        return { k: 'call', fn: tok.v, args };
      }
      default:
        throw new Error('unexpected');
    }
  }
}

const MIRROR = { '=': '=', '!=': '!=', '>': '<', '>=': '<=', '<': '>', '<=': '>=' } as const;
type CmpOp = keyof typeof MIRROR;

/** A comparison with the operand of interest on the left. */
function oriented(e: Extract<Expr, { k: 'cmp' }>, isSubject: (o: Operand) => boolean): { subject: Operand; op: CmpOp; other: Operand } | null {
  if (isSubject(e.left)) return { subject: e.left, op: e.op, other: e.right };
  if (isSubject(e.right)) return { subject: e.right, op: MIRROR[e.op], other: e.left };
  return null;
}

interface Known {
  name: string;
  type: FieldType;
}

type Converted = { ok: true; condition: Condition } | { ok: false; why: string };

/** `relevant` → show-if condition; `negated` pushes a surrounding `not(...)` inward. */
function toCondition(e: Expr, known: Map<string, Known>, negated = false): Converted {
  const fail = (why: string): Converted => ({ ok: false, why });
  const leaf = (field: string, op: Extract<Condition, { field: string }>['op'], value?: string | number): Converted => ({
    ok: true,
    condition: value === undefined ? { field, op } : { field, op, value },
  });
  const target = (o: Operand): Known | string => {
    if (o.k !== 'ref') return 'only ${question} references can be compared';
    const k = known.get(o.name);
    return k ?? `\${${o.name}} is not an earlier question that was imported`;
  };
  switch (e.k) {
    case 'not':
      return toCondition(e.expr, known, !negated);
    case 'and':
    case 'or': {
      const parts: Condition[] = [];
      for (const p of e.parts) {
        const c = toCondition(p, known, negated);
        if (!c.ok) return c;
        parts.push(c.condition);
      }
      const conj = (e.k === 'and') !== negated; // De Morgan
      return { ok: true, condition: conj ? { all: parts } : { any: parts } };
    }
    case 'call': {
      if (e.fn !== 'selected') return fail(`${e.fn}() is not supported`);
      const [q, v] = e.args;
      if (e.args.length !== 2 || !q || !v || v.k !== 'lit') return fail('selected() needs a question and a value');
      const t = target(q);
      if (typeof t === 'string') return fail(t);
      const value = String(v.value);
      if (t.type === 'multiple_choice') return negated ? fail('not(selected(…)) on a multiple-choice question cannot be expressed') : leaf(t.name, 'includes', value);
      if (t.type === 'single_choice' || t.type === 'yes_no') return leaf(t.name, negated ? 'neq' : 'eq', value);
      return fail(`selected() on a ${t.type} question`);
    }
    case 'cmp': {
      // count-selected(${q}) / string-length(${q}) compared with 0 or 1: "answered".
      const measured = oriented(e, (o) => o.k === 'call' && (o.fn === 'count-selected' || o.fn === 'string-length'));
      if (measured) {
        const call = measured.subject as Extract<Operand, { k: 'call' }>;
        const arg = call.args[0];
        const n = measured.other.k === 'lit' ? Number(measured.other.value) : Number.NaN;
        if (call.args.length !== 1 || !arg) return fail(`${call.fn}() needs one question`);
        const t = target(arg);
        if (typeof t === 'string') return fail(t);
        const op = measured.op;
        let answered: boolean | null = null;
        if ((op === '>' && n === 0) || (op === '>=' && n === 1) || (op === '!=' && n === 0)) answered = true;
        if ((op === '=' && n === 0) || (op === '<' && n === 1) || (op === '<=' && n === 0)) answered = false;
        if (answered === null) return fail(`${call.fn}() can only be compared with 0 (answered or not)`);
        return leaf(t.name, answered !== negated ? 'answered' : 'not_answered');
      }
      const c = oriented(e, (o) => o.k === 'ref');
      if (!c || c.other.k !== 'lit') return fail('a question must be compared with a fixed value');
      const t = target(c.subject);
      if (typeof t === 'string') return fail(t);
      const lit = c.other.value;
      if (c.op === '=' || c.op === '!=') {
        if (lit === '') return leaf(t.name, (c.op === '=') !== negated ? 'not_answered' : 'answered');
        if (t.type === 'multiple_choice') return fail(`compare multiple-choice \${…} with selected(), not ${c.op}`);
        const numeric = (t.type === 'number' || t.type === 'temperature') && Number.isFinite(Number(lit));
        const value = numeric ? Number(lit) : String(lit);
        if (typeof value === 'string' && value.length > 200) return fail('the compared text is too long');
        return leaf(t.name, (c.op === '=') !== negated ? 'eq' : 'neq', value);
      }
      if (negated) return fail(`not(… ${c.op} …) cannot be expressed (unanswered questions would behave differently)`);
      const n = typeof lit === 'number' ? lit : lit.trim() !== '' ? Number(lit) : Number.NaN;
      if (!Number.isFinite(n)) return fail(`${c.op} needs a number`);
      if (!['number', 'temperature', 'single_choice'].includes(t.type)) return fail(`${c.op} on a ${t.type} question`);
      const op = ({ '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' } as const)[c.op];
      return leaf(t.name, op, n);
    }
  }
}

/** Merge nested all/any of the same kind and drop one-element wrappers. */
function simplify(c: Condition): Condition {
  if ('all' in c || 'any' in c) {
    const kind = 'all' in c ? 'all' : 'any';
    const parts = ('all' in c ? c.all : c.any).map(simplify).flatMap((p) => (kind in p ? (p as Record<string, Condition[]>)[kind] : [p]));
    if (parts.length === 1) return parts[0];
    return kind === 'all' ? { all: parts } : { any: parts };
  }
  return c;
}

function tooBig(c: Condition): boolean {
  if ('all' in c) return c.all.length > LIMITS.conditionParts || c.all.some(tooBig);
  if ('any' in c) return c.any.length > LIMITS.conditionParts || c.any.some(tooBig);
  return false;
}

function andAll(conditions: (Condition | undefined)[]): Condition | undefined {
  const present = conditions.filter((c): c is Condition => !!c);
  if (!present.length) return undefined;
  return simplify(present.length === 1 ? present[0] : { all: present });
}

// ---------------------------------------------------------------------------------------------
// Constraints on `.`

interface Bounds {
  min?: number;
  max?: number;
  minDate?: string;
  maxDate?: string;
  pattern?: string;
}

function shiftDay(day: string, by: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + by);
  return d.toISOString().slice(0, 10);
}

/** One conjunct of a constraint → bounds, or why not. `loose` says a strict bound became inclusive. */
function constraintPart(e: Expr, type: FieldType, integer: boolean): { bounds: Bounds; loose?: boolean } | { why: string } | { implied: true } {
  if (e.k === 'call') {
    if (e.fn === 'regex' && e.args.length === 2 && e.args[0].k === 'self' && e.args[1].k === 'lit') {
      if (type === 'id_number') return { implied: true };
      if (type !== 'text' && type !== 'phone') return { why: `regex() on a ${type} question` };
      let pattern = String(e.args[1].value);
      if (pattern.startsWith('^') && pattern.endsWith('$') && !pattern.endsWith('\\$')) pattern = pattern.slice(1, -1);
      try {
        new RegExp(pattern, 'u');
      } catch {
        return { why: 'the regular expression is not one a browser understands' };
      }
      if (pattern.length > 500) return { why: 'the regular expression is longer than 500 characters' };
      return { bounds: { pattern } };
    }
    return { why: `${e.fn}() is not supported here` };
  }
  if (e.k !== 'cmp') return { why: 'only "and" of simple comparisons on "." can be converted' };
  const measured = oriented(e, (o) => o.k === 'call' && (o.fn === 'string-length' || o.fn === 'count-selected') && o.args.length === 1 && o.args[0].k === 'self');
  const numericOther = (o: Operand) => (o.k === 'lit' && Number.isFinite(Number(o.value)) && String(o.value).trim() !== '' ? Number(o.value) : null);
  const range = (op: CmpOp, n: number, whole: boolean): { bounds: Bounds; loose?: boolean } | { why: string } => {
    switch (op) {
      case '>=':
        return { bounds: { min: n } };
      case '<=':
        return { bounds: { max: n } };
      case '=':
        return { bounds: { min: n, max: n } };
      case '>':
        return whole && Number.isInteger(n) ? { bounds: { min: n + 1 } } : { bounds: { min: n }, loose: true };
      case '<':
        return whole && Number.isInteger(n) ? { bounds: { max: n - 1 } } : { bounds: { max: n }, loose: true };
      default:
        return { why: '!= cannot be expressed as a bound' };
    }
  };
  if (measured) {
    const fn = (measured.subject as Extract<Operand, { k: 'call' }>).fn;
    const n = numericOther(measured.other);
    if (n === null) return { why: `${fn}() must be compared with a number` };
    if (fn === 'string-length') {
      if (type === 'phone' || type === 'id_number') return { implied: true };
      if (type !== 'text') return { why: `string-length() on a ${type} question` };
    } else if (type !== 'multiple_choice') return { why: `count-selected() on a ${type} question` };
    return range(measured.op, n, true);
  }
  const c = oriented(e, (o) => o.k === 'self');
  if (!c) return { why: 'only comparisons of "." with a fixed value can be converted' };
  if (type === 'date') {
    let day: string | null = null;
    const o = c.other;
    if (o.k === 'call' && o.fn === 'today' && o.args.length === 0) day = 'today';
    else if (o.k === 'call' && o.fn === 'date' && o.args.length === 1 && o.args[0].k === 'lit') day = String(o.args[0].value);
    else if (o.k === 'lit') day = String(o.value);
    if (!day || (day !== 'today' && !/^\d{4}-\d{2}-\d{2}$/.test(day))) return { why: 'a date must be compared with today() or a date like 2026-01-31' };
    if (c.op === '>=') return { bounds: { minDate: day } };
    if (c.op === '<=') return { bounds: { maxDate: day } };
    if (day === 'today') return { why: `. ${c.op} today() cannot be expressed (only >= and <=)` };
    if (c.op === '>') return { bounds: { minDate: shiftDay(day, 1) } };
    if (c.op === '<') return { bounds: { maxDate: shiftDay(day, -1) } };
    return { why: `${c.op} on a date cannot be expressed` };
  }
  if (type !== 'number' && type !== 'temperature') return { why: `a bound on a ${type} answer` };
  const n = numericOther(c.other);
  if (n === null) return { why: 'the bound must be a number' };
  return range(c.op, n, integer);
}

// ---------------------------------------------------------------------------------------------
// Types

const METADATA = new Set([
  'start',
  'end',
  'today',
  'deviceid',
  'subscriberid',
  'simserial',
  'phonenumber',
  'username',
  'email',
  'audit',
  'start-geopoint',
  'background-audio',
  'background-geopoint',
  'imei',
  'uri:deviceid',
  'uri:email',
  'uri:username',
  'uri:subscriberid',
  'uri:simserial',
  'uri:phonenumber',
]);

const DROPPED: Record<string, string> = {
  geopoint: 'a GPS location: Wangge does not record locations (add an address question in the designer instead)',
  geotrace: 'a GPS line: Wangge does not record locations',
  geoshape: 'a GPS area: Wangge does not record locations',
  audio: 'an audio recording: Wangge does not take recordings',
  video: 'a video: Wangge does not take videos',
  file: 'a file upload: Wangge only accepts photos',
  barcode: 'a barcode scan: Wangge does not scan codes (add a text question in the designer if needed)',
  calculate: 'a calculation: Wangge does not compute values',
  hidden: 'a hidden value: Wangge does not store hidden values',
  rank: 'a ranking question: Wangge has no ranking question',
  acknowledge: 'an acknowledgement tick: Wangge has no single-tick question',
  trigger: 'an acknowledgement tick: Wangge has no single-tick question',
  'xml-external': 'an external data file: not supported',
  'csv-external': 'an external data file: not supported',
};

const TYPE_ALIASES: Record<string, string> = {
  string: 'text',
  int: 'integer',
  'select one': 'select_one',
  select1: 'select_one',
  'select multiple': 'select_multiple',
  'select all that apply': 'select_multiple',
  'begin group': 'begin_group',
  'end group': 'end_group',
  'begin repeat': 'begin_repeat',
  'end repeat': 'end_repeat',
  'begin loop': 'begin_repeat',
  'end loop': 'end_repeat',
  photo: 'image',
  datetime: 'datetime',
  gps: 'geopoint',
  location: 'geopoint',
  'select one from file': 'select_one_from_file',
  'select multiple from file': 'select_multiple_from_file',
};

/** `select_one yes_no or_other` → kind, list, or_other. */
function parseType(raw: string): { kind: string; list?: string; orOther: boolean } {
  let text = raw.trim().replace(/\s+/g, ' ').toLowerCase();
  let orOther = false;
  if (/ or[_ ]other$/.test(text)) {
    orOther = true;
    text = text.replace(/ or[_ ]other$/, '');
  }
  // Lists keep their case; only the keyword is lower-cased.
  const originalWords = raw.trim().replace(/\s+/g, ' ').split(' ');
  for (const [alias, kind] of Object.entries(TYPE_ALIASES)) {
    if (text === alias) return { kind, orOther };
    if (text.startsWith(`${alias} `) && kind.startsWith('select')) return { kind, list: originalWords.slice(alias.split(' ').length).join(' ').replace(/ or[_ ]other$/i, ''), orOther };
  }
  const [first, ...rest] = text.split(' ');
  if (rest.length && (first === 'select_one' || first === 'select_multiple' || first === 'select_one_from_file' || first === 'select_multiple_from_file' || first === 'select_one_external' || first === 'rank')) {
    return { kind: first, list: originalWords.slice(1).join(' ').replace(/ or[_ ]other$/i, ''), orOther };
  }
  return { kind: text.replace(/ /g, '_'), orOther };
}

const PHONE_NAME = /phone|mobile|dianhua|shouji|cellphone|(^|_)tel(_|\d|$)|手机|电话/i;
const PHONE_LABEL = /手机|电话|phone|mobile/i;
const ID_NAME = /id_?card|id_?number|sfz|shenfen|identity_?card|身份证/i;
const ID_LABEL = /身份证/;
const TEMPERATURE_NAME = /temperature|tiwen|body_?temp|体温/i;

function truthy(v: string): boolean | null {
  const t = v.trim().toLowerCase();
  if (['yes', 'true', 'true()', '1', 'y', '是'].includes(t)) return true;
  if (['', 'no', 'false', 'false()', '0', 'n', '否'].includes(t)) return false;
  return null;
}

function plainLabel(text: string): string {
  return text
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .trim();
}

function clip(text: string, max: number): string {
  return [...text].length > max ? [...text].slice(0, max).join('') : text;
}

// ---------------------------------------------------------------------------------------------

interface ChoiceRow {
  row: number;
  value: string;
  label: string;
}

interface Frame {
  kind: 'group' | 'repeat';
  row: number;
  name: string;
  showIf?: Condition;
}

const SURVEY_COLUMNS = new Set([
  'type',
  'name',
  'label',
  'hint',
  'required',
  'required_message',
  'relevant',
  'constraint',
  'constraint_message',
  'appearance',
  'choice_filter',
  'default',
  'parameters',
  'select_from_list_name',
  'repeat_count',
]);

class Converter {
  private readonly notes: XlsFormNote[] = [];
  private readonly errors: TRowError[] = [];
  /** Notes that would repeat on every row (a column Wangge ignores), gathered as one entry each. */
  private readonly grouped = new Map<string, { sheet: string; rows: number[]; message: string }>();
  private readonly fields: FormField[] = [];
  private readonly fieldRows: number[] = [];
  private readonly used = new Set<string>();
  private readonly known = new Map<string, Known>();
  private lists = new Map<string, ChoiceRow[]>();
  private readonly listProblems = new Map<string, TRowError[]>();
  private readonly reportedLists = new Set<string>();

  constructor(private readonly workbook: ExcelJS.Workbook) {}

  private note(sheet: string, row: number, message: string) {
    this.notes.push({ sheet, row, message });
  }
  private noteGrouped(key: string, sheet: string, row: number, message: string) {
    const g = this.grouped.get(key) ?? { sheet, rows: [], message };
    g.rows.push(row);
    this.grouped.set(key, g);
  }
  private error(row: number, message: string) {
    this.errors.push({ row, message });
  }

  run(): XlsFormImport {
    const surveySheet = findSheet(this.workbook, 'survey');
    if (!surveySheet) {
      throw new AppError('IMPORT_INVALID', `the workbook has no "survey" sheet (sheets found: ${this.workbook.worksheets.map((w) => w.name).join(', ') || 'none'}); an XLSForm lists its questions in a sheet named survey`, undefined, []);
    }
    const survey = new Sheet('survey', surveySheet);
    const choicesSheet = findSheet(this.workbook, 'choices');
    const choices = choicesSheet ? new Sheet('choices', choicesSheet) : null;
    const settingsSheet = findSheet(this.workbook, 'settings');
    const settings = settingsSheet ? new Sheet('settings', settingsSheet) : null;
    for (const w of this.workbook.worksheets) {
      const n = w.name.trim().toLowerCase();
      if (!['survey', 'choices', 'settings'].includes(n) && w.actualRowCount > 0) this.note(w.name, 1, `sheet "${w.name}" is not part of what Wangge imports (only survey, choices and settings); it was ignored`);
    }

    const missing = ['type', 'name'].filter((c) => !survey.has(c));
    if (missing.length) {
      throw new AppError('IMPORT_INVALID', `the survey sheet's first row must name the columns ${missing.map((m) => `"${m}"`).join(' and ')}`, undefined, missing.map((m) => ({ row: 1, message: `survey: no "${m}" column` })));
    }
    if (!survey.has('label')) this.note('survey', 1, 'the survey sheet has no label column; questions are labelled with their names');

    // Language: a Chinese one if present, else the form's default_language, else the untranslated columns.
    const settingsRow = settings?.rows.find((r) => r.row === 2) ?? settings?.rows[0];
    const defaultLanguage = settings && settingsRow ? settings.get(settingsRow, 'default_language') : '';
    const langs = survey.languages();
    const lang = langs.find((l) => CHINESE.test(l)) ?? langs.find((l) => l === defaultLanguage) ?? (survey.columns.some((c) => c.base === 'label' && !c.lang) ? null : (langs[0] ?? null));
    survey.useLanguage(lang);
    choices?.useLanguage(lang);
    if (langs.length > 1 || (langs.length === 1 && survey.columns.some((c) => c.base === 'label' && !c.lang))) {
      this.note('survey', 1, `the form has labels in several languages; Wangge keeps one: ${lang ?? 'the untranslated label column'}`);
    }

    if (choices) this.readChoices(choices);
    const title = this.readSettings(settings, settingsRow);
    this.readSurvey(survey, choices);

    if (this.errors.length) {
      throw new AppError('IMPORT_INVALID', `the XLSForm cannot be imported: ${this.errors.length} problem${this.errors.length > 1 ? 's' : ''}, listed by row`, undefined, this.errors);
    }
    if (!this.fields.some((f) => f.type !== 'section')) {
      throw new AppError(
        'IMPORT_INVALID',
        'the XLSForm has no question Wangge can ask',
        undefined,
        this.notes.filter((n) => n.sheet === 'survey').map((n) => ({ row: n.row, message: `survey: ${n.message}` })),
      );
    }
    if (this.fields.length > LIMITS.fields) {
      throw new AppError('IMPORT_INVALID', `the form would have ${this.fields.length} questions; Wangge allows at most ${LIMITS.fields}`, undefined, []);
    }

    const definition: FormDefinition = { title, fields: this.fields };
    this.check(definition);
    for (const g of this.grouped.values()) {
      const rows = g.rows.length > 1 ? ` (rows ${g.rows.slice(0, 20).join(', ')}${g.rows.length > 20 ? ', …' : ''})` : '';
      this.notes.push({ sheet: g.sheet, row: g.rows[0], message: `${g.message}${rows}` });
    }
    const order = (s: string) => (s === 'settings' ? 0 : s === 'survey' ? 1 : s === 'choices' ? 2 : 3);
    this.notes.sort((a, b) => order(a.sheet) - order(b.sheet) || a.row - b.row);
    return { definition, unsupported: this.notes };
  }

  /** Last line of defence: what we produce must be a definition the designer can publish. */
  private check(definition: FormDefinition) {
    const rowOf = (path: string) => {
      const m = path.match(/^fields\.(\d+)/);
      return m ? (this.fieldRows[Number(m[1])] ?? 0) : 0;
    };
    const parsed = ZFormDefinition.safeParse(definition);
    const rows: TRowError[] = [];
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.join('.');
        rows.push({ row: rowOf(path), message: `survey: ${path}: ${issue.message}` });
      }
    } else {
      for (const [path, message] of Object.entries(definitionProblems(definition))) rows.push({ row: rowOf(path), message: `survey: ${path}: ${message}` });
    }
    if (rows.length) throw new AppError('IMPORT_INVALID', 'the converted form is not valid; fix these rows', undefined, rows);
  }

  private readSettings(settings: Sheet | null, row: SheetRow | undefined): string {
    let title = '';
    let formId = '';
    if (settings && row) {
      for (const col of settings.columns) {
        const value = row.cells.get(col.index);
        if (!value) continue;
        if (col.base === 'form_title') {
          if (!title || (col.lang && CHINESE.test(col.lang))) title = value;
        } else if (col.base === 'form_id') {
          formId = value;
          this.note('settings', row.row, `form_id "${value}" is noted but not used; Wangge numbers its forms itself`);
        } else if (col.base === 'version') this.note('settings', row.row, `version "${value}" is noted but not used; Wangge counts versions each time the form is published`);
        else if (col.base === 'default_language') continue;
        else this.note('settings', row.row, `setting ${col.header} = "${value}" is not used by Wangge`);
      }
    }
    title = plainLabel(title);
    if (!title) {
      title = formId || 'XLSForm 导入的表单';
      this.note('settings', settings && row ? row.row : 1, `the form has no form_title; it is titled "${title}" (change it in the designer)`);
    }
    if ([...title].length > LIMITS.title) {
      title = clip(title, LIMITS.title);
      this.note('settings', row?.row ?? 1, `form_title is longer than ${LIMITS.title} characters and was shortened`);
    }
    return title;
  }

  private readChoices(choices: Sheet) {
    const listCol = choices.has('list_name');
    const nameCol = choices.has('name') ? 'name' : choices.has('value') ? 'value' : null;
    if (!listCol || !nameCol) {
      this.listProblems.set('*', [{ row: 1, message: `choices: the first row must name the columns "list_name" and "name" (missing: ${[!listCol && 'list_name', !nameCol && 'name'].filter(Boolean).join(', ')})` }]);
      return;
    }
    for (const row of choices.rows) {
      const list = choices.get(row, 'list_name');
      const value = choices.get(row, nameCol);
      const label = plainLabel(choices.localized(row, 'label'));
      if (!list) {
        if (value || label) this.note('choices', row.row, 'this choice has no list_name; it was ignored');
        continue;
      }
      const rows = this.lists.get(list) ?? [];
      const problems = this.listProblems.get(list) ?? [];
      if (!value) problems.push({ row: row.row, message: `choices: the choice in list "${list}" has no name (the value stored for it)` });
      else if ([...value].length > LIMITS.optionValue) problems.push({ row: row.row, message: `choices: the value "${clip(value, 20)}…" is longer than ${LIMITS.optionValue} characters; shorten it` });
      else if (rows.some((r) => r.value === value)) problems.push({ row: row.row, message: `choices: list "${list}" already has a choice named "${value}" (row ${rows.find((r) => r.value === value)!.row})` });
      else rows.push({ row: row.row, value, label: label || value });
      this.lists.set(list, rows);
      if (problems.length) this.listProblems.set(list, problems);
    }
    const extra = choices.columns.filter((c) => !['list_name', 'name', 'value', 'label'].includes(c.base));
    for (const col of extra) {
      const rows = choices.rows.filter((r) => r.cells.has(col.index)).map((r) => r.row);
      if (!rows.length) continue;
      const media = ['image', 'audio', 'video', 'big-image', 'media'].includes(col.base);
      for (const r of rows) {
        this.noteGrouped(
          `choices:${col.header}`,
          'choices',
          r,
          media ? `column ${col.header}: pictures and sounds on choices are not shown` : `column ${col.header} is not used by Wangge (if it serves a choice_filter, all options are shown)`,
        );
      }
    }
  }

  /** The options of a list, or null after recording why not. */
  private optionsOf(list: string, row: number, hasChoices: boolean): ChoiceRow[] | null {
    const sheetProblems = this.listProblems.get('*');
    if (sheetProblems) {
      if (!this.reportedLists.has('*')) this.errors.push(...sheetProblems);
      this.reportedLists.add('*');
      return null;
    }
    const options = this.lists.get(list);
    if (!options) {
      this.error(row, hasChoices ? `survey: the list "${list}" is not in the choices sheet` : `survey: the question uses the list "${list}" but the workbook has no choices sheet`);
      return null;
    }
    const problems = this.listProblems.get(list);
    if (problems && !this.reportedLists.has(list)) this.errors.push(...problems);
    this.reportedLists.add(list);
    return problems ? null : options;
  }

  /** A Wangge name for an XLSForm name: letters, digits, _; not reserved; unique. */
  private wanggeName(original: string, row: number, what: string): string {
    let name = original.replace(/[-.]/g, '_');
    const changes: string[] = [];
    if (name !== original) changes.push('"-" and "." become "_"');
    if (/[^A-Za-z0-9_]/.test(name)) {
      name = `q${row}`;
      changes.length = 0;
      changes.push('only letters, digits and _ are allowed');
    } else if (!/^[A-Za-z]/.test(name)) {
      name = `q${name}`;
      changes.push('a name must start with a letter');
    }
    if (name.length > 64) {
      name = name.slice(0, 64);
      changes.push('at most 64 characters');
    }
    if (RESERVED_FIELD_NAMES.has(name)) {
      name = `${name}_q`;
      changes.push(`"${original}" is reserved for the reporter details every form asks`);
    }
    let unique = name;
    for (let i = 2; this.used.has(unique); i++) unique = `${name.slice(0, 64 - String(i).length - 1)}_${i}`;
    if (unique !== name) changes.push('the name was already taken');
    this.used.add(unique);
    if (unique !== original) this.note('survey', row, `${what} "${original}" is named "${unique}" in Wangge (${changes.join('; ')})`);
    return unique;
  }

  private readSurvey(survey: Sheet, choices: Sheet | null) {
    const stack: Frame[] = [];
    const originalNames = new Map<string, { row: number; scope: string }[]>();
    const ambiguous = new Set<string>();
    const knownCols = survey.columns.filter((c) => !SURVEY_COLUMNS.has(c.base));

    for (const row of survey.rows) {
      const rawType = survey.get(row, 'type');
      const originalName = survey.get(row, 'name');
      if (!rawType) {
        if (originalName || survey.localized(row, 'label')) this.note('survey', row.row, `the row has no type; it was left out`);
        continue;
      }
      const type = parseType(rawType);
      if (!type.list && (type.kind === 'select_one' || type.kind === 'select_multiple')) type.list = survey.get(row, 'select_from_list_name') || undefined;
      const isEnd = type.kind === 'end_group' || type.kind === 'end_repeat';

      if (originalName && !isEnd) {
        // XLSForm names are unique within a group; the same name in two groups is allowed, but
        // flattened into one Wangge form it is renamed and \${name} becomes ambiguous.
        const scope = stack.map((f) => f.name).join('/');
        const earlier = originalNames.get(originalName) ?? [];
        const clash = earlier.find((e) => e.scope === scope);
        if (clash) {
          this.error(row.row, `survey: the name "${originalName}" is already used in row ${clash.row}; every question needs its own name`);
          continue;
        }
        if (earlier.length) {
          ambiguous.add(originalName);
          this.known.delete(originalName);
        }
        originalNames.set(originalName, [...earlier, { row: row.row, scope }]);
      }

      if (isEnd) {
        const want = type.kind === 'end_group' ? 'group' : 'repeat';
        const top = stack.pop();
        if (!top) this.error(row.row, `survey: "${rawType}" without a matching "begin ${want}"`);
        else if (top.kind !== want) this.error(row.row, `survey: "${rawType}" closes the ${top.kind} begun in row ${top.row}`);
        continue;
      }

      const inherited = andAll(stack.map((f) => f.showIf));
      const label = plainLabel(survey.localized(row, 'label'));
      const hint = plainLabel(survey.localized(row, 'hint'));

      if (type.kind === 'begin_group' || type.kind === 'begin_repeat') {
        const kind = type.kind === 'begin_group' ? 'group' : 'repeat';
        const frame: Frame = { kind, row: row.row, name: originalName || `${kind}${row.row}` };
        const relevant = survey.get(row, 'relevant');
        if (relevant) {
          const c = this.condition(relevant, row.row, `the ${kind}'s questions are always shown`);
          if (c) frame.showIf = c;
        }
        if (kind === 'repeat') {
          const count = survey.get(row, 'repeat_count');
          this.note(
            'survey',
            row.row,
            `repeat "${frame.name}": Wangge has no repeating groups; its questions are asked once, so a resident cannot add more than one entry${count ? ` (repeat_count "${count}" is not used)` : ''}`,
          );
        }
        this.ignoredColumns(survey, row, knownCols);
        stack.push(frame);
        if (label) {
          this.push(row.row, {
            name: this.wanggeName(originalName || `${kind}_${row.row}`, row.row, kind === 'group' ? 'the group' : 'the repeat'),
            type: 'section',
            label: this.clipLabel(label, row.row),
            ...(hint ? { help: this.clipHelp(hint, row.row) } : {}),
            ...this.showIf(andAll([inherited, frame.showIf])),
          });
        }
        continue;
      }

      if (!originalName) {
        if (type.kind === 'note') {
          if (!label) continue;
        } else {
          this.error(row.row, `survey: the ${rawType} question has no name; every question needs a name (letters, digits and _)`);
          continue;
        }
      }

      // Types Wangge leaves out.
      if (METADATA.has(type.kind)) {
        this.note('survey', row.row, `"${originalName}" (${type.kind}) is device metadata ODK records by itself; left out (Wangge records the submission time and the reporter itself)`);
        continue;
      }
      const dropped = DROPPED[type.kind];
      if (dropped) {
        this.note('survey', row.row, `"${originalName}" (${type.kind}) is ${dropped}; left out`);
        continue;
      }
      if (['select_one_from_file', 'select_multiple_from_file', 'select_one_external'].includes(type.kind)) {
        this.note('survey', row.row, `"${originalName}" (${type.kind}) takes its options from an external file Wangge cannot read; left out`);
        continue;
      }

      let fieldType: FieldType;
      let options: ChoiceOption[] | undefined;
      let integer = false;
      const extra: Partial<FormField> = {};
      const appearance = survey.get(row, 'appearance').toLowerCase();
      const nameAndLabel = `${originalName} ${label}`;
      switch (type.kind) {
        case 'text': {
          fieldType = 'text';
          const constraint = survey.get(row, 'constraint');
          const phoneRegex = /regex\s*\(\s*\.\s*,\s*['"][^'"]*(\\d\{10\}|\\d\{11\}|\[0-9\]\{10\}|\[0-9\]\{11\}|\{9\})/.test(constraint);
          if (PHONE_NAME.test(originalName) && (/\bnumbers\b/.test(appearance) || phoneRegex || PHONE_LABEL.test(label))) fieldType = 'phone';
          else if (ID_NAME.test(originalName) || ID_LABEL.test(label)) fieldType = 'id_number';
          else if (TEMPERATURE_NAME.test(nameAndLabel)) fieldType = 'temperature';
          break;
        }
        case 'integer':
        case 'decimal':
          integer = type.kind === 'integer';
          fieldType = TEMPERATURE_NAME.test(nameAndLabel) ? 'temperature' : 'number';
          break;
        case 'range': {
          fieldType = 'number';
          const params = Object.fromEntries(
            survey
              .get(row, 'parameters')
              .split(/[\s;,]+/)
              .map((p) => p.split('='))
              .filter((p) => p.length === 2),
          );
          const start = Number(params.start ?? 0);
          const end = Number(params.end ?? 10);
          if (Number.isFinite(start) && Number.isFinite(end)) Object.assign(extra, { min: Math.min(start, end), max: Math.max(start, end) });
          this.note('survey', row.row, `"${originalName}" (range) is asked as a number between ${extra.min} and ${extra.max}, without a slider`);
          break;
        }
        case 'date':
          fieldType = 'date';
          if (/month-year|year/.test(appearance)) this.note('survey', row.row, `"${originalName}": appearance "${appearance}" is not supported; a full date is asked`);
          break;
        case 'datetime':
          fieldType = 'date';
          this.note('survey', row.row, `"${originalName}" (dateTime) is asked as a date; the time of day is not asked`);
          break;
        case 'time':
          fieldType = 'time';
          break;
        case 'image':
          fieldType = 'photo';
          if (/signature|draw|annotate/.test(appearance)) this.note('survey', row.row, `"${originalName}": appearance "${appearance}" is not supported; residents upload a photo instead`);
          break;
        case 'note':
          fieldType = 'section';
          break;
        case 'select_one':
        case 'select_multiple': {
          if (!type.list) {
            this.error(row.row, `survey: "${rawType}" names no choice list (write e.g. "select_one yes_no")`);
            continue;
          }
          const list = this.optionsOf(type.list, row.row, !!choices);
          if (!list) continue;
          const values = list.map((o) => o.value);
          if (type.kind === 'select_one' && !type.orOther && values.length === 2 && values.includes('yes') && values.includes('no')) {
            fieldType = 'yes_no';
            break;
          }
          fieldType = type.kind === 'select_one' ? 'single_choice' : 'multiple_choice';
          options = list.map((o) => {
            let optionLabel = o.label;
            if ([...optionLabel].length > LIMITS.optionLabel) {
              optionLabel = clip(optionLabel, LIMITS.optionLabel);
              this.noteGrouped(`long-label:${type.list}`, 'choices', o.row, `list "${type.list}": choice labels longer than ${LIMITS.optionLabel} characters were shortened`);
            }
            return { value: o.value, label: optionLabel };
          });
          if (type.orOther && !options.some((o) => o.value === 'other')) options.push({ value: 'other', label: '其他' });
          if (options.length < 2) {
            this.note('survey', row.row, `"${originalName}" uses list "${type.list}", which has ${options.length} option${options.length === 1 ? '' : 's'}; a Wangge choice question needs at least two; left out`);
            continue;
          }
          if (options.length > LIMITS.options) {
            this.note('survey', row.row, `"${originalName}" uses list "${type.list}", which has ${options.length} options; Wangge allows at most ${LIMITS.options}; left out`);
            continue;
          }
          const filter = survey.get(row, 'choice_filter');
          if (filter) this.note('survey', row.row, `"${originalName}": choice_filter "${filter}" is not supported; all options of list "${type.list}" are shown`);
          break;
        }
        case 'begin_group':
        case 'begin_repeat':
          continue; // handled above
        default:
          this.note('survey', row.row, `"${originalName || rawType}" has the type "${rawType}", which Wangge does not know; left out`);
          continue;
      }

      const what = fieldType === 'section' ? 'the note' : 'the question';
      const name = this.wanggeName(originalName || `note_${row.row}`, row.row, what);
      const field: FormField = { name, type: fieldType, label: this.clipLabel(label || originalName, row.row), ...extra };
      if (!label) this.note('survey', row.row, `"${originalName}" has no label; its name is used as the question text`);
      if (/\$\{[^}]+\}/.test(label)) this.note('survey', row.row, `the label of "${originalName}" shows earlier answers (\${…}); Wangge shows the text as written`);
      if (hint) field.help = this.clipHelp(hint, row.row);
      if (fieldType !== 'section') this.requiredOf(survey, row, field);
      if (options) field.options = options;
      if (fieldType === 'phone') this.note('survey', row.row, `"${originalName}" is asked as a mobile phone number (11 digits, stored encrypted); every form already asks the reporter's phone, so you may delete it`);
      if (fieldType === 'id_number') this.note('survey', row.row, `"${originalName}" is asked as an ID card number (checked, stored encrypted); every form can ask the reporter's ID number, so you may delete it and turn that on instead`);
      if (fieldType === 'temperature' && type.kind === 'text') this.note('survey', row.row, `"${originalName}" is asked as a body temperature (a number)`);
      if (fieldType !== 'section') this.constraintOf(survey, row, field, integer);

      const relevant = survey.get(row, 'relevant');
      const own = relevant ? this.condition(relevant, row.row, `"${originalName || 'the note'}" is always shown`) : undefined;
      Object.assign(field, this.showIf(andAll([inherited, own])));
      const dflt = survey.get(row, 'default');
      if (dflt) this.note('survey', row.row, `"${originalName}": default "${dflt}" is not supported; the question starts empty`);
      this.ignoredColumns(survey, row, knownCols);
      this.push(row.row, field);
      if (fieldType !== 'section' && !ambiguous.has(originalName)) this.known.set(originalName, { name, type: fieldType });

      if (type.orOther) {
        const otherName = this.wanggeName(`${originalName}_other`, row.row, 'the "other" answer of');
        const otherField: FormField = {
          name: otherName,
          type: 'text',
          label: '请注明其他',
          showIf: andAll([inherited, own, { field: name, op: fieldType === 'multiple_choice' ? 'includes' : 'eq', value: 'other' }]),
        };
        this.push(row.row, otherField);
        this.known.set(`${originalName}_other`, { name: otherName, type: 'text' });
      }
    }
    for (const open of stack) this.error(open.row, `survey: "begin ${open.kind}" "${open.name}" has no matching "end ${open.kind}"`);
  }

  private push(row: number, field: FormField) {
    this.fields.push(field);
    this.fieldRows.push(row);
  }

  private showIf(c: Condition | undefined): { showIf?: Condition } {
    return c ? { showIf: c } : {};
  }

  private clipLabel(label: string, row: number): string {
    if ([...label].length <= LIMITS.label) return label;
    this.note('survey', row, `the label is longer than ${LIMITS.label} characters and was shortened`);
    return clip(label, LIMITS.label);
  }

  private clipHelp(help: string, row: number): string {
    if ([...help].length <= LIMITS.help) return help;
    this.note('survey', row, `the hint is longer than ${LIMITS.help} characters and was shortened`);
    return clip(help, LIMITS.help);
  }

  private condition(relevant: string, row: number, fallback: string): Condition | undefined {
    const expr = Parser.parse(relevant);
    if (!expr) {
      this.note('survey', row, `relevant "${relevant}" cannot be converted (Wangge understands \${q} = 'v', !=, >, >=, <, <=, selected(), not(), and/or); ${fallback}`);
      return undefined;
    }
    const c = toCondition(expr, this.known);
    if (!c.ok) {
      this.note('survey', row, `relevant "${relevant}" cannot be converted: ${c.why}; ${fallback}`);
      return undefined;
    }
    const simple = simplify(c.condition);
    if (tooBig(simple)) {
      this.note('survey', row, `relevant "${relevant}" has more than ${LIMITS.conditionParts} parts; ${fallback}`);
      return undefined;
    }
    return simple;
  }

  private requiredOf(survey: Sheet, row: SheetRow, field: FormField) {
    const required = survey.get(row, 'required');
    const flag = truthy(required);
    if (flag === null) this.note('survey', row.row, `required "${required}" is a condition Wangge cannot evaluate; "${field.name}" is optional`);
    else if (flag) field.required = true;
    const message = survey.localized(row, 'required_message');
    if (message && flag) this.noteGrouped('required_message', 'survey', row.row, 'required_message is not shown; Wangge says "this question is required" in its own words');
  }

  private constraintOf(survey: Sheet, row: SheetRow, field: FormField, integer: boolean) {
    const constraint = survey.get(row, 'constraint');
    const message = plainLabel(survey.localized(row, 'constraint_message'));
    if (!constraint) return;
    const expr = Parser.parse(constraint);
    const conjuncts = expr ? (expr.k === 'and' ? expr.parts : [expr]) : null;
    if (!conjuncts) {
      this.note('survey', row.row, `constraint "${constraint}" cannot be converted; answers to "${field.name}" are not checked against it`);
      return;
    }
    const bounds: Bounds = {};
    let loose = false;
    const failed: string[] = [];
    for (const part of conjuncts) {
      const r = constraintPart(part, field.type, integer);
      if ('why' in r) failed.push(r.why);
      else if ('bounds' in r) {
        loose ||= !!r.loose;
        const b = r.bounds;
        if (b.min !== undefined) bounds.min = bounds.min === undefined ? b.min : Math.max(bounds.min, b.min);
        if (b.max !== undefined) bounds.max = bounds.max === undefined ? b.max : Math.min(bounds.max, b.max);
        if (b.minDate) bounds.minDate = b.minDate;
        if (b.maxDate) bounds.maxDate = b.maxDate;
        if (b.pattern) {
          if (bounds.pattern) failed.push('only one regex() per question');
          else bounds.pattern = b.pattern;
        }
      }
    }
    if (failed.length) {
      const kept = Object.keys(bounds).length ? 'the parts Wangge understands are kept, the rest is not checked' : `answers to "${field.name}" are not checked against it`;
      this.note('survey', row.row, `constraint "${constraint}" cannot be fully converted (${[...new Set(failed)].join('; ')}); ${kept}`);
    }
    if (loose) this.note('survey', row.row, `constraint "${constraint}": Wangge bounds include the limit itself, so an answer equal to it is accepted`);
    if (bounds.min !== undefined && bounds.max !== undefined && bounds.min > bounds.max) {
      this.note('survey', row.row, `constraint "${constraint}" allows no answer; it was not kept`);
      return;
    }
    Object.assign(field, bounds);
    if (message) {
      if (bounds.pattern) field.patternMessage = clip(message, LIMITS.patternMessage);
      else this.noteGrouped('constraint_message', 'survey', row.row, 'constraint_message is not shown for number, date and length limits; Wangge states the limit in its own words');
    }
  }

  /** Columns Wangge does not use, gathered per column. */
  private ignoredColumns(survey: Sheet, row: SheetRow, columns: Column[]) {
    for (const col of columns) {
      if (!row.cells.has(col.index)) continue;
      this.noteGrouped(`survey:${col.header}`, 'survey', row.row, `column ${col.header} is not supported by Wangge and was ignored`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Chinese for the messages above (the admin UI is Chinese first). Call `localizeXlsFormNotes` on the
// `unsupported` list before sending it, and `xlsformMessageZh` from server/http/localize.ts for the
// IMPORT_INVALID rows (from inside a rule's callback, so the import cycle stays harmless).

const REASONS_ZH: [RegExp, (...m: string[]) => string][] = [
  [/^"-" and "\." become "_"$/, () => '「-」和「.」改为「_」'],
  [/^only letters, digits and _ are allowed$/, () => '只能使用字母、数字和 _'],
  [/^a name must start with a letter$/, () => '名称须以字母开头'],
  [/^at most 64 characters$/, () => '最多 64 个字符'],
  [/^"(.*)" is reserved for the reporter details every form asks$/, (n) => `「${n}」是每张表单都会询问的填报人信息的专用名称`],
  [/^the name was already taken$/, () => '名称已被占用'],
  [/^\$\{(.*)\} is not an earlier question that was imported$/, (n) => `\${${n}} 不是前面已导入的题目`],
  [/^only \$\{question\} references can be compared$/, () => '只能比较 ${题目} 的答案'],
  [/^(.+)\(\) is not supported(?: here)?$/, (f) => `不支持 ${f}()`],
  [/^selected\(\) needs a question and a value$/, () => 'selected() 需要一个题目和一个值'],
  [/^not\(selected\(…\)\) on a multiple-choice question cannot be expressed$/, () => '多选题的 not(selected(…)) 无法表达'],
  [/^selected\(\) on a (\w+) question$/, (t) => `selected() 不能用于 ${t} 题`],
  [/^(.+)\(\) needs one question$/, (f) => `${f}() 需要一个题目`],
  [/^(.+)\(\) can only be compared with 0 \(answered or not\)$/, (f) => `${f}() 只能与 0 比较（是否已作答）`],
  [/^a question must be compared with a fixed value$/, () => '题目只能与固定值比较'],
  [/^compare multiple-choice \$\{…\} with selected\(\), not (.+)$/, (op) => `多选题请用 selected() 判断，不能用 ${op}`],
  [/^the compared text is too long$/, () => '比较的文字太长'],
  [/^not\(… (.+) …\) cannot be expressed \(unanswered questions would behave differently\)$/, (op) => `not(… ${op} …) 无法表达（未作答时结果会不同）`],
  [/^(.+) needs a number$/, (op) => `${op} 需要与数字比较`],
  [/^(.+) on a (\w+) question$/, (op, t) => `${op} 不能用于 ${t} 题`],
  [/^regex\(\) on a (\w+) question$/, (t) => `regex() 不能用于 ${t} 题`],
  [/^the regular expression is not one a browser understands$/, () => '该正则表达式浏览器无法识别'],
  [/^the regular expression is longer than 500 characters$/, () => '正则表达式超过 500 个字符'],
  [/^only "and" of simple comparisons on "\." can be converted$/, () => '只能转换用 and 连接的对「.」的简单比较'],
  [/^(.+)\(\) must be compared with a number$/, (f) => `${f}() 需要与数字比较`],
  [/^string-length\(\) on a (\w+) question$/, (t) => `string-length() 不能用于 ${t} 题`],
  [/^count-selected\(\) on a (\w+) question$/, (t) => `count-selected() 不能用于 ${t} 题`],
  [/^!= cannot be expressed as a bound$/, () => '!= 无法表达为上下限'],
  [/^only comparisons of "\." with a fixed value can be converted$/, () => '只能转换「.」与固定值的比较'],
  [/^a date must be compared with today\(\) or a date like 2026-01-31$/, () => '日期只能与 today() 或 2026-01-31 这样的日期比较'],
  [/^\. (.+) today\(\) cannot be expressed \(only >= and <=\)$/, (op) => `. ${op} today() 无法表达（只支持 >= 和 <=）`],
  [/^(.+) on a date cannot be expressed$/, (op) => `日期不能用 ${op} 比较`],
  [/^a bound on a (\w+) answer$/, (t) => `${t} 题不能设上下限`],
  [/^the bound must be a number$/, () => '上下限必须是数字'],
  [/^only one regex\(\) per question$/, () => '每题只能有一个 regex()'],
  [/^the (group|repeat)'s questions are always shown$/, (k) => `该${k === 'group' ? '分组' : '重复组'}的题目将始终显示`],
  [/^"(.*)" is always shown$/, (n) => `「${n}」将始终显示`],
];

const DROPPED_ZH: Record<string, string> = {
  geopoint: '定位：网格系统不记录位置（可在设计器中改用地址题）',
  geotrace: '定位轨迹：网格系统不记录位置',
  geoshape: '定位区域：网格系统不记录位置',
  audio: '录音：网格系统不收录音',
  video: '视频：网格系统不收视频',
  file: '文件上传：网格系统只接收照片',
  barcode: '扫码：网格系统不扫码（如需要可在设计器中添加文字题）',
  calculate: '计算项：网格系统不做计算',
  hidden: '隐藏值：网格系统不保存隐藏值',
  rank: '排序题：网格系统没有排序题',
  acknowledge: '确认勾选：网格系统没有单个勾选题',
  trigger: '确认勾选：网格系统没有单个勾选题',
  'xml-external': '外部数据文件：不支持',
  'csv-external': '外部数据文件：不支持',
};

const reasonZh = (text: string): string => {
  for (const [re, make] of REASONS_ZH) {
    const m = re.exec(text);
    if (m) return make(...m.slice(1));
  }
  return text;
};
const reasonsZh = (text: string) => text.split('; ').map(reasonZh).join('；');
const kindZh = (k: string) => (k === 'group' ? '分组' : k === 'repeat' ? '重复组' : k);

const MESSAGES_ZH: [RegExp, (...m: string[]) => string][] = [
  [/^sheet "(.*)" is not part of what Wangge imports \(only survey, choices and settings\); it was ignored$/, (s) => `工作表「${s}」不在导入范围内（只导入 survey、choices、settings），已忽略`],
  [/^the survey sheet has no label column; questions are labelled with their names$/, () => 'survey 表没有 label 列，题干暂用题目名称'],
  [/^the form has labels in several languages; Wangge keeps one: (.*)$/, (l) => `表单有多种语言的题干，只保留一种：${l === 'the untranslated label column' ? '未标语言的 label 列' : l}`],
  [/^form_id "(.*)" is noted but not used; Wangge numbers its forms itself$/, (v) => `form_id「${v}」仅作记录，系统自行为表单编号`],
  [/^version "(.*)" is noted but not used; Wangge counts versions each time the form is published$/, (v) => `version「${v}」仅作记录，每次发布时系统自动累计版本号`],
  [/^setting (.*) = "(.*)" is not used by Wangge$/, (k, v) => `设置项 ${k} =「${v}」未使用`],
  [/^the form has no form_title; it is titled "(.*)" \(change it in the designer\)$/, (t) => `表单没有 form_title，标题暂定为「${t}」（可在设计器中修改）`],
  [/^form_title is longer than (\d+) characters and was shortened$/, (n) => `form_title 超过 ${n} 个字，已截短`],
  [/^this choice has no list_name; it was ignored$/, () => '该选项没有 list_name，已忽略'],
  [/^column (.*): pictures and sounds on choices are not shown$/, (c) => `${c} 列：选项的图片和声音不显示`],
  [/^column (.*) is not used by Wangge \(if it serves a choice_filter, all options are shown\)$/, (c) => `${c} 列未使用（如用于 choice_filter，将显示全部选项）`],
  [/^list "(.*)": choice labels longer than (\d+) characters were shortened$/, (l, n) => `选项列表「${l}」：超过 ${n} 个字的选项文字已截短`],
  [/^(the question|the note|the group|the repeat|the "other" answer of) "(.*)" is named "(.*)" in Wangge \((.*)\)$/, (_w, a, b, why) => `「${a}」在本系统中命名为「${b}」（${reasonsZh(why)}）`],
  [/^repeat "(.*)": Wangge has no repeating groups; its questions are asked once, so a resident cannot add more than one entry(?: \(repeat_count "(.*)" is not used\))?$/, (n, c) => `重复组「${n}」：本系统没有可重复的分组，其中的题目只问一次，居民不能添加多条${c ? `（repeat_count「${c}」未使用）` : ''}`],
  [/^the row has no type; it was left out$/, () => '该行没有 type，未导入'],
  [/^"(.*)" \((.*)\) is device metadata ODK records by itself; left out \(Wangge records the submission time and the reporter itself\)$/, (n, t) => `「${n}」（${t}）是 ODK 自动记录的设备信息，未导入（本系统自行记录提交时间和填报人）`],
  [/^"(.*)" \((.*)\) takes its options from an external file Wangge cannot read; left out$/, (n, t) => `「${n}」（${t}）的选项来自外部文件，无法读取，未导入`],
  [/^"(.*)" \(range\) is asked as a number between (.*) and (.*), without a slider$/, (n, a, b) => `「${n}」（range）改为填写 ${a} 到 ${b} 之间的数字，不显示滑块`],
  [/^"(.*)" \(dateTime\) is asked as a date; the time of day is not asked$/, (n) => `「${n}」（dateTime）改为只填日期，不填时间`],
  [/^"(.*)" \((.*)\) is (.*); left out$/, (n, t, what) => `「${n}」（${t}）是${DROPPED_ZH[t] ?? what}，未导入`],
  [/^"(.*)": appearance "(.*)" is not supported; a full date is asked$/, (n, a) => `「${n}」：不支持 appearance「${a}」，改为填写完整日期`],
  [/^"(.*)": appearance "(.*)" is not supported; residents upload a photo instead$/, (n, a) => `「${n}」：不支持 appearance「${a}」，改为上传照片`],
  [/^"(.*)" uses list "(.*)", which has (\d+) options?; a Wangge choice question needs at least two; left out$/, (n, l, k) => `「${n}」使用的选项列表「${l}」只有 ${k} 个选项，选择题至少需要两个，未导入`],
  [/^"(.*)" uses list "(.*)", which has (\d+) options; Wangge allows at most (\d+); left out$/, (n, l, k, max) => `「${n}」使用的选项列表「${l}」有 ${k} 个选项，最多允许 ${max} 个，未导入`],
  [/^"(.*)": choice_filter "(.*)" is not supported; all options of list "(.*)" are shown$/, (n, f, l) => `「${n}」：不支持 choice_filter「${f}」，将显示列表「${l}」的全部选项`],
  [/^"(.*)" has the type "(.*)", which Wangge does not know; left out$/, (n, t) => `「${n}」的类型「${t}」无法识别，未导入`],
  [/^"(.*)" has no label; its name is used as the question text$/, (n) => `「${n}」没有题干，暂用其名称`],
  [/^the label of "(.*)" shows earlier answers \(\$\{…\}\); Wangge shows the text as written$/, (n) => `「${n}」的题干引用了前面的答案（\${…}），将按原文显示`],
  [/^"(.*)" is asked as a mobile phone number \(11 digits, stored encrypted\); .*$/, (n) => `「${n}」识别为手机号码题（11 位，加密保存）；每张表单都会询问填报人手机号，可考虑删除此题`],
  [/^"(.*)" is asked as an ID card number \(checked, stored encrypted\); .*$/, (n) => `「${n}」识别为身份证号码题（校验并加密保存）；表单可开启询问填报人身份证号，可考虑删除此题并开启该选项`],
  [/^"(.*)" is asked as a body temperature \(a number\)$/, (n) => `「${n}」识别为体温题（数字）`],
  [/^"(.*)": default "(.*)" is not supported; the question starts empty$/, (n, d) => `「${n}」：不支持默认值「${d}」，题目初始为空`],
  [/^the label is longer than (\d+) characters and was shortened$/, (k) => `题干超过 ${k} 个字，已截短`],
  [/^the hint is longer than (\d+) characters and was shortened$/, (k) => `提示超过 ${k} 个字，已截短`],
  [/^relevant "(.*)" cannot be converted \(Wangge understands .*\); (.*)$/, (e, then) => `显示条件 relevant「${e}」无法转换（支持 \${题目} = '值'、!=、>、>=、<、<=、selected()、not()、and/or）；${reasonZh(then)}`],
  [/^relevant "(.*)" cannot be converted: (.*); ((?:the (?:group|repeat)'s questions|".*") (?:are|is) always shown)$/, (e, why, then) => `显示条件 relevant「${e}」无法转换：${reasonZh(why)}；${reasonZh(then)}`],
  [/^relevant "(.*)" has more than (\d+) parts; (.*)$/, (e, k, then) => `显示条件 relevant「${e}」超过 ${k} 个部分；${reasonZh(then)}`],
  [/^required "(.*)" is a condition Wangge cannot evaluate; "(.*)" is optional$/, (e, n) => `必填条件 required「${e}」无法计算，「${n}」改为选填`],
  [/^required_message is not shown; .*$/, () => '不显示 required_message，系统使用自己的必填提示'],
  [/^constraint_message is not shown for number, date and length limits; .*$/, () => '数字、日期和长度限制不显示 constraint_message，系统会说明限制范围'],
  [/^constraint "(.*)" cannot be converted; answers to "(.*)" are not checked against it$/, (e, n) => `校验条件 constraint「${e}」无法转换，「${n}」的答案不按此校验`],
  [/^constraint "(.*)" cannot be fully converted \((.*)\); (the parts Wangge understands are kept, the rest is not checked|answers to "(.*)" are not checked against it)$/, (e, why, kept, n) =>
    `校验条件 constraint「${e}」无法完全转换（${reasonsZh(why)}）；${n !== undefined ? `「${n}」的答案不按此校验` : '可识别的部分已保留，其余不校验'}`],
  [/^constraint "(.*)": Wangge bounds include the limit itself, so an answer equal to it is accepted$/, (e) => `校验条件 constraint「${e}」：本系统的上下限包含边界值本身，等于边界的答案也会被接受`],
  [/^constraint "(.*)" allows no answer; it was not kept$/, (e) => `校验条件 constraint「${e}」不允许任何答案，未保留`],
  [/^column (.*) is not supported by Wangge and was ignored$/, (c) => `${c} 列不受支持，已忽略`],
  // IMPORT_INVALID rows and messages
  [/^no "(.*)" column$/, (c) => `缺少「${c}」列`],
  [/^the name "(.*)" is already used in row (\d+); every question needs its own name$/, (n, r) => `名称「${n}」已在第 ${r} 行使用，每道题的名称不能重复`],
  [/^the list "(.*)" is not in the choices sheet$/, (l) => `choices 表中没有选项列表「${l}」`],
  [/^the question uses the list "(.*)" but the workbook has no choices sheet$/, (l) => `题目使用了选项列表「${l}」，但文件中没有 choices 表`],
  [/^the (.*) question has no name; every question needs a name \(letters, digits and _\)$/, (t) => `该 ${t} 题没有名称，每道题都需要名称（字母、数字和 _）`],
  [/^"(.*)" names no choice list \(write e\.g\. "select_one yes_no"\)$/, (t) => `「${t}」没有写选项列表名（例如 select_one yes_no）`],
  [/^"(.*)" without a matching "begin (group|repeat)"$/, (t, k) => `「${t}」没有对应的 begin ${k}（${kindZh(k)}开始）`],
  [/^"(.*)" closes the (group|repeat) begun in row (\d+)$/, (t, k, r) => `「${t}」与第 ${r} 行开始的${kindZh(k)}不匹配`],
  [/^"begin (group|repeat)" "(.*)" has no matching "end (?:group|repeat)"$/, (k, n) => `${kindZh(k)}「${n}」缺少对应的 end ${k}`],
  [/^the first row must name the columns "list_name" and "name" \(missing: (.*)\)$/, (c) => `第一行须有 list_name 和 name 列（缺少：${c}）`],
  [/^the choice in list "(.*)" has no name \(the value stored for it\)$/, (l) => `选项列表「${l}」中有选项没有 name（保存的值）`],
  [/^the value "(.*)" is longer than (\d+) characters; shorten it$/, (v, k) => `选项值「${v}」超过 ${k} 个字符，请缩短`],
  [/^list "(.*)" already has a choice named "(.*)" \(row (\d+)\)$/, (l, v, r) => `选项列表「${l}」已有名为「${v}」的选项（第 ${r} 行）`],
  [/^the workbook has no "survey" sheet \(sheets found: (.*)\); .*$/, (s) => `文件中没有 survey 工作表（现有：${s === 'none' ? '无' : s}）；XLSForm 的题目须写在名为 survey 的工作表中`],
  [/^the survey sheet's first row must name the columns (.*)$/, (c) => `survey 表第一行须有 ${c} 列`],
  [/^the XLSForm cannot be imported: (\d+) problems?, listed by row$/, (k) => `XLSForm 无法导入：共 ${k} 处问题，已按行列出`],
  [/^the XLSForm has no question Wangge can ask$/, () => 'XLSForm 中没有可以导入的题目'],
  [/^the form would have (\d+) questions; Wangge allows at most (\d+)$/, (k, max) => `表单将有 ${k} 道题，最多允许 ${max} 道`],
  [/^the converted form is not valid; fix these rows$/, () => '转换后的表单不符合要求，请修改以下各行'],
  [/^the file is not a readable XLSX workbook: .*$/, () => '文件不是可读取的 XLSX 工作簿'],
];

/** The Chinese of an XLSForm import message (a note, a row problem or the error itself); unknown text comes back unchanged. */
export function xlsformMessageZh(text: string): string {
  const prefix = /^(survey|choices|settings): (.*)$/s.exec(text);
  if (prefix) {
    const inner = xlsformMessageZh(prefix[2]);
    return inner === prefix[2] ? text : `${prefix[1]} 表：${inner}`;
  }
  const rows = / \(rows ([\d, …]+)\)$/.exec(text);
  const body = rows ? text.slice(0, rows.index) : text;
  for (const [re, make] of MESSAGES_ZH) {
    const m = re.exec(body);
    if (m) return make(...m.slice(1)) + (rows ? `（第 ${rows[1].replace(/, /g, '、')} 行）` : '');
  }
  return text;
}

/** The `unsupported` list in the reader's language (Chinese for `zh`, as written otherwise). */
export function localizeXlsFormNotes(notes: XlsFormNote[], lang: 'zh' | 'en'): XlsFormNote[] {
  return lang === 'zh' ? notes.map((n) => ({ ...n, message: xlsformMessageZh(n.message) })) : notes;
}
