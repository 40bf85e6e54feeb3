// Tacit model explorer: reads GET /v1/admin/explorer with the admin token (kept in this tab's
// sessionStorage, shared with the dashboard) and shows the most recommended items and, for a chosen
// item, its nearest items in the model.
'use strict';

(function () {
  const TOKEN_KEY = 'tacit.adminToken';
  const $ = (id) => document.getElementById(id);

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  function say(text, isError) {
    const s = $('status');
    s.textContent = text;
    s.classList.toggle('error', !!isError);
  }

  function cell(tr, content, cls) {
    const td = document.createElement('td');
    if (content instanceof Node) td.appendChild(content);
    else td.textContent = content;
    if (cls) td.className = cls;
    tr.appendChild(td);
  }

  function fill(table, rows, render) {
    const body = document.createElement('tbody');
    rows.forEach((r, i) => {
      const tr = document.createElement('tr');
      render(tr, r, i);
      body.appendChild(tr);
    });
    $(table).querySelector('tbody').replaceWith(body);
  }

  function itemButton(id) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'secondary link';
    b.textContent = id;
    b.setAttribute('aria-label', 'Show the items nearest ' + id);
    b.addEventListener('click', () => {
      $('item-id').value = id;
      load(id);
    });
    return b;
  }

  function pct(v) {
    return (100 * v).toFixed(1) + '%';
  }

  async function load(item) {
    const path = '/v1/admin/explorer' + (item ? '?item=' + encodeURIComponent(item) : '');
    let r;
    try {
      r = await tacitApi('GET', path, undefined, 'Bearer ' + token());
    } catch (e) {
      say('The server cannot be reached.', true);
      return;
    }
    const body = r.body;
    if (r.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      $('explorer').hidden = true;
      $('login').hidden = false;
      say('The admin token was refused (' + ((body && body.message) || 'unauthorized') + ').', true);
      return;
    }
    if (r.status !== 200 || !body) {
      say((body && body.message) || 'The explorer could not be loaded (status ' + r.status + ').', true);
      return;
    }
    $('login').hidden = true;
    $('explorer').hidden = false;
    render(body);
    say(item ? 'Nearest items of ' + item + ' shown below.' : 'Model version ' + body.modelVersion + ' explored.');
    if (item) $('near-title').scrollIntoView();
  }

  function render(x) {
    $('x-version').textContent = x.modelVersion;
    $('x-model').textContent = x.model;
    $('x-items').textContent = x.numItems;
    $('x-coverage').textContent = pct(x.coverage) + ' (' + x.coveredItems + ')';
    $('x-means').textContent = x.recommendedMeans + ' Nearness: ' + x.similarityMeans + '.';
    fill('top-table', x.mostRecommended, (tr, r, i) => {
      cell(tr, i + 1);
      cell(tr, itemButton(r.itemId), 'text');
      cell(tr, r.title || '-', 'text wrap');
      cell(tr, r.categories.join(', ') || '-', 'text');
      cell(tr, r.reach);
      cell(tr, pct(r.share));
    });
    if (!x.item) {
      if (!$('item-id').value && x.mostRecommended.length) $('item-id').value = x.mostRecommended[0].itemId;
      return;
    }
    $('near-summary').textContent =
      'Item ' + x.item.itemId + (x.item.title ? ', ' + x.item.title : '') + ' (' +
      (x.item.categories.join(', ') || 'no category') + ') is in ' +
      x.item.reach + ' of ' + x.numItems + ' top-10 lists. Its nearest items (' + x.similarityMeans + '):';
    $('near-caption').textContent =
      'Nearest items of ' + x.item.itemId + (x.item.title ? ' (' + x.item.title + ')' : '');
    fill('near-table', x.item.neighbours, (tr, n, i) => {
      cell(tr, i + 1);
      cell(tr, itemButton(n.itemId), 'text');
      cell(tr, n.title || '-', 'text wrap');
      cell(tr, n.categories.join(', ') || '-', 'text');
      cell(tr, n.similarity.toFixed(3));
      cell(tr, n.reach);
    });
  }

  $('login-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('admin-token').value.trim());
    $('admin-token').value = '';
    load(null);
  });

  $('item-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    load($('item-id').value.trim());
  });

  if (token()) {
    load(null);
  } else {
    $('login').hidden = false;
    $('admin-token').focus();
  }
})();
