import { element, emptyNote, setClass, setHtml, setText } from '../dom.js';
import { int, overdueHours } from '../format.js';
import { rowTable } from '../rows.js';
import { shortType } from './hotspots.js';

const STAGE = { accept: '接单超期', close: '办结超期' };

/** Open cases past their clock, the longest overdue first, coloured by level (red/orange/yellow). */
export function overdueList(section) {
  const meta = section.querySelector('[data-meta]');
  const body = section.querySelector('[data-table]');
  const summary = element('div', 'overdue-summary', body);
  const showEmpty = emptyNote(body, '当前无超期案件');
  let count = 0;
  const table = rowTable(body, {
    className: 'overdue-rows',
    rowHeight: 31,
    reserve: 30,
    columns: [
      { build: (cell) => element('span', 'level-bar', cell), fill: (cell, c) => setClass(cell.firstChild, `level-bar lv-${c.level}`) },
      { fill: (cell, c) => setText(cell, `${c.districtName ?? ''} ${c.town ?? ''}`) },
      { fill: (cell, c) => setText(cell, shortType(c.typeName)) },
      { className: 'muted', fill: (cell, c) => setText(cell, STAGE[c.stage] ?? '超期') },
      {
        className: 'num-cell',
        fill: (cell, c) => {
          setText(cell, overdueHours(c.overdue_hours));
          setClass(cell, `num-cell lv-${c.level}`);
        },
      },
    ],
    onPage: (page, pages) => setHtml(meta, `合计 <b>${int(count)}</b> 件${pages > 1 ? ` · ${page + 1}/${pages}` : ''}`),
  });

  return {
    update(overdue) {
      count = overdue.count ?? 0;
      const by = overdue.byLevel ?? {};
      setHtml(summary, `<span class="lv-red">红色<b>${int(by.red)}</b></span>`
        + `<span class="lv-orange">橙色<b>${int(by.orange)}</b></span>`
        + `<span class="lv-yellow">黄色<b>${int(by.yellow)}</b></span>`
        + '<span>超7天或群体性为红色, 超1天为橙色</span>');
      const items = overdue.items ?? [];
      table.setItems(items);
      showEmpty(items.length === 0);
    },
    dispose() {
      table.dispose();
    },
  };
}
