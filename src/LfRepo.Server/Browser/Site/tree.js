// The folder tree: folders load when expanded (their first 500 children, folders only); expanded folders stay
// expanded across views in this tab.
import { api } from './api.js';
import { h, errorText } from './ui.js';

const expanded = new Set([1]);
const cache = new Map();

async function childFolders(id, fresh) {
  if (!fresh && cache.has(id)) return cache.get(id);
  const page = await api.get(`/Entries/${id}/Folder/Children?$select=id,name,isContainer,entryType&$orderby=${encodeURIComponent('name asc')}`,
    { headers: { Prefer: 'maxpagesize=500' } });
  const folders = { items: page.value.filter((e) => e.isContainer), more: !!page['@odata.nextLink'] };
  cache.set(id, folders);
  return folders;
}

export class FolderTree {
  constructor(container, navigate) {
    this.navigate = navigate;
    this.current = null;
    this.root = h('ul', { role: 'tree', class: 'tree', 'aria-label': 'Folder tree' });
    container.replaceChildren(h('h2', { class: 'side-title', text: 'Folders' }), this.root);
    this.root.addEventListener('keydown', (e) => this.key(e));
  }

  reveal(id) {
    this.current = id;
    this.root.replaceChildren(this.node({ id: 1, name: 'Repository' }, 1));
  }

  refresh(id) {
    cache.delete(id);
    this.reveal(this.current);
  }

  node(folder, level) {
    const open = expanded.has(folder.id);
    const group = h('ul', { role: 'group' });
    const toggle = h('button', { class: 'twisty', tabindex: '-1', 'aria-hidden': 'true', text: open ? '▾' : '▸', onclick: (e) => { e.stopPropagation(); flip(); } });
    const label = h('span', { class: 'tree-label', text: folder.name });
    const item = h('li', {
      role: 'treeitem', 'aria-level': String(level), 'aria-expanded': String(open), tabindex: folder.id === this.current || (this.current === null && level === 1) ? '0' : '-1',
      'aria-selected': String(folder.id === this.current), class: folder.id === this.current ? 'current' : '', dataset: { id: String(folder.id) },
    }, h('div', { class: 'tree-row', onclick: () => this.navigate(folder.id) }, toggle, h('span', { class: 'ico folder', 'aria-hidden': 'true' }), label), group);
    const fill = async () => {
      group.replaceChildren(h('li', { class: 'muted tree-note', role: 'none', text: 'Loading…' }));
      try {
        const { items, more } = await childFolders(folder.id);
        group.replaceChildren(...items.map((f) => this.node(f, level + 1)));
        if (more) group.append(h('li', { class: 'muted tree-note', role: 'none', text: 'More folders in the listing…' }));
        if (items.length === 0) item.removeAttribute('aria-expanded');
      } catch (err) { group.replaceChildren(h('li', { class: 'error tree-note', role: 'none', text: errorText(err) })); }
    };
    const flip = () => {
      if (expanded.has(folder.id)) { expanded.delete(folder.id); group.replaceChildren(); item.setAttribute('aria-expanded', 'false'); toggle.textContent = '▸'; }
      else { expanded.add(folder.id); item.setAttribute('aria-expanded', 'true'); toggle.textContent = '▾'; fill(); }
    };
    item.flip = flip;
    if (open) fill();
    return item;
  }

  key(e) {
    const items = [...this.root.querySelectorAll('[role=treeitem]')];
    const i = items.indexOf(document.activeElement);
    if (i < 0) return;
    const item = items[i];
    const focus = (el) => { if (!el) return; items.forEach((x) => x.setAttribute('tabindex', '-1')); el.setAttribute('tabindex', '0'); el.focus(); };
    switch (e.key) {
      case 'ArrowDown': e.preventDefault(); focus(items[i + 1]); break;
      case 'ArrowUp': e.preventDefault(); focus(items[i - 1]); break;
      case 'ArrowRight': e.preventDefault(); if (item.getAttribute('aria-expanded') === 'false') item.flip(); else focus(items[i + 1]); break;
      case 'ArrowLeft': e.preventDefault(); if (item.getAttribute('aria-expanded') === 'true') item.flip(); else focus(item.parentElement.closest('[role=treeitem]')); break;
      case 'Enter': case ' ': e.preventDefault(); this.navigate(Number(item.dataset.id)); break;
      default: break;
    }
  }
}
