import { mountChart } from '../pages-common/chart.js';
import { segmented } from '../pages-common/dom.js';
import { bucketLabel, bucketTitle, escapeHtml, int } from '../pages-common/format.js';
import { PALETTE, baseOption, categoryAxis, legend, valueAxis } from '../pages-common/theme.js';
import { OTHER, TYPES_SHOWN, TYPE_METRIC, rankTypes, typeQuery } from './typeGroups.js';
const OTHER_COLOUR = '#b8c2d3';

/**
 * How the mix of case types moves: received cases per bucket stacked by type (bars; an area once
 * bars would be too thin), as counts or as each bucket's shares.
 */
export function typeEvolution(section) {
  let result = null;
  let mode = 'count';
  segmented(section.querySelector('[data-tools]'), {
    label: '类型演变显示',
    options: [['count', '件数'], ['share', '占比']],
    value: mode,
    onChange(next) {
      mode = next;
      draw();
    },
  });

  const view = mountChart('typeEvolution', section.querySelector('[data-chart]'), {
    ...baseOption(),
    tooltip: { ...baseOption().tooltip, axisPointer: { type: 'shadow' }, order: 'seriesDesc' },
    grid: { left: 8, right: 16, top: 40, bottom: 4, containLabel: true },
    legend: legend({ left: 0, right: 'auto', type: 'scroll' }),
    xAxis: categoryAxis({ data: [] }),
    yAxis: valueAxis(),
    series: [],
  });

  function draw() {
    if (!result) {
      return;
    }
    const { top, rest } = rankTypes(result, TYPE_METRIC, TYPES_SHOWN);
    const buckets = result.buckets;
    const groups = top.map((s, i) => ({ id: s.key.caseType, name: s.name, colour: PALETTE[i], values: s.points[TYPE_METRIC].value }));
    if (rest.length) {
      groups.push({
        id: OTHER, name: '其他类型', colour: OTHER_COLOUR,
        values: buckets.map((_, b) => rest.reduce((sum, s) => sum + (Number(s.points[TYPE_METRIC].value[b]) || 0), 0)),
      });
    }
    const totals = buckets.map((_, b) => groups.reduce((sum, g) => sum + (Number(g.values[b]) || 0), 0));
    const share = mode === 'share';
    const area = buckets.length > 45;
    const spansDays = buckets.length > 24;
    view.replace({
      xAxis: { data: buckets.map((b) => bucketLabel(b, result.granularity, spansDays)), boundaryGap: !area },
      yAxis: { max: share ? 100 : null, axisLabel: { formatter: share ? '{value}%' : (v) => int(v) } },
      legend: { data: groups.map((g) => g.name) },
      tooltip: {
        formatter(items) {
          const b = items[0]?.dataIndex ?? 0;
          const lines = [...items].reverse().map((it) => {
            const g = groups[it.seriesIndex];
            const n = Number(g.values[b]) || 0;
            const pct = totals[b] ? ((n / totals[b]) * 100).toFixed(1) : '0.0';
            return `${it.marker}${escapeHtml(g.name)}：${int(n)} 件（${pct}%）`;
          });
          return `<b>${escapeHtml(bucketTitle(buckets[b], result.granularity))}</b> 合计 ${int(totals[b])} 件<br>${lines.join('<br>')}`;
        },
      },
      series: groups.map((g) => ({
        id: g.id,
        name: g.name,
        type: area ? 'line' : 'bar',
        stack: 'types',
        barMaxWidth: 36,
        showSymbol: false,
        lineStyle: { width: 0.5 },
        areaStyle: area ? { opacity: 0.85 } : undefined,
        itemStyle: { color: g.colour },
        emphasis: { focus: 'series' },
        data: g.values.map((v, b) => (share ? (totals[b] ? ((Number(v) || 0) / totals[b]) * 100 : 0) : Number(v) || 0)),
      })),
    }, ['series']);
  }

  return {
    params: typeQuery,
    render(next) {
      result = next;
      draw();
      return next.series.some((s) => Number(s.total[TYPE_METRIC]?.value) > 0);
    },
    clear() {
      result = null;
      view.replace({ xAxis: { data: [] }, series: [] }, ['series']);
    },
    dispose: () => view.dispose(),
  };
}
