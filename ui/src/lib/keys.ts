// Keyboard shortcuts: which command a key press means. Undo, redo and the
// mode keys (V: Vis, A: Afkryds, T: Tegn, K: Kør) never fire while the user is typing (the
// field's own keys win there); Esc always does.

export type Shortcut =
  | "undo"
  | "redo"
  | "escape"
  | "mode-view"
  | "mode-tick"
  | "mode-draw"
  | "mode-drive"
  /** Enter: confirm what is under way (a drive). */
  | "confirm"
  /** Delete or Backspace: delete the selected feature. */
  | "delete";

/** The plain letter keys that switch mode: Vis, Afkryds, Tegn, Kør. */
const MODE_KEYS: Record<string, Shortcut> = { v: "mode-view", a: "mode-tick", t: "mode-draw", k: "mode-drive" };

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
}

export function isTyping(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).tagName !== "string") return false;
  const el = target as HTMLElement;
  const tag = el.tagName.toLowerCase();
  return tag === "input" || tag === "textarea" || tag === "select" || el.isContentEditable === true;
}

export function shortcutOf(e: KeyLike): Shortcut | null {
  if (e.key === "Escape") return "escape";
  const mod = e.ctrlKey || e.metaKey;
  if (e.altKey || isTyping(e.target)) return null;
  const k = e.key.toLowerCase();
  if (!mod && e.key === "Enter") return "confirm";
  if (!mod && (e.key === "Delete" || e.key === "Backspace")) return "delete";
  if (!mod) return e.shiftKey ? null : (MODE_KEYS[k] ?? null);
  if (k === "z") return e.shiftKey ? "redo" : "undo";
  if (k === "y" && !e.shiftKey) return "redo";
  return null;
}
