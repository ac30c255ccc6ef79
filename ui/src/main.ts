// Start-up: expose the test handle, mount the app, ask the backend what is open.
import { mount } from "svelte";
import { prewarm } from "maplibre-gl";
import App from "./App.svelte";
import * as api from "./api";
import { app, messageOf } from "./lib/store.svelte";
import { handle, settleReady, startupMarks } from "./lib/handle";
import { listenForDroppedFiles } from "./lib/drop";
import "./style.css";

// Synchronously, before anything can fail: tests/e2e wait on this handle.
window.afdaek = handle;
// Start MapLibre's worker (a 0.5 MB module to compile) while the backend opens the project.
prewarm();

mount(App, { target: document.getElementById("app")! });

// Long jobs report progress as events; outside Tauri there are none.
api.onProgress((p) => app.progressEvent(p)).catch(() => {});
// Files dropped on the window open the Import dialog.
void listenForDroppedFiles();

startupMarks.module = Math.round(performance.now());
app.init().then(
  // With a project, MapView settles `ready` once the map has loaded its style.
  () => {
    startupMarks.status = Math.round(performance.now());
    if (!app.project) settleReady(app.openError);
  },
  (e) => settleReady(messageOf(e)),
);
