// The door of an event, on a phone: camera scan (BarcodeDetector, or the vendored jsQR),
// a typed code, a name search, walk-ins. Every check-in first goes into a queue kept in
// localStorage, then to the server in one batch; without network it waits and is sent when
// the network returns. Each item carries an id made up here (client_id): the server counts an
// item sent twice once, so a queue may be sent again safely. No inline script (CSP); user data
// is only ever put into the page as text.
(function () {
  "use strict";
  var root = document.getElementById("door");
  if (!root || !window.fetch || !window.JSON) { return; }

  var eventId = root.getAttribute("data-event");
  var batchUrl = root.getAttribute("data-checkin-url");
  var storageKey = "concenter.door." + eventId;
  var text = function (name) { return root.getAttribute("data-text-" + name) || ""; };
  var resultBox = document.getElementById("door-result");
  var queueLine = document.getElementById("door-queue");
  var queueCount = document.getElementById("door-queue-count");
  var csrfInput = document.querySelector("#door-code-form [name=csrfmiddlewaretoken]");
  var flushing = false;

  function csrfToken() { return csrfInput ? csrfInput.value : ""; }

  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function load() {
    try { return JSON.parse(window.localStorage.getItem(storageKey) || "[]"); } catch (e) { return []; }
  }
  function save(queue) {
    try { window.localStorage.setItem(storageKey, JSON.stringify(queue)); } catch (e) { /* full or private mode */ }
    showQueue(queue);
  }
  function showQueue(queue) {
    queue = queue || load();
    queueLine.hidden = queue.length === 0;
    queueCount.textContent = text("waiting") + ": " + queue.length;
  }

  function show(kind, message, person) {
    resultBox.className = "door-result door-" + kind;
    resultBox.textContent = "";
    var line = document.createElement("p");
    line.className = "door-message";
    line.textContent = message;
    resultBox.appendChild(line);
    if (person && person.name) {
      var who = document.createElement("p");
      who.className = "door-person";
      var strong = document.createElement("strong");
      strong.textContent = person.name;
      who.appendChild(strong);
      if (person.role_label) {
        var chip = document.createElement("span");
        chip.className = "role-chip role-" + person.role;
        chip.textContent = person.role_label;
        who.appendChild(document.createTextNode(" "));
        who.appendChild(chip);
      }
      if (person.represents) {
        who.appendChild(document.createElement("br"));
        who.appendChild(document.createTextNode(person.represents));
      }
      resultBox.appendChild(who);
    }
    if (navigator.vibrate) { navigator.vibrate(kind === "recorded" ? 60 : [120, 60, 120]); }
  }

  // A name found by the search and let through: its button becomes a tick.
  function markDone(code) {
    var button = document.querySelector('#door-results [data-checkin-code="' + code + '"]');
    if (!button) { return; }
    var done = document.createElement("span");
    done.className = "door-done";
    done.textContent = "✓";
    var form = button.closest("form") || button;
    form.parentNode.replaceChild(done, form);
  }

  var latestId = null; // the last item enqueued: its answer is the one shown in big

  function enqueue(item) {
    item.client_id = newId();
    item.scanned_at = new Date().toISOString();
    latestId = item.client_id;
    var queue = load();
    queue.push(item);
    save(queue);
    flush();
  }

  function flush() {
    if (flushing) { return; }
    var queue = load();
    if (queue.length === 0) { return; }
    var waiting = queue.some(function (item) { return item.client_id === latestId; });
    if (navigator.onLine === false) {
      if (waiting) { show("queued", text("queued")); }
      return;
    }
    flushing = true;
    var items = queue.slice(0, 200);
    var sent = false;
    fetch(batchUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ items: items })
    }).then(function (response) {
      if (response.status === 401 || response.status === 403) {
        show("refused", text("session"));
        return null;
      }
      if (!response.ok) { throw new Error("status " + response.status); }
      return response.json();
    }).then(function (data) {
      if (!data) { return; }
      sent = true;
      var answered = {};
      data.results.forEach(function (result) {
        answered[result.client_id] = true;
        if (result.client_id === latestId) {
          show(result.outcome, result.message, result);
          latestId = null;
        }
        if (result.outcome !== "refused" && result.code) { markDone(result.code.replace("-", "")); }
      });
      save(load().filter(function (item) { return !answered[item.client_id]; }));
      document.body.dispatchEvent(new Event("door-refresh"));
    }).catch(function () {
      if (waiting) { show("queued", navigator.onLine === false ? text("queued") : text("error")); }
    }).then(function () {
      flushing = false;
      if (sent && load().length > 0) { window.setTimeout(flush, 300); }
    });
  }

  // The typed code.
  var codeForm = document.getElementById("door-code-form");
  codeForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var input = codeForm.querySelector("[name=scan]");
    var value = (input.value || "").trim();
    if (!value) { input.focus(); return; }
    enqueue({ kind: "scan", scan: value, by_name: false });
    input.value = "";
    input.focus();
  });

  // A name found by the search.
  document.getElementById("door-results").addEventListener("click", function (event) {
    var button = event.target.closest("[data-checkin-code]");
    if (!button) { return; }
    event.preventDefault();
    enqueue({ kind: "scan", scan: button.getAttribute("data-checkin-code"), by_name: true });
    button.disabled = true;
  });

  // A walk-in.
  var walkIn = document.getElementById("door-walkin-form");
  if (walkIn) {
    walkIn.addEventListener("submit", function (event) {
      event.preventDefault();
      var field = function (name) { var f = walkIn.querySelector("[name=" + name + "]"); return f ? f.value.trim() : ""; };
      if (!field("full_name")) { walkIn.querySelector("[name=full_name]").focus(); return; }
      enqueue({
        kind: "walk_in",
        full_name: field("full_name"),
        represents: field("represents"),
        role: field("role") || "participant",
        home_area_code: field("home_area_code")
      });
      walkIn.reset();
    });
  }

  // The camera.
  var cameraButton = document.getElementById("door-camera");
  var stopButton = document.getElementById("door-camera-stop");
  var video = document.getElementById("door-video");
  var missing = document.getElementById("door-camera-missing");
  var stream = null;
  var lastValue = "";
  var lastAt = 0;
  // The browser's own reader where it has one; elsewhere (iPhone Safari, Firefox) jsQR, the
  // decoder vendored in static/vendor/jsqr, reads a frame drawn on a canvas.
  var canRead = "BarcodeDetector" in window || typeof window.jsQR === "function";
  if (canRead && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    missing.hidden = true;
    cameraButton.hidden = false;
    var detector = "BarcodeDetector" in window ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
    var canvas = document.createElement("canvas");
    var readFrame = function () {
      if (detector) {
        return detector.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : null; });
      }
      return new Promise(function (resolve) {
        var width = video.videoWidth, height = video.videoHeight;
        if (!width || !height) { resolve(null); return; }
        var scale = Math.min(1, 640 / Math.max(width, height));  // small frames: fast enough on a phone
        canvas.width = Math.round(width * scale);
        canvas.height = Math.round(height * scale);
        var context = canvas.getContext("2d", { willReadFrequently: true });
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        var code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
        resolve(code ? code.data : null);
      });
    };
    var scanLoop = function () {
      if (!stream) { return; }
      readFrame().then(function (value) {
        var now = Date.now();
        if (value && (value !== lastValue || now - lastAt > 5000)) {
          lastValue = value;
          lastAt = now;
          enqueue({ kind: "scan", scan: lastValue, by_name: false });
        }
      }).catch(function () { /* a frame that could not be read */ }).then(function () {
        window.setTimeout(scanLoop, 300);
      });
    };
    cameraButton.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (media) {
          stream = media;
          video.srcObject = media;
          video.hidden = false;
          cameraButton.hidden = true;
          stopButton.hidden = false;
          return video.play();
        })
        .then(scanLoop)
        .catch(function () { show("refused", text("camera-error")); });
    });
    stopButton.addEventListener("click", function () {
      if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
      stream = null;
      video.hidden = true;
      stopButton.hidden = true;
      cameraButton.hidden = false;
    });
  }

  document.getElementById("door-flush").addEventListener("click", function () { flush(); });
  window.addEventListener("online", function () { flush(); });
  window.setInterval(function () { flush(); }, 15000);
  showQueue();
  flush();
})();
