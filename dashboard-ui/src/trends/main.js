import '@fontsource/barlow-condensed/latin-600.css';
import '../pages-common/pages.css';
import './trends.css';
import { aborted, analyticsApi } from '../pages-common/api.js';
import { takeToken } from '../pages-common/auth.js';
import { showBlocker } from '../pages-common/blocker.js';
import { chartOption } from '../pages-common/chart.js';
import { element, panelState, segmented } from '../pages-common/dom.js';
import { fieldErrors, messageOf } from '../pages-common/errors.js';
import { readHash, toParams, writeHash } from '../pages-common/params.js';
import { GRANULARITY_LABELS, granularityFor } from '../pages-common/ranges.js';
import { rangePicker } from '../pages-common/rangePicker.js';
import { districtCompare } from './districtCompare.js';
import { kpiSummary } from './kpiSummary.js';
import { trendLines } from './trendLines.js';
import { typeChange } from './typeChange.js';
import { typeEvolution } from './typeEvolution.js';

const page = document.getElementById('page');
const DEFAULT_RANGE = 'thisYear';

/** The page's choice: a relative range (or custom days) and a bucket size, kept in the hash. */
function initialContext(ranges) {
  const hash = readHash();
  const range = hash.get('range');
  const from = hash.get('from');
  const to = hash.get('to');
  const ctx = range && ranges.includes(range) ? { range } : from && to ? { from, to } : { range: DEFAULT_RANGE };
  const granularity = hash.get('granularity');
  ctx.granularity = GRANULARITY_LABELS[granularity] ? granularity : granularityFor(ctx.range, ctx.from, ctx.to);
  return ctx;
}

async function start(token) {
  const api = analyticsApi(token);
  const errors = fieldErrors(document.getElementById('general-error'));
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
  let ctx = initialContext(dims.ranges);

  const range = rangePicker(document.getElementById('range'), {
    ranges: dims.ranges,
    value: ctx,
    onChange(next) {
      ctx = { ...next, granularity: granularityFor(next.range, next.from, next.to) };
      granularity.set(ctx.granularity);
      run();
    },
  });
  errors.bind(['range', 'from', 'to'], range.error, range.el);

  const granularityBox = document.getElementById('granularity');
  element('span', 'toolbar-label', granularityBox, '趋势粒度');
  const granularity = segmented(granularityBox, {
    label: '趋势粒度',
    options: Object.entries(GRANULARITY_LABELS),
    value: ctx.granularity,
    onChange(next) {
      ctx = { ...ctx, granularity: next };
      run();
    },
  });
  granularity.el.dataset.control = 'granularity';
  const granularityError = element('div', 'field-error', granularityBox);
  granularityError.dataset.errorFor = 'granularity';
  errors.bind(['granularity'], granularityError, granularity.el);

  const section = (name) => page.querySelector(`[data-panel="${name}"]`);
  const factories = {
    kpiSummary: (el) => kpiSummary(el, { metrics }),
    trendLines: (el) => trendLines(el, { metrics }),
    districtCompare: (el) => districtCompare(el, { metrics }),
    typeEvolution: (el) => typeEvolution(el),
    typeChange: (el) => typeChange(el),
  };
  const panels = Object.entries(factories).map(([name, make]) => ({ panel: make(section(name)), state: panelState(section(name)) }));

  const generated = document.getElementById('generated');
  let controller = null;

  /** Runs every panel's query for the current choice; panels asking the same question share one request. */
  function run() {
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    const rangeParams = ctx.range ? { range: ctx.range } : { from: ctx.from, to: ctx.to };
    writeHash(new URLSearchParams({ ...rangeParams, granularity: ctx.granularity }));
    errors.clear();
    const base = (query) => toParams({ ...query, ...rangeParams });
    const byQuery = new Map();
    for (const entry of panels) {
      const key = entry.panel.params(base, ctx).toString();
      byQuery.set(key, [...(byQuery.get(key) ?? []), entry]);
      entry.state.loading();
    }
    const requests = [...byQuery].map(([key, entries]) => api.query(new URLSearchParams(key), { signal })
      .then((result) => {
        range.showResolved(result.range);
        for (const { panel, state } of entries) {
          if (panel.render(result)) {
            state.ready();
          } else {
            state.empty();
          }
        }
      })
      .catch((error) => {
        if (aborted(error)) {
          return;
        }
        if (error.denied) {
          controller.abort();
          showBlocker(page, { status: error.status, message: error.message });
          return;
        }
        const slot = errors.show(error);
        const placed = slot !== document.getElementById('general-error');
        for (const { panel, state } of entries) {
          panel.clear();
          state.error(placed ? '查询条件有误，未加载数据：请按上方提示调整' : `查询失败：${messageOf(error)}`);
        }
        if (['range', 'from', 'to'].includes(error.field)) {
          range.showResolved(null);
        }
      }));
    Promise.allSettled(requests).then(() => {
      if (!signal.aborted) {
        generated.textContent = `数据时间 ${new Date().toLocaleString('zh-CN', { hour12: false })}`;
      }
    });
  }

  document.getElementById('print').addEventListener('click', () => window.print());
  window.addEventListener('hashchange', () => {
    ctx = initialContext(dims.ranges);
    range.set(ctx);
    granularity.set(ctx.granularity);
    run();
  });
  // Debug handle for the browser tests (read-only).
  window.__trends = { chartOption, context: () => ({ ...ctx }) };
  run();
}

const token = takeToken();
if (token) {
  start(token);
} else {
  showBlocker(page, { status: null });
}
