import { echarts } from './echarts.js';

/** Charts by panel name, read only by the debug handle (main.js). */
export const charts = new Map();

/** Updates closer together than this are drawn without animation (bursts would animate nonstop). */
const CALM_MS = 1000;

/**
 * Creates a chart in {@code el} with its full static {@code option}; {@code update(partial)} then
 * merges only data into it. The chart follows its element's size (the stage is laid out once, so
 * this fires rarely).
 */
export function mountChart(name, el, option) {
  const chart = echarts.init(el, null, { renderer: 'svg' });
  chart.setOption(option);
  const observer = new ResizeObserver(() => chart.resize());
  observer.observe(el);
  charts.set(name, chart);
  let lastUpdate = 0;
  return {
    chart,
    update(partial) {
      const now = Date.now();
      chart.setOption({ animation: now - lastUpdate > CALM_MS, ...partial });
      lastUpdate = now;
    },
    dispose() {
      observer.disconnect();
      charts.delete(name);
      chart.dispose();
    },
  };
}
