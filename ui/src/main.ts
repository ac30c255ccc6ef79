// Start-up: expose the test handle, mount the app, ask the backend what is open.
import { mount } from "svelte";
import App from "./App.svelte";
import * as api from "./api";
import { app, messageOf } from "./lib/store.svelte";
import { handle, settleReady } from "./lib/handle";
import "./style.css";

// Synchronously, before anything can fail: tests/e2e wait on this handle.
window.afdaek = handle;

mount(App, { target: document.getElementById("app")! });

// Long jobs report progress as events; outside Tauri there are none.
api.onProgress((p) => app.progressEvent(p)).catch(() => {});

app.init().then(
  // With a project, MapView settles `ready` once the map has loaded its style.
  () => {
    if (!app.project) settleReady(app.openError);
  },
  (e) => settleReady(messageOf(e)),
);
