import { element, segmented } from '../../pages-common/dom.js';

/** Keep the first N groups by a metric (top / orderBy / order); empty N keeps every group. */
export function rankingPicker(parent, { metrics, value, onChange }) {
  const root = element('div', 'ranking-picker', parent);
  const row = element('div', 'row-controls', root);
  element('span', 'row-label', row, '前');
  const top = element('input', 'number-input', row);
  top.type = 'number';
  top.min = '1';
  top.step = '1';
  top.placeholder = '全部';
  top.dataset.control = 'top';
  top.setAttribute('aria-label', '前N项');
  element('span', 'row-label', row, '项');
  top.addEventListener('change', () => {
    const n = Number.parseInt(top.value, 10);
    onChange({ top: Number.isFinite(n) && n > 0 ? n : null });
  });

  const orderRow = element('div', 'row-controls', root);
  element('span', 'row-label', orderRow, '按');
  const orderBy = element('select', 'select', orderRow);
  orderBy.dataset.control = 'orderBy';
  orderBy.setAttribute('aria-label', '排序指标');
  orderBy.addEventListener('change', () => onChange({ orderBy: orderBy.value }));
  const order = segmented(orderRow, {
    label: '排序方向',
    options: [['desc', '降序'], ['asc', '升序']],
    value: value.order,
    onChange: (o) => onChange({ order: o }),
  });
  const error = element('div', 'field-error', parent);

  function set(state) {
    top.value = state.top ?? '';
    orderBy.replaceChildren();
    for (const name of state.metrics) {
      element('option', '', orderBy, metrics.get(name)?.label ?? name).value = name;
    }
    orderBy.value = state.metrics.includes(state.orderBy) ? state.orderBy : (state.metrics[0] ?? '');
    orderBy.disabled = !state.top;
    order.set(state.order);
  }
  set(value);
  return { el: root, top, error, set };
}
