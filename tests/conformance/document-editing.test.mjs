// Editing documents through the official client: the page operations (createPages, replacePages, writePage,
// movePages, copyPages, rotateImagePage), updateDocument and its chunked form, generateText, persistent locks and
// version control.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CheckInDocumentRequest,
  CheckOutDocumentRequest,
  CopyPagesRequest,
  CreateMultipartUploadUrlsRequest,
  ImportEntryRequest,
  ImportEntryRequestMetadata,
  LockDocumentRequest,
  MovePagesRequest,
  PagesContentRequest,
  RotateImagePageRequest,
  SetTagsRequest,
  UpdateDocumentRequest,
  UpdateDocumentUploadedPartsRequest,
  WritePageTextRequest,
} from '@laserfiche/lf-repository-api-client-v2';
import { REPOSITORY_ID, createClient, createTestFolder, expectApiError, uniqueName } from './helpers.mjs';

const client = createClient();
/** The seeded second user (a member of Users, who may change what the root holds): "another user" for locks. */
const user1 = createClient({ username: 'user1', password: 'user1' });
const entries = client.entriesClient;
const repositoryId = REPOSITORY_ID;
/** A 3 x 2 RGB PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAHElEQVR4nGNgYGAICAhYsGABg4aGRkVFxYkTJwA0HAcJVpjNyAAAAABJRU5ErkJggg==', 'base64');
const png = (fileName = 'page.png') => ({ fileName, data: new Blob([PNG], { type: 'image/png' }) });

async function importDocument(folder, text, fileName = 'doc.txt') {
  return entries.importEntry({
    repositoryId,
    entryId: folder.id,
    file: { fileName, data: new Blob([text]) },
    request: new ImportEntryRequest({ name: uniqueName('doc'), autoRename: true }),
  });
}

async function pageTexts(entryId) {
  const pages = (await entries.listPageInfos({ repositoryId, entryId })).value ?? [];
  const texts = [];
  for (const page of pages) {
    texts.push((await entries.getPageText({ repositoryId, entryId, pageNumber: page.pageNumber })).text);
  }
  return texts;
}

describe('Page operations', () => {
  test('createPages pairs images and texts, inserts at pageNumber, and makes one empty page without content', async () => {
    const folder = await createTestFolder(client, 'pages');
    const doc = await importDocument(folder, '');
    assert.equal(doc.pageCount, 0);

    const created = await entries.createPages({
      repositoryId, entryId: doc.id, imageFiles: [png('a.png')], request: new PagesContentRequest({ textPages: ['first', 'second'] }),
    });
    assert.equal(created.pageCount, 2);
    const infos = (await entries.listPageInfos({ repositoryId, entryId: doc.id })).value;
    assert.deepEqual(infos.map((p) => [p.hasImage, p.hasText]), [[true, true], [false, true]]);
    assert.deepEqual(infos.map((p) => [p.imageWidth, p.imageHeight]), [[3, 2], [0, 0]]);

    await entries.createPages({ repositoryId, entryId: doc.id, pageNumber: 1, request: new PagesContentRequest({ textPages: ['zero'] }) });
    assert.deepEqual(await pageTexts(doc.id), ['zero', 'first', 'second']);
    const empty = await entries.createPages({ repositoryId, entryId: doc.id, request: new PagesContentRequest({}) });
    assert.equal(empty.pageCount, 4);

    const error = await expectApiError(
      entries.createPages({ repositoryId, entryId: doc.id, pageNumber: 9, request: new PagesContentRequest({ textPages: ['x'] }) }), 400);
    assert.match(error.problemDetails.detail, /pageNumber 9/);
  });

  test('replacePages replaces every page; writePage overwrites one part of a page', async () => {
    const folder = await createTestFolder(client, 'pages');
    const doc = await importDocument(folder, 'old one\fold two\fold three');

    const replaced = await entries.replacePages({
      repositoryId, entryId: doc.id, imageFiles: [png()], request: new PagesContentRequest({ textPages: ['', 'new two'] }),
    });
    assert.equal(replaced.pageCount, 2);
    assert.deepEqual(await pageTexts(doc.id), ['', 'new two']);

    await entries.writePage({ repositoryId, entryId: doc.id, pageNumber: 1, request: new WritePageTextRequest({ text: 'written' }) });
    const first = (await entries.listPageInfos({ repositoryId, entryId: doc.id })).value[0];
    assert.equal(first.hasImage, true, 'the image stays when only text is written');
    assert.equal((await entries.getPageText({ repositoryId, entryId: doc.id, pageNumber: 1 })).text, 'written');
    await entries.writePage({ repositoryId, entryId: doc.id, pageNumber: 2, imageFile: png('b.png') });
    assert.equal((await entries.getPageText({ repositoryId, entryId: doc.id, pageNumber: 2 })).text, 'new two', 'the text stays when only the image is written');
    const image = await entries.getPageImage({ repositoryId, entryId: doc.id, pageNumber: 2 });
    assert.deepEqual(Buffer.from(await image.data.arrayBuffer()), PNG);

    await expectApiError(entries.writePage({ repositoryId, entryId: doc.id, pageNumber: 5, request: new WritePageTextRequest({ text: 'x' }) }), 404);
  });

  test('movePages and copyPages take page ranges', async () => {
    const folder = await createTestFolder(client, 'pages');
    const doc = await importDocument(folder, 'A\fB\fC\fD');
    const other = await importDocument(folder, 'X');

    const moved = await entries.movePages({ repositoryId, entryId: doc.id, request: new MovePagesRequest({ pageRange: '3-4', destinationPageNumber: 1 }) });
    assert.equal(moved.pageCount, 4);
    assert.deepEqual(await pageTexts(doc.id), ['C', 'D', 'A', 'B']);

    const copied = await entries.copyPages({
      repositoryId, entryId: doc.id, request: new CopyPagesRequest({ pageRange: '1,4', destinationEntryId: other.id, destinationPageNumber: 2 }),
    });
    assert.equal(copied.id, other.id);
    assert.deepEqual(await pageTexts(other.id), ['X', 'C', 'B']);
    assert.deepEqual(await pageTexts(doc.id), ['C', 'D', 'A', 'B']);

    await expectApiError(entries.movePages({ repositoryId, entryId: doc.id, request: new MovePagesRequest({ pageRange: '7', destinationPageNumber: 1 }) }), 400);
  });

  test('rotateImagePage turns the image: width and height swap', async () => {
    const folder = await createTestFolder(client, 'pages');
    const doc = await importDocument(folder, '');
    await entries.createPages({ repositoryId, entryId: doc.id, imageFiles: [png()] });

    const rotated = await entries.rotateImagePage({ repositoryId, entryId: doc.id, pageNumber: 1, request: new RotateImagePageRequest({ rotationAngle: 90 }) });
    assert.equal(rotated.id, doc.id);
    const page = (await entries.listPageInfos({ repositoryId, entryId: doc.id })).value[0];
    assert.deepEqual([page.imageWidth, page.imageHeight], [2, 3]);

    const error = await expectApiError(
      entries.rotateImagePage({ repositoryId, entryId: doc.id, pageNumber: 1, request: new RotateImagePageRequest({ rotationAngle: 45 }) }), 400);
    assert.match(error.problemDetails.detail, /0, 90, 180 or 270/);
  });
});

describe('updateDocument and generateText', () => {
  test('updateDocument replaces the edoc and adds tags', async () => {
    const folder = await createTestFolder(client, 'update');
    const doc = await importDocument(folder, 'plain text');

    const updated = await entries.updateDocument({
      repositoryId,
      entryId: doc.id,
      file: { fileName: 'signed.txt', data: new Blob(['signed content']) },
      request: new UpdateDocumentRequest({ importAsElectronicDocument: true, metadata: new ImportEntryRequestMetadata({ tags: ['Reviewed'] }) }),
    });
    assert.equal(updated.id, doc.id);
    assert.equal(updated.isElectronicDocument, true);
    assert.equal(updated.electronicDocumentSize, 'signed content'.length);
    const tags = (await client.entriesClient.listTags({ repositoryId, entryId: doc.id })).value;
    assert.deepEqual(tags.map((t) => t.name), ['Reviewed']);

    await expectApiError(entries.updateDocument({ repositoryId, entryId: doc.id, request: new UpdateDocumentRequest({}) }), 400);
  });

  test('updateDocumentUploadedParts applies uploaded parts as a task', async () => {
    const folder = await createTestFolder(client, 'update');
    const doc = await importDocument(folder, 'page');
    const urls = await entries.createMultipartUploadUrls({
      repositoryId,
      request: new CreateMultipartUploadUrlsRequest({ startingPartNumber: 1, numberOfParts: 1, fileName: 'signed.pdf', mimeType: 'application/pdf' }),
    });
    const put = await fetch(urls.urls[0], { method: 'PUT', body: Buffer.from('%PDF-signed') });
    assert.equal(put.status, 200);

    const started = await entries.updateDocumentUploadedParts({
      repositoryId, entryId: doc.id, request: new UpdateDocumentUploadedPartsRequest({ uploadId: urls.uploadId, partETags: [put.headers.get('etag')] }),
    });
    let task;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 20))) {
      [task] = (await client.tasksClient.listTasks({ repositoryId, taskIds: [started.taskId] })).value;
      if (['Completed', 'Failed', 'Cancelled'].includes(task.status)) break;
    }
    assert.equal(task.status, 'Completed');
    assert.equal(task.result.entryId, doc.id);
    const entry = await entries.getEntry({ repositoryId, entryId: doc.id });
    assert.equal(entry.extension, 'pdf');
    assert.equal(entry.electronicDocumentSize, '%PDF-signed'.length);
  });

  test('generateText keeps the text of a document of text pages', async () => {
    const folder = await createTestFolder(client, 'update');
    const doc = await importDocument(folder, 'typed');

    const result = await entries.generateText({ repositoryId, entryId: doc.id });
    assert.equal(result.pageCount, 1);
    assert.deepEqual(await pageTexts(doc.id), ['typed']);
  });
});

describe('Locks and version control', () => {
  test('lockDocument, getDocumentLockInfo and unlockDocument (own lock and by token)', async () => {
    const folder = await createTestFolder(client, 'locks');
    const doc = await importDocument(folder, 'text');

    const lock = await entries.lockDocument({ repositoryId, entryId: doc.id, request: new LockDocumentRequest({ comment: 'reviewing', extent: 'Metadata' }) });
    assert.equal(lock.isActive, true);
    assert.equal(lock.owner, 'admin');
    assert.equal(lock.extent, 'Metadata');
    assert.equal(lock.comment, 'reviewing');
    assert.ok(lock.creationTimestampUtc instanceof Date);
    const info = await entries.getDocumentLockInfo({ repositoryId, entryId: doc.id });
    assert.equal(info.lockToken, lock.lockToken);
    const entry = await entries.getEntry({ repositoryId, entryId: doc.id });
    assert.equal(entry.isLocked, true);
    assert.equal(entry.lockedBy, 'admin');
    assert.equal(entry.isLockedByAnotherUser, false);

    await entries.unlockDocument({ repositoryId, entryId: doc.id });
    assert.equal((await entries.getDocumentLockInfo({ repositoryId, entryId: doc.id })).isActive, false);
    await expectApiError(entries.unlockDocument({ repositoryId, entryId: doc.id }), 409);

    const second = await entries.lockDocument({ repositoryId, entryId: doc.id, request: new LockDocumentRequest({}) });
    assert.equal(second.extent, 'All');
    await entries.unlockDocument({ repositoryId, entryId: doc.id, lockToken: second.lockToken });
    assert.equal((await entries.getEntry({ repositoryId, entryId: doc.id })).isLocked, false);
  });

  test('putUnderVersionControl, checkOutDocument, checkInDocument and undoCheckOut', async () => {
    const folder = await createTestFolder(client, 'versions');
    const doc = await importDocument(folder, 'version one');

    await expectApiError(entries.checkOutDocument({ repositoryId, entryId: doc.id, request: new CheckOutDocumentRequest({}) }), 409);
    const controlled = await entries.putUnderVersionControl({ repositoryId, entryId: doc.id });
    assert.equal(controlled.isUnderVersionControl, true);
    assert.equal(controlled.currentVersion, 1);

    const checkedOut = await entries.checkOutDocument({ repositoryId, entryId: doc.id, request: new CheckOutDocumentRequest({ comment: 'edit' }) });
    assert.equal(checkedOut.isCheckedOut, true);
    assert.equal(checkedOut.checkedOutBy, 'admin');
    assert.equal(checkedOut.isLocked, true);
    await entries.createPages({ repositoryId, entryId: doc.id, request: new PagesContentRequest({ textPages: ['version two'] }) });
    const checkedIn = await entries.checkInDocument({ repositoryId, entryId: doc.id, request: new CheckInDocumentRequest({}) });
    assert.equal(checkedIn.isCheckedOut, false);
    assert.equal(checkedIn.currentVersion, 2);
    assert.equal(checkedIn.isLocked, false);

    await entries.checkOutDocument({ repositoryId, entryId: doc.id, request: new CheckOutDocumentRequest({ lock: false }) });
    await entries.writePage({ repositoryId, entryId: doc.id, pageNumber: 1, request: new WritePageTextRequest({ text: 'discarded' }) });
    await entries.deletePages({ repositoryId, entryId: doc.id, pageRange: '2' });
    const undone = await entries.undoCheckOut({ repositoryId, entryId: doc.id });
    assert.equal(undone.isCheckedOut, false);
    assert.equal(undone.currentVersion, 2);
    assert.deepEqual(await pageTexts(doc.id), ['version one', 'version two']);
  });
});

describe('Another user', () => {
  test('a write to a document admin has locked reaches the client as an ApiException with status 423 naming admin', async () => {
    const folder = await createTestFolder(client, 'locked');
    const doc = await importDocument(folder, 'locked text');
    await entries.lockDocument({ repositoryId, entryId: doc.id, request: new LockDocumentRequest({ comment: 'mine' }) });

    const pages = await expectApiError(user1.entriesClient.createPages({ repositoryId, entryId: doc.id, request: new PagesContentRequest({ textPages: ['theirs'] }) }), 423);
    assert.equal(pages.problemDetails.title, 'The document is locked.');
    assert.match(pages.problemDetails.detail, /admin/);
    await expectApiError(user1.entriesClient.writePage({ repositoryId, entryId: doc.id, pageNumber: 1, request: new WritePageTextRequest({ text: 'theirs' }) }), 423);
    await expectApiError(user1.entriesClient.setTags({ repositoryId, entryId: doc.id, request: new SetTagsRequest({ tags: ['Reviewed'] }) }), 423);
    await expectApiError(user1.entriesClient.deleteElectronicDocument({ repositoryId, entryId: doc.id }), 423);
    const seen = await user1.entriesClient.getEntry({ repositoryId, entryId: doc.id });
    assert.equal(seen.isLockedByAnotherUser, true);
    assert.equal(seen.lockedBy, 'admin');
    assert.deepEqual(await pageTexts(doc.id), ['locked text']);

    await entries.unlockDocument({ repositoryId, entryId: doc.id });
    const written = await user1.entriesClient.createPages({ repositoryId, entryId: doc.id, request: new PagesContentRequest({ textPages: ['theirs'] }) });
    assert.equal(written.pageCount, 2);
  });

  test('a document admin has checked out refuses the other user\'s writes and check-in', async () => {
    const folder = await createTestFolder(client, 'checked-out');
    const doc = await importDocument(folder, 'version one');
    await entries.putUnderVersionControl({ repositoryId, entryId: doc.id });
    await entries.checkOutDocument({ repositoryId, entryId: doc.id, request: new CheckOutDocumentRequest({ lock: false }) });

    const checkIn = await expectApiError(user1.entriesClient.checkInDocument({ repositoryId, entryId: doc.id, request: new CheckInDocumentRequest({}) }), 423);
    assert.match(checkIn.problemDetails.detail, /checked out by admin/);
    await expectApiError(user1.entriesClient.undoCheckOut({ repositoryId, entryId: doc.id }), 423);
    await expectApiError(user1.entriesClient.createPages({ repositoryId, entryId: doc.id, request: new PagesContentRequest({ textPages: ['theirs'] }) }), 423);
    const seen = await user1.entriesClient.getEntry({ repositoryId, entryId: doc.id });
    assert.equal(seen.isCheckedOutByAnotherUser, true);
    assert.equal(seen.checkedOutBy, 'admin');

    const checkedIn = await entries.checkInDocument({ repositoryId, entryId: doc.id, request: new CheckInDocumentRequest({}) });
    assert.equal(checkedIn.currentVersion, 2);
    assert.equal(checkedIn.isCheckedOut, false);
  });
});
