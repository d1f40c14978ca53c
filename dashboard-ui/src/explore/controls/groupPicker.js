import { element } from '../../pages-common/dom.js';

/** Up to two group-by dimensions: the second is offered once the first is chosen. */
export function groupPicker(parent, { dimensions, value, onChange }) {
  const root = element('div', 'group-picker', parent);
  root.dataset.control = 'groupBy';
  const selects = ['第一', '第二'].map((ordinal, i) => {
    const row = element('div', 'row-controls', root);
    element('span', 'row-label', row, ordinal);
    const select = element('select', 'select', row);
    select.dataset.groupBy = String(i);
    select.setAttribute('aria-label', `${ordinal}分组维度`);
    select.addEventListener('change', () => onChange(current()));
    return select;
  });
  const error = element('div', 'field-error', parent);

  function current() {
    const first = selects[0].value;
    const second = selects[1].value;
    return [first, second].filter((v, i) => v && (i === 0 || (first && v !== first)));
  }

  function fill(select, chosen, excluded, emptyLabel) {
    select.replaceChildren();
    const none = element('option', '', select, emptyLabel);
    none.value = '';
    for (const d of dimensions) {
      if (d.name !== excluded) {
        element('option', '', select, d.label).value = d.name;
      }
    }
    select.value = chosen ?? '';
  }

  function set(next) {
    fill(selects[0], next[0], next[1], '不分组（合计）');
    fill(selects[1], next[1], next[0], '无');
    selects[1].disabled = !next[0];
  }

  set(value);
  // Keep the two lists exclusive as the user changes them.
  selects.forEach((s) => s.addEventListener('change', () => set(current())));
  return { el: root, error, set };
}
