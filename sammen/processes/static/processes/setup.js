// After htmx swaps a list on the setup pages (a move up or down), put the keyboard's focus
// back on the button that was pressed, named by the server in data-focus.
document.addEventListener("htmx:afterSettle", () => {
  const named = document.querySelector("[data-focus]");
  if (!named) return;
  const target = document.getElementById(named.dataset.focus);
  named.remove();
  if (target) target.focus();
});
