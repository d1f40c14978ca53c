/**
 * Numbers of the analytics API as people read them, by the metric's unit (count, ratio, score,
 * yuan, hours, days): 1,234 件, 87.5%, 4.32 分, 12.5 万元, 3.2 天. Money scaling (元/万元/亿元) and
 * integer grouping are the wall's own (wall/format.js), so both screens print the same figure alike.
 */
import { escapeHtml, int, money } from '../wall/format.js';

export { escapeHtml, int };

export const DASH = '—';

const finite = (v) => v != null && Number.isFinite(Number(v));

/** A figure and its unit, for a KPI tile: { value: '12.5', unit: '万元' }. */
export function figure(unit, v) {
  if (!finite(v)) {
    return { value: DASH, unit: unitLabel(unit) };
  }
  const n = Number(v);
  switch (unit) {
    case 'ratio':
      return { value: (n * 100).toFixed(1), unit: '%' };
    case 'score':
      return { value: n.toFixed(2), unit: '分' };
    case 'yuan':
      return money(n);
    case 'hours':
      return n < 1 ? { value: (n * 60).toFixed(0), unit: '分钟' } : { value: n.toFixed(1), unit: '小时' };
    case 'days':
      return n < 1 ? { value: (n * 24).toFixed(1), unit: '小时' } : { value: n.toFixed(1), unit: '天' };
    default:
      return { value: int(n), unit: '件' };
  }
}

/** A figure with its unit in one string, for tooltips and labels. */
export function text(unit, v) {
  const f = figure(unit, v);
  if (f.value === DASH) {
    return DASH;
  }
  return f.unit === '%' ? `${f.value}%` : `${f.value} ${f.unit}`;
}

/**
 * Table columns keep one unit for the whole column (rows compare at a glance and sort as
 * numbers): 万元 for money, hours and days as the API gives them.
 */
export const COLUMN_UNITS = { ratio: '%', score: '分', yuan: '万元', hours: '小时', days: '天', count: '' };

export function cell(unit, v) {
  if (!finite(v)) {
    return DASH;
  }
  const n = Number(v);
  switch (unit) {
    case 'ratio':
      return (n * 100).toFixed(1);
    case 'score':
      return n.toFixed(2);
    case 'yuan':
      return (n / 1e4).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    case 'hours':
    case 'days':
      return n.toFixed(n < 10 ? 2 : 1);
    default:
      return int(n);
  }
}

/** A value axis label, short: 1.2万, 85%, 3.5. */
export function axis(unit, v) {
  const n = Number(v);
  if (unit === 'ratio') {
    return `${Math.round(n * 100)}%`;
  }
  if (unit === 'yuan') {
    return Math.abs(n) >= 1e4 ? `${+(n / 1e4).toFixed(1)}万` : `${n}`;
  }
  return Math.abs(n) >= 1e4 ? `${+(n / 1e4).toFixed(1)}万` : `${+n.toFixed(2)}`;
}

export function unitLabel(unit) {
  return { ratio: '%', score: '分', yuan: '元', hours: '小时', days: '天', count: '件' }[unit] ?? '';
}

/** A relative change (0.123) as +12.3%; a dash when there is nothing to compare with. */
export function change(ratio) {
  if (!finite(ratio)) {
    return DASH;
  }
  const pct = Number(ratio) * 100;
  const digits = Math.abs(pct) >= 100 ? 0 : 1;
  const shown = pct.toFixed(digits);
  if (Number(shown) === 0) {
    return '0.0%';
  }
  return `${pct > 0 ? '+' : '−'}${Math.abs(pct).toFixed(digits)}%`;
}

/** ▲ ▼ or a flat mark for a change. */
export function arrow(ratio) {
  if (!finite(ratio) || Math.abs(Number(ratio)) < 0.0005) {
    return '–';
  }
  return Number(ratio) > 0 ? '▲' : '▼';
}

/**
 * Whether a change is good news: more closures and higher rates are, a longer time to close is
 * not, and more cases received is neither (it is demand, not performance).
 */
export function tone(metric, ratio) {
  if (!finite(ratio) || Math.abs(Number(ratio)) < 0.0005) {
    return 'flat';
  }
  const better = BETTER[metric];
  if (!better) {
    return 'neutral';
  }
  return (Number(ratio) > 0) === (better === 'up') ? 'good' : 'bad';
}

const BETTER = {
  closed: 'up', mediated: 'up', failed: 'down', successRate: 'up', onTimeRate: 'up', followedUp: 'up', satisfaction: 'up',
  satisfiedRate: 'up', amountRecovered: 'up', massDisputes: 'down', acceptTimeMean: 'down', acceptTimeP50: 'down',
  acceptTimeP90: 'down', acceptTimeP99: 'down', closeTimeMean: 'down', closeTimeP50: 'down', closeTimeP90: 'down',
  closeTimeP99: 'down',
};

/**
 * A bucket start from the API (ISO time in the pack zone, e.g. 2026-03-01T00:00:00+08:00) as an
 * axis label. The text is already local to the pack, so it is cut, not converted: the browser's
 * own zone never shifts a day.
 */
export function bucketLabel(iso, granularity, spansDays = false) {
  const date = iso.slice(0, 10);
  switch (granularity) {
    case 'hour':
      return spansDays ? `${date.slice(5)} ${iso.slice(11, 13)}时` : `${iso.slice(11, 13)}:00`;
    case 'month':
      return `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月`;
    case 'week':
      return `${date.slice(5)}周`;
    default:
      return date.slice(5);
  }
}

/** The full label of a bucket, for tooltips and tables. */
export function bucketTitle(iso, granularity) {
  const date = iso.slice(0, 10);
  switch (granularity) {
    case 'hour':
      return `${date} ${iso.slice(11, 16)}`;
    case 'month':
      return `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月`;
    case 'week':
      return `${date} 起一周`;
    default:
      return date;
  }
}
