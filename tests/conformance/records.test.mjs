// Records management through the official v2 client: record series, promotion of folders and documents,
// event dates and the eligibility they drive, independent records, alternate-retention events, retained deletes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateRecordSeriesRequest,
  EligibleRecordsAction,
  EntryType,
  ImportEntryRequest,
  RecordEntryType,
  RecordFolderProperties,
  RecordProperties,
  RecordSeries,
  RemoveRecordEventRequest,
  SetRecordEventRequest,
  StartDeleteEntryRequest,
  UpdateRecordSeriesPropertiesRequest,
  UpdateEntryRequest,
  UpdateRecordsManagementPropertiesRequest,
} from '@laserfiche/lf-repository-api-client-v2';
import { REPOSITORY_ID, ROOT_ID, createClient, createFolder, createTestFolder, expectApiError, uniqueName } from './helpers.mjs';

const client = createClient();
const rm = client.recordsManagementClient;
const repositoryId = REPOSITORY_ID;

async function createSeries(parentEntryId = ROOT_ID, code = 'CONF') {
  return rm.createRecordSeries({ repositoryId, parentEntryId, request: new CreateRecordSeriesRequest({ name: uniqueName('series'), code }) });
}

async function promote(entryId, members) {
  return rm.updateEntryRecordsManagementProperties({ repositoryId, entryId, request: new UpdateRecordsManagementPropertiesRequest(members) });
}

async function importDocument(folderId, name) {
  const result = await client.entriesClient.importEntry({
    repositoryId,
    entryId: folderId,
    file: { data: new Blob([new TextEncoder().encode('record')]), fileName: 'record.txt' },
    request: new ImportEntryRequest({ name }),
  });
  return result;
}

const yearsAgo = (years) => new Date(Date.UTC(new Date().getUTCFullYear() - years, 0, 1));

describe('Records management', () => {
  test('CreateRecordSeries makes a RecordSeries entry in the file-plan root and refuses a normal folder as parent', async () => {
    const series = await createSeries();
    assert.ok(series instanceof RecordSeries, 'the client picks RecordSeries from entryType');
    assert.equal(series.entryType, EntryType.RecordSeries);
    assert.equal(series.parentId, ROOT_ID);
    const nested = await createSeries(series.id, 'NESTED');
    assert.equal(nested.parentId, series.id);

    const plain = await createTestFolder(client, 'rm-plain');
    const error = await expectApiError(
      rm.createRecordSeries({ repositoryId, parentEntryId: plain.id, request: new CreateRecordSeriesRequest({ name: 'nope' }) }),
      400,
    );
    assert.equal(error.problemDetails.title, 'The parent is not in the record file plan.');
  });

  test('GetRecordSeriesProperties and UpdateRecordSeriesProperties read and change the series defaults', async () => {
    const series = await createSeries(ROOT_ID, 'FIN');
    const read = await rm.getRecordSeriesProperties({ repositoryId, entryId: series.id });
    assert.equal(read.code, 'FIN');
    assert.equal(read.isPermanent, false);

    const updated = await rm.updateRecordSeriesProperties({
      repositoryId,
      entryId: series.id,
      request: new UpdateRecordSeriesPropertiesRequest({ isPermanent: true, dispositionScheduleId: 2 }),
    });
    assert.equal(updated.isPermanent, true);
    assert.equal(updated.dispositionScheduleId, 2);
    const folder = await createTestFolder(client, 'rm-plain');
    await expectApiError(rm.getRecordSeriesProperties({ repositoryId, entryId: folder.id }), 404);
  });

  test('GetEntryRecordsManagementProperties is a 404 on a plain folder and describes a promoted one', async () => {
    const folder = await createTestFolder(client, 'rm-folder');
    await expectApiError(rm.getEntryRecordsManagementProperties({ repositoryId, entryId: folder.id }), 404);

    await promote(folder.id, { isPermanent: true });
    const read = await rm.getEntryRecordsManagementProperties({ repositoryId, entryId: folder.id });
    assert.ok(read instanceof RecordFolderProperties);
    assert.equal(read.recordType, RecordEntryType.RecordFolder);
    assert.equal(read.isPermanent, true);
    const entry = await client.entriesClient.getEntry({ repositoryId, entryId: folder.id });
    assert.equal(entry.isRecordFolder, true);
  });

  test('UpdateEntryRecordsManagementProperties makes a document a record that inherits from its record folder', async () => {
    const folder = await createTestFolder(client, 'rm-folder');
    await promote(folder.id, { cutoffCriterionId: 1, dispositionScheduleId: 1 });
    const document = await importDocument(folder.id, 'Invoice');

    const record = await promote(document.id, { filingDate: yearsAgo(3) });

    assert.ok(record instanceof RecordProperties);
    assert.equal(record.recordFolderId, folder.id);
    assert.equal(record.isDispositionScheduleInherited, true);
    assert.equal(record.isEligibleForFinalDisposition, true, 'filed three years ago, kept one year after filing');
    const entry = await client.entriesClient.getEntry({ repositoryId, entryId: document.id });
    assert.equal(entry.isRecord, true);
    await expectApiError(promote(document.id, { isClosed: true }), 400);
  });

  test('SetRecordEvent starts retention from the event date and RemoveRecordEvent takes it back', async () => {
    const series = await createSeries();
    const folder = await createFolder(client, { parentId: series.id, name: uniqueName('case') });
    await promote(folder.id, { cutoffCriterionId: 3, dispositionScheduleId: 1 });
    let eligible = await rm.getEligibleRecords({ repositoryId, entryId: series.id, eligibleFor: EligibleRecordsAction.Disposition });
    assert.deepEqual(eligible.entryIds, []);

    const closed = await rm.setRecordEvent({ repositoryId, entryId: folder.id, request: new SetRecordEventRequest({ eventId: 1, date: yearsAgo(2) }) });

    assert.equal(closed.cutoffEligibility.toISOString(), yearsAgo(2).toISOString());
    assert.equal(closed.isEligibleForFinalDisposition, true);
    eligible = await rm.getEligibleRecords({ repositoryId, entryId: series.id, eligibleFor: EligibleRecordsAction.Disposition });
    assert.deepEqual(eligible.entryIds, [folder.id]);

    const removed = await rm.removeRecordEvent({ repositoryId, entryId: folder.id, request: new RemoveRecordEventRequest({ eventId: 1 }) });
    assert.equal(removed.cutoffEligibility, undefined);
    eligible = await rm.getEligibleRecords({ repositoryId, entryId: series.id, eligibleFor: EligibleRecordsAction.Disposition });
    assert.deepEqual(eligible.entryIds, []);
  });

  test('GetEligibleRecords needs eligibleFor and answers the transfer step of a schedule', async () => {
    const folder = await createTestFolder(client, 'rm-folder');
    await expectApiError(rm.getEligibleRecords({ repositoryId, entryId: folder.id }), 400);
    await expectApiError(rm.getEligibleRecords({ repositoryId, entryId: folder.id, eligibleFor: EligibleRecordsAction.Transfer }), 404);

    await promote(folder.id, { cutoffCriterionId: 1, dispositionScheduleId: 3, filingDate: new Date() });
    let transfer = await rm.getEligibleRecords({ repositoryId, entryId: folder.id, eligibleFor: EligibleRecordsAction.Transfer });
    assert.deepEqual(transfer.entryIds, []);
    await promote(folder.id, { filingDate: yearsAgo(2) });
    transfer = await rm.getEligibleRecords({ repositoryId, entryId: folder.id, eligibleFor: EligibleRecordsAction.Transfer });
    assert.deepEqual(transfer.entryIds, [folder.id]);
  });

  test('GetIndependentRecords lists the records that keep their own schedule', async () => {
    const folder = await createTestFolder(client, 'rm-folder');
    await promote(folder.id, { dispositionScheduleId: 1 });
    const inherits = await importDocument(folder.id, 'Inherits');
    const own = await importDocument(folder.id, 'Own');
    await promote(inherits.id, {});
    await promote(own.id, { isDispositionScheduleInherited: false, dispositionScheduleId: 2 });

    const independent = await rm.getIndependentRecords({ repositoryId, entryId: folder.id });

    assert.deepEqual(independent.entryIds, [own.id]);
  });

  test('GetAltRetentionEvents names the alternate-retention event of the folder schedule', async () => {
    const folder = await createTestFolder(client, 'rm-folder');
    await promote(folder.id, { dispositionScheduleId: 4 });
    let alt = await rm.getAltRetentionEvents({ repositoryId, entryId: folder.id });
    assert.equal(alt.events.length, 1);
    assert.equal(alt.events[0].entryId, folder.id);
    assert.equal(alt.events[0].eventId, 3);
    assert.equal(alt.events[0].triggerDate, undefined);

    await promote(folder.id, { triggerDate: yearsAgo(2) });
    alt = await rm.getAltRetentionEvents({ repositoryId, entryId: folder.id });
    assert.equal(alt.events[0].triggerDate.toISOString(), yearsAgo(2).toISOString());
  });

  test('a retained record folder refuses the ordinary delete with a 403', async () => {
    const folder = await createTestFolder(client, 'rm-folder');
    await promote(folder.id, { isPermanent: true });
    const error = await expectApiError(
      client.entriesClient.startDeleteEntry({ repositoryId, entryId: folder.id, request: new StartDeleteEntryRequest() }),
      403,
    );
    assert.equal(error.problemDetails.title, 'The record is retained by its disposition schedule.');
  });
  test('a record refuses DeleteElectronicDocument and a rename with a 403 that names it', async () => {
    const folder = await createTestFolder(client, 'rm-record');
    const document = await importDocument(folder.id, 'Kept record');
    await promote(document.id, { filingDate: new Date('2026-03-01T00:00:00Z') });
    const deleted = await expectApiError(client.entriesClient.deleteElectronicDocument({ repositoryId, entryId: document.id }), 403);
    assert.equal(deleted.problemDetails.title, 'The entry is a record and cannot be changed.');
    assert.equal(deleted.problemDetails.errorCode, 9805);
    assert.equal(deleted.problemDetails.detail, `Entry ${document.id} ('Kept record') is a record; its electronic document and pages cannot be changed.`);
    const renamed = await expectApiError(
      client.entriesClient.updateEntry({ repositoryId, entryId: document.id, request: new UpdateEntryRequest({ name: 'Renamed' }) }),
      403,
    );
    assert.equal(renamed.problemDetails.detail, `Entry ${document.id} ('Kept record') is a record; its name and location cannot be changed.`);
    const entry = await client.entriesClient.getEntry({ repositoryId, entryId: document.id });
    assert.equal(entry.name, 'Kept record');
    assert.equal(entry.isRecord, true);
  });
});
