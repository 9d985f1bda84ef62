// The shop's accounts as the window knows them: the list, how each one's sync is doing, why
// this window may not sync, and whether the keyring can be used. Loaded with the first screen,
// then kept current from core's account events.
import type { Account, AccountState, AccountStatus, KeyringHealth, SyncGap } from "../ipc/bindings";
import { accountStates, keyringStatus, listAccounts, syncStatus, type SyncStatus } from "../ipc/commands";
import { toast } from "../errors/toast.svelte";

export class Accounts {
  list: Account[] = $state([]);
  states: AccountStatus[] = $state([]);
  status: SyncStatus | null = $state(null);
  keyring: KeyringHealth | null = $state(null);
  keyringDismissed = $state(false);

  readonly isDemo = $derived(this.list.some((a) => a.is_demo));
  readonly channels = $derived([...new Set(this.list.map((a) => a.channel))]);
  /** The keyring screen replaces the inbox until the owner fixes or dismisses it. */
  readonly keyringBlocks = $derived(this.keyring !== null && this.keyring.state !== "ok" && !this.keyringDismissed);

  /** Periods in which an account may have missed messages. */
  gapsOf(accountId: number | undefined): SyncGap[] {
    return this.list.find((a) => a.id === accountId)?.missing_periods ?? [];
  }

  /** The calls the first screen needs, to be run together with the others it waits for. */
  reads(): [Promise<Account[] | undefined>, Promise<AccountStatus[] | undefined>, Promise<SyncStatus | undefined>] {
    return [toast.report(listAccounts()), toast.report(accountStates()), toast.report(syncStatus())];
  }

  /** Takes what `reads` brought (a failed read keeps what was there). */
  took(list?: Account[], states?: AccountStatus[], status?: SyncStatus): void {
    this.list = list ?? this.list;
    this.states = states ?? this.states;
    this.status = status ?? this.status;
  }

  async refreshStatus(): Promise<void> {
    this.status = (await toast.report(syncStatus())) ?? this.status;
  }

  /** Asking the keyring goes over D-Bus and may prompt to unlock: after the first screen. */
  async checkKeyring(): Promise<void> {
    this.keyring = (await toast.report(keyringStatus())) ?? this.keyring;
  }

  /**
   * An account's sync changed. One that stopped on the keyring makes the keyring screen say how
   * to fix it; taken from the event, not asked again, as asking wakes the accounts that then
   * report again.
   */
  async changed(accountId: number, state: AccountState): Promise<void> {
    if (state.state === "needs_attention" && state.code === "KeyringLocked") {
      this.keyring = { state: "locked" };
    } else if (state.state === "needs_attention" && state.code === "KeyringUnavailable") {
      this.keyring = { state: "missing", detail: state.reason };
    }
    const rest = this.states.filter((s) => s.account_id !== accountId);
    this.states = [...rest, { account_id: accountId, state }];
    await this.refreshStatus();
  }
}
