import { echarts } from './echarts.js';

/** Charts by panel name, read only by the debug handle (main.js). */
export const charts = new Map();

/**
 * Creates a chart in {@code el} with its full static {@code option}; later updates set only data.
 * The chart follows its element's size (the stage is laid out once, so this fires rarely).
 */
export function mountChart(name, el, option) {
  const chart = echarts.init(el, null, { renderer: 'svg' });
  chart.setOption(option);
  const observer = new ResizeObserver(() => chart.resize());
  observer.observe(el);
  charts.set(name, chart);
  return {
    chart,
    dispose() {
      observer.disconnect();
      charts.delete(name);
      chart.dispose();
    },
  };
}
