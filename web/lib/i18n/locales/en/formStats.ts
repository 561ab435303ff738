import type { FormStatsMessages } from '../zh-CN/formStats';

export const formStats: FormStatsMessages = {
  placeholder: 'Coming soon',
};
