import { element, segmented } from '../../pages-common/dom.js';

const GRANULARITIES = [['', '合计'], ['hour', '时'], ['day', '日'], ['week', '周'], ['month', '月']];
const COMPARISONS = [['previous', '环比（上期）'], ['yoy', '同比（去年同期）']];

/** Granularity (none = one total per group) and the comparison periods. */
export function optionsPicker(parent, { value, onChange }) {
  const root = element('div', 'options-picker', parent);
  const row = element('div', 'row-controls', root);
  element('span', 'row-label', row, '粒度');
  const granularity = segmented(row, {
    label: '时间粒度',
    options: GRANULARITIES,
    value: value.granularity,
    onChange: (g) => onChange({ granularity: g }),
  });
  granularity.el.dataset.control = 'granularity';

  const compareRow = element('div', 'row-controls', root);
  element('span', 'row-label', compareRow, '对比');
  const toggles = element('div', 'toggles', compareRow);
  toggles.dataset.control = 'compare';
  const boxes = new Map();
  for (const [code, label] of COMPARISONS) {
    const toggle = element('label', 'toggle', toggles);
    toggle.dataset.compare = code;
    const box = element('input', '', toggle);
    box.type = 'checkbox';
    box.value = code;
    toggle.append(label);
    box.addEventListener('change', () => onChange({ compare: COMPARISONS.map(([c]) => c).filter((c) => boxes.get(c).checked) }));
    boxes.set(code, box);
  }
  const error = element('div', 'field-error', parent);

  function set(state) {
    granularity.set(state.granularity ?? '');
    boxes.forEach((box, code) => {
      box.checked = state.compare.includes(code);
    });
  }
  set(value);
  return { el: root, error, set };
}
