import { FIELD_NAME, RESERVED_FIELD_NAMES } from '../../../../../common/form-definition';
import { freeName } from './designerState';

type PinyinFn = (text: string, options: { toneType: 'none'; type: 'array'; nonZh: 'consecutive' }) => string[];
let pinyinLoader: Promise<PinyinFn> | null = null;

/** pinyin-pro is large: loaded the first time a name is suggested, in its own chunk. */
function loadPinyin(): Promise<PinyinFn> {
  pinyinLoader ??= import('pinyin-pro').then((m) => m.pinyin as unknown as PinyinFn);
  return pinyinLoader;
}

/**
 * A field name from a question's text: its pinyin joined by `_`, at most six syllables
 * (`是否发热` → `shi_fou_fa_re`), unique among `taken`. Null when the label gives nothing usable.
 */
export async function suggestFieldName(label: string, taken: ReadonlySet<string>): Promise<string | null> {
  const text = label.replace(/[（(][^）)]*[）)]/g, '').trim();
  if (!text) return null;
  const pinyin = await loadPinyin();
  const words = pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .map((w) => w.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, ''))
    .filter(Boolean)
    .slice(0, 6);
  let name = words.join('_').replace(/_+/g, '_').slice(0, 48).replace(/_+$/, '');
  if (!name) return null;
  if (!/^[a-z]/.test(name)) name = `q_${name}`;
  if (RESERVED_FIELD_NAMES.has(name)) name = `${name}_q`;
  name = freeName(name, taken);
  return FIELD_NAME.test(name) ? name : null;
}
