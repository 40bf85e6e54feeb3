// Tacit privacy center for one device. The device id and token come from the form or from the URL
// fragment (#device=...&token=..., never the query string, so they reach no server log); the
// fragment is cleared at once and both are kept in this page's memory only.
'use strict';

(function () {
  const PURPOSES = ['personalization', 'training', 'analytics', 'evaluation'];
  const $ = (id) => document.getElementById(id);
  const device = { id: null, token: null, view: null, notice: null };

  function say(text, isError) {
    const r = $('result');
    r.textContent = text;
    r.classList.toggle('error', !!isError);
  }

  // Each cell names its column, for the narrow layout where rows become cards.
  function labelCells(table) {
    const names = Array.from(table.querySelectorAll('thead th')).map((th) => th.textContent.trim());
    for (const tr of table.querySelectorAll('tbody tr')) {
      Array.from(tr.children).forEach((td, i) => { td.dataset.label = names[i] || ''; });
    }
  }

  // Says what an action did next to its buttons, where the eye (and the screen reader) is.
  function sayNear(id, text, isError) {
    const r = $(id);
    r.textContent = text;
    r.classList.toggle('error', !!isError);
  }

  function sentence(text) {
    const t = String(text).trim();
    const s = t.charAt(0).toUpperCase() + t.slice(1);
    return /[.!?]$/.test(s) ? s : s + '.';
  }

  function when(iso) {
    return iso ? new Date(iso).toLocaleString() : '-';
  }

  function call(method, path, body) {
    return tacitApi(method, path, body, device.token ? 'Bearer ' + device.token : null);
  }

  function problem(r) {
    return (r.body && r.body.message) || 'the server answered ' + r.status;
  }

  async function load() {
    const [d, n] = await Promise.all([
      call('GET', '/v1/devices/' + encodeURIComponent(device.id)),
      call('GET', '/v1/privacy/notice'),
    ]);
    if (d.status !== 200) {
      throw new Error(d.status === 404
        ? 'This server holds no device ' + device.id + ' (it may have been deleted).'
        : d.status === 401 ? 'The token is not the token of this device.' : problem(d));
    }
    if (n.status !== 200) throw new Error('The privacy notice could not be loaded: ' + problem(n));
    device.view = d.body;
    device.notice = n.body;
    render();
  }

  function current(purpose) {
    let latest = null;
    for (const e of device.view.consentEvents) if (e.purpose === purpose) latest = e;
    return latest;
  }

  function render() {
    const v = device.view;
    $('held-id').textContent = v.deviceId;
    $('held-registered').textContent = when(v.registeredAt);
    $('held-token').textContent =
      'only its SHA-256 hash (' + v.tokenHash.slice(0, 12) + '…), never the token itself';
    $('held-audit-ref').textContent =
      v.auditReference + ' (a random reference of your device; the audit log names no device, and its link to your entries is erased with your data)';
    $('held-consents').textContent = v.consentEvents.length;
    $('held-note').textContent = v.note;
    const own = v.epsilonAgainstServer;
    $('held-epsilon').textContent = Number(own.epsilon).toFixed(4) + ' at δ ' + own.delta +
      ', from ' + own.releases.length + ' round' + (own.releases.length === 1 ? '' : 's') +
      ' your update was counted in' +
      (own.epsilonBudget === null ? ' (no per-device limit)'
        : '; your device takes part in no round that would take it past ' +
          Number(own.epsilonBudget).toFixed(2));
    $('held-epsilon-note').textContent = own.note;
    const body = document.createElement('tbody');
    for (const a of v.auditEntries) {
      const tr = document.createElement('tr');
      for (const [text, cls] of [[a.seq, ''], [when(a.time), 'text'], [a.action, 'text'], [a.detail || '-', 'text']]) {
        const td = document.createElement('td');
        td.textContent = text;
        if (cls) td.className = cls;
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
    $('audit-table').querySelector('tbody').replaceWith(body);
    labelCells($('audit-table'));
    renderPurposes();
    renderNotice();
  }

  function renderPurposes() {
    const box = $('purposes');
    box.replaceChildren();
    const described = new Map(device.notice.purposes.map((p) => [p.purpose, p]));
    for (const purpose of PURPOSES) {
      const info = described.get(purpose);
      const latest = current(purpose);
      const on = !!(latest && latest.granted);
      const div = document.createElement('div');
      div.className = 'purpose';
      div.id = 'purpose-' + purpose;
      const h = document.createElement('h3');
      h.id = 'purpose-title-' + purpose;
      h.textContent = purpose.charAt(0).toUpperCase() + purpose.slice(1);
      const desc = document.createElement('p');
      desc.id = 'purpose-desc-' + purpose;
      desc.textContent = info
        ? sentence(info.description) + ' What leaves your device: ' + sentence(info.whatLeavesTheDevice)
        : '';
      // The state in words (and a badge), the action on the button: never a button that only
      // says "On" or "Off", which reads as an action.
      const stateText = document.createElement('p');
      stateText.className = 'consent-state';
      stateText.id = 'state-' + purpose;
      const badge = document.createElement('strong');
      badge.className = 'badge ' + (on ? 'is-on' : 'is-off');
      badge.textContent = on ? 'Shared' : 'Not shared';
      stateText.append(badge, ' ' + (latest
        ? (on ? 'You turned this on on ' : 'You turned this off on ') + when(latest.decidedAt) +
          ' (notice version ' + latest.policyVersion + ').'
        : 'You never turned this on.'));
      const sw = document.createElement('button');
      sw.type = 'button';
      sw.id = 'switch-' + purpose;
      sw.className = on ? 'secondary' : '';
      sw.setAttribute('aria-describedby', stateText.id + ' ' + desc.id);
      sw.dataset.shared = String(on);
      sw.textContent = (on ? 'Stop sharing for ' : 'Allow ') + purpose;
      sw.addEventListener('click', () => toggle(purpose, !on, sw));
      div.append(h, stateText, desc, sw);
      box.appendChild(div);
    }
  }

  function renderNotice() {
    const n = device.notice;
    $('notice-version').textContent =
      'Notice version ' + n.policyVersion + ', generated ' + when(n.generatedAt) +
      '. ε measures the most that anyone could learn about you: which ε depends on who looks.';
    const t = n.purposes.find((p) => p.purpose === 'training');
    $('notice-epsilons').textContent = !t || t.epsilonSpentIsAgainst === null ? '' :
      'Training ε in the table is against ' + t.epsilonSpentIsAgainst + '. Against ' +
      t.deviceEpsilonIsAgainst + ': at most ' +
      (t.deviceEpsilonBudget === null ? 'no limit' : Number(t.deviceEpsilonBudget).toFixed(2)) +
      ' per device; so far ' + Number(t.deviceEpsilonMax).toFixed(4) + ' at most and ' +
      Number(t.deviceEpsilonMedian).toFixed(4) + ' the median over the devices that took part' +
      ' (yours is above).';
    const body = document.createElement('tbody');
    for (const p of n.purposes) {
      const tr = document.createElement('tr');
      tr.id = 'notice-' + p.purpose;
      const cells = [
        [p.purpose, ''],
        [p.whatLeavesTheDevice, 'text'],
        [p.epsilonBudget === null ? 'not needed' : Number(p.epsilonBudget).toFixed(2), ''],
        [p.epsilonSpent === null ? '-' : Number(p.epsilonSpent).toFixed(4), 'eps-spent'],
        [p.delta === null ? '-' : String(p.delta), ''],
        [p.trustAssumption === null || p.trustAssumption === undefined ? '-' : p.trustAssumption,
          'text trust'],
      ];
      for (const [text, cls] of cells) {
        const td = document.createElement('td');
        td.textContent = text;
        if (cls) td.className = cls;
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
    $('notice-table').querySelector('tbody').replaceWith(body);
    labelCells($('notice-table'));
    for (const [id, items] of [['notice-retention', n.retention], ['notice-rights', n.rights]]) {
      const ul = $(id);
      ul.replaceChildren();
      for (const item of items) {
        const li = document.createElement('li');
        li.textContent = item;
        ul.appendChild(li);
      }
    }
  }

  async function toggle(purpose, granted, button) {
    button.disabled = true;
    try {
      const r = await call('POST', '/v1/devices/' + encodeURIComponent(device.id) + '/consent', {
        deviceId: device.id,
        purpose,
        granted,
        policyVersion: device.notice.policyVersion,
        time: new Date().toISOString(),
      });
      if (r.status !== 201) throw new Error(problem(r));
      await load();
      sayNear('purposes-status', (granted ? 'Now sharing for ' : 'Stopped sharing for ') +
        purpose + '; the server recorded it at ' + when(r.body.recordedAt) + '.');
      const again = $('switch-' + purpose);
      if (again) again.focus();
    } catch (e) {
      sayNear('purposes-status', 'Could not change ' + purpose + ': ' + e.message, true);
      button.disabled = false;
    }
  }

  async function exportData() {
    try {
      const r = await call('GET', '/v1/devices/' + encodeURIComponent(device.id));
      if (r.status !== 200) throw new Error(problem(r));
      const blob = new Blob([JSON.stringify(r.body, null, 2) + '\n'], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = 'tacit-' + device.id + '.json';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      sayNear('actions-status', 'Downloaded tacit-' + device.id + '.json: ' +
        r.body.consentEvents.length + ' consent decisions and ' + r.body.auditEntries.length +
        ' audit entries.');
    } catch (e) {
      sayNear('actions-status', 'Could not download your data: ' + e.message, true);
    }
  }

  async function deleteData() {
    try {
      const r = await call('DELETE', '/v1/devices/' + encodeURIComponent(device.id));
      if (r.status !== 200) throw new Error(problem(r));
      const id = device.id;
      forget();
      say('Deleted: the server erased device ' + id + ' (requested ' + when(r.body.requestedAt) +
        ', completed ' + when(r.body.completedAt) + ').');
    } catch (e) {
      say('Could not delete: ' + e.message, true);
    }
  }

  function forget() {
    device.id = null;
    device.token = null;
    device.view = null;
    $('center').hidden = true;
    $('open').hidden = false;
    $('device-id').value = '';
    $('device-token').value = '';
  }

  async function open(id, token) {
    device.id = id;
    device.token = token;
    say('Loading…');
    try {
      await load();
      $('open').hidden = true;
      $('center').hidden = false;
      $('device-token').value = '';
      say('Showing what the server holds about device ' + id + '.');
      $('held-title').focus();
    } catch (e) {
      device.id = null;
      device.token = null;
      say(e.message, true);
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('held-title').tabIndex = -1;
    $('open-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const id = $('device-id').value.trim();
      const token = $('device-token').value.trim();
      if (!/^d-[0-9a-f]{32}$/.test(id)) {
        say('A device id looks like d- followed by 32 hexadecimal characters.', true);
        return;
      }
      if (!token) {
        say('Enter the device token.', true);
        return;
      }
      open(id, token);
    });
    $('export').addEventListener('click', exportData);
    const dialog = $('confirm-delete');
    $('delete').addEventListener('click', () => dialog.showModal());
    dialog.addEventListener('close', () => {
      if (dialog.returnValue === 'delete') {
        deleteData();
      } else {
        say('Nothing was deleted.');
        $('delete').focus();
      }
      dialog.returnValue = '';
    });
    $('close').addEventListener('click', () => {
      forget();
      say('Closed; the token was forgotten.');
    });
    if (location.hash.length > 1) {
      const params = new URLSearchParams(location.hash.slice(1));
      history.replaceState(null, '', location.pathname + location.search);
      const id = params.get('device');
      const token = params.get('token');
      if (id && token) {
        $('device-id').value = id;
        open(id, token);
      }
    }
  });
})();
