// Authentication and repository listing, through the official client and (where the client hides the wire)
// through plain fetch.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RepositoriesClient, Folder } from '@laserfiche/lf-repository-api-client-v2';
import {
  BASE_URL,
  REPOSITORY_ID,
  ROOT_ID,
  accessToken,
  assertFullProblemDetails,
  assertProblemMemberSet,
  createClient,
  expectApiError,
  requestToken,
} from './helpers.mjs';

describe('Token route (POST {base}/v1/Repositories/{repoId}/Token)', () => {
  test('password grant returns a bearer access token', async () => {
    const response = await requestToken();
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /json/);
    const body = await response.json();
    assert.equal(typeof body.access_token, 'string');
    assert.ok(body.access_token.length > 0);
    assert.equal(body.token_type.toLowerCase(), 'bearer');
    assert.equal(typeof body.expires_in, 'number');
    assert.ok(body.expires_in > 0);
  });

  test('each token request issues a different token', async () => {
    const first = await (await requestToken()).json();
    const second = await (await requestToken()).json();
    assert.notEqual(first.access_token, second.access_token);
  });

  test('wrong password answers 401 ProblemDetails on the wire', async () => {
    const response = await requestToken({ password: 'not-the-password' });
    assert.equal(response.status, 401);
    const problem = await response.json();
    assert.equal(problem.status, 401);
    assert.equal(typeof problem.type, 'string');
    assert.equal(typeof problem.title, 'string');
    assert.equal(typeof problem.operationId, 'string');
    assertProblemMemberSet(problem);
  });

  test('unknown repository answers 404 ProblemDetails on the wire', async () => {
    const response = await requestToken({ repositoryId: 'r-does-not-exist' });
    assert.equal(response.status, 404);
    const problem = await response.json();
    assert.equal(problem.status, 404);
    assert.equal(typeof problem.title, 'string');
    assertProblemMemberSet(problem);
  });
});

describe('RepositoryApiClient.createFromUsernamePassword', () => {
  test('signs in and reads the root folder', async () => {
    const client = createClient();
    const root = await client.entriesClient.getEntry({ repositoryId: REPOSITORY_ID, entryId: ROOT_ID });
    assert.ok(root instanceof Folder);
    assert.equal(root.id, ROOT_ID);
  });

  test('wrong password: the token call fails with ApiException 401', async () => {
    const client = createClient({ password: 'wrong-password' });
    const error = await expectApiError(
      client.entriesClient.getEntry({ repositoryId: REPOSITORY_ID, entryId: ROOT_ID }),
      401,
    );
    const problem = error.problemDetails;
    assert.equal(problem.status, 401);
    assert.ok(problem.type, 'problemDetails.type is set');
    assert.ok(problem.title, 'problemDetails.title is set');
    assert.ok(problem.operationId, 'problemDetails.operationId is set');
    assert.equal(error.message, problem.title, 'the exception message is the problem title');
  });

  test('wrong username: the token call fails with ApiException 401', async () => {
    const client = createClient({ username: 'no-such-user', password: 'admin' });
    const error = await expectApiError(
      client.entriesClient.getEntry({ repositoryId: REPOSITORY_ID, entryId: ROOT_ID }),
      401,
    );
    assert.ok(error.problemDetails.title);
  });

  test('unknown repository: the token call fails with ApiException 404', async () => {
    const client = createClient({ repositoryId: 'r-does-not-exist' });
    const error = await expectApiError(
      client.entriesClient.getEntry({ repositoryId: 'r-does-not-exist', entryId: ROOT_ID }),
      404,
    );
    const problem = error.problemDetails;
    assert.equal(problem.status, 404);
    assert.ok(problem.type);
    assert.ok(problem.title);
    assert.ok(problem.operationId);
  });

  test('unknown repository in an API route (valid token) answers ApiException 404', async () => {
    const client = createClient();
    const error = await expectApiError(
      client.entriesClient.getEntry({ repositoryId: 'r-does-not-exist', entryId: ROOT_ID }),
      404,
    );
    assertFullProblemDetails(error.problemDetails, 404);
  });

  test('works under the cloud-style /repository path base as well', async () => {
    const origin = new URL(BASE_URL).origin;
    const client = createClient({ baseUrl: `${origin}/repository` });
    const root = await client.entriesClient.getEntry({ repositoryId: REPOSITORY_ID, entryId: ROOT_ID });
    assert.equal(root.id, ROOT_ID);
  });
});

describe('Bearer authentication on API routes', () => {
  test('a request without a token answers 401 ProblemDetails', async () => {
    const response = await fetch(`${BASE_URL}/v2/Repositories/${REPOSITORY_ID}/Entries/${ROOT_ID}`, {
      headers: { accept: 'application/json' },
    });
    assert.equal(response.status, 401);
    const problem = await response.json();
    assertFullProblemDetails(problem, 401);
    assertProblemMemberSet(problem);
  });

  test('a request with an unknown token answers 401 ProblemDetails', async () => {
    const response = await fetch(`${BASE_URL}/v2/Repositories/${REPOSITORY_ID}/Entries/${ROOT_ID}`, {
      headers: { accept: 'application/json', authorization: 'Bearer not-a-real-token' },
    });
    assert.equal(response.status, 401);
    assertFullProblemDetails(await response.json(), 401);
  });

  test('a request with a valid token succeeds', async () => {
    const token = await accessToken();
    const response = await fetch(`${BASE_URL}/v2/Repositories/${REPOSITORY_ID}/Entries/${ROOT_ID}`, {
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
    });
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.id, ROOT_ID);
    assert.equal(body.entryType, 'Folder');
  });

  test('every response carries X-RequestId, and problems echo it as operationId', async () => {
    const response = await fetch(`${BASE_URL}/v2/Repositories/${REPOSITORY_ID}/Entries/${ROOT_ID}`);
    const requestId = response.headers.get('x-requestid');
    assert.ok(requestId, 'X-RequestId header present');
    const problem = await response.json();
    assert.equal(problem.operationId, requestId);
  });
});

describe('ListRepositories (GET {base}/v2/Repositories)', () => {
  function assertEmulatorRepository(result) {
    assert.ok(Array.isArray(result.value), 'value is an array');
    const repository = result.value.find((r) => r.id === REPOSITORY_ID);
    assert.ok(repository, `the list contains ${REPOSITORY_ID}: ${JSON.stringify(result.value)}`);
    assert.equal(typeof repository.name, 'string');
    assert.ok(repository.name.length > 0);
  }

  test('client.repositoriesClient.listRepositories (with a token)', async () => {
    const client = createClient();
    const result = await client.repositoriesClient.listRepositories({});
    assertEmulatorRepository(result);
  });

  test('RepositoriesClient.listSelfHostedRepositories (static, no token)', async () => {
    const result = await RepositoriesClient.listSelfHostedRepositories({ baseUrl: BASE_URL });
    assertEmulatorRepository(result);
  });

  test('listSelfHostedRepositories tolerates a trailing slash on the base URL', async () => {
    const result = await RepositoriesClient.listSelfHostedRepositories({ baseUrl: `${BASE_URL}/` });
    assertEmulatorRepository(result);
  });

  test('raw GET without Authorization answers 200', async () => {
    const response = await fetch(`${BASE_URL}/v2/Repositories`, { headers: { accept: 'application/json' } });
    assert.equal(response.status, 200);
    assertEmulatorRepository(await response.json());
  });
});
