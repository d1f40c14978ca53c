import { mountChart } from '../pages-common/chart.js';
import { element } from '../pages-common/dom.js';
import { axis, bucketLabel, bucketTitle, change, escapeHtml, text } from '../pages-common/format.js';
import { COLORS, PALETTE, baseOption, categoryAxis, legend, valueAxis } from '../pages-common/theme.js';

/** More lines or bars than this are unreadable; the table has them all. */
const MAX_LINES = 10;
const MAX_BARS = 30;
const COMPARISON_STYLE = {
  previous: { name: '上期', colour: COLORS.previous },
  yoy: { name: '去年同期', colour: COLORS.yoy },
};

/**
 * One metric of the result as a chart: a line per group over time when the query has a
 * granularity, else a bar per group; with a single group the comparison periods are drawn too
 * (dashed lines, or grey and orange bars beside it).
 */
export function resultChart(section, { metrics }) {
  const meta = section.querySelector('[data-meta]');
  const tools = section.querySelector('[data-tools]');
  const pickerLabel = element('span', 'toolbar-label', tools, '图表指标');
  const picker = element('select', 'select', tools);
  picker.dataset.control = 'chartMetric';
  picker.setAttribute('aria-label', '图表指标');
  picker.hidden = true;
  pickerLabel.hidden = true;
  let result = null;
  let shown = null;
  picker.addEventListener('change', () => {
    shown = picker.value;
    draw();
  });

  const view = mountChart('resultChart', section.querySelector('[data-chart]'), {
    ...baseOption(),
    grid: { left: 8, right: 20, top: 36, bottom: 4, containLabel: true },
    legend: legend({ left: 0, right: 'auto', type: 'scroll' }),
    xAxis: categoryAxis({ data: [] }),
    yAxis: valueAxis(),
    series: [],
  });

  function lineOption(metric, unit) {
    const g = result.granularity;
    const buckets = result.buckets;
    const groups = result.series.slice(0, MAX_LINES);
    const series = groups.map((s, i) => ({
      id: `g:${s.name}`, name: s.name, type: 'line', smooth: 0.2, smoothMonotone: 'x', showSymbol: buckets.length <= 40, symbolSize: 5,
      lineStyle: { width: 2 }, itemStyle: { color: PALETTE[i % PALETTE.length] }, data: s.points[metric].value,
    }));
    if (groups.length === 1) {
      for (const c of result.comparisons) {
        const style = COMPARISON_STYLE[c.name];
        series.push({ id: `c:${c.name}`, name: style.name, type: 'line', smooth: 0.2, smoothMonotone: 'x', showSymbol: false,
          lineStyle: { width: 1.6, type: 'dashed', color: style.colour }, itemStyle: { color: style.colour },
          data: groups[0].points[metric][c.name] });
      }
    }
    return {
      xAxis: { data: buckets.map((b) => bucketLabel(b, g, g === 'hour' && buckets.length > 24)), boundaryGap: false,
        axisLabel: { rotate: 0 } },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'line' },
        formatter(items) {
          const i = items[0]?.dataIndex ?? 0;
          return `<b>${escapeHtml(bucketTitle(buckets[i], g))}</b><br>${items.map((it) =>
            `${it.marker}${escapeHtml(it.seriesName)}：${text(unit, it.value)}`).join('<br>')}`;
        },
      },
      series,
      note: result.series.length > MAX_LINES ? `图中为前 ${MAX_LINES} 组，共 ${result.series.length} 组` : '',
    };
  }

  function barOption(metric, unit) {
    const groups = result.series.slice(0, MAX_BARS);
    const many = groups.length > 8;
    const series = [{
      id: 'current', name: '本期', type: 'bar', barMaxWidth: 32, itemStyle: { color: COLORS.primary, borderRadius: [3, 3, 0, 0] },
      data: groups.map((s) => s.total[metric]?.value),
    }];
    for (const c of result.comparisons) {
      const style = COMPARISON_STYLE[c.name];
      series.push({ id: `c:${c.name}`, name: style.name, type: 'bar', barMaxWidth: 32,
        itemStyle: { color: style.colour, borderRadius: [3, 3, 0, 0] }, data: groups.map((s) => s.total[metric]?.[c.name]) });
    }
    return {
      xAxis: { data: groups.map((s) => s.name), boundaryGap: true,
        axisLabel: { interval: 0, rotate: many ? 35 : 0, width: many ? 110 : 160, overflow: 'truncate' } },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter(items) {
          const s = groups[items[0]?.dataIndex ?? 0];
          const cell = s.total[metric] ?? {};
          const lines = [`本期：${text(unit, cell.value)}`];
          for (const c of result.comparisons) {
            lines.push(`${COMPARISON_STYLE[c.name].name}：${text(unit, cell[c.name])}（${c.name === 'yoy' ? '同比' : '环比'} ${change(cell[`${c.name}Change`])}）`);
          }
          return `<b>${escapeHtml(s.name)}</b><br>${lines.join('<br>')}`;
        },
      },
      series,
      note: result.series.length > MAX_BARS ? `图中为前 ${MAX_BARS} 组，共 ${result.series.length} 组` : '',
    };
  }

  function draw() {
    if (!result) {
      return;
    }
    const names = result.metrics.map((m) => m.name);
    if (!names.includes(shown)) {
      shown = names[0];
    }
    picker.value = shown;
    const unit = metrics.get(shown)?.unit ?? 'count';
    const { note, ...option } = result.granularity ? lineOption(shown, unit) : barOption(shown, unit);
    const label = metrics.get(shown)?.label ?? shown;
    meta.textContent = [label, result.granularity ? '趋势' : '分组对比', note].filter(Boolean).join(' · ');
    view.replace({
      ...option,
      legend: { data: option.series.map((s) => s.name) },
      yAxis: { scale: unit === 'ratio' || unit === 'score', axisLabel: { formatter: (v) => axis(unit, v) } },
    }, ['series']);
  }

  return {
    render(next) {
      result = next;
      picker.hidden = false;
      pickerLabel.hidden = false;
      picker.replaceChildren();
      for (const m of next.metrics) {
        element('option', '', picker, m.label).value = m.name;
      }
      draw();
      return next.series.some((s) => next.metrics.some((m) => s.total[m.name]?.value != null && Number(s.total[m.name].value) !== 0));
    },
    clear() {
      result = null;
      picker.hidden = true;
      pickerLabel.hidden = true;
      meta.textContent = '';
      view.replace({ xAxis: { data: [] }, series: [] }, ['series']);
    },
    dispose: () => view.dispose(),
  };
}
