// Long operations through the official client: StartCopyEntry → ListTasks → GetEntry, StartDeleteEntry, CancelTasks.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CopyEntryRequest, StartCopyEntryRequest, StartDeleteEntryRequest } from '@laserfiche/lf-repository-api-client-v2';
import { REPOSITORY_ID, ROOT_ID, createClient, createFolder, createShortcut, createTestFolder, expectApiError, uniqueName } from './helpers.mjs';

const client = createClient();
const FINISHED = ['Completed', 'Failed', 'Cancelled'];

/** Polls ListTasks (which long-polls on the server) until the task finishes, at most ~30 s. */
async function waitForTask(taskId) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { value } = await client.tasksClient.listTasks({ repositoryId: REPOSITORY_ID, taskIds: [taskId] });
    assert.equal(value.length, 1);
    const task = value[0];
    if (FINISHED.includes(task.status) || Date.now() > deadline) {
      return task;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Long operations', () => {
  test('StartCopyEntry copies a folder tree; the task result names the copy', async () => {
    const home = await createTestFolder(client, 'copy');
    const source = await createFolder(client, { parentId: home.id, name: 'Source' });
    const inner = await createFolder(client, { parentId: source.id, name: 'Inner' });
    await createShortcut(client, { parentId: inner.id, targetId: ROOT_ID, name: 'To root' });

    const started = await client.entriesClient.startCopyEntry({
      repositoryId: REPOSITORY_ID,
      entryId: home.id,
      request: new StartCopyEntryRequest({ sourceId: source.id, name: 'Copied' }),
    });
    assert.match(started.taskId, /^[0-9a-f-]{36}$/);
    const task = await waitForTask(started.taskId);

    assert.equal(task.status, 'Completed');
    assert.equal(task.taskType, 'CopyEntry');
    assert.equal(task.percentComplete, 100);
    assert.ok(task.startTime instanceof Date && task.lastUpdateTime instanceof Date);
    const copy = await client.entriesClient.getEntry({ repositoryId: REPOSITORY_ID, entryId: task.result.entryId });
    assert.equal(copy.fullPath, `${home.fullPath}\\Copied`);
    assert.match(task.result.uri, new RegExp(`/Entries/${copy.id}$`));
    const children = await client.entriesClient.listEntries({ repositoryId: REPOSITORY_ID, entryId: copy.id });
    assert.deepEqual(children.value.map((e) => e.name), ['Inner']);
    const grandchildren = await client.entriesClient.listEntries({ repositoryId: REPOSITORY_ID, entryId: children.value[0].id });
    assert.deepEqual(grandchildren.value.map((e) => [e.name, e.entryType]), [['To root', 'Shortcut']]);
  });

  test('a copy onto a taken name without autoRename ends Failed with a 409 problem', async () => {
    const home = await createTestFolder(client, 'conflict');
    const source = await createFolder(client, { parentId: home.id, name: 'Same' });
    const started = await client.entriesClient.startCopyEntry({
      repositoryId: REPOSITORY_ID,
      entryId: home.id,
      request: new StartCopyEntryRequest({ sourceId: source.id, name: 'same' }),
    });
    const task = await waitForTask(started.taskId);

    assert.equal(task.status, 'Failed');
    assert.equal(task.errors.length, 1);
    assert.equal(task.errors[0].status, 409);
    assert.equal(task.errors[0].title, 'Entry name conflicts.');
  });

  test('with autoRename the copy is named "Name (2)"', async () => {
    const home = await createTestFolder(client, 'rename');
    const source = await createFolder(client, { parentId: home.id, name: 'Twin' });
    const started = await client.entriesClient.startCopyEntry({
      repositoryId: REPOSITORY_ID,
      entryId: home.id,
      request: new StartCopyEntryRequest({ sourceId: source.id, name: 'Twin', autoRename: true }),
    });
    const task = await waitForTask(started.taskId);
    const copy = await client.entriesClient.getEntry({ repositoryId: REPOSITORY_ID, entryId: task.result.entryId });
    assert.equal(copy.name, 'Twin (2)');
  });

  test('the synchronous CopyEntry copies a shortcut and refuses a folder', async () => {
    const home = await createTestFolder(client, 'sync');
    const shortcut = await createShortcut(client, { parentId: home.id, targetId: ROOT_ID, name: 'Link' });
    const copy = await client.entriesClient.copyEntry({
      repositoryId: REPOSITORY_ID,
      entryId: home.id,
      request: new CopyEntryRequest({ sourceId: shortcut.id, name: 'Link copy' }),
    });
    assert.equal(copy.constructor.name, 'Shortcut');
    assert.equal(copy.targetId, ROOT_ID);
    await expectApiError(
      client.entriesClient.copyEntry({
        repositoryId: REPOSITORY_ID,
        entryId: ROOT_ID,
        request: new CopyEntryRequest({ sourceId: home.id, name: uniqueName('folder-copy') }),
      }),
      400,
    );
  });

  test('StartDeleteEntry deletes a folder and everything in it', async () => {
    const home = await createTestFolder(client, 'delete');
    const inner = await createFolder(client, { parentId: home.id, name: 'Inner' });
    const started = await client.entriesClient.startDeleteEntry({
      repositoryId: REPOSITORY_ID,
      entryId: home.id,
      request: new StartDeleteEntryRequest({}),
    });
    const task = await waitForTask(started.taskId);

    assert.equal(task.status, 'Completed');
    assert.equal(task.taskType, 'DeleteEntry');
    await expectApiError(client.entriesClient.getEntry({ repositoryId: REPOSITORY_ID, entryId: inner.id }), 404);
  });

  test('StartDeleteEntry without a request body', async () => {
    const home = await createTestFolder(client, 'delete-nobody');
    const started = await client.entriesClient.startDeleteEntry({ repositoryId: REPOSITORY_ID, entryId: home.id });
    assert.equal((await waitForTask(started.taskId)).status, 'Completed');
  });

  test('the root folder cannot be deleted', async () => {
    await expectApiError(client.entriesClient.startDeleteEntry({ repositoryId: REPOSITORY_ID, entryId: ROOT_ID }), 400);
  });

  test('CancelTasks answers result true, also for a task that already completed', async () => {
    const home = await createTestFolder(client, 'cancel');
    const started = await client.entriesClient.startDeleteEntry({ repositoryId: REPOSITORY_ID, entryId: home.id });
    await waitForTask(started.taskId);

    const cancelled = await client.tasksClient.cancelTasks({ repositoryId: REPOSITORY_ID, taskIds: [started.taskId] });

    assert.equal(cancelled.value.length, 1);
    assert.equal(cancelled.value[0].id, started.taskId);
    assert.equal(cancelled.value[0].taskType, 'DeleteEntry');
    assert.equal(cancelled.value[0].result, true);
  });

  test('an unknown task id is a 404', async () => {
    await expectApiError(
      client.tasksClient.listTasks({ repositoryId: REPOSITORY_ID, taskIds: ['00000000-0000-0000-0000-000000000000'] }),
      404,
    );
  });
});

describe('StartTestTask', () => {
  test('a test task completes, with a redirect uri when asked', async () => {
    const { taskId } = await client.tasksClient.startTestTask({ repositoryId: REPOSITORY_ID, operationTime: 200, hasRedirectUri: true });
    const task = await waitForTask(taskId);
    assert.equal(task.status, 'Completed');
    assert.equal(task.percentComplete, 100);
    assert.equal(task.taskType, undefined, 'the spec has no TaskType for a test operation');
    assert.match(task.result.uri, new RegExp(`/Tasks\\?taskIds=${taskId}$`));

    const plain = await waitForTask((await client.tasksClient.startTestTask({ repositoryId: REPOSITORY_ID })).taskId);
    assert.equal(plain.status, 'Completed');
    assert.equal(plain.result.uri, null);
  });

  test('hasError ends the task Failed with a ProblemDetails', async () => {
    const { taskId } = await client.tasksClient.startTestTask({ repositoryId: REPOSITORY_ID, operationTime: 10, hasError: true });
    const task = await waitForTask(taskId);
    assert.equal(task.status, 'Failed');
    assert.equal(task.errors.length, 1);
    assert.equal(task.errors[0].title, 'The test task failed as requested.');
  });

  test('a long test task reports progress and can be cancelled; a negative operationTime is an ApiException 400', async () => {
    // ListTasks long-polls until a listed task has finished, so the progress is read from the cancelled task.
    const { taskId } = await client.tasksClient.startTestTask({ repositoryId: REPOSITORY_ID, operationTime: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    await client.tasksClient.cancelTasks({ repositoryId: REPOSITORY_ID, taskIds: [taskId] });
    const cancelled = await waitForTask(taskId);
    assert.equal(cancelled.status, 'Cancelled');
    assert.ok(cancelled.percentComplete > 0 && cancelled.percentComplete < 100, `progress ${cancelled.percentComplete}`);
    await expectApiError(client.tasksClient.startTestTask({ repositoryId: REPOSITORY_ID, operationTime: -5 }), 400);
  });
});
