// Tacit operator controls on the dashboard: raise a privacy budget, pause or resume the rounds,
// close an analytics query. Each sends the operator's reason, which the server writes to the audit
// log with the change. Uses the admin token the dashboard keeps in this tab's sessionStorage.
'use strict';

(function () {
  const TOKEN_KEY = 'tacit.adminToken';
  const REFRESH_MS = 3000;
  const $ = (id) => document.getElementById(id);
  const state = { paused: null, busy: false };

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  function visible() {
    return token() && !$('dashboard').hidden;
  }

  // Each form answers right below its own button.
  function say(id, text, isError) {
    const s = $(id);
    s.textContent = text;
    s.classList.toggle('error', !!isError);
  }

  function num(v) {
    return String(Number(Number(v).toPrecision(6)));
  }

  function call(method, path, body) {
    return tacitApi(method, path, body, 'Bearer ' + token());
  }

  function renderState(s) {
    state.paused = s.paused;
    const line = $('op-rounds-state');
    if (s.paused) {
      line.textContent =
        'Rounds are paused (since ' + new Date(s.paused.pausedAt).toLocaleString() + ', audit entry #' +
        s.paused.auditSeq + '): ' + s.paused.reason;
      line.classList.add('warn');
      $('op-pause').textContent = 'Resume rounds';
      $('op-pause-title').textContent = 'Resume the rounds';
    } else {
      line.textContent = 'Rounds are running.';
      line.classList.remove('warn');
      $('op-pause').textContent = 'Pause rounds';
      $('op-pause-title').textContent = 'Pause the rounds';
    }
    const bp = $('op-budget-pause');
    bp.hidden = !s.budgetPause;
    bp.textContent = s.budgetPause ? 'No round starts: ' + s.budgetPause : '';
    const body = document.createElement('tbody');
    for (const r of s.raises) {
      const tr = document.createElement('tr');
      for (const [text, cls] of [
        [new Date(r.raisedAt).toLocaleString(), 'text'],
        [r.purpose, 'text'],
        [num(r.epsilonBefore), ''],
        [num(r.epsilonAfter), ''],
        [r.reason, 'wrap'],
        ['#' + r.auditSeq, ''],
      ]) {
        const td = document.createElement('td');
        td.textContent = text;
        if (cls) td.className = cls;
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
    if (!s.raises.length) {
      const tr = document.createElement('tr');
      const td = document.createElement('td');
      td.colSpan = 6;
      td.className = 'text';
      td.textContent = 'No raise yet: the configured budgets are in force.';
      tr.appendChild(td);
      body.appendChild(tr);
    }
    $('op-raises').querySelector('tbody').replaceWith(body);
    const eps = $('op-budget-epsilon');
    const current = s.budgets.find((b) => b.purpose === $('op-budget-purpose').value);
    if (current) {
      eps.placeholder = 'now ' + num(current.epsilon) + ' (' + num(current.spent) + ' spent)';
    }
  }

  function renderQueries(queries) {
    const select = $('op-close-query');
    const chosen = select.value;
    const open = queries.filter((q) => q.status === 'open');
    select.replaceChildren(
      ...open.map((q) => {
        const o = document.createElement('option');
        o.value = q.id;
        o.textContent = q.title + ' (' + q.reports + ' reports)';
        return o;
      }),
    );
    if (open.some((q) => q.id === chosen)) select.value = chosen;
    select.disabled = open.length === 0;
    $('op-close').disabled = open.length === 0;
    if (open.length === 0) {
      const o = document.createElement('option');
      o.textContent = 'no open query';
      select.appendChild(o);
    }
  }

  async function refresh() {
    if (!visible() || state.busy) return;
    try {
      const s = await call('GET', '/v1/admin/operator');
      if (s.status === 200 && s.body) renderState(s.body);
      const q = await call('GET', '/v1/admin/analytics/queries');
      if (q.status === 200 && q.body) renderQueries(q.body.queries);
    } catch (e) {
      // the dashboard says when the server cannot be reached
    }
  }

  async function act(message, method, path, body, done) {
    state.busy = true;
    try {
      const r = await call(method, path, body);
      if (r.status >= 200 && r.status < 300) {
        say(message, done(r.body), false);
        return true;
      }
      say(message, 'Refused: ' + ((r.body && r.body.message) || 'status ' + r.status), true);
      return false;
    } catch (e) {
      say(message, 'The server cannot be reached.', true);
      return false;
    } finally {
      state.busy = false;
      await refresh();
    }
  }

  function reasonOf(id) {
    return $(id).value.trim();
  }

  $('op-pause-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const resume = !!state.paused;
    const ok = await act('op-pause-message', 'POST', '/v1/admin/operator/' + (resume ? 'resume' : 'pause'),
      { reason: reasonOf('op-pause-reason') },
      (b) => (resume
        ? 'Rounds resumed (audit entry #' + b.auditSeq + ').'
        : 'Rounds paused (audit entry #' + b.paused.auditSeq + ').'));
    if (ok) $('op-pause-reason').value = '';
  });

  $('op-budget-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const purpose = $('op-budget-purpose').value;
    const ok = await act('op-budget-message', 'POST', '/v1/admin/operator/budgets/' + encodeURIComponent(purpose),
      { epsilon: Number($('op-budget-epsilon').value), reason: reasonOf('op-budget-reason') },
      (b) => 'The ' + b.purpose + ' budget is now ε = ' + num(b.epsilonAfter) + ' (was ' +
        num(b.epsilonBefore) + '; audit entry #' + b.auditSeq + ').');
    if (ok) {
      $('op-budget-epsilon').value = '';
      $('op-budget-reason').value = '';
    }
  });

  $('op-budget-purpose').addEventListener('change', refresh);

  $('op-close-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const id = $('op-close-query').value;
    const ok = await act('op-close-message', 'POST', '/v1/admin/analytics/queries/' + encodeURIComponent(id) + '/close',
      { reason: reasonOf('op-close-reason') },
      (b) => 'Query "' + b.title + '" closed after ' + b.reports + ' reports.');
    if (ok) $('op-close-reason').value = '';
  });

  setInterval(() => {
    if (!document.hidden) refresh();
  }, REFRESH_MS);
  // The dashboard shows itself after signing in: refresh as soon as it does.
  new MutationObserver(refresh).observe($('dashboard'), { attributes: true, attributeFilter: ['hidden'] });
  refresh();
})();
