// The one message catalogue: every string the UI shows comes from here.
// Danish is the product's language; English has the same keys (a test checks).
// Messages from the backend are already Danish and are shown as they are.
import { app, type Lang } from "./store.svelte";

const da = {
  "app.name": "Afdæk",
  "app.windowTitle": "Afdæk — {name}",
  "app.starting": "Åbner…",
  "app.busy": "Arbejder…",

  "menu.project": "Projekt",
  "menu.open": "Åbn projekt…",
  "menu.new": "Nyt projekt…",
  "menu.recent": "Seneste projekter",
  "menu.recentEmpty": "Ingen endnu",
  "menu.saveCopy": "Gem en kopi…",

  "undo.button": "Fortryd",
  "undo.title": "Fortryd: {label}",
  "undo.none": "Intet at fortryde",
  "redo.button": "Gentag",
  "redo.title": "Gentag: {label}",
  "redo.none": "Intet at gentage",
  "undo.readOnly": "Projektet er kun til læsning",

  "history.toggle": "Historik",
  "history.title": "Historik",
  "history.empty": "Ingen ændringer endnu.",
  "history.who": "Hvem",
  "history.when": "Hvornår",
  "history.what": "Hvad",

  "layers.title": "Lag",
  "layers.empty": "Projektet har ingen data endnu.",
  "layers.row": "{label} ({count})",
  "layers.visible": "Vis {label} på kortet",
  "layers.opacity": "Tydelighed for {label}",
  "layers.opacityValue": "{pct} %",

  "basemap.title": "Baggrundskort",
  "basemap.online": "Online baggrundskort (OpenStreetMap)",
  "basemap.hint": "Henter kortbilleder fra internettet, når det er slået til. Slået fra: Afdæk bruger intet netværk.",
  "basemap.attribution": "© OpenStreetMap-bidragydere",

  "legend.roads.road": "Vej",
  "legend.roads.path": "Sti",
  "legend.coverage.recent": "Dækket for nylig",
  "legend.coverage.earlier": "Dækket tidligere",
  "legend.coverage.never": "Aldrig dækket",
  "legend.buildings.dormitory": "Kollegium",
  "legend.buildings.farmhouse": "Stuehus på landbrug",
  "legend.buildings.allotment": "Kolonihavehus",
  "legend.buildings.holiday": "Sommerhus",
  "legend.buildings.institution": "Døgninstitution",
  "legend.buildings.dwelling": "Anden bolig",
  "legend.buildings.other": "Anden bygning",
  "legend.partners.not_started": "Ikke startet",
  "legend.partners.in_progress": "I gang",
  "legend.partners.done": "Gennemført",
  "legend.focus.priority1": "Prioritet 1",
  "legend.focus.other": "Øvrige fokusområder",

  "map.label": "Kort",
  "map.priority": "prioritet",
  "map.failed": "Kortet kunne ikke vises: {message}",

  "inspector.title": "Valgt",
  "inspector.empty": "Klik på noget på kortet for at se det her.",
  "inspector.save": "Gem",
  "inspector.saving": "Gemmer…",
  "inspector.close": "Fjern markering",
  "inspector.loading": "Henter…",
  "inspector.readOnly": "Kun til læsning: felterne kan ikke ændres.",

  "status.objects": "{count} objekter",
  "status.noProject": "Intet projekt åbent",
  "status.user": "Bruger: {initials}",

  "progress.label": "{label} {pct} %",
  "progress.running": "{label} …",
  "progress.cancel": "Afbryd",

  "readOnly.default": "Projektet er åbent et andet sted og vises kun til læsning. Ændringer kan ikke gemmes.",

  "initials.title": "Hvem er du?",
  "initials.text": "Skriv dine initialer, så historikken viser, hvem der har ændret hvad.",
  "initials.label": "Initialer",
  "initials.save": "Gem",
  "initials.invalid": "Skriv 2–6 bogstaver, fx MHJ.",

  "toast.close": "Luk",

  "welcome.title": "Velkommen til Afdæk",
  "welcome.text": "Åbn et projekt, eller start et nyt for jeres kommune.",
  "welcome.recent": "Seneste projekter",
  "welcome.noRecent": "Ingen seneste projekter.",

  "dialog.cancel": "Annuller",
  "dialogs.browse": "Gennemse…",
  "dialogs.gpkgFilter": "Afdæk-projekt (GeoPackage)",
  "dialogs.failed": "Filvælgeren kunne ikke åbnes ({message}). Skriv stien i feltet i stedet.",

  "newProject.title": "Nyt projekt",
  "newProject.name": "Navn",
  "newProject.namePlaceholder": "fx Fokus 2027",
  "newProject.municipality": "Kommune",
  "newProject.search": "Søg efter kommune (navn eller nummer)",
  "newProject.noMatch": "Ingen kommune passer til søgningen.",
  "newProject.loading": "Henter kommuner…",
  "newProject.path": "Gem projektet som fil",
  "newProject.create": "Opret projekt",
  "newProject.needName": "Skriv et navn til projektet.",
  "newProject.needMunicipality": "Vælg en kommune på listen.",
  "newProject.municipalityOption": "{code} {name}",

  "path.needGpkg": "Skriv en filsti, der slutter på .gpkg.",
  "path.help": "Skriv hele stien til projektfilen, fx /home/mette/Fokus 2027.gpkg, eller vælg den med Gennemse…",

  "openProject.title": "Åbn projekt",
  "openProject.path": "Projektfil",
  "openProject.open": "Åbn",

  "saveCopy.title": "Gem en kopi",
  "saveCopy.path": "Gem kopien som",
  "saveCopy.save": "Gem kopi",
  "saveCopy.defaultName": "{name} kopi",
  "saveCopy.done": "Kopien er gemt: {path}",

  "mode.group": "Arbejdsmåde",
  "mode.view": "Vis",
  "mode.viewTitle": "Vis: se og vælg på kortet (V)",
  "mode.tick": "Afkryds",
  "mode.tickTitle": "Afkryds: klik på de gader, I har gået, cyklet eller kørt (A)",
  "mode.tickReadOnly": "Projektet er kun til læsning: der kan ikke afkrydses.",

  "visit.title": "Besøg",
  "visit.date": "Dato",
  "visit.weekday": "Ugedag",
  "visit.noWeekday": "vælg en dato",
  "visit.method": "Hvordan",
  "visit.team": "Team",
  "visit.teamPlaceholder": "valgfrit",
  "visit.time": "Tidspunkt",
  "visit.timeUnset": "ikke angivet",
  "visit.hint": "Klik på en gade for at afkrydse den. Shift+klik fjerner afkrydsningen. Esc afslutter.",
  "visit.needDate": "Vælg besøgets dato i besøgslinjen nederst, og klik på gaden igen.",

  "tick.done": "Afkrydset {street} ({length})",
  "tick.removed": "Afkrydsning fjernet: {street}",
  "tick.unnamed": "vejstykket",

  "weekday.mon": "mandag",
  "weekday.tue": "tirsdag",
  "weekday.wed": "onsdag",
  "weekday.thu": "torsdag",
  "weekday.fri": "fredag",
  "weekday.sat": "lørdag",
  "weekday.sun": "søndag",
};

export type MessageKey = keyof typeof da;
export type Messages = Record<MessageKey, string>;

const en: Messages = {
  "app.name": "Afdæk",
  "app.windowTitle": "Afdæk — {name}",
  "app.starting": "Opening…",
  "app.busy": "Working…",

  "menu.project": "Project",
  "menu.open": "Open project…",
  "menu.new": "New project…",
  "menu.recent": "Recent projects",
  "menu.recentEmpty": "None yet",
  "menu.saveCopy": "Save a copy…",

  "undo.button": "Undo",
  "undo.title": "Undo: {label}",
  "undo.none": "Nothing to undo",
  "redo.button": "Redo",
  "redo.title": "Redo: {label}",
  "redo.none": "Nothing to redo",
  "undo.readOnly": "The project is read-only",

  "history.toggle": "History",
  "history.title": "History",
  "history.empty": "No changes yet.",
  "history.who": "Who",
  "history.when": "When",
  "history.what": "What",

  "layers.title": "Layers",
  "layers.empty": "The project has no data yet.",
  "layers.row": "{label} ({count})",
  "layers.visible": "Show {label} on the map",
  "layers.opacity": "Strength of {label}",
  "layers.opacityValue": "{pct} %",

  "basemap.title": "Basemap",
  "basemap.online": "Online basemap (OpenStreetMap)",
  "basemap.hint": "Fetches map images from the internet when on. Off: Afdæk uses no network.",
  "basemap.attribution": "© OpenStreetMap contributors",

  "legend.roads.road": "Road",
  "legend.roads.path": "Path",
  "legend.coverage.recent": "Covered recently",
  "legend.coverage.earlier": "Covered earlier",
  "legend.coverage.never": "Never covered",
  "legend.buildings.dormitory": "Student dormitory",
  "legend.buildings.farmhouse": "Farmhouse",
  "legend.buildings.allotment": "Allotment-garden house",
  "legend.buildings.holiday": "Holiday home",
  "legend.buildings.institution": "Residential institution",
  "legend.buildings.dwelling": "Other dwelling",
  "legend.buildings.other": "Other building",
  "legend.partners.not_started": "Not started",
  "legend.partners.in_progress": "In progress",
  "legend.partners.done": "Done",
  "legend.focus.priority1": "Priority 1",
  "legend.focus.other": "Other focus areas",

  "map.label": "Map",
  "map.priority": "priority",
  "map.failed": "The map could not be shown: {message}",

  "inspector.title": "Selected",
  "inspector.empty": "Click something on the map to see it here.",
  "inspector.save": "Save",
  "inspector.saving": "Saving…",
  "inspector.close": "Clear selection",
  "inspector.loading": "Loading…",
  "inspector.readOnly": "Read-only: the fields cannot be changed.",

  "status.objects": "{count} objects",
  "status.noProject": "No project open",
  "status.user": "User: {initials}",

  "progress.label": "{label} {pct} %",
  "progress.running": "{label} …",
  "progress.cancel": "Cancel",

  "readOnly.default": "The project is open elsewhere and is shown read-only. Changes cannot be saved.",

  "initials.title": "Who are you?",
  "initials.text": "Type your initials so the history shows who changed what.",
  "initials.label": "Initials",
  "initials.save": "Save",
  "initials.invalid": "Type 2–6 letters, e.g. MHJ.",

  "toast.close": "Close",

  "welcome.title": "Welcome to Afdæk",
  "welcome.text": "Open a project, or start a new one for your municipality.",
  "welcome.recent": "Recent projects",
  "welcome.noRecent": "No recent projects.",

  "dialog.cancel": "Cancel",
  "dialogs.browse": "Browse…",
  "dialogs.gpkgFilter": "Afdæk project (GeoPackage)",
  "dialogs.failed": "The file chooser could not be opened ({message}). Type the path in the field instead.",

  "newProject.title": "New project",
  "newProject.name": "Name",
  "newProject.namePlaceholder": "e.g. Focus 2027",
  "newProject.municipality": "Municipality",
  "newProject.search": "Search for a municipality (name or number)",
  "newProject.noMatch": "No municipality matches the search.",
  "newProject.loading": "Loading municipalities…",
  "newProject.path": "Save the project as file",
  "newProject.create": "Create project",
  "newProject.needName": "Type a name for the project.",
  "newProject.needMunicipality": "Choose a municipality from the list.",
  "newProject.municipalityOption": "{code} {name}",

  "path.needGpkg": "Type a file path ending in .gpkg.",
  "path.help": "Type the full path of the project file, e.g. /home/mette/Focus 2027.gpkg, or choose it with Browse…",

  "openProject.title": "Open project",
  "openProject.path": "Project file",
  "openProject.open": "Open",

  "saveCopy.title": "Save a copy",
  "saveCopy.path": "Save the copy as",
  "saveCopy.save": "Save copy",
  "saveCopy.defaultName": "{name} copy",
  "saveCopy.done": "The copy is saved: {path}",

  "mode.group": "Mode",
  "mode.view": "View",
  "mode.viewTitle": "View: look and select on the map (V)",
  "mode.tick": "Tick",
  "mode.tickTitle": "Tick: click the streets you have walked, cycled or driven (A)",
  "mode.tickReadOnly": "The project is read-only: nothing can be ticked.",

  "visit.title": "Visit",
  "visit.date": "Date",
  "visit.weekday": "Weekday",
  "visit.noWeekday": "choose a date",
  "visit.method": "How",
  "visit.team": "Team",
  "visit.teamPlaceholder": "optional",
  "visit.time": "Time of day",
  "visit.timeUnset": "not given",
  "visit.hint": "Click a street to tick it. Shift+click removes the tick. Esc ends.",
  "visit.needDate": "Choose the visit's date in the visit bar at the bottom, then click the street again.",

  "tick.done": "Ticked {street} ({length})",
  "tick.removed": "Tick removed: {street}",
  "tick.unnamed": "the street stretch",

  "weekday.mon": "Monday",
  "weekday.tue": "Tuesday",
  "weekday.wed": "Wednesday",
  "weekday.thu": "Thursday",
  "weekday.fri": "Friday",
  "weekday.sat": "Saturday",
  "weekday.sun": "Sunday",
};

export const messages: Record<Lang, Messages> = { da, en };

/** The message for `key` in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = messages[app.language]?.[key] ?? da[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
