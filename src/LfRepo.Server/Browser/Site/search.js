// Search: "Simple" turns words into {LF:Basic~="…"} and runs SearchEntry (SimpleSearches, one truncated answer);
// "Laserfiche syntax" runs the command as written with StartSearchEntry, waits for the task, then pages through
// ListSearchResults.
import { api, waitForTask, SessionExpired } from './api.js';
import { h, formatTime, errorText } from './ui.js';

const SELECT = 'id,name,entryType,isContainer,templateName,lastModifiedTime,fullPath,extension';

export function simpleCommand(text) {
  return `{LF:Basic~="${text.replaceAll('"', '""')}"}`;
}

export async function renderSearch(main, query, mode, { open }) {
  let alive = true;
  const command = mode === 'syntax' ? query : simpleCommand(query);
  const status = h('p', { class: 'muted', id: 'search-status', 'aria-live': 'polite', text: 'Searching…' });
  const progress = h('progress', { max: 100, value: 0, 'aria-label': 'Search progress' });
  const tbody = h('tbody');
  const more = h('button', { class: 'secondary', text: 'More results', hidden: true });
  const table = h('table', { class: 'results', id: 'search-results', 'aria-label': 'Search results' },
    h('thead', {}, h('tr', {}, ['Name', 'Type', 'Template', 'Path', 'Modified'].map((c) => h('th', { scope: 'col', text: c })))), tbody);
  main.replaceChildren(
    h('div', { class: 'title-row' }, h('h1', { text: 'Search' }), h('code', { class: 'command', text: command })),
    status, progress, table, more);

  const add = (rows) => {
    for (const e of rows) {
      tbody.append(h('tr', { dataset: { id: String(e.id) } },
        h('td', {}, h('a', { href: e.isContainer ? `#/folder/${e.id}` : `#/entry/${e.id}`, text: e.name, onclick: (ev) => { ev.preventDefault(); open(e); } })),
        h('td', { text: e.entryType }), h('td', { text: e.templateName ?? '' }), h('td', { text: e.fullPath ?? '' }), h('td', { text: formatTime(e.lastModifiedTime) })));
    }
  };

  try {
    if (mode === 'syntax') {
      const started = await api.send('POST', '/Searches/SearchAsync', { searchCommand: command });
      const task = await waitForTask(started.taskId, (t) => { if (alive) { progress.value = t.percentComplete ?? 0; status.textContent = `Search ${t.status.toLowerCase()}… ${t.percentComplete ?? 0}%`; } });
      if (task.status !== 'Completed') throw new Error(task.errors?.map((x) => x.detail ?? x.title).join('; ') || `The search ${task.status.toLowerCase()}.`);
      let next = `/Searches/${encodeURIComponent(started.taskId)}/Results?$count=true&$select=${SELECT}`;
      let count = 0, total = null;
      const page = async () => {
        const result = await api.get(next, { headers: { Prefer: 'maxpagesize=500' } });
        if (!alive) return;
        add(result.value);
        count += result.value.length;
        total = result['@odata.count'] ?? total;
        next = result['@odata.nextLink'] ?? null;
        more.hidden = !next;
        status.textContent = `${count.toLocaleString()} of ${(total ?? count).toLocaleString()} results`;
      };
      more.onclick = () => page().catch((err) => { status.textContent = errorText(err); });
      await page();
    } else {
      const result = await api.send('POST', `/SimpleSearches?$count=true&$select=${SELECT}`, { searchCommand: command });
      add(result.value);
      status.textContent = `${result.value.length.toLocaleString()} results${result['@odata.count'] > result.value.length ? ` (first of ${result['@odata.count']})` : ''}`;
    }
    progress.hidden = true;
    if (!tbody.children.length) tbody.append(h('tr', {}, h('td', { colspan: '5', class: 'muted', text: 'Nothing matches.' })));
  } catch (err) {
    if (err instanceof SessionExpired) return () => {};
    progress.hidden = true;
    status.className = 'error';
    status.setAttribute('role', 'alert');
    status.textContent = `The search failed: ${errorText(err)}`;
  }
  return () => { alive = false; };
}
