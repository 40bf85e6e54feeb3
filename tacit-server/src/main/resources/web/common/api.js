// How Tacit's pages ask this server: JSON both ways, no cookies, no cache, and the Authorization
// header when one is given. Answers { status, body }, body being null when the answer is not JSON;
// rejects only when the server cannot be reached.
'use strict';

async function tacitApi(method, path, body, authorization) {
  const headers = { Accept: 'application/json' };
  if (authorization) headers.Authorization = authorization;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    credentials: 'omit',
  });
  let json = null;
  try {
    json = await r.json();
  } catch (e) {
    json = null;
  }
  return { status: r.status, body: json };
}
