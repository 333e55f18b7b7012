// The repository browser at / driven in headless Chromium (the system's, through playwright-core): each test signs
// in as a user would and checks what the page shows against what the API holds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync, crc32 } from 'node:zlib';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const ORIGIN = process.env.LFREPO_ORIGIN ?? 'http://127.0.0.1:5000';
const REPO = 'r-emulator';
const API = `${ORIGIN}/LFRepositoryAPI/v2/Repositories/${REPO}`;
const SHOTS = process.env.LFREPO_SCREENSHOTS; // a folder: save the main views there
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

let browser;
let token;

async function api(method, path, body) {
  const response = await fetch(path.startsWith('http') ? path : `${API}${path}`, {
    method, headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** A small RGB PNG: a dark square on white, so the page has a real image. */
function png(width, height) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4); ihdr[8] = 8; ihdr[9] = 2;
  const raw = Buffer.alloc((width * 3 + 1) * height, 255);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    for (let x = 0; x < width; x++) {
      if (x > width / 4 && x < width * 3 / 4 && y > height / 4 && y < height * 3 / 4) raw.fill(40, y * (width * 3 + 1) + 1 + x * 3, y * (width * 3 + 1) + 4 + x * 3);
    }
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

async function importImage(folderId, name) {
  const form = new FormData();
  form.append('request', new Blob([JSON.stringify({ name, autoRename: true })], { type: 'application/json' }));
  form.append('file', new Blob([png(200, 260)], { type: 'image/png' }), `${name}.png`);
  const response = await fetch(`${API}/Entries/${folderId}/Folder/Import`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  assert.equal(response.status, 201, await response.clone().text());
  return response.json();
}

async function page() {
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, acceptDownloads: true });
  const p = await context.newPage();
  p.on('pageerror', (e) => { throw e; });
  return p;
}

async function signIn(p, password = 'admin') {
  await p.goto(`${ORIGIN}/`);
  await p.locator('#signin-repo').selectOption(REPO);
  await p.locator('#signin-user').fill('admin');
  await p.locator('#signin-pass').fill(password);
  await p.getByRole('button', { name: 'Sign in' }).click();
}

async function shot(p, name) {
  if (SHOTS) { mkdirSync(SHOTS, { recursive: true }); await p.screenshot({ path: `${SHOTS}/${name}.png` }); }
}

before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  const r = await fetch(`${ORIGIN}/LFRepositoryAPI/v1/Repositories/${REPO}/Token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', username: 'admin', password: 'admin' }) });
  token = (await r.json()).access_token;
});

after(async () => { await browser?.close(); });

test('the page at / is served without a token, and the API still asks for one', async () => {
  const pageResponse = await fetch(`${ORIGIN}/`);
  assert.equal(pageResponse.status, 200);
  assert.match(pageResponse.headers.get('content-type'), /text\/html/);
  const apiResponse = await fetch(`${API}/Entries/1`);
  assert.equal(apiResponse.status, 401);
});

test('a wrong password is refused with a clear message, the right one opens the root folder', async () => {
  const p = await page();
  await signIn(p, 'not-the-password');
  await p.getByRole('alert').filter({ hasText: 'Wrong user name or password.' }).waitFor();
  await p.locator('#signin-pass').fill('admin');
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.getByRole('grid', { name: 'Folder contents' }).getByText('Invoices', { exact: true }).waitFor();
  assert.equal(await p.locator('#entry-id').textContent(), '1');
  const stored = await p.evaluate(() => JSON.parse(sessionStorage.getItem('lfrepo.session')));
  assert.ok(stored.token.length > 20);
  await shot(p, 'browser-folder');
  await p.context().close();
});

test('an expired token sends the user back to sign in, saying so', async () => {
  const p = await page();
  await signIn(p);
  await p.locator('#listing .grid-row[data-name="Invoices"]').waitFor();
  await p.evaluate(() => { const s = JSON.parse(sessionStorage.getItem('lfrepo.session')); s.token = 'expired.token'; sessionStorage.setItem('lfrepo.session', JSON.stringify(s)); });
  await p.locator('#listing .grid-row[data-name="Invoices"]').dblclick();
  await p.getByRole('alert').filter({ hasText: 'Sign in again' }).waitFor();
  await p.context().close();
});

test('open a folder, then page to the end of a folder larger than one page', async () => {
  const big = await api('POST', '/Entries/1/Folder/Children', { entryType: 'Folder', name: `Big ${Date.now()}` });
  const count = 1234;
  for (let i = 0; i < count; i += 40) {
    await Promise.all(Array.from({ length: Math.min(40, count - i) }, (_, k) =>
      api('POST', `/Entries/${big.id}/Folder/Children`, { entryType: 'Folder', name: `Child ${String(i + k).padStart(5, '0')}` })));
  }
  const p = await page();
  await signIn(p);
  await p.locator('#listing .grid-row[data-name="Invoices"]').dblclick();
  await p.locator('#listing .grid-row[data-name="Invoice ABC-1001"]').waitFor();
  assert.equal(await p.locator('#entry-path').textContent(), '\\Invoices');

  await p.goto(`${ORIGIN}/#/folder/${big.id}`);
  const grid = p.locator('#listing');
  await p.locator('#listing .grid-row[data-name="Child 00000"]').waitFor();
  assert.equal(await grid.getAttribute('data-total'), String(count));
  assert.ok(Number(await grid.getAttribute('data-loaded')) < count, 'the first page is not the whole folder');
  // Keyboard: End goes to the last loaded row, which loads the next page; again until everything is there.
  await p.locator('#listing .grid-viewport').focus();
  for (let i = 0; i < 10 && (await grid.getAttribute('data-complete')) !== 'true' || Number(await grid.getAttribute('data-loaded')) < count; i++) {
    await p.keyboard.press('End');
    await p.waitForTimeout(200);
    if (i > 8) break;
  }
  await p.waitForFunction((n) => document.querySelector('#listing').dataset.loaded === String(n), count);
  await p.keyboard.press('End');
  await p.locator(`#listing .grid-row[data-name="Child ${String(count - 1).padStart(5, '0')}"]`).waitFor();
  // Only the visible rows are in the page.
  assert.ok(await p.locator('#listing .grid-body .grid-row').count() < 100);
  // Sort by name, descending: the last child comes first.
  await p.getByRole('button', { name: 'Sort by Name' }).click();
  await p.waitForFunction(() => document.querySelector('#listing [aria-sort="descending"]'));
  await p.waitForFunction((name) => document.querySelector('#listing .grid-body .grid-row')?.dataset.name === name, `Child ${String(count - 1).padStart(5, '0')}`);
  await p.context().close();
});

test('open a document and see its page image and thumbnail', async () => {
  const folder = await api('POST', '/Entries/1/Folder/Children', { entryType: 'Folder', name: `Scans ${Date.now()}` });
  const doc = await importImage(folder.id, 'Scanned page');
  const p = await page();
  await signIn(p);
  await p.goto(`${ORIGIN}/#/entry/${doc.id}`);
  const image = p.locator('#page-image');
  await image.waitFor();
  await p.waitForFunction(() => { const img = document.querySelector('#page-image'); return img?.complete && img.naturalWidth > 0; });
  assert.equal(await image.evaluate((img) => img.naturalWidth), 200);
  assert.equal(await image.evaluate((img) => img.naturalHeight), 260);
  await p.getByRole('button', { name: 'Page 1', exact: true }).locator('img').waitFor();
  assert.equal(await p.locator('#entry-id').textContent(), String(doc.id));
  await p.context().close();
});

test('edit a field of a seeded document', async () => {
  const p = await page();
  await signIn(p);
  const found = await api('GET', `/Entries/ByPath?fullPath=${encodeURIComponent('\\Invoices\\Invoice ABC-1001')}`);
  const id = (found.entry ?? found).id;
  await p.goto(`${ORIGIN}/#/entry/${id}`);
  const input = p.getByLabel('Invoice Number', { exact: false });
  await input.waitFor();
  assert.equal(await input.inputValue(), 'ABC-1001');
  await input.fill('ABC-2002');
  await p.getByRole('button', { name: 'Save fields' }).click();
  await p.getByText('Fields saved.').waitFor();
  const fields = await api('GET', `/Entries/${id}/Fields`);
  assert.deepEqual(fields.value.find((f) => f.name === 'Invoice Number').values, ['ABC-2002']);
  await shot(p, 'browser-document');
  await api('PUT', `/Entries/${id}/Fields`, { fields: fields.value.filter((f) => f.values.length).map((f) => ({ name: f.name, values: f.name === 'Invoice Number' ? ['ABC-1001'] : f.values })) });
  await p.context().close();
});

test('upload a file by dropping it on the listing, with progress, and find it in the folder', async () => {
  const folder = await api('POST', '/Entries/1/Folder/Children', { entryType: 'Folder', name: `Uploads ${Date.now()}` });
  const p = await page();
  await signIn(p);
  await p.goto(`${ORIGIN}/#/folder/${folder.id}`);
  await p.getByText('This folder is empty.').waitFor();
  const dataTransfer = await p.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['hello from the browser test'], 'notes.txt', { type: 'text/plain' }));
    return dt;
  });
  await p.locator('section.drop').dispatchEvent('dragover', { dataTransfer });
  await p.locator('section.drop').dispatchEvent('drop', { dataTransfer });
  await p.getByText(/Uploaded notes\.txt as/).waitFor();
  await p.locator('#listing .grid-row[data-name="notes.txt"]').waitFor();
  const children = await api('GET', `/Entries/${folder.id}/Folder/Children`);
  assert.deepEqual(children.value.map((e) => e.name), ['notes.txt']);
  await p.context().close();
});

test('create a folder, rename it, then delete it and watch the task finish', async () => {
  const p = await page();
  await signIn(p);
  await p.locator('#listing .grid-row[data-name="Invoices"]').waitFor();
  const name = `Made in UI ${Date.now()}`;
  await p.getByRole('button', { name: 'New folder' }).click();
  await p.getByLabel('Folder name').fill(name);
  await p.getByRole('button', { name: 'Create' }).click();
  const row = p.locator(`#listing .grid-row[data-name="${name}"]`);
  await row.click();
  await p.getByRole('button', { name: 'Rename' }).click();
  await p.getByLabel('New name').fill(`${name} renamed`);
  await p.getByRole('button', { name: 'Rename', exact: true }).last().click();
  const renamed = p.locator(`#listing .grid-row[data-name="${name} renamed"]`);
  await renamed.click();
  await p.keyboard.press('Delete');
  await p.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await p.getByText(`Deleted “${name} renamed”.`).waitFor();
  await renamed.waitFor({ state: 'detached' });
  const children = await api('GET', `/Entries/1/Folder/Children?$select=name`);
  assert.ok(!children.value.some((e) => e.name.startsWith(name)));
  await p.context().close();
});

test('run a simple search and a search in the Laserfiche syntax', async () => {
  const p = await page();
  await signIn(p);
  await p.locator('#listing .grid-row[data-name="Invoices"]').waitFor();
  await p.getByLabel('Search text').fill('welcome');
  await p.getByRole('button', { name: 'Search', exact: true }).click();
  await p.locator('#search-results').getByRole('link', { name: 'Welcome' }).waitFor();
  await p.getByLabel('Search text').fill('{LF:Name="Invoice*"}');
  await p.getByLabel('Search mode').selectOption('syntax');
  await p.getByRole('button', { name: 'Search', exact: true }).click();
  await p.locator('#search-results').getByRole('link', { name: 'Invoice ABC-1001' }).waitFor();
  assert.match(await p.locator('#search-status').textContent(), /results/);
  await shot(p, 'browser-search');
  await p.context().close();
});

test('the emulator page shows the journal live and resets the repository', async () => {
  const p = await page();
  await signIn(p);
  await p.locator('#listing .grid-row[data-name="Invoices"]').waitFor();
  const marker = `Before reset ${Date.now()}`;
  await api('POST', '/Entries/1/Folder/Children', { entryType: 'Folder', name: marker });
  await p.getByRole('link', { name: 'Emulator' }).click();
  await p.locator('#journal-body td', { hasText: 'CreateEntry' }).first().waitFor();
  await shot(p, 'browser-emulator');
  await p.getByRole('button', { name: 'Reset repository' }).click();
  await p.getByRole('dialog').getByRole('button', { name: 'Reset' }).click();
  await p.getByText('The repository was reset.').waitFor();
  const children = await api('GET', '/Entries/1/Folder/Children?$select=name');
  assert.ok(!children.value.some((e) => e.name === marker), 'the folder made before the reset is gone');
  assert.ok(children.value.some((e) => e.name === 'Invoices'), 'the seed is back');
  await p.context().close();
});
