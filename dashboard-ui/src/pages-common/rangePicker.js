import { element } from './dom.js';
import { RANGE_LABELS, describeRange, shiftDate } from './ranges.js';

/**
 * The time range control: the API's relative ranges as chips (the server resolves them), or a
 * custom first and last day. value: { range } or { from, to } with `to` exclusive as the API
 * takes it; the inputs show the last day included, as people count.
 */
export function rangePicker(parent, { ranges, value, onChange }) {
  const root = element('div', 'range-picker', parent);
  root.dataset.control = 'range';
  const chips = element('div', 'chips', root);
  chips.setAttribute('role', 'radiogroup');
  chips.setAttribute('aria-label', '时间范围');
  const buttons = new Map();
  for (const name of ranges.filter((r) => RANGE_LABELS[r])) {
    buttons.set(name, chip(chips, RANGE_LABELS[name], name));
  }
  const customChip = chip(chips, '自定义', 'custom');

  const custom = element('div', 'custom-range', root);
  const from = dateInput(custom, '开始日期', 'from');
  element('span', 'custom-sep', custom, '至');
  const to = dateInput(custom, '结束日期（含）', 'to');
  const apply = element('button', 'btn btn-small', custom, '确定');
  apply.type = 'button';
  apply.dataset.action = 'apply-range';

  const resolved = element('div', 'range-resolved', root);
  const error = element('div', 'field-error', root);
  error.dataset.errorFor = 'range';

  let current = {};

  function chip(group, label, name) {
    const b = element('button', 'chip', group, label);
    b.type = 'button';
    b.dataset.range = name;
    b.setAttribute('role', 'radio');
    b.addEventListener('click', () => {
      if (name === 'custom') {
        showCustom(true);
        from.focus();
        return;
      }
      set({ range: name });
      onChange({ range: name });
    });
    return b;
  }

  function dateInput(group, label, name) {
    const input = element('input', 'date-input', group);
    input.type = 'date';
    input.name = name;
    input.setAttribute('aria-label', label);
    input.min = '2000-01-01';
    input.max = '2100-01-01';
    return input;
  }

  function showCustom(on) {
    custom.hidden = !on;
    customChip.setAttribute('aria-checked', String(on));
    if (on) {
      buttons.forEach((b) => b.setAttribute('aria-checked', 'false'));
    }
  }

  apply.addEventListener('click', () => {
    const next = { from: from.value, to: to.value ? shiftDate(to.value, 1) : '' };
    set(next);
    onChange(next);
  });
  custom.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      apply.click();
    }
  });

  function set(next) {
    current = next.range ? { range: next.range } : { from: next.from ?? '', to: next.to ?? '' };
    for (const [name, b] of buttons) {
      b.setAttribute('aria-checked', String(name === current.range));
    }
    if (current.range) {
      showCustom(false);
    } else {
      showCustom(true);
      from.value = current.from;
      to.value = current.to ? shiftDate(current.to, -1) : '';
    }
  }

  set(value);

  return {
    el: root,
    error,
    value: () => ({ ...current }),
    set,
    /** Shows the days the server resolved the range to (relative ranges are named, not computed here). */
    showResolved(range) {
      resolved.textContent = range ? `统计区间 ${describeRange(range)}` : '';
    },
  };
}
