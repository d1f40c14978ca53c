import '@fontsource/barlow-condensed/latin-600.css';
import '../pages-common/pages.css';
import './explore.css';
import { aborted, analyticsApi } from '../pages-common/api.js';
import { takeToken } from '../pages-common/auth.js';
import { showBlocker } from '../pages-common/blocker.js';
import { chartOption } from '../pages-common/chart.js';
import { panelState } from '../pages-common/dom.js';
import { fieldErrors, messageOf } from '../pages-common/errors.js';
import { escapeHtml } from '../pages-common/format.js';
import { toParams, writeHash } from '../pages-common/params.js';
import { describeRange } from '../pages-common/ranges.js';
import { rangePicker } from '../pages-common/rangePicker.js';
import { filterPicker } from './controls/filterPicker.js';
import { groupPicker } from './controls/groupPicker.js';
import { metricPicker } from './controls/metricPicker.js';
import { optionsPicker } from './controls/optionsPicker.js';
import { rankingPicker } from './controls/rankingPicker.js';
import { csvExport } from './csvExport.js';
import { resultChart } from './resultChart.js';
import { resultTable } from './resultTable.js';
import { stateFromHash } from './state.js';

const page = document.getElementById('page');
/** Quick successive clicks (ticking three filters) make one query, not three. */
const SETTLE_MS = 250;

async function start(token) {
  const api = analyticsApi(token);
  const general = document.getElementById('general-error');
  const errors = fieldErrors(general);
  let dims;
  try {
    dims = await api.dimensions();
  } catch (error) {
    if (error.denied) {
      showBlocker(page, { status: error.status, message: error.message });
    } else {
      errors.show(error);
    }
    return;
  }
  document.querySelectorAll('[data-city]').forEach((el) => {
    el.textContent = dims.pack?.name ?? '';
  });
  const metrics = new Map(dims.metrics.map((m) => [m.name, m]));
  const dimensions = new Map(dims.dimensions.map((d) => [d.name, d.label]));
  let state = stateFromHash(dims);

  const change = (patch) => {
    state = { ...state, ...patch };
    if (patch.metrics && !state.metrics.includes(state.orderBy)) {
      state.orderBy = '';
    }
    ranking.set(state);
    schedule();
  };

  const range = rangePicker(document.getElementById('range'), {
    ranges: dims.ranges,
    value: state,
    onChange: (next) => change({ range: next.range ?? '', from: next.from ?? '', to: next.to ?? '' }),
  });
  const metricControl = metricPicker(document.getElementById('metrics'), {
    metrics: dims.metrics, value: state.metrics, onChange: (m) => change({ metrics: m }),
  });
  const groups = groupPicker(document.getElementById('group-by'), {
    dimensions: dims.dimensions, value: state.groupBy, onChange: (g) => change({ groupBy: g }),
  });
  const filters = filterPicker(document.getElementById('filters'), {
    dims, value: state.filters, onChange: (f) => change({ filters: f }),
  });
  const options = optionsPicker(document.getElementById('options'), { value: state, onChange: change });
  const ranking = rankingPicker(document.getElementById('ranking'), { metrics, value: state, onChange: change });

  errors.bind(['range', 'from', 'to'], range.error, range.el);
  errors.bind(['metrics'], metricControl.error, metricControl.el);
  errors.bind(['groupBy'], groups.error, groups.el);
  errors.bind(['filter.'], filters.error, filters.el);
  errors.bind(['granularity', 'compare'], options.error, options.el);
  errors.bind(['top', 'orderBy', 'order'], ranking.error, ranking.top);

  const chartSection = page.querySelector('[data-panel="resultChart"]');
  const tableSection = page.querySelector('[data-panel="resultTable"]');
  const chart = resultChart(chartSection, { metrics });
  const table = resultTable(tableSection, { metrics, dimensions });
  const chartState = panelState(chartSection);
  const tableState = panelState(tableSection);
  const summary = document.getElementById('summary');
  const generated = document.getElementById('generated');

  csvExport(document.getElementById('export-csv'), {
    api,
    params: () => toParams(state),
    state: () => state,
    onError(error) {
      if (error.denied) {
        showBlocker(page, { status: error.status, message: error.message });
      } else {
        errors.show(error);
      }
    },
  });
  copyLink(document.getElementById('copy-link'));

  let controller = null;
  let timer = 0;

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, SETTLE_MS);
  }

  async function run() {
    clearTimeout(timer);
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    const params = toParams(state);
    writeHash(params);
    errors.clear();
    chartState.loading();
    tableState.loading();
    try {
      const started = performance.now();
      const result = await api.query(params, { signal });
      range.showResolved(result.range);
      summarise(result, Math.round(performance.now() - started));
      (chart.render(result) ? chartState.ready : chartState.empty)('所选条件下暂无数据');
      (table.render(result) ? tableState.ready : tableState.empty)('所选条件下暂无数据');
      generated.textContent = `数据时间 ${new Date().toLocaleString('zh-CN', { hour12: false })}`;
    } catch (error) {
      if (aborted(error)) {
        return;
      }
      if (error.denied) {
        showBlocker(page, { status: error.status, message: error.message });
        return;
      }
      const placed = errors.show(error) !== general;
      chart.clear();
      table.clear();
      range.showResolved(null);
      summary.textContent = '—';
      const message = placed ? '查询条件有误，未加载数据：请按左侧提示调整' : `查询失败：${messageOf(error)}`;
      chartState.error(message);
      tableState.error(message);
    }
  }

  function summarise(result, ms) {
    const parts = [`<b>${escapeHtml(describeRange(result.range))}</b>`];
    for (const c of result.comparisons) {
      parts.push(`${c.name === 'yoy' ? '去年同期' : '上期'} ${escapeHtml(describeRange(c))}`);
    }
    parts.push(`${result.series.length} 组`);
    parts.push(`数据源 ${escapeHtml(result.sources.join('、'))}`);
    parts.push(`${ms} 毫秒`);
    summary.innerHTML = parts.join('<span class="sep">|</span>');
  }

  // A link pasted into this tab, or the back button across hashes, opens that analysis.
  window.addEventListener('hashchange', () => {
    state = stateFromHash(dims);
    range.set(state);
    metricControl.set(state.metrics);
    groups.set(state.groupBy);
    filters.set(state.filters);
    options.set(state);
    ranking.set(state);
    run();
  });
  // Debug handle for the browser tests (read-only).
  window.__explore = { chartOption, state: () => structuredClone(state), params: () => toParams(state).toString() };
  run();
}

function copyLink(button) {
  button.addEventListener('click', async () => {
    // The address never holds the token (it was removed on load), so the link is safe to share.
    const url = window.location.href;
    try {
      await navigator.clipboard.writeText(url);
      flash(button, '已复制');
    } catch {
      window.prompt('复制此链接：', url);
    }
  });
}

function flash(button, text) {
  const label = button.textContent;
  button.textContent = text;
  setTimeout(() => {
    button.textContent = label;
  }, 1500);
}

const token = takeToken();
if (token) {
  start(token);
} else {
  showBlocker(page, { status: null });
}
