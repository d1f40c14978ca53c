import { element } from './dom.js';

/**
 * A table with a fixed number of row elements, made once from the space its panel has and then
 * refilled: the DOM never grows whatever arrives. A list longer than the rows pages every
 * {@code pageMs} (a wall has no scroll bar and nobody to use one).
 *
 * columns: [{ className, build(cell)?, fill(cell, item) }]; reserve: pixels of the body used by
 * something else (a summary line); fill must write only what changed
 * (dom.js helpers) so that an unchanged list costs nothing.
 */
export function rowTable(body, { className, head, columns, rowHeight, reserve = 0, pageMs = 8000, onPage }) {
  const list = element('div', `rows ${className}`, body);
  if (head) {
    const headRow = element('div', 'row row-head', list);
    head.forEach((title) => {
      element('span', '', headRow).textContent = title;
    });
  }
  const style = getComputedStyle(body);
  const available = body.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)
    - (head ? 28 : 0) - reserve;
  const capacity = Math.max(1, Math.floor(available / rowHeight));
  const rows = [];
  for (let i = 0; i < capacity; i++) {
    const row = element('div', 'row row-empty', list);
    const cells = columns.map((column) => {
      const cell = element('span', column.className ?? '', row);
      column.build?.(cell);
      return cell;
    });
    rows.push({ row, cells });
  }

  let items = [];
  let page = 0;
  const pages = () => Math.max(1, Math.ceil(items.length / capacity));

  function render() {
    for (let i = 0; i < capacity; i++) {
      const item = items[page * capacity + i];
      const { row, cells } = rows[i];
      if (item) {
        row.classList.remove('row-empty');
        columns.forEach((column, j) => column.fill(cells[j], item));
      } else {
        row.classList.add('row-empty');
      }
    }
    onPage?.(page, pages());
  }

  const timer = setInterval(() => {
    if (pages() > 1) {
      page = (page + 1) % pages();
      render();
    }
  }, pageMs);

  return {
    capacity,
    rows,
    /** The items shown now, in row order (the current page). */
    visible: () => items.slice(page * capacity, page * capacity + capacity),
    setItems(next) {
      items = next;
      if (page >= pages()) {
        page = 0;
      }
      render();
    },
    dispose() {
      clearInterval(timer);
      list.remove();
    },
  };
}
