import { mountChart } from '../chart.js';
import { emptyNote, setHtml } from '../dom.js';
import { int } from '../format.js';
import { barGradient, baseOption, categoryAxisStyle, COLORS, FIGURES } from '../theme.js';

const ROWS = 5;

/** "道路交通事故纠纷人民调解委员会" -> "道路交通事故"; the town committees -> "镇街调委会". */
export function shortCommittee(name, code) {
  if (code === 'town') {
    return '镇街调委会';
  }
  return String(name ?? code).replace(/(纠纷)?人民调解委员会$/, '') || code;
}

/** Open and today-concluded cases per mediation committee, and how many mediators are busy. */
export function workload(section) {
  const meta = section.querySelector('[data-meta]');
  const body = section.querySelector('[data-chart]');
  const showEmpty = emptyNote(body, '暂无在办案件');
  const label = { show: true, position: 'right', distance: 4, fontFamily: FIGURES, fontSize: 16, fontWeight: 600 };
  const { update: draw, dispose } = mountChart('workload', body, {
    ...baseOption(),
    legend: { top: 2, right: 10, itemWidth: 12, itemHeight: 10, selectedMode: false, textStyle: { color: COLORS.muted, fontSize: 14 } },
    grid: { left: 122, right: 40, top: 26, bottom: 2 },
    xAxis: { type: 'value', show: false, max: 'dataMax' },
    yAxis: {
      type: 'category', inverse: true, data: [], ...categoryAxisStyle(), axisLine: { show: false },
      axisLabel: { color: COLORS.text, fontSize: 15, interval: 0 },
    },
    series: [
      {
        id: 'open', name: '在办', type: 'bar', barWidth: 8, barGap: '40%',
        itemStyle: { color: barGradient('#1f5fd6', COLORS.accent), borderRadius: 4 },
        label: { ...label, color: COLORS.accent },
        emphasis: { disabled: true },
        data: [],
      },
      {
        id: 'concludedToday', name: '今日办结', type: 'bar', barWidth: 8,
        itemStyle: { color: barGradient('#11825a', COLORS.green), borderRadius: 4 },
        label: { ...label, color: COLORS.green },
        emphasis: { disabled: true },
        data: [],
      },
    ],
  });

  return {
    update(load) {
      const committees = (load.committees ?? []).filter((c) => c.open > 0 || c.concluded_today > 0).slice(0, ROWS);
      draw({
        yAxis: { data: committees.map((c) => shortCommittee(c.name, c.committee)) },
        series: [
          { id: 'open', data: committees.map((c) => c.open) },
          { id: 'concludedToday', data: committees.map((c) => c.concluded_today) },
        ],
      });
      const mediators = load.mediators ?? [];
      const busy = mediators.filter((m) => m.open > 0).length;
      // The server lists at most 20 mediators.
      setHtml(meta, `调解员在办 <b>${int(busy)}${mediators.length >= 20 ? '+' : ''}</b> 人`);
      showEmpty(committees.length === 0);
    },
    dispose,
  };
}
