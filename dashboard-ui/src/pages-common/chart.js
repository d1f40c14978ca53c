import { echarts } from './echarts.js';

/** The charts of this page, for resizing before printing and for the tests' debug handle. */
const mounted = new Map();
const disposers = new Map();

/**
 * A chart in {@code el} with its full static {@code option}; {@code update(partial)} then merges
 * data into it, and {@code replace(partial, keys)} replaces the listed components (e.g. series
 * when the set of groups changed). The chart follows its element's size.
 */
export function mountChart(name, el, option) {
  const chart = echarts.init(el, null, { renderer: 'svg' });
  chart.setOption(option);
  // Resizing inside the observer's callback can trigger another layout in the same frame.
  let frame = 0;
  const observer = new ResizeObserver(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => chart.resize());
  });
  observer.observe(el);
  mounted.set(name, chart);
  const dispose = () => {
    cancelAnimationFrame(frame);
    observer.disconnect();
    mounted.delete(name);
    disposers.delete(name);
    chart.dispose();
  };
  disposers.set(name, dispose);
  return {
    chart,
    update(partial) {
      chart.setOption(partial);
    },
    replace(partial, keys = ['series']) {
      chart.setOption(partial, { replaceMerge: keys });
    },
    dispose,
  };
}

/** Disposes every chart of the page (when the page stops showing data, e.g. a token was revoked). */
export function disposeCharts() {
  [...disposers.values()].forEach((dispose) => dispose());
}

/** The option a chart shows now (for tests through the page's debug handle). */
export function chartOption(name) {
  return mounted.get(name)?.getOption() ?? null;
}

// Print pages are narrower than the screen: draw at the printed size before the snapshot is taken.
window.addEventListener('beforeprint', () => mounted.forEach((chart) => chart.resize()));
window.addEventListener('afterprint', () => mounted.forEach((chart) => chart.resize()));
