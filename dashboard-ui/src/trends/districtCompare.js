import { mountChart } from '../pages-common/chart.js';
import { segmented } from '../pages-common/dom.js';
import { axis, change, escapeHtml, text, tone } from '../pages-common/format.js';
import { COLORS, baseOption, categoryAxis, legend, valueAxis } from '../pages-common/theme.js';

const METRICS = ['received', 'closed', 'successRate'];
const TONE_COLOURS = { good: COLORS.good, bad: COLORS.bad, neutral: COLORS.primary, flat: COLORS.muted };

/** The districts side by side for the range, each beside its own figure a year earlier (同比 on top). */
export function districtCompare(section, { metrics }) {
  let shown = METRICS[0];
  let result = null;
  const meta = section.querySelector('[data-meta]');
  segmented(section.querySelector('[data-tools]'), {
    label: '区域对比指标',
    options: METRICS.map((m) => [m, metrics.get(m)?.label ?? m]),
    value: shown,
    onChange(metric) {
      shown = metric;
      draw();
    },
  });

  const view = mountChart('districtCompare', section.querySelector('[data-chart]'), {
    ...baseOption(),
    tooltip: { ...baseOption().tooltip, axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 8, top: 40, bottom: 4, containLabel: true },
    legend: legend({ data: ['本期', '去年同期'] }),
    xAxis: categoryAxis({ data: [], axisLabel: { color: COLORS.text, fontSize: 13, interval: 0 } }),
    yAxis: valueAxis(),
    series: [
      {
        id: 'current', name: '本期', type: 'bar', barMaxWidth: 28, barGap: '15%', data: [],
        itemStyle: { color: COLORS.primary, borderRadius: [3, 3, 0, 0] },
        label: { show: true, position: 'top', fontSize: 12, fontWeight: 600 },
      },
      {
        id: 'yoy', name: '去年同期', type: 'bar', barMaxWidth: 28, data: [],
        itemStyle: { color: '#c4cede', borderRadius: [3, 3, 0, 0] },
      },
    ],
  });

  function draw() {
    if (!result) {
      return;
    }
    const unit = metrics.get(shown)?.unit ?? 'count';
    const rows = result.series
      .map((s) => ({ name: s.labels.district ?? s.name, cell: s.total[shown] ?? {} }))
      .sort((a, b) => (Number(b.cell.value) || 0) - (Number(a.cell.value) || 0));
    meta.textContent = `${metrics.get(shown)?.label ?? shown} · 柱顶为同比`;
    view.update({
      xAxis: { data: rows.map((r) => r.name) },
      yAxis: { scale: false, axisLabel: { formatter: (v) => axis(unit, v) } },
      tooltip: {
        formatter(items) {
          const r = rows[items[0]?.dataIndex ?? 0];
          return `<b>${escapeHtml(r.name)}</b><br>本期：${text(unit, r.cell.value)}<br>去年同期：${text(unit, r.cell.yoy)}`
            + `<br>同比：${change(r.cell.yoyChange)}`;
        },
      },
      series: [
        {
          id: 'current',
          data: rows.map((r) => ({
            value: r.cell.value,
            label: { formatter: () => change(r.cell.yoyChange), color: TONE_COLOURS[tone(shown, r.cell.yoyChange)] },
          })),
        },
        { id: 'yoy', data: rows.map((r) => r.cell.yoy) },
      ],
    });
  }

  return {
    params: (base) => base({ metrics: METRICS, groupBy: ['district'], compare: ['yoy'] }),
    render(next) {
      result = next;
      draw();
      return next.series.some((s) => METRICS.some((m) => Number(s.total[m]?.value) || Number(s.total[m]?.yoy)));
    },
    clear() {
      result = null;
      view.update({ xAxis: { data: [] }, series: [{ id: 'current', data: [] }, { id: 'yoy', data: [] }] });
    },
    dispose: () => view.dispose(),
  };
}
