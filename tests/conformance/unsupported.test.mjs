// Operations LfRepo does not implement yet answer 501 ProblemDetails naming the operation.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL,
  REPOSITORY_ID,
  accessToken,
  assertFullProblemDetails,
  createClient,
  expectApiError,
} from './helpers.mjs';

const client = createClient();

describe('Not-yet-supported operations', () => {
  test('ListStamps raises ApiException 501', async () => {
    await expectApiError(client.stampsClient.listStamps({ repositoryId: REPOSITORY_ID }), 501);
  });

  test('the 501 body is ProblemDetails naming the operation', async () => {
    const token = await accessToken();
    const response = await fetch(`${BASE_URL}/v2/Repositories/${REPOSITORY_ID}/Stamps`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        'content-type': 'application/json',
      },
      body: JSON.stringify({}),
    });
    assert.equal(response.status, 501);
    const problem = await response.json();
    assertFullProblemDetails(problem, 501);
    assert.match(problem.detail ?? '', /CreateStamp/, `detail names the operation: ${problem.detail}`);
  });
});
