// The security operations of the 2026 v2 spec through the official client, and rights as user1 sees them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AccessControlEntry,
  AccessControlType,
  EntryAccessScope,
  EntryRight,
  FieldAccessControlEntry,
  FieldRight,
  LinkToUpdate,
  SetAccessControlRequest,
  SetLinksRequest,
  UpdateFieldDefinitionRequest,
  SetFieldAccessControlRequest,
  SetTemplateAccessControlRequest,
  TemplateAccessControlEntry,
  TemplateRight,
  TrusteeIdentity,
} from '@laserfiche/lf-repository-api-client-v2';
import { REPOSITORY_ID, ROOT_ID, createClient, createFolder, expectApiError, listAllChildren } from './helpers.mjs';

const admin = createClient();
const user1 = createClient({ username: 'user1', password: 'user1' });
const repositoryId = REPOSITORY_ID;

const allow = (accountName, rights, scope = EntryAccessScope.All) =>
  new AccessControlEntry({ trustee: new TrusteeIdentity({ accountName }), accessControlType: AccessControlType.Allow, rights, scope });

describe('Security', () => {
  test('lookupTrustees resolves user1 and the Users group to SIDs', async () => {
    const users = await admin.accessControlClient.lookupTrustees({ repositoryId, search: 'user', type: 'User' });
    const user = users.find((t) => t.accountName === 'user1');
    assert.ok(user, 'user1 is found');
    assert.match(user.sid, /^S-1-/);
    assert.equal(user.isUser, true);
    const groups = await admin.accessControlClient.lookupTrustees({ repositoryId, type: 'Group' });
    assert.ok(groups.some((g) => g.accountName === 'Users' && g.isUser === false));
  });

  test('getTrusteeSecurity and getSessionRights report privileges by name', async () => {
    const [user] = await admin.accessControlClient.lookupTrustees({ repositoryId, search: 'user1' });
    const security = await admin.accessControlClient.getTrusteeSecurity({ repositoryId, trusteeId: user.sid });
    assert.equal(security.privileges.ManageTrustees, false);
    assert.equal(security.isReadOnly, false);
    const session = await admin.accessControlClient.getSessionRights({ repositoryId });
    assert.equal(session.privileges.ManageTrustees, true);
    await expectApiError(admin.accessControlClient.getTrusteeSecurity({ repositoryId, trusteeId: 'S-1-5-21-0-0-0-0' }), 404);
  });

  test('getEntryAccessControl shows the root ACE inherited; setEntryAccessControl replaces and hides', async () => {
    const folder = await createFolder(admin);
    const inherited = await admin.accessControlClient.getEntryAccessControl({ repositoryId, entryId: folder.id });
    assert.equal(inherited.inheritParents, true);
    assert.ok(inherited.entries.some((e) => e.isInherited && e.trustee.accountName === 'Users'));

    const set = await admin.accessControlClient.setEntryAccessControl({
      repositoryId,
      entryId: folder.id,
      request: new SetAccessControlRequest({ entries: [allow('admin', [EntryRight.Browse])], inheritParents: false }),
    });
    assert.equal(set.inheritParents, false);
    assert.deepEqual(set.entries.map((e) => e.trustee.accountName), ['admin']);

    await expectApiError(user1.entriesClient.getEntry({ repositoryId, entryId: folder.id }), 404);
    const children = await listAllChildren(user1, ROOT_ID);
    assert.ok(!children.some((c) => c.id === folder.id), 'the hidden folder is not listed for user1');
  });

  test('setEntryAccessControl refuses an ACE marked isInherited with 400, and user1 lacks ChangePermissions', async () => {
    const folder = await createFolder(admin);
    const inheritedAce = allow('user1', [EntryRight.Browse]);
    inheritedAce.isInherited = true;
    await expectApiError(
      admin.accessControlClient.setEntryAccessControl({ repositoryId, entryId: folder.id, request: new SetAccessControlRequest({ entries: [inheritedAce] }) }),
      400,
    );
    await expectApiError(
      user1.accessControlClient.setEntryAccessControl({ repositoryId, entryId: folder.id, request: new SetAccessControlRequest({ entries: [] }) }),
      403,
    );
  });

  test('getEntryRights gives user1 every right but ChangePermissions, TakeOwnership and SeeThroughRedactions', async () => {
    const rights = await user1.accessControlClient.getEntryRights({ repositoryId, entryId: ROOT_ID });
    assert.ok(rights.rights.includes(EntryRight.Delete));
    for (const missing of [EntryRight.ChangePermissions, EntryRight.TakeOwnership, EntryRight.SeeThroughRedactions]) {
      assert.ok(!rights.rights.includes(missing), `user1 lacks ${missing}`);
    }
    const asAdmin = await admin.accessControlClient.getEntryRights({ repositoryId, entryId: ROOT_ID, trusteeName: 'user1' });
    assert.deepEqual(asAdmin.rights, rights.rights);
  });

  test('field access control: set, get, rights, and the default ACL', async () => {
    const fields = await admin.fieldDefinitionsClient.listFieldDefinitions({ repositoryId });
    const field = fields.value.find((f) => f.name === 'Comment');
    const request = new SetFieldAccessControlRequest({
      entries: [new FieldAccessControlEntry({
        trustee: new TrusteeIdentity({ accountName: 'Everyone' }), accessControlType: AccessControlType.Allow,
        rights: [FieldRight.ReadValue, FieldRight.SetValue, FieldRight.ReadPermissions],
      })],
    });
    const set = await admin.accessControlClient.setFieldAccessControl({ repositoryId, fieldId: field.id, request });
    assert.deepEqual(set.entries[0].rights, [FieldRight.ReadValue, FieldRight.SetValue, FieldRight.ReadPermissions]);
    const read = await user1.accessControlClient.getFieldAccessControl({ repositoryId, fieldId: field.id });
    assert.equal(read.entries[0].trustee.sid, 'S-1-1-0');
    const rights = await user1.accessControlClient.getFieldRights({ repositoryId, fieldId: field.id });
    assert.deepEqual(rights.rights, [FieldRight.ReadValue, FieldRight.SetValue, FieldRight.ReadPermissions]);
    const defaults = await admin.accessControlClient.setDefaultFieldAccessControl({ repositoryId, request: new SetFieldAccessControlRequest({ entries: [] }) });
    assert.deepEqual(defaults.entries, []);
    const again = await admin.accessControlClient.getDefaultFieldAccessControl({ repositoryId });
    assert.deepEqual(again.entries, []);
  });

  test('template access control: set, get, rights, and the default ACL', async () => {
    const templates = await admin.templateDefinitionsClient.listTemplateDefinitions({ repositoryId });
    const template = templates.value.find((t) => t.name === 'Address');
    const entry = new TemplateAccessControlEntry({
      trustee: new TrusteeIdentity({ accountName: 'Users' }), accessControlType: AccessControlType.Allow,
      rights: [TemplateRight.ReadDefinition],
    });
    const set = await admin.accessControlClient.setTemplateAccessControl({
      repositoryId, templateId: template.id, request: new SetTemplateAccessControlRequest({ entries: [entry] }),
    });
    assert.equal(set.entries[0].trustee.accountName, 'Users');
    const read = await admin.accessControlClient.getTemplateAccessControl({ repositoryId, templateId: template.id });
    assert.deepEqual(read.entries.map((e) => e.rights), [[TemplateRight.ReadDefinition]]);
    const rights = await user1.accessControlClient.getTemplateRights({ repositoryId, templateId: template.id });
    assert.deepEqual(rights.rights, [TemplateRight.ReadDefinition]);
    const defaults = await admin.accessControlClient.setDefaultTemplateAccessControl({
      repositoryId, request: new SetTemplateAccessControlRequest({ entries: [entry] }),
    });
    assert.equal(defaults.entries.length, 1);
    const again = await admin.accessControlClient.getDefaultTemplateAccessControl({ repositoryId });
    assert.equal(again.entries[0].trustee.accountName, 'Users');
  });

  test('as user1: a link to a hidden entry is not listed and cannot be set (404); a definition without rights refuses a change (403)', async () => {
    const open = await createFolder(admin);
    const hidden = await createFolder(admin);
    await admin.accessControlClient.setEntryAccessControl({
      repositoryId, entryId: hidden.id, request: new SetAccessControlRequest({ entries: [], inheritParents: false }),
    });
    await admin.entriesClient.setLinks({
      repositoryId, entryId: open.id, request: new SetLinksRequest({ links: [new LinkToUpdate({ linkDefinitionId: 1, otherEntryId: hidden.id })] }),
    });
    const asAdmin = await admin.entriesClient.listLinks({ repositoryId, entryId: open.id });
    assert.deepEqual(asAdmin.value.map((l) => l.targetId), [hidden.id]);
    const asUser1 = await user1.entriesClient.listLinks({ repositoryId, entryId: open.id });
    assert.deepEqual(asUser1.value, []);
    await expectApiError(
      user1.entriesClient.setLinks({
        repositoryId, entryId: open.id, request: new SetLinksRequest({ links: [new LinkToUpdate({ linkDefinitionId: 1, otherEntryId: hidden.id })] }),
      }),
      404,
    );

    const fields = await admin.fieldDefinitionsClient.listFieldDefinitions({ repositoryId });
    const field = fields.value.find((f) => f.name === 'Text');
    const problem = await expectApiError(
      user1.fieldDefinitionsClient.updateFieldDefinition({ repositoryId, fieldId: field.id, request: new UpdateFieldDefinitionRequest({ description: 'by user1' }) }),
      403,
    );
    assert.match(problem.problemDetails.detail, /lacks the ModifyDefinition right on field/);
  });
});
