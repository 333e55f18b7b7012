// Annotations and annotation reasons through the official client: every operation of the Annotations tag.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AnnotationPoint,
  AnnotationReasonRequest,
  AnnotationRectangle,
  AttachmentAnnotation,
  BitmapAnnotation,
  HighlightAnnotation,
  ImportEntryRequest,
  NoteAnnotation,
  RedactionAnnotation,
  SearchEntryRequest,
} from '@laserfiche/lf-repository-api-client-v2';
import { REPOSITORY_ID, createClient, createTestFolder, expectApiError, uniqueName } from './helpers.mjs';

const client = createClient();
const repositoryId = REPOSITORY_ID;
const annotations = client.annotationsClient;

/** A 3 x 2 RGB PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAHElEQVR4nGNgYGAICAhYsGABg4aGRkVFxYkTJwA0HAcJVpjNyAAAAABJRU5ErkJggg==', 'base64');

async function imageDocument() {
  const folder = await createTestFolder(client, 'annotations');
  return client.entriesClient.importEntry({
    repositoryId,
    entryId: folder.id,
    file: { fileName: 'page.png', data: new Blob([PNG], { type: 'image/png' }) },
    request: new ImportEntryRequest({ name: uniqueName('scan'), autoRename: true }),
  });
}

const rect = (x, y, width, height) => new AnnotationRectangle({ x, y, width, height });

describe('annotations', () => {
  test('create, get, list, update and delete an annotation', async () => {
    const doc = await imageDocument();
    const created = await annotations.createAnnotation({
      repositoryId, entryId: doc.id, pageNumber: 1,
      request: new HighlightAnnotation({ color: '#00FF00', comment: 'look', rectangles: [rect(0, 0, 2, 1)] }),
    });
    assert.ok(created instanceof HighlightAnnotation);
    assert.equal(created.pageNumber, 1);
    assert.equal(created.color, '#00FF00');
    assert.equal(created.rectangles[0].width, 2);

    const read = await annotations.getAnnotation({ repositoryId, entryId: doc.id, pageNumber: 1, itemId: created.itemId });
    assert.equal(read.comment, 'look');
    assert.equal((await annotations.listPageAnnotations({ repositoryId, entryId: doc.id, pageNumber: 1 })).length, 1);
    const all = await annotations.listDocumentAnnotations({ repositoryId, entryId: doc.id });
    assert.deepEqual(all.map((a) => a.itemId), [created.itemId]);

    const changed = await annotations.updateAnnotation({
      repositoryId, entryId: doc.id, pageNumber: 1, itemId: created.itemId, request: new HighlightAnnotation({ color: '#FF0000' }),
    });
    assert.equal(changed.color, '#FF0000');
    assert.equal(changed.comment, 'look');

    await annotations.deleteAnnotation({ repositoryId, entryId: doc.id, pageNumber: 1, itemId: created.itemId });
    await expectApiError(annotations.getAnnotation({ repositoryId, entryId: doc.id, pageNumber: 1, itemId: created.itemId }), 404);
  });

  test('an annotation outside the page is a 400', async () => {
    const doc = await imageDocument();
    const error = await expectApiError(annotations.createAnnotation({
      repositoryId, entryId: doc.id, pageNumber: 1, request: new RedactionAnnotation({ rectangles: [rect(0, 0, 10, 10)] }),
    }), 400);
    assert.equal(error.problemDetails.errorCode, 9061);
  });

  test('attachment and bitmap content is uploaded and read back', async () => {
    const doc = await imageDocument();
    const attachment = await annotations.createAnnotation({
      repositoryId, entryId: doc.id, pageNumber: 1, request: new AttachmentAnnotation({ position: new AnnotationPoint({ x: 1, y: 1 }) }),
    });
    await annotations.uploadAnnotationAttachment({
      repositoryId, entryId: doc.id, pageNumber: 1, itemId: attachment.itemId, file: { fileName: 'a.txt', data: new Blob(['attached'], { type: 'text/plain' }) },
    });
    const file = await annotations.getAnnotationAttachment({ repositoryId, entryId: doc.id, pageNumber: 1, itemId: attachment.itemId });
    assert.equal(await file.data.text(), 'attached');

    const bitmap = await annotations.createAnnotation({ repositoryId, entryId: doc.id, pageNumber: 1, request: new BitmapAnnotation({}) });
    await annotations.uploadAnnotationImage({
      repositoryId, entryId: doc.id, pageNumber: 1, itemId: bitmap.itemId, file: { fileName: 'b.png', data: new Blob([PNG], { type: 'image/png' }) },
    });
    await expectApiError(annotations.uploadAnnotationImage({
      repositoryId, entryId: doc.id, pageNumber: 1, itemId: attachment.itemId, file: { fileName: 'b.png', data: new Blob([PNG]) },
    }), 400);
  });

  test('annotation reasons are created, listed, renamed and deleted', async () => {
    const reason = await annotations.createAnnotationReason({ repositoryId, request: new AnnotationReasonRequest({ text: uniqueName('reason') }) });
    assert.ok(reason.id > 0);
    const renamed = await annotations.updateAnnotationReason({ repositoryId, reasonId: reason.id, request: new AnnotationReasonRequest({ text: 'Privacy' }) });
    assert.equal(renamed.text, 'Privacy');
    assert.ok((await annotations.listAnnotationReasons({ repositoryId })).some((r) => r.id === reason.id && r.text === 'Privacy'));

    const doc = await imageDocument();
    await annotations.createAnnotation({
      repositoryId, entryId: doc.id, pageNumber: 1, request: new RedactionAnnotation({ reasonId: reason.id, rectangles: [rect(0, 0, 1, 1)] }),
    });
    await expectApiError(annotations.deleteAnnotationReason({ repositoryId, reasonId: reason.id, force: false }), 400);
    await annotations.deleteAnnotationReason({ repositoryId, reasonId: reason.id, force: true });
    assert.ok(!(await annotations.listAnnotationReasons({ repositoryId })).some((r) => r.id === reason.id));
  });

  test('search finds entries by their annotations and not by redacted words', async () => {
    const folder = await createTestFolder(client, 'annotation-search');
    const text = 'the code word is heliotrope today';
    const doc = await client.entriesClient.importEntry({
      repositoryId,
      entryId: folder.id,
      file: { fileName: 'memo.txt', data: new Blob([text], { type: 'text/plain' }) },
      request: new ImportEntryRequest({ name: uniqueName('memo'), autoRename: true }),
    });
    const search = async (command) => (await client.simpleSearchesClient.searchEntry({
      repositoryId, request: new SearchEntryRequest({ searchCommand: `${command} & {LF:Lookin="${folder.fullPath}"}` }),
    })).value.map((e) => e.id);

    assert.deepEqual(await search('heliotrope'), [doc.id]);
    const start = text.indexOf('heliotrope');
    await annotations.createAnnotation({
      repositoryId, entryId: doc.id, pageNumber: 1,
      request: new RedactionAnnotation({ textStart: start, textEnd: start + 'heliotrope'.length, rectangles: [rect(0, 0, 1, 1)] }),
    });
    assert.deepEqual(await search('heliotrope'), []);
    assert.deepEqual(await search('today'), [doc.id]);

    await annotations.createAnnotation({
      repositoryId, entryId: doc.id, pageNumber: 1,
      request: new NoteAnnotation({ position: new AnnotationPoint({ x: 1, y: 1 }), text: 'call the auditor', color: '#FFFF00' }),
    });
    assert.deepEqual(await search('{LF:AnnText="auditor"}'), [doc.id]);
    assert.deepEqual(await search('{LF:Sticky~="call auditor"}'), [doc.id]);
    assert.deepEqual(await search('{LF:AnnType="Note"}'), [doc.id]);
  });
});
