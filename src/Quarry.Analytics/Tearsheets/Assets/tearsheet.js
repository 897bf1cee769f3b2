/* Quarry tearsheet page: reads the JSON data blob, draws the charts with QuarryCharts, wires the linear/log toggle,
   the zoom reset and the sortable tables. Sets <html data-ready="true"> when done. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('quarry-data').textContent);
  var C = window.QuarryCharts;
  var STRATEGY = '#2457a5', BENCH = '#8b929c', GROSS = '#7fa3d9', UP = '#2f8f5b', DOWN = '#c4473a';
  var unit = data.timeUnit === 'day' ? 86400000 : 1;
  var x = new Float64Array(data.x.length);
  for (var i = 0; i < x.length; i++) x[i] = data.x[i] * unit;
  var charts = {};

  function draw(name, build) {
    var host = document.querySelector('[data-chart="' + name + '"]');
    if (!host) return;
    try { charts[name] = build(host); } catch (e) { host.dataset.error = String(e); console.error('chart ' + name + ': ' + e); }
  }
  function timeSpec(series, more) {
    var s = { x: x, series: series, group: 'time', intraday: data.intraday };
    for (var k in more) s[k] = more[k];
    return s;
  }
  var hasBench = !!data.benchmark;

  draw('equity', function (host) {
    var series = [{ name: 'Strategy', y: data.equity, color: STRATEGY, width: 1.7 }];
    if (data.grossEquity) series.push({ name: 'Strategy, before costs', y: data.grossEquity, color: GROSS, width: 1.2, dash: [4, 3] });
    if (hasBench) series.push({ name: data.benchmarkName, y: data.benchmark, color: BENCH, width: 1.3 });
    return C.time(host, timeSpec(series, { yFormat: 'wealth', refLines: [1], height: 320 }));
  });
  draw('drawdown', function (host) {
    var series = [{ name: 'Strategy', y: data.drawdown, color: DOWN, fill: 'rgba(196, 71, 58, 0.18)', area: true, width: 1.2 }];
    if (data.benchmarkDrawdown) series.push({ name: data.benchmarkName, y: data.benchmarkDrawdown, color: BENCH, width: 1 });
    return C.time(host, timeSpec(series, { yFormat: 'pct', baseline: 0, height: 200 }));
  });
  var rolling = data.rolling || {};
  /* [key, format, baseline included in the y range, reference lines drawn when in range, label] */
  [['sharpe', 'num', 0, [], 'Sharpe'], ['sortino', 'num', 0, [], 'Sortino'], ['volatility', 'pct', null, [], 'Volatility'],
    ['beta', 'num', null, [0, 1], 'Beta']].forEach(function (r) {
    if (!rolling[r[0]]) return;
    draw('rolling-' + r[0], function (host) {
      return C.time(host, timeSpec([{ name: r[4] + ' (' + rolling.window + ' periods)', y: rolling[r[0]], color: STRATEGY }],
        { yFormat: r[1], baseline: r[2], refLines: r[3], height: 180 }));
    });
  });
  if (data.yearly) draw('yearly', function (host) {
    var y = data.yearly, series = [{ name: 'Strategy', values: y.strategy, color: STRATEGY }];
    if (y.benchmark) series.push({ name: data.benchmarkName, values: y.benchmark, color: BENCH });
    return C.bars(host, { categories: y.years.map(String), series: series, yFormat: 'pct', height: 240 });
  });
  if (data.histogram) draw('histogram', function (host) {
    var hg = data.histogram, cats = [], titles = [], f = C.formats.pct;
    for (var i = 0; i + 1 < hg.edges.length; i++) {
      cats.push(f((hg.edges[i] + hg.edges[i + 1]) / 2, 1));
      titles.push(f(hg.edges[i], 2) + ' to ' + f(hg.edges[i + 1], 2));
    }
    var series = [{ name: 'Strategy', values: hg.strategy, color: STRATEGY }];
    if (hg.benchmark) series.push({ name: data.benchmarkName, values: hg.benchmark, color: BENCH });
    return C.bars(host, { categories: cats, tipTitles: titles, series: series, overlap: true, yFormat: 'pct', height: 240 });
  });
  if (data.regimes) draw('regimes', function (host) {
    var rg = data.regimes;
    return C.bars(host, {
      categories: rg.names, yFormat: 'pct', height: 200,
      series: [{ name: 'Annual return', values: rg.annualReturn, color: STRATEGY, signColors: [UP, DOWN] }]
    });
  });

  var scale = document.querySelectorAll('[data-scale]');
  Array.prototype.forEach.call(scale, function (b) {
    b.addEventListener('click', function () {
      if (!charts.equity) return;
      charts.equity.setLog(b.dataset.scale === 'log');
      Array.prototype.forEach.call(scale, function (o) { o.setAttribute('aria-pressed', String(o === b)); });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll('[data-reset-zoom]'), function (b) {
    b.addEventListener('click', function () { if (charts.equity) charts.equity.zoomTo(-Infinity, Infinity); });
  });

  /* Sortable tables: a click on a header sorts by that column's data-v (numbers) or text; again reverses. */
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    var heads = table.tHead.rows[0].cells, body = table.tBodies[0];
    Array.prototype.forEach.call(heads, function (th, col) {
      th.tabIndex = 0;
      function sort() {
        var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var ca = a.cells[col], cb = b.cells[col], va = ca.dataset.v, vb = cb.dataset.v;
          if (va !== undefined && vb !== undefined) {
            var na = va === '' ? NaN : +va, nb = vb === '' ? NaN : +vb;
            if (na !== na) return nb !== nb ? 0 : 1; /* blanks last */
            if (nb !== nb) return -1;
            return (na - nb) * dir;
          }
          return ca.textContent.localeCompare(cb.textContent) * dir;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
    });
  });

  document.documentElement.dataset.ready = 'true';
})();
