/* chainlead workspace: the charts of the chain, map and trip pages, drawn with ECharts from the page's
 * JSON data island (#page-data), and the small behaviours of every page. The pages' content security
 * policy allows no inline script, no inline handler and no eval: everything is wired here with event
 * listeners. Names and texts come from company data and are untrusted: every text put into HTML (the
 * tooltips are HTML) goes through escapeHtml. Plain ES2018, no build step. */
(function () {
  'use strict';

  var ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

  function escapeHtml(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) { return ESCAPES[c]; });
  }

  function fmt(v, digits, none) {
    return typeof v === 'number' && isFinite(v) ? v.toFixed(digits) : none;
  }

  // '第{n}天' with n put in.
  function fill(template, n) {
    return String(template == null ? '{n}' : template).replace('{n}', String(n));
  }

  var FONT = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", chainlead-cjk, sans-serif';
  var MUTED = 'color:#6b7785';

  // Every page: selects that submit their form, links that print.
  function behaviours() {
    document.querySelectorAll('select[data-autosubmit]').forEach(function (el) {
      el.addEventListener('change', function () {
        if (el.form) el.form.submit();
      });
    });
    document.querySelectorAll('[data-print]').forEach(function (el) {
      el.addEventListener('click', function (e) {
        e.preventDefault();
        window.print();
      });
    });
  }

  // Charts draw text on a canvas, which does not wait for web fonts: load the face the stack needs
  // for Chinese first (nothing is downloaded where a system font of the stack has the glyphs).
  function fontsReady(then) {
    var done = false;
    function once() { if (!done) { done = true; then(); } }
    if (!document.fonts || !document.fonts.load) { once(); return; }
    document.fonts.load('12px ' + FONT, '中链').then(once, once);
    setTimeout(once, 4000);
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function initChart(el) {
    return echarts.init(el, null, { renderer: 'canvas' });
  }

  // White or dark text, whichever reads better on a fill colour '#rrggbb'.
  function textOn(color) {
    var m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color || '');
    if (!m) return '#ffffff';
    var lum = (0.299 * parseInt(m[1], 16) + 0.587 * parseInt(m[2], 16) + 0.114 * parseInt(m[3], 16)) / 255;
    return lum > 0.62 ? '#2b2300' : '#ffffff';
  }

  function tooltipBase(maxWidth) {
    return {
      trigger: 'item',
      confine: true,
      enterable: false,
      backgroundColor: 'rgba(255,255,255,0.97)',
      borderColor: '#c5cfd9',
      textStyle: { color: '#1f2933', fontFamily: FONT, fontSize: 13 },
      extraCssText: 'max-width:' + maxWidth + 'px;white-space:normal;word-break:break-all;' +
        'line-height:1.55;box-shadow:0 2px 8px rgba(0,0,0,.15);'
    };
  }

  /* ---------------------------------------------------------------------------------------------
   * The gap map of one chain. The layout is a pixel canvas of data.width × data.height; the chart
   * keeps its aspect ratio (its height follows its width) and draws every node as a box at its place,
   * filled with its status colour. The links are arrows from box edge to box edge: between columns
   * from the right side of the upstream box to the left side of the downstream one, within a column
   * as an arc on the left. The graph series carries the nodes and (invisible) links, so that hovering
   * a node focuses its adjacency; the arrows of the focused links are drawn stronger.
   * ------------------------------------------------------------------------------------------- */
  function chainMap(data) {
    var el = document.getElementById('chart');
    if (!el || typeof echarts === 'undefined' || !data.nodes) return;
    var L = data.labels || {};
    var byId = {};
    data.nodes.forEach(function (n, i) { byId[n.id] = i; });
    var links = (data.links || []).filter(function (l) {
      return l.source in byId && l.target in byId && l.source !== l.target;
    });
    var scale = 1;

    function sizeToWidth() {
      scale = Math.max(0.55, (el.clientWidth || data.width) / data.width);
      el.style.height = Math.ceil(data.height * scale) + 'px';
    }
    sizeToWidth();
    var chart = initChart(el);

    // The two ends of link l in layout pixels and the curveness of its arc.
    function ends(l) {
      var s = data.nodes[byId[l.source]], t = data.nodes[byId[l.target]];
      var sy = s.y + s.h / 2, ty = t.y + t.h / 2;
      if (t.x >= s.x + s.w) return { from: [s.x + s.w, sy], to: [t.x, ty], c: 0.12 };
      if (t.x + t.w <= s.x) return { from: [s.x, sy], to: [t.x + t.w, ty], c: 0.12 };
      // The same column: an arc on the left side, bulging outward by about 28 px on screen.
      var dy = Math.abs(ty - sy) * scale || 1;
      var c = Math.min(0.9, 56 / dy);
      return { from: [s.x, sy], to: [t.x, ty], c: ty > sy ? -c : c };
    }

    function arrowData(focus) {
      return links.map(function (l, i) {
        var e = ends(l);
        var on = focus && (l.source === focus || l.target === focus);
        var style = { curveness: e.c };
        if (focus) {
          style.color = on ? '#0d47a1' : '#9aa8b8';
          style.opacity = on ? 1 : 0.07;
          style.width = on ? 2 : 1;
        }
        return { coords: [e.from, e.to], lineStyle: style, link: i };
      });
    }

    function option() {
      var nodes = data.nodes.map(function (n) {
        return {
          id: String(n.id),
          name: String(n.name),
          value: [n.x + n.w / 2, n.y + n.h / 2],
          symbol: 'rect',
          symbolSize: [n.w * scale, n.h * scale],
          itemStyle: { color: n.color, borderColor: 'rgba(255,255,255,0.9)', borderWidth: 1 },
          label: {
            show: true,
            color: textOn(n.color),
            fontSize: scale < 0.8 ? 11 : 12,
            width: Math.max(20, n.w * scale - 12),
            overflow: 'truncate',
            formatter: function () { return String(n.name); }
          },
          raw: n
        };
      });
      return {
        animation: false,
        textStyle: { fontFamily: FONT },
        grid: { left: 0, right: 0, top: 0, bottom: 0 },
        xAxis: { type: 'value', min: 0, max: data.width, show: false },
        yAxis: { type: 'value', min: 0, max: data.height, inverse: true, show: false },
        tooltip: Object.assign(tooltipBase(380), {
          formatter: function (p) {
            if (p.dataType !== 'node' || !p.data || !p.data.raw) return '';
            var n = p.data.raw;
            return '<b>' + escapeHtml(n.name) + '</b> <span style="' + MUTED + '">·</span> ' +
              '<span style="color:' + escapeHtml(n.color) + ';font-weight:bold">' +
              escapeHtml(n.status_label) + '</span><br>' +
              escapeHtml(L.local) + '：' + escapeHtml(n.local == null ? L.none : n.local) + '　' +
              escapeHtml(L.lq) + '：' + escapeHtml(fmt(n.lq, 2, L.none)) + '<br>' +
              escapeHtml(L.density) + '：' + escapeHtml(fmt(n.density, 2, L.none)) + '　' +
              escapeHtml(L.priority) + '：' + escapeHtml(fmt(n.priority, 2, L.none)) +
              (n.explanation ? '<div style="margin-top:4px;' + MUTED + '">' + escapeHtml(n.explanation) + '</div>' : '');
          }
        }),
        series: [{
          id: 'nodes',
          type: 'graph',
          layout: 'none',
          coordinateSystem: 'cartesian2d',
          data: nodes,
          links: links.map(function (l) { return { source: byId[l.source], target: byId[l.target] }; }),
          // The links of the graph only define the adjacency: the arrows are the series below.
          lineStyle: { opacity: 0, width: 0 },
          emphasis: { focus: 'adjacency', scale: 1.06, lineStyle: { opacity: 0, width: 0 } },
          blur: { itemStyle: { opacity: 0.22 }, label: { opacity: 0.35 } },
          blurScope: 'series',
          cursor: 'pointer',
          z: 3
        }, {
          id: 'arrows',
          type: 'lines',
          coordinateSystem: 'cartesian2d',
          data: arrowData(null),
          symbol: ['none', 'arrow'],
          symbolSize: 7,
          lineStyle: { color: '#9aa8b8', width: 1, opacity: 0.75 },
          silent: true,
          tooltip: { show: false },
          z: 2
        }, {
          // The band headers: text only, just above each band's first box.
          id: 'bands',
          type: 'scatter',
          data: (data.bands || []).map(function (b) { return { name: String(b.name), value: [b.x, b.y + 12] }; }),
          symbolSize: 0,
          silent: true,
          tooltip: { show: false },
          label: {
            show: true, position: 'right', distance: 0, color: '#0d3b66', fontWeight: 'bold',
            fontSize: scale < 0.8 ? 12 : 13, textBorderColor: '#fff', textBorderWidth: 3,
            formatter: function (p) { return p.name; }
          },
          z: 4
        }]
      };
    }

    chart.setOption(option());
    var focused = null;
    chart.on('mouseover', function (p) {
      if (p.seriesId !== 'nodes' || p.dataType !== 'node' || !p.data || !p.data.raw) return;
      focused = p.data.raw.id;
      chart.setOption({ series: [{ id: 'arrows', data: arrowData(focused) }] });
    });
    function unfocus() {
      if (focused === null) return;
      focused = null;
      chart.setOption({ series: [{ id: 'arrows', data: arrowData(null) }] });
    }
    chart.on('mouseout', function (p) { if (p.seriesId === 'nodes' && p.dataType === 'node') unfocus(); });
    chart.on('globalout', unfocus);
    chart.on('click', function (p) {
      if (p.seriesId === 'nodes' && p.dataType === 'node' && p.data && p.data.raw && p.data.raw.url) {
        window.location.href = p.data.raw.url;
      }
    });
    window.addEventListener('resize', debounce(function () {
      var before = scale;
      sizeToWidth();
      chart.resize();
      if (Math.abs(before - scale) > 1e-3) {
        focused = null;
        chart.setOption(option(), { replaceMerge: ['series'] });
      }
    }, 150));
  }

  /* ---------------------------------------------------------------------------------------------
   * The map of China (province outlines of vendor/china.json). ECharts adds the South China Sea
   * islands inset for a map registered under the name 'china'.
   * ------------------------------------------------------------------------------------------- */
  function registerChina(then) {
    if (echarts.getMap && echarts.getMap('china')) { then(); return; }
    fetch('/assets/vendor/china.json', { credentials: 'same-origin' })
      .then(function (r) {
        if (!r.ok) throw new Error('china.json: HTTP ' + r.status);
        return r.json();
      })
      .then(function (geo) { echarts.registerMap('china', geo); then(); })
      .catch(function (e) { if (window.console) console.warn('chainlead: no map of China', e); });
  }

  var ZOOM_MIN = 0.8, ZOOM_MAX = 60;

  function geoOption(extra) {
    var g = {
      map: 'china',
      roam: true,
      zoom: 1.15,
      scaleLimit: { min: ZOOM_MIN, max: ZOOM_MAX },
      label: { show: true, fontSize: 10, color: '#8193a8' },
      itemStyle: { areaColor: '#eef3f9', borderColor: '#a9bccf', borderWidth: 0.8 },
      emphasis: { label: { show: true, color: '#4a5d73' }, itemStyle: { areaColor: '#dde8f5' } },
      select: { disabled: true }
    };
    return Object.assign(g, extra || {});
  }

  function homeSeries(home, label) {
    return {
      id: 'home',
      type: 'effectScatter',
      name: String(label),
      coordinateSystem: 'geo',
      data: [{ name: String(home.name), value: [home.lon, home.lat] }],
      symbolSize: 13,
      rippleEffect: { scale: 3, brushType: 'stroke' },
      itemStyle: { color: '#c62828', borderColor: '#fff', borderWidth: 1 },
      label: {
        show: true, position: 'right', formatter: String(label), color: '#b71c1c', fontWeight: 'bold',
        fontSize: 13, textBorderColor: '#fff', textBorderWidth: 3
      },
      tooltip: { formatter: function () { return '<b>' + escapeHtml(home.name) + '</b>'; } },
      z: 5
    };
  }

  function currentZoom(chart) {
    var g = chart.getOption().geo;
    return (g && g[0] && g[0].zoom) || 1;
  }

  /* ---------------------------------------------------------------------------------------------
   * Leads on the map. The points of each chain are bucketed by their position on screen into cells
   * of CELL px; each bucket is one bubble (size and label by its count). Where several chains have a
   * bubble in the same cell, the bubbles are set around the cell's centre so that none hides another.
   * Recomputed after every zoom or pan and when a chain is switched off in the legend.
   * ------------------------------------------------------------------------------------------- */
  function leadMap(data) {
    var el = document.getElementById('chart');
    if (!el || typeof echarts === 'undefined') return;
    var chart = initChart(el);
    var L = data.labels || {};
    var CELL = 56;
    var chains = data.chains || [];
    var points = (data.points || []).filter(function (p) { return isFinite(p.lon) && isFinite(p.lat); });
    var shown = {};
    chains.forEach(function (c) { shown[c.name] = true; });

    function size(n) { return n === 1 ? 10 : Math.min(34, 13 + 3.5 * Math.sqrt(n - 1)); }

    function clusters() {
      var cells = {};
      points.forEach(function (p) {
        var px = chart.convertToPixel({ geoIndex: 0 }, [p.lon, p.lat]);
        if (!px || !isFinite(px[0]) || !isFinite(px[1])) return;
        var key = Math.floor(px[0] / CELL) + ':' + Math.floor(px[1] / CELL);
        var cell = cells[key] || (cells[key] = {});
        (cell[p.chain] = cell[p.chain] || []).push({ p: p, px: px });
      });
      var out = {};
      chains.forEach(function (c) { out[c.id] = []; });
      Object.keys(cells).forEach(function (key) {
        var cell = cells[key];
        var groups = chains.filter(function (c) { return cell[c.id]; }).map(function (c) {
          var list = cell[c.id];
          var x = 0, y = 0, lon = 0, lat = 0;
          list.forEach(function (m) { x += m.px[0]; y += m.px[1]; lon += m.p.lon; lat += m.p.lat; });
          var n = list.length;
          return {
            chain: c, n: n, x: x / n, y: y / n, lon: lon / n, lat: lat / n,
            members: list.map(function (m) { return m.p; }).sort(function (a, b) { return (b.score || 0) - (a.score || 0); })
          };
        });
        var visible = groups.filter(function (g) { return shown[g.chain.name]; });
        var cx = 0, cy = 0;
        visible.forEach(function (g) { cx += g.x; cy += g.y; });
        cx /= visible.length || 1;
        cy /= visible.length || 1;
        var r = 0;
        visible.forEach(function (g) { r = Math.max(r, size(g.n) / 2); });
        groups.forEach(function (g) {
          var at = [g.lon, g.lat];
          var k = visible.indexOf(g);
          if (k >= 0 && visible.length > 1) {
            var a = -Math.PI / 2 + 2 * Math.PI * k / visible.length;
            var d = Math.max(6, r * (visible.length > 2 ? 1.0 : 0.85));
            var back = chart.convertFromPixel({ geoIndex: 0 }, [cx + d * Math.cos(a), cy + d * Math.sin(a)]);
            if (back && isFinite(back[0]) && isFinite(back[1])) at = back;
          }
          var lons = g.members.map(function (m) { return m.lon; });
          var lats = g.members.map(function (m) { return m.lat; });
          var spread = Math.max(Math.max.apply(null, lons) - Math.min.apply(null, lons),
            Math.max.apply(null, lats) - Math.min.apply(null, lats));
          out[g.chain.id].push({
            name: String(g.members[0].name),
            value: [at[0], at[1], g.n],
            center: [g.lon, g.lat],
            spread: spread,
            members: g.members,
            symbolSize: size(g.n),
            label: { show: g.n > 1, formatter: String(g.n), color: '#fff', fontSize: g.n > 99 ? 9 : 10, fontWeight: 'bold' }
          });
        });
      });
      return out;
    }

    function series() {
      var byChain = clusters();
      var out = chains.map(function (c) {
        return {
          id: 'chain-' + c.id,
          type: 'scatter',
          name: String(c.name),
          coordinateSystem: 'geo',
          data: byChain[c.id],
          itemStyle: { color: c.color, opacity: 0.88, borderColor: '#fff', borderWidth: 1 },
          emphasis: { scale: 1.15, itemStyle: { opacity: 1 } },
          label: { position: 'inside' },
          cursor: 'pointer',
          z: 3
        };
      });
      out.push(homeSeries(data.home, L.home));
      return out;
    }

    function tooltip(p) {
      var m = p.data && p.data.members;
      if (!m) return '';
      var lines = m.slice(0, 5).map(function (x) {
        return escapeHtml(x.name) + ' <span style="' + MUTED + '">' + escapeHtml(x.city) +
          (x.node ? ' · ' + escapeHtml(x.node) : '') + ' · ' + escapeHtml(fmt(x.score, 2, '')) + '</span>';
      });
      if (m.length > 5) lines.push('<span style="' + MUTED + '">…' + escapeHtml(L.more) + ' ' + m.length + ' ' + escapeHtml(L.leads) + '</span>');
      var head = '<b style="color:' + escapeHtml(p.color) + '">●</b> <b>' + escapeHtml(p.seriesName) + '</b>' +
        (m.length > 1 ? ' <span style="' + MUTED + '">' + m.length + ' ' + escapeHtml(L.leads) + '</span>' : '');
      return head + '<br>' + lines.join('<br>') +
        (m.length === 1 ? '<br><i style="' + MUTED + '">' + escapeHtml(L.click) + '</i>' : '');
    }

    function redraw() {
      chart.setOption({ series: series() });
    }

    fontsReady(function () {
      registerChina(function () {
        chart.setOption({
          animation: false,
          textStyle: { fontFamily: FONT },
          legend: {
            top: 12, left: 12, itemGap: 14, backgroundColor: 'rgba(255,255,255,0.85)', padding: [4, 8],
            data: chains.map(function (c) { return String(c.name); })
          },
          tooltip: Object.assign(tooltipBase(380), { formatter: tooltip }),
          geo: geoOption(),
          series: []
        });
        redraw();
        chart.on('georoam', debounce(redraw, 120));
        chart.on('legendselectchanged', function (e) {
          shown = Object.assign({}, e.selected);
          redraw();
        });
        chart.on('click', function (p) {
          var m = p.data && p.data.members;
          if (!m || !m.length) return;
          var zoom = currentZoom(chart);
          // One lead, the deepest zoom, or leads at one place that no zoom separates: the best one.
          if (m.length === 1 || zoom >= ZOOM_MAX * 0.66 || p.data.spread < 0.005) {
            if (m[0].url) window.location.href = m[0].url;
            return;
          }
          chart.setOption({ geo: { center: p.data.center, zoom: Math.min(ZOOM_MAX, zoom * 2.5) } });
          redraw();
        });
        window.addEventListener('resize', debounce(function () { chart.resize(); redraw(); }, 150));
      });
    });
  }

  /* ---------------------------------------------------------------------------------------------
   * A trip's route: home, then the stops in order; one line series per day (the legend shows the
   * days' colours). Stops at the same place share one marker labelled with their numbers. The view
   * is fitted to the route.
   * ------------------------------------------------------------------------------------------- */
  var DAY_COLORS = ['#1565c0', '#ef6c00', '#2e7d32', '#6a1b9a', '#00838f', '#ad1457', '#558b2f', '#5d4037'];

  function tripMap(data) {
    var el = document.getElementById('chart');
    if (!el || typeof echarts === 'undefined' || !data.home) return;
    var chart = initChart(el);
    var L = data.labels || {};
    var stops = (data.stops || []).filter(function (s) { return isFinite(s.lon) && isFinite(s.lat); })
      .slice().sort(function (a, b) { return a.order - b.order; });
    var days = [];
    stops.forEach(function (s) { if (days.indexOf(s.day) < 0) days.push(s.day); });
    days.sort(function (a, b) { return a - b; });
    function dayColor(d) { return DAY_COLORS[Math.max(0, days.indexOf(d)) % DAY_COLORS.length]; }
    function same(a, b) { return Math.abs(a[0] - b[0]) < 1e-4 && Math.abs(a[1] - b[1]) < 1e-4; }

    // The legs, by the day of the stop they lead to.
    var legs = {};
    var from = [data.home.lon, data.home.lat];
    stops.forEach(function (s) {
      var to = [s.lon, s.lat];
      if (!same(from, to)) (legs[s.day] = legs[s.day] || []).push({ coords: [from, to] });
      from = to;
    });

    // One marker per place.
    var places = [];
    stops.forEach(function (s) {
      var at = [s.lon, s.lat];
      var place = places.filter(function (p) { return same(p.at, at); })[0];
      if (!place) places.push(place = { at: at, stops: [] });
      place.stops.push(s);
    });

    function stopHtml(s) {
      return '<b>' + escapeHtml(fill(L.stop, s.order)) + ' · ' + escapeHtml(fill(L.day, s.day)) + ' · ' +
        escapeHtml(s.city) + '</b><br>' +
        (s.companies || []).map(function (c) { return '· ' + escapeHtml(c.name); }).join('<br>');
    }

    // The view: the route's extent, with a margin, within China's.
    var lons = [data.home.lon], lats = [data.home.lat];
    stops.forEach(function (s) { lons.push(s.lon); lats.push(s.lat); });
    var minLon = Math.min.apply(null, lons), maxLon = Math.max.apply(null, lons);
    var minLat = Math.min.apply(null, lats), maxLat = Math.max.apply(null, lats);
    var zoom = Math.min(62 / Math.max(4, (maxLon - minLon) * 1.5), 36 / Math.max(3, (maxLat - minLat) * 1.6));
    zoom = Math.max(1.15, Math.min(8, zoom));
    var view = zoom > 1.3 ? { zoom: zoom, center: [(minLon + maxLon) / 2, (minLat + maxLat) / 2] } : {};

    var series = days.map(function (d) {
      return {
        id: 'day-' + d,
        type: 'lines',
        name: fill(L.day, d),
        coordinateSystem: 'geo',
        data: legs[d] || [],
        symbol: ['none', 'arrow'],
        symbolSize: 10,
        lineStyle: { color: dayColor(d), width: 2.5, opacity: 0.9, curveness: 0.18 },
        silent: true,
        tooltip: { show: false },
        z: 3
      };
    });
    series.push({
      id: 'stops',
      type: 'scatter',
      coordinateSystem: 'geo',
      data: places.map(function (p) {
        var text = p.stops.map(function (s) { return s.order; }).join('·');
        return {
          name: String(p.stops[0].city),
          value: p.at,
          stops: p.stops,
          symbol: p.stops.length > 1 ? 'roundRect' : 'circle',
          symbolSize: p.stops.length > 1 ? [10 + 8 * text.length, 22] : 22,
          itemStyle: { color: dayColor(p.stops[0].day), borderColor: '#fff', borderWidth: 1.5 },
          label: { show: true, position: 'inside', formatter: text, color: '#fff', fontWeight: 'bold', fontSize: 12 }
        };
      }),
      tooltip: { formatter: function (p) { return (p.data.stops || []).map(stopHtml).join('<br>'); } },
      cursor: 'default',
      z: 5
    }, {
      // The cities' names beside the markers.
      id: 'cities',
      type: 'scatter',
      coordinateSystem: 'geo',
      data: places.map(function (p) {
        var text = p.stops.map(function (s) { return s.order; }).join('·');
        // Right of the marker's edge.
        return { name: String(p.stops[0].city), value: p.at, label: { distance: p.stops.length > 1 ? 7 + 4 * text.length : 13 } };
      }),
      symbolSize: 0,
      silent: true,
      tooltip: { show: false },
      label: {
        show: true, position: 'right', color: '#1f2933', fontSize: 12,
        textBorderColor: '#fff', textBorderWidth: 3, formatter: function (p) { return p.name; }
      },
      z: 4
    }, homeSeries(data.home, data.home.name));

    fontsReady(function () {
      registerChina(function () {
        chart.setOption({
          animation: false,
          textStyle: { fontFamily: FONT },
          legend: days.length > 1 ? {
            top: 12, left: 12, backgroundColor: 'rgba(255,255,255,0.85)', padding: [4, 8],
            data: days.map(function (d) { return { name: fill(L.day, d), icon: 'roundRect' }; })
          } : { show: false },
          tooltip: tooltipBase(360),
          geo: geoOption(view),
          series: series
        });
        window.addEventListener('resize', debounce(function () { chart.resize(); }, 150));
      });
    });
  }

  function main() {
    behaviours();
    var island = document.getElementById('page-data');
    if (!island) return;
    var data;
    try {
      data = JSON.parse(island.textContent);
    } catch (e) {
      if (window.console) console.warn('chainlead: unreadable #page-data', e);
      return;
    }
    if (!data || typeof echarts === 'undefined') return;
    if (data.kind === 'chain') fontsReady(function () { chainMap(data); });
    else if (data.kind === 'map') leadMap(data);
    else if (data.kind === 'trip') tripMap(data);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main);
  else main();
})();
