/**
 * The case types of a result ranked by their total, the first {@code keep} on their own and the
 * rest summed as 其他 (sums of counts, so the stack still adds up to the whole). Shared by the two
 * type panels so that a type has the same colour and rank in both.
 */
export const OTHER = '__other__';

export function rankTypes(result, metric, keep) {
  const ranked = [...result.series].sort((a, b) => (Number(b.total[metric]?.value) || 0) - (Number(a.total[metric]?.value) || 0));
  return { top: ranked.slice(0, keep), rest: ranked.slice(keep) };
}

export const TYPE_METRIC = 'received';
export const TYPES_SHOWN = 7;

/**
 * The one query both type panels read: received cases by type and bucket, with 同比 totals. The
 * page sends identical parameters once, so the two panels cost one request.
 */
export function typeQuery(base, ctx) {
  return base({ metrics: [TYPE_METRIC], groupBy: ['caseType'], compare: ['yoy'],
    granularity: ctx.granularity === 'hour' ? 'day' : ctx.granularity });
}
