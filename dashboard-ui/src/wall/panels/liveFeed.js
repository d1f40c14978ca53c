import { element, setClass, setText } from '../dom.js';
import { eventTime, timeOf } from '../format.js';
import { rowTable } from '../rows.js';
import { shortType } from './hotspots.js';

/** A new row stays highlighted this long. */
const FRESH_MS = 4000;

const KIND_CLASS = {
  received: 'kind-received',
  dispatched: 'kind-flow',
  accepted: 'kind-flow',
  assigned: 'kind-flow',
  progress: 'kind-flow',
  mediated: 'kind-mediated',
  failed: 'kind-failed',
  referred: 'kind-referred',
  returned: 'kind-returned',
  followed_up: 'kind-followed',
  archived: 'kind-archived',
};

/**
 * The newest case events, newest first, in a fixed number of rows. The server masks callers; the
 * wall never sees a name or number in clear. Updates carry only new events; a snapshot (on every
 * (re)connect), or an update marked replace, replaces the list. New rows are highlighted for a few seconds.
 */
export function liveFeed(section) {
  const meta = section.querySelector('[data-meta]');
  let items = [];
  const table = rowTable(section.querySelector('[data-table]'), {
    className: 'feed-rows',
    head: ['时间', '环节', '区域', '纠纷类型', '来源渠道', '来电人'],
    rowHeight: 30,
    columns: [
      { className: 'num-cell', fill: (cell, e) => setText(cell, eventTime(e.time, Date.now())) },
      {
        build: (cell) => element('span', 'kind', cell),
        fill: (cell, e) => {
          setText(cell.firstChild, e.kindLabel ?? e.kind);
          setClass(cell.firstChild, `kind ${KIND_CLASS[e.kind] ?? 'kind-flow'}`);
        },
      },
      { fill: (cell, e) => setText(cell, `${e.districtName ?? ''} ${e.town ?? ''}`) },
      { fill: (cell, e) => setText(cell, shortType(e.typeName)) },
      { className: 'muted', fill: (cell, e) => setText(cell, e.channelName ?? '') },
      {
        build: (cell) => {
          element('span', '', cell);
          element('span', 'mass-mark', cell);
        },
        fill: (cell, e) => {
          setText(cell.firstChild, [e.caller, e.phone].filter(Boolean).join(' ') || '—');
          setText(cell.lastChild, e.mass ? `群体 ${e.parties}人` : '');
        },
      },
    ],
  });

  function highlight() {
    const now = Date.now();
    table.rows.forEach(({ row }, i) => {
      const item = items[i];
      const fresh = Boolean(item && now - item.arrivedAt < FRESH_MS);
      if (row.classList.contains('fresh') !== fresh) {
        row.classList.toggle('fresh', fresh);
      }
    });
  }
  const fader = setInterval(highlight, 500);

  return {
    update(feed, message) {
      const events = feed.events ?? [];
      const now = Date.now();
      const shownAt = new Map(items.map((i) => [i.eventId, i.arrivedAt]));
      const incoming = events.map((e) => ({ ...e, at: Date.parse(e.time), arrivedAt: shownAt.get(e.eventId) ?? (message.snapshot ? 0 : now) }));
      // Newest event time first: a late or back-filled event sinks to its place instead of
      // pushing the live ones off the wall. A snapshot (every (re)connect) replaces the list.
      // An update marked "replace" (the server took back events whose write failed) does the same.
      const merged = message.snapshot || feed.replace ? incoming : incoming.filter((e) => !shownAt.has(e.eventId)).concat(items);
      items = merged.sort((a, b) => b.at - a.at).slice(0, table.capacity);
      table.setItems(items);
      highlight();
      setText(meta, items.length ? `最新 ${timeOf(items[0].at)}` : '');
    },
    dispose() {
      clearInterval(fader);
      table.dispose();
    },
  };
}
