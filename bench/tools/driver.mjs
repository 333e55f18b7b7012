// Helper for bench/run.sh: seeds folders through the HTTP API and walks @odata.nextLink chains.
// Node's standard library only; talks to loopback addresses only; every loop is bounded in count and time.
//
//   node driver.mjs seed --base URL --token T --parent ID --count N [--concurrency C] [--prefix P] [--timeout S]
//       Creates N folders named P000001… under folder ID with CreateEntry; prints one JSON line:
//       {"count":…, "minId":…, "maxId":…, "seconds":…, "failed":…}
//   node driver.mjs walk --url FIRST_PAGE_URL --token T --pagesize 150 --from-offset K [--max-pages M] [--timeout S]
//       Follows @odata.nextLink (Prefer: maxpagesize) until a page starting at row offset >= K; prints one JSON
//       line: {"url": the exact link that returned that page, "offset":…, "rows":…, "pages":…, "seconds":…}
//   node driver.mjs tree --base URL --token T --parent ID --entries N [--per-folder K] [--concurrency C]
//       Builds a folder tree of exactly N entries under folder ID (one root, then folders of K children);
//       prints {"rootId":…, "entries":…, "seconds":…}
//   node driver.mjs task --base URL --token T --method POST|DELETE --path P [--body JSON] [--timeout S]
//       Starts a long operation (StartCopyEntry, StartDeleteEntry, StartSearchEntry), long-polls ListTasks until it ends;
//       prints {"status":…, "seconds":…, "resultEntryId":…, "resultUri":…, "taskId":…, "errors":…}
//   node driver.mjs texts --base URL --token T --parent ID --count N [--concurrency C] [--name NAME] [--timeout S]
//       Creates folder NAME under folder ID and imports N small text documents into it (multipart ImportEntry, one
//       .txt page each): 200–399 words drawn from a fixed vocabulary of 3,000 generated pseudo-words (seeded PRNG, so
//       every run imports the same texts) plus one marker word unique to the document. Prints one JSON line:
//       {"count":…, "seconds":…, "failed":…, "folderId":…, "words":…, "common":…, "marker":…, "phrase":…,
//        "fuzzy":…, "fuzzyOf":…} — the words to search for: the most frequent vocabulary word (in about 60% of the
//       documents), one document's marker, the first two words of the first document, and a misspelling (one letter
//       changed) of a vocabulary word found in about a fifth of the documents.
//   node driver.mjs mixed --base URL --token T --parent ID --ids MIN-MAX [--connections 64] [--writes 0.3] [--seconds S]
//       Mixed load on CONNECTIONS keep-alive connections for S seconds: each request is, by a seeded PRNG, a
//       CreateEntry of a new folder under ID (a WRITES share) or a GetEntry of a random id in MIN–MAX. Prints
//       {"seconds":…, "requests":…, "reads":{count,p50,p99,max}, "writes":{…}, "failed":…} (latencies in ms).
import http from 'node:http';

const [command, ...rest] = process.argv.slice(2);
const args = {};
for (let i = 0; i < rest.length; i += 2) {
  if (!rest[i].startsWith('--') || rest[i + 1] === undefined) fail(`bad argument near '${rest[i]}'`);
  args[rest[i].slice(2)] = rest[i + 1];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function fail(message) {
  console.error(`driver: ${message}`);
  process.exit(1);
}

function loopbackOnly(url) {
  const u = new URL(url);
  if (u.protocol !== 'http:' || !/^127\.\d+\.\d+\.\d+$/.test(u.hostname)) fail(`refusing non-loopback URL ${url}`);
  return u;
}

function request(method, url, headers, body) {
  const u = loopbackOnly(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, method, hostname: u.hostname, port: u.port, path: u.pathname + u.search, headers, timeout: 30_000 },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

// One retry on a transport error; a 4xx/5xx answer is returned (counted by the caller), not retried.
async function postWithRetry(url, headers, body) {
  try {
    return await request('POST', url, headers, body);
  } catch {
    return request('POST', url, headers, body).catch(() => ({ status: 0, body: '' }));
  }
}

async function seed() {
  const base = args.base ?? fail('--base is required');
  const token = args.token ?? fail('--token is required');
  const parent = Number(args.parent ?? fail('--parent is required'));
  const count = Number(args.count ?? fail('--count is required'));
  const concurrency = Number(args.concurrency ?? 8);
  const prefix = args.prefix ?? 'f';
  const deadline = Date.now() + 1000 * Number(args.timeout ?? 900);
  const url = `${base}/v2/Repositories/r-emulator/Entries/${parent}/Folder/Children`;
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const width = String(count).length;

  let next = 0;
  let failed = 0;
  let minId = Infinity;
  let maxId = -Infinity;
  let created = 0;
  const started = process.hrtime.bigint();
  async function worker() {
    while (next < count && Date.now() < deadline) {
      const n = ++next;
      const body = JSON.stringify({ name: prefix + String(n).padStart(width, '0'), entryType: 'Folder' });
      const res = await postWithRetry(url, headers, body);
      if (res.status !== 201) {
        if (failed++ < 3) console.error(`driver: create ${n} answered ${res.status}: ${res.body.slice(0, 200)}`);
        continue;
      }
      const id = JSON.parse(res.body).id;
      created++;
      if (id < minId) minId = id;
      if (id > maxId) maxId = id;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(JSON.stringify({ count: created, minId, maxId, seconds: +seconds.toFixed(2), failed, timedOut: next < count }));
}

async function walk() {
  let url = args.url ?? fail('--url is required');
  const token = args.token ?? fail('--token is required');
  const pageSize = Number(args.pagesize ?? 150);
  const fromOffset = Number(args['from-offset'] ?? fail('--from-offset is required'));
  const maxPages = Number(args['max-pages'] ?? 2000);
  const deadline = Date.now() + 1000 * Number(args.timeout ?? 300);
  const headers = { Authorization: `Bearer ${token}`, Prefer: `maxpagesize=${pageSize}` };
  const started = process.hrtime.bigint();
  for (let pages = 1; pages <= maxPages && Date.now() < deadline; pages++) {
    const res = await request('GET', url, headers);
    if (res.status !== 200) fail(`GET ${url} answered ${res.status}: ${res.body.slice(0, 300)}`);
    const page = JSON.parse(res.body);
    const offset = page.value.length > 0 ? page.value[0].rowNumber - 1 : -1;
    if (offset >= fromOffset || !page['@odata.nextLink']) {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      console.log(JSON.stringify({ url, offset, rows: page.value.length, pages, seconds: +seconds.toFixed(2) }));
      return;
    }
    url = page['@odata.nextLink'];
  }
  fail(`no page at offset >= ${fromOffset} within ${maxPages} pages or the time limit`);
}

async function createFolder(base, headers, parent, name) {
  const url = `${base}/v2/Repositories/r-emulator/Entries/${parent}/Folder/Children`;
  const res = await request('POST', url, headers, JSON.stringify({ name, entryType: 'Folder' }));
  if (res.status !== 201) fail(`create '${name}' in ${parent} answered ${res.status}: ${res.body.slice(0, 200)}`);
  return JSON.parse(res.body).id;
}

async function tree() {
  const base = args.base ?? fail('--base is required');
  const token = args.token ?? fail('--token is required');
  const parent = Number(args.parent ?? fail('--parent is required'));
  const entries = Number(args.entries ?? fail('--entries is required'));
  const perFolder = Number(args['per-folder'] ?? 99);
  const concurrency = Number(args.concurrency ?? 8);
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const started = process.hrtime.bigint();
  const rootId = await createFolder(base, headers, parent, args.name ?? 'tree');
  // Below the root: folders each holding up to perFolder children, until the tree has `entries` entries.
  const jobs = [];
  let left = entries - 1;
  for (let f = 1; left > 0; f++) {
    const children = Math.min(perFolder, left - 1);
    jobs.push({ name: `d${f}`, children });
    left -= 1 + children;
  }
  let next = 0;
  async function worker() {
    while (next < jobs.length) {
      const job = jobs[next++];
      const id = await createFolder(base, headers, rootId, job.name);
      for (let c = 1; c <= job.children; c++) await createFolder(base, headers, id, `c${c}`);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(JSON.stringify({ rootId, entries, seconds: +seconds.toFixed(2) }));
}

async function task() {
  const base = args.base ?? fail('--base is required');
  const token = args.token ?? fail('--token is required');
  const deadline = Date.now() + 1000 * Number(args.timeout ?? 600);
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const started = process.hrtime.bigint();
  const res = await request(args.method ?? 'POST', base + (args.path ?? fail('--path is required')), headers, args.body);
  if (res.status !== 202) fail(`${args.method} ${args.path} answered ${res.status}: ${res.body.slice(0, 300)}`);
  const taskId = JSON.parse(res.body).taskId;
  let status = 'Unknown';
  let body = {};
  for (let polls = 0; polls < 10_000 && Date.now() < deadline; polls++) {
    const poll = await request('GET', `${base}/v2/Repositories/r-emulator/Tasks?taskIds=${encodeURIComponent(taskId)}`, headers);
    if (poll.status !== 200) fail(`ListTasks answered ${poll.status}: ${poll.body.slice(0, 300)}`);
    body = JSON.parse(poll.body).value?.[0] ?? {};
    status = body.status;
    if (['Completed', 'Failed', 'Cancelled'].includes(status)) break;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(JSON.stringify({
    status, seconds: +seconds.toFixed(3), resultEntryId: body.result?.entryId ?? null, resultUri: body.result?.uri ?? null, taskId,
    errors: body.errors ?? null,
  }));
}

// mulberry32: a small seeded PRNG, so the generated texts are the same on every run.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// 3,000 distinct pseudo-words of 2–4 consonant-vowel syllables, sometimes closed by a consonant (4–9 letters).
function vocabulary(size, random) {
  const consonants = 'bcdfghjklmnprstvz';
  const vowels = 'aeiou';
  const pick = (letters) => letters[Math.floor(random() * letters.length)];
  const words = new Set();
  for (let attempts = 0; words.size < size && attempts < size * 50; attempts++) {
    const syllables = 2 + Math.floor(random() * 3);
    let word = '';
    for (let i = 0; i < syllables; i++) word += pick(consonants) + pick(vowels);
    if (random() < 0.5) word += pick(consonants);
    words.add(word);
  }
  if (words.size < size) fail(`could only make ${words.size} distinct words`);
  return [...words];
}

async function texts() {
  const base = args.base ?? fail('--base is required');
  const token = args.token ?? fail('--token is required');
  const parent = Number(args.parent ?? fail('--parent is required'));
  const count = Number(args.count ?? fail('--count is required'));
  const concurrency = Number(args.concurrency ?? 8);
  const deadline = Date.now() + 1000 * Number(args.timeout ?? 900);
  const json = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const random = prng(20261123);
  const vocab = vocabulary(3000, random);
  // Skewed draws (the product of two uniform numbers): the first words are common, the last ones rare, as in real text.
  const draw = () => vocab[Math.floor(random() * random() * vocab.length)];
  const marker = (n) => `mrk${String(n).padStart(6, '0')}`;
  const width = String(count).length;
  const documents = [];
  for (let n = 1; n <= count; n++) {
    const words = Array.from({ length: 200 + Math.floor(random() * 200) }, draw);
    words.splice(2 + Math.floor(random() * (words.length - 2)), 0, marker(n));
    const lines = [];
    for (let i = 0; i < words.length; i += 12) lines.push(words.slice(i, i + 12).join(' '));
    documents.push({ name: `t${String(n).padStart(width, '0')}`, text: lines.join('\n') + '\n', words: words.length, first: words.slice(0, 2) });
  }
  // A word in about a fifth of the documents, misspelt by changing one middle letter (the misspelling is no word).
  const known = new Set(vocab);
  const fuzzyOf = vocab.slice(300).find((w) => w.length >= 6 && w.length <= 8);
  const middle = Math.floor(fuzzyOf.length / 2);
  const fuzzy = [...'xqwy'].map((c) => fuzzyOf.slice(0, middle) + c + fuzzyOf.slice(middle + 1)).find((w) => !known.has(w));

  const started = process.hrtime.bigint();
  const folderId = await createFolder(base, json, parent, args.name ?? 'bench-texts');
  const url = `${base}/v2/Repositories/r-emulator/Entries/${folderId}/Folder/Import`;
  let next = 0;
  let failed = 0;
  let imported = 0;
  async function worker() {
    while (next < documents.length && Date.now() < deadline) {
      const doc = documents[next++];
      const boundary = `bench-boundary-${doc.name}`;
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${doc.name}.txt"\r\n` +
          'Content-Type: text/plain\r\n\r\n'),
        Buffer.from(doc.text, 'utf8'),
        Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="request"\r\n` +
          `Content-Type: application/json\r\n\r\n${JSON.stringify({ name: doc.name })}\r\n--${boundary}--\r\n`),
      ]);
      const headers = { Authorization: `Bearer ${token}`, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': body.length };
      const res = await postWithRetry(url, headers, body);
      if (res.status !== 201) {
        if (failed++ < 3) console.error(`driver: import ${doc.name} answered ${res.status}: ${res.body.slice(0, 200)}`);
        continue;
      }
      imported++;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(JSON.stringify({
    count: imported, seconds: +seconds.toFixed(2), failed, timedOut: next < documents.length, folderId,
    words: documents.reduce((sum, d) => sum + d.words, 0),
    common: vocab[0], marker: marker(Math.ceil(count / 2)), phrase: documents[0].first.join(' '), fuzzy, fuzzyOf,
  }));
}

function percentiles(samples) {
  const sorted = Float64Array.from(samples).sort();
  const at = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0);
  const round = (v) => +v.toFixed(2);
  return { count: sorted.length, p50: round(at(50)), p99: round(at(99)), max: round(sorted.length ? sorted[sorted.length - 1] : 0) };
}

async function mixed() {
  const base = args.base ?? fail('--base is required');
  const token = args.token ?? fail('--token is required');
  const parent = Number(args.parent ?? fail('--parent is required'));
  const [idMin, idMax] = (args.ids ?? fail('--ids MIN-MAX is required')).split('-').map(Number);
  const connections = Number(args.connections ?? 64);
  const writeShare = Number(args.writes ?? 0.3);
  const seconds = Number(args.seconds ?? 10);
  const mixedAgent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const headers = { Authorization: `Bearer ${token}` };
  const writeHeaders = { ...headers, 'Content-Type': 'application/json' };
  const random = prng(27);
  const reads = [];
  const writes = [];
  let failed = 0;
  let n = 0;
  const run = Date.now().toString(36);
  const started = process.hrtime.bigint();
  const deadline = Date.now() + 1000 * seconds;
  function send(method, url, sendHeaders, body) {
    const u = loopbackOnly(url);
    return new Promise((resolve) => {
      const req = http.request(
        { agent: mixedAgent, method, hostname: u.hostname, port: u.port, path: u.pathname, headers: sendHeaders, timeout: 60_000 },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
          res.on('error', () => resolve(0));
        });
      req.on('timeout', () => req.destroy(new Error('request timed out')));
      req.on('error', () => resolve(0));
      if (body !== undefined) req.write(body);
      req.end();
    });
  }
  async function worker() {
    while (Date.now() < deadline) {
      const write = random() < writeShare;
      const t0 = process.hrtime.bigint();
      const status = write
        ? await send('POST', `${base}/v2/Repositories/r-emulator/Entries/${parent}/Folder/Children`, writeHeaders,
          JSON.stringify({ name: `m${run}-${++n}`, entryType: 'Folder' }))
        : await send('GET', `${base}/v2/Repositories/r-emulator/Entries/${idMin + Math.floor(random() * (idMax - idMin + 1))}`, headers);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (status !== (write ? 201 : 200)) failed++;
      (write ? writes : reads).push(ms);
    }
  }
  await Promise.all(Array.from({ length: connections }, worker));
  mixedAgent.destroy();
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(JSON.stringify({
    seconds: +elapsed.toFixed(2), requests: reads.length + writes.length, reads: percentiles(reads), writes: percentiles(writes), failed,
  }));
}

try {
  if (command === 'seed') await seed();
  else if (command === 'walk') await walk();
  else if (command === 'tree') await tree();
  else if (command === 'task') await task();
  else if (command === 'texts') await texts();
  else if (command === 'mixed') await mixed();
  else fail('usage: driver.mjs seed|walk|tree|task|texts|mixed --option value …');
} finally {
  agent.destroy();
}
