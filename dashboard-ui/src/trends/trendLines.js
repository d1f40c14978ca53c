import { mountChart } from '../pages-common/chart.js';
import { segmented } from '../pages-common/dom.js';
import { axis, bucketLabel, bucketTitle, change, escapeHtml, text } from '../pages-common/format.js';
import { COLORS, baseOption, categoryAxis, legend, valueAxis } from '../pages-common/theme.js';

/** The metrics a leader switches between; all come in one query, so a switch costs no request. */
const METRICS = ['received', 'closed', 'successRate', 'satisfiedRate', 'amountRecovered'];

/** One metric over time, with the same buckets one year earlier as a dashed line. */
export function trendLines(section, { metrics }) {
  let shown = METRICS[0];
  let result = null;
  const meta = section.querySelector('[data-meta]');
  segmented(section.querySelector('[data-tools]'), {
    label: '趋势指标',
    options: METRICS.map((m) => [m, metrics.get(m)?.label ?? m]),
    value: shown,
    onChange(metric) {
      shown = metric;
      draw();
    },
  });

  const view = mountChart('trendLines', section.querySelector('[data-chart]'), {
    ...baseOption(),
    grid: { left: 8, right: 16, top: 36, bottom: 4, containLabel: true },
    legend: legend({ data: ['本期', '去年同期'] }),
    xAxis: categoryAxis({ boundaryGap: false, data: [] }),
    yAxis: valueAxis(),
    series: [
      {
        id: 'current', name: '本期', type: 'line', smooth: 0.25, smoothMonotone: 'x', symbolSize: 5, data: [],
        lineStyle: { width: 2.5, color: COLORS.primary },
        itemStyle: { color: COLORS.primary },
        areaStyle: {
          color: { type: 'linear', x: 0, y: 0, x2: 0, y2: 1,
            colorStops: [{ offset: 0, color: 'rgba(29,95,209,0.20)' }, { offset: 1, color: 'rgba(29,95,209,0.01)' }] },
        },
      },
      {
        id: 'yoy', name: '去年同期', type: 'line', smooth: 0.25, smoothMonotone: 'x', symbolSize: 4, data: [],
        lineStyle: { width: 1.8, type: 'dashed', color: COLORS.yoy },
        itemStyle: { color: COLORS.yoy },
      },
    ],
  });

  function draw() {
    if (!result) {
      return;
    }
    const unit = metrics.get(shown)?.unit ?? 'count';
    const points = result.series[0]?.points?.[shown] ?? { value: [], yoy: [] };
    const granularity = result.granularity;
    const buckets = result.buckets;
    const spansDays = granularity === 'hour' && buckets.length > 24;
    meta.textContent = `${metrics.get(shown)?.label ?? shown} · 本期与去年同期`;
    view.update({
      xAxis: { data: buckets.map((b) => bucketLabel(b, granularity, spansDays)) },
      yAxis: { scale: unit === 'ratio' || unit === 'score', axisLabel: { formatter: (v) => axis(unit, v) } },
      tooltip: {
        formatter(items) {
          const i = items[0]?.dataIndex ?? 0;
          const change_ = points.yoyChange?.[i];
          return `<b>${escapeHtml(bucketTitle(buckets[i], granularity))}</b><br>`
            + `本期：${text(unit, points.value[i])}<br>去年同期：${text(unit, points.yoy?.[i])}<br>同比：${change(change_)}`;
        },
      },
      series: [
        { id: 'current', data: points.value, showSymbol: buckets.length <= 40 },
        { id: 'yoy', data: points.yoy ?? [], showSymbol: buckets.length <= 40 },
      ],
    });
  }

  return {
    params: (base, ctx) => base({ metrics: METRICS, granularity: ctx.granularity, compare: ['yoy'] }),
    render(next) {
      result = next;
      draw();
      const s = next.series[0]?.points ?? {};
      return METRICS.some((m) => (s[m]?.value ?? []).some((v) => v != null && Number(v) !== 0)
        || (s[m]?.yoy ?? []).some((v) => v != null && Number(v) !== 0));
    },
    clear() {
      result = null;
      view.update({ xAxis: { data: [] }, series: [{ id: 'current', data: [] }, { id: 'yoy', data: [] }] });
    },
    dispose: () => view.dispose(),
  };
}
