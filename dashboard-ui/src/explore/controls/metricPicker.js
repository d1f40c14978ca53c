import { element } from '../../pages-common/dom.js';

/** Metrics by family, so that 23 toggles read as four short rows. Labels come from the API. */
const FAMILIES = [['数量', ['count']], ['比率', ['ratio', 'score']], ['金额', ['yuan']], ['时长', ['hours', 'days']]];

/** Toggles for the metrics; the order of choice is kept (the first chosen ranks and charts by default). */
export function metricPicker(parent, { metrics, value, onChange }) {
  const root = element('div', 'metric-picker', parent);
  root.dataset.control = 'metrics';
  const inputs = new Map();
  let chosen = [...value];
  for (const [family, units] of FAMILIES) {
    const members = metrics.filter((m) => units.includes(m.unit));
    if (!members.length) {
      continue;
    }
    const row = element('div', 'metric-family', root);
    element('div', 'metric-family-name', row, family);
    const toggles = element('div', 'toggles', row);
    for (const m of members) {
      const label = element('label', 'toggle', toggles);
      label.dataset.metric = m.name;
      const input = element('input', '', label);
      input.type = 'checkbox';
      input.value = m.name;
      label.append(m.label);
      input.addEventListener('change', () => {
        chosen = input.checked ? [...chosen.filter((c) => c !== m.name), m.name] : chosen.filter((c) => c !== m.name);
        onChange([...chosen]);
      });
      inputs.set(m.name, input);
    }
  }
  const error = element('div', 'field-error', parent);

  function set(next) {
    chosen = [...next];
    for (const [name, input] of inputs) {
      input.checked = chosen.includes(name);
    }
  }
  set(value);
  return { el: root, error, set };
}
