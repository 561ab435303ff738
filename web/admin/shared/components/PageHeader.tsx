import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useDocumentTitle } from '../hooks/useDocumentTitle';

/** Page title (also the document title) with actions on the right, wrapping below on a phone. */
export function PageHeader({ title, extra }: { title: string; extra?: ReactNode }) {
  useDocumentTitle(title);
  return (
    <div className="page-header">
      <Typography.Title level={3} className="page-header__title">
        {title}
      </Typography.Title>
      {extra && <div className="page-header__extra">{extra}</div>}
    </div>
  );
}
