// Keyboard shortcuts: which command a key press means. Undo and redo never
// fire while the user is typing (the field's own undo wins there); Esc always does.

export type Shortcut = "undo" | "redo" | "escape";

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
  if (!mod || e.altKey || isTyping(e.target)) return null;
  const k = e.key.toLowerCase();
  if (k === "z") return e.shiftKey ? "redo" : "undo";
  if (k === "y" && !e.shiftKey) return "redo";
  return null;
}
