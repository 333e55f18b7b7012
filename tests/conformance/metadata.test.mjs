// Metadata through the official client: definition listings and lookups, paging with maxpagesize=1, an entry's
// fields, tags, links and template, dynamic field logic, and field values in folder listings.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FieldToUpdate,
  LinkToUpdate,
  ListDynamicFieldValuesRequest,
  SetFieldsRequest,
  SetLinksRequest,
  SetTagsRequest,
  SetTemplateRequest,
} from '@laserfiche/lf-repository-api-client-v2';
import { REPOSITORY_ID, createClient, createFolder, createTestFolder, expectApiError, assertFullProblemDetails } from './helpers.mjs';

const client = createClient();
const repositoryId = REPOSITORY_ID;

/** Follows a ForEach helper with maxPageSize 1 and returns the pages it saw. */
async function pagesOf(forEach, args) {
  const pages = [];
  await forEach({ repositoryId, ...args, maxPageSize: 1, callback: async (page) => { pages.push(page); return true; } });
  return pages;
}

describe('Definitions', () => {
  test('field definitions are listed, paged and found by id', async () => {
    const { value } = await client.fieldDefinitionsClient.listFieldDefinitions({ repositoryId });
    assert.ok(value.filter((f) => f.fieldType === 'String' && !f.constraint && f.length >= 1).length >= 2);
    assert.ok(value.some((f) => f.fieldType === 'Number'));
    const one = await client.fieldDefinitionsClient.getFieldDefinition({ repositoryId, fieldId: value[0].id });
    assert.equal(one.name, value[0].name);
    const first = await client.fieldDefinitionsClient.listFieldDefinitions({ repositoryId, prefer: 'maxpagesize=1' });
    assert.equal(first.value.length, 1);
    assert.ok(first.odataNextLink, 'a nextLink with maxpagesize=1');
    const pages = await pagesOf((a) => client.fieldDefinitionsClient.listFieldDefinitionsForEach(a), {});
    assert.equal(pages.length, value.length);
  });

  test('template definitions, their field definitions by id and by name', async () => {
    const { value } = await client.templateDefinitionsClient.listTemplateDefinitions({ repositoryId });
    assert.ok(value.length >= 2);
    const general = (await client.templateDefinitionsClient.listTemplateDefinitions({ repositoryId, templateName: 'General' })).value[0];
    assert.equal(general.name, 'General');
    assert.equal((await client.templateDefinitionsClient.getTemplateDefinition({ repositoryId, templateId: general.id })).name, 'General');
    const byId = await client.templateDefinitionsClient.listTemplateFieldDefinitionsByTemplateId({ repositoryId, templateId: general.id });
    const byName = await client.templateDefinitionsClient.listTemplateFieldDefinitionsByTemplateName({ repositoryId, templateName: 'General' });
    assert.deepEqual(byId.value.map((f) => f.name), byName.value.map((f) => f.name));
    assert.ok(byId.value.every((f) => !f.isRequired), 'General has only optional fields');
    const pages = await pagesOf((a) => client.templateDefinitionsClient.listTemplateDefinitionsForEach(a), {});
    assert.equal(pages.length, value.length);
    const error = await expectApiError(client.templateDefinitionsClient.listTemplateDefinitions({ repositoryId, templateName: 'faketemplate123' }), 404);
    assertFullProblemDetails(error.problemDetails, 404);
    assert.equal(error.problemDetails.errorCode, 204);
  });

  test('tag and link definitions are listed, paged and found by id', async () => {
    const tags = await client.tagDefinitionsClient.listTagDefinitions({ repositoryId, prefer: 'maxpagesize=1' });
    assert.ok(tags.odataNextLink);
    const tag = await client.tagDefinitionsClient.getTagDefinition({ repositoryId, tagId: tags.value[0].id });
    assert.equal(tag.name, tags.value[0].name);
    const links = await client.linkDefinitionsClient.listLinkDefinitions({ repositoryId, prefer: 'maxpagesize=1' });
    assert.ok(links.odataNextLink);
    const link = await client.linkDefinitionsClient.getLinkDefinition({ repositoryId, linkDefinitionId: 1 });
    assert.equal(link.id, 1);
    assert.ok(link.sourceLabel && link.targetLabel);
  });

  test('audit reasons and attributes are listed and paged', async () => {
    const reasons = await client.auditReasonsClient.listAuditReasons({ repositoryId });
    assert.ok(reasons.value.some((r) => r.auditEventType === 'ExportDocument'));
    assert.ok(reasons.value.some((r) => r.auditEventType === 'DeleteEntry'));
    const page = await client.auditReasonsClient.listAuditReasons({ repositoryId, prefer: 'maxpagesize=1' });
    assert.ok(page.odataNextLink);
    const attributes = await pagesOf((a) => client.attributesClient.listAttributesForEach(a), {});
    assert.ok(attributes.length >= 2);
    const key = attributes[0].value[0].key;
    assert.equal((await client.attributesClient.getAttribute({ repositoryId, attributeKey: key })).key, key);
  });
});

describe('Entry metadata', () => {
  test('SetFields replaces the fields; ListFields lists them', async () => {
    const folder = await createTestFolder(client, 'fields');
    const set = await client.entriesClient.setFields({
      repositoryId,
      entryId: folder.id,
      request: new SetFieldsRequest({
        fields: [new FieldToUpdate({ name: 'Text', values: ['hello'] }), new FieldToUpdate({ name: 'Keywords', values: ['a', 'b'] })],
      }),
    });
    assert.deepEqual(set.value.map((f) => f.name), ['Keywords', 'Text']);
    const listed = await client.entriesClient.listFields({ repositoryId, entryId: folder.id });
    assert.deepEqual(listed.value.find((f) => f.name === 'Keywords').values, ['a', 'b']);
    const pages = await pagesOf((a) => client.entriesClient.listFieldsForEach(a), { entryId: folder.id });
    assert.equal(pages.length, 2);
    const error = await expectApiError(client.entriesClient.setFields({
      repositoryId,
      entryId: folder.id,
      request: new SetFieldsRequest({ fields: [new FieldToUpdate({ name: 'Date Received', values: ['2026-01-01T00:00:00Z'] })] }),
    }), 400);
    assert.match(error.problemDetails.detail, /Date Received/);
    const cleared = await client.entriesClient.setFields({ repositoryId, entryId: folder.id, request: new SetFieldsRequest({ fields: [] }) });
    assert.deepEqual(cleared.value, []);
  });

  test('SetTags replaces the tags; an empty list clears them', async () => {
    const folder = await createTestFolder(client, 'tags');
    const set = await client.entriesClient.setTags({ repositoryId, entryId: folder.id, request: new SetTagsRequest({ tags: ['Reviewed', 'Needs Attention'] }) });
    assert.equal(set.value.length, 2);
    const pages = await pagesOf((a) => client.entriesClient.listTagsForEach(a), { entryId: folder.id });
    assert.equal(pages.length, 2);
    await client.entriesClient.setTags({ repositoryId, entryId: folder.id, request: new SetTagsRequest({ tags: [] }) });
    assert.deepEqual((await client.entriesClient.listTags({ repositoryId, entryId: folder.id })).value, []);
  });

  test('SetLinks links entries; both ends list the link', async () => {
    const home = await createTestFolder(client, 'links');
    const a = await createFolder(client, { parentId: home.id, name: 'A' });
    const b = await createFolder(client, { parentId: home.id, name: 'B' });
    const c = await createFolder(client, { parentId: home.id, name: 'C' });
    const set = await client.entriesClient.setLinks({
      repositoryId,
      entryId: a.id,
      request: new SetLinksRequest({
        links: [new LinkToUpdate({ linkDefinitionId: 1, otherEntryId: b.id }), new LinkToUpdate({ linkDefinitionId: 1, otherEntryId: c.id, isSource: false })],
      }),
    });
    assert.equal(set.value.length, 2);
    assert.equal(set.value[0].sourceId, a.id);
    assert.match(set.value[0].targetLink, new RegExp(`/Entries/${b.id}$`));
    const fromB = await client.entriesClient.listLinks({ repositoryId, entryId: b.id });
    assert.equal(fromB.value.length, 1);
    assert.equal(fromB.value[0].sourceId, a.id);
    const pages = await pagesOf((a2) => client.entriesClient.listLinksForEach(a2), { entryId: a.id });
    assert.equal(pages.length, 2);
  });

  test('SetTemplate and RemoveTemplate change the entry', async () => {
    const folder = await createTestFolder(client, 'template');
    const entry = await client.entriesClient.setTemplate({
      repositoryId,
      entryId: folder.id,
      request: new SetTemplateRequest({ templateName: 'General', fields: [new FieldToUpdate({ name: 'Status', values: ['Open'] })] }),
    });
    assert.equal(entry.templateName, 'General');
    assert.ok(entry.templateId > 0);
    assert.ok(entry.templateFieldNames.includes('Status'));
    const fields = await client.entriesClient.listFields({ repositoryId, entryId: folder.id });
    assert.deepEqual(fields.value.find((f) => f.name === 'Status').values, ['Open']);
    const removed = await client.entriesClient.removeTemplate({ repositoryId, entryId: folder.id });
    assert.equal(removed.templateId, 0);
    const error = await expectApiError(client.entriesClient.setTemplate({
      repositoryId, entryId: folder.id, request: new SetTemplateRequest({ templateName: 'faketemplate123' }),
    }), 404);
    assert.equal(error.problemDetails.errorCode, 204);
  });

  test('dynamic field logic answers the values a parent value allows', async () => {
    const folder = await createTestFolder(client, 'dynamic');
    const { value } = await client.templateDefinitionsClient.listTemplateDefinitions({ repositoryId, templateName: 'Address' });
    const values = await client.entriesClient.listDynamicFieldValues({
      repositoryId,
      entryId: folder.id,
      request: new ListDynamicFieldValuesRequest({ templateId: value[0].id, fieldValues: { Country: 'Canada' } }),
    });
    assert.deepEqual(values.City, ['Toronto', 'Vancouver']);
  });

  test('ListEntries returns requested field values with hasMoreValues', async () => {
    const home = await createTestFolder(client, 'listfields');
    const child = await createFolder(client, { parentId: home.id, name: 'child' });
    await client.entriesClient.setFields({
      repositoryId, entryId: child.id, request: new SetFieldsRequest({ fields: [new FieldToUpdate({ name: 'Keywords', values: ['x', 'y'] })] }),
    });
    const { value } = await client.entriesClient.listEntries({ repositoryId, entryId: home.id, fields: ['Keywords'] });
    assert.equal(value[0].fields[0].name, 'Keywords');
    assert.deepEqual(value[0].fields[0].values, ['x']);
    assert.equal(value[0].fields[0].hasMoreValues, true);
  });

  test('the root folder has no fields, tags or links', async () => {
    for (const list of ['listFields', 'listTags', 'listLinks']) {
      const { value } = await client.entriesClient[list]({ repositoryId, entryId: 1 });
      assert.ok(value.length === 0 || value.length >= 2, `${list} of the root is empty or holds at least two`);
    }
  });
});
