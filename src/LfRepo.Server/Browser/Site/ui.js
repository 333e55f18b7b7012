// Small DOM helpers: h() builds elements, toasts report progress, ask() is a modal prompt.
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === 'text') el.textContent = v;
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function toast(message, { kind = 'info', progress } = {}) {
  const bar = h('progress', { max: 1, value: progress ?? 0, hidden: progress === undefined, 'aria-label': 'Progress' });
  const text = h('span', { class: 'toast-text', text: message });
  const close = h('button', { class: 'icon', 'aria-label': 'Dismiss', text: '×', onclick: () => el.remove() });
  const el = h('div', { class: `toast ${kind}` }, text, bar, close);
  document.getElementById('toasts').append(el);
  const handle = {
    el,
    update(msg, value) {
      if (msg) text.textContent = msg;
      if (value !== undefined) { bar.hidden = false; bar.value = value; }
      return handle;
    },
    done(msg, k = 'ok', ms = 4000) {
      el.className = `toast ${k}`;
      if (msg) text.textContent = msg;
      bar.hidden = true;
      if (ms) setTimeout(() => el.remove(), ms);
      return handle;
    },
  };
  if (kind === 'error' || kind === 'ok') setTimeout(() => el.remove(), kind === 'error' ? 8000 : 4000);
  return handle;
}

/** A modal with labelled inputs; resolves with their values, or null when cancelled. */
export function ask(title, fields, submitLabel = 'OK') {
  return new Promise((resolve) => {
    const inputs = fields.map((f, i) => {
      const id = `ask-${i}`;
      const input = f.options
        ? h('select', { id, name: f.name }, f.options.map((o) => h('option', { value: o.value, text: o.label, selected: o.value === f.value })))
        : h(f.multiline ? 'textarea' : 'input', { id, name: f.name, value: f.value ?? '', type: f.type ?? 'text', required: f.required, placeholder: f.placeholder ?? '' });
      return h('label', { for: id, class: 'field' }, h('span', { text: f.label }), input);
    });
    const dialog = h('dialog', { class: 'dialog', 'aria-label': title });
    const form = h('form', {
      onsubmit: (e) => {
        e.preventDefault();
        const values = Object.fromEntries(fields.map((f, i) => [f.name, inputs[i].querySelector('input,select,textarea').value]));
        dialog.close();
        dialog.remove();
        resolve(values);
      },
    },
    h('h2', { text: title }),
    inputs,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', text: 'Cancel', onclick: () => { dialog.close(); dialog.remove(); resolve(null); } }),
      h('button', { type: 'submit', class: 'primary', text: submitLabel })));
    dialog.append(form);
    dialog.addEventListener('cancel', () => { dialog.remove(); resolve(null); });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector('input,select,textarea')?.focus();
  });
}

export function confirmDialog(title, message, okLabel = 'Delete') {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'dialog', 'aria-label': title });
    const finish = (v) => { dialog.close(); dialog.remove(); resolve(v); };
    dialog.append(h('h2', { text: title }), h('p', { text: message }),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', text: 'Cancel', onclick: () => finish(false) }),
        h('button', { type: 'button', class: 'danger', text: okLabel, onclick: () => finish(true) })));
    dialog.addEventListener('cancel', () => { dialog.remove(); resolve(false); });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector('.danger').focus();
  });
}

export function formatSize(bytes) {
  if (bytes === undefined || bytes === null) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1024, i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function formatTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function errorText(e) {
  return e?.message || String(e);
}
