import { mountChart } from '../chart.js';
import { emptyNote } from '../dom.js';
import { int } from '../format.js';
import { barGradient, baseOption, categoryAxisStyle, COLORS, FIGURES } from '../theme.js';

const ROWS = 6;

/** "劳动争议(含欠薪)" reads as 劳动争议 on a wall. */
export function shortType(name) {
  return String(name ?? '').replace(/[(（].*?[)）]/g, '');
}

/** Rich-text markup characters may not come from data. */
function plain(text) {
  return String(text ?? '').replace(/[{}|]/g, '');
}

/** The towns where one type of dispute gathers today: the places to send people to. */
export function hotspots(section) {
  const body = section.querySelector('[data-chart]');
  const showEmpty = emptyNote(body, '今日暂无热点');
  const { update: draw, dispose } = mountChart('hotspots', body, {
    ...baseOption(),
    grid: { left: 236, right: 52, top: 6, bottom: 4 },
    xAxis: { type: 'value', show: false, max: 'dataMax' },
    yAxis: {
      type: 'category',
      inverse: true,
      data: [],
      ...categoryAxisStyle(),
      axisLine: { show: false },
      axisLabel: {
        color: COLORS.text,
        fontSize: 15,
        align: 'left',
        interval: 0,
        margin: 228,
        rich: {
          rank: { width: 22, height: 22, align: 'center', backgroundColor: 'rgba(47, 123, 255, 0.45)', borderRadius: 3, color: '#fff', fontFamily: FIGURES, fontSize: 16 },
          top: { width: 22, height: 22, align: 'center', backgroundColor: 'rgba(255, 77, 79, 0.75)', borderRadius: 3, color: '#fff', fontFamily: FIGURES, fontSize: 16 },
          place: { color: COLORS.text, fontSize: 15, padding: [0, 0, 0, 8] },
          type: { color: COLORS.accent, fontSize: 15 },
        },
      },
    },
    series: [{
      id: 'hotspots',
      type: 'bar',
      barWidth: 10,
      itemStyle: { color: barGradient('#c2410c', COLORS.orange), borderRadius: 5 },
      label: { show: true, position: 'right', color: COLORS.strong, fontFamily: FIGURES, fontSize: 18, fontWeight: 600 },
      emphasis: { disabled: true },
      data: [],
    }],
  });

  return {
    update(spots) {
      const items = (spots.today ?? []).slice(0, ROWS);
      draw({
        yAxis: {
          data: items.map((i, n) => `{${n < 3 ? 'top' : 'rank'}|${n + 1}}{place|${plain(i.districtName).replace(/区$/, '')} ${plain(i.town)}} {type|${plain(shortType(i.typeName))}}`),
        },
        series: [{ id: 'hotspots', data: items.map((i) => ({ value: i.count, label: { formatter: int(i.count) } })) }],
      });
      showEmpty(items.length === 0);
    },
    dispose,
  };
}
