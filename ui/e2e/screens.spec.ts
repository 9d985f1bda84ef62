// Every screen state of the window, rendered from the real app's recorded answers and
// screenshotted, with assertions on what is shown. `UPDATE_SCREENSHOTS=1` also writes the
// README's pictures (docs/screenshots).
import { expect, test, type Page } from "@playwright/test";
import { installTauriMock, type MockOptions, type Recording } from "./tauriMock";
import online from "./recorded/online.json" with { type: "json" };
import offline from "./recorded/offline.json" with { type: "json" };

const recordings = { online: online as Recording, offline: offline as Recording };

async function show(page: Page, options: MockOptions) {
  await page.addInitScript(installTauriMock, options);
  await page.goto("/");
}

/** The screens README shows. */
const README = new Set([
  "inbox-light",
  "inbox-dark",
  "offline",
  "search",
  "contact",
  "unknown-fate",
  "quick-replies",
  "needs-reply",
  "settings-labels",
  "settings-hours",
  "settings-auto-replies",
  "away-message",
  "figures",
]);

async function snap(page: Page, name: string) {
  await page.screenshot({ path: `e2e/results/screens/${name}.png` });
  if (process.env.UPDATE_SCREENSHOTS && README.has(name)) await page.screenshot({ path: `../docs/screenshots/${name}.png` });
}

const chat = (page: Page, title: string) =>
  page.getByTestId("conversation").filter({ has: page.getByText(title, { exact: true }) });

test.describe("in English", () => {
  test.use({ locale: "en-GB" });

  test("empty: a first start offers to add a channel or try the demo", async ({ page }) => {
    await show(page, {
      calls: [],
      answers: {
        list_accounts: [],
        list_conversations: [],
        account_states: [],
        sync_status: { problem: null, waiting: 0 },
        keyring_status: { state: "ok" },
      },
    });
    await expect(page.getByRole("heading", { name: "Welcome to Sportello" })).toBeVisible();
    await expect(page.getByTestId("add-channel")).toBeVisible();
    await snap(page, "empty");
  });

  test("a damaged message store: only that, with Restore", async ({ page }) => {
    await show(page, {
      calls: recordings.online.calls,
      answers: {
        store_damage: {
          detail: "The local message store at /home/forno/sportello.sqlite3 is damaged (the file is empty).",
          newest_backup: "sportello-001796680000000.sqlite3",
          data_dir: "/home/forno/.local/share/sportello",
        },
      },
    });
    await expect(page.getByTestId("store-damaged")).toBeVisible();
    await expect(page.getByTestId("restore-backup")).toBeVisible();
    await expect(page.getByTestId("conversation")).toHaveCount(0);
    await snap(page, "store-damaged");
  });

  test("loading: nothing half-drawn while the app answers", async ({ page }) => {
    await show(page, { calls: [], hang: true });
    await expect(page.locator(".loading[aria-busy=true]")).toBeVisible();
    await expect(page.getByTestId("conversation")).toHaveCount(0);
    await snap(page, "loading");
  });

  test("inbox: every channel in one list, a customer's HTML shown as text", async ({ page }) => {
    const dialogs: string[] = [];
    page.on("dialog", (d) => void d.dismiss().then(() => dialogs.push(d.message())));
    await show(page, { calls: recordings.online.calls });
    // Ana's chat is snoozed until tomorrow: out of sight.
    await expect(page.getByTestId("conversation")).toHaveCount(5);
    await expect(chat(page, "Ana García")).toHaveCount(0);
    await expect(chat(page, "Giulia").getByTestId("row-label")).toHaveText(["Nuovo ordine", "VIP"]);
    await expect(chat(page, "Marco Bellini").getByTestId("row-waiting")).toBeVisible();
    // The sidebar keeps to chats and problems: set-up and choices live in Settings.
    const sidebar = page.locator("aside.sidebar");
    for (const setting of ["webhook-setup", "webhook-state", "human-agent", "language", "channels"]) {
      await expect(sidebar.getByTestId(setting)).toHaveCount(0);
    }
    for (const channel of ["telegram", "whatsapp", "messenger"]) {
      await expect(page.locator(`[data-testid=conversation] [data-channel=${channel}]`).first()).toBeVisible();
    }
    await expect(chat(page, "Marco Bellini").getByTestId("unread")).toHaveText("120");
    await chat(page, "Giulia").click();
    await expect(page.getByTestId("chat-title")).toHaveText("Giulia");
    await expect(page.getByText("<img src=x onerror=alert(1)><b>grazie</b><script>window.pwned = 1</script>")).toBeVisible();
    await expect(page.locator("[data-testid=message] img, [data-testid=message] b, [data-testid=message] script")).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await expect(page.locator("[data-direction=out][data-status=sent]")).toContainText("Sì, è pronta!");
    expect(dialogs).toEqual([]);
    await snap(page, "inbox-light");
  });

  test("a reply whose fate is unknown offers Retry and Discard", async ({ page }) => {
    await show(page, { calls: recordings.online.calls });
    await chat(page, "João").click();
    const unsure = page.locator("[data-direction=out][data-status=unknown]");
    await expect(unsure).toContainText("Sim, entregamos no bairro");
    await expect(unsure.getByTestId("retry")).toBeVisible();
    await expect(unsure.getByRole("button", { name: "Discard" })).toBeVisible();
    await snap(page, "unknown-fate");
  });

  test("a reply the platform refused says why, with Retry and Discard", async ({ page }) => {
    // The recording has a reply of unknown fate; a refusal differs only in its status and
    // reason, so that one message is turned into one here.
    const reason = "Telegram refused the message: Bad Request: chat not found";
    const calls = recordings.online.calls.map((c) =>
      c.cmd !== "list_messages"
        ? c
        : {
            ...c,
            ok: (c.ok as { status: string; error: string | null }[]).map((m) =>
              m.status === "unknown" ? { ...m, status: "failed", error: reason, error_code: "Rejected" } : m,
            ),
          },
    );
    await show(page, { calls });
    await chat(page, "João").click();
    const refused = page.locator("[data-direction=out][data-status=failed]");
    // Said in the owner's words, the platform's own behind Details.
    await expect(refused.getByRole("alert")).toContainText("Telegram refused the message.");
    await refused.getByText("Details").click();
    await expect(refused.getByRole("alert")).toContainText(reason);
    await expect(refused.getByTestId("retry")).toBeVisible();
    await expect(refused.getByTestId("discard")).toBeVisible();
    await snap(page, "failed");
  });

  test("a long chat opens at its first unread message and keeps the page small", async ({ page }) => {
    await show(page, { calls: recordings.online.calls });
    await chat(page, "Marco Bellini").click();
    await expect(page.getByTestId("unread-divider")).toHaveText("120 unread messages");
    await expect(page.getByText("Ordine 1: due filoni", { exact: false })).toBeVisible();
    expect(await page.locator("[data-message-id]").count()).toBeLessThanOrEqual(100);
    await snap(page, "long-chat");
  });

  test("offline: the banner counts what waits, and the reply shows the clock", async ({ page }) => {
    await show(page, { calls: recordings.offline.calls });
    await expect(page.getByTestId("offline-banner")).toHaveText("Offline — 1 message waiting");
    await chat(page, "Giulia").click();
    await expect(page.locator("[data-direction=out][data-status=pending]")).toContainText("Ti aspettiamo alle 9");
    await snap(page, "offline");
  });

  test("search: hits from every chat with the words marked; one opens its chat there", async ({ page }) => {
    await show(page, { calls: recordings.online.calls });
    await page.keyboard.press("Control+k");
    await page.keyboard.type("torta");
    const hits = page.getByTestId("search-hit");
    await expect(hits.first()).toBeVisible();
    await expect(hits.first().locator("mark")).toHaveText(/torta/i);
    await snap(page, "search");
    await hits.filter({ hasText: "Buongiorno! È pronta la torta?" }).click();
    await expect(page.getByTestId("chat-title")).toHaveText("Giulia");
  });

  test("search finds the shop's notes too, marked as notes", async ({ page }) => {
    await show(page, { calls: recordings.online.calls });
    await page.keyboard.press("Control+k");
    await page.keyboard.type("torta");
    const note = page.getByTestId("note-hit");
    await expect(note).toHaveCount(1);
    await expect(note).toContainText("Note");
    await expect(note.locator("mark")).toHaveText("torta");
    await note.click();
    await expect(page.getByTestId("chat-title")).toHaveText("Giulia");
  });

  test("the contact panel: the customer's labels and notes first", async ({ page }) => {
    await show(page, { calls: recordings.online.calls });
    await chat(page, "Giulia").click();
    await page.getByTestId("contact-button").click();
    await expect(page.getByTestId("contact-labels")).toContainText("VIP");
    await expect(page.getByTestId("note")).toContainText("Allergica alle noci");
    await snap(page, "contact-notes");
  });

  test("quick replies: / in the composer lists them, the typed shortcut first", async ({ page }) => {
    await show(page, { calls: recordings.online.calls });
    await chat(page, "Giulia").click();
    await page.getByTestId("composer").click();
    await page.keyboard.type("/");
    const offered = page.getByTestId("quick-reply-option");
    await expect(offered).toHaveCount(3);
    await page.keyboard.type("ri");
    await expect(offered.first()).toContainText("/ritiro");
    await snap(page, "quick-replies");
  });

  test("a label's chip lists its chats; Needs a reply lists who waits, longest first", async ({ page }) => {
    await show(page, { calls: recordings.online.calls });
    await page.getByTestId("filter-needs_reply").click();
    await expect(page.getByTestId("conversation-title")).toHaveText(["Marco Bellini", "Luca Neri"]);
    await snap(page, "needs-reply");
    await page.locator("[data-testid^='filter-label:']", { hasText: "Pagato" }).click();
    await expect(page.getByTestId("conversation-title")).toHaveText(["Marco Bellini"]);
  });

  test("snoozed, done and sent-later states", async ({ page }) => {
    await show(page, { calls: recordings.online.calls });
    await page.getByTestId("filter-snoozed").click();
    await expect(page.getByTestId("conversation-title")).toHaveText(["Ana García"]);
    await expect(chat(page, "Ana García").getByTestId("row-snoozed")).toBeVisible();
    await chat(page, "Ana García").click();
    await expect(page.getByTestId("header-snoozed")).toContainText("Snoozed until");
    await snap(page, "snoozed");
    await page.getByTestId("filter-all").click();
    await chat(page, "Marco Bellini").click();
    await page.getByTestId("to-newest").click();
    await expect(page.getByTestId("scheduled")).toContainText("Will be sent");
    await page.getByTestId("scheduled").scrollIntoViewIfNeeded();
    await snap(page, "scheduled");
    await page.getByTestId("filter-done").click();
    await expect(page.getByTestId("conversation-title")).toHaveText(["Anna Verdi"]);
  });

  test("settings: channels, quick replies and labels as sections of one page", async ({ page }) => {
    await show(page, { calls: recordings.online.calls });
    await page.getByTestId("open-settings").click();
    await expect(page.getByTestId("channels")).toBeVisible();
    await page.getByTestId("settings-quick_replies").click();
    await expect(page.getByTestId("quick-reply-row")).toHaveCount(3);
    await snap(page, "settings-quick-replies");
    await page.getByTestId("settings-labels").click();
    await expect(page.getByTestId("label-row")).toHaveCount(4);
    await snap(page, "settings-labels");
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("settings")).toHaveCount(0);
  });

  test("opening hours and automatic replies in Settings, Open/Closed under the title", async ({ page }) => {
    await show(page, { calls: recordings.online.calls });
    // Closed today for stocktaking: the header says when the shop opens.
    await expect(page.getByTestId("shop-hours")).toHaveText("Closed, opens tomorrow 7:30");
    await page.getByTestId("shop-hours").click();
    await expect(page.getByTestId("hours-settings")).toBeVisible();
    // Tuesday to Saturday in two shifts, Sunday morning, Monday closed.
    await expect(page.getByTestId("hours-day-0")).toContainText("Closed");
    await expect(page.getByTestId("hours-from-1-1")).toHaveValue("16:30");
    await expect(page.getByTestId("hours-until-6-0")).toHaveValue("12:30");
    await expect(page.getByTestId("closed-dates")).toHaveCount(2);
    await snap(page, "settings-hours");
    await page.getByTestId("settings-auto_replies").click();
    await expect(page.getByTestId("auto-away-on")).toBeChecked();
    await expect(page.getByTestId("auto-greeting-on")).not.toBeChecked();
    await expect(page.getByTestId("faq-card")).toHaveCount(2);
    await expect(page.getByTestId("coexistence-warning")).toBeVisible();
    await page.getByTestId("faq-test").fill("A che ora aprite domani?");
    await expect(page.getByTestId("faq-test-result")).toContainText("Siamo aperti dal martedì");
    await snap(page, "settings-auto-replies");
  });

  test("an away message carries the robot mark", async ({ page }) => {
    await show(page, { calls: recordings.online.calls });
    await chat(page, "Luca Neri").click();
    const away = page.getByTestId("message").filter({ has: page.getByTestId("automated") });
    await expect(away).toHaveCount(1);
    await expect(away).toContainText("Riapriamo domani alle 7:30");
    await snap(page, "away-message");
  });

  test("figures: who waits, first replies in opening hours, when customers write", async ({ page }) => {
    await show(page, { calls: recordings.online.calls });
    await page.getByTestId("open-figures").click();
    await expect(page.getByTestId("figure-waiting")).toContainText("waiting for an answer now");
    await expect(page.getByTestId("heat-map").getByRole("cell")).toHaveCount(7 * 24);
    await expect(page.getByTestId("figures-channel-telegram")).toBeVisible();
    await snap(page, "figures");
    await page.getByTestId("figures-30").click();
    await expect(page.getByTestId("figures-30")).toHaveAttribute("aria-pressed", "true");
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("figures")).toHaveCount(0);
  });

  test("emoji are drawn in colour, never as the missing-glyph box", async ({ page }) => {
    await show(page, { calls: recordings.online.calls });
    await expect(page.getByTestId("conversation").first()).toBeVisible();
    const drawn = await page.evaluate(async (emoji) => {
      const family = getComputedStyle(document.body).fontFamily;
      const out: string[] = [];
      for (const { segment } of new Intl.Segmenter().segment(emoji)) {
        await document.fonts.load(`32px ${family}`, segment);
        const canvas = document.createElement("canvas");
        canvas.width = canvas.height = 64;
        const ctx = canvas.getContext("2d")!;
        ctx.font = `32px ${family}`;
        // A private-use character no font has: the width of the missing-glyph box.
        const box = ctx.measureText("\uE000").width;
        const width = ctx.measureText(segment).width;
        ctx.fillStyle = "#000";
        ctx.fillText(segment, 8, 44);
        const px = ctx.getImageData(0, 0, 64, 64).data;
        let coloured = 0;
        for (let i = 0; i < px.length; i += 4) {
          if (px[i + 3]! > 0 && Math.max(px[i]!, px[i + 1]!, px[i + 2]!) - Math.min(px[i]!, px[i + 1]!, px[i + 2]!) > 40) coloured++;
        }
        out.push(coloured > 20 ? "colour" : Math.abs(width - box) < 0.5 ? "box" : "grey");
      }
      return out;
    }, "🎂☕👍❤️😂🙏🍰🥖👋🏽🇮🇹");
    expect(drawn).toEqual(Array(10).fill("colour"));
  });

  test("the chat's menu opens and is used from the keyboard", async ({ page }) => {
    await show(page, { calls: recordings.online.calls });
    await chat(page, "Giulia").click();
    await page.getByTestId("chat-menu-button").focus();
    await page.keyboard.press("Enter");
    const menu = page.getByTestId("chat-menu");
    await expect(menu).toBeVisible();
    await expect(menu.getByTestId("pin")).toContainText("Ctrl+Alt+Shift+P");
    await page.keyboard.press("ArrowDown");
    await expect(menu.getByTestId("pin")).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(menu).toHaveCount(0);
    await expect(page.getByTestId("chat-menu-button")).toBeFocused();
  });

  test("a search result shows the matched word however far into the message it is", async ({ page }) => {
    await show(page, { calls: recordings.online.calls });
    await page.keyboard.press("Control+k");
    // The last word of a long message.
    await page.keyboard.type("sabato");
    const hit = page.getByTestId("search-hit").first();
    await expect(hit).toBeVisible();
    const [text, mark] = await Promise.all([hit.locator(".text").boundingBox(), hit.locator("mark").first().boundingBox()]);
    await expect(hit).toContainText("…");
    await expect(hit.locator("mark").first()).toHaveText("sabato");
    expect(mark!.x + mark!.width).toBeLessThanOrEqual(text!.x + text!.width);
    await snap(page, "search-long");
  });

  test("the contact panel shows how each channel knows the customer", async ({ page }) => {
    await show(page, { calls: recordings.online.calls });
    await chat(page, "Luca Neri").click();
    await page.getByTestId("contact-button").click();
    await expect(page.locator("[data-kind=phone] .value")).toHaveText("+393339876543");
    await snap(page, "contact");
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("contact-panel")).toHaveCount(0);
  });
});

test.describe("dark, following the OS", () => {
  test.use({ locale: "en-GB", colorScheme: "dark" });

  test("the inbox in dark", async ({ page }) => {
    await show(page, { calls: recordings.online.calls });
    await chat(page, "Giulia").click();
    await expect(page.getByTestId("chat-title")).toHaveText("Giulia");
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = background.match(/\d+/g)!.map(Number);
    expect(r! + g! + b!).toBeLessThan(3 * 80);
    await snap(page, "inbox-dark");
  });
});

for (const [locale, search, waiting] of [
  ["it-IT", "Cerca", "Offline — 1 messaggio in attesa"],
  ["pt-BR", "Pesquisar", "Offline — 1 mensagem à espera"],
  ["es-ES", "Buscar", "Sin conexión — 1 mensaje en espera"],
] as const) {
  test.describe(`in ${locale}, following the OS`, () => {
    test.use({ locale });

    test("the words and dates are the locale's", async ({ page }) => {
      await show(page, { calls: recordings.offline.calls });
      await expect(page.getByTestId("search")).toHaveAttribute("placeholder", search);
      await expect(page.getByTestId("offline-banner")).toHaveText(waiting);
      await expect(page.locator("html")).toHaveAttribute("lang", locale.slice(0, 2));
      await snap(page, `inbox-${locale}`);
    });

    test("the counter's screens are in the locale's words", async ({ page }) => {
      await show(page, { calls: recordings.online.calls });
      await chat(page, "Giulia").click();
      await page.getByTestId("contact-button").click();
      await expect(page.getByTestId("note")).toBeVisible();
      await page.getByTestId("composer").click();
      await page.keyboard.type("/");
      await expect(page.getByTestId("quick-reply-option")).toHaveCount(3);
      await snap(page, `counter-${locale}`);
      await page.keyboard.press("Escape");
      await chat(page, "Marco Bellini").click();
      await page.getByTestId("to-newest").click();
      await expect(page.getByTestId("scheduled")).not.toContainText("Will be sent");
      await snap(page, `scheduled-${locale}`);
    });
  });
}
