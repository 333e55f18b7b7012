// Stamps through the official v2 client: public and personal stamps, their images, and who may manage them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { StampScope, UpdateStampRequest } from '@laserfiche/lf-repository-api-client-v2';
import { REPOSITORY_ID, createClient, expectApiError, uniqueName } from './helpers.mjs';

const admin = createClient();
const user1 = createClient({ username: 'user1', password: 'user1' });

/** A 2 × 1 24-bit BMP: a black pixel, then a white one. */
function blackWhiteBmp() {
  const bytes = new Uint8Array(62);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x42; bytes[1] = 0x4d;
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, 54, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, 2, true);
  view.setInt32(22, 1, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  view.setUint32(34, 8, true);
  bytes.fill(255, 57, 60); // the second pixel is white; the first stays black
  return bytes;
}

const file = () => ({ data: new Blob([blackWhiteBmp()]), fileName: 'stamp.bmp' });

describe('Stamps', () => {
  test('a personal stamp is listed for its owner only; a public one for everybody', async () => {
    const name = uniqueName('mine');
    const mine = await user1.stampsClient.createStamp({ repositoryId: REPOSITORY_ID, name, isPublic: false, file: file() });
    assert.equal(mine.name, name);
    assert.equal(mine.isPublic, false);
    assert.equal(mine.imageWidth, 2);
    assert.equal(mine.imageHeight, 1);
    assert.match(mine.owner ?? '', /^S-1-/);

    const personal = await user1.stampsClient.listStamps({ repositoryId: REPOSITORY_ID, scope: StampScope.Personal });
    assert.ok(personal.some((s) => s.id === mine.id));
    const publicOnes = await user1.stampsClient.listStamps({ repositoryId: REPOSITORY_ID, scope: StampScope.Public });
    assert.ok(!publicOnes.some((s) => s.id === mine.id));
    const adminAll = await admin.stampsClient.listStamps({ repositoryId: REPOSITORY_ID, scope: StampScope.All });
    assert.ok(!adminAll.some((s) => s.id === mine.id), 'another user never sees a personal stamp');
    await expectApiError(admin.stampsClient.getStamp({ repositoryId: REPOSITORY_ID, stampId: mine.id }), 404);
    await user1.stampsClient.deleteStamp({ repositoryId: REPOSITORY_ID, stampId: mine.id });
    await expectApiError(user1.stampsClient.getStamp({ repositoryId: REPOSITORY_ID, stampId: mine.id }), 404);
  });

  test('a public stamp: created, renamed and deleted by a stamp manager, refused to others; its image is a PNG', async () => {
    const shared = await admin.stampsClient.createStamp({ repositoryId: REPOSITORY_ID, name: uniqueName('approved'), isPublic: true, file: file() });
    assert.equal(shared.isPublic, true);
    await expectApiError(user1.stampsClient.createStamp({ repositoryId: REPOSITORY_ID, name: uniqueName('nope'), isPublic: true, file: file() }), 403);
    await expectApiError(user1.stampsClient.updateStamp({ repositoryId: REPOSITORY_ID, stampId: shared.id, request: new UpdateStampRequest({ name: 'taken' }) }), 403);

    const renamed = await admin.stampsClient.updateStamp({
      repositoryId: REPOSITORY_ID, stampId: shared.id, request: new UpdateStampRequest({ name: `${shared.name}-reviewed`, customData: 'dept=legal' }),
    });
    assert.equal(renamed.name, `${shared.name}-reviewed`);
    assert.equal(renamed.customData, 'dept=legal');
    assert.equal((await user1.stampsClient.getStamp({ repositoryId: REPOSITORY_ID, stampId: shared.id })).customData, 'dept=legal');

    const image = await user1.stampsClient.getStampImage({ repositoryId: REPOSITORY_ID, stampId: shared.id, color: '#FF0000' });
    const bytes = new Uint8Array(await image.data.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'the image is a PNG');

    await admin.stampsClient.deleteStamp({ repositoryId: REPOSITORY_ID, stampId: shared.id });
    await expectApiError(admin.stampsClient.getStampImage({ repositoryId: REPOSITORY_ID, stampId: shared.id }), 404);
  });

  test('an image that is not one is a 400', async () => {
    await expectApiError(admin.stampsClient.createStamp({
      repositoryId: REPOSITORY_ID, name: uniqueName('junk'), isPublic: false, file: { data: new Blob(['not an image']), fileName: 'junk.png' },
    }), 400);
  });
});
