import { element } from '../pages-common/dom.js';
import { arrow, change, figure, text, tone } from '../pages-common/format.js';
import { describeRange } from '../pages-common/ranges.js';

/** The leaders' headline figures for the range, each with 环比 and 同比. */
export const KPI_METRICS = ['received', 'closed', 'successRate', 'onTimeRate', 'satisfiedRate', 'amountRecovered', 'closeTimeMean'];

const COMPARISONS = [['previous', '环比'], ['yoy', '同比']];

export function kpiSummary(root, { metrics }) {
  const tiles = new Map();
  for (const name of KPI_METRICS) {
    const tile = element('article', 'kpi', root);
    tile.dataset.kpi = name;
    element('div', 'kpi-label', tile, metrics.get(name)?.label ?? name);
    const fig = element('div', 'kpi-figure', tile);
    const num = element('span', 'num', fig, '—');
    const unit = element('span', 'unit', fig, '');
    const changes = element('div', 'kpi-changes', tile);
    const marks = new Map();
    for (const [comparison, label] of COMPARISONS) {
      const chg = element('span', 'chg', changes);
      chg.dataset.compare = comparison;
      element('i', '', chg, label);
      marks.set(comparison, element('b', 'tone-flat', chg, '—'));
    }
    tiles.set(name, { tile, num, unit, marks });
  }

  function clear() {
    for (const { tile, num, unit, marks } of tiles.values()) {
      num.textContent = '—';
      unit.textContent = '';
      tile.removeAttribute('data-value');
      tile.title = '';
      marks.forEach((b) => {
        b.textContent = '—';
        b.className = 'tone-flat';
      });
    }
  }

  return {
    params: (base) => base({ metrics: KPI_METRICS, compare: ['previous', 'yoy'] }),
    clear,
    render(result) {
      const total = result.series[0]?.total ?? {};
      const periods = Object.fromEntries(result.comparisons.map((c) => [c.name, describeRange(c)]));
      for (const [name, { tile, num, unit, marks }] of tiles) {
        const metricUnit = metrics.get(name)?.unit ?? 'count';
        const cell = total[name] ?? {};
        const f = figure(metricUnit, cell.value);
        num.textContent = f.value;
        unit.textContent = f.unit;
        tile.dataset.value = cell.value ?? '';
        const lines = [`本期 ${describeRange(result.range)}：${text(metricUnit, cell.value)}`];
        for (const [comparison, label] of COMPARISONS) {
          const ratio = cell[`${comparison}Change`];
          const b = marks.get(comparison);
          b.textContent = ratio == null ? '—' : `${arrow(ratio)} ${change(ratio).replace(/^[+−]/, '')}`;
          b.className = `tone-${tone(name, ratio)}`;
          b.dataset.change = ratio ?? '';
          lines.push(`${label === '环比' ? '上期' : '去年同期'} ${periods[comparison] ?? ''}：${text(metricUnit, cell[comparison])}（${label} ${change(ratio)}）`);
        }
        tile.title = lines.join('\n');
      }
      // Zero cases is a figure, not an empty panel.
      return true;
    },
  };
}
