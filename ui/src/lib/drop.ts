// Files dragged from the desktop onto the window go to the Import dialog.
// Tauri reports the drop with the files' paths (the webview's own HTML drag
// and drop never sees a path); outside Tauri there is nothing to listen to.
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { app } from "./store.svelte";

export async function listenForDroppedFiles(): Promise<void> {
  try {
    await getCurrentWebview().onDragDropEvent((e) => {
      if (e.payload.type === "drop") app.filesDropped(e.payload.paths);
    });
  } catch {
    // Not in Tauri (a browser preview, tests): no drops to hear.
  }
}
