// The per-user areas through the official client: Starred, Recent Documents and Folders, personal collections
// and generic user areas. Other test files run beside this one as the same user, so recent-list checks look at
// the relative order of this file's own entries.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreatePersonalCollectionRequest,
  CreateUserAreaRequest,
  EntryIdsRequest,
  ExportEntryRequest,
  ExportEntryRequestPart,
  ImportEntryRequest,
  RenamePersonalCollectionRequest,
  StarEntriesRequest,
  StartDeleteEntryRequest,
  UpdateUserAreaRequest,
} from '@laserfiche/lf-repository-api-client-v2';
import { REPOSITORY_ID, createClient, createFolder, createTestFolder, expectApiError, uniqueName } from './helpers.mjs';

const client = createClient();
const areas = client.userAreasClient;
const repositoryId = REPOSITORY_ID;

const ids = (entries) => entries.map((e) => e.entryId);

async function importBytes(folderId, name) {
  return client.entriesClient.importEntry({
    repositoryId,
    entryId: folderId,
    file: { data: new Blob([Buffer.from(name)]), fileName: `${name}.bin` },
    request: new ImportEntryRequest({ name }),
  });
}

async function deleteEntry(entryId) {
  const { taskId } = await client.entriesClient.startDeleteEntry({ repositoryId, entryId, request: new StartDeleteEntryRequest({}) });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { value } = await client.tasksClient.listTasks({ repositoryId, taskIds: [taskId] });
    if (['Completed', 'Failed', 'Cancelled'].includes(value[0].status) || Date.now() > deadline) {
      return value[0];
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Starred entries', () => {
  test('StarEntries, GetStarredEntries and UnstarEntries keep the list, idempotently', async () => {
    const home = await createTestFolder(client, 'starred');
    const a = await createFolder(client, { parentId: home.id, name: 'A' });
    const b = await createFolder(client, { parentId: home.id, name: 'B' });

    const starred = await areas.starEntries({ repositoryId, request: new StarEntriesRequest({ entryIds: [a.id, b.id, a.id] }) });
    assert.deepEqual(ids(starred).filter((id) => id === a.id || id === b.id), [a.id, b.id]);
    assert.equal(starred.find((e) => e.entryId === a.id).fullPath, `${home.fullPath}\\A`);
    const again = await areas.starEntries({ repositoryId, request: new StarEntriesRequest({ entryIds: [b.id] }) });
    assert.equal(ids(again).filter((id) => id === b.id).length, 1, 'starring twice keeps one');

    const left = await areas.unstarEntries({ repositoryId, request: new StarEntriesRequest({ entryIds: [a.id, home.id] }) });
    assert.ok(!ids(left).includes(a.id));
    assert.ok(ids(await areas.getStarredEntries({ repositoryId })).includes(b.id));
  });

  test('an empty list or an unknown entry is an ApiException 400', async () => {
    await expectApiError(areas.starEntries({ repositoryId, request: new StarEntriesRequest({ entryIds: [] }) }), 400);
    const error = await expectApiError(areas.starEntries({ repositoryId, request: new StarEntriesRequest({ entryIds: [987654] }) }), 400);
    assert.match(error.problemDetails.detail, /987654/);
  });

  test('a deleted entry leaves the Starred list', async () => {
    const home = await createTestFolder(client, 'unstar');
    await areas.starEntries({ repositoryId, request: new StarEntriesRequest({ entryIds: [home.id] }) });
    assert.equal((await deleteEntry(home.id)).status, 'Completed');
    assert.ok(!ids(await areas.getStarredEntries({ repositoryId })).includes(home.id));
  });
});

describe('Recent documents and folders', () => {
  test('a listed folder is recent, the latest first', async () => {
    const home = await createTestFolder(client, 'recent');
    const a = await createFolder(client, { parentId: home.id, name: 'A' });
    const b = await createFolder(client, { parentId: home.id, name: 'B' });
    await client.entriesClient.listEntries({ repositoryId, entryId: a.id });
    await client.entriesClient.listEntries({ repositoryId, entryId: b.id });

    const recent = ids(await areas.getRecentFolders({ repositoryId })).filter((id) => id === a.id || id === b.id);
    assert.deepEqual(recent, [b.id, a.id]);
  });

  test('an exported document is recent; documentLimit bounds the list and may not be negative', async () => {
    const home = await createTestFolder(client, 'recentdocs');
    const first = await importBytes(home.id, 'First');
    const second = await importBytes(home.id, 'Second');
    for (const entry of [first, second]) {
      await client.entriesClient.exportEntry({ repositoryId, entryId: entry.id, request: new ExportEntryRequest({ part: ExportEntryRequestPart.Edoc }) });
    }

    const recent = await areas.getRecentDocuments({ repositoryId });
    assert.deepEqual(ids(recent).filter((id) => id === first.id || id === second.id), [second.id, first.id]);
    assert.equal(recent.find((e) => e.entryId === second.id).fullPath, `${home.fullPath}\\Second`);
    assert.equal((await areas.getRecentDocuments({ repositoryId, documentLimit: 1 })).length, 1);
    assert.deepEqual(await areas.getRecentDocuments({ repositoryId, documentLimit: 0 }), []);
    await expectApiError(areas.getRecentDocuments({ repositoryId, documentLimit: -1 }), 400);
  });
});

describe('Personal collections', () => {
  test('create, get (with $select), list, rename, add and remove entries, delete', async () => {
    const home = await createTestFolder(client, 'collection');
    const name = uniqueName('Collection');
    const created = await areas.createPersonalCollection({ repositoryId, request: new CreatePersonalCollectionRequest({ name }) });
    assert.match(created.id, /^pc_/);
    assert.equal(created.name, name);
    assert.deepEqual(created.entryIds, []);

    const added = await areas.addCollectionEntries({ repositoryId, collectionId: created.id, request: new EntryIdsRequest({ entryIds: [home.id, 1] }) });
    assert.deepEqual(added.entryIds, [home.id, 1]);
    const renamed = await areas.renamePersonalCollection({ repositoryId, collectionId: created.id, request: new RenamePersonalCollectionRequest({ name: `${name} renamed` }) });
    assert.equal(renamed.id, created.id);
    assert.equal(renamed.name, `${name} renamed`);
    const selected = await areas.getPersonalCollection({ repositoryId, collectionId: created.id, select: 'name' });
    assert.equal(selected.name, `${name} renamed`);
    assert.equal(selected.entryIds, undefined);
    const removed = await areas.removeCollectionEntries({ repositoryId, collectionId: created.id, request: new EntryIdsRequest({ entryIds: [1, 424242] }) });
    assert.deepEqual(removed.entryIds, [home.id]);
    const listed = await areas.getPersonalCollections({ repositoryId });
    assert.deepEqual(listed.find((c) => c.id === created.id).entryIds, [home.id]);

    await areas.deletePersonalCollection({ repositoryId, collectionId: created.id });
    await areas.deletePersonalCollection({ repositoryId, collectionId: created.id });
    await expectApiError(areas.getPersonalCollection({ repositoryId, collectionId: created.id }), 404);
  });

  test('a taken or reserved name is an ApiException 409, a blank one 400', async () => {
    const name = uniqueName('Taken');
    await areas.createPersonalCollection({ repositoryId, request: new CreatePersonalCollectionRequest({ name }) });
    await expectApiError(areas.createPersonalCollection({ repositoryId, request: new CreatePersonalCollectionRequest({ name: name.toUpperCase() }) }), 409);
    await expectApiError(areas.createPersonalCollection({ repositoryId, request: new CreatePersonalCollectionRequest({ name: 'Starred' }) }), 409);
    await expectApiError(areas.createPersonalCollection({ repositoryId, request: new CreatePersonalCollectionRequest({ name: ' ' }) }), 400);
    await expectApiError(
      areas.addCollectionEntries({ repositoryId, collectionId: 'pc_missing', request: new EntryIdsRequest({ entryIds: [1] }) }),
      404,
    );
  });
});

describe('User areas', () => {
  test('create, get, list, update, delete; entries added, listed, removed', async () => {
    const home = await createTestFolder(client, 'area');
    const name = uniqueName('Area');
    const created = await areas.createUserArea({ repositoryId, request: new CreateUserAreaRequest({ name, comment: 'c', data: 'd' }) });
    assert.equal(typeof created.id, 'number');
    assert.deepEqual([created.name, created.comment, created.data], [name, 'c', 'd']);

    const fetched = await areas.getUserArea({ repositoryId, areaId: created.id });
    assert.deepEqual([fetched.id, fetched.name, fetched.comment, fetched.data], [created.id, name, 'c', 'd']);
    const selected = await areas.getUserArea({ repositoryId, areaId: created.id, select: 'data' });
    assert.deepEqual([selected.name, selected.data], [undefined, 'd']);
    assert.ok((await areas.getUserAreas({ repositoryId })).some((a) => a.id === created.id));

    const updated = await areas.updateUserArea({ repositoryId, areaId: created.id, request: new UpdateUserAreaRequest({ comment: 'changed' }) });
    assert.deepEqual([updated.name, updated.comment, updated.data], [name, 'changed', 'd']);

    const added = await areas.addUserAreaEntries({ repositoryId, areaId: created.id, request: new EntryIdsRequest({ entryIds: [home.id] }) });
    assert.deepEqual(ids(added), [home.id]);
    assert.equal(added[0].fullPath, home.fullPath);
    assert.deepEqual(ids(await areas.getUserAreaEntries({ repositoryId, areaId: created.id })), [home.id]);
    assert.deepEqual(await areas.removeUserAreaEntries({ repositoryId, areaId: created.id, request: new EntryIdsRequest({ entryIds: [home.id] }) }), []);

    await areas.deleteUserArea({ repositoryId, areaId: created.id });
    await expectApiError(areas.getUserArea({ repositoryId, areaId: created.id }), 404);
    await expectApiError(areas.deleteUserArea({ repositoryId, areaId: created.id }), 404);
  });

  test('reserved names are an ApiException 400, a taken one 409', async () => {
    for (const name of ['Starred', 'RecentDocuments', 'RecentFolders', 'pc_mine']) {
      await expectApiError(areas.createUserArea({ repositoryId, request: new CreateUserAreaRequest({ name }) }), 400);
    }
    const name = uniqueName('Dup');
    await areas.createUserArea({ repositoryId, request: new CreateUserAreaRequest({ name }) });
    await expectApiError(areas.createUserArea({ repositoryId, request: new CreateUserAreaRequest({ name }) }), 409);
  });

  test('application-managed areas are not listed', async () => {
    const listed = await areas.getUserAreas({ repositoryId });
    assert.ok(listed.every((a) => !/^(pc_|starred$|recentdocuments$|recentfolders$)/i.test(a.name)), JSON.stringify(listed));
  });
});
