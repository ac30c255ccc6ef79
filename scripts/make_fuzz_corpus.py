#!/usr/bin/env python3
"""Seed corpus for the fuzz targets (crates/core/src/fuzz.rs), small pieces of
the repo's public sample data (data/) and of a demo project. Run from the
repository root after `afdaek demo data/demo.gpkg`; writes fuzz/corpus/<target>/.
"""
import io, json, os, sqlite3, subprocess, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "corpus")


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def main():
    roads = json.load(open(os.path.join(ROOT, "data/odense/vejmidte_0461_odense.geojson")))
    small = dict(roads, features=roads["features"][:3])
    put("geojson", "vejmidte3.geojson", json.dumps(small, ensure_ascii=False))
    pois = json.load(open(os.path.join(ROOT, "data/osm/osm_poi_odense_2019.geojson")))
    put("geojson", "osm_poi3.geojson", json.dumps(dict(pois, features=pois["features"][:3]), ensure_ascii=False))
    put("geojson", "polygon.geojson", json.dumps({"type": "Feature", "properties": {"name": "Område", "housing_types": "social_housing"},
        "geometry": {"type": "Polygon", "coordinates": [[[10.38, 55.39], [10.39, 55.39], [10.39, 55.40], [10.38, 55.39]]]}}))
    bbr = json.load(open(os.path.join(ROOT, "data/odense/bbr_bygning_0461_odense.json")))
    put("bbr", "bygning3.json", json.dumps(bbr[:3], ensure_ascii=False, indent=0))
    gpx = """<?xml version="1.0"?><gpx version="1.1" creator="afdaek" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>tur</name><trkseg>
<trkpt lat="55.3992" lon="10.3800"><time>2026-11-20T10:00:00Z</time></trkpt>
<trkpt lat="55.3995" lon="10.3810"><time>2026-11-20T10:00:10Z</time></trkpt>
<trkpt lat="55.3999" lon="10.3821"><time>2026-11-20T10:00:20Z</time></trkpt></trkseg></trk>
<wpt lat="55.4" lon="10.38"><name>Torvet</name></wpt></gpx>"""
    put("gpx", "tur.gpx", gpx)
    kml = """<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder><name>Steder</name>
<Placemark><name>Bænken ved søen</name><Point><coordinates>10.38,55.39,0</coordinates></Point></Placemark>
<Placemark><name>Område</name><Polygon><outerBoundaryIs><LinearRing><coordinates>10.38,55.39 10.39,55.39 10.39,55.40 10.38,55.39</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
</Folder></Document></kml>"""
    put("kml", "steder.kml", kml)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("doc.kml", kml)
    put("kmz", "steder.kmz", buf.getvalue())
    put("csv", "steder.csv", "name,lat,lon,place_type\nTorvet,55.3959,10.3883,bench_square\nBiblioteket,55.4010,10.3855,library\n")
    put("csv", "wkt.csv", "name;wkt\nStien;\"LINESTRING (10.38 55.39, 10.39 55.40)\"\n")
    osm = """<?xml version="1.0" encoding="UTF-8"?><osm version="0.6" generator="afdaek">
<node id="1" lat="55.3990" lon="10.3800"/><node id="2" lat="55.3995" lon="10.3810"/>
<node id="3" lat="55.3996" lon="10.3815"><tag k="amenity" v="library"/><tag k="name" v="Biblioteket"/></node>
<way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="residential"/><tag k="name" v="Klostervej"/><tag k="oneway" v="yes"/></way>
</osm>"""
    put("osm_xml", "lille.osm", osm)
    tmp = "/tmp/afdaek-corpus.osm"
    open(tmp, "w").write(osm)
    subprocess.run(["osmium", "cat", "-O", "-o", "/tmp/afdaek-corpus.osm.pbf", tmp], check=True)
    put("osm_pbf", "lille.osm.pbf", open("/tmp/afdaek-corpus.osm.pbf", "rb").read())
    for t in ["geojson", "bbr", "gpx", "kml", "csv", "osm_xml"]:
        for name in os.listdir(os.path.join(OUT, t)):
            put("detect", f"{t}-{name}", open(os.path.join(OUT, t, name), "rb").read())
    demo = sqlite3.connect(os.path.join(ROOT, "data/demo.gpkg"))
    for table in ["roads", "partners", "focus_areas", "buildings"]:
        (blob,) = demo.execute(f"SELECT geom FROM {table} WHERE geom IS NOT NULL LIMIT 1").fetchone()
        put("gpkg_geometry", f"{table}.bin", bytes(blob))
    rows = demo.execute("SELECT before FROM afdaek_history_row WHERE before IS NOT NULL AND length(before) < 4000 LIMIT 3").fetchall()
    for i, (b,) in enumerate(rows):
        put("history_row", f"row{i}.json", b)
    put("history_row", "blob.json", '{"fid":1,"geom":{"$blob":"47500003e864000001010000000000000000"},"name":"x"}')
    # The smallest project file: a new empty project, vacuumed.
    small = "/tmp/afdaek-corpus.gpkg"
    if os.path.exists(small):
        os.remove(small)
    subprocess.run([os.path.join(ROOT, "target/debug/afdaek"), "new", small, "--name", "Frø"], check=True, capture_output=True)
    c = sqlite3.connect(small)
    c.execute("PRAGMA journal_mode=DELETE")
    c.execute("VACUUM")
    c.close()
    put("gpkg_open", "tom.gpkg", open(small, "rb").read())


main()
