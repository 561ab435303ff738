import { Tag } from 'antd';

/** A resident's or household's tags (独居老人, 残疾人 …), wrapping; a dash when there are none. */
export function ResidentTags({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return <span className="registry-muted">—</span>;
  return (
    <span className="registry-tags">
      {tags.map((tag) => (
        <Tag key={tag} color="purple" variant="filled">
          {tag}
        </Tag>
      ))}
    </span>
  );
}
