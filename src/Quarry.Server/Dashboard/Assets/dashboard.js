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
  function setParam(href, name, value) {
    var url = new URL(href, location.href);
    if (value) url.searchParams.set(name, value); else url.searchParams.delete(name);
    return url.pathname + url.search + url.hash;
  }
  function wireSelection() {
    var form = document.querySelector('form.select-runs');
    if (!form) return;
    var boxes = all('input[type="checkbox"][name="runs"]', form);
    var hidden = all('input[type="hidden"][name="runs"]', form);
    var button = form.querySelector('[data-compare]');
    var everything = form.querySelector('input[data-select-all]');
    function update() {
      var ids = hidden.map(function (h) { return h.value; });
      boxes.forEach(function (b) {
        if (b.checked) ids.push(b.value);
        b.closest('tr').classList.toggle('selected', b.checked);
      });
      var sel = ids.join(',');
      history.replaceState(null, '', setParam(location.href, 'sel', sel));
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
      var input = document.querySelector('input[name="' + chip.dataset.target + '"]');
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

  function start() {
    drawCharts();
    wireSelection();
    wireChips();
    document.documentElement.dataset.ready = 'true';
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
