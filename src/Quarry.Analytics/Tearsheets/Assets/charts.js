/* Quarry charts: a small canvas chart module for the tearsheet and the dashboard. Time-series charts (lines and areas,
   linked zoom, crosshair tooltips, linear/log y; spec.xKind = "number" puts plain numbers such as steps on the x axis
   instead of dates), bar charts (grouped or overlapping) and scatter charts (labelled points, nearest-point tooltip).
   No dependencies, no network.
   API: QuarryCharts.time(host, spec), QuarryCharts.bars(host, spec), QuarryCharts.scatter(host, spec); each returns the
   chart object. A drawn chart sets host.dataset.rendered = "true" and, for time charts, data-x-min/data-x-max (visible
   range, ms or x units); scatter charts set data-points. */
(function (root) {
  'use strict';
  var FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  var AXIS = '#6b7280', GRID = '#eceef1', ZERO = '#b8bdc6', DAY = 86400000;
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  var groups = {};

  function make(tag, cls, parent) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (parent) parent.appendChild(e);
    return e;
  }
  function ok(v) { return v !== null && v !== undefined && isFinite(v); }
  function minus(s) { return s.replace('-', '\u2212'); }
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }

  /* Number formats: value -> text; d = decimals. "wealth" shows a growth-of-1 value as a cumulative return. */
  var formats = {
    pct: function (v, d) { return minus((v * 100).toFixed(d === undefined ? 2 : d)) + '%'; },
    num: function (v, d) { return minus(v.toFixed(d === undefined ? 2 : d)); },
    wealth: function (v, d) { return formats.pct(v - 1, d); }
  };
  function fmtOf(name) { return formats[name] || formats.num; }
  function tickDecimals(step, name) {
    var s = name === 'num' ? step : step * 100;
    return Math.max(0, Math.min(6, -Math.floor(Math.log10(s) + 1e-9)));
  }

  function niceStep(span, count) {
    var raw = span / Math.max(count, 1), mag = Math.pow(10, Math.floor(Math.log10(raw))), n = raw / mag;
    return (n < 1.5 ? 1 : n < 3 ? 2 : n < 7 ? 5 : 10) * mag;
  }
  function linearTicks(lo, hi, count) {
    var step = niceStep(hi - lo, count), t = [];
    for (var v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) t.push(Math.abs(v) < step * 1e-9 ? 0 : v);
    return { ticks: t, step: step };
  }
  function logTicks(lo, hi, count) {
    var sets = [[1, 1.5, 2, 3, 5, 7], [1, 2, 5], [1], []], best = [];
    for (var s = 0; s < sets.length - 1; s++) {
      var t = [];
      for (var e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++)
        for (var m = 0; m < sets[s].length; m++) {
          var v = sets[s][m] * Math.pow(10, e);
          if (v >= lo && v <= hi) t.push(v);
        }
      best = t;
      if (t.length <= count) break;
    }
    if (best.length >= 3) return { ticks: best, step: best[1] - best[0] };
    var lin = linearTicks(lo, hi, count);
    return { ticks: lin.ticks.filter(function (v) { return v > 0; }), step: lin.step };
  }

  /* Calendar-aligned ticks between lo and hi (UTC ms), about `count` of them. */
  var STEPS = [[1, 'h'], [3, 'h'], [6, 'h'], [12, 'h'], [1, 'd'], [2, 'd'], [7, 'd'], [14, 'd'], [1, 'm'], [2, 'm'],
    [3, 'm'], [6, 'm'], [1, 'y'], [2, 'y'], [5, 'y'], [10, 'y'], [20, 'y'], [50, 'y']];
  var UNIT = { h: 3600000, d: DAY, m: 30.44 * DAY, y: 365.25 * DAY };
  function timeTicks(lo, hi, count) {
    var st = STEPS[STEPS.length - 1], t = [];
    for (var i = 0; i < STEPS.length; i++) if ((hi - lo) / (STEPS[i][0] * UNIT[STEPS[i][1]]) <= count) { st = STEPS[i]; break; }
    var n = st[0], u = st[1], d = new Date(lo);
    if (u === 'h' || u === 'd') {
      var step = n * UNIT[u], base = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      for (var v = base; v <= hi; v += step) if (v >= lo) t.push(v);
    } else if (u === 'm') {
      var y = d.getUTCFullYear(), m = Math.ceil(d.getUTCMonth() / n) * n;
      for (var c = Date.UTC(y, m, 1); c <= hi; m += n, c = Date.UTC(y, m, 1)) if (c >= lo) t.push(c);
    } else {
      for (var yr = Math.ceil(d.getUTCFullYear() / n) * n, c2 = Date.UTC(yr, 0, 1); c2 <= hi; yr += n, c2 = Date.UTC(yr, 0, 1))
        if (c2 >= lo) t.push(c2);
    }
    return { ticks: t, unit: u };
  }
  function timeLabel(v, unit) {
    var d = new Date(v), mo = MONTHS[d.getUTCMonth()];
    if (unit === 'y') return String(d.getUTCFullYear());
    if (unit === 'm') return d.getUTCMonth() === 0 ? String(d.getUTCFullYear()) : mo;
    if (unit === 'd') return d.getUTCDate() + ' ' + mo;
    return ('0' + d.getUTCHours()).slice(-2) + ':00';
  }
  function dateText(v, intraday) {
    var d = new Date(v), s = d.getUTCDate() + ' ' + MONTHS[d.getUTCMonth()] + ' ' + d.getUTCFullYear();
    return intraday ? s + ' ' + d.toISOString().slice(11, 16) : s;
  }

  /* A plain number for axes and tooltips: thousands separated, `d` decimals (integers show none by default). */
  function numberText(v, d) {
    if (d === undefined) d = Math.abs(v - Math.round(v)) < 1e-9 ? 0 : 4;
    var parts = Math.abs(v).toFixed(d).split('.');
    return (v < 0 ? '\u2212' : '') + parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (parts[1] ? '.' + parts[1] : '');
  }

  function lowerBound(a, v) {
    var lo = 0, hi = a.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (a[mid] < v) lo = mid + 1; else hi = mid; }
    return lo;
  }

  /* Sizes a canvas to the host width (CSS px) and height, backed by device pixels; returns a scaled context. */
  function fit(canvas, w, h) {
    var dpr = Math.max(2, root.devicePixelRatio || 1);
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
    var ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.font = FONT;
    return ctx;
  }

  /* Shared frame of both chart kinds: legend, canvas, overlay for hover, tooltip; redraws on resize. */
  function Frame(host, spec) {
    this.host = host;
    this.spec = spec;
    this.height = spec.height || 240;
    host.classList.add('qc');
    this.legend = make('div', 'qc-legend', host);
    this.wrap = make('div', 'qc-wrap', host);
    this.canvas = make('canvas', 'qc-canvas', this.wrap);
    this.overlay = make('canvas', 'qc-overlay', this.wrap);
    this.tip = make('div', 'qc-tip', this.wrap);
    var self = this, lastW = -1;
    spec.series.forEach(function (s) {
      if (s.legend === false) return;
      var item = make('span', 'qc-key', self.legend);
      item.innerHTML = '<i style="background:' + s.color + '"></i>' + esc(s.name);
      item.title = 'Show or hide ' + s.name;
      item.addEventListener('click', function () { s.hidden = !s.hidden; item.classList.toggle('off', !!s.hidden); self.draw(); });
    });
    if (root.ResizeObserver) new ResizeObserver(function () {
      if (host.clientWidth !== lastW) { lastW = host.clientWidth; self.draw(); }
    }).observe(host);
    root.addEventListener('beforeprint', function () { self.draw(); });
    this.overlay.addEventListener('mouseleave', function () { self.hide(); });
  }
  Frame.prototype.width = function () { return Math.max(this.host.clientWidth, 200); };
  Frame.prototype.hide = function () {
    this.tip.style.display = 'none';
    var o = this.overlay;
    o.getContext('2d').clearRect(0, 0, o.width, o.height);
  };
  Frame.prototype.showTip = function (html, px, py) {
    var tip = this.tip, w = this.width();
    tip.innerHTML = html;
    tip.style.display = 'block';
    var tw = tip.offsetWidth, left = px + 14 > w - tw ? px - tw - 14 : px + 14;
    tip.style.left = Math.max(0, left) + 'px';
    tip.style.top = Math.max(0, Math.min(py - 10, this.height - tip.offsetHeight)) + 'px';
  };
  Frame.prototype.pointer = function (e) {
    var r = this.overlay.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  /* Draws the y grid and labels; returns the left edge of the plot. */
  Frame.prototype.yAxis = function (ctx, ticks, sy, decimals, fmt, w, top, bottom, left) {
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (var i = 0; i < ticks.length; i++) {
      var y = Math.round(sy(ticks[i])) + 0.5;
      if (y < top - 1 || y > bottom + 1) continue;
      ctx.strokeStyle = GRID;
      ctx.beginPath(); ctx.moveTo(left, y); ctx.lineTo(w - 8, y); ctx.stroke();
      ctx.fillStyle = AXIS;
      ctx.fillText(fmt(ticks[i], decimals), left - 6, y);
    }
  };
  function labelWidth(ctx, ticks, fmt, decimals) {
    var m = 0;
    for (var i = 0; i < ticks.length; i++) m = Math.max(m, ctx.measureText(fmt(ticks[i], decimals)).width);
    return Math.ceil(m) + 12;
  }
  function swatchRow(color, name, value) {
    return '<div><i style="background:' + color + '"></i>' + esc(name) + '<b>' + value + '</b></div>';
  }

  /* ---------- time-series chart ---------- */
  function TimeChart(host, spec) {
    Frame.call(this, host, spec);
    this.x = spec.x;
    this.full = [spec.x[0], spec.x[spec.x.length - 1]];
    this.range = this.full.slice();
    this.log = !!spec.log;
    this.drag = null;
    if (spec.group) (groups[spec.group] = groups[spec.group] || []).push(this);
    var self = this, o = this.overlay;
    o.addEventListener('mousedown', function (e) {
      if (e.button !== 0) return;
      self.drag = self.pointer(e).x;
      e.preventDefault();
    });
    o.addEventListener('mousemove', function (e) { self.hover(self.pointer(e)); });
    root.addEventListener('mouseup', function (e) {
      if (self.drag === null) return;
      var a = self.drag, b = self.pointer(e).x;
      self.drag = null;
      if (Math.abs(b - a) > 6) self.zoomTo(self.px2x(Math.min(a, b)), self.px2x(Math.max(a, b)));
    });
    o.addEventListener('wheel', function (e) {
      if (!(e.ctrlKey || e.metaKey || e.shiftKey)) return; /* plain wheel scrolls the page; pinch sends ctrlKey */
      e.preventDefault();
      var p = self.pointer(e), c = self.px2x(p.x), f = e.deltaY > 0 ? 1.25 : 0.8;
      self.zoomTo(c - (c - self.range[0]) * f, c + (self.range[1] - c) * f);
    }, { passive: false });
    o.addEventListener('dblclick', function () { self.zoomTo(self.full[0], self.full[1]); });
    this.draw();
  }
  TimeChart.prototype = Object.create(Frame.prototype);
  TimeChart.prototype.px2x = function (px) {
    var p = this.plot;
    return this.range[0] + (Math.min(Math.max(px, p.l), p.r) - p.l) / (p.r - p.l) * (this.range[1] - this.range[0]);
  };
  /* Sets the visible x range (ms) on this chart and every chart of its group. */
  TimeChart.prototype.zoomTo = function (a, b) {
    var x = this.x, minSpan = x.length > 1 ? 5 * (this.full[1] - this.full[0]) / (x.length - 1) : 1;
    a = Math.max(a, this.full[0]);
    b = Math.min(b, this.full[1]);
    if (b - a < minSpan) { var c = (a + b) / 2; a = Math.max(this.full[0], c - minSpan / 2); b = Math.min(this.full[1], a + minSpan); }
    var members = this.spec.group ? groups[this.spec.group] : [this];
    members.forEach(function (ch) { ch.range = [a, b]; ch.hide(); ch.draw(); });
  };
  TimeChart.prototype.setLog = function (on) { this.log = !!on; this.draw(); };
  TimeChart.prototype.zoomed = function () { return this.range[0] > this.full[0] || this.range[1] < this.full[1]; };

  TimeChart.prototype.draw = function () {
    var spec = this.spec, x = this.x, w = this.width(), h = this.height, self = this;
    var ctx = fit(this.canvas, w, h);
    fit(this.overlay, w, h);
    var i0 = Math.max(0, lowerBound(x, this.range[0]) - 1), i1 = Math.min(x.length - 1, lowerBound(x, this.range[1]));
    var log = this.log, lo = Infinity, hi = -Infinity;
    spec.series.forEach(function (s) {
      if (s.hidden || s.rug) return;
      for (var i = i0; i <= i1; i++) {
        var v = s.y[i];
        if (ok(v) && (!log || v > 0)) { if (v < lo) lo = v; if (v > hi) hi = v; }
      }
    });
    if (ok(spec.baseline) && (!log || spec.baseline > 0)) { lo = Math.min(lo, spec.baseline); hi = Math.max(hi, spec.baseline); }
    if (lo === Infinity) { lo = log ? 1 : 0; hi = log ? 10 : 1; }
    var T = log ? Math.log : function (v) { return v; };
    var tlo = T(lo), thi = T(hi), pad = (thi - tlo) * 0.05 || Math.abs(thi) * 0.05 || 1;
    tlo -= pad; thi += pad;
    var top = 8, bottom = h - 22, fmt = fmtOf(spec.yFormat);
    var yt = log ? logTicks(Math.exp(tlo), Math.exp(thi), Math.max(3, Math.floor((bottom - top) / 40)))
      : linearTicks(tlo, thi, Math.max(3, Math.floor((bottom - top) / 40)));
    var dec = log ? 0 : tickDecimals(yt.step, spec.yFormat);
    if (log) yt.ticks.forEach(function (v) { dec = Math.max(dec, tickDecimals(Math.abs(v - 1) || 1, spec.yFormat)); });
    dec = Math.min(dec, 2);
    var l = labelWidth(ctx, yt.ticks, fmt, dec), r = w - 10;
    var sx = function (v) { return l + (v - self.range[0]) / (self.range[1] - self.range[0] || 1) * (r - l); };
    var sy = function (v) { return bottom - (T(v) - tlo) / (thi - tlo) * (bottom - top); };
    this.plot = { l: l, r: r, t: top, b: bottom, sx: sx, sy: sy, i0: i0, i1: i1 };
    this.yAxis(ctx, yt.ticks, sy, dec, fmt, w, top, bottom, l);
    (spec.refLines || []).concat(ok(spec.baseline) ? [spec.baseline] : []).forEach(function (v) {
      if (log && v <= 0) return;
      var y = Math.round(sy(v)) + 0.5;
      if (y < top || y > bottom) return;
      ctx.strokeStyle = ZERO;
      ctx.beginPath(); ctx.moveTo(l, y); ctx.lineTo(r, y); ctx.stroke();
    });
    var xt = this.xTicks(Math.max(2, Math.floor((r - l) / 80)));
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillStyle = AXIS;
    xt.ticks.forEach(function (v) {
      var px = Math.round(sx(v)) + 0.5;
      ctx.strokeStyle = GRID;
      ctx.beginPath(); ctx.moveTo(px, top); ctx.lineTo(px, bottom + 4); ctx.stroke();
      ctx.fillText(xt.label(v), px, bottom + 6);
    });
    ctx.save();
    ctx.beginPath(); ctx.rect(l, top, r - l, bottom - top); ctx.clip();
    var drawn = 0;
    spec.series.forEach(function (s) {
      if (s.hidden) return;
      var valid = log ? function (v) { return ok(v) && v > 0; } : ok;
      if (s.points || s.rug) { drawn += marks(ctx, x, s, i0, i1, sx, sy, valid, bottom) ? 1 : 0; return; }
      if (s.area) {
        var ends = trace(ctx, x, s.y, i0, i1, sx, sy, valid);
        if (ends) {
          var base = sy(ok(spec.baseline) ? spec.baseline : 0);
          ctx.lineTo(ends[1], base); ctx.lineTo(ends[0], base); ctx.closePath();
          ctx.fillStyle = s.fill || s.color; ctx.fill();
        }
      }
      ctx.strokeStyle = s.color;
      ctx.lineWidth = s.width || 1.4;
      ctx.setLineDash(s.dash || []);
      ctx.lineJoin = 'round';
      drawn += trace(ctx, x, s.y, i0, i1, sx, sy, valid) ? 1 : 0;
      ctx.stroke();
    });
    ctx.restore();
    this.host.dataset.rendered = 'true';
    this.host.dataset.series = String(drawn);
    this.host.dataset.xMin = String(Math.round(this.range[0]));
    this.host.dataset.xMax = String(Math.round(this.range[1]));
    this.host.classList.toggle('zoomed', this.zoomed());
  };

  /* Optional per-series marks instead of a line: s.points (dot radius) draws a dot per valid value; s.rug draws a
     tick on the x axis wherever the series has a value (events without a y, e.g. failed trials). Returns whether any. */
  function marks(ctx, xs, s, i0, i1, sx, sy, valid, bottom) {
    var any = false;
    ctx.fillStyle = s.color;
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 2;
    ctx.setLineDash([]);
    for (var i = i0; i <= i1; i++) {
      if (!ok(s.y[i]) || (!s.rug && !valid(s.y[i]))) continue;
      var px = sx(xs[i]);
      if (s.rug) { ctx.beginPath(); ctx.moveTo(px, bottom); ctx.lineTo(px, bottom - 10); ctx.stroke(); }
      else { ctx.beginPath(); ctx.arc(px, sy(s.y[i]), s.points, 0, 2 * Math.PI); ctx.fill(); }
      any = true;
    }
    return any;
  }

  /* Strokes a series as a path, keeping per pixel column the first, lowest, highest and last point, so a long
     series costs one path segment per pixel; breaks at invalid values. Returns [firstX, lastX] or null. */
  function trace(ctx, xs, ys, i0, i1, sx, sy, valid) {
    var pen = false, col = NaN, fx = 0, fy = 0, mn = 0, mx = 0, lx = 0, ly = 0, first = null, last = 0;
    ctx.beginPath();
    function flush() {
      if (col !== col) return;
      if (pen) ctx.lineTo(fx, fy); else { ctx.moveTo(fx, fy); pen = true; }
      if (mn < fy && mn < ly) ctx.lineTo(fx, mn);
      if (mx > fy && mx > ly) ctx.lineTo(fx, mx);
      ctx.lineTo(lx, ly);
      col = NaN;
    }
    for (var i = i0; i <= i1; i++) {
      var v = ys[i];
      if (!valid(v)) { flush(); pen = false; continue; }
      var px = sx(xs[i]), py = sy(v), c = Math.floor(px);
      if (c !== col) { flush(); col = c; fx = px; fy = py; mn = py; mx = py; }
      if (py < mn) mn = py;
      if (py > mx) mx = py;
      lx = px; ly = py;
      if (first === null) first = px;
      last = px;
    }
    flush();
    return first === null ? null : [first, last];
  }

  TimeChart.prototype.hover = function (p) {
    var pl = this.plot, o = this.overlay, ctx = o.getContext('2d'), spec = this.spec;
    if (!pl) return;
    var dpr = o.width / this.width();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.width(), this.height);
    if (this.drag !== null) {
      this.tip.style.display = 'none';
      ctx.fillStyle = 'rgba(36, 87, 165, 0.12)';
      var a = Math.max(pl.l, Math.min(this.drag, p.x)), b = Math.min(pl.r, Math.max(this.drag, p.x));
      ctx.fillRect(a, pl.t, b - a, pl.b - pl.t);
      return;
    }
    if (p.x < pl.l || p.x > pl.r || p.y < pl.t || p.y > pl.b) { this.hide(); return; }
    var xv = this.px2x(p.x), x = this.x, i = Math.min(lowerBound(x, xv), x.length - 1);
    if (i > 0 && xv - x[i - 1] < x[i] - xv) i--;
    var px = Math.round(pl.sx(x[i])) + 0.5, rows = '', log = this.log;
    ctx.strokeStyle = '#9aa1ab';
    ctx.beginPath(); ctx.moveTo(px, pl.t); ctx.lineTo(px, pl.b); ctx.stroke();
    spec.series.forEach(function (s) {
      if (s.hidden) return;
      var v = s.y[i];
      if (s.rug) { if (ok(v)) rows += swatchRow(s.color, s.name, 'yes'); return; }
      rows += swatchRow(s.color, s.name, ok(v) ? fmtOf(s.format || spec.yFormat)(v, 2) : '\u2014');
      if (!ok(v) || (log && v <= 0)) return;
      ctx.fillStyle = s.color;
      ctx.beginPath(); ctx.arc(px, pl.sy(v), 3, 0, 2 * Math.PI); ctx.fill();
    });
    var title = spec.xKind === 'number' ? (spec.xName ? spec.xName + ' ' : '') + numberText(x[i]) : dateText(x[i], spec.intraday);
    this.showTip('<div class="qc-tip-title">' + esc(title) + '</div>' + rows, p.x, p.y);
  };
  /* About `count` x ticks over the visible range with their label function: calendar dates, or plain numbers. */
  TimeChart.prototype.xTicks = function (count) {
    var a = this.range[0], b = this.range[1];
    if (this.spec.xKind !== 'number') {
      var tt = timeTicks(a, b, count);
      return { ticks: tt.ticks, label: function (v) { return timeLabel(v, tt.unit); } };
    }
    var lt = linearTicks(a, b, count), d = Math.max(0, Math.min(6, -Math.floor(Math.log10(lt.step) + 1e-9)));
    return { ticks: lt.ticks, label: function (v) { return numberText(v, d); } };
  };

  /* ---------- bar chart ---------- */
  function BarChart(host, spec) {
    Frame.call(this, host, spec);
    var self = this;
    this.overlay.addEventListener('mousemove', function (e) { self.hover(self.pointer(e)); });
    this.draw();
  }
  BarChart.prototype = Object.create(Frame.prototype);
  BarChart.prototype.draw = function () {
    var spec = this.spec, cats = spec.categories, n = cats.length, w = this.width(), h = this.height;
    var ctx = fit(this.canvas, w, h);
    fit(this.overlay, w, h);
    var lo = 0, hi = 0, shown = spec.series.filter(function (s) { return !s.hidden; });
    shown.forEach(function (s) { s.values.forEach(function (v) { if (ok(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } }); });
    if (lo === hi) hi = lo + 1;
    var top = 8, bottom = h - 22, fmt = fmtOf(spec.yFormat);
    var step = niceStep(hi - lo, Math.max(3, Math.floor((bottom - top) / 40)));
    var ylo = Math.floor(lo / step + 1e-9) * step, yhi = Math.ceil(hi / step - 1e-9) * step;
    var yt = linearTicks(ylo, yhi, Math.round((yhi - ylo) / step));
    var dec = tickDecimals(yt.step, spec.yFormat), l = labelWidth(ctx, yt.ticks, fmt, dec), r = w - 10;
    var sy = function (v) { return bottom - (v - ylo) / (yhi - ylo) * (bottom - top); };
    var band = (r - l) / Math.max(n, 1);
    this.plot = { l: l, r: r, t: top, b: bottom, band: band };
    this.yAxis(ctx, yt.ticks, sy, dec, fmt, w, top, bottom, l);
    var inner = band * (spec.overlap ? 0.92 : 0.78), bw = spec.overlap ? inner : inner / Math.max(shown.length, 1);
    var drawn = 0;
    shown.forEach(function (s, k) {
      ctx.globalAlpha = spec.overlap ? 0.55 : 1;
      for (var i = 0; i < n; i++) {
        var v = s.values[i];
        if (!ok(v)) continue;
        var x0 = l + i * band + (band - inner) / 2 + (spec.overlap ? 0 : k * bw);
        var y0 = sy(Math.max(v, 0)), y1 = sy(Math.min(v, 0));
        ctx.fillStyle = s.signColors ? (v >= 0 ? s.signColors[0] : s.signColors[1]) : s.color;
        ctx.fillRect(x0, y0, Math.max(bw - (spec.overlap ? 0 : 1), 1), Math.max(y1 - y0, v === 0 ? 0 : 1));
        drawn++;
      }
    });
    ctx.globalAlpha = 1;
    var z = Math.round(sy(0)) + 0.5;
    ctx.strokeStyle = ZERO;
    ctx.beginPath(); ctx.moveTo(l, z); ctx.lineTo(r, z); ctx.stroke();
    var widest = 0;
    cats.forEach(function (c) { widest = Math.max(widest, ctx.measureText(c).width); });
    var every = Math.max(1, Math.ceil((widest + 10) / band));
    ctx.fillStyle = AXIS;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (var i = 0; i < n; i += every) ctx.fillText(cats[i], l + (i + 0.5) * band, bottom + 6);
    this.host.dataset.rendered = 'true';
    this.host.dataset.bars = String(drawn);
  };
  BarChart.prototype.hover = function (p) {
    var pl = this.plot, spec = this.spec, o = this.overlay, ctx = o.getContext('2d');
    if (!pl) return;
    var dpr = o.width / this.width();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.width(), this.height);
    var i = Math.floor((p.x - pl.l) / pl.band);
    if (i < 0 || i >= spec.categories.length || p.y < pl.t || p.y > pl.b) { this.hide(); return; }
    ctx.fillStyle = 'rgba(107, 114, 128, 0.10)';
    ctx.fillRect(pl.l + i * pl.band, pl.t, pl.band, pl.b - pl.t);
    var rows = '', fmt = fmtOf(spec.tipFormat || spec.yFormat);
    spec.series.forEach(function (s) {
      if (s.hidden) return;
      var v = s.values[i];
      rows += swatchRow(s.color, s.name, ok(v) ? fmt(v, 2) : '\u2014');
    });
    var title = spec.tipTitles ? spec.tipTitles[i] : spec.categories[i];
    this.showTip('<div class="qc-tip-title">' + esc(title) + '</div>' + rows, p.x, p.y);
  };

  /* ---------- scatter chart ---------- */
  /* spec: { series: [{ name, color, points: [{ x, y, label, tip }] }], xFormat, yFormat, xName, yName, height, radius }. */
  function ScatterChart(host, spec) {
    Frame.call(this, host, spec);
    var self = this;
    this.overlay.addEventListener('mousemove', function (e) { self.hover(self.pointer(e)); });
    this.draw();
  }
  ScatterChart.prototype = Object.create(Frame.prototype);
  function paddedTicks(lo, hi, count) {
    if (lo === hi) { var d = Math.abs(lo) * 0.1 || 1; lo -= d; hi += d; }
    var pad = (hi - lo) * 0.08, t = linearTicks(lo - pad, hi + pad, count);
    return { ticks: t.ticks, step: t.step, lo: lo - pad, hi: hi + pad };
  }
  ScatterChart.prototype.draw = function () {
    var spec = this.spec, w = this.width(), h = this.height;
    var ctx = fit(this.canvas, w, h);
    fit(this.overlay, w, h);
    var xs = [], ys = [], shown = spec.series.filter(function (s) { return !s.hidden; });
    shown.forEach(function (s) { s.points.forEach(function (p) { if (ok(p.x) && ok(p.y)) { xs.push(p.x); ys.push(p.y); } }); });
    if (!xs.length) { xs = [0, 1]; ys = [0, 1]; }
    var top = 8, bottom = h - 38, fx = fmtOf(spec.xFormat), fy = fmtOf(spec.yFormat);
    var yt = paddedTicks(Math.min.apply(null, ys), Math.max.apply(null, ys), Math.max(3, Math.floor((bottom - top) / 40)));
    var dy = tickDecimals(yt.step, spec.yFormat), l = labelWidth(ctx, yt.ticks, fy, dy), r = w - 14;
    var xt = paddedTicks(Math.min.apply(null, xs), Math.max.apply(null, xs), Math.max(2, Math.floor((r - l) / 90)));
    var dx = tickDecimals(xt.step, spec.xFormat);
    var sx = function (v) { return l + (v - xt.lo) / (xt.hi - xt.lo) * (r - l); };
    var sy = function (v) { return bottom - (v - yt.lo) / (yt.hi - yt.lo) * (bottom - top); };
    this.plot = { l: l, r: r, t: top, b: bottom, sx: sx, sy: sy };
    this.yAxis(ctx, yt.ticks, sy, dy, fy, w, top, bottom, l);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    xt.ticks.forEach(function (v) {
      var px = Math.round(sx(v)) + 0.5;
      if (px < l - 1 || px > r + 1) return;
      ctx.strokeStyle = GRID;
      ctx.beginPath(); ctx.moveTo(px, top); ctx.lineTo(px, bottom + 4); ctx.stroke();
      ctx.fillStyle = AXIS;
      ctx.fillText(fx(v, dx), px, bottom + 6);
    });
    ctx.strokeStyle = ZERO;
    if (yt.lo < 0 && yt.hi > 0) { var zy = Math.round(sy(0)) + 0.5; ctx.beginPath(); ctx.moveTo(l, zy); ctx.lineTo(r, zy); ctx.stroke(); }
    if (xt.lo < 0 && xt.hi > 0) { var zx = Math.round(sx(0)) + 0.5; ctx.beginPath(); ctx.moveTo(zx, top); ctx.lineTo(zx, bottom); ctx.stroke(); }
    ctx.fillStyle = AXIS;
    if (spec.xName) ctx.fillText(spec.xName, (l + r) / 2, bottom + 22);
    if (spec.yName) { ctx.textAlign = 'left'; ctx.fillText(spec.yName, l + 6, top + 2); }
    var drawn = 0;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    shown.forEach(function (s) {
      s.points.forEach(function (p) {
        if (!ok(p.x) || !ok(p.y)) return;
        var px = sx(p.x), py = sy(p.y);
        ctx.fillStyle = s.color;
        ctx.beginPath(); ctx.arc(px, py, spec.radius || 5, 0, 2 * Math.PI); ctx.fill();
        if (p.label) { ctx.fillStyle = '#39404a'; ctx.fillText(p.label, px + 8, py); }
        drawn++;
      });
    });
    this.host.dataset.rendered = 'true';
    this.host.dataset.points = String(drawn);
    this.fx = fx; this.fy = fy;
  };
  ScatterChart.prototype.hover = function (p) {
    var pl = this.plot, spec = this.spec, o = this.overlay, ctx = o.getContext('2d');
    if (!pl) return;
    var dpr = o.width / this.width();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.width(), this.height);
    var best = null, bestD = 144;
    spec.series.forEach(function (s) {
      if (s.hidden) return;
      s.points.forEach(function (q) {
        if (!ok(q.x) || !ok(q.y)) return;
        var dx = pl.sx(q.x) - p.x, dy = pl.sy(q.y) - p.y, d = dx * dx + dy * dy;
        if (d < bestD) { bestD = d; best = { s: s, q: q }; }
      });
    });
    if (!best) { this.hide(); return; }
    ctx.strokeStyle = best.s.color;
    ctx.lineWidth = 2;
    ctx.beginPath(); ctx.arc(pl.sx(best.q.x), pl.sy(best.q.y), 8, 0, 2 * Math.PI); ctx.stroke();
    var title = best.q.label ? best.s.name + ' \u00b7 ' + best.q.label : best.s.name;
    if (best.q.tip) title += ' \u00b7 ' + best.q.tip; /* a point's tooltip-only label */
    this.showTip('<div class="qc-tip-title">' + esc(title) + '</div>' +
      swatchRow(best.s.color, spec.xName || 'x', this.fx(best.q.x, 2)) +
      swatchRow(best.s.color, spec.yName || 'y', this.fy(best.q.y, 2)), p.x, p.y);
  };

  root.QuarryCharts = {
    time: function (host, spec) { return new TimeChart(host, spec); },
    bars: function (host, spec) { return new BarChart(host, spec); },
    scatter: function (host, spec) { return new ScatterChart(host, spec); },
    formats: formats
  };
})(window);
