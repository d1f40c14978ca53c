import { mountChart } from '../chart.js';
import { element, emptyNote, setHtml, setText } from '../dom.js';
import { int } from '../format.js';
import { shortType } from './hotspots.js';
import { baseOption, categoryColours, COLORS } from '../theme.js';

/** Types listed by name in the legend; the rest are summed into one line. */
const LEGEND_ROWS = 7;

/** Today's cases by dispute type: a rose of every type, and a legend of the largest. */
export function typeShare(section) {
  const colours = categoryColours();
  const meta = section.querySelector('[data-meta]');
  const body = section.querySelector('[data-chart]');
  const legend = section.querySelector('[data-legend]');
  const showEmpty = emptyNote(body, '今日暂无受理');
  const rows = Array.from({ length: LEGEND_ROWS + 1 }, () => {
    const row = element('div', 'legend-row', legend);
    const swatch = element('span', 'legend-swatch', row);
    const name = element('span', 'legend-name', row);
    const count = element('span', 'legend-count', row);
    const share = element('span', 'legend-share', row);
    row.hidden = true;
    return { row, swatch, name, count, share };
  });

  const { update: draw, dispose } = mountChart('typeShare', body, {
    ...baseOption(),
    series: [{
      id: 'types',
      type: 'pie',
      roseType: 'radius',
      radius: ['14%', '90%'],
      center: ['50%', '52%'],
      itemStyle: { borderColor: COLORS.panel, borderWidth: 1, borderRadius: 2 },
      label: { show: false },
      labelLine: { show: false },
      emphasis: { disabled: true },
      data: [],
    }],
  });

  function fill(slot, colour, name, count, total) {
    const row = rows[slot];
    row.row.hidden = false;
    row.swatch.style.background = colour;
    setText(row.name, shortType(name));
    setText(row.count, int(count));
    setText(row.share, total ? `${Math.round((count / total) * 100)}%` : '');
  }

  return {
    update(types) {
      const items = types.today ?? [];
      colours.learn(items);
      const total = items.reduce((sum, i) => sum + i.count, 0);
      const present = items.filter((i) => i.count > 0);
      draw({
        series: [{ id: 'types', data: present.map((i) => ({ name: i.name, value: i.count, itemStyle: { color: colours.of(i.code) } })) }],
      });
      const named = present.slice(0, LEGEND_ROWS);
      named.forEach((i, slot) => fill(slot, colours.of(i.code), i.name, i.count, total));
      const others = present.slice(LEGEND_ROWS);
      if (others.length) {
        fill(named.length, '#5c6f86', `其余 ${others.length} 类`, others.reduce((sum, i) => sum + i.count, 0), total);
      }
      for (let slot = named.length + (others.length ? 1 : 0); slot < rows.length; slot++) {
        rows[slot].row.hidden = true;
      }
      setHtml(meta, `今日 <b>${int(total)}</b> 件`);
      showEmpty(total === 0);
    },
    dispose() {
      dispose();
      legend.replaceChildren();
    },
  };
}
