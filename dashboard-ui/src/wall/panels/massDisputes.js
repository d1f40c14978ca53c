import { emptyNote, setHtml, setText } from '../dom.js';
import { int, money } from '../format.js';
import { rowTable } from '../rows.js';
import { shortType } from './hotspots.js';

/** Open disputes with five or more parties (群体性纠纷), newest first: each is reported upwards. */
export function massDisputes(section) {
  const meta = section.querySelector('[data-meta]');
  const body = section.querySelector('[data-table]');
  const showEmpty = emptyNote(body, '当前无在办群体性纠纷');
  let count = 0;
  const table = rowTable(body, {
    className: 'mass-rows',
    rowHeight: 31,
    columns: [
      { fill: (cell, m) => setText(cell, `${m.districtName ?? ''} ${m.town ?? ''}`) },
      { fill: (cell, m) => setText(cell, shortType(m.typeName)) },
      { className: 'num-cell lv-red', fill: (cell, m) => setText(cell, `${int(m.parties)}人`) },
      {
        className: 'num-cell',
        fill: (cell, m) => {
          const amount = money(m.amountInvolved);
          setText(cell, m.amountInvolved ? `${amount.value}${amount.unit}` : '—');
        },
      },
      { className: 'muted', fill: (cell, m) => setText(cell, m.statusLabel || '在办') },
    ],
    onPage: (page, pages) => setHtml(meta, `在办 <b>${int(count)}</b> 件${pages > 1 ? ` · ${page + 1}/${pages}` : ''}`),
  });

  return {
    update(mass) {
      count = mass.count ?? 0;
      const items = mass.items ?? [];
      table.setItems(items);
      showEmpty(items.length === 0);
    },
    dispose() {
      table.dispose();
    },
  };
}
