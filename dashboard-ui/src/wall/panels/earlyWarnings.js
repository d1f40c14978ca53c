import { element, emptyNote, setClass, setHtml, setText } from '../dom.js';
import { int, shortTimeOf } from '../format.js';
import { rowTable } from '../rows.js';

const LEVEL = { red: '红色', orange: '橙色', yellow: '黄色' };

/** The hall's early warnings, red first: spikes, repeat callers, mass disputes, overdue cases. */
export function earlyWarnings(section) {
  const meta = section.querySelector('[data-meta]');
  const body = section.querySelector('[data-table]');
  const showEmpty = emptyNote(body, '当前无预警');
  let levels = '';
  const table = rowTable(body, {
    className: 'warning-rows',
    rowHeight: 38,
    columns: [
      {
        build: (cell) => element('span', 'tag', cell),
        fill: (cell, w) => {
          setText(cell.firstChild, LEVEL[w.level] ?? '预警');
          setClass(cell.firstChild, `tag tag-${w.level}`);
        },
      },
      {
        className: 'warning-text',
        build: (cell) => {
          element('span', 'warning-title', cell);
          element('span', 'warning-detail', cell);
        },
        fill: (cell, w) => {
          setText(cell.firstChild, w.title ?? '');
          setText(cell.lastChild, w.detail ?? '');
        },
      },
      { className: 'num-cell muted', fill: (cell, w) => setText(cell, w.at ? shortTimeOf(Date.parse(w.at)) : '') },
    ],
    onPage: (page, pages) => setHtml(meta, levels + (pages > 1 ? ` · ${page + 1}/${pages}` : '')),
  });

  return {
    update(warnings) {
      const items = warnings.items ?? [];
      const count = (level) => items.filter((w) => w.level === level).length;
      levels = `<span class="lv-red">红 <b class="lv-red">${int(count('red'))}</b></span>`
        + ` <span class="lv-orange">橙 <b class="lv-orange">${int(count('orange'))}</b></span>`
        + ` <span class="lv-yellow">黄 <b class="lv-yellow">${int(count('yellow'))}</b></span>`;
      table.setItems(items);
      showEmpty(items.length === 0);
    },
    dispose() {
      table.dispose();
    },
  };
}
