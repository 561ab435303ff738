/** Strings of the formStats pages (zh-CN is the source; en mirrors its keys). */
export const formStats = {
  placeholder: '建设中',
};
export type FormStatsMessages = typeof formStats;
