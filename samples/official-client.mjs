// node --import ../tests/conformance/hook.mjs official-client.mjs   (with the client installed beside it)
import { RepositoryApiClient, CreateEntryRequest, CreateEntryRequestEntryType } from '@laserfiche/lf-repository-api-client-v2';

const base = process.env.LFREPO_BASE ?? 'http://127.0.0.1:5000/LFRepositoryAPI';
const repositoryId = 'r-emulator';
const client = RepositoryApiClient.createFromUsernamePassword(repositoryId, 'admin', 'admin', base);

const root = await client.entriesClient.getEntry({ repositoryId, entryId: 1 });
console.log('root:', root.fullPath, root.entryType);

const folder = await client.entriesClient.createEntry({
  repositoryId,
  entryId: 1,
  request: new CreateEntryRequest({ name: 'Sample', entryType: CreateEntryRequestEntryType.Folder, autoRename: true }),
});
console.log('created:', folder.fullPath);

const children = await client.entriesClient.listEntries({ repositoryId, entryId: 1, orderby: 'name desc', top: 5 });
console.log('first children:', children.value.map((e) => e.name));
