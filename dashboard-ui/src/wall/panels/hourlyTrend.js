import { mountChart } from '../chart.js';
import { setHtml } from '../dom.js';
import { int } from '../format.js';
import { baseOption, categoryAxisStyle, COLORS, valueAxisStyle } from '../theme.js';

const HOURS = Array.from({ length: 24 }, (_, h) => `${h}时`);

function area(colour) {
  return {
    color: {
      type: 'linear', x: 0, y: 0, x2: 0, y2: 1,
      colorStops: [{ offset: 0, color: colour }, { offset: 1, color: 'rgba(0, 0, 0, 0)' }],
    },
  };
}

/** Cases received and closed per hour, today against yesterday. */
export function hourlyTrend(section) {
  const meta = section.querySelector('[data-meta]');
  const line = (id, name, colour, dashed) => ({
    id,
    name,
    type: 'line',
    smooth: true,
    showSymbol: false,
    lineStyle: { width: dashed ? 2 : 3, type: dashed ? 'dashed' : 'solid', color: colour },
    itemStyle: { color: colour },
    areaStyle: dashed ? undefined : area(id === 'receivedToday' ? 'rgba(58, 216, 255, 0.35)' : 'rgba(61, 220, 151, 0.25)'),
    emphasis: { disabled: true },
    data: [],
  });
  const { update: draw, dispose } = mountChart('hourlyTrend', section.querySelector('[data-chart]'), {
    ...baseOption(),
    legend: {
      top: 4,
      right: 10,
      itemWidth: 18,
      itemHeight: 4,
      itemGap: 12,
      selectedMode: false,
      textStyle: { color: COLORS.muted, fontSize: 14 },
    },
    grid: { left: 44, right: 16, top: 32, bottom: 26 },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: HOURS,
      ...categoryAxisStyle(),
      axisLabel: { color: COLORS.muted, fontSize: 14, interval: 3 },
    },
    yAxis: { type: 'value', minInterval: 1, ...valueAxisStyle() },
    series: [
      line('receivedToday', '今日受理', COLORS.accent, false),
      line('receivedYesterday', '昨日受理', 'rgba(58, 216, 255, 0.6)', true),
      line('closedToday', '今日办结', COLORS.green, false),
      line('closedYesterday', '昨日办结', 'rgba(61, 220, 151, 0.6)', true),
    ],
  });

  return {
    update(trend) {
      draw({
        series: [
          { id: 'receivedToday', data: trend.receivedToday ?? [] },
          { id: 'receivedYesterday', data: trend.receivedYesterday ?? [] },
          { id: 'closedToday', data: trend.closedToday ?? [] },
          { id: 'closedYesterday', data: trend.closedYesterday ?? [] },
        ],
      });
      const hour = trend.currentHour;
      const now = hour == null ? null : trend.receivedToday?.[hour];
      setHtml(meta, hour == null ? '' : `${hour}时 受理 <b>${int(now)}</b> 件`);
    },
    dispose,
  };
}
