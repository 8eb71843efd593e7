/* hotspot briefing maps: layers, ranked hotspots, labels without collisions,
 * the time filter, the north arrow and the print mode.
 *
 * Part of hotspot (MIT). hotspot.maps writes one call per map:
 *   hotspotBriefing.draw(map, spec)
 * Every text of `spec` that comes from data arrives escaped for HTML by
 * hotspot._sanitize.html_text and is set as innerHTML: the browser shows it as
 * written and nothing in it runs. Numbers arrive as numbers.
 */
(function () {
  'use strict';
  if (window.hotspotBriefing) { return; }

  // ------------------------------------------------------------ render mode
  // "#print" in the URL: the static layout for PNG and PDF (no web controls);
  // "#print&bare": the map and its legend only (the PDF has its own header).
  var hash = String(window.location.hash || '');
  var printing = /[#&]print\b/.test(hash);
  var bare = /[#&]bare\b/.test(hash);
  var root = document.documentElement;
  root.classList.add('hs-page');
  if (printing) { root.classList.add('hs-print'); }
  if (bare) { root.classList.add('hs-bare'); }

  function each(list, fn) { for (var i = 0; i < list.length; i++) { fn(list[i], i); } }

  function tipRows(rows) {
    var out = [];
    each(rows, function (row) {
      if (row[1] !== null && row[1] !== undefined && row[1] !== '') {
        out.push('<b>' + row[0] + ':</b> ' + row[1]);
      }
    });
    return out.join('<br>');
  }

  // ------------------------------------------------------------ vector layers
  function styleOf(layer, feature) {
    var style = layer.style;
    if (layer.styleBy) {
      var value = feature.properties[layer.styleBy.field];
      var extra = layer.styleBy.values[value] || layer.styleBy.other || {};
      style = Object.assign({}, style, extra);
    }
    return style;
  }

  // Points of a layer whose style has a `shape` (the dams' squares): a small symbol of
  // its own, an obstacle for labels (see declutter).
  function pointSymbol(layer, latlng, interactive) {
    var s = layer.style;
    var html = '<div class="hs-sym-' + s.shape + '" style="width:' + s.size + 'px;height:' +
      s.size + 'px;background:' + s.fillColor + ';border-color:' + s.color + '"></div>';
    var icon = L.divIcon({className: 'hs-sym', html: html, iconSize: [s.size, s.size],
      iconAnchor: [s.size / 2, s.size / 2]});
    return L.marker(latlng, {icon: icon, interactive: interactive, keyboard: false});
  }

  function geoLayer(layer, renderer) {
    var interactive = layer.tips === true;
    return L.geoJSON(layer.data, {
      renderer: renderer,
      interactive: interactive,
      pointToLayer: layer.style.shape ? function (f, latlng) {
        return pointSymbol(layer, latlng, interactive);
      } : undefined,
      style: function (f) { return styleOf(layer, f); },
      onEachFeature: function (f, l) {
        if (interactive && f.properties && f.properties.tip) {
          l.bindTooltip(f.properties.tip, {sticky: true});
        }
      }
    });
  }

  // ------------------------------------------------------------ incidents
  function ramp(count, breaks) {
    var k = 0;
    while (k < breaks.length && count > breaks[k]) { k++; }
    return k;
  }

  function inWindow(inc, i, win) {
    if (!win) { return true; }
    var m = inc.month[i];
    return m !== null && m >= win[0] && m <= win[1];
  }

  function pointsLayer(inc, renderer, win) {
    var group = L.featureGroup();
    each(inc.lat, function (lat, i) {
      if (!inWindow(inc, i, win)) { return; }
      var colour = inc.colours[inc.type[i]];
      var marker = L.circleMarker([lat, inc.lon[i]], {
        renderer: renderer, radius: inc.radius, weight: 0.6, color: '#222222',
        fillColor: colour, fillOpacity: 0.85
      });
      marker.bindTooltip(function () { return incidentTip(inc, i, false); });
      marker.bindPopup(function () { return incidentTip(inc, i, true); });
      group.addLayer(marker);
    });
    return group;
  }

  function incidentTip(inc, i, full) {
    var f = inc.fields;
    var rows = [];
    each(f, function (field) {
      if (!full && field.popupOnly) { return; }
      var value = inc.values[field.key] ? inc.values[field.key][i] : null;
      if (field.key === 'type') { value = inc.types[inc.type[i]]; }
      rows.push([field.label, value]);
    });
    return tipRows(rows);
  }

  function hexLayer(inc, renderer, win) {
    var hex = inc.hex;
    var counts = new Array(hex.cells.length).fill(0);
    var byType = {};
    each(hex.cell, function (c, i) {
      if (!inWindow(inc, i, win)) { return; }
      counts[c] += 1;
      var key = c + ':' + inc.type[i];
      byType[key] = (byType[key] || 0) + 1;
    });
    var group = L.featureGroup();
    each(hex.cells, function (ring, c) {
      if (!counts[c]) { return; }
      var polygon = L.polygon(ring, {
        renderer: renderer, weight: 0.4, color: '#ffffff', opacity: 0.8,
        fillColor: hex.colours[ramp(counts[c], hex.breaks)], fillOpacity: 0.85
      });
      polygon.bindTooltip(function () {
        var rows = [[hex.countLabel, counts[c]]];
        each(inc.types, function (name, t) {
          var n = byType[c + ':' + t];
          if (n) { rows.push([name, n]); }
        });
        return tipRows(rows);
      }, {sticky: true});
      group.addLayer(polygon);
    });
    return group;
  }

  // ------------------------------------------------------------ hotspots
  function hotspotMarkers(hs, state) {
    var group = L.featureGroup();
    each(hs.items, function (h) {
      var d = 2 * h.r;
      var font = Math.max(13, Math.min(20, Math.round(h.r * 0.9)));
      var icon = L.divIcon({
        className: 'hs-hotspot',
        html: '<div class="hs-hs" data-rank="' + h.rank + '" style="width:' + d + 'px;height:' +
          d + 'px;font-size:' + font + 'px">' + h.rank + '</div>',
        iconSize: [d, d],
        iconAnchor: [h.r, h.r]
      });
      var marker = L.marker([h.lat, h.lon], {
        // the higher the rank, the higher on the pile: #1 is always readable
        icon: icon, pane: 'hsHotspots', keyboard: false, zIndexOffset: (hs.items.length - h.rank) * 10
      });
      marker.bindTooltip(h.tip, {direction: 'top', offset: [0, -h.r]});
      group.addLayer(marker);
      if (h.label) {
        state.labels.push({
          lat: h.lat, lon: h.lon, text: h.label, cls: 'hs-hslabel', prio: h.rank, hotspot: h.rank,
          offset: h.r + 5, pos: ['r', 'l', 'tr', 'br', 'tl', 'bl', 't', 'b'], minZoom: 0,
          dot: false
        });
      }
    });
    return group;
  }

  // ------------------------------------------------------------ labels
  function place(text, pos, off) {
    var s = text.style;
    s.left = s.right = s.top = s.bottom = '';
    if (pos === 'r') { s.left = off + 'px'; s.top = '0'; s.transform = 'translateY(-50%)'; }
    else if (pos === 'l') { s.right = off + 'px'; s.top = '0'; s.transform = 'translateY(-50%)'; }
    else if (pos === 't') { s.left = '0'; s.bottom = off + 'px'; s.transform = 'translateX(-50%)'; }
    else if (pos === 'b') { s.left = '0'; s.top = off + 'px'; s.transform = 'translateX(-50%)'; }
    else if (pos === 'tr') { s.left = 0.7 * off + 'px'; s.bottom = 0.7 * off + 'px'; s.transform = ''; }
    else if (pos === 'br') { s.left = 0.7 * off + 'px'; s.top = 0.7 * off + 'px'; s.transform = ''; }
    else if (pos === 'tl') { s.right = 0.7 * off + 'px'; s.bottom = 0.7 * off + 'px'; s.transform = ''; }
    else if (pos === 'bl') { s.right = 0.7 * off + 'px'; s.top = 0.7 * off + 'px'; s.transform = ''; }
    else { s.left = '0'; s.top = '0'; s.transform = 'translate(-50%, -50%)'; }
  }

  function labelMarker(lab) {
    var html = (lab.dot ? '<span class="hs-dot"></span>' : '') +
      '<span class="hs-text">' + lab.text + '</span>';
    var icon = L.divIcon({className: 'hs-label ' + lab.cls, html: html, iconSize: null,
      iconAnchor: [0, 0]});
    return L.marker([lab.lat, lab.lon], {icon: icon, interactive: false, keyboard: false,
      pane: 'hsLabels'});
  }

  function grow(r, by) {
    return {left: r.left - by, top: r.top - by, right: r.right + by, bottom: r.bottom + by};
  }

  function overlaps(a, list) {
    for (var i = 0; i < list.length; i++) {
      var b = list[i];
      if (a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top) {
        return true;
      }
    }
    return false;
  }

  function inside(a, box) {
    return a.left >= box.left && a.right <= box.right && a.top >= box.top &&
      a.bottom <= box.bottom;
  }

  // Show labels in order of priority where they fit: each tries its positions
  // (right, left, above, below of its point...) and is hidden where none is free.
  // Hotspot symbols and map controls are obstacles (point symbols, the dams, only for
  // the labels that say so: the dams' own, placed after the towns'); the name of one of the top
  // TOP_NAMED hotspots (or the town it is named after) may cover the symbols of
  // smaller hotspots, so that the largest hotspots are always named.
  var TOP_NAMED = 10;

  function declutter(map, state) {
    var container = map.getContainer();
    var box = container.getBoundingClientRect();
    var controls = [];
    var circles = [];
    each(container.querySelectorAll('.leaflet-control'), function (e) {
      var r = e.getBoundingClientRect();
      if (r.width && r.height) { controls.push(grow(r, 1)); }
    });
    var symbols = [];  // point symbols (dams): labels with `symbols` keep off them
    each(container.querySelectorAll('.hs-sym'), function (e) {
      var r = e.getBoundingClientRect();
      if (r.width && r.height) { symbols.push(grow(r, 1)); }
    });
    each(container.querySelectorAll('.hs-hs'), function (e) {
      var r = e.getBoundingClientRect();
      if (r.width && r.height) {
        circles.push({rect: grow(r, 1), rank: parseInt(e.getAttribute('data-rank'), 10)});
      }
    });
    var texts = [];
    var zoom = map.getZoom();
    var named = {};  // hotspots whose label is shown
    each(state.labels, function (lab) {
      var e = lab.marker && lab.marker.getElement();
      if (!e) { return; }
      e.style.visibility = 'hidden';
      if (zoom < lab.minZoom) { return; }
      if (lab.unless && lab.unless.some(function (rank) { return named[rank]; })) { return; }
      var rank = lab.hotspot || (lab.unless ? Math.min.apply(null, lab.unless) : null);
      var limit = rank !== null && rank <= TOP_NAMED ? TOP_NAMED : Infinity;
      var blocking = controls.concat(circles.filter(function (c) {
        return c.rank <= limit; }).map(function (c) { return c.rect; }),
        lab.symbols ? symbols : []);
      var text = e.querySelector('.hs-text');
      var dot = e.querySelector('.hs-dot');
      // a label may have other anchor points (a river's name along its course)
      var anchors = [[lab.lat, lab.lon]].concat(lab.alt || []);
      for (var a = 0; a < anchors.length; a++) {
        if (anchors.length > 1) { lab.marker.setLatLng(anchors[a]); }
        var dotRect = dot ? grow(dot.getBoundingClientRect(), 1) : null;
        if (dotRect && overlaps(dotRect, texts)) { continue; }
        for (var k = 0; k < lab.pos.length; k++) {
          place(text, lab.pos[k], lab.offset);
          var r = grow(text.getBoundingClientRect(), 2);
          if (inside(r, box) && !overlaps(r, texts) && !overlaps(r, blocking)) {
            e.style.visibility = 'visible';
            if (lab.hotspot) { named[lab.hotspot] = true; }
            texts.push(r);
            if (dotRect) { texts.push(dotRect); }
            return;
          }
        }
      }
    });
  }

  // ------------------------------------------------------------ controls
  var NorthArrow = L.Control.extend({
    options: {position: 'topright'},
    onAdd: function () {
      var div = L.DomUtil.create('div', 'hs-north leaflet-control');
      div.innerHTML = '<svg width="34" height="48" viewBox="0 0 34 48" aria-label="North">' +
        '<text x="17" y="13" text-anchor="middle" font-size="14" font-weight="700">N</text>' +
        '<path d="M17 16 L27 46 L17 39 L7 46 Z" fill="#222" stroke="#222" stroke-width="1"/>' +
        '<path d="M17 16 L17 39 L7 46 Z" fill="#fff" stroke="#222" stroke-width="1"/></svg>';
      div.title = 'North';
      return div;
    }
  });

  var TimeFilter = L.Control.extend({
    options: {position: 'topleft'},
    initialize: function (months, onChange) {
      this._months = months;
      this._onChange = onChange;
    },
    onAdd: function () {
      var div = L.DomUtil.create('div', 'hs-time leaflet-control leaflet-bar');
      var months = this._months;
      var onChange = this._onChange;
      div.innerHTML = '<label>Period <input type="range" min="0" max="' + months.length +
        '" value="0" step="1"></label> <output>all dates</output>';
      var input = div.querySelector('input');
      var output = div.querySelector('output');
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      input.addEventListener('input', function () {
        var k = parseInt(input.value, 10);
        output.textContent = k === 0 ? 'all dates' : months[k - 1];
        onChange(k === 0 ? null : [k - 1, k - 1]);
      });
      return div;
    }
  });

  // ------------------------------------------------------------ the map
  function draw(map, spec) {
    var renderer = L.canvas({padding: 0.5});
    var state = {labels: []};
    if (!map.getPane('hsHotspots')) {
      map.createPane('hsHotspots').style.zIndex = 620;
      map.createPane('hsLabels').style.zIndex = 640;
      map.getPane('hsLabels').style.pointerEvents = 'none';
    }
    var overlays = {};
    var incidents = null;

    function addLayer(layer) {
      var g = geoLayer(layer, renderer).addTo(map);
      if (layer.name) { overlays[layer.name] = g; }
      return g;
    }

    each(spec.layers.below, addLayer);
    if (spec.incidents) {
      var inc = spec.incidents;
      var build = function (win) {
        return inc.hex ? hexLayer(inc, renderer, win) : pointsLayer(inc, renderer, win);
      };
      incidents = build(null).addTo(map);
      overlays[inc.name] = incidents;
      if (spec.timeFilter && !printing) {
        // The filter replaces the incident layer: only incidents of the chosen month show.
        new TimeFilter(inc.monthNames, function (win) {
          var shown = map.hasLayer(incidents);
          map.removeLayer(incidents);
          var next = build(win);
          overlays[inc.name] = next;
          if (state.layerControl) {
            state.layerControl.removeLayer(incidents);
            state.layerControl.addOverlay(next, inc.name);
          }
          incidents = next;
          if (shown) { incidents.addTo(map); }
          map.fire('hotspot:filtered', {count: incidents.getLayers().length});
        }).addTo(map);
      }
    }
    each(spec.layers.above, addLayer);
    if (spec.heat && L.heatLayer) {
      overlays[spec.heat.name] = L.heatLayer(spec.heat.points, spec.heat.options).addTo(map);
    }
    if (spec.hotspots) {
      overlays[spec.hotspots.name] = hotspotMarkers(spec.hotspots, state).addTo(map);
    }
    each(spec.labels, function (lab) { state.labels.push(lab); });
    state.labels.sort(function (a, b) { return a.prio - b.prio; });
    each(state.labels, function (lab) { lab.marker = labelMarker(lab).addTo(map); });

    L.control.scale({imperial: false, maxWidth: 220, position: 'bottomleft'}).addTo(map);
    new NorthArrow().addTo(map);
    if (!printing) {
      state.layerControl = L.control.layers(null, overlays, {collapsed: true}).addTo(map);
    }
    var tidy = function () { declutter(map, state); };
    map.on('zoomend moveend resize overlayadd overlayremove', tidy);
    // Fit the data; fit again when the window changes size (headless Chromium grows the
    // viewport after the scripts ran, before the screenshot) until the reader moves the map.
    var fit = function () {
      if (spec.fit && !state.moved) {
        map.fitBounds(spec.fit, {padding: [28, 28], animate: false});
      }
    };
    var container = map.getContainer();
    each(['mousedown', 'wheel', 'touchstart', 'keydown'], function (name) {
      container.addEventListener(name, function () { state.moved = true; }, {passive: true});
    });
    map.on('resize', fit);
    fit();
    tidy();
    window.addEventListener('load', tidy);
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(tidy); }
    map.hotspot = {state: state, overlays: overlays, incidents: function () { return incidents; }};
    return map;
  }

  window.hotspotBriefing = {draw: draw, declutter: declutter, printing: printing};
}());
