import { element } from '../pages-common/dom.js';
import { change, int, tone } from '../pages-common/format.js';
import { COLORS, PALETTE } from '../pages-common/theme.js';
import { TYPES_SHOWN, TYPE_METRIC, rankTypes, typeQuery } from './typeGroups.js';

const TONE_COLOURS = { good: COLORS.good, bad: COLORS.bad, neutral: COLORS.primary, flat: COLORS.muted };

/**
 * Every case type's received cases against the same range a year earlier, largest first: which
 * kinds of dispute are growing. Reads the type-evolution query's totals (same parameters, one request).
 */
export function typeChange(section) {
  const body = section.querySelector('[data-list]');
  const table = element('table', 'change-list', body);
  const head = element('tr', '', element('thead', '', table));
  for (const title of ['纠纷类型', '本期', '去年同期', '同比', '']) {
    element('th', '', head, title);
  }
  const rows = element('tbody', '', table);

  return {
    params: typeQuery,
    render(result) {
      const { top, rest } = rankTypes(result, TYPE_METRIC, TYPES_SHOWN);
      rows.replaceChildren();
      // Bars share one scale, the largest change reaching the edge, so that they compare.
      const largest = Math.max(0.05, ...result.series.map((s) => Math.abs(Number(s.total[TYPE_METRIC]?.yoyChange) || 0)));
      [...top, ...rest].forEach((s, i) => {
        const cell = s.total[TYPE_METRIC] ?? {};
        const tr = element('tr', '', rows);
        tr.dataset.type = s.key.caseType;
        const name = element('td', '', tr);
        element('span', 'swatch', name).style.background = i < TYPES_SHOWN ? PALETTE[i] : '#b8c2d3';
        name.append(s.name);
        element('td', '', tr, int(cell.value));
        element('td', '', tr, int(cell.yoy));
        const chg = element('td', '', tr, change(cell.yoyChange));
        chg.style.color = TONE_COLOURS[tone(TYPE_METRIC, cell.yoyChange)];
        const bar = element('div', 'change-bar', element('td', 'bar-cell', tr));
        element('span', 'axis', bar);
        if (cell.yoyChange != null) {
          const width = (Math.abs(cell.yoyChange) / largest) * 50;
          const fill = element('span', '', bar);
          fill.style.left = cell.yoyChange >= 0 ? '50%' : `${50 - width}%`;
          fill.style.width = `${width}%`;
          fill.style.background = cell.yoyChange >= 0 ? '#e8a04a' : '#5c8fd6';
        }
      });
      return result.series.some((s) => Number(s.total[TYPE_METRIC]?.value) > 0 || Number(s.total[TYPE_METRIC]?.yoy) > 0);
    },
    clear() {
      rows.replaceChildren();
    },
  };
}
