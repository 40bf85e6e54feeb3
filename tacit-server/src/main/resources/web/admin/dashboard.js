// Tacit operator dashboard: reads GET /v1/admin/dashboard with the admin token (kept in this tab's
// sessionStorage only), polls it every 2 s for new rounds, and draws charts with uPlot (served by
// this server from its WebJar). Every figure is also in a table.
'use strict';

(function () {
  const TOKEN_KEY = 'tacit.adminToken';
  const POLL_MS = 2000;
  const ANALYTICS_EVERY = 5; // polls
  const FINAL = new Set(['completed', 'aborted', 'rejected']);

  const $ = (id) => document.getElementById(id);
  const state = { rounds: new Map(), timer: null, polls: 0, charts: {}, last: null };

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  function say(text, isError) {
    const s = $('status');
    s.textContent = text;
    s.classList.toggle('error', !!isError);
  }

  function fmt(v, digits) {
    if (v === null || v === undefined || Number.isNaN(v)) return '-';
    return Number(v).toFixed(digits);
  }

  // A parameter as written, without padding: 0.2, not 0.200000.
  function num(v) {
    if (v === null || v === undefined || Number.isNaN(v)) return '-';
    return String(Number(Number(v).toPrecision(6)));
  }

  function cell(row, text, cls) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    row.appendChild(td);
    return td;
  }

  function fillTable(table, rows, render) {
    const body = $(table).querySelector('tbody');
    const fresh = document.createElement('tbody');
    for (const r of rows) {
      const tr = document.createElement('tr');
      render(tr, r);
      fresh.appendChild(tr);
    }
    body.replaceWith(fresh);
  }

  function api(path) {
    return tacitApi('GET', path, undefined, 'Bearer ' + token());
  }

  // The highest round such that it and every round before it are final: later polls ask only for
  // rounds after it, so rounds still running are fetched again until they end.
  function sinceRound() {
    let since = 0;
    const keys = Array.from(state.rounds.keys()).sort((a, b) => a - b);
    for (const k of keys) {
      if (k !== since + 1 || !FINAL.has(state.rounds.get(k).status)) break;
      since = k;
    }
    return since;
  }

  async function poll() {
    if (!token()) return;
    const since = state.last ? sinceRound() : null;
    const path = '/v1/admin/dashboard' + (since !== null ? '?sinceRound=' + since : '');
    let r;
    try {
      r = await api(path);
    } catch (e) {
      say('The server cannot be reached; retrying every 2 seconds.', true);
      return;
    }
    if (r.status === 401) {
      stop();
      sessionStorage.removeItem(TOKEN_KEY);
      showLogin();
      say('The admin token was refused (' + ((r.body && r.body.message) || 'unauthorized') + ').', true);
      return;
    }
    if (r.status !== 200 || !r.body) {
      say('The dashboard could not be loaded: ' + ((r.body && r.body.message) || 'status ' + r.status), true);
      return;
    }
    const first = state.last === null;
    for (const round of r.body.rounds.items) state.rounds.set(round.round, round);
    state.last = r.body;
    render(r.body);
    if (state.polls % ANALYTICS_EVERY === 0) analytics();
    state.polls++;
    $('updated-at').textContent = new Date(r.body.generatedAt).toLocaleTimeString();
    $('updated-at').setAttribute('datetime', r.body.generatedAt);
    if (first) say('Dashboard loaded.');
  }

  function start() {
    stop();
    $('login').hidden = true;
    $('dashboard').hidden = false;
    poll();
    state.timer = setInterval(() => {
      if (!document.hidden) poll();
    }, POLL_MS);
  }

  function stop() {
    if (state.timer) clearInterval(state.timer);
    state.timer = null;
  }

  function showLogin() {
    $('dashboard').hidden = true;
    $('login').hidden = false;
    state.rounds.clear();
    state.last = null;
    state.polls = 0;
    $('admin-token').focus();
  }

  function render(d) {
    const rounds = Array.from(state.rounds.values()).sort((a, b) => a.round - b.round);
    renderModel(d.model);
    renderRounds(d, rounds);
    renderQuality(d.quality);
    renderPrivacy(d.privacy, rounds);
    renderFairness(d.fairness);
    renderConsent(d.consent, d.deletions);
  }

  function renderModel(m) {
    $('model-version').textContent = m ? m.version : 'none published';
    $('model-algorithm').textContent = m ? m.algorithm : '-';
    $('model-stage').textContent = m && m.stage ? m.stage : '-';
    $('model-head').textContent = m && m.headSize !== null ? m.headSize : '-';
    $('model-rank').textContent = m && m.rank !== null ? m.rank : '-';
    fillTable('model-releases', m ? m.releases : [], (tr, r) => {
      cell(tr, r.round);
      cell(tr, r.release, 'text');
      cell(tr, num(r.noiseMultiplier));
      cell(tr, r.devicesCounted);
      cell(tr, r.modelVersion);
    });
  }

  function renderRounds(d, rounds) {
    $('rounds-total').textContent = d.rounds.total;
    $('rounds-completed').textContent = d.rounds.completed;
    $('rounds-aborted').textContent = d.rounds.aborted;
    $('rounds-rejected').textContent = d.rounds.rejected;
    $('rounds-latest').textContent = d.rounds.latestRound === null ? '-' : d.rounds.latestRound;
    const done = rounds.filter((r) => r.status === 'completed');
    $('rounds-mean-survivors').textContent = done.length
      ? fmt(done.reduce((s, r) => s + r.survivors, 0) / done.length, 1)
      : '-';
    const latest = rounds.slice(-20).reverse();
    fillTable('rounds-table', latest, (tr, r) => {
      cell(tr, r.round);
      cell(tr, r.status, 'text');
      cell(tr, r.cohort);
      cell(tr, r.survivors);
      cell(tr, r.dropouts);
      cell(tr, fmt(r.durationSeconds, 1));
      cell(tr, fmt(r.epsilonAfter, 4));
      cell(tr, r.charged ? 'yes' : 'no', 'text');
      cell(tr, fmt(r.colludingFraction, 2));
      cell(tr, r.modelVersion + (r.resultVersion !== null ? ' → ' + r.resultVersion : ''));
      cell(tr, r.note, 'text note');
    });
    const x = rounds.map((r) => r.round);
    chart('participants', 'Devices per round', 'devices', x, [
      { label: 'Cohort', stroke: '#0b4f8a', values: rounds.map((r) => r.cohort) },
      { label: 'Participants', stroke: '#2e7d32', values: rounds.map((r) => r.survivors) },
      { label: 'Dropouts', stroke: '#b3261e', values: rounds.map((r) => r.dropouts) },
    ]);
    chart('duration', 'Round duration', 'seconds', x, [
      { label: 'Duration (s)', stroke: '#6a1b9a', values: rounds.map((r) => r.durationSeconds) },
    ]);
  }

  function renderQuality(q) {
    $('quality-note').textContent = q.note;
    const pts = q.points;
    const last = pts.length ? pts[pts.length - 1] : null;
    $('quality-latest-ndcg').textContent = last ? fmt(last.ndcgAt10, 4) : '-';
    $('quality-latest-hit').textContent = last ? fmt(last.hitRateAt10, 4) : '-';
    $('quality-baseline').textContent = q.baseline
      ? fmt(q.baseline.ndcgAt10, 4) + ' (' + q.baseline.model + ')'
      : 'no report loaded';
    fillTable('quality-table', pts.slice(-20).reverse(), (tr, p) => {
      cell(tr, p.modelVersion);
      cell(tr, p.round === null ? '-' : p.round);
      cell(tr, p.devices);
      cell(tr, fmt(p.ndcgAt10, 4));
      cell(tr, fmt(p.hitRateAt10, 4));
      cell(tr, fmt(p.noiseSigma, 4));
    });
    const series = [
      { label: 'NDCG@10', stroke: '#0b4f8a', values: pts.map((p) => p.ndcgAt10) },
      { label: 'Hit rate@10', stroke: '#2e7d32', values: pts.map((p) => p.hitRateAt10) },
    ];
    if (q.baseline) {
      series.push({
        label: 'Central baseline NDCG@10 (' + q.baseline.model + ')',
        stroke: '#b3261e',
        dash: [8, 4],
        values: pts.map(() => q.baseline.ndcgAt10),
      });
    }
    chart('quality', 'Quality per model version', 'score', pts.map((p) => p.modelVersion), series,
      'model version');
  }

  function renderPrivacy(p, rounds) {
    fillTable('budget-table', p.purposes, (tr, b) => {
      tr.id = 'budget-' + b.purpose;
      cell(tr, b.purpose);
      cell(tr, fmt(b.epsilonSpent, 4)).className = 'eps-spent';
      cell(tr, fmt(b.epsilonBudget, 4)).className = 'eps-budget';
      cell(tr, fmt(b.epsilonRemaining, 4));
      cell(tr, fmt(100 * b.fractionSpent, 1) + ' %');
      cell(tr, String(b.delta));
    });
    const acc = p.accountant;
    $('acc-method').textContent = acc.method;
    $('acc-noise').textContent = acc.noiseMultiplier === null ? 'no round yet' : fmt(acc.noiseMultiplier, 4);
    $('acc-rate').textContent = acc.samplingRate === null ? 'no round yet' : num(acc.samplingRate);
    $('acc-delta').textContent = acc.delta === null ? '-' : String(acc.delta);
    $('acc-kappa').textContent = acc.colludingFraction === null
      ? 'no round yet'
      : fmt(acc.colludingFraction, 2) + ' (ε holds if at most this fraction of a round\'s counted'
        + ' devices add no noise)';
    $('acc-unit').textContent = 'one ' + acc.unit + ' (user-level)';
    $('when-exhausted').textContent = p.whenExhausted;
    const own = p.againstServer;
    $('dev-eps-budget').textContent = own.epsilonBudget === null ? 'no limit' : fmt(own.epsilonBudget, 4);
    $('dev-eps-max').textContent = fmt(own.maxEpsilon, 4);
    $('dev-eps-median').textContent = fmt(own.medianEpsilon, 4);
    $('dev-eps-devices').textContent = own.devicesCounted + '; ' + own.maxRounds;
    $('dev-eps-note').textContent = 'The budget table\'s training ε is against ' +
      own.amplifiedIsAgainst + '. These per-device ε are against ' + own.perDeviceIsAgainst +
      ' (δ ' + own.delta + ').';
    const training = p.purposes.find((b) => b.purpose === 'training');
    const series = [
      { label: 'Training ε spent', stroke: '#0b4f8a', values: rounds.map((r) => r.epsilonAfter) },
    ];
    if (training) {
      series.push({
        label: 'Training ε budget',
        stroke: '#b3261e',
        dash: [8, 4],
        values: rounds.map(() => training.epsilonBudget),
      });
    }
    chart('epsilon', 'ε spent over rounds', 'ε', rounds.map((r) => r.round), series);
  }

  function renderFairness(f) {
    $('fairness-message').textContent = f.message;
    const warnings = $('fairness-warnings');
    warnings.replaceChildren();
    for (const w of f.warnings) {
      const li = document.createElement('li');
      li.textContent = 'Warning: ' + w;
      warnings.appendChild(li);
    }
    $('fairness-body').hidden = !f.loaded;
    if (!f.loaded) return;
    $('fairness-source').textContent =
      'Report on ' + f.dataset + ', loaded ' + new Date(f.loadedAt).toLocaleString() + ' (' +
      f.source + '); warning threshold for a group gap: ' + fmt(f.gapThreshold, 4) + '.';
    const models = [];
    if (f.federated) models.push(['federated', f.federated]);
    if (f.baseline) models.push(['central baseline', f.baseline]);
    fillTable('fairness-summary', models, (tr, [role, m]) => {
      tr.id = 'fairness-' + (role === 'federated' ? 'federated' : 'baseline');
      cell(tr, m.name);
      cell(tr, role, 'text');
      cell(tr, fmt(m.ndcgAt10, 4));
      const gap = cell(tr, fmt(m.largestGap, 4));
      gap.classList.add('gap');
      if (m.largestGap !== null && m.largestGap > f.gapThreshold) {
        gap.classList.add('above');
        gap.textContent += ' (above threshold)';
      }
      cell(tr, fmt(m.coverage, 4));
      cell(tr, fmt(m.gini, 4));
      cell(tr, fmt(m.arp, 2));
    });
    $('fairness-fed-col').textContent = f.federated ? f.federated.name : 'Federated';
    $('fairness-base-col').textContent = f.baseline ? f.baseline.name : 'Central baseline';
    const rows = [];
    const attrs = new Map();
    for (const [key, m] of [['fed', f.federated], ['base', f.baseline]]) {
      if (!m) continue;
      for (const a of m.groups) {
        if (!attrs.has(a.attribute)) attrs.set(a.attribute, new Map());
        const groups = attrs.get(a.attribute);
        for (const g of a.groups) {
          if (!groups.has(g.group)) groups.set(g.group, {});
          groups.get(g.group)[key] = g.ndcgAt10;
        }
        if (!groups.has('largest gap')) groups.set('largest gap', {});
        groups.get('largest gap')[key] = a.largestGap;
        groups.get('largest gap')[key + 'Above'] = a.aboveThreshold;
      }
    }
    for (const [attr, groups] of attrs) {
      for (const [group, v] of groups) rows.push({ attr, group, v });
    }
    fillTable('fairness-groups', rows, (tr, r) => {
      cell(tr, r.attr);
      cell(tr, r.group, 'text');
      const a = cell(tr, fmt(r.v.fed, 4));
      const b = cell(tr, fmt(r.v.base, 4));
      if (r.v.fedAbove) a.classList.add('above');
      if (r.v.baseAbove) b.classList.add('above');
    });
    const rr = $('rerank-table');
    rr.hidden = f.reranking.length === 0;
    fillTable('rerank-table', f.reranking, (tr, e) => {
      cell(tr, e.name);
      cell(tr, e.base, 'text');
      cell(tr, fmt(e.ndcgDelta, 4));
      cell(tr, fmt(e.coverageDelta, 4));
      cell(tr, fmt(e.giniDelta, 4));
      cell(tr, fmt(e.arpDelta, 2));
      cell(tr, fmt(e.largestGapDelta, 4));
    });
  }

  function renderConsent(c, del) {
    $('consent-devices').textContent = c.devices;
    fillTable('consent-table', c.purposes, (tr, p) => {
      tr.id = 'consent-' + p.purpose;
      cell(tr, p.purpose);
      cell(tr, p.granted);
    });
    $('deletions-total').textContent = del.total;
    $('deletions-median').textContent = fmt(del.medianSeconds, 3);
    $('deletions-max').textContent = fmt(del.maxSeconds, 3);
    fillTable('deletions-table', del.recent.slice(0, 20), (tr, d) => {
      cell(tr, d.seq);
      cell(tr, new Date(d.requestedAt).toLocaleString(), 'text');
      cell(tr, new Date(d.completedAt).toLocaleString(), 'text');
      cell(tr, fmt(d.durationSeconds, 3));
    });
  }

  const MECHANISMS = {
    grr: 'generalized randomized response',
    olh: 'optimized local hashing',
    oue: 'optimized unary encoding',
  };

  async function analytics() {
    const msg = $('analytics-message');
    const list = $('analytics-queries');
    let r;
    try {
      r = await api('/v1/admin/analytics/queries');
    } catch (e) {
      r = { status: 0, body: null };
    }
    const queries = r.status === 200 && r.body && Array.isArray(r.body.queries) ? r.body.queries : [];
    if (queries.length === 0) {
      msg.textContent = r.status === 200 || r.status === 404
        ? 'No analytics queries.'
        : 'No analytics queries (the server answered ' + r.status + ').';
      list.replaceChildren();
      return;
    }
    msg.textContent = queries.length + ' analytics quer' + (queries.length === 1 ? 'y' : 'ies') + ', newest first.';
    list.replaceChildren(...queries.slice().reverse().map(analyticsQuery));
  }

  // One query: its title, what it is, and a table of its estimates, highest first (as served).
  function analyticsQuery(q) {
    const section = document.createElement('section');
    section.className = 'analytics-query';
    section.id = 'analytics-' + q.id;
    const h = document.createElement('h3');
    h.id = 'analytics-title-' + q.id;
    h.textContent = q.title || q.metric;
    section.appendChild(h);
    const about = document.createElement('p');
    about.className = 'help';
    about.textContent = q.description + ' Metric ' + q.metric + '; local ε ' + num(q.epsilon) + ' per device, '
      + (MECHANISMS[q.mechanism] || q.mechanism) + '; ' + q.reports + ' report' + (q.reports === 1 ? '' : 's')
      + '; ' + q.status + '; query ' + q.id + '.';
    section.appendChild(about);
    const wrap = document.createElement('div');
    wrap.className = 'table-wrap';
    wrap.tabIndex = 0;
    wrap.setAttribute('role', 'region');
    wrap.setAttribute('aria-labelledby', h.id);
    const table = document.createElement('table');
    table.className = 'analytics-table';
    const caption = document.createElement('caption');
    caption.textContent = 'Estimated devices per label, highest first ('
      + Math.round((q.confidence || 0.95) * 100) + '% intervals)';
    table.appendChild(caption);
    const head = document.createElement('thead');
    const hr = document.createElement('tr');
    for (const [text, cls] of [['Label', 'text'], ['Estimate', ''], ['Share of reports', 'text'],
      ['Unbiased estimate', ''], ['Interval', ''], ['Std. error', '']]) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = text;
      if (cls) th.className = cls;
      hr.appendChild(th);
    }
    head.appendChild(hr);
    table.appendChild(head);
    table.appendChild(document.createElement('tbody'));
    wrap.appendChild(table);
    section.appendChild(wrap);
    const estimates = q.estimates || [];
    const body = document.createElement('tbody');
    for (const e of estimates) {
      const tr = document.createElement('tr');
      cell(tr, e.label, 'text');
      cell(tr, fmt(e.estimate, 1));
      const bar = document.createElement('meter');
      bar.min = 0;
      bar.max = Math.max(1, q.reports);
      bar.value = e.estimate;
      bar.textContent = fmt(e.estimate, 1);
      bar.setAttribute('aria-label', e.label + ': ' + fmt(e.estimate, 1) + ' of ' + q.reports + ' reports');
      cell(tr, '', 'text').appendChild(bar);
      cell(tr, fmt(e.rawEstimate, 1));
      cell(tr, '[' + fmt(e.ciLow, 1) + ', ' + fmt(e.ciHigh, 1) + ']');
      cell(tr, fmt(e.standardError, 1));
      body.appendChild(tr);
    }
    table.querySelector('tbody').replaceWith(body);
    return section;
  }

  // One uPlot chart per id, created on first data and updated in place afterwards.
  function chart(id, title, yLabel, x, series, xLabel) {
    const el = $('chart-' + id);
    if (typeof uPlot === 'undefined') {
      el.textContent = 'Charts are unavailable; the tables have every figure.';
      return;
    }
    if (x.length === 0) {
      el.textContent = 'No data yet.';
      if (state.charts[id]) {
        state.charts[id].destroy();
        delete state.charts[id];
      }
      return;
    }
    const data = [x].concat(series.map((s) => s.values.map((v) => (v === null ? null : v))));
    const key = series.map((s) => s.label).join('|');
    const existing = state.charts[id];
    if (existing && existing.key === key) {
      existing.plot.setData(data);
      return;
    }
    if (existing) existing.plot.destroy();
    el.textContent = '';
    const width = Math.max(320, Math.min(el.clientWidth || 900, 1100));
    const plot = new uPlot(
      {
        title,
        width,
        height: 260,
        // y from 0 (or below, for a negative value), so a change is not magnified
        scales: {
          x: { time: false },
          y: { range: (u, min, max) => [Math.min(0, min), max > 0 ? max * 1.05 : 1] },
        },
        axes: [
          { label: xLabel || 'round', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] },
          { label: yLabel },
        ],
        series: [{ label: xLabel || 'round' }].concat(
          series.map((s) => ({ label: s.label, stroke: s.stroke, width: 2, dash: s.dash, spanGaps: true }))),
      },
      data,
      el);
    state.charts[id] = { plot, key };
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('login-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const t = $('admin-token').value.trim();
      if (!t) {
        say('Enter the admin token.', true);
        return;
      }
      sessionStorage.setItem(TOKEN_KEY, t);
      $('admin-token').value = '';
      say('Loading the dashboard…');
      start();
    });
    $('sign-out').addEventListener('click', () => {
      stop();
      sessionStorage.removeItem(TOKEN_KEY);
      showLogin();
      say('Signed out; the token was removed from this tab.');
    });
    if (token()) start();
  });
})();
