import { FilePdfOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Image, Space } from 'antd';
import type { TAttachment } from '../../../../../common/cases';

/** Attachments as small thumbnails (images open a preview at full size; other files open in a new tab). */
export function AttachmentThumbs({ items, size = 64 }: { items: TAttachment[]; size?: number }) {
  if (items.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap size={8} className="case-thumbs" data-testid="case-attachments">
        {items.map((a) =>
          a.mime.startsWith('image/') ? (
            <Image key={a.id} width={size} height={size} style={{ objectFit: 'cover', borderRadius: 4 }} src={a.thumbUrl ?? a.url} preview={{ src: a.url }} alt={a.name} data-testid="case-attachment" />
          ) : (
            <a key={a.id} href={a.url} target="_blank" rel="noreferrer" className="case-thumbs__file" data-testid="case-attachment">
              {a.mime === 'application/pdf' ? <FilePdfOutlined /> : <PaperClipOutlined />} {a.name}
            </a>
          ),
        )}
      </Space>
    </Image.PreviewGroup>
  );
}
