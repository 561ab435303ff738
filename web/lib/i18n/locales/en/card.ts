import type { CardMessages } from '../zh-CN/card';

export const card: CardMessages = {
  documentTitle: '{{name}} · Grid card',
  documentTitleFallback: 'Grid card',
  heading: 'Grid staff notice',
  loading: 'Loading…',
  notFound: 'This grid was not found. Check the QR code or link.',
  badLink: 'The link is incomplete: the grid number is missing.',
  loadFailed: 'Could not load',
  retry: 'Try again',
  people: 'People serving this grid',
  noPeople: 'Nobody is assigned to this grid yet',
  duties: 'Duties',
  call: 'Call',
  phoneHidden: 'Phone not public',
  qrAlt: 'QR code of {{name}}',
  qrHint: 'Scan to see the people serving this grid and how to reach them',
  print: 'Print card',
  code: 'Code: {{code}}',
};
