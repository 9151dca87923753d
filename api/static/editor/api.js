// Talks to the content API. Keeps the token in sessionStorage only (gone when the tab closes).
const TOKEN_KEY = 'sds-editor-token';

export class ApiError extends Error {
  constructor(status, body, etag) {
    const error = (body && body.error) || {};
    super(error.message || plainStatus(status));
    this.status = status;
    this.code = error.code || 'http-error';
    this.detail = error.detail;
    this.etag = etag;
  }
}

function plainStatus(status) {
  if (status === 0) return 'The editor cannot reach the server. Check your internet connection and try again.';
  if (status >= 500) return 'Something went wrong on the server. Please try again in a minute.';
  return 'Something went wrong. Please try again.';
}

export function getToken() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

// One JSON request. Returns {body, etag}; throws ApiError with the API's plain message.
export async function request(method, path, { body, ifMatch, token = getToken(), auth = true } = {}) {
  const headers = { Accept: 'application/json' };
  if (auth && token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (ifMatch) headers['If-Match'] = ifMatch;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, null, null);
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  const etag = response.headers.get('ETag');
  if (!response.ok) throw new ApiError(response.status, data, etag);
  return { body: data, etag };
}

const enc = encodeURIComponent;

// Reading and editing one kind of content: 'answers', 'organisations' or 'glossary'.
export function itemApi(kind) {
  const base = `/v1/content/${kind}`;
  return {
    list: ({ topic, status, q } = {}) => {
      const params = new URLSearchParams();
      if (topic) params.set('topic', topic);
      if (status) params.set('status', status);
      if (q) params.set('q', q);
      const query = params.toString();
      return request('GET', `${base}${query ? `?${query}` : ''}`);
    },
    get: (id) => request('GET', `${base}/${enc(id)}`),
    save: (id, item, etag) => request('PUT', `${base}/${enc(id)}`, { body: item, ifMatch: etag }),
    publish: (id, etag) => request('POST', `${base}/${enc(id)}/publish`, { ifMatch: etag }),
    unpublish: (id, etag) => request('POST', `${base}/${enc(id)}/unpublish`, { ifMatch: etag }),
    remove: (id, etag) => request('DELETE', `${base}/${enc(id)}`, { ifMatch: etag }),
    revisions: (id) => request('GET', `${base}/${enc(id)}/revisions`),
    restore: (id, revision, etag) => request('POST', `${base}/${enc(id)}/revisions/${revision}/restore`, { ifMatch: etag }),
  };
}

export const api = {
  ...itemApi('answers'),
  me: (token) => request('GET', '/v1/content/me', { token }),
  organisations: () => request('GET', '/v1/content/organisations'),
  check: (text, { firstLayer }) =>
    request('POST', '/v1/content/check', { body: { text, first_layer: firstLayer, how_to: false } }),
  chat: (conversationId, text) =>
    request('POST', '/v1/chat', { body: { conversation_id: conversationId, text }, auth: false }),
};
