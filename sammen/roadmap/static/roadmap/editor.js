// After htmx swaps a part of the roadmap pages, put the keyboard's focus where the person was
// working: the element the server names in data-focus (the button just pressed, the item just
// added), or the first field of a form just opened (data-autofocus).
document.addEventListener("htmx:afterSettle", (event) => {
  const named = document.querySelector("[data-focus]");
  if (named) {
    const target = document.getElementById(named.dataset.focus);
    named.removeAttribute("data-focus");
    if (target) {
      target.focus();
      return;
    }
  }
  const opened = document.querySelector("[data-autofocus]");
  if (opened) {
    opened.removeAttribute("data-autofocus");
    const field = opened.matches("input, select, textarea, button, a")
      ? opened
      : opened.querySelector("input:not([type=hidden]), select, textarea");
    if (field) field.focus();
  }
});
