import type { FormsMessages } from '../zh-CN/forms';

export const forms: FormsMessages = {
  placeholder: 'Coming soon',
};
