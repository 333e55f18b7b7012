// Operations LfRepo does not implement yet answer 501 ProblemDetails naming the operation.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SearchEntryRequest } from '@laserfiche/lf-repository-api-client-v2';
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
  test('simple search (SearchEntry) raises ApiException 501', async () => {
    const error = await expectApiError(
      client.simpleSearchesClient.searchEntry({
        repositoryId: REPOSITORY_ID,
        request: new SearchEntryRequest({ searchCommand: '{LF:Basic~="anything",option="DFANLT"}' }),
      }),
      501,
    );
    // The generated client has no 501 branch, so it drops the body: problemDetails.status is still 501 and
    // operationId comes from the X-RequestId header.
    assert.equal(error.problemDetails.status, 501);
    assert.ok(error.problemDetails.operationId, 'operationId taken from X-RequestId');
  });

  test('GetFieldListValues raises ApiException 501', async () => {
    await expectApiError(client.fieldDefinitionsClient.getFieldListValues({ repositoryId: REPOSITORY_ID, fieldId: 1 }), 501);
  });

  test('the 501 body is ProblemDetails naming the operation', async () => {
    const token = await accessToken();
    const response = await fetch(`${BASE_URL}/v2/Repositories/${REPOSITORY_ID}/SimpleSearches`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ searchCommand: '{LF:Basic~="anything"}' }),
    });
    assert.equal(response.status, 501);
    const problem = await response.json();
    assertFullProblemDetails(problem, 501);
    assert.match(problem.detail ?? '', /SearchEntry/, `detail names the operation: ${problem.detail}`);
  });
});
