import { element } from '../../pages-common/dom.js';

/** Which list of /dimensions holds the values of each dimension. */
const LISTS = {
  caseType: 'caseTypes', district: 'districts', town: 'towns', channel: 'channels', committee: 'committees',
  mediator: 'mediators', kind: 'kinds',
};

/**
 * A multi-select per dimension, values and names from /dimensions: a collapsed list that says what
 * is chosen ("全部", or the names), opened to tick values; a search box for the long lists.
 */
export function filterPicker(parent, { dims, value, onChange }) {
  const root = element('div', 'filter-picker', parent);
  root.dataset.control = 'filters';
  let chosen = structuredClone(value);
  const views = new Map();
  const districtNames = new Map((dims.districts ?? []).map((d) => [d.code, d.name]));

  for (const dimension of dims.dimensions) {
    const options = (dims[LISTS[dimension.name]] ?? []).map((o) => ({
      code: o.code,
      name: o.name,
      hint: o.district ? districtNames.get(o.district) : '',
    }));
    if (!options.length) {
      continue;
    }
    const details = element('details', 'filter', root);
    details.dataset.filter = dimension.name;
    const summary = element('summary', '', details);
    element('span', '', summary, dimension.label);
    const count = element('span', 'filter-count', summary, '全部');
    const body = element('div', 'filter-body', details);
    if (options.length > 12) {
      const search = element('input', 'filter-search', body);
      search.type = 'search';
      search.placeholder = `搜索${dimension.label}`;
      search.addEventListener('input', () => {
        const q = search.value.trim();
        body.querySelectorAll('.filter-options label').forEach((label) => {
          label.hidden = q !== '' && !label.textContent.includes(q);
        });
      });
    }
    const list = element('div', 'filter-options', body);
    const boxes = new Map();
    for (const o of options) {
      const label = element('label', '', list);
      label.title = o.hint ? `${o.name}（${o.hint}）` : o.name;
      const box = element('input', '', label);
      box.type = 'checkbox';
      box.value = o.code;
      const name = element('span', '', label, o.name);
      if (o.hint) {
        element('small', '', name, ` ${o.hint}`);
      }
      box.addEventListener('change', () => {
        const values = [...boxes].filter(([, b]) => b.checked).map(([code]) => code);
        if (values.length) {
          chosen[dimension.name] = values;
        } else {
          delete chosen[dimension.name];
        }
        show(dimension.name);
        onChange(structuredClone(chosen));
      });
      boxes.set(o.code, box);
    }
    const actions = element('div', 'filter-actions', body);
    const clear = element('button', 'link-button', actions, '清除');
    clear.type = 'button';
    clear.addEventListener('click', () => {
      if (chosen[dimension.name]) {
        delete chosen[dimension.name];
        boxes.forEach((b) => {
          b.checked = false;
        });
        show(dimension.name);
        onChange(structuredClone(chosen));
      }
    });
    views.set(dimension.name, { details, count, boxes, names: new Map(options.map((o) => [o.code, o.name])) });
  }
  const error = element('div', 'field-error', parent);

  function show(dimension) {
    const view = views.get(dimension);
    const values = chosen[dimension] ?? [];
    view.details.classList.toggle('active', values.length > 0);
    view.count.textContent = !values.length ? '全部'
      : values.length <= 2 ? values.map((v) => view.names.get(v) ?? v).join('、') : `已选 ${values.length} 项`;
  }

  function set(next) {
    chosen = structuredClone(next);
    for (const [dimension, view] of views) {
      const values = chosen[dimension] ?? [];
      view.boxes.forEach((box, code) => {
        box.checked = values.includes(code);
      });
      show(dimension);
    }
  }
  set(value);
  return { el: root, error, set };
}
