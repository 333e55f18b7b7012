// Metadata administration through the official client: field definitions created, changed, merged, converted and
// deleted; templates created, changed and deleted with their fields; and every reader seeing a change at once.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddTemplateFieldRequest,
  ChangeFieldTypeRequest,
  CreateFieldDefinitionRequest,
  CreateTemplateRequest,
  FieldMergeConflictStrategy,
  FieldToUpdate,
  FieldType,
  LFColor,
  MergeFieldsRequest,
  MoveTemplateFieldRequest,
  ReplaceListValuesRequest,
  SetFieldsRequest,
  SetTemplateRequest,
  TemplateFieldAssignment,
  UpdateFieldDefinitionRequest,
  UpdateFieldPropertiesRequest,
  UpdateTemplateFieldPropertiesRequest,
  UpdateTemplatePropertiesRequest,
  UpdateTemplateRequest,
} from '@laserfiche/lf-repository-api-client-v2';
import { REPOSITORY_ID, assertFullProblemDetails, createClient, createTestFolder, expectApiError, uniqueName } from './helpers.mjs';

const client = createClient();
const repositoryId = REPOSITORY_ID;
const fields = client.fieldDefinitionsClient;
const templates = client.templateDefinitionsClient;

async function createField(init) {
  return fields.createFieldDefinition({ repositoryId, request: new CreateFieldDefinitionRequest({ name: uniqueName('field'), ...init }) });
}

async function setValues(entryId, values) {
  await client.entriesClient.setFields({
    repositoryId,
    entryId,
    request: new SetFieldsRequest({ fields: Object.entries(values).map(([name, v]) => new FieldToUpdate({ name, values: v })) }),
  });
}

async function valuesOf(entryId, name) {
  const { value } = await client.entriesClient.listFields({ repositoryId, entryId });
  return value.find((f) => f.name === name)?.values ?? [];
}

describe('Field definition administration', () => {
  test('a field is created, found, changed and deleted', async () => {
    const created = await createField({ fieldType: FieldType.String, length: 40, description: 'made', isIndexed: true, properties: { 'conf.key': 'v' } });
    assert.ok(created.id > 0);
    assert.equal(created.length, 40);
    assert.equal(created.isIndexed, true);
    assert.equal((await fields.getFieldDefinition({ repositoryId, fieldId: created.id })).description, 'made');
    assert.equal((await fields.getFieldProperties({ repositoryId, fieldId: created.id })).properties['conf.key'], 'v');

    const updated = await fields.updateFieldDefinition({ repositoryId, fieldId: created.id, request: new UpdateFieldDefinitionRequest({ description: '', isRequired: true }) });
    assert.equal(updated.description, '');
    assert.equal(updated.isRequired, true);
    assert.equal(updated.isIndexed, true);

    await fields.deleteFieldDefinition({ repositoryId, fieldId: created.id });
    await expectApiError(fields.getFieldDefinition({ repositoryId, fieldId: created.id }), 404);
  });

  test('a duplicate name and a bad length are 400 ProblemDetails saying why', async () => {
    const duplicate = await expectApiError(fields.createFieldDefinition({ repositoryId, request: new CreateFieldDefinitionRequest({ name: 'text', fieldType: FieldType.String }) }), 400);
    assertFullProblemDetails(duplicate.problemDetails, 400);
    assert.match(duplicate.problemDetails.detail, /'Text' already exists/);
    const length = await expectApiError(createField({ fieldType: FieldType.String, length: 0 }), 400);
    assert.match(length.problemDetails.detail, /length must be between 1 and 4000/);
  });

  test('list values are read and replaced; properties are set and removed', async () => {
    const list = await createField({ fieldType: FieldType.List, listValues: ['A', 'B'] });
    try {
      assert.deepEqual((await fields.getFieldListValues({ repositoryId, fieldId: list.id })).values, ['A', 'B']);
      const replaced = await fields.replaceFieldListValues({ repositoryId, fieldId: list.id, request: new ReplaceListValuesRequest({ values: ['C', 'A'] }) });
      assert.deepEqual(replaced.values, ['C', 'A']);
      await expectApiError(fields.replaceFieldListValues({ repositoryId, fieldId: list.id, request: new ReplaceListValuesRequest({ values: ['X', 'X'] }) }), 400);

      await fields.updateFieldProperties({ repositoryId, fieldId: list.id, request: new UpdateFieldPropertiesRequest({ set: { one: '1', two: '2' } }) });
      const bag = await fields.updateFieldProperties({ repositoryId, fieldId: list.id, request: new UpdateFieldPropertiesRequest({ remove: ['one'] }) });
      assert.deepEqual(bag.properties, { two: '2' });
    } finally {
      await fields.deleteFieldDefinition({ repositoryId, fieldId: list.id });
    }
  });

  test('a new field takes values at once, is counted, and its deletion takes the values with it', async () => {
    const folder = await createTestFolder(client, 'admin');
    const field = await createField({ fieldType: FieldType.ShortInteger });
    await setValues(folder.id, { [field.name]: ['12'] });
    assert.deepEqual(await valuesOf(folder.id, field.name), ['12']);
    assert.equal((await fields.getFieldAssignedEntryCount({ repositoryId, fieldId: field.id })).count, 1);
    assert.deepEqual(await fields.getFieldContainingTemplates({ repositoryId, fieldId: field.id }), []);

    await fields.deleteFieldDefinition({ repositoryId, fieldId: field.id });
    assert.deepEqual(await valuesOf(folder.id, field.name), []);
  });

  test('merging keeps every value with MakeMultivalue and refuses UseFirstField without allowDataLoss', async () => {
    const folder = await createTestFolder(client, 'merge');
    const a = await createField({ fieldType: FieldType.String });
    const b = await createField({ fieldType: FieldType.String });
    await setValues(folder.id, { [a.name]: ['x'], [b.name]: ['y'] });
    const lossy = await expectApiError(fields.mergeFields({ repositoryId, request: new MergeFieldsRequest({
      sourceFieldIds: [a.id, b.id], newFieldName: uniqueName('merged'), onConflict: FieldMergeConflictStrategy.UseFirstField }) }), 400);
    assert.match(lossy.problemDetails.detail, /allowDataLoss/);
    await expectApiError(fields.mergeFields({ repositoryId, request: new MergeFieldsRequest({ sourceFieldIds: [a.id, b.id], newFieldName: uniqueName('merged') }) }), 400);

    const merged = await fields.mergeFields({ repositoryId, request: new MergeFieldsRequest({
      sourceFieldIds: [a.id, b.id], newFieldName: uniqueName('merged'), onConflict: FieldMergeConflictStrategy.MakeMultivalue }) });
    assert.equal(merged.isMultiValue, true);
    assert.deepEqual(await valuesOf(folder.id, merged.name), ['x', 'y']);
    for (const id of [merged.id, a.id, b.id]) {
      await fields.deleteFieldDefinition({ repositoryId, fieldId: id });
    }
  });

  test('a safe widening converts values; a lossy change needs allowDataLoss', async () => {
    const folder = await createTestFolder(client, 'type');
    const date = await createField({ fieldType: FieldType.Date });
    await setValues(folder.id, { [date.name]: ['2026-01-15'] });
    const widened = await fields.changeFieldType({ repositoryId, fieldId: date.id, request: new ChangeFieldTypeRequest({ newFieldType: FieldType.DateTime }) });
    assert.equal(widened.fieldType, FieldType.DateTime);
    assert.deepEqual(await valuesOf(folder.id, date.name), ['2026-01-15T00:00:00']);

    const refused = await expectApiError(fields.changeFieldType({ repositoryId, fieldId: date.id, request: new ChangeFieldTypeRequest({ newFieldType: FieldType.Number }) }), 400);
    assert.match(refused.problemDetails.detail, /allowDataLoss=true/);
    await fields.changeFieldType({ repositoryId, fieldId: date.id, request: new ChangeFieldTypeRequest({ newFieldType: FieldType.Number, allowDataLoss: true }) });
    assert.deepEqual(await valuesOf(folder.id, date.name), []);
    await fields.deleteFieldDefinition({ repositoryId, fieldId: date.id });
  });
});

describe('Template definition administration', () => {
  test('a template is created with fields, changed, moved around, and deleted once no entry has it', async () => {
    const created = await templates.createTemplate({ repositoryId, request: new CreateTemplateRequest({
      name: uniqueName('template'), color: new LFColor({ a: 255, r: 10, g: 20, b: 30 }),
      fields: [new TemplateFieldAssignment({ fieldName: 'Text', isRequired: true }), new TemplateFieldAssignment({ fieldName: 'Comment' })] }) });
    assert.equal(created.fieldCount, 2);
    assert.equal(created.color.g, 20);
    const templateId = created.id;

    await templates.addTemplateField({ repositoryId, templateId, request: new AddTemplateFieldRequest({ fieldName: 'Amount', position: 1 }) });
    await templates.moveTemplateField({ repositoryId, templateId, request: new MoveTemplateFieldRequest({ fieldName: 'Amount', newPosition: 3 }) });
    await templates.removeTemplateField({ repositoryId, templateId, fieldName: 'Comment' });
    await templates.updateTemplateFieldProperties({ repositoryId, templateId, fieldName: 'Amount', request: new UpdateTemplateFieldPropertiesRequest({ localDescription: 'Total' }) });
    const { value } = await templates.listTemplateFieldDefinitionsByTemplateId({ repositoryId, templateId });
    assert.deepEqual(value.map((f) => f.name), ['Text', 'Amount']);
    assert.equal(value[0].isRequired, true);
    assert.equal(value[1].localDescription, 'Total');
    await expectApiError(templates.moveTemplateField({ repositoryId, templateId, request: new MoveTemplateFieldRequest({ fieldName: 'Text', newPosition: 3 }) }), 400);

    const renamed = uniqueName('renamed');
    const updated = await templates.updateTemplate({ repositoryId, templateId, request: new UpdateTemplateRequest({ name: renamed, clearColor: true }) });
    assert.equal(updated.name, renamed);
    assert.equal(updated.color, undefined);
    await templates.updateTemplateProperties({ repositoryId, templateId, request: new UpdateTemplatePropertiesRequest({ set: { k: 'v' } }) });
    assert.deepEqual((await templates.getTemplateProperties({ repositoryId, templateId })).properties, { k: 'v' });

    const folder = await createTestFolder(client, 'tmpl');
    const entry = await client.entriesClient.setTemplate({ repositoryId, entryId: folder.id, request: new SetTemplateRequest({
      templateName: renamed, fields: [new FieldToUpdate({ name: 'Text', values: ['t'] })] }) });
    assert.equal(entry.templateName, renamed);
    assert.equal((await templates.getTemplateAssignedEntryCount({ repositoryId, templateId })).count, 1);
    const inUse = await expectApiError(templates.deleteTemplate({ repositoryId, templateId }), 409);
    assertFullProblemDetails(inUse.problemDetails, 409);

    await client.entriesClient.removeTemplate({ repositoryId, entryId: folder.id });
    await templates.deleteTemplate({ repositoryId, templateId });
    await expectApiError(templates.getTemplateDefinition({ repositoryId, templateId }), 404);
    assert.deepEqual(await valuesOf(folder.id, 'Text'), ['t']);
  });

  test('a duplicate template name is 409', async () => {
    await expectApiError(templates.createTemplate({ repositoryId, request: new CreateTemplateRequest({ name: 'general' }) }), 409);
  });
});
