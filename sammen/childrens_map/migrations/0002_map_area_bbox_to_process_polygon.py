"""Data: each Barnetråkk bounding box becomes its process's map area, a polygon of the box's
four corners (the process keeps a polygon it already has)."""

from django.db import migrations


def bbox_to_polygon(apps, schema_editor):
    MapArea = apps.get_model("childrens_map", "MapArea")
    Process = apps.get_model("processes", "Process")
    for area in MapArea.objects.all():
        process = Process.objects.get(pk=area.process_id)
        if process.area_polygon:
            continue
        s, w, n, e = area.south, area.west, area.north, area.east
        process.area_polygon = {
            "type": "Polygon",
            "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]],
        }
        process.save(update_fields=["area_polygon"])


def polygon_to_bbox(apps, schema_editor):
    MapArea = apps.get_model("childrens_map", "MapArea")
    Process = apps.get_model("processes", "Process")
    for area in MapArea.objects.all():
        process = Process.objects.get(pk=area.process_id)
        ring = (process.area_polygon or {}).get("coordinates", [[]])[0]
        if not ring:
            continue
        area.south = min(lat for _lon, lat in ring)
        area.north = max(lat for _lon, lat in ring)
        area.west = min(lon for lon, _lat in ring)
        area.east = max(lon for lon, _lat in ring)
        area.save(update_fields=["south", "west", "north", "east"])


class Migration(migrations.Migration):
    dependencies = [
        ("childrens_map", "0001_initial"),
        ("processes", "0006_process_area_polygon"),
    ]

    operations = [migrations.RunPython(bbox_to_polygon, polygon_to_bbox)]
