import { mountChart } from '../chart.js';
import { emptyNote, setHtml } from '../dom.js';
import { int } from '../format.js';
import { barGradient, baseOption, categoryAxisStyle, COLORS, FIGURES } from '../theme.js';

/** Today's cases by the channel they came in through (12345 hotline, WeChat, 110, court...). */
export function channelShare(section) {
  let total = 0;
  const meta = section.querySelector('[data-meta]');
  const body = section.querySelector('[data-chart]');
  const showEmpty = emptyNote(body, '今日暂无受理');
  const { update: draw, dispose } = mountChart('channelShare', body, {
    ...baseOption(),
    grid: { left: 112, right: 92, top: 8, bottom: 6 },
    xAxis: { type: 'value', show: false, max: 'dataMax' },
    yAxis: {
      type: 'category', inverse: true, data: [], ...categoryAxisStyle(), axisLine: { show: false },
      axisLabel: { color: COLORS.text, fontSize: 15, interval: 0 },
    },
    series: [{
      id: 'channels',
      type: 'bar',
      barWidth: 10,
      showBackground: true,
      backgroundStyle: { color: 'rgba(64, 150, 255, 0.10)', borderRadius: 6 },
      itemStyle: { color: barGradient('#1f5fd6', COLORS.accent), borderRadius: 6 },
      label: {
        show: true,
        position: 'right',
        distance: 8,
        color: COLORS.strong,
        fontFamily: FIGURES,
        fontSize: 18,
        fontWeight: 600,
        formatter: ({ value }) => `${int(value)}  ${total ? ((value / total) * 100).toFixed(0) : 0}%`,
      },
      emphasis: { disabled: true },
      data: [],
    }],
  });

  return {
    update(channels) {
      const items = channels.today ?? [];
      total = items.reduce((sum, i) => sum + i.count, 0);
      draw({
        yAxis: { data: items.map((i) => i.name) },
        series: [{ id: 'channels', data: items.map((i) => i.count) }],
      });
      setHtml(meta, `今日 <b>${int(total)}</b> 件`);
      showEmpty(total === 0);
    },
    dispose,
  };
}
