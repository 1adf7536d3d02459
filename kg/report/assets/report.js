/* conflict-kg report: draws the map, timeline, network and tables from the
   JSON in #kg-data, and shows the sentence behind whatever is clicked. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var world = JSON.parse(document.getElementById("kg-world").textContent);
  var state = { doc: -1, spans: {}, drawn: {}, counts: {} };
  var KIND_COLOURS = { ally: "#2b8a3e", clash: "#c92a2a", attack: "#e8590c" };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /* ---- the article panel ---- */
  function drawDocument(index) {
    var box = document.getElementById("doc-text");
    var doc = data.documents[index];
    box.textContent = "";
    state.spans = {};
    state.doc = index;
    document.getElementById("doc-select").value = String(index);
    var meta = document.getElementById("doc-meta");
    meta.textContent = [doc.id, doc.published, doc.url].filter(Boolean).join(" · ");
    doc.runs.forEach(function (run) {
      var span = el("span", {}, run[0]);
      if (run[1].length) {
        span.className = run[2] ? "ev name" : "ev";
        span.dataset.ev = run[1].join(" ");
        run[1].forEach(function (ev) { (state.spans[ev] = state.spans[ev] || []).push(span); });
        span.addEventListener("click", function () { showEvidence(run[1][run[1].length - 1]); });
      } else {
        span.className = "gap";
      }
      box.appendChild(span);
    });
  }

  function showEvidence(ev) {
    if (ev === null || ev === undefined || !data.evidence[ev]) return;
    var doc = data.evidence[ev][0];
    if (doc !== state.doc) drawDocument(doc);
    document.querySelectorAll("#doc-text .active").forEach(function (s) { s.classList.remove("active"); });
    var spans = state.spans[ev] || [];
    spans.forEach(function (s) { s.classList.add("active"); });
    if (spans.length) spans[0].scrollIntoView({ block: "center" });
    document.getElementById("doc-text").dataset.active = String(ev);
  }

  /* ---- the map ---- */
  function drawMap() {
    var map = L.map("map", { worldCopyJump: true, preferCanvas: false });
    L.geoJSON(topojson.feature(world, world.objects.countries), {
      style: { color: "#8a8a8a", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 },
      interactive: false
    }).addTo(map);
    map.attributionControl.addAttribution("Natural Earth (public domain) via world-atlas");
    var bounds = data.places.map(function (place) { return [place.lat, place.lon]; });
    if (bounds.length) map.fitBounds(bounds, { padding: [40, 40], maxZoom: 7 });
    else map.setView([20, 0], 2);
    data.places.forEach(function (place, i) {
      var marker = L.circleMarker([place.lat, place.lon], {
        radius: 5 + Math.min(10, 2 * Math.sqrt(place.events)), className: "kg-place",
        color: "#1c4e80", weight: 1.5, fillColor: "#4a90d9", fillOpacity: 0.75
      }).addTo(map);
      marker.bindTooltip(place.label + " (" + place.kind + (place.qid ? ", " + place.qid : "") + ")");
      marker.on("click", function () { showEvidence(place.ev[0]); });
      marker.getElement().dataset.place = String(i);
    });
    state.map = map;
    state.counts.places = data.places.length;
  }

  /* A library kept as a data block until its view is first shown; the policy allows it by its hash. */
  function loadLibrary(id) {
    var block = document.getElementById(id);
    if (!block) return;
    var script = document.createElement("script");
    script.textContent = block.textContent;
    block.remove();
    document.head.appendChild(script);
  }

  /* ---- the timeline ---- */
  function drawTimeline() {
    loadLibrary("kg-lib-timeline");
    var items = [];
    data.events.forEach(function (event, i) {
      if (!event.date) return;
      var who = [event.actor, event.other].filter(Boolean).join(" → ");
      var content = el("span", {}, event.kind + ": " + event.label + (who ? " · " + who : "")
                                   + (event.place ? " @ " + event.place : ""));
      items.push({ id: i, start: event.date, content: content, className: "kind-" + event.kind,
                   title: [event.kind, event.actor, event.other, event.place, event.figures].filter(Boolean).join(" · ") });
    });
    var box = document.getElementById("timeline");
    var timeline = new vis.Timeline(box, items, {
      stack: true, zoomMin: 864e5, orientation: "top", margin: { item: 4 }, showCurrentTime: false,
      height: box.clientHeight + "px", verticalScroll: true
    });
    timeline.on("select", function (props) {
      if (props.items.length) showEvidence(data.events[props.items[0]].ev[0]);
    });
    state.timeline = timeline;
    state.counts.timeline = items.length;
    var undated = data.events.length - items.length;
    if (undated) {
      box.appendChild(el("p", { "class": "note" }, undated + " of " + data.events.length
                         + " events have no date and are not on the timeline (they are in the questions)."));
    }
  }

  /* ---- the network ---- */
  function drawNetwork() {
    loadLibrary("kg-lib-network");
    var nodes = data.actors.map(function (actor) {
      return { id: actor.id, label: actor.label, title: actor.kind + (actor.qid ? " · " + actor.qid : ""),
               group: actor.kind };
    });
    var edges = data.edges.map(function (edge, i) {
      return { id: i, from: edge.from, to: edge.to, title: edge.kind + " (" + edge.ev.length + ")",
               color: { color: KIND_COLOURS[edge.kind] }, dashes: edge.kind === "ally",
               arrows: edge.kind === "attack" ? "to" : "", width: 1 + Math.min(4, edge.ev.length) };
    });
    var network = new vis.Network(document.getElementById("network"), { nodes: nodes, edges: edges }, {
      physics: { stabilization: { iterations: 200 }, barnesHut: { springLength: 140 } },
      interaction: { hover: true, selectConnectedEdges: false }, nodes: { shape: "dot", size: 12 }
    });
    network.once("stabilizationIterationsDone", function () { network.setOptions({ physics: false }); });
    network.on("click", function (params) {
      if (params.nodes.length) showEvidence(data.actors[params.nodes[0]].ev);
      else if (params.edges.length) showEvidence(data.edges[params.edges[0]].ev[0]);
    });
    state.network = network;
    state.counts.actors = nodes.length;
    state.counts.edges = edges.length;
  }

  /* ---- the tables ---- */
  function compare(a, b) {
    var x = Number(a), y = Number(b);
    if (a !== "" && b !== "" && !isNaN(x) && !isNaN(y)) return x - y;
    if (a === "" || b === "") return a === "" ? 1 : -1;  /* unbound cells last */
    return a.localeCompare(b);
  }

  function sortBy(table, column, th) {
    var body = table.tBodies[0];
    var descending = th.dataset.sort === "asc";
    table.querySelectorAll("th").forEach(function (h) { delete h.dataset.sort; });
    th.dataset.sort = descending ? "desc" : "asc";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r, s) {
      var d = compare(r.cells[column].textContent, s.cells[column].textContent);
      return descending ? -d : d;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function drawTables() {
    var box = document.getElementById("tables");
    var index = box.appendChild(el("div", { "class": "index" }));
    var total = 0;
    data.tables.forEach(function (t) {
      var section = el("section", { id: "q-" + t.name, "class": "query" });
      var jump = index.appendChild(el("button", { type: "button" }, t.name + " " + t.rows.length));
      jump.addEventListener("click", function () { section.scrollIntoView(); });
      section.appendChild(el("h3", {}, t.name + " (" + t.rows.length + ")"));
      section.appendChild(el("p", { "class": "question" }, t.question));
      var table = el("table", { "class": "sortable", "data-query": t.name });
      var head = el("tr");
      t.columns.forEach(function (c, i) {
        var th = el("th", { title: "sort" }, c);
        th.addEventListener("click", function () { sortBy(table, i, th); });
        head.appendChild(th);
      });
      table.appendChild(el("thead")).appendChild(head);
      var body = table.appendChild(el("tbody"));
      t.rows.forEach(function (row, r) {
        var tr = el("tr");
        row.forEach(function (cell) { tr.appendChild(el("td", {}, cell)); });
        if (t.ev[r] !== null) {
          tr.dataset.ev = String(t.ev[r]);
          tr.addEventListener("click", function () {
            document.querySelectorAll("#tables tr.selected").forEach(function (x) { x.classList.remove("selected"); });
            tr.classList.add("selected");
            showEvidence(t.ev[r]);
          });
        }
        body.appendChild(tr);
      });
      if (!t.rows.length) section.appendChild(el("p", { "class": "empty" }, "(no rows)"));
      section.appendChild(table);
      box.appendChild(section);
      total += t.rows.length;
    });
    state.counts.rows = total;
  }

  /* ---- tabs: each view is drawn the first time it is shown ---- */
  var DRAW = { map: drawMap, timeline: drawTimeline, network: drawNetwork, tables: drawTables };
  function showView(name) {
    document.querySelectorAll(".view").forEach(function (v) { v.hidden = v.id !== "view-" + name; });
    document.querySelectorAll("nav button").forEach(function (b) {
      b.classList.toggle("current", b.dataset.view === name);
    });
    if (!state.drawn[name]) { state.drawn[name] = true; DRAW[name](); }
    if (name === "map" && state.map) state.map.invalidateSize();
  }

  document.querySelectorAll("nav button").forEach(function (b) {
    b.addEventListener("click", function () { showView(b.dataset.view); });
  });
  var select = document.getElementById("doc-select");
  data.documents.forEach(function (doc, i) {
    select.appendChild(el("option", { value: String(i) }, doc.title));
  });
  select.addEventListener("change", function () { drawDocument(Number(select.value)); });
  if (data.documents.length) drawDocument(0);
  showView("map");
  window.kgReport = { data: data, state: state, showView: showView, showEvidence: showEvidence, ready: true };
  document.body.dataset.ready = "true";  /* for tests and screenshots: drawn */
})();
