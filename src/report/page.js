"use strict";
// Zoom and scroll of the time area, and highlighting of an order's boxes. No data lives here: every
// element to move carries its position at zoom 1 (data-x, data-dx), labels their room (data-w,
// data-l) and ticks the zoom from which they show (data-z).
(function () {
  var svg = document.getElementById("time");
  var scroll = document.getElementById("scroll");
  if (!svg || !scroll) {
    return;
  }
  var group = document.getElementById("zoom");
  var label = document.getElementById("zlabel");
  var base = parseFloat(svg.getAttribute("data-base"));
  var pad = parseFloat(svg.getAttribute("data-pad"));
  var maxZoom = parseFloat(svg.getAttribute("data-maxz"));
  var minZoom = 0.25;
  function numbers(list, name) {
    var out = new Float64Array(list.length);
    for (var i = 0; i < list.length; i++) {
      out[i] = parseFloat(list[i].getAttribute(name)) || 0;
    }
    return out;
  }
  var movable = svg.querySelectorAll(".zx");
  var mx = numbers(movable, "data-x");
  var mdx = numbers(movable, "data-dx");
  var fitting = svg.querySelectorAll(".fit");
  var fw = numbers(fitting, "data-w");
  var fl = numbers(fitting, "data-l");
  var ticks = svg.querySelectorAll(".tick");
  var tz = numbers(ticks, "data-z");
  var zoom = 1;

  function apply(z, clientX) {
    z = Math.min(Math.max(z, minZoom), Math.max(maxZoom, 1));
    var box = scroll.getBoundingClientRect();
    var anchor = clientX === undefined ? box.width / 2 : clientX - box.left;
    var at = (scroll.scrollLeft + anchor - pad) / zoom;
    zoom = z;
    svg.setAttribute("width", (base * zoom + 2 * pad).toFixed(1));
    group.setAttribute("transform", "translate(" + pad + ",0) scale(" + zoom + ",1)");
    for (var i = 0; i < movable.length; i++) {
      movable[i].setAttribute("x", (pad + mx[i] * zoom + mdx[i]).toFixed(2));
    }
    for (var j = 0; j < fitting.length; j++) {
      fitting[j].classList.toggle("hid", fw[j] * zoom < fl[j]);
    }
    for (var k = 0; k < ticks.length; k++) {
      ticks[k].classList.toggle("hid", tz[k] > zoom * 1.0001);
    }
    scroll.scrollLeft = at * zoom + pad - anchor;
    if (label) {
      label.textContent = "zoom " + (zoom < 10 ? zoom.toFixed(1) : zoom.toFixed(0)) + "×";
    }
  }
  function fit() {
    return Math.max((scroll.clientWidth - 2 * pad) / base, minZoom);
  }
  function on(id, handler) {
    var el = document.getElementById(id);
    if (el) {
      el.addEventListener("click", handler);
    }
  }
  on("zin", function () { apply(zoom * 1.5); });
  on("zout", function () { apply(zoom / 1.5); });
  on("zfit", function () { apply(fit()); });
  scroll.addEventListener("wheel", function (e) {
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      apply(zoom * Math.pow(1.0015, -e.deltaY), e.clientX);
    }
  }, { passive: false });

  var drag = null;
  scroll.addEventListener("mousedown", function (e) {
    // Only drags that start on the chart; the scroll bar scrolls by itself.
    if (e.button !== 0 || !svg.contains(e.target)) {
      return;
    }
    e.preventDefault();
    drag = { x: e.clientX, left: scroll.scrollLeft };
    scroll.classList.add("drag");
  });
  window.addEventListener("mousemove", function (e) {
    if (drag) {
      scroll.scrollLeft = drag.left - (e.clientX - drag.x);
    }
  });
  window.addEventListener("mouseup", function () {
    drag = null;
    scroll.classList.remove("drag");
  });

  var byOrder = {};
  var boxes = svg.querySelectorAll("rect.op");
  for (var b = 0; b < boxes.length; b++) {
    var key = boxes[b].getAttribute("data-order");
    (byOrder[key] = byOrder[key] || []).push(boxes[b]);
  }
  var lit = [];
  function unlight() {
    for (var i = 0; i < lit.length; i++) {
      lit[i].classList.remove("hl");
    }
    lit = [];
    svg.classList.remove("dim");
  }
  svg.addEventListener("mouseover", function (e) {
    var t = e.target;
    if (!t.classList || !t.classList.contains("op")) {
      unlight();
      return;
    }
    unlight();
    lit = byOrder[t.getAttribute("data-order")] || [];
    for (var i = 0; i < lit.length; i++) {
      lit[i].classList.add("hl");
    }
    svg.classList.add("dim");
  });
  svg.addEventListener("mouseleave", unlight);

  apply(fit());
  document.documentElement.setAttribute("data-ready", "1");
})();
