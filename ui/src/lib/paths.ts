// Project file paths, typed by the user or chosen in the native file dialog (dialogs.ts).
import { homeDir } from "@tauri-apps/api/path";

/** The user's home folder from the shell, or null outside Tauri or on failure. */
export async function homeFolder(): Promise<string | null> {
  try {
    return await homeDir();
  } catch {
    return null;
  }
}

/** The folder part of a path ("" when there is none). */
export function folderOf(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return i > 0 ? path.slice(0, i) : "";
}

/** The file name without folder. */
export function fileNameOf(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return path.slice(i + 1);
}

/** A file name from a project name: letters (æøå too), digits, spaces, dashes; never empty. */
export function safeFileName(name: string): string {
  const clean = name.replace(/[^\p{L}\p{N} _-]+/gu, " ").replace(/\s+/g, " ").trim();
  return clean === "" ? "projekt" : clean;
}

/** `<folder>/<name>.gpkg`, with the folder's own separator. */
export function projectPathIn(folder: string, name: string): string {
  const sep = folder.includes("\\") && !folder.includes("/") ? "\\" : "/";
  const base = folder.replace(/[\\/]+$/, "");
  return `${base}${sep}${safeFileName(name)}.gpkg`;
}

export function isGpkgPath(path: string): boolean {
  return /\.gpkg$/i.test(path.trim()) && fileNameOf(path.trim()).length > ".gpkg".length;
}

/** The path with `.ext` at the end (added when it has another or none); "" stays "". */
export function withExtension(path: string, ext: string): string {
  const p = path.trim();
  if (p === "" || p.toLowerCase().endsWith(`.${ext.toLowerCase()}`)) return p;
  return `${p}.${ext}`;
}
