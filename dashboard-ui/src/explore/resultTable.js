import { element, segmented } from '../pages-common/dom.js';
import { COLUMN_UNITS, bucketTitle, cell, change } from '../pages-common/format.js';

const PAGE_ROWS = 100;
const COMPARISON_HEADS = { previous: ['上期', '环比'], yoy: ['去年同期', '同比'] };

/**
 * The result as a table, one row per group (or per group and time bucket), every metric with its
 * comparison columns. Sorts on any column in the browser (the server's ranking is the initial
 * order) and pages long results, so the DOM stays small whatever the query returns. Each cell
 * keeps the API's number in data-value.
 */
export function resultTable(section, { metrics, dimensions }) {
  const host = section.querySelector('[data-table]');
  const pager = section.querySelector('[data-pager]');
  const meta = section.querySelector('[data-meta]');
  const tools = section.querySelector('[data-tools]');
  let view = 'totals';
  const viewSwitch = segmented(tools, {
    label: '表格视图',
    options: [['totals', '分组合计'], ['detail', '按时间明细']],
    value: view,
    onChange(next) {
      view = next;
      page = 0;
      build();
    },
  });
  viewSwitch.el.dataset.control = 'tableView';
  viewSwitch.el.hidden = true;

  let result = null;
  let columns = [];
  let rows = [];
  let sort = null;
  let page = 0;

  function columnsOf(r, detail) {
    const out = [];
    if (detail) {
      out.push({ key: 'time', head: '时间', kind: 'text', value: (row) => row.time, text: (row) => bucketTitle(row.time, r.granularity) });
    }
    for (const d of r.groupBy) {
      out.push({ key: `dim:${d}`, head: dimensions.get(d) ?? d, kind: 'text', value: (row) => row.labels[d], text: (row) => row.labels[d] });
    }
    for (const m of r.metrics) {
      const unit = COLUMN_UNITS[m.unit] ? `（${COLUMN_UNITS[m.unit]}）` : '';
      const group = `${m.label}${unit}`;
      out.push({ key: `${m.name}:value`, group, head: r.comparisons.length ? '本期' : group, first: true,
        value: (row) => row.cells[m.name]?.value, text: (row) => cell(m.unit, row.cells[m.name]?.value) });
      for (const c of r.comparisons) {
        const [periodHead, changeHead] = COMPARISON_HEADS[c.name] ?? [c.name, `${c.name}%`];
        out.push({ key: `${m.name}:${c.name}`, group, head: periodHead, kind: 'comparison',
          value: (row) => row.cells[m.name]?.[c.name], text: (row) => cell(m.unit, row.cells[m.name]?.[c.name]) });
        out.push({ key: `${m.name}:${c.name}Change`, group, head: changeHead, kind: 'change',
          value: (row) => row.cells[m.name]?.[`${c.name}Change`], text: (row) => change(row.cells[m.name]?.[`${c.name}Change`]) });
      }
    }
    return out;
  }

  function rowsOf(r, detail) {
    if (!detail) {
      return r.series.map((s, rank) => ({ rank, labels: s.labels, cells: s.total }));
    }
    const out = [];
    r.series.forEach((s, rank) => {
      r.buckets.forEach((time, b) => {
        const cells = {};
        for (const m of r.metrics) {
          const p = s.points[m.name];
          cells[m.name] = Object.fromEntries(Object.entries(p).map(([k, values]) => [k, values[b]]));
        }
        out.push({ rank: rank * r.buckets.length + b, time, labels: s.labels, cells });
      });
    });
    return out;
  }

  function compare(a, b, column, dir) {
    const x = column.value(a);
    const y = column.value(b);
    // Missing figures sort last whichever the direction: they are not small numbers.
    if (x == null || x === '') {
      return y == null || y === '' ? a.rank - b.rank : 1;
    }
    if (y == null || y === '') {
      return -1;
    }
    const order = column.kind === 'text' ? String(x).localeCompare(String(y), 'zh-CN') : Number(x) - Number(y);
    return (order || a.rank - b.rank) * (order ? dir : 1);
  }

  function build() {
    host.replaceChildren();
    pager.replaceChildren();
    if (!result) {
      return;
    }
    const detail = view === 'detail' && result.granularity != null;
    columns = columnsOf(result, detail);
    rows = rowsOf(result, detail);
    if (sort && !columns.some((c) => c.key === sort.key)) {
      sort = null;
    }
    if (sort) {
      const column = columns.find((c) => c.key === sort.key);
      rows.sort((a, b) => compare(a, b, column, sort.dir));
    }
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_ROWS));
    page = Math.min(page, pages - 1);
    const table = element('table', 'data-table', host);
    head(table, result.comparisons.length > 0);
    const body = element('tbody', '', table);
    for (const row of rows.slice(page * PAGE_ROWS, (page + 1) * PAGE_ROWS)) {
      const tr = element('tr', '', body);
      for (const column of columns) {
        const td = element('td', column.kind === 'text' ? 'text' : column.kind ?? '', tr, column.text(row));
        if (column.first) {
          td.classList.add('first-of-metric');
        }
        td.dataset.col = column.key;
        const v = column.value(row);
        td.dataset.value = v == null ? '' : String(v);
      }
    }
    meta.textContent = `${rows.length} 行${detail ? ` · ${result.series.length} 组 × ${result.buckets.length} 个时间段` : ''}`;
    if (pages > 1) {
      pagerControls(pages);
    }
  }

  function head(table, twoRows) {
    const thead = element('thead', '', table);
    const top = element('tr', '', thead);
    const second = twoRows ? element('tr', '', thead) : null;
    let lastGroup = null;
    for (const column of columns) {
      if (!twoRows || !column.group) {
        const th = sortable(element('th', column.kind === 'text' ? 'text' : '', top, column.head), column);
        if (column.first) {
          th.classList.add('first-of-metric');
        }
        if (twoRows) {
          th.rowSpan = 2;
        }
        continue;
      }
      if (column.group !== lastGroup) {
        const span = columns.filter((c) => c.group === column.group).length;
        const g = element('th', 'group-head', top, column.group);
        g.colSpan = span;
        lastGroup = column.group;
      }
      const th = sortable(element('th', column.first ? 'first-of-metric' : '', second, column.head), column);
      th.title = `${column.group} ${column.head}`;
    }
  }

  function sortable(th, column) {
    th.classList.add('sortable');
    th.dataset.col = column.key;
    th.tabIndex = 0;
    th.setAttribute('aria-sort', sort?.key === column.key ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none');
    const toggle = () => {
      // Figures sort largest first on the first click, names alphabetically.
      const first = column.kind === 'text' ? 1 : -1;
      sort = sort?.key === column.key ? { key: column.key, dir: -sort.dir } : { key: column.key, dir: first };
      page = 0;
      build();
    };
    th.addEventListener('click', toggle);
    th.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        toggle();
      }
    });
    return th;
  }

  function pagerControls(pages) {
    element('span', '', pager, `共 ${rows.length} 行，第 ${page + 1} / ${pages} 页`);
    const prev = element('button', 'btn btn-small', pager, '上一页');
    prev.disabled = page === 0;
    prev.addEventListener('click', () => {
      page -= 1;
      build();
    });
    const next = element('button', 'btn btn-small', pager, '下一页');
    next.disabled = page >= pages - 1;
    next.addEventListener('click', () => {
      page += 1;
      build();
    });
  }

  return {
    render(next) {
      const changedShape = !result || result.granularity !== next.granularity;
      result = next;
      viewSwitch.el.hidden = next.granularity == null;
      if (changedShape) {
        view = next.granularity == null ? 'totals' : view;
        viewSwitch.set(view);
      }
      page = 0;
      build();
      return next.series.some((s) => next.metrics.some((m) => s.total[m.name]?.value != null && Number(s.total[m.name].value) !== 0));
    },
    clear() {
      result = null;
      meta.textContent = '';
      viewSwitch.el.hidden = true;
      build();
    },
  };
}
