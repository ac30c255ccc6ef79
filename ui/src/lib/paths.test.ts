import { describe, expect, it } from "vitest";
import { fileNameOf, folderOf, isGpkgPath, projectPathIn, safeFileName, withExtension } from "./paths";

describe("typed paths", () => {
  it("splits folder and file name on either separator", () => {
    expect(folderOf("/home/mette/Fokus.gpkg")).toBe("/home/mette");
    expect(folderOf("C:\\Users\\mette\\Fokus.gpkg")).toBe("C:\\Users\\mette");
    expect(fileNameOf("/home/mette/Fokus.gpkg")).toBe("Fokus.gpkg");
    expect(folderOf("Fokus.gpkg")).toBe("");
  });

  it("makes a default project path from a name", () => {
    expect(projectPathIn("/home/mette/", "Fokus 2027")).toBe("/home/mette/Fokus 2027.gpkg");
    expect(projectPathIn("C:\\Users\\mette", "Øst/Vest?")).toBe("C:\\Users\\mette\\Øst Vest.gpkg");
    expect(safeFileName("  ")).toBe("projekt");
  });

  it("accepts only .gpkg files", () => {
    expect(isGpkgPath("/a/b.gpkg")).toBe(true);
    expect(isGpkgPath("/a/.gpkg")).toBe(false);
    expect(isGpkgPath("/a/b.geojson")).toBe(false);
  });

  it("an export path gets its format's ending once", () => {
    expect(withExtension("/home/mette/partnere", "geojson")).toBe("/home/mette/partnere.geojson");
    expect(withExtension(" /home/mette/partnere.GeoJSON ", "geojson")).toBe("/home/mette/partnere.GeoJSON");
    expect(withExtension("", "csv")).toBe("");
  });
});
