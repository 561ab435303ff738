import type { FastifyRequest } from 'fastify';

/**
 * Messages are written once, in English, next to the rule that produces them. People in a community
 * office read Chinese, so every message sent to a browser that asks for zh goes through this table.
 * A message without an entry is sent as written (its Chinese column names help), never dropped.
 */
export type Language = 'zh' | 'en';

/** The language to answer in: Chinese when the client asks for it first, English otherwise (API clients, curl). */
export function languageOf(request: FastifyRequest): Language {
  const header = String(request.headers['accept-language'] ?? '').trim().toLowerCase();
  return header.startsWith('zh') ? 'zh' : 'en';
}

const LEVEL: Record<string, string> = {
  province: '省', city: '市', district: '区县', subdistrict: '街道', township: '乡镇', community: '社区', village: '村', grid: '网格', building: '楼栋', unit: '单元',
};
const ROLE: Record<string, string> = {
  admin: '管理员', chief_advisor: '网格总指导员', chief_grid_leader: '总网格长', grid_advisor: '网格指导员', grid_leader: '网格长', grid_worker: '网格员', observer: '观察员',
};
const NOUN: Record<string, string> = {
  area: '区域', user: '用户', resident: '居民', household: '户', assignment: '任职记录', import: '导入记录', 'parent area': '上级区域', 'new parent area': '新的上级区域', 'target area': '目标区域', 'grid card': '网格公示牌', announcement: '公告', webhook: '群推送', form: '表单', submission: '填报记录', alert: '预警', photo: '照片', attachment: '附件', 'attachment file': '附件文件', thumbnail: '缩略图', inspection: '督查', case: '工单', category: '工单类别', 'API key': 'API 密钥',
};
const STATUS: Record<string, string> = {
  draft: '草稿', pending_review: '待审核', scheduled: '定时待发布', published: '已发布', withdrawn: '已撤回',
};
const level = (l: string) => LEVEL[l] ?? l;
const noun = (n: string) => NOUN[n] ?? n;

type Rule = [RegExp, (...m: string[]) => string];

const RULES: Rule[] = [
  // sign-in and access
  [/^wrong username or password$/, () => '用户名或密码错误'],
  [/^wrong username or password \((\d+) attempt\(s\) left before the account is locked\)$/, (n) => `用户名或密码错误（再错 ${n} 次账号将被锁定）`],
  [/^this account is locked after repeated wrong passwords; try again in (\d+) minute\(s\) or ask an administrator to unlock it$/, (n) => `密码多次错误，账号已锁定；请 ${n} 分钟后再试，或请管理员解锁`],
  [/^too many wrong passwords: this account is locked for (\d+) minutes$/, (n) => `密码错误次数过多，账号已锁定 ${n} 分钟`],
  [/^this account is disabled; ask an administrator$/, () => '该账号已停用，请联系管理员'],
  [/^please log in first$/, () => '请先登录'],
  [/^too many requests; try again in (\d+) seconds$/, (n) => `请求过于频繁，请 ${n} 秒后再试`],
  [/^too many requests, please wait a minute and try again$/, () => '请求过于频繁，请稍等一分钟再试'],
  // cases (工单): raised, acted on, tracked by residents
  [/^this place was not found; check the QR code or link$/, () => '没有找到这个地点，请检查二维码或链接'],
  [/^no case behind this link; check the link you were given$/, () => '没有找到这个链接对应的工单，请检查链接'],
  [/^a case can be rated once it is closed$/, () => '工单办结后才能评价'],
  [/^a case is verified by someone other than the person who resolved it$/, () => '工单须由办理人以外的人核查'],
  [/^assign to one person or to one grid$/, () => '请派给一个人或一个网格'],
  [/^choose a person or a grid$/, () => '请选择人员或网格'],
  [/^choose one of the categories offered on this page$/, () => '请选择页面上提供的类别'],
  [/^choose one of the current categories$/, () => '请选择现有的工单类别'],
  [/^no such category$/, () => '没有该类别'],
  [/^not open to residents$/, () => '该类别不面向居民'],
  [/^no such household in your scope$/, () => '您的辖区内没有该住户'],
  [/^only an administrator can change case categories$/, () => '只有管理员可以修改工单类别'],
  [/^only an errand is confirmed by the resident; this case is checked by staff$/, () => '只有代办类工单由居民确认收到；此工单由工作人员核查'],
  [/^only the resident who raised the case can do this, from their tracking link$/, () => '只有提交工单的居民可以通过跟踪链接进行此操作'],
  [/^resident only$/, () => '仅限居民本人'],
  [/^someone else has changed this case since you opened it; reload it to see what changed$/, () => '此工单已被他人更新，请刷新查看最新情况'],
  [/^that grid is not in your scope$/, () => '该网格不在您的辖区内'],
  [/^not in your scope$/, () => '不在您的辖区内'],
  [/^that person is not on the roster for this area$/, () => '该人员不在此区域的网格名册中'],
  [/^not responsible here$/, () => '不负责此区域'],
  [/^the case changed (meanwhile|while you were rating it); reload and try again$/, () => '工单已有更新，请刷新后重试'],
  [/^this case has already been rated$/, () => '此工单已评价过'],
  [/^too many reports from this phone number in the last hour; try again later$/, () => '该手机号一小时内提交过多，请稍后再试'],
  [/^your role does not allow working with cases$/, () => '您的角色无权处理工单'],
  [/^no such place$/, () => '没有该地点'],
  [/^a case that is (\w+) cannot be (.+)$/, (st, act) => {
    const status: Record<string, string> = { reported: '待受理', accepted: '已受理', rejected: '不予受理', assigned: '已派单', in_progress: '处理中', resolved: '待核查', closed: '已办结' };
    const action: Record<string, string> = { accepted: '受理', rejected: '不予受理', assigned: '派单', claimed: '认领', started: '开始处理', resolved: '办结', verified: '核查', 'returned for rework': '退回重办', 'confirmed as received': '确认收到', rated: '评价', 'commented on': '备注' };
    return `工单当前为「${status[st] ?? st}」，不能${action[act] ?? act}`;
  }],
  [/^the code "(.+)" is already used by another category$/, (c) => `代码「${c}」已被其他类别使用`],
  [/^already used$/, () => '已被使用'],
  [/^give the reason$/, () => '请填写原因'],
  [/^say what was done before resolving$/, () => '办结前请说明处理情况'],
  [/^(.+) not found$/, (what) => `未找到该${noun(what)}`],
  [/^your role does not allow this on this (.+)$/, (what) => `您的角色无权对该${noun(what)}执行此操作`],
  [/^your role does not allow designing forms$/, () => '您的角色无权设计表单'],
  [/^your role does not allow exporting full personal data$/, () => '您的角色无权导出完整的个人信息'],
  [/^your role does not allow reporting cases$/, () => '您的角色无权上报工单'],
  [/^your role does not allow (.+)$/, () => '您的角色无权执行此操作'],
  [/^only (?:a system administrator|system administrators|administrators) (?:can|may) (.+)$/, () => '只有系统管理员可以执行此操作'],
  [/^you do not have permission for this$/, () => '您没有执行此操作的权限'],
  [/^the upload is too large$/, () => '上传的文件太大'],
  [/^the request body is not valid JSON$/, () => '请求内容不是有效的 JSON'],
  [/^nothing to change$/, () => '没有需要修改的内容'],
  [/^invalid (\w+): (.+)$/, (_w, rest) => `填写有误：${localizeText(rest, 'zh')}`],
  // area tree
  [/^an? (\w+) cannot be placed under an? (\w+)$/, (c, p) => `${level(c)}不能放在${level(p)}之下`],
  [/^level "(\w+)" is not used in this deployment.*$/, (l) => `本系统未启用「${level(l)}」这一级`],
  [/^an? (\w+) needs a 12-digit administrative code \(e\.g\. 110101001001\), got "(.*)"$/, (l, c) => `${level(l)}需要 12 位行政区划代码（如 110101001001），填写的是「${c}」`],
  [/^code "(.*)" may use letters, digits, "-", "_" and "\." only \(at most 64 characters\)$/, (c) => `编码「${c}」只能包含字母、数字和 - _ .（最多 64 个字符）`],
  [/^code (\S+) is already used by "(.+)"$/, (c, n) => `编码 ${c} 已被「${n}」使用`],
  [/^already used by "(.+)"$/, (n) => `已被「${n}」使用`],
  [/^"(.+)" is still referred to \((.+)\); archive it instead of deleting$/, (n, what) => `「${n}」仍被引用（${what}），请改为归档`],
  [/^(\d+) people are still assigned in "(.+)" or below; end their assignments before archiving$/, (k, n) => `「${n}」及其下级仍有 ${k} 人在岗，请先结束其任职再归档`],
  [/^"(.+)" cannot be moved under itself or one of its own children$/, (n) => `「${n}」不能移到自身或其下级之下`],
  [/^"(.+)" is archived; (.+)$/, (n) => `「${n}」已归档，请先恢复`],
  [/^"(.+)" is archived$/, (n) => `「${n}」已归档`],
  [/^unknown parent code (\S+): it is neither in the file nor in the tree$/, (c) => `上级代码 ${c} 不存在：文件和区域树中都没有`],
  [/^duplicate code (\S+) \(first seen in row (\d+)\)$/, (c, r) => `代码 ${c} 重复（首次出现在第 ${r} 行）`],
  [/^cycle in parent codes: (.+)$/, (chain) => `上级代码形成循环：${chain}`],
  [/^an area cannot be its own parent \(cycle\)$/, () => '区域不能以自身为上级（循环）'],
  [/^unknown level "(.*)" \(use .+\)$/, (l) => `未知级别「${l}」（可用：省、市、区县、街道、乡镇、社区、村、网格、楼栋、单元）`],
  [/^level is empty$/, () => '级别为空'],
  [/^code is empty$/, () => '代码为空'],
  [/^name is empty$/, () => '名称为空'],
  [/^name is required$/, () => '名称为必填项'],
  [/^(\d+) row\(s\) have problems; nothing was imported$/, (n) => `有 ${n} 行存在问题，未导入任何数据`],
  [/^(\d+) row\(s\) have problems(.*)$/, (n) => `有 ${n} 行存在问题，未导入任何数据；请修改文件后重新上传`],
  [/^code (\S+) already exists under another parent; .+$/, (c) => `代码 ${c} 已存在于其他上级之下；如需调整请在区域树中移动`],
  [/^you may not (?:add areas under|change) (\S+) "(.+)": it is outside your areas$/, (c, n) => `${c}「${n}」不在您的辖区内`],
  // users and roster
  [/^the username "(.+)" is already taken$/, (u) => `用户名「${u}」已被占用`],
  [/^already taken$/, () => '已被占用'],
  [/^password needs at least 8 characters$/, () => '密码至少 8 位'],
  [/^username needs at least 3 characters$/, () => '用户名至少 3 个字符'],
  [/^username may use letters, digits, _ \. and - only$/, () => '用户名只能包含字母、数字和 _ . -'],
  [/^phone must be an 11-digit (?:mainland )?mobile number, e\.g\. 13800138000$/, () => '手机号应为 11 位手机号码，如 13800138000'],
  [/^you may not assign the role (\w+) in "(.+)": .+$/, (r, n) => `您不能在「${n}」任命${ROLE[r] ?? r}：只能任命低于自己的角色，且限于本辖区`],
  [/^(.+) already holds this role in "(.+)"$/, (u, n) => `${u} 已在「${n}」担任该角色`],
  [/^this assignment has (?:already )?ended.*$/, () => '该任职已结束'],
  [/^you may not change this user: .+$/, () => '您不能修改该用户：对方的角色不低于您，或不在您的辖区'],
  // registry
  [/^an ID number has 18 characters: 17 digits and a last digit or X$/, () => '身份证号应为 18 位：17 位数字加最后一位数字或 X'],
  [/^the birth date in the ID number \((\d+)\) is not a real date$/, (d) => `身份证号中的出生日期（${d}）不是有效日期`],
  [/^the ID number's check digit is wrong \(last character should be (.)\), please check for a typo$/, (c) => `身份证号校验位错误（最后一位应为 ${c}），请检查是否输错`],
  [/^the birth date (\S+) does not match the ID number \((\S+)\)$/, (a, b) => `出生日期 ${a} 与身份证号不符（应为 ${b}）`],
  [/^the gender does not match the ID number \(which says .*?(男|女)\)$/, (g) => `性别与身份证号不符（应为${g}）`],
  [/^"(.*)" is not an 11-digit mobile number$/, (p) => `「${p}」不是 11 位手机号码`],
  [/^this ID number is already registered: (.+), (.+) \(resident (\d+)\)$/, (n, a, id) => `该身份证号已登记：${n}，${a}（居民编号 ${id}）`],
  [/^this ID number is already registered in an area outside yours; .+$/, () => '该身份证号已在您辖区以外登记，请联系社区办公室'],
  [/^this ID number was registered by someone else just now$/, () => '该身份证号刚刚已被他人登记'],
  [/^the same ID number is in row (\d+)$/, (r) => `同一身份证号已出现在第 ${r} 行`],
  [/^name \(姓名\) is empty$/, () => '姓名为空'],
  [/^name \(姓名\) is longer than 50 characters$/, () => '姓名超过 50 个字'],
  [/^ID number \(身份证号\) is empty$/, () => '身份证号为空'],
  [/^gender \(性别\) "(.*)" should be 男 or 女$/, (g) => `性别「${g}」应填 男 或 女`],
  [/^birth date \(出生日期\) "(.*)" is not a date like 1980-05-17$/, (d) => `出生日期「${d}」不是有效日期（如 1980-05-17）`],
  [/^move-in date \(迁入日期\) "(.*)" is not a date like 2015-06-01$/, (d) => `迁入日期「${d}」不是有效日期（如 2015-06-01）`],
  [/^building \(楼栋\) and room \(房号\) are empty: every resident needs a household$/, () => '楼栋和房号为空：每位居民都需要归属一户'],
  [/^building \(楼栋\) is empty: every resident needs a household$/, () => '楼栋为空：每位居民都需要归属一户'],
  [/^room \(房号\) is empty: every resident needs a household$/, () => '房号为空：每位居民都需要归属一户'],
  [/^unknown relation to the head \(与户主关系\) "(.*)" \(use (.+)\)$/, (r, use) => `与户主关系「${r}」无法识别（可填：${use}）`],
  [/^unknown residence type \(人员类型\) "(.*)" \(use (.+)\)$/, (t, use) => `人员类型「${t}」无法识别（可填：${use}）`],
  [/^no grid named "(.+)" in (.+)$/, (g, a) => `${a}中没有名为「${g}」的网格`],
  [/^grid \(网格\) is empty: name the grid when importing into (.+)$/, (a) => `网格为空：导入到${a}时请填写网格`],
  [/^(.+) already has a head \(户主\) in row (\d+)$/, (h, r) => `${h} 已有户主（第 ${r} 行）`],
  [/^(.+) already has a head \(户主\) on the register.*$/, (h) => `${h} 在册已有户主`],
  [/^room (\S+) of (.+) is already registered \(household (\d+)\)$/, (r, p, id) => `${p}${r} 已登记（户编号 ${id}）`],
  [/^already registered$/, () => '已登记'],
  [/^say why you need to see it \(at least 2 characters\)$/, () => '请填写查看原因（至少 2 个字）'],
  [/^households belong to a unit, building or grid, not an? (\w+)$/, () => '户只能登记在单元、楼栋或网格下'],
  [/^import residents into a grid or a community, not an? (\w+)$/, () => '请导入到网格或社区'],
  [/^use a date like 2024-03-01$/, () => '请填写日期，如 2024-03-01'],
  [/^the file is empty.*$/, () => '文件为空：需要一行表头和每位居民一行'],
  [/^the file has a header row but no residents$/, () => '文件只有表头，没有居民数据'],
  [/^the first row must name the columns; missing: (.+)$/, (m) => `第一行应为表头；缺少列：${m}`],
  [/^send the file as multipart\/form-data.*$/, () => '请以 multipart/form-data 上传文件（字段名 file）'],
  [/^no file was uploaded; choose a CSV or XLSX file$/, () => '没有上传文件，请选择 CSV 或 XLSX 文件'],
  [/^the uploaded file is empty$/, () => '上传的文件是空的'],
  [/^old \.xls files are not supported; .+$/, () => '不支持旧版 .xls 文件，请另存为 .xlsx 或 .csv'],
  // announcements
  [/^title is required$/, () => '标题为必填项'],
  [/^use a date and time like .+$/, () => '请填写日期和时间，如 2026-03-05T14:30:00+08:00'],
  [/^the notice would expire before it is published$/, () => '公告的过期时间早于发布时间'],
  [/^must be after publishAt$/, () => '应晚于发布时间'],
  [/^say which rumour the notice refutes$/, () => '请填写所辟谣的传言内容'],
  [/^required for a rumour refutation$/, () => '辟谣公告必须填写'],
  [/^a withdrawn announcement cannot be changed; write a new one$/, () => '已撤回的公告不能修改，请重新发布一条'],
  [/^only a draft can be published; this announcement is (\w+)$/, (st) => `只有草稿可以发布；该公告当前为「${STATUS[st] ?? st}」`],
  [/^the notice has already expired; change its expiry first$/, () => '公告已过期，请先修改过期时间'],
  [/^in the past$/, () => '已是过去的时间'],
  [/^only an announcement waiting for review can be reviewed; this one is (\w+)$/, (st) => `只有待审核的公告可以审核；该公告当前为「${STATUS[st] ?? st}」`],
  [/^a second person must review this announcement; you wrote it$/, () => '公告须由另一人审核，不能审核自己撰写的公告'],
  [/^this announcement is already withdrawn$/, () => '该公告已撤回'],
  [/^this announcement is not published; .+$/, () => '该公告尚未发布，发布后才能登记入户告知'],
  [/^this announcement is not addressed to that area$/, () => '该公告不是发给这个区域的'],
  [/^choose an area the announcement targets$/, () => '请选择公告覆盖的区域'],
  // group-chat push and broadcast audio
  [/^name is required$/, () => '名称为必填项'],
  [/^use the full http\(s\) address of the robot, as the group chat shows it$/, () => '请填写群机器人的完整 http(s) 地址（在群设置的机器人详情中复制）'],
  [/^WeCom group robots do not sign messages; leave the secret empty$/, () => '企业微信群机器人不使用签名，请将密钥留空'],
  [/^not used by WeCom$/, () => '企业微信不使用此项'],
  [/^webhooks may only point at public internet addresses; an intranet relay needs WANGGE_WEBHOOK_ALLOW_PRIVATE or WANGGE_WEBHOOK_ALLOW_HOSTS on the server$/, () => '群推送地址只能是互联网上的公网地址；如需推送到内网中转服务，请服务器管理员设置 WANGGE_WEBHOOK_ALLOW_PRIVATE 或 WANGGE_WEBHOOK_ALLOW_HOSTS'],
  [/^"(.+)" is a private, loopback, link-local or reserved address$/, (h) => `「${h}」是内网、本机、链路本地或保留地址`],
  [/^"(.+)" resolves to (\S+), a private, loopback, link-local or reserved address$/, (h, ip) => `「${h}」解析到 ${ip}，属于内网、本机、链路本地或保留地址`],
  [/^only http:\/\/ and https:\/\/ addresses can receive notices$/, () => '只能填写 http:// 或 https:// 开头的地址'],
  [/^the address must not contain a user name or password$/, () => '地址中不能包含用户名或密码'],
  [/^not a valid address$/, () => '地址格式不正确'],
  [/^no speech engine on this server: install espeak-ng .+$/, () => '服务器未安装语音引擎：请安装 espeak-ng（apt-get install -y espeak-ng）后再下载广播音频'],
  // posters
  [/^no Chinese font on this server: install fonts-wqy-zenhei .+$/, () => '服务器未安装中文字体：请安装 fonts-wqy-zenhei（apt-get install -y fonts-wqy-zenhei）后再下载海报'],
  [/^only a published notice that has not expired has a poster; .+$/, () => '只有已发布且未过期的公告才能生成海报，否则居民扫码后无法打开'],
  // self-report forms (自主申报): design, links and posters
  [/^no such area in your scope$/, () => '您的辖区内没有该区域'],
  [/^this area is outside the form’s area(; choose the form’s area or one below it)?$/, (more) => (more ? '该区域不在表单的适用范围内，请选择表单所属区域或其下级区域' : '该区域不在表单的适用范围内')],
  [/^outside the form’s area$/, () => '不在表单的适用范围内'],
  [/^the form would close before it opens$/, () => '表单的截止时间早于开始时间'],
  [/^must be after opensAt$/, () => '应晚于开始时间'],
  [/^this area is archived; choose a current one$/, () => '该区域已归档，请选择现有区域'],
  [/^archived$/, () => '已归档'],
  [/^the mode of a published form cannot change: .+$/, () => '已发布表单的填报方式不能修改：已收到的回答是按原方式收集的；如需更改请新建表单'],
  [/^fixed after publishing$/, () => '发布后不能修改'],
  [/^the form cannot be published yet: (.+)$/, (why) => `表单暂不能发布：${localizeText(why, 'zh')}`],
  [/^only a published form can be closed; this one is (\w+)$/, (st) => `只有已发布的表单可以停止填报；该表单当前为「${({ draft: '草稿', published: '已发布', closed: '已停止' } as Record<string, string>)[st] ?? st}」`],
  [/^"(.+)" is already the name of question (\d+)$/, (n, q) => `「${n}」已是第 ${q} 题的名称`],
  [/^a choice question needs at least two options$/, () => '选择题至少需要两个选项'],
  [/^two options have the same value$/, () => '有两个选项的值相同'],
  [/^min is greater than max$/, () => '最小值大于最大值'],
  [/^not a valid regular expression$/, () => '不是有效的正则表达式'],
  [/^refers to "(.+)", which is not an earlier question$/, (r) => `引用的「${r}」不是前面的题目`],
  [/^a form needs at least one question$/, () => '表单至少需要一道题'],
  [/^no question is named "(.+)"$/, (n) => `没有名为「${n}」的题目`],
  [/^itinerary_through needs an itinerary question$/, () => '「途经」条件只能用于行程题'],
  [/^publish the form before printing its posters$/, () => '请先发布表单，再打印海报'],
  [/^a batch of posters comes as one PDF; ask for format=pdf$/, () => '批量海报只能生成一个 PDF 文件，请选择 PDF 格式'],
  [/^use pdf with each$/, () => '批量生成时请选择 PDF 格式'],
  [/^there is no (\w+) under (.+)$/, (l, a) => `${a}下没有${level(l)}`],
  [/^nothing of that level here$/, () => '此处没有该级别的区域'],
  [/^more than (\d+) posters at once; choose a smaller area$/, (n) => `一次最多生成 ${n} 张海报，请选择更小的区域`],
  [/^too many posters$/, () => '海报数量过多'],
  // self-report forms: statistics, submissions, alerts
  [/^the range ends before it starts$/, () => '结束日期早于开始日期'],
  [/^must not be before from$/, () => '不能早于开始日期'],
  [/^choose at most one year at a time$/, () => '一次最多选择一年'],
  [/^range too long$/, () => '日期范围过长'],
  [/^say why you need the full numbers$/, () => '请填写导出完整号码的原因'],
  [/^required to export full personal data$/, () => '导出完整个人信息时必填'],
  [/^say why you need to see it$/, () => '请填写查看原因'],
  [/^an alert that is (\w+) cannot be (reopened|closed|followed up)$/, (st, act) =>
    `该预警当前为「${({ open: '待处理', following: '跟进中', closed: '已关闭' } as Record<string, string>)[st] ?? st}」，不能${({ reopened: '重新打开', closed: '关闭', 'followed up': '跟进' } as Record<string, string>)[act]}`],
  [/^say how the alert was resolved before closing it$/, () => '关闭预警前请填写处理情况'],
  [/^required to close$/, () => '关闭时必填'],
  [/^that person is not on the roster for this area$/, () => '此人不在该区域的在岗名单中'],
  [/^not responsible for this area$/, () => '不负责该区域'],
  // self-report forms: residents answering through a QR code
  [/^this QR code or link does not lead to a form; ask your grid worker for the current one$/, () => '该二维码或链接没有对应的表单，请向网格员索取最新的二维码'],
  [/^this form has not been published yet$/, () => '此表单尚未发布'],
  [/^this form is not open$/, () => '此表单未开放填报'],
  [/^no such place under this form’s area$/, () => '该表单的区域下没有这个地点'],
  [/^this form does not ask for a verification code$/, () => '此表单不需要短信验证码'],
  [/^no code needed$/, () => '无需验证码'],
  [/^a code was sent to this phone less than a minute ago; wait a moment before asking again$/, () => '一分钟内已向该手机发送过验证码，请稍后再获取'],
  [/^enter the 6-digit code sent to your phone$/, () => '请输入手机收到的 6 位验证码'],
  [/^the code has expired or was used up; ask for a new one$/, () => '验证码已失效，请重新获取'],
  [/^the code is not right; check the message and try again$/, () => '验证码不正确，请核对短信后重试'],
  [/^this submission id was already used for another form; the page must make a new one$/, () => '该提交编号已用于其他表单，请刷新页面后重新填报'],
  [/^already used$/, () => '已被使用'],
  [/^some answers need attention$/, () => '有些回答需要修改'],
  [/^(\d+) answer\(s\) need attention: (.+)$/, (n, first) => `有 ${n} 项需要修改：${localizeText(first, 'zh')}`],
  [/^choose a place from the list$/, () => '请从列表中选择楼栋/单元'],
  [/^too many reports from this phone number in the last hour; try again later$/, () => '该手机号一小时内提交次数过多，请稍后再试'],
  [/^you have already answered this form \(reference (\S+)\); it takes one answer per person$/, (ref) => `您已填报过此表单（回执编号 ${ref}），每人只能填报一次`],
  [/^must be an 11-digit mobile number$/, () => '应为 11 位手机号码'],
  [/^must be a UUID the page generated$/, () => '应为页面生成的 UUID'],
  // self-report forms: XLSForm import
  [/^send the form as multipart\/form-data with fields .+$/, () => '请以 multipart/form-data 上传表单（字段 areaId、mode 和 file）'],
  [/^upload one file at a time$/, () => '一次只能上传一个文件'],
  [/^choose the area the form is for$/, () => '请选择表单适用的区域'],
  [/^must be one of (.+)$/, (list) => `应为以下之一：${list}`],
  [/^no file was uploaded; choose an XLSForm \(\.xlsx\)$/, () => '没有上传文件，请选择 XLSForm 文件（.xlsx）'],
  [/^the file is not a readable XLSX workbook: (.+)$/, (why) => `文件不是可读取的 XLSX 工作簿：${why}`],
  [/^the workbook has no "survey" sheet \(sheets found: (.*)\); .+$/, (found) => `工作簿中没有名为 survey 的工作表（现有：${found === 'none' ? '无' : found}）；XLSForm 的题目应写在 survey 工作表中`],
  [/^the survey sheet's first row must name the columns (.+)$/, (cols) => `survey 工作表的第一行应为列名，缺少：${cols.replace(/ and /g, '、')}`],
  [/^no "(.+)" column$/, (c) => `缺少「${c}」列`],
  [/^the XLSForm cannot be imported: (\d+) problems?, listed by row$/, (n) => `XLSForm 无法导入：有 ${n} 处问题，已按行列出`],
  [/^the XLSForm has no question Wangge can ask$/, () => 'XLSForm 中没有本系统能使用的题目'],
  [/^the form would have (\d+) questions; Wangge allows at most (\d+)$/, (n, max) => `表单将有 ${n} 道题，最多允许 ${max} 道`],
  [/^the converted form is not valid; fix these rows$/, () => '转换后的表单无效，请按行修改'],
  [/^the list "(.+)" is not in the choices sheet$/, (l) => `选项列表「${l}」不在 choices 工作表中`],
  [/^the question uses the list "(.+)" but the workbook has no choices sheet$/, (l) => `题目使用了选项列表「${l}」，但工作簿中没有 choices 工作表`],
  [/^the name "(.+)" is already used in row (\d+); every question needs its own name$/, (n, r) => `名称「${n}」已在第 ${r} 行使用，每道题的名称不能重复`],
  [/^"begin (\w+)" "(.*)" has no matching "end \w+"$/, (k, n) => `「begin ${k}」「${n}」没有对应的「end ${k}」`],
  [/^"(.+)" without a matching "begin (\w+)"$/, (t, k) => `「${t}」没有对应的「begin ${k}」`],
  [/^"(.+)" closes the (\w+) begun in row (\d+)$/, (t, k, r) => `「${t}」与第 ${r} 行开始的 ${k} 不匹配`],
  [/^the (.+) question has no name; every question needs a name \(letters, digits and _\)$/, (t) => `这道 ${t} 题没有名称；每道题都需要名称（字母、数字和 _）`],
  [/^"(.+)" names no choice list \(write e\.g\. "select_one yes_no"\)$/, (t) => `「${t}」没有指定选项列表（如写作「select_one yes_no」）`],
  // case attachments (photos and documents)
  [/^this file type cannot be attached; upload JPEG, PNG or WebP photos, or PDF documents$/, () => '不支持此文件类型；请上传 JPEG、PNG、WebP 格式的照片或 PDF 文档'],
  [/^this file type cannot be attached; upload JPEG, PNG or WebP photos$/, () => '不支持此文件类型；请上传 JPEG、PNG、WebP 格式的照片'],
  [/^no file was uploaded; choose (.+) \(multipart\/form-data, field "file"\)$/, (what) => (what.includes('PDF') ? '没有上传文件，请选择 JPEG、PNG、WebP 格式的照片或 PDF 文档' : '没有上传文件，请选择 JPEG、PNG、WebP 格式的照片')],
  [/^the (?:PNG |JPEG |WebP )?image is damaged or uses an encoding that cannot be read; save it again as JPEG or PNG and retry$/, () => '图片已损坏或编码无法识别，请另存为 JPEG 或 PNG 后重试'],
  [/^the image is (\d+)×(\d+) pixels; at most (\d+) megapixels are accepted, so shrink it and retry$/, (w, h, n) => `图片为 ${w}×${h} 像素，最多接受 ${n} 百万像素，请缩小后重试`],
  [/^the file is larger than (\d+) MB; shrink the photo or split the document and retry$/, (n) => `文件超过 ${n} MB，请压缩照片或拆分文档后重试`],
  [/^some attachments cannot be added; upload them again$/, () => '部分附件无法添加，请重新上传'],
  [/^attachments ([\d, ]+) were not found, are already attached, or were uploaded by someone else; upload them again$/, (ids) => `附件 ${ids} 不存在、已被使用或不是您上传的，请重新上传`],
  [/^attachments ([\d, ]+) were not found, are already attached, or were uploaded more than an hour ago; upload them again$/, (ids) => `附件 ${ids} 不存在、已被使用或上传已超过一小时，请重新上传`],
  // case views (summary, statistics, exports, map) and inspections
  [/^that is not a date on the calendar$/, () => '日期不存在，请重新选择'],
  [/^not a real date$/, () => '不是有效日期'],
  [/^must not be before from$/, () => '不能早于开始日期'],
  [/^range too long$/, () => '区间过长'],
  [/^this inspection has already been recorded; open it again to see the results$/, () => '该督查已登记过结果，请重新打开查看'],
  [/^record a result for every checklist item, with a category for the findings$/, () => '请为每个检查项填写结果，并选择问题转为工单的类别'],
  [/^not answered: (.+)$/, (item) => `未填写：${item}`],
  [/^not an item of this inspection$/, () => '不是本次督查的检查项'],
  [/^this item is answered twice$/, () => '该检查项重复填写'],
  [/^choose a rectification or inspection finding category$/, () => '请选择整改类或督查发现类的类别'],
  [/^an inspection needs at least one checklist item$/, () => '督查至少需要一个检查项'],
  // Open311 GeoReport v2 (field names stay as the specification spells them)
  [/^api_key is required to create a request; ask the administrator for one$/, () => '创建请求需要 api_key，请向管理员申请'],
  [/^api_key is invalid or has been revoked$/, () => 'api_key 无效或已被吊销'],
  [/^service_code is required$/, () => '缺少 service_code（服务类别）'],
  [/^service_code (.+) was not found$/, (c) => `找不到服务类别 service_code ${c}`],
  [/^lat and long must be given together$/, () => 'lat 和 long 必须同时提供'],
  [/^(lat|long) must be a number between -(\d+) and (\d+)$/, (f, a, b) => `${f} 必须是 -${a} 到 ${b} 之间的数字`],
  [/^lat\/long, address_string or address_id is required$/, () => '请提供位置：lat/long、address_string 或 address_id 之一'],
  [/^address_string may be at most (\d+) characters$/, (n) => `address_string 最多 ${n} 个字符`],
  [/^address_id (.+) is not a known area code$/, (c) => `address_id ${c} 不是已知的区域代码`],
  [/^address_id (.+) is outside the area this api_key may report in$/, (c) => `address_id ${c} 不在该 api_key 可上报的区域内`],
  [/^the area of this api_key has been archived; ask the administrator for a new key$/, () => '该 api_key 所属区域已归档，请向管理员申请新的密钥'],
  [/^address_id is required with this api_key: give the code of the area \(grid or community\) the problem is in$/, () => '使用该 api_key 时必须提供 address_id：问题所在区域（网格或社区）的代码'],
  [/^phone is required: an 11-digit mainland mobile number, so that staff can call the resident back$/, () => '必须提供 phone：11 位中国大陆手机号，便于工作人员回访'],
  [/^media_url must be an http\(s\) address of at most (\d+) characters$/, (n) => `media_url 必须是 http(s) 地址，最多 ${n} 个字符`],
  [/^description may be at most (\d+) characters$/, (n) => `description 最多 ${n} 个字符`],
  [/^service_request_id may list at most (\d+) ids$/, (n) => `service_request_id 最多列出 ${n} 个`],
  [/^status must be open or closed \(comma separated\), not (.+)$/, (v) => `status 只能是 open 或 closed（逗号分隔），不能是 ${v}`],
  [/^(start_date|end_date) must be an ISO 8601 date and time, e\.g\. (.+)$/, (f, e) => `${f} 必须是 ISO 8601 日期时间，例如 ${e}`],
  [/^(start_date|end_date) is not a real date$/, (f) => `${f} 不是有效日期`],
  [/^start_date must be before end_date$/, () => 'start_date 必须早于 end_date'],
  [/^start_date and end_date may be at most (\d+) days apart$/, (n) => `start_date 与 end_date 最多相隔 ${n} 天`],
  [/^(service_request_id|token) (.+) was not found$/, (f, v) => `找不到 ${f} ${v}`],
  [/^no such format; add \.json or \.xml to (.+)$/, (p) => `不支持该格式；请在 ${p} 后加 .json 或 .xml`],
  [/^no such Open311 resource: (.+?); resources end in \.json or \.xml$/, (r) => `没有这个 Open311 资源：${r}；资源地址以 .json 或 .xml 结尾`],
  [/^no such Open311 resource: (.+)$/, (r) => `没有这个 Open311 资源：${r}`],
  [/^unsupported content type; send application\/x-www-form-urlencoded or JSON$/, () => '不支持该内容类型；请以 application/x-www-form-urlencoded 或 JSON 发送'],
];

function translateOne(part: string, lang: Language): string {
  for (const [re, make] of RULES) {
    const m = re.exec(part);
    if (m) return make(...m.slice(1));
  }
  // "field: message" from a validation summary: keep the field, translate the message.
  const field = /^([\w.]+): (.+)$/.exec(part);
  if (field) {
    const inner = localizeText(field[2], lang);
    if (inner !== field[2]) return `${field[1]}：${inner}`;
  }
  return part;
}

/** Translate one message: whole when a rule knows it, else part by part (row messages join problems with "; "). */
export function localizeText(text: string, lang: Language): string {
  if (lang === 'en' || !text) return text;
  const whole = translateOne(text, lang);
  if (whole !== text || !text.includes('; ')) return whole;
  return text
    .split('; ')
    .map((part) => translateOne(part, lang))
    .join('；');
}

/** Translate the messages inside an error body or an import outcome, in place of a copy. */
export function localizePayload<T>(payload: T, lang: Language): T {
  if (lang === 'en' || !payload || typeof payload !== 'object') return payload;
  const p = payload as Record<string, any>;
  if (p.error && typeof p.error === 'object') return { ...p, error: localizeMessages(p.error, lang) } as T;
  return localizeMessages(p, lang) as T;
}

function localizeMessages(o: Record<string, any>, lang: Language) {
  const out: Record<string, any> = { ...o };
  if (typeof o.message === 'string') out.message = localizeText(o.message, lang);
  if (o.fields && typeof o.fields === 'object') out.fields = Object.fromEntries(Object.entries(o.fields).map(([k, v]) => [k, typeof v === 'string' ? localizeText(v, lang) : v]));
  for (const key of ['rows', 'errors']) {
    if (Array.isArray(o[key])) out[key] = o[key].map((r: any) => (r && typeof r.message === 'string' ? { ...r, message: localizeText(r.message, lang) } : r));
  }
  return out;
}
