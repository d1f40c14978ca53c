/**
 * Relative ranges are resolved by the server in the pack's zone at request time (so 今天 rolls over
 * at local midnight there, whatever the browser's clock or zone): the page only names them.
 * Custom ranges are whole days; the picker shows the last day included, the API takes the day after.
 */
export const RANGE_LABELS = {
  today: '今天',
  yesterday: '昨天',
  last7d: '近7天',
  last30d: '近30天',
  last90d: '近90天',
  thisWeek: '本周',
  lastWeek: '上周',
  thisMonth: '本月',
  lastMonth: '上月',
  thisYear: '本年',
  lastYear: '去年',
};

export const GRANULARITY_LABELS = { hour: '时', day: '日', week: '周', month: '月' };

/** A sensible bucket size for a relative range (the page's default until the user picks one). */
export function granularityFor(range, from, to) {
  if (range) {
    return { today: 'hour', yesterday: 'hour', last90d: 'week', thisYear: 'month', lastYear: 'month' }[range] ?? 'day';
  }
  const days = daysBetween(from, to);
  if (days == null) {
    return 'day';
  }
  if (days <= 2) {
    return 'hour';
  }
  if (days <= 62) {
    return 'day';
  }
  return days <= 200 ? 'week' : 'month';
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** yyyy-MM-dd shifted by whole days (calendar arithmetic in UTC, where every day has 24 hours). */
export function shiftDate(text, days) {
  const m = DATE.exec(text ?? '');
  if (!m) {
    return text;
  }
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from, to) {
  const a = DATE.exec(from ?? '');
  const b = DATE.exec(to ?? '');
  if (!a || !b) {
    return null;
  }
  return (Date.UTC(b[1], b[2] - 1, b[3]) - Date.UTC(a[1], a[2] - 1, a[3])) / 86_400_000;
}

/**
 * A range the server answered with ({from, to} ISO times in the pack zone, to exclusive) as the
 * days it covers: "2026-01-01 至 2026-11-30".
 */
export function describeRange(range) {
  if (!range?.from || !range?.to) {
    return '';
  }
  const from = range.from.slice(0, 10);
  const toMidnight = range.to.slice(11, 19) === '00:00:00';
  const last = toMidnight ? shiftDate(range.to.slice(0, 10), -1) : range.to.slice(0, 10);
  return from === last ? from : `${from} 至 ${last}`;
}
