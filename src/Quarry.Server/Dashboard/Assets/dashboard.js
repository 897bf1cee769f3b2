/* Quarry dashboard: progressive enhancement of server-rendered pages. Everything works without this script (links and
   GET forms carry the state); with it, charts are drawn from their JSON specs, the run selection follows you across
   pages in the URL (?sel=), and column chips toggle keys. Sets <html data-ready="true"> when done. */
(function () {
  'use strict';

  function all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }

  /* Charts: <div data-chart="name" data-kind="time|bars|scatter"><script type="application/json">spec</script></div>. */
  function drawCharts() {
    var C = window.QuarryCharts;
    all('[data-chart]').forEach(function (host) {
      var script = host.querySelector('script[type="application/json"]');
      if (!script) return;
      try {
        var spec = JSON.parse(script.textContent);
        host.removeChild(script);
        if (spec.x) spec.x = Float64Array.from(spec.x);
        var kind = host.dataset.kind || 'time';
        if (!C || !C[kind]) throw new Error('unknown chart kind ' + kind);
        C[kind](host, spec);
      } catch (e) {
        host.dataset.error = String(e);
        console.error('chart ' + host.dataset.chart + ': ' + e);
      }
    });
  }

  /* Run selection: checkboxes name="runs" in form.select-runs, hidden inputs for runs selected on other pages. */
  /* Sets (or removes, when empty) one query parameter, leaving the others exactly as the server encoded them. */
  function setParam(href, name, value) {
    var hash = href.indexOf('#'), tail = hash >= 0 ? href.slice(hash) : '';
    var rest = hash >= 0 ? href.slice(0, hash) : href, q = rest.indexOf('?');
    var path = q >= 0 ? rest.slice(0, q) : rest, parts = q >= 0 ? rest.slice(q + 1).split('&') : [];
    parts = parts.filter(function (p) { return p && p.split('=')[0] !== name; });
    if (value) parts.push(name + '=' + encodeURIComponent(value));
    return path + (parts.length ? '?' + parts.join('&') : '') + tail;
  }
  function wireSelection() {
    var form = document.querySelector('form.select-runs');
    if (!form) return;
    var boxes = all('input[type="checkbox"][name="runs"]', form);
    var hidden = all('input[type="hidden"][name="runs"]', form);
    var button = document.querySelector('[data-compare]');
    var everything = form.querySelector('input[data-select-all]');
    function update() {
      var ids = hidden.map(function (h) { return h.value; });
      boxes.forEach(function (b) {
        if (b.checked) ids.push(b.value);
        b.closest('tr').classList.toggle('selected', b.checked);
      });
      var sel = ids.join(',');
      var here = setParam(location.pathname + location.search, 'sel', sel);
      if (here !== location.pathname + location.search) history.replaceState(null, '', here + location.hash);
      all('a[data-keep-sel]').forEach(function (a) { a.setAttribute('href', setParam(a.getAttribute('href'), 'sel', sel)); });
      all('input[data-keep-sel]').forEach(function (i) { i.value = sel; });
      if (button) {
        button.textContent = 'Compare selected (' + ids.length + ')';
        button.disabled = ids.length < 2;
      }
      if (everything) everything.checked = boxes.length > 0 && boxes.every(function (b) { return b.checked; });
    }
    boxes.forEach(function (b) { b.addEventListener('change', update); });
    if (everything) everything.addEventListener('change', function () {
      boxes.forEach(function (b) { b.checked = everything.checked; });
      update();
    });
    update();
  }

  /* Column chips: a click adds or removes the key in the comma-separated input named by data-target. */
  function wireChips() {
    all('.chip[data-target]').forEach(function (chip) {
      var form = chip.closest('form'), input = form && form.querySelector('input[type="text"][name="' + chip.dataset.target + '"]');
      if (!input) return;
      function keys() { return input.value.split(',').map(function (k) { return k.trim(); }).filter(Boolean); }
      function paint() { chip.classList.toggle('on', keys().indexOf(chip.dataset.key) >= 0); }
      chip.addEventListener('click', function (e) {
        e.preventDefault();
        var k = keys(), i = k.indexOf(chip.dataset.key);
        if (i >= 0) k.splice(i, 1); else k.push(chip.dataset.key);
        input.value = k.join(',');
        paint();
      });
      input.addEventListener('input', paint);
      paint();
    });
  }

  /* Backtest launcher (/backtests/new): shows the chosen strategy's parameters, keeps the choice in the URL, posts the
     form as JSON and opens the job's page; a refusal shows the server's message and marks the field. */
  function wireLauncher() {
    var form = document.getElementById('launch');
    if (!form) return;
    var select = form.querySelector('#strategy'), error = document.getElementById('launch-error');
    var button = document.getElementById('launch-button');
    function current() {
      return all('fieldset.params', form).filter(function (f) { return f.dataset.strategy === select.value; })[0];
    }
    function show() {
      all('fieldset.params', form).forEach(function (f) {
        var on = f.dataset.strategy === select.value;
        f.hidden = !on;
        f.disabled = !on;
      });
      var here = setParam(location.pathname + location.search, 'strategy', select.value);
      if (here !== location.pathname + location.search) history.replaceState(null, '', here);
    }
    function fail(message, field) {
      error.textContent = message;
      error.hidden = false;
      button.disabled = false;
      all('.invalid', form).forEach(function (i) { i.classList.remove('invalid'); });
      var input = !field ? null : field.indexOf('params.') === 0
        ? (current() || form).querySelector('[data-param="' + field.slice(7) + '"]') : form.elements[field];
      if (input && input.classList) { input.classList.add('invalid'); input.focus(); }
    }
    select.addEventListener('change', show);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var body = { strategy: select.value, params: {} }, fieldset = current();
      if (fieldset) all('[data-param]', fieldset).forEach(function (i) { if (i.value.trim() !== '') body.params[i.dataset.param] = i.value.trim(); });
      ['symbol', 'start', 'end', 'experiment', 'capital', 'commission', 'slippage', 'size'].forEach(function (name) {
        var v = form.elements[name] ? form.elements[name].value.trim() : '';
        if (v) body[name] = v;
      });
      button.disabled = true;
      error.hidden = true;
      fetch(form.dataset.api, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' })
        .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
        .then(function (res) {
          if (res.ok) location.href = res.body.page_url;
          else fail(res.body.message || 'The server refused the backtest.', res.body.field);
        })
        .catch(function (err) { fail('Could not launch the backtest: ' + err); });
    });
    show();
  }

  /* A queued or running backtest's page (/backtests/{id}) polls its job and reloads when the state changes. */
  function pollJob() {
    var host = document.querySelector('[data-poll]');
    if (!host) return;
    function tick() {
      fetch(host.dataset.poll, { credentials: 'same-origin', cache: 'no-store' })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          if (job.state !== host.dataset.state) location.reload();
          else setTimeout(tick, 400);
        })
        .catch(function () { setTimeout(tick, 2000); });
    }
    setTimeout(tick, 250);
  }

  function start() {
    drawCharts();
    wireSelection();
    wireChips();
    wireLauncher();
    pollJob();
    document.documentElement.dataset.ready = 'true';
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
