import { DEFAULT_TAGS } from './registryOptions';

/** Tag columns in a stable order: the usual tags in their usual order, then the deployment's own by name. */
export function orderTags(tags: Iterable<string>): string[] {
  const known = new Map(DEFAULT_TAGS.map((tag, i) => [tag, i]));
  return [...new Set(tags)].sort((a, b) => (known.get(a) ?? 1e6) - (known.get(b) ?? 1e6) || a.localeCompare(b, 'zh-CN'));
}
