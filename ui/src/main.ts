import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";

const target = document.getElementById("app");
if (!target) throw new Error("#app is missing from index.html");

// make bench opens the window at #scroll-baseline=<chat> for the scroll figure's baseline; the
// code for it is loaded only then.
const baseline = /^#scroll-baseline=(\d+)$/.exec(location.hash);
if (baseline) {
  void import("./bench/ScrollBaseline.svelte").then((m) =>
    mount(m.default, { target, props: { conversationId: Number(baseline[1]) } }),
  );
} else {
  mount(App, { target });
}
