/**
 * The little XML GeoReport v2 needs: a root element, repeated child elements, text leaves. Arrays
 * become repeated elements named by `itemNames` (e.g. endpoints → endpoint, formats → format).
 */
export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [key: string]: XmlValue };

const escape = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // Characters XML 1.0 cannot carry at all.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');

function element(name: string, value: XmlValue, itemNames: Record<string, string>, indent: string): string {
  if (value === null || value === undefined || value === '') return `${indent}<${name}/>`;
  if (Array.isArray(value)) {
    const item = itemNames[name] ?? 'item';
    if (!value.length) return `${indent}<${name}/>`;
    return `${indent}<${name}>\n${value.map((v) => element(item, v, itemNames, `${indent}  `)).join('\n')}\n${indent}</${name}>`;
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value).map(([k, v]) => element(k, v, itemNames, `${indent}  `));
    return inner.length ? `${indent}<${name}>\n${inner.join('\n')}\n${indent}</${name}>` : `${indent}<${name}/>`;
  }
  return `${indent}<${name}>${escape(String(value))}</${name}>`;
}

/** A whole document with the UTF-8 declaration the specification asks for. */
export function toXml(root: string, value: XmlValue, itemNames: Record<string, string> = {}): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, itemNames, '')}\n`;
}
