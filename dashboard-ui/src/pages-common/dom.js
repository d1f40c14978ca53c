/** DOM helpers shared by the two pages. */
export function element(tag, className, parent, textContent) {
  const el = document.createElement(tag);
  if (className) {
    el.className = className;
  }
  if (textContent != null) {
    el.textContent = textContent;
  }
  parent?.appendChild(el);
  return el;
}

/**
 * A panel's state, shown over its body: loading (the previous picture dimmed under a spinner),
 * empty ("所选范围内暂无数据"), error (a message instead of stale figures), or ready. Tests and
 * print styles read {@code data-state}.
 */
export function panelState(panel) {
  const body = panel.querySelector('.panel-body') ?? panel;
  const note = element('div', 'panel-note', body);
  const set = (state, message = '') => {
    panel.dataset.state = state;
    note.textContent = message;
    note.className = `panel-note panel-note-${state}`;
  };
  set('idle');
  return {
    loading: () => set('loading', '加载中…'),
    ready: () => set('ready'),
    empty: (message = '所选范围内暂无数据') => set('empty', message),
    error: (message) => set('error', message),
  };
}

/** A segmented control (one choice of a few): returns { set(value), el }. */
export function segmented(parent, { options, value, label, onChange, className = '' }) {
  const group = element('div', `segmented ${className}`, parent);
  group.setAttribute('role', 'radiogroup');
  if (label) {
    group.setAttribute('aria-label', label);
  }
  const buttons = new Map();
  for (const [code, text] of options) {
    const b = element('button', 'seg', group, text);
    b.type = 'button';
    b.dataset.value = code;
    b.setAttribute('role', 'radio');
    b.addEventListener('click', () => {
      if (b.getAttribute('aria-checked') !== 'true') {
        set(code);
        onChange(code);
      }
    });
    buttons.set(code, b);
  }
  function set(code) {
    for (const [c, b] of buttons) {
      b.setAttribute('aria-checked', String(c === code));
    }
  }
  set(value);
  return { el: group, set };
}
