/* Tip form: "use this device's position" fills the latitude and longitude fields (no map tiles on a
   government intranet, so the point is taken from the device, or typed). Messages come from the
   template's data attributes, already translated. No inline JS (CSP). */
(function () {
  "use strict";
  var box = document.querySelector("[data-locate]");
  if (!box || !("geolocation" in navigator)) return; // stays hidden: the fields can still be typed
  var button = box.querySelector("button");
  var status = box.querySelector("[data-locate-status]");
  var lat = document.getElementById("id_latitude");
  var lon = document.getElementById("id_longitude");
  if (!button || !status || !lat || !lon) return;
  box.hidden = false;

  // The server's bounds (antq.tips.rules.VIETNAM_BOUNDS: south west north east), which refuse the same.
  var bounds = (button.getAttribute("data-bounds") || "").split(" ").map(Number);
  function inVietnam(y, x) {
    if (bounds.length !== 4 || bounds.some(isNaN)) return true; // the server still checks
    return y >= bounds[0] && y <= bounds[2] && x >= bounds[1] && x <= bounds[3];
  }

  function say(name, metres) {
    var text = button.getAttribute("data-" + name) || "";
    status.textContent = metres === undefined ? text : text.replace("{m}", String(metres));
    status.className = "small " + (name === "done" ? "text-success" : name === "wait" ? "text-secondary" : "text-danger");
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    say("wait");
    navigator.geolocation.getCurrentPosition(
      function (position) {
        button.disabled = false;
        var y = position.coords.latitude;
        var x = position.coords.longitude;
        if (!inVietnam(y, x)) {
          say("outside");
          return;
        }
        lat.value = y.toFixed(6);
        lon.value = x.toFixed(6);
        say("done", Math.round(position.coords.accuracy || 0));
      },
      function (error) {
        button.disabled = false;
        say(error.code === 1 ? "denied" : "failed");
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  });
})();
