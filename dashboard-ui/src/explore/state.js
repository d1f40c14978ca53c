import { fromParams, readHash } from '../pages-common/params.js';

/** What a first visit shows: this month's work by district against last year. */
export const DEFAULT_STATE = Object.freeze({
  metrics: ['received', 'closed', 'successRate', 'amountRecovered'],
  groupBy: ['district'],
  filters: {},
  granularity: '',
  range: 'last30d',
  from: '',
  to: '',
  compare: ['yoy'],
  top: null,
  orderBy: '',
  order: 'desc',
});

/**
 * The query the address's hash describes, checked against the API's vocabulary (a hand-edited or
 * old link keeps what still exists); the defaults when the hash is empty.
 */
export function stateFromHash(dims) {
  const hash = readHash();
  if (![...hash.keys()].length) {
    return structuredClone(DEFAULT_STATE);
  }
  const s = fromParams(hash);
  const metricNames = new Set(dims.metrics.map((m) => m.name));
  const dimensionNames = new Set(dims.dimensions.map((d) => d.name));
  s.metrics = s.metrics.filter((m) => metricNames.has(m));
  s.groupBy = s.groupBy.filter((d) => dimensionNames.has(d));
  s.filters = Object.fromEntries(Object.entries(s.filters).filter(([d]) => dimensionNames.has(d)));
  s.compare = s.compare.filter((c) => c === 'previous' || c === 'yoy');
  if (!s.range && !(s.from && s.to)) {
    s.range = DEFAULT_STATE.range;
  }
  return s;
}
