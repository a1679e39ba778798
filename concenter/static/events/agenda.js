// The agenda form shows only the fields of the chosen kind of item (all of them without
// JavaScript). No inline script: the CSP forbids it.
(function () {
  "use strict";
  var kind = document.getElementById("id_kind");
  if (!kind) { return; }
  function show() {
    document.querySelectorAll(".kind-fields").forEach(function (fieldset) {
      var kinds = (fieldset.getAttribute("data-kinds") || "").split(" ");
      fieldset.hidden = kinds.indexOf(kind.value) === -1;
    });
  }
  kind.addEventListener("change", show);
  show();
})();
