// Documents through the official client: ImportEntry, ExportEntry/StartExportEntry with download links,
// the chunked import (CreateMultipartUploadUrls, PUT to the URLs, StartImportUploadedParts), DeleteElectronicDocument
// and DeletePages.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateMultipartUploadUrlsRequest,
  ExportEntryRequest,
  ExportEntryRequestImageFormat,
  ExportEntryRequestImageOptions,
  ExportEntryRequestPart,
  FieldToUpdate,
  ImportEntryRequest,
  ImportEntryRequestMetadata,
  ImportEntryRequestPdfOptions,
  StartExportEntryRequest,
  StartImportUploadedPartsRequest,
} from '@laserfiche/lf-repository-api-client-v2';
import { REPOSITORY_ID, createClient, createTestFolder, expectApiError } from './helpers.mjs';

const client = createClient();
const FINISHED = ['Completed', 'Failed', 'Cancelled'];
const PART_SIZE = 5 * 1024 * 1024;

/** A classic PDF of `pages` pages (page i is 300+i points wide), cross-reference offsets computed here. */
function makePdf(pages) {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${Array.from({ length: pages }, (_, i) => `${3 + i} 0 R`).join(' ')}] /Count ${pages} >>`,
    ...Array.from({ length: pages }, (_, i) => `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${300 + i} 400] >>`),
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const offset = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** Counts the pages of a PDF the server wrote: its page objects (/Type /Page, not the /Pages tree nodes). */
function countPdfPages(buffer) {
  const text = buffer.toString('latin1');
  assert.ok(text.startsWith('%PDF-'), 'a PDF header');
  assert.ok(text.trimEnd().endsWith('%%EOF'), 'a PDF trailer');
  return [...text.matchAll(/\/Type\s*\/Page(?![A-Za-z])/g)].length;
}

async function importFile(folderId, bytes, fileName, request) {
  return client.entriesClient.importEntry({
    repositoryId: REPOSITORY_ID,
    entryId: folderId,
    file: { data: new Blob([bytes]), fileName },
    request: new ImportEntryRequest(request),
  });
}

async function waitForTask(taskId) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { value } = await client.tasksClient.listTasks({ repositoryId: REPOSITORY_ID, taskIds: [taskId] });
    if (FINISHED.includes(value[0].status) || Date.now() > deadline) {
      return value[0];
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function fileNameOf(response) {
  const disposition = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  return star ? decodeURIComponent(star[1]) : undefined;
}

describe('Documents', () => {
  test('a PDF imported with generatePages exports as a PDF download with name, type and length', async () => {
    const home = await createTestFolder(client, 'docs');
    const entry = await importFile(home.id, makePdf(3), 'report.pdf', {
      name: 'Report',
      pdfOptions: new ImportEntryRequestPdfOptions({ generatePages: true }),
    });
    assert.equal(entry.entryType, 'Document');
    assert.equal(entry.pageCount, 3);
    assert.equal(entry.isElectronicDocument, true);
    assert.equal(entry.extension, 'pdf');
    assert.equal(entry.mimeType, 'application/pdf');

    const exported = await client.entriesClient.exportEntry({
      repositoryId: REPOSITORY_ID,
      entryId: entry.id,
      pageRange: '1,3',
      request: new ExportEntryRequest({
        part: ExportEntryRequestPart.Image,
        imageOptions: new ExportEntryRequestImageOptions({ format: ExportEntryRequestImageFormat.PDF }),
      }),
    });
    const response = await fetch(exported.value);
    assert.equal(response.status, 200);
    const body = Buffer.from(await response.arrayBuffer());
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    assert.equal(Number(response.headers.get('content-length')), body.length);
    assert.equal(fileNameOf(response), 'Report.pdf');
    assert.equal(countPdfPages(body), 2);

    const again = await fetch(exported.value);
    assert.equal(again.status, 404, 'a download link works once');
  });

  test('the electronic document exports byte-identical, also through StartExportEntry', async () => {
    const home = await createTestFolder(client, 'edoc');
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 31) % 256));
    const entry = await importFile(home.id, bytes, 'data.bin', { name: 'Data' });
    assert.equal(entry.electronicDocumentSize, bytes.length);

    const sync = await client.entriesClient.exportEntry({
      repositoryId: REPOSITORY_ID,
      entryId: entry.id,
      request: new ExportEntryRequest({ part: ExportEntryRequestPart.Edoc }),
    });
    const direct = await fetch(sync.value);
    assert.deepEqual(Buffer.from(await direct.arrayBuffer()), bytes);
    assert.equal(fileNameOf(direct), 'Data.bin');

    const started = await client.entriesClient.startExportEntry({
      repositoryId: REPOSITORY_ID,
      entryId: entry.id,
      request: new StartExportEntryRequest({ part: ExportEntryRequestPart.Edoc }),
    });
    const task = await waitForTask(started.taskId);
    assert.equal(task.status, 'Completed');
    assert.equal(task.taskType, 'ExportEntry');
    const later = await fetch(task.result.uri);
    assert.deepEqual(Buffer.from(await later.arrayBuffer()), bytes);
  });

  test('a file uploaded in three parts imports through StartImportUploadedParts', async () => {
    const home = await createTestFolder(client, 'chunked');
    const parts = [Buffer.alloc(PART_SIZE, 1), Buffer.alloc(PART_SIZE, 2), Buffer.from('the end')];
    const first = await client.entriesClient.createMultipartUploadUrls({
      repositoryId: REPOSITORY_ID,
      request: new CreateMultipartUploadUrlsRequest({ startingPartNumber: 1, numberOfParts: 2, fileName: 'big.bin', mimeType: 'application/octet-stream' }),
    });
    const second = await client.entriesClient.createMultipartUploadUrls({
      repositoryId: REPOSITORY_ID,
      request: new CreateMultipartUploadUrlsRequest({ uploadId: first.uploadId, startingPartNumber: 3, numberOfParts: 1, fileName: 'big.bin', mimeType: 'application/octet-stream' }),
    });
    const urls = [...first.urls, ...second.urls];
    const partETags = [];
    for (const [i, url] of urls.entries()) {
      const put = await fetch(url, { method: 'PUT', body: parts[i] });
      assert.equal(put.status, 200);
      partETags.push(put.headers.get('etag'));
    }

    const started = await client.entriesClient.startImportUploadedParts({
      repositoryId: REPOSITORY_ID,
      entryId: home.id,
      request: new StartImportUploadedPartsRequest({ uploadId: first.uploadId, partETags, name: 'Big' }),
    });
    const task = await waitForTask(started.taskId);
    assert.equal(task.status, 'Completed', JSON.stringify(task.errors));
    assert.equal(task.taskType, 'ImportUploadedParts');
    const entry = await client.entriesClient.getEntry({ repositoryId: REPOSITORY_ID, entryId: task.result.entryId });
    assert.equal(entry.name, 'Big');
    assert.equal(entry.electronicDocumentSize, 2 * PART_SIZE + 7);
  });

  test('a wrong part ETag ends the chunked import Failed with a problem', async () => {
    const home = await createTestFolder(client, 'badetag');
    const urls = await client.entriesClient.createMultipartUploadUrls({
      repositoryId: REPOSITORY_ID,
      request: new CreateMultipartUploadUrlsRequest({ numberOfParts: 1, fileName: 'a.bin', mimeType: 'application/octet-stream' }),
    });
    await fetch(urls.urls[0], { method: 'PUT', body: Buffer.from('x') });
    const started = await client.entriesClient.startImportUploadedParts({
      repositoryId: REPOSITORY_ID,
      entryId: home.id,
      request: new StartImportUploadedPartsRequest({ uploadId: urls.uploadId, partETags: ['"wrong"'], name: 'Bad' }),
    });
    const task = await waitForTask(started.taskId);
    assert.equal(task.status, 'Failed');
    assert.equal(task.errors[0].status, 400);
    assert.match(task.errors[0].detail, /ETag/);
  });

  test('DeleteElectronicDocument and DeletePages return the updated document', async () => {
    const home = await createTestFolder(client, 'delete');
    const entry = await importFile(home.id, makePdf(3), 'three.pdf', {
      name: 'Three',
      pdfOptions: new ImportEntryRequestPdfOptions({ generatePages: true }),
    });

    const withoutEdoc = await client.entriesClient.deleteElectronicDocument({ repositoryId: REPOSITORY_ID, entryId: entry.id });
    assert.equal(withoutEdoc.isElectronicDocument, false);
    assert.equal(withoutEdoc.electronicDocumentSize, 0);
    assert.equal(withoutEdoc.pageCount, 3);

    const fewer = await client.entriesClient.deletePages({ repositoryId: REPOSITORY_ID, entryId: entry.id, pageRange: '2-3' });
    assert.equal(fewer.pageCount, 1);

    await expectApiError(
      client.entriesClient.exportEntry({
        repositoryId: REPOSITORY_ID,
        entryId: entry.id,
        request: new ExportEntryRequest({ part: ExportEntryRequestPart.Edoc }),
      }),
      400,
    );
  });

  test('exporting images of a document without pages is a 400', async () => {
    const home = await createTestFolder(client, 'nopages');
    const entry = await importFile(home.id, Buffer.from('abc'), 'a.bin', { name: 'No pages' });
    await expectApiError(
      client.entriesClient.exportEntry({
        repositoryId: REPOSITORY_ID,
        entryId: entry.id,
        request: new ExportEntryRequest({ part: ExportEntryRequestPart.Image }),
      }),
      400,
    );
  });
});

describe('Import with metadata', () => {
  test('an unknown template is a 404 with errorCode 204, and nothing is imported', async () => {
    const folder = await createTestFolder(client, 'import-template');
    const error = await expectApiError(
      importFile(folder.id, Buffer.from('hello'), 'hello.bin', { name: 'Templated', metadata: new ImportEntryRequestMetadata({ templateName: 'faketemplate123' }) }),
      404,
    );
    assert.equal(error.problemDetails.errorCode, 204);
    const children = await client.entriesClient.listEntries({ repositoryId: REPOSITORY_ID, entryId: folder.id });
    assert.equal(children.value.length, 0);
  });

  test('template, fields and tags are applied on import', async () => {
    const folder = await createTestFolder(client, 'import-metadata');
    const entry = await importFile(folder.id, Buffer.from('hello'), 'hello.bin', {
      name: 'Tagged',
      metadata: new ImportEntryRequestMetadata({
        templateName: 'General',
        fields: [new FieldToUpdate({ name: 'Comment', values: ['from the import'] })],
        tags: ['Reviewed'],
      }),
    });
    assert.equal(entry.templateName, 'General');
    const fields = await client.entriesClient.listFields({ repositoryId: REPOSITORY_ID, entryId: entry.id });
    const comment = fields.value.find((f) => f.name === 'Comment');
    assert.deepEqual(comment.values, ['from the import']);
    const tags = await client.entriesClient.listTags({ repositoryId: REPOSITORY_ID, entryId: entry.id });
    assert.deepEqual(tags.value.map((t) => t.name), ['Reviewed']);
  });
});
