// The tick latency, measured where it happens: the store notes when a tick
// started, when the core answered and when the figures were refreshed; the
// map notes when the new tiles were drawn. The end-to-end harness reads it
// (window.afdaek.tickTiming) for docs/BENCHMARKS.md.

export interface TickTiming {
  /** performance.now() at the click. */
  started: number;
  /** The core's answer arrived (IPC both ways, the edit, tile invalidation). */
  answered: number;
  /** The selected area's covered figure was refreshed. */
  figure: number;
  /** Everything after an edit was refreshed (figure, counts, history, inspector). */
  refreshed: number;
  /** The map finished drawing the new tiles (0 until it has). */
  redrawn: number;
  /** The tile revision the map had to draw. */
  revision: number;
  /** The core's own split (from the answer). */
  edit_ms: number;
  invalidate_ms: number;
  /** The whole command in the shell (lock, edit, answer), from its worker thread's start. */
  command_ms: number;
}

export const tickTiming: TickTiming = { started: 0, answered: 0, figure: 0, refreshed: 0, redrawn: 0, revision: 0, edit_ms: 0, invalidate_ms: 0, command_ms: 0 };
