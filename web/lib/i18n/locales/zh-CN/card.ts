/** The public grid card (网格员公示牌) on the mobile entry. */
export const card = {
  documentTitle: '{{name}} · 网格公示牌',
  documentTitleFallback: '网格公示牌',
  heading: '网格员公示牌',
  loading: '正在加载…',
  notFound: '没有找到这个网格，请核对二维码或链接。',
  badLink: '链接不完整，缺少网格编号。',
  loadFailed: '加载失败',
  retry: '重试',
  people: '网格工作人员',
  noPeople: '该网格暂未配备工作人员',
  duties: '职责',
  call: '拨打电话',
  phoneHidden: '电话未公开',
  qrAlt: '{{name}}的二维码',
  qrHint: '扫码查看本网格工作人员和联系方式',
  print: '打印公示牌',
  code: '编号：{{code}}',
};

export type CardMessages = typeof card;
