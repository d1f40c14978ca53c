/**
 * A query as the pages hold it, and its form as the API's query string. The same string is kept
 * in the address's hash (without the token), so an analysis can be bookmarked and shared.
 *
 * state: { metrics: [], groupBy: [], filters: { dimension: [codes] }, granularity: '' | 'hour' | ...,
 *          range: 'last30d' | '', from: 'yyyy-MM-dd', to: 'yyyy-MM-dd' (exclusive, as the API takes it),
 *          compare: [], top: null | n, orderBy: '', order: 'desc' | 'asc' }
 */
const FILTER = 'filter.';

const list = (text) => (text ? text.split(',').map((s) => s.trim()).filter(Boolean) : []);

export function toParams(state) {
  const p = new URLSearchParams();
  if (state.metrics?.length) {
    p.set('metrics', state.metrics.join(','));
  }
  if (state.groupBy?.length) {
    p.set('groupBy', state.groupBy.join(','));
  }
  for (const [dimension, values] of Object.entries(state.filters ?? {})) {
    if (values?.length) {
      p.set(FILTER + dimension, values.join(','));
    }
  }
  if (state.granularity) {
    p.set('granularity', state.granularity);
  }
  if (state.range) {
    p.set('range', state.range);
  } else {
    if (state.from) {
      p.set('from', state.from);
    }
    if (state.to) {
      p.set('to', state.to);
    }
  }
  if (state.compare?.length) {
    p.set('compare', state.compare.join(','));
  }
  if (state.top) {
    p.set('top', String(state.top));
    if (state.orderBy) {
      p.set('orderBy', state.orderBy);
    }
    if (state.order === 'asc') {
      p.set('order', 'asc');
    }
  }
  return p;
}

export function fromParams(p) {
  const filters = {};
  for (const [name, value] of p) {
    if (name.startsWith(FILTER) && list(value).length) {
      filters[name.slice(FILTER.length)] = list(value);
    }
  }
  const top = Number.parseInt(p.get('top') ?? '', 10);
  return {
    metrics: list(p.get('metrics')),
    groupBy: list(p.get('groupBy')).slice(0, 2),
    filters,
    granularity: p.get('granularity') ?? '',
    range: p.get('range') ?? '',
    from: p.get('from') ?? '',
    to: p.get('to') ?? '',
    compare: list(p.get('compare')),
    top: Number.isFinite(top) && top > 0 ? top : null,
    orderBy: p.get('orderBy') ?? '',
    order: p.get('order') === 'asc' ? 'asc' : 'desc',
  };
}

/** The hash of the current address as parameters ('' when none). */
export function readHash() {
  return new URLSearchParams(window.location.hash.replace(/^#/, ''));
}

/** Writes parameters to the hash without a history entry per change and without a hashchange event. */
export function writeHash(params) {
  const text = params.toString();
  const url = window.location.pathname + window.location.search + (text ? `#${text}` : '');
  if (url !== window.location.pathname + window.location.search + window.location.hash) {
    window.history.replaceState(window.history.state, '', url);
  }
}
