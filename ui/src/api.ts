// Typed wrappers over the Tauri commands in src-tauri/src/commands.rs.
// The UI holds no business logic: everything it shows comes from these calls.
import { invoke } from "@tauri-apps/api/core";
import type { FeatureCollection } from "geojson";

export interface LayerInfo {
  name: string;
  label: string;
  geometry: "POINT" | "LINESTRING" | "MULTIPOLYGON";
  count: number;
  extent: [number, number, number, number] | null;
}

export interface ProjectView {
  path: string;
  name: string;
  municipality: string | null;
  crs: string;
  schema_version: number;
  extent: [number, number, number, number] | null;
  extent_lonlat: [number, number, number, number] | null;
  layers: LayerInfo[];
  layer_labels: [string, string][];
}

export const ping = (message: string) => invoke<string>("ping", { message });
export const projectInfo = () => invoke<ProjectView>("project_info");
export const layerGeojson = (layer: string) => invoke<FeatureCollection>("layer_geojson", { layer });
export const undo = () => invoke<string>("undo");
export const redo = () => invoke<string>("redo");
