// Svelte 5 compiles `<script lang="ts">` natively (type annotations only).
export default {
  compilerOptions: { runes: true },
};
