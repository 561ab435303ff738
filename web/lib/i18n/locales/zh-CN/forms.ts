/** Strings of the forms pages (zh-CN is the source; en mirrors its keys). */
export const forms = {
  placeholder: '建设中',
};
export type FormsMessages = typeof forms;
