// The public Laserfiche Repository API, as any client calls it: a token from the Token endpoint, then bearer calls.
const BASE = '/LFRepositoryAPI';
const KEY = 'lfrepo.session';

export class ApiError extends Error {
  constructor(status, problem, fallback) {
    super(problem?.detail || problem?.title || fallback || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** Raised when the token is missing, expired or no longer accepted: the page asks to sign in again. */
export class SessionExpired extends Error {}

export const session = {
  get() {
    try { return JSON.parse(sessionStorage.getItem(KEY)); } catch { return null; }
  },
  set(value) { sessionStorage.setItem(KEY, JSON.stringify(value)); },
  clear() { sessionStorage.removeItem(KEY); },
};

let onExpired = () => {};
export function whenExpired(handler) { onExpired = handler; }

export async function listRepositories() {
  const response = await fetch(`${BASE}/v2/Repositories`);
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  return (await response.json()).value ?? [];
}

export async function signIn(repositoryId, username, password) {
  const body = new URLSearchParams({ grant_type: 'password', username, password });
  const response = await fetch(`${BASE}/v1/Repositories/${encodeURIComponent(repositoryId)}/Token`, { method: 'POST', body });
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401 || response.status === 400) {
      throw new ApiError(response.status, problem, 'Wrong user name or password.');
    }
    throw new ApiError(response.status, problem);
  }
  const token = await response.json();
  const value = { repositoryId, username, token: token.access_token, expiresAt: Date.now() + (token.expires_in ?? 900) * 1000 };
  session.set(value);
  return value;
}

async function problemOf(response) {
  try { return await response.json(); } catch { return null; }
}

function current() {
  const s = session.get();
  if (!s?.token) throw new SessionExpired('Sign in to continue.');
  if (s.expiresAt && Date.now() >= s.expiresAt) {
    session.clear();
    onExpired('Your session expired. Sign in again.');
    throw new SessionExpired('Your session expired.');
  }
  return s;
}

/** The repository's v2 URL for a path such as "/Entries/1". */
export function repoUrl(path) {
  return `${BASE}/v2/Repositories/${encodeURIComponent(current().repositoryId)}${path}`;
}

/** A same-origin URL from an absolute one the server gave (an @odata.nextLink). */
function local(url) {
  const u = new URL(url, location.origin);
  return u.origin === location.origin ? u.pathname + u.search : url;
}

export async function request(method, url, { json, body, headers = {}, as = 'json', signal } = {}) {
  const s = current();
  const init = { method, headers: { Authorization: `Bearer ${s.token}`, ...headers }, signal };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers['Content-Type'] = 'application/json';
  } else if (body !== undefined) {
    init.body = body;
  }
  const response = await fetch(local(url), init);
  if (response.status === 401) {
    session.clear();
    onExpired('Your session expired or was signed out. Sign in again.');
    throw new SessionExpired('Not signed in.');
  }
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  if (response.status === 204 || as === 'none') return null;
  if (as === 'blob') return response.blob();
  if (as === 'text') return response.text();
  return response.json();
}

export const api = {
  get: (path, options) => request('GET', path.startsWith('http') ? path : repoUrl(path), options),
  send: (method, path, json, options = {}) => request(method, repoUrl(path), { ...options, json }),
  control: (method, path, json) => request(method, `/_emulator${path}`, { json }),
  controlUrl: (path) => `/_emulator${path}`,
};

/** ImportEntry with upload progress (fetch has none for request bodies, XMLHttpRequest does). */
export function importFile(folderId, file, onProgress) {
  const s = current();
  return new Promise((resolve, reject) => {
    const form = new FormData();
    form.append('request', new Blob([JSON.stringify({ name: file.name, autoRename: true })], { type: 'application/json' }));
    form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', repoUrl(`/Entries/${folderId}/Folder/Import`));
    xhr.setRequestHeader('Authorization', `Bearer ${s.token}`);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status === 401) { session.clear(); onExpired('Your session expired. Sign in again.'); reject(new SessionExpired()); }
      else if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new ApiError(xhr.status, body));
    };
    xhr.onerror = () => reject(new Error('The upload failed: the server could not be reached.'));
    xhr.send(form);
  });
}

/** Polls ListTasks until the task ends; onProgress sees each status. */
export async function waitForTask(taskId, onProgress, intervalMs = 250) {
  for (;;) {
    const list = await api.get(`/Tasks?taskIds=${encodeURIComponent(taskId)}`);
    const task = list.value?.find((t) => t.id === taskId) ?? list.value?.[0];
    if (task) {
      onProgress?.(task);
      if (['Completed', 'Failed', 'Cancelled'].includes(task.status)) return task;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
