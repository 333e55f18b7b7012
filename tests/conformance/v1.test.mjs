// The v1 API through the official v1 client (@laserfiche/lf-repository-api-client), over the same store v2 serves.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RepositoryApiClient as V1Client,
  PostEntryChildrenRequest,
  PostEntryChildrenEntryType,
  PatchEntryRequest,
  CopyAsyncRequest,
  PostEntryWithEdocMetadataRequest,
  PutFieldValsRequest,
  PutTagRequest,
  PutTemplateRequest,
  FieldToUpdate,
  ValueToUpdate,
  AdvancedSearchRequest,
  FuzzyType,
  SimpleSearchRequest,
} from '@laserfiche/lf-repository-api-client';
import { BASE_URL, PASSWORD, REPOSITORY_ID, ROOT_ID, USERNAME, createClient, createFolder, createTestFolder, uniqueName } from './helpers.mjs';

const v1 = V1Client.createFromUsernamePassword(REPOSITORY_ID, USERNAME, PASSWORD, BASE_URL);
const v2 = createClient();
const repoId = REPOSITORY_ID;

/** Polls GetSearchStatus until the search leaves NotStarted/InProgress (or 30 s pass). */
async function waitForSearch(searchToken) {
  const deadline = Date.now() + 30_000;
  let progress = await v1.searchesClient.getSearchStatus({ repoId, searchToken });
  while (['NotStarted', 'InProgress'].includes(progress.status) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    progress = await v1.searchesClient.getSearchStatus({ repoId, searchToken });
  }
  return progress;
}

function createV1Folder(parentId, name) {
  return v1.entriesClient.createOrCopyEntry({
    repoId,
    entryId: parentId,
    request: new PostEntryChildrenRequest({ name, entryType: PostEntryChildrenEntryType.Folder }),
  });
}

/** Follows an operation token until it leaves NotStarted/InProgress, at most ~30 s. */
async function waitForOperation(operationToken) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const progress = await v1.tasksClient.getOperationStatusAndProgress({ repoId, operationToken });
    if (!['NotStarted', 'InProgress'].includes(progress.status) || Date.now() > deadline) {
      return progress;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('v1 API (official v1 client)', () => {
  test('GetRepositoryList names the repository', async () => {
    const repositories = await v1.repositoriesClient.getRepositoryList({});
    assert.deepEqual(repositories.map((r) => r.repoId), [REPOSITORY_ID]);
  });

  test('A folder made in v1 is the one v2 reads, and a v2 folder is read by v1', async () => {
    const name = uniqueName('v1');
    const made = await createV1Folder(ROOT_ID, name);
    assert.equal(made.entryType, 'Folder');
    const seen = await v2.entriesClient.getEntry({ repositoryId: REPOSITORY_ID, entryId: made.id });
    assert.equal(seen.fullPath, `\\${name}`);

    const fromV2 = await createFolder(v2);
    const read = await v1.entriesClient.getEntry({ repoId, entryId: fromV2.id });
    assert.equal(read.name, fromV2.name);
    assert.equal(read.parentId, ROOT_ID);
  });

  test('GetEntryListing pages with maxPageSize, $count and $orderby', async () => {
    const home = await createTestFolder(v2, 'v1list');
    for (const name of ['c', 'a', 'e', 'b', 'd']) {
      await createV1Folder(home.id, name);
    }
    const names = [];
    const counts = [];
    let pages = 0;
    await v1.entriesClient.getEntryListingForEach({
      repoId,
      entryId: home.id,
      orderby: 'name desc',
      count: true,
      maxPageSize: 2,
      callback: async (page) => {
        pages += 1;
        counts.push(page.odataCount);
        names.push(...page.value.map((e) => e.name));
        return true;
      },
    });
    assert.equal(pages, 3);
    assert.equal(counts[0], 5);
    assert.deepEqual(names, ['e', 'd', 'c', 'b', 'a']);

    const window = await v1.entriesClient.getEntryListing({ repoId, entryId: home.id, orderby: 'name', skip: 1, top: 2 });
    assert.deepEqual(window.value.map((e) => e.name), ['b', 'c']);
  });

  test('MoveOrRenameEntry with autoRename, and errors come back as exceptions with the status', async () => {
    const home = await createTestFolder(v2, 'v1move');
    const folder = await createV1Folder(home.id, 'Old');
    await createV1Folder(home.id, 'New');
    const moved = await v1.entriesClient.moveOrRenameEntry({ repoId, entryId: folder.id, request: new PatchEntryRequest({ name: 'New' }), autoRename: true });
    assert.equal(moved.name, 'New (2)');
    await assert.rejects(v1.entriesClient.getEntry({ repoId, entryId: 987654 }), (error) => error.status === 404 || error.problemDetails?.status === 404);
  });

  test('CreateOrCopyEntry with sourceId copies a shortcut', async () => {
    const home = await createTestFolder(v2, 'v1copy');
    const shortcut = await v1.entriesClient.createOrCopyEntry({
      repoId,
      entryId: home.id,
      request: new PostEntryChildrenRequest({ name: 'Link', entryType: PostEntryChildrenEntryType.Shortcut, targetId: ROOT_ID }),
    });
    const copy = await v1.entriesClient.createOrCopyEntry({ repoId, entryId: home.id, request: new PostEntryChildrenRequest({ name: 'Link copy', sourceId: shortcut.id }) });
    assert.notEqual(copy.id, shortcut.id);
    assert.equal(copy.entryType, 'Shortcut');
    assert.equal(copy.targetId, ROOT_ID);
  });

  test('CopyEntryAsync copies a folder tree, followed through its operation token; v2 sees the copy', async () => {
    const home = await createTestFolder(v2, 'v1async');
    const source = await createV1Folder(home.id, 'Source');
    await createV1Folder(source.id, 'Inner');
    const accepted = await v1.entriesClient.copyEntry({ repoId, entryId: home.id, request: new CopyAsyncRequest({ name: 'Copied', sourceId: source.id }) });
    assert.ok(accepted.token);
    const progress = await waitForOperation(accepted.token);
    assert.equal(progress.status, 'Completed');
    assert.equal(progress.operationType, 'CopyEntry');
    const found = await v2.entriesClient.getEntryByPath({ repositoryId: REPOSITORY_ID, fullPath: `${home.fullPath}\\Copied\\Inner` });
    assert.equal(found.entry.parentId, progress.entryId);
  });

  test('DeleteEntryInfo deletes through a token; CancelOperation on the finished operation is refused', async () => {
    const home = await createTestFolder(v2, 'v1delete');
    const doomed = await createV1Folder(home.id, 'Doomed');
    const accepted = await v1.entriesClient.deleteEntryInfo({ repoId, entryId: doomed.id });
    const progress = await waitForOperation(accepted.token);
    assert.equal(progress.status, 'Completed');
    await assert.rejects(v1.tasksClient.cancelOperation({ repoId, operationToken: accepted.token }), (error) => error.status === 400);
    await assert.rejects(v2.entriesClient.getEntry({ repositoryId: REPOSITORY_ID, entryId: doomed.id }));
  });

  test('ImportDocument with metadata, then the edoc comes back byte for byte; v2 sees the document', async () => {
    const home = await createTestFolder(v2, 'v1import');
    const bytes = new TextEncoder().encode('%PDF-1.4 not really, but kept as the electronic document');
    const result = await v1.entriesClient.importDocument({
      repoId,
      parentEntryId: home.id,
      fileName: 'Imported',
      electronicDocument: { data: new Blob([bytes], { type: 'application/pdf' }), fileName: 'imported.pdf' },
      request: new PostEntryWithEdocMetadataRequest({
        template: 'General',
        metadata: new PutFieldValsRequest({
          fields: { Status: new FieldToUpdate({ values: [new ValueToUpdate({ value: 'Open', position: 1 })] }) },
          tags: ['Reviewed'],
        }),
      }),
    });
    const id = result.operations.entryCreate.entryId;
    assert.ok(id > 0);
    assert.equal(result.operations.setTemplate.template, 'General');

    const seen = await v2.entriesClient.getEntry({ repositoryId: REPOSITORY_ID, entryId: id });
    assert.equal(seen.fullPath, `${home.fullPath}\\Imported`);
    assert.equal(seen.templateName, 'General');

    const edoc = await v1.entriesClient.exportDocument({ repoId, entryId: id });
    assert.equal(edoc.status, 200);
    assert.deepEqual(new Uint8Array(await edoc.data.arrayBuffer()), bytes);
  });

  test('Fields, tags and template written in v1 are read back in v1 and v2', async () => {
    const folder = await createFolder(v2);
    await v1.entriesClient.writeTemplateValueToEntry({ repoId, entryId: folder.id, request: new PutTemplateRequest({ templateName: 'General' }) });
    await v1.entriesClient.assignFieldValues({
      repoId,
      entryId: folder.id,
      fieldsToUpdate: { Status: new FieldToUpdate({ values: [new ValueToUpdate({ value: 'Closed', position: 1 })] }) },
    });
    await v1.entriesClient.assignTags({ repoId, entryId: folder.id, tagsToAdd: new PutTagRequest({ tags: ['Reviewed'] }) });

    const fields = await v1.entriesClient.getFieldValues({ repoId, entryId: folder.id });
    const status = fields.value.find((f) => f.fieldName === 'Status');
    assert.equal(status.values[0].value, 'Closed');
    const tags = await v1.entriesClient.getTagsAssignedToEntry({ repoId, entryId: folder.id });
    assert.deepEqual(tags.value.map((t) => t.name), ['Reviewed']);
    const templates = await v1.templateDefinitionsClient.getTemplateDefinitions({ repoId, templateName: 'General' });
    assert.equal(templates.value[0].name, 'General');
    const v2Entry = await v2.entriesClient.getEntry({ repositoryId: REPOSITORY_ID, entryId: folder.id });
    assert.equal(v2Entry.templateName, 'General');
  });

  test('A search is followed through its search token to paged results, context hits and closing', async () => {
    const home = await createTestFolder(v2, 'v1search');
    const marker = uniqueName('V1Find').replace(/[^A-Za-z0-9]/g, '');
    for (let i = 1; i <= 3; i++) {
      await createV1Folder(home.id, `${marker} ${i}`);
    }
    const started = await v1.searchesClient.createSearchOperation({
      repoId,
      request: new AdvancedSearchRequest({ searchCommand: `{LF:Name="${marker}*"}` }),
    });
    const searchToken = started.token;
    const progress = await waitForSearch(searchToken);
    assert.equal(progress.status, 'Completed');
    assert.match(progress.redirectUri, new RegExp(`/v1/Repositories/${repoId}/Searches/${searchToken}/Results$`));

    const first = await v1.searchesClient.getSearchResults({ repoId, searchToken, prefer: 'maxpagesize=2', count: true });
    assert.equal(first.odataCount, 3);
    assert.equal(first.value.length, 2);
    const names = [];
    await v1.searchesClient.getSearchResultsForEach({
      repoId,
      searchToken,
      maxPageSize: 2,
      callback: async (page) => {
        names.push(...page.value.map((e) => e.name));
        return true;
      },
    });
    assert.deepEqual(names, [`${marker} 1`, `${marker} 2`, `${marker} 3`]);

    const hits = await v1.searchesClient.getSearchContextHits({ repoId, searchToken, rowNumber: 1 });
    assert.equal(hits.value[0].hitType, 'Name');
    assert.equal(hits.value[0].context, `${marker} 1`);

    const closed = await v1.searchesClient.cancelOrCloseSearch({ repoId, searchToken });
    assert.equal(closed.value, true);
    await assert.rejects(v1.searchesClient.getSearchResults({ repoId, searchToken }), (e) => e.status === 404);
  });

  test('A fuzzy search through the v1 client finds names one letter off', async () => {
    const home = await createTestFolder(v2, 'v1fuzzy');
    await createV1Folder(home.id, 'Quarterly Budget');
    const started = await v1.searchesClient.createSearchOperation({
      repoId,
      request: new AdvancedSearchRequest({
        searchCommand: `{LF:Name ~= "budgit"} & {LF:Lookin=${home.id}}`,
        fuzzyType: FuzzyType.NumberOfLetters,
        fuzzyFactor: 1,
      }),
    });
    assert.equal((await waitForSearch(started.token)).status, 'Completed');
    const results = await v1.searchesClient.getSearchResults({ repoId, searchToken: started.token });
    assert.deepEqual(results.value.map((e) => e.name), ['Quarterly Budget']);
  });

  test('A simple search answers the matching entries at once', async () => {
    const home = await createTestFolder(v2, 'v1simple');
    const marker = uniqueName('V1Simple').replace(/[^A-Za-z0-9]/g, '');
    await createV1Folder(home.id, `${marker} a`);
    await createV1Folder(home.id, `${marker} b`);
    const found = await v1.simpleSearchesClient.createSimpleSearchOperation({
      repoId,
      orderby: 'name desc',
      count: true,
      request: new SimpleSearchRequest({ searchCommand: `{LF:Name="${marker}*"}` }),
    });
    assert.deepEqual(found.value.map((e) => e.name), [`${marker} b`, `${marker} a`]);
    assert.deepEqual(found.value.map((e) => e.rowNumber), [1, 2]);
  });
});
