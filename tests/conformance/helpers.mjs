// Shared helpers for the conformance tests: the client, unique names, per-test folders, error assertions.
import assert from 'node:assert/strict';
import {
  RepositoryApiClient,
  CreateEntryRequest,
  CreateEntryRequestEntryType,
} from '@laserfiche/lf-repository-api-client-v2';

/** The API base URL, e.g. http://127.0.0.1:5000/LFRepositoryAPI (set by run.sh). */
export const BASE_URL = (() => {
  const url = process.env.LFREPO_BASE_URL;
  if (!url) {
    throw new Error('LFREPO_BASE_URL is not set; run the suite through run.sh or set it to http://HOST:PORT/LFRepositoryAPI');
  }
  return url.replace(/\/+$/, '');
})();

export const REPOSITORY_ID = process.env.LFREPO_REPOSITORY_ID ?? 'r-emulator';
export const USERNAME = process.env.LFREPO_USERNAME ?? 'admin';
export const PASSWORD = process.env.LFREPO_PASSWORD ?? 'admin';
export const ROOT_ID = 1;

/** A client signed in the way a self-hosted deployment signs in: username/password against the Token route. */
export function createClient({
  repositoryId = REPOSITORY_ID,
  username = USERNAME,
  password = PASSWORD,
  baseUrl = BASE_URL,
} = {}) {
  return RepositoryApiClient.createFromUsernamePassword(repositoryId, username, password, baseUrl);
}

let counter = 0;
const runTag = `${process.pid.toString(36)}${Date.now().toString(36)}`;

/** A name no other test (or earlier run against a persistent store) uses. */
export function uniqueName(prefix = 'conf') {
  counter += 1;
  const random = Math.random().toString(36).slice(2, 7);
  return `${prefix}-${runTag}-${counter}-${random}`;
}

/** Creates a folder (default: a uniquely named one under the root) and returns the Folder entry. */
export async function createFolder(client, { parentId = ROOT_ID, name = uniqueName('folder'), autoRename } = {}) {
  return client.entriesClient.createEntry({
    repositoryId: REPOSITORY_ID,
    entryId: parentId,
    request: new CreateEntryRequest({ name, entryType: CreateEntryRequestEntryType.Folder, autoRename }),
  });
}

/** Creates a shortcut to targetId in parentId. */
export async function createShortcut(client, { parentId, targetId, name = uniqueName('shortcut'), autoRename } = {}) {
  return client.entriesClient.createEntry({
    repositoryId: REPOSITORY_ID,
    entryId: parentId,
    request: new CreateEntryRequest({ name, entryType: CreateEntryRequestEntryType.Shortcut, targetId, autoRename }),
  });
}

/** Each test's own folder under the root, so tests never see each other's entries. */
export async function createTestFolder(client, label = 'test') {
  return createFolder(client, { name: uniqueName(label) });
}

/**
 * Awaits `promiseOrFn` and asserts it rejects with a Laserfiche ApiException of the given status;
 * returns the exception so the caller can look at problemDetails.
 */
export async function expectApiError(promiseOrFn, status) {
  let caught;
  try {
    await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught, `expected an ApiException with status ${status}, but the call succeeded`);
  assert.ok(caught instanceof Error, `expected an Error, got ${caught}`);
  assert.equal(caught.status, status, `expected status ${status}, got ${caught.status}: ${caught.message}`);
  assert.ok(caught.problemDetails, 'the ApiException carries problemDetails');
  return caught;
}

/** The only members a ProblemDetails body may carry (the .NET client counts anything else as an extension). */
export const PROBLEM_MEMBERS = ['type', 'title', 'status', 'detail', 'instance', 'operationId', 'errorSource', 'errorCode', 'traceId'];

/** Asserts a raw ProblemDetails JSON body has no members beyond the documented ones and no nulls. */
export function assertProblemMemberSet(body) {
  for (const [key, value] of Object.entries(body)) {
    assert.ok(PROBLEM_MEMBERS.includes(key), `unexpected ProblemDetails member '${key}'`);
    assert.notEqual(value, null, `ProblemDetails member '${key}' is null (omit it instead)`);
  }
}

/** Asserts the ProblemDetails members the Laserfiche clients rely on are all present. */
export function assertFullProblemDetails(problem, status) {
  assert.equal(problem.status, status);
  for (const member of ['type', 'title', 'instance', 'operationId', 'errorSource', 'traceId']) {
    assert.equal(typeof problem[member], 'string', `problemDetails.${member} is a string (got ${JSON.stringify(problem[member])})`);
    assert.ok(problem[member].length > 0, `problemDetails.${member} is not empty`);
  }
  assert.equal(typeof problem.errorCode, 'number', 'problemDetails.errorCode is a number');
  assert.notEqual(problem.errorCode, 0, 'problemDetails.errorCode is non-zero');
  // The generated ProblemDetails copies unknown body members onto itself: none may be there.
  const present = Object.fromEntries(Object.entries(problem).filter(([, value]) => value !== undefined));
  assertProblemMemberSet(present);
}

/** Requests a token straight from the Token route, without the client (for wire-level checks). */
export async function requestToken({ repositoryId = REPOSITORY_ID, username = USERNAME, password = PASSWORD } = {}) {
  const body = new URLSearchParams({ grant_type: 'password', username, password });
  return fetch(`${BASE_URL}/v1/Repositories/${encodeURIComponent(repositoryId)}/Token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body,
  });
}

/** A fresh access token for raw requests. */
export async function accessToken() {
  const response = await requestToken();
  assert.equal(response.status, 200, 'token request succeeds');
  return (await response.json()).access_token;
}

/** Collects every page of a folder listing by following @odata.nextLink with the client's ForEach helper. */
export async function listAllChildren(client, folderId, options = {}) {
  const pages = [];
  await client.entriesClient.listEntriesForEach({
    repositoryId: REPOSITORY_ID,
    entryId: folderId,
    ...options,
    callback: async (page) => {
      pages.push(page);
      return true;
    },
  });
  return pages;
}
