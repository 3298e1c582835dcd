// Episode page: chapters and transcript lines seek the player; the line being spoken
// and the current chapter are highlighted as the audio plays. Clicking a line (or its
// "sources" button) also opens what the line rests on: the quoted comment or passage,
// who wrote it, its score or time mark and a link. No dependencies.
(function () {
  "use strict";
  var audio = document.getElementById("player");
  if (!audio) return;
  var cues = Array.prototype.slice.call(document.querySelectorAll(".cue"));
  var chapters = Array.prototype.slice.call(document.querySelectorAll(".chapter"));
  var box = document.getElementById("transcript");
  var current = { cue: null, chapter: null };

  function start(el) { return parseFloat(el.getAttribute("data-start")) || 0; }

  function seek(t) {
    audio.currentTime = t;
    var p = audio.play();
    if (p && p.catch) p.catch(function () {});
    update();
  }

  // The last element whose start is <= t (elements are in time order).
  function at(list, t) {
    var lo = 0, hi = list.length - 1, found = null;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (start(list[mid]) <= t + 0.05) { found = list[mid]; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  function mark(kind, el, cls) {
    if (current[kind] === el) return false;
    if (current[kind]) { current[kind].classList.remove(cls); current[kind].removeAttribute("aria-current"); }
    current[kind] = el;
    if (el) { el.classList.add(cls); el.setAttribute("aria-current", "true"); }
    return true;
  }

  function update() {
    var t = audio.currentTime;
    if (mark("cue", at(cues, t), "active") && current.cue && box) {
      var top = current.cue.offsetTop - box.offsetTop;
      if (top < box.scrollTop || top > box.scrollTop + box.clientHeight - current.cue.offsetHeight) {
        box.scrollTo({ top: Math.max(0, top - box.clientHeight / 3), behavior: "smooth" });
      }
    }
    mark("chapter", at(chapters, t), "current");
  }

  var opened = null;

  // Show the sources of line ``el`` (closing the ones shown before); ``toggle`` closes
  // them when they are already open.
  function sources(el, toggle) {
    var button = el.querySelector(".cite-toggle");
    var panel = el.querySelector(".cites");
    if (!button || !panel) return;
    var open = !(toggle && !panel.hidden);
    if (opened && opened !== el) sources.close(opened);
    panel.hidden = !open;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    el.classList.toggle("open", open);
    opened = open ? el : null;
  }
  sources.close = function (el) {
    var panel = el.querySelector(".cites"), button = el.querySelector(".cite-toggle");
    if (panel) panel.hidden = true;
    if (button) button.setAttribute("aria-expanded", "false");
    el.classList.remove("open");
  };

  chapters.forEach(function (el) {
    el.addEventListener("click", function (ev) {
      if (ev.target.closest && ev.target.closest("a")) return;
      seek(start(el));
    });
  });
  cues.forEach(function (el) {
    el.addEventListener("click", function (ev) {
      if (ev.target.closest && (ev.target.closest("a") || ev.target.closest(".cites"))) return;
      if (ev.target.closest && ev.target.closest(".cite-toggle")) { sources(el, true); return; }
      seek(start(el));
      sources(el, false);
    });
    el.addEventListener("keydown", function (ev) {
      if (ev.target !== el) return;  // keys on the button or a link do their own thing
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); seek(start(el)); sources(el, false); }
    });
  });
  audio.addEventListener("timeupdate", update);
  audio.addEventListener("seeked", update);
  var hash = /^#t=(\d+(?:\.\d+)?)$/.exec(location.hash);
  if (hash) audio.addEventListener("loadedmetadata", function () { audio.currentTime = parseFloat(hash[1]); });
  update();
})();
