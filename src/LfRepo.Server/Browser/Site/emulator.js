// The emulator page, over the /_emulator control plane (an administrator's token): the request journal live,
// reset, snapshots, the clock, fault rules, task pacing and the limits profile.
import { api, request, SessionExpired } from './api.js';
import { h, toast, confirmDialog, formatSize, formatTime, errorText } from './ui.js';

const JOURNAL_ROWS = 300;

export async function renderEmulator(main) {
  let alive = true;
  let timer = 0;
  const guard = (fn) => async (...args) => {
    try { await fn(...args); } catch (err) { if (!(err instanceof SessionExpired)) toast(errorText(err), { kind: 'error' }); }
  };

  let info;
  try { info = await api.control('GET', ''); }
  catch (err) {
    if (err.status === 403) {
      main.replaceChildren(h('div', { class: 'card error-card', role: 'alert' }, h('h1', { text: 'Emulator' }), h('p', { text: 'The emulator page needs an administrator. Sign in as one.' })));
      return () => {};
    }
    if (err.status === 404) {
      main.replaceChildren(h('div', { class: 'card error-card', role: 'alert' }, h('h1', { text: 'Emulator' }), h('p', { text: 'The control plane is turned off on this server (--no-control-plane).' })));
      return () => {};
    }
    throw err;
  }

  // --- info and reset ------------------------------------------------------------------------------------------
  const infoList = h('dl', { class: 'props', id: 'emulator-info' });
  const showInfo = (i) => infoList.replaceChildren(
    h('dt', { text: 'Version' }), h('dd', { text: i.version }),
    h('dt', { text: 'Store' }), h('dd', { text: i.store }),
    h('dt', { text: 'Repository' }), h('dd', { text: i.repositoryId }),
    h('dt', { text: 'Started' }), h('dd', { text: formatTime(i.startedAt) }),
    h('dt', { text: 'Clock' }), h('dd', { id: 'emulator-now', text: formatTime(i.now) }));
  showInfo(info);
  const resetSeed = h('select', { id: 'reset-seed', 'aria-label': 'Reset to' }, h('option', { value: '', text: 'the start-up seed' }), h('option', { value: 'empty', text: 'an empty repository' }));
  const reset = h('button', { class: 'danger', id: 'reset', text: 'Reset repository', onclick: guard(async () => {
    if (!await confirmDialog('Reset the repository?', 'Every entry, document and definition goes back to the chosen seed. Snapshots, users, faults and the journal stay.', 'Reset')) return;
    await request('POST', `/_emulator/reset${resetSeed.value ? '?seed=' + resetSeed.value : ''}`);
    toast('The repository was reset.', { kind: 'ok' });
    loadSnapshots();
  }) });

  // --- snapshots -------------------------------------------------------------------------------------------------
  const snapName = h('input', { id: 'snapshot-name', placeholder: 'fixture-name', pattern: '[A-Za-z0-9_\\-][A-Za-z0-9_.\\-]{0,63}', 'aria-label': 'Snapshot name' });
  const snapBody = h('tbody');
  const loadSnapshots = guard(async () => {
    const list = await api.control('GET', '/snapshots');
    snapBody.replaceChildren(...(list.value.length ? list.value.map((s) => h('tr', { dataset: { name: s.name } },
      h('td', { text: s.name }), h('td', { text: formatTime(s.createdAt) }), h('td', { text: String(s.entryCount) }), h('td', { text: formatSize(s.sizeBytes) }),
      h('td', { class: 'row-actions' },
        h('button', { class: 'secondary small', text: 'Restore', 'aria-label': `Restore ${s.name}`, onclick: guard(async () => {
          await request('POST', `/_emulator/snapshots/${encodeURIComponent(s.name)}/restore`);
          toast(`Restored ${s.name}.`, { kind: 'ok' });
        }) }),
        h('button', { class: 'secondary small', text: 'Download', 'aria-label': `Download ${s.name}`, onclick: guard(async () => {
          const blob = await request('GET', `/_emulator/snapshots/${encodeURIComponent(s.name)}/archive`, { as: 'blob' });
          const url = URL.createObjectURL(blob);
          const a = h('a', { href: url, download: `${s.name}.lfrepo.zip` });
          document.body.append(a); a.click(); a.remove();
          setTimeout(() => URL.revokeObjectURL(url), 10000);
        }) }),
        h('button', { class: 'danger small', text: 'Delete', 'aria-label': `Delete ${s.name}`, onclick: guard(async () => {
          await request('DELETE', `/_emulator/snapshots/${encodeURIComponent(s.name)}`);
          loadSnapshots();
        }) }))))
      : [h('tr', {}, h('td', { colspan: '5', class: 'muted', text: 'No snapshots yet.' }))]));
  });
  const saveSnapshot = h('form', { class: 'inline', onsubmit: guard(async (e) => {
    e.preventDefault();
    if (!snapName.value) return;
    const s = await request('PUT', `/_emulator/snapshots/${encodeURIComponent(snapName.value)}`);
    toast(`Saved snapshot ${s.name} (${s.entryCount} entries).`, { kind: 'ok' });
    snapName.value = '';
    loadSnapshots();
  }) }, snapName, h('button', { class: 'primary', type: 'submit', text: 'Save snapshot' }));

  // --- clock ---------------------------------------------------------------------------------------------------------
  const clockText = h('span', { id: 'clock-state' });
  const showClock = (c) => { clockText.textContent = `${formatTime(c.now)} (offset ${Math.round(c.offsetSeconds)} s)`; };
  const advance = h('input', { type: 'number', id: 'clock-advance', value: '3600', 'aria-label': 'Seconds to advance' });
  const setAt = h('input', { type: 'datetime-local', id: 'clock-at', 'aria-label': 'Set the clock to' });
  const clock = h('div', { class: 'stack' }, h('p', {}, 'Now: ', clockText),
    h('form', { class: 'inline', onsubmit: guard(async (e) => { e.preventDefault(); showClock(await api.control('POST', '/clock', { advanceSeconds: Number(advance.value) })); }) },
      advance, h('button', { class: 'secondary', type: 'submit', text: 'Advance (seconds)' })),
    h('form', { class: 'inline', onsubmit: guard(async (e) => { e.preventDefault(); if (setAt.value) showClock(await api.control('POST', '/clock', { now: new Date(setAt.value).toISOString() })); }) },
      setAt, h('button', { class: 'secondary', type: 'submit', text: 'Set' })),
    h('button', { class: 'secondary', text: 'Real time', onclick: guard(async () => { await request('DELETE', '/_emulator/clock'); showClock(await api.control('GET', '/clock')); }) }));

  // --- faults -------------------------------------------------------------------------------------------------------
  const faultBody = h('tbody');
  const loadFaults = guard(async () => {
    const list = await api.control('GET', '/faults');
    faultBody.replaceChildren(...(list.value.length ? list.value.map((f) => h('tr', {},
      h('td', { text: f.operationId ?? f.path ?? '' }), h('td', { text: f.method ?? 'any' }), h('td', { text: f.status ? String(f.status) : '' }),
      h('td', { text: f.delayMs ? `${f.delayMs} ms` : '' }), h('td', { text: f.times ?? '∞' }),
      h('td', {}, h('button', { class: 'danger small', text: 'Remove', 'aria-label': `Remove fault ${f.id}`, onclick: guard(async () => { await request('DELETE', `/_emulator/faults/${encodeURIComponent(f.id)}`); loadFaults(); }) }))))
      : [h('tr', {}, h('td', { colspan: '6', class: 'muted', text: 'No fault rules.' }))]));
  });
  const fOp = h('input', { id: 'fault-target', placeholder: 'GetEntry or /LFRepositoryAPI/v2/…', 'aria-label': 'Operation id or path prefix' });
  const fStatus = h('input', { id: 'fault-status', type: 'number', value: '503', 'aria-label': 'Status' });
  const fTimes = h('input', { id: 'fault-times', type: 'number', placeholder: '∞', 'aria-label': 'Times' });
  const fDelay = h('input', { id: 'fault-delay', type: 'number', placeholder: '0', 'aria-label': 'Delay in milliseconds' });
  const addFault = h('form', { class: 'inline', onsubmit: guard(async (e) => {
    e.preventDefault();
    const target = fOp.value.trim();
    const rule = target.startsWith('/') ? { path: target } : { operationId: target };
    if (fStatus.value) rule.status = Number(fStatus.value);
    if (fTimes.value) rule.times = Number(fTimes.value);
    if (fDelay.value) rule.delayMs = Number(fDelay.value);
    await api.control('POST', '/faults', rule);
    loadFaults();
  }) }, fOp, fStatus, fTimes, fDelay, h('button', { class: 'primary', type: 'submit', text: 'Add fault' }),
  h('button', { class: 'secondary', type: 'button', text: 'Remove all', onclick: guard(async () => { await request('DELETE', '/_emulator/faults'); loadFaults(); }) }));

  // --- tasks and limits ---------------------------------------------------------------------------------------------
  const mode = h('select', { id: 'task-mode', 'aria-label': 'Task mode' }, ['immediate', 'delay', 'manual'].map((m) => h('option', { value: m, text: m })));
  const delay = h('input', { id: 'task-delay', type: 'number', 'aria-label': 'Task delay in milliseconds' });
  const profile = h('select', { id: 'limits-profile', 'aria-label': 'Limits profile' }, ['none', 'cloud'].map((p) => h('option', { value: p, text: p })));
  const pacing = h('form', { class: 'inline', onsubmit: guard(async (e) => {
    e.preventDefault();
    const state = await api.control('PUT', '/tasks/mode', { mode: mode.value, delayMs: delay.value ? Number(delay.value) : undefined });
    mode.value = state.mode; delay.value = String(state.delayMs);
    await api.control('PUT', '/limits', { profile: profile.value });
    toast('Task mode and limits saved.', { kind: 'ok' });
  }) }, h('label', { class: 'inline-label' }, 'Tasks ', mode), h('label', { class: 'inline-label' }, 'Delay (ms) ', delay),
  h('label', { class: 'inline-label' }, 'Limits ', profile), h('button', { class: 'secondary', type: 'submit', text: 'Apply' }));

  // --- journal -----------------------------------------------------------------------------------------------------------
  const journalBody = h('tbody', { id: 'journal-body' });
  const live = h('input', { type: 'checkbox', id: 'journal-live', checked: true });
  const filter = h('input', { id: 'journal-filter', type: 'search', placeholder: 'Filter by path or operation', 'aria-label': 'Filter the journal' });
  let since = 0;
  const rows = [];
  const drawJournal = () => {
    const f = filter.value.trim().toLowerCase();
    const shown = rows.filter((r) => !f || r.path.toLowerCase().includes(f) || (r.operationId ?? '').toLowerCase().includes(f));
    journalBody.replaceChildren(...shown.map((r) => h('tr', { class: r.status >= 400 ? 'bad' : '' },
      h('td', { text: String(r.sequence) }), h('td', { text: new Date(r.timestamp).toLocaleTimeString() }), h('td', { text: r.method }),
      h('td', { class: 'path', text: r.path + (r.query ?? '') }), h('td', { text: r.operationId ?? '' }), h('td', { text: String(r.status) }),
      h('td', { text: r.user ?? '' }), h('td', { text: `${Math.round(r.durationMs)} ms` }))));
  };
  filter.addEventListener('input', drawJournal);
  const poll = async () => {
    if (!alive) return;
    if (live.checked) {
      try {
        const page = await api.control('GET', `/requests?since=${since}&limit=${JOURNAL_ROWS}`);
        const fresh = page.value.filter((r) => !r.path.startsWith('/_emulator/requests'));
        if (page.value.length) since = Math.max(since, ...page.value.map((r) => r.sequence));
        if (fresh.length) {
          rows.unshift(...fresh.reverse());
          rows.length = Math.min(rows.length, JOURNAL_ROWS);
          drawJournal();
        }
        const now = await api.control('GET', '');
        showInfo(now);
      } catch (err) { if (err instanceof SessionExpired) return; }
    }
    if (alive) timer = setTimeout(poll, 1000);
  };
  const clear = h('button', { class: 'secondary', text: 'Clear journal', onclick: guard(async () => { await request('DELETE', '/_emulator/requests'); rows.length = 0; drawJournal(); }) });

  const section = (title, ...content) => h('section', { class: 'card', 'aria-label': title }, h('h2', { text: title }), ...content);
  main.replaceChildren(
    h('div', { class: 'title-row' }, h('h1', { text: 'Emulator' }), h('span', { class: 'muted', text: 'the /_emulator control plane' })),
    h('div', { class: 'emu-grid' },
      section('Server', infoList, h('div', { class: 'inline' }, reset, h('label', { class: 'inline-label', for: 'reset-seed' }, 'to ', resetSeed))),
      section('Snapshots', saveSnapshot, h('table', { class: 'results' }, h('thead', {}, h('tr', {}, ['Name', 'Saved', 'Entries', 'Size', ''].map((c) => h('th', { scope: 'col', text: c })))), snapBody)),
      section('Clock', clock),
      section('Faults', addFault, h('table', { class: 'results' }, h('thead', {}, h('tr', {}, ['Target', 'Method', 'Status', 'Delay', 'Times', ''].map((c) => h('th', { scope: 'col', text: c })))), faultBody)),
      section('Tasks and limits', pacing)),
    section('Request journal',
      h('div', { class: 'inline' }, h('label', { class: 'check', for: 'journal-live' }, live, 'Live'), filter, clear),
      h('div', { class: 'journal-wrap' }, h('table', { class: 'results journal', id: 'journal', 'aria-label': 'Request journal' },
        h('thead', {}, h('tr', {}, ['#', 'Time', 'Method', 'Path', 'Operation', 'Status', 'User', 'Duration'].map((c) => h('th', { scope: 'col', text: c })))), journalBody))));

  const [clockState, taskMode, limits] = await Promise.all([
    api.control('GET', '/clock'), api.control('GET', '/tasks/mode'), api.control('GET', '/limits').catch(() => ({ profile: 'none' }))]);
  showClock(clockState);
  mode.value = taskMode.mode; delay.value = String(taskMode.delayMs); profile.value = limits.profile;
  loadSnapshots();
  loadFaults();
  poll();
  return () => { alive = false; clearTimeout(timer); };
}
