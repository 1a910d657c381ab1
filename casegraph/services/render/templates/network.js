// casegraph network page: draw, settle the layout, then search and filter by type.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("cg-data").textContent);

  // Tooltips are plain text: set through textContent so data can never become markup.
  function textTip(text) {
    var el = document.createElement("div");
    el.textContent = text;
    return el;
  }
  data.nodes.forEach(function (n) { if (n.title) { n.title = textTip(n.title); } });
  data.edges.forEach(function (e) { if (e.title) { e.title = textTip(e.title); } });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("cg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.casegraphNetwork = network;
  window.casegraphNodes = nodes;
  window.casegraphEdges = edges;
  window.casegraphReady = false;

  function settled() {
    // Bounded stabilisation, then physics off so the picture stays still for reading.
    network.setOptions({ physics: { enabled: false } });
    network.fit();
    document.getElementById("cg-loading").className = "cg-done";
    window.casegraphReady = true;
  }
  if (data.options.physics.enabled && data.nodes.length > 0) {
    network.once("stabilizationIterationsDone", settled);
  } else {
    network.once("afterDrawing", settled);
  }

  var search = document.getElementById("cg-search");
  var matches = document.getElementById("cg-matches");
  function find(query) {
    var q = query.trim().toLowerCase();
    if (!q) { network.unselectAll(); matches.textContent = ""; return []; }
    var ids = nodes.getIds({
      filter: function (n) {
        return !n.hidden && (String(n.cgCaption).toLowerCase().indexOf(q) >= 0 ||
                             String(n.cgId).toLowerCase().indexOf(q) >= 0);
      }
    });
    network.selectNodes(ids, true);
    matches.textContent = ids.length + (ids.length === 1 ? " match" : " matches");
    return ids;
  }
  function focus(ids) {
    if (ids.length === 1) {
      network.focus(ids[0], { scale: 1.4, animation: { duration: 400 } });
    } else if (ids.length > 1) {
      network.fit({ nodes: ids, animation: { duration: 400 } });
    }
  }
  search.addEventListener("input", function () { find(search.value); });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { focus(find(search.value)); }
  });
  window.casegraphFind = function (query) { var ids = find(query); focus(ids); return ids; };

  document.querySelectorAll("#cg-legend input[data-type]").forEach(function (box) {
    box.addEventListener("change", function () {
      var type = box.getAttribute("data-type");
      var changes = nodes.get({ filter: function (n) { return n.cgType === type; } })
        .map(function (n) { return { id: n.id, hidden: !box.checked }; });
      nodes.update(changes);
    });
  });
})();
