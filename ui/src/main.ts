// Start-up: ask the shell for the open project, draw its layers, and expose
// a small handle (`window.afdaek`) the end-to-end tests use to wait for the
// map and to ask what it shows.
import type { Map as MlMap } from "maplibre-gl";
import * as api from "./api";
import { createMap, setLayerData } from "./map";
import { orderedStyles } from "./layers";
import "./style.css";

declare global {
  interface Window {
    afdaek: {
      map: MlMap | null;
      /** Resolves when the project's layers are loaded into the map. */
      ready: Promise<void>;
      /** Feature counts per layer as loaded into the map. */
      loaded: Record<string, number>;
      error: string | null;
    };
  }
}

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function showError(message: string) {
  const el = byId("error");
  el.textContent = message;
  el.hidden = false;
  window.afdaek.error = message;
}

async function start(): Promise<void> {
  let project: api.ProjectView;
  try {
    project = await api.projectInfo();
  } catch (e) {
    showError(String(e));
    createMap(byId("map"), null);
    return;
  }
  byId("project-name").textContent = project.name;
  document.title = `Afdæk — ${project.name}`;
  const map = createMap(byId("map"), project.extent_lonlat);
  window.afdaek.map = map;
  await new Promise<void>((resolve) => map.once("load", () => resolve()));

  const list = byId<HTMLUListElement>("layer-list");
  const labels = new Map(project.layer_labels);
  for (const style of orderedStyles().reverse()) {
    const info = project.layers.find((l) => l.name === style.layer);
    if (!info || info.count === 0) continue;
    const data = await api.layerGeojson(style.layer);
    setLayerData(map, style.layer, data);
    window.afdaek.loaded[style.layer] = data.features.length;
    const li = document.createElement("li");
    li.dataset.layer = style.layer;
    const swatch = document.createElement("span");
    swatch.className = `swatch ${style.kind}`;
    swatch.style.background = style.color;
    li.append(swatch, `${labels.get(style.layer) ?? style.layer} (${info.count})`);
    list.append(li);
  }
  byId("status").textContent = `${project.crs} · ${project.layers.reduce((n, l) => n + l.count, 0)} objekter`;
}

window.afdaek = { map: null, ready: Promise.resolve(), loaded: {}, error: null };
window.afdaek.ready = start().catch((e) => showError(String(e)));
