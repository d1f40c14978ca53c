/** Number and time formatting for the wall: Chinese units, a dash for "no figure yet". */
const DASH = '—';
const integer = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

export function int(n) {
  return n == null || !Number.isFinite(Number(n)) ? DASH : integer.format(Number(n));
}

/** A ratio (0..1) as a percentage figure without the sign. */
export function pct(ratio) {
  return ratio == null || !Number.isFinite(ratio) ? DASH : (ratio * 100).toFixed(1);
}

export function fixed(n, digits) {
  return n == null || !Number.isFinite(n) ? DASH : n.toFixed(digits);
}

/** Yuan as a figure and its unit, scaled to 万/亿 as Chinese reports do. */
export function money(yuan) {
  if (yuan == null || !Number.isFinite(Number(yuan))) {
    return { value: DASH, unit: '元' };
  }
  const y = Number(yuan);
  if (Math.abs(y) >= 1e8) {
    return { value: (y / 1e8).toFixed(2), unit: '亿元' };
  }
  if (Math.abs(y) >= 1e4) {
    return { value: (y / 1e4).toFixed(Math.abs(y) >= 1e6 ? 1 : 2), unit: '万元' };
  }
  return { value: integer.format(Math.round(y)), unit: '元' };
}

/** Minutes as a figure and unit: minutes below two hours, hours above. */
export function minutes(m) {
  if (m == null || !Number.isFinite(m)) {
    return { value: DASH, unit: '分钟' };
  }
  return m < 120 ? { value: m.toFixed(m < 10 ? 1 : 0), unit: '分钟' } : { value: (m / 60).toFixed(1), unit: '小时' };
}

/** Hours overdue as 5小时 or 3天4时. */
export function overdueHours(h) {
  if (h == null || !Number.isFinite(h)) {
    return DASH;
  }
  return h < 24 ? `${h}小时` : `${Math.floor(h / 24)}天${h % 24}时`;
}

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/**
 * Times in the city's zone (the heartbeat says which; Asia/Shanghai until it does). Formatters
 * are built once per zone: building one per tick would churn the heap for weeks.
 */
let zone = 'Asia/Shanghai';
const formatters = new Map();

function formatter(kind) {
  const key = `${zone}|${kind}`;
  let f = formatters.get(key);
  if (!f) {
    const options = {
      time: { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
      shortTime: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
      day: { year: 'numeric', month: '2-digit', day: '2-digit' },
      monthDay: { month: '2-digit', day: '2-digit' },
      longDate: { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' },
    }[kind];
    f = new Intl.DateTimeFormat('zh-CN', { timeZone: zone, ...options });
    formatters.set(key, f);
  }
  return f;
}

export function setTimeZone(id) {
  if (!id || id === zone) {
    return;
  }
  try {
    new Intl.DateTimeFormat('zh-CN', { timeZone: id });
    zone = id;
    formatters.clear();
  } catch {
    // an unknown zone keeps the previous one
  }
}

// Intl throws on an invalid time: a malformed timestamp shows a dash instead of breaking a panel.
export function timeOf(ms) {
  return Number.isFinite(ms) ? formatter('time').format(ms) : DASH;
}

export function shortTimeOf(ms) {
  return Number.isFinite(ms) ? formatter('shortTime').format(ms) : DASH;
}

export function longDateOf(ms) {
  return Number.isFinite(ms) ? formatter('longDate').format(ms) : DASH;
}

export function sameDay(a, b) {
  const f = formatter('day');
  return f.format(a) === f.format(b);
}

/** An event time: 14:03:22 today, 11/29 14:03 on another day. */
export function eventTime(iso, nowMs) {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) {
    return DASH;
  }
  return sameDay(t, nowMs) ? timeOf(t) : `${formatter('monthDay').format(t)} ${shortTimeOf(t)}`;
}
