/** Small DOM helpers that write only when something changed, so steady updates cost no layout. */
export function setText(el, text) {
  const value = String(text);
  if (el.__text !== value) {
    el.__text = value;
    el.textContent = value;
  }
}

export function setHtml(el, html) {
  if (el.__html !== html) {
    el.__html = html;
    el.innerHTML = html;
  }
}

export function setClass(el, className) {
  if (el.className !== className) {
    el.className = className;
  }
}

export function element(tag, className, parent) {
  const el = document.createElement(tag);
  if (className) {
    el.className = className;
  }
  if (parent) {
    parent.appendChild(el);
  }
  return el;
}

/** A centred note over a panel body ("今日暂无受理"), shown while the panel has nothing to draw. */
export function emptyNote(body, text) {
  const note = element('div', 'empty-note', body);
  note.textContent = text;
  note.hidden = true;
  return (show) => {
    if (note.hidden === show) {
      note.hidden = !show;
    }
  };
}
