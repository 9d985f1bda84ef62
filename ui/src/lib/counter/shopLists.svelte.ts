// The shop's own lists the window uses everywhere: its labels (chips, the header's picker) and
// its quick replies (the composer's `/`). Loaded with the first screen and again when the
// shop's log says they changed (here or, later, on another desktop); the notes, read per chat,
// are told to read again by a counter.
import type { Label, QuickReply, ShopArea } from "../ipc/bindings";
import { listLabels, listQuickReplies } from "../ipc/commands";
import { toast } from "../errors/toast.svelte";

class ShopLists {
  labels: Label[] = $state([]);
  quickReplies: QuickReply[] = $state([]);
  /** Bumped when the shop's notes changed, for the notes on screen to read again. */
  notesChanged = $state(0);
  /** Bumped when a customer's identities or consent changed (merges, STOP, a poster). */
  customersChanged = $state(0);
  /** Bumped when the posters changed. */
  postersChanged = $state(0);

  async load(): Promise<void> {
    await Promise.all([this.reloadLabels(), this.reloadQuickReplies()]);
  }

  async reloadLabels(): Promise<void> {
    this.labels = (await toast.report(listLabels())) ?? this.labels;
  }

  /** The log says an area changed: read what the window shows of it again. */
  async changed(area: ShopArea): Promise<void> {
    if (area === "labels") await this.reloadLabels();
    else if (area === "quick_replies") await this.reloadQuickReplies();
    else if (area === "notes") this.notesChanged += 1;
    else if (area === "customer") {
      this.customersChanged += 1;
      // Merged notes show in every chat of the customer.
      this.notesChanged += 1;
    } else if (area === "posters") this.postersChanged += 1;
  }

  async reloadQuickReplies(): Promise<void> {
    this.quickReplies = (await toast.report(listQuickReplies())) ?? this.quickReplies;
  }
}

export const shopLists = new ShopLists();
