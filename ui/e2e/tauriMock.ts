// The Tauri IPC for the screenshot suite: the real app's recorded answers (recorded/*.json,
// `make record-screens`), replayed in the page before the app's own code runs. Each chat's
// whole history (and the whole chat list) is recorded, and pages of it are cut here the way
// core cuts them; commands that change something answer null. Passed to page.addInitScript,
// so it is self-contained.

export type Call = { cmd: string; args: Record<string, unknown>; ok?: unknown; err?: unknown };
export type Recording = { state: string; calls: Call[] };
export type MockOptions = {
  calls: Call[];
  /** Commands answered differently from the recording (a state the recording lacks). */
  answers?: Record<string, unknown>;
  /** Every command stays unanswered: the window as it is while the app starts. */
  hang?: boolean;
};

export function installTauriMock({ calls, answers = {}, hang = false }: MockOptions): void {
  type Message = { id: number; conversation_id: number; sent_at: string };
  const byCommand = new Map<string, Call[]>();
  for (const c of calls) byCommand.set(c.cmd, [...(byCommand.get(c.cmd) ?? []), c]);
  // The call asked matches a recorded one when every argument it gives is the same.
  const same = (a: Record<string, unknown>, b: Record<string, unknown>) =>
    Object.keys(a).every((k) => a[k] === undefined || a[k] === null || JSON.stringify(a[k]) === JSON.stringify(b[k]));
  const recorded = (cmd: string, args: Record<string, unknown>): Call | undefined => {
    const all = byCommand.get(cmd) ?? [];
    return all.find((c) => same(args, c.args)) ?? all.find((c) => Object.keys(c.args).length === 0);
  };
  // Objects compared whatever the order of their keys.
  const canonical = (v: unknown): string =>
    JSON.stringify(v ?? null, (_, x) =>
      x && typeof x === "object" && !Array.isArray(x)
        ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
        : x,
    );
  const history = (conversationId: unknown): Message[] =>
    ((recorded("list_messages", { conversationId })?.ok as Message[] | undefined) ?? []).slice();
  const at = (list: Message[], id: unknown) => list.findIndex((m) => m.id === id);

  function answer(cmd: string, args: Record<string, unknown>): unknown {
    if (cmd in answers) return answers[cmd];
    switch (cmd) {
      case "list_conversations": {
        // Each view was recorded with the filter the window sends for it.
        const views = byCommand.get(cmd) ?? [];
        const view = views.find((c) => canonical(c.args.filter) === canonical(args.filter)) ?? views[0];
        const all = (view?.ok as unknown[] | undefined) ?? [];
        return args.limit == null ? all : all.slice(0, Number(args.limit));
      }
      case "list_messages": {
        const all = history(args.conversationId);
        const end = args.before == null ? all.length : Math.max(0, at(all, args.before));
        const limit = Number(args.limit ?? 50);
        return all.slice(Math.max(0, end - limit), end);
      }
      case "list_messages_after": {
        const all = history(args.conversationId);
        const start = at(all, args.after) + 1;
        return all.slice(start, start + Number(args.limit ?? 50));
      }
      case "messages_around": {
        for (const c of byCommand.get("list_messages") ?? []) {
          const all = c.ok as Message[];
          const i = at(all, args.messageId);
          if (i >= 0) return all.slice(Math.max(0, i - 25), i + 26);
        }
        return [];
      }
    }
    const found = recorded(cmd, args);
    if (!found) return null;
    if ("err" in found) throw found.err;
    return found.ok;
  }

  let nextCallback = 1;
  const w = window as unknown as Record<string, unknown>;
  w.__TAURI_INTERNALS__ = {
    metadata: { currentWindow: { label: "main" }, currentWebview: { windowLabel: "main", label: "main" } },
    transformCallback: () => nextCallback++,
    unregisterCallback: () => {},
    convertFileSrc: (path: string) => `asset://localhost/${encodeURIComponent(path)}`,
    invoke: (cmd: string, args: Record<string, unknown> = {}) => {
      if (hang) return new Promise(() => {});
      if (cmd.startsWith("plugin:")) return Promise.resolve(cmd === "plugin:event|listen" ? nextCallback++ : null);
      try {
        return Promise.resolve(structuredClone(answer(cmd, args)));
      } catch (e) {
        return Promise.reject(e);
      }
    },
  };
  w.__TAURI_EVENT_PLUGIN_INTERNALS__ = { unregisterListener: () => {} };
}
