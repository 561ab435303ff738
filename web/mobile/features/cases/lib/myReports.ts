/** Reports this phone has sent (newest first), so a resident who closed the page can still follow them. */
export interface MyReport {
  reference: string;
  token: string;
  at: string;
  category: string;
}

const KEY = 'wangge.myCases';

export function readMyReports(): MyReport[] {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(list) ? (list as MyReport[]).filter((r) => typeof r?.token === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberMyReport(report: MyReport): void {
  try {
    const rest = readMyReports().filter((r) => r.token !== report.token);
    localStorage.setItem(KEY, JSON.stringify([report, ...rest].slice(0, 10)));
  } catch {
    // storage unavailable: the link on screen is all they get
  }
}
