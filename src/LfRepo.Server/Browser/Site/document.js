// A document: page thumbnails and viewer (GetPageImage), page text (GetPageText), the electronic document
// download (ExportEntry, part Edoc), and the metadata panel (fields, tags, links) saved with SetFields / SetTags.
import { api } from './api.js';
import { h, toast, formatSize, formatTime, errorText } from './ui.js';

const THUMBNAILS = 60;

export async function renderDocument(main, entry, { breadcrumb, entryInfo }) {
  const urls = [];
  let alive = true;
  const stop = () => { alive = false; urls.forEach((u) => URL.revokeObjectURL(u)); };

  const [pages, fields, tags, links, tagDefs] = await Promise.all([
    api.get(`/Entries/${entry.id}/Document/Pages`, { headers: { Prefer: 'maxpagesize=1000' } }).then((p) => p.value).catch(() => []),
    api.get(`/Entries/${entry.id}/Fields`, { headers: { Prefer: 'maxpagesize=1000' } }).then((p) => p.value),
    api.get(`/Entries/${entry.id}/Tags`).then((p) => p.value),
    api.get(`/Entries/${entry.id}/Links`).then((p) => p.value).catch(() => []),
    api.get('/TagDefinitions', { headers: { Prefer: 'maxpagesize=1000' } }).then((p) => p.value).catch(() => []),
  ]);

  const imageCache = new Map();
  async function pageImage(number) {
    if (!imageCache.has(number)) {
      imageCache.set(number, api.get(`/Entries/${entry.id}/Document/Pages/${number}/Image`, { as: 'blob' }).then((blob) => {
        const url = URL.createObjectURL(blob);
        urls.push(url);
        return url;
      }));
    }
    return imageCache.get(number);
  }

  // --- the viewer --------------------------------------------------------------------------------------------
  const viewer = h('figure', { class: 'viewer', id: 'page-viewer', 'aria-live': 'polite' });
  const textBox = h('pre', { class: 'page-text', id: 'page-text', tabindex: '0', 'aria-label': 'Page text' });
  const thumbs = h('ol', { class: 'thumbs', 'aria-label': 'Pages' });
  let currentPage = 0;

  async function show(number) {
    currentPage = number;
    [...thumbs.children].forEach((li) => li.querySelector('button')?.setAttribute('aria-current', String(Number(li.dataset.page) === number)));
    const info = pages.find((p) => p.pageNumber === number);
    viewer.replaceChildren(h('p', { class: 'muted', text: `Page ${number} of ${pages.length}…` }));
    textBox.textContent = '';
    if (info?.hasImage) {
      try {
        const url = await pageImage(number);
        if (!alive || currentPage !== number) return;
        viewer.replaceChildren(h('img', { src: url, alt: `Page ${number} of ${entry.name}`, id: 'page-image' }), h('figcaption', { text: `Page ${number} of ${pages.length}` }));
      } catch (err) { viewer.replaceChildren(h('p', { class: 'error', text: `The page image could not be read: ${errorText(err)}` })); }
    } else {
      viewer.replaceChildren(h('div', { class: 'no-image' }, h('p', { text: `Page ${number} has no image.` })), h('figcaption', { text: `Page ${number} of ${pages.length}` }));
    }
    if (info?.hasText) {
      try {
        const text = await api.get(`/Entries/${entry.id}/Document/Pages/${number}/Text`);
        if (alive && currentPage === number) textBox.textContent = text.text ?? '';
      } catch (err) { textBox.textContent = `The text could not be read: ${errorText(err)}`; }
    } else {
      textBox.textContent = 'This page has no text.';
    }
  }

  pages.slice(0, THUMBNAILS).forEach((p) => {
    const button = h('button', { class: 'thumb', 'aria-label': `Page ${p.pageNumber}`, onclick: () => show(p.pageNumber) });
    const li = h('li', { dataset: { page: String(p.pageNumber) } }, button);
    thumbs.append(li);
    if (p.hasImage) {
      pageImage(p.pageNumber).then((url) => { if (alive) button.replaceChildren(h('img', { src: url, alt: '' }), h('span', { text: String(p.pageNumber) })); })
        .catch(() => button.replaceChildren(h('span', { text: `${p.pageNumber} (no image)` })));
    } else {
      button.replaceChildren(h('span', { class: 'thumb-blank', text: 'Aa' }), h('span', { text: String(p.pageNumber) }));
    }
  });
  if (pages.length > THUMBNAILS) thumbs.append(h('li', { class: 'muted', text: `+${pages.length - THUMBNAILS} more pages` }));
  thumbs.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    const next = currentPage + (e.key === 'ArrowDown' || e.key === 'ArrowRight' ? 1 : -1);
    if (next >= 1 && next <= Math.min(pages.length, THUMBNAILS)) { show(next); thumbs.querySelector(`[data-page="${next}"] button`)?.focus(); }
  });

  // --- download ------------------------------------------------------------------------------------------------
  async function download() {
    try {
      const link = await api.send('POST', `/Entries/${entry.id}/Export`, { part: 'Edoc' });
      const a = h('a', { href: link.value, download: `${entry.name}${entry.extension ? '.' + entry.extension : ''}` });
      document.body.append(a);
      a.click();
      a.remove();
    } catch (err) { toast(errorText(err), { kind: 'error' }); }
  }

  // --- metadata ------------------------------------------------------------------------------------------------
  const fieldInputs = fields.map((f, i) => {
    const id = `field-${i}`;
    const value = (f.values ?? []).join('\n');
    const input = f.isMultiValue
      ? h('textarea', { id, rows: Math.max(2, (f.values ?? []).length), value, 'aria-describedby': `${id}-hint` })
      : h('input', { id, value, type: 'text', required: f.isRequired });
    return { field: f, input, el: h('label', { class: 'field', for: id }, h('span', {}, f.name, f.isRequired ? h('abbr', { title: 'required', text: ' *' }) : '', h('small', { class: 'muted', text: ` ${f.fieldType}` })),
      input, f.isMultiValue ? h('small', { id: `${id}-hint`, class: 'muted', text: 'One value per line.' }) : null) };
  });
  const saveFields = h('button', { class: 'primary', text: 'Save fields', id: 'save-fields', onclick: async () => {
    const body = { fields: fieldInputs.map(({ field, input }) => ({ name: field.name, values: input.value.split('\n').map((v) => v.trim()).filter((v) => v !== '') }))
      .filter((f) => f.values.length > 0) };
    saveFields.disabled = true;
    try {
      const saved = await api.send('PUT', `/Entries/${entry.id}/Fields`, body);
      for (const { field, input } of fieldInputs) {
        const now = saved.value?.find((f) => f.name === field.name);
        if (now) input.value = (now.values ?? []).join('\n');
      }
      toast('Fields saved.', { kind: 'ok' });
    } catch (err) { toast(`The fields were not saved: ${errorText(err)}`, { kind: 'error' }); }
    finally { saveFields.disabled = false; }
  } });

  const assigned = new Set(tags.map((t) => t.name));
  const allTags = [...new Map([...tagDefs, ...tags].map((t) => [t.name, t])).values()];
  const tagBoxes = allTags.map((t, i) => {
    const box = h('input', { type: 'checkbox', id: `tag-${i}`, checked: assigned.has(t.name), value: t.name });
    return h('label', { class: 'check', for: `tag-${i}`, title: t.description ?? '' }, box, t.displayName || t.name);
  });
  const saveTags = h('button', { class: 'secondary', text: 'Save tags', onclick: async () => {
    const names = tagBoxes.map((l) => l.querySelector('input')).filter((b) => b.checked).map((b) => b.value);
    try { await api.send('PUT', `/Entries/${entry.id}/Tags`, { tags: names }); toast('Tags saved.', { kind: 'ok' }); }
    catch (err) { toast(`The tags were not saved: ${errorText(err)}`, { kind: 'error' }); }
  } });

  const meta = h('aside', { class: 'meta card', 'aria-label': 'Metadata' },
    h('h2', { text: 'Metadata' }),
    h('dl', { class: 'props' },
      h('dt', { text: 'Template' }), h('dd', { id: 'doc-template', text: entry.templateName || 'None' }),
      h('dt', { text: 'Modified' }), h('dd', { text: formatTime(entry.lastModifiedTime) }),
      h('dt', { text: 'Created' }), h('dd', { text: `${formatTime(entry.creationTime)} by ${entry.creator ?? ''}` }),
      h('dt', { text: 'Pages' }), h('dd', { text: String(entry.pageCount ?? pages.length) }),
      h('dt', { text: 'Electronic document' }), h('dd', { text: entry.isElectronicDocument ? `${entry.mimeType || entry.extension} · ${formatSize(entry.electronicDocumentSize)}` : 'None' })),
    h('h3', { text: 'Fields' }),
    fieldInputs.length ? h('form', { class: 'fields', onsubmit: (e) => { e.preventDefault(); saveFields.click(); } }, fieldInputs.map((f) => f.el)) : h('p', { class: 'muted', text: 'No fields.' }),
    fieldInputs.length ? saveFields : null,
    h('h3', { text: 'Tags' }),
    tagBoxes.length ? h('div', { class: 'tags' }, tagBoxes) : h('p', { class: 'muted', text: 'No tags defined.' }),
    tagBoxes.length ? saveTags : null,
    h('h3', { text: 'Links' }),
    links.length
      ? h('ul', { class: 'links' }, links.map((l) => h('li', {}, `${l.linkTypeDescription ?? l.linkType ?? 'Link'}: `,
          h('a', { href: `#/entry/${l.otherEntryId ?? l.targetId ?? l.sourceId}`, text: l.otherEntryName ?? `entry ${l.otherEntryId ?? l.targetId ?? l.sourceId}` }))))
      : h('p', { class: 'muted', text: 'No links.' }));

  const actions = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Document actions' },
    h('button', { class: 'secondary', text: 'Download electronic document', disabled: !entry.isElectronicDocument, onclick: download }),
    h('a', { class: 'button secondary', href: `#/folder/${entry.parentId ?? 1}`, text: 'Back to folder' }));

  main.replaceChildren(
    breadcrumb(entry),
    h('div', { class: 'title-row' }, h('h1', { text: entry.name }), h('span', { class: 'muted', text: `${entry.entryType}${entry.extension ? ' · .' + entry.extension : ''}` })),
    entryInfo(entry),
    actions,
    h('div', { class: 'doc-layout' },
      pages.length ? h('nav', { class: 'thumbs-panel', 'aria-label': 'Page thumbnails' }, thumbs) : null,
      h('section', { class: 'doc-main', 'aria-label': 'Page' },
        pages.length ? viewer : h('div', { class: 'no-image card' }, h('p', { text: entry.isElectronicDocument ? 'This document has an electronic document and no pages.' : 'This document has no pages.' })),
        pages.length ? h('h2', { class: 'sub', text: 'Text' }) : null,
        pages.length ? textBox : null),
      meta));
  if (pages.length) show(pages[0].pageNumber);
  return stop;
}
