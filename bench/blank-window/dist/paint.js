// After the first frame is on screen, as Sportello's window reports it.
requestAnimationFrame(() =>
  requestAnimationFrame(() => window.__TAURI_INTERNALS__.invoke("first_paint")),
);
