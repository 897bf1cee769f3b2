/* Quarry dashboard, study pages: parallel coordinates (SVG; charts.js has no such chart) and the refresh of a study
   whose trials are running. Loaded only by /studies/{name}; no dependencies, no network beyond this server's API.
   Parallel coordinates: <div data-parcoords><script type="application/json">{ axes: [{ name, labels?, log? }],
   lines: [{ n, v, x: [...] }], direction, height }</script></div>; one polyline per trial, coloured by value (blue: best,
   red: worst); hovering a line highlights it and shows its values. Sets data-rendered and data-lines on the host.
   Refresh: an element with data-poll (the study's API URL), data-trials and data-finished is polled every
   data-interval ms; when the API reports other counts, the end of the running trials (data-running) or a fitted
   importance (data-importance="pending") the page reloads (same URL, so sorting and paging are kept); a page with
   nothing running and nothing pending does not poll. */
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';

  function el(tag, attrs, parent) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(e);
    return e;
  }
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }
  function text(v) {
    if (v === null || v === undefined || !isFinite(v)) return '\u2014';
    var a = Math.abs(v);
    return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(3) : String(Math.round(v * 1e4) / 1e4);
  }
  /* Blue (best) to red (worst), through a neutral grey. */
  function colour(t) {
    var from = t < 0.5 ? [196, 71, 58] : [139, 146, 156], to = t < 0.5 ? [139, 146, 156] : [36, 87, 165], u = t < 0.5 ? t * 2 : t * 2 - 1;
    return 'rgb(' + from.map(function (c, i) { return Math.round(c + (to[i] - c) * u); }).join(',') + ')';
  }

  function Parallel(host, spec) {
    this.host = host;
    this.spec = spec;
    this.tip = document.createElement('div');
    this.tip.className = 'qc-tip pc-tip';
    host.classList.add('qc');
    host.style.position = 'relative';
    var self = this, lastW = -1;
    if (window.ResizeObserver) new ResizeObserver(function () {
      if (host.clientWidth !== lastW) { lastW = host.clientWidth; self.draw(); }
    }).observe(host);
    this.draw();
  }
  Parallel.prototype.draw = function () {
    var spec = this.spec, host = this.host, w = Math.max(host.clientWidth, 300), h = spec.height || 300;
    var axes = spec.axes.concat([{ name: 'value' }]), lines = spec.lines;
    var top = 26, bottom = h - 22, left = 40, right = w - 40, step = axes.length > 1 ? (right - left) / (axes.length - 1) : 0;
    var scales = axes.map(function (a, k) {
      var get = k === axes.length - 1 ? function (l) { return l.v; } : function (l) { return l.x[k]; };
      var T = a.log ? function (v) { return v > 0 ? Math.log(v) : NaN; } : function (v) { return v; };
      var lo = Infinity, hi = -Infinity;
      if (a.labels) { lo = 0; hi = Math.max(a.labels.length - 1, 1); }
      else lines.forEach(function (l) { var v = T(get(l)); if (isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; } });
      if (!isFinite(lo)) { lo = 0; hi = 1; }
      if (lo === hi) { lo -= 0.5; hi += 0.5; }
      return { get: get, lo: lo, hi: hi, y: function (v) { var t = T(v); return isFinite(t) ? bottom - (t - lo) / (hi - lo) * (bottom - top) : NaN; } };
    });
    var values = scales[axes.length - 1], maximize = spec.direction === 'maximize';
    while (host.firstChild) host.removeChild(host.firstChild);
    var svg = el('svg', { width: w, height: h, viewBox: '0 0 ' + w + ' ' + h, 'class': 'pc-svg' }, host);
    host.appendChild(this.tip);
    var group = el('g', { 'class': 'pc-lines' }, svg), self = this;
    var ordered = lines.slice().sort(function (a, b) { return maximize ? a.v - b.v : b.v - a.v; }); /* best drawn last, on top */
    ordered.forEach(function (l) {
      var pts = [];
      scales.forEach(function (s, k) { var y = s.y(s.get(l)); if (isFinite(y)) pts.push((left + k * step).toFixed(1) + ',' + y.toFixed(1)); });
      var t = (l.v - values.lo) / (values.hi - values.lo);
      var line = el('polyline', { points: pts.join(' '), stroke: colour(maximize ? t : 1 - t), 'class': 'pc-line', 'data-trial': l.n }, group);
      line.addEventListener('mouseenter', function (e) { self.show(l, line, e); });
      line.addEventListener('mouseleave', function () { self.hide(line); });
    });
    axes.forEach(function (a, k) {
      var x = left + k * step, s = scales[k], g = el('g', { 'class': 'pc-axis', 'data-axis': a.name }, svg);
      el('line', { x1: x, x2: x, y1: top, y2: bottom }, g);
      var name = el('text', { x: x, y: top - 10, 'text-anchor': 'middle', 'class': 'pc-name' }, g);
      name.textContent = a.name;
      var ticks = a.labels ? a.labels.map(function (label, i) { return [i, label]; })
        : [[s.lo, text(a.log ? Math.exp(s.lo) : s.lo)], [s.hi, text(a.log ? Math.exp(s.hi) : s.hi)]];
      ticks.forEach(function (tk) {
        var y = bottom - (tk[0] - s.lo) / (s.hi - s.lo) * (bottom - top);
        var label = el('text', { x: x + 5, y: y + 4, 'class': 'pc-tick' }, g);
        label.textContent = tk[1];
      });
    });
    host.dataset.rendered = 'true';
    host.dataset.lines = String(lines.length);
  };
  Parallel.prototype.show = function (l, line, e) {
    line.classList.add('on');
    line.parentNode.appendChild(line);
    var spec = this.spec, rows = '';
    spec.axes.forEach(function (a, k) {
      var v = l.x[k];
      rows += '<div>' + esc(a.name) + '<b>' + esc(a.labels && isFinite(v) ? a.labels[v] : text(v)) + '</b></div>';
    });
    rows += '<div>value<b>' + esc(text(l.v)) + '</b></div>';
    this.tip.innerHTML = '<div class="qc-tip-title">trial ' + l.n + '</div>' + rows;
    var box = this.host.getBoundingClientRect();
    this.tip.style.display = 'block';
    this.tip.style.left = Math.min(e.clientX - box.left + 14, box.width - this.tip.offsetWidth) + 'px';
    this.tip.style.top = Math.max(0, e.clientY - box.top - 10) + 'px';
    this.host.dataset.hovered = String(l.n);
  };
  Parallel.prototype.hide = function (line) {
    line.classList.remove('on');
    this.tip.style.display = 'none';
    delete this.host.dataset.hovered;
  };

  function drawParallel() {
    Array.prototype.slice.call(document.querySelectorAll('[data-parcoords]')).forEach(function (host) {
      var script = host.querySelector('script[type="application/json"]');
      if (!script) return;
      try {
        var spec = JSON.parse(script.textContent);
        host.removeChild(script);
        new Parallel(host, spec);
      } catch (e) {
        host.dataset.error = String(e);
        console.error('parallel coordinates: ' + e);
      }
    });
  }

  function poll() {
    var head = document.querySelector('[data-poll]');
    if (!head || !window.fetch) return;
    var url = head.dataset.poll, every = Number(head.dataset.interval) || 2000;
    var trials = Number(head.dataset.trials), finished = Number(head.dataset.finished);
    function tick() {
      fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
        .then(function (body) {
          var t = body.study.trials, done = t.complete + t.pruned + t.fail;
          var stopped = head.dataset.running === 'true' && !body.study.running;
          var fitted = head.dataset.importance === 'pending' && !body.importance_pending;
          if (t.total !== trials || done !== finished || stopped || fitted) location.reload();
          else setTimeout(tick, every);
        })
        .catch(function () { setTimeout(tick, every * 2); }); /* the server restarts or is busy: try again later */
    }
    head.dataset.polling = 'true';
    setTimeout(tick, every);
  }

  drawParallel();
  poll();
})();
