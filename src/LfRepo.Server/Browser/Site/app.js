// The LfRepo repository browser: hash routes over the public API.
//   #/folder/{id}   a folder's listing      #/entry/{id}   a document
//   #/search?q=&mode=simple|syntax          #/emulator     the control plane
import { api, session, signIn, listRepositories, whenExpired, SessionExpired, importFile, waitForTask } from './api.js';
import { h, toast, ask, confirmDialog, formatSize, formatTime, errorText } from './ui.js';
import { FolderListing } from './listing.js';
import { FolderTree } from './tree.js';
import { renderDocument } from './document.js';
import { renderEmulator } from './emulator.js';
import { renderSearch } from './search.js';

const app = document.getElementById('app');
let stopView = () => {};
let tree = null;

whenExpired((message) => showSignIn(message));

function route() {
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean);
  return { parts, params: new URLSearchParams(query) };
}

export function go(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

window.addEventListener('hashchange', () => render());

async function showSignIn(message) {
  stopView();
  stopView = () => {};
  tree = null;
  const error = h('p', { class: 'error', role: 'alert', id: 'signin-error', text: message ?? '' });
  const repo = h('select', { id: 'signin-repo', name: 'repository' });
  const user = h('input', { id: 'signin-user', name: 'username', autocomplete: 'username', required: true, value: 'admin' });
  const pass = h('input', { id: 'signin-pass', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const button = h('button', { type: 'submit', class: 'primary', text: 'Sign in' });
  const form = h('form', {
    class: 'signin card', 'aria-labelledby': 'signin-title',
    onsubmit: async (e) => {
      e.preventDefault();
      button.disabled = true;
      error.textContent = '';
      try {
        await signIn(repo.value, user.value, pass.value);
        if (!location.hash || location.hash === '#') location.hash = '#/folder/1';
        render();
      } catch (err) {
        error.textContent = err.status === 401 ? 'Wrong user name or password.' : errorText(err);
        pass.select();
      } finally {
        button.disabled = false;
      }
    },
  },
  h('div', { class: 'brand big' }, h('img', { src: '/app/logo.svg', alt: '' }), h('span', { text: 'LfRepo' })),
  h('h1', { id: 'signin-title', text: 'Sign in to the repository' }),
  h('label', { class: 'field', for: 'signin-repo' }, h('span', { text: 'Repository' }), repo),
  h('label', { class: 'field', for: 'signin-user' }, h('span', { text: 'User name' }), user),
  h('label', { class: 'field', for: 'signin-pass' }, h('span', { text: 'Password' }), pass),
  error, button,
  h('p', { class: 'hint', text: 'The token is kept in this tab only (session storage).' }));
  app.replaceChildren(h('main', { class: 'signin-page' }, form));
  pass.focus();
  try {
    const repos = await listRepositories();
    repo.replaceChildren(...repos.map((r) => h('option', { value: r.id, text: `${r.name} (${r.id})` })));
  } catch (err) {
    error.textContent = `The repositories could not be listed: ${errorText(err)}`;
  }
}

function shell(active) {
  const s = session.get();
  const searchInput = h('input', { type: 'search', id: 'search-input', name: 'q', placeholder: 'Search…', 'aria-label': 'Search text' });
  const mode = h('select', { id: 'search-mode', 'aria-label': 'Search mode' },
    h('option', { value: 'simple', text: 'Simple' }), h('option', { value: 'syntax', text: 'Laserfiche syntax' }));
  const { params } = route();
  if (route().parts[0] === 'search') { searchInput.value = params.get('q') ?? ''; mode.value = params.get('mode') ?? 'simple'; }
  const header = h('header', { class: 'topbar' },
    h('a', { class: 'brand', href: '#/folder/1', 'aria-label': 'LfRepo home' }, h('img', { src: '/app/logo.svg', alt: '' }), h('span', { text: 'LfRepo' })),
    h('nav', { 'aria-label': 'Main' },
      h('a', { href: '#/folder/1', class: active === 'browse' ? 'active' : '', text: 'Browse' }),
      h('a', { href: '#/emulator', class: active === 'emulator' ? 'active' : '', text: 'Emulator' })),
    h('form', { class: 'search', role: 'search', onsubmit: (e) => {
      e.preventDefault();
      if (searchInput.value.trim()) go(`#/search?mode=${mode.value}&q=${encodeURIComponent(searchInput.value.trim())}`);
    } }, searchInput, mode, h('button', { type: 'submit', class: 'primary', text: 'Search' })),
    h('div', { class: 'user' },
      h('span', { class: 'muted', text: `${s.username} @ ${s.repositoryId}` }),
      h('button', { class: 'secondary', text: 'Sign out', onclick: () => { session.clear(); location.hash = ''; showSignIn('Signed out.'); } })));
  const main = h('main', { id: 'main', class: 'content', tabindex: '-1' });
  const side = h('aside', { class: 'sidebar', 'aria-label': 'Folders' });
  app.replaceChildren(header, h('div', { class: 'layout' }, side, main));
  return { main, side };
}

async function render() {
  stopView();
  stopView = () => {};
  if (!session.get()?.token) { showSignIn(); return; }
  const { parts, params } = route();
  const view = parts[0] ?? 'folder';
  const { main, side } = shell(view === 'emulator' ? 'emulator' : 'browse');
  try {
    if (view === 'emulator') {
      side.remove();
      stopView = await renderEmulator(main);
      return;
    }
    tree = new FolderTree(side, (id) => go(`#/folder/${id}`));
    if (view === 'entry') {
      const entry = await api.get(`/Entries/${Number(parts[1])}`);
      tree.reveal(entry.parentId ?? 1);
      if (entry.isContainer) { go(`#/folder/${entry.id}`); return; }
      stopView = await renderDocument(main, entry, { breadcrumb, entryInfo });
    } else if (view === 'search') {
      tree.reveal(1);
      stopView = await renderSearch(main, params.get('q') ?? '', params.get('mode') ?? 'simple', { open: openEntry });
    } else {
      const id = Number(parts[1] ?? 1) || 1;
      const folder = await api.get(`/Entries/${id}`);
      tree.reveal(folder.id);
      stopView = renderFolder(main, folder);
    }
  } catch (err) {
    if (err instanceof SessionExpired) return;
    main.replaceChildren(h('div', { class: 'card error-card', role: 'alert' }, h('h1', { text: 'Could not open this view' }), h('p', { text: errorText(err) }),
      h('a', { href: '#/folder/1', text: 'Go to the root folder' })));
  }
}

export function openEntry(entry) {
  go(entry.isContainer || entry.entryType === 'Folder' || entry.entryType === 'RecordSeries' ? `#/folder/${entry.id}` : `#/entry/${entry.id}`);
}

/** The breadcrumb of an entry's full path; each folder is looked up by path when clicked. */
export function breadcrumb(entry) {
  const names = (entry.fullPath ?? '\\').split('\\').filter(Boolean);
  const nav = h('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' });
  const ol = h('ol');
  ol.append(h('li', {}, h('a', { href: '#/folder/1', text: 'Repository' })));
  names.forEach((name, i) => {
    const path = '\\' + names.slice(0, i + 1).join('\\');
    const last = i === names.length - 1;
    const link = last
      ? h('span', { 'aria-current': 'page', text: name })
      : h('a', { href: '#', text: name, onclick: async (e) => {
          e.preventDefault();
          try {
            const found = await api.get(`/Entries/ByPath?fullPath=${encodeURIComponent(path)}`);
            openEntry(found.entry ?? found);
          } catch (err) { toast(errorText(err), { kind: 'error' }); }
        } });
    ol.append(h('li', {}, link));
  });
  nav.append(ol);
  return nav;
}

export function entryInfo(entry) {
  const link = `${location.origin}/#/${entry.isContainer ? 'folder' : 'entry'}/${entry.id}`;
  return h('div', { class: 'entry-info' },
    h('span', {}, 'Id ', h('code', { id: 'entry-id', text: String(entry.id) })),
    h('span', {}, 'Path ', h('code', { id: 'entry-path', text: entry.fullPath ?? '' })),
    h('button', { class: 'secondary small', text: 'Copy link', 'aria-label': 'Copy a link to this entry', onclick: async () => {
      try { await navigator.clipboard.writeText(link); toast('Link copied.', { kind: 'ok' }); }
      catch { toast(`Link: ${link}`, { kind: 'info' }); }
    } }));
}

function renderFolder(main, folder) {
  const status = h('span', { class: 'muted', id: 'listing-status', 'aria-live': 'polite' });
  const listing = new FolderListing(folder.id, { open: openEntry, onStatus: (text) => { status.textContent = text; }, onKey: (e, entry) => keyAction(e, entry) });
  const fileInput = h('input', { type: 'file', multiple: true, hidden: true, id: 'upload-input', 'aria-label': 'Files to upload',
    onchange: () => { upload([...fileInput.files]); fileInput.value = ''; } });

  const selected = () => listing.selected();
  const need = (fn) => async () => { const e = selected(); if (!e) { toast('Select an entry first.', { kind: 'info' }); return; } await fn(e); };

  async function createFolder() {
    const v = await ask('New folder', [{ name: 'name', label: 'Folder name', required: true }], 'Create');
    if (!v?.name) return;
    try {
      await api.send('POST', `/Entries/${folder.id}/Folder/Children`, { entryType: 'Folder', name: v.name });
      toast(`Created folder “${v.name}”.`, { kind: 'ok' });
      listing.reload();
      tree.refresh(folder.id);
    } catch (err) { toast(errorText(err), { kind: 'error' }); }
  }

  async function rename(entry) {
    const v = await ask(`Rename “${entry.name}”`, [{ name: 'name', label: 'New name', value: entry.name, required: true }], 'Rename');
    if (!v?.name || v.name === entry.name) return;
    try {
      await api.send('PATCH', `/Entries/${entry.id}`, { name: v.name });
      toast(`Renamed to “${v.name}”.`, { kind: 'ok' });
      listing.reload();
      tree.refresh(folder.id);
    } catch (err) { toast(errorText(err), { kind: 'error' }); }
  }

  async function move(entry) {
    const v = await ask(`Move “${entry.name}”`, [{ name: 'path', label: 'Destination folder path', value: folder.fullPath ?? '\\', required: true, placeholder: '\\Folder\\Sub' }], 'Move');
    if (!v?.path) return;
    try {
      const target = await api.get(`/Entries/ByPath?fullPath=${encodeURIComponent(v.path)}`);
      const dest = target.entry ?? target;
      await api.send('PATCH', `/Entries/${entry.id}`, { parentId: dest.id });
      toast(`Moved “${entry.name}” to ${dest.fullPath}.`, { kind: 'ok' });
      listing.reload();
      tree.refresh(folder.id);
      tree.refresh(dest.id);
    } catch (err) { toast(errorText(err), { kind: 'error' }); }
  }

  async function remove(entry) {
    if (!await confirmDialog(`Delete “${entry.name}”?`, entry.isContainer ? 'The folder and everything in it will be deleted.' : 'The entry will be deleted.')) return;
    const t = toast(`Deleting “${entry.name}”…`, { progress: 0 });
    try {
      const started = await api.send('DELETE', `/Entries/${entry.id}`, {});
      const task = await waitForTask(started.taskId, (task) => t.update(`Deleting “${entry.name}”: ${task.status} ${task.percentComplete ?? 0}%`, (task.percentComplete ?? 0) / 100));
      if (task.status === 'Completed') t.done(`Deleted “${entry.name}”.`, 'ok');
      else t.done(`Deleting “${entry.name}” ${task.status.toLowerCase()}: ${task.errors?.map((x) => x.detail ?? x.title).join('; ') || 'no detail'}`, 'error', 0);
      listing.reload();
      tree.refresh(folder.id);
    } catch (err) { t.done(errorText(err), 'error', 0); }
  }

  async function upload(files) {
    for (const file of files) {
      const t = toast(`Uploading ${file.name}…`, { progress: 0 });
      try {
        const entry = await importFile(folder.id, file, (p) => t.update(`Uploading ${file.name}: ${Math.round(p * 100)}%`, p));
        t.done(`Uploaded ${file.name} as “${entry.name}” (id ${entry.id}).`, 'ok');
      } catch (err) { t.done(`${file.name}: ${errorText(err)}`, 'error', 0); }
    }
    listing.reload();
  }

  function keyAction(e, entry) {
    if (e.key === 'Delete' && entry) { e.preventDefault(); remove(entry); }
    else if (e.key === 'F2' && entry) { e.preventDefault(); rename(entry); }
  }

  const toolbar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Folder actions' },
    h('button', { class: 'primary', text: 'New folder', onclick: createFolder }),
    h('button', { class: 'secondary', text: 'Upload', onclick: () => fileInput.click() }),
    h('span', { class: 'sep' }),
    h('button', { class: 'secondary', text: 'Open', onclick: need(async (e) => openEntry(e)) }),
    h('button', { class: 'secondary', text: 'Rename', 'aria-keyshortcuts': 'F2', onclick: need(rename) }),
    h('button', { class: 'secondary', text: 'Move', onclick: need(move) }),
    h('button', { class: 'danger', text: 'Delete', 'aria-keyshortcuts': 'Delete', onclick: need(remove) }),
    fileInput);

  const drop = h('section', { class: 'drop', 'aria-label': `Contents of ${folder.name || 'the repository'}` }, listing.element,
    h('div', { class: 'drop-hint', 'aria-hidden': 'true', text: 'Drop files to upload them here' }));
  drop.addEventListener('dragover', (e) => { if (e.dataTransfer?.types?.includes('Files')) { e.preventDefault(); drop.classList.add('dragging'); } });
  drop.addEventListener('dragleave', (e) => { if (!drop.contains(e.relatedTarget)) drop.classList.remove('dragging'); });
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('dragging');
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length) upload(files);
  });

  main.replaceChildren(
    breadcrumb(folder),
    h('div', { class: 'title-row' }, h('h1', { text: folder.name || 'Repository' }), status),
    entryInfo(folder),
    toolbar,
    drop);
  listing.load();
  return () => listing.stop();
}

export { formatSize, formatTime };

render();
