(function () {
  'use strict';

  var errors = [];
  function report() {
    document.body.setAttribute('data-errors', String(errors.length));
    var box = document.getElementById('errors');
    if (errors.length > 0) {
      box.textContent = 'The page could not be drawn completely:\n' + errors.join('\n');
      box.hidden = false;
    }
  }
  window.addEventListener('error', function (e) {
    errors.push(String(e.message));
    report();
  });

  var SVG = 'http://www.w3.org/2000/svg';
  var LANE = 28, BAR = 20, LABELS = 88, LEFT = 8, RIGHT = 24, AXIS = 22, CHAR = 6.7;

  function html(name, attrs, parent, text) {
    var node = document.createElement(name);
    for (var key in attrs) { node.setAttribute(key, attrs[key]); }
    if (text !== undefined) { node.textContent = text; }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function svg(name, attrs, parent, text) {
    var node = document.createElementNS(SVG, name);
    for (var key in attrs) { node.setAttribute(key, String(attrs[key])); }
    if (text !== undefined) { node.textContent = text; }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function fit(text, width) {
    var chars = Math.floor((width - 8) / CHAR);
    if (chars <= 0) { return ''; }
    return text.length <= chars ? text : (chars <= 1 ? '…' : text.slice(0, chars - 1) + '…');
  }

  var tooltip = document.getElementById('tooltip');
  function showTooltip(event, build) {
    while (tooltip.firstChild) { tooltip.removeChild(tooltip.firstChild); }
    build(tooltip);
    tooltip.hidden = false;
    moveTooltip(event);
  }
  function moveTooltip(event) {
    var x = event.clientX + 14, y = event.clientY + 14;
    var w = tooltip.offsetWidth, h = tooltip.offsetHeight;
    if (x + w > window.innerWidth - 8) { x = Math.max(8, event.clientX - w - 14); }
    if (y + h > window.innerHeight - 8) { y = Math.max(8, event.clientY - h - 14); }
    tooltip.style.left = x + 'px';
    tooltip.style.top = y + 'px';
  }
  function hideTooltip() { tooltip.hidden = true; }

  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }

  function outcomeText(part, verdict) {
    if (part.outcome === 'Ok') { return 'linearizable'; }
    if (part.outcome === 'Illegal') { return 'not linearizable'; }
    return verdict === 'Illegal' ? 'stopped' : 'not decided';
  }

  function drawPart(part, index, total, verdict, main) {
    var section = html('section', { 'class': 'part', id: 'part-' + (index + 1) }, main);
    var details = html('details', {}, section);
    if (part.outcome === 'Illegal' || (part.outcome === 'Unknown' && verdict !== 'Illegal') || total <= 4) { details.open = true; }
    var summary = html('summary', {}, details);
    var heading = total > 1 ? 'Part ' + (index + 1) + ' of ' + total + (part.name ? ': ' + part.name : '') : (part.name || 'History');
    html('h2', {}, summary, heading + ' ');
    html('span', { 'class': 'outcome ' + part.outcome }, summary, outcomeText(part, verdict));
    if (part.outcome === 'Unknown' && verdict === 'Illegal') {
      summary.appendChild(document.createTextNode(' (not checked to the end: another part is not linearizable)'));
    }
    var clients = {};
    part.operations.forEach(function (op) { clients[op.client] = true; });
    var clientIds = Object.keys(clients).map(Number).sort(function (a, b) { return a - b; });
    summary.appendChild(document.createTextNode(' — ' + plural(part.operations.length, 'operation') + ', ' + plural(clientIds.length, 'client')));

    if (part.operations.length === 0) {
      html('p', { 'class': 'empty' }, details, 'No operations.');
      return 0;
    }

    // Even spacing of the distinct call and return times; each time shown as the page's data gives it.
    var times = [];
    var timeText = new Map();
    part.operations.forEach(function (op) {
      times.push(op.call);
      timeText.set(op.call, op.callText);
      if (op['return'] !== null) { times.push(op['return']); timeText.set(op['return'], op.returnText); }
    });
    times.sort(function (a, b) { return a - b; });
    var distinct = [];
    times.forEach(function (t) { if (distinct.length === 0 || distinct[distinct.length - 1] !== t) { distinct.push(t); } });
    var rank = new Map();
    distinct.forEach(function (t, i) { rank.set(t, i); });
    // Wide enough that a typical operation shows its number and some text.
    var spans = part.operations
      .filter(function (op) { return op['return'] !== null; })
      .map(function (op) { return Math.max(1, rank.get(op['return']) - rank.get(op.call)); })
      .sort(function (a, b) { return a - b; });
    var typical = spans.length > 0 ? spans[Math.floor(spans.length / 2)] : 1;
    var step = Math.max(16, Math.min(64, Math.ceil(100 / typical)));
    var end = distinct.length; // where operations with no answer end

    // A lane per client, with extra rows if a client's operations overlap.
    var rows = [];
    var rowOf = new Array(part.operations.length);
    var laneTop = [];
    clientIds.forEach(function (client) {
      var mine = [];
      part.operations.forEach(function (op, i) { if (op.client === client) { mine.push(i); } });
      mine.sort(function (a, b) { return part.operations[a].call - part.operations[b].call; });
      var ends = [];
      var first = rows.length;
      mine.forEach(function (i) {
        var op = part.operations[i];
        var from = rank.get(op.call), to = op['return'] === null ? end : rank.get(op['return']);
        var r = 0;
        while (r < ends.length && ends[r] >= from) { r++; }
        ends[r] = to;
        rowOf[i] = first + r;
      });
      for (var r = 0; r < Math.max(1, ends.length); r++) { rows.push(client); }
      laneTop.push({ client: client, row: first, rows: Math.max(1, ends.length) });
    });

    var involved = {};
    (part.involved || []).forEach(function (i) { involved[i] = true; });
    if (part.explanation) {
      var why = html('div', { 'class': 'explanation' }, details);
      html('h3', {}, why, 'Why it is not linearizable (found from the values read, without search)');
      html('p', {}, why, part.explanation);
    }
    var info = html('p', { 'class': 'part-info' }, details);
    // Client names stay in place on the left while the time line scrolls.
    var row = html('div', { 'class': 'chart-row' }, details);
    var width = LEFT + (end + 1) * step + RIGHT;
    var height = AXIS + rows.length * LANE + 8;
    var names = svg('svg', { width: LABELS, height: height, 'class': 'names' }, row);
    var scroll = html('div', { 'class': 'scroll' }, row);
    var chart = svg('svg', { width: width, height: height, viewBox: '0 0 ' + width + ' ' + height }, scroll);
    var defs = svg('defs', {}, chart);
    // Hatching for operations with no answer, one per bar kind; ids unique per part.
    var hatch = {};
    [['linearized', '#a5d6a7'], ['rejected', '#ef9a9a'], ['pending', '#cfd8dc']].forEach(function (kind) {
      var id = 'hatch-' + (index + 1) + '-' + kind[0];
      var pattern = svg('pattern', { id: id, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, defs);
      svg('rect', { width: 6, height: 6, fill: '#ffffff' }, pattern);
      svg('rect', { width: 3, height: 6, fill: kind[1] }, pattern);
      hatch[kind[0]] = 'url(#' + id + ')';
    });

    laneTop.forEach(function (lane) {
      var y = AXIS + lane.row * LANE;
      svg('line', { 'class': 'lane-line', x1: 0, x2: width, y1: y + lane.rows * LANE, y2: y + lane.rows * LANE }, chart);
      svg('line', { 'class': 'lane-line', x1: 0, x2: LABELS, y1: y + lane.rows * LANE, y2: y + lane.rows * LANE }, names);
      svg('text', { 'class': 'lane-label', x: 12, y: y + LANE / 2 + 4 }, names, 'client ' + lane.client);
    });
    var every = Math.max(1, Math.round(80 / step));
    var shown = null;
    for (var t = 0; t < distinct.length; t += every) {
      var tx = LEFT + t * step;
      svg('line', { 'class': 'tick', x1: tx, x2: tx, y1: AXIS - 4, y2: height }, chart);
      var text = timeText.get(distinct[t]);
      if (text !== shown) { svg('text', { 'class': 'lane-label', x: tx + 2, y: AXIS - 8 }, chart, text); } // a label once
      shown = text;
    }

    var bars = part.operations.map(function (op, i) {
      var from = rank.get(op.call), to = op['return'] === null ? end : rank.get(op['return']);
      var x = LEFT + from * step + 1;
      var w = Math.max(6, (to - from) * step - 2);
      var y = AXIS + rowOf[i] * LANE + (LANE - BAR) / 2;
      var g = svg('g', {}, chart);
      var rect = svg('rect', { 'class': 'bar' + (op['return'] === null ? ' unknown' : ''), x: x, y: y, width: w, height: BAR, rx: 3, 'data-op': i }, g);
      var label = svg('text', { x: x + 4, y: y + BAR / 2 + 4 }, g);
      return { op: op, rect: rect, label: label, width: w };
    });

    var current = 0;
    var positions = [];

    function candidates() {
      var named = part.rejectedNext.slice(0, 3).map(function (i) {
        return part.operations[i].text + ' (client ' + part.operations[i].client + ')';
      }).join(', ');
      if (part.rejectedNext.length > 3) { named += ' and ' + (part.rejectedNext.length - 3) + ' more'; }
      return named;
    }

    function paint() {
      var lin = part.linearizations[current];
      positions = new Array(part.operations.length);
      if (lin) { lin.steps.forEach(function (s, k) { positions[s.operation] = k; }); }
      var rejected = {};
      if (current === 0) { part.rejectedNext.forEach(function (i) { rejected[i] = true; }); }
      bars.forEach(function (bar, i) {
        var kind = positions[i] !== undefined ? 'linearized' : rejected[i] ? 'rejected' : 'pending';
        bar.rect.setAttribute('class', 'bar ' + kind + (bar.op['return'] === null ? ' unknown' : '') + (involved[i] ? ' involved' : ''));
        if (bar.op['return'] === null) { bar.rect.style.fill = hatch[kind]; }
        var prefix = kind === 'linearized' ? (positions[i] + 1) + '. ' : kind === 'rejected' ? '✗ ' : '';
        var label = fit(prefix + bar.op.text, bar.width);
        if (prefix && label.length < prefix.length + 2) { label = prefix.trim(); } // keep the number, even if it overflows
        bar.label.textContent = label;
        bar.label.setAttribute('class', kind === 'linearized' ? 'order' : kind === 'rejected' ? 'cross' : '');
      });
      while (info.firstChild) { info.removeChild(info.firstChild); }
      var n = part.operations.length;
      var text;
      if (!lin) {
        text = part.outcome === 'Illegal' && part.linearizationsComplete
          ? 'Not even the first operation can be linearized.'
          : part.outcome === 'Illegal'
            ? 'No linearizable prefix to show (the search for one was cut short).'
            : 'No linearization to show (the check did not record any).';
        if (part.outcome === 'Illegal' && part.rejectedNext.length > 0) {
          text += ' Each of ' + candidates() + ' (in red) could have gone first, but the model rejects it in the initial state ' + part.initialState + '.';
        }
      } else if (part.outcome === 'Ok') {
        text = 'Linearizable: the numbers give one order in which the ' + n + ' operations could have taken effect.';
      } else if (current === 0 && part.outcome === 'Unknown') {
        text = 'Not decided. The longest linearizable prefix found so far has ' + lin.steps.length + ' of ' + n + ' operations (numbered, in order).';
      } else if (current === 0) {
        var last = lin.steps.length > 0 ? lin.steps[lin.steps.length - 1].state : part.initialState;
        text = part.linearizationsComplete
          ? 'The longest linearizable prefix has ' + lin.steps.length + ' of ' + n + ' operations (numbered, in order); it ends in state ' + last + '.'
          : 'A linearizable prefix (from a search cut short, so maybe not the longest) has ' + lin.steps.length + ' of ' + n +
            ' operations (numbered, in order); it ends in state ' + last + '.';
        if (part.rejectedNext.length > 0) {
          text += ' Next could come ' + candidates() + ' (in red), but the model rejects each of them in that state.';
        }
      } else {
        text = 'Showing linearizable prefix ' + (current + 1) + ' of ' + part.linearizations.length + ': ' + lin.steps.length + ' of ' + n + ' operations.';
      }
      info.appendChild(document.createTextNode(text));
      if (current !== 0) {
        var back = html('button', { type: 'button' }, info, 'Show the longest prefix');
        back.addEventListener('click', function () { current = 0; paint(); });
      }
    }

    function describe(box, i) {
      var op = part.operations[i];
      var lin = part.linearizations[current];
      html('div', { 'class': 'op' }, box, op.text);
      var dl = html('dl', {}, box);
      function row(term, value) { html('dt', {}, dl, term); html('dd', {}, dl, value); }
      row('client', String(op.client));
      row('called at', op.callText);
      row('returned at', op['return'] === null ? 'never (outcome unknown)' : op.returnText);
      var k = positions[i];
      if (involved[i]) { html('div', { 'class': 'note' }, box, 'Named where the page says why this part is not linearizable.'); }
      if (lin && k !== undefined) {
        row('step', (k + 1) + ' of ' + lin.steps.length);
        row('state before', k === 0 ? part.initialState : lin.steps[k - 1].state);
        row('state after', lin.steps[k].state);
      } else if (current === 0 && part.rejectedNext.indexOf(i) >= 0) {
        row('state', lin && lin.steps.length > 0 ? lin.steps[lin.steps.length - 1].state : part.initialState);
        html('div', { 'class': 'note' }, box, 'Could come next, but the model rejects it in this state.');
      } else {
        var other = part.longestWith[i];
        html('div', { 'class': 'note' }, box, other >= 0 && other !== current
          ? 'Not in this prefix. Click to show the longest linearizable prefix that includes it.'
          : other >= 0 ? 'Not in this prefix.' : 'No linearizable prefix found includes it.');
      }
    }

    bars.forEach(function (bar, i) {
      bar.rect.addEventListener('mouseenter', function (e) { showTooltip(e, function (box) { describe(box, i); }); });
      bar.rect.addEventListener('mousemove', moveTooltip);
      bar.rect.addEventListener('mouseleave', hideTooltip);
      bar.rect.addEventListener('click', function () {
        var other = part.longestWith[i];
        if (other >= 0 && other !== current) { current = other; paint(); hideTooltip(); }
      });
    });
    paint();
    // Start the time line where it goes wrong: just before the first operation that could not come next (or that the
    // explanation names).
    var marked = part.rejectedNext.length > 0 ? part.rejectedNext : (part.involved || []);
    if (marked.length > 0) {
      var firstBad = Math.min.apply(null, marked.map(function (i) { return Number(bars[i].rect.getAttribute('x')); }));
      scroll.scrollLeft = Math.max(0, firstBad - 400);
    }
    return bars.length;
  }

  function main() {
    var data = JSON.parse(document.getElementById('history-data').textContent);
    var verdict = document.getElementById('verdict');
    html('span', { 'class': 'outcome ' + data.outcome }, verdict,
      data.outcome === 'Ok' ? 'Linearizable' : data.outcome === 'Illegal' ? 'Not linearizable' : 'Unknown');
    var summary = ' — checked in ' + data.elapsed + '; ' + data.parts.length + (data.parts.length === 1 ? ' part' : ' independent parts');
    if (data.reason) { summary += ' (' + data.reason + ')'; }
    verdict.appendChild(document.createTextNode(summary + '.'));
    if (data.notes && data.notes.length > 0) {
      var notes = document.getElementById('notes');
      html('h2', {}, notes, data.notes.length === 1 ? 'Finding' : 'Findings (' + data.notes.length + ')');
      var list = html('ul', {}, notes);
      data.notes.forEach(function (note) { html('li', {}, list, note); });
      notes.hidden = false;
    }

    var nav = document.getElementById('parts');
    if (data.parts.length > 1) {
      data.parts.forEach(function (part, i) {
        var link = html('a', { href: '#part-' + (i + 1), 'class': part.outcome }, nav, 'part ' + (i + 1) + ': ' + outcomeText(part, data.outcome));
        link.addEventListener('click', function () {
          var section = document.getElementById('part-' + (i + 1));
          if (section) { section.querySelector('details').open = true; }
        });
      });
    }
    var mainBox = document.getElementById('main');
    if (data.parts.length === 0) {
      html('p', { 'class': 'empty' }, mainBox, 'The history is empty.');
    }
    var bars = 0;
    data.parts.forEach(function (part, i) { bars += drawPart(part, i, data.parts.length, data.outcome, mainBox); });
    document.body.setAttribute('data-bars', String(bars));
  }

  try {
    main();
  } catch (e) {
    errors.push(String(e && e.stack ? e.stack : e));
    console.error(e);
  }
  report();
  document.body.setAttribute('data-ready', 'true');
})();
