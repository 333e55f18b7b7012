// Entries: GetEntry, GetEntryByPath, CreateEntry (folders, shortcuts, autoRename, conflicts) and UpdateEntry
// (rename, move), driven through the official client. Each test works in its own folder under the root.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateEntryRequest,
  CreateEntryRequestEntryType,
  EntryType,
  Folder,
  Shortcut,
  UpdateEntryRequest,
} from '@laserfiche/lf-repository-api-client-v2';
import {
  REPOSITORY_ID,
  ROOT_ID,
  assertFullProblemDetails,
  createClient,
  createFolder,
  createShortcut,
  createTestFolder,
  expectApiError,
  uniqueName,
} from './helpers.mjs';

const client = createClient();
const entries = client.entriesClient;
const repositoryId = REPOSITORY_ID;

const getEntry = (entryId, extra = {}) => entries.getEntry({ repositoryId, entryId, ...extra });
const rename = (entryId, name, autoRename) =>
  entries.updateEntry({ repositoryId, entryId, request: new UpdateEntryRequest({ name, autoRename }) });
const move = (entryId, parentId, extra = {}) =>
  entries.updateEntry({ repositoryId, entryId, request: new UpdateEntryRequest({ parentId, ...extra }) });

describe('GetEntry', () => {
  test('root folder: id 1, Folder, fullPath "\\"', async () => {
    const root = await getEntry(ROOT_ID);
    assert.ok(root instanceof Folder, `root is a Folder instance, got ${root?.constructor?.name}`);
    assert.equal(root.id, ROOT_ID);
    assert.equal(root.entryType, EntryType.Folder);
    assert.equal(root.fullPath, '\\');
    assert.equal(root.isContainer, true);
    assert.equal(root.isLeaf, false);
    assert.equal(root.parentId, undefined, 'the root has no parent');
    assert.equal(root.templateId, 0, 'templateId is 0 without a template');
    assert.ok(root.creationTime instanceof Date && !Number.isNaN(root.creationTime.getTime()));
    assert.ok(root.lastModifiedTime instanceof Date && !Number.isNaN(root.lastModifiedTime.getTime()));
  });

  test('a created folder reads back with the same members', async () => {
    const folder = await createTestFolder(client, 'get');
    const read = await getEntry(folder.id);
    assert.ok(read instanceof Folder);
    assert.equal(read.id, folder.id);
    assert.equal(read.name, folder.name);
    assert.equal(read.parentId, ROOT_ID);
    assert.equal(read.fullPath, `\\${folder.name}`);
    assert.equal(read.folderPath, '\\', 'folderPath of a child of the root is "\\"');
    assert.equal(read.creator, folder.creator);
    assert.equal(read.creationTime.getTime(), folder.creationTime.getTime());
  });

  test('$select limits the members returned (id, name, entryType always kept)', async () => {
    const folder = await createTestFolder(client, 'select');
    const read = await getEntry(folder.id, { select: 'parentId' });
    assert.equal(read.id, folder.id);
    assert.equal(read.name, folder.name);
    assert.equal(read.entryType, EntryType.Folder);
    assert.equal(read.parentId, ROOT_ID);
    assert.equal(read.fullPath, undefined, 'fullPath not selected');
    assert.equal(read.creator, undefined, 'creator not selected');
  });

  test('unknown entry: ApiException 404 with complete ProblemDetails', async () => {
    const error = await expectApiError(getEntry(987654321), 404);
    assertFullProblemDetails(error.problemDetails, 404);
    assert.equal(error.message, error.problemDetails.title);
  });
});

describe('GetEntryByPath', () => {
  let top;
  let child;
  before(async () => {
    top = await createTestFolder(client, 'bypath');
    child = await createFolder(client, { parentId: top.id, name: 'Child Folder' });
  });

  test('root path "\\"', async () => {
    const result = await entries.getEntryByPath({ repositoryId, fullPath: '\\' });
    assert.equal(result.entry.id, ROOT_ID);
    assert.ok(result.entry instanceof Folder);
    assert.equal(result.ancestorEntry, undefined);
  });

  test('existing nested path returns the entry', async () => {
    const result = await entries.getEntryByPath({ repositoryId, fullPath: `\\${top.name}\\Child Folder` });
    assert.ok(result.entry instanceof Folder);
    assert.equal(result.entry.id, child.id);
    assert.equal(result.entry.fullPath, `\\${top.name}\\Child Folder`);
    assert.equal(result.entry.parentId, top.id);
    assert.equal(result.ancestorEntry, undefined);
  });

  test('missing path with fallbackToClosestAncestor returns the closest ancestor', async () => {
    const result = await entries.getEntryByPath({
      repositoryId,
      fullPath: `\\${top.name}\\Child Folder\\missing\\deeper`,
      fallbackToClosestAncestor: true,
    });
    assert.equal(result.entry, undefined, 'entry not set');
    assert.ok(result.ancestorEntry, 'ancestorEntry set');
    assert.equal(result.ancestorEntry.id, child.id);
    assert.ok(result.ancestorEntry instanceof Folder);
  });

  test('existing path with fallbackToClosestAncestor still returns the entry itself', async () => {
    const result = await entries.getEntryByPath({ repositoryId, fullPath: `\\${top.name}`, fallbackToClosestAncestor: true });
    assert.equal(result.entry.id, top.id);
    assert.equal(result.ancestorEntry, undefined);
  });

  test('missing path without fallback: ApiException 404 with complete ProblemDetails', async () => {
    const error = await expectApiError(
      entries.getEntryByPath({ repositoryId, fullPath: `\\${top.name}\\missing` }),
      404,
    );
    assertFullProblemDetails(error.problemDetails, 404);
  });

  test('missing path with fallbackToClosestAncestor=false: ApiException 404', async () => {
    await expectApiError(
      entries.getEntryByPath({ repositoryId, fullPath: `\\${top.name}\\missing`, fallbackToClosestAncestor: false }),
      404,
    );
  });
});

describe('CreateEntry', () => {
  test('folder: 201 with the new Folder', async () => {
    const parent = await createTestFolder(client, 'create');
    const name = 'New Folder';
    const created = await entries.createEntry({
      repositoryId,
      entryId: parent.id,
      request: new CreateEntryRequest({ name, entryType: CreateEntryRequestEntryType.Folder }),
    });
    assert.ok(created instanceof Folder);
    assert.equal(created.name, name);
    assert.equal(created.parentId, parent.id);
    assert.equal(created.fullPath, `${parent.fullPath}\\${name}`);
    assert.equal(created.folderPath, parent.fullPath, 'folderPath is the parent\'s path');
    assert.equal(created.creator, 'admin', 'creator is the signed-in user');
    assert.equal(created.entryType, EntryType.Folder);
    assert.equal(created.isContainer, true);
    assert.ok(created.id > ROOT_ID);
    const read = await getEntry(created.id);
    assert.equal(read.fullPath, created.fullPath);
  });

  test('shortcut: points at its target', async () => {
    const parent = await createTestFolder(client, 'shortcut');
    const target = await createFolder(client, { parentId: parent.id, name: 'Target' });
    const shortcut = await createShortcut(client, { parentId: parent.id, targetId: target.id, name: 'Link to Target' });
    assert.ok(shortcut instanceof Shortcut, `a Shortcut instance, got ${shortcut?.constructor?.name}`);
    assert.equal(shortcut.entryType, EntryType.Shortcut);
    assert.equal(shortcut.name, 'Link to Target');
    assert.equal(shortcut.parentId, parent.id);
    assert.equal(shortcut.targetId, target.id);
    assert.equal(shortcut.targetType, EntryType.Folder);
    const read = await getEntry(shortcut.id);
    assert.ok(read instanceof Shortcut);
    assert.equal(read.targetId, target.id);
  });

  test('shortcut to a missing target: ApiException 404', async () => {
    const parent = await createTestFolder(client, 'shortcut-missing');
    await expectApiError(createShortcut(client, { parentId: parent.id, targetId: 987654321 }), 404);
  });

  test('shortcut without targetId: ApiException 400', async () => {
    const parent = await createTestFolder(client, 'shortcut-notarget');
    await expectApiError(
      entries.createEntry({
        repositoryId,
        entryId: parent.id,
        request: new CreateEntryRequest({ name: 'No Target', entryType: CreateEntryRequestEntryType.Shortcut }),
      }),
      400,
    );
  });

  test('name clash without autoRename: ApiException 409 "Entry name conflicts."', async () => {
    const parent = await createTestFolder(client, 'conflict');
    await createFolder(client, { parentId: parent.id, name: 'Report' });
    const error = await expectApiError(createFolder(client, { parentId: parent.id, name: 'Report' }), 409);
    assert.equal(error.problemDetails.title, 'Entry name conflicts.');
    assertFullProblemDetails(error.problemDetails, 409);
  });

  test('name clash with autoRename=false explicitly: ApiException 409', async () => {
    const parent = await createTestFolder(client, 'conflict-false');
    await createFolder(client, { parentId: parent.id, name: 'Report' });
    const error = await expectApiError(createFolder(client, { parentId: parent.id, name: 'Report', autoRename: false }), 409);
    assert.equal(error.problemDetails.title, 'Entry name conflicts.');
  });

  test('names are unique across entry types (shortcut vs folder)', async () => {
    const parent = await createTestFolder(client, 'conflict-types');
    const target = await createFolder(client, { parentId: parent.id, name: 'Target' });
    const error = await expectApiError(createShortcut(client, { parentId: parent.id, targetId: target.id, name: 'Target' }), 409);
    assert.equal(error.problemDetails.title, 'Entry name conflicts.');
  });

  test('names clash ignoring case', async () => {
    const parent = await createTestFolder(client, 'conflict-case');
    await createFolder(client, { parentId: parent.id, name: 'Invoices' });
    await expectApiError(createFolder(client, { parentId: parent.id, name: 'INVOICES' }), 409);
  });

  test('autoRename appends " (2)", " (3)", ...', async () => {
    const parent = await createTestFolder(client, 'autorename');
    const first = await createFolder(client, { parentId: parent.id, name: 'Report', autoRename: true });
    const second = await createFolder(client, { parentId: parent.id, name: 'Report', autoRename: true });
    const third = await createFolder(client, { parentId: parent.id, name: 'Report', autoRename: true });
    assert.equal(first.name, 'Report');
    assert.equal(second.name, 'Report (2)');
    assert.equal(third.name, 'Report (3)');
    assert.equal(third.fullPath, `${parent.fullPath}\\Report (3)`);
    const shortcut = await createShortcut(client, { parentId: parent.id, targetId: first.id, name: 'Report', autoRename: true });
    assert.equal(shortcut.name, 'Report (4)');
  });

  test('the same name in different folders does not clash', async () => {
    const parent = await createTestFolder(client, 'samename');
    const a = await createFolder(client, { parentId: parent.id, name: 'A' });
    const b = await createFolder(client, { parentId: parent.id, name: 'B' });
    const inA = await createFolder(client, { parentId: a.id, name: 'Same' });
    const inB = await createFolder(client, { parentId: b.id, name: 'Same' });
    assert.equal(inA.name, 'Same');
    assert.equal(inB.name, 'Same');
    assert.notEqual(inA.id, inB.id);
  });

  test('unknown parent folder: ApiException 404', async () => {
    await expectApiError(createFolder(client, { parentId: 987654321, name: uniqueName('orphan') }), 404);
  });

  test('parent that is not a folder: ApiException 400', async () => {
    const parent = await createTestFolder(client, 'notfolder');
    const shortcut = await createShortcut(client, { parentId: parent.id, targetId: parent.id, name: 'Shortcut' });
    await expectApiError(createFolder(client, { parentId: shortcut.id, name: 'Inside Shortcut' }), 400);
  });

  test('a name with a backslash: ApiException 400', async () => {
    const parent = await createTestFolder(client, 'badname');
    const error = await expectApiError(createFolder(client, { parentId: parent.id, name: 'a\\b' }), 400);
    assertFullProblemDetails(error.problemDetails, 400);
  });
});

describe('UpdateEntry (PATCH)', () => {
  test('rename changes name and fullPath', async () => {
    const parent = await createTestFolder(client, 'rename');
    const folder = await createFolder(client, { parentId: parent.id, name: 'Before' });
    const renamed = await rename(folder.id, 'After');
    assert.ok(renamed instanceof Folder);
    assert.equal(renamed.id, folder.id);
    assert.equal(renamed.name, 'After');
    assert.equal(renamed.parentId, parent.id);
    assert.equal(renamed.fullPath, `${parent.fullPath}\\After`);
    const read = await getEntry(folder.id);
    assert.equal(read.name, 'After');
    const byPath = await entries.getEntryByPath({ repositoryId, fullPath: `${parent.fullPath}\\After` });
    assert.equal(byPath.entry.id, folder.id);
    await expectApiError(entries.getEntryByPath({ repositoryId, fullPath: `${parent.fullPath}\\Before` }), 404);
  });

  test('renaming a folder rewrites the paths of its descendants', async () => {
    const parent = await createTestFolder(client, 'rename-tree');
    const folder = await createFolder(client, { parentId: parent.id, name: 'Old' });
    const child = await createFolder(client, { parentId: folder.id, name: 'Child' });
    const grandchild = await createFolder(client, { parentId: child.id, name: 'Grandchild' });
    await rename(folder.id, 'New');
    assert.equal((await getEntry(child.id)).fullPath, `${parent.fullPath}\\New\\Child`);
    assert.equal((await getEntry(grandchild.id)).fullPath, `${parent.fullPath}\\New\\Child\\Grandchild`);
  });

  test('changing only the case of a name is allowed', async () => {
    const parent = await createTestFolder(client, 'rename-case');
    const folder = await createFolder(client, { parentId: parent.id, name: 'lower' });
    const renamed = await rename(folder.id, 'LOWER');
    assert.equal(renamed.name, 'LOWER');
  });

  test('rename onto an existing name: ApiException 409', async () => {
    const parent = await createTestFolder(client, 'rename-conflict');
    await createFolder(client, { parentId: parent.id, name: 'Taken' });
    const folder = await createFolder(client, { parentId: parent.id, name: 'Mine' });
    const error = await expectApiError(rename(folder.id, 'Taken'), 409);
    assert.equal(error.problemDetails.title, 'Entry name conflicts.');
    assert.equal((await getEntry(folder.id)).name, 'Mine', 'the entry keeps its name');
  });

  test('rename onto an existing name with autoRename picks "Name (2)"', async () => {
    const parent = await createTestFolder(client, 'rename-auto');
    await createFolder(client, { parentId: parent.id, name: 'Taken' });
    const folder = await createFolder(client, { parentId: parent.id, name: 'Mine' });
    const renamed = await rename(folder.id, 'Taken', true);
    assert.equal(renamed.name, 'Taken (2)');
  });

  test('move changes parentId and fullPath of the entry and its descendants', async () => {
    const parent = await createTestFolder(client, 'move');
    const source = await createFolder(client, { parentId: parent.id, name: 'Source' });
    const destination = await createFolder(client, { parentId: parent.id, name: 'Destination' });
    const moving = await createFolder(client, { parentId: source.id, name: 'Moving' });
    const inside = await createFolder(client, { parentId: moving.id, name: 'Inside' });

    const moved = await move(moving.id, destination.id);
    assert.equal(moved.id, moving.id);
    assert.equal(moved.parentId, destination.id);
    assert.equal(moved.name, 'Moving');
    assert.equal(moved.fullPath, `${parent.fullPath}\\Destination\\Moving`);
    assert.equal(moved.folderPath, `${parent.fullPath}\\Destination`);
    assert.equal((await getEntry(inside.id)).fullPath, `${parent.fullPath}\\Destination\\Moving\\Inside`);

    const sourceChildren = await entries.listEntries({ repositoryId, entryId: source.id });
    assert.equal(sourceChildren.value.length, 0, 'the source folder is empty');
    const destinationChildren = await entries.listEntries({ repositoryId, entryId: destination.id });
    assert.deepEqual(destinationChildren.value.map((e) => e.id), [moving.id]);
  });

  test('move and rename in one request', async () => {
    const parent = await createTestFolder(client, 'move-rename');
    const destination = await createFolder(client, { parentId: parent.id, name: 'Destination' });
    const folder = await createFolder(client, { parentId: parent.id, name: 'Original' });
    const updated = await move(folder.id, destination.id, { name: 'Renamed' });
    assert.equal(updated.parentId, destination.id);
    assert.equal(updated.name, 'Renamed');
    assert.equal(updated.fullPath, `${parent.fullPath}\\Destination\\Renamed`);
  });

  test('move a shortcut', async () => {
    const parent = await createTestFolder(client, 'move-shortcut');
    const destination = await createFolder(client, { parentId: parent.id, name: 'Destination' });
    const shortcut = await createShortcut(client, { parentId: parent.id, targetId: destination.id, name: 'Link' });
    const moved = await move(shortcut.id, destination.id);
    assert.ok(moved instanceof Shortcut);
    assert.equal(moved.parentId, destination.id);
    assert.equal(moved.targetId, destination.id);
  });

  test('move onto a clashing name: 409, and with autoRename: "Name (2)"', async () => {
    const parent = await createTestFolder(client, 'move-conflict');
    const destination = await createFolder(client, { parentId: parent.id, name: 'Destination' });
    await createFolder(client, { parentId: destination.id, name: 'Dup' });
    const folder = await createFolder(client, { parentId: parent.id, name: 'Dup' });
    const error = await expectApiError(move(folder.id, destination.id), 409);
    assert.equal(error.problemDetails.title, 'Entry name conflicts.');
    const moved = await move(folder.id, destination.id, { autoRename: true });
    assert.equal(moved.name, 'Dup (2)');
    assert.equal(moved.parentId, destination.id);
  });

  test('moving a folder into its own subfolder: ApiException 400', async () => {
    const parent = await createTestFolder(client, 'move-into-self');
    const folder = await createFolder(client, { parentId: parent.id, name: 'Outer' });
    const sub = await createFolder(client, { parentId: folder.id, name: 'Inner' });
    const deeper = await createFolder(client, { parentId: sub.id, name: 'Deeper' });
    const error = await expectApiError(move(folder.id, sub.id), 400);
    assertFullProblemDetails(error.problemDetails, 400);
    await expectApiError(move(folder.id, deeper.id), 400);
    assert.equal((await getEntry(folder.id)).parentId, parent.id, 'the folder did not move');
  });

  test('moving a folder into itself: ApiException 400', async () => {
    const parent = await createTestFolder(client, 'move-itself');
    const folder = await createFolder(client, { parentId: parent.id, name: 'Self' });
    await expectApiError(move(folder.id, folder.id), 400);
  });

  test('the root folder cannot be renamed: ApiException 400', async () => {
    await expectApiError(rename(ROOT_ID, uniqueName('root')), 400);
  });

  test('unknown entry: ApiException 404', async () => {
    const error = await expectApiError(rename(987654321, 'Whatever'), 404);
    assertFullProblemDetails(error.problemDetails, 404);
  });

  test('unknown destination folder: ApiException 404', async () => {
    const parent = await createTestFolder(client, 'move-missing');
    const folder = await createFolder(client, { parentId: parent.id, name: 'Lost' });
    await expectApiError(move(folder.id, 987654321), 404);
  });
});
