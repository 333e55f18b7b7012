// Search through the official client: SearchAsync → task → Results (paged) → ContextHits, SimpleSearches, field terms, Lookin, full text, bad syntax.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldToUpdate, FuzzyType, ImportEntryRequest, SearchEntryRequest, SetFieldsRequest, StartSearchEntryRequest } from '@laserfiche/lf-repository-api-client-v2';
import { REPOSITORY_ID, createClient, createFolder, createTestFolder, expectApiError } from './helpers.mjs';

const client = createClient();

async function waitForTask(taskId) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { value } = await client.tasksClient.listTasks({ repositoryId: REPOSITORY_ID, taskIds: [taskId] });
    const task = value[0];
    if (['Completed', 'Failed', 'Cancelled'].includes(task.status) || Date.now() > deadline) {
      return task;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Imports a text document (its text becomes page text; \f starts a new page). */
function importText(folderId, name, text) {
  return client.entriesClient.importEntry({
    repositoryId: REPOSITORY_ID,
    entryId: folderId,
    file: { data: new Blob([Buffer.from(text)]), fileName: `${name}.txt` },
    request: new ImportEntryRequest({ name }),
  });
}

async function search(searchCommand, fuzzy = {}) {
  const started = await client.searchesClient.startSearchEntry({
    repositoryId: REPOSITORY_ID,
    request: new StartSearchEntryRequest({ searchCommand, ...fuzzy }),
  });
  const task = await waitForTask(started.taskId);
  assert.equal(task.status, 'Completed');
  assert.equal(task.taskType, 'SearchEntry');
  assert.match(task.result.uri, new RegExp(`/Searches/${started.taskId}/Results$`));
  return started.taskId;
}

describe('Search', () => {
  test('an async search lists its results in pages, with row numbers, and context hits per row', async () => {
    const home = await createTestFolder(client, 'search');
    for (const name of ['Alpha search text', 'Beta search text', 'Gamma search text', 'Unrelated']) {
      await createFolder(client, { parentId: home.id, name });
    }
    const taskId = await search(`({LF:Basic ~= "search text", option="DFANLT"}) & {LF:Lookin="${home.fullPath}"}`);

    const first = await client.searchesClient.listSearchResults({ repositoryId: REPOSITORY_ID, taskId, prefer: 'maxpagesize=2', count: true });
    assert.equal(first.odataCount, 3);
    assert.deepEqual(first.value.map((e) => [e.rowNumber, e.name]), [[1, 'Alpha search text'], [2, 'Beta search text']]);
    assert.equal(first.value[0].fullPath, null, 'search results carry no paths');
    assert.ok(first.odataNextLink, 'a next page exists');

    const names = [];
    await client.searchesClient.listSearchResultsForEach({
      repositoryId: REPOSITORY_ID,
      taskId,
      maxPageSize: 2,
      callback: async (page) => {
        names.push(...page.value.map((e) => e.name));
        return true;
      },
    });
    assert.deepEqual(names, ['Alpha search text', 'Beta search text', 'Gamma search text']);

    const hits = await client.searchesClient.listSearchContextHits({ repositoryId: REPOSITORY_ID, taskId, rowNumber: 2 });
    assert.equal(hits.value.length, 1);
    assert.equal(hits.value[0].hitType, 'Name');
    assert.equal(hits.value[0].context, 'Beta search text');
    assert.equal(hits.value[0].highlight1Offset, 5);
    assert.equal(hits.value[0].highlight1Length, 6);
  });

  test('Lookin scopes a search and Subfolders=N keeps it to direct children', async () => {
    const home = await createTestFolder(client, 'lookin');
    const inner = await createFolder(client, { parentId: home.id, name: 'Inner' });
    await createFolder(client, { parentId: inner.id, name: 'Leaf' });
    const all = await search(`{LF:Name="*", Type=F} & {LF:Lookin="${home.fullPath}"}`);
    const allNames = (await client.searchesClient.listSearchResults({ repositoryId: REPOSITORY_ID, taskId: all })).value.map((e) => e.name);
    assert.deepEqual(allNames.sort(), ['Inner', 'Leaf']);
    const direct = await search(`{LF:Name="*", Type=F} & {LF:Lookin=${home.id}, Subfolders=N}`);
    const directNames = (await client.searchesClient.listSearchResults({ repositoryId: REPOSITORY_ID, taskId: direct })).value.map((e) => e.name);
    assert.deepEqual(directNames, ['Inner']);
  });

  test('field terms find entries by their field values', async () => {
    const home = await createTestFolder(client, 'fields');
    const tagged = await createFolder(client, { parentId: home.id, name: 'PO 789' });
    await createFolder(client, { parentId: home.id, name: 'PO 790' });
    await client.entriesClient.setFields({
      repositoryId: REPOSITORY_ID,
      entryId: tagged.id,
      request: new SetFieldsRequest({ fields: [new FieldToUpdate({ name: 'Invoice Number', values: ['ABC-789'] })] }),
    });
    const result = await client.simpleSearchesClient.searchEntry({
      repositoryId: REPOSITORY_ID,
      request: new SearchEntryRequest({ searchCommand: `{[]:[Invoice Number]="abc-789"} & {LF:Lookin=${home.id}}` }),
      fields: ['Invoice Number'],
    });
    assert.deepEqual(result.value.map((e) => e.name), ['PO 789']);
    assert.deepEqual(result.value[0].fields.map((f) => [f.name, f.values]), [['Invoice Number', ['ABC-789']]]);
  });

  test('a simple search answers the matching entries at once', async () => {
    const home = await createTestFolder(client, 'simple');
    await createFolder(client, { parentId: home.id, name: 'Report 2026' });
    await createFolder(client, { parentId: home.id, name: 'Notes' });
    const result = await client.simpleSearchesClient.searchEntry({
      repositoryId: REPOSITORY_ID,
      request: new SearchEntryRequest({ searchCommand: `{LF:Name="*report*", Type=F} & {LF:Lookin="${home.fullPath}"}` }),
      count: true,
    });
    assert.equal(result.odataCount, 1);
    assert.equal(result.value[0].name, 'Report 2026');
    assert.equal(result.value[0].rowNumber, 1);
  });

  test('full-text search finds words of page text and reports the line as a PageContent hit', async () => {
    const home = await createTestFolder(client, 'fulltext');
    await importText(home.id, 'Minutes', 'Budget\fRoute costs for Transportation in May');
    const taskId = await search(`{LF:Lookin="${home.fullPath}"} & Transportation`);
    const results = await client.searchesClient.listSearchResults({ repositoryId: REPOSITORY_ID, taskId });
    assert.deepEqual(results.value.map((e) => [e.name, e.entryType]), [['Minutes', 'Document']]);
    const hits = await client.searchesClient.listSearchContextHits({ repositoryId: REPOSITORY_ID, taskId, rowNumber: 1 });
    assert.equal(hits.value[0].hitType, 'PageContent');
    assert.equal(hits.value[0].pageNumber, 2);
    assert.equal(hits.value[0].context, 'Route costs for Transportation in May');
    assert.equal(hits.value[0].highlight1Offset, 16);
  });

  test('fuzzy searches (Percentage, NumberOfLetters) find similar words and highlight them', async () => {
    const home = await createTestFolder(client, 'fuzzy');
    await importText(home.id, 'Costs', 'Quarterly Transportation costs');
    const names = async (taskId) => (await client.searchesClient.listSearchResults({ repositoryId: REPOSITORY_ID, taskId })).value.map((e) => e.name);
    const scoped = `{LF:Lookin="${home.fullPath}"} & transportaton`;
    assert.deepEqual(await names(await search(scoped)), []);
    assert.deepEqual(await names(await search(scoped, { fuzzyType: FuzzyType.NumberOfLetters, fuzzyFactor: 1 })), ['Costs']);
    const taskId = await search(scoped, { fuzzyType: FuzzyType.Percentage, fuzzyFactor: 80 });
    assert.deepEqual(await names(taskId), ['Costs']);
    const hits = await client.searchesClient.listSearchContextHits({ repositoryId: REPOSITORY_ID, taskId, rowNumber: 1 });
    assert.equal(hits.value[0].context, 'Quarterly Transportation costs');
    assert.equal(hits.value[0].highlight1Offset, 10);
    assert.equal(hits.value[0].highlight1Length, 14);

    const error = await expectApiError(
      client.searchesClient.startSearchEntry({
        repositoryId: REPOSITORY_ID,
        request: new StartSearchEntryRequest({ searchCommand: 'costs', fuzzyType: FuzzyType.Percentage, fuzzyFactor: 120 }),
      }),
      400,
    );
    assert.match(error.problemDetails.detail, /fuzzyFactor 120/);
  });

  test('proximity: within, not within and grouped sides', async () => {
    const home = await createTestFolder(client, 'proximity');
    for (const [name, text] of [['Near', 'maple pruning guide'], ['Far', 'maple one two three four five six pruning'], ['Cherry', 'cherry trees need pruning']]) {
      await importText(home.id, name, text);
    }
    const names = async (command) => {
      const taskId = await search(`{LF:Lookin="${home.fullPath}"} & (${command})`);
      return (await client.searchesClient.listSearchResults({ repositoryId: REPOSITORY_ID, taskId })).value.map((e) => e.name);
    };
    assert.deepEqual(await names('maple ^3 pruning'), ['Near']);
    assert.deepEqual(await names('maple -^3 pruning'), ['Far']);
    assert.deepEqual(await names('(maple | cherry) ^15 pruning'), ['Cherry', 'Far', 'Near']);
  });

  test('bad syntax raises ApiException 400 with the Laserfiche error code', async () => {
    const error = await expectApiError(
      client.searchesClient.startSearchEntry({
        repositoryId: REPOSITORY_ID,
        request: new StartSearchEntryRequest({ searchCommand: '{LF:Name="abc"' }),
      }),
      400,
    );
    assert.equal(error.problemDetails.errorCode, 7870);
    assert.match(error.problemDetails.detail, /at character 1/);
    const simple = await expectApiError(
      client.simpleSearchesClient.searchEntry({
        repositoryId: REPOSITORY_ID,
        request: new SearchEntryRequest({ searchCommand: '{LF:Created>"yesterday"}' }),
      }),
      400,
    );
    assert.equal(simple.problemDetails.errorCode, 9161);
  });
});
