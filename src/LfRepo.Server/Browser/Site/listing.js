// A folder's children: a virtualised grid (only the visible rows are in the DOM) that follows @odata.nextLink as
// the user scrolls, so a folder of 100,000 entries opens at once and pages on demand. Sorting is the server's $orderby.
import { api, SessionExpired } from './api.js';
import { h, formatSize, formatTime, errorText } from './ui.js';

const ROW = 34;
const PAGE = 1000;
const SELECT = 'id,name,entryType,isContainer,templateName,lastModifiedTime,electronicDocumentSize,pageCount,extension,fullPath';
const COLUMNS = [
  { key: 'name', label: 'Name', order: 'name' },
  { key: 'entryType', label: 'Type', order: 'entryType' },
  { key: 'templateName', label: 'Template', order: 'templateName' },
  { key: 'lastModifiedTime', label: 'Modified', order: 'lastModifiedTime' },
  { key: 'size', label: 'Size', order: 'electronicDocumentSize' },
];

function icon(entry) {
  if (entry.entryType === 'Folder' || entry.entryType === 'RecordSeries') return 'folder';
  if (entry.entryType === 'Shortcut') return 'shortcut';
  return 'doc';
}

function sizeText(entry) {
  if (entry.entryType !== 'Document') return '';
  const parts = [];
  if (entry.electronicDocumentSize) parts.push(formatSize(entry.electronicDocumentSize));
  if (entry.pageCount) parts.push(`${entry.pageCount} p.`);
  return parts.join(' · ');
}

export class FolderListing {
  constructor(folderId, { open, onStatus, onKey }) {
    this.folderId = folderId;
    this.open = open;
    this.onStatus = onStatus;
    this.onKey = onKey;
    this.sort = { key: 'name', desc: false };
    this.rows = [];
    this.total = null;
    this.next = null;
    this.loading = false;
    this.active = -1;
    this.generation = 0;
    this.header = h('div', { class: 'grid-row grid-head', role: 'row' });
    this.spacer = h('div', { class: 'grid-spacer' });
    this.body = h('div', { class: 'grid-body', role: 'rowgroup' });
    this.viewport = h('div', { class: 'grid-viewport', tabindex: '0', onscroll: () => this.schedule() }, this.spacer);
    this.spacer.append(this.body);
    this.element = h('div', { class: 'grid', role: 'grid', 'aria-label': 'Folder contents', 'aria-rowcount': '-1', id: 'listing' },
      h('div', { role: 'rowgroup' }, this.header), this.viewport);
    this.viewport.addEventListener('keydown', (e) => this.key(e));
    this.resize = new ResizeObserver(() => this.schedule());
    this.resize.observe(this.viewport);
    this.renderHeader();
  }

  stop() { this.generation++; this.resize.disconnect(); }

  renderHeader() {
    this.header.replaceChildren(...COLUMNS.map((c) => {
      const sorted = this.sort.key === c.key;
      return h('div', { role: 'columnheader', class: `cell col-${c.key}`, 'aria-sort': sorted ? (this.sort.desc ? 'descending' : 'ascending') : 'none' },
        h('button', { class: 'sort', text: c.label + (sorted ? (this.sort.desc ? ' ▼' : ' ▲') : ''), 'aria-label': `Sort by ${c.label}`, onclick: () => {
          this.sort = { key: c.key, desc: sorted ? !this.sort.desc : false };
          this.renderHeader();
          this.reload();
        } }));
    }));
  }

  reload() { this.load(); }

  url() {
    const column = COLUMNS.find((c) => c.key === this.sort.key);
    const order = `${column.order} ${this.sort.desc ? 'desc' : 'asc'}${column.order === 'name' ? '' : ',name asc'}`;
    return `/Entries/${this.folderId}/Folder/Children?$count=true&$select=${SELECT}&$orderby=${encodeURIComponent(order)}`;
  }

  async load() {
    const generation = ++this.generation;
    const selectedId = this.selected()?.id;
    this.rows = [];
    this.total = null;
    this.next = null;
    this.active = -1;
    this.loading = false;
    this.viewport.scrollTop = 0;
    await this.fetchPage(this.url(), generation);
    if (selectedId !== undefined) this.active = this.rows.findIndex((r) => r.id === selectedId);
    this.draw();
  }

  async fetchPage(url, generation) {
    this.loading = true;
    this.status();
    try {
      const page = await api.get(url, { headers: { Prefer: `maxpagesize=${PAGE}` } });
      if (generation !== this.generation) return;
      this.rows.push(...page.value);
      if (page['@odata.count'] !== undefined) this.total = page['@odata.count'];
      this.next = page['@odata.nextLink'] ?? null;
    } catch (err) {
      if (generation !== this.generation || err instanceof SessionExpired) return;
      this.next = null;
      this.error = errorText(err);
    } finally {
      if (generation === this.generation) { this.loading = false; this.status(); this.draw(); }
    }
  }

  status() {
    const total = this.total ?? this.rows.length;
    let text = this.error ? `Error: ${this.error}` : `${this.rows.length.toLocaleString()} of ${total.toLocaleString()} entries`;
    if (this.loading) text += ' · loading…';
    this.element.setAttribute('aria-rowcount', String(total + 1));
    this.element.dataset.loaded = String(this.rows.length);
    this.element.dataset.total = String(total);
    this.element.dataset.complete = String(!this.next && !this.loading);
    this.onStatus(text);
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.draw(); });
  }

  draw() {
    const count = this.rows.length;
    this.spacer.style.height = `${Math.max(count + (this.next ? 1 : 0), 1) * ROW}px`;
    const top = this.viewport.scrollTop;
    const height = this.viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW) - 10);
    const last = Math.min(count, Math.ceil((top + height) / ROW) + 10);
    this.body.style.transform = `translateY(${first * ROW}px)`;
    const rows = [];
    if (count === 0 && !this.loading) {
      rows.push(h('div', { class: 'grid-row empty', role: 'row' }, h('div', { role: 'gridcell', class: 'cell', text: this.error ? this.error : 'This folder is empty. Drop files here to upload them.' })));
    }
    for (let i = first; i < last; i++) rows.push(this.row(this.rows[i], i));
    if (this.next && last >= count) rows.push(h('div', { class: 'grid-row more', role: 'row' }, h('div', { role: 'gridcell', class: 'cell', text: 'Loading more…' })));
    this.body.replaceChildren(...rows);
    // Near the end of what is loaded: fetch the next page.
    if (this.next && !this.loading && last >= count - 20) this.fetchPage(this.next, this.generation);
  }

  row(entry, index) {
    const selected = index === this.active;
    return h('div', {
      class: `grid-row${selected ? ' selected' : ''}`, role: 'row', 'aria-rowindex': String(index + 2), 'aria-selected': String(selected),
      dataset: { id: String(entry.id), name: entry.name },
      onclick: () => { this.active = index; this.draw(); this.viewport.focus({ preventScroll: true }); },
      ondblclick: () => this.open(entry),
    },
    h('div', { role: 'gridcell', class: 'cell col-name' }, h('span', { class: `ico ${icon(entry)}`, 'aria-hidden': 'true' }),
      h('a', { href: entry.isContainer ? `#/folder/${entry.id}` : `#/entry/${entry.id}`, tabindex: '-1', text: entry.name + (entry.extension ? `.${entry.extension}` : '') })),
    h('div', { role: 'gridcell', class: 'cell col-entryType', text: entry.entryType }),
    h('div', { role: 'gridcell', class: 'cell col-templateName', text: entry.templateName ?? '' }),
    h('div', { role: 'gridcell', class: 'cell col-lastModifiedTime', text: formatTime(entry.lastModifiedTime) }),
    h('div', { role: 'gridcell', class: 'cell col-size', text: sizeText(entry) }));
  }

  selected() { return this.rows[this.active] ?? null; }

  moveTo(index) {
    if (this.rows.length === 0) return;
    this.active = Math.max(0, Math.min(this.rows.length - 1, index));
    const y = this.active * ROW;
    const vp = this.viewport;
    if (y < vp.scrollTop) vp.scrollTop = y;
    else if (y + ROW > vp.scrollTop + vp.clientHeight) vp.scrollTop = y + ROW - vp.clientHeight;
    this.draw();
  }

  key(e) {
    const pageRows = Math.max(1, Math.floor(this.viewport.clientHeight / ROW) - 1);
    switch (e.key) {
      case 'ArrowDown': e.preventDefault(); this.moveTo(this.active + 1); break;
      case 'ArrowUp': e.preventDefault(); this.moveTo(this.active - 1); break;
      case 'PageDown': e.preventDefault(); this.moveTo(this.active + pageRows); break;
      case 'PageUp': e.preventDefault(); this.moveTo(this.active - pageRows); break;
      case 'Home': e.preventDefault(); this.moveTo(0); break;
      case 'End': e.preventDefault(); this.moveTo(this.rows.length - 1); break;
      case 'Enter': if (this.selected()) { e.preventDefault(); this.open(this.selected()); } break;
      default: this.onKey(e, this.selected());
    }
  }
}
