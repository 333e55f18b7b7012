// ListEntries (GET .../Entries/{id}/Folder/Children): $orderby, $select, $top, $skip, $count, and server-driven
// paging with Prefer: maxpagesize and @odata.nextLink, followed with the client's own paging helpers.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { EntryType, Folder, Shortcut } from '@laserfiche/lf-repository-api-client-v2';
import {
  BASE_URL,
  REPOSITORY_ID,
  assertFullProblemDetails,
  createClient,
  createFolder,
  createShortcut,
  createTestFolder,
  expectApiError,
  listAllChildren,
} from './helpers.mjs';

const client = createClient();
const entries = client.entriesClient;
const repositoryId = REPOSITORY_ID;

// Seven folders plus one shortcut; names chosen so that name order is obvious.
const FOLDER_NAMES = ['child-01', 'child-02', 'child-03', 'child-04', 'child-05', 'child-06', 'child-07'];
const SHORTCUT_NAME = 'child-08-shortcut';
const ALL_NAMES = [...FOLDER_NAMES, SHORTCUT_NAME];

let folder;
let shortcut;

before(async () => {
  folder = await createTestFolder(client, 'listing');
  // Created out of order so that name order is not simply creation order.
  for (const name of [...FOLDER_NAMES].reverse()) {
    await createFolder(client, { parentId: folder.id, name });
  }
  shortcut = await createShortcut(client, { parentId: folder.id, targetId: folder.id, name: SHORTCUT_NAME });
});

const list = (extra = {}) => entries.listEntries({ repositoryId, entryId: folder.id, ...extra });
const names = (page) => page.value.map((e) => e.name);

describe('ListEntries', () => {
  test('lists every child with typed entries', async () => {
    const result = await list();
    assert.deepEqual([...names(result)].sort(), ALL_NAMES);
    assert.equal(result.odataNextLink, undefined, 'a single page');
    assert.equal(result.odataCount, undefined, 'no count unless asked');
    for (const entry of result.value) {
      assert.equal(entry.parentId, folder.id);
      assert.equal(entry.fullPath, `${folder.fullPath}\\${entry.name}`);
      if (entry.name === SHORTCUT_NAME) {
        assert.ok(entry instanceof Shortcut);
        assert.equal(entry.entryType, EntryType.Shortcut);
        assert.equal(entry.targetId, folder.id);
      } else {
        assert.ok(entry instanceof Folder);
        assert.equal(entry.entryType, EntryType.Folder);
      }
    }
  });

  test('an empty folder lists no children', async () => {
    const empty = await createTestFolder(client, 'listing-empty');
    const result = await entries.listEntries({ repositoryId, entryId: empty.id, count: true });
    assert.deepEqual(result.value, []);
    assert.equal(result.odataCount, 0);
    assert.equal(result.odataNextLink, undefined);
  });

  test('$orderby name asc and desc', async () => {
    const ascending = await list({ orderby: 'name asc' });
    assert.deepEqual(names(ascending), ALL_NAMES);
    const descending = await list({ orderby: 'name desc' });
    assert.deepEqual(names(descending), [...ALL_NAMES].reverse());
  });

  test('$orderby with two expressions', async () => {
    const result = await list({ orderby: 'entryType desc, name desc' });
    // "Shortcut" sorts after "Folder", so descending puts the shortcut first.
    assert.deepEqual(names(result), [SHORTCUT_NAME, ...[...FOLDER_NAMES].reverse()]);
  });

  test('$orderby on an unknown property: ApiException 400', async () => {
    const error = await expectApiError(list({ orderby: 'noSuchProperty asc' }), 400);
    assertFullProblemDetails(error.problemDetails, 400);
  });

  test('$select limits the members of each entry', async () => {
    const result = await list({ select: 'name,parentId', orderby: 'name' });
    assert.equal(result.value.length, ALL_NAMES.length);
    for (const entry of result.value) {
      assert.equal(typeof entry.id, 'number');
      assert.equal(typeof entry.name, 'string');
      assert.ok(entry.entryType, 'entryType is always present');
      assert.equal(entry.parentId, folder.id);
      assert.equal(entry.fullPath, undefined, 'fullPath not selected');
      assert.equal(entry.creator, undefined, 'creator not selected');
      assert.equal(entry.creationTime, undefined, 'creationTime not selected');
    }
  });

  test('$select on an unknown property: ApiException 400', async () => {
    await expectApiError(list({ select: 'noSuchProperty' }), 400);
  });

  test('$top and $skip', async () => {
    const result = await list({ orderby: 'name', top: 2, skip: 3 });
    assert.deepEqual(names(result), ['child-04', 'child-05']);
    const firstTwo = await list({ orderby: 'name', top: 2 });
    assert.deepEqual(names(firstTwo), ['child-01', 'child-02']);
    const skipAll = await list({ orderby: 'name', skip: 100 });
    assert.deepEqual(names(skipAll), []);
    const topZero = await list({ orderby: 'name', top: 0 });
    assert.deepEqual(names(topZero), []);
  });

  test('$top above the maximum (150): ApiException 400', async () => {
    await expectApiError(list({ top: 151 }), 400);
  });

  test('$count=true adds @odata.count (the total, not the page size)', async () => {
    const counted = await list({ count: true, top: 2, orderby: 'name' });
    assert.equal(counted.odataCount, ALL_NAMES.length);
    assert.equal(counted.value.length, 2);
    const notCounted = await list({ count: false });
    assert.equal(notCounted.odataCount, undefined);
  });

  test('rowNumber numbers the rows from 1', async () => {
    const result = await list({ orderby: 'name' });
    assert.deepEqual(result.value.map((e) => e.rowNumber), ALL_NAMES.map((_, i) => i + 1));
  });

  test('listing a shortcut (not a folder): ApiException 400', async () => {
    await expectApiError(entries.listEntries({ repositoryId, entryId: shortcut.id }), 400);
  });

  test('listing an unknown folder: ApiException 404', async () => {
    const error = await expectApiError(entries.listEntries({ repositoryId, entryId: 987654321 }), 404);
    assertFullProblemDetails(error.problemDetails, 404);
  });
});

describe('ListEntries paging (Prefer: maxpagesize, @odata.nextLink)', () => {
  test('Prefer maxpagesize=3 splits the listing; listEntriesNextLink follows it to the last page', async () => {
    const pages = [await list({ orderby: 'name', prefer: 'maxpagesize=3', count: true })];
    assert.equal(pages[0].value.length, 3);
    assert.equal(pages[0].odataCount, ALL_NAMES.length);
    assert.equal(typeof pages[0].odataNextLink, 'string', 'first page has a nextLink');
    assert.ok(pages[0].odataNextLink.startsWith(`${BASE_URL}/v2/`),
      `nextLink is absolute and keeps the request's path base: ${pages[0].odataNextLink}`);
    assert.ok(new URL(pages[0].odataNextLink).pathname.endsWith(`/Entries/${folder.id}/Folder/Children`),
      `nextLink points at the same listing: ${pages[0].odataNextLink}`);

    while (pages.at(-1).odataNextLink) {
      assert.ok(pages.length < 10, 'paging terminates');
      pages.push(await entries.listEntriesNextLink({ nextLink: pages.at(-1).odataNextLink, maxPageSize: 3 }));
    }
    assert.deepEqual(pages.map((p) => p.value.length), [3, 3, 2]);
    assert.deepEqual(pages.flatMap(names), ALL_NAMES, 'pages keep the order and neither repeat nor skip rows');
    assert.equal(pages.at(-1).odataNextLink, undefined, 'the last page has no nextLink');
  });

  test('odata.maxpagesize form of the Prefer header is accepted too', async () => {
    const page = await list({ orderby: 'name', prefer: 'odata.maxpagesize=5' });
    assert.equal(page.value.length, 5);
    assert.ok(page.odataNextLink);
  });

  test('listEntriesForEach with maxPageSize visits every page', async () => {
    const pages = await listAllChildren(client, folder.id, { orderby: 'name desc', maxPageSize: 2 });
    assert.deepEqual(pages.map((p) => p.value.length), [2, 2, 2, 2]);
    assert.deepEqual(pages.flatMap(names), [...ALL_NAMES].reverse());
  });

  test('listEntriesForEach stops when the callback returns false', async () => {
    let calls = 0;
    await entries.listEntriesForEach({
      repositoryId,
      entryId: folder.id,
      maxPageSize: 2,
      callback: async () => {
        calls += 1;
        return false;
      },
    });
    assert.equal(calls, 1);
  });

  test('paging keeps $select across pages', async () => {
    const pages = await listAllChildren(client, folder.id, { orderby: 'name', select: 'name', maxPageSize: 3 });
    const all = pages.flatMap((p) => p.value);
    assert.equal(all.length, ALL_NAMES.length);
    for (const entry of all) {
      assert.equal(entry.fullPath, undefined);
    }
  });

  test('rowNumber continues across pages', async () => {
    const pages = await listAllChildren(client, folder.id, { orderby: 'name', maxPageSize: 3 });
    assert.deepEqual(pages.flatMap((p) => p.value.map((e) => e.rowNumber)), ALL_NAMES.map((_, i) => i + 1));
  });

  test('$top bounds the total across pages', async () => {
    const pages = await listAllChildren(client, folder.id, { orderby: 'name', top: 5, maxPageSize: 2 });
    assert.deepEqual(pages.flatMap(names), ALL_NAMES.slice(0, 5));
  });

  test('$skip with paging starts after the skipped rows', async () => {
    const pages = await listAllChildren(client, folder.id, { orderby: 'name', skip: 2, maxPageSize: 4 });
    assert.deepEqual(pages.flatMap(names), ALL_NAMES.slice(2));
  });

  test('a page size larger than the listing gives a single page', async () => {
    const pages = await listAllChildren(client, folder.id, { orderby: 'name', maxPageSize: 100 });
    assert.equal(pages.length, 1);
    assert.equal(pages[0].odataNextLink, undefined);
  });
});

describe('ListEntries default page size', () => {
  test('without Prefer, a page holds 150 entries and the rest follows the nextLink', async () => {
    const big = await createTestFolder(client, 'listing-big');
    const total = 152;
    for (let i = 1; i <= total; i += 1) {
      await createFolder(client, { parentId: big.id, name: `item-${String(i).padStart(3, '0')}` });
    }
    const first = await entries.listEntries({ repositoryId, entryId: big.id, orderby: 'name', count: true });
    assert.equal(first.value.length, 150);
    assert.equal(first.odataCount, total);
    assert.ok(first.odataNextLink, 'a second page follows');
    const second = await entries.listEntriesNextLink({ nextLink: first.odataNextLink });
    assert.deepEqual(names(second), ['item-151', 'item-152']);
    assert.equal(second.odataNextLink, undefined);
  });
});
