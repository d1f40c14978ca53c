import { element, setClass, setHtml, setText } from '../dom.js';
import { escapeHtml as esc, fixed, int, minutes, money, pct } from '../format.js';

/**
 * The strip of key figures for today. Each tile: a label, a big figure with its unit, and a line
 * of context (this month/year, the last 7 or 30 days). Figures with no data yet show a dash.
 */
const TILES = [
  {
    key: 'received', label: '今日受理',
    value: (k) => [int(k.received?.today), '件'],
    sub: (k) => `本月 <b>${esc(int(k.received?.month))}</b> · 本年 <b>${esc(int(k.received?.year))}</b>`,
  },
  {
    key: 'closed', label: '今日办结',
    value: (k) => [int(k.today?.closed), '件'],
    sub: (k) => `成功 <b>${esc(int(k.today?.mediated))}</b> · 终止 <b>${esc(int(k.today?.failed))}</b>`,
  },
  {
    key: 'inProgress', label: '在办案件',
    value: (k) => [int(k.inProgress), '件'],
    sub: (k) => `其中群体性 <b>${esc(int(k.massOpen))}</b> 件`,
  },
  {
    key: 'successRate', label: '调解成功率',
    value: (k) => [pct(k.today?.successRate), '%'],
    sub: (k) => `近30日 <b>${esc(pct(k['30d']?.successRate))}</b>%`,
    tone: (k) => (k.today?.successRate >= 0.9 ? 'good' : ''),
  },
  {
    key: 'satisfactionRate', label: '群众满意率',
    value: (k) => [pct(k.today?.satisfactionRate), '%'],
    sub: (k) => `平均 <b>${esc(fixed(k.today?.meanSatisfaction, 2))}</b> 分 (满分5)`,
  },
  {
    key: 'overdue', label: '超期案件',
    value: (k) => [int(k.overdue), '件'],
    sub: (k) => `<span class="lv-red">红 <b class="lv-red">${esc(int(k.overdueByLevel?.red))}</b></span>`
      + ` · <span class="lv-orange">橙 <b class="lv-orange">${esc(int(k.overdueByLevel?.orange))}</b></span>`
      + ` · <span class="lv-yellow">黄 <b class="lv-yellow">${esc(int(k.overdueByLevel?.yellow))}</b></span>`,
    tone: (k) => (k.overdue > 0 ? 'alert' : 'good'),
  },
  {
    key: 'acceptTime', label: '平均接单时长',
    value: (k) => { const m = minutes(k.today?.meanAcceptMinutes); return [m.value, m.unit]; },
    sub: (k) => { const m = minutes(k['7d']?.meanAcceptMinutes); return `近7日 <b>${esc(m.value)}</b> ${m.unit}`; },
  },
  {
    key: 'closeTime', label: '平均办结时长',
    value: (k) => [fixed(k.today?.meanCloseDays, 1), '天'],
    sub: (k) => `近30日 <b>${esc(fixed(k['30d']?.meanCloseDays, 1))}</b> 天`,
  },
  {
    key: 'recovered', label: '今日挽回金额',
    value: (k) => { const m = money(k.today?.amountRecovered); return [m.value, m.unit]; },
    sub: (k) => { const m = money(k.today?.amountInvolved); return `涉及 <b>${esc(m.value)}</b> ${m.unit}`; },
  },
];

export function kpiStrip(strip) {
  const tiles = TILES.map((tile) => {
    const el = element('div', 'kpi', strip);
    el.dataset.kpi = tile.key;
    element('div', 'kpi-label', el).textContent = tile.label;
    const value = element('div', 'kpi-value', el);
    const num = element('span', 'num', value);
    const unit = element('span', 'unit', value);
    const sub = element('div', 'kpi-sub', el);
    num.textContent = '—';
    return { tile, el, num, unit, sub };
  });

  const panel = {
    update(kpi) {
      for (const { tile, el, num, unit, sub } of tiles) {
        const [figure, figureUnit] = tile.value(kpi);
        setText(num, figure);
        setText(unit, figureUnit);
        setHtml(sub, tile.sub(kpi));
        const tone = tile.tone?.(kpi);
        setClass(el, tone ? `kpi kpi-${tone}` : 'kpi');
      }
    },
    dispose() {
      strip.replaceChildren();
    },
  };
  panel.update({});
  return panel;
}
