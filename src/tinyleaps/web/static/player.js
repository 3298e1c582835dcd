// Episode page: chapters and transcript lines seek the player; the line being spoken
// and the current chapter are highlighted as the audio plays. No dependencies.
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

  chapters.concat(cues).forEach(function (el) {
    el.addEventListener("click", function (ev) {
      if (ev.target.closest && ev.target.closest("a")) return;
      seek(start(el));
    });
  });
  cues.forEach(function (el) {
    el.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); seek(start(el)); }
    });
  });
  audio.addEventListener("timeupdate", update);
  audio.addEventListener("seeked", update);
  var hash = /^#t=(\d+(?:\.\d+)?)$/.exec(location.hash);
  if (hash) audio.addEventListener("loadedmetadata", function () { audio.currentTime = parseFloat(hash[1]); });
  update();
})();
