// The control plane (/_emulator) through plain HTTP, next to the official client: reset, the request journal,
// faults. A reset empties the whole repository, so these tests start a server of their own instead of sharing
// the suite's.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { RepositoryApiClient, StartCopyEntryRequest } from '@laserfiche/lf-repository-api-client-v2';
import { REPOSITORY_ID, ROOT_ID, USERNAME, PASSWORD, createFolder, expectApiError } from './helpers.mjs';

const DLL = process.env.LFREPO_SERVER_DLL;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

describe('Control plane', { skip: DLL ? false : 'LFREPO_SERVER_DLL is not set (run the suite through run.sh)' }, () => {
  let server;
  let origin;
  let baseUrl;
  let token;
  let client;

  /** A control-plane call with the admin's token; returns the response. */
  async function control(method, path, body) {
    return fetch(origin + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async function journal(query = '') {
    const response = await control('GET', `/_emulator/requests${query}`);
    assert.equal(response.status, 200);
    return response.json();
  }

  before(async () => {
    origin = `http://127.0.0.1:${await freePort()}`;
    baseUrl = `${origin}/LFRepositoryAPI`;
    server = spawn('dotnet', [DLL, '--urls', origin, '--in-memory'], { stdio: 'ignore' });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const healthy = await fetch(`${origin}/health`).then((r) => r.status === 200, () => false);
      if (healthy) break;
      if (Date.now() > deadline) throw new Error(`the control-plane server on ${origin} did not start within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const response = await fetch(`${baseUrl}/v1/Repositories/${REPOSITORY_ID}/Token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username: USERNAME, password: PASSWORD }),
    });
    token = (await response.json()).access_token;
    client = RepositoryApiClient.createFromUsernamePassword(REPOSITORY_ID, USERNAME, PASSWORD, baseUrl);
  });

  after(() => {
    server?.kill();
  });

  test('reset empties the repository and the journal shows what was called, oldest first', async () => {
    const folder = await createFolder(client, { name: 'Made before the reset' });
    assert.equal((await control('POST', '/_emulator/reset?seed=empty')).status, 204);

    const children = await client.entriesClient.listEntries({ repositoryId: REPOSITORY_ID, entryId: ROOT_ID });
    assert.deepEqual(children.value.map((e) => e.name), []);
    await expectApiError(client.entriesClient.getEntry({ repositoryId: REPOSITORY_ID, entryId: folder.id }), 404);

    const { value, count } = await journal('?operationId=CreateEntry');
    assert.equal(count, value.length);
    assert.ok(count >= 1);
    assert.equal(value.at(-1).status, 201);
    assert.equal(value.at(-1).method, 'POST');
    assert.equal(value.at(-1).user, USERNAME);
    const all = await journal();
    assert.ok(all.value.every((e) => !e.path.startsWith('/_emulator')), 'control-plane calls are not journaled');
    const sequences = all.value.map((e) => e.sequence);
    assert.deepEqual(sequences, [...sequences].sort((a, b) => a - b));
  });

  test('the journal records a copy started through the official client with its operation id', async () => {
    assert.equal((await control('DELETE', '/_emulator/requests')).status, 204);
    const source = await createFolder(client, { name: 'Copy source' });

    const started = await client.entriesClient.startCopyEntry({
      repositoryId: REPOSITORY_ID,
      entryId: ROOT_ID,
      request: new StartCopyEntryRequest({ sourceId: source.id, name: 'Copy target' }),
    });

    const { value } = await journal('?operationId=StartCopyEntry');
    assert.equal(value.length, 1);
    assert.equal(value[0].status, 202);
    assert.equal(value[0].path, `/LFRepositoryAPI/v2/Repositories/${REPOSITORY_ID}/Entries/${ROOT_ID}/Folder/CopyAsync`);
    assert.match(started.taskId, /^[0-9a-f-]{36}$/);
  });

  test('a fault on GetEntry reaches the official client as an ApiException with the chosen status', async () => {
    const created = await control('POST', '/_emulator/faults', { operationId: 'GetEntry', status: 429, errorCode: 7001, times: 1 });
    assert.equal(created.status, 201);
    const rule = await created.json();

    const error = await expectApiError(client.entriesClient.getEntry({ repositoryId: REPOSITORY_ID, entryId: ROOT_ID }), 429);
    assert.equal(error.problemDetails.errorCode, 7001);
    assert.equal(error.problemDetails.title, 'Rate limit is reached.');
    const root = await client.entriesClient.getEntry({ repositoryId: REPOSITORY_ID, entryId: ROOT_ID });
    assert.equal(root.id, ROOT_ID);
    const rules = await (await control('GET', '/_emulator/faults')).json();
    assert.deepEqual(rules.value.filter((r) => r.id === rule.id), []);
  });
});
