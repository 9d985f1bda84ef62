// What jsdom lacks and the window uses: a ResizeObserver that never reports (jsdom lays
// nothing out, so there is never a size to report).
class QuietResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= QuietResizeObserver as unknown as typeof ResizeObserver;
