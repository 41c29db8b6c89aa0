(function () {
  'use strict';
  var errors = [];
  window.addEventListener('error', function (e) {
    errors.push(String(e.message));
    document.body.setAttribute('data-errors', String(errors.length));
  });
  var NS = 'http://www.w3.org/2000/svg';
  var LANE = 210, ROW = 24, TOP = 46, LEFT = 90;
  function el(name, attrs, parent, text) {
    var node = document.createElementNS(NS, name);
    for (var key in attrs) { node.setAttribute(key, String(attrs[key])); }
    if (text !== undefined) { node.textContent = text; }
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function laneX(lane) { return LEFT + 40 + lane * LANE; }
  function rowY(i) { return TOP + 16 + i * ROW; }

  var data = JSON.parse(document.getElementById('diagram-data').textContent);
  var events = data.events, messages = data.messages;
  var current = events.length - 1;

  if (data.notes.length > 0) {
    var notes = document.getElementById('notes');
    notes.hidden = false;
    data.notes.forEach(function (line) { var p = document.createElement('p'); p.textContent = line; notes.appendChild(p); });
  }

  var width = LEFT + 40 + Math.max(1, data.lanes.length) * LANE + 120;
  var height = rowY(events.length) + 20;
  var svg = el('svg', { width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, role: 'img' });
  document.getElementById('diagram').appendChild(svg);

  var rowsLayer = el('g', {}, svg), lanesLayer = el('g', {}, svg), arrowsLayer = el('g', {}, svg), dotsLayer = el('g', {}, svg);
  data.lanes.forEach(function (name, lane) {
    el('line', { 'class': 'lane-line', x1: laneX(lane), y1: TOP, x2: laneX(lane), y2: height - 10 }, lanesLayer);
    el('text', { 'class': 'lane-name', x: laneX(lane), y: TOP - 14 }, lanesLayer, name);
  });

  var rows = events.map(function (e, i) {
    var g = el('g', { 'class': 'row' + (e.blamed ? ' blamed' : ''), 'data-index': i }, rowsLayer);
    el('rect', { 'class': 'band', x: 0, y: rowY(i) - ROW / 2, width: width, height: ROW }, g);
    el('text', { 'class': 'time', x: LEFT, y: rowY(i) + 4 }, g, e.time);
    el('text', { 'class': 'label', x: laneX(e.lane) + 10, y: rowY(i) + 4 }, g, e.text);
    var dot = el('circle', { 'class': 'event ' + e.kind, cx: laneX(e.lane), cy: rowY(i), r: e.kind === 'Crash' || e.kind === 'Restart' ? 7 : 4.5 }, dotsLayer);
    g.addEventListener('click', function () { go(i); });
    return { g: g, dot: dot };
  });

  var arrows = messages.map(function (m) {
    var from = events[m.from];
    var x1 = laneX(from.lane), y1 = rowY(m.from);
    var x2, y2, cross = null;
    if (m.to >= 0) { x2 = laneX(events[m.to].lane); y2 = rowY(m.to); }
    else { x2 = (x1 + laneX(m.toLane)) / 2; y2 = y1 + ROW * 0.8; }
    var blamed = from.blamed || (m.to >= 0 && events[m.to].blamed);
    var fate = m.fate.replace(/[^a-z]+/g, '-');
    var line = el('line', { 'class': 'message ' + fate + (blamed ? ' blamed' : ''), x1: x1, y1: y1, x2: x2, y2: y2 }, arrowsLayer);
    el('title', {}, line, m.kind + ': ' + m.fate);
    if (m.to < 0) { cross = el('text', { 'class': 'cross', x: x2, y: y2 }, arrowsLayer, '\u2715'); }
    return { m: m, line: line, cross: cross, fate: fate, blamed: blamed };
  });

  function go(i) {
    if (events.length === 0) { return; }
    current = Math.max(0, Math.min(events.length - 1, i));
    rows.forEach(function (r, j) {
      var cls = 'row' + (events[j].blamed ? ' blamed' : '') + (j === current ? ' current' : '') + (j > current ? ' future' : '');
      r.g.setAttribute('class', cls);
      r.dot.style.opacity = j > current ? '0.18' : '1';
    });
    arrows.forEach(function (a) {
      var visible = a.m.from <= current && (a.m.to < 0 || a.m.to <= current);
      a.line.setAttribute('class', 'message ' + a.fate + (a.blamed ? ' blamed' : '') + (visible ? '' : ' future'));
      if (a.cross) { a.cross.setAttribute('class', 'cross' + (visible ? '' : ' future')); }
    });
    var e = events[current];
    var status = document.getElementById('status');
    status.textContent = 'Event ' + (current + 1) + ' of ' + events.length + ' at ' + e.time + ' on ' + data.lanes[e.lane] + ': ' + e.text +
      (e.blamed ? '  (blamed by the verdict)' : '');
    status.className = e.blamed ? 'blamed' : '';
    document.body.setAttribute('data-step', String(current));
  }
  function nextBlamed(direction) {
    for (var i = current + direction; i >= 0 && i < events.length; i += direction) {
      if (events[i].blamed) { go(i); return; }
    }
  }
  document.addEventListener('keydown', function (e) {
    var handled = true;
    switch (e.key) {
      case 'ArrowRight': case 'ArrowDown': case 'j': go(current + 1); break;
      case 'ArrowLeft': case 'ArrowUp': case 'k': go(current - 1); break;
      case 'Home': go(0); break;
      case 'End': go(events.length - 1); break;
      case 'b': nextBlamed(1); break;
      case 'B': nextBlamed(-1); break;
      default: handled = false;
    }
    if (handled) {
      e.preventDefault();
      var row = rows[current];
      if (row && row.g.scrollIntoView && e.isTrusted) { row.g.scrollIntoView({ block: 'nearest' }); }
    }
  });

  go(current);
  document.body.setAttribute('data-events', String(events.length));
  document.body.setAttribute('data-messages', String(messages.length));
  document.body.setAttribute('data-blamed', String(events.filter(function (e) { return e.blamed; }).length));
  document.body.setAttribute('data-ready', 'true');
})();
